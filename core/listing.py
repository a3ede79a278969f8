"""Filtered, paginated listings shared by the catalogue index pages and the search page."""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

PAGE_SIZE = 12


def url_without(params, name, value=None):
    """The query string of `params` without one value of `name` (or all of it), page reset."""
    remaining = params.copy()
    if value is None:
        remaining.pop(name, None)
    else:
        kept = [v for v in params.getlist(name) if v.upper() != str(value).upper()]
        remaining.setlist(name, kept)
    remaining.pop("page", None)
    return "?" + remaining.urlencode()


class ListingFilterForm(forms.Form):
    """GET filters: unknown values are reported, never a server error.

    `items` is the unfiltered queryset, for forms whose choices depend on the content.
    """

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, queryset):
        raise NotImplementedError

    @property
    def active_filters(self):
        """Chips above the results: each names a filter and links to the listing without it."""
        chips = []
        if not self.is_bound or not self.is_valid():
            return chips
        for name, field in self.fields.items():
            labels = dict(field.choices)
            for value in self.cleaned_data.get(name) or []:
                chips.append(
                    {
                        "field": field.label,
                        "label": labels.get(value, value),
                        "remove_url": url_without(self.data, name, value),
                    }
                )
        return chips


def paginate(request, queryset, per_page=PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)

"""Filtered, paginated listings shared by the catalogue index pages and the search page."""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

import django_filters

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


class ListingFilterSet(django_filters.FilterSet):
    """GET filters of a listing: values not understood are ignored and reported.

    Subclasses whose choices depend on the content set them in `set_choices`.
    """

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.set_choices(queryset)

    def set_choices(self, queryset):
        pass

    def choose(self, name, choices):
        self.filters[name].extra["choices"] = choices

    def chosen(self):
        """{filter name: its understood values}; invalid values are left out."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    @cached_property
    def facet_groups(self):
        """[(name, label, values)] in the search page's shape (components/filters.html).

        Each value is counted with every other filter applied but not its own, so a count
        says how many results ticking it would add; values of one filter OR together.
        Values without a result are left out unless they are chosen (to untick them).
        """
        chosen = self.chosen()
        groups = []
        for name, field in self.form.fields.items():
            others = self.queryset.all()
            for other, values in chosen.items():
                if other != name:
                    others = self.filters[other].filter(others, values)
            selected = {str(v) for v in chosen.get(name, [])}
            values = []
            for value, label in field.choices:
                count = self.filters[name].filter(others, [value]).distinct().count()
                if count or str(value) in selected:
                    values.append(
                        {
                            "value": value,
                            "label": label,
                            "count": count,
                            "selected": str(value) in selected,
                        }
                    )
            groups.append((name, field.label, values))
        return groups

    @property
    def active_count(self):
        return sum(len(values) for values in self.chosen().values())

    @property
    def active_filters(self):
        """Chips above the results: each names a filter and links to the listing without it."""
        if not self.is_bound:
            return []
        self.form.is_valid()
        chips = []
        for name, field in self.form.fields.items():
            labels = dict(field.choices)
            for value in self.form.cleaned_data.get(name) or []:
                chips.append(
                    {
                        "field": field.label,
                        "label": labels.get(value, value),
                        "remove_url": url_without(self.data, name, value),
                    }
                )
        return chips


def checkbox_filter(label, **kwargs):
    """A multiple-choice filter rendered as checkboxes; values OR together."""
    return django_filters.MultipleChoiceFilter(
        label=label, widget=forms.CheckboxSelectMultiple, **kwargs
    )


def paginate(request, queryset, per_page=PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)

"""Language helpers shared by templates, the sitemap and the search index.

modeltranslation resolves `page.title` to the active language with the fallback chain
fr -> en -> es; these helpers say *which* language a value actually came from, so a
page shown in a fallback language can say so and carry the right `lang` attribute.
"""

from functools import lru_cache

from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def language_name(code):
    """A language's name in that language, capitalised: "Français", "English", "Español"."""
    name = get_language_info(code)["name_local"]
    return name[:1].upper() + name[1:]


def fallback_chain(language=None):
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return list(_chain(language, tuple(settings.MODELTRANSLATION_FALLBACK_LANGUAGES)))


@lru_cache(maxsize=32)
def _chain(language, fallbacks):
    # Asked for twice per search result: computed once per language.
    return (language, *(code for code in fallbacks if code != language))


def value_language(obj, field, language=None):
    """The language whose value of a translated `field` is shown in `language`."""
    for code in fallback_chain(language):
        value = getattr(obj, f"{field}_{code}", None)
        if value not in (None, "") and not _is_empty_stream(value):
            return code
    return None


def has_translation(obj, field, language):
    return has_text(getattr(obj, f"{field}_{language}", None))


def has_text(value):
    """Whether a translated value holds something: not None, "" or an empty stream."""
    return value not in (None, "") and not _is_empty_stream(value)


def _is_empty_stream(value):
    return hasattr(value, "raw_data") and len(value) == 0


def alternate_urls(request, page=None):
    """Return [(code, url)] for the current page in every language, query string kept."""
    query = request.GET.urlencode() if request is not None else ""
    urls = []
    for code in LANGUAGE_CODES:
        if page is not None:
            with translation.override(code):
                url = page.get_url(request=request)
            if url and query:
                url = f"{url}?{query}"
        else:
            url = translate_url(request.get_full_path(), code)
        urls.append((code, url))
    return urls


def language_first(queryset, field, language=None):
    """`queryset` with the rows that have `field` in `language` first, order otherwise kept.

    Listings and the home page put first what the visitor can read in their language;
    pages shown in a fallback language come after, each group in its usual order.
    """
    column = f"{field}_{language or translation.get_language() or settings.LANGUAGE_CODE}"
    written = ~Q(**{column: ""}) & Q(**{f"{column}__isnull": False})
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    return queryset.annotate(
        in_language=Case(
            When(written, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("in_language", *ordering)

"""Is a catalogue page translated? One rule, for the admin listings, the "Translations to
do" report, the dashboard panel and the search API.

The fields that count are the type's `translation_fields` in the registry (a partner's
name is not translated: only its description counts). A page may be written in any
language first (a partner writes in hers), so its text in every language is the
reference:

- a page is *missing* in a language when its main field (the one that says the page is
  written in a language: `BasePage.translation_field`, the title, or a partner's
  description) has no text in it;
- *complete* when every required field, and every field that has text in some
  language, has text in it;
- *partial* otherwise: a section written in Spanish alone leaves the French and English
  versions partial.
"""

import functools
from types import SimpleNamespace

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.i18n import LANGUAGE_CODES, has_translation

from . import registry

COMPLETE, PARTIAL, MISSING = "complete", "partial", "missing"
STATUSES = (COMPLETE, PARTIAL, MISSING)
STATUS_LABELS = {COMPLETE: _("complete"), PARTIAL: _("partial"), MISSING: _("missing")}


@functools.cache
def fields_of(catalogue_type):
    """(main field, every counted field, the required ones) of a catalogue page type."""
    model = catalogue_type.model
    fields = tuple(catalogue_type.translation_fields)
    main = getattr(model, "translation_field", None)
    if main not in fields:
        main = fields[0]
    # The original field's definition says whether text is required.
    required = tuple(name for name in fields if not model._meta.get_field(name).blank)
    return main, fields, required


def status_of(values, catalogue_type, language):
    """The status of a page given its translated values (any object with `<field>_<lang>`)."""
    main, _fields, _required = fields_of(catalogue_type)
    if not has_translation(values, main, language):
        return MISSING
    return PARTIAL if to_translate(values, catalogue_type, language) else COMPLETE


def to_translate(values, catalogue_type, language):
    """The fields that count and have no text in `language`: the required ones and those
    written in another language, in the type's order."""
    _main, fields, required = fields_of(catalogue_type)
    return [
        name
        for name in fields
        if not has_translation(values, name, language)
        and (
            name in required or any(has_translation(values, name, code) for code in LANGUAGE_CODES)
        )
    ]


def fields_to_translate(pages):
    """{page id: {language: [field labels]}} for `pages` (of any catalogue types), for
    the languages they are written in: reads only the columns that count, once per type."""
    by_model = {}
    for page in pages:
        model = page.specific_class if hasattr(page, "specific_class") else type(page)
        by_model.setdefault(model, []).append(page.pk)
    result = {}
    for model, ids in by_model.items():
        catalogue_type = registry.for_model(model)
        if catalogue_type is None or not catalogue_type.translation_fields:
            continue
        for pk, values in _counted_values(model.objects.filter(pk__in=ids), catalogue_type):
            result[pk] = _labels(values, catalogue_type)
    return result


def _counted_values(queryset, catalogue_type):
    """(page id, its values of the fields that count) for each page, read as one row."""
    _main, fields, _required = fields_of(catalogue_type)
    columns = [f"{name}_{code}" for name in fields for code in LANGUAGE_CODES]
    for row in queryset.values("pk", *columns):
        yield row["pk"], SimpleNamespace(**row)


def _labels(values, catalogue_type):
    main, _fields, _required = fields_of(catalogue_type)
    meta = catalogue_type.model._meta
    return {
        code: [
            capfirst(meta.get_field(name).verbose_name)
            for name in to_translate(values, catalogue_type, code)
        ]
        for code in LANGUAGE_CODES
        if has_translation(values, main, code)
    }


def _type_of(page):
    model = page.specific_class if hasattr(page, "specific_class") else type(page)
    catalogue_type = registry.for_model(model)
    if catalogue_type is None or not catalogue_type.translation_fields:
        raise ValueError(f"{model.__name__} is not a translated catalogue page type")
    return catalogue_type


def translation_status(page, language):
    """ "complete", "partial" or "missing": is `page` translated into `language`?"""
    catalogue_type = _type_of(page)
    if not isinstance(page, catalogue_type.model):
        page = page.specific
    return status_of(page, catalogue_type, language)


def translation_statuses(page):
    """{language: status} for every site language, French first."""
    catalogue_type = _type_of(page)
    if not isinstance(page, catalogue_type.model):
        page = page.specific
    return {code: status_of(page, catalogue_type, code) for code in LANGUAGE_CODES}


def translation_missing(page):
    """{language: [labels of the fields still to translate]} for the languages `page` is
    written in, read from the page itself."""
    catalogue_type = _type_of(page)
    if not isinstance(page, catalogue_type.model):
        page = page.specific
    return _labels(page, catalogue_type)


def statuses_by_page(queryset, catalogue_type, languages=None):
    """{page id: {language: status}} for a queryset of one type, reading only the columns
    that count."""
    languages = list(languages or LANGUAGE_CODES)
    return {
        pk: {code: status_of(values, catalogue_type, code) for code in languages}
        for pk, values in _counted_values(queryset, catalogue_type)
    }


def filter_by_status(queryset, catalogue_type, language, status):
    """The pages of `queryset` (one type) whose translation into `language` has `status`."""
    statuses = statuses_by_page(queryset, catalogue_type, [language])
    return queryset.filter(pk__in=[pk for pk, s in statuses.items() if s[language] == status])


def language_name(code):
    return dict(settings.LANGUAGES)[code]

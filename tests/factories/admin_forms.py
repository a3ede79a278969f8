"""Admin form POST data, built with Wagtail's form_data helpers (no HTML scraping).

`page_form(values)` turns explicit field values into what the page editor posts;
`edit_form(page, **changes)` is what an editor's browser posts when they change
`changes` and leave the rest of the page as it is: every field of the page's admin form
at its current value. StreamFields and inline panels are drawn by JavaScript in the
browser; their data is built with `streamfield()` and `inline_formset()`.
"""

from django.db import models

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import get_edit_handler
from wagtail.blocks import StructValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from django_countries.fields import CountryField

from core.i18n import LANGUAGE_CODES

__all__ = [
    "edit_form",
    "inline_formset",
    "page_form",
    "rich_text",
    "streamfield",
    "translated_streams",
]


def page_form(values, publish=True):
    """POST data for a page form from nested `values` (see nested_form_data).

    A list or tuple value is a multiple choice (themes, countries, ...), posted as repeated
    keys, not flattened into `name-0`, `name-1` like nested structures. The page's
    comments formset is posted empty, as the editor sends it when nobody commented.
    """
    return _post_data({"comments": inline_formset([]), **values}, publish)


def _post_data(values, publish):
    multiple = {
        name: [str(item) for item in value]
        for name, value in values.items()
        if isinstance(value, (list, tuple))
    }
    data = nested_form_data({k: v for k, v in values.items() if k not in multiple})
    data.update(multiple)
    if publish:
        data["action-publish"] = "action-publish"
    return data


def translated_streams(name, blocks_by_language):
    """A translated StreamField: `{f"{name}_{code}": streamfield(...)}` for EVERY language.

    The admin expects `<field>_<lang>-count` for each language; a language left out would
    make the form invalid, not "unchanged"."""
    return {
        f"{name}_{code}": streamfield(blocks_by_language.get(code, [])) for code in LANGUAGE_CODES
    }


def edit_form(page, publish=True, **changes):
    """What the browser posts when an editor changes `changes` and saves `page` (a page,
    or any object edited through panels, such as the site settings: `publish=False`)."""
    if isinstance(page, Page):
        # The page's own edit handler: the admin's, with the comments formset.
        page = page.specific
        form_class = page.get_edit_handler().get_form_class()
    else:
        form_class = get_edit_handler(type(page)).get_form_class()
    values = {}
    for name in form_class.base_fields:
        if name in changes:
            continue
        value = _field_value(page, name)
        if value is not None:
            values[name] = value
    for name in form_class.formsets:
        if name in changes:
            continue
        if name == "comments":
            values[name] = inline_formset([])
            continue
        links = list(getattr(page, name).all())
        rows = [_inline_row(link) for link in links]
        values[name] = inline_formset(rows, initial=len(rows))
    values.update(changes)
    return _post_data(values, publish)


def _field_value(page, name):
    try:
        field = page._meta.get_field(name)
    except Exception:
        return None  # a form-only field (comment_notifications): unchecked
    value = getattr(page, name)
    if isinstance(field, StreamField):
        return streamfield([(block.block_type, _block_value(block.value)) for block in value])
    if isinstance(field, RichTextField):
        # An empty editor is left out: the field is then saved empty.
        return rich_text(value) if value else None
    if isinstance(field, (ParentalManyToManyField, models.ManyToManyField)):
        return [item.pk for item in value.all()]
    if isinstance(field, CountryField):
        return [country.code for country in value] if field.multiple else value.code or ""
    if isinstance(field, models.ForeignKey):
        return getattr(page, field.attname) or ""
    if isinstance(field, models.BooleanField):
        return "on" if value else None  # an unchecked box is not posted
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _inline_row(obj):
    """An inline panel's row (e.g. a project's partner link); its order is its position."""
    row = {"id": obj.pk}
    for field in obj._meta.concrete_fields:
        # The ParentalKey to the page is the formset's own, not a posted field.
        if isinstance(field, models.ForeignKey) and not isinstance(field, ParentalKey):
            row[field.name] = getattr(obj, field.attname)
    return row


def _block_value(value):
    if isinstance(value, StructValue):
        return {key: _block_value(item) for key, item in value.items()}
    if isinstance(value, RichText):
        return rich_text(value.source)
    if isinstance(value, models.Model):  # a chosen page, document or image
        return value.pk
    return "" if value is None else str(value)

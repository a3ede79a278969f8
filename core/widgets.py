"""Searchable selects for the admin: countries, partners, projects.

A plain <select> (what the form posts does not change, and it works without
JavaScript) that Tom Select (tom-select 2.6, Apache-2.0, shipped in
core/static/core/vendor/, no CDN) turns into a combobox: type to filter, arrow keys to
move, Enter to choose, Backspace to remove the last choice; options keep their labels
for screen readers.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.staticfiles import versioned_static

VENDOR = "core/vendor/tom-select/"


class SearchableSelectMixin:
    def __init__(self, attrs=None, *args, **kwargs):
        # Tom Select's own text is English only: what it says is given in the editor's
        # language.
        attrs = {
            **(attrs or {}),
            "data-searchable-select": "",
            "data-no-results": _("No results found"),
        }
        super().__init__(attrs, *args, **kwargs)

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    versioned_static(f"{VENDOR}tom-select.min.css"),
                    versioned_static("core/admin/searchable-select.css"),
                ]
            },
            js=[
                versioned_static(f"{VENDOR}tom-select.complete.min.js"),
                versioned_static("core/admin/searchable-select.js"),
            ],
        )


class SearchableSelect(SearchableSelectMixin, forms.Select):
    pass


class SearchableSelectMultiple(SearchableSelectMixin, forms.SelectMultiple):
    pass


# A line break written without its slash, as the catalogue import's Markdown wrote it
# before 2026-12.
UNCLOSED_BR = re.compile(r"<br\s*>", re.IGNORECASE)


class RichTextArea(DraftailRichTextArea):
    """Wagtail's rich text editor (WAGTAILADMIN_RICH_TEXT_EDITORS), reading `<br>` as
    `<br/>`: Wagtail's converter takes an unclosed `<br>` for an element never closed
    and refused to open the page ("Unmatched tags: expected br, got p")."""

    def format_value(self, value):
        if isinstance(value, str):
            value = UNCLOSED_BR.sub("<br/>", value)
        return super().format_value(value)

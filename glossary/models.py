"""The trilingual glossary of the field: one concept per row, its words in fr, en and es.

Search expands a query with it (glossary.expansion), the public page lists it, and it
travels with the catalogue as the sheet `glossary`.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from catalogue import columns as c
from core.i18n import LANGUAGE_CODES, language_name

SYNONYM_SEPARATOR = ";"


def split_synonyms(text):
    return [item.strip() for item in (text or "").split(SYNONYM_SEPARATOR) if item.strip()]


class GlossaryTerm(models.Model):
    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_("Stable identifier used by imports, e.g. worker-buyout."),
    )
    term = models.CharField(
        _("preferred term"), max_length=120, help_text=_("The usual name of the concept.")
    )
    synonyms = models.TextField(
        _("synonyms"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Other words people use for it, everyday ones included, separated by semicolons "
            "(;). A search for any of them also finds the other terms of the concept, in "
            "every language."
        ),
    )
    definition = models.TextField(
        _("short definition"), blank=True, max_length=400, help_text=_("One or two sentences.")
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    # One group per language, each with its term, synonyms and definition.
    panels = [
        FieldPanel("key"),
        *(
            MultiFieldPanel(
                [
                    FieldPanel(f"term_{code}"),
                    FieldPanel(f"synonyms_{code}", widget=forms.Textarea(attrs={"rows": 3})),
                    FieldPanel(f"definition_{code}", widget=forms.Textarea(attrs={"rows": 2})),
                ],
                heading=language_name(code),
            )
            for code in LANGUAGE_CODES
        ),
    ]

    class Meta:
        ordering = ["key"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self):
        return self.term or self.key

    def terms(self, code):
        """The preferred term then the synonyms, in one language."""
        preferred = getattr(self, f"term_{code}") or ""
        return [
            t for t in [preferred.strip(), *split_synonyms(getattr(self, f"synonyms_{code}"))] if t
        ]

    @classmethod
    def catalogue_columns(cls):
        return [
            c.SlugColumn("key", required=True),
            c.TranslatedColumn(c.TextColumn("term", required=True, max_length=120)),
            c.TranslatedColumn(c.TextColumn("synonyms", max_length=1000)),
            c.TranslatedColumn(c.TextColumn("definition", max_length=400)),
        ]

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from .i18n import value_language


class BasePage(Page):
    """Shared behaviour for every public page type.

    Subclasses set `template` under templates/pages/ and their own parent/subpage rules.
    """

    # The field whose presence in a language means "this page is written in it".
    translation_field = "title"

    class Meta:
        abstract = True

    @property
    def content_language(self):
        return value_language(self, self.translation_field)

    def get_meta_description(self):
        return self.search_description

    def get_sitemap_urls(self, request=None):
        # The sitemap is built by core.sitemaps, one entry per language.
        return []


class PageRefMixin(models.Model):
    """A stable, editable key for pages that the catalogue import/export matches on."""

    ref = models.SlugField(
        _("reference"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Stable key used by spreadsheet import and export; filled automatically."),
    )

    class Meta:
        abstract = True

    ref_prefix = "page"

    def save(self, *args, **kwargs):
        if not self.ref:
            self.ref = self.generate_ref()
        super().save(*args, **kwargs)

    def generate_ref(self):
        from django.utils.text import slugify

        base = slugify(self.slug_fr or self.title_fr or self.ref_prefix)[:70] or self.ref_prefix
        candidate, n = base, 1
        model = type(self)
        while model.objects.filter(ref=candidate).exclude(pk=self.pk).exists():
            n += 1
            candidate = f"{base}-{n}"
        return candidate

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from .i18n import LANGUAGE_CODES, value_language


class BasePage(Page):
    """Shared behaviour for every public page type.

    Subclasses set `template` under templates/pages/ and their own parent/subpage rules.
    """

    # The field whose presence in a language means "this page is written in it".
    translation_field = "title"

    # Wagtail's database search (the admin's, and the catalogue's fallback) reads every
    # language through search_text; indexing the translated columns one by one would
    # store an empty translation as the word "None".
    search_fields = Page.search_fields + [index.SearchField("search_text")]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.__dict__.pop("_search_text", None)
        return super().save(*args, **kwargs)

    def search_text(self):
        # The search backend asks once per indexed column (title, body, autocomplete);
        # compute once per save.
        if "_search_text" not in self.__dict__:
            self.__dict__["_search_text"] = self._build_search_text()
        return self.__dict__["_search_text"]

    def _build_search_text(self):
        from modeltranslation.translator import translator

        from .documents import paragraphs_html, plain

        parts = []
        for field in translator.get_options_for_model(type(self)).fields:
            if field in {"slug", "url_path"}:
                continue
            for code in LANGUAGE_CODES:
                value = getattr(self, f"{field}_{code}", None)
                if hasattr(value, "raw_data"):
                    value = paragraphs_html(value)
                if value:
                    parts.append(plain(value))
        parts.extend(self.related_search_text())
        return "\n".join(parts)

    def related_search_text(self):
        """Names of related objects that should find this page (themes, partners...)."""
        return []

    @property
    def content_language(self):
        """The language the page's main text is shown in (the visitor's if it has none)."""
        return value_language(self, self.translation_field) or translation.get_language()

    # Translated fields that are not shown as the page's content.
    META_FIELDS = {"slug", "url_path", "seo_title", "search_description"}
    # Fields written once for every language (a partner's name, say).
    shared_fields = set()

    @property
    def partly_shown_in(self):
        """Other languages some visible text of this page falls back to, in display order."""
        from django.utils import translation

        from modeltranslation.translator import translator

        current = translation.get_language()
        shown_in = []
        for field in translator.get_options_for_model(type(self)).fields:
            if field in self.META_FIELDS or field in self.shared_fields:
                continue
            code = value_language(self, field)
            if code and code != current and code not in shown_in:
                shown_in.append(code)
        return shown_in

    def get_meta_description(self):
        return self.search_description


class CatalogueIndexPage(BasePage):
    """The listing of one catalogue type: GET filters (no JavaScript needed), pagination."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1
    # Wagtail gives each page class a default template unless the class names one.
    listing_template = "pages/catalogue_index_page.html"

    # Set by each index: the child page model, its filter form and card template, and
    # the texts that name its results.
    listing_model = None
    filter_form_class = None
    card_template = None
    empty_message = None

    class Meta:
        abstract = True

    def listing_queryset(self):
        return self.listing_model.objects.child_of(self).live().public()

    def order_results(self, queryset):
        return queryset

    def results_heading(self, count):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        from .listing import paginate

        context = super().get_context(request, *args, **kwargs)
        items = self.listing_queryset()
        form = self.filter_form_class(request.GET or None, items=items)
        results = self.order_results(form.filter(items) if form.is_valid() else items)
        results_page = paginate(request, results)
        context.update(
            filter_form=form,
            results_page=results_page,
            results_heading=self.results_heading(results_page.paginator.count),
        )
        return context


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
    # A copy is another page: it gets its own ref (generated on save), not a duplicate key.
    exclude_fields_in_copy = ["ref"]

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

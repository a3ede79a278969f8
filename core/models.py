from django.conf import settings
from django.http import Http404
from django.utils import translation

from modeltranslation.translator import translator
from wagtail.models import Page
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from .forms import BasePageForm
from .i18n import LANGUAGE_CODES, fallback_chain, has_translation, language_name, value_language
from .panels import language_tabs
from .slugs import clashing_siblings, fill_slugs
from .text import paragraphs_html, plain
from .visibility import public_pages


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

    base_form_class = BasePageForm
    # Who sees and changes the promote fields but the address (core.panels.restricted):
    # None, everyone who may edit the page.
    promote_permission = None

    class Meta:
        abstract = True

    @cached_classmethod
    def get_edit_handler(cls):
        # One tab per language (core.panels), built from the panels as
        # wagtail_modeltranslation expanded them.
        return language_tabs(cls).bind_to_model(cls)

    def full_clean(self, *args, **kwargs):
        # Wagtail cleans before every save and revision; by then a new page has its place
        # in the tree, so its slugs can be made unique among its siblings.
        if self.path and self.depth > 1:
            fill_slugs(self, self.get_parent(), fallback=getattr(self, "ref", None))
        return super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # Wagtail's cleaning of a draft reads `title` and writes it back: a title left
        # empty in the active language read as another language's (modeltranslation's
        # fallback) and was saved as this language's. Only its checks are kept.
        titles = {code: getattr(self, f"title_{code}") for code in LANGUAGE_CODES}
        try:
            with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
                return super().minimal_clean()
        finally:
            for code, title in titles.items():
                setattr(self, f"title_{code}", title)

    def get_siblings(self, inclusive=True):
        # See core.slugs.slug_checks_on_clashing_siblings (the catalogue import).
        return clashing_siblings(self, super().get_siblings(inclusive))

    def save(self, *args, **kwargs):
        self.__dict__.pop("_search_text", None)
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        # Wagtail names a revision, and the page in the admin's lists, review emails and
        # history (its draft title), by `title` in the language of whoever saved it: a
        # sheet saved from the Spanish admin showed its Spanish title to the French
        # team. French, the source language every page has, names pages in the admin.
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            return super().save_revision(*args, **kwargs)

    def search_text(self):
        # The search backend asks once per indexed column (title, body, autocomplete);
        # compute once per save.
        if "_search_text" not in self.__dict__:
            self.__dict__["_search_text"] = self._build_search_text()
        return self.__dict__["_search_text"]

    def _build_search_text(self):
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

    @classmethod
    def visible_translated_fields(cls):
        """The translated fields shown as the page's content, written per language."""
        return [
            field
            for field in translator.get_options_for_model(cls).fields
            if field not in cls.META_FIELDS and field not in cls.shared_fields
        ]

    @property
    def partly_shown_in(self):
        """Other languages some visible text of this page falls back to, in display order."""
        current = translation.get_language()
        shown_in = []
        for field in self.visible_translated_fields():
            code = value_language(self, field)
            if code and code != current and code not in shown_in:
                shown_in.append(code)
        return shown_in

    def written_in(self, language):
        return any(has_translation(self, f, language) for f in self.visible_translated_fields())

    def get_meta_description(self):
        return self.search_description

    # Sharing card and structured data (core.og_image, core_tags.structured_data).
    def og_kind(self):
        """What the page is, above its title on the sharing card ("" for editorial pages)."""
        return ""

    def og_labels(self):
        """Short labels along the bottom of the sharing card (a sheet's themes...)."""
        return []

    def structured_data(self, request):
        """A schema.org object describing the page (JSON-LD), or None."""
        return None

    # Preview: one mode per language, named in that language, so an editor sees the draft
    # as a visitor of that language does (fallback notice included).
    @property
    def preview_modes(self):
        return [(code, language_name(code)) for code in LANGUAGE_CODES]

    @property
    def default_preview_mode(self):
        """The editor's language (the admin's, active here) if the page is written in it,
        else the first it is written in: the review preview on the dashboard has no choice
        of language, and a reviewer opening a partner's sheet written in Spanish only
        should read it as written, not as a French page that says it is in Spanish."""
        editor = translation.get_language()
        for code in (editor, *fallback_chain(settings.LANGUAGE_CODE)):
            if code in LANGUAGE_CODES and self.written_in(code):
                return code
        return settings.LANGUAGE_CODE

    def serve_preview(self, request, mode_name):
        code = mode_name if mode_name in LANGUAGE_CODES else settings.LANGUAGE_CODE
        with translation.override(code):
            request.LANGUAGE_CODE = code
            response = super().serve_preview(request, mode_name)
            # A TemplateResponse renders lazily: render it while the language is active.
            if hasattr(response, "render"):
                response.render()
        return response

    def serve(self, request, *args, **kwargs):
        # Wagtail's routing only checks that the page itself is live; a page under an
        # unpublished one is not public either (core.visibility).
        if self.depth > 2 and not public_pages(Page.objects.filter(pk=self.pk)).exists():
            raise Http404
        return super().serve(request, *args, **kwargs)

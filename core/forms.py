"""The admin form every page type uses (BasePage.base_form_class)."""

from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm

from .i18n import LANGUAGE_CODES, has_text
from .panels import written_fields
from .slugs import answering, fill_slugs

# wagtail-modeltranslation's refusal of a slug a sibling has, written in the slug's
# language (it is made inside `translation.override(code)`) and translated in none.
SLUG_IN_USE = "This slug is already in use"


class BasePageForm(WagtailAdminPageForm):
    """Slugs are made on the server from each language's title (core.slugs) when left
    empty, so no slug field is required; an editor's own slug is kept.

    A page is written in one language at least, whichever: each field its type requires
    (a title, a summary) is required in one language, not in French (`check_written`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.written = [
            name
            for name in written_fields(self._meta.model)
            if all(f"{name}_{code}" in self.fields for code in LANGUAGE_CODES)
        ]
        for code in LANGUAGE_CODES:
            for name in ["slug", *self.written]:
                field = self.fields.get(f"{name}_{code}")
                if field is not None:
                    field.required = False
        # Wagtail's title placeholder says "required" ("Page title*") in every language's
        # tab; a title in one of them is enough (check_written).
        for code in LANGUAGE_CODES:
            field = self.fields.get(f"title_{code}")
            if field is not None and not field.required:
                field.widget.attrs["placeholder"] = _("Page title")
        # A required field written once for every language (a partner's name) is kept
        # in the default language's column, and required there.
        model = self._meta.model
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        for name in getattr(model, "shared_fields", ()):
            field = self.fields.get(f"{name}_{default}")
            if field is not None and not model._meta.get_field(name).blank:
                field.required = True

    def clean(self):
        data = self.cleaned_data
        if self.parent_page is not None and all(
            f"slug_{code}" in data and f"title_{code}" in data for code in LANGUAGE_CODES
        ):
            page = SimpleNamespace(
                pk=self.instance.pk,
                **{f"title_{code}": data[f"title_{code}"] for code in LANGUAGE_CODES},
                **{f"slug_{code}": data[f"slug_{code}"] for code in LANGUAGE_CODES},
            )
            fill_slugs(page, self.parent_page, fallback=getattr(self.instance, "ref", None))
            for code in LANGUAGE_CODES:
                data[f"slug_{code}"] = getattr(page, f"slug_{code}")
        self.check_written()
        return super().clean()

    def check_written(self):
        """Refuse a page that has some required field in no language (a draft: its
        title, as Wagtail requires of drafts), as the importer does, with the errors in
        the language the editor started in: hers if she wrote in it, else the first one
        written, else hers."""
        names = self.written
        if self.is_deferred_validation:
            names = [name for name in names if name == "title"]

        def has(name, code):
            return has_text(self.cleaned_data.get(f"{name}_{code}"))

        missing = [name for name in names if not any(has(name, c) for c in LANGUAGE_CODES)]
        if not missing:
            return
        started = [code for code in LANGUAGE_CODES if any(has(name, code) for name in names)]
        editor = (translation.get_language() or "")[:2]
        if editor in started or (not started and editor in LANGUAGE_CODES):
            code = editor
        else:
            code = started[0] if started else LANGUAGE_CODES[0]
        message = _(
            "Required in one language at least: write it here, or in another language's tab."
        )
        for name in missing:
            self.add_error(f"{name}_{code}", message)

    def _post_clean(self):
        super()._post_clean()
        # wagtail-modeltranslation's subclass of this form checks the slugs in its own
        # clean(), after this class's: its refusals are rewritten here, once they exist.
        self.explain_slug_clashes()

    def explain_slug_clashes(self):
        """Say which page already has a slug the editor gave, in the editor's language.

        The usual case: a page started earlier with the same title, kept as a draft by
        the editor's autosave, which the editor does not know exists.
        """
        if self.parent_page is None:
            return
        for code in LANGUAGE_CODES:
            name = f"slug_{code}"
            errors = self._errors.get(name)
            if not errors or SLUG_IN_USE not in errors:
                continue
            siblings = self.parent_page.get_children()
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            sibling = answering(siblings, code, self.data.get(name, "")).first()
            if sibling is None:
                continue
            if sibling.live:
                message = _(
                    "Another page in the same place already has this address: “%(title)s”. "
                    "Change the slug, or open that page to carry on with it."
                )
            else:
                message = _(
                    "Another page in the same place already has this address: “%(title)s”, "
                    "a draft not yet published. Change the slug, or open that draft to "
                    "carry on with it."
                )
            # The title links to that page's editor: the draft is otherwise hard to find.
            link = format_html(
                '<a href="{}">{}</a>',
                reverse("wagtailadmin_pages:edit", args=(sibling.pk,)),
                sibling.title,
            )
            explained = mark_safe(conditional_escape(message).replace("%(title)s", link))
            kept = [error for error in errors.as_data() if SLUG_IN_USE not in error.messages]
            self._errors[name] = self.error_class(
                kept + [ValidationError(explained)], renderer=self.renderer
            )

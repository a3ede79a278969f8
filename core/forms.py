"""The admin form every page type uses (BasePage.base_form_class)."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm

from .i18n import LANGUAGE_CODES
from .slugs import answering, fill_slugs

# wagtail-modeltranslation's refusal of a slug a sibling has, written in the slug's
# language (it is made inside `translation.override(code)`) and translated in none.
SLUG_IN_USE = "This slug is already in use"


class BasePageForm(WagtailAdminPageForm):
    """Slugs are made on the server from each language's title (core.slugs) when left
    empty, so no slug field is required; an editor's own slug is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in LANGUAGE_CODES:
            field = self.fields.get(f"slug_{code}")
            if field is not None:
                field.required = False

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
        return super().clean()

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
            kept = [error for error in errors.as_data() if SLUG_IN_USE not in error.messages]
            self._errors[name] = self.error_class(
                kept + [ValidationError(message % {"title": sibling.title})],
                renderer=self.renderer,
            )

"""The admin form every page type uses (BasePage.base_form_class)."""

from types import SimpleNamespace

from wagtail.admin.forms import WagtailAdminPageForm

from .i18n import LANGUAGE_CODES
from .slugs import fill_slugs


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

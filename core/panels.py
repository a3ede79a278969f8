"""One language at a time in the page editor: a tab per language.

wagtail_modeltranslation expands each translated field's panel into one panel per
language (`summary` -> `summary_fr`, `summary_en`, `summary_es`). `language_tabs` sorts
those panels into a tab per language, named in that language, keeping the panel groups
they were in (a group split across tabs keeps its heading in each); the fields written
once for every language stay in their own tab. What a page type requires (a title, a
summary) is required in one language at least, any of them (`written_fields`): a
partner writes in her own language, and the team translates.

A page type may keep its promotion settings (search-engine texts, menus, its reference)
for the holders of a permission (`promote_permission`): the others, such as partner
contributors, neither see nor change them, and keep the page's address (`slug`), which
names their language version.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from modeltranslation.translator import translator
from wagtail.admin.panels import FieldPanel, ObjectList, PanelGroup, TabbedInterface

from .i18n import LANGUAGE_CODES, language_name

SHARED = None


def written_fields(model):
    """The translated fields `model` requires, in one language at least (its address
    aside: core.slugs makes it; its shared fields aside), in the model's order."""
    options = translator.get_options_for_model(model)
    # A field written once for every language (a partner's name, in its French column)
    # stays required where it is written.
    shared = getattr(model, "shared_fields", set())
    names = set(options.all_fields) - {"slug", "url_path"} - shared
    return tuple(
        field.name for field in model._meta.get_fields() if field.name in names and not field.blank
    )


def release_default_language(model):
    """Let `model`'s written fields be empty in the default language too.

    wagtail_modeltranslation makes a required field's default-language column required
    (`title_fr`) when it expands the panels; the page form asks instead for one
    language holding every written field (core.forms)."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    for name in written_fields(model):
        model._meta.get_field(f"{name}_{default}").blank = True


def field_language(model, field_name):
    """The language of a translated column (`summary_en` -> "en"), else None."""
    options = translator.get_options_for_model(model)
    for code in LANGUAGE_CODES:
        suffix = f"_{code}"
        if field_name.endswith(suffix) and field_name[: -len(suffix)] in options.all_fields:
            return code
    return SHARED


def panels_for(model, panels, language):
    """The part of `panels` (a list) that belongs to `language` (None: no language)."""
    kept = []
    for panel in panels:
        if isinstance(panel, PanelGroup):
            children = panels_for(model, panel.children, language)
            if children:
                kept.append(type(panel)(**{**panel.clone_kwargs(), "children": children}))
        elif isinstance(panel, FieldPanel):
            if field_language(model, panel.field_name) == language:
                kept.append(panel.clone())
        elif language is SHARED:
            # Inline panels, comments and other panels are not translated.
            kept.append(panel.clone())
    return kept


# The promote fields everyone who may edit the page sees.
PROMOTE_FIELDS_FOR_EVERYONE = frozenset({"slug"})


def restricted(model, panels, permission):
    """`panels` with each field's panel shown only to holders of `permission`, but those
    of PROMOTE_FIELDS_FOR_EVERYONE. Applied to the panels as wagtail_modeltranslation
    expanded them: its expansion drops a panel's permission."""
    if permission is None:
        return panels
    kept = []
    for panel in panels:
        if isinstance(panel, PanelGroup):
            children = restricted(model, panel.children, permission)
            panel = type(panel)(**{**panel.clone_kwargs(), "children": children})
        elif isinstance(panel, FieldPanel):
            name = panel.field_name
            language = field_language(model, name)
            if (
                name[: -len(language) - 1] if language else name
            ) not in PROMOTE_FIELDS_FOR_EVERYONE:
                panel = type(panel)(**{**panel.clone_kwargs(), "permission": permission})
        kept.append(panel)
    return kept


def language_tab_anchor(code):
    """The fragment of an editor URL that opens on `code`'s tab ("#tab-espanol")."""
    return f"#tab-{ObjectList([], heading=language_name(code)).clean_name}"


def language_tabs(model):
    """The page editor of `model`: Français | English | Español | Every language |
    Promote | Settings (empty tabs left out)."""
    translated = translator.get_options_for_model(model)
    promote_panels = restricted(model, model.promote_panels, model.promote_permission)
    tabs = []
    if translated:
        for code in LANGUAGE_CODES:
            children = panels_for(model, model.content_panels, code) + panels_for(
                model, promote_panels, code
            )
            if children:
                tabs.append(ObjectList(children, heading=language_name(code)))
    shared = [
        (_("Every language"), panels_for(model, model.content_panels, SHARED)),
        (_("Promote"), panels_for(model, promote_panels, SHARED)),
        (_("Settings"), list(model.settings_panels)),
    ]
    tabs += [ObjectList(children, heading=heading) for heading, children in shared if children]
    return TabbedInterface(tabs, base_form_class=model.base_form_class)

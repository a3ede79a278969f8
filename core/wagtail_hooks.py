import copy

from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext

from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.utils.version import get_main_version

from .i18n import LANGUAGE_CODES
from .panels import language_tab_anchor

# Wagtail's help menu items, labelled when first built: every editor then read them in
# the language of whoever opened the admin first after a start ("Novedades de Wagtail"
# in the French admin). Each request gets copies labelled in its own language.
HELP_LABELS = {
    "whats-new-in-wagtail-": lambda: (
        gettext("What's new in Wagtail %(version)s")
        % {"version": get_main_version(include_patch=False)}
    ),
    "editor-guide": lambda: gettext("Editor Guide"),
}


@hooks.register("construct_help_menu")
def label_help_menu_in_the_editors_language(request, menu_items):
    for position, item in enumerate(menu_items):
        for prefix, label in HELP_LABELS.items():
            if item.name.startswith(prefix):
                relabelled = copy.copy(item)
                relabelled.attrs = dict(item.attrs)
                relabelled.label = label()
                menu_items[position] = relabelled


@hooks.register("insert_editor_js")
def open_the_editor_on_the_editors_language():
    # The editor opens on the first tab, French: a Spanish partner met her sheet's
    # French fields, empty, first. It opens on the tab of the editor's own language.
    code = (translation.get_language() or "")[:2]
    if code not in LANGUAGE_CODES:
        return ""
    return format_html(
        '<script src="{}" data-language-tab="{}" defer></script>',
        versioned_static("core/admin/language-tab.js"),
        language_tab_anchor(code),
    )


@hooks.register("insert_global_admin_css")
def lay_out_the_editor_for_phones():
    # After wagtail_modeltranslation's stylesheets (INSTALLED_APPS), which it corrects.
    return format_html(
        '<link rel="stylesheet" href="{}">', versioned_static("core/admin/editor-phone.css")
    )

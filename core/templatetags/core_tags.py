import base64

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, gettext

from wagtail.models import Site

from core import og_image
from core import structured_data as sd
from core.i18n import LANGUAGE_CODES, alternate_urls, has_translation, value_language
from core.visibility import public_pages

register = template.Library()

OG_LOCALES = {"fr": "fr_FR", "en": "en_GB", "es": "es_ES"}


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every language: code, local name, URL, absolute URL, current."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = translation.get_language()
    if context.get("not_found"):
        # A missing page is missing in every language: offer each home page instead.
        urls = [(code, f"/{code}/") for code in LANGUAGE_CODES]
    else:
        urls = alternate_urls(request, page)
    links = []
    for code, url in urls:
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if url else "",
                # One canonical URL per page, whatever tracking or paging parameters.
                "canonical_url": request.build_absolute_uri(url.split("?")[0]) if url else "",
                "og_locale": OG_LOCALES.get(code, code),
                "current": code == current,
            }
        )
    return links


def site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Menu pages under the site root, each with its aria-current state."""
    root = site_root(context)
    if root is None:
        return []
    current = context.get("page")
    items = []
    for item in public_pages(root.get_children()).in_menu():
        state = None
        if current is not None and current.pk == item.pk:
            state = "page"
        elif current is not None and current.path.startswith(item.path):
            state = "true"
        items.append({"page": item, "current": state})
    return items


@register.simple_tag(takes_context=True)
def home_url(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.get_url(request=request) if site else "/"


@register.filter
def field_lang(obj, field):
    """The language a translated field is shown in (for a `lang` attribute)."""
    return value_language(obj, field) or translation.get_language()


@register.inclusion_tag("components/protected_email.html")
def protected_email(address, label=""):
    """An email address that never appears as plain text in the HTML.

    The address is sent reversed and base64-encoded; site.js turns it into a mailto
    link. Without JavaScript the reader sees a spelled-out form harvesters rarely parse.
    """
    if not address:
        return {"encoded": ""}
    user, _sep, domain = address.partition("@")
    return {
        "encoded": base64.b64encode(address[::-1].encode()).decode(),
        "spelled": f"{user} [at] {domain.replace('.', ' [dot] ')}",
        "label": label,
    }


@register.simple_tag(takes_context=True)
def read_in_links(context, page):
    """Links to `page` in each other language it is written in, each named in that language.

    ("Lire en français", "Read in English"), for the notice of a page shown in a fallback.
    """
    current = translation.get_language()
    urls = {link["code"]: link["url"] for link in context.get("lang_links") or []}
    links = []
    for code in LANGUAGE_CODES:
        if code == current or not urls.get(code):
            continue
        if not has_translation(page, page.translation_field, code):
            continue
        with translation.override(code):
            text = gettext("Read in %(language)s") % {
                "language": get_language_info(code)["name_local"]
            }
        links.append({"code": code, "url": urls[code], "text": text})
    return links


@register.simple_tag
def language_name_in_sentence(code):
    """A language's name in the visitor's language, as written inside a sentence
    ("espagnol", "Spanish", "español": only English capitalises it)."""
    name = str(get_language_info(code)["name_translated"])
    return name if translation.get_language() == "en" else name.lower()


@register.simple_tag(takes_context=True)
def og_image_url(context):
    """The absolute URL of the sharing card of the page shown, in the language shown."""
    request = context.get("request")
    if request is None:
        return ""
    language = translation.get_language()
    page = context.get("page")
    if page is not None and page.pk and not context.get("not_found"):
        return og_image.card_url(request, page.pk, language, og_image.page_card(page, language))
    return og_image.card_url(request, "site", language, og_image.site_card(language))


@register.simple_tag(takes_context=True)
def og_locale(context):
    """og:locale of the language the content is actually in (a fallback says so)."""
    page = context.get("page")
    shown = getattr(page, "content_language", None) if page is not None else None
    code = shown or translation.get_language()
    return OG_LOCALES.get(code, code)


@register.simple_tag(takes_context=True)
def structured_data(context):
    """The page's JSON-LD: what it describes, then its breadcrumb trail."""
    request, page = context.get("request"), context.get("page")
    if request is None or page is None or not page.pk or context.get("not_found"):
        return ""
    blocks = [page.specific.structured_data(request), sd.breadcrumbs(request, page)]
    return mark_safe(  # noqa: S308  (as_script_text escapes <, > and &)
        "".join(
            f'<script type="application/ld+json">{sd.as_script_text(data)}</script>'
            for data in blocks
            if data
        )
    )

"""schema.org descriptions of pages (JSON-LD), read by search engines and link previews."""

import json

from django.utils.html import strip_tags
from django.utils.text import Truncator

CONTEXT = "https://schema.org"
LICENCE = "https://creativecommons.org/licenses/by-sa/4.0/"
# What json_script escapes: nothing in the data can close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def as_script_text(data):
    return json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_ESCAPES)


def absolute_url(request, page):
    url = page.get_url(request=request)
    return request.build_absolute_uri(url) if url else None


def plain_summary(html, words=60):
    return Truncator(strip_tags(html or "")).words(words, truncate="…")


def organisation(request, partner):
    return {"@type": "Organization", "name": partner.title, "url": absolute_url(request, partner)}


def breadcrumbs(request, page):
    """BreadcrumbList from the home page down to `page` (None for the home page)."""
    trail = [p for p in page.get_ancestors(inclusive=True).specific() if p.depth >= 2]
    if len(trail) < 2:
        return None
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": absolute_url(request, crumb),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }

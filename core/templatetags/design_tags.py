"""The design system's template side: inline SVG icons, the wordmark, French typography.

Icons and the wordmark live as SVG files in static/img/ (the design system's source). They
are inlined into the HTML rather than linked: no extra request per icon, and they take the
text colour (`currentColor`) of wherever they are placed.
"""

import re
from functools import lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info

register = template.Library()

ICON_DIR = "img/icons"
# Themes are matched to their icon by slug, the themes' stable key; a theme added later
# without its own drawing gets the generic one.
THEME_ICON_FALLBACK = "theme"
SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.S)


@lru_cache(maxsize=64)
def _svg(name):
    """(opening tag attributes, inner markup) of static/img/<name>.svg, or None."""
    path = finders.find(f"{name}.svg")
    if path is None:
        return None
    with open(path, encoding="utf-8") as handle:
        source = handle.read().strip()
    opening = SVG_OPEN.search(source)
    inner = source[opening.end() : source.rindex("</svg>")]
    attrs = opening.group(0)[4:-1].replace('xmlns="http://www.w3.org/2000/svg"', "").strip()
    return attrs, inner


def _inline(name, css_class, label=""):
    svg = _svg(name)
    if svg is None:
        return ""
    attrs, inner = svg
    if label:
        a11y = format_html(' role="img" aria-label="{}"', label)
    else:
        a11y = mark_safe(' aria-hidden="true" focusable="false"')
    if "width=" not in attrs:
        # A size of its own, so that an icon stays small where the stylesheet is not applied.
        attrs += ' width="20" height="20"'
    return format_html(
        '<svg class="{}" {}{}>{}</svg>', css_class, mark_safe(attrs), a11y, mark_safe(inner)
    )


@register.simple_tag
def icon(name, css_class="icon", label=""):
    """An icon from static/img/icons/, decorative unless it is given a label."""
    return _inline(f"{ICON_DIR}/{name}", css_class, label)


@register.simple_tag
def theme_icon(slug, css_class="icon icon-theme"):
    """The icon of a theme, found by its slug."""
    name = f"theme-{slug}" if _svg(f"{ICON_DIR}/theme-{slug}") else THEME_ICON_FALLBACK
    return _inline(f"{ICON_DIR}/{name}", css_class)


@register.simple_tag
def wordmark(label="Co-actions"):
    """The Co-actions wordmark (static/img/wordmark.svg), named for screen readers."""
    return _inline("img/wordmark", "wordmark", label)


LOWER_CASE_LANGUAGE_NAMES = {"fr", "es"}


@register.simple_tag
def language_name_here(code):
    """A language's name in the visitor's language: "French", "francés", "anglais"."""
    if not code:
        return ""
    name = str(get_language_info(code)["name_translated"])
    # French and Spanish write language names in lower case inside a sentence.
    return name.lower() if translation.get_language() in LOWER_CASE_LANGUAGE_NAMES else name


# French puts a narrow no-break space (U+202F) before ? ! ; and a (narrow) no-break space
# before :. Only where the sign follows a word or a closing quote and ends a phrase, so
# that URLs (https://), times (10:30) and ratios are left alone.
NNBSP = "\u202f"
FRENCH_SPACE = re.compile(r"(?<=[\w»)\]”’%€])[ \u00a0\u202f]?([?!;:])(?=\s|$|<|[»”)])", re.U)
# Tags and character references (&amp; &#x27;) are kept as they are.
TAG = re.compile(r"(<[^>]*>|&#?\w+;)")


def _french_text(text):
    return FRENCH_SPACE.sub(lambda m: NNBSP + m.group(1), text)


@register.filter(is_safe=True)
def typo(value, lang=None):
    """Apply French typography to a text shown in French (`lang`, else the page's language).

    Plain text is escaped first; HTML (rich text) is changed between its tags only.
    """
    if value in (None, ""):
        return value
    lang = lang or translation.get_language()
    if not str(lang).startswith("fr"):
        return value
    if isinstance(value, SafeString):
        parts = TAG.split(str(value))
        # Inside <pre>/<code> nothing is touched; outside, only text between tags, which
        # sees the last letter before the tag ("<a>Lien</a> :").
        out, raw, last = [], 0, ""
        for part in parts:
            if part.startswith(("<", "&")):
                lowered = part.lower()
                if lowered.startswith(("<pre", "<code")):
                    raw += 1
                elif lowered.startswith(("</pre", "</code")):
                    raw = max(0, raw - 1)
                out.append(part)
            elif raw or not part:
                out.append(part)
                last = part[-1:] or last
            else:
                out.append(_french_text(last + part)[len(last) :])
                last = part[-1]
        return mark_safe("".join(out))
    return mark_safe(conditional_escape(_french_text(str(value))))

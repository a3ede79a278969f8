"""Rich text and StreamField content as the plain words a reader sees."""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import Truncator

BLOCK_END = re.compile(r"(</(?:p|li|ul|ol|h[1-6]|blockquote)>|<br\s*/?>)", re.IGNORECASE)

# The tags rich text is made of (Wagtail's editor and the importer's Markdown), each
# whole: a name, then attributes whose values are quoted and hold no angle bracket.
# Where every tag is one of these, removing them leaves what strip_tags leaves.
SIMPLE_TAG = re.compile(
    r"""<(?:/(?:{names})\s*|(?:{names})(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*"""
    r"""(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))?)*\s*/?)>""".format(
        names="(?:a|b|blockquote|br|code|div|em|embed|h[1-6]|hr|i|li|ol|p|s|span|strong"
        "|sub|sup|u|ul)(?=[\\s/>])"
    ),
    re.IGNORECASE,
)
# Character references strip_tags keeps as they are (unescape decodes them after).
ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")


def plain(value):
    """Rich text as the words a reader sees: no tags, entities decoded (`&amp;` -> `&`)."""
    if not value:
        return ""
    value = str(value)
    if "<" not in value and "&" not in value:
        # Nothing to strip or decode (empty sections, plain summaries): a rebuild meets
        # thousands of these, and strip_tags's HTML parser costs more than the text.
        return " ".join(value.split())
    # A function, not the template r"\1 ": re expands a template anew for each match,
    # which cost a rebuild twice the search for the tags.
    spaced = BLOCK_END.sub(_spaced, value)
    return " ".join(html.unescape(_strip_tags(spaced)).split())


def _spaced(match):
    return match.group(0) + " "


def _strip_tags(value):
    """strip_tags(value), without its HTML parser when the markup is plain rich text
    (the parser costs a rebuild more than everything else a document needs)."""
    text = SIMPLE_TAG.sub("", value)
    if "<" in text or ("&" in text and "&" in ENTITY.sub("", text)):
        # A comment, a script, a stray `<` or `&`, a tag of another kind: the parser
        # decides what is text.
        return strip_tags(value)
    return text


def paragraphs_html(stream):
    """The HTML of a StreamField's paragraph blocks, the text the catalogue moves and indexes."""
    return "\n".join(
        str(block.value.source) for block in stream or [] if block.block_type == "paragraph"
    )


def short(text, words=40):
    return Truncator(plain(text)).words(words, truncate="…")

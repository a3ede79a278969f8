"""Rich text and StreamField content as the plain words a reader sees."""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import Truncator

BLOCK_END = re.compile(r"(</(?:p|li|ul|ol|h[1-6]|blockquote)>|<br\s*/?>)", re.IGNORECASE)


def plain(value):
    """Rich text as the words a reader sees: no tags, entities decoded (`&amp;` -> `&`)."""
    value = str(value or "")
    if "<" not in value and "&" not in value:
        # Nothing to strip or decode (empty sections, plain summaries): a rebuild meets
        # thousands of these, and strip_tags's HTML parser costs more than the text.
        return " ".join(value.split())
    spaced = BLOCK_END.sub(r"\1 ", value)
    return " ".join(html.unescape(strip_tags(spaced)).split())


def paragraphs_html(stream):
    """The HTML of a StreamField's paragraph blocks, the text the catalogue moves and indexes."""
    return "\n".join(
        str(block.value.source) for block in stream or [] if block.block_type == "paragraph"
    )


def short(text, words=40):
    return Truncator(plain(text)).words(words, truncate="…")

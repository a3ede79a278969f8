"""Markdown <-> rich-text HTML for spreadsheet cells.

Import turns Markdown into the small HTML subset Wagtail's rich text uses (paragraphs,
lists, links, bold, italic, subheadings, line breaks); export turns it back. The pair is
stable: markdown -> html -> markdown gives the same text the second time round, which is
what makes export / import / export byte-identical. Raw HTML in a cell is escaped, and
links keep only http(s), mailto and site-relative targets.

A cell is typed in a spreadsheet, where Alt+Enter starts a new line: a single line break
is kept as one (<br/>, the editor's Shift+Enter), not joined to the line before as plain
Markdown would; a blank line still separates paragraphs.
"""

import re
import threading
from html.parser import HTMLParser

import markdown as markdown_lib
import nh3

# What Wagtail's rich-text features (core.blocks.RICH_TEXT_FEATURES) can hold.
ALLOWED_TAGS = {"p", "ul", "ol", "li", "a", "strong", "b", "em", "i", "br", "h2", "h3"}
# A site path starts with one "/": browsers read "//host" and "/\\host" as another site's
# address, and drop tabs and newlines from a URL before reading it.
SAFE_HREF = re.compile(r"(?:https?://|mailto:|/(?![/\\]))[^\s\x00-\x1f\x7f]*", re.IGNORECASE)
# nh3 serialises a link whose href it dropped as a bare <a>, and never nests links.
BARE_LINK = re.compile(r"<a>(.*?)</a>", re.DOTALL)


def _keep_safe_href(tag, attribute, value):
    if tag == "a" and attribute == "href":
        return value if SAFE_HREF.fullmatch(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes={"a": {"href"}},
    attribute_filter=_keep_safe_href,
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
)


# Building a Markdown converter (its parser and extensions) costs more than converting a
# cell: an import converts thousands, so each thread keeps one and resets it per cell.
_converters = threading.local()


def _converter():
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown_lib.Markdown(
            output_format="html", extensions=["nl2br"]
        )
    return converter.reset()


# One line that Markdown only wraps in a paragraph: it starts with a letter (not a list
# number, heading, quote or rule) and holds only letters, digits, spaces and punctuation
# that mean nothing to Markdown (no `*_[]<>&#\``, tab or line break). Most cells of a
# catalogue are such sentences; tests/catalogue/test_markdown.py checks that both ways
# give the same HTML.
PLAIN_LINE = re.compile(r"[^\W\d_][\w .,;:!?'\"()%/+=-]*")


def is_plain_sentence(text):
    return "_" not in text and PLAIN_LINE.fullmatch(text) is not None


def markdown_to_html(text):
    text = (text or "").strip()
    if not text:
        return ""
    if is_plain_sentence(text):
        return _clean(f"<p>{text}</p>")
    return render_markdown(text)


# Spaces ending a line: Markdown's old way to ask for a line break, which every line
# break now is (and the editor's spaces before a <br>).
TRAILING_SPACES = re.compile(r"[ \t]+(?=\n)")


def render_markdown(text):
    """Markdown's own rendering of a stripped, non-empty cell, cleaned."""
    text = TRAILING_SPACES.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _clean(_converter().convert(text.replace("<", "&lt;")))


# nh3 writes a line break <br>, and Markdown follows it with a new line; Wagtail's editor
# reads only <br/> (an open <br> fails its converter: the page could not be edited) and
# writes it with nothing after it.
LINE_BREAK = re.compile(r"<br>\n?")


def _clean(rendered):
    # A link to an unsafe target keeps its text.
    cleaned = BARE_LINK.sub(r"\1", _CLEANER.clean(rendered)).strip()
    return LINE_BREAK.sub("<br/>", cleaned) if "<br>" in cleaned else cleaned


def html_to_markdown(value):
    value = str(value or "").strip()
    if not value:
        return ""
    converter = _MarkdownWriter()
    converter.feed(value)
    converter.close()
    return converter.result()


# Text that Markdown would read as something else at the start of a line: a heading, a
# quote or a rule (---, * * *, ___) anywhere; a list item where a block starts (the first
# line of a paragraph, a line after an empty one) and within a list item; a heading's
# underline (===, --) below a line of text or after an item's "- ". The exporter escapes
# it, so the text comes back as it was.
HEADING_OR_QUOTE = re.compile(r"#|>")
RULE = re.compile(r"([-*_])[ \t]*(\1[ \t]*){2,}$")
LIST_ITEM = re.compile(r"([-+*]|\d+\.)([ \t]|$)")
UNDERLINE = re.compile(r"(=+|-+)[ \t]*$")


def _escape_line(line, list_item, underline):
    if RULE.match(line):
        # Every mark: after an escaped "_", "__" could still start bold text.
        return re.sub(r"([-*_])", r"\\\1", line)
    if not (
        HEADING_OR_QUOTE.match(line)
        or (list_item and LIST_ITEM.match(line))
        or (underline and UNDERLINE.match(line))
    ):
        return line
    if line[0] == "=":
        # '=' has no backslash escape; its character reference reads as '='.
        return f"&#61;{line[1:]}"
    number = re.match(r"\d+", line)
    if number:
        # "1. " is a list item, "1\. " the text "1. ".
        return f"{number[0]}\\{line[number.end() :]}"
    return f"\\{line}"


def _escape_lines(text, in_item):
    lines = text.split("\n")
    return "\n".join(
        _escape_line(
            line,
            list_item=in_item or index == 0 or not lines[index - 1],
            underline=in_item or (index > 0 and bool(lines[index - 1])),
        )
        if line
        else line
        for index, line in enumerate(lines)
    )


class _MarkdownWriter(HTMLParser):
    """Writes the rich-text subset as Markdown; unknown tags keep only their text.

    A line break (<br>) is a new line within its paragraph or list item, as the importer
    reads one; a heading is one line, so a break in it is a space."""

    BLOCKS = {"p", "h2", "h3", "li"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # finished blocks (strings)
        self.current = None  # text of the block being written
        self.kind = None  # its tag: "p", "h2", "h3" or "li"
        self.lists = []  # stack of [kind, counter]
        self.links = []

    def _start_block(self, prefix="", kind="p"):
        self._end_block()
        self.current = [prefix]
        self.kind = kind

    def _end_block(self):
        if self.current is not None:
            prefix, *parts = self.current
            text = re.sub(r"[ \t]+", " ", "".join(parts))
            # A break that begins or ends a block shows as nothing Markdown can write.
            text = re.sub(r" ?\n ?", "\n", text).strip()
            if self.kind in {"h2", "h3"}:
                text = text.replace("\n", " ")
            else:
                if self.kind == "li":
                    # An empty line would end the item.
                    text = re.sub(r"\n+", "\n", text)
                text = _escape_lines(text, self.kind == "li")
            text = re.sub(r"[ \t]+", " ", prefix + text).strip()
            if text and text not in {"-", "1."} and not re.fullmatch(r"(#+|-|\d+\.)", text):
                self.blocks.append(text)
            self.current = None

    def handle_starttag(self, tag, attrs):
        if tag == "p" and not self.lists:
            self._start_block()
        elif tag in {"h2", "h3"}:
            self._start_block("#" * int(tag[1]) + " ", tag)
        elif tag in {"ul", "ol"}:
            self._end_block()
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            kind = self.lists[-1]
            kind[1] += 1
            indent = "  " * (len(self.lists) - 1)
            self._start_block(indent + ("- " if kind[0] == "ul" else f"{kind[1]}. "), tag)
        elif tag in {"strong", "b"}:
            self._write("**")
        elif tag in {"em", "i"}:
            self._write("*")
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self._write("[")
        elif tag == "br":
            self._write("\n")

    def handle_endtag(self, tag):
        if tag in {"p", "h2", "h3", "li"}:
            if not (tag == "p" and self.lists):
                self._end_block()
        elif tag in {"ul", "ol"} and self.lists:
            self._end_block()
            self.lists.pop()
            if not self.lists:
                self.blocks.append("")  # a list ends its group
        elif tag in {"strong", "b"}:
            self._write("**")
        elif tag in {"em", "i"}:
            self._write("*")
        elif tag == "a" and self.links:
            self._write(f"]({self.links.pop()})")

    def handle_data(self, data):
        if self.current is None:
            if not data.strip():
                return
            self.current = [""]
            self.kind = "p"
        self._write(data.replace("\n", " "))

    def _write(self, text):
        if self.current is None:
            self.current = [""]
            self.kind = "p"
        self.current.append(text)

    def result(self):
        self._end_block()
        # List items sit on consecutive lines; other blocks are separated by a blank line.
        out, previous_item = [], False
        for block in self.blocks:
            if block == "":
                previous_item = False
                continue
            item = bool(re.match(r"^\s*(-|\d+\.) ", block))
            if out:
                out.append("\n" if item and previous_item else "\n\n")
            out.append(block)
            previous_item = item
        return "".join(out).strip()

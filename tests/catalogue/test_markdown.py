"""Spreadsheet cells are Markdown, pages store rich-text HTML: the round trip is stable
(what makes export / import / export byte-identical) and never lets markup in."""

import html
import random
import re

from django.test import SimpleTestCase

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from catalogue.markdown import (
    html_to_markdown,
    is_plain_sentence,
    markdown_to_html,
    render_markdown,
)
from core.blocks import RICH_TEXT_FEATURES


class TestMarkdownRoundTrip(SimpleTestCase):
    SAMPLES = [
        "Un paragraphe simple.",
        "Un **gras** et un *italique*.\n\nUn second paragraphe.",
        "- Trouver un terrain\n- Réunir les voisins",
        "1. Émettre des billets\n2. Former les commerçants",
        "## Un intertitre\n\nSon texte.",
        "Voir [le guide](https://example.org/guide?a=1&b=2), [écrire](mailto:a@example.org)"
        " ou [la fiche](/fr/pratiques/jardin/).",
        "a < b & c > d",
        "Lundi : 9 h - 12 h\nMardi : **fermé**\n\nUn second paragraphe.",
        "- Trouver un terrain\nprès de l'école\n- Réunir les voisins",
    ]

    def test_markdown_to_html_to_markdown_gives_the_text_back(self):
        for text in self.SAMPLES:
            with self.subTest(text=text):
                self.assertEqual(html_to_markdown(markdown_to_html(text)), text)

    def test_a_second_round_changes_nothing(self):
        # Markdown a person typed may be normalised once (here two lists written as one
        # loose list); after that, export and import are each other's inverse.
        typed = "- un\n- deux\n\n1. a\n2. b\n\n\n*  étoile"
        once = html_to_markdown(markdown_to_html(typed))
        self.assertEqual(html_to_markdown(markdown_to_html(once)), once)
        self.assertEqual(
            markdown_to_html(once), markdown_to_html(html_to_markdown(markdown_to_html(once)))
        )

    def test_the_html_is_the_rich_text_subset(self):
        self.assertEqual(
            markdown_to_html("Un **gras**.\n\n- un\n- deux"),
            "<p>Un <strong>gras</strong>.</p>\n<ul>\n<li>un</li>\n<li>deux</li>\n</ul>",
        )
        self.assertEqual(markdown_to_html(""), "")
        self.assertEqual(markdown_to_html("   "), "")
        self.assertEqual(html_to_markdown(None), "")

    def test_raw_html_in_a_cell_is_escaped_text(self):
        for raw in (
            "<script>alert(1)</script>",
            '<img src=x onerror="alert(1)">',
            '<a href="javascript:alert(1)">lien</a>',
            "<b>gras</b>",
        ):
            with self.subTest(raw=raw):
                html = markdown_to_html(raw)
                self.assertNotIn("<script", html)
                self.assertNotIn("<img", html)
                self.assertNotIn("<a ", html)
                self.assertNotIn("<b>", html)
                self.assertIn("&lt;", html)
                # Exported back, it is the text the person typed.
                self.assertEqual(html_to_markdown(html), raw)

    def test_unsafe_links_are_dropped_their_text_kept(self):
        for target in (
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,x",
            "//evil.example/x",
            "vbscript:x",
        ):
            with self.subTest(target=target):
                self.assertEqual(markdown_to_html(f"[lien]({target}) ici"), "<p>lien ici</p>")

    def test_safe_links_are_kept(self):
        for target in ("https://example.org/", "http://example.org/", "mailto:a@b.org", "/fr/"):
            with self.subTest(target=target):
                self.assertEqual(
                    markdown_to_html(f"[lien]({target})"), f'<p><a href="{target}">lien</a></p>'
                )

    def test_html_from_the_editor_exports_as_markdown(self):
        # Draftail writes <b>/<i>; other tags keep only their text.
        self.assertEqual(
            html_to_markdown("<p>Un <b>gras</b>, un <i>italique</i>, <span>du texte</span>.</p>"),
            "Un **gras**, un *italique*, du texte.",
        )
        self.assertEqual(
            html_to_markdown("<ol><li>un</li><li>deux</li></ol><p>fin</p>"),
            "1. un\n2. deux\n\nfin",
        )


def visible_lines(rich_text):
    """The lines a reader sees: a line break or the end of a block starts a new one."""
    text = re.sub(r"\s*<br\s*/?>\s*|</(?:p|li|h2|h3)>", "\n", rich_text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


class TestLineBreaks(SimpleTestCase):
    """Alt+Enter in a spreadsheet cell is a line break on the page (<br/>, the editor's
    Shift+Enter); an empty line still starts a new paragraph."""

    def test_a_new_line_in_a_cell_is_a_line_break(self):
        for typed in (
            "Lundi : 9 h\nMardi : 14 h",
            "Lundi : 9 h\r\nMardi : 14 h",  # a Windows line end
            "Lundi : 9 h  \nMardi : 14 h",  # Markdown's own way, two spaces
        ):
            with self.subTest(typed=typed):
                self.assertEqual(markdown_to_html(typed), "<p>Lundi : 9 h<br/>Mardi : 14 h</p>")
        self.assertEqual(
            markdown_to_html("Horaires :\n- lundi\n\nFermé l'été.\n"),
            "<p>Horaires :<br/>- lundi</p>\n<p>Fermé l'été.</p>",
        )
        self.assertEqual(
            markdown_to_html("- un\nsuite\n- deux"),
            "<ul>\n<li>un<br/>suite</li>\n<li>deux</li>\n</ul>",
        )

    def test_the_editors_line_breaks_export_as_new_lines(self):
        self.assertEqual(
            html_to_markdown("<p>Lundi : 9 h <br/>Mardi : 14 h</p>"), "Lundi : 9 h\nMardi : 14 h"
        )
        self.assertEqual(
            html_to_markdown("<ul><li>un<br>suite</li><li>deux</li></ul>"), "- un\nsuite\n- deux"
        )
        # A heading is one line in Markdown.
        self.assertEqual(html_to_markdown("<h2>Un titre<br>long</h2>"), "## Un titre long")

    def test_a_line_markdown_would_read_as_markup_is_escaped(self):
        # After a line break, "# ", "> ", "---" or "===" would end the paragraph, and in
        # a list item "- " or "2. " would start another item.
        for rich_text, written in [
            ("<p>Prix<br># 1</p>", "Prix\n\\# 1"),
            ("<p>Citation<br>&gt; dit-elle</p>", "Citation\n\\> dit-elle"),
            ("<p>Avant<br>---<br>Après</p>", "Avant\n\\-\\-\\-\nAprès"),
            ("<p>Total<br>===</p>", "Total\n&#61;=="),
            ("<ul><li>Matériel<br>- pelles</li></ul>", "- Matériel\n\\- pelles"),
            ("<ol><li>Étape<br>2. suite</li></ol>", "1. Étape\n2\\. suite"),
            ("<p>1. pas une liste</p>", "1\\. pas une liste"),
        ]:
            with self.subTest(rich_text=rich_text):
                self.assertEqual(html_to_markdown(rich_text), written)
                self.assertEqual(visible_lines(markdown_to_html(written)), visible_lines(rich_text))

    def test_breaks_from_the_editor_survive_export_and_import(self):
        # Rich text as the editor saves it, with line breaks anywhere: exported, imported
        # and exported again, the cell is the same and the page shows the same lines.
        rng = random.Random(3)
        starts = ["Lundi", "# 1", "#", "> q", "- x", "-", "--", "---", "- - -", "* * *", "___"]
        starts += ["* z", "+ y", "1. x", "12.", "=", "==", "a", "b c"]
        breaks = ["<br/>", "<br>", " <br /> ", "<br>\n", "<br/><br/>"]

        def content():
            lines = [rng.choice(starts) for _ in range(rng.randint(1, 4))]
            return "".join(line + rng.choice(breaks) for line in lines[:-1]) + lines[-1]

        for _ in range(1500):
            kind = rng.choice(["p", "p", "ul", "ol"])
            if kind == "p":
                rich_text = "".join(f"<p>{content()}</p>" for _ in range(rng.randint(1, 2)))
            else:
                items = "".join(f"<li>{content()}</li>" for _ in range(rng.randint(1, 3)))
                rich_text = f"<{kind}>{items}</{kind}>"
            cell = html_to_markdown(rich_text)
            imported = markdown_to_html(cell)
            self.assertEqual(html_to_markdown(imported), cell, rich_text)
            self.assertEqual(visible_lines(imported), visible_lines(rich_text), rich_text)

    def test_the_page_editor_keeps_the_line_breaks(self):
        # Wagtail's editor (Draftail) holds a line break inside a block: opened and saved
        # in the admin, an imported page still exports the cell as it was imported.
        converter = ContentstateConverter(features=RICH_TEXT_FEATURES)
        cell = "Lundi : 9 h\nMardi : **14 h**\n\n- un\nsuite\n- deux"
        saved = converter.to_database_format(converter.from_database_format(markdown_to_html(cell)))
        self.assertEqual(saved.count("<br/>"), 2)
        self.assertEqual(html_to_markdown(saved), cell)


class TestPlainSentences(SimpleTestCase):
    """Cells without Markdown syntax skip the Markdown library: the HTML must not change."""

    PLAIN = "aZéÑçœß01 9" + " .,;:!?'\"()%/+=-"
    ALPHABET = PLAIN + "*_[]<>&#`\t\n\\~|{}—«»"

    def test_random_cells_render_as_markdown_renders_them(self):
        rng = random.Random(9)
        plain, different = 0, []
        for n in range(6000):
            # Half of them mostly plain (the short way), half anything.
            alphabet = self.PLAIN if n % 2 else self.ALPHABET
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
            stripped = text.strip()
            if not stripped:
                continue
            plain += bool(is_plain_sentence(stripped))
            if markdown_to_html(text) != render_markdown(stripped):
                different.append(text)
        self.assertEqual(different, [])
        self.assertGreater(plain, 500)  # the short way was taken, and checked

    def test_sentences_take_the_short_way(self):
        for text in ("Une cantine coopérative (2019), 30 % bio : oui !", "Año 2024/25 - fin."):
            with self.subTest(text=text):
                self.assertTrue(is_plain_sentence(text))
                self.assertEqual(markdown_to_html(text), f"<p>{text}</p>")

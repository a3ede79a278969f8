"""Spreadsheet cells are Markdown, pages store rich-text HTML: the round trip is stable
(what makes export / import / export byte-identical) and never lets markup in."""

import random

from django.test import SimpleTestCase

from catalogue.markdown import (
    html_to_markdown,
    is_plain_sentence,
    markdown_to_html,
    render_markdown,
)


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

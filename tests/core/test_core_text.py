"""Rich text as the words a reader sees (what the search indexes)."""

import html
import itertools

from django.test import SimpleTestCase
from django.utils.html import strip_tags

from core.text import BLOCK_END, plain

FRAGMENTS = [
    '<p data-block-key="k1">',
    "</p>",
    "<br/>",
    "<BR>",
    '<a href="/page?a=1&amp;b=2" linktype="page" id="3">',
    "</a>",
    "<ul><li>",
    "</li></ul>",
    "<h2>",
    "</h2>",
    '<embed embedtype="image" id="1" alt="x &amp; y"/>',
    "<!-- a comment -->",
    "<script>if (a < b) {}</script>",
    "<style>p > a {}</style>",
    "a < b",
    "x > y",
    "&",
    "&amp;",
    "&amp",
    "&eacute;",
    "&#233;",
    "&#xe9;",
    "&#;",
    '<span title="a>b">',
    "<img src=x>",
    "<b",
    "</",
    "texte",
    "  \n ",
]


class PlainTextTests(SimpleTestCase):
    def test_what_a_reader_sees(self):
        self.assertEqual(
            plain(
                '<p data-block-key="a1">Caf&eacute; &amp; <a href="/x">vélo</a></p>'
                "<ul><li>un</li><li>deux</li></ul><h2>Titre</h2>"
            ),
            "Café & vélo un deux Titre",
        )
        self.assertEqual(plain("<p>x</p><!-- note --><p>3 &lt; 4</p>"), "x 3 < 4")
        self.assertEqual(plain("a < b et c > d"), "a < b et c > d")
        self.assertEqual(plain("ligne<br>suivante"), "ligne suivante")
        self.assertEqual(plain(None), "")

    def test_the_same_text_as_djangos_html_parser(self):
        # Any two or three fragments, however malformed: the words are those that
        # Django's strip_tags leaves, decoded.
        for parts in itertools.chain(
            itertools.product(FRAGMENTS, repeat=2),
            itertools.product(FRAGMENTS[:12], FRAGMENTS, FRAGMENTS[:12]),
        ):
            value = "".join(parts)
            expected = " ".join(html.unescape(strip_tags(BLOCK_END.sub(r"\1 ", value))).split())
            self.assertEqual(plain(value), expected, value)

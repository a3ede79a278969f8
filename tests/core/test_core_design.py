"""The design system's template side: French typography, inline icons, the wordmark."""

import re

from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory, SimpleTestCase
from django.utils import translation
from django.utils.safestring import mark_safe

from bs4 import BeautifulSoup

from core.templatetags.design_tags import NNBSP, icon, theme_icon, typo, wordmark


class TestFrenchTypography(SimpleTestCase):
    def test_narrow_no_break_space_before_high_punctuation(self):
        self.assertEqual(
            typo("Pourquoi ? Parce que ! Voici : un ; deux", "fr"),
            f"Pourquoi{NNBSP}? Parce que{NNBSP}! Voici{NNBSP}: un{NNBSP}; deux",
        )
        # Written without a space, as English-trained keyboards do.
        self.assertEqual(typo("Contexte: le besoin", "fr"), f"Contexte{NNBSP}: le besoin")

    def test_urls_times_and_other_languages_are_left_alone(self):
        self.assertEqual(typo("https://example.org à 10:30", "fr"), "https://example.org à 10:30")
        self.assertEqual(typo("Context: the need", "en"), "Context: the need")

    def test_follows_the_page_language_by_default(self):
        with translation.override("fr"):
            self.assertEqual(typo("Statut: en cours"), f"Statut{NNBSP}: en cours")
        with translation.override("es"):
            self.assertEqual(typo("Estado: en curso"), "Estado: en curso")

    def test_plain_text_is_escaped(self):
        self.assertEqual(typo("<Tom> & Jerry ?", "fr"), f"&lt;Tom&gt; &amp; Jerry{NNBSP}?")

    def test_rich_text_changes_between_tags_only(self):
        html = mark_safe(
            '<p><a href="https://x.org/a:b">Lien</a> : voir&amp; <code>a : b</code> ; fin</p>'
        )
        self.assertEqual(
            typo(html, "fr"),
            f'<p><a href="https://x.org/a:b">Lien</a>{NNBSP}: voir&amp; '
            f"<code>a : b</code>{NNBSP}; fin</p>",
        )

    def test_in_a_template(self):
        with translation.override("fr"):
            out = Template("{% load design_tags %}{{ t|typo }}").render(Context({"t": "Quoi ?"}))
        self.assertEqual(out, f"Quoi{NNBSP}?")


class TestIcons(SimpleTestCase):
    def test_each_seeded_theme_has_its_own_icon(self):
        drawings = {
            slug: theme_icon(slug)
            for slug in (
                "social-solidarity-economy",
                "social-environmental-transition",
                "local-sustainable-development",
                "shared-governance",
            )
        }
        self.assertEqual(len(set(drawings.values())), 4)
        for svg in drawings.values():
            self.assertTrue(svg.startswith('<svg class="icon icon-theme"'))
            self.assertIn('aria-hidden="true"', svg)

    def test_a_new_theme_gets_the_generic_icon(self):
        self.assertEqual(theme_icon("not-drawn-yet"), theme_icon("theme"))

    def test_a_labelled_icon_is_an_image_for_screen_readers(self):
        self.assertIn('role="img" aria-label="Imprimer"', icon("print", label="Imprimer"))
        self.assertEqual(icon("no-such-icon"), "")

    def test_wordmark_is_named(self):
        svg = wordmark()
        self.assertIn('aria-label="Co-actions"', svg)
        self.assertIn('fill="currentColor"', svg)


class TestPrint(SimpleTestCase):
    """What a sheet printed or saved as PDF leaves out (static/css/print.css)."""

    def hidden_on_paper(self):
        css = (settings.BASE_DIR / "static" / "css" / "print.css").read_text()
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        return [
            selector.strip()
            for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)
            if re.search(r"display:\s*none", body)
            for selector in selectors.split(",")
        ]

    def test_the_demonstration_notice_is_not_printed(self):
        # It was printed above the sheet, its "Close this notice" button cut at the edge.
        page = Template('{% include "includes/demo_notice.html" %}').render(
            Context(
                {
                    "settings": {"home": {"SiteSettings": {"demo_notice": True}}},
                    "request": RequestFactory().get("/en/practices/"),
                }
            )
        )
        html = BeautifulSoup(page, "html.parser")
        notice = html.select_one("[data-demo-notice]")
        self.assertIsNotNone(notice)
        self.assertTrue(
            any(notice in html.select(selector) for selector in self.hidden_on_paper()),
            f"{notice.attrs} is printed",
        )

"""The practice sheet page: sections, per-section fallback, key facts, related sheets, refs."""

import datetime

from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from bs4 import BeautifulSoup

from partners.models import PartnerPage
from practices.models import PracticeIndexPage, PracticePage
from tests.factories.home import build_site
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory, ThemeFactory
from tests.factories.projects import ProjectPageFactory


def html_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


class TestPracticePage(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        ess, transition = ThemeFactory(slug="ess"), ThemeFactory(slug="transition")
        governance = ThemeFactory(slug="governance")
        coop = PartnerPageFactory(ref="coop", name="Coopérative Garonne", country="FR")
        alpha = ProjectPageFactory(ref="alpha", acronym="ALPHA")
        PracticePageFactory(
            ref="main",
            title_fr="Jardin partagé",
            title_en="Shared garden",
            title_es="Huerto compartido",
            summary_es="Un huerto abierto a los vecinos.",
            context_fr="<p>Le quartier manquait d'espaces verts.</p>",
            context_en="<p>The neighbourhood lacked green spaces.</p>",
            context_es="<p>Al barrio le faltaban zonas verdes.</p>",
            actions_fr="<ul><li>Trouver un terrain</li><li>Réunir les voisins</li></ul>",
            results_en="<p>Forty households now <strong>grow</strong> vegetables.</p>",
            themes=[ess, transition],
            countries=["FR", "ES"],
            partners=[coop],
            projects=[alpha],
            year_started=2019,
            status="completed",
            last_reviewed=datetime.date(2025, 3, 14),
        )
        PracticePageFactory(ref="two-shared", themes=[ess, transition])
        PracticePageFactory(ref="one-shared", themes=[transition])
        PracticePageFactory(ref="unrelated", themes=[governance])
        cls.page = PracticePage.objects.get(ref="main")

    def get(self, lang, page=None, **params):
        with translation.override(lang):
            url = (page or self.page).get_url()
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return html_of(response)

    def test_sections_in_reading_order_with_their_language(self):
        html = self.get("es")
        sections = html.select("section.sheet-section")
        fields = [section.h2["id"].removeprefix("section-") for section in sections]
        self.assertEqual(fields, ["context", "actions", "results"])
        by_field = dict(zip(fields, sections, strict=True))
        self.assertFalse(by_field["context"].has_attr("lang"))
        self.assertIn("faltaban zonas verdes", by_field["context"].get_text())
        # No Spanish: French comes first in the fallback chain.
        self.assertEqual(by_field["actions"]["lang"], "fr")
        self.assertEqual(
            [li.get_text() for li in by_field["actions"].select("li")],
            ["Trouver un terrain", "Réunir les voisins"],
        )
        # Only English exists: it is shown, and marked as English.
        self.assertEqual(by_field["results"]["lang"], "en")
        self.assertEqual(by_field["results"].strong.get_text(), "grow")

    def test_english_and_french_readers(self):
        html = self.get("en")
        by_field = {
            s.h2["id"].removeprefix("section-"): s for s in html.select("section.sheet-section")
        }
        self.assertEqual(by_field["actions"]["lang"], "fr")
        self.assertFalse(by_field["results"].has_attr("lang"))
        # The page is in English, so no page-level language; the notice says part is not.
        self.assertFalse(html.select_one("main article").has_attr("lang"))
        with translation.override("en"):
            partial = gettext("Parts of this page are not yet translated into your language")
        self.assertIn(partial[:30], html.select_one(".notice-fallback").get_text())
        # A French reader gets the English-only section, marked as English.
        html = self.get("fr")
        results = html.select_one("#section-results").find_parent("section")
        self.assertEqual(results["lang"], "en")
        self.assertIn("Forty households", results.get_text())

    def test_key_facts_link_to_the_filtered_listing(self):
        html = self.get("en")
        facts = html.select_one(".sheet-facts")
        index = PracticeIndexPage.objects.get()
        with translation.override("en"):
            index_url = index.get_url()
            partner_url = PartnerPage.objects.get(ref="coop").get_url()
        hrefs = {a["href"] for a in facts.select("a")}
        self.assertIn(f"{index_url}?theme=ess", hrefs)
        self.assertIn(f"{index_url}?theme=transition", hrefs)
        self.assertIn(f"{index_url}?country=FR", hrefs)
        self.assertIn(f"{index_url}?country=ES", hrefs)
        self.assertIn(partner_url, hrefs)
        text = facts.get_text(" ", strip=True)
        for expected in ("ALPHA", "2019", "France", "Spain", "Theme ess"):
            self.assertIn(expected, text)
        self.assertIsNotNone(facts.select_one('time[datetime="2025-03-14"]'))
        # Each theme link lists this sheet.
        listing = html_of(self.client.get(f"{index_url}?theme=transition"))
        listed = [a["href"] for a in listing.select("section.results .card-title a")]
        with translation.override("en"):
            self.assertIn(self.page.get_url(), listed)

    def test_related_sheets_share_themes_most_shared_first(self):
        html = self.get("fr")
        related = html.select_one("section.related")
        with translation.override("fr"):
            urls = {p.get_url(): p.ref for p in PracticePage.objects.all()}
        refs = [urls[a["href"]] for a in related.select(".card-title a")]
        self.assertEqual(refs, ["two-shared", "one-shared"])

    def test_related_sheets_in_the_visitors_language_first(self):
        PracticePage.objects.filter(ref="two-shared").update(title_es="", summary_es="")

        def related(lang):
            with translation.override(lang):
                urls = {p.get_url(): p.ref for p in PracticePage.objects.all()}
            cards = self.get(lang).select_one("section.related").select(".card-title a")
            return [urls[a["href"]] for a in cards]

        # A Spanish reader first gets the sheet written in Spanish, then the one shown in
        # French; a French reader, who can read both, gets the closest first.
        self.assertEqual(related("es"), ["one-shared", "two-shared"])
        self.assertEqual(related("fr"), ["two-shared", "one-shared"])

    def test_no_related_section_without_shared_theme(self):
        html = self.get("fr", PracticePage.objects.get(ref="unrelated"))
        self.assertIsNone(html.select_one("section.related"))

    def test_main_image_alt_text_is_translated(self):
        image = Image.objects.create(title="Jardin", file=get_test_image_file())
        page = PracticePage.objects.get(ref="main")
        page.main_image = image
        page.main_image_alt_fr = "Des voisins arrosent les salades"
        page.main_image_alt_en = "Neighbours watering the lettuces"
        page.save_revision().publish()
        alts = {
            lang: self.get(lang).select_one(".sheet-body figure img")["alt"]
            for lang in ("fr", "en", "es")
        }
        self.assertEqual(alts["fr"], "Des voisins arrosent les salades")
        self.assertEqual(alts["en"], "Neighbours watering the lettuces")
        self.assertEqual(alts["es"], "Des voisins arrosent les salades")


class TestPageRefs(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        PracticePageFactory(ref="atelier-velo", title_fr="Vélo", title_en="", title_es="")
        cls.index = PracticeIndexPage.objects.get()

    def add(self, slug, title="Une fiche", ref=""):
        page = PracticePage(
            title=title, title_fr=title, slug=slug, slug_fr=slug, summary_fr="Résumé.", ref=ref
        )
        self.index.add_child(instance=page)
        return PracticePage.objects.get(pk=page.pk)

    def test_pages_created_without_ref_get_a_unique_one(self):
        first = self.add("jardin")
        second = self.add("jardin-2")
        clash = self.add("atelier-velo")  # this slug is already another sheet's ref
        refs = [first.ref, second.ref, clash.ref]
        self.assertTrue(all(refs), refs)
        self.assertEqual(len(set(refs + ["atelier-velo"])), 4, refs)
        for ref in refs:
            self.assertRegex(ref, r"^[a-z0-9][a-z0-9_-]*$")

    def test_given_ref_is_kept_and_stable(self):
        page = self.add("compost", ref="compost-2024")
        self.assertEqual(page.ref, "compost-2024")
        page.slug_fr = page.slug = "compostage"
        page.save_revision().publish()
        self.assertEqual(PracticePage.objects.get(pk=page.pk).ref, "compost-2024")

    def test_copied_page_gets_its_own_ref(self):
        original = PracticePage.objects.get(ref="atelier-velo")
        copy = original.copy(
            update_attrs={"slug": "atelier-velo-copie", "slug_fr": "atelier-velo-copie"}
        )
        copy = PracticePage.objects.get(pk=copy.pk)
        self.assertTrue(copy.ref)
        self.assertNotEqual(copy.ref, original.ref)
        self.assertEqual(PracticePage.objects.get(pk=original.pk).ref, "atelier-velo")

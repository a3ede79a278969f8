"""Partner organisations: listing filters, the partner page, protected email addresses."""

import base64
import re

from django.test import TestCase
from django.utils import translation

from bs4 import BeautifulSoup

from partners.models import PartnerIndexPage, PartnerPage
from practices.models import PracticePage
from projects.models import ProjectPage
from tests.factories.home import build_site
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory
from tests.factories.projects import ProjectPageFactory

EMAIL = "secretariat@lism.example.org"
PRACTICE_EMAIL = "maria.rossi@radici.example.org"


def decode_protected(html):
    """The addresses a reader's browser gets back from the protected-email spans."""
    return [
        base64.b64decode(span["data-e"]).decode()[::-1]
        for span in html.select(".protected-email[data-e]")
    ]


class TestPartners(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        lism = PartnerPageFactory(
            ref="lism",
            name="Laboratoire LISM",
            country="BE",
            organisation_type="research_centre",
            email=EMAIL,
            city="Liège",
            member_since=2018,
            description_fr="<p>Un <strong>laboratoire</strong> de recherche.</p>",
            description_en="<p>A research <strong>laboratory</strong>.</p>",
            description_es="",
        )
        PartnerPageFactory(
            ref="passerelles", name="Passerelles", country="BE", organisation_type="ngo"
        )
        radici = PartnerPageFactory(
            ref="radici", name="Radici Comuni", country="IT", organisation_type="cooperative"
        )
        garonne = PartnerPageFactory(
            ref="garonne", name="Réseau Garonne", country="FR", organisation_type="network"
        )
        ProjectPageFactory(ref="govshare", coordinator=radici, partners=[radici, lism])
        ProjectPageFactory(ref="led-by-lism", coordinator=lism)
        ProjectPageFactory(ref="elsewhere", coordinator=garonne, partners=[garonne])
        PracticePageFactory(
            ref="lism-sheet",
            partners=[lism],
            title_fr="Fiche LISM",
            title_en="",
            title_es="",
            contact_name="Maria Rossi",
            contact_email=PRACTICE_EMAIL,
        )
        PracticePageFactory(
            ref="other-sheet", partners=[radici], title_fr="Autre fiche", title_en="", title_es=""
        )
        cls.index = PartnerIndexPage.objects.get()

    def get(self, page, lang="fr", **params):
        with translation.override(lang):
            url = page.get_url()
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return response

    def listed(self, **params):
        html = BeautifulSoup(self.get(self.index, **params).content.decode(), "html.parser")
        return sorted(a.get_text(strip=True) for a in html.select("section.results .card-title a"))

    def test_filters(self):
        self.assertEqual(self.listed(country="BE"), ["Laboratoire LISM", "Passerelles"])
        self.assertEqual(
            self.listed(country=["BE", "IT"]), ["Laboratoire LISM", "Passerelles", "Radici Comuni"]
        )
        self.assertEqual(
            self.listed(organisation_type=["ngo", "network"]), ["Passerelles", "Réseau Garonne"]
        )
        self.assertEqual(self.listed(country="BE", organisation_type="ngo"), ["Passerelles"])
        self.assertEqual(self.listed(country="IT", organisation_type="ngo"), [])
        self.assertEqual(len(self.listed()), 4)

    def test_country_filter_offers_the_partners_countries(self):
        html = BeautifulSoup(self.get(self.index, "en").content.decode(), "html.parser")
        offered = [box["value"] for box in html.select('input[name="country"]')]
        self.assertEqual(sorted(offered), ["BE", "FR", "IT"])

    def test_unknown_filter_value_is_reported_not_an_error(self):
        response = self.get(self.index, country="XX")
        html = BeautifulSoup(response.content.decode(), "html.parser")
        self.assertIsNotNone(html.select_one(".filters .notice-error"))

    def test_partner_page_lists_projects_and_practices(self):
        lism = PartnerPage.objects.get(ref="lism")
        html = BeautifulSoup(self.get(lism, "en").content.decode(), "html.parser")
        self.assertIn("Laboratoire LISM", html.h1.get_text())
        projects = sorted(a["href"] for a in html.select(".project-card .card-title a"))
        with translation.override("en"):
            # One where LISM is a partner, one it coordinates; not the others.
            expected = sorted(
                ProjectPage.objects.get(ref=ref).get_url() for ref in ("govshare", "led-by-lism")
            )
            sheet = PracticePage.objects.get(ref="lism-sheet").get_url()
        self.assertEqual(projects, expected)
        self.assertEqual([a["href"] for a in html.select(".practice-card .card-title a")], [sheet])
        facts = html.select_one(".sheet-facts").get_text(" ", strip=True)
        self.assertIn("Liège", facts)
        self.assertIn("Belgium", facts)
        self.assertIn("2018", facts)
        self.assertIsNotNone(html.select_one(".sheet-body strong"))

    def test_place_is_labelled_by_what_it_names(self):
        def fact(ref, lang):
            html = BeautifulSoup(
                self.get(PartnerPage.objects.get(ref=ref), lang).content.decode(), "html.parser"
            )
            label = html.select_one(".sheet-facts dd .icon, .sheet-facts dd svg")
            term = label.find_parent("dd").find_previous_sibling("dt")
            return term.get_text(strip=True), term.find_next_sibling("dd").get_text(" ", strip=True)

        # A city with its country is a place, not a country.
        self.assertEqual(fact("lism", "es"), ("Ubicación", "Liège, Bélgica"))
        self.assertEqual(fact("lism", "fr"), ("Lieu", "Liège, Belgique"))
        self.assertEqual(fact("passerelles", "es"), ("País", "Bélgica"))

    def test_description_fallback(self):
        lism = PartnerPage.objects.get(ref="lism")
        html = BeautifulSoup(self.get(lism, "es").content.decode(), "html.parser")
        self.assertIsNotNone(html.select_one(".notice-fallback"))
        self.assertEqual(html.select_one("main article")["lang"], "fr")
        self.assertIn("laboratoire", html.select_one(".sheet-body").get_text())

    def test_email_is_never_in_plain_html(self):
        lism = PartnerPage.objects.get(ref="lism")
        practice = PracticePage.objects.get(ref="lism-sheet")
        pages = [
            (lism, EMAIL),
            (practice, PRACTICE_EMAIL),
            (self.index, EMAIL),
        ]
        for page, address in pages:
            for lang in ("fr", "en", "es"):
                with self.subTest(page=page.title, lang=lang):
                    content = self.get(page, lang).content.decode()
                    self.assertNotIn(address, content)
                    self.assertNotIn(address.split("@")[0] + "@", content)
                    self.assertNotIn("mailto:" + address, content)
                    escaped = "".join(f"&#{ord(ch)};" for ch in address)
                    self.assertNotIn(escaped, content)
                    self.assertIsNone(re.search(r"[\w.+-]+@lism\.example", content))
        # The readers' browsers can still build the link.
        html = BeautifulSoup(self.get(lism, "en").content.decode(), "html.parser")
        self.assertEqual(decode_protected(html.main), [EMAIL])
        html = BeautifulSoup(self.get(practice, "en").content.decode(), "html.parser")
        self.assertEqual(decode_protected(html.main), [PRACTICE_EMAIL])

"""Sharing and feeds: og:image cards, twitter:card, og:locale, JSON-LD and Atom feeds."""

import io
import json
import shutil
import tempfile
from xml.etree import ElementTree

from django.core.files.storage import default_storage
from django.test import TestCase, override_settings
from django.utils import translation

from bs4 import BeautifulSoup
from PIL import Image

from tests.factories.browser import page_html
from tests.factories.home import build_site, index_page
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory, ThemeFactory
from tests.factories.projects import ProjectPageFactory

MEDIA = tempfile.mkdtemp()
ATOM = "{http://www.w3.org/2005/Atom}"


def meta(html, key):
    tag = html.find("meta", attrs={"property": key}) or html.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def json_ld(html):
    return [json.loads(s.string) for s in html.select("script[type='application/ld+json']")]


@override_settings(MEDIA_ROOT=MEDIA)
class TestSharingCards(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        cls.theme = ThemeFactory(slug="ess", name_fr="Économie sociale", name_es="Economía social")
        cls.sheet = PracticePageFactory(ref="garden", title_es="", themes=[cls.theme])

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def card_url(self, page, lang, host="localhost"):
        with translation.override(lang):
            url = page.get_url()
        response = self.client.get(url, HTTP_HOST=host)
        html = BeautifulSoup(response.content.decode(), "html.parser")
        return html, meta(html, "og:image")

    def test_every_page_has_an_absolute_card_on_the_requests_host(self):
        for page in (self.home, self.sheet, index_page("partners.PartnerIndexPage")):
            html, url = self.card_url(page, "en")
            self.assertTrue(url.startswith("http://localhost/og/"), url)
            self.assertEqual(meta(html, "twitter:card"), "summary_large_image")
            self.assertEqual(meta(html, "twitter:image"), url)
        response = self.client.get("/en/search/", {"q": "garden"})
        url = meta(BeautifulSoup(response.content.decode(), "html.parser"), "og:image")
        self.assertRegex(url, r"^http://testserver/og/site/en-[0-9a-f]{16}\.png$")

    def test_card_is_a_1200x630_png_served_from_storage(self):
        _html, url = self.card_url(self.sheet, "es")
        path = url.removeprefix("http://localhost")
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertIn("immutable", response["Cache-Control"])
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        self.assertEqual(image.size, (1200, 630))
        self.assertTrue(default_storage.exists(path.removeprefix("/")))

    def test_a_published_change_gives_a_new_card_and_drops_the_old(self):
        _html, old = self.card_url(self.sheet, "fr")
        old_path = old.removeprefix("http://localhost")
        self.client.get(old_path)
        self.assertTrue(default_storage.exists(old_path.removeprefix("/")))
        self.sheet.title_fr = "Jardin partagé renommé"
        self.sheet.save_revision().publish()
        self.assertFalse(default_storage.exists(old_path.removeprefix("/")))
        _html, new = self.card_url(self.sheet, "fr")
        self.assertNotEqual(new, old)
        # An old link preview asking for the old card gets the current one.
        response = self.client.get(old_path)
        self.assertRedirects(
            response, new.removeprefix("http://localhost"), fetch_redirect_response=False
        )

    def test_no_card_for_a_page_the_public_cannot_see(self):
        draft = PracticePageFactory(ref="draft", live=False)
        response = self.client.get(f"/og/{draft.pk}/fr-0123456789abcdef.png")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get("/og/site/xx-0123456789abcdef.png").status_code, 404)

    def test_og_locale_is_the_language_shown(self):
        html, _url = self.card_url(self.sheet, "es")
        self.assertEqual(meta(html, "og:locale"), "fr_FR")
        html, _url = self.card_url(self.sheet, "en")
        self.assertEqual(meta(html, "og:locale"), "en_GB")


class TestStructuredData(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        cls.partner = PartnerPageFactory(
            ref="boreale",
            name="Boréale",
            country="CA",
            city="Saguenay",
            acronym="CSB",
            latitude=48.43,
            longitude=-71.07,
            website="https://boreale.example/",
        )
        cls.project = ProjectPageFactory(
            ref="atlantic", coordinator=cls.partner, partners=[cls.partner]
        )
        cls.sheet = PracticePageFactory(ref="open-books", partners=[cls.partner])

    def test_partner_is_an_organization(self):
        data = json_ld(page_html(self.client, self.partner, "en"))
        organisation = data[0]
        self.assertEqual(organisation["@type"], "Organization")
        self.assertEqual(organisation["name"], "Boréale")
        self.assertEqual(organisation["alternateName"], "CSB")
        self.assertEqual(organisation["address"]["addressCountry"], "CA")
        self.assertEqual(organisation["location"]["geo"]["latitude"], 48.43)
        self.assertEqual(organisation["sameAs"], ["https://boreale.example/"])

    def test_project_and_sheet_and_breadcrumbs(self):
        project, crumbs = json_ld(page_html(self.client, self.project, "fr"))
        self.assertEqual(project["@type"], "Project")
        self.assertEqual([m["name"] for m in project["member"]], ["Boréale"])
        sheet, crumbs = json_ld(page_html(self.client, self.sheet, "es"))
        self.assertEqual(sheet["@type"], "CreativeWork")
        self.assertEqual(sheet["inLanguage"], "es")
        self.assertEqual(sheet["license"], "https://creativecommons.org/licenses/by-sa/4.0/")
        self.assertEqual(crumbs["@type"], "BreadcrumbList")
        with translation.override("es"):
            self.assertEqual(
                [item["item"] for item in crumbs["itemListElement"]],
                [
                    "http://testserver" + page.get_url()
                    for page in (self.home, self.sheet.get_parent(), self.sheet)
                ],
            )

    def test_every_catalogue_page_leads_back_to_its_listing(self):
        # Partner and project pages had no way back but the menu; sheets had this link.
        for page in (self.partner, self.project, self.sheet):
            for lang in ("fr", "en", "es"):
                with self.subTest(page=page.title, lang=lang):
                    link = page_html(self.client, page, lang).select_one("nav.breadcrumb a")
                    with translation.override(lang):
                        listing = page.get_parent()
                        self.assertEqual(link["href"], listing.get_url())
                        self.assertEqual(link.get_text(), listing.title)

    def test_text_cannot_close_the_script_element(self):
        self.sheet.summary_fr = "Une </script><script>alert(1)</script> fiche"
        self.sheet.save_revision().publish()
        html = page_html(self.client, self.sheet, "fr")
        self.assertEqual(json_ld(html)[0]["description"], self.sheet.summary_fr)
        self.assertFalse(
            [s for s in html.select("script") if "alert" in (s.string or "") and not s.get("type")]
        )


class TestFeeds(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.everywhere = PracticePageFactory(ref="everywhere")
        cls.french = PracticePageFactory(ref="french", title_en="", title_es="")

    def entries(self, lang):
        response = self.client.get(f"/{lang}/feed.atom")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
        feed = ElementTree.fromstring(response.content)
        return feed, [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]

    def test_one_feed_per_language_of_sheets_written_in_it(self):
        feed, titles = self.entries("fr")
        self.assertEqual(titles, ["Pratique french", "Pratique everywhere"])
        self.assertEqual(feed.get("{http://www.w3.org/XML/1998/namespace}lang"), "fr")
        _feed, titles = self.entries("es")
        self.assertEqual(titles, ["Práctica everywhere"])

    def test_every_page_advertises_its_languages_feed(self):
        html = page_html(self.client, self.everywhere, "en")
        link = html.find("link", attrs={"type": "application/atom+xml"})
        self.assertEqual(link["rel"], ["alternate"])
        self.assertEqual(link["href"], "/en/feed.atom")

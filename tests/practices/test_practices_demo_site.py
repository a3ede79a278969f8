"""The site with the demo catalogue loaded, as `make run` shows it (one import per class)."""

import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.test import TestCase
from django.utils import translation

from wagtail.models import Page, Revision

from bs4 import BeautifulSoup

from catalogue.io import export_catalogue, import_catalogue
from home.models import ContentPage, HomePage
from partners.models import PartnerIndexPage, PartnerPage
from practices.models import PracticeIndexPage, PracticePage, Theme
from projects.models import ProjectIndexPage, ProjectPage
from tests.factories.home import build_site
from tests.factories.rows import load_demo

LANGS = ("fr", "en", "es")


def html_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


class TestDemoSite(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        cls.report = load_demo()
        cls.index = PracticeIndexPage.objects.get()

    def get(self, page, lang, **params):
        with translation.override(lang):
            url = page.get_url()
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, url)
        return response

    def listing_refs(self, response, lang):
        html = html_of(response)
        with translation.override(lang):
            refs = {page.get_url(): page.ref for page in PracticePage.objects.all()}
        return [refs[a["href"]] for a in html.select("section.results .card-title a")]

    def test_demo_import_counts(self):
        created = {sheet: counts["created"] for sheet, counts in self.report.counts.items()}
        self.assertEqual(
            created,
            {
                # The demo file defines no theme: the seed themes come from a migration.
                "themes": 0,
                "partners": PartnerPage.objects.live().count(),
                "projects": ProjectPage.objects.live().count(),
                "practices": PracticePage.objects.live().count(),
                # The demo file has no glossary: the site's own (a data migration) stays.
                "glossary": 0,
            },
        )
        self.assertGreaterEqual(created["practices"], 30)

    def test_every_page_type_in_every_language(self):
        models = [
            HomePage,
            ContentPage,
            PracticeIndexPage,
            PracticePage,
            PartnerIndexPage,
            PartnerPage,
            ProjectIndexPage,
            ProjectPage,
        ]
        for model in models:
            page = model.objects.live().order_by("pk").first()
            for lang in LANGS:
                with self.subTest(model=model.__name__, lang=lang):
                    html = html_of(self.get(page, lang))
                    self.assertEqual(html.html["lang"], lang)
                    self.assertEqual(
                        html.select_one("link[rel=canonical]")["href"],
                        "http://testserver" + self.url(page, lang),
                    )
                    with translation.override(lang):
                        title = page.title
                    # French typography: a narrow no-break space before ":".
                    self.assertIn(title, html.h1.get_text().replace("\u202f", " "))

    def url(self, page, lang):
        with translation.override(lang):
            return page.get_url()

    def test_every_live_page_answers_in_every_language(self):
        pages = Page.objects.live().descendant_of(self.home, inclusive=True).specific()
        seen = set()
        for page in pages:
            for lang in LANGS:
                url = self.url(page, lang)
                self.assertNotIn(url, seen)
                seen.add(url)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
        self.assertEqual(len(seen), 3 * pages.count())

    def test_sheets_missing_spanish_show_the_fallback(self):
        untranslated = PracticePage.objects.filter(title_es="")
        self.assertTrue(untranslated.exists())
        for page in untranslated:
            html = html_of(self.get(page, "es"))
            self.assertIsNotNone(html.select_one(".notice-fallback"), page.ref)
            self.assertEqual(html.select_one("main article")["lang"], "fr")
            # French typography turns the space before ":" into a narrow no-break one.
            shown = html.h1.get_text(strip=True).replace("\u202f", " ")
            self.assertEqual(shown, page.title_fr)
        translated = PracticePage.objects.exclude(title_es="").first()
        self.assertIsNone(html_of(self.get(translated, "es")).select_one(".notice-fallback"))

    def test_home_page(self):
        for lang in LANGS:
            with self.subTest(lang=lang):
                html = html_of(self.get(self.home, lang))
                # Main navigation: Practices, Partners, Projects.
                nav = {a["href"] for a in html.select("nav.main-nav a")}
                for model in (PracticeIndexPage, PartnerIndexPage, ProjectIndexPage):
                    self.assertIn(self.url(model.objects.get(), lang), nav)
                # Figures.
                numbers = [int(n.get_text()) for n in html.select(".stats .stat-number")]
                practices = PracticePage.objects.live()
                partners = PartnerPage.objects.live()
                countries = set(partners.values_list("country", flat=True))
                for page in practices:
                    countries |= {country.code for country in page.countries}
                self.assertEqual(
                    numbers,
                    [
                        practices.count(),
                        partners.count(),
                        len(countries),
                        ProjectPage.objects.live().count(),
                    ],
                )
                # Latest sheets, those written in the visitor's language first, then
                # the most recent first.
                latest = [a["href"] for a in html.select(".practice-card .card-title a")]
                ordered = sorted(
                    practices.order_by("-last_published_at", "-pk"),
                    key=lambda page: not getattr(page, f"title_{lang}"),
                )
                with translation.override(lang):
                    expected = [page.get_url() for page in ordered[: len(latest)]]
                if lang == "es":
                    # The demo has 27 Spanish sheets: no French one among the latest.
                    self.assertTrue(all(page.title_es for page in ordered[: len(latest)]))
                self.assertGreaterEqual(len(latest), 3)
                self.assertEqual(latest, expected)

    def test_home_themes_lead_to_the_filtered_listing(self):
        html = html_of(self.get(self.home, "en"))
        links = html.select(".theme-card a")
        self.assertEqual(len(links), 4)
        for link in links:
            slug = parse_qs(urlsplit(link["href"]).query)["theme"][0]
            theme = Theme.objects.get(slug=slug)
            self.assertEqual(link.get_text(strip=True), theme.name_en)
            response = self.client.get(link["href"])
            self.assertEqual(response.status_code, 200)
            expected = PracticePage.objects.live().filter(themes=theme).count()
            self.assertEqual(response.context["results_page"].paginator.count, expected)

    def test_pagination_keeps_the_filters(self):
        expected = {
            page.ref
            for page in PracticePage.objects.live()
            if "FR" in [c.code for c in page.countries]
        }
        self.assertGreater(len(expected), 12, "the filter must need more than one page")
        with translation.override("en"):
            url = self.index.get_url()
        seen, pages = [], 0
        next_url = f"{url}?country=FR"
        while next_url:
            response = self.client.get(next_url)
            self.assertEqual(response.status_code, 200)
            pages += 1
            seen += self.listing_refs(response, "en")
            html = html_of(response)
            checked = [box["value"] for box in html.select('input[name="country"][checked]')]
            self.assertEqual(checked, ["FR"])
            for link in html.select("nav.pagination a"):
                self.assertEqual(parse_qs(urlsplit(link["href"]).query)["country"], ["FR"])
            following = html.select_one('nav.pagination a[rel="next"]')
            next_url = url + following["href"] if following else None
        self.assertEqual(pages, 2)
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(set(seen), expected)

    def test_out_of_range_page_shows_the_last_page(self):
        response = self.client.get(self.url(self.index, "fr"), {"page": "99"})
        self.assertEqual(response.status_code, 200)
        paginator_page = response.context["results_page"]
        self.assertEqual(paginator_page.number, paginator_page.paginator.num_pages)

    def test_reimporting_the_demo_changes_nothing(self):
        revisions, pages = Revision.objects.count(), Page.objects.count()
        report = load_demo()
        for sheet, counts in report.counts.items():
            self.assertEqual(counts["created"], 0, sheet)
            self.assertEqual(counts["updated"], 0, sheet)
            self.assertEqual(counts["unchanged"], self.report.counts[sheet]["created"], sheet)
        self.assertEqual((Revision.objects.count(), Page.objects.count()), (revisions, pages))

    def test_json_round_trip_into_an_empty_site_is_byte_identical(self):
        tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        export_catalogue(tmp / "first.json")
        for model in (PracticePage, ProjectPage, PartnerPage):
            for page in model.objects.all():
                page.delete()
        Theme.objects.all().delete()
        # Rows exported from the pages just deleted: re-creating them needs the user's word.
        report = import_catalogue(tmp / "first.json", overwrite_newer=True)
        self.assertEqual(
            report.counts["practices"]["created"], self.report.counts["practices"]["created"]
        )
        export_catalogue(tmp / "second.json")
        # Every column but `updated_at` (when each page was last published), and the
        # file's own time.
        first, second = (
            re.sub(rb'"(updated_at|exported_at)": "[^"]*"', b"", (tmp / name).read_bytes())
            for name in ("first.json", "second.json")
        )
        self.assertEqual(first, second)

    def test_demo_shows_no_placeholder_and_partners_do_not_repeat_they_are_fictional(self):
        for lang in LANGS:
            for page in (self.home, PartnerPage.objects.get(ref="boreale")):
                text = html_of(self.get(page, lang)).get_text()
                for placeholder in ("compléter", "to be completed", "por completar", "00 00 00"):
                    self.assertNotIn(placeholder, text, (page, lang))
        for partner in PartnerPage.objects.all():
            for lang in LANGS:
                description = getattr(partner, f"description_{lang}") or ""
                for word in ("fictive", "fictif", "fictional", "ficticia", "imaginaire"):
                    self.assertNotIn(word, description, (partner.ref, lang))

    def test_demo_partners_are_on_the_map_at_their_cities(self):
        partners = PartnerPage.objects.all()
        self.assertTrue(all(p.has_location for p in partners))
        liege = partners.get(ref="passerelles")
        self.assertAlmostEqual(liege.latitude, 50.63, places=2)
        html = html_of(self.get(self.home, "en"))
        self.assertEqual(len(html.select("#home-map-title ~ .map-frame a.map-partner")), 12)

    def test_contact_roles_are_translated(self):
        sheet = PracticePage.objects.exclude(contact_role_fr="").exclude(title_es="").first()
        self.assertTrue(sheet.contact_role_en and sheet.contact_role_es)
        for lang in LANGS:
            facts = html_of(self.get(sheet, lang)).select_one(".sheet-facts").get_text()
            self.assertIn(getattr(sheet, f"contact_role_{lang}"), facts)

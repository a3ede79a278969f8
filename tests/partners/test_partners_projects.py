"""Cooperation projects: status from dates, date rules, listing and detail page."""

import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.test import SimpleTestCase, TestCase
from django.utils import timezone, translation

import pytest
from bs4 import BeautifulSoup

from catalogue.io import CatalogueError
from partners.models import PartnerPage
from projects.choices import ProjectStatus
from projects.models import ProjectIndexPage, ProjectPage
from tests.factories.home import build_site
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory
from tests.factories.projects import ProjectPageFactory, paragraph
from tests.factories.rows import import_rows, project_row

DAY = datetime.timedelta(days=1)


pytestmark = pytest.mark.usefixtures("english_messages")


class TestProjectStatus(SimpleTestCase):
    def project(self, start, end=None):
        return ProjectPage(title="P", start_date=start, end_date=end)

    def test_status_from_dates(self):
        today = datetime.date(2025, 6, 15)
        cases = [
            (today + DAY, today + 400 * DAY, ProjectStatus.PLANNED),
            (today + DAY, None, ProjectStatus.PLANNED),
            (today, today + DAY, ProjectStatus.ONGOING),
            (today - 400 * DAY, today, ProjectStatus.ONGOING),
            (today - 400 * DAY, None, ProjectStatus.ONGOING),
            (today - 400 * DAY, today - DAY, ProjectStatus.COMPLETED),
        ]
        for start, end, expected in cases:
            with self.subTest(start=start, end=end):
                self.assertEqual(self.project(start, end).get_status(today=today), expected)

    def test_status_moves_with_time_without_saving(self):
        project = self.project(datetime.date(2030, 1, 1), datetime.date(2031, 12, 31))
        self.assertEqual(project.get_status(datetime.date(2029, 12, 31)), ProjectStatus.PLANNED)
        self.assertEqual(project.get_status(datetime.date(2030, 1, 1)), ProjectStatus.ONGOING)
        self.assertEqual(project.get_status(datetime.date(2032, 1, 1)), ProjectStatus.COMPLETED)

    def test_status_is_never_stored(self):
        with self.assertRaises(FieldDoesNotExist):
            ProjectPage._meta.get_field("status")

    def test_end_before_start_is_rejected(self):
        project = self.project(datetime.date(2024, 5, 1), datetime.date(2024, 4, 30))
        with self.assertRaises(ValidationError) as raised:
            project.clean()
        self.assertIn("end_date", raised.exception.message_dict)
        # A one-day project is fine.
        self.project(datetime.date(2024, 5, 1), datetime.date(2024, 5, 1)).clean()


class TestProjectPages(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        today = timezone.localdate()
        coop_fr = PartnerPageFactory(ref="coop-fr", name="Coopérative Garonne", country="FR")
        asso_be = PartnerPageFactory(ref="asso-be", name="Passerelles ASBL", country="BE")
        coop_pt = PartnerPageFactory(ref="coop-pt", name="Ponte Solidária", country="PT")
        ProjectPageFactory(
            ref="past",
            start_date=today - 900 * DAY,
            end_date=today - DAY,
            programme="interreg",
            coordinator=coop_fr,
            partners=[coop_fr, asso_be],
        )
        now = ProjectPageFactory(
            ref="now",
            start_date=today - 10 * DAY,
            end_date=today + 300 * DAY,
            coordinator=coop_pt,
            partners=[asso_be],
            description_fr=paragraph(
                "<p>Un projet <strong>européen</strong>.</p><ul><li>premier point</li>"
                "<li>second point</li></ul>"
            ),
            description_en=paragraph("<p>A <strong>European</strong> project.</p>"),
        )
        ProjectPageFactory(
            ref="open-ended", start_date=today - 10 * DAY, end_date=None, programme="esf"
        )
        # A week ahead, so a run that crosses midnight still sees it planned.
        ProjectPageFactory(ref="future", start_date=today + 7 * DAY, end_date=today + 700 * DAY)
        PracticePageFactory(
            ref="sheet-now", projects=[now], title_fr="Fiche du projet", title_en="", title_es=""
        )
        cls.index = ProjectIndexPage.objects.get()

    def listing(self, lang="en", **params):
        with translation.override(lang):
            url = self.index.get_url()
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        html = BeautifulSoup(response.content.decode(), "html.parser")
        links = [a["href"] for a in html.select("section.results .card-title a")]
        with translation.override(lang):
            by_url = {project.get_url(): project.ref for project in ProjectPage.objects.all()}
        return sorted(by_url[href] for href in links)

    def test_status_filter_follows_the_dates(self):
        self.assertEqual(self.listing(status="planned"), ["future"])
        self.assertEqual(self.listing(status="ongoing"), ["now", "open-ended"])
        self.assertEqual(self.listing(status="completed"), ["past"])
        self.assertEqual(self.listing(status=["planned", "completed"]), ["future", "past"])
        self.assertEqual(self.listing(), ["future", "now", "open-ended", "past"])

    def test_programme_and_status_combine(self):
        self.assertEqual(self.listing(programme="esf", status="ongoing"), ["open-ended"])
        self.assertEqual(self.listing(programme="interreg", status="ongoing"), [])

    def test_country_filter_reads_the_partners_and_the_coordinator(self):
        self.assertEqual(self.listing(lang="es", country="BE"), ["now", "past"])
        # Portugal: the coordinator's country only.
        self.assertEqual(self.listing(country="PT"), ["now"])
        self.assertEqual(self.listing(country=["FR", "PT"]), ["now", "past"])
        # A partner nobody may see gives its project no country.
        PartnerPage.objects.get(ref="coop-pt").unpublish()
        self.assertEqual(self.listing(country="PT"), ["future", "now", "open-ended", "past"])
        page = self.client.get(self.index.get_url()).content.decode()
        self.assertIn('name="country" value="BE"', page)
        self.assertNotIn('name="country" value="PT"', page)

    def test_page_shows_status_partners_countries_and_practices(self):
        project = ProjectPage.objects.get(ref="now")
        with translation.override("en"):
            response = self.client.get(project.get_url())
            status_label = str(ProjectStatus.ONGOING.label)
        self.assertEqual(response.status_code, 200)
        html = BeautifulSoup(response.content.decode(), "html.parser")
        facts = html.select_one(".sheet-facts").get_text(" ", strip=True)
        self.assertIn(status_label, facts)
        # The coordinator is listed with the partners even though not in the ordered list.
        names = [a.get_text(strip=True) for a in html.select(".partner-card .card-title a")]
        self.assertEqual(names, ["Ponte Solidária", "Passerelles ASBL"])
        self.assertIn("Portugal", facts)
        self.assertIn("Belgium", facts)
        self.assertNotIn("France", facts)
        practices = [a.get_text(strip=True) for a in html.select(".practice-card .card-title a")]
        self.assertEqual(practices, ["Fiche du projet"])
        body = html.select_one(".sheet-body")
        self.assertIsNotNone(body.find("strong", string="European"))

    def test_description_falls_back_to_french_with_lang(self):
        project = ProjectPage.objects.get(ref="now")
        with translation.override("es"):
            response = self.client.get(project.get_url())
        html = BeautifulSoup(response.content.decode(), "html.parser")
        body = html.select_one(".sheet-body")
        self.assertEqual(body["lang"], "fr")
        self.assertEqual(
            [li.get_text() for li in body.select("li")], ["premier point", "second point"]
        )

    def test_import_rejects_end_before_start(self):
        with self.assertRaises(CatalogueError) as raised:
            import_rows(
                projects=[project_row("bad", start_date="2024-05-01", end_date="2024-04-30")]
            )
        self.assertEqual(
            raised.exception.messages,
            ["projects, item 1, column 'end_date': the end date is before the start date"],
        )
        self.assertFalse(ProjectPage.objects.filter(ref="bad").exists())

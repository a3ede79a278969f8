"""Pages cost the same number of SQL queries with 1 or 10 themes, partners, projects, sheets."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import PageViewRestriction

from partners.models import PartnerIndexPage, PartnerPage
from practices.models import PracticeIndexPage, PracticePage
from projects.models import ProjectIndexPage, ProjectPage
from tests.factories.home import build_site
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory, ThemeFactory
from tests.factories.projects import ProjectPageFactory

N = 10
COUNTRIES = ["FR", "ES", "BE", "IT", "PT", "CA", "DE", "NL", "AT", "PL"]


class TestQueryCounts(TestCase):
    """`one` has 1 of everything attached, `many` has 10; their pages must cost the same."""

    @classmethod
    def setUpTestData(cls):
        build_site()
        themes = [ThemeFactory(slug=f"t{i}") for i in range(N)]
        pair = ThemeFactory(slug="pair")
        solo = PartnerPageFactory(ref="solo", country="FR")
        orgs = [PartnerPageFactory(ref=f"org{i}", country=COUNTRIES[i]) for i in range(N)]
        solo_project = ProjectPageFactory(
            ref="solo-project", coordinator=solo, partners=[solo], programme="regional"
        )
        projects = [
            ProjectPageFactory(ref=f"proj{i}", coordinator=orgs[0], partners=orgs) for i in range(N)
        ]
        PracticePageFactory(
            ref="one",
            themes=[themes[0]],
            partners=[solo],
            projects=[solo_project],
            countries=["FR"],
        )
        # Each other's only related sheet.
        PracticePageFactory(ref="pair-a", themes=[pair], partners=[solo], projects=[solo_project])
        PracticePageFactory(ref="pair-b", themes=[pair])
        for i in range(N):
            PracticePageFactory(
                ref=f"many{i}", themes=themes, partners=orgs, projects=projects, countries=COUNTRIES
            )

    def queries(self, url, **params):
        self.client.get(url, params)  # warm the per-process caches (content types, site)
        with CaptureQueriesContext(connection) as context:
            response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, url)
        return len(context.captured_queries), response

    def assertSameCost(self, url_one, url_many, params_one=None, params_many=None):
        for lang in ("fr", "en"):
            with translation.override(lang):
                one, many = url_one(), url_many()
            count_one, _ = self.queries(one, **(params_one or {}))
            count_many, _ = self.queries(many, **(params_many or {}))
            self.assertEqual(
                count_many,
                count_one,
                f"{many} runs {count_many} queries, {one} runs {count_one}",
            )

    def test_practice_page(self):
        self.assertSameCost(
            lambda: PracticePage.objects.get(ref="one").get_url(),
            lambda: PracticePage.objects.get(ref="many0").get_url(),
        )

    def test_practice_page_related_sheets(self):
        # 1 theme and 1 related sheet, against 10 themes and 3 related sheets.
        self.assertSameCost(
            lambda: PracticePage.objects.get(ref="pair-a").get_url(),
            lambda: PracticePage.objects.get(ref="many0").get_url(),
        )

    def test_project_page(self):
        # 1 partner and 1 sheet, against 10 partners and 10 sheets.
        self.assertSameCost(
            lambda: ProjectPage.objects.get(ref="solo-project").get_url(),
            lambda: ProjectPage.objects.get(ref="proj0").get_url(),
        )

    def test_partner_page(self):
        # 1 project and 1 sheet, against 10 projects and 10 sheets.
        self.assertSameCost(
            lambda: PartnerPage.objects.get(ref="solo").get_url(),
            lambda: PartnerPage.objects.get(ref="org0").get_url(),
        )

    def test_practice_listing(self):
        # 1 card with 1 theme, against 10 cards with 10 themes each.
        index = lambda: PracticeIndexPage.objects.get().get_url()  # noqa: E731
        self.assertSameCost(
            index, index, params_one={"project": "solo-project"}, params_many={"project": "proj0"}
        )
        count, response = self.queries(index(), project="proj0")
        self.assertEqual(response.context["results_page"].paginator.count, N)

    def test_project_listing(self):
        index = lambda: ProjectIndexPage.objects.get().get_url()  # noqa: E731
        self.assertSameCost(
            index,
            index,
            params_one={"programme": "regional"},
            params_many={"programme": "erasmus_plus"},
        )

    def test_partner_listing(self):
        index = lambda: PartnerIndexPage.objects.get().get_url()  # noqa: E731
        self.assertSameCost(
            index,
            index,
            params_one={"country": "DE"},
            params_many={"country": ["FR", "ES", "BE", "IT"]},
        )

    def test_home_page(self):
        # The latest sheets shown on the home page carry 1 or 10 themes.
        home = lambda: PracticeIndexPage.objects.get().get_parent().get_url()  # noqa: E731
        count_before, _ = self.queries(home())
        page = PracticePage.objects.get(ref="one")
        page.save_revision().publish()  # now the most recent sheet, with 1 theme
        count_after, _ = self.queries(home())
        self.assertEqual(count_after, count_before)

    def test_each_page_reads_the_hidden_branches_once(self):
        # A sheet asks which branches are hidden for its related sheets, partners and
        # projects, its listings for their cards and filters: one read serves them all.
        restricted = PartnerPage.objects.get(ref="org9")
        PageViewRestriction.objects.create(page=restricted, restriction_type="login")
        pages = [
            PracticePage.objects.get(ref="many0"),
            PracticeIndexPage.objects.get(),
            ProjectPage.objects.get(ref="proj0"),
            PracticeIndexPage.objects.get().get_parent(),
        ]
        for page in pages:
            with self.subTest(page=page.url_path):
                self.client.get(page.url)
                with CaptureQueriesContext(connection) as context:
                    response = self.client.get(page.url)
                restrictions = [
                    query["sql"]
                    for query in context.captured_queries
                    if 'FROM "wagtailcore_pageviewrestriction" INNER JOIN' in query["sql"]
                ]
                self.assertEqual(len(restrictions), 1, restrictions)
                # And what it reads is applied: the restricted partner is not shown.
                self.assertNotIn(restricted.title, response.content.decode())

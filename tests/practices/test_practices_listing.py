"""The practice listing: facets (OR within, AND across), order, filters without JavaScript."""

from django.test import TestCase
from django.utils import translation

from bs4 import BeautifulSoup

from practices.models import PracticeIndexPage, PracticePage
from tests.factories.home import build_site
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory, ThemeFactory
from tests.factories.projects import ProjectPageFactory


class TestPracticeFilters(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        ess, transition = ThemeFactory(slug="ess"), ThemeFactory(slug="transition")
        ThemeFactory(slug="governance")
        coop = PartnerPageFactory(ref="coop", country="FR")
        muni = PartnerPageFactory(ref="muni", country="ES", organisation_type="local_authority")
        alpha, beta = ProjectPageFactory(ref="alpha"), ProjectPageFactory(ref="beta")
        PracticePageFactory(
            ref="s1",
            themes=[ess],
            countries=["FR"],
            partners=[coop],
            projects=[alpha],
            status="ongoing",
        )
        PracticePageFactory(
            ref="s2",
            themes=[transition],
            countries=["ES"],
            partners=[muni],
            projects=[beta],
            status="completed",
        )
        PracticePageFactory(
            ref="s3",
            themes=[ess, transition],
            countries=["FR", "ES"],
            partners=[coop, muni],
            status="discontinued",
        )
        PracticePageFactory(ref="s4", countries=["BE"], projects=[alpha], status="ongoing")
        # "FRA" is not a code, but a country filter must not match it as "FR" + "A".
        PracticePageFactory(ref="s5", countries=["GF"], status="ongoing")
        cls.index = PracticeIndexPage.objects.get()

    def get(self, lang="en", **params):
        with translation.override(lang):
            url = self.index.get_url()
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return response

    def listed(self, lang="en", **params):
        """Refs of the practices listed, in listing order."""
        html = BeautifulSoup(self.get(lang, **params).content.decode(), "html.parser")
        links = [a["href"] for a in html.select("section.results .card-title a")]
        with translation.override(lang):
            refs = {page.get_url(): page.ref for page in PracticePage.objects.all()}
        return [refs[href] for href in links]

    def assertListed(self, expected, **params):
        self.assertEqual(sorted(self.listed(**params)), sorted(expected), params)

    def test_each_facet(self):
        self.assertListed(["s1", "s3"], theme="ess")
        self.assertListed(["s1", "s3"], country="FR")
        self.assertListed(["s4"], country="BE")
        self.assertListed(["s2", "s3"], partner="muni")
        self.assertListed(["s1", "s4"], project="alpha")
        self.assertListed(["s2"], status="completed")

    def test_values_of_one_facet_combine_with_or(self):
        self.assertListed(["s1", "s2", "s3"], theme=["ess", "transition"])
        self.assertListed(["s1", "s3", "s4"], country=["FR", "BE"])
        self.assertListed(["s1", "s2", "s4"], project=["alpha", "beta"])
        self.assertListed(["s1", "s3", "s4", "s5"], status=["ongoing", "discontinued"])

    def test_facets_combine_with_and(self):
        self.assertListed(["s3"], theme="ess", country="ES")
        self.assertListed(["s1"], theme="ess", status="ongoing")
        self.assertListed(["s2"], theme="transition", partner="muni", status="completed")
        self.assertListed([], theme="governance")
        self.assertListed([], project="beta", country="FR")
        self.assertListed(["s1", "s3"], theme=["ess", "transition"], country="FR")

    def test_a_practice_in_several_categories_is_listed_once(self):
        refs = self.listed(theme=["ess", "transition"], partner=["coop", "muni"])
        self.assertEqual(sorted(refs), ["s1", "s2", "s3"])

    def test_no_filter_lists_everything(self):
        self.assertListed(["s1", "s2", "s3", "s4", "s5"])

    def offered(self, form, name):
        """{value: count} of one filter's boxes."""
        return {
            box["value"]: int(box.find_next("span", class_="facet-count").get_text().strip("()"))
            for box in form.select(f'input[name="{name}"]')
        }

    def test_filter_form_shows_the_choices_and_keeps_them_checked(self):
        html = BeautifulSoup(self.get(theme="ess", country="FR").content.decode(), "html.parser")
        form = html.select_one("form.filter-form")
        self.assertEqual(form.get("method"), "get")
        checked = {(box["name"], box["value"]) for box in form.select("input[checked]")}
        self.assertEqual(checked, {("theme", "ess"), ("country", "FR")})

    def test_each_value_counts_with_the_other_filters_applied(self):
        # theme=ess, country=FR: s1 (ess, FR) and s3 (ess + transition, FR + ES).
        form = BeautifulSoup(
            self.get(theme="ess", country="FR").content.decode(), "html.parser"
        ).select_one("form.filter-form")
        # A facet is counted without its own filter: ticking "transition" would add s3.
        self.assertEqual(self.offered(form, "theme"), {"ess": 2, "transition": 1})
        self.assertEqual(self.offered(form, "country"), {"FR": 2, "ES": 1})
        self.assertEqual(self.offered(form, "partner"), {"coop": 2, "muni": 1})
        # Values without a result are not offered: beta, BE, GF, governance.
        self.assertEqual(self.offered(form, "project"), {"alpha": 1})
        self.assertEqual(self.offered(form, "status"), {"ongoing": 1, "discontinued": 1})

    def test_a_chosen_value_without_result_stays_so_it_can_be_unticked(self):
        form = BeautifulSoup(
            self.get(theme="governance").content.decode(), "html.parser"
        ).select_one("form.filter-form")
        self.assertEqual(self.offered(form, "theme"), {"ess": 2, "transition": 2, "governance": 0})
        self.assertIsNotNone(form.select_one('input[name="theme"][value="governance"][checked]'))

    def test_without_filter_every_value_with_results_is_offered(self):
        form = BeautifulSoup(self.get().content.decode(), "html.parser").select_one(
            "form.filter-form"
        )
        self.assertEqual(self.offered(form, "country"), {"FR": 2, "ES": 2, "BE": 1, "GF": 1})
        self.assertEqual(self.offered(form, "project"), {"alpha": 2, "beta": 1})
        self.assertEqual(form.select_one(".filter-summary").get_text(strip=True), "Filters")

    def test_the_folded_panel_says_how_many_filters_are_active(self):
        html = BeautifulSoup(
            self.get(theme=["ess", "transition"], status="ongoing").content.decode(),
            "html.parser",
        )
        panel = html.select_one("details.filter-panel")
        self.assertEqual(panel.summary.get_text(strip=True), "Filters (3 active)")
        # Without JavaScript the Apply button submits the form.
        self.assertEqual(panel.select_one("button[data-apply]")["type"], "submit")

    def test_the_panel_ends_with_the_way_to_the_results_and_their_number(self):
        # On a phone the open panel is longer than the screen: its last line, kept in
        # view, says what a change gave and leads to it; with nothing to show it says so
        # ("Show 0 results" led to nothing).
        wording = {
            "en": ("Show {} result", "Show {} results", "No results found"),
            "fr": ("Voir {} résultat", "Voir {} résultats", "Aucun résultat"),
            "es": ("Ver {} resultado", "Ver {} resultados", "No hay resultados"),
        }
        for lang, (one, many, none) in wording.items():
            for params in ({}, {"theme": "ess", "country": "BE"}):
                with self.subTest(lang=lang, params=params):
                    response = self.get(lang, **params)
                    count = response.context["results_page"].paginator.count
                    html = BeautifulSoup(response.content.decode(), "html.parser")
                    actions = html.select_one("details.filter-panel .filter-actions")
                    link = actions.select_one("a.filter-show")
                    self.assertIsNotNone(html.select_one("section#results"))
                    if not count:
                        self.assertIsNone(link)
                        self.assertEqual(actions.select_one(".filter-none").get_text(), none)
                        continue
                    self.assertEqual(link["href"], "#results")
                    expected = (one if count == 1 else many).format(count)
                    self.assertEqual(link.get_text(strip=True), expected)

    def test_active_filter_chip_removes_only_its_value(self):
        html = BeautifulSoup(
            self.get(theme=["ess", "transition"], status="ongoing").content.decode(),
            "html.parser",
        )
        chips = html.select(".chips a.chip")
        self.assertEqual(len(chips), 3)
        removal = next(chip["href"] for chip in chips if "Theme" in chip.get_text())
        response = self.client.get(self.index.url + removal)
        self.assertEqual(response.status_code, 200)

    def test_unknown_values_are_reported_not_a_server_error(self):
        response = self.get(theme="no-such-theme", page="abc")
        html = BeautifulSoup(response.content.decode(), "html.parser")
        self.assertIsNotNone(html.select_one(".filters .notice-error"))

    def test_theme_names_follow_the_language(self):
        html = BeautifulSoup(self.get("es").content.decode(), "html.parser")
        labels = [
            label.get_text() for label in html.select('input[name="theme"] + label .check-label')
        ]
        self.assertIn("Tema ess", labels)


class TestPracticeOrder(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        for ref in ("first", "second", "third"):
            PracticePageFactory(ref=ref)
        cls.index = PracticeIndexPage.objects.get()

    def listed(self):
        html = BeautifulSoup(self.client.get(self.index.url).content.decode(), "html.parser")
        refs = {page.url: page.ref for page in PracticePage.objects.all()}
        return [refs[a["href"]] for a in html.select("section.results .card-title a")]

    def test_most_recently_published_first(self):
        self.assertEqual(self.listed(), ["third", "second", "first"])
        PracticePage.objects.get(ref="first").save_revision().publish()
        self.assertEqual(self.listed(), ["first", "third", "second"])

    def test_unpublished_practices_are_not_listed(self):
        PracticePage.objects.get(ref="second").unpublish()
        self.assertEqual(self.listed(), ["third", "first"])

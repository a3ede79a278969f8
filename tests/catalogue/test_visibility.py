"""Issue #7: the public sees a catalogue page only if it is live, has no view restriction
on it or an ancestor, and sits in a live tree (no unpublished ancestor).

Black-box: a small public catalogue links to hidden pages of every type and in every
hidden state, and every public surface is read as an anonymous visitor would read it,
in the three languages. A hidden page's distinctive word (its title, name, acronym and
ref carry it) or its distinctive country must appear on no surface.

    surfaces (test methods)              x  hidden pages (HIDDEN_PAGES, HIDDEN_ANCESTORS)
    practice / partner / project pages      draft, unpublished, password, login, groups
    index listings, with and without        ... for each of practice sheet, partner
      filters, and their filter choices         organisation and cooperation project
    home page (latest sheets, figures)      + pages under an unpublished index and under
    search API (words, browse + facets),      a restricted index
      suggestions, search page
    sitemap, open-data export, the page's own URL

Each check is a subTest named after the surface, the hidden page, the language and the
leak (name or country), so a failure reads "<surface> [<lang>] shows <type> '<word>'
(<state>)" with the text around the leak.

Every surface runs on the database search backend; the search surfaces run again on
OpenSearch (the index rebuilt once the data is built). The other surfaces never read
the search backend, so running them twice would only repeat their failures.

The tree only lets catalogue pages sit under their (single) index page, so "a live page
under an unpublished ancestor" is the project index unpublished with its children left
live (Wagtail's default), and "under a restricted ancestor" is the partner index
password-restricted: HIDDEN_ANCESTORS, a catalogue of its own.
"""

import datetime
import json
import re
import tempfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page, PageViewRestriction
from wagtail.search import index as wagtail_index

import pytest
from bs4 import BeautifulSoup
from django_countries.fields import Country

from home.models import HomePage
from partners.models import PartnerIndexPage, PartnerPage
from practices.models import PracticeIndexPage, PracticePage
from projects.models import ProjectIndexPage, ProjectPage
from search import database_index
from tests.factories.home import build_site
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory, ThemeFactory
from tests.factories.projects import ProjectPageFactory
from tests.search.search_fixtures import rebuild_index, require_opensearch

LANGS = ("fr", "en", "es")
THEME = "t-vis"

PRACTICE, PARTNER, PROJECT = "practice sheet", "partner organisation", "cooperation project"


@dataclass(frozen=True)
class Hidden:
    type: str
    state: str
    word: str  # in its title/name (every language), acronym and ref; nowhere else
    country: str = ""  # a country only this hidden page brings (partners, practices)

    @property
    def ref(self):
        return f"{self.word.lower()}-ref"

    def __str__(self):
        country = f", country {self.country}" if self.country else ""
        return f"{self.type} '{self.word}' ({self.state}{country})"


DRAFT, UNPUBLISHED, PASSWORD, LOGIN, GROUPS = (
    "draft (never published)",
    "unpublished",
    "password-restricted",
    "login-restricted",
    "group-restricted",
)
RESTRICTIONS = {
    PASSWORD: PageViewRestriction.PASSWORD,
    LOGIN: PageViewRestriction.LOGIN,
    GROUPS: PageViewRestriction.GROUPS,
}

# The public catalogue uses FR and ES only; each hidden country belongs to one page.
HIDDEN_PAGES = [
    Hidden(PRACTICE, DRAFT, "Zorblax", "CY"),
    Hidden(PRACTICE, UNPUBLISHED, "Quenvip", "SM"),
    Hidden(PRACTICE, PASSWORD, "Mirtolk", "AD"),
    Hidden(PRACTICE, LOGIN, "Gaspund", "MC"),
    Hidden(PRACTICE, GROUPS, "Velkrith", "LV"),
    Hidden(PARTNER, DRAFT, "Brundlex", "IS"),
    Hidden(PARTNER, UNPUBLISHED, "Tophilk", "LI"),
    Hidden(PARTNER, PASSWORD, "Yarnesk", "MT"),
    Hidden(PARTNER, LOGIN, "Drovmuk", "LU"),
    Hidden(PARTNER, GROUPS, "Kelpwaz", "EE"),
    Hidden(PROJECT, DRAFT, "Snabgor"),
    Hidden(PROJECT, UNPUBLISHED, "Fibnulq"),
    Hidden(PROJECT, PASSWORD, "Wextrom"),
    Hidden(PROJECT, LOGIN, "Plorvid"),
    Hidden(PROJECT, GROUPS, "Hoxtane"),
]

# Pages that are live and unrestricted themselves, in a tree the public may not see.
UNDER_UNPUBLISHED_INDEX = "live itself, under the unpublished project index"
UNDER_RESTRICTED_INDEX = "live itself, under the password-restricted partner index"
HIDDEN_ANCESTORS = [
    Hidden(PARTNER, UNDER_RESTRICTED_INDEX, "Nimbrosk", "IS"),
    Hidden(PROJECT, UNDER_UNPUBLISHED_INDEX, "Trevandul"),
]

PUBLIC_PARTNER, PUBLIC_PROJECT, PUBLIC_PRACTICE = "pa-public", "pj-public", "pr-public"


# ---------------------------------------------------------------------------
# Data


def hidden_of(hidden, kind, states=None):
    return [h for h in hidden if h.type == kind and (states is None or h.state in states)]


def practice_titles(word):
    return {"fr": f"Pratique {word}", "en": f"Practice {word}", "es": f"Práctica {word}"}


def project_titles(word):
    return {"fr": f"Projet {word}", "en": f"Project {word}", "es": f"Proyecto {word}"}


def hidden_partner(h, **values):
    return PartnerPageFactory(
        ref=h.ref,
        name=f"Collectif {h.word}",
        country=h.country,
        acronym=h.word.upper(),
        **values,
    )


def hidden_project(h, partner, **values):
    titles = project_titles(h.word)
    return ProjectPageFactory(
        ref=h.ref,
        title_fr=titles["fr"],
        title_en=titles["en"],
        title_es=titles["es"],
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2099, 12, 31),
        acronym=h.word.upper(),
        partners=[partner],
        coordinator=partner,
        **values,
    )


def hidden_practice(h, theme, partner, project, **values):
    titles = practice_titles(h.word)
    return PracticePageFactory(
        ref=h.ref,
        title_fr=titles["fr"],
        title_en=titles["en"],
        title_es=titles["es"],
        themes=[theme],
        countries=[h.country],
        partners=[partner],
        projects=[project],
        status="ongoing",
        **values,
    )


def hide(page, state, group):
    """Unpublish or restrict a published page."""
    if state == UNPUBLISHED:
        page.unpublish()
    elif state in RESTRICTIONS:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=RESTRICTIONS[state], password="secret"
        )
        if state == GROUPS:
            restriction.groups.add(group)


def refresh_database_search_index():
    """As if the database search index had just been rebuilt from the current pages."""
    for page in Page.objects.type(PracticePage, PartnerPage, ProjectPage).specific():
        wagtail_index.insert_or_update_object(page)
    database_index.rebuild()


def build_hidden_pages():
    """The public sheet, partner and project, and every hidden page linked from them.

    The public project lists every hidden partner (a draft one coordinates it); the
    public sheet lists every hidden partner and project; every hidden sheet shares the
    public sheet's theme and lists the public partner and project; every hidden project
    lists the public partner. Drafts are created unpublished (a revision, never
    published); the other hidden pages are published, then unpublished or restricted.
    """
    build_site()
    theme = ThemeFactory(slug=THEME)
    public_partner = PartnerPageFactory(ref=PUBLIC_PARTNER, name="Atelier Ouvert", country="FR")
    drafts = {h.type: h for h in HIDDEN_PAGES if h.state == DRAFT}
    published = [h for h in HIDDEN_PAGES if h.state != DRAFT]
    hidden_partners = [hidden_partner(drafts[PARTNER], live=False)] + [
        hidden_partner(h) for h in hidden_of(published, PARTNER)
    ]
    hidden_projects = [hidden_project(drafts[PROJECT], public_partner, live=False)]
    public_project = ProjectPageFactory(
        ref=PUBLIC_PROJECT,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2099, 12, 31),
        partners=[public_partner, *hidden_partners],
        coordinator=hidden_partners[0],  # the draft partner
    )
    hidden_projects += [hidden_project(h, public_partner) for h in hidden_of(published, PROJECT)]
    PracticePageFactory(
        ref=PUBLIC_PRACTICE,
        themes=[theme],
        countries=["FR", "ES"],
        partners=[public_partner, *hidden_partners],
        projects=[public_project, *hidden_projects],
        status="ongoing",
    )
    for h in hidden_of(published, PRACTICE):
        hidden_practice(h, theme, public_partner, public_project)
    hidden_practice(drafts[PRACTICE], theme, public_partner, public_project, live=False)
    group = Group.objects.create(name="Members")
    for h in published:
        model = {PRACTICE: PracticePage, PARTNER: PartnerPage, PROJECT: ProjectPage}[h.type]
        hide(model.objects.get(ref=h.ref), h.state, group)
    refresh_database_search_index()


def build_hidden_ancestors():
    """A public sheet listing a partner whose index is password-restricted and a project
    whose index is unpublished (Wagtail's default unpublish leaves the children live)."""
    build_site()
    theme = ThemeFactory(slug=THEME)
    h_partner, h_project = HIDDEN_ANCESTORS
    partner = hidden_partner(h_partner)
    project = hidden_project(h_project, partner)
    PracticePageFactory(
        ref=PUBLIC_PRACTICE,
        themes=[theme],
        countries=["FR", "ES"],
        partners=[partner],
        projects=[project],
        status="ongoing",
    )
    PageViewRestriction.objects.create(
        page=PartnerIndexPage.objects.get(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )
    ProjectIndexPage.objects.get().unpublish()
    refresh_database_search_index()


# ---------------------------------------------------------------------------
# Reading the surfaces


def url_of(page, lang):
    with translation.override(lang):
        return page.specific.get_url()


def country_name(code, lang):
    with translation.override(lang):
        return str(Country(code).name)


def around(text, needle, width=90):
    """The text around the first occurrence of `needle` (case-insensitive)."""
    match = re.search(re.escape(needle), text, re.IGNORECASE)
    if match is None:
        return ""
    start, end = max(0, match.start() - width), match.end() + width
    return " ".join(text[start:end].split())


def json_paths(value, word, path="$"):
    """Where `word` occurs in a JSON value: ["$.practices[ref=x].partners[2]", ...]."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += json_paths(item, word, f"{path}.{key}")
    elif isinstance(value, list):
        for position, item in enumerate(value):
            label = item.get("ref") or item.get("slug") if isinstance(item, dict) else None
            found += json_paths(item, word, f"{path}[{f'ref={label}' if label else position}]")
    elif isinstance(value, str) and word.lower() in value.lower():
        found.append(f"{path} = {value!r}")
    return found


class SurfaceChecks:
    """Assertions shared by the surface tests: `hidden` is the class's HIDDEN list."""

    hidden = ()

    def assertShowsNone(self, surface, lang, raw, text=None, countries=True):
        """Neither the hidden words (in `raw`: markup, URLs, JSON) nor the hidden countries'
        names in `lang` (in `text`, the words a reader sees) appear on the surface."""
        text = raw if text is None else text
        for h in self.hidden:
            with self.subTest(surface=surface, lang=lang, hidden=str(h), leak="name"):
                if h.word.lower() in raw.lower():
                    self.fail(f"{surface} [{lang}] shows {h}: …{around(raw, h.word)}…")
            if not (h.country and countries):
                continue
            name = country_name(h.country, lang)
            with self.subTest(surface=surface, lang=lang, hidden=str(h), leak="country"):
                if re.search(rf"\b{re.escape(name)}\b", text):
                    self.fail(
                        f"{surface} [{lang}] names the country of {h}, {name}: "
                        f"…{around(text, name)}…"
                    )

    def get_html(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        html = response.content.decode()
        return html, BeautifulSoup(html, "html.parser").get_text(" ")

    def check_page(self, surface, page, query=""):
        for lang in LANGS:
            url = url_of(page, lang) + query
            html, text = self.get_html(url)
            self.assertShowsNone(f"{surface} {url}", lang, html, text)


class PageSurfaces(SurfaceChecks):
    """HTML pages, sitemap, export: they do not depend on the search backend."""

    def test_practice_sheet_page(self):
        # Its partners, projects and related sheets.
        self.check_page("public practice sheet", PracticePage.objects.get(ref=PUBLIC_PRACTICE))

    def test_partner_page(self):
        # Its projects and sheets.
        partner = PartnerPage.objects.live().public().filter(ref=PUBLIC_PARTNER).first()
        if partner is None:
            return  # this catalogue has no public partner (a skip fails CI)
        self.check_page("public partner page", partner)

    def test_project_page(self):
        # Its partners, coordinator, countries involved and sheets.
        project = ProjectPage.objects.live().public().filter(ref=PUBLIC_PROJECT).first()
        if project is None:
            return  # this catalogue has no public project (a skip fails CI)
        self.check_page("public project page", project)

    def test_listings_and_their_filter_choices(self):
        listings = [
            (
                "practice index",
                PracticeIndexPage,
                [
                    "",
                    f"?theme={THEME}",
                    "?country=FR",
                    "?status=ongoing",
                    f"?partner={PUBLIC_PARTNER}",
                    f"?project={PUBLIC_PROJECT}",
                ],
            ),
            ("partner index", PartnerIndexPage, ["", "?country=FR", "?organisation_type=ngo"]),
            ("project index", ProjectIndexPage, ["", "?programme=erasmus_plus", "?status=ongoing"]),
        ]
        public_refs = {
            *PartnerPage.objects.filter(ref=PUBLIC_PARTNER).values_list("ref", flat=True),
            *ProjectPage.objects.filter(ref=PUBLIC_PROJECT).values_list("ref", flat=True),
        }
        for name, model, queries in listings:
            index = model.objects.get()
            if not index.live or index.get_view_restrictions():
                continue  # the listing itself is not public
            for query in queries:
                ref = query.partition("=")[2]
                if ref in (PUBLIC_PARTNER, PUBLIC_PROJECT) and ref not in public_refs:
                    continue
                self.check_page(name, index, query)

    def test_home_page(self):
        self.check_page("home page", HomePage.objects.get())

    def test_home_page_figures(self):
        practices = PracticePage.objects.filter(ref=PUBLIC_PRACTICE)
        partners = PartnerPage.objects.filter(ref=PUBLIC_PARTNER)
        projects = ProjectPage.objects.filter(ref=PUBLIC_PROJECT)
        countries = set(partners.values_list("country", flat=True))
        for practice in practices:
            countries.update(country.code for country in practice.countries)
        expected = {
            "practices": practices.count(),
            "partners": partners.count(),
            "countries": len(countries),
            "projects": projects.count(),
        }
        for lang in LANGS:
            html, _text = self.get_html(url_of(HomePage.objects.get(), lang))
            numbers = [
                int(n.get_text())
                for n in BeautifulSoup(html, "html.parser").select(".stats .stat-number")
            ]
            with self.subTest(surface="home page figures", lang=lang):
                self.assertEqual(
                    dict(zip(expected, numbers, strict=True)),
                    expected,
                    f"home page figures [{lang}] count pages or countries the public cannot see",
                )

    def test_sitemap(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        self.assertShowsNone("/sitemap.xml", "-", response.content.decode(), countries=False)

    def test_open_data_export(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "catalogue.json"
            call_command("export_catalogue", str(path), stdout=StringIO())
            data = json.loads(path.read_text(encoding="utf-8"))
        for h in self.hidden:
            with self.subTest(surface="export_catalogue (JSON)", hidden=str(h)):
                # As a row of its own, or a reference from another row.
                self.assertEqual(json_paths(data, h.word), [], f"the open-data export carries {h}")
                exported = {row.get("country") for row in data["partners"]}
                for row in data["practices"]:
                    exported.update(row.get("countries") or [])
                if h.country:
                    self.assertNotIn(
                        h.country, exported, f"the open-data export has the country of {h}"
                    )

    def test_hidden_page_own_url(self):
        """The page itself: not found, a login redirect or a password form, never its text."""
        models = {PRACTICE: PracticePage, PARTNER: PartnerPage, PROJECT: ProjectPage}
        for h in self.hidden:
            page = models[h.type].objects.get(ref=h.ref)
            for lang in LANGS:
                url = url_of(page, lang)
                if url is None:
                    continue
                response = self.client.get(url)
                text = BeautifulSoup(response.content.decode(), "html.parser").get_text(" ")
                with self.subTest(surface="its own URL", lang=lang, hidden=str(h)):
                    if response.status_code == 200 and h.word.lower() in text.lower():
                        self.fail(f"{url} [{lang}] serves {h}: …{around(text, h.word)}…")


class SearchSurfaces(SurfaceChecks):
    """Search page, JSON API and suggestions: run on each backend."""

    def api(self, path, **params):
        response = self.client.get(path, params)
        self.assertEqual(response.status_code, 200, (path, params))
        return response.json()

    backend = "database"

    def test_the_expected_backend_answers_with_the_public_pages(self):
        # Guards the other search tests: no silent fallback, and the public pages found.
        titles = set()
        for model in (PracticePage, PartnerPage, ProjectPage):
            public = model.objects.filter(ref__in=[PUBLIC_PRACTICE, PUBLIC_PARTNER, PUBLIC_PROJECT])
            titles.update(public.values_list("title_fr", flat=True))
        data = self.api("/api/search/", q="", lang="fr")
        self.assertEqual(data["backend"], self.backend)
        self.assertLessEqual(titles, {hit["title"] for hit in data["results"]})

    def test_search_api_finds_nothing_by_a_hidden_word(self):
        # A public page found by a hidden page's name tells that they are related.
        for h in self.hidden:
            for lang in LANGS:
                data = self.api("/api/search/", q=h.word, lang=lang)
                found = [f"{hit['type']} {hit['title']!r}" for hit in data["results"]]
                with self.subTest(surface="/api/search/?q=<word>", lang=lang, hidden=str(h)):
                    if data["count"] or found:
                        self.fail(
                            f"/api/search/?q={h.word}&lang={lang} finds {data['count']} "
                            f"page(s) by {h}: {', '.join(found)}"
                        )

    def test_search_api_browse_all_and_facets(self):
        for lang in LANGS:
            data = self.api("/api/search/", q="", lang=lang)
            shown = json.dumps(
                {"results": data["results"], "facets": data["facets"]}, ensure_ascii=False
            )
            self.assertShowsNone("/api/search/?q= (results, facets)", lang, shown, countries=False)
            countries = {value["value"] for value in data["facets"]["country"]}
            for h in self.hidden:
                if h.country:
                    with self.subTest(
                        surface="/api/search/ country facet", lang=lang, hidden=str(h)
                    ):
                        self.assertNotIn(
                            h.country,
                            countries,
                            f"the country facet [{lang}] offers the country of {h}: "
                            f"{data['facets']['country']}",
                        )

    def test_suggestions(self):
        for h in self.hidden:
            for lang in LANGS:
                data = self.api("/api/search/suggest/", q=h.word[:4], lang=lang)
                shown = json.dumps(data["suggestions"], ensure_ascii=False)
                with self.subTest(surface="/api/search/suggest/", lang=lang, hidden=str(h)):
                    if h.word.lower() in shown.lower():
                        self.fail(
                            f"/api/search/suggest/?q={h.word[:4]} [{lang}] suggests {h}: {shown}"
                        )

    def search_url(self, lang):
        with translation.override(lang):
            return reverse("search")

    def test_search_page_finds_nothing_by_a_hidden_word(self):
        for h in self.hidden:
            for lang in LANGS:
                url = f"{self.search_url(lang)}?q={h.word}"
                html, _text = self.get_html(url)
                hits = BeautifulSoup(html, "html.parser").select("ol.search-results li")
                with self.subTest(surface="search page ?q=<word>", lang=lang, hidden=str(h)):
                    if hits:
                        found = " | ".join(" ".join(hit.get_text(" ").split()) for hit in hits)
                        self.fail(f"{url} [{lang}] finds {len(hits)} page(s) by {h}: {found}")

    def test_search_page_browse_all(self):
        for lang in LANGS:
            html, text = self.get_html(self.search_url(lang))
            self.assertShowsNone(f"search page {self.search_url(lang)}", lang, html, text)


# ---------------------------------------------------------------------------
# The test classes: data x backend


class OpenSearchIndex:
    """The real index, rebuilt once the catalogue is built (OPENSEARCH_URL required)."""

    backend = "opensearch"

    @classmethod
    def setUpClass(cls):
        require_opensearch()
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        rebuild_index()


class HiddenPagesData:
    hidden = HIDDEN_PAGES

    @classmethod
    def setUpTestData(cls):
        build_hidden_pages()


class HiddenAncestorsData:
    hidden = HIDDEN_ANCESTORS

    @classmethod
    def setUpTestData(cls):
        build_hidden_ancestors()


@override_settings(OPENSEARCH_URL="")
class HiddenPagesTests(HiddenPagesData, PageSurfaces, SearchSurfaces, TestCase):
    pass


@pytest.mark.opensearch
class HiddenPagesOpenSearchTests(OpenSearchIndex, HiddenPagesData, SearchSurfaces, TestCase):
    pass


@override_settings(OPENSEARCH_URL="")
class HiddenAncestorsTests(HiddenAncestorsData, PageSurfaces, SearchSurfaces, TestCase):
    pass


@pytest.mark.opensearch
class HiddenAncestorsOpenSearchTests(
    OpenSearchIndex, HiddenAncestorsData, SearchSurfaces, TestCase
):
    pass

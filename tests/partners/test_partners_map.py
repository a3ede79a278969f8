"""The map of the network: partner locations (admin, import), and the inline SVG map on
the home page, the partner listing and project pages."""

import json
import math
import re
from itertools import combinations

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import translation

from wagtail.models import PageViewRestriction

from bs4 import BeautifulSoup

from catalogue.columns import CoordinateColumn
from partners import build_network_map
from partners.map_projection import to_panel
from partners.models import PartnerPage
from partners.network_map import DATA, RADIUS, network_map, outlines
from tests.factories.admin_forms import edit_form
from tests.factories.browser import page_html
from tests.factories.home import build_site, index_page
from tests.factories.partners import PartnerPageFactory
from tests.factories.projects import ProjectPageFactory


def map_links(html, section_id):
    """{accessible name: href} of the partner links drawn inside the map's SVG."""
    section = html.select_one(f"section[aria-labelledby='{section_id}-title']")
    assert section is not None, f"no map {section_id}"
    return {a["aria-label"]: a["href"] for a in section.select("svg a.map-partner")}


def listed(html, section_id):
    """The partner names in the list by country that follows the map."""
    section = html.select_one(f"section[aria-labelledby='{section_id}-title']")
    return [a.get_text() for a in section.select(".map-list a")]


class TestNetworkMap(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        cls.liege = PartnerPageFactory(
            ref="liege",
            name="Passerelles",
            country="BE",
            city="Liège",
            latitude=50.6326,
            longitude=5.5797,
        )
        cls.quebec = PartnerPageFactory(
            ref="sherbrooke",
            name="Pôle Estrie",
            country="CA",
            city="Sherbrooke",
            latitude=45.4042,
            longitude=-71.8929,
        )
        cls.unplaced = PartnerPageFactory(ref="nowhere", name="Sans adresse", country="PT")
        cls.draft = PartnerPageFactory(
            ref="draft",
            name="Brouillon secret",
            country="FR",
            latitude=44.8,
            longitude=-0.6,
            live=False,
        )
        cls.private = PartnerPageFactory(
            ref="private",
            name="Réservé aux membres",
            country="IT",
            latitude=44.5,
            longitude=11.3,
        )
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        cls.project = ProjectPageFactory(
            ref="atlantic", coordinator=cls.quebec, partners=[cls.quebec, cls.private]
        )

    def test_home_map_links_every_public_partner_by_name(self):
        for lang in ("fr", "en", "es"):
            html = page_html(self.client, self.home, lang)
            links = map_links(html, "home-map")
            with translation.override(lang):
                self.assertEqual(
                    links,
                    {
                        "Passerelles, Liège": self.liege.get_url(),
                        "Pôle Estrie, Sherbrooke": self.quebec.get_url(),
                    },
                )
            # Screen readers and CSS-less browsers get the same partners as a list,
            # including the one without a location; hidden pages appear nowhere.
            self.assertEqual(
                sorted(listed(html, "home-map")), ["Passerelles", "Pôle Estrie", "Sans adresse"]
            )
            text = str(html)
            self.assertNotIn("Brouillon secret", text)
            self.assertNotIn("Réservé aux membres", text)

    def test_list_groups_partners_by_country_in_the_visitors_language(self):
        html = page_html(self.client, self.home, "en")
        countries = [
            li.contents[0].strip() for li in html.select("#home-map-title ~ .map-list > ul > li")
        ]
        self.assertEqual(countries, ["Belgium", "Canada", "Portugal"])
        html = page_html(self.client, self.home, "es")
        countries = [
            li.contents[0].strip() for li in html.select("#home-map-title ~ .map-list > ul > li")
        ]
        self.assertEqual(countries, ["Bélgica", "Canadá", "Portugal"])

    def test_points_fall_in_the_right_panel(self):
        data = network_map(PartnerPage.objects.filter(pk__in=[self.liege.pk, self.quebec.pk]))
        panels = {panel["name"]: panel for panel in data["panels"]}
        europe, canada = panels["europe"], panels["canada"]
        for marker in data["markers"]:
            panel = europe if marker["partner"] == self.liege else canada
            for at in marker["positions"]:
                x, y = float(at["x"]), float(at["y"])
                self.assertTrue(panel["x"] < x < panel["x"] + panel["width"])
                self.assertTrue(0 < y < panel["height"])
        # Countries with a partner are tinted.
        tinted = [c for p in data["panels"] for c in p["countries"] if c["partner"]]
        self.assertEqual(len(tinted), 2)

    def test_a_partner_outside_the_frame_is_listed_not_drawn(self):
        PartnerPage.objects.filter(pk=self.unplaced.pk).update(latitude=-33.9, longitude=18.4)
        data = network_map(PartnerPage.objects.all())
        self.assertEqual([p.title for p in data["unplaced"]], ["Sans adresse"])

    def test_partner_listing_map_follows_the_filters(self):
        index = index_page("partners.PartnerIndexPage")
        with translation.override("en"):
            url = index.get_url()
        response = self.client.get(url + "?country=BE")
        html = BeautifulSoup(response.content, "html.parser")
        self.assertEqual(list(map_links(html, "listing-map")), ["Passerelles, Liège"])

    def test_project_page_shows_only_its_public_partners(self):
        html = page_html(self.client, self.project, "fr")
        self.assertEqual(list(map_links(html, "project-map")), ["Pôle Estrie, Sherbrooke"])
        self.assertEqual(listed(html, "project-map"), ["Pôle Estrie"])

    def test_map_is_inline_and_loads_nothing(self):
        html = page_html(self.client, self.home, "fr")
        svg = html.select_one(".network-map svg")
        self.assertFalse(svg.select("image, use, [href^='http'], foreignObject"))
        self.assertLess(len(str(svg)), 40_000)
        # Decimal points, never the locale's commas, in coordinates.
        self.assertNotIn(",", " ".join(c["cx"] + c["cy"] for c in svg.select("circle")))


class TestNearbyPartners(TestCase):
    """Partners a few km apart: their dots, twice as large on a phone, stay apart."""

    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        places = [
            ("bordeaux", "Bordeaux", 44.8378, -0.5792),
            ("bordeaux-2", "Bordeaux", 44.8378, -0.5792),
            ("merignac", "Mérignac", 44.8386, -0.6436),
        ]
        for ref, city, latitude, longitude in places:
            PartnerPageFactory(ref=ref, city=city, latitude=latitude, longitude=longitude)

    def test_dots_do_not_overlap_at_either_radius_and_stay_near_their_city(self):
        data = outlines()
        europe = next(p for p in data["panels"] if p["name"] == "europe")
        markers = network_map(PartnerPage.objects.all())["markers"]
        self.assertEqual(len(markers), 3)
        for fit, radius in RADIUS.items():
            dots = {}
            for marker in markers:
                (at,) = [at for at in marker["positions"] if at["fit"] == fit]
                dots[marker["partner"]] = (float(at["x"]), float(at["y"]))
            # Dots, with their white ring of 1 unit, are distinct.
            for a, b in combinations(dots.values(), 2):
                self.assertGreater(math.dist(a, b), 2 * (radius + 1), fit)
            # Each is within about a dot's width of its city.
            for partner, dot in dots.items():
                city = to_panel(partner.longitude, partner.latitude, europe, data["km_per_unit"])
                self.assertLess(math.dist(dot, city), 2 * radius, fit)

    def test_the_maps_caption_agrees_in_french(self):
        text = " ".join(page_html(self.client, self.home, "fr").get_text().split())
        # "chaque point mène à leur page" before: each point leads to its own page.
        self.assertIn("3 organisations sur la carte ; chaque point mène à sa page.", text)

    def test_each_link_has_a_dot_per_layout_and_only_one_shows(self):
        links = page_html(self.client, self.home, "fr").select(".network-map svg a.map-partner")
        self.assertEqual(len(links), 3)
        for link in links:
            wide, narrow = link.select("g.map-wide circle"), link.select("g.map-narrow circle")
            self.assertEqual((len(wide), len(narrow)), (1, 1))
            # Without the style sheet, the wide layout alone.
            self.assertEqual(link.select_one("g.map-narrow")["display"], "none")
            self.assertFalse(link.select_one("g.map-wide").has_attr("display"))


class TestPartnersNearAPanelsEdge(TestCase):
    """Valletta is 3 units above the foot of Europe's panel: its dots are kept whole inside."""

    def test_dots_stay_inside_their_panel_apart_and_near_their_city(self):
        build_site()
        for ref in ("valletta", "valletta-2"):
            PartnerPageFactory(ref=ref, city="Valletta", latitude=35.8989, longitude=14.5146)
        data = outlines()
        europe = next(p for p in data["panels"] if p["name"] == "europe")
        left, top, width, height = europe["box"]
        markers = network_map(PartnerPage.objects.all())["markers"]
        self.assertEqual(len(markers), 2)
        city = to_panel(14.5146, 35.8989, europe, data["km_per_unit"])
        self.assertGreater(city[1] + RADIUS["wide"], top + height)
        for fit, radius in RADIUS.items():
            dots = [
                (float(at["x"]), float(at["y"]))
                for marker in markers
                for at in marker["positions"]
                if at["fit"] == fit
            ]
            for x, y in dots:
                # The dot and its white ring (1 unit).
                self.assertTrue(left + radius + 1 <= x <= left + width - radius - 1, fit)
                self.assertTrue(top + radius + 1 <= y <= top + height - radius - 1, fit)
                self.assertLess(math.dist((x, y), city), 3 * radius, fit)
            self.assertGreater(math.dist(*dots), 2 * (radius + 1), fit)


class TestMapData(TestCase):
    def test_committed_outlines_are_compact_and_cover_both_panels(self):
        self.assertLess(DATA.stat().st_size, 40_000)
        data = json.loads(DATA.read_text())
        codes = {name: set(p["countries"]) for name, p in ((p["name"], p) for p in data["panels"])}
        self.assertIn("124", codes["canada"])  # Canada
        self.assertTrue({"250", "724", "620", "380", "056"} <= codes["europe"])

    def test_build_script_projects_simplifies_and_clips(self):
        # A square country of 2x2 degrees around Paris, as TopoJSON with one arc.
        topology = {
            "transform": {"scale": [0.01, 0.01], "translate": [1.0, 48.0]},
            "arcs": [[[0, 0], [200, 0], [0, 100], [0, 100], [-200, 0], [0, -200]]],
            "objects": {
                "countries": {"geometries": [{"type": "Polygon", "id": "250", "arcs": [[0]]}]}
            },
        }
        data = build_network_map.build(topology)
        europe = next(p for p in data["panels"] if p["name"] == "europe")
        canada = next(p for p in data["panels"] if p["name"] == "canada")
        path = europe["countries"]["250"]
        self.assertTrue(path.startswith("M") and path.endswith("z"))
        # The middle point of the right edge is on a straight line and is simplified
        # away: four relative steps (x, y) around the four corners.
        self.assertEqual(len(re.findall(r"-?\d+", path.split("l")[1])), 8)
        self.assertNotIn("250", canada["countries"])


class TestLocationInput(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.partner = PartnerPageFactory(ref="garonne", name="Garonne", country="FR")

    def test_coordinate_column_reads_numbers_and_both_decimal_marks(self):
        column = CoordinateColumn("latitude", minimum=-90, maximum=90)
        self.assertEqual(column.parse(44.2033, None), 44.2033)
        self.assertEqual(column.parse("44,2033", None), 44.2033)
        self.assertEqual(column.parse(" -0.5792 ", None), -0.5792)
        self.assertIsNone(column.parse("", None))
        with translation.override("en"):
            with self.assertRaisesMessage(ValueError, "outside -90 to 90"):
                column.parse("95", None)
            with self.assertRaisesMessage(ValueError, "decimal degrees"):
                column.parse("44°12'N", None)

    def test_editor_sets_the_location_and_bad_values_are_refused(self):
        editor = get_user_model().objects.create_superuser("editor", "", "pw")
        self.client.force_login(editor)
        url = f"/admin/pages/{self.partner.pk}/edit/"
        response = self.client.post(url, edit_form(self.partner, latitude="95", longitude="0"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "90")
        response = self.client.post(url, edit_form(self.partner, latitude="44.2", longitude=""))
        self.assertEqual(response.status_code, 200)
        # The admin's language: French.
        self.assertContains(response, "Indiquez la latitude et la longitude, ou aucune des deux.")
        self.partner.refresh_from_db()
        self.assertIsNone(self.partner.latitude)
        response = self.client.post(
            url, edit_form(self.partner, latitude="44.2033", longitude="0.6163")
        )
        self.assertEqual(response.status_code, 302)
        self.partner.refresh_from_db()
        draft = self.partner.get_latest_revision_as_object()
        self.assertEqual((draft.latitude, draft.longitude), (44.2033, 0.6163))

"""Editors create and edit partner organisations and cooperation projects in the admin."""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase

from partners.models import PartnerIndexPage, PartnerPage
from projects.models import ProjectIndexPage, ProjectPage
from tests.factories.admin_forms import (
    edit_form,
    inline_formset,
    page_form,
    rich_text,
    streamfield,
    translated_streams,
)
from tests.factories.browser import page_html
from tests.factories.home import build_site
from tests.factories.partners import PartnerPageFactory


class TestPartnerAdmin(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.editor = get_user_model().objects.create_superuser("editor", "", "pw")
        PartnerPageFactory(ref="radici", name="Radici Comuni", country="IT")
        cls.index = PartnerIndexPage.objects.get()

    def setUp(self):
        self.client.force_login(self.editor)

    def test_create_a_partner(self):
        response = self.client.post(
            f"/admin/pages/add/partners/partnerpage/{self.index.pk}/",
            page_form(
                {
                    "title_fr": "Ponte Solidária",
                    "slug_fr": "ponte-solidaria",
                    "acronym": "PS",
                    "organisation_type": "ngo",
                    "member_since": "2017",
                    "country": "PT",
                    "city": "Braga",
                    "website": "https://ponte.example.org",
                    "email": "geral@ponte.example.org",
                    "description_fr": rich_text("<p>Une <b>association</b> de Braga.</p>"),
                    "description_en": rich_text("<p>An <b>association</b> from Braga.</p>"),
                    "description_es": rich_text("<p>Una <b>asociación</b> de Braga.</p>"),
                }
            ),
        )
        self.assertEqual(response.status_code, 302)
        page = PartnerPage.objects.get(slug_fr="ponte-solidaria")
        self.assertTrue(page.live)
        self.assertTrue(page.ref)
        self.assertEqual(page.country.code, "PT")
        for lang, word in (("fr", "association"), ("en", "association"), ("es", "asociación")):
            with self.subTest(lang=lang):
                html = page_html(self.client, page, lang)
                self.assertEqual(html.html["lang"], lang)
                self.assertIn("Ponte Solidária", html.h1.get_text())
                self.assertEqual(html.select_one(".sheet-body").find(["b", "strong"]).text, word)
                self.assertIsNone(html.select_one(".notice-fallback"))
                self.assertNotIn("geral@ponte.example.org", str(html))
        listing = page_html(self.client, self.index, "en")
        names = [a.get_text(strip=True) for a in listing.select(".card-title a")]
        self.assertIn("Ponte Solidária", names)

    def test_edit_a_partner_description(self):
        page = PartnerPage.objects.get(ref="radici")
        response = self.client.post(
            f"/admin/pages/{page.pk}/edit/",
            edit_form(
                page,
                description_en=rich_text("<p>A consortium of <i>social</i> cooperatives.</p>"),
            ),
        )
        self.assertEqual(response.status_code, 302)
        html = page_html(self.client, page, "en")
        self.assertEqual(html.select_one(".sheet-body").find(["i", "em"]).text, "social")
        self.assertIsNone(html.select_one(".notice-fallback"))
        self.assertEqual(PartnerPage.objects.get(pk=page.pk).ref, "radici")


class TestProjectAdmin(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.editor = get_user_model().objects.create_superuser("editor", "", "pw")
        PartnerPageFactory(ref="radici", name="Radici Comuni", country="IT")
        PartnerPageFactory(ref="lism", name="Laboratoire LISM", country="BE")
        PartnerPageFactory(ref="ponte", name="Ponte Solidária", country="PT")
        cls.index = ProjectIndexPage.objects.get()

    def setUp(self):
        self.client.force_login(self.editor)

    def post_project(self, url, **values):
        data = {
            "title_fr": "Gouvernance partagée",
            "title_en": "Shared governance",
            "title_es": "Gobernanza compartida",
            "slug_fr": "gouvernance-partagee",
            "slug_en": "shared-governance",
            "slug_es": "gobernanza-compartida",
            "acronym": "GOVSHARE",
            "summary_fr": "Des outils pour décider ensemble.",
            "summary_en": "Tools to decide together.",
            "summary_es": "Herramientas para decidir juntos.",
            "programme": "erasmus_plus",
            "start_date": "2021-10-01",
            "end_date": "2024-03-31",
            "coordinator": PartnerPage.objects.get(ref="radici").pk,
            "website": "https://govshare.example.org",
            "partner_links": inline_formset(
                [
                    {"partner": PartnerPage.objects.get(ref="lism").pk},
                    {"partner": PartnerPage.objects.get(ref="ponte").pk},
                ]
            ),
            # No Spanish description: every language's StreamField is posted all the same.
            **translated_streams(
                "description",
                {
                    "fr": [("paragraph", rich_text("<p>Un projet sur la <b>décision</b>.</p>"))],
                    "en": [("paragraph", rich_text("<p>A project on <b>decision</b>.</p>"))],
                },
            ),
            "outputs": streamfield(
                [
                    (
                        "link",
                        {
                            "title": "Toolkit",
                            "page": "",
                            "url": "https://govshare.example.org/toolkit",
                        },
                    )
                ]
            ),
        }
        data.update(values)
        return self.client.post(url, page_form(data))

    def add_url(self):
        return f"/admin/pages/add/projects/projectpage/{self.index.pk}/"

    def test_create_a_project_with_streamfields_and_partners(self):
        response = self.post_project(self.add_url())
        self.assertEqual(response.status_code, 302)
        project = ProjectPage.objects.get(slug_fr="gouvernance-partagee")
        self.assertTrue(project.live)
        self.assertTrue(project.ref)
        self.assertEqual(project.start_date, datetime.date(2021, 10, 1))
        self.assertEqual([p.ref for p in project.partner_list()], ["radici", "lism", "ponte"])

        expected = {"fr": "décision", "en": "decision", "es": "décision"}
        for lang, word in expected.items():
            with self.subTest(lang=lang):
                html = page_html(self.client, project, lang)
                self.assertIn(getattr(project, f"title_{lang}"), html.h1.get_text())
                body = html.select_one(".sheet-body")
                self.assertEqual(body.find(["b", "strong"]).text, word)
                link = body.select_one('a[href="https://govshare.example.org/toolkit"]')
                self.assertEqual(link.get_text(strip=True), "Toolkit")
                cards = [a.get_text(strip=True) for a in html.select(".partner-card .card-title a")]
                self.assertEqual(cards, ["Radici Comuni", "Laboratoire LISM", "Ponte Solidária"])
        # No Spanish description: the French one is shown and marked as French.
        body = page_html(self.client, project, "es").select_one(".sheet-body")
        self.assertEqual(body["lang"], "fr")

    def test_end_date_before_start_date_is_refused(self):
        response = self.post_project(self.add_url(), end_date="2021-09-30")
        self.assertEqual(response.status_code, 200)
        self.assertIn("end_date", response.context["form"].errors)
        self.assertFalse(ProjectPage.objects.filter(slug_fr="gouvernance-partagee").exists())

    def test_edit_a_project(self):
        self.assertEqual(self.post_project(self.add_url()).status_code, 302)
        project = ProjectPage.objects.get(slug_fr="gouvernance-partagee")
        response = self.client.post(
            f"/admin/pages/{project.pk}/edit/",
            edit_form(
                project,
                summary_es="Herramientas revisadas.",
                description_es=streamfield(
                    [("paragraph", rich_text("<p>Un proyecto sobre la <b>decisión</b>.</p>"))]
                ),
            ),
        )
        self.assertEqual(response.status_code, 302)
        project = ProjectPage.objects.get(pk=project.pk)
        html = page_html(self.client, project, "es")
        self.assertEqual(html.select_one(".lead").get_text(strip=True), "Herramientas revisadas.")
        body = html.select_one(".sheet-body")
        self.assertFalse(body.has_attr("lang"))
        self.assertEqual(body.find(["b", "strong"]).text, "decisión")
        # The French description, partners and outputs survived the edit.
        self.assertEqual(
            page_html(self.client, project, "fr").select_one(".sheet-body").find("b").text,
            "décision",
        )
        self.assertEqual([p.ref for p in project.partner_list()], ["radici", "lism", "ponte"])
        self.assertEqual(len(project.outputs), 1)

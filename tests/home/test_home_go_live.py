"""Nothing unfinished on public pages: the footer, the demo banner, the dashboard's
"Before going live" panel and what `setup_site` loads."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase, override_settings

from wagtail.models import Site

from bs4 import BeautifulSoup

from catalogue.roles import ensure_roles
from home.models import ContentPage, SiteSettings
from tests.factories.home import build_site
from tests.factories.partners import PartnerPageFactory


def site_settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def html(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


class TestFooter(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def test_new_site_footer_has_no_placeholder_and_no_empty_item(self):
        footer = html(self.client.get("/en/")).select_one("footer")
        text = footer.get_text(" ", strip=True)
        for placeholder in (
            "[",
            "compléter",
            "to be completed",
            "00 00 00",
            "Publication director",
        ):
            self.assertNotIn(placeholder, text)
        self.assertFalse(footer.select(".protected-email"))

    def test_each_item_appears_once_filled_in(self):
        settings = site_settings()
        settings.address_en = "12 rue des Coopératives\n47000 Agen"
        settings.publication_director = "Camille Martin"
        settings.phone = "+33 5 53 00 11 22"
        settings.save()
        text = html(self.client.get("/en/")).select_one("footer").get_text(" ", strip=True)
        self.assertIn("12 rue des Coopératives", text)
        self.assertIn("Publication director: Camille Martin", text)
        self.assertIn("+33 5 53 00 11 22", text)
        # Labels follow the visitor's language.
        text = html(self.client.get("/es/")).select_one("footer").get_text(" ", strip=True)
        self.assertNotIn("Publication director", text)
        self.assertIn("Camille Martin", text)

    def test_funders_section_only_with_funders(self):
        settings = site_settings()
        settings.funders_fr = settings.funders_en = settings.funders_es = ""
        settings.funders = ""
        settings.save()
        self.assertIsNone(html(self.client.get("/en/")).select_one("#footer-funders"))


class TestDemoBanner(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def banner(self, path="/es/", **cookies):
        self.client.cookies.clear()
        for name, value in cookies.items():
            self.client.cookies[name] = value
        return html(self.client.get(path)).select_one("[data-demo-notice]")

    def test_off_by_default_and_on_with_the_setting(self):
        self.assertIsNone(self.banner())
        settings = site_settings()
        settings.demo_notice = True
        settings.save()
        banner = self.banner()
        self.assertIn("ficticios", banner.get_text())
        # It is a landmark, and its script is a static file (no inline code).
        self.assertEqual(banner.name, "aside")
        script = banner.find_next("script")
        self.assertTrue(script["src"].endswith("js/demo-notice.js"))
        self.assertEqual(script.get_text(), "")

    def test_close_without_javascript_hides_it_for_good(self):
        settings = site_settings()
        settings.demo_notice = True
        settings.save()
        form = self.banner("/en/about/").find("form")
        self.assertEqual(form["method"], "get")
        self.assertEqual(form.find("input", {"name": "next"})["value"], "/en/about/")
        response = self.client.get(form["action"], {"next": "/en/about/"})
        self.assertRedirects(response, "/en/about/", fetch_redirect_response=False)
        self.assertEqual(response.cookies["demo_notice"].value, "hidden")
        self.assertIsNone(html(self.client.get("/en/about/")).select_one("[data-demo-notice]"))

    @override_settings(PAGE_CACHE_SECONDS=600)
    def test_closed_stays_closed_on_pages_the_cache_keeps_and_open_for_the_others(self):
        settings = site_settings()
        settings.demo_notice = True
        settings.save()
        # Stored with the banner for a first visitor; then a visitor who closed it, one
        # with a made-up value, and a new visitor again.
        self.assertIsNotNone(self.banner("/en/about/"))
        self.assertIsNone(self.banner("/en/about/", demo_notice="hidden"))
        self.assertIsNone(self.banner("/en/about/", demo_notice="hidden"))
        self.assertIsNotNone(self.banner("/en/about/", demo_notice="<anything>"))
        self.assertIsNotNone(self.banner("/en/about/"))
        response = self.client.get("/en/about/")
        self.assertEqual(response["X-Page-Cache"], "hit")

    def test_close_never_redirects_elsewhere(self):
        for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
            response = self.client.get("/demo-notice/hide/", {"next": target})
            self.assertEqual(response["Location"], "/")


class TestBeforeGoingLive(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        ensure_roles()
        PartnerPageFactory(ref="no-logo")
        User = get_user_model()
        cls.admin = User.objects.create_superuser("admin", "", "pw")
        cls.contributor = User.objects.create_user("contrib", "", "pw")
        cls.contributor.groups.add(Group.objects.get(name="Partner contributors"))

    def panel(self, user):
        self.client.force_login(user)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        return html(response).select_one("section[aria-labelledby='before-going-live-heading']")

    def items(self):
        # The admin speaks French, the site's default language, to a user who chose none.
        return [li.get_text(strip=True) for li in self.panel(self.admin).select("li")]

    def test_lists_what_is_missing_with_where_to_fill_it(self):
        items = self.items()
        self.assertEqual(
            items,
            [
                "Adresse postale",
                "Directeur ou directrice de la publication",
                "Adresse électronique de contact",
                "Texte des mentions légales (des parties restent à compléter)",
                "Logos des partenaires (1 partenaire n'en a pas)",
            ],
        )
        links = [a["href"] for a in self.panel(self.admin).select("li a")]
        self.assertEqual(links[0], f"/admin/settings/home/sitesettings/{site_settings().site_id}/")

    def test_items_disappear_once_done_and_the_panel_with_them(self):
        settings = site_settings()
        settings.address_fr = "12 rue des Coopératives, Agen"
        settings.publication_director = "Camille Martin"
        settings.email = "contact@coop.example"
        settings.save()
        legal = ContentPage.objects.get(slug_fr="mentions-legales")
        legal.body_fr = [{"type": "paragraph", "value": "<p>Co-actions, SCOP SA, Agen.</p>"}]
        legal.body_en = legal.body_es = []
        legal.save()
        self.assertEqual(self.items(), ["Logos des partenaires (1 partenaire n'en a pas)"])

    def test_not_shown_to_partner_contributors(self):
        self.assertIsNone(self.panel(self.contributor))


class TestSetupSiteDemoBanner(TestCase):
    def test_demo_turns_the_banner_on_once_and_respects_staff(self):
        call_command("setup_site", stdout=StringIO())
        settings = site_settings()
        self.assertTrue(settings.demo_notice)
        self.assertEqual(settings.address, "")
        settings.demo_notice = False
        settings.save()
        call_command("setup_site", stdout=StringIO())
        self.assertFalse(site_settings().demo_notice)

    def test_without_the_demo_no_banner(self):
        call_command("setup_site", "--no-demo", stdout=StringIO())
        self.assertFalse(site_settings().demo_notice)

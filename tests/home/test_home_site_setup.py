"""A fresh install: page tree, site settings, superuser; running setup twice changes nothing."""

import base64
import os
import re
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory, TestCase, override_settings

from wagtail.models import Page, Revision, Site

from home.models import ContentPage, HomePage, SiteSettings
from home.site_setup import ensure_site, load_site_pages
from partners.models import PartnerIndexPage
from practices.models import PracticeIndexPage
from projects.models import ProjectIndexPage
from tests.factories.admin_forms import edit_form

LANGS = ("fr", "en", "es")


def welcome_pages():
    return Page.objects.filter(
        depth=2, content_type__app_label="wagtailcore", content_type__model="page"
    )


class TestFreshInstall(TestCase):
    """The database as migrations leave it, before and after ensure_site()."""

    def test_removes_the_wagtail_welcome_page(self):
        self.assertTrue(welcome_pages().exists(), "migrations should create the welcome page")
        home = ensure_site()
        self.assertFalse(welcome_pages().exists())
        site = Site.objects.get(is_default_site=True)
        self.assertEqual(site.root_page_id, home.pk)
        self.assertEqual(Site.objects.count(), 1)
        response = self.client.get("/fr/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Welcome to your new Wagtail site")

    def test_the_site_takes_its_public_address_from_the_settings(self):
        # What links sent by email are built on (a page's full_url).
        for base_url, root_url in (
            ("https://coactions.example.org", "https://coactions.example.org"),
            ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ):
            with self.subTest(base_url=base_url), override_settings(WAGTAILADMIN_BASE_URL=base_url):
                Site.objects.update(hostname="localhost", port=80)
                home = ensure_site()
                self.assertEqual(Site.objects.get(is_default_site=True).root_url, root_url)
                self.assertEqual(home.full_url, f"{root_url}/fr/")
        # An address staff set in Settings → Sites stays theirs.
        Site.objects.update(hostname="pratiques.co-actions.coop", port=443)
        with override_settings(WAGTAILADMIN_BASE_URL="https://coactions.example.org"):
            ensure_site()
        site = Site.objects.get(is_default_site=True)
        self.assertEqual((site.hostname, site.port), ("pratiques.co-actions.coop", 443))

    def test_builds_home_indexes_and_editorial_pages(self):
        home = ensure_site()
        self.assertEqual(HomePage.objects.count(), 1)
        for model in (PracticeIndexPage, PartnerIndexPage, ProjectIndexPage):
            self.assertEqual(model.objects.child_of(home).live().count(), 1, model.__name__)
        spec = load_site_pages()
        self.assertEqual(
            {page["key"] for page in spec["content_pages"]}, {"about", "legal", "privacy"}
        )
        for page_spec in spec["content_pages"]:
            page = ContentPage.objects.child_of(home).get(slug_fr=page_spec["slug"]["fr"])
            self.assertTrue(page.live)
            for lang in LANGS:
                self.assertEqual(getattr(page, f"title_{lang}"), page_spec["title"][lang])
                self.assertTrue(getattr(page, f"body_{lang}"), f"{page_spec['key']} body_{lang}")

    def test_running_twice_creates_nothing(self):
        ensure_site()
        counts = (
            Page.objects.count(),
            Revision.objects.count(),
            Site.objects.count(),
            SiteSettings.objects.count(),
        )
        paths = list(Page.objects.order_by("path").values_list("path", "url_path_en"))
        ensure_site()
        self.assertEqual(
            (
                Page.objects.count(),
                Revision.objects.count(),
                Site.objects.count(),
                SiteSettings.objects.count(),
            ),
            counts,
        )
        self.assertEqual(
            list(Page.objects.order_by("path").values_list("path", "url_path_en")), paths
        )

    def test_rerun_keeps_editors_changes_and_recreates_only_what_is_missing(self):
        home = ensure_site()
        about = ContentPage.objects.get(slug_fr="a-propos")
        about.title_en = "Who we are"
        about.save_revision().publish()
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.email = "hello@coop.example"
        settings.save()
        privacy = ContentPage.objects.get(slug_fr="donnees-personnelles")
        privacy.delete()

        ensure_site()

        self.assertEqual(ContentPage.objects.get(pk=about.pk).title_en, "Who we are")
        self.assertEqual(
            SiteSettings.objects.get(site__is_default_site=True).email, "hello@coop.example"
        )
        self.assertTrue(
            ContentPage.objects.child_of(home).filter(slug_fr="donnees-personnelles").exists()
        )
        self.assertEqual(ContentPage.objects.count(), 3)

    def test_setup_site_command_twice(self):
        out = StringIO()
        call_command("setup_site", "--no-demo", stdout=out)
        self.assertIn("Site ready.", out.getvalue())
        pages, revisions = Page.objects.count(), Revision.objects.count()
        out = StringIO()
        call_command("setup_site", "--no-demo", stdout=out)
        self.assertNotIn("Created", out.getvalue())
        self.assertEqual((Page.objects.count(), Revision.objects.count()), (pages, revisions))


class TestFooter(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_site()
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.email = "contact@coop.example"
        settings.phone = "+33 5 55 55 55 55"
        settings.funders_fr = "Région Nouvelle-Aquitaine\nFonds social européen"
        settings.funders_en = "Nouvelle-Aquitaine Region\nEuropean Social Fund"
        settings.funders_es = ""
        settings.save()

    def footer(self, lang):
        response = self.client.get(f"/{lang}/")
        content = response.content.decode()
        return content[content.index("<footer") :]

    def footer_email(self, lang):
        """The address the browser shows once site.js decodes it (never plain in HTML)."""
        footer = self.footer(lang)
        encoded = re.search(r'class="protected-email" data-e="([^"]+)"', footer).group(1)
        return base64.b64decode(encoded).decode()[::-1]

    def test_contact_details_and_funders_come_from_the_site_settings(self):
        footer = self.footer("en")
        self.assertNotIn("contact@coop.example", footer)
        self.assertEqual(self.footer_email("en"), "contact@coop.example")
        self.assertIn("+33 5 55 55 55 55", footer)
        self.assertIn("Nouvelle-Aquitaine Region", footer)
        self.assertIn("European Social Fund", footer)
        footer = self.footer("fr")
        self.assertIn("Fonds social européen", footer)

    def test_funders_fall_back_to_french(self):
        self.assertIn("Fonds social européen", self.footer("es"))

    def test_editor_changes_the_footer_in_the_admin(self):
        editor = get_user_model().objects.create_superuser("editor", "", "pw")
        self.client.force_login(editor)
        site = Site.objects.get(is_default_site=True)
        response = self.client.post(
            f"/admin/settings/home/sitesettings/{site.pk}/",
            edit_form(
                SiteSettings.for_site(site),
                publish=False,
                email="bonjour@coop.example",
                funders_es="Fondo Social Europeo\nRegión de Nueva Aquitania",
            ),
        )
        self.assertEqual(response.status_code, 302)
        footer = self.footer("es")
        self.assertEqual(self.footer_email("es"), "bonjour@coop.example")
        self.assertIn("Región de Nueva Aquitania", footer)
        self.assertNotIn("Fonds social européen", footer)

    def test_footer_links_the_editorial_pages(self):
        footer = self.footer("en")
        for page in ContentPage.objects.all():
            self.assertIn(f'href="/en/{page.slug_en}/"', footer)


class TestEnsureAdmin(TestCase):
    def run_command(self, *args, password=None):
        env = {key: value for key, value in os.environ.items() if key != "ADMIN_PASSWORD"}
        if password is not None:
            env["ADMIN_PASSWORD"] = password
        out = StringIO()
        with mock.patch.dict(os.environ, env, clear=True):
            call_command("ensure_admin", *args, stdout=out)
        return out.getvalue()

    def test_password_from_environment(self):
        output = self.run_command(password="s3cret-from-env-42")
        user = get_user_model().objects.get(username="admin")
        self.assertTrue(user.is_superuser and user.is_staff and user.is_active)
        self.assertTrue(user.check_password("s3cret-from-env-42"))
        self.assertNotIn("s3cret-from-env-42", output)

    def test_generated_password_is_printed_once_and_works(self):
        output = self.run_command()
        match = re.search(r"Password \(shown once\): (\S+)", output)
        self.assertIsNotNone(match, output)
        password = match.group(1)
        self.assertGreaterEqual(len(password), 12)
        self.assertTrue(get_user_model().objects.get(username="admin").check_password(password))
        # django-axes, first of the authentication backends, needs the request.
        request = RequestFactory().post("/admin/login/")
        signed_in = self.client.login(request=request, username="admin", password=password)
        self.assertTrue(signed_in, "cannot sign in")

        again = self.run_command()
        self.assertNotIn(password, again)
        self.assertIsNone(re.search(r"Password \(shown once\)", again))
        user = get_user_model().objects.get(username="admin")
        self.assertTrue(user.check_password(password), "second run changed the password")
        self.assertEqual(get_user_model().objects.filter(is_superuser=True).count(), 1)

    def test_second_run_ignores_a_new_environment_password(self):
        self.run_command(password="first-password-123")
        self.run_command(password="second-password-456")
        user = get_user_model().objects.get(username="admin")
        self.assertTrue(user.check_password("first-password-123"))

    def test_reset_sets_a_new_password(self):
        self.run_command(password="first-password-123")
        self.run_command("--reset", password="second-password-456")
        user = get_user_model().objects.get(username="admin")
        self.assertTrue(user.check_password("second-password-456"))
        self.assertEqual(get_user_model().objects.count(), 1)

"""The page cache: anonymous visitors get stored pages, editors never do, and a publish,
unpublish, move, delete or settings change is seen by everyone at once."""

from unittest import mock

from django.contrib.auth import get_user_model
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from wagtail.models import PageViewRestriction, Site

from home.models import ContentPage, SiteSettings
from practices.models import PracticeIndexPage
from tests.factories.admin_forms import edit_form
from tests.factories.home import build_site
from tests.factories.practices import PracticePageFactory, ThemeFactory

STATUS = "X-Page-Cache"


def url(page, lang="fr"):
    with translation.override(lang):
        return page.specific.get_url()


@override_settings(PAGE_CACHE_SECONDS=600)
class TestPageCache(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        cls.theme = ThemeFactory(slug="eco", name_fr="Économie sociale")
        cls.sheet = PracticePageFactory(
            ref="sheet", title_fr="Cantine partagée", themes=[cls.theme]
        )
        cls.index = PracticeIndexPage.objects.get()
        cls.editor = get_user_model().objects.create_superuser("editor", "", "pw")

    def setUp(self):
        self.visitor = Client()
        self.editor_client = Client()
        self.editor_client.force_login(self.editor)

    def get(self, path, client=None):
        response = (client or self.visitor).get(path)
        self.assertEqual(response.status_code, 200, path)
        return response

    def test_the_second_anonymous_visit_is_served_from_the_cache(self):
        first = self.get(url(self.sheet))
        self.assertEqual(first[STATUS], "miss")
        with self.assertNumQueries(0):
            second = self.get(url(self.sheet))
        self.assertEqual(second[STATUS], "hit")
        self.assertEqual(second.content, first.content)
        # The stored page keeps the security headers, and browsers are not told to keep it.
        self.assertIn("default-src 'self'", second["Content-Security-Policy"])
        self.assertNotIn("max-age", second.get("Cache-Control", ""))
        self.assertNotIn("Set-Cookie", str(second.cookies))

    def test_each_language_and_query_string_is_its_own_entry(self):
        self.get(url(self.sheet, "fr"))
        english = self.get(url(self.sheet, "en"))
        self.assertEqual(english[STATUS], "miss")
        self.assertIn('lang="en"', english.content.decode())
        listing = url(self.index)
        self.get(listing)
        filtered = self.get(f"{listing}?theme=eco")
        self.assertEqual(filtered[STATUS], "miss")
        self.assertEqual(self.get(f"{listing}?theme=eco")[STATUS], "hit")
        self.assertEqual(self.get(listing)[STATUS], "hit")

    def test_publishing_in_the_admin_is_seen_at_once_by_editor_and_visitor(self):
        for path in (url(self.sheet), url(self.index), url(self.sheet, "en")):
            self.get(path)
            self.assertEqual(self.get(path)[STATUS], "hit")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.editor_client.post(
                f"/admin/pages/{self.sheet.pk}/edit/",
                edit_form(self.sheet, title_fr="Cantine coopérative"),
            )
        self.assertEqual(response.status_code, 302)
        # The sheet and the listing that shows it, for the visitor and the editor.
        for client in (self.visitor, self.editor_client):
            for path in (url(self.sheet), url(self.index)):
                page = self.get(path, client)
                self.assertNotEqual(page.get(STATUS), "hit")
                self.assertIn("Cantine coopérative", page.content.decode())

    def test_an_editor_never_sees_nor_fills_the_cache(self):
        self.get(url(self.sheet))
        self.assertEqual(self.get(url(self.sheet))[STATUS], "hit")
        editor_view = self.get(url(self.sheet), self.editor_client)
        self.assertNotIn(STATUS, editor_view)
        # Pages the editor opens first are not stored for the visitors either.
        self.get(url(self.index), self.editor_client)
        self.assertEqual(self.get(url(self.index))[STATUS], "miss")

    def test_unpublish_move_delete_and_settings_changes_clear_it(self):
        other = PracticePageFactory(ref="other", title_fr="Jardin solidaire")
        about = ContentPage.objects.filter(depth=3).first()
        listing = url(self.index)
        changes = {
            "unpublish": lambda: other.unpublish(),
            "move": lambda: other.move(about, pos="last-child"),
            "delete": lambda: PracticePageFactory(ref="gone").delete(),
            "site settings": lambda: SiteSettings.for_site(Site.objects.get()).save(),
            "theme": lambda: self.theme.save(),
            "view restriction": lambda: PageViewRestriction.objects.create(
                page=self.sheet, restriction_type=PageViewRestriction.LOGIN
            ),
        }
        for name, change in changes.items():
            with self.subTest(change=name):
                self.get(listing)
                self.assertEqual(self.get(listing)[STATUS], "hit")
                with self.captureOnCommitCallbacks(execute=True):
                    change()
                self.assertEqual(self.visitor.get(listing)[STATUS], "miss")

    def test_the_unpublished_sheet_leaves_the_stored_listing(self):
        listing = url(self.index)
        self.assertIn("Cantine partagée", self.get(listing).content.decode())
        with self.captureOnCommitCallbacks(execute=True):
            self.sheet.unpublish()
        self.assertNotIn("Cantine partagée", self.get(listing).content.decode())
        self.assertEqual(self.visitor.get(url(self.sheet)).status_code, 404)

    def test_answers_that_set_a_cookie_or_belong_to_a_session_are_not_stored(self):
        PageViewRestriction.objects.create(
            page=self.sheet, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        # The password form carries a CSRF token, set as a cookie.
        for _ in range(2):
            form = Client().get(url(self.sheet))
            self.assertEqual(form.status_code, 200)
            self.assertNotIn(STATUS, form)
        # A visitor with a session (an editor signed out, a password given) is never served.
        self.get(url(self.index))
        with_session = Client()
        with_session.cookies["sessionid"] = "anything"
        self.assertNotIn(STATUS, self.get(url(self.index), with_session))

    def test_the_search_page_and_the_api_are_not_stored(self):
        for path in (reverse("search") + "?q=cantine", "/api/search/?q=cantine"):
            for _ in range(2):
                self.assertNotIn(STATUS, self.get(path))

    def test_a_failing_cache_costs_the_cache_not_the_page(self):
        broken = mock.Mock(**{"get.side_effect": ConnectionError("cache down")})
        with (
            mock.patch("core.cache.page_cache", return_value=broken),
            self.assertLogs("core.cache", "ERROR"),
        ):
            response = self.get(url(self.sheet))
        self.assertIn("Cantine partagée", response.content.decode())

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_zero_seconds_turns_it_off(self):
        for _ in range(2):
            self.assertNotIn(STATUS, self.get(url(self.sheet)))

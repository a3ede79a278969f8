"""Three languages everywhere: prefixes, <html lang>, switcher, hreflang, fallback, errors."""

import html as html_module
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.utils import translation
from django.utils.translation import gettext

import wagtail as wagtail_package
from wagtail.users.models import UserProfile

from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from home.models import ContentPage
from home.site_setup import load_site_pages
from practices.models import PracticeIndexPage, PracticePage
from tests.factories.admin_forms import page_form, rich_text
from tests.factories.home import build_site
from tests.factories.practices import PracticePageFactory

LANGS = ("fr", "en", "es")


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def switcher_links(response):
    """{language code: href} of the language switcher's links."""
    nav = soup(response).select_one("nav.lang-switcher")
    return {a["hreflang"]: a["href"] for a in nav.select("a[hreflang]")}


def head_alternates(response):
    return {
        link["hreflang"]: link["href"]
        for link in soup(response).select('head link[rel="alternate"][hreflang]')
    }


class TestLanguages(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        cls.spec = load_site_pages()
        PracticePageFactory(
            ref="garden",
            title_fr="Jardin partagé",
            title_en="Shared garden",
            title_es="Huerto compartido",
            summary_fr="Un jardin ouvert aux habitants du quartier.",
            summary_en="A garden open to the people of the neighbourhood.",
            summary_es="Un huerto abierto a los vecinos del barrio.",
        )
        PracticePageFactory(
            ref="french-only",
            title_fr="Atelier de réparation",
            title_en="",
            title_es="",
            summary_fr="Des bénévoles réparent les objets du quotidien.",
            summary_en="",
            summary_es="",
        )

    def url(self, page, lang):
        with translation.override(lang):
            return page.get_url()

    def test_home_page_in_each_language(self):
        for lang in LANGS:
            with self.subTest(lang=lang):
                response = self.client.get(f"/{lang}/")
                self.assertEqual(response.status_code, 200)
                html = soup(response)
                self.assertEqual(html.html["lang"], lang)
                self.assertEqual(html.h1.get_text(strip=True), self.spec["home"]["title"][lang])

    def test_content_pages_in_each_language(self):
        for spec in self.spec["content_pages"]:
            for lang in LANGS:
                with self.subTest(page=spec["key"], lang=lang):
                    response = self.client.get(f"/{lang}/{spec['slug'][lang]}/")
                    self.assertEqual(response.status_code, 200)
                    html = soup(response)
                    self.assertEqual(html.html["lang"], lang)
                    self.assertEqual(html.h1.get_text(strip=True), spec["title"][lang])
                    self.assertIsNone(html.select_one(".notice-fallback"))

    def test_public_pages_need_a_language_prefix(self):
        about = self.spec["content_pages"][0]["slug"]["fr"]
        response = self.client.get(f"/{about}/", HTTP_ACCEPT_LANGUAGE="fr")
        self.assertRedirects(response, f"/fr/{about}/", status_code=302)

    def test_switcher_leads_to_the_same_page_in_the_other_languages(self):
        practice = PracticePage.objects.get(ref="garden")
        for lang in LANGS:
            with self.subTest(lang=lang):
                links = switcher_links(self.client.get(self.url(practice, lang)))
                others = [code for code in LANGS if code != lang]
                self.assertEqual(sorted(links), sorted(others))
                for code in others:
                    self.assertEqual(links[code], self.url(practice, code))
                    target = self.client.get(links[code])
                    self.assertEqual(target.status_code, 200)
                    self.assertEqual(soup(target).html["lang"], code)
                    self.assertEqual(
                        soup(target).h1.get_text(strip=True), getattr(practice, f"title_{code}")
                    )

    def test_switcher_uses_translated_slugs(self):
        about = ContentPage.objects.get(slug_fr="a-propos")
        self.assertEqual(len({about.slug_fr, about.slug_en, about.slug_es}), 3)
        links = switcher_links(self.client.get(f"/en/{about.slug_en}/"))
        self.assertEqual(links["fr"], f"/fr/{about.slug_fr}/")
        self.assertEqual(links["es"], f"/es/{about.slug_es}/")

    def test_switcher_keeps_the_query_string(self):
        index = PracticeIndexPage.objects.get()
        response = self.client.get(self.url(index, "en"), {"status": "ongoing", "page": "1"})
        links = switcher_links(response)
        self.assertEqual(links["fr"], self.url(index, "fr") + "?status=ongoing&page=1")
        self.assertEqual(links["es"], self.url(index, "es") + "?status=ongoing&page=1")
        # The kept filter still applies once the visitor has switched.
        switched = self.client.get(links["es"])
        self.assertEqual(switched.status_code, 200)
        checked = soup(switched).select('input[name="status"][checked]')
        self.assertEqual([box["value"] for box in checked], ["ongoing"])

    def test_hreflang_alternates_and_canonical(self):
        practice = PracticePage.objects.get(ref="garden")
        for lang in LANGS:
            with self.subTest(lang=lang):
                response = self.client.get(self.url(practice, lang))
                html = soup(response)
                canonical = html.select('head link[rel="canonical"]')
                self.assertEqual(len(canonical), 1)
                self.assertEqual(
                    canonical[0]["href"], "http://testserver" + self.url(practice, lang)
                )
                alternates = head_alternates(response)
                for code in LANGS:
                    self.assertEqual(
                        alternates[code], "http://testserver" + self.url(practice, code)
                    )
                self.assertEqual(alternates["x-default"], alternates["fr"])

    def test_fallback_notice_and_lang_on_untranslated_page(self):
        practice = PracticePage.objects.get(ref="french-only")
        for lang in ("en", "es"):
            with self.subTest(lang=lang):
                response = self.client.get(self.url(practice, lang))
                self.assertEqual(response.status_code, 200)
                html = soup(response)
                self.assertEqual(html.html["lang"], lang)
                self.assertIsNotNone(html.select_one(".notice-fallback"))
                article = html.select_one("main article")
                self.assertEqual(article["lang"], "fr")
                self.assertIn("Atelier de réparation", article.h1.get_text())
                self.assertIn("Des bénévoles réparent", article.get_text())
        # In its own language the page has no notice and no lang override.
        html = soup(self.client.get(self.url(practice, "fr")))
        self.assertIsNone(html.select_one(".notice-fallback"))
        self.assertFalse(html.select_one("main article").has_attr("lang"))

    def test_fallback_on_untranslated_content_page(self):
        page = ContentPage(
            title="Histoire",
            title_fr="Histoire",
            slug="histoire",
            slug_fr="histoire",
            intro_fr="La coopérative est née en 2011.",
        )
        self.home.add_child(instance=page)
        page.save_revision().publish()
        response = self.client.get("/en/histoire/")
        self.assertEqual(response.status_code, 200)
        html = soup(response)
        self.assertEqual(html.html["lang"], "en")
        self.assertIsNotNone(html.select_one(".notice-fallback"))
        self.assertEqual(html.select_one("main article")["lang"], "fr")
        self.assertIn("La coopérative est née en 2011.", html.select_one("main article").text)

    def test_partly_translated_page_says_so_and_marks_the_fallback_text(self):
        page = ContentPage(
            title="Histoire",
            title_fr="Histoire",
            title_en="History",
            slug="histoire-partielle",
            slug_fr="histoire-partielle",
            slug_en="partial-history",
            intro_fr="La coopérative est née en 2011.",
        )
        self.home.add_child(instance=page)
        page.save_revision().publish()
        html = soup(self.client.get("/en/partial-history/"))
        notice = html.select_one(".notice-fallback")
        self.assertIsNotNone(notice)
        with translation.override("en"):
            self.assertIn(gettext("Parts of this page are not yet translated")[:20], notice.text)
        # The language is named in the reader's: "in French", not "in français".
        self.assertIn("shown in French.", notice.text)
        self.assertFalse(html.select_one("main article").has_attr("lang"))
        self.assertEqual(html.select_one("main article .lead")["lang"], "fr")

    def test_canonical_ignores_query_parameters(self):
        practice = PracticePage.objects.get(ref="garden")
        response = self.client.get(self.url(practice, "en") + "?utm_source=newsletter&page=2")
        canonical = soup(response).select_one('head link[rel="canonical"]')["href"]
        self.assertEqual(canonical, "http://testserver" + self.url(practice, "en"))

    def test_translated_page_has_no_fallback_notice(self):
        practice = PracticePage.objects.get(ref="garden")
        html = soup(self.client.get(self.url(practice, "en")))
        self.assertIsNone(html.select_one(".notice-fallback"))
        self.assertFalse(html.select_one("main article").has_attr("lang"))
        self.assertIn("A garden open to the people", html.select_one("main article").text)


class TestRootRedirect(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def test_root_follows_accept_language(self):
        cases = [
            ("fr-FR,fr;q=0.9", "fr"),
            ("en-GB,en;q=0.8", "en"),
            ("es-ES", "es"),
            ("de-DE,de;q=0.9,es;q=0.5", "es"),
            ("de-DE", "fr"),
            ("zh-CN,ja;q=0.7", "fr"),
            (None, "fr"),
        ]
        for header, lang in cases:
            with self.subTest(accept_language=header):
                client = Client(headers={"accept-language": header} if header else {})
                response = client.get("/")
                self.assertRedirects(response, f"/{lang}/", status_code=302)
                self.assertEqual(soup(client.get(response["Location"])).html["lang"], lang)


class TestErrorPages(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def test_404_in_each_language(self):
        for lang in LANGS:
            with self.subTest(lang=lang):
                response = self.client.get(f"/{lang}/does-not-exist/")
                self.assertEqual(response.status_code, 404)
                html = soup(response)
                self.assertEqual(html.html["lang"], lang)
                with translation.override(lang):
                    expected = gettext("Page not found")
                self.assertEqual(html.h1.get_text(strip=True), expected)
                # The missing page is missing everywhere: the switcher offers home pages.
                others = {code: f"/{code}/" for code in LANGS if code != lang}
                self.assertEqual(switcher_links(response), others)

    def test_500_in_each_language(self):
        client = Client(raise_request_exception=False)
        with mock.patch(
            "home.models.HomePage.get_context", side_effect=RuntimeError("database on fire")
        ):
            for lang in LANGS:
                with self.subTest(lang=lang):
                    response = client.get(f"/{lang}/")
                    self.assertEqual(response.status_code, 500)
                    html = soup(response)
                    self.assertEqual(html.html["lang"], lang)
                    with translation.override(lang):
                        expected = gettext("Server error")
                    self.assertEqual(html.h1.get_text(strip=True), expected)
                    self.assertNotIn("database on fire", response.content.decode())


class TestNotFoundOutsideLanguagePrefixes(TestCase):
    """Addresses that never carry a language (the admin, documents, the API) answer their
    404 directly, never with a redirect to a language-prefixed address that is also a 404."""

    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
        UserProfile.objects.update_or_create(user=cls.admin, defaults={"preferred_language": "en"})

    def test_admin_404_for_an_english_or_spanish_editor(self):
        self.client.force_login(self.admin)
        for lang in ("en", "es"):
            for url in ("/admin/pages/999999/edit/", "/admin/nonexistent/"):
                with self.subTest(lang=lang, url=url):
                    response = self.client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
                    self.assertEqual(response.status_code, 404)

    def test_documents_and_api_404(self):
        for url in ("/documents/999999/missing.pdf", "/api/nonexistent/"):
            with self.subTest(url=url):
                response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
                self.assertEqual(response.status_code, 404)
                self.assertIn("Accept-Language", response["Vary"])


class TestSpanishAdmin(TestCase):
    """Django shows a string missing from the Spanish catalogues in the default language,
    French: a Spanish partner saw half of Wagtail's admin in French. The project's
    `locale_wagtail/` translates what Wagtail's Spanish catalogues lack."""

    def test_every_wagtail_string_with_a_french_translation_has_a_spanish_one(self):
        wagtail = Path(wagtail_package.__file__).parent
        ours = {
            domain: message_keys(
                settings.BASE_DIR / "locale_wagtail" / "es" / "LC_MESSAGES", domain
            )
            for domain in ("django", "djangojs")
        }
        missing = []
        for french in sorted(wagtail.glob("**/locale/fr/LC_MESSAGES/*.po")):
            folder, domain = french.parent, french.stem
            spanish = message_keys(Path(str(folder).replace("/fr/", "/es/")), domain)
            for key in message_keys(folder, domain) - spanish - ours[domain]:
                missing.append(f"{french.relative_to(wagtail)}: {key}")
        # After an upgrade of Wagtail, translate the new ones in locale_wagtail/es.
        self.assertEqual(missing, [])

    def test_the_dashboard_speaks_spanish_to_a_spanish_editor(self):
        editor = get_user_model().objects.create_superuser("lucia", "l@example.org", "pw")
        UserProfile.objects.update_or_create(user=editor, defaults={"preferred_language": "es"})
        self.client.force_login(editor)
        page = self.client.get("/admin/").content.decode()
        # The menu's search box: "Rechercher toutes les pages…" before.
        self.assertIn("Buscar en todas las páginas…", page)
        self.assertNotIn("Rechercher", page)

    def test_approve_and_publish_capitalises_its_first_word_only(self):
        with translation.override("es"):
            # Wagtail's: "Aprobar y Publicar".
            self.assertEqual(
                gettext("%(label)s and Publish") % {"label": "Aprobar"}, "Aprobar y publicar"
            )

    def test_a_sheet_saved_in_spanish_is_named_by_its_french_title_in_the_admin(self):
        build_site()
        editor = get_user_model().objects.create_superuser("lucia", "l@example.org", "pw")
        UserProfile.objects.update_or_create(user=editor, defaults={"preferred_language": "es"})
        self.client.force_login(editor)
        index = PracticeIndexPage.objects.get()
        values = {
            "title_fr": "Un vélo-taxi coopératif à Valence",
            "title_es": "Una cooperativa de bicitaxis en Valencia",
            "title_en": "",
            "slug_fr": "",
            "slug_en": "",
            "slug_es": "",
            "summary_fr": "Des chauffeurs associés.",
            "context_fr": rich_text("<p>Le besoin.</p>"),
            "status": "ongoing",
        }
        url = f"/admin/pages/add/practices/practicepage/{index.pk}/"
        response = self.client.post(url, page_form(values, publish=False))
        self.assertEqual(response.status_code, 302)
        page = PracticePage.objects.get(title_fr=values["title_fr"])
        self.assertEqual(page.get_admin_display_title(), values["title_fr"])
        self.assertEqual(page.latest_revision.object_str, values["title_fr"])


def message_keys(folder, domain):
    """The (id, context) of the translated messages of `folder`/`domain`.po, if it exists."""
    path = Path(folder) / f"{domain}.po"
    if not path.exists():
        return set()
    with path.open("rb") as handle:
        catalog = read_po(handle)
    keys = set()
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and all(strings):
            keys.add(
                (message.id if isinstance(message.id, str) else message.id[0], message.context)
            )
    return keys


class TestFrenchAdmin(TestCase):
    """`locale_wagtail/fr` corrects mistakes in Wagtail's French catalogues."""

    def test_the_dashboard_counts_pages_in_correct_french(self):
        build_site()
        editor = get_user_model().objects.create_superuser("rose", "r@example.org", "pw")
        UserProfile.objects.update_or_create(user=editor, defaults={"preferred_language": "fr"})
        self.client.force_login(editor)
        page = self.client.get("/admin/").content.decode()
        # Wagtail's: "Pages créées dans%(site_name)s" or "Pages crées dans ...".
        self.assertIn('Pages <span class="w-sr-only">créées dans Co-actions</span>', page)

    def test_workflow_actions_and_status_read_as_french(self):
        with translation.override("fr"):
            self.assertEqual(gettext("%(label)s and Publish"), "%(label)s et publier")
            self.assertEqual(gettext("Current page status:"), "Statut actuel de la page\u202f:")
            self.assertTrue(
                gettext("Only reviewers for this task can edit the %(model_name)s.").startswith(
                    "Seuls les modérateurs"
                )
            )


class TestHelpMenu(TestCase):
    def test_the_help_menu_speaks_each_editors_language(self):
        # Wagtail labels it once, in the language of whoever opens the admin first.
        build_site()
        for name, language, label in (
            ("lucia", "es", "Novedades de Wagtail"),
            ("rose", "fr", "Ce qui est nouveau avec Wagtail"),
            ("jonas", "en", "What's new in Wagtail"),
        ):
            with self.subTest(language=language):
                user = get_user_model().objects.create_superuser(name, f"{name}@example.org", "pw")
                UserProfile.objects.update_or_create(
                    user=user, defaults={"preferred_language": language}
                )
                self.client.force_login(user)
                page = html_module.unescape(self.client.get("/admin/").content.decode())
                self.assertIn(label, page)
                others = {"es": "Novedades", "fr": "Ce qui est nouveau", "en": "What's new"}
                for code, other in others.items():
                    if code != language:
                        self.assertNotIn(other, page)

    def test_a_request_for_changes_is_not_called_a_rejection(self):
        subject = 'The page "%(title)s" has been rejected during "%(task)s".'
        for language, start in (
            ("en", "Changes have been requested"),
            ("fr", "Des modifications ont été demandées"),
            ("es", "Se han pedido cambios"),
        ):
            with self.subTest(language=language), translation.override(language):
                self.assertTrue(gettext(subject).startswith(start), gettext(subject))
        with translation.override("es"):
            # Wagtail's Spanish said "Ver borrador" (see the draft) for a live page's status.
            self.assertEqual(gettext("live + draft"), "publicada + borrador")

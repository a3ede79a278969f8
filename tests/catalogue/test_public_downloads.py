"""The open data as public downloads beside the open-data page (catalogue.downloads,
catalogue.views): public pages only, built off the request path once per catalogue
version, served with validators, and a 503 until the first file exists."""

import json
import shutil
import tempfile
from io import BytesIO, StringIO
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import PageViewRestriction

from bs4 import BeautifulSoup
from django_tasks import task_backends
from openpyxl import load_workbook

from catalogue import downloads
from catalogue.io import CatalogueError, export_catalogue, import_catalogue
from practices.models import PracticePage
from tests.factories.home import build_site
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
LANGS = ("fr", "en", "es")
PREPARING = {
    "fr": "Le téléchargement est en préparation",
    "en": "The download is being prepared",
    "es": "La descarga se está preparando",
}


def download_url(extension, lang="en"):
    with translation.override(lang):
        return reverse("catalogue_download", kwargs={"extension": extension})


def content(response):
    # Reading to the end closes the file (the test client's wrapper; closing the response
    # by hand would close the test's database connection).
    return b"".join(response.streaming_content)


def builds_queued():
    # Publishing queues Wagtail's and the search index's tasks too.
    results = task_backends["default"].results
    return [result for result in results if result.task.name == "build_catalogue_downloads"]


def practice_refs(response):
    return {row["ref"] for row in json.loads(content(response))["practices"]}


class DownloadTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.public = PracticePageFactory(ref="dl-public")

    def setUp(self):
        directory = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, directory)
        self.enterContext(override_settings(CATALOGUE_DOWNLOAD_DIR=directory))

    def publish(self, page):
        with self.captureOnCommitCallbacks(execute=True):
            page.get_latest_revision().publish()


class TestContent(DownloadTestCase):
    def test_the_download_holds_public_sheets_only(self):
        PracticePageFactory(ref="dl-draft", live=False)
        private = PracticePageFactory(ref="dl-private")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        response = self.client.get(download_url("json"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        refs = practice_refs(response)
        self.assertIn("dl-public", refs)
        self.assertNotIn("dl-draft", refs)
        self.assertNotIn("dl-private", refs)

        response = self.client.get(download_url("xlsx"))
        workbook = load_workbook(BytesIO(content(response)))
        cells = {cell for row in workbook["practices"].iter_rows(values_only=True) for cell in row}
        self.assertIn("dl-public", cells)
        self.assertFalse({"dl-draft", "dl-private"} & cells)

    def test_the_download_imported_back_is_refused_where_it_would_remove_links(self):
        shown = PartnerPageFactory(ref="dl-shown")
        private = PartnerPageFactory(ref="dl-private-partner")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        PracticePageFactory(ref="dl-linked", partners=[shown, private])
        directory = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, directory)
        for extension in ("json", "xlsx"):
            with self.subTest(extension=extension):
                path = directory / f"download.{extension}"
                path.write_bytes(content(self.client.get(download_url(extension))))
                with translation.override("en"), self.assertRaises(CatalogueError) as raised:
                    import_catalogue(path)
                first, *links = raised.exception.messages
                self.assertTrue(first.startswith(f"download.{extension} is the open data"))
                self.assertIn("download every page instead", first)
                self.assertEqual(len(links), 1)
                self.assertTrue(
                    links[0].endswith(
                        "column 'partners': importing would remove the link to "
                        "dl-private-partner, a page the public cannot see"
                    ),
                    links[0],
                )
        linked = PracticePage.objects.get(ref="dl-linked")
        self.assertEqual(
            sorted(linked.partners.values_list("ref", flat=True)),
            ["dl-private-partner", "dl-shown"],
        )

    def test_email_addresses_stay_out_of_the_download_and_in_the_staff_export(self):
        PracticePageFactory(ref="dl-contact", contact_email="marie@example.org")
        PartnerPageFactory(ref="dl-partner", email="info@example.org")
        addresses = {"marie@example.org", "info@example.org"}
        body = content(self.client.get(download_url("json"))).decode()
        self.assertIn("dl-contact", body)
        self.assertFalse([address for address in addresses if address in body])
        workbook = load_workbook(BytesIO(content(self.client.get(download_url("xlsx")))))
        cells = {
            cell
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        }
        self.assertIn("dl-partner", cells)
        self.assertFalse(addresses & cells)
        self.assertFalse({"contact_email", "email"} & cells)

        staff = Path(tempfile.mkdtemp()) / "staff.json"
        self.addCleanup(shutil.rmtree, staff.parent)
        export_catalogue(staff, everything=True)
        self.assertTrue(all(address in staff.read_text() for address in addresses))

    def test_the_file_is_an_attachment_named_after_the_date_of_its_data(self):
        response = self.client.get(download_url("xlsx", "fr"))
        download = downloads.current("xlsx")
        day = timezone.localdate(download.built_at)
        self.assertEqual(
            response["Content-Disposition"],
            f'attachment; filename="coactions-catalogue-{day}.xlsx"',
        )
        self.assertEqual(response["Cache-Control"], "public, max-age=300")
        self.assertEqual(response["ETag"], f'"{download.digest}"')
        self.assertIn("Last-Modified", response)
        content(response)

    def test_every_language_serves_the_same_file(self):
        bodies = {content(self.client.get(download_url("json", lang))) for lang in LANGS}
        self.assertEqual(len(bodies), 1)


class TestCommand(DownloadTestCase):
    def test_the_maintenance_command_builds_what_is_stale_and_only_that(self):
        out = StringIO()
        call_command("catalogue_downloads", stdout=out)
        self.assertIn("Built catalogue.xlsx", out.getvalue())
        self.assertIn("dl-public", practice_refs(self.client.get(download_url("json"))))
        with mock.patch.object(downloads, "build") as build:
            call_command("catalogue_downloads", stdout=out)
        build.assert_not_called()
        self.assertIn("up to date", out.getvalue())


class TestFreshness(DownloadTestCase):
    def test_a_second_request_serves_the_same_file_without_building_again(self):
        with mock.patch.object(downloads, "build", wraps=downloads.build) as build:
            first = self.client.get(download_url("json"))
            second = self.client.get(download_url("json"))
        self.assertEqual(build.call_count, 1)
        self.assertEqual(content(first), content(second))
        self.assertEqual(first["ETag"], second["ETag"])

        by_etag = self.client.get(download_url("json"), headers={"if-none-match": first["ETag"]})
        self.assertEqual(by_etag.status_code, 304)
        self.assertEqual(by_etag["ETag"], first["ETag"])
        by_date = self.client.get(
            download_url("json"), headers={"if-modified-since": first["Last-Modified"]}
        )
        self.assertEqual(by_date.status_code, 304)

    def test_after_a_publish_the_next_download_holds_the_new_sheet(self):
        self.assertNotIn("dl-new", practice_refs(self.client.get(download_url("json"))))
        self.publish(PracticePageFactory(ref="dl-new", live=False))
        self.assertIn("dl-new", practice_refs(self.client.get(download_url("json"))))

    def test_while_a_build_waits_in_the_queue_the_previous_file_is_served_and_queued_once(self):
        self.client.get(download_url("json"))  # built at once (immediate backend)
        with override_settings(TASKS=DUMMY):
            self.publish(PracticePageFactory(ref="dl-new", live=False))
            for _request in range(20):
                response = self.client.get(download_url("json"))
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("dl-new", practice_refs(response))
            self.assertEqual(len(builds_queued()), 1)

    @override_settings(TASKS=DUMMY)
    def test_before_the_first_build_the_download_is_being_prepared(self):
        for lang in LANGS:
            for extension in downloads.FORMATS:
                response = self.client.get(download_url(extension, lang))
                self.assertEqual(response.status_code, 503)
                self.assertEqual(response["Retry-After"], "60")
                self.assertIn(PREPARING[lang], response.content.decode())
        self.assertEqual(len(builds_queued()), 1)


class TestRequests(DownloadTestCase):
    def test_other_methods_than_get_and_head_are_refused(self):
        response = self.client.post(download_url("xlsx"))
        self.assertEqual(response.status_code, 405)
        self.assertIn("GET", response["Allow"])
        self.assertEqual(self.client.head(download_url("xlsx")).status_code, 200)

    def test_only_the_two_formats_exist(self):
        self.assertEqual(self.client.get("/en/open-data/catalogue.csv").status_code, 404)
        self.assertEqual(self.client.get("/en/open-data/../settings.py").status_code, 404)


class TestOpenDataPage(DownloadTestCase):
    def links(self, lang):
        with translation.override(lang):
            html = self.client.get(reverse("api_docs")).content
        page = BeautifulSoup(html, "html.parser")
        return {
            link["href"]: link.parent.get_text(" ", strip=True)
            for link in page.select("main a[href]")
            if "/catalogue." in link["href"]
        }

    @override_settings(TASKS=DUMMY)
    def test_the_page_links_both_formats_being_prepared_before_the_first_build(self):
        for lang, prepared in (("fr", "en préparation"), ("en", "being prepared")):
            links = self.links(lang)
            self.assertEqual(set(links), {download_url(e, lang) for e in ("xlsx", "json")})
            for text in links.values():
                self.assertIn(prepared, text)

    def test_the_page_gives_each_format_its_size_and_date_in_three_languages(self):
        for extension in downloads.FORMATS:
            content(self.client.get(download_url(extension)))
        link_text = {
            "fr": "Télécharger le catalogue en XLSX",
            "en": "Download the catalogue in XLSX",
            "es": "Descargar el catálogo en XLSX",
        }
        for lang in LANGS:
            links = self.links(lang)
            self.assertEqual(set(links), {download_url(e, lang) for e in ("xlsx", "json")})
            self.assertIn(link_text[lang], links[download_url("xlsx", lang)])
            for text in links.values():
                self.assertRegex(text, r"\d")  # the size and the date
                self.assertNotIn("prepar", text)

    @override_settings(PAGE_CACHE_SECONDS=600)
    def test_the_page_cache_never_keeps_the_page_while_a_file_is_missing(self):
        with override_settings(TASKS=DUMMY):
            self.assertIn("being prepared", self.links("en")[download_url("json")])
        content(self.client.get(download_url("json")))
        content(self.client.get(download_url("xlsx")))
        self.assertNotIn("being prepared", self.links("en")[download_url("json")])

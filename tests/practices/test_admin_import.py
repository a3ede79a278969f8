"""The catalogue import in the Wagtail admin: permissions, upload, the dry-run report.

Confirming, conflicts and the report download: tests/catalogue/test_import_changes.py.
"""

import json
import tempfile
import uuid
from pathlib import Path
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils.html import escape

from catalogue import import_service
from catalogue.io import limits
from home.site_setup import ensure_site
from partners.models import PartnerPage
from practices.models import PracticePage, Theme
from projects.models import ProjectPage

UPLOAD_URL = reverse("catalogue_import:upload")


def catalogue(**changes):
    """A small valid catalogue: one theme, one partner, one project, one practice."""
    data = {
        "themes": [{"slug": "test-theme", "name_fr": "Thème d'essai", "name_en": "Test theme"}],
        "partners": [
            {
                "ref": "test-partner",
                "name": "Partenaire d'essai",
                "organisation_type": "cooperative",
                "country": "FR",
                "city": "Bordeaux",
            }
        ],
        "projects": [
            {
                "ref": "test-project",
                "title_fr": "Projet d'essai",
                "summary_fr": "Un projet pour les tests.",
                "programme": "erasmus_plus",
                "start_date": "2020-01-01",
                "end_date": "2021-12-31",
                "coordinator": "test-partner",
                "partners": ["test-partner"],
            }
        ],
        "practices": [
            {
                "ref": "test-practice",
                "title_fr": "Pratique d'essai",
                "title_en": "Test practice",
                "summary_fr": "Une pratique pour les tests.",
                "themes": ["test-theme"],
                "countries": ["FR"],
                "partners": ["test-partner"],
                "projects": ["test-project"],
                "year": 2020,
                "status": "ongoing",
            }
        ],
    }
    for sheet, fields in changes.items():
        data[sheet][0].update(fields)
    return data


def upload_file(data=None, name="catalogue.json", content=None):
    if content is None:
        content = json.dumps(data if data is not None else catalogue()).encode()
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def catalogue_counts():
    return {
        "themes": Theme.objects.count(),
        "partners": PartnerPage.objects.count(),
        "projects": ProjectPage.objects.count(),
        "practices": PracticePage.objects.count(),
    }


EMPTY = {"themes": 0, "partners": 0, "projects": 0, "practices": 0}


def grant(user, *perms):
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


class AdminImportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_site()
        User = get_user_model()
        cls.superuser = User.objects.create_superuser("admin", "admin@example.org", "pw")
        cls.editor = User.objects.create_user("editor", "editor@example.org", "pw", is_staff=True)
        grant(cls.editor, "wagtailadmin.access_admin")
        cls.importer = User.objects.create_user(
            "importer", "importer@example.org", "pw", is_staff=True
        )
        grant(cls.importer, "wagtailadmin.access_admin", "catalogue.import_catalogue")

    def setUp(self):
        # The admin answers in the browser's language; messages are asserted in English.
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        # An empty catalogue still has the themes a data migration seeds.
        self.empty = catalogue_counts()
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.import_dir = Path(tmp.name) / "imports"
        self.enterContext(override_settings(CATALOGUE_IMPORT_DIR=self.import_dir))

    def stored_files(self):
        return sorted(self.import_dir.iterdir()) if self.import_dir.exists() else []

    def upload(self, file):
        return self.client.post(UPLOAD_URL, {"file": file})

    def messages(self, response):
        return [str(message) for message in get_messages(response.wsgi_request)]


class PermissionTests(AdminImportTestCase):
    def test_staff_without_permission_gets_403_everywhere(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(UPLOAD_URL).status_code, 403)
        self.assertEqual(self.upload(upload_file()).status_code, 403)
        for name in ("job", "status", "confirm", "report"):
            url = reverse(f"catalogue_import:{name}", args=[uuid.uuid4()])
            self.assertEqual(self.client.post(url).status_code, 403)
            self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(catalogue_counts(), self.empty)
        self.assertEqual(self.stored_files(), [])

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(UPLOAD_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])

    def test_menu_item_only_for_users_with_permission(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, UPLOAD_URL)

        for user in (self.importer, self.superuser):
            self.client.force_login(user)
            response = self.client.get(reverse("wagtailadmin_home"))
            self.assertContains(response, UPLOAD_URL)

    def test_user_with_permission_sees_the_form(self):
        self.client.force_login(self.importer)
        response = self.client.get(UPLOAD_URL)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "catalogue/admin/import_upload.html")
        self.assertContains(response, 'type="file"')
        self.assertContains(response, 'accept=".xlsx,.json"')


class UploadTests(AdminImportTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.superuser)

    def test_valid_json_shows_dry_run_counts_and_writes_nothing(self):
        response = self.client.post(UPLOAD_URL, {"file": upload_file()}, follow=True)

        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "catalogue/admin/import_job.html")
        self.assertEqual(response.context["job"].errors, [])
        counts = {row["sheet"]: row["created"] for row in response.context["rows"]}
        self.assertEqual(
            counts, {"themes": 1, "partners": 1, "projects": 1, "practices": 1, "glossary": 0}
        )
        self.assertEqual(response.context["totals"], {"created": 4, "updated": 0, "unchanged": 0})
        job = response.context["job"]
        self.assertContains(response, reverse("catalogue_import:confirm", args=[job.pk]))
        self.assertEqual(catalogue_counts(), self.empty)
        # The file waits in the private folder under a random name.
        self.assertEqual([p.name for p in self.stored_files()], [job.stored_name])

    def test_invalid_file_shows_the_row_error_and_writes_nothing(self):
        data = catalogue(practices={"themes": ["no-such-theme"]})
        response = self.client.post(UPLOAD_URL, {"file": upload_file(data)}, follow=True)

        self.assertEqual(response.status_code, 200)
        message = (
            "practices, item 1, column 'themes': unknown themes reference 'no-such-theme' "
            "(closest known: test-theme, local-sustainable-development, "
            "social-solidarity-economy)"
        )
        self.assertEqual(response.context["job"].errors, [message])
        self.assertContains(response, escape(message))
        self.assertNotIn("confirm_form", response.context)
        self.assertEqual(catalogue_counts(), self.empty)
        self.assertEqual(self.stored_files(), [])

    def test_wrong_extension_is_refused(self):
        response = self.upload(upload_file(name="catalogue.csv", content=b"slug,name_fr\n"))

        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "catalogue/admin/import_upload.html")
        [error] = response.context["form"].errors.as_data()["file"]
        self.assertEqual(error.code, "extension")
        self.assertIn("catalogue.csv", response.context["form"].errors["file"][0])
        self.assertEqual(self.stored_files(), [])

    def test_missing_file_is_refused(self):
        response = self.client.post(UPLOAD_URL, {})

        self.assertEqual(response.status_code, 200)
        self.assertIn("file", response.context["form"].errors)

    def test_file_over_the_size_limit_is_refused(self):
        with mock.patch.object(limits, "MAX_FILE_BYTES", 100):
            response = self.upload(upload_file())

        self.assertEqual(response.status_code, 200)
        [error] = response.context["form"].errors.as_data()["file"]
        self.assertEqual(error.code, "size")
        self.assertEqual(self.stored_files(), [])

    def test_corrupt_files_are_reported_under_their_own_name(self):
        for name, content in [
            ("broken.xlsx", b"this is not a zip archive"),
            ("broken.json", b'{"themes": ['),
            ("latin1.json", '{"themes": [{"slug": "\xe9"}]}'.encode("latin-1")),
            ("list.json", b"[1, 2, 3]"),
        ]:
            with self.subTest(name=name):
                response = self.client.post(
                    UPLOAD_URL, {"file": upload_file(name=name, content=content)}, follow=True
                )

                self.assertEqual(response.status_code, 200)
                errors = response.context["job"].errors
                self.assertTrue(errors[0].startswith(f"{name}: "), errors)
                # The stored file's random name never reaches the user.
                self.assertNotRegex(" ".join(errors), r"[0-9a-f]{32}")
                self.assertEqual(self.stored_files(), [])

    def test_unexpected_failure_is_reported_not_a_500(self):
        with (
            mock.patch.object(import_service, "import_catalogue", side_effect=RuntimeError("boom")),
            self.assertLogs("catalogue.import_service", "ERROR"),
        ):
            response = self.client.post(UPLOAD_URL, {"file": upload_file()}, follow=True)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["job"].errors), 1)
        self.assertIn("catalogue.json", response.context["job"].errors[0])
        self.assertEqual(self.stored_files(), [])

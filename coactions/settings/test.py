from .base import *  # noqa: F403
from .base import OPENSEARCH_INDEX

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
# Emails stay in django.core.mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

"""Settings shared by every environment.

Environment variables are read here and nowhere else. Base is safe by default:
DEBUG is off and there is no secret key; dev and test provide their own.
"""

import os
import re
import zoneinfo
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
import dj_email_url
import django_cache_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def env_number(name, default, kind=float, minimum=0):
    raw = os.environ.get(name, "").strip() or str(default)
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ImproperlyConfigured(f"{name} must be a number of at least {minimum}: {raw!r}")
    return value


# One or more node URLs, comma-separated: the client spreads requests over them.
OPENSEARCH_URL = ",".join(env_list("OPENSEARCH_URL"))
OPENSEARCH_INDEX = os.environ.get("OPENSEARCH_INDEX", "coactions-catalogue").strip()
# A visitor's search waits at most this long for OpenSearch (all nodes tried included)
# before the database answers; bulk indexing has its own, longer timeout.
OPENSEARCH_TIMEOUT = env_number("OPENSEARCH_TIMEOUT", 0.5)
OPENSEARCH_BULK_TIMEOUT = env_number("OPENSEARCH_BULK_TIMEOUT", 60)
OPENSEARCH_SHARDS = env_number("OPENSEARCH_SHARDS", 1, int, 1)
OPENSEARCH_REPLICAS = env_number("OPENSEARCH_REPLICAS", 0, int, 0)
# Threads sharing each search's work on a shard (concurrent segment search); 1: one.
OPENSEARCH_SEARCH_SLICES = env_number("OPENSEARCH_SEARCH_SLICES", 2, int, 1)
# After this many failed searches in a row, the database answers at once for
# OPENSEARCH_BREAKER_COOLDOWN seconds; then OpenSearch is tried again.
OPENSEARCH_BREAKER_FAILURES = env_number("OPENSEARCH_BREAKER_FAILURES", 3, int, 1)
OPENSEARCH_BREAKER_COOLDOWN = env_number("OPENSEARCH_BREAKER_COOLDOWN", 30)
# A practice sheet not checked for this many months is listed in "Sheets to check".
CATALOGUE_REVIEW_MONTHS = int(os.environ.get("CATALOGUE_REVIEW_MONTHS", "12"))
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# HTTPS options that production.py applies.
HTTPS_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Only behind a proxy that sets X-Forwarded-Proto and drops any copy sent by the client.
HTTPS_TRUST_FORWARDED_PROTO = env_bool("TRUST_X_FORWARDED_PROTO", False)
HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
# Reverse proxies in front of the site, each appending its peer to X-Forwarded-For;
# 0 (direct connections) ignores that header, which any client can write.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))


def parse_rate(value):
    """A django-ratelimit rate such as 120/m, or None for "off"."""
    value = value.strip().lower()
    if value == "off":
        return None
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", value):
        raise ImproperlyConfigured(
            f"API_RATE_LIMIT must look like 120/m (requests/period, s m h or d) or off: {value!r}"
        )
    return value


# Requests per client address, for each API endpoint and for the search page. The
# site's own suggestions fire at most once per 150 ms pause in typing.
API_RATE_LIMIT = parse_rate(os.environ.get("API_RATE_LIMIT", "120/m"))


def parse_cache_url(url):
    """Django's cache settings from CACHE_URL (django-cache-url), with a clear error."""
    try:
        config = django_cache_url.parse(url)
    except Exception as exc:  # the library raises a bare Exception for an unknown scheme
        raise ImproperlyConfigured(
            f"CACHE_URL: {exc} (use locmem://, file:///path, redis://host:6379/0, "
            "rediss://…, pymemcache://host:11211 or dummy://)."
        ) from exc
    if config["BACKEND"].endswith(("LocMemCache", "FileBasedCache")):
        # Django keeps 300 entries by default: not even every page in three languages.
        config.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 5000)
    return config


# Django's cache: anonymous visitors' pages, the rate limit's counters. Local memory is
# per process; production with several gunicorn workers wants one cache they share.
CACHE_URL = os.environ.get("CACHE_URL", "").strip() or "locmem://"
# Seconds an anonymous visitor's page stays in the cache (publishing clears it at once);
# 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# max-age of the JSON API's answers, which also carry an ETag for revalidation.
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "60"))
# Admin login throttling (django-axes): this many wrong passwords for one username from
# one address lock that pair out for the cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))

INSTALLED_APPS = [
    # wagtail_modeltranslation patches Wagtail and must come before the content apps.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "core",
    "catalogue",
    "home",
    "partners",
    "projects",
    "practices",
    "search",
    "glossary",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    # Wagtail's users app, with the site's groups shown under translated labels.
    "catalogue.apps.CatalogueUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "django_ratelimit",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: health probes are answered before the host check, the HTTPS redirect,
    # sessions, the page cache and the rate limit (core/health.py).
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer, so every /api/ answer carries its CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stores pages (core/cache.py): outside every middleware that adds a Vary header or
    # a security header, so a stored page carries them all.
    "core.cache.UpdatePageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, without the language redirect for a 404 outside i18n_patterns (core/locale.py).
    "core.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Serves stored pages, once the URL's language is active (it is part of the key).
    "core.cache.FetchPageCacheMiddleware",
    # Around the views: a page reading which branches are hidden reads them once.
    "core.visibility.HiddenBranchesReadOnceMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.middleware.DatabaseBusyMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coactions.urls"
WSGI_APPLICATION = "coactions.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An autosave landing during a publish must wait for the lock, not fail. WAL lets
    # readers go on while one writer commits (with WAL, synchronous=NORMAL may lose the
    # last commits on a power cut but never corrupts the file). IMMEDIATE takes the write
    # lock when a transaction begins: a deferred transaction that read first and writes
    # later fails with "database is locked" at once, without waiting. The timeout
    # (seconds) stays under gunicorn's 30 s worker timeout, so a longer wait ends in
    # core.middleware's 503 rather than a killed worker. Reads go through a memory map
    # of the file (up to 1 GiB of address space, not memory): each request opens its own
    # connection, whose page cache starts empty, so without it every query copies the
    # pages it reads from the operating system's cache again (a search over 10,000
    # sheets spent half its time there).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes checks for a lockout before the password is even tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "pages/login_locked.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: French is the source language; fallback order is fr, en, es.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("es", _("Spanish"))]
# locale_wagtail/ translates Wagtail's strings its own Spanish catalogues lack: Django
# shows a missing string in LANGUAGE_CODE's language, so a Spanish editor saw French.
# It also corrects a few mistakes of Wagtail's French catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr", "en", "es")
WAGTAILMODELTRANSLATION_LOCALE_PICKER = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Catalogue files uploaded in the admin wait here for confirmation; never web-served.
CATALOGUE_IMPORT_DIR = Path(os.environ.get("CATALOGUE_IMPORT_DIR", VAR_DIR / "imports"))
# The public downloads of the open data (catalogue.downloads), built by the task worker and
# served by the site from here.
CATALOGUE_DOWNLOAD_DIR = Path(os.environ.get("CATALOGUE_DOWNLOAD_DIR", VAR_DIR / "downloads"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.staticfiles.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Co-actions"
# Slugs are ASCII in every language (core.slugs); the admin's own slug suggestion too.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Wagtail's editor, reading the line breaks older imports wrote as `<br>` (core.widgets).
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "core.widgets.RichTextArea"}}
# The admin's avatars are the ones people upload, never fetched from Gravatar: no request
# to another origin, nothing said to a third party about who edits the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The time zones an editor may choose in their account: the system's, without the names
# that are no place ("localtime", "Factory"), which browsers reject: the account page's
# script stopped on the first.
WAGTAIL_USER_TIME_ZONES = sorted(
    {"UTC", *(name for name in zoneinfo.available_timezones() if "/" in name)}
)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odp", "ods", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
# The admin's own search stays on the database, whatever backs the public catalogue.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Old URLs are redirected in every language by core.redirects, which knows the
# language prefixes; Wagtail's own auto-redirects only know the default url_path.
WAGTAILREDIRECTS_AUTO_CREATE = False

# The public JSON API may be called from any site's JavaScript; it only reads.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "content-type"]

CACHES = {"default": parse_cache_url(CACHE_URL)}
# Paths whose answers are never stored by the page cache: the admin, the API (its own
# Cache-Control and ETag, and its rate limit must see every request) and documents
# (Wagtail checks their privacy on each download).
PAGE_CACHE_EXCLUDED_PATHS = ("/admin/", "/api/", "/documents/")
# Cookies that change what a page shows, with the values that do: the page cache keeps a
# page for each (any other value counts as none, so a made-up value stores nothing new).
# The demonstration banner's Close button (home.views) sets `demo_notice=hidden`.
PAGE_CACHE_KEY_COOKIES = {"demo_notice": ("hidden",)}

# The rate limit counts in the default cache (CACHE_URL). With local memory each process
# counts on its own, which is exact for development and tests, and in production lets
# each gunicorn worker allow API_RATE_LIMIT; a shared cache (Redis, memcached) makes it
# one count.
RATELIMIT_IP_META_KEY = "core.client_ip.client_ip"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    # django-tasks-db: a queue in the site's database, run by `manage.py db_worker`.
    "database": "django_tasks_db.DatabaseBackend",
}


def task_backend(default):
    """TASKS for the backend named by TASKS_BACKEND (immediate or database)."""
    name = os.environ.get("TASKS_BACKEND", default).strip().lower()
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}: {name!r}"
        )
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}


# Development and tests run tasks at once, in the request that enqueues them.
TASKS = task_backend("immediate")

X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# The public site allows no inline script or style and no third-party origin.
# Wagtail's admin relies on inline styles and scripts, so it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The client logs every non-2xx answer, expected 404s included; our code logs failures.
    "loggers": {"opensearch": {"level": "ERROR"}},
}


def require_secret_key(value):
    if not value:
        raise ImproperlyConfigured(
            "The SECRET_KEY environment variable is required with these settings: "
            "set it to a long random string."
        )
    return value


# Email: password resets and the review workflow's notifications.
# EMAIL_URL, e.g. smtp+tls://user:password@host:587 (STARTTLS), smtp+ssl://...:465,
# smtp://localhost:25, console:// ; dev prints to the console, tests keep mail in memory,
# production sends through EMAIL_URL (a deploy check warns when it is missing).
EMAIL_URL = os.environ.get("EMAIL_URL", "").strip()


def parse_email_url(url):
    """Django's EMAIL_* settings from an email URL (dj-email-url, plus smtp+tls/smtp+ssl)."""
    scheme, _sep, rest = url.partition("://")
    if scheme in {"smtp+tls", "smtp+starttls"}:
        url = f"smtp://{rest}{'&' if '?' in rest else '?'}tls=true"
    elif scheme == "smtp+ssl":
        url = f"smtp://{rest}{'&' if '?' in rest else '?'}ssl=true"
    config = dj_email_url.parse(url)
    if "EMAIL_BACKEND" not in config:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown scheme {scheme!r} (use smtp, smtp+tls, smtp+ssl, "
            "submission, console, file, memory or dummy)."
        )
    return {key: value for key, value in config.items() if value is not None}


if EMAIL_URL:
    globals().update(parse_email_url(EMAIL_URL))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Co-actions <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Wagtail's moderation emails (submitted, approved, changes requested) come from this
# address in each recipient's admin language. Text only: Wagtail 7.4 renders the HTML
# part outside the recipient's language (wagtail/admin/mail.py), the text part inside it.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_USE_HTML = False

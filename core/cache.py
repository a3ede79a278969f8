"""Anonymous visitors' pages come from Django's cache; editors never see a stored page.

Two middlewares, as Django's own cache middleware (whose key rules they reuse: the full
URL with its query string, the active language, the response's Vary headers):
`UpdatePageCacheMiddleware` near the top stores a page on its way out,
`FetchPageCacheMiddleware` after the language middleware answers from the store.

Only GET and HEAD requests without a session cookie are served or stored: whoever has a
session (an editor, a visitor who unlocked a password-protected page) always gets a fresh
page and never fills the cache. Only 200 answers that set no cookie and say nothing of
`private`, `no-cache` or `no-store` are stored, for PAGE_CACHE_SECONDS; paths in
PAGE_CACHE_EXCLUDED_PATHS never are. A cookie of PAGE_CACHE_KEY_COOKIES with one of its
declared values (the demonstration banner closed) keys a page of its own. Browsers are
not told to keep the page (no max-age is added), so a publish is seen by every visitor
at once.

`remember()` keeps what a view computes for everyone (a search's results) under the same
version, for views that must run on every request (the search page and the API, whose
rate limit counts each call).

Invalidation: every key carries a version number kept in the cache itself. Publishing,
unpublishing, moving or deleting a page, and saving settings, snippets, images,
documents, sites or view restrictions, set a new version once the transaction commits,
which orphans every stored page at once (they expire by themselves). A page is stored
under the version read when its request began, so a page rendered while a publish was
committing is never kept under the new version. If the cache loses the version key, a
new one is drawn: the safe direction.

A cache that fails (Redis down) costs the cache, not the page: it is logged and the
page is rendered as if nothing were stored.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import get_cache_key, learn_cache_key

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
# Says whether a page came from the cache ("hit") or was just stored ("miss").
STATUS_HEADER = "X-Page-Cache"


def page_cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def current_version(cache):
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        # Another process may have added its own first: everyone uses the stored one.
        version = cache.get(VERSION_KEY)
    return version


def remember(namespace, key, compute, keep=lambda value: True):
    """`compute()`, kept in the cache under the page cache's version for
    PAGE_CACHE_SECONDS when `keep(value)`: what a view computes for anyone (a search's
    results) without storing its whole answer, so that the view still runs (its rate
    limit counts every request). Cleared with the pages, on publish and the rest."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute()
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    try:
        cache = page_cache()
        cache_key = f"{namespace}.{current_version(cache)}.{digest}"
        value = cache.get(cache_key)
    except Exception:
        logger.exception("The cache could not be read")
        return compute()
    if value is None:
        value = compute()
        if keep(value):
            try:
                cache.set(cache_key, value, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("A value could not be stored in the cache")
    return value


def clear_page_cache():
    """Orphan every stored page (they expire by themselves)."""
    try:
        page_cache().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # Pages stored until now stay until PAGE_CACHE_SECONDS: say so loudly.
        logger.exception("The page cache could not be cleared")


def clear_page_cache_on_commit():
    transaction.on_commit(clear_page_cache)


def cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))
    )


def storable_response(response):
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        # A cookie belongs to one visitor (a CSRF token on a password form, say).
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        and "*" not in response.get("Vary", "")
    )


class FetchPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._page_cache_prefix = None
        if cacheable_request(request):
            try:
                response = self.fetch(request)
            except Exception:
                logger.exception("The page cache could not be read")
                response = None
            if response is not None:
                response[STATUS_HEADER] = "hit"
                return response
        return self.get_response(request)

    def fetch(self, request):
        cache = page_cache()
        prefix = f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}page.{current_version(cache)}"
        prefix += "".join(
            f".{name}={request.COOKIES[name]}"
            for name, values in settings.PAGE_CACHE_KEY_COOKIES.items()
            if request.COOKIES.get(name) in values
        )
        request._page_cache_prefix = prefix
        for method in ("GET", "HEAD") if request.method == "HEAD" else ("GET",):
            key = get_cache_key(request, prefix, method, cache=cache)
            response = cache.get(key) if key else None
            if response is not None:
                request._page_cache_prefix = None
                return response
        return None


class UpdatePageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        prefix = getattr(request, "_page_cache_prefix", None)
        if prefix is None or not storable_response(response):
            return response
        response[STATUS_HEADER] = "miss"
        cache, timeout = page_cache(), settings.PAGE_CACHE_SECONDS
        try:
            key = learn_cache_key(request, response, timeout, prefix, cache=cache)
            cache.set(key, response, timeout)
        except Exception:
            logger.exception("A page could not be stored in the page cache")
        return response


def _on_change(sender, instance, **kwargs):
    if isinstance(instance, (*INVALIDATING_MODELS, *get_snippet_models())):
        clear_page_cache_on_commit()


def _on_page_event(sender, **kwargs):
    clear_page_cache_on_commit()


def _on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        clear_page_cache_on_commit()


# What pages show besides their own published content.
INVALIDATING_MODELS = (
    BaseSiteSetting,
    BaseGenericSetting,
    Site,
    PageViewRestriction,
    CollectionViewRestriction,
    AbstractImage,
    AbstractDocument,
)


def connect_signals():
    page_published.connect(_on_page_event, dispatch_uid="core.cache.published")
    page_unpublished.connect(_on_page_event, dispatch_uid="core.cache.unpublished")
    post_page_move.connect(_on_page_event, dispatch_uid="core.cache.moved")
    post_delete.connect(_on_page_delete, dispatch_uid="core.cache.page_delete")
    post_save.connect(_on_change, dispatch_uid="core.cache.save")
    post_delete.connect(_on_change, dispatch_uid="core.cache.delete")

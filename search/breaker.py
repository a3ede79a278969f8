"""A circuit breaker in front of OpenSearch, one per process.

When the cluster hangs, every search would spend the whole client timeout before the
database answers. After OPENSEARCH_BREAKER_FAILURES failures in a row the breaker opens:
searches go to the database at once. After OPENSEARCH_BREAKER_COOLDOWN seconds one
request tries OpenSearch again; success closes the breaker, failure opens it for another
cool-down. Each opening and closing is logged.
"""

import logging
import threading
import time

from django.conf import settings

from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import TransportError

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_failures = 0
_opened_at = None  # monotonic time the breaker opened, None when closed
_probing = False  # one request is trying OpenSearch after the cool-down


def allow():
    """May this request try OpenSearch?"""
    global _probing
    with _lock:
        if _opened_at is None:
            return True
        if _probing or time.monotonic() - _opened_at < settings.OPENSEARCH_BREAKER_COOLDOWN:
            return False
        _probing = True
        return True


def is_open():
    with _lock:
        return _opened_at is not None


def success():
    global _failures, _opened_at, _probing
    with _lock:
        was_open = _opened_at is not None
        _failures, _opened_at, _probing = 0, None, False
    if was_open:
        logger.warning("OpenSearch circuit breaker closed: OpenSearch answers again")


def counts(exc):
    """Failures of the cluster (unreachable, too slow, erring): not a missing index."""
    if isinstance(exc, OpenSearchConnectionError):  # ConnectionTimeout included
        return True
    status = getattr(exc, "status_code", None) if isinstance(exc, TransportError) else None
    return isinstance(status, int) and status >= 500


def failure(exc):
    global _failures, _opened_at, _probing
    if not counts(exc):
        with _lock:
            _probing = False
        return
    with _lock:
        _failures += 1
        reopening = _probing
        opening = _opened_at is None and _failures >= settings.OPENSEARCH_BREAKER_FAILURES
        if opening or reopening:
            _opened_at = time.monotonic()
        _probing = False
        failures = _failures
    if opening or reopening:
        logger.warning(
            "OpenSearch circuit breaker open after %d failure(s) (%s): the database answers "
            "searches for %s s",
            failures,
            exc,
            settings.OPENSEARCH_BREAKER_COOLDOWN,
        )


def reset():
    """Close without logging: for a new configuration (and tests)."""
    global _failures, _opened_at, _probing
    with _lock:
        _failures, _opened_at, _probing = 0, None, False

"""The one entry point for catalogue searches: picks the backend, falls back on failure."""

import logging

from django.conf import settings

from . import breaker
from .backends import database, opensearch

logger = logging.getLogger(__name__)


def use_opensearch():
    return bool(settings.OPENSEARCH_URL)


def search(query):
    """Return a CatalogueResult; OpenSearch trouble never reaches the visitor."""
    if use_opensearch():
        if breaker.allow():
            try:
                result = opensearch.search(query)
            except opensearch.Unavailable as exc:
                breaker.failure(exc)
                logger.warning("OpenSearch search failed, answering from the database: %s", exc)
            else:
                breaker.success()
                return result
        result = database.search(query)
        result.fallback = True
        return result
    return database.search(query)


def suggest(q, lang):
    if use_opensearch() and breaker.allow():
        try:
            suggestions = opensearch.suggest(q, lang)
        except opensearch.Unavailable as exc:
            breaker.failure(exc)
            logger.warning("OpenSearch suggestions failed, answering from the database: %s", exc)
        else:
            breaker.success()
            return suggestions
    return database.suggest(q, lang)

"""The one entry point for catalogue searches: picks the backend, falls back on failure."""

import logging
from dataclasses import replace

from django.conf import settings

from . import breaker, spelling
from .backends import database, opensearch

logger = logging.getLogger(__name__)


def use_opensearch():
    return bool(settings.OPENSEARCH_URL)


def search(query):
    """Return a CatalogueResult; OpenSearch trouble never reaches the visitor.

    A search where no page has every word shows the results of its spelling correction
    instead, when the correction finds pages with every word, or finds anything where
    the words as typed found nothing (`corrected_query`); `literal` searches the words
    as typed.
    """
    result = search_backend(query)
    if result.complete_count or not query.q or query.literal:
        return result
    corrected_q = spelling.correct(query.q, query.lang)
    if not corrected_q or corrected_q == query.q:
        return result
    corrected = search_backend(replace(query, q=corrected_q))
    if not (corrected.complete_count or (corrected.count and not result.count)):
        return result
    # The visitor's query stays the query (the API's "query", the form's words).
    corrected.query = query
    corrected.corrected_query = corrected_q
    return corrected


def search_backend(query):
    """The configured backend's answer, or the database's when OpenSearch fails."""
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

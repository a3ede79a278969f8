"""Readiness checks of the catalogue search, registered with core.health.

Both are "degraded" at worst, never "unavailable": without OpenSearch the search answers
from the database, and pending updates wait for the next update or `catalogue_index sync`.
"""

from django.conf import settings
from django.utils import timezone

from core import health

from .models import PendingUpdate

# The probe's own timeout: a node that hangs must not hold the probe.
OPENSEARCH_PROBE_TIMEOUT = 1


def opensearch():
    if not settings.OPENSEARCH_URL:
        return {"status": "ok", "configured": False}
    from .backends import opensearch as backend

    cluster = backend.get_client().cluster.health(request_timeout=OPENSEARCH_PROBE_TIMEOUT)
    color = cluster.get("status")
    return {
        # Yellow: every primary shard is served, some replica is missing.
        "status": "ok" if color in ("green", "yellow") else "degraded",
        "configured": True,
        "cluster": color,
        "nodes": cluster.get("number_of_nodes"),
    }


def pending_updates():
    oldest = PendingUpdate.objects.order_by("created_at").values_list("created_at", flat=True)
    oldest = oldest.first()
    if oldest is None:
        return {"status": "ok", "count": 0, "oldest_seconds": None}
    return {
        # Search shows outdated pages until they are applied.
        "status": "degraded",
        "count": PendingUpdate.objects.count(),
        "oldest_seconds": round((timezone.now() - oldest).total_seconds()),
    }


def register():
    health.register("opensearch", opensearch)
    health.register("search_pending_updates", pending_updates)

"""Health probes: `/healthz` (the process answers) and `/readyz` (it can serve the site).

`/healthz` touches nothing: a process manager or an orchestrator restarts the process
when it stops answering. `/readyz` asks the database, then every check the apps
registered (the task queue here, OpenSearch and its pending updates in `search`), each
by itself. Without the database the site cannot serve a page: 503, so a load balancer
sends visitors elsewhere. Any other trouble still lets the site serve (the search falls
back to the database, work waits in a queue): 200 with `"status": "degraded"`.

The answer is JSON with no URL, host, credential or error message (an exception's
message may name a host): a check reports its status, counts and ages, and the class of
the error it met. The middleware answers before any other, so probes sent over plain
HTTP to the process's own address pass the host check and the HTTPS redirect, and they
get no session, cookie, language redirect, page cache or rate limit. Never cached.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
# A task ready for longer than this means no worker is taking work (db_worker stopped).
TASK_QUEUE_MAX_AGE = 600


@dataclass(frozen=True)
class Check:
    name: str
    run: object  # () -> dict with "status" ("ok", "degraded" or "error") and figures
    critical: bool = False  # an error makes the site unready (503)


_checks = {}


def register(name, run, critical=False):
    """Add a readiness check; `run()` returns {"status": ..., figures...} or raises."""
    _checks[name] = Check(name, run, critical)


def run_checks():
    results, status = {}, "ok"
    for check in _checks.values():
        started = time.monotonic()
        try:
            result = dict(check.run())
        except Exception as exc:
            # The class only: the message may carry a host name or a URL.
            logger.warning("Readiness check %s failed: %r", check.name, exc)
            result = {"status": "error", "error": type(exc).__name__}
        result["ms"] = round((time.monotonic() - started) * 1000, 1)
        results[check.name] = result
        if result["status"] != "ok":
            status = "unavailable" if check.critical or status == "unavailable" else "degraded"
    return status, results


def database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def task_queue():
    """Tasks waiting for the worker (django-tasks-db); nothing to wait for otherwise."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        return {"status": "ok", "backend": "immediate"}
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = round((timezone.now() - oldest).total_seconds()) if oldest else None
    return {
        "status": "degraded" if age is not None and age > TASK_QUEUE_MAX_AGE else "ok",
        "backend": "database",
        "ready": ready.count(),
        "oldest_ready_seconds": age,
        "failed": DBTaskResult.objects.failed().count(),
    }


def cache():
    from .cache import page_cache

    page_cache().get("readyz")
    return {"status": "ok"}


def register_core_checks():
    register("database", database, critical=True)
    register("cache", cache)
    register("tasks", task_queue)


def respond(request, payload, status=200):
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse({"error": "method not allowed: use GET or HEAD"}, status=405)
        response["Allow"] = "GET, HEAD"
    else:
        response = JsonResponse(payload, status=status)
    add_never_cache_headers(response)
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path == HEALTH_PATH:
            return respond(request, {"status": "ok"})
        if path == READY_PATH:
            status, checks = run_checks()
            return respond(
                request,
                {"status": status, "checks": checks},
                status=503 if status == "unavailable" else 200,
            )
        return self.get_response(request)

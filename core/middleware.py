"""An editor whose save cannot get SQLite's write lock is asked to retry, never shown a 500.

The busy timeout (settings/base.py) covers ordinary overlaps such as an autosave during a
publish; only a longer hold, a catalogue import for instance, gets here. Nothing is lost:
the transaction was rolled back, the answer to a form carries what the editor sent and
a "Try again" button that sends it again (the Back button may not restore fields drawn by
JavaScript, such as rich text), and Wagtail's autosave posts the draft again on the next
change.
"""

from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

# Seconds (the Retry-After header): short, since the editor is waiting and a retry is cheap.
RETRY_AFTER = 10


def is_database_busy(exception):
    return isinstance(exception, OperationalError) and "database is locked" in str(exception)


def wants_json(request):
    return request.headers.get("x-requested-with") == "XMLHttpRequest" or (
        "application/json" in request.headers.get("accept", "")
    )


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (request.path.startswith("/admin/") and is_database_busy(exception)):
            return None
        # The view's language override has ended: use the editor's admin language again,
        # as wagtail.admin.localization does.
        profile = getattr(request.user, "wagtail_userprofile", None)
        language = profile.get_preferred_language() if profile else translation.get_language()
        with translation.override(language):
            response = self.busy_response(request)
        response["Retry-After"] = str(RETRY_AFTER)
        return response

    def busy_response(self, request):
        message = _(
            "The database is busy: your changes were not saved yet. Please try again in "
            "a moment; what you typed is still in the form if you go back."
        )
        if wants_json(request):
            # The shape of Wagtail's own JSON errors. Its autosave shows error_message only
            # for error codes it knows; "locked" (something else holds the page) is the
            # nearest, and leaves autosave running.
            return JsonResponse(
                {"success": False, "error_code": "locked", "error_message": message},
                status=503,
            )
        return render(
            request,
            "database_busy.html",
            {"message": message, "resend": resend_fields(request)},
            status=503,
        )


def resend_fields(request):
    """[(name, value)] to post again as they came, or None (not a form, or with files,
    which a page cannot hold). The CSRF token is the page's own."""
    if request.method != "POST" or request.FILES:
        return None
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

# Remembers, for a year, that this browser closed the demonstration banner.
DEMO_NOTICE_COOKIE = "demo_notice"
DEMO_NOTICE_MAX_AGE = 365 * 24 * 3600


@require_GET
def hide_demo_notice(request):
    """The banner's Close button without JavaScript: set the cookie, go back."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        DEMO_NOTICE_COOKIE,
        "hidden",
        max_age=DEMO_NOTICE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response

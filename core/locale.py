"""Django's LocaleMiddleware, without its language redirect for addresses outside i18n_patterns.

On a 404 for an address without a language prefix, Django's middleware redirects to the
same address with the visitor's language in front whenever that address would match a
pattern, and Wagtail's page-serving pattern (inside i18n_patterns) matches any path. So
`/admin/pages/999999/edit/` answered with a redirect to `/fr/admin/pages/999999/edit/`,
itself a 404 (a page tree has no "admin" page). An address that a route outside
i18n_patterns claims (the admin, documents, the API, sitemap.xml...) never has a language
prefix: its 404 is that route's answer and is sent as it is. Public addresses missing
their prefix (`/practices/`) are still redirected.
"""

from django.conf import settings
from django.middleware import locale
from django.urls import LocalePrefixPattern, get_resolver
from django.utils import translation
from django.utils.cache import patch_vary_headers


def claimed_outside_language_prefix(path_info, urlconf):
    """Whether a top-level route outside i18n_patterns matches `path_info` (an include
    such as `admin/` matches every address under it)."""
    path = path_info.removeprefix("/")
    return any(
        pattern.pattern.match(path) is not None
        for pattern in get_resolver(urlconf).url_patterns
        if not isinstance(pattern.pattern, LocalePrefixPattern)
    )


class LocaleMiddleware(locale.LocaleMiddleware):
    def process_response(self, request, response):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if response.status_code == 404 and claimed_outside_language_prefix(
            request.path_info, urlconf
        ):
            # What the parent does to a response it does not redirect.
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)

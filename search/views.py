import hashlib
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

import orjson
from django_ratelimit.core import get_usage

from core.cache import remember
from core.i18n import LANGUAGE_CODES
from core.listing import url_without

from . import catalogue
from .query import FACET_LABELS, MAX_PAGE, MAX_QUERY_LENGTH, SORTS, SearchForm, parse_words


def rate_limited(too_many):
    """Limit a view to API_RATE_LIMIT requests per client address; `too_many(request,
    retry_after)` answers the others, with a Retry-After header added here."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # key "ip" reads the address with core.client_ip (RATELIMIT_IP_META_KEY).
            usage = get_usage(
                request,
                fn=view,
                key="ip",
                rate=lambda _group, _request: settings.API_RATE_LIMIT,
                increment=True,
            )
            if usage and usage["should_limit"]:
                # time_left is negative when the cache could not count: retry soon.
                retry_after = max(usage["time_left"], 1)
                response = too_many(request, retry_after)
                response["Retry-After"] = str(retry_after)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def cached_search(query):
    """The results of `query`, computed once until the next publish or PAGE_CACHE_SECONDS.

    Labels of facets are translated when the result is built: the active language is
    part of the key. A result that fell back to the database while OpenSearch was away
    is not kept, so OpenSearch answers again as soon as it is back.
    """
    return remember(
        "search",
        (query, translation.get_language()),
        lambda: catalogue.search(query),
        keep=lambda result: not result.fallback,
    )


def search_page_too_many(request, retry_after):
    return render(request, "pages/too_many_requests.html", {"retry_after": retry_after}, status=429)


# Private: the page cache never stores a search (its rate limit must see every request,
# and any query string would make a new entry).
@cache_control(private=True)
@require_safe
@rate_limited(search_page_too_many)
def search(request):
    # The page speaks the language of its URL: a `lang` parameter is the API's business.
    params = request.GET.copy()
    params.pop("lang", None)
    form = SearchForm(params, default_lang=translation.get_language())
    context = {
        "form": form,
        "sorts": SORTS,
        "max_length": MAX_QUERY_LENGTH,
        # The help says what the backend answering searches works with.
        "backend": "opensearch" if catalogue.use_opensearch() else "database",
    }
    if not form.is_valid():
        context["errors"] = form.error_reasons()
        return render(request, "pages/search.html", context, status=400)
    query = form.to_query()
    result = cached_search(query)
    context.update(
        query=query,
        result=result,
        chips=active_chips(request, result),
        # "Clear all" removes the filters, not the words searched for.
        clear_url="?" + urlencode({"q": query.q}) if query.q else "?",
        backend=result.backend,
        # Punctuation alone ("((", "*") is searched as no words: every page is listed,
        # and the page says why.
        no_words=bool(query.q.strip()) and not has_words(query.q),
        last_page=last_page(result) if result.count and not result.hits else None,
    )
    return render(request, "pages/search.html", context)


def last_page(result):
    """The number of the last page of results: a page past it (an old link, a page
    number typed in the address) has no hits although the search has results."""
    reachable = min(result.count, MAX_PAGE * result.query.page_size)
    return max(1, -(-reachable // result.query.page_size))


def has_words(q):
    parsed = parse_words(q)
    return bool(parsed.terms or parsed.phrases or parsed.excluded or parsed.excluded_phrases)


def active_chips(request, result):
    """Selected filters, each naming its filter ("Country: Italy", as the listings'
    chips do: components/active_filters.html) with the URL of the same search without it."""
    chips = [
        {
            "field": FACET_LABELS[name],
            "label": value["label"],
            "remove_url": url_without(request.GET, name, value["value"]),
        }
        for name, values in result.facet_lists.items()
        for value in values
        if value["selected"]
    ]
    for name, label in (("year_from", _("From %(year)s")), ("year_to", _("Until %(year)s"))):
        if request.GET.get(name):
            chips.append(
                {
                    "field": FACET_LABELS["year"],
                    "label": label % {"year": request.GET[name]},
                    "remove_url": url_without(request.GET, name),
                }
            )
    return chips


API_METHODS = ("GET", "HEAD", "OPTIONS")


def api_error(error, status, **details):
    """API errors are JSON whatever went wrong; django-cors-headers adds the CORS headers."""
    return JsonResponse({"error": error, **details}, status=status)


def bad_request(form):
    return api_error("invalid parameters", 400, reasons=form.error_reasons())


def api_too_many(request, retry_after):
    response = api_error("too many requests", 429, retry_after=retry_after)
    patch_cache_control(response, no_store=True)
    return response


# What measures the request rather than describes the answer: left out of the ETag, so
# the same results give the same tag however long the engine took.
TIMING_FIELDS = frozenset({"took"})
# Dates and lazy translations written as JsonResponse writes them (DjangoJSONEncoder), by
# orjson: encoding the answer twice (body and ETag) with json was a tenth of a search's
# time in the site.
_encoder = DjangoJSONEncoder()
JSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def api_answer(request, payload):
    """The JSON answer, cacheable for API_CACHE_SECONDS, with an ETag of its content;
    304 Not Modified when the client's If-None-Match already names it."""
    content = {key: value for key, value in payload.items() if key not in TIMING_FIELDS}
    digest = hashlib.sha256(
        orjson.dumps(content, default=_encoder.default, option=JSON_OPTIONS | orjson.OPT_SORT_KEYS)
    ).hexdigest()[:32]
    response = HttpResponse(
        orjson.dumps(payload, default=_encoder.default, option=JSON_OPTIONS),
        content_type="application/json",
    )
    # Weak: two answers with this tag may differ in their timing fields.
    response["ETag"] = f'W/"{digest}"'
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
    return get_conditional_response(request, etag=response["ETag"], response=response)


def api_view(view):
    """GET and HEAD only, JSON answers for every refusal, and the rate limit.

    CSRF exemption lets a POST reach the 405 instead of Django's HTML CSRF page: the API
    only reads, and never looks at cookies.
    """
    limited = rate_limited(api_too_many)(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request):
        if request.method not in API_METHODS:
            response = api_error("method not allowed: use GET or HEAD", 405)
            response["Allow"] = ", ".join(API_METHODS)
            return response
        if request.method == "OPTIONS":
            # A CORS preflight never gets here: django-cors-headers answers it.
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(API_METHODS)
            return response
        try:
            request.GET  # noqa: B018 - parsed here so that too many parameters get JSON
        except TooManyFieldsSent:
            return api_error(
                "too many parameters", 400, max_parameters=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            )
        language = message_language(request)
        with translation.override(language):
            response = limited(request)
        # The language of the answer's words, not the site's default that LocaleMiddleware
        # would name (an answer stating its own, its results' language, keeps it).
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapper


def message_language(request):
    """The language of the API's reasons: the `lang` asked for, else the client's
    Accept-Language, else English. A script that states no language would otherwise get
    French (the site's default) beside the English `error` and documentation examples."""
    lang = request.GET.get("lang")
    if lang in LANGUAGE_CODES:
        return lang
    if request.META.get("HTTP_ACCEPT_LANGUAGE"):
        return translation.get_language()
    return "en"


@api_view
def api_search(request):
    form = SearchForm(request.GET, default_lang="fr")
    if not form.is_valid():
        return bad_request(form)
    query = form.to_query()
    with translation.override(query.lang):
        result = cached_search(query)
        payload = result.as_json()
    response = api_answer(request, payload)
    response["Content-Language"] = query.lang
    return response


@api_view
def api_suggest(request):
    form = SearchForm(request.GET, default_lang="fr")
    if not form.is_valid():
        return bad_request(form)
    data = form.cleaned_data
    q, lang = data["q"], data["lang"]
    suggestions = (
        remember("suggest", (q, lang), lambda: catalogue.suggest(q, lang)) if len(q) >= 2 else []
    )
    response = api_answer(request, {"query": q, "lang": lang, "suggestions": suggestions})
    response["Content-Language"] = lang
    return response


def api_docs(request):
    return render(request, "pages/api_docs.html")

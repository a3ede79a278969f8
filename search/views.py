from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.listing import url_without

from . import catalogue
from .query import MAX_QUERY_LENGTH, SORTS, SearchForm


@require_GET
def search(request):
    # The page speaks the language of its URL: a `lang` parameter is the API's business.
    params = request.GET.copy()
    params.pop("lang", None)
    form = SearchForm(params, default_lang=translation.get_language())
    context = {"form": form, "sorts": SORTS, "max_length": MAX_QUERY_LENGTH}
    if not form.is_valid():
        context["errors"] = form.error_reasons()
        return render(request, "pages/search.html", context, status=400)
    query = form.to_query()
    result = catalogue.search(query)
    context.update(query=query, result=result, chips=active_chips(request, result))
    return render(request, "pages/search.html", context)


def active_chips(request, result):
    """Selected filters, each with the URL of the same search without it."""
    chips = [
        {"label": value["label"], "remove_url": url_without(request.GET, name, value["value"])}
        for name, values in result.facet_lists.items()
        for value in values
        if value["selected"]
    ]
    for name, label in (("year_from", _("From %(year)s")), ("year_to", _("Until %(year)s"))):
        if request.GET.get(name):
            chips.append(
                {
                    "label": label % {"year": request.GET[name]},
                    "remove_url": url_without(request.GET, name),
                }
            )
    return chips


def cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    return response


def bad_request(form):
    return cors(
        JsonResponse({"error": "invalid parameters", "reasons": form.error_reasons()}, status=400)
    )


def api_view(view):
    def wrapper(request):
        if request.method == "OPTIONS":
            return cors(JsonResponse({}, status=204))
        if request.method != "GET":
            return cors(JsonResponse({"error": "only GET is allowed"}, status=405))
        return view(request)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@api_view
def api_search(request):
    form = SearchForm(request.GET, default_lang="fr")
    if not form.is_valid():
        return bad_request(form)
    query = form.to_query()
    with translation.override(query.lang):
        result = catalogue.search(query)
        payload = result.as_json()
    return cors(JsonResponse(payload, json_dumps_params={"ensure_ascii": False}))


@api_view
def api_suggest(request):
    form = SearchForm(request.GET, default_lang="fr")
    if not form.is_valid():
        return bad_request(form)
    data = form.cleaned_data
    q, lang = data["q"], data["lang"]
    suggestions = catalogue.suggest(q, lang) if len(q) >= 2 else []
    return cors(
        JsonResponse(
            {"query": q, "lang": lang, "suggestions": suggestions},
            json_dumps_params={"ensure_ascii": False},
        )
    )


def api_docs(request):
    return render(request, "pages/api_docs.html")

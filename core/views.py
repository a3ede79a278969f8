from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.models import Page

from . import og_image
from .i18n import LANGUAGE_CODES
from .visibility import public_pages


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception):
    """The translated 404 page; its language links lead to each home page."""
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"not_found": True}, request))


@require_GET
def og_image_view(request, key, language, digest):
    """A sharing card, drawn on first request and then served from storage.

    Only public pages have one; a digest that no longer matches (the page changed since
    the link preview was made) redirects to the current card, so no request can make the
    site draw or store anything but the current cards.
    """
    if language not in LANGUAGE_CODES:
        raise Http404
    if key == "site":
        card = og_image.site_card(language)
    else:
        page = public_pages(Page.objects.filter(pk=int(key))).first()
        if page is None:
            raise Http404
        card = og_image.page_card(page, language)
    current = og_image.digest(card)
    if digest != current:
        return redirect("og_image", key=key, language=language, digest=current)
    name = og_image.ensure_card(key, language, card)
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response

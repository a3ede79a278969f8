"""The public downloads of the open data, beside the open-data page (catalogue.downloads)."""

from functools import wraps

from django.http import FileResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from . import downloads

# Browsers and proxies keep a download this long; after it, the ETag saves the transfer.
DOWNLOAD_CACHE_SECONDS = 300
# What a visitor is told to wait when nothing is built yet: a build takes seconds.
RETRY_AFTER_SECONDS = 60


# Nothing is written: a POST gets the 405, not the CSRF refusal.
@csrf_exempt
@require_safe
def catalogue_download(request, extension):
    download = downloads.current_or_queued(extension)
    if download is None:
        return being_prepared(request)
    response = get_conditional_response(
        request, etag=etag(download), last_modified=int(download.built_at.timestamp())
    )
    if response is None:
        download, file = downloads.opened(download)
        if download is None:
            return being_prepared(request)
        response = FileResponse(
            file,
            as_attachment=True,
            filename=download.filename,
            content_type=download.content_type,
        )
    response["ETag"] = etag(download)
    response["Last-Modified"] = http_date(download.built_at.timestamp())
    patch_cache_control(response, public=True, max_age=DOWNLOAD_CACHE_SECONDS)
    return response


def etag(download):
    return f'"{download.digest}"'


def being_prepared(request):
    response = render(
        request,
        "pages/download_preparing.html",
        {"retry_after": RETRY_AFTER_SECONDS},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def uncached_while_building(view):
    """The open-data page shows each download's size and date: the page cache keeps it
    only while the downloads are made from the public catalogue, never while files about
    to be replaced (or none) are shown."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not downloads.is_current():
            patch_cache_control(response, no_cache=True)
        return response

    return wrapper

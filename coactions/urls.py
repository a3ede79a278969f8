from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import reports as wagtail_reports
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from catalogue import downloads
from catalogue.admin_visibility import SITE_REPORTS, PageSearchView, site_reports_for_the_team
from catalogue.sitemaps import sitemaps
from catalogue.views import catalogue_download, uncached_while_building
from core.views import og_image_view, robots_txt
from glossary import views as glossary_views
from glossary.sitemaps import GlossarySitemap
from home.views import hide_demo_notice
from practices.feeds import PracticeFeed
from search import views as search_views

# Wagtail's page search, answered by ours: the same addresses, found first.
admin_page_search = [
    path("search/", PageSearchView.as_view(), name="page_search"),
    path("search/results/", PageSearchView.as_view(results_only=True), name="page_search_results"),
]

# Wagtail's reports on the whole site, for the team only: the same addresses, found first.
site_reports = [
    path(str(pattern.pattern), site_reports_for_the_team(pattern.callback))
    for pattern in wagtail_reports.urlpatterns
    if str(pattern.pattern).split("/")[0] in SITE_REPORTS
]

# The open-data page and, beside it, the download of the catalogue in each format.
open_data = [
    path("", uncached_while_building(search_views.api_docs), name="api_docs"),
    re_path(
        rf"^catalogue\.(?P<extension>{'|'.join(downloads.FORMATS)})$",
        catalogue_download,
        name="catalogue_download",
    ),
]


def admin_views(patterns):
    return include(
        decorate_urlpatterns(decorate_urlpatterns(patterns, require_admin_access), never_cache)
    )


urlpatterns = [
    path("admin/pages/", admin_views(admin_page_search)),
    path("admin/reports/", admin_views(site_reports)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {**sitemaps(), "glossary": GlossarySitemap()}},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("api/", include("search.api_urls")),
    path("demo-notice/hide/", hide_demo_notice, name="hide_demo_notice"),
    re_path(
        r"^og/(?P<key>site|\d{1,12})/(?P<language>[a-z]{2})-(?P<digest>[0-9a-f]{16})\.png$",
        og_image_view,
        name="og_image",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path(_("search/"), search_views.search, name="search"),
    path(_("open-data/"), include(open_data)),
    path("feed.atom", PracticeFeed(), name="practice_feed"),
    path(_("glossary/"), glossary_views.glossary, name="glossary"),
    path("", include(wagtail_urls)),
)

handler404 = "core.views.page_not_found"

"""Which catalogue pages the admin lists to a user: those they may act on.

A partner contributor may add practice sheets and change only those they own (Wagtail's
"add" page permission). Wagtail listed every sheet to them, other partners' drafts
included, in the page explorer (the sidebar's too), the catalogue listings and the
admin search, each with an Edit or View draft link that answered "no permission", and
counted them all on the dashboard. Wagtail's reports on the whole site named them too.
"""

from functools import wraps

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.admin.auth import permission_denied
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views.pages.search import SearchView
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from . import registry

# Wagtail's reports on every page of the site, for the team: the site history and the
# page types' usage (with the last page edited of each type) name other partners'
# drafts; the aging pages list who last published every page.
SITE_REPORTS = ("site-history", "aging-pages", "page-types-usage")


def adds_only(user):
    """Whether `user`'s page permissions are at most "add" (a partner contributor's)."""
    if user.is_superuser:
        return False
    permissions = page_permission_policy.get_cached_permissions_for_user(user)
    return all(permission.permission.codename == "add_page" for permission in permissions)


def site_reports_for_the_team(view):
    """`view` (a site report's), refused to users who may only add pages."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if adds_only(request.user):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return checked


def without_others_catalogue_pages(user, pages):
    """`pages` without the catalogue pages `user` has no permission on but "add" on an
    ancestor (which gives only the pages they own). Other pages (the indexes they add
    under) stay.

    Written from the user's permissions as path prefixes rather than as a subquery of
    the pages they may act on, which the database would compute whole for every
    listing: every catalogue page, for the team.
    """
    if user.is_superuser:
        return pages
    # One clause per page and kind (the team has a row per permission on each page).
    places = {
        (permission.page.path, permission.permission.codename == "add_page")
        for permission in page_permission_policy.get_cached_permissions_for_user(user)
    }
    allowed = Q(pk__in=[])
    for path, own_only in sorted(places):
        allowed |= Q(path__startswith=path, owner=user) if own_only else Q(path__startswith=path)
    models = [catalogue_type.model for catalogue_type in registry.page_types()]
    catalogue = ContentType.objects.get_for_models(*models).values()
    return pages.filter(~Q(content_type__in=catalogue) | allowed)


class PageSearchView(SearchView):
    """The admin's page search, with the same catalogue pages left out: from its results,
    the "There are N matching pages" line and the counts per page type."""

    # The table's header counts results of this name ("1-2 of 2 pages"); Wagtail's view
    # has none, and the header said "1-2 of 2 None".
    verbose_name = Page._meta.verbose_name
    verbose_name_plural = Page._meta.verbose_name_plural

    # Wagtail's get_queryset starts from `all_pages` (every page the user may explore),
    # derives the results from it, then replaces it with the search whose counts the
    # template shows. Filtering that first queryset is the one place that covers all.
    @property
    def all_pages(self):
        return self._all_pages

    @all_pages.setter
    def all_pages(self, pages):
        if not hasattr(self, "_all_pages"):
            pages = without_others_catalogue_pages(self.request.user, pages)
        self._all_pages = pages


class ShownPagesSummaryItem(PagesSummaryItem):
    """The dashboard's "N Pages", counting the pages the explorer it links to shows."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = self.request.user
        root = get_site_for_user(user)["root_page"]
        if root and not user.is_superuser:
            pages = without_others_catalogue_pages(
                user, Page.objects.descendant_of(root, inclusive=True)
            )
            # The tree's root is not a page (as Wagtail counts).
            context["total_pages"] = pages.count() - (1 if root.is_root() else 0)
        return context

"""Which pages the public may see: one rule for every public surface.

A page is public when it is live, has no view restriction on itself or an ancestor, and
no ancestor is unpublished (Wagtail serves nothing under an unpublished page). Listings,
related lists, the home page, search documents and facets, suggestions, the sitemap, the
open-data export and the API all ask here, so a draft or a restricted page never shows,
not even as a name or a country carried by a public page.
"""

import operator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce

from django.db.models import Q

from wagtail.models import Page, PageViewRestriction

# Set inside `public_ids_read_once()`: every public page id, read once.
_known_public_ids = ContextVar("known_public_ids", default=None)
# Set inside `hidden_branches_read_once()`: [the hidden branches' paths], once read.
_known_branches = ContextVar("known_branches", default=None)


def hidden_branches():
    """The tree paths of the branches no visitor sees: a page with a view restriction,
    or an unpublished page with children (drafts are mostly leaves), and what is below.
    """
    known = _known_branches.get()
    if known:
        return known[0]
    paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    paths += Page.objects.filter(live=False, numchild__gt=0, depth__gt=1).values_list(
        "path", flat=True
    )
    if known is not None:
        known.append(paths)
    return paths


@contextmanager
def hidden_branches_read_once():
    """Inside, the hidden branches are read once, when first asked for.

    A page asks for them several times (its related sheets, partners and projects, the
    listings of its menus), each a query; reading pages changes none of them.
    """
    token = _known_branches.set([])
    try:
        yield
    finally:
        _known_branches.reset(token)


class HiddenBranchesReadOnceMiddleware:
    """A GET or HEAD request reads the hidden branches once: it publishes, moves and
    restricts nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with hidden_branches_read_once():
            return self.get_response(request)


def public_pages(queryset=None):
    """`queryset` (any page queryset; all pages by default) narrowed to public pages."""
    if queryset is None:
        queryset = Page.objects.all()
    # Wagtail's `.public()` reads the restrictions at each call: the same exclusion, with
    # the restrictions read beside the unpublished branches.
    queryset = queryset.live()
    for path in hidden_branches():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def public_ids(model=Page):
    """The ids of every public page of `model`, for work over many pages at once."""
    return set(public_pages(model.objects.all()).values_list("pk", flat=True))


def hidden_ids():
    """The ids of every page that is not public: the pages `public_pages` leaves out.

    For work over most pages at once (a search's thousands of matches): the hidden
    pages are few and found through indexes (pages not live through the partial index
    catalogue_search 0004 adds, branches through the path index), where selecting the
    public ones reads every page.
    """
    pages = Page.objects.order_by()
    not_live = pages.filter(live=False).values_list("pk", "path", "numchild", "depth")
    hidden = {pk for pk, _path, _numchild, _depth in not_live}
    # Branches, by their tree paths (a page's own and its descendants' begin with it),
    # read as values: a search asks here each time, and making Page objects cost more
    # than the queries.
    branches = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    branches += [path for _pk, path, numchild, depth in not_live if numchild and depth > 1]
    if branches:
        within = reduce(operator.or_, (Q(path__startswith=path) for path in branches))
        hidden.update(pages.filter(within).values_list("pk", flat=True))
    return hidden


def public_related(related):
    """The public pages among related pages, in their order.

    `related` is a relation manager, a queryset or a list. Wagtail's preview hands a page
    its unsaved relations in memory (a FakeQuerySet), so this filters by id instead of
    calling queryset methods on it.
    """
    items = list(related.all() if hasattr(related, "all") else related)
    items = [item for item in items if item is not None]
    if not items:
        return []
    ids = public_ids_among([item.pk for item in items])
    return [item for item in items if item.pk in ids]


@contextmanager
def public_ids_read_once():
    """Inside, `public_related` answers from one read of every public page id.

    For work over many pages while no page is published, moved or restricted (indexing
    an import's pages at the end of its transaction): each page's related pages are then
    filtered without two queries per relation.
    """
    token = _known_public_ids.set(public_ids())
    try:
        yield
    finally:
        _known_public_ids.reset(token)


def public_ids_among(page_ids):
    known = _known_public_ids.get()
    if known is not None:
        return known.intersection(page_ids)
    return set(
        public_pages(Page.objects.filter(pk__in=list(page_ids))).values_list("pk", flat=True)
    )

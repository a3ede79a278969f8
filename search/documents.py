"""Which pages the catalogue search holds, and their documents (built by each type)."""

from django.db.models import Prefetch, Q

from wagtail.models import Page

from catalogue import registry
from core.visibility import public_ids, public_pages


def searchable(model):
    """The public pages of a type: nothing else is ever indexed."""
    return public_pages(model.objects.all())


def visibility_filter():
    """A `visible(pages)` for document builders, from one look at what the public may
    see rather than one query per related page."""
    visible_ids = public_ids()

    def visible(pages):
        return [page for page in pages if page is not None and page.pk in visible_ids]

    return visible


def prefetch(catalogue_type):
    """The type's relations to prefetch, each with its model's queryset.

    Given a queryset, Django attaches the prefetched rows to each page's manager as they
    are; given only a name, it asks each page's manager for a queryset first, which for
    modelcluster's parental relations costs more than the query itself.
    """
    lookups = []
    for name in catalogue_type.prefetch:
        if "__" in name:  # a nested lookup: as declared
            lookups.append(name)
            continue
        related = catalogue_type.model._meta.get_field(name).related_model
        lookups.append(Prefetch(name, queryset=related._default_manager.all()))
    return lookups


def iter_documents(types=None, chunk_size=1000):
    """Every searchable page's document, in chunks so memory stays flat."""
    visible = visibility_filter()
    for catalogue_type in registry.page_types():
        if types and catalogue_type.name not in types:
            continue
        queryset = (
            searchable(catalogue_type.model)
            .order_by("pk")
            .prefetch_related(*prefetch(catalogue_type))
        )
        for page in queryset.iterator(chunk_size=chunk_size):
            yield catalogue_type.document(page, visible)


def count_documents():
    return {t.name: searchable(t.model).count() for t in registry.page_types()}


def documents_for(page_ids):
    """{page id: document} for the given pages that are public catalogue pages."""
    by_model = {}
    for page in Page.objects.filter(pk__in=list(page_ids)).only("pk", "content_type"):
        by_model.setdefault(page.specific_class, []).append(page.pk)
    docs = {}
    visible = visibility_filter() if by_model else None
    for model, ids in by_model.items():
        catalogue_type = registry.for_model(model)
        if catalogue_type is None or not catalogue_type.is_page:
            continue
        pages = searchable(model).filter(pk__in=ids).prefetch_related(*prefetch(catalogue_type))
        for page in pages:
            docs[page.pk] = catalogue_type.document(page, visible)
    return docs


def document_for(page_id):
    """The document of a page if it is a public catalogue page, else None."""
    return documents_for([page_id]).get(page_id)


def searchable_ids():
    ids = set()
    for catalogue_type in registry.page_types():
        ids.update(searchable(catalogue_type.model).values_list("pk", flat=True))
    return ids


def changed_since(moment):
    """Catalogue pages edited, published or unpublished since `moment`."""
    recent = Q(last_published_at__gte=moment) | Q(latest_revision_created_at__gte=moment)
    pages = Page.objects.type(*registry.page_models()).filter(recent)
    return set(pages.values_list("pk", flat=True))

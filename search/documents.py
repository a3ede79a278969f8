"""Which pages the catalogue search holds, and their documents (built by each type)."""

from itertools import islice

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, Q, prefetch_related_objects

from wagtail.models import Page

from catalogue import registry
from catalogue.documents import PREFETCHED, many_documents
from core.visibility import public_ids, public_pages

from .query import FACETS


def facet_values(doc):
    """[(facet, value)] of a document, years written as four digits to compare as text.

    Only the values stored in the document: those a type computes from dates on the day
    of the search (a project's status) are counted from its dates instead.
    """
    date_facets = registry.get(doc["type"]).date_facets
    values = [("type", doc["type"])]
    for name in FACETS:
        if name == "type" or name in date_facets:
            continue
        raw = doc.get(name)
        for value in raw if isinstance(raw, list) else [raw]:
            if value in (None, ""):
                continue
            values.append((name, stored_value(name, value)))
    return values


def stored_value(name, value):
    """A facet's value as the facets store it: text, a year in four digits."""
    return f"{value:04d}" if name == "year" else str(value)


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


def fetch_related(pages, catalogue_type, known=None):
    """Attach the relations the type's document builder reads to `pages`.

    A many-to-many relation whose model orders its rows by its own columns is read as
    (page, related object) id pairs in that order, and its objects once per build (in
    `known`, shared between chunks): a rebuild of 10,000 sheets no longer makes 20,000
    objects for 4 themes, nor a manager and a queryset per page and relation to hold
    them. Each page gets a plain list that `catalogue.documents.related` reads, in the
    order Django's prefetch would give. Other relations (a foreign key, a nested lookup)
    go through Django's prefetch, given each model's queryset: given only a name, it asks
    each page's manager for a queryset first, which for modelcluster's parental relations
    costs more than the query itself.
    """
    known = {} if known is None else known
    lookups = []
    for name in catalogue_type.prefetch:
        if "__" in name:  # a nested lookup: as declared
            lookups.append(name)
            continue
        field = catalogue_type.model._meta.get_field(name)
        queryset = field.related_model._default_manager.all()
        ordering = pair_ordering(field, queryset)
        if ordering is None:
            lookups.append(Prefetch(name, queryset))
            continue
        through = field.remote_field.through
        page_column = through._meta.get_field(field.m2m_field_name()).attname
        object_column = through._meta.get_field(field.m2m_reverse_field_name()).attname
        pairs = list(
            through._default_manager.filter(**{f"{page_column}__in": [page.pk for page in pages]})
            .order_by(*ordering)
            .values_list(page_column, object_column)
        )
        objects = known.setdefault(name, {})
        missing = {object_id for _page_id, object_id in pairs} - objects.keys()
        if missing:
            objects.update(queryset.in_bulk(missing))
        by_page = {page.pk: [] for page in pages}
        for page_id, object_id in pairs:
            by_page[page_id].append(objects[object_id])
        for page in pages:
            setattr(page, PREFETCHED + name, by_page[page.pk])
    if lookups:
        prefetch_related_objects(pages, *lookups)


def pair_ordering(field, queryset):
    """The ordering of `queryset`'s rows as seen from `field`'s through table, when it is
    a many-to-many relation over an unfiltered queryset ordered by its own columns, the
    last one unique (so that both orders are total and the same); else None."""
    if not field.many_to_many or queryset.query.has_filters():
        return None
    model = queryset.model
    ordering = list(queryset.query.order_by or model._meta.ordering)
    if not ordering or not all(isinstance(item, str) for item in ordering):
        return None
    target = field.m2m_reverse_field_name()
    columns = []
    for item in ordering:
        name = item.lstrip("-")
        try:
            column = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if column.is_relation or column.null:
            return None
        columns.append(("-" if item.startswith("-") else "") + f"{target}__{name}")
    return columns if column.unique else None


def iter_documents(types=None, chunk_size=1000):
    """Every searchable page's document, in chunks so memory stays flat."""
    visible = visibility_filter()
    site_root_paths = {}
    for catalogue_type in registry.page_types():
        if types and catalogue_type.name not in types:
            continue
        known = {}
        pages = searchable(catalogue_type.model).order_by("pk").iterator(chunk_size=chunk_size)
        while chunk := list(islice(pages, chunk_size)):
            fetch_related(chunk, catalogue_type, known)
            for page in chunk:
                # Entered for each document, not around the `yield`: a generator's
                # context is its consumer's.
                with many_documents(site_root_paths):
                    doc = catalogue_type.document(page, visible)
                yield doc


def count_documents():
    return {t.name: searchable(t.model).count() for t in registry.page_types()}


def documents_for(page_ids):
    """{page id: document} for the given pages that are public catalogue pages."""
    by_model = {}
    for page in Page.objects.filter(pk__in=list(page_ids)).only("pk", "content_type"):
        by_model.setdefault(page.specific_class, []).append(page.pk)
    docs = {}
    visible = visibility_filter() if by_model else None
    with many_documents():
        for model, ids in by_model.items():
            catalogue_type = registry.for_model(model)
            if catalogue_type is None or not catalogue_type.is_page:
                continue
            pages = list(searchable(model).filter(pk__in=ids))
            fetch_related(pages, catalogue_type)
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

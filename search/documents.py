"""Which pages the catalogue search holds, and their documents."""

from partners.documents import partner_document, project_document
from partners.models import PartnerPage, ProjectPage
from practices.documents import practice_document
from practices.models import PracticePage

# type name -> (page model, document builder, related objects to prefetch)
CATALOGUE_TYPES = {
    "practice": (PracticePage, practice_document, ["themes", "partners", "projects"]),
    "partner": (PartnerPage, partner_document, []),
    "project": (ProjectPage, project_document, ["partner_links__partner", "coordinator"]),
}
MODEL_TYPES = {model: name for name, (model, _builder, _related) in CATALOGUE_TYPES.items()}


def searchable(model):
    """Live pages the public can see: nothing else is ever indexed."""
    return model.objects.live().public()


def iter_documents(types=None, chunk_size=500):
    """Every searchable page's document, in chunks so memory stays flat."""
    for name, (model, builder, related) in CATALOGUE_TYPES.items():
        if types and name not in types:
            continue
        queryset = searchable(model).order_by("pk").prefetch_related(*related)
        for page in queryset.iterator(chunk_size=chunk_size):
            yield builder(page)


def count_documents():
    return {name: searchable(model).count() for name, (model, _b, _r) in CATALOGUE_TYPES.items()}


def document_for(page_id):
    """The document of a page if it is a live public catalogue page, else None."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None
    model = page.specific_class
    if model not in MODEL_TYPES:
        return None
    name = MODEL_TYPES[model]
    _model, builder, related = CATALOGUE_TYPES[name]
    specific = searchable(model).filter(pk=page_id).prefetch_related(*related).first()
    return builder(specific) if specific is not None else None


def searchable_ids():
    ids = set()
    for model, _builder, _related in CATALOGUE_TYPES.values():
        ids.update(searchable(model).values_list("pk", flat=True))
    return ids


def changed_since(moment):
    """Catalogue pages edited, published or unpublished since `moment`."""
    from django.db.models import Q

    from wagtail.models import Page

    recent = Q(last_published_at__gte=moment) | Q(latest_revision_created_at__gte=moment)
    return set(Page.objects.type(*MODEL_TYPES).filter(recent).values_list("pk", flat=True))

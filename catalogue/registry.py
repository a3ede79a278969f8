"""The catalogue types and what each declares about itself, in one place.

A catalogue type (practice sheets, partner organisations, cooperation projects, and the
themes that classify sheets) registers one `CatalogueType` from its app's `ready()`. The
importer and exporter, both search backends, the index signals, the home page figures,
the admin listings and the accessibility audit read these declarations and never name a
type's fields. `catalogue.checks` fails `manage.py check` when an entry lacks a part.

Adding a type means one app and one `register(CatalogueType(...))` call.
"""

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils.functional import cached_property

from wagtail.models import Page

from .columns import UpdatedAtColumn


@dataclass(frozen=True, eq=False)
class CatalogueType:
    # Identity: the search type / API value, the import-export sheet, the model, its key.
    name: str
    sheet: str
    model_path: str
    key: str = "ref"
    # Import and export order: a sheet's references point to sheets before it.
    order: int = 100
    # () -> [catalogue.columns.Column]: the sheet's columns.
    columns: Any = None
    # (parsed row values) -> [(column, reason)]: checks across columns of one row.
    row_errors: Any = None
    # Fields whose values also name an object in references from other sheets, compared
    # without case or accents (a theme's name in each language, besides its slug).
    aliases: tuple = ()
    # -- Page types only --------------------------------------------------------------
    # The index page type new pages are created under ("app.Model").
    parent_path: str | None = None
    # (page, visible) -> search document (see catalogue.documents); `visible(pages)`
    # keeps the public ones among related pages.
    document: Any = None
    # Relations the document builder reads, prefetched when building many at once.
    prefetch: tuple = ()
    # (queryset of public pages, ids of public pages, today) -> {page id: {facet: set of
    # values}, plus "_published"}: what the database search backend filters and counts.
    facets: Any = None
    # Facet values computed from dates on the day of the search: {facet: rules}, see
    # catalogue.dates (a project's status).
    date_facets: dict = field(default_factory=dict)
    # Labels of the facet values this type contributes: {facet: choices}, where choices
    # is a {value: label} mapping or, for values editors create, a callable
    # (values) -> {value: label}.
    facet_labels: dict = field(default_factory=dict)
    # Translated fields that decide whether the page is written in a language.
    translation_fields: tuple = ()
    # Model fields the admin listing of this type can be filtered by (e.g. "themes").
    admin_filters: tuple = ()
    # Template of the card that shows one page in listings and related lists.
    card_template: str | None = None
    # -- Every type -------------------------------------------------------------------
    # (object) -> ids of the pages whose search documents carry this object's name.
    dependents: Any = None
    # The field that records when an object last changed, exported as `updated_at` so an
    # import refuses to overwrite a later change (catalogue.io.conflicts). Page types
    # have Wagtail's last publish; a type without one is imported unchecked.
    changed_at: str | None = None

    @cached_property
    def model(self):
        return apps.get_model(self.model_path)

    @property
    def is_page(self):
        return issubclass(self.model, Page)

    @property
    def label(self):
        return self.model._meta.verbose_name

    @property
    def label_plural(self):
        return self.model._meta.verbose_name_plural

    @property
    def parent_model(self):
        return apps.get_model(self.parent_path) if self.parent_path else None

    def io_columns(self):
        """The type's columns, then `updated_at` when the type records its changes (a
        page type always: Wagtail's last publish)."""
        changed_at = "last_published_at" if self.is_page else self.changed_at
        return [*self.columns(), *([UpdatedAtColumn(attr=changed_at)] if changed_at else [])]

    def headers(self):
        return [header for column in self.io_columns() for header in column.headers]


_types = {}


def register(catalogue_type):
    if catalogue_type.name in _types:
        raise ValueError(f"catalogue type {catalogue_type.name!r} is registered twice")
    _types[catalogue_type.name] = catalogue_type
    return catalogue_type


def types():
    """Every registered type, in import order."""
    return sorted(_types.values(), key=lambda t: (t.order, t.name))


def page_types():
    return [t for t in types() if t.is_page]


def get(name):
    return _types[name]


def by_sheet():
    return {t.sheet: t for t in types()}


def for_model(model):
    """The type of a model (or a page's specific class), or None."""
    for catalogue_type in _types.values():
        if catalogue_type.model is model:
            return catalogue_type
    return None


def page_models():
    return [t.model for t in page_types()]


def dependents_of(obj):
    """Ids of the pages whose documents carry `obj` (a page of any type, or a snippet)."""
    model = obj.specific_class if isinstance(obj, Page) else type(obj)
    catalogue_type = for_model(model)
    if catalogue_type is None or catalogue_type.dependents is None:
        return []
    if not isinstance(obj, model):
        obj = obj.specific
    return list(catalogue_type.dependents(obj))


def facet_labels(facet, values):
    """{value: label} for the given values of a facet, from the types that declare it."""
    labels = {}
    for catalogue_type in types():
        choices = catalogue_type.facet_labels.get(facet)
        if callable(choices):
            labels.update(choices([v for v in values if v not in labels]))
        elif choices:
            labels.update({v: choices[v] for v in values if v in choices and v not in labels})
    return labels


def facet_values(facet):
    """Every value of a facet with fixed choices, in declaration order."""
    values = {}
    for catalogue_type in types():
        choices = catalogue_type.facet_labels.get(facet)
        if choices and not callable(choices):
            values.update(dict.fromkeys(choices))
    return list(values)

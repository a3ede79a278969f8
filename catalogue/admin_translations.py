"""Where editors see what is left to translate: a "FR EN ES" column and filters in the admin
listing of each catalogue type, the "Translations to do" report and a dashboard panel.

All three read `catalogue.translation_status`, the one rule that decides whether a page is
complete, partial or missing in a language.
"""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn, TitleColumn
from wagtail.admin.views.pages.choose_parent import ChooseParentView
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

import django_filters

from core.i18n import LANGUAGE_CODES
from core.panels import language_tab_anchor

from . import registry
from .admin_visibility import without_others_catalogue_pages
from .translation_status import (
    COMPLETE,
    MISSING,
    PARTIAL,
    STATUS_LABELS,
    fields_to_translate,
    language_name,
    statuses_by_page,
    translation_missing,
    translation_statuses,
)

# Short marks shown beside the language code; the full label is read out instead.
SYMBOLS = {COMPLETE: "✓", PARTIAL: "½", MISSING: "✗"}

# "Missing in Spanish" and the like: whole sentences, so that each language can say them.
FILTER_LABELS = {
    ("fr", MISSING): _("Missing in French"),
    ("fr", PARTIAL): _("Incomplete in French"),
    ("fr", COMPLETE): _("Complete in French"),
    ("en", MISSING): _("Missing in English"),
    ("en", PARTIAL): _("Partly translated into English"),
    ("en", COMPLETE): _("Fully translated into English"),
    ("es", MISSING): _("Missing in Spanish"),
    ("es", PARTIAL): _("Partly translated into Spanish"),
    ("es", COMPLETE): _("Fully translated into Spanish"),
}

# Who may see the report and the dashboard panel: those who publish (the Co-actions team).
# Wagtail's "change" would let in partner contributors, who may change the pages they own.
REPORT_PERMISSIONS = ["publish"]


def user_can_see_translations(user):
    return page_permission_policy.user_has_any_permission(user, REPORT_PERMISSIONS)


def badges(statuses, missing=None):
    """The three badges of a page: [{code, status, symbol, label}], French first; a
    partial one names the fields still to translate (`missing`: {language: [labels]})."""
    found = []
    for code in LANGUAGE_CODES:
        if code not in statuses:
            continue
        values = {"language": language_name(code), "status": STATUS_LABELS[statuses[code]]}
        fields = (missing or {}).get(code) if statuses[code] == PARTIAL else None
        if fields:
            label = _("%(language)s: %(status)s (to translate: %(fields)s)") % {
                **values,
                "fields": ", ".join(str(field) for field in fields),
            }
        else:
            label = _("%(language)s: %(status)s") % values
        found.append(
            {
                "code": code.upper(),
                "status": statuses[code],
                "symbol": SYMBOLS[statuses[code]],
                "label": label,
            }
        )
    return found


def statuses_of_all_pages(languages=None):
    """{page id: {language: status}} for every catalogue page."""
    statuses = {}
    for catalogue_type in registry.page_types():
        if catalogue_type.translation_fields:
            statuses.update(
                statuses_by_page(catalogue_type.model.objects.all(), catalogue_type, languages)
            )
    return statuses


class TranslationStatusColumn(Column):
    """Three small badges, "FR ✓ EN ½ ES ✗", each with its full label for screen readers."""

    cell_template_name = "catalogue/admin/translation_status_cell.html"

    def __init__(self, name="translations", **kwargs):
        kwargs.setdefault("label", " ".join(code.upper() for code in LANGUAGE_CODES))
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        statuses = getattr(instance, "translation_statuses", None)
        if statuses is None:
            statuses = translation_statuses(instance)
        missing = getattr(instance, "translation_missing", None)
        if missing is None:
            missing = translation_missing(instance)
        context["badges"] = badges(statuses, missing)
        return context


# ---------------------------------------------------------------------------
# Listings: one flat listing per catalogue type, under "Catalogue" in the admin menu


def translation_filter_choices():
    return [
        (f"{code}:{status}", FILTER_LABELS[(code, status)])
        for code in LANGUAGE_CODES
        for status in (MISSING, PARTIAL, COMPLETE)
    ]


# A context of its own: Wagtail's history and workflow timeline say "Published" too, an
# event there ("Publication"), a state here ("Publiée").
PUBLICATION_CHOICES = [
    ("live", pgettext_lazy("publication filter", "Published")),
    ("draft", _("Draft")),
]


def filter_publication(queryset, name, value):
    if value == "live":
        return queryset.filter(live=True)
    if value == "draft":
        return queryset.filter(live=False)
    return queryset


def listing_filterset(catalogue_type):
    """Page filters + the type's own (themes...), publication and translation status."""
    model = catalogue_type.model

    def filter_translation(self, queryset, name, value):
        code, _sep, status = value.partition(":")
        if code not in LANGUAGE_CODES:
            return queryset
        statuses = statuses_by_page(model.objects.all(), catalogue_type, [code])
        return queryset.filter(pk__in=[pk for pk, s in statuses.items() if s[code] == status])

    attrs = {
        "publication": django_filters.ChoiceFilter(
            label=_("Status"),
            choices=PUBLICATION_CHOICES,
            method=filter_publication,
            empty_label=_("Any"),
            widget=forms.RadioSelect,
        ),
        "translation": django_filters.ChoiceFilter(
            label=_("Translation"),
            choices=translation_filter_choices,
            method="filter_translation",
            empty_label=_("Any"),
        ),
        "filter_translation": filter_translation,
        "Meta": type("Meta", (), {"model": model, "fields": []}),
    }
    for name in catalogue_type.admin_filters:
        field = model._meta.get_field(name)
        label = capfirst(field.verbose_name)
        if field.many_to_many:
            attrs[name] = django_filters.ModelMultipleChoiceFilter(
                field_name=name,
                label=label,
                queryset=field.related_model.objects.all(),
                widget=forms.CheckboxSelectMultiple,
                distinct=True,
            )
        else:
            attrs[name] = django_filters.MultipleChoiceFilter(
                field_name=name,
                label=label,
                choices=field.choices,
                widget=forms.CheckboxSelectMultiple,
            )
    return type(f"{model.__name__}ListingFilterSet", (PageFilterSet,), attrs)


ICONS = {"practice": "doc-full", "partner": "group", "project": "globe"}


def user_sees_type(user, model):
    """Whether the listing of `model` has anything for `user`: pages of it they may
    explore, or a place where they may add one."""
    explorable = page_permission_policy.explorable_instances(user).values("pk")
    if model.objects.filter(pk__in=explorable).exists():
        return True
    return user_can_add(user, model)


def user_can_add(user, model):
    """Whether `user` may add a page of `model` somewhere."""
    return ChooseParentView(model=model).get_valid_parent_pages(user).exists()


class CatalogueIndexView(IndexView):
    def get_base_queryset(self):
        return without_others_catalogue_pages(self.request.user, super().get_base_queryset())

    def get_add_url(self):
        # Wagtail offers "Add" to whoever may add a page anywhere: a partner contributor,
        # who adds practice sheets only, met on the partners' and projects' listings a
        # parent picker with no parent to pick.
        url = super().get_add_url()
        if url is None:
            return None
        return url if user_can_add(self.request.user, self.model) else None


def listing_viewset(catalogue_type):
    columns = [column for column in PageListingViewSet.columns if column.name != "parent"]
    model = catalogue_type.model

    class TypeMenuItem(MenuItem):
        # A partner contributor, who may neither see nor add partners and projects,
        # found them in the menu, each an empty listing.
        def is_shown(self, request):
            return user_sees_type(request.user, model)

    viewset_class = type(
        f"{catalogue_type.model.__name__}ListingViewSet",
        (PageListingViewSet,),
        {
            "model": catalogue_type.model,
            "icon": ICONS.get(catalogue_type.name, "doc-full"),
            "menu_label": capfirst(catalogue_type.label_plural),
            "menu_order": catalogue_type.order,
            "filterset_class": listing_filterset(catalogue_type),
            "columns": [*columns, TranslationStatusColumn()],
            "index_view_class": CatalogueIndexView,
            "menu_item_class": TypeMenuItem,
        },
    )
    return viewset_class(
        name=f"catalogue_{catalogue_type.sheet}", url_prefix=f"catalogue/{catalogue_type.sheet}"
    )


class CatalogueViewSetGroup(ViewSetGroup):
    menu_label = _("Catalogue")
    menu_icon = "folder-open-inverse"
    menu_order = 150

    def __init__(self):
        self.items = [listing_viewset(t) for t in registry.page_types() if t.translation_fields]
        super().__init__()


# ---------------------------------------------------------------------------
# The "Translations to do" report


def type_choices():
    return [(t.name, capfirst(t.label_plural)) for t in registry.page_types()]


def language_choices():
    return [(code, language_name(code)) for code in LANGUAGE_CODES]


class TranslationsReportFilterSet(WagtailFilterSet):
    # Language and translation status are applied together by the view.
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=language_choices,
        method="keep",
        empty_label=_("Any language"),
    )
    translation = django_filters.ChoiceFilter(
        label=_("Translation"),
        choices=[(MISSING, _("Missing")), (PARTIAL, _("Partial"))],
        method="keep",
        empty_label=_("Missing or partial"),
    )
    publication = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=PUBLICATION_CHOICES,
        method=filter_publication,
        empty_label=_("Any"),
    )
    page_type = django_filters.ChoiceFilter(
        label=_("Page type"),
        choices=type_choices,
        method="filter_page_type",
        empty_label=_("Any type"),
    )

    class Meta:
        model = Page
        fields = []

    def keep(self, queryset, name, value):
        return queryset

    def filter_page_type(self, queryset, name, value):
        try:
            catalogue_type = registry.get(value)
        except KeyError:
            return queryset
        return queryset.type(catalogue_type.model)


class TranslationsReportView(ReportView):
    page_title = _("Translations to do")
    header_icon = "doc-full"
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    filterset_class = TranslationsReportFilterSet
    index_url_name = "catalogue_translations_report"
    index_results_url_name = "catalogue_translations_report_results"
    permission_policy = page_permission_policy
    any_permission_required = REPORT_PERMISSIONS
    default_ordering = "title"
    paginate_by = 50

    list_export = [
        "title",
        "type_label",
        "status_string",
        *(f"translation_{code}" for code in LANGUAGE_CODES),
        "latest_revision_created_at",
    ]

    @cached_property
    def export_headings(self):
        return {
            "title": _("Title"),
            "type_label": _("Type"),
            "status_string": _("Status"),
            **{f"translation_{code}": language_name(code) for code in LANGUAGE_CODES},
            "latest_revision_created_at": _("Updated"),
        }

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Title"), sort_key="title", get_url=self.edit_url),
            Column("type_label", label=_("Type"), sort_key="content_type"),
            LiveStatusTagColumn(),
            TranslationStatusColumn(),
            DateColumn(
                "latest_revision_created_at",
                label=_("Updated"),
                sort_key="latest_revision_created_at",
            ),
        ]

    def edit_url(self, page):
        """The page's editor, on the tab of the language the report is filtered by."""
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        language = self.filter_data.get("language")
        return url + language_tab_anchor(language) if language else url

    @cached_property
    def filter_data(self):
        return self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else {}

    def get_filename(self):
        return f"translations-to-do-{timezone.localdate():%Y-%m-%d}"

    @cached_property
    def statuses(self):
        return statuses_of_all_pages()

    def get_queryset(self):
        self.queryset = Page.objects.type(
            *[t.model for t in registry.page_types() if t.translation_fields]
        ).select_related("content_type")
        return super().get_queryset()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.filter_data
        languages = [data["language"]] if data.get("language") else LANGUAGE_CODES
        wanted = {data["translation"]} if data.get("translation") else {MISSING, PARTIAL}
        ids = [
            pk
            for pk, statuses in self.statuses.items()
            if any(statuses[code] in wanted for code in languages)
        ]
        return queryset.filter(pk__in=ids)

    def decorate_paginated_queryset(self, object_list):
        missing = fields_to_translate(object_list)
        for page in object_list:
            statuses = self.statuses.get(page.pk, {})
            page.translation_statuses = statuses
            page.translation_missing = missing.get(page.pk, {})
            page.type_label = capfirst(page.specific_class._meta.verbose_name)
            for code in LANGUAGE_CODES:
                setattr(page, f"translation_{code}", STATUS_LABELS.get(statuses.get(code), ""))
        return object_list


class TranslationsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_see_translations(request.user)


# ---------------------------------------------------------------------------
# Dashboard


def missing_counts():
    """[{type, label, cells: [{code, language, missing, partial, urls}]}] for each type."""
    rows = []
    report = reverse("catalogue_translations_report")
    for catalogue_type in registry.page_types():
        if not catalogue_type.translation_fields:
            continue
        statuses = statuses_by_page(catalogue_type.model.objects.all(), catalogue_type)
        cells = []
        for code in LANGUAGE_CODES:
            counts = {
                status: sum(1 for s in statuses.values() if s[code] == status)
                for status in (MISSING, PARTIAL)
            }
            query = f"?page_type={catalogue_type.name}&language={code}"
            cells.append(
                {
                    "code": code,
                    "language": language_name(code),
                    "missing": counts[MISSING],
                    "partial": counts[PARTIAL],
                    "missing_url": f"{report}{query}&translation={MISSING}",
                    "partial_url": f"{report}{query}&translation={PARTIAL}",
                }
            )
        rows.append(
            {
                "type": catalogue_type.name,
                "label": capfirst(catalogue_type.label_plural),
                "cells": cells,
            }
        )
    return rows


class TranslationsPanel(Component):
    name = "translations_to_do"
    template_name = "catalogue/admin/translations_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        rows = missing_counts()
        return {
            "rows": rows,
            "languages": [cell["language"] for cell in rows[0]["cells"]] if rows else [],
            "report_url": reverse("catalogue_translations_report"),
        }

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.dates import q_for
from core.countries import country_choices
from core.listing import ListingFilterSet, checkbox_filter
from core.visibility import public_pages

from .choices import STATUS_RULES, Programme, ProjectStatus


class ProjectFilter(ListingFilterSet):
    # A project's countries are its public partners', the coordinator's included, as
    # the search's country facet counts them (projects.documents).
    country = checkbox_filter(_("Country"), choices=[], method="filter_country")
    programme = checkbox_filter(_("Funding programme"), choices=Programme.choices)
    status = checkbox_filter(_("Status"), choices=ProjectStatus.choices, method="filter_status")

    def public_partners(self, queryset):
        partner_model = queryset.model._meta.get_field("coordinator").related_model
        return public_pages(partner_model.objects.all())

    def set_choices(self, queryset):
        partners = self.public_partners(queryset).filter(
            Q(project_links__project__in=queryset) | Q(coordinated_projects__in=queryset)
        )
        self.choose("country", country_choices(partners.values_list("country", flat=True)))

    def filter_country(self, queryset, name, codes):
        if not codes:
            return queryset
        partners = self.public_partners(queryset).filter(country__in=codes)
        return queryset.filter(
            Q(partner_links__partner__in=partners) | Q(coordinator__in=partners)
        ).distinct()

    def filter_status(self, queryset, name, values):
        if not values:
            return queryset
        return queryset.filter(q_for(STATUS_RULES, values, timezone.localdate()))

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.dates import q_for
from core.listing import ListingFilterSet, checkbox_filter

from .choices import STATUS_RULES, Programme, ProjectStatus


class ProjectFilter(ListingFilterSet):
    programme = checkbox_filter(_("Funding programme"), choices=Programme.choices)
    status = checkbox_filter(_("Status"), choices=ProjectStatus.choices, method="filter_status")

    def filter_status(self, queryset, name, values):
        if not values:
            return queryset
        return queryset.filter(q_for(STATUS_RULES, values, timezone.localdate()))

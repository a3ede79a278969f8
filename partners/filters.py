from django.utils.translation import gettext_lazy as _

from core.countries import country_choices
from core.listing import ListingFilterSet, checkbox_filter

from .choices import OrganisationType


class PartnerFilter(ListingFilterSet):
    country = checkbox_filter(_("Country"), choices=[])
    organisation_type = checkbox_filter(_("Organisation type"), choices=OrganisationType.choices)

    def set_choices(self, queryset):
        self.choose("country", country_choices(queryset.values_list("country", flat=True)))

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.countries import country_choices, country_codes
from core.listing import ListingFilterSet, checkbox_filter
from core.visibility import public_pages

from .choices import PracticeStatus


class PracticeFilter(ListingFilterSet):
    theme = checkbox_filter(_("Theme"), field_name="themes__slug", choices=[])
    country = checkbox_filter(_("Country"), choices=[], method="filter_country")
    partner = checkbox_filter(_("Partner organisation"), field_name="partners__ref", choices=[])
    project = checkbox_filter(_("Cooperation project"), field_name="projects__ref", choices=[])
    status = checkbox_filter(_("Status"), choices=PracticeStatus.choices)

    def set_choices(self, queryset):
        model = queryset.model
        theme_model = model._meta.get_field("themes").related_model
        self.choose("theme", [(t.slug, t.name) for t in theme_model.objects.all()])
        codes = set()
        for value in queryset.values_list("countries", flat=True):
            codes |= country_codes(value)
        self.choose("country", country_choices(codes))
        partners = public_pages(model._meta.get_field("partners").related_model.objects.all())
        self.choose(
            "partner",
            [(p.ref, p.title) for p in partners.order_by("title_fr").only("ref", "title")],
        )
        projects = public_pages(model._meta.get_field("projects").related_model.objects.all())
        self.choose(
            "project",
            [
                (p.ref, p.acronym or p.title)
                for p in projects.order_by("-start_date").only("ref", "acronym", "title")
            ],
        )

    def filter_country(self, queryset, name, codes):
        if not codes:
            return queryset
        condition = Q()
        for code in codes:
            condition |= Q(countries__regex=rf"(^|,){code}(,|$)")
        return queryset.filter(condition)

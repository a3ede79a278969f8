from catalogue.registry import CatalogueType, register

from .choices import OrganisationType
from .documents import partner_dependents, partner_document, partner_facets
from .models import PartnerPage

register(
    CatalogueType(
        name="partner",
        sheet="partners",
        model_path="partners.PartnerPage",
        order=20,
        columns=PartnerPage.catalogue_columns,
        row_errors=PartnerPage.catalogue_row_errors,
        parent_path="partners.PartnerIndexPage",
        document=partner_document,
        facets=partner_facets,
        facet_labels={"organisation_type": dict(OrganisationType.choices)},
        # A partner's name is not translated: its description says which languages it has.
        translation_fields=("description",),
        admin_filters=("organisation_type",),
        card_template="components/partner_card.html",
        dependents=partner_dependents,
    )
)

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    NGO = "ngo", _("NGO")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    COOPERATIVE = "cooperative", _("Cooperative")
    RESEARCH_CENTRE = "research_centre", _("Research centre")
    COMPANY = "company", _("Company")
    PUBLIC_BODY = "public_body", _("Public body")
    NETWORK = "network", _("Network")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other")


# Other names people write for these types in a spreadsheet, in French, English or
# Spanish: legal forms and everyday words that the labels do not hold. The importer reads
# them as the type (catalogue.values.choice_names); the workbook's README lists them.
# "Association" is the legal form of most French NGOs: without a type of its own, it
# reads as NGO.
ORGANISATION_TYPE_ALIASES = {
    OrganisationType.NGO: (
        "Association",
        "Asociación",
        "Non-profit",
        "Nonprofit",
        "OBNL",
        "Organisme à but non lucratif",
        "Fondation",
        "Foundation",
        "Fundación",
    ),
    OrganisationType.LOCAL_AUTHORITY: (
        "Collectivité territoriale",
        "Commune",
        "Mairie",
        "Municipalité",
        "Municipality",
        "Local government",
        "City council",
        "Ayuntamiento",
        "Municipio",
        "Autoridad local",
        "Entidad local",
        "Gobierno local",
    ),
    OrganisationType.COOPERATIVE: (
        "SCOP",
        "SCIC",
        "CAE",
        "Coop",
        "Co-op",
        "Coopérative d'activité et d'emploi",
        "Cooperative society",
        "Sociedad cooperativa",
    ),
    OrganisationType.RESEARCH_CENTRE: (
        "Laboratoire",
        "Centre de recherches",
        "Research center",
        "Research institute",
        "Instituto de investigación",
    ),
    OrganisationType.COMPANY: (
        "Société",
        "SARL",
        "SAS",
        "PME",
        "SME",
        "Business",
        "Enterprise",
        "Pyme",
        "Sociedad limitada",
    ),
    OrganisationType.PUBLIC_BODY: (
        "Établissement public",
        "Agence publique",
        "Public agency",
        "Public institution",
        "Entidad pública",
    ),
    OrganisationType.NETWORK: ("Fédération", "Federation", "Federación"),
}

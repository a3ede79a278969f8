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

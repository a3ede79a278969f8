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


class Programme(models.TextChoices):
    ERASMUS_PLUS = "erasmus_plus", _("Erasmus+")
    ESF = "esf", _("European Social Fund")
    INTERREG = "interreg", _("Interreg")
    REGIONAL = "regional", _("Regional programme")
    OTHER = "other", _("Other programme")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


def project_status(start_date, end_date, today):
    """Planned before it starts, completed after it ends, ongoing in between (or open-ended)."""
    if start_date and start_date > today:
        return ProjectStatus.PLANNED
    if end_date and end_date < today:
        return ProjectStatus.COMPLETED
    return ProjectStatus.ONGOING

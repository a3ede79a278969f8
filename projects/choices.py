from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.TextChoices):
    ERASMUS_PLUS = "erasmus_plus", _("Erasmus+")
    ESF = "esf", _("European Social Fund")
    INTERREG = "interreg", _("Interreg")
    REGIONAL = "regional", _("Regional programme")
    OTHER = "other", _("Other programme")


# Other names people write for these programmes (catalogue.values.choice_names): the
# programme's own abbreviations and its strands.
PROGRAMME_ALIASES = {
    Programme.ESF: ("FSE", "FSE+", "ESF+", "Fonds social européen plus"),
    Programme.INTERREG: (
        "Interreg Europe",
        "Interreg Sudoe",
        "Interreg POCTEFA",
        "Interreg France-Espagne-Andorre",
    ),
}


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


# A project's status is never stored: planned before it starts, completed after it ends,
# ongoing in between or when open-ended (see catalogue.dates), checked in this order.
STATUS_RULES = {
    ProjectStatus.PLANNED.value: [("start_date", "gt")],
    ProjectStatus.COMPLETED.value: [("end_date", "lt")],
    ProjectStatus.ONGOING.value: [("start_date", "lte"), ("end_date", "gte_or_empty")],
}

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practice sheets")

    def ready(self):
        from . import catalogue_type  # noqa: F401  (registers the catalogue types)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Cooperation projects")

    def ready(self):
        from . import catalogue_type  # noqa: F401  (registers the catalogue type)

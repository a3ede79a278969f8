from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = _("Glossary")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the glossary sheet; forgets the cached glossary on every edit.
        from . import catalogue_type, signals  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class CatalogueConfig(AppConfig):
    default = True
    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
        from .workflow_names import install

        install()


class CatalogueUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, showing the site's groups under their translated labels."""

    group_viewset = "catalogue.admin_groups.GroupViewSet"
    user_viewset = "catalogue.admin_groups.UserViewSet"

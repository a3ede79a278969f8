from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_catalogue_import_urls():
    urls = [
        path("", admin_views.CatalogueImportUploadView.as_view(), name="upload"),
        path("confirm/", admin_views.CatalogueImportConfirmView.as_view(), name="confirm"),
        path("result/", admin_views.CatalogueImportResultView.as_view(), name="result"),
    ]
    return [path("catalogue-import/", include((urls, "catalogue_import")))]


class CatalogueImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.user_can_import(request.user)


@hooks.register("register_settings_menu_item")
def register_catalogue_import_menu_item():
    return CatalogueImportMenuItem(
        _("Import the catalogue"),
        reverse("catalogue_import:upload"),
        name="catalogue-import",
        icon_name="upload",
        order=900,
    )

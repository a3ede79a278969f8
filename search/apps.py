from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "catalogue_search"
    verbose_name = "Catalogue search"

    def ready(self):
        from . import signals  # noqa: F401

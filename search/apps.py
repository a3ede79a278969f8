from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "catalogue_search"
    verbose_name = "Catalogue search"

    def ready(self):
        from . import health, signals  # noqa: F401  (signals: connects the index updates)

        health.register()

from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import (
            cache,
            checks,  # noqa: F401  (registers the deploy checks)
            health,
            og_image_signals,  # noqa: F401  (forgets a page's sharing cards when it changes)
            redirects,  # noqa: F401  (connects the slug-change and move signals)
        )

        cache.connect_signals()
        health.register_core_checks()
        self.release_default_language()

    def release_default_language(self):
        # After wagtail_modeltranslation's ready(), which required the French columns.
        from .models import BasePage
        from .panels import release_default_language

        for model in apps.get_models():
            if issubclass(model, BasePage):
                release_default_language(model)

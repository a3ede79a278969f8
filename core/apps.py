from django.apps import AppConfig


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

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation

from catalogue import registry
from core.i18n import LANGUAGE_CODES
from core.visibility import public_pages

from ...models import ContentPage, HomePage


class Command(BaseCommand):
    help = "Print one URL per line: the pages the accessibility audit covers, in every language."

    def add_arguments(self, parser):
        parser.add_argument("--base", default="http://127.0.0.1:8000")

    def handle(self, *args, base, **options):
        pages = [
            public_pages(HomePage.objects.all()).first(),
            public_pages(ContentPage.objects.all()).first(),
        ]
        # One page of every catalogue type.
        for catalogue_type in registry.page_types():
            pages.append(public_pages(catalogue_type.model.objects.all()).order_by("pk").first())
        theme = registry.get("theme").model.objects.first()
        practice_index = public_pages(registry.get("practice").parent_model.objects.all()).first()
        for code in LANGUAGE_CODES:
            with translation.override(code):
                for page in pages:
                    if page is not None:
                        self.stdout.write(base + page.get_url())
                if practice_index is not None and theme is not None:
                    url = practice_index.get_url()
                    self.stdout.write(f"{base}{url}?theme={theme.slug}&status=ongoing")
                self.stdout.write(f"{base}{reverse('search')}?q=cooperative&type=practice")
                self.stdout.write(f"{base}{reverse('api_docs')}")
                self.stdout.write(f"{base}{reverse('glossary')}")
                # Complete and partial matches, each in its own list.
                self.stdout.write(f"{base}{reverse('search')}?q=climate+assembly+of+residents")

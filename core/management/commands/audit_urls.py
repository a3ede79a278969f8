from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation

from home.models import ContentPage, HomePage
from partners.models import PartnerPage, ProjectPage
from practices.models import PracticeIndexPage, PracticePage, Theme


class Command(BaseCommand):
    help = "Print one URL per line: the pages the accessibility audit covers, in every language."

    def add_arguments(self, parser):
        parser.add_argument("--base", default="http://127.0.0.1:8000")

    def handle(self, *args, base, **options):
        pages = [
            HomePage.objects.live().first(),
            ContentPage.objects.live().first(),
            PracticePage.objects.live().order_by("pk").first(),
            PartnerPage.objects.live().order_by("pk").first(),
            ProjectPage.objects.live().order_by("pk").first(),
        ]
        index = PracticeIndexPage.objects.live().first()
        theme = Theme.objects.first()
        for code in ("fr", "en", "es"):
            with translation.override(code):
                for page in pages:
                    if page is not None:
                        self.stdout.write(base + page.get_url())
                if index is not None and theme is not None:
                    self.stdout.write(f"{base}{index.get_url()}?theme={theme.slug}&status=ongoing")
                self.stdout.write(f"{base}{reverse('search')}?q=cooperative&type=practice")
                self.stdout.write(f"{base}{reverse('api_docs')}")

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from catalogue import registry
from catalogue.import_service import run_import
from catalogue.roles import ensure_roles

from ...models import SiteSettings
from ...site_setup import ensure_site

DEMO_CATALOGUE = Path(__file__).resolve().parents[2] / "demo" / "catalogue.json"


class Command(BaseCommand):
    help = "Create the page tree, site settings and demo catalogue where missing (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-demo", action="store_true", help="Do not load the demo catalogue."
        )

    def handle(self, *args, no_demo=False, **options):
        ensure_site(stdout=self.stdout)
        # Groups and the review workflow, once the catalogue index pages exist.
        ensure_roles(stdout=self.stdout)
        if not no_demo and DEMO_CATALOGUE.exists():
            first_load = not any(t.model.objects.exists() for t in registry.page_types())
            # The import service, as the import command and the admin use it.
            result = run_import(DEMO_CATALOGUE)
            if not result.ok:
                raise CommandError("\n".join(result.errors))
            for line in result.report.summary_lines():
                self.stdout.write(line)
            if first_load:
                # The demo's organisations are fictional: say so once, site-wide, until
                # staff turn the banner off (a later run leaves their choice alone).
                settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
                settings.demo_notice = True
                settings.save(update_fields=["demo_notice"])
        self.stdout.write(self.style.SUCCESS("Site ready."))

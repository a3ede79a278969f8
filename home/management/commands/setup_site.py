from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.import_service import run_import
from catalogue.roles import ensure_roles

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
            # The import service, as the import command and the admin use it.
            result = run_import(DEMO_CATALOGUE)
            if not result.ok:
                raise CommandError("\n".join(result.errors))
            for line in result.report.summary_lines():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Site ready."))

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

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
            call_command(
                "import_catalogue", str(DEMO_CATALOGUE), stdout=self.stdout, stderr=self.stderr
            )
        self.stdout.write(self.style.SUCCESS("Site ready."))

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from catalogue import downloads


class Command(BaseCommand):
    help = (
        "Everything `make setup` does, in one process: migrate, fill the translation "
        "columns, collect static files, build the site (setup_site), set the pages' "
        "per-language URL paths, ensure the admin user, bring the search indexes up "
        "to date and, on a new site, build the open-data downloads. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-demo", action="store_true", help="Do not load the demo catalogue."
        )
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the 'admin' user."
        )

    def handle(self, *args, no_demo=False, no_admin=False, **options):
        # One process instead of one per step: Django and Wagtail take 2-3 s to start.
        quiet = {"verbosity": 0}
        call_command("migrate", interactive=False, stdout=self.stdout)
        call_command("update_translation_fields", **quiet)
        call_command("collectstatic", interactive=False, **quiet)
        call_command("setup_site", no_demo=no_demo, stdout=self.stdout)
        call_command("set_translation_url_paths", stdout=self.stdout)
        if not no_admin:
            call_command("ensure_admin", stdout=self.stdout)
        call_command("catalogue_db_index", "sync", stdout=self.stdout)
        if settings.OPENSEARCH_URL:
            call_command("catalogue_index", "sync", stdout=self.stdout)
        # A new site offers its open data at once (seconds at demo size). Later ones
        # are the maintenance timer's (deploy/), not every deploy's: at 100,000 sheets
        # a build takes minutes.
        if not any(downloads.current(extension) for extension in downloads.FORMATS):
            call_command("catalogue_downloads", stdout=self.stdout)

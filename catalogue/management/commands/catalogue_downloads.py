from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from catalogue import downloads


class Command(BaseCommand):
    help = (
        "Build the public downloads of the open data (catalogue.xlsx, catalogue.json) when "
        "they are older than the public catalogue; the maintenance timer runs it, so that "
        "a new site or a quiet one has them before anyone asks."
    )

    def handle(self, *args, **options):
        version = downloads.catalogue_version()
        if version is None:
            raise CommandError("The cache gives no catalogue version: check CACHE_URL.")
        if downloads.made_from(version):
            self.stdout.write("The open-data downloads are up to date.")
            return
        downloads.build(version)
        built = ", ".join(
            f"catalogue.{extension} ({filesizeformat(downloads.current(extension).size)})"
            for extension in downloads.FORMATS
        )
        self.stdout.write(self.style.SUCCESS(f"Built {built}."))

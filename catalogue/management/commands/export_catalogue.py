from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalogue.io import CatalogueError, export_catalogue


class Command(BaseCommand):
    help = "Export the catalogue to an XLSX workbook or a JSON file (format from the extension)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write: a .xlsx or .json file")

    def handle(self, *args, path, **options):
        try:
            counts = export_catalogue(path)
        except CatalogueError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        summary = ", ".join(f"{count} {sheet}" for sheet, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                _("Exported %(summary)s to %(path)s.") % {"summary": summary, "path": path}
            )
        )

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalogue.io import CatalogueError, export_catalogue


class Command(BaseCommand):
    help = (
        "Export the catalogue to an XLSX workbook or a JSON file (format from the extension): "
        "the open data (public pages only), or with --all every page and its published state."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write: a .xlsx or .json file")
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--all",
            action="store_true",
            dest="everything",
            help="Staff export: every page, with a 'published' column (true/false).",
        )
        group.add_argument(
            "--template",
            action="store_true",
            help="An empty workbook (.xlsx) with the columns, drop-down lists and README.",
        )

    def handle(self, *args, path, everything, template, **options):
        try:
            counts = export_catalogue(path, everything=everything, template=template)
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

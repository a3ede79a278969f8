from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalogue.io import CatalogueError, import_catalogue


class Command(BaseCommand):
    help = (
        "Import themes, partners, projects and practice sheets from an XLSX workbook or a JSON "
        "file. All or nothing: one invalid row aborts the import and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .xlsx or .json file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and count, write nothing."
        )

    def handle(self, *args, path, dry_run, **options):
        try:
            report = import_catalogue(path, dry_run=dry_run, stream=self.stderr._out)
        except CatalogueError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                _("Import aborted: %(count)s problem(s) found, nothing was written.")
                % {"count": exc.total}
            ) from exc
        prefix = _("Dry run (nothing written): ") if dry_run else ""
        for line in report.summary_lines():
            self.stdout.write(prefix + line)
        self.stdout.write(
            self.style.SUCCESS(_("Catalogue checked.") if dry_run else _("Catalogue imported."))
        )

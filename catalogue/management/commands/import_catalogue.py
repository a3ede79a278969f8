import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalogue.import_service import run_import
from catalogue.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import themes, partners, projects and practice sheets from an XLSX workbook or a JSON "
        "file. All or nothing: one invalid row, or one row exported before someone's newer "
        "work, aborts the import and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .xlsx or .json file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and list every change it would make; write nothing.",
        )
        parser.add_argument(
            "--overwrite-newer",
            action="store_true",
            help=(
                "Import rows even when their page was published, drafted or submitted for "
                "moderation after the file was exported (the report says what was replaced)."
            ),
        )
        parser.add_argument(
            "--report",
            metavar="PATH",
            help="Also write the report (every change) to this .xlsx file.",
        )

    def handle(self, *args, path, dry_run, overwrite_newer, report=None, **options):
        if report:
            check_report_path(report, path)
        bars = {}

        def progress(sheet, done, total):
            if sheet not in bars:
                bars[sheet] = ProgressBar(total, sheet, self.stderr._out)
            bars[sheet].advance(done - bars[sheet].done)

        result = run_import(
            path, dry_run=dry_run, overwrite_newer=overwrite_newer, progress=progress
        )
        if not result.ok:
            for message in result.errors:
                self.stderr.write(message)
            raise CommandError(
                _("Import aborted: %(count)s problem(s) found, nothing was written.")
                % {"count": result.total}
            )
        lines = result.report.detail_lines()
        if dry_run:
            lines = [_("Dry run (nothing written):"), *lines]
        for line in lines:
            self.stdout.write(line)
        if report:
            result.report.write_xlsx(report)
            self.stdout.write(_("Report written to %(path)s.") % {"path": report})
        if dry_run and result.report.conflicts:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "%(count)s row(s) would replace newer changes: the import will refuse "
                        "the file unless --overwrite-newer is given."
                    )
                    % {"count": len(result.report.conflicts)}
                )
            )
        self.stdout.write(
            self.style.SUCCESS(_("Catalogue checked.") if dry_run else _("Catalogue imported."))
        )


def check_report_path(report, path):
    """Refuse, before anything is imported, a report that could not be written or would
    replace the file being imported."""
    if not report.lower().endswith(".xlsx"):
        raise CommandError(_("--report: the report is written as a .xlsx file"))
    target = Path(report).resolve()
    if target.exists() and Path(path).exists() and target.samefile(path):
        raise CommandError(
            _("--report: %(path)s is the file being imported; give the report another name")
            % {"path": report}
        )
    if not target.parent.is_dir():
        raise CommandError(
            _("--report: the folder %(folder)s does not exist; create it or give another path")
            % {"folder": target.parent}
        )
    if target.is_dir() or not os.access(target if target.exists() else target.parent, os.W_OK):
        raise CommandError(
            _(
                "--report: %(path)s cannot be written (it is a folder, or you may not write "
                "there); give another path"
            )
            % {"path": report}
        )

"""The one way the catalogue is imported: by `import_catalogue`, by the admin's task and
by `setup_site`'s demo load.

`run_import` never raises for a file that cannot be imported: the result carries the
report or the messages (every one naming the sheet, row and column at fault, in the
active language). Anything unexpected is logged and reported in one sentence.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .io import CatalogueError, ImportReport, NewerWorkError, import_catalogue

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    report: ImportReport | None = None
    errors: list = field(default_factory=list)
    # How many problems were found (`errors` lists the first catalogue.io.errors.MAX_MESSAGES).
    total: int = 0
    # When the import was refused only because it would replace newer work: what importing
    # would do, its conflicts listed (nothing was written).
    newer_work: ImportReport | None = None

    @property
    def ok(self):
        return self.report is not None


def run_import(
    path,
    dry_run=False,
    user=None,
    overwrite_newer=False,
    progress=None,
    name=None,
    agreed_conflicts=None,
):
    """Import (or, with `dry_run`, check) a catalogue file; return an ImportResult.

    `name` is the file name the person knows (an upload's), shown in messages instead of
    the stored path; `agreed_conflicts`: see catalogue.io.write.import_catalogue.
    """
    path = Path(path)
    try:
        report = import_catalogue(
            path,
            dry_run=dry_run,
            user=user,
            overwrite_newer=overwrite_newer,
            progress=progress,
            name=name,
            agreed_conflicts=agreed_conflicts,
        )
    except CatalogueError as exc:
        messages = exc.messages
        if name:
            messages = [
                message.replace(str(path), name).replace(path.name, name) for message in messages
            ]
        return ImportResult(
            errors=messages,
            total=exc.total,
            newer_work=exc.report if isinstance(exc, NewerWorkError) else None,
        )
    except Exception:
        logger.exception("Catalogue import of %s failed", path)
        return ImportResult(
            errors=[
                _(
                    "%(name)s: the file could not be read or imported (unexpected error). "
                    "Check that it is a catalogue workbook or JSON file like the ones the "
                    "export produces."
                )
                % {"name": name or path.name}
            ],
            total=1,
        )
    return ImportResult(report=report)

"""Writing validated rows: all or nothing, pages saved as revisions and published."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.i18n import LANGUAGE_CODES
from core.slugs import fill_slugs

from .. import registry
from ..progress import ProgressBar
from .errors import CatalogueError, describe, sheet_names
from .read import read_catalogue_file
from .sheets import sheet_columns
from .validate import validate

PUBLISHED = "published"


@dataclass
class ImportReport:
    counts: dict = field(default_factory=lambda: {sheet: Counter() for sheet in sheet_names()})

    def summary_lines(self):
        return [
            _("%(sheet)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
            % {
                "sheet": sheet,
                "created": c["created"],
                "updated": c["updated"],
                "unchanged": c["unchanged"],
            }
            for sheet, c in self.counts.items()
        ]


def import_catalogue(path, dry_run=False, stream=None, user=None):
    """Import a catalogue file; raise CatalogueError (nothing written) or return the report."""
    rows, headers, is_json = read_catalogue_file(path)
    # Messages speak the caller's language; values are written with French active, the
    # language modeltranslation mirrors into the untranslated columns.
    context = validate(rows, headers, is_json)
    # A dry run writes everything as the import would, models' own validation included,
    # then rolls back: a dry run that passes means the import passes.
    report = ImportReport()
    failure = None
    with transaction.atomic():
        for sheet_type in registry.types():
            sheet = sheet_type.sheet
            sheet_rows = rows.get(sheet, [])
            if not sheet_rows:
                continue
            progress = ProgressBar(len(sheet_rows), sheet, stream) if stream else None
            columns = [
                col for col in sheet_columns(sheet_type) if set(headers[sheet]) & set(col.headers)
            ]
            for row in sheet_rows:
                try:
                    with translation.override(LANGUAGE_CODES[0]):
                        outcome = _import_row(sheet_type, columns, row, context, user)
                except ValidationError as exc:
                    failure = (row, exc)
                    break
                report.counts[sheet][outcome] += 1
                if progress:
                    progress.advance()
            if failure:
                break
        if failure or dry_run:
            transaction.set_rollback(True)
    if failure:
        row, exc = failure
        raise CatalogueError([f"{row.where(is_json)}: {describe(exc)}"]) from exc
    return report


def _import_row(sheet_type, columns, row, context, user=None):
    key = row.values[sheet_type.key]
    # Keys match without regard to case; the row's spelling is the one kept.
    obj = sheet_type.model.objects.filter(**{f"{sheet_type.key}__iexact": key}).first()
    if obj is not None and PUBLISHED in row.values and row.values[PUBLISHED] is None:
        row.values[PUBLISHED] = obj.live  # an empty `published` cell keeps the page as it is
    if obj is not None and sheet_type.is_page and not obj.live and obj.latest_revision_id:
        obj = obj.get_latest_revision_as_object()  # an unpublished page is its latest draft
    if obj is not None:
        current = {}
        for column in columns:
            current.update(column.read_row(obj))
        incoming = {}
        for column in columns:
            incoming.update(column.export_row(row.values))
        if current == incoming:
            context.remember(sheet_type.sheet, obj)
            return "unchanged"
        outcome = "updated"
    else:
        obj = sheet_type.model()
        outcome = "created"
    for column in columns:
        column.write_row(obj, row.values, context)
    if sheet_type.is_page:
        published = row.values.get(PUBLISHED)
        _save_page(sheet_type, obj, outcome == "created", user, published)
    else:
        obj.save()
    context.remember(sheet_type.sheet, obj)
    return outcome


def _save_page(sheet_type, page, created, user=None, published=None):
    """Save a revision; publish it if `published`, or when None, if the page is new or
    live (an unpublished page stays unpublished unless its row says `published: true`)."""
    if page.title_fr:
        page.title = page.title_fr
    if published is None:
        published = created or page.live
    parent = parent_page(sheet_type) if created else page.get_parent()
    _fill_slugs(page, parent)
    if created:
        page.live = published
        parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True, clean=True)
    if published:
        # The import permission is the right to publish catalogue pages from a workbook;
        # the user is recorded in the history, not checked against page permissions.
        revision.publish(user=user, log_action=True, skip_permission_checks=True)
    elif page.live:
        page.unpublish(user=user, log_action=True)


def _fill_slugs(page, parent):
    """Each language with a title gets a slug (core.slugs: the admin's rule too)."""
    fill_slugs(page, parent, fallback=page.ref)
    page.slug = page.slug_fr


def parent_page(sheet_type):
    """The index page new pages of this type go under."""
    parent = sheet_type.parent_model.objects.first()
    if parent is None:
        raise CatalogueError(
            [
                _("%(sheet)s: no %(page_type)s page exists to hold new pages")
                % {
                    "sheet": sheet_type.sheet,
                    "page_type": sheet_type.parent_model._meta.verbose_name,
                }
            ]
        )
    return parent

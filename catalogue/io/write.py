"""Writing validated rows: all or nothing, pages saved as revisions and published.

An import plans, then writes. The plan matches each row with its object and compares
them column by column (created, updated with each changed field, unchanged), and finds
the rows exported before newer work (`conflicts`). The import refuses the file when a
row conflicts, unless told to overwrite newer changes (in the admin, only the changes its
check listed, as they were then); otherwise it writes every change in one transaction: a
new page is saved once (placed in the tree without treebeard's per-insert queries) with
its revision, and the search indexes are updated in one batch (catalogue.batch). A dry
run writes the plan the same way, models' own validation (clean()) included, then rolls
back and returns the plan as the report: a dry run that passes means the import passes.

Keys match without regard to case (`H01` is the page `h01`); the row's spelling is kept.
An unpublished page is updated as its latest draft and stays unpublished unless its row
says `published: true`; an empty `published` cell keeps a page as it is.

The open data (sheets.OPEN_DATA) leaves out the pages the public cannot see and the links
to them: a row of it would remove a page's links to those pages, which its editor never
saw. Such a file is refused once planned, naming those links, before its conflicts with
newer work are looked at; the open data of a catalogue whose links all lead to public
pages imports as any file does.
"""

from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from modelcluster.utils import sort_by_fields
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published

from treebeard.exceptions import PathOverflow

from core.i18n import LANGUAGE_CODES
from core.slugs import SiblingSlugs, fill_slugs, slug_checks_on_clashing_siblings
from core.visibility import public_pages

from .. import registry
from ..batch import deferred_indexing
from ..columns import RefColumn
from ..values import quote
from .conflicts import (
    IMPORT_ACTION,
    changed_after,
    conflict_message,
    deleted_entry,
    deletions,
    describe_moment,
    describe_user,
    draft_revision,
    gone,
    gone_state,
    last_imports,
    newer_work,
    not_agreed,
    publishing,
    snippet_state,
    work_state,
)
from .errors import CatalogueError, NewerWorkError, cell_error, describe
from .read import read_catalogue_file
from .report import ImportReport, field_changes, row_label
from .sheets import sheet_columns
from .validate import validate

FETCH_CHUNK = 500  # keys per query when matching rows with existing objects
# SQLite's page cache while an import writes, in KiB (its default is 2 MB): one
# transaction of a few thousand rows writes far more, and with a small cache SQLite
# keeps writing pages out to the WAL and reading them back. Taken only as needed.
SQLITE_CACHE_KIB = 64 * 1024
PUBLISHED = "published"


def import_catalogue(
    path,
    dry_run=False,
    user=None,
    overwrite_newer=False,
    progress=None,
    name=None,
    agreed_conflicts=None,
):
    """Import a catalogue file; raise CatalogueError (nothing written) or return the report.

    `progress(sheet, done, total)` is called as rows are planned and written; `name`, the
    file name people know (an upload's), is recorded in the history of each page written.
    `agreed_conflicts`, the conflicts of the check this import confirms, limits
    `overwrite_newer` to the work listed there: work newer than the check is refused
    (NewerWorkError) like any conflict.
    """
    rows, headers, is_json, open_data = read_catalogue_file(path)
    # Messages speak the caller's language; values are written with French active, the
    # language modeltranslation mirrors into the untranslated columns.
    context = validate(rows, headers, is_json)
    report = ImportReport(dry_run=dry_run)
    removed = [] if open_data else None
    plans = _plan(rows, headers, context, report, is_json, removed)
    if removed:
        _refuse_hidden_links(removed, Path(path).name, is_json)
    refused = not_agreed(report.conflicts, overwrite_newer, agreed_conflicts)
    if refused and not dry_run:
        raise NewerWorkError([conflict_message(conflict) for conflict in refused], report)
    report.overwrote = bool(report.conflicts) and not dry_run
    # Any exception inside rolls everything back, the batched index updates included.
    with (
        large_page_cache(),
        transaction.atomic(),
        deferred_indexing() as batch,
        slug_checks_on_clashing_siblings(),
    ):
        new_pages = _NewPages(name or Path(path).name)
        done = {}
        for plan in plans:
            try:
                with translation.override(LANGUAGE_CODES[0]):
                    _write(plan, context, new_pages, user, None if dry_run else report)
            except ValidationError as exc:
                raise CatalogueError([f"{plan.row.where(is_json)}: {describe(exc)}"]) from exc
            sheet = plan.sheet_type.sheet
            done[sheet] = done.get(sheet, 0) + 1
            if progress:
                progress(sheet, done[sheet], len(rows[sheet]))
        new_pages.finish()
        if dry_run:
            batch.discard()  # nothing to index: everything is rolled back
            transaction.set_rollback(True)
    return report


@contextmanager
def large_page_cache():
    """On SQLite, this connection's page cache is SQLITE_CACHE_KIB inside."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(SQLITE_CACHE_KIB)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


class _Plan:
    __slots__ = ("sheet_type", "columns", "row", "obj", "outcome")

    def __init__(self, sheet_type, columns, row, obj, outcome):
        self.sheet_type, self.columns, self.row = sheet_type, columns, row
        self.obj, self.outcome = obj, outcome


def _plan(rows, headers, context, report, is_json, removed=None):
    """The plan of every row, in import order. `removed`, a list (for the open data),
    gets the links to pages each updated row would remove (_removed_links)."""
    plans = []
    for sheet_type in registry.types():
        sheet = sheet_type.sheet
        sheet_rows = rows.get(sheet, [])
        if not sheet_rows:
            continue
        present = set(headers[sheet])
        file_columns = [col for col in sheet_columns(sheet_type) if present & set(col.headers)]
        columns = [col for col in file_columns if not getattr(col, "read_only", False)]
        updated_at = next((col for col in file_columns if getattr(col, "read_only", False)), None)
        existing = _existing(sheet_type, [row.values[sheet_type.key] for row in sheet_rows])
        # The history of the pages that are not live: whether their latest revision is a
        # draft, and when they were unpublished.
        history = (
            publishing(obj.pk for obj in existing.values() if not obj.live)
            if sheet_type.is_page
            else {}
        )
        # Rows checked against newer work once all are known, so the history they need
        # is read in a few queries: those that change an object, and those exported from
        # an object that no longer exists.
        to_check = []
        for row in sheet_rows:
            key = row.values[sheet_type.key]
            page = obj = existing.get(key.casefold())
            label = row_label(row.values)
            exported_at = row.values.get(updated_at.name) if updated_at else None
            if obj is None:
                report.add(sheet, "created", key, label)
                plans.append(_Plan(sheet_type, columns, row, None, "created"))
                if exported_at is not None:
                    to_check.append(_Check(row, None, exported_at, label, [], {}))
                continue
            if PUBLISHED in row.values and row.values[PUBLISHED] is None:
                row.values[PUBLISHED] = obj.live  # an empty `published` cell keeps the state
            if sheet_type.is_page and not obj.live and obj.latest_revision_id:
                obj = obj.get_latest_revision_as_object()  # an unpublished page: its draft
            with translation.override(LANGUAGE_CODES[0]):
                current = _read(columns, obj)
                incoming = {}
                for column in columns:
                    incoming.update(column.export_row(row.values))
            changes = field_changes(current, incoming)
            if removed is not None and changes:
                removed += _removed_links(row, columns, current, incoming)
            if not changes:
                report.add(sheet, "unchanged", key)
                context.remember(sheet, obj)
                continue
            notes = _replaced_draft(page, history.get(page.pk)) if sheet_type.is_page else []
            report.add(sheet, "updated", key, label, changes, notes)
            plans.append(_Plan(sheet_type, columns, row, obj, "updated"))
            to_check.append(_Check(row, page, exported_at, label, changes, incoming))
        report.conflicts += _conflicts(sheet_type, columns, updated_at, to_check, history, is_json)
    return plans


def _refs(value):
    """The keys a reference column's exported value holds (a key, a list, or "")."""
    if isinstance(value, list):
        return value
    return [value] if value else []


def _removed_links(row, columns, current, incoming):
    """[(row, column, [keys])]: the pages a row would no longer link to."""
    found = []
    for column in columns:
        if not isinstance(column, RefColumn) or column.name not in incoming:
            continue
        if not registry.by_sheet()[column.target].is_page:
            continue  # the open data holds every snippet (themes)
        kept = {ref.casefold() for ref in _refs(incoming[column.name])}
        lost = [ref for ref in _refs(current.get(column.name)) if ref.casefold() not in kept]
        if lost:
            found.append((row, column, lost))
    return found


def _refuse_hidden_links(removed, file_name, is_json):
    """Refuse the open data when its rows would remove links to pages the public cannot
    see (it leaves them out: its editor never saw them). `removed` is _removed_links'."""
    keys = {}
    for _row, column, refs in removed:
        keys.setdefault(column.target, set()).update(refs)
    hidden = {}
    for target, refs in keys.items():
        sheet_type = registry.by_sheet()[target]
        refs = sorted(refs)
        public = set()
        for start in range(0, len(refs), FETCH_CHUNK):
            pages = sheet_type.model.objects.filter(
                **{f"{sheet_type.key}__in": refs[start : start + FETCH_CHUNK]}
            )
            public.update(public_pages(pages).values_list(sheet_type.key, flat=True))
        hidden[target] = set(refs) - public
    messages = []
    for row, column, refs in removed:
        lost = [ref for ref in refs if ref in hidden[column.target]]
        if lost:
            reason = ngettext(
                "importing would remove the link to %(refs)s, a page the public cannot see",
                "importing would remove the links to %(refs)s, pages the public cannot see",
                len(lost),
            ) % {"refs": ", ".join(quote(ref) for ref in lost)}
            messages.append(cell_error(row.where(is_json), column.name, reason))
    if messages:
        intro = _(
            "%(file)s is the open data, which leaves out the pages the public cannot see "
            "and the links to them: importing it would remove the links listed below. To "
            "edit the catalogue, download every page instead (on the “Import the "
            "catalogue” page of the admin, or with export_catalogue --all), make your "
            "changes in that file and import it."
        ) % {"file": file_name}
        raise CatalogueError([intro, *messages])


class _Check(NamedTuple):
    row: Any
    obj: Any  # the page or snippet the row changes; None: it no longer exists
    exported_at: Any  # the row's `updated_at` (None: written by hand)
    label: str
    changes: list
    incoming: dict


def _read(columns, obj):
    values = {}
    for column in columns:
        values.update(column.read_row(obj))
    return values


def _conflicts(sheet_type, columns, updated_at, to_check, history, is_json):
    """The conflicts of one sheet's rows with newer work (catalogue.io.conflicts), in the
    order of the rows."""
    imports, deleted = {}, []
    if sheet_type.is_page:
        by_hand = [c.obj.pk for c in to_check if c.obj is not None and c.exported_at is None]
        imports = last_imports(by_hand) if by_hand else {}
    gone_since = [c.exported_at for c in to_check if c.obj is None]
    if gone_since:
        deleted = deletions(sheet_type.model, min(gone_since))
    conflicts = []
    for check in to_check:
        obj, exported_at, fields = check.obj, check.exported_at, check.changes
        if obj is None:
            entry = deleted_entry(deleted, check.row.values, exported_at)
            reasons, state = gone(entry, exported_at), gone_state(entry)
        elif sheet_type.is_page:
            page_history = history.get(obj.pk)
            publishes = check.row.values.get(PUBLISHED) is True
            reasons = newer_work(obj, exported_at, imports.get(obj.pk), page_history, publishes)
            state = work_state(obj, page_history)
            if reasons and obj.live and draft_revision(obj) is not None:
                # The import writes the live page with the row over the draft: what the
                # draft loses is the draft's values against the row's.
                with translation.override(LANGUAGE_CODES[0]):
                    draft = _read(columns, obj.get_latest_revision_as_object())
                fields = field_changes(draft, check.incoming) or fields
        elif exported_at is not None:
            reasons = changed_after(obj, updated_at, exported_at)
            state = snippet_state(obj, updated_at)
        else:
            continue  # a snippet row written by hand: nothing to compare with
        if reasons:
            conflicts.append(
                {
                    "sheet": sheet_type.sheet,
                    "where": check.row.where(is_json),
                    "key": check.row.values[sheet_type.key],
                    "label": check.label,
                    "reasons": reasons,
                    "fields": fields,
                    "state": state,
                }
            )
    return conflicts


def _replaced_draft(page, history=None):
    """[A note] when the import replaces `page`'s unpublished draft (a new revision on top
    of it, published if the page is live), so the report says so even when the draft is
    no conflict (the file was exported with it, or the draft was the last import's)."""
    revision = draft_revision(page, history)
    if revision is None:
        return []
    return [
        _("replaces the draft saved on %(when)s by %(who)s")
        % {"when": describe_moment(revision.created_at), "who": describe_user(revision.user)}
    ]


def _existing(sheet_type, keys):
    """{casefolded key: object} for the keys that exist (any case), in a few queries.

    Lower() matches other cases of ASCII letters on every database (as iexact does);
    the exact keys are asked for too, so a key always finds its own spelling.
    """
    model, key = sheet_type.model, sheet_type.key
    found = {}
    for start in range(0, len(keys), FETCH_CHUNK):
        chunk = keys[start : start + FETCH_CHUNK]
        queryset = model.objects.annotate(_key_lower=Lower(key)).filter(
            Q(_key_lower__in=[k.lower() for k in chunk]) | Q(**{f"{key}__in": chunk})
        )
        if sheet_type.prefetch:
            queryset = queryset.prefetch_related(*sheet_type.prefetch)
        if sheet_type.is_page:
            queryset = queryset.select_related("latest_revision__user", "live_revision__user")
        found.update((getattr(obj, key).casefold(), obj) for obj in queryset)
    return found


def _write(plan, context, new_pages, user, report):
    """Write one planned row; `report` (None in a dry run) lists the workflows cancelled."""
    sheet_type, obj = plan.sheet_type, plan.obj
    if obj is None:
        obj = sheet_type.model()
    for column in plan.columns:
        column.write_row(obj, plan.row.values, context)
    published = plan.row.values.get(PUBLISHED)
    if not sheet_type.is_page:
        obj.save()
    elif plan.outcome == "created":
        _create_page(sheet_type, obj, new_pages, user, published is not False)
    else:
        revision = _update_page(sheet_type, obj, user, report, published)
        new_pages.log_import(obj, user, revision)
        new_pages.updated(obj)
    context.remember(sheet_type.sheet, obj)


def _create_page(sheet_type, page, new_pages, user, publish=True):
    """Save a new page once with its first revision, published (what publishing gives)
    unless its row says `published: false`."""
    if page.title_fr:
        page.title = page.title_fr
    parent = new_pages.place(sheet_type, page)
    siblings = new_pages.sibling_slugs(parent)
    _fill_slugs(page, parent, siblings.taken)
    now = timezone.now()
    page.live, page.has_unpublished_changes = publish, not publish
    if publish:
        page.first_published_at = page.last_published_at = now
    page.latest_revision_created_at = now
    page.draft_title = page.title
    # What Wagtail would look up for each page: the parent's locale (read once with the
    # parent), and whether it is a site root (a new page, with a new translation key,
    # never is).
    page.locale_id = parent.locale_id
    page._is_site_root = False
    # Validated here rather than in save(): the foreign keys hold objects this import
    # read or wrote, and the ref is unique in any case (the ref constraint) as checked by
    # the plan and the file's validation, so Django need not look each of them up again
    # (the database constraints still hold).
    page.full_clean(
        exclude=[field.name for field in page._meta.fields if field.many_to_one],
        validate_unique=False,
        validate_constraints=False,
    )
    _save_new_page(page)
    siblings.add_page(page)
    # Page.save() logs a creation with the page's owner.
    new_pages.log(page, "wagtail.create", user or page.owner, content_changed=True)
    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        user=user,
        content=page.serializable_data(),
        object_str=str(page),
    )
    live_revision = revision if publish else None
    Page.objects.filter(pk=page.pk).update(
        latest_revision=revision,
        live_revision=live_revision,
        latest_revision_created_at=revision.created_at,
    )
    page.latest_revision, page.live_revision = revision, live_revision
    page.latest_revision_created_at = revision.created_at
    if publish:  # otherwise it stays a draft
        new_pages.log(page, "wagtail.publish", user, revision=revision)
        published.send(sender=type(page), instance=page, revision=revision)
        page_published.send(sender=type(page), instance=page, revision=revision)
    new_pages.log_import(page, user, revision)


def _save_new_page(page):
    """page.save(), with the relations a new page is known to hold kept in memory.

    modelcluster commits each many-to-many relation by reading what the database holds
    (nothing, for a new page) and then reads it back for the revision and the search
    text. Here the rows are added directly, and the relations (those, and the child
    relations, empty for a new page) are remembered as Django's prefetch does, in the
    order the database would give them.
    """
    in_memory = getattr(page, "_cluster_related_objects", {})
    m2m = {
        field.name: in_memory.pop(field.name)
        for field in get_all_child_m2m_relations(page)
        if field.name in in_memory
    }
    empty_children = [
        rel.get_accessor_name()
        for rel in get_all_child_relations(page)
        if rel.get_accessor_name() not in in_memory
    ]
    page.save(clean=False, log_action=None)  # logged by the caller
    for name, items in m2m.items():
        manager = getattr(page, name).get_original_manager()
        if items:
            manager.add(*items)
        _remember_relation(page, name, manager.get_queryset(), list(items))
    for name in empty_children:
        _remember_relation(page, name, getattr(page, name).get_live_queryset(), [])


def _remember_relation(page, name, queryset, items):
    # The order the database gives: pages by their place in the tree (Wagtail's page
    # manager), other models by their own ordering.
    model = queryset.model
    ordering = ["path"] if issubclass(model, Page) else list(model._meta.ordering)
    if ordering:
        sort_by_fields(items, ordering)
    queryset._result_cache, queryset._prefetch_done = items, True
    page.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _update_page(sheet_type, page, user, report, publish=None):
    """Save a revision and return it; publish it if `publish`, or when None, if the page
    is live (an unpublished page stays unpublished unless its row says `published: true`)."""
    if page.title_fr:
        page.title = page.title_fr
    if publish is None:
        publish = page.live
    _fill_slugs(page, page.get_parent())
    state = page.current_workflow_state
    revision = page.save_revision(user=user, log_action=True, clean=True)
    if not publish:
        if page.live:
            page.unpublish(user=user, log_action=True)
        return revision
    # The import permission is the right to publish catalogue pages from a workbook;
    # the user is recorded in the history, not checked against page permissions.
    # Publishing cancels a moderation workflow in progress: the report says so.
    revision.publish(user=user, log_action=True, skip_permission_checks=True)
    if state is not None and report is not None:
        report.cancelled_workflows.append(
            {
                "sheet": sheet_type.sheet,
                "key": getattr(page, sheet_type.key),
                "label": row_label(
                    {f"title_{c}": getattr(page, f"title_{c}") for c in LANGUAGE_CODES}
                ),
                "workflow": state.workflow.name,
            }
        )
    return revision


def _fill_slugs(page, parent, taken=None):
    """Each language with a title gets a slug (core.slugs: the admin's rule too)."""
    fill_slugs(page, parent, fallback=page.ref, taken=taken)
    page.slug = page.slug_fr


class _NewPages:
    """New pages go last under their type's index, their paths computed here, and their
    history entries (and the import markers of updated pages) are written together at the
    end.

    Treebeard's add_child locks and reads the parent and its last child for every page;
    inside the import's transaction, reading them once per parent is enough. Wagtail's
    log() saves each entry after checking that its page, revision and content type
    exist; these were just written.
    """

    def __init__(self, file_name):
        self.file_name = file_name
        self.parents = {}  # sheet -> parent page
        self.last_path = {}  # parent pk -> path of its last child (None: no child)
        self.log_entries = []
        self.slugs = {}  # parent pk -> SiblingSlugs
        self.added = {}  # parent pk -> new children

    def finish(self):
        """Write what was kept for the end: the parents' child counts (treebeard reads
        them: a parent without children has no get_children()) and the history."""
        for parent_pk, added in self.added.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + added)
        PageLogEntry.objects.bulk_create(self.log_entries)

    def sibling_slugs(self, parent):
        """What the parent's children answer to (read once, kept up to date by the caller)."""
        if parent.pk not in self.slugs:
            self.slugs[parent.pk] = SiblingSlugs(parent)
        return self.slugs[parent.pk]

    def updated(self, page):
        """An existing page may have gained slugs (a new language) its new siblings avoid."""
        slugs = self.slugs.get(page.get_parent().pk)
        if slugs is not None:
            slugs.add_page(page)

    def log_import(self, page, user, revision):
        """Mark `revision` as written by an import (conflicts.IMPORT_ACTION), naming the file."""
        self.log(page, IMPORT_ACTION, user, revision=revision, data={"file": self.file_name})

    def log(self, page, action, user, data=None, **fields):
        """The entry wagtail.log_actions.log(page, action, user=user, ...) would save."""
        context = get_active_log_context()
        self.log_entries.append(
            PageLogEntry(
                content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
                label=PageLogEntry.objects.get_instance_title(page),
                action=action,
                timestamp=timezone.now(),
                data=data or {},
                user=user or context.user,
                uuid=context.uuid,
                page=page,
                **fields,
            )
        )

    def place(self, sheet_type, page):
        parent = self.parents.get(sheet_type.sheet)
        if parent is None:
            parent = self.parents[sheet_type.sheet] = parent_page(sheet_type)
            last = parent.get_last_child()
            self.last_path[parent.pk] = last.path if last else None
        last = self.last_path[parent.pk]
        page.depth = parent.depth + 1
        # treebeard's _inc_path(), without building a page for the last path.
        position = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        if len(Page._int2str(position)) > Page.steplen:
            raise PathOverflow(f"Path Overflow from: '{last}'")
        page.path = Page._get_path(parent.path, page.depth, position)
        page.numchild = 0
        self.last_path[parent.pk] = page.path
        self.added[parent.pk] = self.added.get(parent.pk, 0) + 1
        parent.numchild += 1
        page._cached_parent_obj = parent  # treebeard's get_parent() cache
        return parent


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

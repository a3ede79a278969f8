"""Newer work a row would overwrite: a later publish, draft, unpublish or deletion, a
moderation workflow, or, for a snippet type, a later change.

A row's `updated_at` is when its object last changed before the export: a page's last
publish (in the staff export, the latest of that, its latest draft and its last
unpublish), a snippet's CatalogueType.changed_at field. A page published or drafted
after it, or waiting in moderation, or a snippet changed after it, has work the file does
not know; so has a page unpublished after it, when the row would publish it again. A row
with `updated_at` whose object no longer exists was exported from one, since deleted (or
given another key) in the admin: also a conflict, for the import would re-create it.
Wagtail's history does not hold the key: a deletion whose label is one of the row's texts
(a title, a name) names who deleted it and when.

A row without `updated_at` (written by hand) is measured, for a page, against the last
import that wrote the page instead: every revision an import saves has a history entry
IMPORT_ACTION naming it, so a revision that is not the last imported one was written by
someone in the admin (or the page was never imported), and the hand-made file does not
know it. A snippet has no such record: its hand-made row (or a sheet exported before
snippets had `updated_at`) is not checked. Times are compared to the second, in UTC.
"""

from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import registry as log_registry
from wagtail.models import PageLogEntry

from ..columns import whole_seconds

# The history entry of each revision an import writes: the marker of imported content.
IMPORT_ACTION = "catalogue.import"
FETCH_CHUNK = 500  # pages per query
# Wagtail's history entries: by hand or as scheduled.
PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")
UNPUBLISH_ACTIONS = ("wagtail.unpublish", "wagtail.unpublish.scheduled")
DELETE_ACTION = "wagtail.delete"


def describe_moment(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def describe_user(user):
    if user is None:
        return _("unknown")
    return user.get_full_name() or user.get_username()


def last_imports(page_ids):
    """{page id: (revision id, time)} of the last revision an import wrote, per page."""
    page_ids = list(page_ids)
    found = {}
    for start in range(0, len(page_ids), FETCH_CHUNK):
        entries = (
            PageLogEntry.objects.filter(
                action=IMPORT_ACTION, page_id__in=page_ids[start : start + FETCH_CHUNK]
            )
            .order_by("revision_id")
            .values_list("page_id", "revision_id", "timestamp")
        )
        # Revision ids grow with time: the last entry of a page is its last import.
        found.update((page_id, (revision_id, when)) for page_id, revision_id, when in entries)
    return found


class Publishing(NamedTuple):
    """A page's last publish and last unpublish history entries (or None)."""

    published: PageLogEntry | None
    unpublished: PageLogEntry | None


def publishing(page_ids):
    """{page id: Publishing} for the given pages (those not live: a live page's last
    publish is on the page, and follows any unpublish)."""
    page_ids = list(page_ids)
    found = {}
    for start in range(0, len(page_ids), FETCH_CHUNK):
        entries = (
            PageLogEntry.objects.filter(
                action__in=PUBLISH_ACTIONS + UNPUBLISH_ACTIONS,
                page_id__in=page_ids[start : start + FETCH_CHUNK],
            )
            .select_related("user")
            .order_by("timestamp", "pk")
        )
        for entry in entries:
            last = found.get(entry.page_id, Publishing(None, None))
            if entry.action in PUBLISH_ACTIONS:
                found[entry.page_id] = last._replace(published=entry)
            else:
                found[entry.page_id] = last._replace(unpublished=entry)
    return found


def draft_revision(page, history=None):
    """The page's latest revision if it is a draft, else None. An unpublished page has
    unpublished changes, but its latest revision may be the one that was live
    (`history`: its Publishing)."""
    revision = page.latest_revision
    if not page.has_unpublished_changes or revision is None:
        return None
    published = history.published if history else None
    if not page.live and published is not None and published.revision_id == revision.pk:
        return None
    return revision


def _unpublished(page, history, publishes):
    """The last unpublish of a page that is not live, when the row publishes it again
    (otherwise the row leaves the unpublishing as it is), or None."""
    if page.live or not publishes or history is None:
        return None
    return history.unpublished


def newer_work(page, updated_at, last_import=None, history=None, publishes=False):
    """Reasons (texts) why replacing `page` with a row is unsafe.

    `updated_at`: when the row was exported (None for a row written by hand);
    `last_import`: (revision id, time) of the last revision an import wrote, or None;
    `history`: the page's Publishing when it is not live; `publishes`: whether the row
    says `published: true`.
    """
    reasons = []
    state = page.current_workflow_state
    if state is not None:
        reasons.append(
            _("in moderation (“%(workflow)s”) since %(when)s, submitted by %(who)s")
            % {
                "workflow": state.workflow.name,
                "when": describe_moment(state.created_at),
                "who": describe_user(state.requested_by),
            }
        )
    if updated_at is None:
        return reasons + _unknown_to_hand_made_file(page, last_import, history, publishes)
    draft = draft_revision(page, history)
    if draft is not None and whole_seconds(draft.created_at) > updated_at:
        reasons.append(_draft(draft))
    published = whole_seconds(page.last_published_at)
    if published is not None and published > updated_at:
        live = page.live_revision
        reasons.append(
            _("published on %(when)s by %(who)s, after this row was exported (%(exported)s)")
            % {
                "when": describe_moment(page.last_published_at),
                "who": describe_user(live.user if live else None),
                "exported": describe_moment(updated_at),
            }
        )
    unpublished = _unpublished(page, history, publishes)
    if unpublished is not None and whole_seconds(unpublished.timestamp) > updated_at:
        reasons.append(
            _("unpublished on %(when)s by %(who)s, after this row was exported (%(exported)s)")
            % {
                "when": describe_moment(unpublished.timestamp),
                "who": describe_user(unpublished.user),
                "exported": describe_moment(updated_at),
            }
        )
    return reasons


def _draft(revision):
    return _("a draft saved on %(when)s by %(who)s is not published yet") % {
        "when": describe_moment(revision.created_at),
        "who": describe_user(revision.user),
    }


def _unknown_to_hand_made_file(page, last_import, history, publishes):
    """What was done in the admin since the last import of `page` (or ever, when no
    import wrote it): a draft, a published revision, an unpublish the row undoes."""
    imported_id = last_import[0] if last_import else None
    reasons = []
    draft = draft_revision(page, history)
    # A live page's draft is always work the file does not hold; the draft of a page
    # that is not live is the page the import updates, unsafe only if a person wrote it.
    if draft is not None and (page.live or draft.pk != imported_id):
        reasons.append(_draft(draft))
    live = page.live_revision
    if page.live and live is not None and live.pk != imported_id:
        reasons.append(
            _since_last_import(
                last_import,
                page.last_published_at or live.created_at,
                live.user,
                _("published on %(when)s by %(who)s, and never imported from a file"),
                _("published on %(when)s by %(who)s, after the last import (%(imported)s)"),
            )
        )
    # The import's own unpublishing (a row saying `published: false`) comes before the
    # history entry that marks its revision.
    unpublished = _unpublished(page, history, publishes)
    if unpublished is not None and (last_import is None or unpublished.timestamp > last_import[1]):
        reasons.append(
            _since_last_import(
                last_import,
                unpublished.timestamp,
                unpublished.user,
                _("unpublished on %(when)s by %(who)s, and never imported from a file"),
                _("unpublished on %(when)s by %(who)s, after the last import (%(imported)s)"),
            )
        )
    return reasons


def _since_last_import(last_import, when, user, never_imported, after_import):
    """What `user` did at `when`, said against the last import (None: there was none)."""
    moment = {"when": describe_moment(when), "who": describe_user(user)}
    if last_import is None:
        return never_imported % moment
    return after_import % {**moment, "imported": describe_moment(last_import[1])}


def changed_after(obj, column, updated_at):
    """Reasons (texts) why replacing a snippet `obj` with a row exported at `updated_at`
    is unsafe: it changed since (`column`: the type's UpdatedAtColumn)."""
    changed = column.read(obj)
    if changed is None or changed <= updated_at:
        return []
    # The admin logs each change just after saving it; an import saves without a log,
    # so a change with no entry since is an import's, by someone unknown.
    entry = (
        log_registry.get_log_model_for_instance(obj)
        .objects.for_instance(obj)
        .filter(timestamp__gte=getattr(obj, column.attr))
        .select_related("user")
        .order_by("timestamp", "pk")
        .first()
    )
    return [
        _("changed on %(when)s by %(who)s, after this row was exported (%(exported)s)")
        % {
            "when": describe_moment(getattr(obj, column.attr)),
            "who": describe_user(entry.user if entry else None),
            "exported": describe_moment(updated_at),
        }
    ]


def deletions(model, since):
    """Wagtail's history entries of the objects of `model` deleted after `since`."""
    log_model = log_registry.get_log_model_for_model(model)
    return list(
        log_model.objects.filter(
            action=DELETE_ACTION,
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            timestamp__gte=since,
        )
        .select_related("user")
        .order_by("timestamp", "pk")
    )


def deleted_entry(entries, values, updated_at):
    """The last of `entries` (deletions) after `updated_at` whose label is one of the
    row's texts (a page's title, a snippet's name, in any language), or None."""
    texts = {value.strip().casefold() for value in values.values() if isinstance(value, str)}
    found = None
    for entry in entries:
        if whole_seconds(entry.timestamp) > updated_at and entry.label.strip().casefold() in texts:
            found = entry
    return found


def gone(entry, updated_at):
    """Reasons (texts) why a row exported at `updated_at` must not re-create its object,
    which no longer exists (`entry`: its deletion, when known)."""
    if entry is None:
        return [
            _(
                "no longer exists: deleted, or its key changed, after this row was exported "
                "(%(exported)s)"
            )
            % {"exported": describe_moment(updated_at)}
        ]
    return [
        _("deleted on %(when)s by %(who)s, after this row was exported (%(exported)s)")
        % {
            "when": describe_moment(entry.timestamp),
            "who": describe_user(entry.user),
            "exported": describe_moment(updated_at),
        }
    ]


def work_state(page, history=None):
    """The page's newer work as it is now: its latest and live revisions, its
    moderation and its last unpublish. Any later edit, publish, submission or unpublish
    changes it."""
    state = page.current_workflow_state
    unpublished = history.unpublished if history else None
    return [
        page.latest_revision_id,
        page.live_revision_id,
        state.pk if state else None,
        unpublished.pk if unpublished else None,
    ]


def snippet_state(obj, column):
    """A snippet's newer work as it is now: when it last changed, to the microsecond."""
    return [getattr(obj, column.attr).isoformat()]


def gone_state(entry):
    """A missing object's newer work: its deletion, when known."""
    return ["deleted", entry.pk if entry else None]


def not_agreed(conflicts, overwrite_newer, agreed=None):
    """The conflicts an import must refuse: every one, unless told to overwrite newer
    work; then none, or when `agreed` (the conflicts a check listed, which the editor
    chose to overwrite) is given, those whose work was not in it as it was then."""
    if not overwrite_newer:
        return conflicts
    if agreed is None:
        return []
    # A check stored before conflicts carried their state agrees to nothing: the editor
    # sees the conflicts again rather than an overwrite of work nobody looked at.
    seen = {(c["sheet"], c["key"], tuple(c.get("state") or ())) for c in agreed}
    return [c for c in conflicts if (c["sheet"], c["key"], tuple(c["state"])) not in seen]


def conflict_message(conflict):
    return _(
        "%(where)s, '%(key)s': changed since the file was made: %(reasons)s. Nothing was "
        "imported; to replace this work anyway, import again overwriting newer changes."
    ) % {
        "where": conflict["where"],
        "key": conflict["key"],
        "reasons": "; ".join(conflict["reasons"]),
    }

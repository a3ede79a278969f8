"""Newer work a row would overwrite: a later publish, a draft, a moderation workflow.

A row's `updated_at` is the page's last-published time when it was exported. A page
published or drafted after it, or waiting in moderation, has work the file does not
know. A row without `updated_at` (written by hand) is measured against the last import
that wrote the page instead: every revision an import saves has a history entry
IMPORT_ACTION naming it, so a revision that is not the last imported one was written by
someone in the admin (or the page was never imported), and the hand-made file does not
know it. Times are compared to the second, in UTC.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wagtail.models import PageLogEntry

from ..columns import whole_seconds

# The history entry of each revision an import writes: the marker of imported content.
IMPORT_ACTION = "catalogue.import"
FETCH_CHUNK = 500  # pages per query


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


def newer_work(page, updated_at, last_import=None):
    """Reasons (texts) why replacing `page` with a row is unsafe.

    `updated_at`: when the row was exported (None for a row written by hand);
    `last_import`: (revision id, time) of the last revision an import wrote, or None.
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
        return reasons + _unknown_to_hand_made_file(page, last_import)
    revision = page.latest_revision
    if (
        page.has_unpublished_changes
        and revision is not None
        and whole_seconds(revision.created_at) > updated_at
    ):
        reasons.append(_draft(revision))
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
    return reasons


def _draft(revision):
    return _("a draft saved on %(when)s by %(who)s is not published yet") % {
        "when": describe_moment(revision.created_at),
        "who": describe_user(revision.user),
    }


def _unknown_to_hand_made_file(page, last_import):
    """What was written in the admin since the last import of `page` (or ever, when no
    import wrote it): a draft, and a published revision."""
    imported_id = last_import[0] if last_import else None
    reasons = []
    revision = page.latest_revision
    # A live page's draft is always work the file does not hold; the draft of a page
    # that is not live is the page the import updates, unsafe only if a person wrote it.
    if (
        page.has_unpublished_changes
        and revision is not None
        and (page.live or revision.pk != imported_id)
    ):
        reasons.append(_draft(revision))
    live = page.live_revision
    if page.live and live is not None and live.pk != imported_id:
        moment = {
            "when": describe_moment(page.last_published_at or live.created_at),
            "who": describe_user(live.user),
        }
        if last_import is None:
            reasons.append(
                _("published on %(when)s by %(who)s, and never imported from a file") % moment
            )
        else:
            reasons.append(
                _("published on %(when)s by %(who)s, after the last import (%(imported)s)")
                % {**moment, "imported": describe_moment(last_import[1])}
            )
    return reasons


def work_state(page):
    """The page's newer work as it is now: its latest and live revisions and its
    moderation. Any later edit, publish or submission changes it."""
    state = page.current_workflow_state
    return [page.latest_revision_id, page.live_revision_id, state.pk if state else None]


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

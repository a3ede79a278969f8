"""Newer work a row would overwrite: a later publish, a draft, a moderation workflow.

A row's `updated_at` is the page's last-published time when it was exported. A page
published or drafted after it, or waiting in moderation, has work the file does not
know; a row without `updated_at` (written by hand) conflicts with drafts of live pages
and moderation only. Times are compared to the second, in UTC.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..columns import whole_seconds


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _who(user):
    if user is None:
        return _("unknown")
    return user.get_full_name() or user.get_username()


def newer_work(page, updated_at):
    """Reasons (texts) why replacing `page` with a row exported at `updated_at` is unsafe."""
    reasons = []
    state = page.current_workflow_state
    if state is not None:
        reasons.append(
            _("in moderation (“%(workflow)s”) since %(when)s, submitted by %(who)s")
            % {
                "workflow": state.workflow.name,
                "when": _when(state.created_at),
                "who": _who(state.requested_by),
            }
        )
    revision = page.latest_revision
    # The draft of a page that is not live is the page itself (the import updates it as
    # such): a row written by hand may change it; an exported row, only if it is older.
    if (
        page.has_unpublished_changes
        and revision is not None
        and (
            (updated_at is None and page.live)
            or (updated_at is not None and whole_seconds(revision.created_at) > updated_at)
        )
    ):
        reasons.append(
            _("a draft saved on %(when)s by %(who)s is not published yet")
            % {"when": _when(revision.created_at), "who": _who(revision.user)}
        )
    published = whole_seconds(page.last_published_at)
    if updated_at is not None and published is not None and published > updated_at:
        live = page.live_revision
        reasons.append(
            _("published on %(when)s by %(who)s, after this row was exported (%(exported)s)")
            % {
                "when": _when(page.last_published_at),
                "who": _who(live.user if live else None),
                "exported": _when(updated_at),
            }
        )
    return reasons


def conflict_message(conflict):
    return _(
        "%(sheet)s '%(key)s': changed since the file was made: %(reasons)s. Nothing was "
        "imported; to replace this work anyway, import again overwriting newer changes."
    ) % {
        "sheet": conflict["sheet"],
        "key": conflict["key"],
        "reasons": "; ".join(conflict["reasons"]),
    }

"""What the reviewer said when the Co-actions team requested changes on a sheet.

Wagtail keeps it on the rejected task state of the page's workflow, which stays the
workflow's current task state while the workflow "needs changes": its `comment`, who
rejected it (`finished_by`) and when (`finished_at`). Wagtail's admin only shows it behind
the workflow history; the contributor's dashboard panel and the edit page show it plainly
(practices.wagtail_hooks.ContributorPanel, templates/wagtailadmin/pages/edit.html).
"""

from django.urls import reverse

from wagtail.admin.utils import get_user_display_name
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.models.content_types import get_default_page_content_type


def _feedback(state, page):
    task_state = state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return None
    return {
        "page": page,
        "reviewer": get_user_display_name(task_state.finished_by) if task_state.finished_by else "",
        "date": task_state.finished_at,
        "comment": task_state.comment,
        "edit_url": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
    }


def needs_changes_states(pages):
    """The "needs changes" workflow states of `pages` (a queryset of pages)."""
    return WorkflowState.objects.filter(
        status=WorkflowState.STATUS_NEEDS_CHANGES,
        base_content_type=get_default_page_content_type(),
        object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)],
    ).select_related("current_task_state__finished_by")


def changes_requested_on(pages):
    """The reviewer's feedback on each of `pages` sent back for changes, latest first."""
    states = list(needs_changes_states(pages))
    by_pk = {page.pk: page for page in Page.objects.filter(pk__in=[s.object_id for s in states])}
    found = []
    for state in states:
        page = by_pk.get(int(state.object_id))
        if page is not None and (feedback := _feedback(state, page)):
            found.append(feedback)
    return sorted(found, key=lambda feedback: feedback["date"], reverse=True)


def changes_requested(page):
    """The reviewer's feedback on `page` while its workflow needs changes, else None."""
    if page is None or not page.pk:
        return None
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    return _feedback(state, page)

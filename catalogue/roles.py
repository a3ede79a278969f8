"""Who edits the catalogue: partner contributors write and submit, the Co-actions team
reviews and publishes. `ensure_roles()` (run by `setup_site`, idempotent) creates:

- the group "Co-actions team" (Équipe Co-actions, Equipo Co-actions): add, edit, publish,
  lock and unlock every catalogue page (on the three catalogue index pages), manage
  every snippet of the catalogue (themes, glossary terms), import the catalogue, change
  the pages' search-engine texts, menus and references, add and edit images and
  documents, use the admin;
- the group "Partner contributors" (Contributeurs partenaires, Colaboradores socios): add
  practice sheets and edit the ones they own (Wagtail's "add" page permission), never
  publish; add and choose images and documents; use the admin;
- the workflow "Review by the Co-actions team" (Relecture par l'équipe Co-actions, Revisión
  por el equipo Co-actions): one group approval task for the team, on the three catalogue
  index pages, so that every catalogue page is reviewed before it is published (a
  publisher may still publish directly).

Group, workflow and task names are stored in English, the stable key the setup finds them
by; the translated labels are in the message catalogues and the README.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from . import registry

CO_ACTIONS_TEAM = "Co-actions team"
PARTNER_CONTRIBUTORS = "Partner contributors"
REVIEW_WORKFLOW = "Review by the Co-actions team"
REVIEW_TASK = "Approval by the Co-actions team"

# The labels of the stored names, in the admin's language.
LABELS = {
    CO_ACTIONS_TEAM: _("Co-actions team"),
    PARTNER_CONTRIBUTORS: _("Partner contributors"),
    REVIEW_WORKFLOW: _("Review by the Co-actions team"),
    REVIEW_TASK: _("Approval by the Co-actions team"),
}

TEAM_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# "add" lets a user create pages under the index and edit the pages they own, nothing else.
CONTRIBUTOR_PAGE_PERMISSIONS = ("add",)
# The catalogue types partners contribute.
CONTRIBUTED_TYPES = ("practice",)

TEAM_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "catalogue.import_catalogue",
    "catalogue.promote_pages",
    "catalogue.check_pages",
)
SNIPPET_ACTIONS = ("add", "change", "delete", "view")
CONTRIBUTOR_PERMISSIONS = ("wagtailadmin.access_admin",)

TEAM_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
# Adding an image makes the contributor its owner, which lets them edit it; they choose
# among every image of the collection.
CONTRIBUTOR_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)


def label(name):
    """The translated label of a stored group, workflow or task name."""
    return LABELS.get(name, name)


def permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def snippet_permissions():
    """The team manages every catalogue type that is not a page (themes, glossary terms)."""
    return tuple(
        f"{t.model._meta.app_label}.{action}_{t.model._meta.model_name}"
        for t in registry.types()
        if not t.is_page
        for action in SNIPPET_ACTIONS
    )


def page_permission(kind):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{kind}_page")


def catalogue_indexes(types=None):
    """The index page of each catalogue page type (or of the given type names), if built."""
    indexes = []
    for catalogue_type in registry.page_types():
        if types is not None and catalogue_type.name not in types:
            continue
        index = catalogue_type.parent_model.objects.first()
        if index is not None:
            indexes.append(index)
    return indexes


def ensure_group(name, permissions, page_permissions, indexes, collection_permissions):
    group, created = Group.objects.get_or_create(name=name)
    group.permissions.add(*(permission(p) for p in permissions))
    for index in indexes:
        for kind in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=page_permission(kind)
            )
    root = Collection.get_first_root_node()
    for dotted in collection_permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission(dotted)
        )
    return group, created


def ensure_workflow(team, indexes):
    task, _created = GroupApprovalTask.objects.get_or_create(name=REVIEW_TASK)
    task.groups.add(team)
    workflow, created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in indexes:
        # An index given another workflow by staff keeps it.
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow, created


@transaction.atomic
def ensure_roles(stdout=None):
    """Create the two groups and the review workflow where missing; change nothing else."""
    indexes = catalogue_indexes()
    team, team_created = ensure_group(
        CO_ACTIONS_TEAM,
        TEAM_PERMISSIONS + snippet_permissions(),
        TEAM_PAGE_PERMISSIONS,
        indexes,
        TEAM_COLLECTION_PERMISSIONS,
    )
    _contributors, contributors_created = ensure_group(
        PARTNER_CONTRIBUTORS,
        CONTRIBUTOR_PERMISSIONS,
        CONTRIBUTOR_PAGE_PERMISSIONS,
        catalogue_indexes(CONTRIBUTED_TYPES),
        CONTRIBUTOR_COLLECTION_PERMISSIONS,
    )
    _workflow, workflow_created = ensure_workflow(team, indexes)
    if stdout is not None:
        for name, created in (
            (CO_ACTIONS_TEAM, team_created),
            (PARTNER_CONTRIBUTORS, contributors_created),
            (REVIEW_WORKFLOW, workflow_created),
        ):
            if created:
                stdout.write(f"Created {name!r}")

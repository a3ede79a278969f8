"""The review workflow and its task, named in the reader's language everywhere.

Wagtail prints `workflow.name` and `task.name` in some thirty admin templates and in the
moderation emails, which it renders in each recipient's admin language. The names stay
stored in English (the key `catalogue.roles` finds them by); reading one of the site's
names gives a string that prints as its label in the active language, and saving any
translation of a label stores the key again, so editing the workflow in French keeps it.
The page history's workflow entries, which keep the names as they were logged, show them
as their labels too (`label_workflow_log_entries`).
"""

from functools import cache

from django.utils import translation
from django.utils.translation import gettext_lazy

from wagtail.forms import TaskStateCommentForm
from wagtail.models import Task, Workflow

from .roles import LABELS, REVIEW_TASK, REVIEW_WORKFLOW

NAMES = (REVIEW_WORKFLOW, REVIEW_TASK)


class TranslatedName(str):
    """The stored key (what the database and comparisons see), printed as its label."""

    def __str__(self):
        return str(LABELS[str.__str__(self)])

    def __format__(self, spec):
        return format(str(self), spec)

    def __html__(self):
        # Wagtail's templates print names through |safe, which would otherwise copy the
        # key; the labels are the site's own translations, with nothing to escape.
        return str(self)


def _normal(text):
    return " ".join(text.replace("\u2019", "'").split()).casefold()


@cache
def keys_by_label():
    """{label in any language, normalised: stored key}, built once translations load."""
    keys = {}
    for language in ("fr", "en", "es"):
        with translation.override(language):
            for key in NAMES:
                keys[_normal(str(LABELS[key]))] = key
    return keys


class TranslatedNameAttribute:
    """A data descriptor standing in for the model field's own attribute."""

    def __init__(self, field_name):
        self.field_name = field_name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if self.field_name not in instance.__dict__:
            instance.refresh_from_db(fields=[self.field_name])
        value = instance.__dict__[self.field_name]
        if isinstance(value, str) and value in NAMES:
            return TranslatedName(value)
        return value

    def __set__(self, instance, value):
        if isinstance(value, str):
            value = keys_by_label().get(_normal(str(value)), value)
        instance.__dict__[self.field_name] = value


def _label(self):
    return str(self.name)


def install():
    for model in (Workflow, Task):
        model.name = TranslatedNameAttribute("name")
        # Their own __str__ returns the name object itself, which print() and
        # format_html would show as the stored key.
        model.__str__ = _label
    # Wagtail translates the label of the reviewer's comment (the "Request changes" and
    # "Approve with comment" dialogs) once, when the module is imported, in the site's
    # default language: every editor read the French "Commenter". Translated when shown.
    TaskStateCommentForm.base_fields["comment"].label = gettext_lazy("Comment")


# The log actions whose messages name the workflow and its steps (wagtail.wagtail_hooks).
WORKFLOW_LOG_ACTIONS = (
    "wagtail.workflow.start",
    "wagtail.workflow.approve",
    "wagtail.workflow.reject",
    "wagtail.workflow.resume",
    "wagtail.workflow.cancel",
)


def label_workflow_log_entries(actions):
    """A `register_log_actions` hook, run after Wagtail's: its workflow messages get the
    names of the log entry's data as labels in the reader's language."""
    for action in WORKFLOW_LOG_ACTIONS:
        formatter = actions.formatters.get(action)
        if formatter is not None:
            actions.formatters[action] = LabelledFormatter(formatter)


class LabelledFormatter:
    """Wagtail's formatter of a workflow action, reading labels instead of stored names."""

    def __init__(self, formatter):
        self.formatter = formatter

    def __getattr__(self, name):
        return getattr(self.formatter, name)

    def format_message(self, log_entry):
        return self.formatter.format_message(LabelledEntry(log_entry))


class LabelledEntry:
    """A log entry whose data names the site's workflow and task by their labels."""

    def __init__(self, entry):
        self._entry = entry
        self.data = labelled(entry.data)

    def __getattr__(self, name):
        return getattr(self._entry, name)


def labelled(data):
    workflow = data.get("workflow") if isinstance(data, dict) else None
    if not isinstance(workflow, dict):
        return data
    workflow = {**workflow, "title": _label_of(workflow.get("title"))}
    for step in ("task", "next"):
        if isinstance(workflow.get(step), dict):
            workflow[step] = {**workflow[step], "title": _label_of(workflow[step].get("title"))}
    return {**data, "workflow": workflow}


def _label_of(name):
    return str(LABELS[name]) if name in NAMES else name

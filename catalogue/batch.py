"""Many saves, one index update: what the importer runs inside its transaction.

Outside a batch, every save of an indexed model updates Wagtail's search index
(wagtail.search) on the spot, every save of a model Wagtail tracks references for runs
a task that reads the object again and updates its reference index rows ("usage" in the
admin), and every publish schedules a catalogue index update after commit. Inside
`deferred_indexing()` (in this thread only) the saved objects are collected; when the
batch ends, still in the transaction, Wagtail's index gets one bulk update per model and
each saved object's references are recorded once, from the object in memory. The
catalogue index listens through `current()` (search.indexing adds its page ids to the
batch and updates them all in one task after commit).
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.db.models.signals import post_delete, post_save

from modelcluster.fields import ParentalKey
from wagtail.models import Page, ReferenceIndex
from wagtail.search import index as wagtail_index
from wagtail.search import signal_handlers
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.visibility import public_ids_read_once

from . import registry

_state = threading.local()
_install_lock = threading.Lock()
_installed = False


class Batch:
    def __init__(self):
        self.saved = {}  # (model, pk) -> the last saved instance
        self.referencing = {}  # the same, for the models whose references Wagtail tracks
        # Filled by the search app: page ids whose catalogue documents to update after
        # commit, and whether that update is already scheduled.
        self.search_page_ids = set()
        self.search_scheduled = False
        # Whether a comparison of every document with the index is scheduled (a glossary
        # change retags pages).
        self.search_reconcile = False

    def discard(self):
        """Forget what was saved (a dry run, rolled back): nothing to index."""
        self.saved.clear()
        self.referencing.clear()

    @property
    def indexed_page_ids(self):
        """Pages already written to Wagtail's index by this batch."""
        return {pk for (model, pk) in self.saved if issubclass(model, Page)}


def current():
    """The batch running in this thread, or None."""
    return getattr(_state, "batch", None)


def _post_save(sender, instance, raw=False, **kwargs):
    batch = current()
    if batch is None:
        signal_handlers.post_save_signal_handler(instance, raw=raw, **kwargs)
    elif not raw:
        batch.saved[(type(instance), instance.pk)] = instance


def _post_save_references(sender, instance, raw=False, **kwargs):
    batch = current()
    if batch is not None and not raw and sender in ReferenceIndex.tracked_models:
        batch.referencing[(sender, instance.pk)] = instance


def _post_delete_references(sender, instance, **kwargs):
    # Wagtail's own handler is off during a batch (disable_reference_index_auto_update
    # turns off both); a deletion is recorded at once, as Wagtail does.
    if current() is not None and sender in ReferenceIndex.tracked_models:
        with transaction.atomic():
            ReferenceIndex.remove_for_object(instance)
            ReferenceIndex.remove_references_to(instance)


def _install():
    """Route Wagtail's per-save indexing through `_post_save` (once, for every thread)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        for model in wagtail_index.get_indexed_models():
            if post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model):
                post_save.connect(_post_save, sender=model)
        post_save.connect(_post_save_references, dispatch_uid="catalogue.batch.references")
        post_delete.connect(_post_delete_references, dispatch_uid="catalogue.batch.references")
        _installed = True


@contextmanager
def deferred_indexing():
    """Collect this thread's index updates; write Wagtail's index in bulk at the end."""
    _install()
    if current() is not None:
        yield current()
        return
    batch = Batch()
    _state.batch = batch
    try:
        with disable_reference_index_auto_update():
            yield batch
        _flush(batch)
    finally:
        _state.batch = None


def _flush(batch):
    if batch.referencing:
        _update_references(batch)
    if not batch.saved:
        return
    by_model = {}
    for (model, _pk), instance in batch.saved.items():
        by_model.setdefault(model, []).append(instance)
    backends = list(get_search_backends(with_auto_update=True))
    # Nothing is published any more in this batch: a page's related pages (whose names
    # its search text carries) are read for all the pages of a type at once, and which of
    # them are public is read once.
    with public_ids_read_once():
        for model, instances in by_model.items():
            indexed = [
                obj for obj in (instance.get_indexed_instance() for instance in instances) if obj
            ]
            if not indexed:
                continue
            catalogue_type = registry.for_model(model)
            if catalogue_type and catalogue_type.prefetch:
                prefetch_related_objects(indexed, *catalogue_type.prefetch)
            for backend in backends:
                backend.add_bulk(type(indexed[0]), indexed)


def _update_references(batch):
    """What wagtail.tasks.update_reference_index_task does for each saved object: a child
    object (a ParentalKey) is recorded under its parent."""
    owners = {}
    for instance in batch.referencing.values():
        while instance is not None:
            parental_keys = [
                field for field in instance._meta.get_fields() if isinstance(field, ParentalKey)
            ]
            if not parental_keys:
                break
            instance = getattr(instance, parental_keys[0].name)
        if instance is not None:
            owners[(type(instance), instance.pk)] = instance
    with transaction.atomic():
        for (model, _pk), instance in owners.items():
            if ReferenceIndex.is_indexed(model):
                ReferenceIndex.create_or_update_for_object(instance)

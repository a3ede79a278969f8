"""Many saves, one index update: what the importer runs inside its transaction.

Outside a batch, every save of an indexed model updates Wagtail's search index
(wagtail.search) on the spot, and every publish schedules a catalogue index update after
commit. Inside `deferred_indexing()` (in this thread only) the saved objects are
collected and Wagtail's index gets one bulk update per model when the batch ends, still
in the transaction; the catalogue index listens through `current()` (search.indexing
adds its page ids to the batch and updates them all in one task after commit).
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_save

from wagtail.models import Page
from wagtail.search import index as wagtail_index
from wagtail.search import signal_handlers
from wagtail.search.backends import get_search_backends

_state = threading.local()
_install_lock = threading.Lock()
_installed = False


class Batch:
    def __init__(self):
        self.saved = {}  # (model, pk) -> the last saved instance
        # Filled by the search app: page ids whose catalogue documents to update after
        # commit, and whether that update is already scheduled.
        self.search_page_ids = set()
        self.search_scheduled = False

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


def _install():
    """Route Wagtail's per-save indexing through `_post_save` (once, for every thread)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        for model in wagtail_index.get_indexed_models():
            if post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model):
                post_save.connect(_post_save, sender=model)
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
        yield batch
        _flush(batch)
    finally:
        _state.batch = None


def _flush(batch):
    by_model = {}
    for (model, _pk), instance in batch.saved.items():
        by_model.setdefault(model, []).append(instance)
    backends = list(get_search_backends(with_auto_update=True))
    for instances in by_model.values():
        indexed = [
            obj for obj in (instance.get_indexed_instance() for instance in instances) if obj
        ]
        if not indexed:
            continue
        for backend in backends:
            backend.add_bulk(type(indexed[0]), indexed)

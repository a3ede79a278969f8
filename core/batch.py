"""Settings for batch work in a process that also serves requests."""

import gc
from contextlib import contextmanager

# Allocations between two collections of the youngest generation, instead of 700.
BATCH_THRESHOLD = (50_000, 20, 100)


@contextmanager
def fewer_collections():
    """Collect garbage less often while a batch (an index rebuild) makes millions of
    short-lived objects, none of them in reference cycles worth collecting early: with
    Python's default thresholds, a rebuild of 10,000 sheets spent about a tenth of its
    CPU time in the collector. The objects alive before the batch (Django, Wagtail, the
    modules) are frozen out of the collections meanwhile. Restored on the way out."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*BATCH_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()

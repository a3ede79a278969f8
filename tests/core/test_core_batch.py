import gc

import pytest

from core.batch import BATCH_THRESHOLD, fewer_collections


def test_a_batch_collects_less_often_and_gives_the_process_its_settings_back():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == BATCH_THRESHOLD
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_failed_batch_gives_the_process_its_settings_back():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("the cluster went away")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0

"""The collector thresholds a run uses (`pipeline.collector_relaxed`) and their restoration."""
from __future__ import annotations

import gc

import pytest

from dateline import pipeline


@pytest.fixture
def default_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*before)


def test_a_run_relaxes_the_collector_and_restores_the_callers_thresholds(default_thresholds):
    with pipeline.collector_relaxed():
        assert gc.get_threshold() == pipeline.RUN_GC_THRESHOLD
    assert gc.get_threshold() == default_thresholds


def test_thresholds_come_back_when_the_run_fails(default_thresholds):
    with pytest.raises(RuntimeError):
        with pipeline.collector_relaxed():
            raise RuntimeError("a stage failed")
    assert gc.get_threshold() == default_thresholds


def test_a_recorded_run_works_relaxed_and_ends_with_the_callers_thresholds(tmp_path, default_thresholds):
    from dateline.store import open_store

    seen = []
    with open_store(tmp_path / "s.db") as store:
        pipeline._recorded_run(store, "build", lambda run_id, report: seen.append(gc.get_threshold()),
                               started_at=None, finished_at=lambda: None)
    assert seen == [pipeline.RUN_GC_THRESHOLD]
    assert gc.get_threshold() == default_thresholds


def test_a_run_freezes_what_was_alive_before_it_and_unfreezes_after(default_thresholds):
    """The heap a run starts with (modules, a warm caller's model) is left out of the collector's scans during the
    run, and given back after it, also when the run fails."""
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError):
        with pipeline.collector_relaxed():
            assert gc.get_freeze_count() > 0
            raise RuntimeError("a stage failed")
    assert gc.get_freeze_count() == 0


def test_a_caller_that_froze_objects_keeps_its_freezing(default_thresholds, monkeypatch):
    """With objects already frozen (by a caller), a run neither freezes nor unfreezes: unfreezing would hand the
    caller's objects back to the collector. (Counting frozen objects cannot tell: they may be freed meanwhile.)"""
    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    monkeypatch.setattr(gc, "get_freeze_count", lambda: 12345)
    with pipeline.collector_relaxed():
        pass
    assert calls == []
    monkeypatch.setattr(gc, "get_freeze_count", lambda: 0)
    with pipeline.collector_relaxed():
        pass
    assert calls == ["freeze", "unfreeze"]

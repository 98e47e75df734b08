"""A few rounds of the crash test (tests/local/crash.py; `make soak` runs many): SIGKILL under
concurrent writers and deleters loses no acknowledged post, brings back no acknowledged
delete, stores no post twice, and leaves every queue's counters equal to its rows."""

from __future__ import annotations

from pathlib import Path

from .crash import crash_run


def test_kill_9_under_load_loses_and_resurrects_nothing(tmp_path: Path) -> None:
    figures = crash_run(rounds=3, workdir=tmp_path)
    assert figures.acknowledged_posts > 0, figures.line()
    assert figures.acknowledged_deletes > 0, figures.line()
    assert (figures.lost, figures.resurrected, figures.duplicates) == (0, 0, 0), figures.line()
    assert figures.miscounted == 0, figures.line()

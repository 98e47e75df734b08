"""The benchmarks' report: every target judged as a ratio with its two figures, one part
per section that ran, and a warning when the machine was loaded. Read from the results of
a real quick run (tests/bench/data/bench-quick.json, its profiles cut short)."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from bench import machine, report, targets

RESULTS = json.loads((Path(__file__).parent / "data" / "bench-quick.json").read_text())


def results(**changes: Any) -> dict[str, Any]:
    """A copy of the recorded results, sections given as None left out."""
    r = copy.deepcopy(RESULTS)
    for key, value in changes.items():
        if value is None:
            r.pop(key, None)
        else:
            r[key] = value
    r["targets"] = targets.targets(r)
    return r


def test_every_target_is_judged_when_every_section_ran() -> None:
    """All targets appear, each a ratio (but the thread count) with met or not and the two
    figures behind it."""
    rows = results()["targets"]
    assert [t["key"] for t in rows] == [t.key for t in targets.TARGETS]
    for row in rows:
        assert isinstance(row["met"], bool)
        assert row["unit"] == ("" if row["key"] == "idle_threads" else "x")
        assert row["figures"], row["key"]
        assert ("≤" in row["target"]) != ("≥" in row["target"])


def test_a_target_is_met_by_its_limit_and_its_direction() -> None:
    """≤ targets are met at or below their limit, ≥ targets at or above."""
    r = results()
    r["overhead"]["ratios_cpu"]["sdk/httpx"]["worst"] = 1.10
    r["throughput"]["ratios"]["sdk/httpx batched"] = 0.949
    judged = {t["key"]: t for t in targets.targets(r)}
    assert judged["sdk_cpu_sync"]["met"]
    assert not judged["batched"]["met"]
    assert judged["batched"]["measured"] == 0.949


def test_targets_of_sections_that_did_not_run_are_left_out() -> None:
    """No overhead section: no CPU-per-call targets; no v2 SDK: no v2 targets."""
    keys = {t["key"] for t in results(overhead=None)["targets"]}
    assert not keys & {"sdk_cpu_sync", "sdk_cpu_async", "sdk_cpu_v2"}
    assert {"batched", "latency", "memory", "import"} <= keys
    r = copy.deepcopy(RESULTS)
    del r["overhead"]["ratios_cpu"]["sdk_v2/httpx_v2"]
    del r["throughput"]["ratios"]["sdk_v2/legacy_07 sequential"]
    del r["throughput"]["ratios"]["sdk_v2/httpx_v2 batched"]
    keys = {t["key"] for t in targets.targets(r)}
    assert not keys & {"sdk_cpu_v2", "legacy_v2", "batched_v2"}
    assert "sdk_cpu_sync" in keys


def test_the_report_has_a_part_per_section_and_says_how_busy_the_machine_was() -> None:
    """Headings of every section, the targets table, the load line and the run's table."""
    md = report.markdown(results())
    for heading in (
        "## Targets",
        "## Client CPU per call",
        "## Throughput",
        "## With 5 ms per request",
        "## Celery",
        "## Local server under load",
        "## Server latency, memory, restart",
        "## Start-up",
        "## Profile: server under load",
        "## The run",
    ):
        assert heading in md
    assert "other processes used 50% of the CPUs" in md
    assert "IronMQ on v2 (sync SDK)" in md
    assert "| imports |" in md


@pytest.mark.parametrize("section", sorted(set(RESULTS) - {"meta"}))
def test_each_section_renders_alone(section: str) -> None:
    """A run of one section (`--only`) reports it without the others."""
    only = {"meta": RESULTS["meta"], section: RESULTS[section]}
    only["targets"] = targets.targets(only)
    md = report.markdown(only)
    assert md.startswith("# ironmq-sdk benchmarks (quick mode)")


def test_a_loaded_machine_is_flagged_and_a_quiet_one_is_not(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """High load at the start or busy neighbours make a warning in the report and on
    stdout; a quiet run has none."""
    cpus = os.cpu_count() or 1
    assert machine.loaded((0.1, 0.1, 0.1), 0.05) == []
    why = machine.loaded((cpus * 1.0, 1.0, 1.0), 0.4)
    assert len(why) == 2
    machine.warn(why)
    assert "WARNING: the machine was loaded" in capsys.readouterr().out
    quiet = results()
    quiet["meta"] = dict(quiet["meta"], loaded=[])
    assert "Warning" not in report.markdown(quiet)
    assert "**Warning: the machine was loaded**" in report.markdown(results())

"""Run the benchmarks and write JSON, Markdown and a PNG chart to bench/results/.

    python -m bench.run [--quick] [--out bench/results] [--no-profile] [--only SECTION ...]

Everything is measured against one `ironmq-local` subprocess on 127.0.0.1 in one run, so
the ratios compare like with like. Every load loop is bounded in count and in time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import celery_bench, clients, depth, imports, profiling, report, server, storage
from ._harness import Server

SECTIONS = (
    "imports",
    "overhead",
    "throughput",
    "latency",
    "server_load",
    "wakeup",
    "idle_pollers",
    "memory",
    "depth",
    "celery",
    "profile",
)


@dataclass(frozen=True)
class Plan:
    """How much of everything to do."""

    import_repeats: int
    overhead_calls: int
    overhead_rounds: int
    cycles: int
    batches: int
    throughput_rounds: int
    time_limit: float
    load_levels: tuple[int, ...]
    load_count: int
    load_time: float
    load_rounds: int
    wakeup_trials: int
    pollers: int
    small: int
    big: int
    restarts: int
    profile_seconds: float
    celery_tasks: int = 500
    celery_rounds: int = 1
    # the depth section (bench/depth.py): queue depths (shallowest first), requests per
    # operation, depth and round, rounds, and the size of the queue to clear
    depths: tuple[int, ...] = (1000, 100_000)
    depth_requests: int = 60
    depth_rounds: int = 2
    depth_clear: int = 100_000


QUICK = Plan(
    5, 80, 5, 150, 15, 2, 1.0, (1, 8, 32), 800, 1.0, 2, 50, 1000, 100_000, 1_000_000, 2, 3.0
)
FULL = Plan(
    11,
    500,
    5,
    1000,
    100,
    3,
    10.0,
    (1, 8, 32),
    5000,
    5.0,
    3,
    300,
    1000,
    100_000,
    1_000_000,
    5,
    10.0,
    celery_tasks=3000,
    celery_rounds=3,
    depths=(1000, 100_000, 1_000_000),
    depth_requests=200,
    depth_rounds=3,
    depth_clear=1_000_000,
)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return out.stdout.strip() + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _wait_quiet(seconds: float, limit: float = 1.5) -> None:
    """Wait up to `seconds` for the 1-minute load average to fall below `limit`."""
    deadline = time.monotonic() + seconds
    while os.getloadavg()[0] > limit and time.monotonic() < deadline:
        print(f"[bench] load {_load()}: waiting for a quieter machine", file=sys.stderr)
        time.sleep(min(15.0, max(0.0, deadline - time.monotonic())))


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915  # one section after another
    """Run the selected sections and write the reports."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the < 2 minute run")
    parser.add_argument("--out", default=str(Path(__file__).with_name("results")))
    parser.add_argument("--no-profile", action="store_true", help="skip the profiles")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="first wait up to SECONDS for the 1-minute load average to drop below 1.5",
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    mode = "quick" if args.quick else "full"
    wanted = set(args.only or SECTIONS)
    if args.no_profile:
        wanted.discard("profile")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    _wait_quiet(args.wait_quiet)
    r: dict[str, Any] = {}
    timings: dict[str, float] = {}
    started = time.perf_counter()
    load_before = _load()

    def section(name: str, fn: Any, *a: Any, **kw: Any) -> None:
        if ("profile" if name.startswith("profile_") else name) not in wanted:
            return
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        t = time.perf_counter()
        r[name] = fn(*a, **kw)
        timings[name] = round(time.perf_counter() - t, 1)
        print(f"[bench] {name}: {timings[name]} s", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="ironmq-bench-") as tmp:
        section("imports", imports.import_times, plan.import_repeats)
        with Server(str(Path(tmp) / "bench.db")) as srv:
            section(
                "overhead", clients.sdk_overhead, srv, plan.overhead_calls, plan.overhead_rounds
            )
            section(
                "throughput",
                clients.throughput,
                srv,
                cycles=plan.cycles,
                batches=plan.batches,
                rounds=plan.throughput_rounds,
                time_limit=plan.time_limit,
            )
            section(
                "server_load",
                server.load,
                srv,
                levels=plan.load_levels,
                count=plan.load_count,
                time_limit=plan.load_time,
                rounds=plan.load_rounds,
            )
            section("wakeup", server.wakeup, srv, plan.wakeup_trials)
            section("idle_pollers", server.idle_pollers, srv, plan.pollers)
            if "profile" in wanted:
                section(
                    "profile_server", profiling.server_profile, srv, plan.profile_seconds, out_dir
                )
                section(
                    "profile_client",
                    profiling.client_profile,
                    srv,
                    int(plan.profile_seconds * 100),
                    32,
                )
        with Server(str(Path(tmp) / "latency.db"), control=True) as srv:
            section(
                "latency",
                clients.with_latency,
                srv,
                latency=0.005,
                cycles=plan.cycles,
                time_limit=plan.time_limit * 3,
            )
        section(
            "memory",
            storage.memory_and_restart,
            str(Path(tmp) / "big.db"),
            small=plan.small,
            big=plan.big,
            restarts=plan.restarts,
        )
        section(
            "depth",
            depth.depth,
            tmp,
            depths=plan.depths,
            requests=plan.depth_requests,
            rounds=plan.depth_rounds,
            clear=plan.depth_clear,
        )
        section(
            "celery",
            celery_bench.tasks_per_second,
            tasks=plan.celery_tasks,
            rounds=plan.celery_rounds,
            time_limit=120.0,
        )

    r["meta"] = {
        "mode": mode,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_before": load_before,
        "load_after": _load(),
        "seconds": time.perf_counter() - started,
        "section_seconds": timings,
    }
    r["targets"] = report.targets(r)
    stem = out_dir / f"bench-{mode}"
    stem.with_suffix(".json").write_text(json.dumps(r, indent=1, sort_keys=False) + "\n")
    md = report.markdown(r)
    stem.with_suffix(".md").write_text(md)
    report.chart(r, stem.with_suffix(".png"))
    print(md)
    print(f"[bench] wrote {stem}.json, .md, .png in {r['meta']['seconds']:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The performance targets (issue 17), each a ratio of two figures measured in the same run.

An absolute figure (messages/s, milliseconds, MB) says as much about the machine as about
the code: the same commit measured 22.7k and 14.0k batched messages/s on two machines. A
ratio to a baseline measured beside it (raw httpx doing the same requests, the trivial
endpoint of the same server, `import httpx` in the same interpreter) holds on any machine.
Each target names what it divides by what; `figures` shows the two sides.

To add one: a `Target` in `TARGETS`, reading the results dictionary of `bench.run` (a
section that did not run makes `measure` return None, and the target is left out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import depth
from .drivers import OPS

R = dict[str, Any]
"""The results of one run (`bench.run`), by section."""


@dataclass(frozen=True)
class Target:
    """One target: `measure(r) <= limit` (`below`) or `>= limit`."""

    key: str
    group: str
    text: str
    limit: float
    below: bool
    measure: Callable[[R], float | None]
    figures: Callable[[R], str]
    unit: str = "x"

    def judge(self, r: R) -> dict[str, Any] | None:
        """The target's row of the report, or None when its section did not run."""
        try:
            value = self.measure(r)
        except (KeyError, ZeroDivisionError):  # a section that did not run, or ran empty
            value = None
        if value is None:
            return None
        return {
            "key": self.key,
            "group": self.group,
            "target": f"{self.text} {'≤' if self.below else '≥'} {self.limit:g}{self.unit}",
            "measured": round(value, 3),
            "unit": self.unit,
            "met": value <= self.limit if self.below else value >= self.limit,
            "figures": _figures(self.figures, r),
        }


def _figures(fn: Callable[[R], str], r: R) -> str:
    try:
        return fn(r)
    except (KeyError, ZeroDivisionError):
        return ""


# the SDK ----------------------------------------------------------------------------------


def _cpu_ratio(name: str) -> Callable[[R], float | None]:
    def measure(r: R) -> float | None:
        row = r["overhead"]["ratios_cpu"].get(name)
        return None if row is None else float(row["worst"])

    return measure


def _cpu_figures(name: str) -> Callable[[R], str]:
    def figures(r: R) -> str:
        o = r["overhead"]
        num, den = name.split("/")
        row = o["ratios_cpu"][name]
        op = max(OPS, key=lambda k: row[k])
        cpu = o["cpu_us_per_call"]
        return f"worst: {op}, {cpu[num][op]:,.0f} vs {cpu[den][op]:,.0f} µs"

    return figures


def _throughput_ratio(name: str) -> Callable[[R], float | None]:
    def measure(r: R) -> float | None:
        value = r["throughput"]["ratios"].get(name)
        return None if value is None else float(value)

    return measure


def _throughput_figures(table: str, num: str, den: str) -> Callable[[R], str]:
    def figures(r: R) -> str:
        t = r["throughput"][table]
        return f"{t[num]:,.0f} vs {t[den]:,.0f} msg/s"

    return figures


SDK = [
    Target(
        "sdk_cpu_sync",
        "SDK",
        "IronMQ client CPU per call / raw httpx (worst of post, reserve+delete, peek, info)",
        1.10,
        True,
        _cpu_ratio("sdk/httpx"),
        _cpu_figures("sdk/httpx"),
    ),
    Target(
        "sdk_cpu_async",
        "SDK",
        "AsyncIronMQ client CPU per call / raw httpx async (worst op)",
        1.10,
        True,
        _cpu_ratio("sdk_async/httpx_async"),
        _cpu_figures("sdk_async/httpx_async"),
    ),
    Target(
        "sdk_cpu_v2",
        "SDK",
        "IronMQ on v2, client CPU per call / raw httpx on v2 (worst op)",
        1.10,
        True,
        _cpu_ratio("sdk_v2/httpx_v2"),
        _cpu_figures("sdk_v2/httpx_v2"),
    ),
    Target(
        "batched",
        "SDK",
        "batched pipeline (post, reserve, delete 100): IronMQ / raw httpx doing the same",
        0.95,
        False,
        _throughput_ratio("sdk/httpx batched"),
        _throughput_figures("batched_100", "sdk", "httpx"),
    ),
    Target(
        "batched_v2",
        "SDK",
        "batched pipeline on v2: IronMQ / raw httpx doing the same",
        0.95,
        False,
        _throughput_ratio("sdk_v2/httpx_v2 batched"),
        _throughput_figures("batched_100", "sdk_v2", "httpx_v2"),
    ),
    Target(
        "legacy",
        "SDK",
        "sequential messages/s: IronMQ / legacy iron-mq 0.9 (v3)",
        1.8,
        False,
        _throughput_ratio("sdk/legacy sequential"),
        _throughput_figures("sequential", "sdk", "legacy"),
    ),
    Target(
        "legacy_v2",
        "SDK",
        "sequential messages/s on v2: IronMQ / legacy iron-mq 0.7",
        1.8,
        False,
        _throughput_ratio("sdk_v2/legacy_07 sequential"),
        _throughput_figures("sequential", "sdk_v2", "legacy_07"),
    ),
    Target(
        "latency",
        "SDK",
        "AsyncIronMQ 32 in flight / sync sequential, 5 ms per request (server-side delay)",
        6,
        False,
        lambda r: float(r["latency"]["ratio"]),
        lambda r: (
            f"{r['latency']['async_32_in_flight']:,.0f} vs "
            f"{r['latency']['sync_sequential']:,.0f} msg/s"
        ),
    ),
]


# the server -------------------------------------------------------------------------------


def _cost(clients: str) -> Callable[[R], float | None]:
    def measure(r: R) -> float | None:
        row = r["server_load"]["by_clients"].get(clients)
        if row is None:
            return None
        return max(float(row[op]["cost_vs_trivial"]) for op in ("post", "reserve", "delete"))

    return measure


def _cost_figures(clients: str) -> Callable[[R], str]:
    def figures(r: R) -> str:
        row = r["server_load"]["by_clients"][clients]
        cost = "/".join(f"{row[op]['cost_vs_trivial']:.2f}" for op in ("post", "reserve", "delete"))
        return f"post/reserve/delete {cost}; trivial {row['trivial']['req_per_s']:,.0f} req/s"

    return figures


def _p50_1(r: R, op: str) -> float:
    return float(r["server_load"]["by_clients"]["1"][op]["p50_ms"])


SERVER = [
    *(
        Target(
            f"server_cost_{n}",
            "server",
            f"server cost per request / trivial endpoint, {n} client{'s' if n != '1' else ''}"
            " (worst of post, reserve, delete)",
            2,
            True,
            _cost(n),
            _cost_figures(n),
        )
        for n in ("1", "8", "32")
    ),
    Target(
        "memory",
        "server",
        "server RSS with 1M messages queued / with 100k queued",
        1.5,
        True,
        lambda r: r["memory"]["rss_mb_big"] / r["memory"]["rss_mb_small"],
        lambda r: f"{r['memory']['rss_mb_big']:.0f} vs {r['memory']['rss_mb_small']:.0f} MB",
    ),
    Target(
        "depth",
        "server",
        "deepest queue / shallowest, worst p50 or p95 of post, reserve + delete, peek, info,"
        " post with an alert armed",
        depth.TARGET,
        True,
        lambda r: r["depth"]["worst_ratio"],
        lambda r: f"{int(r['depth']['depths'][-1]):,} vs {int(r['depth']['depths'][0]):,} queued",
    ),
    Target(
        "wakeup",
        "server",
        "long-poll wake-up p50 / post + reserve p50 (1 client)",
        3,
        True,
        lambda r: r["wakeup"]["p50_ms"] / (_p50_1(r, "post") + _p50_1(r, "reserve")),
        lambda r: (
            f"{r['wakeup']['p50_ms']:.2f} vs {_p50_1(r, 'post') + _p50_1(r, 'reserve'):.2f} ms"
            f" (wake-up p99 {r['wakeup']['p99_ms']:.1f} ms)"
        ),
    ),
    Target(
        "idle_threads",
        "server",
        "extra server threads while 1000 long polls wait",
        0,
        True,
        lambda r: r["idle_pollers"]["threads_while_held"] - r["idle_pollers"]["threads_before"],
        lambda r: (
            f"{r['idle_pollers']['threads_before']} → {r['idle_pollers']['threads_while_held']}"
        ),
        unit="",
    ),
    Target(
        "idle_latency",
        "server",
        "trivial request p50 while 1000 long polls wait / trivial p50 (1 client)",
        2,
        True,
        lambda r: r["idle_pollers"]["trivial_p50_ms_while_held"] / _p50_1(r, "trivial"),
        lambda r: (
            f"{r['idle_pollers']['trivial_p50_ms_while_held']:.2f} vs {_p50_1(r, 'trivial'):.2f} ms"
        ),
    ),
]


# start-up ---------------------------------------------------------------------------------

START_UP = [
    Target(
        "import",
        "start-up",
        "import ironmq_sdk / import httpx (-X importtime, cumulative)",
        1.8,
        True,
        lambda r: r["imports"]["ratios"]["ironmq_sdk/httpx"],
        lambda r: f"{r['imports']['ironmq_sdk_ms']:.0f} vs {r['imports']['httpx_ms']:.0f} ms",
    ),
    Target(
        "import_cli_extra",
        "start-up",
        "modules `import ironmq_sdk` loads with the [cli] extra installed / without",
        1.0,
        True,
        lambda r: (
            r["imports"]["modules"]["ironmq_sdk_with_cli_extra"]
            / r["imports"]["modules"]["ironmq_sdk"]
        ),
        lambda r: (
            f"{r['imports']['modules']['ironmq_sdk_with_cli_extra']} vs "
            f"{r['imports']['modules']['ironmq_sdk']} modules; "
            f"{r['imports']['ironmq_sdk_with_cli_extra_ms']:.0f} vs "
            f"{r['imports']['ironmq_sdk_ms']:.0f} ms"
        ),
    ),
    Target(
        "cli_help",
        "start-up",
        "`ironmq --help` / `python -c 'import ironmq_sdk'` (whole processes)",
        1,
        True,
        lambda r: r["imports"]["ratios"]["ironmq --help/python -c 'import ironmq_sdk'"],
        lambda r: (
            f"{r['imports']['ironmq_help_ms']:.0f} vs "
            f"{r['imports']['python_import_ironmq_sdk_ms']:.0f} ms"
        ),
    ),
]

TARGETS = [*SDK, *SERVER, *START_UP]


def targets(r: R) -> list[dict[str, Any]]:
    """Every target whose sections ran, judged."""
    return [row for t in TARGETS if (row := t.judge(r)) is not None]

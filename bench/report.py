"""The Markdown report of one run: a header, the targets, then one part per section.

Each section of `bench.run` has its own renderer here (`RENDERERS`), which reads only its
own results; a section that did not run is left out. `bench.targets` judges the targets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import depth
from .drivers import LABELS, OPS, V2

R = dict[str, Any]


def _f(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def _table(head: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A Markdown table; `align` has an `l` (left) or `r` (right) per column; by default
    the first column is left-aligned and the others right."""
    align = align or "l" + "r" * (len(head) - 1)
    marks = ["---" if a == "l" else "---:" for a in align]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(marks) + "|"]
    return out + ["| " + " | ".join(row) + " |" for row in rows]


def _cell(table: R, key: str) -> str:
    return _f(table[key]) if key in table else "-"


# header, targets, the run -----------------------------------------------------------------


def header(r: R) -> list[str]:
    """Title, what was run where, and how busy the machine was."""
    m = r["meta"]
    lines = [
        f"# ironmq-sdk benchmarks ({m['mode']} mode)",
        "",
        f"{m['date']} · commit `{m['commit']}` · Python {m['python']} · {m['cpus']} CPUs · "
        f"{m['seconds']:.0f} s. One server process (`ironmq-local`, SQLite file, system clock) "
        "on 127.0.0.1. Every target is a ratio of two figures of this run, taken within "
        "interleaved rounds.",
        "",
        f"Machine load: load average {_load(m['load_before'])} before, "
        f"{_load(m['load_after'])} after; other processes used "
        f"{m['others_cpu_share']:.0%} of the CPUs during the run (the busiest section: "
        f"{m['busiest_section']}).",
    ]
    if m.get("loaded"):
        lines += [
            "",
            "> **Warning: the machine was loaded** (" + "; ".join(m["loaded"]) + "). Absolute "
            "figures are low and ratios noisy; run again on a quiet machine "
            "(`--wait-quiet`) before judging a target.",
        ]
    return lines


def _load(value: Any) -> str:
    return " ".join(f"{x:.2f}" for x in value) if isinstance(value, list | tuple) else str(value)


def targets(r: R) -> list[str]:
    """Every target: the ratio measured, met or not, and the two figures behind it."""
    rows = [
        [
            t["group"],
            t["target"],
            f"{t['measured']:g}{t['unit']}",
            "met" if t["met"] else "**not met**",
            t["figures"],
        ]
        for t in r["targets"]
    ]
    missed = sum(not t["met"] for t in r["targets"])
    return [
        "",
        f"## Targets ({len(r['targets']) - missed} met, {missed} not met)",
        "",
        *_table(["", "target", "measured", "", "figures"], rows, "llrll"),
    ]


def run(r: R) -> list[str]:
    """How long each section took and how much of the machine others used meanwhile."""
    m = r["meta"]
    rows = [
        [name, f"{s['seconds']:.1f}", f"{s['others_cpu_share']:.0%}"]
        for name, s in m["sections"].items()
    ]
    return ["", "## The run", "", *_table(["section", "seconds", "others' CPU"], rows)]


# the clients ------------------------------------------------------------------------------


def overhead(r: R) -> list[str]:
    """Client CPU per call per client and operation, and the ratios."""
    o = r["overhead"]
    cpu = o["cpu_us_per_call"]
    lines = [
        "",
        f"## Client CPU per call (µs, median of {o['rounds']} rounds x "
        f"{o['calls_per_measurement']} calls)",
        "",
        *_table(
            ["client", *OPS],
            [[LABELS[k], *(_f(row[op]) for op in OPS)] for k, row in cpu.items()],
        ),
        "",
        *_table(
            ["ratio of CPU per call (median of per-round ratios)", *OPS, "worst", "mean"],
            [
                [name, *(_f(row[op], 2) for op in [*OPS, "worst", "mean"])]
                for name, row in o["ratios_cpu"].items()
            ],
        ),
    ]
    return lines + _missing(o)


def _missing(section: R) -> list[str]:
    gone = section.get("missing") or {}
    return ["", *(f"- not measured: {LABELS[k]}: {why}" for k, why in gone.items())] if gone else []


def throughput(r: R) -> list[str]:
    """Sequential and batched pipelines per client, async in flight, and the ratios."""
    t = r["throughput"]
    seq, bat = t["sequential"], t["batched_100"]
    rows = []
    for version, keys in (("v3", ("httpx", "sdk", "legacy")), ("v2", V2)):
        if not any(k in seq for k in keys):
            continue
        rows += [
            [f"{version}: sequential, one message per request", *(_cell(seq, k) for k in keys)],
            [f"{version}: batches of 100", *(_cell(bat, k) for k in keys)],
        ]
    infl, raw = t["async_sdk_in_flight"], t["raw_httpx_async_in_flight"]
    return [
        "",
        "## Throughput (messages/s; a message = post + reserve + delete)",
        "",
        *_table(["pipeline", "raw httpx", "IronMQ (SDK)", "legacy iron-mq"], rows),
        "",
        "Legacy: iron-mq 0.9 on v3, 0.7 on v2 (requests, a new connection per call). "
        f"AsyncIronMQ, 8 batches of 100 in flight: {_f(bat['sdk_async_8_in_flight'])} msg/s. "
        "The client's CPU while it runs sequentially, as a share of the wall time (the rest "
        "it waits for the server): "
        + ", ".join(
            f"{LABELS[k]} {v:.0%}" for k, v in t.get("sequential_client_cpu_share", {}).items()
        )
        + ".",
        "",
        *_table(
            ["in flight", *infl],
            [
                ["AsyncIronMQ", *(_f(v) for v in infl.values())],
                ["raw httpx async", *(_f(raw[k]) if k in raw else "-" for k in infl)],
            ],
        ),
        "",
        "Ratios (median of per-round ratios): "
        + ", ".join(f"{k} {v:.2f}" for k, v in t["ratios"].items())
        + ".",
        *_missing(t),
    ]


def latency(r: R) -> list[str]:
    """Sync sequential vs 32 in flight when every request takes 5 ms."""
    lat = r["latency"]
    return [
        "",
        f"## With {lat['latency_ms']:g} ms per request",
        "",
        f"The server delays every API request by {lat['latency_ms']:g} ms (a real IronMQ is "
        f"that far away, or farther): sync sequential {_f(lat['sync_sequential'])} messages/s, "
        f"AsyncIronMQ with 32 in flight {_f(lat['async_32_in_flight'])} messages/s, ratio "
        f"{lat['ratio']:.2f} (median of {lat['rounds']} rounds).",
    ]


def celery(r: R) -> list[str]:
    """Celery over IronMQ vs over Redis."""
    c = r["celery"]
    return [
        "",
        f"## Celery (tasks/s, median of {c['rounds']} rounds of {c['tasks']} tasks; "
        "worker -c 2 prefork)",
        "",
        *_table(
            ["broker", "publish", "consume"],
            [
                [
                    "IronMQ (ironmq-local)",
                    _f(c["publish_per_s"]["ironmq"]),
                    _f(c["consume_per_s"]["ironmq"]),
                ],
                [
                    "Redis (redis-server)",
                    _f(c["publish_per_s"]["redis"]),
                    _f(c["consume_per_s"]["redis"]),
                ],
            ],
        ),
        "",
        "Ratios: " + ", ".join(f"{k} {v:.2f}" for k, v in c["ratios"].items()) + ".",
    ]


# the server -------------------------------------------------------------------------------


def server_load(r: R) -> list[str]:
    """Requests/s and latency per operation and concurrency, against the trivial endpoint."""
    s = r["server_load"]
    rows = []
    for c, row in s["by_clients"].items():
        cells = [
            f"{_f(row[op]['req_per_s'])} ({row[op]['p50_ms']:.1f}/{row[op]['p99_ms']:.1f})"
            for op in ("post", "reserve", "delete", "trivial")
        ]
        cost = "/".join(f"{row[op]['cost_vs_trivial']:.2f}" for op in ("post", "reserve", "delete"))
        rows.append([c, *cells, cost])
    return [
        "",
        "## Local server under load (req/s, p50/p99 ms; cost = trivial req/s ÷ req/s)",
        "",
        *_table(
            [
                "clients",
                "post",
                "reserve",
                "delete",
                "trivial endpoint",
                "cost post/reserve/delete",
            ],
            rows,
            "rrrrrr",
        ),
    ]


def server_more(r: R) -> list[str]:
    """Long-poll wake-up, idle long polls, memory and restart, as bullet points."""
    out = []
    if "wakeup" in r:
        w = r["wakeup"]
        out.append(
            f"long-poll wake-up after a post: p50 {w['p50_ms']:.1f} ms, "
            f"p99 {w['p99_ms']:.1f} ms ({w['trials']} trials)"
        )
    if "idle_pollers" in r:
        ip = r["idle_pollers"]
        out.append(
            f"{ip['pollers']} idle long polls: server threads {ip['threads_before']} → "
            f"{ip['threads_while_held']}, RSS {ip['rss_mb_before']:.0f} → "
            f"{ip['rss_mb_while_held']:.0f} MB, trivial request p50 "
            f"{ip['trivial_p50_ms_while_held']:.1f} ms meanwhile; feeding all "
            f"{ip['messages_handed_out']} took {ip['seconds_to_feed_all']:.2f} s"
        )
    if "memory" in r:
        mm = r["memory"]
        out += [
            f"RSS: empty {mm['rss_mb_empty']:.0f} MB, {mm['messages_small']:,} queued "
            f"{mm['rss_mb_small']:.0f} MB, {mm['messages_big']:,} queued "
            f"{mm['rss_mb_big']:.0f} MB (peak {mm['peak_rss_mb_big']:.0f} MB; "
            f"{mm['rss_mb_big_after_restart']:.0f} MB after a restart); posting through the "
            f"API at {_f(mm['api_post_rate_msgs_per_s'])} msg/s (batches of 100, 4 clients)",
            f"restart on {mm['messages_big']:,} messages: listening after "
            f"{mm['restart_s_to_listening']:.2f} s, first message reserved after "
            f"{mm['restart_s_to_first_reserve']:.2f} s; queue info (counts all) "
            f"{mm['ops_big']['info_ms']:.0f} ms, reserve 100 "
            f"{mm['ops_big']['reserve100_ms']:.1f} ms",
        ]
    return ["", "## Server latency, memory, restart", "", *(f"- {e}" for e in out)] if out else []


# start-up and profiles --------------------------------------------------------------------


def imports(r: R) -> list[str]:
    """Import and start-up times."""
    i = r["imports"]
    return [
        "",
        f"## Start-up (ms, median of {i['repeats']} interleaved runs)",
        "",
        f"- `-X importtime`, cumulative: `import httpx` {i['httpx_ms']:.0f}, `import "
        f"ironmq_sdk` {i['ironmq_sdk_ms']:.0f} ({i['ironmq_sdk_with_cli_extra_ms']:.0f} with the "
        f"`[cli]` extra installed), legacy `import iron_mq` {i['iron_mq_ms']:.0f}",
        f"- whole processes: `python -c pass` {i['python_bare_ms']:.0f}, `python -c 'import "
        f"ironmq_sdk'` {i['python_import_ironmq_sdk_ms']:.0f}, `ironmq --help` "
        f"{i['ironmq_help_ms']:.0f}",
        "- ratios (median of per-round ratios): "
        + ", ".join(f"{k} {v:.2f}" for k, v in i["ratios"].items()),
        "- modules each import loads: " + ", ".join(f"{k} {v}" for k, v in i["modules"].items()),
    ]


def _profile(title: str, p: R) -> list[str]:
    if not p or not p.get("self_percent"):
        return [] if not p or "skipped" not in p else ["", f"Profile {title}: {p['skipped']}"]
    below_trunk = [(f, pct) for f, pct in p["inclusive_percent"] if pct < 50][:12]
    return [
        "",
        f"## Profile: {title}, top self time",
        "",
        *_table(
            ["%", "function"], [[str(pct), f"`{fn}`"] for fn, pct in p["self_percent"][:10]], "rl"
        ),
        "",
        "Inclusive (below the common trunk):",
        "",
        *_table(["%", "function"], [[str(pct), f"`{fn}`"] for fn, pct in below_trunk], "rl"),
    ]


def profiles(r: R) -> list[str]:
    """The profiles taken, top self and inclusive time."""
    return [
        *_profile("server under load (py-spy)", r.get("profile_server", {})),
        *_profile("AsyncIronMQ, 32 in flight (pyinstrument)", r.get("profile_client", {})),
    ]


RENDERERS: list[tuple[tuple[str, ...], Callable[[R], list[str]]]] = [
    (("overhead",), overhead),
    (("throughput",), throughput),
    (("latency",), latency),
    (("celery",), celery),
    (("server_load",), server_load),
    (("wakeup", "idle_pollers", "memory"), server_more),
    (("depth",), lambda r: ["", *depth.markdown(r["depth"])]),
    (("imports",), imports),
    (("profile_server", "profile_client"), profiles),
]
"""(sections any of which it reads, renderer) in the report's order."""


def markdown(r: R) -> str:
    """The report: header, targets, each section that ran, and the run's timing."""
    lines = header(r) + targets(r)
    for sections, render in RENDERERS:
        if any(s in r for s in sections):
            lines += render(r)
    lines += run(r)
    return "\n".join([*lines, ""])

"""Targets, the Markdown summary and the PNG chart from the results dictionary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import depth
from .clients import LABELS, OPS


def targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 7 with the measured value and whether it is met."""
    out: list[dict[str, Any]] = []

    def add(name: str, value: float, limit: float, unit: str, *, below: bool) -> None:
        met = value <= limit if below else value >= limit
        sign = "≤" if below else "≥"
        out.append(
            {
                "target": f"{name} {sign} {limit:g}{unit}",
                "measured": round(value, 3),
                "unit": unit,
                "met": met,
            }
        )

    if "overhead" in r:
        b_a = r["overhead"]["ratios_cpu"]["sdk/httpx (b/a)"]
        worst = max(b_a[op] for op in OPS)
        add("SDK client CPU per call / raw httpx (worst op)", worst, 1.15, "x", below=True)
        c_a = r["overhead"]["ratios_cpu"]["async_sdk/httpx_async (c/a')"]
        add(
            "async SDK CPU per call / raw httpx async (worst op)",
            max(c_a[op] for op in OPS),
            1.15,
            "x",
            below=True,
        )
    if "throughput" in r:
        t = r["throughput"]
        add(
            "sequential throughput SDK / legacy",
            t["ratios"]["sdk/legacy sequential"],
            1.8,
            "x",
            below=False,
        )
        add(
            "async 32 in flight / sync sequential",
            t["ratios"]["async32/sync sequential"],
            4,
            "x",
            below=False,
        )
        add("batched pipeline (sync SDK)", t["batched_100"]["sdk"], 20000, " msg/s", below=False)
    if "latency" in r:
        lat = r["latency"]
        add(
            f"async 32 in flight / sync sequential, {lat['latency_ms']:g} ms per request",
            lat["ratio"],
            4,
            "x",
            below=False,
        )
    if "server_load" in r:
        worst = max(
            row[op]["cost_vs_trivial"]
            for row in r["server_load"]["by_clients"].values()
            for op in ("post", "reserve", "delete")
        )
        add("server cost per request / trivial endpoint (worst)", worst, 2, "x", below=True)
    if "memory" in r:
        add("RSS with 1M messages queued", r["memory"]["peak_rss_mb_big"], 150, " MB", below=True)
    if "depth" in r:
        add(
            "depth: worst p50/p99 deep ÷ shallow (post, reserve+delete, peek, info, post+alert)",
            r["depth"]["worst_ratio"],
            depth.TARGET,
            "x",
            below=True,
        )
    if "wakeup" in r:
        add("long-poll wake-up p99", r["wakeup"]["p99_ms"], 50, " ms", below=True)
    if "idle_pollers" in r:
        ip = r["idle_pollers"]
        extra = ip["threads_while_held"] - ip["threads_before"]
        add(f"extra server threads for {ip['pollers']} idle long polls", extra, 0, "", below=True)
    if "imports" in r:
        add("import ironmq_sdk", r["imports"]["ironmq_sdk_ms"], 150, " ms", below=True)
        if "ironmq_help_ms" in r["imports"]:
            ratio = r["imports"]["ratio ironmq --help/python -c 'import ironmq_sdk'"]
            add(
                "ironmq --help / python -c 'import ironmq_sdk' (processes)",
                ratio,
                1,
                "x",
                below=True,
            )
    return out


def _f(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def markdown(r: dict[str, Any]) -> str:  # noqa: PLR0912, PLR0915  # one section after another
    """The short human-readable report."""
    m = r["meta"]
    lines = [
        f"# ironmq-sdk benchmarks ({m['mode']} mode)",
        "",
        f"{m['date']} · commit `{m['commit']}` · Python {m['python']} · {m['cpus']} CPUs · "
        f"load average {m['load_before']} before, {m['load_after']} after · "
        f"{m['seconds']:.0f} s. One server process (`ironmq-local`, SQLite file, system clock) "
        "on 127.0.0.1; all figures from this one run, medians of interleaved rounds.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---:|:-:|",
    ]
    for t in r["targets"]:
        lines.append(
            f"| {t['target']} | {t['measured']:g}{t['unit']} | {'yes' if t['met'] else '**no**'} |"
        )
    if "overhead" in r:
        o = r["overhead"]
        lines += [
            "",
            f"## Client CPU per call (µs, median of {o['rounds']} rounds x "
            f"{o['calls_per_measurement']} calls)",
            "",
            "| client | " + " | ".join(OPS) + " |",
            "|---|" + "---:|" * len(OPS),
        ]
        for key, row in o["cpu_us_per_call"].items():
            lines.append(f"| {LABELS[key]} | " + " | ".join(_f(row[op]) for op in OPS) + " |")
        lines += [
            "",
            "| ratio (CPU) | " + " | ".join(OPS) + " | mean |",
            "|---|" + "---:|" * (len(OPS) + 1),
        ]
        for name, row in o["ratios_cpu"].items():
            lines.append(
                f"| {name} | "
                + " | ".join(_f(row[op], 2) for op in OPS)
                + f" | {_f(row['mean_of_ops'], 2)} |"
            )
    if "throughput" in r:
        t = r["throughput"]
        lines += [
            "",
            "## Throughput (messages/s; a message = post + reserve + delete)",
            "",
            "| pipeline | raw httpx | IronMQ (SDK) | iron-mq 0.9 | AsyncIronMQ |",
            "|---|---:|---:|---:|---:|",
            f"| sequential, one message per request | {_f(t['sequential']['httpx'])} | "
            f"{_f(t['sequential']['sdk'])} | {_f(t['sequential']['legacy'])} | "
            f"{_f(t['async_sdk_in_flight']['1'])} (1 in flight) |",
            f"| batches of 100 | {_f(t['batched_100']['httpx'])} | {_f(t['batched_100']['sdk'])}"
            f" | {_f(t['batched_100']['legacy'])} | "
            f"{_f(t['batched_100']['sdk_async_8_in_flight'])} (8 batches in flight) |",
            "",
            "| in flight (AsyncIronMQ) | " + " | ".join(t["async_sdk_in_flight"]) + " |",
            "|---|" + "---:|" * len(t["async_sdk_in_flight"]),
            "| messages/s | " + " | ".join(_f(v) for v in t["async_sdk_in_flight"].values()) + " |",
            "| raw httpx async, same | "
            + " | ".join(
                _f(t["raw_httpx_async_in_flight"][k])
                if k in t["raw_httpx_async_in_flight"]
                else "-"
                for k in t["async_sdk_in_flight"]
            )
            + " |",
            "",
            "Ratios: " + ", ".join(f"{k} {v:.2f}" for k, v in t["ratios"].items()) + ".",
        ]
    if "latency" in r:
        lat = r["latency"]
        lines += [
            "",
            f"With {lat['latency_ms']:g} ms added to every request by the server (a real IronMQ "
            f"is that far away, or farther): sync sequential {_f(lat['sync_sequential'])} "
            f"messages/s, AsyncIronMQ with 32 in flight {_f(lat['async_32_in_flight'])} "
            f"messages/s, ratio {lat['ratio']:.2f}.",
        ]
    if "celery" in r:
        c = r["celery"]
        lines += [
            "",
            f"## Celery (tasks/s, median of {c['rounds']} rounds of {c['tasks']} tasks; "
            "worker -c 2 prefork)",
            "",
            "| broker | publish | consume |",
            "|---|---:|---:|",
            f"| IronMQ (ironmq-local) | {_f(c['publish_per_s']['ironmq'])} | "
            f"{_f(c['consume_per_s']['ironmq'])} |",
            f"| Redis (redis-server) | {_f(c['publish_per_s']['redis'])} | "
            f"{_f(c['consume_per_s']['redis'])} |",
            "",
            "Ratios: " + ", ".join(f"{k} {v:.2f}" for k, v in c["ratios"].items()) + ".",
        ]
    if "server_load" in r:
        s = r["server_load"]
        lines += [
            "",
            "## Local server under load (req/s, p50/p99 ms; cost = trivial req/s ÷ req/s)",
            "",
            "| clients | post | reserve | delete | trivial endpoint | cost post/reserve/delete |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for c, row in s["by_clients"].items():
            cells = [
                f"{_f(row[op]['req_per_s'])} ({row[op]['p50_ms']:.1f}/{row[op]['p99_ms']:.1f})"
                for op in ("post", "reserve", "delete", "trivial")
            ]
            cost = "/".join(
                f"{row[op]['cost_vs_trivial']:.2f}" for op in ("post", "reserve", "delete")
            )
            lines.append(f"| {c} | " + " | ".join(cells) + f" | {cost} |")
    extra = []
    if "wakeup" in r:
        w = r["wakeup"]
        extra.append(
            f"long-poll wake-up after a post: p50 {w['p50_ms']:.1f} ms, "
            f"p99 {w['p99_ms']:.1f} ms ({w['trials']} trials)"
        )
    if "idle_pollers" in r:
        ip = r["idle_pollers"]
        extra.append(
            f"{ip['pollers']} idle long polls: server threads {ip['threads_before']} → "
            f"{ip['threads_while_held']}, RSS {ip['rss_mb_before']:.0f} → "
            f"{ip['rss_mb_while_held']:.0f} MB, trivial request p50 "
            f"{ip['trivial_p50_ms_while_held']:.1f} ms meanwhile; feeding all "
            f"{ip['messages_handed_out']} took {ip['seconds_to_feed_all']:.2f} s"
        )
    if "memory" in r:
        mm = r["memory"]
        extra.append(
            f"RSS: empty {mm['rss_mb_empty']:.0f} MB, {mm['messages_small']:,} queued "
            f"{mm['rss_mb_small']:.0f} MB, {mm['messages_big']:,} queued {mm['rss_mb_big']:.0f} MB"
            f" (peak {mm['peak_rss_mb_big']:.0f} MB; {mm['rss_mb_big_after_restart']:.0f} MB "
            f"after a restart); posting through the API at "
            f"{_f(mm['api_post_rate_msgs_per_s'])} msg/s (batches of 100, 4 clients)"
        )
        extra.append(
            f"restart on {mm['messages_big']:,} messages: listening after "
            f"{mm['restart_s_to_listening']:.2f} s, first message reserved after "
            f"{mm['restart_s_to_first_reserve']:.2f} s; queue info (counts all) "
            f"{mm['ops_big']['info_ms']:.0f} ms, reserve 100 {mm['ops_big']['reserve100_ms']:.1f}"
            " ms"
        )
    if "imports" in r:
        i = r["imports"]
        extra.append(
            f"import time (`-X importtime`, cumulative): ironmq_sdk "
            f"{i['ironmq_sdk_ms']:.0f} ms, iron_mq {i['iron_mq_ms']:.0f} ms"
        )
        if "ironmq_help_ms" in i:
            extra.append(
                f"with the `[cli]` extra installed, httpx loads its own CLI and `import "
                f"ironmq_sdk` takes {i['ironmq_sdk_with_cli_extra_ms']:.0f} ms; start-up, "
                f"whole process: `ironmq --help` {i['ironmq_help_ms']:.0f} ms, `python -c "
                f"'import ironmq_sdk'` {i['python_import_ironmq_sdk_ms']:.0f} ms"
            )
    if extra:
        lines += ["", "## Server latency, memory, restart, imports", ""]
        lines += [f"- {e}" for e in extra]
    for key, title in (
        ("profile_server", "server under load (py-spy)"),
        ("profile_client", "AsyncIronMQ, 32 in flight (pyinstrument)"),
    ):
        p = r.get(key)
        if p and p.get("self_percent"):
            lines += [
                "",
                f"## Profile: {title}, top self time",
                "",
                "| % | function |",
                "|---:|---|",
            ]
            lines += [f"| {pct} | `{fn}` |" for fn, pct in p["self_percent"][:10]]
            below_trunk = [(f, pct) for f, pct in p["inclusive_percent"] if pct < 50][:12]
            lines += [
                "",
                "Inclusive (below the common trunk):",
                "",
                "| % | function |",
                "|---:|---|",
            ]
            lines += [f"| {pct} | `{fn}` |" for fn, pct in below_trunk]
    if "depth" in r:
        lines += ["", *depth.markdown(r["depth"])]
    lines.append("")
    return "\n".join(lines)


def chart(r: dict[str, Any], path: Path) -> None:
    """A PNG of the throughput and server figures."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    t = r.get("throughput")
    if t:
        ax = axes[0]
        names = ["raw httpx", "IronMQ", "iron-mq 0.9"]
        keys = ["httpx", "sdk", "legacy"]
        x = range(len(keys))
        ax.bar([i - 0.2 for i in x], [t["sequential"][k] for k in keys], 0.4, label="sequential")
        ax.bar(
            [i + 0.2 for i in x], [t["batched_100"][k] for k in keys], 0.4, label="batches of 100"
        )
        ax.set_yscale("log")
        ax.set_xticks(list(x), names)
        ax.set_ylabel("messages/s (log)")
        ax.set_title("Sync clients: post + reserve + delete")
        ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4)
        ax = axes[1]
        levels = list(t["async_sdk_in_flight"])
        ax.bar(levels, [t["async_sdk_in_flight"][k] for k in levels], color="tab:green")
        ax.axhline(
            t["sequential"]["sdk"], color="tab:orange", ls="--", label="IronMQ sync sequential"
        )
        ax.axhline(4 * t["sequential"]["sdk"], color="tab:red", ls=":", label="target: 4x sync")
        ax.set_xlabel("operations in flight")
        ax.set_ylabel("messages/s")
        ax.set_title("AsyncIronMQ, single-message cycles")
        ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4)
    s = r.get("server_load")
    if s:
        ax = axes[2]
        ops = ("post", "reserve", "delete", "trivial")
        levels = list(s["by_clients"])
        width = 0.8 / len(ops)
        for j, op in enumerate(ops):
            ax.bar(
                [i + (j - 1.5) * width for i in range(len(levels))],
                [s["by_clients"][c][op]["req_per_s"] for c in levels],
                width,
                label=op,
            )
        ax.set_xticks(range(len(levels)), [f"{c} clients" for c in levels])
        ax.set_ylabel("requests/s")
        ax.set_title("ironmq-local vs a trivial endpoint")
        ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4)
    fig.suptitle(f"ironmq-sdk benchmarks ({r['meta']['mode']}, {r['meta']['date']})")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)

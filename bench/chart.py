"""The PNG chart of one run: sync clients, AsyncIronMQ in flight, the server under load."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def chart(r: dict[str, Any], path: Path) -> None:
    """Draw the throughput and server figures of results `r` into `path`."""
    import matplotlib  # noqa: PLC0415  # only the bench venv has it

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    t = r.get("throughput")
    if t:
        ax = axes[0]
        names = {
            "httpx": "raw httpx",
            "sdk": "IronMQ",
            "legacy": "iron-mq 0.9",
            "httpx_v2": "raw httpx v2",
            "sdk_v2": "IronMQ v2",
            "legacy_07": "iron-mq 0.7",
        }
        keys = [k for k in names if k in t["sequential"]]
        x = range(len(keys))
        ax.bar([i - 0.2 for i in x], [t["sequential"][k] for k in keys], 0.4, label="sequential")
        ax.bar(
            [i + 0.2 for i in x], [t["batched_100"][k] for k in keys], 0.4, label="batches of 100"
        )
        ax.set_yscale("log")
        ax.set_xticks(list(x), [names[k] for k in keys], rotation=20, fontsize="small")
        ax.set_ylabel("messages/s (log)")
        ax.set_title("Sync clients: post + reserve + delete")
        ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=4)
        ax = axes[1]
        levels = list(t["async_sdk_in_flight"])
        ax.bar(levels, [t["async_sdk_in_flight"][k] for k in levels], color="tab:green")
        ax.axhline(
            t["sequential"]["sdk"], color="tab:orange", ls="--", label="IronMQ sync sequential"
        )
        ax.set_xlabel("operations in flight")
        ax.set_ylabel("messages/s")
        ax.set_title("AsyncIronMQ, single-message cycles")
        ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=4)
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
        ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=4)
    fig.suptitle(f"ironmq-sdk benchmarks ({r['meta']['mode']}, {r['meta']['date']})")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)

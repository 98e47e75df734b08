"""Import time of `ironmq_sdk` and of the legacy `iron_mq`, in fresh interpreters."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from .stats import median

MODULES = ("ironmq_sdk", "iron_mq")


def _importtime_ms(module: str) -> float:
    """Cumulative import time of `module` as `python -X importtime` reports it, in ms."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1]) / 1000
    raise RuntimeError(f"no import line for {module}")


def import_times(repeats: int) -> dict[str, Any]:
    """Median cumulative import time per module over `repeats` interleaved runs."""
    samples: dict[str, list[float]] = {m: [] for m in MODULES}
    for _ in range(repeats):
        for m in MODULES:
            samples[m].append(_importtime_ms(m))
    result = {f"{m}_ms": median(v) for m, v in samples.items()}
    result["repeats"] = repeats
    result["ratio ironmq_sdk/iron_mq"] = result["ironmq_sdk_ms"] / result["iron_mq_ms"]
    return result

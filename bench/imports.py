"""Import time of `ironmq_sdk` beside `import httpx` (its baseline) and the legacy
`iron_mq`, and start-up of `ironmq --help`, each in fresh interpreters, interleaved.

The bench venv has the `[cli]` extra (click, rich) so that `ironmq` runs. With both
installed, httpx 0.28 imports its own command line (click, rich, pygments) on `import httpx`
(the SDK keeps it out: `ironmq_sdk/_httpx_import.py`), so `import ironmq_sdk` is measured
twice: as a client-only install has it (click hidden, as when it is not installed) and
with the extra present. `import httpx` is measured as a client-only install has it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from .stats import median

HIDE_CLICK = "import sys; sys.modules['click'] = None; "
"""Makes `import click` fail, as in an install without the `[cli]` extra."""

IMPORTS = {
    "httpx": ("httpx", HIDE_CLICK),
    "ironmq_sdk": ("ironmq_sdk", HIDE_CLICK),
    "ironmq_sdk_with_cli_extra": ("ironmq_sdk", ""),
    "iron_mq": ("iron_mq", ""),
}
"""Figure name -> (module, code run before importing it)."""

PROCESSES = {
    "ironmq_help": [sys.executable, "-m", "ironmq_cli", "--help"],
    "python_import_ironmq_sdk": [sys.executable, "-c", "import ironmq_sdk"],
    "python_bare": [sys.executable, "-c", "pass"],
}
"""Figure name -> a whole command, timed from start to exit."""

RATIOS = {
    "ironmq_sdk/httpx": ("ironmq_sdk", "httpx"),
    "with cli extra/without": ("ironmq_sdk_with_cli_extra", "ironmq_sdk"),
    "ironmq --help/python -c 'import ironmq_sdk'": ("ironmq_help", "python_import_ironmq_sdk"),
    "ironmq_sdk/iron_mq": ("ironmq_sdk", "iron_mq"),
}
"""Name -> (numerator, denominator) of the ratios, taken within each round."""


def _importtime_ms(module: str, before: str) -> float:
    """Cumulative import time of `module` as `python -X importtime` reports it, in ms."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"{before}import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1]) / 1000
    raise RuntimeError(f"no import line for {module}")


def _modules(module: str, before: str) -> int:
    """How many modules `import module` loads (past the interpreter's own start-up)."""
    code = f"import sys; {before}n = len(sys.modules); import {module}; print(len(sys.modules) - n)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout)


def _process_ms(command: list[str]) -> float:
    """Wall time of one run of `command`, start to exit, in ms."""
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return (time.perf_counter() - started) * 1000


def import_times(repeats: int) -> dict[str, Any]:
    """Medians over `repeats` interleaved runs of every import and start-up figure."""
    samples: dict[str, list[float]] = {name: [] for name in [*IMPORTS, *PROCESSES]}
    for _ in range(repeats):
        for name, (module, before) in IMPORTS.items():
            samples[name].append(_importtime_ms(module, before))
        for name, command in PROCESSES.items():
            samples[name].append(_process_ms(command))
    result: dict[str, Any] = {f"{name}_ms": median(v) for name, v in samples.items()}
    result["repeats"] = repeats
    # counts, not times: the same on any machine, however busy
    result["modules"] = {
        name: _modules(module, before) for name, (module, before) in IMPORTS.items()
    }
    # ratios within each round (their runs seconds apart), then the median
    result["ratios"] = {
        name: median([a / b for a, b in zip(samples[num], samples[den], strict=True)])
        for name, (num, den) in RATIOS.items()
    }
    return result

"""Where the time goes: py-spy on the server under load, pyinstrument on the async SDK."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ._harness import Server
from .server import _load_round

PY_SPY = Path(sys.executable).with_name("py-spy")


def _summary(raw: str, top: int) -> dict[str, Any]:
    """Self and inclusive sample shares per function from py-spy's collapsed stacks."""
    own: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [_short(f) for f in stack.split(";")]
        own[frames[-1]] += n
        for f in set(frames):
            incl[f] += n
    if not total:
        return {"samples": 0}

    def share(c: Counter[str]) -> list[tuple[str, float]]:
        return [(f, round(100 * n / total, 1)) for f, n in c.most_common(top)]

    return {"samples": total, "self_percent": share(own), "inclusive_percent": share(incl)}


def _short(frame: str) -> str:
    # "func (path/to/site-packages/pkg/mod.py:123)" -> "func (pkg/mod.py)"
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", "lib/python3", "/work/main/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{name} ({path})"


def server_profile(server: Server, seconds: float, out_dir: Path) -> dict[str, Any]:
    """Record the server with py-spy while 32 clients post, reserve and delete."""
    if not PY_SPY.exists() and shutil.which("py-spy") is None:
        return {"skipped": "py-spy not installed"}
    raw = out_dir / "server-pyspy.txt"
    spy = subprocess.Popen(
        [
            str(PY_SPY if PY_SPY.exists() else "py-spy"),
            "record",
            "--pid",
            str(server.pid),
            "--duration",
            str(max(1, round(seconds))),
            "--rate",
            "250",
            "--format",
            "raw",
            "--nonblocking",
            "-o",
            str(raw),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        rounds = 0
        while spy.poll() is None and rounds < 50:
            asyncio.run(_load_round(server, 32, 3000, seconds / 3, f"profile-{rounds}"))
            rounds += 1
        spy.wait(timeout=60)
    finally:
        if spy.poll() is None:
            spy.kill()
    if not raw.exists():
        return {"skipped": f"py-spy failed: {spy.stderr.read() if spy.stderr else ''}"[:300]}
    summary = _summary(raw.read_text(), 60)
    raw.unlink()
    return summary


def client_profile(server: Server, cycles: int, in_flight: int) -> dict[str, Any]:
    """pyinstrument on AsyncIronMQ post/reserve/delete cycles with `in_flight` concurrent."""
    from pyinstrument import Profiler  # noqa: PLC0415

    from .clients import _in_flight  # noqa: PLC0415

    profiler = Profiler(interval=0.0005)
    profiler.start()
    rate = _in_flight(server, "sdk_async", in_flight, cycles, 30.0, batch=False)
    profiler.stop()
    session = profiler.last_session
    assert session is not None
    root = session.root_frame()
    own: Counter[str] = Counter()
    incl: Counter[str] = Counter()

    def walk(frame: Any, parent: str, seen: frozenset[str]) -> None:
        if frame.function.startswith("["):  # pyinstrument's synthetic "[self]" frames
            own[parent] += frame.time
            return
        key = _short(f"{frame.function} ({frame.file_path_short}:{frame.line_no})")
        if frame.children:
            for child in frame.children:
                walk(child, key, seen | {key})
        else:
            own[key] += frame.time
        if key not in seen:
            incl[key] += frame.time

    if root is not None:
        walk(root, "", frozenset())
    total = root.time if root is not None else 0.0

    def share(c: Counter[str]) -> list[tuple[str, float]]:
        return [(f, round(100 * t / total, 1)) for f, t in c.most_common(60)] if total else []

    return {
        "in_flight": in_flight,
        "messages_per_s_while_profiled": rate,
        "seconds": total,
        "self_percent": share(own),
        "inclusive_percent": share(incl),
    }

"""How busy the machine was while the benchmarks ran: load averages, and the CPU that
other processes used, section by section.

The benchmarks judge by ratios measured in the same run, which hold up under a steady
background load; a neighbour that starts or stops mid-run still skews them. The report
says how much of the machine other processes took, so a reader knows how far to trust it.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
"""Clock ticks per second, the unit of /proc's CPU times."""

BUSY_SHARE = 0.25
"""Other processes using more than this share of all CPUs make a run "loaded"."""

BUSY_LOAD_PER_CPU = 0.5
"""A 1-minute load average above this per CPU at the start makes a run "loaded" too."""


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15-minute load averages."""
    one, five, fifteen = os.getloadavg()
    return round(one, 2), round(five, 2), round(fifteen, 2)


def _machine_busy() -> float:
    """CPU-seconds all CPUs have spent busy since boot (user, system, irq, steal)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def _stat(pid: str) -> tuple[int, float] | None:
    """(parent pid, CPU-seconds of the process and of its reaped children) from /proc."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name, in parentheses, may hold spaces: split after its closing one
    rest = raw[raw.rindex(")") + 2 :].split()
    utime, stime, cutime, cstime = (int(x) for x in rest[11:15])
    return int(rest[1]), (utime + stime + cutime + cstime) / CLK_TCK


def _own_cpu() -> float:
    """CPU-seconds of this process and every process it started, living or reaped."""
    stats = {pid: s for pid in os.listdir("/proc") if pid.isdigit() and (s := _stat(pid))}
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(int(pid))
    total, todo = 0.0, [os.getpid()]
    while todo:
        pid = todo.pop()
        if str(pid) in stats:
            total += stats[str(pid)][1]
            todo += children.get(pid, [])
    return total


@dataclass(frozen=True)
class Snapshot:
    """The clocks at one moment: wall, the machine's busy CPU, ours."""

    wall: float
    machine: float
    own: float

    @classmethod
    def now(cls) -> Snapshot:
        """Read the clocks."""
        return cls(time.monotonic(), _machine_busy(), _own_cpu())

    def others_share(self, later: Snapshot) -> float:
        """The share of all CPUs (0..1) that other processes used between this and `later`."""
        wall = later.wall - self.wall
        if wall <= 0 or not self.machine:
            return 0.0
        others = (later.machine - self.machine) - (later.own - self.own)
        return max(0.0, others / (wall * (os.cpu_count() or 1)))


def loaded(load_before: tuple[float, float, float], others_share: float) -> list[str]:
    """Why a run counts as loaded (nothing when it ran on a quiet machine)."""
    cpus = os.cpu_count() or 1
    why = []
    if load_before[0] > BUSY_LOAD_PER_CPU * cpus:
        why.append(f"1-minute load average {load_before[0]:.2f} at the start on {cpus} CPUs")
    if others_share > BUSY_SHARE:
        why.append(f"other processes used {others_share:.0%} of the CPUs during the run")
    return why


def warn(why: list[str]) -> None:
    """Say on stdout and stderr that the figures were taken on a loaded machine."""
    if why:
        text = "WARNING: the machine was loaded (" + "; ".join(why) + "): absolute figures are "
        text += "low and ratios noisy; run again on a quiet machine (--wait-quiet) to judge"
        print(text)
        print(f"[bench] {text}", file=sys.stderr)

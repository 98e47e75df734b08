"""`make demo`'s runner: starts a server, walks the seed README, ends with a consumer."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_runs_every_section_and_stops_the_server() -> None:
    """Exit 0; every README section is printed; the consumer handles the batch."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "_run_demo.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for heading in (
        "Listing queues",
        "Push a message(s) on the queue",
        "Pop a message off the queue",
        "Get message by id",
        "Delete a message from the queue",
        "Touch a message",
        "Release a reserved message",
        "Get queue size, id, total_messages and whole info",
        "Peek at messages",
        "The delayed message",
        "Clear a queue",
        "Push queues",
        "Pull queues: add alerts to a queue",
        "Update alerts in a queue",
        "Remove alerts from a queue",
        "Remove single alert from a queue",
        "A consumer processing a batch",
        "Delete a queue",
    ):
        assert f"== {heading} " in done.stdout, heading
    assert done.stdout.count("    handled 'job") == 5
    # two handlers print at once: each line whole, never two run together
    handled = [line for line in done.stdout.splitlines() if "handled" in line]
    assert all(re.fullmatch(r"    handled 'job \d' \(id \d+, reserved 1x\)", h) for h in handled)
    assert "arrived once its delay was over: 'Test Message'" in done.stdout
    assert "UnsupportedArgumentError: messages[0].timeout" in done.stdout
    assert done.stdout.rstrip().endswith("ironmq-local stopped")
    assert done.stdout.count(">>> queue.info().alerts\n()") == 1  # all alerts removed at the end

"""`make demo`'s runner: starts a server, walks the seed README, ends with a consumer."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_runs_every_section_and_stops_the_server() -> None:
    """Exit 0; every README section is printed on v3 and on v2; the consumer handles the
    batch on both; what v3 cannot do (a message's own timeout) is said, and done on v2."""
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
        assert done.stdout.count(f"== {heading} ") == 2, heading
    v3, v2 = done.stdout.split("######## IronMQ v2 (/1/projects): IRON_API_VERSION=1")
    assert "######## IronMQ v3 (/3/projects): IRON_API_VERSION=3" in v3
    for run, version in ((v3, 3), (v2, 1)):
        assert f"api_version {version}" in run
        assert run.count("    handled 'job") == 5
        assert run.count(">>> queue.info().alerts\n()") == 1  # all alerts removed at the end
        assert "arrived once its delay was over: 'Test Message'" in run
    assert "UnsupportedArgumentError: messages[0].timeout" in v3
    assert "UnsupportedArgumentError" not in v2  # v2 takes a message's own timeout
    assert "timeout=120" in v2
    # two handlers print at once: each line whole, never two run together
    handled = [line for line in done.stdout.splitlines() if "handled" in line]
    assert all(re.fullmatch(r"    handled 'job \d' \(id \d+, reserved 1x\)", h) for h in handled)
    assert done.stdout.rstrip().endswith("ironmq-local stopped")

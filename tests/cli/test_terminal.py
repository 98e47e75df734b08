"""`ironmq` on a real terminal (tmux): the live watch table, Ctrl+C, and a progress bar."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ironmq_sdk import IronMQ

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)"
)


class Terminal:
    """A private tmux server running one command in a 100x24 terminal."""

    def __init__(self, socket: Path) -> None:
        self.socket = str(socket)

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def start(self, command: str) -> None:
        """Run `command`, then print its exit status and keep the pane for reading."""
        shell = f"{command}; echo exit=$?; sleep 60"
        self.tmux("new-session", "-d", "-x", "100", "-y", "24", shell)

    def screen(self, *, colours: bool = False) -> str:
        """The text on the screen now (with escape codes if `colours`)."""
        return self.tmux("capture-pane", "-p", *(["-e"] if colours else []))

    def wait_for(self, shown: Callable[[str], bool], what: str) -> str:
        """Read the screen until `shown` holds (at most 30 s: a bound, not a timing check)."""
        deadline = time.monotonic() + 30
        while True:
            screen = self.screen()
            if shown(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"never showed {what}:\n{screen}")
            time.sleep(0.05)


@pytest.fixture
def terminal(env: dict[str, str], tmp_path: Path) -> Iterator[Terminal]:
    """A tmux terminal whose commands see the local server's IRON_* settings."""
    term = Terminal(tmp_path / "tmux.sock")
    yield term
    subprocess.run(["tmux", "-S", term.socket, "kill-server"], capture_output=True, check=False)


IRONMQ = f"{sys.executable} -m ironmq_cli"


def row(screen: str, name: str) -> list[str]:
    """The cells of the watch table's row for queue `name`."""
    line = next(line for line in screen.splitlines() if f" {name} " in line)
    return [cell.strip() for cell in line.split("│")[1:-1]]


def test_watch_redraws_live_and_stops_cleanly_on_ctrl_c(terminal: Terminal, mq: IronMQ) -> None:
    """The table redraws in place as sizes change; Ctrl+C exits 130 without a traceback."""
    mq.queue("orders").post("a", "b")
    terminal.start(f"{IRONMQ} watch --interval 0.2")
    terminal.wait_for(lambda s: "orders" in s and row(s, "orders")[1] == "2", "size 2")
    mq.queue("orders").post("c", "d", "e")
    screen = terminal.wait_for(lambda s: row(s, "orders")[1] == "5", "size 5")
    assert screen.count(" orders ") == 1  # redrawn in place, not printed again
    assert row(screen, "orders")[2] == "5"  # total posted
    assert "Ctrl+C to stop" in screen
    assert "\x1b[" in terminal.screen(colours=True)
    terminal.tmux("send-keys", "C-c")
    screen = terminal.wait_for(lambda s: "exit=" in s, "the exit status")
    assert "exit=130" in screen
    assert "Traceback" not in screen
    assert "ironmq:" not in screen  # Ctrl+C is how watch ends: no error line


def test_import_draws_a_progress_bar(terminal: Terminal, mq: IronMQ, tmp_path: Path) -> None:
    """A large import shows a bar with the count and 100% when done, then the summary."""
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(f"m{i}") + "\n" for i in range(250)))
    terminal.start(f"{IRONMQ} import orders {path}")
    screen = terminal.wait_for(lambda s: "exit=" in s, "the exit status")
    assert "exit=0" in screen
    assert "Posting to orders" in screen
    assert "250/250" in screen
    assert "100%" in screen
    assert f"Imported 250 messages from {path} to orders." in screen.replace("\n", "")
    assert mq.queue("orders").size() == 250

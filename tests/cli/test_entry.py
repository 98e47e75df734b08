"""The `ironmq` entry point: light imports, the missing-extra hint, version and completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ironmq_cli import _records as records
from ironmq_sdk import Alert, DeadLetter, Message, QueueInfo, ReservedMessage

HEAVY = ("ironmq_sdk", "httpx", "rich")


def python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
        timeout=60,
    )


def test_help_loads_neither_the_sdk_nor_rich() -> None:
    """`ironmq --help` imports click and the command definitions only (fast start-up)."""
    code = (
        "import sys\n"
        "sys.argv = ['ironmq', '--help']\n"
        "from ironmq_cli import main\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
        f"print(code, [m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)\n"
    )
    done = python(code)
    assert done.stderr == "0 []\n"
    assert "Living with queues:" in done.stdout


def test_importing_the_sdk_does_not_import_the_cli() -> None:
    """`import ironmq_sdk` never pulls in the command-line tool. (It may load click and rich
    all the same: httpx 0.28 imports its own command line when both are installed.)"""
    code = "import sys, ironmq_sdk; print('ironmq_cli' in sys.modules)"
    assert python(code).stdout == "False\n"


@pytest.mark.parametrize("missing", ["click", "rich"])
def test_missing_extra_is_a_one_line_hint(missing: str) -> None:
    """Without click or rich, `ironmq` says which extra to install, without a traceback."""
    code = (
        f"import sys; sys.modules[{missing!r}] = None\n"
        "sys.argv = ['ironmq', 'queues']\n"
        "from ironmq_cli import main\nmain()\n"
    )
    done = python(code)
    assert done.returncode == 1
    assert done.stderr == (
        "ironmq: the command-line tool needs its extra: pip install 'ironmq-sdk[cli]'\n"
    )


def test_version_and_module_entry() -> None:
    """`python -m ironmq_cli --version` names the package version."""
    done = subprocess.run(
        [sys.executable, "-m", "ironmq_cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("ironmq 0.")


def test_shell_completion_is_clicks_own() -> None:
    """The documented completion hook: a bash script, and commands completed by prefix."""
    program = "from ironmq_cli import main; main()"
    script = python(program, _IRONMQ_COMPLETE="bash_source")
    assert "_ironmq_completion" in script.stdout
    completed = python(
        program, _IRONMQ_COMPLETE="bash_complete", COMP_WORDS="ironmq qu", COMP_CWORD="1"
    )
    assert completed.stdout.splitlines() == ["plain,queues"]
    nested = python(
        program, _IRONMQ_COMPLETE="bash_complete", COMP_WORDS="ironmq dlq r", COMP_CWORD="2"
    )
    assert nested.stdout.splitlines() == ["plain,redrive"]


def test_json_field_names_are_stable() -> None:
    """The JSON output's field names are pinned: consumers' scripts depend on them."""
    info = QueueInfo(
        name="q",
        project_id="p",
        type="pull",
        message_timeout=60,
        message_expiration=3600,
        id="i",
        size=1,
        total_messages=2,
        dead_letter=DeadLetter("d", 3),
        alerts=(Alert("fixed", 10, "a", id="x"),),
    )
    assert list(records.queue(info)) == [
        "name",
        "id",
        "project_id",
        "type",
        "size",
        "total_messages",
        "message_timeout",
        "message_expiration",
        "dead_letter",
        "push",
        "alerts",
    ]
    assert json.dumps(records.queue(info)["dead_letter"]) == (
        '{"queue": "d", "max_reservations": 3}'
    )
    assert list(records.queue(info)["alerts"][0]) == [
        "id",
        "type",
        "trigger",
        "direction",
        "queue",
        "snooze",
    ]
    assert list(records.message(Message("1", "b", 0))) == ["id", "body", "reserved_count"]
    assert list(records.message(ReservedMessage("1", "b", 1, "r"))) == [
        "id",
        "body",
        "reserved_count",
        "reservation_id",
    ]

"""The command line: banner, credentials, options, errors."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

BANNER = re.compile(r"ironmq-local listening on http://127\.0\.0\.1:(\d+)")


@contextmanager
def running(*args: str) -> Iterator[tuple[str, list[str]]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ironmq_local", "--port", "0", *args],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().rstrip("\n")
        second = proc.stdout.readline().rstrip("\n")
        match = BANNER.fullmatch(first)
        assert match, first
        assert int(match.group(1)) > 0
        yield first.split(" on ")[1], [first, second]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_banner_and_default_credentials(tmp_path: Path) -> None:
    with running("--db", str(tmp_path / "x.db")) as (url, lines):
        assert lines[1] == "project_id: 5c9f1e0a1b2c3d4e5f607182  token: local-dev-token"
        r = httpx.get(
            f"{url}/3/projects/5c9f1e0a1b2c3d4e5f607182/queues",
            headers={"Authorization": "OAuth local-dev-token"},
        )
        assert r.status_code == 200
    assert (tmp_path / "x.db").exists()


def test_custom_credentials_and_message_size() -> None:
    pid, token = "aaaaaaaaaaaaaaaaaaaaaaaa", "secret"
    args = ["--db", ":memory:", "--project-id", pid, "--token", token, "--max-message-size", "10"]
    with running(*args, "--credentials", "bbbbbbbbbbbbbbbbbbbbbbbb:t2") as (url, lines):
        assert lines[1] == f"project_id: {pid}  token: {token}"
        base = f"{url}/3/projects/{pid}/queues/q/messages"
        auth = {"Authorization": f"OAuth {token}"}
        assert (
            httpx.post(base, json={"messages": [{"body": "x" * 10}]}, headers=auth).status_code
            == 201
        )
        r = httpx.post(base, json={"messages": [{"body": "x" * 11}]}, headers=auth)
        assert r.status_code == 413
        assert "10 bytes" in r.json()["msg"]
        other = f"{url}/3/projects/bbbbbbbbbbbbbbbbbbbbbbbb/queues"
        assert httpx.get(other, headers={"Authorization": "OAuth t2"}).status_code == 200
        # the default pair is replaced, not added
        default = f"{url}/3/projects/5c9f1e0a1b2c3d4e5f607182/queues"
        assert (
            httpx.get(default, headers={"Authorization": "OAuth local-dev-token"}).status_code
            == 401
        )


def test_bad_arguments_exit_2() -> None:
    for args in (
        ["--project-id", "xyz"],
        ["--credentials", "nocolon"],
        ["--max-message-size", "0"],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "ironmq_local", *args],
            capture_output=True,
            check=False,
            text=True,
            timeout=30,
        )
        assert proc.returncode == 2, args
        assert proc.stderr


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "ironmq-local"
    proc = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, timeout=30, check=False
    )
    assert proc.returncode == 0
    assert "--max-message-size" in proc.stdout

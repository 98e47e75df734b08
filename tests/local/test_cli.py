"""The `ironmq-local` command through a subprocess: banner, credentials, request log,
mistakes (one line, non-zero exit, no traceback), --version/--help, and the admin verbs."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from ironmq_local.settings import DEFAULT_PORT, DEFAULT_PROJECT_ID, DEFAULT_TOKEN
from ironmq_sdk import IronMQ

from .processes import COMMAND, running


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args], capture_output=True, text=True, timeout=60, check=False, env=env
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("ironmq-local: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_banner_names_url_database_credentials_and_exports(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    with running("--db", str(db)) as server:
        text = "\n".join(server.banner)
        assert f"database:    {db} (created)" in text
        assert f"project_id:  {DEFAULT_PROJECT_ID}  token: {DEFAULT_TOKEN}" in text
        assert f"{server.url}/3/projects/{DEFAULT_PROJECT_ID}" in text
        assert f"dashboard:   {server.url}/dashboard" in text
        assert httpx.get(f"{server.url}/dashboard").status_code == 200
        r = httpx.get(
            f"{server.url}/3/projects/{DEFAULT_PROJECT_ID}/queues",
            headers={"Authorization": f"OAuth {DEFAULT_TOKEN}"},
        )
        assert r.status_code == 200
    assert db.exists()
    with running("--db", str(db)) as server:
        assert f"database:    {db} (existing)" in "\n".join(server.banner)


def test_the_pasted_export_line_points_the_sdk_at_the_server(tmp_path: Path) -> None:
    """The banner's `export ...` line, run by a shell, configures IronMQ() with no arguments."""
    with running("--db", ":memory:") as server:
        (export,) = [line.strip() for line in server.banner if "export " in line]
        assert "IRON_HOST=127.0.0.1" in export
        assert "IRON_PROTOCOL=http" in export
        script = (
            "from ironmq_sdk import IronMQ\n"
            "with IronMQ() as mq:\n"
            "    mq.queue('pasted').post('hello')\n"
            "    print(mq.queue('pasted').size())\n"
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("IRON")}
        shell = f"{export} && {shlex.quote(sys.executable)} -c {shlex.quote(script)}"
        done = subprocess.run(
            ["sh", "-c", shell],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "1"


def test_custom_credentials_and_message_size() -> None:
    pid, token = "aaaaaaaaaaaaaaaaaaaaaaaa", "secret"
    args = ["--db", ":memory:", "--project-id", pid, "--token", token, "--max-message-size", "10"]
    with running(*args, "--credentials", "bbbbbbbbbbbbbbbbbbbbbbbb:t2") as server:
        assert f"project_id:  {pid}  token: {token}" in "\n".join(server.banner)
        assert "project_id:  bbbbbbbbbbbbbbbbbbbbbbbb  token: t2" in "\n".join(server.banner)
        base = f"{server.url}/3/projects/{pid}/queues/q/messages"
        auth = {"Authorization": f"OAuth {token}"}
        ok = httpx.post(base, json={"messages": [{"body": "x" * 10}]}, headers=auth)
        assert ok.status_code == 201
        r = httpx.post(base, json={"messages": [{"body": "x" * 11}]}, headers=auth)
        assert r.status_code == 413
        assert "10 bytes" in r.json()["msg"]
        other = f"{server.url}/3/projects/bbbbbbbbbbbbbbbbbbbbbbbb/queues"
        assert httpx.get(other, headers={"Authorization": "OAuth t2"}).status_code == 200
        # the default pair is replaced, not added
        default = f"{server.url}/3/projects/{DEFAULT_PROJECT_ID}/queues"
        assert (
            httpx.get(default, headers={"Authorization": f"OAuth {DEFAULT_TOKEN}"}).status_code
            == 401
        )


def test_one_log_line_per_request_with_the_token_redacted() -> None:
    with running("--db", ":memory:") as server:
        api = f"{server.url}/3/projects/{DEFAULT_PROJECT_ID}"
        httpx.get(f"{api}/queues?oauth={DEFAULT_TOKEN}&per_page=5")
        httpx.get(f"{api}/queues/nope", headers={"Authorization": f"OAuth {DEFAULT_TOKEN}"})
        server.stop()
    lines = [line for line in server.log if "/3/projects/" in line]
    assert len(lines) == 2, server.log
    assert re.fullmatch(
        r"\d\d:\d\d:\d\d GET /3/projects/\w+/queues\?oauth=\*\*\*&per_page=5 200 [\d.]+ ms",
        lines[0].rstrip(),
    )
    assert re.fullmatch(
        r"\d\d:\d\d:\d\d GET /3/projects/\w+/queues/nope 404 [\d.]+ ms", lines[1].rstrip()
    )
    assert not any(DEFAULT_TOKEN in line for line in server.log)


def test_quiet_logs_no_request_lines() -> None:
    with running("--db", ":memory:", "--quiet") as server:
        httpx.get(f"{server.url}/health")
        server.stop()
    assert not [line for line in server.log if "/health" in line]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--project-id", "xyz"], "--project-id"),
        (["--credentials", "nocolon"], "PROJECT_ID:TOKEN"),
        (["--max-message-size", "0"], "--max-message-size"),
        (["--port", "http"], "--port"),
        (["--port", "70000"], "--port"),
        (["--request-timeout", "-1"], "--request-timeout"),
        (["--log-level", "loud"], "--log-level"),
        (["--no-such-flag"], "--no-such-flag"),
    ],
)
def test_bad_flag_values_are_one_line_and_exit_2(args: list[str], fragment: str) -> None:
    proc = run_cli(*args)
    assert_one_line_error(proc, fragment, "--help")
    assert proc.returncode == 2


def test_a_port_in_use_is_named_with_a_hint() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run_cli("--port", str(port), "--db", ":memory:")
    assert_one_line_error(proc, f"port {port}", "in use", "--port")
    assert proc.returncode == 1
    assert proc.stdout == ""


@pytest.mark.parametrize("where", ["missing-dir/x.db", "a-directory", "not-a-db.txt"])
def test_an_unopenable_database_is_one_line(tmp_path: Path, where: str) -> None:
    (tmp_path / "a-directory").mkdir()
    (tmp_path / "not-a-db.txt").write_text("hello, this is not SQLite " * 100)
    proc = run_cli("--port", "0", "--db", str(tmp_path / where))
    assert_one_line_error(proc, "cannot open the database", where)
    assert proc.stdout == ""


def test_a_second_server_on_the_same_database_is_refused(tmp_path: Path) -> None:
    """Two servers on one file would each answer from their own memory of it (counters,
    ids): the second is refused in one line, and starts once the first is gone."""
    db = tmp_path / "shared.db"
    with running("--db", str(db)) as first:
        proc = run_cli("--port", "0", "--db", str(db))
        assert_one_line_error(proc, "another ironmq-local is serving", str(db), "--db")
        assert proc.stdout == ""
        assert httpx.get(f"{first.url}/health").status_code == 200  # the first one serves on
        first.proc.kill()  # even a crash leaves no lock behind
        first.proc.wait(timeout=30)
    with running("--db", str(db)) as second:
        assert f"database:    {db} (existing)" in "\n".join(second.banner)


def test_version_and_help_show_every_default() -> None:
    version = run_cli("--version")
    assert version.returncode == 0
    assert re.fullmatch(r"ironmq-local \d+\.\d+\.\d+\S*\n", version.stdout)
    shown = run_cli("--help")
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())  # argparse wraps lines
    for default in (
        f"(default: {DEFAULT_PORT})",
        "(default: 127.0.0.1)",
        "(default: ./ironmq-local.db)",
        f"(default: {DEFAULT_PROJECT_ID})",
        f"(default: {DEFAULT_TOKEN})",
        "(default: 65536)",
        "(default: 30.0)",
        "(default: 1000)",
        "(default: info)",
    ):
        assert default in text, default
    assert "ironmq-local reset" in text
    assert "ironmq-local faults" in text


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "ironmq-local"
    proc = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, timeout=30, check=False
    )
    assert proc.returncode == 0
    assert "--max-message-size" in proc.stdout


def test_admin_verbs_drive_a_running_server() -> None:
    """reset, clock and faults go through the control API of a --control server."""
    with running("--db", ":memory:", "--control", "--quiet") as server:
        url = ["--url", server.url]
        with IronMQ(project_id=DEFAULT_PROJECT_ID, token=DEFAULT_TOKEN, base_url=server.url) as mq:
            mq.queue("kept").post("x")
            frozen = run_cli("clock", "freeze", *url)
            assert frozen.returncode == 0, frozen.stderr
            assert "frozen" in frozen.stdout
            advanced = run_cli("clock", "advance", "60", *url)
            assert epoch(advanced.stdout) - epoch(frozen.stdout) == pytest.approx(60), advanced
            assert "frozen" in advanced.stdout
            armed = run_cli("faults", "2", "--status", "502", *url)
            assert armed.stdout.strip() == "the next 2 API request(s) will answer 502"
            raw = httpx.get(f"{server.url}/3/projects/{DEFAULT_PROJECT_ID}/queues")
            assert raw.status_code == 502
            assert run_cli("faults", "show", *url).stdout.strip().startswith("the next 1 ")
            assert run_cli("faults", "clear", *url).stdout.strip() == "no faults armed"
            assert mq.queue("kept").size() == 1
            reset = run_cli("reset", *url)
            assert reset.returncode == 0, reset.stderr
            assert mq.queues() == []
            assert run_cli("clock", *url).stdout.endswith(", +0 s from real time)\n")


def epoch(line: str) -> float:
    """The `epoch N` of a `clock` verb's output."""
    match = re.search(r"epoch ([\d.]+)", line)
    assert match, line
    return float(match.group(1))


def test_admin_verb_mistakes_are_one_line() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    nobody = run_cli("reset", "--url", f"http://127.0.0.1:{free}")
    assert_one_line_error(nobody, "no ironmq-local answers", "--url")
    with running("--db", ":memory:", "--quiet") as server:
        no_control = run_cli("clock", "--url", server.url)
        assert_one_line_error(no_control, "no control API", "--control")
    assert_one_line_error(run_cli("faults", "many"), "count")
    assert_one_line_error(run_cli("clock", "advance"), "SECONDS")
    env = dict(os.environ, IRONMQ_LOCAL_URL=f"http://127.0.0.1:{free}")
    assert_one_line_error(run_cli("reset", env=env), f"127.0.0.1:{free}")

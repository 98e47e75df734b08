"""The `local` extra for real: the wheel installed into a fresh venv without it.

`pip install ironmq-sdk` must bring the client only, and everything that reaches for the
server must then answer with the one-line hint instead of an ImportError from deep inside:
the console script, `python -m ironmq_local`, the package's names and the pytest fixture
(the plugin is loaded into every pytest run of anyone who installs the SDK).

One venv per session (about 10 s: the wheel build and the install come from pip's cache
after the first run); the client's dependencies resolve through pip as a user's would.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from ironmq_local._extra import HINT

REPO = Path(__file__).resolve().parents[2]
SERVER_ONLY = {"starlette", "uvicorn", "uvloop", "httptools", "h11", "pyyaml", "jinja2"}


def run(*cmd: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, timeout=300, cwd=cwd, check=False
    )


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built as `pip install .` would build it."""
    out = tmp_path_factory.mktemp("dist")
    built = run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, REPO)
    assert built.returncode == 0, built.stderr
    (path,) = out.glob("ironmq_sdk-*.whl")
    return path


@pytest.fixture(scope="session")
def client_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin` of a fresh venv with the wheel (no extras) and pytest installed."""
    venv = tmp_path_factory.mktemp("client") / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv)
    if made.returncode != 0:
        pytest.skip(f"cannot create a venv here: {made.stderr.strip()}")
    python = venv / "bin" / "python"
    installed = run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "-q",
        "-c",
        REPO / "constraints.txt",
        wheel,
        "pytest",
    )
    assert installed.returncode == 0, installed.stderr
    return venv / "bin"


def test_the_wheel_requires_the_server_only_with_the_local_extra(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        lines = zf.read(meta).decode().splitlines()
    requires = [
        Requirement(line.split(":", 1)[1]) for line in lines if line.startswith("Requires-Dist:")
    ]
    plain = {r.name.lower() for r in requires if r.marker is None or "extra" not in str(r.marker)}
    local = {r.name.lower() for r in requires if r.marker and 'extra == "local"' in str(r.marker)}
    assert "httpx" in plain
    assert plain.isdisjoint(SERVER_ONLY)
    assert local >= SERVER_ONLY


def test_a_client_install_has_the_sdk_and_no_server(client_venv: Path) -> None:
    sdk = run(client_venv / "python", "-c", "import ironmq_sdk; print(ironmq_sdk.IronMQ.__name__)")
    assert sdk.returncode == 0, sdk.stderr
    listed = run(
        client_venv / "python",
        "-c",
        "import importlib.metadata as m, json;"
        "print(json.dumps([d.metadata['Name'].lower() for d in m.distributions()]))",
    )
    present = set(json.loads(listed.stdout))
    assert present.isdisjoint({"starlette", "uvicorn", "uvloop", "httptools"})


@pytest.mark.parametrize(
    "command", [["ironmq-local", "--port", "0"], ["python", "-m", "ironmq_local"]]
)
def test_the_command_without_the_extra_prints_the_hint(
    client_venv: Path, command: list[str]
) -> None:
    proc = run(client_venv / command[0], *command[1:])
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [HINT]
    assert proc.stdout == ""


def test_the_server_names_without_the_extra_raise_the_hint(client_venv: Path) -> None:
    ok = run(client_venv / "python", "-c", "from ironmq_local import LocalServer, Settings")
    assert ok.returncode == 0, ok.stderr
    for code in (
        "from ironmq_local import create_app",
        "from ironmq_local import LocalServer; LocalServer().start()",
    ):
        proc = run(client_venv / "python", "-c", code)
        assert proc.returncode == 1
        assert proc.stderr.splitlines()[-1] == f"ironmq_local.MissingExtraError: {HINT}"
        assert "starlette" not in proc.stderr


def test_a_users_test_asking_for_the_fixture_fails_with_the_hint(
    client_venv: Path, tmp_path: Path
) -> None:
    (tmp_path / "test_user.py").write_text(
        "def test_plain():\n    assert True\n\n"
        "def test_with_server(ironmq):\n    assert ironmq.base_url\n"
    )
    proc = run(client_venv / "python", "-m", "pytest", "-p", "no:cacheprovider", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout
    assert "1 passed, 1 error" in proc.stdout, proc.stdout
    assert HINT in proc.stdout
    assert "Traceback" not in proc.stdout
    assert "ModuleNotFoundError" not in proc.stdout

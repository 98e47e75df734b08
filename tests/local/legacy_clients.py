"""Scratch virtualenvs for the legacy PyPI `iron-mq` clients (never the project's own venv).

Each client is installed with its dependencies as pip resolves them today (iron_core and
requests); a test is skipped when that install is impossible (no network to PyPI).
"""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest


def python_with(requirement: str, root: Path) -> str:
    """The Python of a venv at `root` where `requirement` is installed (made if missing)."""
    python = root / "bin" / "python"
    if not python.exists():
        venv.create(root, with_pip=True)
    check = subprocess.run([str(python), "-c", "import iron_mq"], capture_output=True, check=False)
    if check.returncode != 0:
        install = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", requirement],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if install.returncode != 0:
            pytest.skip(f"cannot install {requirement}: {install.stderr.strip()[-300:]}")
    return str(python)


def venv_root(tmp_path_factory: pytest.TempPathFactory, name: str, env: str) -> Path:
    """Where the venv `name` lives: `$env` if set, else a session temporary directory."""
    given = os.environ.get(env)
    return Path(given) / name if given else tmp_path_factory.mktemp(name)

"""The typed usage files in typing_tests/ pass `mypy --strict` (they are checked, never run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(600)
def test_typing_tests_pass_mypy_strict() -> None:
    """Results are typed for IDEs; misuse is rejected (`warn_unused_ignores` proves it)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--warn-unused-ignores",
            "--python-version",
            "3.11",
            "--no-incremental",  # a cache keyed on mtime and size can miss a quick edit
            str(ROOT / "typing_tests"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

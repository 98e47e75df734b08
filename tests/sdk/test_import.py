"""`import ironmq_sdk` stays light: the generated client loads on the first call."""

from __future__ import annotations

import subprocess
import sys


def test_import_does_not_load_the_generated_client() -> None:
    """The generated models and endpoints are imported lazily, on first use."""
    code = "import sys, ironmq_sdk; print(sorted(m for m in sys.modules if 'ironmq_api' in m))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_first_use_loads_the_generated_client() -> None:
    """Making a client imports its version's wire, and with it the generated client."""
    code = (
        "import sys, ironmq_sdk\n"
        "ironmq_sdk.IronMQ(project_id='p', token='t', base_url='http://x')\n"
        "print('ironmq_api_v3.models' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"

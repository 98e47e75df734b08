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


def _run(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_import_leaves_out_httpx_cli_asyncio_and_the_consumers() -> None:
    """httpx's own command line (click, rich, pygments, installed by the [cli] extra), asyncio
    and the consumer modules stay unloaded until used."""
    heavy = ["click", "rich", "pygments", "httpx._main", "asyncio", "ironmq_sdk._consumer"]
    code = f"import sys, ironmq_sdk; print(*[m for m in {heavy!r} if m in sys.modules])"
    assert _run(code) == []


def test_lazy_names_load_on_first_use() -> None:
    """`from ironmq_sdk import Consumer` (and the other lazy names, and `*`) work, once."""
    code = (
        "import ironmq_sdk\n"
        "from ironmq_sdk import AsyncConsumer, AsyncJob, Consumer, Job\n"
        "from ironmq_sdk import *\n"
        "print(Consumer.__module__, AsyncJob.__name__, ironmq_sdk.Job is Job)\n"
        "print('__getattr__' in dir(ironmq_sdk), 'Consumer' in vars(ironmq_sdk))\n"
        "try:\n"
        "    ironmq_sdk.Nope\n"
        "except AttributeError as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    assert _run(code) == [
        "ironmq_sdk._consumer",
        "AsyncJob",
        "True",
        "True",
        "True",
        "AttributeError",
    ]


def test_httpx_main_still_loads_the_real_cli() -> None:
    """After `import ironmq_sdk`, `httpx.main` is httpx's click command once first used,
    and `import httpx._main` gives the real module."""
    code = (
        "import ironmq_sdk, httpx, sys\n"
        "print(httpx.main.name)\n"
        "import httpx._main\n"
        "print(type(httpx.main).__name__, httpx._main.main is httpx.main)\n"
    )
    assert _run(code) == ["main", "Command", "True"]

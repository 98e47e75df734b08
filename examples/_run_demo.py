"""`make demo`: start ironmq-local on a free port with a temporary database, run the quick
start against it on IronMQ v3 and then on IronMQ v2 (IRON_API_VERSION=1: the seed README's
own protocol), stop the server."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from ironmq_local import LocalServer

HERE = Path(__file__).resolve().parent


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ironmq-demo-") as tmp:
        with LocalServer(str(Path(tmp) / "demo.db")) as server:
            url = urlsplit(server.base_url)
            print(f"ironmq-local is serving {server.base_url} (database in {tmp})")
            env = dict(
                os.environ,
                IRON_PROJECT_ID=server.project_id,
                IRON_TOKEN=server.token,
                IRON_PROTOCOL=url.scheme,
                IRON_HOST=url.hostname or "127.0.0.1",
                IRON_PORT=str(url.port),
            )
            codes = []
            for version, label in (
                ("3", "IronMQ v3 (/3/projects)"),
                ("1", "IronMQ v2 (/1/projects)"),
            ):
                print(f"\n######## {label}: IRON_API_VERSION={version} " + "#" * 30)
                # run from the temporary directory so that no ./iron.json overrides the variables
                done = subprocess.run(
                    [sys.executable, str(HERE / "quickstart.py")],
                    env={**env, "IRON_API_VERSION": version},
                    cwd=tmp,
                    check=False,
                )
                codes.append(done.returncode)
        print("\nironmq-local stopped")
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())

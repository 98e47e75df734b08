"""MkDocs hooks (mkdocs.yml `hooks:`): the parts of the site written from the sources.

- `reference/spec-decisions.md` is generated from the `info.description` of
  `spec/ironmq-v3.yaml` and `spec/ironmq-v2.yaml`, each decision with an anchor (`#v3-6`,
  `#v2-x2`) that the guides link to, so the page says what the specs say, always.
- `<!-- help: ironmq-local -->`, `<!-- help: ironmq-local VERB -->` and `<!-- help: ironmq -->`
  in a page become the commands' own `--help`, so the command-line reference cannot drift.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
SPECS = (("v3", "IronMQ v3", "spec/ironmq-v3.yaml"), ("v2", "IronMQ v2", "spec/ironmq-v2.yaml"))
HELP_MARK = re.compile(r"<!-- help: (ironmq-local|ironmq)((?: [a-z-]+)*|  ?\*) -->")
# A decision starts a line: `4. **Limits ...` or `X2. **Reservation ids**`.
DECISION = re.compile(r"^(X?\d+)\. \*\*")
WIDTH = 100
"""Columns of the help texts (argparse reads COLUMNS; click takes it as an argument)."""


def on_files(files: Files, config: Any) -> Files:
    """Add the generated spec-decisions page."""
    files.append(File.generated(config, "reference/spec-decisions.md", content=decisions_page()))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Replace each help marker by that command's help text."""
    return HELP_MARK.sub(lambda m: help_block(m.group(1), m.group(2).split()), markdown)


def decisions_page() -> str:
    """Both specs' descriptions, as one page with an anchor per decision."""
    parts = [
        "# Spec decisions\n",
        "Where Iron.io's documentation is silent or its sources disagree, the OpenAPI "
        "descriptions in `spec/` record what was decided; `ironmq-local` implements it and "
        "the tests hold it to it. This page is generated from the specs' `info.description` "
        "when the site is built.\n",
    ]
    for key, title, path in SPECS:
        spec = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
        parts.append(f"## {title} {{ #{key} }}\n")
        parts.append(f"From `{path}` (its version {spec['info']['version']}).\n")
        parts.append(_anchored(key, spec["info"]["description"]))
    return "\n".join(parts)


def _anchored(key: str, text: str) -> str:
    lines = []
    for line in text.splitlines():
        match = DECISION.match(line)
        if match:  # `6. **Reservations**` -> `6. <a id="v3-6"></a>**Reservations**`
            anchor = f"{key}-{match.group(1).lower()}"
            lines.append(f'{match.group(1)}. <a id="{anchor}"></a>' + line[match.end() - 2 :])
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def help_block(program: str, args: list[str]) -> str:
    """`program args --help`, run in-process, as a fenced block; `ironmq *`: every command
    of the CLI, each under its own heading."""
    if args == ["*"]:
        return "\n\n".join(
            f"### ironmq {' '.join(path)}\n\n{help_block(program, path)}"
            for path in _ironmq_commands()
        )
    text = _ironmq_local_help(args) if program == "ironmq-local" else _ironmq_help(args)
    return f"```text\n$ {' '.join([program, *args, '--help'])}\n{text.rstrip()}\n```"


def _ironmq_local_help(args: list[str]) -> str:
    from ironmq_local.cli import main  # noqa: PLC0415  # only when a page asks

    out = io.StringIO()
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(WIDTH)
    try:
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            main([*args, "--help"])
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
    return out.getvalue()


def _ironmq_commands() -> list[list[str]]:
    """The path of every command of `ironmq` (groups' subcommands included), in help order."""
    import click  # noqa: PLC0415

    from ironmq_cli._app import cli  # noqa: PLC0415

    def walk(group: click.Group, path: list[str]) -> list[list[str]]:
        ctx = click.Context(group)
        found = []
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            found.append([*path, name])
            if isinstance(command, click.Group):
                found += walk(command, [*path, name])
        return found

    return walk(cli, [])


def _ironmq_help(args: list[str]) -> str:
    from click.testing import CliRunner  # noqa: PLC0415

    from ironmq_cli._app import cli  # noqa: PLC0415

    result = CliRunner().invoke(cli, [*args, "--help"], prog_name="ironmq", terminal_width=WIDTH)
    if result.exit_code != 0:
        raise RuntimeError(f"ironmq {' '.join(args)} --help failed:\n{result.output}")
    return result.output

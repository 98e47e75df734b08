"""The command line's guide (docs/cli.md) stays true: its commands parse, its tables are real."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from ironmq_cli._app import SECTIONS, cli
from ironmq_cli._errors import ExitCode

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def cli_section() -> str:
    """The guide's text, before the reference generated from `--help`."""
    text = GUIDE.read_text(encoding="utf-8")
    return text[: text.index("\n## Command reference")]


def typed_commands() -> list[list[str]]:
    """Every `ironmq ...` the guide's sessions type, up to a pipe or `;`."""
    commands = []
    for line in cli_section().splitlines():
        for part in re.split(r"\s\|\s|;\s", line.removeprefix("$ ")):
            if line.startswith("$ ") and part.startswith("ironmq "):
                commands.append(shlex.split(part)[1:])
    return commands


def unparsed(ctx: click.Context) -> list[str]:
    """A group's arguments left for its subcommand (click 8.2+ keeps the first apart)."""
    return [*getattr(ctx, "_protected_args", []), *ctx.args]


@pytest.mark.parametrize("args", typed_commands(), ids=" ".join)
def test_readme_commands_parse(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command the guide types exists and takes those options and arguments."""
    monkeypatch.chdir(tmp_path)
    for arg in args:
        if arg.endswith(".jsonl"):
            (tmp_path / arg).touch()  # `import` wants its file to exist
    ctx = cli.make_context("ironmq", list(args))
    command: click.Command = cli
    rest = unparsed(ctx)
    while isinstance(command, click.Group) and rest:
        _, found, rest = command.resolve_command(ctx, rest)
        assert found is not None
        command = found
        ctx = command.make_context(command.name, rest, parent=ctx)
        rest = unparsed(ctx)
    assert not isinstance(command, click.Group)


def test_the_guide_lists_every_command_and_exit_code() -> None:
    """The command table names every command of the help page; the exit-code table every code."""
    section = cli_section()
    for _, names in SECTIONS:
        for name in names:
            assert f"`{name}" in section, name
    for code in ExitCode:
        assert f"| {int(code)} |" in section, code

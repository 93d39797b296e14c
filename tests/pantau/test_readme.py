"""README.md is the newcomer's manual: its examples must work and it must name every
command the CLI has."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import click
import pytest

from pantau.cli import cli
from pantau.config import PantauConfig

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "pantau") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix} {name}")
    return names


@pytest.mark.parametrize("command", _commands(cli))
def test_every_command_is_in_the_readme(command):
    assert re.search(re.escape(command) + r"\b", README), f"README does not show `{command}`"


def test_every_toml_example_in_the_readme_is_valid_config():
    blocks = re.findall(r"```toml\n(.*?)```", README, flags=re.S)
    assert blocks
    for block in blocks:
        if "..." in block or "<" in block:
            continue  # placeholders for secrets
        PantauConfig.model_validate(tomllib.loads(block))


def test_ci_runs_the_readme_test_commands():
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    assert "ci:test:begin" in ci and "ci:test:begin" in README

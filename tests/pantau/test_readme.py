"""README.md is the newcomer's manual: its examples must work and it must name every
command the CLI has."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from pantau.config import PantauConfig
from tests.pantau.helpers import command_tree

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [" ".join(("pantau", *path)) for path, _ in command_tree()])
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

"""The `pantau` root: commands loaded lazily, help pages that import no domain, settings
read only when a command runs, one naming convention, one `--period`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest

from pantau.cli import COMMANDS, cli
from pantau.cli.base import PantauCommand, PantauGroup
from pantau.web.models import ROLES
from tests.pantau.helpers import command_tree

ROOT = Path(__file__).resolve().parents[2]
# What a help page must not import: the database stack, pydantic, the web app, and every
# domain (a domain's commands import it when they run).
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "pydantic", "fastapi", "jinja2", "matplotlib",
         "collectors", "sentiment", "survey", "indicators", "jobs", "pantau.config",
         "pantau.web")

PROBE = """
import sys
from pantau.cli import main
sys.argv = ["pantau", *sys.argv[1:], "--help"]
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.startswith(tuple(sys.stdin.read().split())))
print("IMPORTED", *heavy)
"""


@pytest.mark.parametrize("words", [[], *([name] for name in sorted(COMMANDS))],
                         ids=lambda words: " ".join(["pantau", *words, "--help"]))
def test_help_imports_no_database_and_no_domain(words: list[str]) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", PROBE, *words], input=" ".join(HEAVY),
                            cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "Penggunaan: pantau" in result.stdout
    imported = result.stdout.rsplit("IMPORTED", 1)[1].split()
    assert imported == [], f"pantau {' '.join(words)} --help imports {imported}"


def test_the_root_lists_each_command_as_the_command_itself_would() -> None:
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMANDS)
    for name, entry in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name, entry.target
        stand_in = click.Command(name, help=entry.short_help)
        for limit in (45, 200):
            assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), \
                f"COMMANDS[{name!r}].short_help is stale"


def test_every_command_is_built_from_the_pantau_classes() -> None:
    for path, command in command_tree():
        expected = PantauGroup if isinstance(command, click.Group) else PantauCommand
        assert isinstance(command, expected), f"pantau {' '.join(path)} is a plain click class"


def test_function_names_follow_one_convention() -> None:
    for path, command in command_tree():
        words = [w.replace("-", "_") for w in path]
        if isinstance(command, click.Group):
            expected = f"{words[-1]}_group"
        elif len(words) == 1:
            expected = f"{words[0]}_command"
        else:
            expected = "_".join(words)
        assert command.callback is not None
        assert command.callback.__name__ == expected, f"pantau {' '.join(path)}"


def test_help_does_not_read_the_configuration_but_a_command_does(
        cli_runner: Any, write_config: Any) -> None:
    write_config('[schedule]\ndaily_report_time = "25:00"\n')
    assert "Penggunaan: pantau survey" in cli_runner(["survey", "--help"]).output
    assert "Penggunaan: pantau survey units" in cli_runner(["survey", "units", "-h"]).output
    broken = cli_runner(["survey", "units"], expect_ok=False)
    assert broken.exit_code == 1 and "Galat:" in broken.output
    assert "daily_report_time" in broken.output


def test_period_always_means_a_period(cli_runner: Any) -> None:
    for path, command in command_tree():
        for param in command.params:
            if "--period" in getattr(param, "opts", ()) and not param.hidden:
                assert param.metavar == "PERIODE", f"pantau {' '.join(path)} --period"
    old = cli_runner(["report", "media", "--period", "weekly", "--date", "2023-06-05"],
                     expect_ok=False)
    assert old.exit_code == 2
    assert "--period selalu berarti periode" in old.output
    assert "pantau report media --kind mingguan --date" in old.output
    bad = cli_runner(["indicators", "compute", "--year", "2023", "--period", "mingguan"],
                     expect_ok=False)
    assert "Galat: Periode 'mingguan' tidak dikenali" in bad.output


def test_media_report_kinds_are_indonesian(cli_runner: Any) -> None:
    page = cli_runner(["report", "media", "--help"]).output
    assert "--kind [harian|mingguan|bulanan]" in page and "[bawaan: harian]" in page
    wrong = cli_runner(["report", "media", "--kind", "daily", "--date", "2023-06-05"],
                       expect_ok=False)
    assert "'daily' bukan salah satu dari 'harian', 'mingguan', 'bulanan'" in wrong.output


def test_role_help_names_every_role(cli_runner: Any) -> None:
    for words in (["user", "create", "-h"], ["user", "set", "-h"]):
        page = " ".join(cli_runner(words).output.split())
        for role in ROLES:
            assert role in page


def test_a_bad_role_is_refused_before_the_password_is_asked(cli_runner: Any) -> None:
    result = cli_runner(["user", "create", "rina", "--role", "kepala"], expect_ok=False)
    assert "Galat: Peran 'kepala' tidak dikenal" in result.output
    assert "Kata sandi" not in result.output


def test_version(cli_runner: Any) -> None:
    from pantau import __version__

    assert cli_runner(["--version"]).output == f"pantau versi {__version__}\n"

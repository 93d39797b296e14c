"""One date type for every date option (`pantau.cli.base.DATE`): metavar TTTT-BB-HH, and
messages in words people read (never a format code such as %Y-%m-%d)."""

from __future__ import annotations

from typing import Any

import click
import pytest

from pantau.cli.base import DATE
from tests.pantau.helpers import command_tree

# Survey commands belong to the survey's engineers; `sentiment label --since` takes a time
# too (2026-05-01T07:00), so it is not a day.
NOT_HERE = (("survey",), ("sentiment", "label"))
DATE_OPTIONS = ("--date", "--since", "--until", "--berlaku")


def test_every_date_option_is_the_one_date_type() -> None:
    wrong = []
    for path, command in command_tree():
        if any(path[:len(prefix)] == prefix for prefix in NOT_HERE):
            continue
        for param in command.params:
            opts = getattr(param, "opts", ())
            is_date = isinstance(param.type, click.DateTime) and not param.type.formats[0] \
                .endswith("%M") or any(o in DATE_OPTIONS for o in opts)
            if is_date and param.type is not DATE:
                wrong.append(f"pantau {' '.join(path)} {'/'.join(opts)}")
    assert wrong == []


@pytest.mark.parametrize("command", [
    ["report", "media"], ["report", "analysis"], ["run", "daily"], ["run", "job", "label"],
    ["alerts", "check"], ["clippings", "scan", "x.png", "--media", "Kompas"],
    ["mentions", "list", "--since"], ["mentions", "export", "--until"],
])
def test_dates_are_refused_in_words(cli_runner: Any, command: list[str]) -> None:
    option = command.pop() if command[-1].startswith("--") else "--date"
    wrong = cli_runner([*command, option, "16-11-2026"], expect_ok=False)
    assert wrong.exit_code == 2, wrong.output
    assert "'16-11-2026' bukan tanggal; gunakan format TTTT-BB-HH (mis. 2026-03-05)." \
        in wrong.output
    assert "%Y" not in wrong.output
    missing = cli_runner([*command, option, "2026-11-31"], expect_ok=False)
    assert missing.exit_code == 2, missing.output
    assert "tanggal 2026-11-31 tidak ada" in missing.output and "format" not in missing.output
    help_text = cli_runner([*command[:2], "--help"]).output
    assert f"{option} TTTT-BB-HH" in help_text and "%Y" not in help_text


def test_the_date_type_gives_a_day() -> None:
    from datetime import date

    assert DATE.convert("2026-03-05", None, None) == date(2026, 3, 5)
    assert DATE.convert(" 2026-03-05 ", None, None) == date(2026, 3, 5)
    with pytest.raises(click.BadParameter, match="tanggal 2026-13-01 tidak ada"):
        DATE.convert("2026-13-01", None, None)
    with pytest.raises(click.BadParameter, match="bukan tanggal"):
        DATE.convert("20260305", None, None)

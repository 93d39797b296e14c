"""The command classes every `pantau` command is built from.

- `PantauCommand` reads the settings and the TOML configuration when the command runs, not
  before: `--help` and a mistyped option never touch pydantic or the database, and a broken
  configuration stops every command with its message.
- `PantauGroup` makes its subcommands `PantauCommand`s.
- `LazyGroup` (click's documented lazy-loading pattern) knows its commands by name, module
  and one-line help, and imports a command's module only when that command is used, so
  `pantau --help` imports no domain.
- Metavars are Indonesian (`[OPSI]`, `PERINTAH [ARG]...`, `TEKS`, `BILANGAN`); click's own
  sentences come from the catalogue in `pantau.cli.translation`.

Naming in `pantau/cli`: a group's function is `<name>_group`, a group's subcommand
`<group>_<command>`, a top-level command `<name>_command`; the root group is `cli`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from gettext import gettext as _
from typing import Any, NamedTuple, TypeVar

import click

OPTIONS_METAVAR = "[OPSI]"
SUBCOMMAND_METAVAR = "PERINTAH [ARG]..."
# click shows an option's type name when the type has no metavar of its own. Path's name is
# translated only when it is built while a command runs, so both spellings are listed.
TYPE_METAVARS = {
    "text": "TEKS", "integer": "BILANGAN", "integer range": "BILANGAN", "float": "ANGKA",
    "float range": "ANGKA", "boolean": "YA/TIDAK", "file": "BERKAS", "berkas": "BERKAS",
    "directory": "FOLDER", "folder": "FOLDER", "path": "JALUR", "jalur": "JALUR",
}


def _indonesian_metavars(params: Sequence[click.Parameter]) -> None:
    for param in params:
        if isinstance(param, click.Option) and param.metavar is None and not param.is_flag \
                and param.type.name in TYPE_METAVARS:
            param.metavar = TYPE_METAVARS[param.type.name] + ("..." if param.nargs != 1 else "")


def read_configuration() -> None:
    """Read the settings and the TOML configuration anew, so a broken one stops the command
    with its message before anything runs."""
    # deferred: pydantic and the config models; --help and usage errors never need them
    from pantau.config import get_config
    from pantau.core.settings import get_settings, reset_settings

    reset_settings()
    get_settings()
    get_config()


class PantauCommand(click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)
        _indonesian_metavars(self.params)

    def invoke(self, ctx: click.Context) -> Any:
        read_configuration()
        return super().invoke(ctx)


class PantauGroup(click.Group):
    command_class = PantauCommand
    group_class = type  # subgroups made with @group.group() are PantauGroups too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)
        _indonesian_metavars(self.params)


class LazyCommand(NamedTuple):
    target: str  # "package.module:attribute"
    short_help: str  # what the group's help lists beside the name (a test keeps it true)


class LazyGroup(PantauGroup):
    def __init__(self, *args: Any, lazy_commands: dict[str, LazyCommand], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands
        self._loaded: dict[str, click.Command] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy_commands:
            return super().get_command(ctx, cmd_name)
        if cmd_name not in self._loaded:
            module_name, attribute = self.lazy_commands[cmd_name].target.split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):  # pragma: no cover - a wrong map entry
                raise TypeError(f"{module_name}:{attribute} is not a click command")
            self._loaded[cmd_name] = command
        return self._loaded[cmd_name]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List every command with its one-line help, importing no lazy command's module."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.lazy_commands:
                # a bare command with that help shortens it exactly as the real one would
                stand_in = click.Command(name, help=self.lazy_commands[name].short_help)
                rows.append((name, stand_in.get_short_help_str(limit)))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)


F = TypeVar("F", bound=Callable[..., Any])

PERIOD_HELP = ("Periode: 2025 (tahun), 2025-05 (bulan), 2025-TW2 (triwulan), 2025-S1 "
               "(semester) atau 2025-01-01..2025-03-31")


def _parse_period(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    # deferred: keeps --help fast (periods loads zoneinfo)
    from pantau.core.periods import parse_period

    return parse_period(value) if value is not None else None


def period_option(*, required: bool = False, default_text: str = "") -> Callable[[F], F]:
    """`--period`: always a period, parsed by `pantau.core.periods` (a bad one is a
    `Galat:` message naming the accepted forms)."""
    help_text = PERIOD_HELP + (f" (bawaan: {default_text})." if default_text else ".")
    return click.option("--period", "period", metavar="PERIODE", required=required,
                        callback=_parse_period, help=help_text)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateType(click.ParamType):
    """A day written TTTT-BB-HH (the one date type of every `--date`, `--since`, `--until`
    option): a `datetime.date`. A wrong form is told the form, a day that does not exist
    (2026-11-31) is told so; no format code reaches the user."""

    name = "tanggal"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "TTTT-BB-HH"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if not _ISO_DAY.fullmatch(text):
            self.fail(f"'{value}' bukan tanggal; gunakan format TTTT-BB-HH (mis. 2026-03-05).",
                      param, ctx)
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.fail(f"tanggal {text} tidak ada.", param, ctx)


DATE = DateType()


def cli_actor() -> str:
    """Who runs this command, as the audit log names them: `cli:<OS user>`."""
    import getpass  # deferred: only commands that change an official's number need it

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "cli:tidak diketahui"


def confirm(question: str) -> None:
    """Ask `question` (answer y/ya or t/tidak, default no); stop the command on no."""
    answer = click.prompt(f"{question} [y/T]", default="t", show_default=False,
                          show_choices=False,
                          type=click.Choice(["y", "ya", "t", "tidak"], case_sensitive=False))
    if answer.lower() not in ("y", "ya"):
        raise click.Abort()

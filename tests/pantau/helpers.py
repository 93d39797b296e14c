"""Helpers shared by several test packages: walking the `pantau` command tree (the tests of
the CLI and of the README), running calls at once, counting SQL statements."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from sqlalchemy import event

from pantau.cli import cli
from pantau.core.db import get_engine

Path = tuple[str, ...]


def command_tree(group: click.Group = cli, path: Path = (),
                 parent: click.Context | None = None) -> list[tuple[Path, click.Command]]:
    """Every command and group under `group` with the words that call it, parents first."""
    ctx = click.Context(group, info_name=path[-1] if path else "pantau", parent=parent)
    found: list[tuple[Path, click.Command]] = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        found.append(((*path, name), command))
        if isinstance(command, click.Group):
            found += command_tree(command, (*path, name), ctx)
    return found


def at_once(calls: list[Any]) -> list[Any]:
    """Run the calls in threads released together (a barrier); each one's result, or the
    exception it raised."""

    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as exc:  # noqa: BLE001 - the caller inspects what came out
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@contextmanager
def sql_statements() -> Iterator[list[str]]:
    """The SQL statements sent on the settings' database inside the block, in order (a
    count of round trips, which unlike a timing is the same on every machine)."""
    engine = get_engine()
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)

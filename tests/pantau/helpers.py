"""Walking the `pantau` command tree, for the tests of the CLI and of the README."""

from __future__ import annotations

import threading
from typing import Any

import click

from pantau.cli import cli

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

"""Walking the `pantau` command tree, for the tests of the CLI and of the README."""

from __future__ import annotations

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

"""`pantau` commands of sentiment."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []

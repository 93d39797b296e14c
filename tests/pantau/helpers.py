"""Helpers shared by several test packages: walking the `pantau` command tree (the tests of
the CLI and of the README), running calls at once, counting SQL statements and round trips."""

from __future__ import annotations

import re
import tempfile
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


@contextmanager
def postgresql_round_trips() -> Iterator[list[list[str]]]:
    """The round trips to PostgreSQL inside the block, read from libpq's protocol trace of
    every connection used: one entry per answer the client waited for (ReadyForQuery), each
    the statements it sent for it ("BEGIN", ";" (the pool's ping), "INSERT INTO ..."). Unlike
    `sql_statements`, this counts what SQLAlchemy and the driver send on their own: the pool's
    liveness check, BEGIN and COMMIT."""
    # deferred: psycopg is installed with PostgreSQL support only
    from psycopg import pq

    engine = get_engine()
    traced: list[tuple[Any, int | None]] = []
    trips: list[list[str]] = []
    with tempfile.TemporaryFile() as trace:

        def start(dbapi_connection: Any, *_args: Any) -> None:
            dbapi_connection.pgconn.trace(trace.fileno())
            dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
            # Every statement sent with its text, none by the name of one the driver
            # prepared before (the same round trips either way).
            traced.append((dbapi_connection, dbapi_connection.prepare_threshold))
            dbapi_connection.prepare_threshold = None

        # The connections waiting in the pool are traced from here on, and so is every one
        # opened inside the block.
        pool: Any = engine.pool
        idle = [engine.raw_connection() for _ in range(pool.checkedin())]
        for connection in idle:
            start(connection.dbapi_connection)
            connection.close()
        event.listen(engine, "connect", start)
        try:
            yield trips
        finally:
            event.remove(engine, "connect", start)
            for connection, threshold in traced:
                if not connection.closed:
                    connection.pgconn.untrace()  # flushes the trace
                    connection.prepare_threshold = threshold
            trace.seek(0)
            trips.extend(_round_trips(trace.read().decode("utf-8", "replace")))


_TRACED = re.compile(
    r'^F\t\d+\t(?:Query\t "(?P<query>.*)"|Parse\t "[^"]*" "(?P<parse>.*)" \d+.*)$', re.DOTALL)


def _round_trips(trace: str) -> list[list[str]]:
    """libpq's trace -> the statements sent before each ReadyForQuery."""
    trips: list[list[str]] = []
    sent: list[str] = []
    # One message per line; a statement's own newlines continue its line.
    for line in re.split(r"\n(?=[FB]\t)", trace):
        line = " ".join(line.split("\n"))
        if line.startswith("B\t") and "\tReadyForQuery\t" in line:
            trips.append(sent)
            sent = []
            continue
        found = _TRACED.match(line)
        if found is not None:
            sent.append(found["query"] if found["query"] is not None else found["parse"])
    return trips

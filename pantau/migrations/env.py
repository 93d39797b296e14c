"""Alembic environment: Pantau's metadata, on the connection `pantau.core.db.upgrade` passes."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from collectors.api import FULLTEXT_DOWNGRADE, FULLTEXT_UPGRADE, PARTITION_UPGRADE
from pantau.models import metadata

config = context.config
target_metadata = metadata


def _dialect_block(statements: dict[str, list[str]]) -> str:
    """Python source for a migration: run each dialect's statements on that dialect."""
    lines = ["dialect = op.get_bind().dialect.name"]
    for n, (dialect, sqls) in enumerate(statements.items()):
        lines.append(f"{'if' if n == 0 else 'elif'} dialect == {dialect!r}:")
        lines += [f"    op.execute({sql!r})" for sql in sqls]
    return "\n    ".join(lines)


def _template_args() -> dict[str, str]:
    """The initial migration (`pantau.migrations.regenerate`) also creates what the models
    cannot say: on PostgreSQL the mention table partitioned by month
    (`collectors.partitions`), then the full-text search on mentions (`collectors.search`).
    Dropping the partitioned table drops its partitions: the downgrade needs no more."""
    if not config.attributes.get("initial"):
        return {}
    upgrade = {dialect: PARTITION_UPGRADE.get(dialect, []) + statements
               for dialect, statements in FULLTEXT_UPGRADE.items()}
    return {"extra_upgrade": "# PostgreSQL: mention partitioned by month "
                             "(collectors.partitions);\n    "
                             "# full-text search on mentions (collectors.search).\n    "
                             + _dialect_block(upgrade),
            "extra_downgrade": _dialect_block(FULLTEXT_DOWNGRADE)}


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        template_args=_template_args(),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _configure(conn)


run_migrations_online()

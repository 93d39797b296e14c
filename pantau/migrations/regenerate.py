"""Developer tool: regenerate the initial migration from the models.

    python -m pantau.migrations.regenerate

Until the first release the schema is one migration, rewritten from the models; after a
release, new migrations are added with `alembic revision --autogenerate` instead.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from pantau.core.db import MIGRATIONS_DIR, alembic_config

INITIAL = MIGRATIONS_DIR / "versions" / "0001_initial.py"


def main() -> None:
    INITIAL.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'empty.db'}"
        cfg = alembic_config(url)
        cfg.attributes["initial"] = True  # env.py adds the full-text search
        command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
    created = next((MIGRATIONS_DIR / "versions").glob("0001_*.py"))
    if created != INITIAL:
        created.rename(INITIAL)
    print(f"wrote {INITIAL}")


if __name__ == "__main__":
    main()

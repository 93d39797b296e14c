"""Developer tool: regenerate the initial migration from the models.

    python -m pantau.migrations.regenerate

Until the first release the schema is one migration, rewritten from the models; after a
release, new migrations are added with `alembic revision --autogenerate` instead. The
revision id carries a hash of the schema ("0001_<hash>"), so a database made by an earlier
schema is recognised and refused with a clear message (`pantau.core.db.upgrade`) instead of
failing later on a missing table or column.
"""

from __future__ import annotations

import hashlib
import re
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
        command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
    created = next((MIGRATIONS_DIR / "versions").glob("0001_*.py"))
    text = created.read_text(encoding="utf-8")
    created.unlink()
    schema = hashlib.sha256(text[text.index("def upgrade"):].encode()).hexdigest()[:10]
    text = text.replace("Revision ID: 0001\n", f"Revision ID: 0001_{schema}\n", 1)
    text = re.sub(r"^Create Date: .*\n", "", text, count=1, flags=re.M)
    text = text.replace("revision: str = '0001'", f"revision: str = '0001_{schema}'", 1)
    INITIAL.write_text(text, encoding="utf-8")
    print(f"wrote {INITIAL}")


if __name__ == "__main__":
    main()

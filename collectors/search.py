"""Full-text search over stored mentions (title and body): the index each database keeps and
the condition that uses it, behind the mention filter's words (`/media?q=`, the JSON API,
`pantau mentions list`).

- SQLite: an FTS5 table `mention_fts` over `mention` (external content, `unicode61` with
  diacritics removed), kept in step by triggers on insert, delete and update of the title
  or the body.
- PostgreSQL: a GIN index on a `tsvector` expression of the title and the first
  `PG_TEXT_CHARS` characters of the body (configuration `simple`: no stemming, no stop
  words), always in step because it is an index on the row itself. ASCII punctuation is read
  as a space, as FTS5's tokenizer does, so `COVID-19`, `jl.Sudirman` and `e-KTP` are found by
  their parts on both databases.

What a user types is never query syntax: it is cut into words (letters and digits), each
word is quoted and matched as a prefix (`layan` finds `layanan`, not `pelayanan`), in any
case, and every word must occur. Input with no letter or digit matches nothing.

Both parts are created by the single migration (`pantau.migrations.regenerate` renders
`UPGRADE` / `DOWNGRADE` into it). A later SQLite migration that rebuilds the `mention`
table (Alembic batch mode) drops the triggers and must create them again.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Boolean, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

MAX_WORDS = 16  # further words are ignored: a page is found long before that
MAX_WORD_CHARS = 60
PG_TEXT_CHARS = 100_000  # the body is indexed up to here on PostgreSQL (tsvector <= 1 MB)

_WORD = re.compile(r"[^\W_]+")

def _pg_document(table: str) -> str:
    return (f"to_tsvector('simple'::regconfig, regexp_replace("
            f"{table}.title || ' ' || left({table}.text, {PG_TEXT_CHARS}), "
            f"'[[:punct:]]+', ' ', 'g'))")


_PG_DOCUMENT = _pg_document("mention")

SQLITE_UPGRADE = [
    "CREATE VIRTUAL TABLE mention_fts USING fts5(title, text, content='mention', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER mention_fts_insert AFTER INSERT ON mention BEGIN "
    "INSERT INTO mention_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER mention_fts_delete AFTER DELETE ON mention BEGIN "
    "INSERT INTO mention_fts(mention_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER mention_fts_update AFTER UPDATE OF title, text ON mention BEGIN "
    "INSERT INTO mention_fts(mention_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO mention_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO mention_fts(mention_fts) VALUES ('rebuild')",
]
SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS mention_fts_update",
    "DROP TRIGGER IF EXISTS mention_fts_delete",
    "DROP TRIGGER IF EXISTS mention_fts_insert",
    "DROP TABLE IF EXISTS mention_fts",
]
POSTGRES_UPGRADE = [f"CREATE INDEX ix_mention_fulltext ON mention USING gin ({_PG_DOCUMENT})"]
POSTGRES_DOWNGRADE = ["DROP INDEX IF EXISTS ix_mention_fulltext"]

UPGRADE = {"sqlite": SQLITE_UPGRADE, "postgresql": POSTGRES_UPGRADE}
DOWNGRADE = {"sqlite": SQLITE_DOWNGRADE, "postgresql": POSTGRES_DOWNGRADE}


def search_words(text: str) -> list[str]:
    """The words of what a user typed, in lower case: runs of letters and digits."""
    return [w[:MAX_WORD_CHARS] for w in _WORD.findall(text.lower())][:MAX_WORDS]


class TextMatch(ColumnElement[bool]):
    """True for a mention (the `mention` table in the FROM clause) whose title or body holds
    every word of `text` as a word prefix; compiled for each database's index."""

    type = Boolean()
    inherit_cache = False  # the words live outside SQLAlchemy's cache key

    def __init__(self, text: str, direct: bool = False) -> None:
        self.words = tuple(search_words(text))
        self.direct = direct


def mention_text_match(text: str, *, direct: bool = False) -> ColumnElement[bool]:
    """The filter condition for the words in `text` (see the module docstring). `direct`:
    on PostgreSQL a condition on the row itself rather than an id set, for a query the
    caller keeps from walking another index (a subquery with OFFSET 0)."""
    return TextMatch(text, direct)


def _bind(compiler: Any, value: str, **kw: Any) -> str:
    return str(compiler.process(bindparam("fulltext_query", value, unique=True), **kw))


@compiles(TextMatch, "sqlite")
def _compile_sqlite(element: TextMatch, compiler: Any, **kw: Any) -> str:
    if not element.words:
        return "0 = 1"
    # Each word a quoted FTS5 string (letters and digits only: nothing to escape) with `*`.
    query = " ".join(f'"{w}"*' for w in element.words)
    return ("mention.id IN (SELECT rowid FROM mention_fts WHERE mention_fts MATCH "
            f"{_bind(compiler, query, **kw)})")


@compiles(TextMatch, "postgresql")
def _compile_postgresql(element: TextMatch, compiler: Any, **kw: Any) -> str:
    if not element.words:
        return "1 = 0"
    # Each word a quoted lexeme (letters and digits only: nothing to escape) with `:*`.
    query = " & ".join(f"'{w}':*" for w in element.words)
    if element.direct:
        return (f"{_PG_DOCUMENT} @@ to_tsquery('simple'::regconfig, "
                f"{_bind(compiler, query, **kw)})")
    # The matching ids come from the index as a set of their own (OFFSET 0 keeps the planner
    # from folding the subquery in): otherwise, newest first with a LIMIT, it may walk the
    # publication-time index and compute every row's tsvector until it has a page (13 s
    # for a rare word at 200,000 mentions).
    return (f"mention.id IN (SELECT fulltext.id FROM mention AS fulltext WHERE "
            f"{_pg_document('fulltext')} @@ to_tsquery('simple'::regconfig, "
            f"{_bind(compiler, query, **kw)}) OFFSET 0)")


@compiles(TextMatch)
def _compile_other(element: TextMatch, compiler: Any, **kw: Any) -> str:
    raise NotImplementedError(f"full-text search on {compiler.dialect.name}")

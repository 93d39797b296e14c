"""Full-text search behind the mention filter's words (collectors.search): FTS5 on SQLite, a
tsvector GIN index on PostgreSQL, both created by the migration and kept in step with the
mentions; words match as prefixes in any case; nothing a user types is query syntax."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import Session, select

from collectors.api import search_words
from collectors.models import Mention
from pantau.core.db import get_engine
from sentiment.api import MentionFilter, count_mentions, list_mentions
from tests.properties import campaign, hostile_text

STORIES = {
    "covid": ("Kasus COVID-19 naik di Jakarta", "Dinas Kesehatan meminta warga waspada."),
    "ktp": ("Layanan e-KTP diperpanjang", "Kantor di Jl.Sudirman buka sampai pukul 21.00."),
    "bansos": ("Penyaluran BANSOS tahap 2", "Kementerian Sosial menyalurkan bantuan pangan."),
}


def _store(session: Session) -> dict[str, int]:
    ids = {}
    for n, (key, (title, body)) in enumerate(STORIES.items()):
        m = Mention(url_key=f"contoh.id/{key}", title=title, text=body,
                    published_at=datetime(2026, 5, 1 + n, tzinfo=UTC), content_hash=key)
        session.add(m)
        session.flush()
        ids[key] = m.id or 0
    session.commit()
    return ids


def _found(session: Session, words: str) -> set[int]:
    return {r.mention_id for r in list_mentions(session, MentionFilter(text=words))}


def test_the_migration_creates_the_full_text_parts_on_each_database(session: Session) -> None:
    engine = get_engine()
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            names = set(conn.execute(text(
                "SELECT name FROM sqlite_master WHERE name LIKE 'mention_fts%'")).scalars())
            assert {"mention_fts", "mention_fts_insert", "mention_fts_delete",
                    "mention_fts_update"} <= names
        else:
            (definition,) = conn.execute(text(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_mention_fulltext'"
            )).scalars().all()
            assert "gin" in definition and "to_tsvector" in definition


def test_words_match_as_prefixes_in_any_case_in_title_or_body(session: Session) -> None:
    ids = _store(session)
    assert _found(session, "covid") == {ids["covid"]}
    assert _found(session, "COVID-19") == {ids["covid"]}  # the parts of a hyphenated word
    assert _found(session, "e-ktp") == {ids["ktp"]}
    assert _found(session, "sudirman") == {ids["ktp"]}  # "Jl.Sudirman" in the body
    assert _found(session, "bansos") == {ids["bansos"]}  # upper case in the title
    assert _found(session, "menyalur") == {ids["bansos"]}  # a prefix
    assert _found(session, "kementerian pangan") == {ids["bansos"]}  # every word, any order
    assert _found(session, "kementerian jakarta") == set()
    assert _found(session, "salur") == set()  # a prefix of a word, not any part of it
    assert _found(session, "layanan") == {ids["ktp"]}
    assert count_mentions(session, MentionFilter(text="di")) == 2


def test_the_index_follows_changes_and_removals(session: Session) -> None:
    ids = _store(session)
    mention = session.get(Mention, ids["covid"])
    assert mention is not None
    mention.title = "Kasus demam berdarah naik"
    session.commit()
    assert _found(session, "covid") == set()
    assert _found(session, "berdarah") == {ids["covid"]}
    mention.duplicate_group = ids["covid"]  # another column: the index is untouched
    session.commit()
    assert _found(session, "berdarah") == {ids["covid"]}
    session.delete(mention)
    session.commit()
    assert _found(session, "berdarah") == set()
    assert _found(session, "bansos") == {ids["bansos"]}


QUERY_SYNTAX = ['"', "'", "*", ":*", "a AND OR NOT (", "NEAR(a b)", 'kasus"*', "-", "!", "\\",
                "a & b | !c <-> d", "title:covid", "^covid", "{title}: covid", "covid)",
                "'); DROP TABLE mention; --", "\x00", "%", "_", "??", "ЖЖ", "🙂", " " * 50,
                "x" * 10_000, " ".join(["kata"] * 200)]


def test_what_a_user_types_is_never_query_syntax(session: Session) -> None:
    ids = _store(session)
    for words in QUERY_SYNTAX:
        found = _found(session, words)
        assert found <= set(ids.values()), words
    assert _found(session, 'covid" OR "bansos') == set()  # OR is a word, not an operator
    assert _found(session, "kasus*") == {ids["covid"]}
    assert _found(session, "NEAR(kasus naik)") == set()  # "near" is a word no story holds
    assert search_words("Rp1.000.000, e-KTP!") == ["rp1", "000", "000", "e", "ktp"]


@given(st.lists(st.one_of(hostile_text, st.sampled_from(["covid", "KTP", "bansos"])),
                max_size=4).map(" ".join))
@campaign(max_examples=60)
def test_any_typed_words_list_or_find_nothing(session: Session, words: str) -> None:
    if not session.exec(select(Mention.id)).first():
        _store(session)
    rows = list_mentions(session, MentionFilter(text=words))
    assert count_mentions(session, MentionFilter(text=words)) == len(rows) <= len(STORIES)
    if search_words(words) == ["covid"]:
        assert len(rows) == 1


def test_a_page_of_words_is_the_same_rows_as_the_whole_list(session: Session) -> None:
    """The first page of a word search takes the newest mentions before the joins: a mention
    with two profile matches still gives both rows, in order, and the count is per row."""
    from collectors.models import Match, Profile

    _store(session)
    extra = [Mention(url_key=f"contoh.id/bansos-{n}", title=f"Bansos ke-{n}", text="bansos",
                     published_at=datetime(2026, 6, 1 + n % 5, tzinfo=UTC),
                     content_hash=f"b{n}") for n in range(12)]
    session.add_all(extra)
    profiles = [Profile(name="satu", query="x"), Profile(name="dua", query="y")]
    session.add_all(profiles)
    session.flush()
    for m in extra[::2]:
        session.add_all([Match(mention_id=m.id or 0, profile_id=p.id or 0) for p in profiles])
    session.commit()
    flt = MentionFilter(text="bansos")
    whole = [(r.mention_id, r.match_id) for r in list_mentions(session, flt)]
    assert len(whole) == 13 + 6 and count_mentions(session, flt) == 19
    for limit in (1, 2, 5, 19, 30):
        page = [(r.mention_id, r.match_id) for r in list_mentions(session, flt, limit=limit)]
        assert page == whole[:limit]
    dated = MentionFilter(text="bansos", date_from=datetime(2026, 6, 3).date())
    assert count_mentions(session, dated) == len(list_mentions(session, dated)) == 6 + 3

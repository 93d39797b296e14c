"""A story and its copies, one definition (`collectors.api.story_key`, `mention_story`,
`story_copies`): the two index questions find exactly the mentions whose story is asked."""

from __future__ import annotations

from dataclasses import astuple
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, col, select

from collectors.api import (
    delete_mentions,
    mention_story,
    story_copies,
    story_key,
)
from collectors.models import Mention
from sentiment.api import MentionFilter, list_mentions
from tests.collectors.helpers import (
    PKH,
    PKH_LONGER,
    PKH_REPRINT,
    collect,
    collect_around_a_regrouping,
    collector,
)


def _stored(session: Session) -> dict[str, int]:
    """`first` and its `copy`; `moved`, once a story of its own with the copy `left`, then
    regrouped into `first`'s story (so `left`'s story bears an id that is not one of its
    copies); `alone`, a mention of no group; `other`, a story nobody asks about."""
    ids = {}
    for n, name in enumerate(("first", "copy", "moved", "left", "alone", "other"), start=1):
        mention = Mention(url_key=f"https://contoh.id/{name}", url=f"https://contoh.id/{name}",
                          title=name, text="", outlet="Harian Contoh",
                          published_at=datetime(2026, 11, n, tzinfo=UTC),
                          content_hash=f"h{n}")
        session.add(mention)
        session.flush()
        assert mention.id is not None
        ids[name] = mention.id
    groups = {"first": "first", "copy": "first", "moved": "first", "left": "moved",
              "alone": None, "other": "other"}
    for name, group in groups.items():
        session.get_one(Mention, ids[name]).duplicate_group = ids[group] if group else None
    session.commit()
    return ids


@pytest.mark.parametrize(("asked", "copies"), [
    (["first"], {"first", "copy", "moved"}),
    (["moved"], {"left"}),
    (["alone"], {"alone"}),
    (["first", "alone", "other"], {"first", "copy", "moved", "alone", "other"}),
    (["copy"], set()),
    ([], set()),
])
def test_a_storys_copies(session: Session, asked: list[str], copies: set[str]) -> None:
    ids = _stored(session)
    names = {v: k for k, v in ids.items()}
    stories = [ids[name] for name in asked] + [10_000]  # and a story that is no mention
    found = session.execute(story_copies(select(col(Mention.id)), stories)).scalars().all()
    assert sorted(names[i] for i in found) == sorted(copies)  # each copy once
    by_key = session.execute(select(col(Mention.id)).where(story_key().in_(stories)))
    assert {names[i] for i in by_key.scalars()} == copies
    loaded = session.execute(select(Mention)).scalars().all()
    assert {m.title for m in loaded if mention_story(m) in stories} == copies


def test_a_collector_older_than_a_regrouping_stores_a_copy_in_its_near_copys_story_now(
        session: Session) -> None:
    """A collector keeps the duplicate index it read at start-up. A copy it stores after a
    regrouping joins the story its near copy belongs to now, not the group the index knew
    (whose namesake the regrouping moved): every story bears the id of one of its copies,
    so "one row per story" shows it."""
    first, moved, late = astuple(collect_around_a_regrouping(session))
    stories = {m.id: mention_story(m) for m in session.execute(select(Mention)).scalars()}
    assert stories == {first: first, moved: first, late: first}
    shown = list_mentions(session, MentionFilter(unique_only=True))
    assert [row.mention_id for row in shown] == [first]


def test_a_copy_of_a_deleted_namesakes_story_starts_a_story(session: Session) -> None:
    store = collector(session)
    gone = collect(store, PKH, outlet="Warta Nusantara",
                   published=datetime(2026, 11, 10, 7, tzinfo=UTC))
    # Another story (7 bits away) stored after it: SQLite would give the next mention the
    # deleted highest id again.
    other = collect(store, PKH_LONGER, outlet="Harian Contoh",
                    published=datetime(2026, 11, 10, 8, tzinfo=UTC))
    assert delete_mentions(session, [gone]) == 1
    session.commit()
    late = collect(store, PKH_REPRINT, outlet="Kabar Ibu Kota",
                   published=datetime(2026, 11, 10, 12, tzinfo=UTC))
    assert mention_story(session.get_one(Mention, late)) == late
    assert mention_story(session.get_one(Mention, other)) == other

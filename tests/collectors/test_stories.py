"""A story and its copies, one definition (`collectors.api.story_key`, `mention_story`,
`story_copies`): the two index questions find exactly the mentions whose story is asked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, col, select

from collectors.api import mention_story, story_copies, story_key
from collectors.models import Mention
from tests.collectors.helpers import collect_across_a_regrouping


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


def test_a_collector_older_than_a_regrouping_stores_a_story_without_its_namesake(
        session: Session) -> None:
    """The state `_stored` builds by hand, reached by the product: a collector keeps the
    duplicate index it read at start-up, so a copy it stores after a regrouping joins the
    group the index knew, whose namesake the regrouping moved to another story."""
    stored = collect_across_a_regrouping(session)
    stories = {m.id: mention_story(m) for m in session.execute(select(Mention)).scalars()}
    assert stories == {stored.first: stored.first, stored.moved: stored.first,
                       stored.late: stored.moved}
    for story, copies in ((stored.first, {stored.first, stored.moved}),
                          (stored.moved, {stored.late})):
        found = session.execute(story_copies(select(col(Mention.id)), [story])).scalars()
        assert set(found) == copies

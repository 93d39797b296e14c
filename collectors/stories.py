"""A story: one news item and its copies (reprints in other outlets, syndicated copies), which
the store keeps as one duplicate group (`Mention.duplicate_group`, the id of the group's first
stored copy; `collectors.dedup`, `collectors.store`). One definition, used wherever mentions
are counted, listed or answered per story:

- a mention's story is its `duplicate_group`, or the mention itself when it has no group
  (`story_key()` in SQL, `mention_story()` for a loaded row);
- a story's copies are the mentions whose story it is (`story_copies()`). After a
  regrouping the group's id need not be its earliest published copy. The mention whose id
  a story bears is one of its copies as the store and `regroup_duplicates` write them, but
  rows written before the store checked it (a collector's index older than a regrouping)
  and a deleted namesake break that: only the group column says.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Protocol, TypeVarTuple

from sqlalchemy import CompoundSelect, Select, func, union_all
from sqlmodel import col

from collectors.models import Mention

_Ts = TypeVarTuple("_Ts")


class _Grouped(Protocol):
    @property
    def id(self) -> int | None: ...

    @property
    def duplicate_group(self) -> int | None: ...


def story_key() -> Any:
    """A mention's story, in SQL: `coalesce(duplicate_group, id)`. To find a story's copies
    use `story_copies`: this expression has no index."""
    return func.coalesce(col(Mention.duplicate_group), col(Mention.id))


def mention_story(mention: _Grouped) -> int:
    """A loaded mention's (or row's) story: `story_key()` in Python."""
    story = mention.duplicate_group or mention.id
    assert story is not None, "a mention not stored yet has no story"
    return story


def story_copies(query: Select[*_Ts],
                 stories: Collection[int]) -> CompoundSelect[*_Ts]:
    """`query` (a SELECT whose FROM holds `mention`) kept to the copies of `stories`: the
    mentions whose `story_key()` is one of them.

    Asked as two questions, each answered by one index, and their rows put together
    (UNION ALL): the copies that name a story as their group (the group column's index), and
    the stories that are mentions of no group (the id). A mention has a group or has none,
    so no row comes twice. Asked by `story_key()` the database reads every mention (the
    expression has no index: 4 s a question at 10 million mentions); asked as one question
    with OR, PostgreSQL's planner read every partition of the partitioned `mention` table
    whole for each chunk of stories the follow-up queue asked about."""
    ids = sorted(set(stories))
    grouped = query.where(col(Mention.duplicate_group).in_(ids))
    alone = query.where(col(Mention.id).in_(ids), col(Mention.duplicate_group).is_(None))
    return union_all(grouped, alone)

"""Pages by key (sentiment.mentions.PageKey): following "next" from the first page lists
every row once in the list's order, also when many rows share a publication time and a
mention has several profile matches; "previous" gives the same pages back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from collectors.models import Match, Mention, Profile
from pantau.core.errors import InputError
from sentiment.api import MentionFilter, PageKey, list_mentions, paged_mentions


def _store(session: Session) -> None:
    profiles = [Profile(name=f"p{i}", query="x") for i in range(2)]
    session.add_all(profiles)
    session.flush()
    for n in range(23):
        # Three publication times only: most rows tie on it.
        m = Mention(url_key=f"contoh.id/{n}", title=f"Berita {n}",
                    published_at=datetime(2026, 5, 1 + n % 3, tzinfo=UTC), content_hash=str(n))
        session.add(m)
        session.flush()
        for p in profiles[: n % 3]:  # none, one or two matches
            session.add(Match(mention_id=m.id or 0, profile_id=p.id or 0))
    session.commit()


def test_pages_by_key_list_every_row_once_in_order(session: Session) -> None:
    _store(session)
    flt = MentionFilter()
    everything = [(r.mention_id, r.match_id) for r in list_mentions(session, flt)]
    pages, after = [], None
    while True:
        rows, total = paged_mentions(session, flt, per_page=4, after=after)
        if not rows:
            break
        pages.append(rows)
        after = PageKey.of(rows[-1])
    assert total == len(everything) == 8 + 8 + 7 * 2  # no, one or two matches a mention
    assert [(r.mention_id, r.match_id) for p in pages for r in p] == everything
    # Back from the last page: the same pages in reverse.
    back = [pages[-1]]
    while True:
        rows, _ = paged_mentions(session, flt, per_page=4, before=PageKey.of(back[-1][0]))
        if not rows:
            break
        back.append(rows)
    assert [[(r.mention_id, r.match_id) for r in p] for p in back[1:]] == [
        [(r.mention_id, r.match_id) for r in p] for p in reversed(pages[:-1])]


def test_a_key_round_trips_and_a_forged_one_is_refused() -> None:
    key = PageKey(datetime(2026, 5, 1, 3, 4, 5, 123456, tzinfo=UTC), 12, 0)
    assert PageKey.decode(key.encode()) == key
    assert key.encode().replace("~", "").isdigit()  # safe in a URL as it is
    for forged in ["", "x", "1~1", "2026-05-01~1~2", "0~0~0", f"0~{2**70}~1", "0~1~-1",
                   f"{10**30}~1~1", f"-{10**30}~1~1", "1.5~1~1"]:
        with pytest.raises(InputError, match="Penanda halaman"):
            PageKey.decode(forged)

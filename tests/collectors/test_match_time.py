"""Every profile match carries its mention's publication time (`Match.published_at`), so
that a period's counts read the period's matches only: the copy is written with the match
on every path, and follows the mention when its time changes (both databases)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from collectors.api import ensure_month_partitions
from collectors.config import CollectConfig, match_scope
from collectors.models import Match, Mention, Profile
from collectors.query import parse_query
from collectors.service import rematch_stored
from collectors.sources.base import Item
from collectors.store import MentionStore, ProfileMatcher
from indicators.api import count_tones
from indicators.config import IndicatorsConfig
from pantau.core.periods import parse_period
from tests.collectors.helpers import assert_match_times_copied, match_times

BODY = ("Kementerian Sosial menyalurkan bantuan kepada keluarga penerima manfaat di {place}. "
        "Penyaluran dilakukan bertahap melalui kantor pos, kata pejabat Kemensos kepada "
        "wartawan, dan warga {place} menyambut bantuan itu karena harga pangan naik.")


def _profiles(session: Session, *queries: tuple[str, str]) -> list[ProfileMatcher]:
    rows = [Profile(name=name, query=query) for name, query in queries]
    session.add_all(rows)
    session.commit()
    return [ProfileMatcher(p.id or 0, p.name, parse_query(p.query)) for p in rows]


def _item(n: int, when: datetime | None, **extra: str) -> Item:
    return Item(url=f"https://warta.example/berita/{n}", title=f"Kemensos salurkan {n}",
                text=BODY.format(place=f"desa nomor {n} " * (n % 4 + 1)), published_at=when,
                outlet="Warta Nusantara", extra=dict(extra))


def test_the_store_writes_the_mention_time_on_each_match(session: Session) -> None:
    matchers = _profiles(session, ("kemensos", "Kemensos"), ("bansos", '"bantuan"'))
    store = MentionStore(profiles=matchers, cfg=CollectConfig())
    # 17:30 UTC on 31 January is 00:30 WIB on 1 February; a story without a date of its
    # own is stored with the time it was collected.
    for n, when in enumerate((datetime(2026, 1, 31, 17, 30, tzinfo=UTC),
                              datetime(2026, 3, 2, 4, 5, 6, 789000, tzinfo=UTC), None)):
        assert store.store(_item(n, when), source_id=None, media_type="online") == "new"
    assert assert_match_times_copied(session) == 6  # two profiles matched each story
    assert match_times(session)[0][1] == datetime(2026, 1, 31, 17, 30, tzinfo=UTC)


def test_rematching_a_new_profile_copies_the_time(session: Session) -> None:
    matchers = _profiles(session, ("kemensos", "Kemensos"))
    store = MentionStore(profiles=matchers, cfg=CollectConfig())
    for n in range(3):
        when = datetime(2026, 4, 1, tzinfo=UTC) + timedelta(days=20 * n, minutes=n)
        assert store.store(_item(n, when), source_id=None, media_type="online") == "new"
    later = Profile(name="pos", query='"kantor pos"')
    session.add(later)
    session.commit()
    assert rematch_stored(session, later, scope=match_scope(profiles=(), sources=())) == 3
    session.commit()
    assert assert_match_times_copied(session) == 6


def test_a_match_added_through_the_orm_gets_its_mention_time(session: Session) -> None:
    profile = Profile(name="kemensos", query="Kemensos")
    session.add(profile)
    stored = Mention(url_key="clip:1", title="Kemensos", content_hash="a",
                     published_at=datetime(2026, 5, 31, 18, tzinfo=UTC))
    session.add(stored)
    session.commit()
    # One mention read from the database, one added in the same session (an import).
    session.expunge_all()
    session.add(Match(mention_id=stored.id or 0, profile_id=profile.id or 0))
    fresh = Mention(url_key="clip:2", title="Kemensos lagi", content_hash="b",
                    published_at=datetime(2026, 6, 2, 1, tzinfo=UTC))
    session.add(fresh)
    session.flush()
    session.add(Match(mention_id=fresh.id or 0, profile_id=profile.id or 0))
    session.commit()
    assert assert_match_times_copied(session) == 2


def test_a_new_mention_time_goes_to_its_matches(session: Session) -> None:
    """And on PostgreSQL the mention moves to its new month's partition: the month's counts
    find it there, by the match's copy as by the mention's time."""
    matchers = _profiles(session, ("kemensos", "Kemensos"), ("bansos", '"bantuan"'))
    if session.get_bind().dialect.name == "postgresql":
        for month in (7, 8):
            ensure_month_partitions(session, today=date(2026, month, 1), months_ahead=0)
        session.commit()
    store = MentionStore(profiles=matchers, cfg=CollectConfig())
    for n in range(2):
        assert store.store(_item(n, datetime(2026, 7, 10 + n, tzinfo=UTC)), source_id=None,
                           media_type="online") == "new"
    first = session.execute(select(Mention).order_by(Mention.id)).scalars().first()
    assert first is not None
    first.published_at = datetime(2026, 8, 3, 2, tzinfo=UTC)  # an analyst's correction
    session.commit()
    assert assert_match_times_copied(session) == 4
    moved = {t for _, t, _ in match_times(session)}
    assert moved == {datetime(2026, 8, 3, 2, tzinfo=UTC), datetime(2026, 7, 11, tzinfo=UTC)}

    def month(code: str) -> int:
        return count_tones(session, period=parse_period(code), indicators=IndicatorsConfig(),
                           profile="kemensos").total

    assert (month("2026-07"), month("2026-08")) == (1, 1)

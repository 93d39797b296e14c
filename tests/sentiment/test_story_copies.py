"""Sentiment's questions about a story's copies (a correction reaches them, a mention's page
lists them) take `collectors.api`'s definition: a mention's story is its duplicate group, and
the mention whose id a story bears may itself belong to another story (a regrouping)."""

from __future__ import annotations

from sqlmodel import Session, select

from collectors.models import Match
from sentiment.api import correct, correct_matches, mention_detail
from sentiment.models import SentimentLabel
from tests.collectors.helpers import Regrouped, collect_across_a_regrouping


def _match(session: Session, mention_id: int) -> int:
    match_id = session.exec(select(Match.id).where(Match.mention_id == mention_id)).one()
    assert match_id is not None
    return match_id


def _human_labels(session: Session, stored: Regrouped) -> dict[str, str | None]:
    session.expire_all()
    out = {}
    for name in ("first", "moved", "late"):
        label = session.exec(select(SentimentLabel).where(
            SentimentLabel.match_id == _match(session, getattr(stored, name)))).first()
        out[name] = label.human_label if label else None
    return out


def test_a_correction_reaches_the_copies_of_its_story_only(session: Session) -> None:
    """Correcting the copy stored after a regrouping labels its story's copies: not the
    mention whose id the story bears, which the regrouping moved to another story; a
    correction of that story labels its own copies."""
    stored = collect_across_a_regrouping(session)
    assert correct(session, match_id=_match(session, stored.late), label="negatif",
                   by="Ani") == 1
    session.commit()
    assert _human_labels(session, stored) == {"first": None, "moved": None, "late": "negatif"}
    assert correct_matches(session, match_ids=[_match(session, stored.moved)],
                           label="positif", by="Ani") == 2
    session.commit()
    assert _human_labels(session, stored) == {"first": "positif", "moved": "positif",
                                              "late": "negatif"}


def test_a_mentions_page_lists_the_copies_of_its_story(session: Session) -> None:
    stored = collect_across_a_regrouping(session)
    copies = {name: sorted(d.id or 0 for d in detail.duplicates)
              for name in ("first", "moved", "late")
              if (detail := mention_detail(session, getattr(stored, name))) is not None}
    assert copies == {"first": [stored.moved], "moved": [stored.first], "late": []}
    within = frozenset({session.exec(select(Match.profile_id)).first() or 0})
    shown = mention_detail(session, stored.first, within=within)
    assert shown is not None and [d.id for d in shown.duplicates] == [stored.moved]
    assert mention_detail(session, stored.first, within=frozenset({-1})) is None

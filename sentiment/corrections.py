"""Analysts' corrections (a SERVICE CONTRACT used by the CLI and the web app).

A correction sets the human label of a match and of every match of the same profile whose
mention is a copy of the same story (reprints of one story: `collectors.api.story_copies`),
and records who, when and the label it replaced in `LabelCorrection` and in the audit log
(`pantau.core.audit`, action `label.correct`, entity id = the match id).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from collectors.api import mention_story, story_copies
from collectors.models import Match, Mention, Profile
from pantau.core.audit import record
from pantau.core.errors import InputError, NotFoundError
from pantau.core.timeutil import utcnow
from sentiment.labels import effective_tone, parse_label
from sentiment.models import LabelCorrection, SentimentLabel


def duplicate_group_matches(session: Session, match: Match) -> list[Match]:
    """The match and the matches of the same profile on the other copies of its story."""
    mention = session.get(Mention, match.mention_id)
    if mention is None:
        return [match]
    copies = story_copies(select(col(Mention.id)), [mention_story(mention)])
    rows = session.exec(
        select(Match)
        .where(col(Match.profile_id) == match.profile_id, col(Match.mention_id).in_(copies))
        .order_by(col(Match.id))
    ).all()
    return list(rows) if rows else [match]


def correct(
    session: Session, *, match_id: int, label: str, by: str, note: str | None = None
) -> int:
    """Set the human label of a match and of its story's other copies (same profile); returns
    how many matches changed."""
    new_label = parse_label(label)
    by = (by or "").strip()
    if not by:
        raise InputError("Nama pengoreksi wajib diisi.")
    match = session.get(Match, match_id)
    if match is None:
        raise NotFoundError(f"Kecocokan (match) dengan id {match_id} tidak ditemukan.")
    now = utcnow()
    changed = 0
    for member in duplicate_group_matches(session, match):
        assert member.id is not None
        row = session.exec(
            select(SentimentLabel).where(SentimentLabel.match_id == member.id)
        ).first() or SentimentLabel(match_id=member.id)
        old = effective_tone(row)
        if row.human_label == new_label:
            continue
        row.human_label = new_label
        row.human_by = by
        row.human_at = now
        session.add(row)
        session.add(LabelCorrection(
            match_id=member.id, old_label=old, new_label=new_label, corrected_by=by,
            corrected_at=now, note=note,
        ))
        record(session, actor=by, action="label.correct", entity="sentiment_label",
               entity_id=member.id, before={"tone": old}, after={"tone": new_label},
               note=note)
        changed += 1
    session.flush()
    return changed


def correct_matches(
    session: Session, *, match_ids: list[int], label: str, by: str, note: str | None = None
) -> int:
    """`correct` for several matches at once (an analyst's selection in a list); returns
    how many matches changed, copies of the same stories included."""
    new_label = parse_label(label)
    if not match_ids:
        raise InputError("Pilih minimal satu pemberitaan untuk dikoreksi.")
    return sum(correct(session, match_id=match_id, label=new_label, by=by, note=note or None)
               for match_id in dict.fromkeys(match_ids))


def match_for_mention(session: Session, mention_id: int, profile: str | None = None) -> int:
    """The match id of a mention (for `correct --mention`); ambiguous without a profile."""
    query = select(Match, Profile).join(
        Profile, Profile.id == Match.profile_id  # type: ignore[arg-type]
    ).where(Match.mention_id == mention_id)
    rows = session.exec(query).all()
    if profile is not None:
        rows = [r for r in rows if r[1].name == profile]
    if not rows:
        raise NotFoundError(
            f"Sebutan (mention) {mention_id} tidak memiliki kecocokan"
            + (f" untuk profil '{profile}'." if profile else ".")
        )
    if len(rows) > 1:
        names = ", ".join(sorted(r[1].name for r in rows))
        raise InputError(
            f"Sebutan {mention_id} cocok dengan beberapa profil ({names}); pilih dengan --profile."
        )
    match_id = rows[0][0].id
    assert match_id is not None
    return match_id

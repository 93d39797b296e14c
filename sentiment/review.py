"""The review queue: model labels no analyst has checked yet, the ones most likely wrong
first, with the passages that carry the tone. A decision is a correction
(`sentiment.corrections.correct`: every copy of the story, recorded in the audit log),
also when the analyst confirms the model's label.

Priority of a match (higher first; the reasons are shown beside each item):
- the model's doubt: 1 - the probability of the label it chose (`model_score`), so an
  article the model barely decided comes before one it is sure of;
- + 1 when copies of the same story (`collectors.api.story_key`; same profile) carry
  different tones: at least one of them is wrong, and the analyst's decision settles them
  all;
- + 0.5 for a negative label in a national outlet, + 0.25 in a provincial one (the
  outlet catalogue's `scope`): a wrong negative there weighs most on the bureau.

Audit mode lists the unchecked matches of an audit sample instead, in a random but fixed
order and without the model's label (the analyst labels blind, so the audit measures the
model rather than the analyst's agreement with it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from collectors.api import story_key
from collectors.catalogue import Catalogue, load_catalogue
from collectors.models import Match, Mention, Profile
from pantau.core.errors import NotFoundError
from pantau.core.periods import Period
from sentiment.labels import effective_tone_expr
from sentiment.models import AuditItem, AuditSample, SentimentLabel

DOUBT_SHOWN_BELOW = 0.6  # a model score under this is named as a reason
CONFLICT_WEIGHT = 1.0
REACH_WEIGHT = {"nasional": 0.5, "provinsi": 0.25}
REACH_NAMES = {"nasional": "nasional", "provinsi": "provinsi"}


@dataclass
class ReviewItem:
    match_id: int
    mention_id: int
    title: str
    url: str | None
    outlet: str | None
    published_at: datetime
    profile: str
    model_label: str | None  # None in audit mode (labelled blind)
    model_score: float | None
    priority: float
    reasons: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)  # passage, label?, score?
    copies: int = 1

    def to_json(self) -> dict[str, Any]:
        return {"match_id": self.match_id, "mention_id": self.mention_id, "title": self.title,
                "url": self.url, "outlet": self.outlet,
                "published_at": self.published_at.isoformat(), "profile": self.profile,
                "model_label": self.model_label, "model_score": self.model_score,
                "priority": round(self.priority, 4), "reasons": self.reasons,
                "evidence": self.evidence, "copies": self.copies}


@dataclass
class ReviewQueue:
    items: list[ReviewItem]
    total: int
    audit_sample: AuditSample | None = None


def _scope(stmt: Any, period: Period | None, profile: str | None) -> Any:
    if period is not None:
        lo, hi = period.utc_bounds()
        # Also on the match's copy of the time: the period's matches alone are read.
        stmt = stmt.where(col(Mention.published_at) >= lo, col(Mention.published_at) < hi,
                          col(Match.published_at) >= lo, col(Match.published_at) < hi)
    if profile is not None:
        stmt = stmt.where(col(Profile.name) == profile)
    return stmt


def _base(*columns: Any) -> Any:
    return (select(*columns).select_from(Match)
            .join(Mention, col(Mention.id) == col(Match.mention_id))
            .join(Profile, col(Profile.id) == col(Match.profile_id))
            .join(SentimentLabel, col(SentimentLabel.match_id) == col(Match.id)))


_ROW = (col(Match.id), col(Mention.id), story_key(), col(Match.profile_id),
        col(SentimentLabel.model_label), col(SentimentLabel.model_score), col(Mention.outlet),
        col(Mention.url), col(Mention.published_at))


def _conflicts(session: Session, period: Period | None,
               profile: str | None) -> dict[tuple[int, int], tuple[int, list[str]]]:
    """(profile id, story) -> (copies, tones) for stories whose copies disagree."""
    tone = effective_tone_expr()
    stmt = _scope(_base(col(Match.profile_id), story_key(), func.count(),
                        func.count(func.distinct(tone))), period, profile)
    stmt = stmt.group_by(col(Match.profile_id), story_key()).having(
        func.count(func.distinct(tone)) > 1)
    groups = {(int(p), int(g)): int(n) for p, g, n, _ in session.execute(stmt)}
    if not groups:
        return {}
    tones_stmt = _scope(_base(col(Match.profile_id), story_key(), tone).distinct(), period,
                        profile)
    out: dict[tuple[int, int], tuple[int, list[str]]] = {}
    for p, g, t in session.execute(tones_stmt):
        key = (int(p), int(g))
        if key in groups and t:
            copies, tones = out.get(key, (groups[key], []))
            out[key] = (copies, sorted({*tones, t}))
    return out


def _reach(catalogue: Catalogue, outlet: str | None, url: str | None) -> str | None:
    found = (catalogue.canonical_outlet(outlet) if outlet else None) or \
        (catalogue.by_url(url) if url else None)
    return found.scope if found is not None else None


def _rank(session: Session, period: Period | None, profile: str | None,
          catalogue: Catalogue,
          within: frozenset[int] | None = None) -> list[tuple[float, list[str], int, Any]]:
    stmt = _scope(_base(*_ROW), period, profile).where(
        col(SentimentLabel.model_label).is_not(None), col(SentimentLabel.human_label).is_(None))
    if within is not None:
        stmt = stmt.where(col(Match.profile_id).in_(sorted(within)))
    conflicts = _conflicts(session, period, profile)
    reach_of: dict[tuple[str | None, str | None], str | None] = {}
    ranked = []
    for row in session.execute(stmt):
        match_id, _mention, group, profile_id, label, score, outlet, url, _at = row
        doubt = 1.0 - (score if score is not None else 0.5)
        reasons = []
        priority = doubt
        if score is not None and score < DOUBT_SHOWN_BELOW:
            reasons.append(f"model ragu (keyakinan {round(score * 100)}%)")
        copies = 1
        if (int(profile_id), int(group)) in conflicts:
            copies, tones = conflicts[(int(profile_id), int(group))]
            priority += CONFLICT_WEIGHT
            reasons.append(f"{copies} salinan cerita ini berlabel berbeda ({', '.join(tones)})")
        if label == "negatif":
            key = (outlet, None if outlet else url)
            if key not in reach_of:
                reach_of[key] = _reach(catalogue, outlet, url)
            scope = reach_of[key]
            if scope in REACH_WEIGHT:
                priority += REACH_WEIGHT[scope]
                reasons.append(f"negatif di media {REACH_NAMES[scope]}")
        ranked.append((priority, reasons, copies, row))
    ranked.sort(key=lambda r: (-r[0], -r[3].published_at.timestamp(), -int(r[3][0])))
    return ranked


def _details(session: Session, match_ids: list[int]) -> dict[int, tuple[Any, ...]]:
    stmt = _base(col(Match.id), col(Mention.title), col(Profile.name),
                 col(SentimentLabel.evidence), col(Match.passages)).where(
        col(Match.id).in_(match_ids))
    return {int(r[0]): tuple(r[1:]) for r in session.execute(stmt)}


def _evidence(evidence: list[dict[str, Any]] | None, passages: list[str] | None,
              blind: bool) -> list[dict[str, Any]]:
    if evidence:
        if blind:
            return [{"passage": e.get("passage", "")} for e in evidence]
        return [{"passage": e.get("passage", ""), "label": e.get("label"),
                 "score": e.get("score")} for e in evidence]
    return [{"passage": p} for p in passages or []]


def review_queue(session: Session, *, period: Period | None = None,
                 profile: str | None = None, limit: int = 20, offset: int = 0,
                 catalogue: Catalogue | None = None,
                 within: frozenset[int] | None = None) -> ReviewQueue:
    """Unchecked model labels of the period (and profile; of the profiles `within`, an
    organisation unit's, when set), most likely wrong first."""
    ranked = _rank(session, period, profile, catalogue or load_catalogue(), within)
    page = ranked[offset:offset + limit]
    details = _details(session, [int(r[3][0]) for r in page])
    items = []
    for priority, reasons, copies, row in page:
        match_id, mention_id, _g, _p, label, score, outlet, url, published = row
        title, profile_name, evidence, passages = details[int(match_id)]
        items.append(ReviewItem(
            int(match_id), int(mention_id), title or "", url, outlet, published, profile_name,
            label, score, priority, reasons, _evidence(evidence, passages, blind=False),
            copies))
    return ReviewQueue(items, len(ranked))


def audit_queue(session: Session, *, sample_id: int, limit: int = 20,
                offset: int = 0) -> ReviewQueue:
    """The matches of audit sample `sample_id` no analyst has labelled yet, blind."""
    sample = session.get(AuditSample, sample_id)
    if sample is None:
        raise NotFoundError(f"Sampel audit nomor {sample_id} tidak ditemukan.")
    stmt = (_base(*_ROW).join(AuditItem, col(AuditItem.match_id) == col(Match.id))
            .where(col(AuditItem.sample_id) == sample_id,
                   col(SentimentLabel.human_label).is_(None)))
    # A fixed shuffle (by the sample's seed) so strata are not labelled one after another.
    rows = sorted(session.execute(stmt),
                  key=lambda r: (int(r[0]) * 2654435761 + sample.seed) % 2**32)
    total = len(rows)
    page = rows[offset:offset + limit]
    details = _details(session, [int(r[0]) for r in page])
    items = []
    for row in page:
        match_id, mention_id, _g, _p, _label, _score, outlet, url, published = row
        title, profile_name, evidence, passages = details[int(match_id)]
        items.append(ReviewItem(
            int(match_id), int(mention_id), title or "", url, outlet, published, profile_name,
            None, None, 0.0, ["sampel audit (dinilai tanpa melihat label model)"],
            _evidence(evidence, passages, blind=True)))
    return ReviewQueue(items, total, sample)

"""Labelling stored profile matches with the active model (a SERVICE CONTRACT).

`label_pending` never touches `human_label`/`human_by`/`human_at`: analysts' labels
always win and survive every model run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from collectors.models import Match, Mention, Profile
from pantau.core.timeutil import as_utc, utcnow
from sentiment.aggregate import aggregate
from sentiment.classifier import Classifier
from sentiment.config import SentimentConfig
from sentiment.models import SentimentLabel
from sentiment.passages import match_texts
from sentiment.registry import load_classifier
from sentiment.targets import mark_target, profile_target_names, target_pattern

BATCH = 200
Progress = Callable[[int, int], None]


def pending_match_ids(session: Session, *, since: datetime | None, relabel: bool) -> list[int]:
    query = (
        select(Match.id)
        .join(Mention, Mention.id == Match.mention_id)  # type: ignore[arg-type]
        .outerjoin(SentimentLabel, SentimentLabel.match_id == Match.id)  # type: ignore[arg-type]
        .order_by(Match.id)  # type: ignore[arg-type]
    )
    if since is not None:
        query = query.where(Mention.published_at >= as_utc(since),
                            col(Match.published_at) >= as_utc(since))
    if not relabel:
        query = query.where(or_(SentimentLabel.id.is_(None),  # type: ignore[union-attr]
                                SentimentLabel.model_label.is_(None)))  # type: ignore[union-attr]
    return [int(i) for i in session.exec(query).all() if i is not None]


def pending_matches(session: Session, *, since: datetime | None = None) -> list[int]:
    """Ids of the stored matches that have no model label yet, in id order (the work a
    labelling job splits into batches)."""
    return pending_match_ids(session, since=since, relabel=False)


def label_batch(
    session: Session, match_ids: list[int], *, classifier: Classifier, sentiment: SentimentConfig
) -> int:
    """Label those of `match_ids` that still have no model label (so a batch delivered twice
    labels nothing twice); returns how many were labelled. `classifier` is
    `load_classifier(sentiment)`, loaded once by the caller for many batches."""
    if not match_ids:
        return 0
    done = set(session.exec(
        select(SentimentLabel.match_id).where(
            SentimentLabel.match_id.in_(match_ids),  # type: ignore[attr-defined]
            SentimentLabel.model_label.is_not(None))  # type: ignore[union-attr]
    ).all())
    todo = [i for i in match_ids if i not in done]
    if not todo:
        return 0
    margin = classifier.margin if sentiment.margin is None else sentiment.margin
    return label_matches(session, todo, classifier, margin=margin)


def label_matches(
    session: Session, match_ids: list[int], classifier: Classifier, *, margin: float
) -> int:
    """Score the passages of the given matches and store labels with their evidence. The
    tone is toward each match's profile: its institution and the names its query found are
    marked as the target (`sentiment.targets`)."""
    rows = session.exec(
        select(Match, Mention, Profile)
        .join(Mention, Mention.id == Match.mention_id)  # type: ignore[arg-type]
        .join(Profile, Profile.id == Match.profile_id)  # type: ignore[arg-type]
        .where(Match.id.in_(match_ids))  # type: ignore[union-attr]
    ).all()
    jobs = [(match, profile,
             match_texts(match.passages, mention.title, mention.text, mention.summary,
                         media_type=mention.media_type))
            for match, mention, profile in rows]
    jobs = [(match, profile, texts) for match, profile, texts in jobs if texts]
    flat = [mark_target(text, target_pattern(
                profile_target_names(profile.institution, match.matched_terms)))
            for match, profile, texts in jobs for text in texts]
    predictions = classifier.predict(flat) if flat else []
    existing = {
        label.match_id: label
        for label in session.exec(
            select(SentimentLabel).where(SentimentLabel.match_id.in_(match_ids))  # type: ignore[attr-defined]
        ).all()
    }
    now = utcnow()
    position = 0
    for match, _, texts in jobs:
        scored = predictions[position : position + len(texts)]
        position += len(texts)
        tone = aggregate([p.probabilities for p in scored], margin=margin)
        assert match.id is not None
        row = existing.get(match.id) or SentimentLabel(match_id=match.id)
        row.model_label = tone.label
        row.model_score = round(tone.score, 4)
        row.model_name = classifier.name
        row.model_version = classifier.version
        row.labelled_at = now
        row.evidence = [
            {"passage": text, "label": p.label, "score": round(p.score, 4),
             "probabilities": {k: round(v, 4) for k, v in p.probabilities.items()}}
            for text, p in zip(texts, scored, strict=True)
        ]
        session.add(row)
    session.flush()
    return len(jobs)


def label_pending(
    session: Session,
    *,
    sentiment: SentimentConfig,
    since: datetime | None = None,
    relabel: bool = False,
    progress: Progress | None = None,
) -> int:
    """Label stored matches that have no model label yet (all of them with `relabel`) with
    the classifier `sentiment` chooses, optionally only mentions published since `since`;
    returns how many were labelled. `progress(done, total)` is called after each batch."""
    ids = pending_match_ids(session, since=since, relabel=relabel)
    if not ids:
        if progress:
            progress(0, 0)
        return 0
    classifier = load_classifier(sentiment)
    margin = classifier.margin if sentiment.margin is None else sentiment.margin
    done = 0
    labelled = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        labelled += label_matches(session, batch, classifier, margin=margin)
        done += len(batch)
        if progress:
            progress(done, len(ids))
    return labelled

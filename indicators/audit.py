"""Audit samples of the negative share: draw a random sample of model-labelled matches of a
period (stratified by the model's label), and estimate the true negative share from the
analysts' labels of that sample, with its 95% interval and the model's precision and recall
(`indicators.estimate` has the formulas and the reasons for them).

The population is exactly what the negative-share indicator counts (`counting.counted_rows`
under the configured counting basis), so the audited estimate and the indicator speak of
the same mentions. The frame is fixed when the sample is drawn: the N_h per model label and
the analysts' labels that existed then are stored with the sample. An audited item's answer
is its match's current human label, set through sentiment's one correction function (the
review queue, `pantau sentiment correct`, the web list).
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from indicators.config import IndicatorsConfig
from indicators.counting import L, Scope, counted_rows, profile_id, sequential
from indicators.estimate import (
    DEFAULT_MARGIN,
    Estimate,
    Stratum,
    allocate,
    precision_recall,
    sample_size,
    stratified_estimate,
)
from pantau.core import audit
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import Period
from pantau.core.render import fmt_number
from sentiment.api import LABELS
from sentiment.models import AuditItem, AuditSample, SentimentLabel

MAX_SAMPLE = 2000


def _frame(session: Session, period: Period, profile: str | None,
           cfg: IndicatorsConfig) -> list[tuple[int, int, str | None, str | None]]:
    """(match_id, mention_id, model_label, human_label) of every counted match."""
    scope = Scope(period, profile, None, cfg.counting_basis)
    pid = None
    if profile is not None:
        pid = profile_id(session, profile)
        if pid is None:
            raise NotFoundError(f"Profil '{profile}' tidak ada di basis data.")
    rows = counted_rows(scope, pid, extra=True, sequential=sequential(session, scope)).subquery()
    stmt = (select(rows.c.match_id, rows.c.mention_id, L.c.model_label, L.c.human_label)
            .select_from(rows.outerjoin(L, L.c.match_id == rows.c.match_id))
            .order_by(rows.c.match_id))
    return [(int(m), int(n), ml, hl) for m, n, ml, hl in session.execute(stmt)]


def latest_sample(session: Session, *, period: Period,
                  profile: str | None) -> AuditSample | None:
    """The newest audit sample of exactly this period and profile (None: all profiles)."""
    stmt = select(AuditSample).where(col(AuditSample.period) == period.code)
    stmt = stmt.where(col(AuditSample.profile).is_(None) if profile is None
                      else col(AuditSample.profile) == profile)
    return session.execute(stmt.order_by(col(AuditSample.id).desc()).limit(1)).scalar()


def sample_items(session: Session, sample_id: int) -> list[AuditItem]:
    return list(session.execute(select(AuditItem).where(col(AuditItem.sample_id) == sample_id)
                                .order_by(col(AuditItem.model_label), col(AuditItem.id)))
                .scalars())


def draw_sample(session: Session, *, period: Period, profile: str | None,
                indicators: IndicatorsConfig, by: str, size: int | None = None,
                margin: float | None = None, seed: int | None = None,
                new: bool = False) -> tuple[AuditSample, bool]:
    """The period's audit sample: the existing one (False) unless `new`, else a new draw
    (True). Size: `size`, or what a 95% margin of `margin` points needs (default
    `DEFAULT_MARGIN`, about 100 mentions). Reproducible: the same seed over the same frame
    draws the same matches."""
    if size is not None and not 1 <= size <= MAX_SAMPLE:
        raise InputError(f"Ukuran sampel audit harus 1 sampai {MAX_SAMPLE}.")
    if margin is not None and not 0.5 <= margin <= 50:
        raise InputError("Batas kesalahan (--margin) harus 0,5 sampai 50 poin persen.")
    by = (by or "").strip()
    if not by:
        raise InputError("Nama pengambil sampel wajib diisi.")
    existing = latest_sample(session, period=period, profile=profile)
    if existing is not None and not new:
        return existing, False
    frame: dict[str, list[tuple[int, int]]] = {label: [] for label in LABELS}
    known_total = known_negative = 0
    for match_id, mention_id, model_label, human_label in _frame(session, period, profile,
                                                                 indicators):
        if human_label is not None:
            known_total += 1
            known_negative += human_label == "negatif"
        elif model_label in frame:
            frame[model_label].append((match_id, mention_id))
    populations = {label: len(rows) for label, rows in frame.items()}
    if not sum(populations.values()):
        raise InputError(f"Tidak ada pemberitaan berlabel model (dan belum dikoreksi analis) "
                         f"pada periode {period.code}"
                         + (f" untuk profil '{profile}'." if profile else "."))
    wanted = size if size is not None else sample_size(
        populations, margin=margin or DEFAULT_MARGIN, known_total=known_total)
    seed = seed if seed is not None else secrets.randbelow(2**31)
    rng = random.Random(seed)
    shares = allocate(populations, wanted)
    sample = AuditSample(period=period.code, profile=profile, basis=indicators.counting_basis,
                         seed=seed, margin=None if size is not None else
                         (margin or DEFAULT_MARGIN), size=sum(shares.values()),
                         strata=populations, known_negative=known_negative,
                         known_total=known_total, drawn_by=by)
    session.add(sample)
    session.flush()
    assert sample.id is not None
    for label in LABELS:
        for match_id, mention_id in rng.sample(frame[label], shares[label]):
            session.add(AuditItem(sample_id=sample.id, match_id=match_id,
                                  mention_id=mention_id, model_label=label))
    audit.record(session, actor=by, action="audit.draw", entity="audit_sample",
                 entity_id=sample.id, after={
                     "period": period.code, "profile": profile, "seed": seed,
                     "size": sample.size, "strata": populations, "known_total": known_total})
    session.flush()
    return sample, True


@dataclass
class AuditItemState:
    match_id: int
    mention_id: int
    model_label: str
    human_label: str | None


@dataclass
class AuditStatus:
    sample: AuditSample
    items: list[AuditItemState]
    estimate: Estimate | None
    precision: dict[str, float | None]
    recall: dict[str, float | None]

    @property
    def audited(self) -> int:
        return sum(1 for i in self.items if i.human_label is not None)

    def to_json(self) -> dict[str, Any]:
        e = self.estimate
        pct = (lambda v: round(v * 100, 2))  # noqa: E731 - shares are printed in percent
        frame = sum(self.sample.strata.values())
        return {
            "sample_id": self.sample.id, "period": self.sample.period,
            "profile": self.sample.profile, "basis": self.sample.basis,
            "seed": self.sample.seed, "sample": len(self.items), "audited": self.audited,
            "population": frame + self.sample.known_total,
            "strata": self.sample.strata, "known_total": self.sample.known_total,
            "negative_share_model": pct((self.sample.strata.get("negatif", 0)
                                         + self.sample.known_negative)
                                        / max(frame + self.sample.known_total, 1)),
            "negative_share_estimate": pct(e.share) if e else None,
            "ci95": [pct(e.low), pct(e.high)] if e else None,
            "precision": self.precision, "recall": self.recall,
        }


def sample_status(session: Session, sample: AuditSample) -> AuditStatus:
    assert sample.id is not None
    rows = session.execute(
        select(AuditItem, SentimentLabel.human_label)  # type: ignore[call-overload]
        .outerjoin(SentimentLabel, col(SentimentLabel.match_id) == col(AuditItem.match_id))
        .where(col(AuditItem.sample_id) == sample.id).order_by(col(AuditItem.id))).all()
    items = [AuditItemState(i.match_id, i.mention_id, i.model_label, human)
             for i, human in rows]
    strata = [Stratum(label, int(sample.strata.get(label, 0)),
                      [i.human_label for i in items
                       if i.model_label == label and i.human_label is not None])
              for label in LABELS]
    estimate = stratified_estimate(strata, known_negative=sample.known_negative,
                                   known_total=sample.known_total)
    precision, recall = precision_recall(strata, LABELS)
    return AuditStatus(sample, items, estimate, precision, recall)


def audit_status(session: Session, *, period: Period, profile: str | None) -> AuditStatus:
    sample = latest_sample(session, period=period, profile=profile)
    if sample is None:
        raise NotFoundError(
            f"Belum ada sampel audit untuk periode {period.code}"
            + (f" profil '{profile}'" if profile else "")
            + "; ambil dengan `pantau sentiment audit draw`.")
    return sample_status(session, sample)


def audited_inputs(session: Session, *, period: Period, profile: str | None,
                   basis: str) -> dict[str, Any]:
    """What the negative-share indicator records of the period's audit (empty without an
    audit of the same counting basis whose every stratum has an audited mention)."""
    sample = latest_sample(session, period=period, profile=profile)
    if sample is None or sample.basis != basis:
        return {}
    status = sample_status(session, sample)
    if status.estimate is None:
        return {}
    data = status.to_json()
    return {"perkiraan_terkoreksi": data["negative_share_estimate"],
            "selang_95": data["ci95"], "audit_pemberitaan": status.audited,
            "audit_sampel": sample.id}


def audited_note(inputs: dict[str, Any]) -> str:
    """What follows the negative share when the period has an audit, e.g. " (perkiraan
    terkoreksi 19,2%; 95%: 14,8-23,6; audit 100 pemberitaan)"; empty without one."""
    if "perkiraan_terkoreksi" not in inputs:
        return ""
    low, high = inputs["selang_95"]
    return (f" (perkiraan terkoreksi {fmt_number(inputs['perkiraan_terkoreksi'], 1)}%; "
            f"95%: {fmt_number(low, 1)}-{fmt_number(high, 1)}; audit "
            f"{fmt_number(inputs['audit_pemberitaan'])} pemberitaan)")

"""Reading stored mentions: listing, export (CSV, JSON lines, XLSX) and re-grouping of
near-duplicates after a threshold change.

One exported row per mention x profile match (a mention that matched no profile, e.g. an
unmatched clipping, has one row with an empty profile). `sentiment` is the effective
label: the analyst's `human_label` when set, else the model's `model_label`; empty until
labelled.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from collectors.dedup import group_near_duplicates, to_unsigned
from collectors.models import Match, Mention, Profile
from pantau.core.errors import InputError
from pantau.core.timeutil import JAKARTA, to_jakarta
from sentiment.models import SentimentLabel

EXPORT_FIELDS = ("id", "url", "title", "outlet", "media_type", "published_at", "profile",
                 "duplicate_group", "sentiment", "author", "language", "matched_terms",
                 "passages", "collected_at")
FORMATS = ("csv", "jsonl", "xlsx")


@dataclass
class MentionFilter:
    since: date | None = None
    until: date | None = None
    profile: str | None = None
    media_type: str | None = None
    outlet: str | None = None
    limit: int | None = None


def _day_start_utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=JAKARTA).astimezone(UTC)


def mention_rows(session: Session, filt: MentionFilter) -> list[dict[str, Any]]:
    effective = func.coalesce(col(SentimentLabel.human_label), col(SentimentLabel.model_label))
    stmt = (
        select(Mention, col(Profile.name), effective, col(Match.matched_terms),
               col(Match.passages))
        .select_from(Mention)
        .outerjoin(Match, col(Match.mention_id) == col(Mention.id))
        .outerjoin(Profile, col(Profile.id) == col(Match.profile_id))
        .outerjoin(SentimentLabel, col(SentimentLabel.match_id) == col(Match.id))
        .order_by(col(Mention.published_at).desc(), col(Mention.id).desc())
    )
    if filt.since:
        stmt = stmt.where(col(Mention.published_at) >= _day_start_utc(filt.since))
    if filt.until:
        stmt = stmt.where(col(Mention.published_at)
                          < _day_start_utc(filt.until + timedelta(days=1)))
    if filt.profile:
        stmt = stmt.where(col(Profile.name) == filt.profile)
    if filt.media_type:
        stmt = stmt.where(col(Mention.media_type) == filt.media_type)
    if filt.outlet:
        stmt = stmt.where(func.lower(col(Mention.outlet)).contains(filt.outlet.lower()))
    if filt.limit:
        stmt = stmt.limit(filt.limit)
    rows = []
    for mention, profile, sentiment, terms, passages in session.execute(stmt).all():
        rows.append({
            "id": mention.id,
            "url": mention.url or "",
            "title": mention.title,
            "outlet": mention.outlet or "",
            "media_type": mention.media_type,
            "published_at": to_jakarta(mention.published_at).isoformat(),
            "profile": profile or "",
            "duplicate_group": mention.duplicate_group,
            "sentiment": sentiment or "",
            "author": mention.author or "",
            "language": mention.language or "",
            "matched_terms": terms or [],
            "passages": passages or [],
            "collected_at": to_jakarta(mention.collected_at).isoformat(),
        })
    return rows


def _flat(value: Any) -> Any:
    return " | ".join(value) if isinstance(value, list) else value


def export_mentions(session: Session, filt: MentionFilter, fmt: str, out: Path) -> int:
    if fmt not in FORMATS:
        raise InputError(f"Format ekspor '{fmt}' tidak dikenal; pilih {', '.join(FORMATS)}")
    rows = mention_rows(session, filt)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=EXPORT_FIELDS)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _flat(v) for k, v in row.items()})
    elif fmt == "jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Pemberitaan"
        ws.append(list(EXPORT_FIELDS))
        for row in rows:
            ws.append([_flat(row[k]) for k in EXPORT_FIELDS])
        wb.save(out)
    return len(rows)


def regroup_duplicates(session: Session, *, max_distance: int = 3) -> int:
    """Recompute `duplicate_group` of every stored mention (after changing the
    threshold). Exact content repeats keep one group; returns the number of groups."""
    rows = session.execute(
        select(col(Mention.id), col(Mention.simhash), col(Mention.content_hash))
        .order_by(col(Mention.id))).all()
    first_by_hash: dict[str, int] = {}
    items: list[tuple[int, int | None]] = []
    forced: dict[int, int] = {}
    for mention_id, value, chash in rows:
        if chash in first_by_hash:
            forced[mention_id] = first_by_hash[chash]
            continue
        first_by_hash[chash] = mention_id
        items.append((mention_id, to_unsigned(value) if value is not None else None))
    groups = group_near_duplicates(items, max_distance)
    for mention_id, first in forced.items():
        groups[mention_id] = groups.get(first, first)
    params = [{"mid": k, "grp": v} for k, v in groups.items()]
    from sqlalchemy import bindparam

    table = Mention.__table__  # type: ignore[attr-defined]
    stmt = update(table).where(table.c.id == bindparam("mid")).values(
        duplicate_group=bindparam("grp"))
    for start in range(0, len(params), 5000):
        session.connection().execute(stmt, params[start : start + 5000])
    return len(set(groups.values()))

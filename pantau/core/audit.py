"""The audit log: every change to a number an official signs, recorded where it is made.

Labels and their corrections, manual indicator values, plans and their revisions, survey
imports and their removal, follow-ups, users and roles: the domain function that changes
one of them calls `record` in the same transaction, so the change and its audit row commit
or roll back together. `before` and `after` are small JSON-able dicts of the fields that
matter (never passwords or tokens).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Text
from sqlmodel import Field, Session, SQLModel, col, select

from pantau.core.db import UTCDateTime
from pantau.core.errors import InputError
from pantau.core.periods import Period
from pantau.core.spreadsheet import append_row, save_workbook, write_csv
from pantau.core.timeutil import format_wib, utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor: str = Field(max_length=100, index=True)  # username, "cli:<os user>", "sistem"
    action: str = Field(max_length=60, index=True)  # e.g. "label.correct", "plan.revise"
    entity: str = Field(max_length=60)  # e.g. "sentiment_label", "plan"
    entity_id: str = Field(max_length=100, index=True)
    before: str | None = Field(default=None, sa_column=Column(Text))  # JSON
    after: str | None = Field(default=None, sa_column=Column(Text))  # JSON
    note: str | None = Field(default=None, sa_column=Column(Text))


def _dump(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(session: Session, *, actor: str, action: str, entity: str, entity_id: object,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           note: str | None = None) -> AuditEvent:
    """Add one audit row to the caller's transaction."""
    event = AuditEvent(actor=actor or "tidak diketahui", action=action, entity=entity,
                       entity_id=str(entity_id), before=_dump(before), after=_dump(after),
                       note=note)
    session.add(event)
    return event


def events(session: Session, *, entity: str | None = None, entity_id: object | None = None,
           action_prefix: str | None = None, actor: str | None = None,
           since: datetime | None = None, until: datetime | None = None,
           period: Period | None = None, limit: int | None = 500,
           before_id: int | None = None) -> Sequence[AuditEvent]:
    """Audit rows, newest first, optionally for one entity, one kind of action, one actor,
    a time range (`since` inclusive, `until` exclusive) or a period (WIB). `before_id`
    continues a list after its last row (newest first: rows with a smaller id)."""
    if period is not None:
        since, until = period.utc_bounds()
    query = select(AuditEvent)
    if entity:
        query = query.where(AuditEvent.entity == entity)
    if entity_id is not None and entity_id != "":
        query = query.where(AuditEvent.entity_id == str(entity_id))
    if action_prefix:
        query = query.where(col(AuditEvent.action).startswith(action_prefix))
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    if before_id is not None:
        query = query.where(col(AuditEvent.id) < before_id)
    # Ids grow with time (rows are added in the transaction that makes the change).
    query = query.order_by(col(AuditEvent.id).desc())
    if limit is not None:
        query = query.limit(limit)
    return session.exec(query).all()


def changes(event: AuditEvent, labels: dict[str, str] | None = None) -> list[str]:
    """What an audit row changed, for people: `peran: analis → pimpinan`, one line a field
    (a field only before or only after shows one side); `labels` names the fields."""
    before = json.loads(event.before) if event.before else {}
    after = json.loads(event.after) if event.after else {}
    lines = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key, "-"), after.get(key, "-")
        if key in before and key in after and old == new:
            continue
        name = (labels or {}).get(key, key)
        lines.append(f"{name}: {old} → {new}" if key in before and key in after
                     else f"{name}: {new if key in after else old}")
    return lines


def actions(session: Session) -> list[str]:
    """The kinds of action recorded so far (for a filter's choices)."""
    return sorted(session.exec(select(AuditEvent.action).distinct()).all())


EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_HEADER = ("id", "waktu (WIB)", "pelaku", "tindakan", "entitas", "id entitas",
                 "sebelum", "sesudah", "catatan")


def export_rows(rows: Sequence[AuditEvent]) -> list[list[Any]]:
    return [[r.id, format_wib(r.at), r.actor, r.action, r.entity, r.entity_id,
             r.before or "", r.after or "", r.note or ""] for r in rows]


def export(rows: Sequence[AuditEvent], path: Path, *, fmt: str) -> Path:
    """Write audit rows to CSV or XLSX (through `pantau.core.spreadsheet`, whole-file)."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"Format '{fmt}' tidak dikenal: pilih csv atau xlsx.")
    table = export_rows(rows)
    if fmt == "csv":
        return write_csv(path, EXPORT_HEADER, table, encoding="utf-8-sig")
    from openpyxl import Workbook  # deferred: openpyxl is only needed for XLSX

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Jejak audit")
    append_row(ws, EXPORT_HEADER)
    for row in table:
        append_row(ws, row)
    return save_workbook(wb, path)

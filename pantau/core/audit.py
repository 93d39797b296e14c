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
from typing import Any

from sqlalchemy import Column, Text
from sqlmodel import Field, Session, SQLModel, col, select

from pantau.core.db import UTCDateTime
from pantau.core.timeutil import utcnow


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
           action_prefix: str | None = None, since: datetime | None = None,
           limit: int = 500) -> Sequence[AuditEvent]:
    """Audit rows, newest first, optionally for one entity or one kind of action."""
    query = select(AuditEvent)
    if entity is not None:
        query = query.where(AuditEvent.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEvent.entity_id == str(entity_id))
    if action_prefix:
        query = query.where(col(AuditEvent.action).startswith(action_prefix))
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    return session.exec(query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
                        .limit(limit)).all()

"""Rencana tindak lanjut (RTL): improvement actions for the weakest elements of a unit's
survey in one period, with owner, deadline, evidence and status (draft / berjalan /
selesai). The CLI, the officers' pages and the SKM report all go through these functions;
every change is recorded in the audit log in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from pantau.core.audit import record
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import Period
from pantau.core.timeutil import utcnow
from survey.config import SurveyConfig
from survey.methods import get_method
from survey.models import FOLLOWUP_STATUSES, FollowUp, ServiceUnit
from survey.units import get_unit

MAX_TEXT = 2000
STATUS_LABELS = {"draft": "Draft", "berjalan": "Berjalan", "selesai": "Selesai"}


@dataclass
class FollowUpRow:
    """One follow-up as pages and reports show it."""

    item: FollowUp
    unit_code: str
    element_name: str


def _text(value: str | None, field: str, *, required: bool, limit: int = MAX_TEXT) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise InputError(f"Tindak lanjut: {field} belum diisi.")
        return None
    if len(text) > limit:
        raise InputError(f"Tindak lanjut: {field} paling banyak {limit} karakter.")
    return text


def _status(value: str) -> str:
    status = value.strip().lower()
    if status not in FOLLOWUP_STATUSES:
        raise InputError(f"Status tindak lanjut '{value}' tidak dikenal. Pilih dari: "
                         f"{', '.join(FOLLOWUP_STATUSES)}.")
    return status


def _element(unit: ServiceUnit, text: str) -> tuple[str, str]:
    """An element of the unit's method by code (U3) or name -> (code, name)."""
    method = get_method(unit.method)
    key = text.strip().lower()
    for element in method.elements:
        if key in (element.code.lower(), element.name.lower()):
            return element.code, element.name
    raise InputError(f"Unsur '{text}' tidak ada pada metode {method.code} unit {unit.code}. "
                     f"Pilih U1..U{len(method.elements)} atau nama unsurnya.")


def _snapshot(item: FollowUp) -> dict[str, Any]:
    return {"unit_id": item.unit_id, "period": item.period, "element": item.element,
            "action": item.action, "owner": item.owner, "deadline": item.deadline,
            "evidence": item.evidence, "status": item.status}


def add_followup(session: Session, *, survey: SurveyConfig, unit: str, period: Period,
                 element: str, action: str, owner: str, deadline: date | None = None,
                 evidence: str | None = None, status: str = "draft", by: str) -> FollowUp:
    """Add one follow-up item (flushes, does not commit)."""
    unit_row = get_unit(session, unit, survey=survey)
    code, _name = _element(unit_row, element)
    assert unit_row.id is not None
    item = FollowUp(unit_id=unit_row.id, period=period.code, element=code,
                    action=_text(action, "tindakan", required=True) or "",
                    owner=_text(owner, "penanggung jawab", required=True, limit=200) or "",
                    deadline=deadline, evidence=_text(evidence, "bukti", required=False),
                    status=_status(status))
    session.add(item)
    session.flush()
    record(session, actor=by, action="followup.add", entity="survey_followup",
           entity_id=item.id, after=_snapshot(item))
    return item


def get_followup(session: Session, followup_id: int) -> FollowUp:
    item = session.get(FollowUp, followup_id)
    if item is None:
        raise NotFoundError(f"Tindak lanjut nomor {followup_id} tidak ditemukan.")
    return item


def update_followup(session: Session, followup_id: int, *, by: str,
                    action: str | None = None, owner: str | None = None,
                    deadline: date | None = None, evidence: str | None = None,
                    status: str | None = None) -> FollowUp:
    """Change the fields given (None: unchanged); the change is audited."""
    item = get_followup(session, followup_id)
    before = _snapshot(item)
    if action is not None:
        item.action = _text(action, "tindakan", required=True) or ""
    if owner is not None:
        item.owner = _text(owner, "penanggung jawab", required=True, limit=200) or ""
    if deadline is not None:
        item.deadline = deadline
    if evidence is not None:
        item.evidence = _text(evidence, "bukti", required=False)
    if status is not None:
        item.status = _status(status)
    item.updated_at = utcnow()
    session.add(item)
    session.flush()
    record(session, actor=by, action="followup.update", entity="survey_followup",
           entity_id=item.id, before=before, after=_snapshot(item))
    return item


def remove_followup(session: Session, followup_id: int, *, by: str) -> None:
    item = get_followup(session, followup_id)
    record(session, actor=by, action="followup.remove", entity="survey_followup",
           entity_id=item.id, before=_snapshot(item))
    session.delete(item)
    session.flush()


def list_followups(session: Session, *, survey: SurveyConfig, unit: str | None = None,
                   period: Period | None = None) -> list[FollowUpRow]:
    """Follow-ups of a unit (None: every unit) and period (None: every period), by unit,
    period and element."""
    query = select(FollowUp, ServiceUnit).join(
        ServiceUnit, ServiceUnit.id == FollowUp.unit_id)  # type: ignore[arg-type]
    if unit is not None:
        query = query.where(FollowUp.unit_id == get_unit(session, unit, survey=survey).id)
    if period is not None:
        query = query.where(FollowUp.period == period.code)
    rows = session.exec(query.order_by(col(ServiceUnit.code), col(FollowUp.period),
                                       col(FollowUp.id))).all()
    result = []
    for item, unit_row in rows:
        names = {e.code: e.name for e in get_method(unit_row.method).elements}
        result.append(FollowUpRow(item, unit_row.code, names.get(item.element, item.element)))
    return result

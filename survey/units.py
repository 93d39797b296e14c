"""Service units, their services and survey periods in the database: synced from the
`[[survey.units]]` config, created on import when a file names a new one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from pantau.core.errors import NotFoundError
from pantau.core.periods import Period
from survey.config import SurveyConfig, UnitConfig
from survey.models import Service, ServiceUnit, SurveyPeriod
from survey.questionnaire import normalise


def _config() -> SurveyConfig:
    from pantau.config import get_config

    return get_config().survey


def unit_config(code: str) -> UnitConfig | None:
    for unit in _config().units:
        if unit.code.lower() == code.lower():
            return unit
    return None


def sync_config_units(session: Session) -> None:
    """Bring the configured units and services into the database (idempotent)."""
    for conf in _config().units:
        unit = session.exec(select(ServiceUnit).where(
            func.lower(ServiceUnit.code) == conf.code.lower())).first()
        if unit is None:
            unit = ServiceUnit(code=conf.code, name=conf.name)
        unit.name, unit.population, unit.from_config = conf.name, conf.population, True
        session.add(unit)
        session.flush()
        assert unit.id is not None
        known = {normalise(s.name) for s in services_of(session, unit.id)}
        for name in conf.services:
            if normalise(name) not in known:
                session.add(Service(unit_id=unit.id, name=name))
                known.add(normalise(name))
    session.flush()


def find_unit(session: Session, text: str) -> ServiceUnit | None:
    """A unit by code or name, case-insensitive (configured units are synced first)."""
    sync_config_units(session)
    key = text.strip().lower()
    unit = session.exec(select(ServiceUnit).where(func.lower(ServiceUnit.code) == key)).first()
    if unit is None:
        unit = session.exec(select(ServiceUnit).where(
            func.lower(ServiceUnit.name) == key)).first()
    return unit


def get_unit(session: Session, text: str) -> ServiceUnit:
    unit = find_unit(session, text)
    if unit is None:
        raise NotFoundError(f"Unit layanan '{text}' tidak ditemukan. Lihat daftar dengan "
                            "`pantau survey units`.")
    return unit


def get_or_create_unit(session: Session, text: str) -> ServiceUnit:
    unit = find_unit(session, text)
    if unit is None:
        unit = ServiceUnit(code=text.strip(), name=text.strip())
        session.add(unit)
        session.flush()
    return unit


def services_of(session: Session, unit_id: int) -> list[Service]:
    return list(session.exec(select(Service).where(Service.unit_id == unit_id)
                             .order_by(Service.id)).all())  # type: ignore[arg-type]


def services_fixed(unit: ServiceUnit) -> bool:
    """True when the config lists the unit's services (others are then rejected)."""
    conf = unit_config(unit.code)
    return bool(conf and conf.services)


def get_or_create_period(session: Session, period: Period) -> SurveyPeriod:
    row = session.exec(select(SurveyPeriod).where(SurveyPeriod.code == period.code)).first()
    if row is None:
        row = SurveyPeriod(code=period.code, kind=period.kind, start_date=period.start,
                           end_date=period.end)
        session.add(row)
        session.flush()
    return row


def period_ids_within(session: Session, period: Period) -> list[int]:
    """Survey periods lying inside `period` (2023-TW2 and 2023-05 are inside 2023)."""
    rows = session.exec(select(SurveyPeriod.id).where(
        SurveyPeriod.start_date >= period.start, SurveyPeriod.end_date <= period.end)).all()
    return [r for r in rows if r is not None]


@dataclass
class Scope:
    unit_id: int | None
    unit_code: str | None
    service_ids: list[int] | None
    service_name: str | None
    population: int | None


def resolve_scope(session: Session, *, unit: str | None, service: str | None) -> Scope:
    """Unit and service names from a user or another domain -> ids (NotFoundError if none)."""
    unit_row = get_unit(session, unit) if unit else None
    if unit is None:
        sync_config_units(session)
    service_ids = None
    service_name = None
    if service:
        query = select(Service).where(func.lower(Service.name) == service.strip().lower())
        if unit_row is not None:
            query = query.where(Service.unit_id == unit_row.id)
        rows = session.exec(query).all()
        if not rows:
            where = f" pada unit {unit_row.code}" if unit_row else ""
            raise NotFoundError(f"Layanan '{service}' tidak ditemukan{where}.")
        service_ids = [r.id for r in rows if r.id is not None]
        service_name = rows[0].name
    return Scope(
        unit_id=unit_row.id if unit_row else None,
        unit_code=unit_row.code if unit_row else None,
        service_ids=service_ids, service_name=service_name,
        population=unit_row.population if unit_row else None,
    )

"""Service units, their services and survey periods in the database: synced from the
`[[survey.units]]` config, or created by an import that asks for a new unit explicitly
(`new_unit`; a code nobody defined is refused, so a typo never creates a unit).

The units open for the public questionnaire are the configured ones; every unit (configured
or created by an import) can receive files and be scored."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, case, func, or_
from sqlmodel import Session, col, select

from pantau.core.db import insert_missing
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import Period
from survey.config import SurveyConfig, UnitConfig
from survey.models import Response, Service, ServiceUnit, SurveyPeriod
from survey.questionnaire import normalise

UNIT_CODE_MAX = 50  # survey_unit.code


def check_unit_name(text: str) -> str:
    """The unit as a user typed it, trimmed; a blank one is refused (every door asks for it)."""
    name = text.strip()
    if not name:
        raise InputError("Unit layanan belum diisi: tulis kode atau nama unit layanan.")
    return name


def unit_config(survey: SurveyConfig, code: str) -> UnitConfig | None:
    for unit in survey.units:
        if unit.code.lower() == code.lower():
            return unit
    return None


def unit_method(survey: SurveyConfig, unit: UnitConfig | None) -> str:
    """The SKM method a configured unit (or the `[survey]` default) scores by."""
    return (unit.method if unit is not None and unit.method else None) or survey.method


def public_units(survey: SurveyConfig) -> list[UnitConfig]:
    """The units open for the public questionnaire: those in the `[[survey.units]]` config."""
    return list(survey.units)


def find_public_unit(survey: SurveyConfig, code: str) -> UnitConfig:
    unit = unit_config(survey, code)
    if unit is None:
        raise NotFoundError(f"Unit layanan '{code}' tidak ditemukan atau tidak membuka survei.")
    return unit


def _configured(conf: UnitConfig, survey: SurveyConfig) -> dict[str, Any]:
    """The stored fields of a configured unit, as `sync_config_units` writes them."""
    return {"name": conf.name, "population": conf.population, "from_config": True,
            "method": unit_method(survey, conf)}


def _fields_differ(unit: ServiceUnit | StoredUnit, wanted: dict[str, Any]) -> bool:
    return any(getattr(unit, field) != value for field, value in wanted.items())


def _missing_services(conf: UnitConfig, stored: Iterable[str]) -> list[str]:
    """The configured services of `conf` that are not among the `stored` names (compared
    normalised), each once."""
    known = {normalise(name) for name in stored}
    missing = []
    for name in conf.services:
        if normalise(name) not in known:
            missing.append(name)
            known.add(normalise(name))
    return missing


def sync_config_units(session: Session, *, survey: SurveyConfig) -> None:
    """Bring the configured units and services into the database (idempotent)."""
    for conf in survey.units:
        wanted = _configured(conf, survey)
        unit = _unit_by_code(session, conf.code)
        if unit is None:
            insert_missing(session, ServiceUnit, {"code": conf.code, **wanted}, ["code"])
            unit = _unit_by_code(session, conf.code)
            assert unit is not None
        if _fields_differ(unit, wanted):
            for field, value in wanted.items():
                setattr(unit, field, value)
            session.add(unit)
            session.flush()
        assert unit.id is not None
        stored = (s.name for s in services_of(session, unit.id))
        for name in _missing_services(conf, stored):
            get_or_create_service(session, unit.id, name)
    session.flush()


def _unit_by_code(session: Session, code: str) -> ServiceUnit | None:
    return session.exec(select(ServiceUnit).where(
        func.lower(ServiceUnit.code) == code.lower())).first()


def get_or_create_service(session: Session, unit_id: int, name: str) -> Service:
    """The unit's service named `name`, created if missing (safe when two transactions
    create it at once)."""
    name = name[:200]
    insert_missing(session, Service, {"unit_id": unit_id, "name": name}, ["unit_id", "name"])
    row = session.exec(select(Service).where(Service.unit_id == unit_id,
                                             Service.name == name)).one()
    return row


@dataclass(frozen=True)
class StoredUnit:
    """A service unit as stored, with its services (id, name; oldest first) and the id of
    one survey period (None when that period is not stored yet): what a response needs."""

    id: int
    code: str
    name: str
    population: int | None
    from_config: bool
    method: str
    services: tuple[tuple[int, str], ...]
    period_id: int | None = None


@cache
def _unit_query(with_period: bool) -> Select[Any]:
    """The statement of `_read_unit`, built once (binds: `key`, `period`)."""
    unit = ServiceUnit.__table__  # type: ignore[attr-defined]
    service = Service.__table__  # type: ignore[attr-defined]
    survey_period = SurveyPeriod.__table__  # type: ignore[attr-defined]
    key: BindParameter[str] = bindparam("key")
    by_code = func.lower(unit.c.code) == key
    columns = [unit.c.id, unit.c.code, unit.c.name, unit.c.population, unit.c.from_config,
               unit.c.method, service.c.id.label("service_id"),
               service.c.name.label("service_name")]
    if with_period:
        columns.append(select(survey_period.c.id).where(
            survey_period.c.code == bindparam("period")).scalar_subquery().label("period_id"))
    return (select(*columns)
            .select_from(unit.outerjoin(service, service.c.unit_id == unit.c.id))
            .where(or_(by_code, func.lower(unit.c.name) == key))
            .order_by(case((by_code, 0), else_=1), unit.c.id, service.c.id))


def _read_unit(session: Session, key: str, period: Period | None) -> StoredUnit | None:
    """The unit whose code (else whose name) is `key` (lower case), with its services and
    the period's id, in one statement: the public form's hot path."""
    params = {"key": key} if period is None else {"key": key, "period": period.code}
    rows = session.connection().execute(_unit_query(period is not None), params).all()
    if not rows:
        return None
    first = rows[0]
    return StoredUnit(
        id=first.id, code=first.code, name=first.name, population=first.population,
        from_config=first.from_config, method=first.method,
        services=tuple((r.service_id, r.service_name) for r in rows
                       if r.id == first.id and r.service_id is not None),
        period_id=first.period_id if period is not None else None)


def _as_configured(stored: StoredUnit, conf: UnitConfig, survey: SurveyConfig) -> bool:
    """True when the stored unit is what `sync_config_units` would leave for `conf` (its
    fields, its services)."""
    return (not _fields_differ(stored, _configured(conf, survey))
            and not _missing_services(conf, (name for _, name in stored.services)))


def _needs_sync(stored: StoredUnit | None, key: str, survey: SurveyConfig) -> bool:
    """Whether the configured units must be written before `key` is looked up again: the
    config names a unit (by code, else by name) that is not stored as configured."""
    wanted = unit_config(survey, key)  # a configured code is looked up first
    if wanted is not None and (stored is None or stored.code.lower() != key):
        return True
    if stored is None:
        return any(u.name.lower() == key for u in survey.units)
    conf = unit_config(survey, stored.code)
    return conf is not None and not _as_configured(stored, conf, survey)


def stored_unit(session: Session, text: str, *, survey: SurveyConfig,
                period: Period | None = None) -> StoredUnit | None:
    """A unit by code or name, case-insensitive, with its services (and `period`'s id).

    The configured units are synced only when the config differs from what is stored (a
    new unit, a new name, population, method or service): otherwise this is one read, so
    the public form does not rewrite the config on every submission. Every process checks
    against its own config each time, so nothing cached can go stale (a changed config,
    a restored database, a service another process added)."""
    key = text.strip().lower()
    stored = _read_unit(session, key, period)
    if _needs_sync(stored, key, survey):
        sync_config_units(session, survey=survey)
        stored = _read_unit(session, key, period)
    return stored


def find_unit(session: Session, text: str, *, survey: SurveyConfig) -> ServiceUnit | None:
    """A unit by code or name, case-insensitive (the configured one synced first when the
    config differs from what is stored)."""
    stored = stored_unit(session, text, survey=survey)
    return None if stored is None else session.get(ServiceUnit, stored.id)


def unit_not_found(text: str) -> NotFoundError:
    return NotFoundError(f"Unit layanan '{text}' tidak ditemukan. Lihat daftar dengan "
                         "`pantau survey units`.")


def get_unit(session: Session, text: str, *, survey: SurveyConfig) -> ServiceUnit:
    unit = find_unit(session, text, survey=survey)
    if unit is None:
        raise unit_not_found(text)
    return unit


class UnknownUnitError(InputError):
    """A unit code or name that neither the config nor an earlier explicit creation
    defines. The message lists the known units (and the closest one); each door adds how
    to create a new unit there (`--new-unit`, the upload form's checkbox)."""

    def __init__(self, text: str, known: list[str]) -> None:
        self.unit = text
        self.known = known
        close = difflib.get_close_matches(text.upper(), [k.upper() for k in known], n=1,
                                          cutoff=0.6)
        self.suggestion = next((k for k in known if close and k.upper() == close[0]), None)
        if known:
            message = (f"Unit layanan '{text}' belum terdaftar. Unit layanan yang terdaftar: "
                       f"{', '.join(known)}.")
            if self.suggestion:
                message += f" Mungkin maksud Anda {self.suggestion}?"
        else:
            message = (f"Unit layanan '{text}' belum terdaftar. Belum ada unit layanan yang "
                       "terdaftar.")
        super().__init__(message)


def known_unit_codes(session: Session, *, survey: SurveyConfig) -> list[str]:
    """The codes of every unit, configured or stored, sorted."""
    return [code for code, _name in unit_choices(session, survey=survey)]


def check_import_unit(session: Session, text: str, *, survey: SurveyConfig,
                      new_unit: bool = False) -> str:
    """The code of the unit a file is imported into. A unit nobody defined is refused with
    UnknownUnitError unless `new_unit` asks for it (then the name typed is returned)."""
    name = check_unit_name(text)
    if len(name) > UNIT_CODE_MAX:
        raise InputError(f"Kode unit layanan '{name[:60]}…' terlalu panjang "
                         f"({len(name)} karakter; paling banyak {UNIT_CODE_MAX}).")
    key = name.lower()
    for code, unit_name in unit_choices(session, survey=survey):
        if key in (code.lower(), unit_name.lower()):
            return code
    if not new_unit:
        raise UnknownUnitError(name, known_unit_codes(session, survey=survey))
    return name


def get_or_create_unit(session: Session, text: str, *, survey: SurveyConfig,
                       method: str | None = None, new_unit: bool = False) -> ServiceUnit:
    """A unit by code or name; a unit nobody defined is created only with `new_unit` (else
    UnknownUnitError) and scores by `method` (the first file's method)."""
    name = check_unit_name(text)
    check_import_unit(session, name, survey=survey, new_unit=new_unit)
    unit = find_unit(session, name, survey=survey)
    if unit is None:
        insert_missing(session, ServiceUnit, {"code": name, "name": name,
                                              "from_config": False,
                                              "method": method or survey.method}, ["code"])
        unit = _unit_by_code(session, name)
        assert unit is not None
    return unit


def services_of(session: Session, unit_id: int) -> list[Service]:
    return list(session.exec(select(Service).where(Service.unit_id == unit_id)
                             .order_by(Service.id)).all())  # type: ignore[arg-type]


def services_fixed(unit: ServiceUnit | StoredUnit, *, survey: SurveyConfig) -> bool:
    """True when the config lists the unit's services (others are then rejected)."""
    conf = unit_config(survey, unit.code)
    return bool(conf and conf.services)


def get_or_create_period(session: Session, period: Period) -> SurveyPeriod:
    query = select(SurveyPeriod).where(SurveyPeriod.code == period.code)
    row = session.exec(query).first()
    if row is None:
        insert_missing(session, SurveyPeriod, {
            "code": period.code, "kind": period.kind, "start_date": period.start,
            "end_date": period.end}, ["code"])
        row = session.exec(query).one()
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
    method: str = "14/2017"


def resolve_scope(session: Session, *, survey: SurveyConfig, unit: str | None,
                  service: str | None) -> Scope:
    """Unit and service names from a user or another domain -> ids (NotFoundError if none)."""
    unit_row = get_unit(session, unit, survey=survey) if unit else None
    if unit is None:
        sync_config_units(session, survey=survey)
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
        method=unit_row.method if unit_row else survey.method,
    )


def unit_choices(session: Session, *, survey: SurveyConfig) -> list[tuple[str, str]]:
    """(code, name) of every unit, configured ones and those created by imports, by code.
    Reads only: a page listing units does not write the configured ones to the database."""
    units = {u.code.lower(): (u.code, u.name) for u in survey.units}
    for code, name in session.exec(select(ServiceUnit.code, ServiceUnit.name)).all():
        units.setdefault(code.lower(), (code, name))
    return sorted(units.values())


@dataclass
class UnitSummary:
    unit: ServiceUnit
    responses: int
    services: list[Service]


def unit_summaries(session: Session, *, survey: SurveyConfig) -> list[UnitSummary]:
    """Every unit by code, with its number of stored responses and its services."""
    sync_config_units(session, survey=survey)
    table = Response.__table__  # type: ignore[attr-defined]
    counts: dict[int | None, int] = {
        row[0]: row[1] for row in session.connection().execute(
            select(table.c.unit_id, func.count()).group_by(table.c.unit_id))}
    units = session.exec(select(ServiceUnit).order_by(col(ServiceUnit.code))).all()
    return [UnitSummary(u, counts.get(u.id, 0), services_of(session, u.id))
            for u in units if u.id is not None]

"""Survey services for the web app and other callers: one response from the public form
or the API, and the upload preview (validation without storing)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Insert, insert
from sqlmodel import Session

from pantau.core.errors import InputError
from pantau.core.periods import Period, month
from pantau.core.timeutil import to_jakarta, utcnow
from survey.columns import ColumnPlan, match_header, resolve_target
from survey.config import SurveyConfig
from survey.importer import ImportResult, validate_file
from survey.methods import Method, get_method
from survey.models import SOURCE_FORM, Response
from survey.questionnaire import PROFILE_FIELDS
from survey.reader import open_table
from survey.rows import RowParser
from survey.units import (
    get_or_create_period,
    get_or_create_service,
    services_fixed,
    stored_unit,
    unit_not_found,
)

# A suggestion sent with one response is kept to this many characters (the public form's
# text box stops there too); a longer one is cut, never refused, so no answer is lost.
MAX_SARAN = 2000


def _answer_key(key: str, method: Method) -> str | None:
    """The element code ('U1'..'U9', or 'U14' for 25/2004) a form key names, if any."""
    target = resolve_target(key, method) or match_header(key, method)
    return target if target in {e.code for e in method.elements} else None


def submit_response(
    session: Session,
    *,
    survey: SurveyConfig,
    unit: str,
    period: Period | None,
    answers: dict[str, int | str],
    jenis_kelamin: str | None = None,
    usia: int | str | None = None,
    pendidikan: str | None = None,
    pekerjaan: str | None = None,
    jenis_layanan: str | None = None,
    tanggal_survei: date | None = None,
    saran: str | None = None,
) -> int:
    """Validate and store one response from the public form or the API; its id (does not
    commit).

    `answers` maps the elements of the unit's questionnaire (U1..U9 for 14/2017, U1..U14
    for 25/2004, or element names) to 1-4 or an answer label. Without `period`
    the response goes to the month of the survey date (today, WIB, by default), which lies
    inside every standard period of that month. `saran` is trimmed and kept to MAX_SARAN
    characters. Raises InputError listing every problem."""
    day: date | None = tanggal_survei or to_jakarta(utcnow()).date()
    assert day is not None
    period = period or month(day.year, day.month)
    if tanggal_survei is None and not period.contains(day):
        day = None  # a form left open after its period: keep the period, not today's date
    # One read: the unit, its services and the period's id (the config written only when it
    # differs from what is stored).
    unit_row = stored_unit(session, unit, survey=survey, period=period)
    if unit_row is None:
        raise unit_not_found(unit)
    method = get_method(unit_row.method)
    elements = method.elements
    plan = ColumnPlan(headers=[e.code for e in elements] + [f.label for f in PROFILE_FIELDS],
                      method=method)
    plan.elements = {e.code: i for i, e in enumerate(elements)}
    offset = len(elements)
    plan.profile = {f.key: offset + i for i, f in enumerate(PROFILE_FIELDS)}
    cells: list[object] = [None] * len(plan.headers)
    unknown = []
    for key, value in answers.items():
        code = _answer_key(str(key), method)
        if code is None:
            unknown.append(str(key))
        else:
            cells[plan.elements[code]] = value
    if unknown:
        raise InputError("Jawaban untuk unsur yang tidak dikenal: " + ", ".join(unknown))
    profile: dict[str, object] = {
        "tanggal_survei": day, "jenis_kelamin": jenis_kelamin, "usia": usia,
        "pendidikan": pendidikan, "pekerjaan": pekerjaan, "jenis_layanan": jenis_layanan,
        "saran": (saran or "").strip()[:MAX_SARAN] or None}
    for field_key, field_value in profile.items():
        cells[plan.profile[field_key]] = field_value
    parser = RowParser(plan, source="formulir", period=period,
                       services=[name for _, name in unit_row.services],
                       services_fixed=services_fixed(unit_row, survey=survey))
    parsed = parser.parse(1, cells)
    if isinstance(parsed, list):
        raise InputError("Isian formulir belum benar.", [p.reason for p in parsed])
    service_id = None
    if parsed.service is not None:
        service_id = next((id_ for id_, name in unit_row.services if name == parsed.service),
                          None) or get_or_create_service(session, unit_row.id,
                                                         parsed.service).id
    period_id = unit_row.period_id or get_or_create_period(session, period).id
    values: dict[str, Any] = dict.fromkeys(ANSWER_COLUMNS)
    values.update({e.column: parsed.answers[i] for i, e in enumerate(elements)})
    values.update(
        unit_id=unit_row.id, period_id=period_id, service_id=service_id, batch_id=None,
        source=SOURCE_FORM, row_number=None, survey_date=parsed.survey_date,
        gender=parsed.gender, age=parsed.age, education=parsed.education,
        occupation=parsed.occupation, saran=parsed.saran, method=method.code)
    # A plain INSERT ... RETURNING id: building the ORM object and flushing it cost as much
    # CPU as the rest of the submission's database work.
    session.flush()  # pending rows first: the statement runs on the session's connection
    return int(session.connection().execute(_insert_response(), values).scalar_one())


ANSWER_COLUMNS = [f"u{i}" for i in range(1, 15)]


@cache
def _insert_response() -> Insert:
    table = Response.__table__  # type: ignore[attr-defined]
    return insert(table).returning(table.c.id)


def preview_upload(path: Path, *, survey: SurveyConfig, unit: str, period: Period,
                   mapping: Path | None = None, display_name: str | None = None,
                   rejected_path: Path | None = None, new_unit: bool = False,
                   keep_duplicates: bool = False) -> ImportResult:
    """Validate an uploaded file without storing anything: the result lists every header
    and row problem (file, row, column, reason), how many rows are valid and how many are
    already stored by an earlier import (`duplicates`). With `rejected_path`, the invalid
    rows and their reasons are written there as CSV. An unknown unit is refused
    (UnknownUnitError) unless `new_unit`."""
    return validate_file(path, survey=survey, unit=unit, period=period, mapping=mapping,
                         display_name=display_name, rejected_path=rejected_path,
                         new_unit=new_unit, keep_duplicates=keep_duplicates)


def preview_rows(path: Path, *, display_name: str, limit: int = 10,
                 also: Collection[int] = ()) -> tuple[list[str], list[list[Any]]]:
    """The header and the first `limit` rows of a file as the importer reads them (row
    number first), for showing an upload before it is stored; then the rows numbered in
    `also` (e.g. the invalid ones) further down, at most `limit` of them."""
    rows: list[list[Any]] = []
    extra = 0
    with open_table(path, display_name=display_name) as table:
        for number, cells in table.rows:
            first = len(rows) - extra < limit
            if not first and number not in also:
                if extra >= limit or not also:
                    break
                continue
            if not first:
                extra += 1
            rows.append([number, *("" if c is None else c for c in cells)])
        return ["Baris", *(str(h) for h in table.headers)], rows

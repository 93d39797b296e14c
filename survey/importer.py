"""Importing responses from an officer's CSV or XLSX file.

- all-or-nothing by default: one invalid row and nothing is stored;
- `skip_invalid`: valid rows are stored, rejected rows go to a CSV with the reasons;
- the same file (by SHA-256 of its bytes) is never stored twice;
- a row identical to one an earlier import stored for the same unit and period (the fixed
  file uploaded whole after its valid rows were kept) is skipped and reported, unless
  `keep_duplicates` says identical answers are genuine;
- a unit nobody defined is refused unless `new_unit` asks for it;
- `dry_run`: validate only.

Rows are streamed and written in chunks (executemany on SQLite, COPY on PostgreSQL) inside
one transaction, so a million rows import in seconds with flat memory.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import delete
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from pantau.core.audit import record
from pantau.core.db import insert_missing, session_scope
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import Period
from pantau.core.spreadsheet import csv_cell
from pantau.core.timeutil import format_wib, utcnow
from survey.columns import load_mapping, method_note, plan_columns
from survey.config import SurveyConfig
from survey.methods import Method
from survey.models import (
    BULK_CONSTANTS,
    SOURCE_IMPORT,
    ImportBatch,
    Response,
    ServiceUnit,
    SurveyPeriod,
    bulk_columns,
)
from survey.problems import MAX_LISTED, Problem, problems_error
from survey.reader import file_hash, open_table
from survey.rows import ParsedRow, RowParser
from survey.units import (
    check_import_unit,
    check_unit_name,
    find_unit,
    get_or_create_period,
    get_or_create_service,
    get_or_create_unit,
    services_fixed,
    services_of,
)

CHUNK_ROWS = 20_000
KEEP_PROBLEMS = 1_000


@dataclass
class ImportResult:
    file: str
    unit: str
    period: str
    rows_read: int = 0
    stored: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)  # the first KEEP_PROBLEMS
    problem_count: int = 0
    dry_run: bool = False
    already_imported: bool = False
    previous: str | None = None  # when already imported: what and when
    rejected_file: Path | None = None
    method: str = "14/2017"  # the questionnaire the file's headers fit
    method_note: str | None = None  # said when the file is not a 14/2017 questionnaire
    created_unit: bool = False  # the import created its unit (asked with `new_unit`)
    header_problems: bool = False  # the column headers cannot be used: no row was read
    # Rows identical to rows an earlier import stored for the unit and period: skipped.
    duplicates: int = 0
    duplicate_rows: list[int] = field(default_factory=list)  # their numbers (the first few)
    duplicate_of: list[str] = field(default_factory=list)  # "impor #N pada <WIB time>"

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def to_store(self) -> int:
        """The valid rows that are not already stored: what saving would store."""
        return max(self.rows_read - self.rejected - self.duplicates, 0)

    def duplicates_note(self) -> str:
        """The rows skipped as already stored, with the import(s) that stored them."""
        if not self.duplicates:
            return ""
        rows = ", ".join(str(n) for n in self.duplicate_rows[:MAX_LISTED])
        more = " dan lainnya" if self.duplicates > len(self.duplicate_rows[:MAX_LISTED]) else ""
        verb = "dilewati" if not self.dry_run else "akan dilewati"
        return (f"{self.duplicates} baris sama persis dengan {' dan '.join(self.duplicate_of)} "
                f"untuk unit {self.unit} periode {self.period} (baris {rows}{more}), {verb} "
                "agar responden tidak terhitung dua kali.")

    def summary(self) -> str:
        note = f"{self.method_note} " if self.method_note else ""
        text = note + self._outcome()
        if self.duplicates and not self.already_imported:
            text += " " + self.duplicates_note()
        return text

    def _outcome(self) -> str:
        if self.already_imported:
            return (f"Berkas {self.file} sudah pernah diimpor ({self.previous}). "
                    "Tidak ada data baru yang disimpan.")
        if self.dry_run:
            verdict = ("semua baris valid" if self.ok
                       else f"{self.problem_count} masalah pada {self.rejected} baris")
            return (f"Uji coba (tidak ada yang disimpan): {self.rows_read} baris dibaca dari "
                    f"{self.file}; {verdict}.")
        if self.stored == 0 and self.duplicates:
            return f"Tidak ada data baru yang disimpan dari {self.file}."
        text = (f"{self.stored} respons dari {self.file} disimpan untuk unit {self.unit}, "
                f"periode {self.period}.")
        if self.created_unit:
            text += f" Sesuai permintaan, unit layanan baru {self.unit} dibuat."
        if self.rejected:
            text += f" {self.rejected} baris ditolak"
            text += f" dan ditulis ke {self.rejected_file}." if self.rejected_file else "."
        return text


class _BulkWriter:
    """Appends rows (tuples in `bulk_columns(method)` order) to survey_response in chunks.

    The database work of a chunk runs in a helper thread while the next chunk is parsed
    (the drivers release the GIL while the database works); `drain()` waits for it. The
    session must not be used while a chunk is being written: call `drain()` first."""

    def __init__(self, session: Session, constants: tuple[int, int, int, str, str],
                 method: Method) -> None:
        self.connection = session.connection()
        self.dialect = self.connection.dialect.name
        columns = bulk_columns(method.columns)
        cols = ", ".join((*columns, *BULK_CONSTANTS))
        self.constants = constants
        if self.dialect == "postgresql":
            self.sql = f"COPY survey_response ({cols}) FROM STDIN"
        else:
            # Constants inline (integers we looked up, a fixed word): fewer values to bind.
            unit_id, period_id, batch_id, source, method_code = constants
            fixed = (f"{int(unit_id)}, {int(period_id)}, {int(batch_id)}, '{source}', "
                     f"'{method_code}'")
            marks = ", ".join("?" if self.dialect == "sqlite" else "%s" for _ in columns)
            self.sql = f"INSERT INTO survey_response ({cols}) VALUES ({marks}, {fixed})"
        self._pending: Future[None] | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="survey-import")

    def _write_now(self, rows: list[tuple[Any, ...]]) -> None:
        if self.dialect == "postgresql":
            raw = self.connection.connection.driver_connection
            constants = self.constants
            with raw.cursor() as cursor, cursor.copy(self.sql) as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row(row + constants)
        else:
            self.connection.connection.driver_connection.cursor().executemany(  # type: ignore[union-attr]
                self.sql, rows)

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        self.drain()
        self._pending = self._pool.submit(self._write_now, rows)

    def drain(self) -> None:
        """Wait for the chunk being written; its error, if any, is raised here."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def close(self) -> None:
        try:
            self.drain()
        finally:
            self._pool.shutdown(wait=True)


class _Rejects:
    """The rejected rows with their reasons, written lazily to a CSV (UTF-8 with BOM, ';').

    Rows are streamed as the import finds them (a file may have a million), each cell made
    spreadsheet-safe by `pantau.core.spreadsheet.csv_cell`: a respondent's `=HYPERLINK(...)`
    opens as text in Excel."""

    def __init__(self, path: Path | None, headers: list[str]) -> None:
        self.path = path
        self.headers = headers
        self._fh: IO[str] | None = None
        self._writer: Any = None

    def add(self, number: int, cells: list[object], problems: list[Problem]) -> None:
        if self.path is None:
            return
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self._writer = csv.writer(self._fh, delimiter=";")
            self._writer.writerow([csv_cell(h) for h in ("Baris", *self.headers,
                                                         "Alasan penolakan")])
        reasons = "; ".join(f"kolom {p.column}: {p.reason}" if p.column else p.reason
                            for p in problems)
        values = list(cells[:len(self.headers)])
        values += [None] * (len(self.headers) - len(values))
        self._writer.writerow([csv_cell(v) for v in (number, *values, reasons)])

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


class _DryRun(Exception):
    """Raised to roll back a dry run's transaction."""


def default_rejected_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-ditolak.csv")


def import_file(
    path: Path,
    *,
    survey: SurveyConfig,
    unit: str,
    period: Period,
    mapping: Path | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    rejected_path: Path | None = None,
    display_name: str | None = None,
    progress: Callable[[int], None] | None = None,
    database_url: str | None = None,
    actor: str = "sistem",
    new_unit: bool = False,
    keep_duplicates: bool = False,
) -> ImportResult:
    """Import one file into `unit` for `period` (created if missing). A unit nobody defined
    (config or an earlier explicit creation) is refused with UnknownUnitError unless
    `new_unit` asks to create it. Rows identical to rows an earlier import stored for the
    same unit and period are skipped and counted in `duplicates`, unless `keep_duplicates`.

    Raises InputError listing every problem when the file cannot be used or, without
    `skip_invalid` / `dry_run`, when any row is invalid (then nothing is stored). A stored
    import is recorded in the audit log as `survey.import` by `actor`."""
    path = Path(path)
    name = display_name or path.name
    result = ImportResult(file=name, unit=check_unit_name(unit), period=period.code,
                          dry_run=dry_run)
    columns_map = load_mapping(mapping) if mapping else None
    digest = file_hash(path) if path.is_file() else ""
    try:
        with session_scope(database_url) as session:
            _run(session, path, digest, result, survey=survey, columns_map=columns_map,
                 period=period, skip_invalid=skip_invalid, rejected_path=rejected_path,
                 progress=progress, actor=actor, new_unit=new_unit,
                 keep_duplicates=keep_duplicates)
            if dry_run or (result.stored == 0 and result.duplicates):
                raise _DryRun
    except _DryRun:
        pass
    return result


def validate_file(path: Path, *, survey: SurveyConfig, unit: str, period: Period,
                  mapping: Path | None = None, display_name: str | None = None,
                  rejected_path: Path | None = None, new_unit: bool = False,
                  keep_duplicates: bool = False) -> ImportResult:
    """Check a file without storing anything; header and row problems come back in the
    result (the web upload preview). With `rejected_path`, the invalid rows and their
    reasons are written there (CSV, as `--skip-invalid` writes them)."""
    path = Path(path)
    name = display_name or path.name
    result = ImportResult(file=name, unit=check_unit_name(unit), period=period.code,
                          dry_run=True)
    columns_map = load_mapping(mapping) if mapping else None
    try:
        with session_scope() as session:
            _run(session, path, file_hash(path), result, survey=survey, columns_map=columns_map,
                 period=period, skip_invalid=False, rejected_path=rejected_path,
                 progress=None, strict_headers=False, new_unit=new_unit,
                 keep_duplicates=keep_duplicates)
            raise _DryRun
    except _DryRun:
        pass
    return result


def _run(session: Session, path: Path, digest: str, result: ImportResult, *,
         survey: SurveyConfig, columns_map: dict[str, str] | None, period: Period,
         skip_invalid: bool, rejected_path: Path | None,
         progress: Callable[[int], None] | None,
         strict_headers: bool = True, actor: str = "sistem", new_unit: bool = False,
         keep_duplicates: bool = False) -> None:
    if _already_imported(session, digest, result):
        return
    dry_run = result.dry_run
    with open_table(path, display_name=result.file) as table:
        # The unit before the columns: a typo in its code is the first thing to say.
        existing = check_import_unit(session, result.unit, survey=survey, new_unit=new_unit)
        plan = plan_columns(table.headers, source=result.file, mapping=columns_map,
                            header_row=table.header_row, strict=strict_headers)
        result.method, result.method_note = plan.method.code, method_note(plan)
        if plan.problems:
            result.problems = plan.problems
            result.problem_count = len(plan.problems)
            result.header_problems = True
            return
        result.created_unit = find_unit(session, existing, survey=survey) is None
        unit_row = get_or_create_unit(session, existing, survey=survey,
                                      method=plan.method.code, new_unit=new_unit)
        result.unit = unit_row.code
        if unit_row.method != plan.method.code:
            raise InputError(
                f"{result.file}: berkas ini kuesioner metode {plan.method.code} "
                f"({plan.method.regulation}, {len(plan.method.elements)} unsur), sedangkan "
                f"unit {unit_row.code} memakai metode {unit_row.method}. Unsurnya tidak "
                "dipetakan ke metode lain. Minta pengelola aplikasi menetapkan metode "
                f"{plan.method.code} untuk unit ini di konfigurasi, atau impor ke unit lain.")
        period_row = get_or_create_period(session, period)
        assert unit_row.id is not None and period_row.id is not None
        known = {s.name: s.id for s in services_of(session, unit_row.id)}
        parser = RowParser(plan, source=result.file, period=period, services=list(known),
                           services_fixed=services_fixed(unit_row, survey=survey))
        # The same file sent twice at once: the second insert does nothing and waits for the
        # first transaction, so the second import reports "sudah pernah diimpor".
        if not insert_missing(session, ImportBatch, {
                "file_hash": digest, "file_name": result.file[:300], "unit_id": unit_row.id,
                "period_id": period_row.id, "imported_at": utcnow()}, ["file_hash"]):
            _already_imported(session, digest, result)
            return
        batch = session.exec(select(ImportBatch).where(ImportBatch.file_hash == digest)).one()
        assert batch.id is not None
        stored = (_StoredRows(session, unit_id=unit_row.id, period_id=period_row.id,
                              method=plan.method) if not keep_duplicates else None)
        writer = _BulkWriter(session, (unit_row.id, period_row.id, batch.id, SOURCE_IMPORT,
                                       plan.method.code), plan.method)
        if dry_run:  # a check writes the rejected rows only when asked where
            rejects_to = rejected_path
        else:
            rejects_to = (rejected_path or default_rejected_path(path)) if skip_invalid else None
        rejects = _Rejects(rejects_to, table.headers)
        sqlite = writer.dialect == "sqlite"
        unit_id = unit_row.id
        chunk: list[tuple[Any, ...]] = []
        problems: list[Problem] = []
        try:
            for number, cells in table.rows:
                result.rows_read += 1
                parsed = parser.parse(number, cells)
                if isinstance(parsed, list):
                    result.rejected += 1
                    result.problem_count += len(parsed)
                    if len(problems) < KEEP_PROBLEMS:
                        problems.extend(parsed)
                    rejects.add(number, list(cells), parsed)
                    continue
                if stored is not None and stored.take(parsed, known):
                    result.duplicates += 1
                    if len(result.duplicate_rows) < KEEP_PROBLEMS:
                        result.duplicate_rows.append(number)
                    continue
                if dry_run or (problems and not skip_invalid):
                    continue
                service_id = (None if parsed.service is None else known.get(parsed.service)
                              or _service_id(session, known, unit_id, parsed, writer))
                chunk.append(_bulk_row(parsed, service_id, sqlite))
                if len(chunk) >= CHUNK_ROWS:
                    writer.write(chunk)
                    result.stored += len(chunk)
                    chunk = []
                    if progress:
                        progress(result.rows_read)
            if not dry_run and not (problems and not skip_invalid):
                writer.write(chunk)
                result.stored += len(chunk)
            if progress:
                progress(result.rows_read)
        finally:
            try:
                writer.close()
            finally:
                rejects.close()
        result.problems = problems
        if stored is not None:
            result.duplicate_of = stored.described()
        if result.rows_read == 0:
            raise InputError(f"{result.file}: tidak ada baris data di bawah judul kolom.")
        if problems and not skip_invalid and not dry_run:
            result.stored = 0
            raise problems_error(
                f"Impor {result.file} dibatalkan: {result.rejected} dari {result.rows_read} "
                f"baris tidak valid ({result.problem_count} masalah). Tidak ada data yang "
                "disimpan. Perbaiki berkasnya, atau pakai --skip-invalid untuk menyimpan "
                "baris yang valid saja.", problems[:MAX_LISTED], result.problem_count)
        if skip_invalid and not dry_run and result.stored == 0 and not result.duplicates:
            # Nothing to keep: leave no batch behind, so the file can be imported once fixed
            # (or once the unit's services are configured).
            raise problems_error(
                f"Impor {result.file} dibatalkan: tidak ada satu pun baris yang valid "
                f"({result.problem_count} masalah).", problems[:MAX_LISTED], result.problem_count)
        if result.rejected and rejects.path is not None and rejects.path.exists():
            result.rejected_file = rejects.path
        batch.rows_stored = result.stored
        batch.rows_rejected = result.rejected
        session.add(batch)
        if not dry_run and result.stored:
            facts = _batch_facts(batch, result.unit, result.period)
            if result.duplicates:
                facts["duplicates_skipped"] = result.duplicates
            if result.created_unit:
                facts["unit_created"] = True
            record(session, actor=actor, action="survey.import", entity="import_batch",
                   entity_id=batch.id, after=facts)


class _StoredRows:
    """The rows earlier imports stored for one unit and period, by their whole content
    (service, date, profile, answers, suggestion; not the row number, which changes when a
    file is fixed): each can be matched once by an identical row of a new file. Rows are
    kept as a hash of that content and one import that stored it (a period of a million
    responses: about 100 MB, not the rows themselves)."""

    def __init__(self, session: Session, *, unit_id: int, period_id: int,
                 method: Method) -> None:
        self.session = session
        self.remaining: dict[int, int] = {}
        self.batch_of: dict[int, int] = {}
        self.matched: set[int] = set()
        earlier = session.exec(select(ImportBatch.id).where(
            ImportBatch.unit_id == unit_id, ImportBatch.period_id == period_id,
            ImportBatch.rows_stored > 0)).first()
        if earlier is None:  # the usual case: nothing to read
            return
        table = Response.__table__  # type: ignore[attr-defined]
        c = table.c
        query = (sql_select(c.batch_id, c.service_id, c.survey_date, c.gender, c.age,
                            c.education, c.occupation, *(c[name] for name in method.columns),
                            c.saran)
                 .where(c.unit_id == unit_id, c.period_id == period_id,
                        c.batch_id.is_not(None), c.method == method.code))
        remaining, batch_of = self.remaining, self.batch_of
        for row in session.connection().execute(query):
            key = hash(tuple(row[1:]))
            remaining[key] = remaining.get(key, 0) + 1
            batch_of[key] = row[0]

    def take(self, row: ParsedRow, services: dict[str, int | None]) -> bool:
        """True (and the stored row is used up) when `row` is identical to a stored one."""
        if not self.remaining:
            return False
        service: Any = None
        if row.service is not None:
            service = services.get(row.service, ("baru", row.service))
        key = hash((service, row.survey_date, row.gender, row.age, row.education,
                    row.occupation, *row.answers, row.saran))
        if self.remaining.get(key, 0) <= 0:
            return False
        self.remaining[key] -= 1
        self.matched.add(self.batch_of[key])
        return True

    def described(self) -> list[str]:
        """"impor #N pada <WIB time>" of each import the matched rows came from."""
        if not self.matched:
            return []
        rows = self.session.exec(select(ImportBatch).where(
            col(ImportBatch.id).in_(sorted(self.matched))).order_by(col(ImportBatch.id))).all()
        return [f"impor #{b.id} pada {format_wib(b.imported_at)}" for b in rows]


def _already_imported(session: Session, digest: str, result: ImportResult) -> bool:
    previous = session.exec(select(ImportBatch).where(ImportBatch.file_hash == digest)).first()
    if previous is None:
        return False
    unit_row = session.get(ServiceUnit, previous.unit_id)
    result.already_imported = True
    result.previous = (f"{format_wib(previous.imported_at)}, {previous.rows_stored} "
                       f"respons, unit {unit_row.code if unit_row else '?'}")
    return True


def _service_id(session: Session, known: dict[str, int | None], unit_id: int,
                row: ParsedRow, writer: _BulkWriter) -> int | None:
    if row.service is None:
        return None
    if row.service not in known:
        writer.drain()  # the session and the writer share one connection
        known[row.service] = get_or_create_service(session, unit_id, row.service).id
    return known[row.service]


def _bulk_row(row: ParsedRow, service_id: int | None, sqlite: bool) -> tuple[Any, ...]:
    day: Any = row.survey_date
    if sqlite and day is not None:
        day = day.isoformat()
    return (service_id, row.row_number, day, row.gender, row.age, row.education,
            row.occupation, *row.answers, row.saran)


def list_batches(session: Session) -> list[tuple[ImportBatch, str, str]]:
    """Every import, newest first, with its unit code and period code."""
    rows = session.exec(
        select(ImportBatch, ServiceUnit.code, SurveyPeriod.code)
        .join(ServiceUnit, ServiceUnit.id == ImportBatch.unit_id)  # type: ignore[arg-type]
        .join(SurveyPeriod, SurveyPeriod.id == ImportBatch.period_id)  # type: ignore[arg-type]
        .order_by(ImportBatch.id.desc())  # type: ignore[union-attr]
    ).all()
    return [(b, u, p) for b, u, p in rows]


def _batch_facts(batch: ImportBatch, unit: str, period: str) -> dict[str, object]:
    return {"file": batch.file_name, "unit": unit, "period": period,
            "rows_stored": batch.rows_stored, "rows_rejected": batch.rows_rejected,
            "sha256": batch.file_hash}


def get_batch(session: Session, batch_id: int) -> ImportBatch:
    """One import by its number; NotFoundError when there is none."""
    batch = session.get(ImportBatch, batch_id) if 0 < batch_id < 2**63 else None
    if batch is None:
        raise NotFoundError(f"Impor nomor {batch_id} tidak ditemukan; lihat `pantau survey "
                            "batches`.")
    return batch


def remove_batch(session: Session, batch_id: int, *, actor: str) -> int:
    """Delete one import and its responses (an import into the wrong unit or period);
    the same file can then be imported again. Returns the number of responses removed.
    Recorded in the audit log as `survey.import.remove` by `actor`."""
    batch = get_batch(session, batch_id)
    table = Response.__table__  # type: ignore[attr-defined]
    removed = session.connection().execute(
        delete(table).where(table.c.batch_id == batch_id)).rowcount
    unit = session.get(ServiceUnit, batch.unit_id)
    period = session.get(SurveyPeriod, batch.period_id)
    record(session, actor=actor, action="survey.import.remove", entity="import_batch",
           entity_id=batch_id,
           before=_batch_facts(batch, unit.code if unit else "?", period.code if period else "?"),
           after={"responses_removed": int(removed or 0)})
    session.delete(batch)
    session.flush()
    return int(removed or 0)

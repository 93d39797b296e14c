"""Print, TV and radio clippings, imported from CSV or XLSX (these media are monitored by
people). All or nothing: every row is validated first and the file is stored in one
transaction, or nothing is stored and every problem is listed (file, row, column).

Columns (header names are case-insensitive; Indonesian or English):
tanggal/date, media/outlet, jenis_media/media_type (cetak, televisi, radio, online),
judul/title, ringkasan/transkrip/summary/transcript, halaman/program/page/programme.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from collectors.config import MonitoringConfig
from collectors.dedup import content_hash
from collectors.manual import add_own_story, import_scope, is_stored
from collectors.models import Match, Mention
from collectors.query import parse_query
from pantau.core.dates import parse_iso
from pantau.core.db import session_scope
from pantau.core.encodings import refuse_east_asian
from pantau.core.errors import InputError
from pantau.core.timeutil import JAKARTA, utcnow
from pantau.core.xlsx import read_sheet

COLUMNS: dict[str, tuple[str, ...]] = {
    "tanggal": ("tanggal", "date", "tgl", "tanggal_terbit", "tanggal_siar"),
    "media": ("media", "outlet", "nama_media", "sumber"),
    "jenis_media": ("jenis_media", "jenis", "media_type", "tipe_media"),
    "judul": ("judul", "title", "headline"),
    "ringkasan": ("ringkasan", "transkrip", "summary", "transcript", "isi", "teks"),
    "halaman_atau_program": ("halaman_atau_program", "halaman", "program", "page",
                             "programme", "acara", "rubrik"),
}
REQUIRED = ("tanggal", "media", "jenis_media", "judul")
MEDIA_ALIASES = {
    "cetak": "cetak", "koran": "cetak", "surat kabar": "cetak", "majalah": "cetak",
    "tabloid": "cetak", "print": "cetak", "televisi": "televisi", "tv": "televisi",
    "television": "televisi", "radio": "radio", "online": "online", "daring": "online",
}
CLIPPING_SOURCE = "Kliping manual"
_DAY_FIRST = ("%d/%m/%Y", "%d-%m-%Y", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M", "%d.%m.%Y")


@dataclass
class ClippingImportResult:
    file: str
    rows: int
    new: int
    duplicates: int
    unmatched: int


def _norm_header(value: Any) -> str:
    return "_".join(str(value or "").strip().lower().replace("-", " ").split())


def _read_rows(path: Path) -> list[list[Any]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_sheet(path)[1]
    if path.suffix.lower() != ".csv":
        raise InputError(f"{path.name}: format tidak didukung; gunakan .csv atau .xlsx")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        refuse_east_asian(raw, path.name)
        text = raw.decode("cp1252", errors="replace")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _parse_date(value: Any) -> datetime | None:
    """The clipping's date (and time) in WIB, the clock of the paper or broadcast: a
    spreadsheet date, ISO text (`2026-11-05`, `2026-11-05 07:00`) or day-first text."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=JAKARTA) if value.tzinfo is None else value.astimezone(JAKARTA)
    if isinstance(value, date):
        return datetime.combine(value, time.min, tzinfo=JAKARTA)
    text = str(value or "").strip()
    parsed = parse_iso(text, default_tz=JAKARTA)
    if parsed is not None:
        return parsed.astimezone(JAKARTA)
    for fmt in _DAY_FIRST:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=JAKARTA)
        except ValueError:
            continue
    return None


def _clip_key(day: datetime, outlet: str, title: str, place: str) -> str:
    raw = f"{day:%Y-%m-%d}|{outlet.lower()}|{title.lower()}|{place.lower()}"
    return "clip:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def import_clippings(path: Path, *, config: MonitoringConfig,
                     profile: str | None = None) -> ClippingImportResult:
    """Validate and store every row of `path` (see the module docstring); the configured
    profiles are synced first so that every row is matched against them."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Berkas tidak ditemukan: {path}")
    rows = _read_rows(path)
    if not rows:
        raise InputError(f"{path.name}: berkas kosong")
    headers = [_norm_header(h) for h in rows[0]]
    where: dict[str, int] = {}
    for field, aliases in COLUMNS.items():
        for i, header in enumerate(headers):
            if header in aliases:
                where[field] = i
                break
    missing = [f for f in REQUIRED if f not in where]
    if missing:
        raise InputError(
            f"{path.name}: kolom wajib tidak ada: {', '.join(missing)} "
            f"(kolom yang ditemukan: {', '.join(h for h in headers if h) or '-'})")

    problems: list[str] = []
    parsed: list[dict[str, Any]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(c or "").strip() for c in row):
            continue

        def cell(field: str, row: list[Any] = row) -> Any:
            i = where.get(field)
            return row[i] if i is not None and i < len(row) else None

        def bad(field: str, message: str, number: int = number) -> None:
            problems.append(f"{path.name} baris {number}, kolom '{field}': {message}")

        def text(field: str) -> str:
            return str(cell(field) or "").strip()

        def required(field: str, message: str) -> str:
            value = text(field)
            if not value:
                bad(field, message)
            return value

        day = _parse_date(cell("tanggal"))
        if day is None:
            bad("tanggal", f"tanggal tidak dikenali '{cell('tanggal') or ''}' "
                           "(gunakan YYYY-MM-DD atau DD/MM/YYYY)")
        outlet = required("media", "nama media wajib diisi")
        kind_raw = text("jenis_media").lower()
        kind = MEDIA_ALIASES.get(kind_raw)
        if kind is None:
            bad("jenis_media", f"jenis media '{kind_raw}' tidak dikenal "
                               "(cetak, televisi, radio, atau online)")
        title = required("judul", "judul wajib diisi")
        parsed.append({"day": day, "outlet": outlet, "kind": kind, "title": title,
                       "summary": text("ringkasan"),
                       "place": text("halaman_atau_program"),
                       "row": number})
    if problems:
        raise InputError(f"{path.name}: {len(problems)} masalah; tidak ada yang disimpan.",
                         problems)
    if not parsed:
        raise InputError(f"{path.name}: tidak ada baris data")

    new = duplicates = unmatched = 0
    with session_scope() as session:
        source, profiles = import_scope(session, config=config, source_name=CLIPPING_SOURCE,
                                        kind="clipping", media_type="cetak", profile=profile)
        matchers = [(p, parse_query(p.query)) for p in profiles]
        for rec in parsed:
            key = _clip_key(rec["day"], rec["outlet"], rec["title"], rec["place"])
            exists = is_stored(session, key)
            if exists:
                duplicates += 1
                continue
            published = rec["day"].astimezone(UTC)
            mention = Mention(
                url_key=key, url=None, title=rec["title"], text=rec["summary"],
                summary=rec["summary"] or None, outlet=rec["outlet"][:300],
                media_type=rec["kind"], language="id", published_at=published,
                source_id=source.id, content_hash=content_hash(rec["title"], rec["summary"]),
                extra={"halaman_atau_program": rec["place"], "berkas": path.name,
                       "baris": rec["row"]},
            )
            mention_id = add_own_story(session, mention)
            matched = 0
            for prof, query in matchers:
                result = query.match(rec["title"], rec["summary"])
                if result is None and profile is None:
                    continue
                passages = result.passages if result else [
                    p for p in (rec["title"], rec["summary"]) if p]
                session.add(Match(mention_id=mention_id, profile_id=prof.id or 0,
                                  published_at=published,
                                  matched_terms=result.terms if result else [],
                                  passages=passages))
                matched += 1
            if not matched:
                unmatched += 1
            new += 1
        source.items_total += new
        source.last_run_at = source.last_success_at = utcnow()
        session.add(source)
    return ClippingImportResult(path.name, len(parsed), new, duplicates, unmatched)

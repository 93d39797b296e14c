"""Plan files: read and write RKT/IKU/PK plans as YAML, CSV and XLSX.

One schema for the three formats (documented in README, "Plans, indicators and reports"):

- Plan fields: jenis, unit_kerja, instansi, tahun, judul, and for a revision within the
  year `berlaku_mulai` (the date the version takes effect, TTTT-BB-HH) and
  `keterangan_revisi` (why it was revised).
- Indicator fields: see `INDICATOR_FIELDS`; `target_teks` may write a comparator ("< 20%",
  "maksimal 20%", "80-90": `indicators.formulas.comparison`), whose number must then be
  the target; `target_tw1` ... `target_tw4` are the quarterly targets (number or text).
- YAML: plan fields at the top, then `sasaran:` a list, each with `indikator:` a list.
- CSV / XLSX (sheet "Rencana"): one row per indicator with the flat columns of
  `FLAT_COLUMNS`; the plan fields (jenis, unit_kerja, tahun, ...) repeat on every row and
  must agree; rows with the same sasaran text belong to the same sasaran.

Reading gives a `PlanSpec` (plain data) or raises `InputError` naming file, row and column
of every problem; storing it (`indicators.plans.save_plan`) is a separate step.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from indicators.formulas import comparison
from indicators.models import INDICATOR_UNITS, PLAN_KINDS, SOURCES
from pantau.core.encodings import refuse_east_asian
from pantau.core.errors import InputError
from pantau.core.files import atomic_output
from pantau.core.safeyaml import BoundedLoader
from pantau.core.spreadsheet import append_row, save_workbook, write_csv
from pantau.core.xlsx import read_sheet

PLAN_FIELDS = ("jenis", "unit_kerja", "instansi", "tahun", "judul", "berlaku_mulai",
               "keterangan_revisi")
QUARTERS = ("TW1", "TW2", "TW3", "TW4")
QUARTER_FIELDS = tuple(f"target_{q.lower()}" for q in QUARTERS)
INDICATOR_FIELDS = (
    "kode", "nama", "satuan", "target", "target_teks", *QUARTER_FIELDS, "polaritas",
    "sumber", "profil", "jenis_media", "unit_survei", "layanan", "cara_perhitungan",
    "sumber_data",
)
FLAT_COLUMNS = (
    *PLAN_FIELDS, "kode_sasaran", "sasaran",
    "kode_indikator", "indikator", *INDICATOR_FIELDS[2:],
)
SHEET = "Rencana"

_POLARITY = {
    "tinggi": "higher", "higher": "higher", "naik": "higher", "maksimal": "higher",
    "maximize": "higher", "max": "higher",
    "rendah": "lower", "lower": "lower", "turun": "lower", "minimal": "lower",
    "minimize": "lower", "min": "lower",
}
POLARITY_TEXT = {"higher": "tinggi", "lower": "rendah"}
# Indicators whose direction their definition fixes: a satisfaction index and the shares
# of tasks done are better higher, the share of negative news is better lower. A plan row
# that writes the other polarity is refused (it would turn the status around).
FIXED_POLARITY = {"ikm": "higher", "negative_share": "lower",
                  "daily_report_on_time": "higher", "collection_success": "higher"}
_SOURCE_NAMES = {"ikm": "indeks kepuasan masyarakat (IKM)",
                 "negative_share": "persentase sentimen negatif",
                 "daily_report_on_time": "persentase laporan harian tepat waktu",
                 "collection_success": "persentase pengumpulan terjadwal yang berhasil"}
_DIRECTION_WORDS = {"higher": "makin tinggi makin baik", "lower": "makin rendah makin baik"}
# The scale a target of a source must lie on (inclusive): the IKM's 25-100 (PermenPANRB
# 14/2017), a percentage's 0-100.
TARGET_SCALE = {"ikm": (25.0, 100.0), "negative_share": (0.0, 100.0),
                "daily_report_on_time": (0.0, 100.0), "collection_success": (0.0, 100.0)}
_UNITS = {u.lower(): u for u in INDICATOR_UNITS} | {
    "persen": "%", "nilai": "skor", "index": "indeks"}


@dataclass
class IndicatorSpec:
    name: str
    unit: str
    target: float
    target_text: str
    polarity: str = "higher"
    source: str = "manual"
    code: str | None = None
    profile: str | None = None
    media_type: str | None = None
    survey_unit: str | None = None
    survey_service: str | None = None
    formula: str | None = None
    data_source: str | None = None
    # Quarterly targets as written, e.g. {"TW1": "< 25%"}.
    quarter_targets: dict[str, str] = field(default_factory=dict)


@dataclass
class SasaranSpec:
    text: str
    code: str | None = None
    indicators: list[IndicatorSpec] = field(default_factory=list)


@dataclass
class PlanSpec:
    kind: str
    unit: str
    year: int
    title: str = ""
    institution: str | None = None
    sasaran: list[SasaranSpec] = field(default_factory=list)
    effective_from: date | None = None  # berlaku_mulai
    revision_note: str | None = None  # keterangan_revisi


# ---------------------------------------------------------------- field parsing


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _number(text: str) -> float:
    return float(text.replace("%", "").strip().replace(",", "."))


def target_from_text(text: str, polarity: str) -> float | None:
    """The target number in a text as written ("Skor 75", "95%", "90-95%", "< 20%").

    A range gives its lower bound for higher-is-better indicators (reaching it is
    tercapai) and its upper bound for lower-is-better ones."""
    numbers = [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", text)]
    if not numbers:
        return None
    if len(numbers) == 1:
        return numbers[0]
    return min(numbers) if polarity == "higher" else max(numbers)


class _Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[str] = []

    def add(self, where: str, column: str | None, message: str) -> None:
        col = f", kolom '{column}'" if column else ""
        self.items.append(f"{self.file}, {where}{col}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(f"Rencana dari {self.file} tidak dapat diimpor "
                             f"({len(self.items)} masalah):", problems=self.items)


# The longest text each column of a plan may hold (the table columns' sizes; an indicator
# without code is keyed by its name, which the key column must hold).
MAX_LENGTHS = {
    "unit_kerja": 300, "instansi": 300, "kode": 50, "kode_sasaran": 50, "kode_indikator": 50,
    "nama": 390, "indikator": 390, "target_teks": 200, "profil": 100, "jenis_media": 30,
    "unit_survei": 100, "layanan": 300,
}


def _field_line(raw: dict[str, Any], column: str, where: str) -> str:
    """The line of the field `column` itself where the file tells it (a YAML mapping
    records the line of each key), else `where` (a CSV/XLSX row: its line)."""
    line = getattr(raw, "lines", {}).get(column)
    return f"baris {line}" if line else where


def _check_lengths(raw: dict[str, Any], where: str, p: _Problems) -> None:
    for column, limit in MAX_LENGTHS.items():
        text = _text(raw.get(column))
        if text is not None and len(text) > limit:
            p.add(_field_line(raw, column, where), column,
                  f"terlalu panjang ({len(text)} karakter; paling banyak {limit})")


def _indicator(raw: dict[str, Any], where: str, p: _Problems) -> IndicatorSpec | None:
    start = len(p.items)

    def at(column: str) -> str:
        return _field_line(raw, column, where)

    _check_lengths(raw, where, p)
    name = _text(raw.get("nama"))
    if not name:
        p.add(at("nama"), "nama", "nama indikator wajib diisi")
    unit_raw = _text(raw.get("satuan"))
    unit = _UNITS.get((unit_raw or "").lower())
    if unit is None:
        p.add(at("satuan"), "satuan", f"'{unit_raw or ''}' bukan satuan yang dikenal "
              f"(gunakan {', '.join(INDICATOR_UNITS)})")
    source = (_text(raw.get("sumber")) or "manual").lower()
    fixed = FIXED_POLARITY.get(source)
    pol_written = _text(raw.get("polaritas"))
    pol_raw = pol_written or POLARITY_TEXT[fixed or "higher"]
    polarity = _POLARITY.get(pol_raw.lower())
    if polarity is not None and fixed is not None and polarity != fixed:
        p.add(at("polaritas"), "polaritas", f"'{pol_raw}' tidak dapat dipakai untuk indikator "
              f"sumber {source}: {_SOURCE_NAMES[source]} selalu "
              f"{_DIRECTION_WORDS[fixed]} (tulis polaritas '{POLARITY_TEXT[fixed]}' atau "
              "kosongkan)")
        polarity = fixed
    if polarity is None:
        p.add(at("polaritas"), "polaritas",
              f"'{pol_raw}' tidak dikenal (gunakan 'tinggi' bila makin "
              "tinggi makin baik, 'rendah' bila makin rendah makin baik)")
        polarity = "higher"
    target_text = _text(raw.get("target_teks")) or ""
    target_raw = _text(raw.get("target"))
    target: float | None = None
    if target_raw is not None:
        try:
            target = _number(target_raw)
        except ValueError:
            p.add(at("target"), "target", f"'{target_raw}' bukan angka")
    elif target_text:
        target = target_from_text(target_text, polarity)
        if target is None:
            p.add(at("target_teks"), "target_teks", f"tidak ada angka target dalam '{target_text}'")
    else:
        p.add(at("target"), "target",
              "target wajib diisi (angka, atau target_teks seperti 'Skor 75')")
    if target is not None:
        _check_scale(source, target, at("target"), "target", p)
    if target is not None and not target_text:
        target_text = _shown(target, unit)
    if target is not None and target_text:
        _check_comparator(target_text, target, polarity, at("target_teks"), "target_teks", p)
    quarters: dict[str, str] = {}
    for q, column in zip(QUARTERS, QUARTER_FIELDS, strict=True):
        q_raw = _text(raw.get(column))
        if q_raw is None:
            continue
        q_number = target_from_text(q_raw, polarity)
        if q_number is None:
            p.add(at(column), column, f"tidak ada angka target dalam '{q_raw}'")
            continue
        try:
            q_text = _shown(_number(q_raw), unit)
        except ValueError:
            q_text = q_raw
            _check_comparator(q_text, q_number, polarity, at(column), column, p)
        _check_scale(source, q_number, at(column), column, p)
        quarters[q] = q_text
    if source not in SOURCES:
        p.add(at("sumber"), "sumber", f"'{source}' tidak dikenal (gunakan {', '.join(SOURCES)})")
    profile = _text(raw.get("profil"))
    survey_unit = _text(raw.get("unit_survei"))
    if source == "negative_share" and not profile:
        p.add(at("profil"), "profil",
              "indikator sumber negative_share memerlukan profil pemantauan")
    if source == "ikm" and not survey_unit:
        p.add(at("unit_survei"), "unit_survei", "indikator sumber ikm memerlukan unit survei "
              "(kode unit, atau '*' untuk semua unit)")
    if len(p.items) > start:
        return None
    assert name and unit and target is not None
    return IndicatorSpec(
        name=name, unit=unit, target=target, target_text=target_text, polarity=polarity,
        source=source, code=_text(raw.get("kode")), profile=profile,
        media_type=_text(raw.get("jenis_media")), survey_unit=survey_unit,
        survey_service=_text(raw.get("layanan")), formula=_text(raw.get("cara_perhitungan")),
        data_source=_text(raw.get("sumber_data")), quarter_targets=quarters,
    )


def _check_scale(source: str, target: float, where: str, column: str, p: _Problems) -> None:
    """A target of a source with a fixed scale must lie on it: an IKM target 0,8 would be
    'tercapai' by any survey (capaian in the thousands of percent)."""
    scale = TARGET_SCALE.get(source)
    if scale is None or scale[0] <= target <= scale[1]:
        return
    low, high = (f"{x:g}" for x in scale)
    if source == "ikm":
        hint = (f"; untuk IKM {target * 100:g} tulis {target * 100:g}, bukan {_shown(target, None)}"
                if 0 < target <= 1 and 25 <= target * 100 <= 100 else "")
        p.add(where, column, f"target {_shown(target, None)} berada di luar skala IKM "
              f"{low}-{high} (PermenPANRB 14/2017){hint}")
    else:
        hint = (f"; untuk {target * 100:g}% tulis {target * 100:g}"
                if 0 < target < 1 else "")
        p.add(where, column, f"target {_shown(target, None)} berada di luar {low}-{high} "
              f"(persen){hint}")


def _shown(number: float, unit: str | None) -> str:
    shown = f"{number:g}".replace(".", ",")
    return f"{shown}%" if unit == "%" else shown


def _check_comparator(text: str, target: float, polarity: str, where: str, column: str,
                      p: _Problems) -> None:
    """A target text that writes a comparator decides the status: its number must be
    the target ("< 20%" with target 25 is refused); a range must hold the target."""
    comp = comparison(text, polarity)
    if comp.op == "range":
        assert comp.low is not None and comp.high is not None
        if not comp.low <= target <= comp.high:
            p.add(where, column, f"target {target:g} berada di luar rentang '{text}'")
        return
    number = target_from_text(text, polarity)
    if comp.written and number is not None and number != target:
        p.add(where, column, f"angka dalam '{text}' ({number:g}) tidak sama dengan target "
              f"({target:g})")


def _plan_header(raw: dict[str, Any], where: str, p: _Problems) -> PlanSpec | None:
    start = len(p.items)

    def at(column: str) -> str:
        return _field_line(raw, column, where)

    _check_lengths({k: raw.get(k) for k in ("unit_kerja", "instansi")}, where, p)
    kind = (_text(raw.get("jenis")) or "").upper()
    if kind not in PLAN_KINDS:
        p.add(at("jenis"), "jenis",
              f"'{kind}' bukan jenis rencana (gunakan {', '.join(PLAN_KINDS)})")
    unit = _text(raw.get("unit_kerja"))
    if not unit:
        p.add(at("unit_kerja"), "unit_kerja", "unit kerja wajib diisi")
    year_raw = _text(raw.get("tahun"))
    year = None
    try:
        year = int(year_raw or "")
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        p.add(at("tahun"), "tahun", f"'{year_raw or ''}' bukan tahun (contoh: 2023)")
    if len(p.items) > start:
        return None
    effective = _date(raw.get("berlaku_mulai"), at("berlaku_mulai"), p)
    if effective is not None and year is not None and effective.year != year:
        p.add(at("berlaku_mulai"), "berlaku_mulai",
              f"tanggal {effective:%d-%m-%Y} berada di luar tahun "
              f"rencana {year}")
    if len(p.items) > start:
        return None
    assert unit and year
    return PlanSpec(kind=kind, unit=unit, year=year, title=_text(raw.get("judul")) or "",
                    institution=_text(raw.get("instansi")), effective_from=effective,
                    revision_note=_text(raw.get("keterangan_revisi")))


def _date(value: Any, where: str, p: _Problems) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if text is None:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    p.add(where, "berlaku_mulai", f"'{text}' bukan tanggal (contoh: 2023-09-01)")
    return None


# ---------------------------------------------------------------- YAML


class _Mapping(dict[Any, Any]):
    """A YAML mapping and the line it starts on (kept beside its keys: a key the file writes,
    whatever its name, never stands for the line)."""

    line = 1
    lines: dict[str, int]  # the line of each key (set per mapping when it is read)


class _LineLoader(BoundedLoader):
    """Records the line of every mapping so that errors can name it."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[_Mapping]:
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {key.value: key.start_mark.line + 1 for key, _value in node.value
                     if isinstance(key, yaml.ScalarNode)}
    yield mapping
    mapping.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def _line(mapping: dict[Any, Any]) -> str:
    return f"baris {getattr(mapping, 'line', 1)}"


def _read_yaml(text: str, p: _Problems) -> PlanSpec:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"baris {mark.line + 1}" if mark else "isi berkas"
        p.add(line, None, f"bukan YAML yang valid ({getattr(exc, 'problem', exc)})")
        p.raise_if_any()
        raise AssertionError from exc  # pragma: no cover
    if not isinstance(data, dict):
        p.add("baris 1", None, "berkas harus berisi satu rencana (pasangan kunci: nilai)")
        p.raise_if_any()
    plan = _plan_header(data, _line(data), p)
    goals = data.get("sasaran")
    if not isinstance(goals, list) or not goals:
        p.add(_line(data), "sasaran", "daftar sasaran wajib diisi")
        goals = []
    specs: list[SasaranSpec] = []
    for g in goals:
        if not isinstance(g, dict):
            p.add("sasaran", None, "setiap sasaran harus berupa pasangan kunci: nilai")
            continue
        where = _line(g)
        goal_text = _text(g.get("sasaran"))
        _check_lengths({"kode": g.get("kode")}, where, p)
        if not goal_text:
            p.add(where, "sasaran", "teks sasaran wajib diisi")
        goal = SasaranSpec(text=goal_text or "", code=_text(g.get("kode")))
        items = g.get("indikator")
        if not isinstance(items, list) or not items:
            p.add(where, "indikator", "setiap sasaran memerlukan minimal satu indikator")
            items = []
        for item in items:
            if not isinstance(item, dict):
                p.add(where, "indikator", "setiap indikator harus berupa pasangan kunci: nilai")
                continue
            spec = _indicator(item, _line(item), p)
            if spec:
                goal.indicators.append(spec)
        specs.append(goal)
    p.raise_if_any()
    assert plan is not None
    plan.sasaran = specs
    return plan


# ---------------------------------------------------------------- flat (CSV / XLSX)


def _read_rows(rows: list[tuple[int, dict[str, Any]]], header: list[str],
               p: _Problems) -> PlanSpec:
    missing = [c for c in ("jenis", "unit_kerja", "tahun", "sasaran", "indikator", "satuan")
               if c not in header]
    if missing:
        p.add("baris 1", None, "kolom wajib tidak ada: " + ", ".join(missing)
              + f" (kolom yang dikenal: {', '.join(FLAT_COLUMNS)})")
        p.raise_if_any()
    unknown = [c for c in header if c and c not in FLAT_COLUMNS]
    if unknown:
        p.add("baris 1", None, "kolom tidak dikenal: " + ", ".join(unknown))
    if not rows:
        p.add("baris 2", None, "tidak ada baris indikator")
        p.raise_if_any()
    plan: PlanSpec | None = None
    goals: dict[str, SasaranSpec] = {}
    for line, row in rows:
        where = f"baris {line}"
        header_spec = _plan_header(row, where, p)
        if header_spec and plan is None:
            plan = header_spec
        elif header_spec and plan and (header_spec.kind, header_spec.unit, header_spec.year) != (
                plan.kind, plan.unit, plan.year):
            p.add(where, "jenis/unit_kerja/tahun", "satu berkas hanya boleh berisi satu rencana "
                  f"({plan.kind} {plan.unit} {plan.year})")
        goal_text = _text(row.get("sasaran"))
        _check_lengths({"kode_sasaran": row.get("kode_sasaran")}, where, p)
        if not goal_text:
            p.add(where, "sasaran", "teks sasaran wajib diisi")
            continue
        goal = goals.setdefault(goal_text, SasaranSpec(text=goal_text,
                                                       code=_text(row.get("kode_sasaran"))))
        raw = {k: row.get(k) for k in INDICATOR_FIELDS}
        raw["kode"] = row.get("kode_indikator")
        raw["nama"] = row.get("indikator")
        spec = _indicator(raw, where, p)
        if spec:
            goal.indicators.append(spec)
    p.raise_if_any()
    assert plan is not None
    plan.sasaran = list(goals.values())
    return plan


def _read_csv(data: bytes, p: _Problems) -> PlanSpec:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        refuse_east_asian(data, p.file)
        text = data.decode("cp1252", errors="replace")
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    lines = list(reader)
    if not lines:
        p.add("baris 1", None, "berkas kosong")
        p.raise_if_any()
    header = [h.strip().lower() for h in lines[0]]
    rows = [(i, dict(zip(header, r, strict=False))) for i, r in enumerate(lines[1:], start=2)
            if any(c.strip() for c in r)]
    return _read_rows(rows, header, p)


def _read_xlsx(path: Path, p: _Problems) -> PlanSpec:
    title, values = read_sheet(path, sheet=SHEET)
    p.file = f"{p.file} (lembar {title})"
    if not values:
        p.add("baris 1", None, "lembar kosong")
        p.raise_if_any()
    header = [str(h).strip().lower() if h is not None else "" for h in values[0]]
    rows = [(i, dict(zip(header, r, strict=False))) for i, r in enumerate(values[1:], start=2)
            if any(c not in (None, "") for c in r)]
    return _read_rows(rows, header, p)


def read_plan(path: Path) -> PlanSpec:
    """Read a plan file (.yaml/.yml, .csv, .xlsx)."""
    p = _Problems(path.name)
    if not path.is_file():
        raise InputError(f"Berkas rencana tidak ditemukan: {path}")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            p.add(f"baris {line}", None, "bukan teks UTF-8; simpan berkas YAML sebagai UTF-8")
            p.raise_if_any()
            raise AssertionError from exc  # pragma: no cover
        return _read_yaml(text, p)
    if suffix == ".csv":
        return _read_csv(path.read_bytes(), p)
    if suffix == ".xlsx":
        return _read_xlsx(path, p)
    raise InputError(f"Format berkas rencana {path.name} tidak dikenal: gunakan .yaml, .csv "
                     "atau .xlsx.")


# ---------------------------------------------------------------- writing


def _indicator_dict(ind: IndicatorSpec) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kode": ind.code, "nama": ind.name, "satuan": ind.unit,
        "target": int(ind.target) if float(ind.target).is_integer() else ind.target,
        "target_teks": ind.target_text,
        **{c: ind.quarter_targets.get(q) for q, c in zip(QUARTERS, QUARTER_FIELDS, strict=True)},
        "polaritas": POLARITY_TEXT[ind.polarity],
        "sumber": ind.source, "profil": ind.profile, "jenis_media": ind.media_type,
        "unit_survei": ind.survey_unit, "layanan": ind.survey_service,
        "cara_perhitungan": ind.formula, "sumber_data": ind.data_source,
    }
    return {k: v for k, v in out.items() if v is not None}


def plan_to_yaml(plan: PlanSpec) -> str:
    data: dict[str, Any] = {"jenis": plan.kind, "unit_kerja": plan.unit}
    if plan.institution:
        data["instansi"] = plan.institution
    data |= {"tahun": plan.year, "judul": plan.title}
    if plan.effective_from:
        data["berlaku_mulai"] = plan.effective_from.isoformat()
    if plan.revision_note:
        data["keterangan_revisi"] = plan.revision_note
    data |= {"sasaran": [
        {**({"kode": g.code} if g.code else {}), "sasaran": g.text,
         "indikator": [_indicator_dict(i) for i in g.indicators]}
        for g in plan.sasaran
    ]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def plan_rows(plan: PlanSpec) -> list[list[Any]]:
    rows = []
    for g in plan.sasaran:
        for i in g.indicators:
            d = _indicator_dict(i)
            effective = plan.effective_from.isoformat() if plan.effective_from else None
            rows.append([plan.kind, plan.unit, plan.institution, plan.year, plan.title,
                         effective, plan.revision_note, g.code, g.text, i.code, i.name]
                        + [d.get(c) for c in INDICATOR_FIELDS[2:]])
    return rows


def write_plan(plan: PlanSpec, path: Path, fmt: str) -> Path:
    """Write `plan` as YAML, CSV or XLSX (the schema `read_plan` reads); text from the plan
    reaches a spreadsheet as text, never as a formula (pantau.core.spreadsheet)."""
    if fmt == "yaml":
        with atomic_output(path) as tmp:
            tmp.write_text(plan_to_yaml(plan), encoding="utf-8")
    elif fmt == "csv":
        write_csv(path, FLAT_COLUMNS, plan_rows(plan))
    elif fmt == "xlsx":
        # deferred: openpyxl is only needed when an XLSX is asked for
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = SHEET
        append_row(ws, FLAT_COLUMNS, font=Font(bold=True))
        for r in plan_rows(plan):
            append_row(ws, r)
        save_workbook(wb, path)
    else:
        raise InputError(f"Format ekspor '{fmt}' tidak dikenal: gunakan xlsx, csv atau yaml.")
    return path

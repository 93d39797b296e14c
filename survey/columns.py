"""Recognising the columns of an officer's file: by unsur name, U1..U9, a form tool's
question text or a profile field, tolerant of case, spacing and punctuation, in any order;
plus a mapping file (TOML, YAML or CSV: column -> field) for odd layouts.

Elements are matched by name before position: a header "U8 Sarana dan Prasarana" (the
common U8/U9 swap) is Sarana dan Prasarana.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pantau.core.errors import InputError
from pantau.core.safeyaml import safe_load
from survey.problems import Problem, describe_column, problems_error
from survey.questionnaire import (
    ELEMENT_BY_CODE,
    ELEMENTS,
    IGNORE,
    IGNORED_HEADERS,
    PROFILE_BY_KEY,
    PROFILE_FIELDS,
    normalise,
)

_CODE = re.compile(r"^(?:u|unsur)\s*([1-9])(?:\s+(.*))?$")
_NUMBERED = re.compile(r"^\d{1,2}\s+(.+)$")
_IGNORE_WORDS = {"abaikan", "ignore", "lewati", "skip", "tidak dipakai"}

_ELEMENT_ALIASES = {alias: e.code for e in ELEMENTS for alias in (normalise(e.name), *e.aliases)}
_PROFILE_ALIASES = {alias: f.key for f in PROFILE_FIELDS
                    for alias in (f.key.replace("_", " "), normalise(f.label), *f.aliases)}


def _by_keyword(text: str) -> str | None:
    words = set(text.split())
    found = {e.code for e in ELEMENTS if words & set(e.keywords)}
    return found.pop() if len(found) == 1 else None


def _profile_prefix(text: str) -> str | None:
    for alias, key in sorted(_PROFILE_ALIASES.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(alias + " "):
            return key
    return None


def match_header(header: object) -> str | None:
    """The field a header names: 'U1'..'U9', a profile key, IGNORE, or None (unknown)."""
    text = normalise(header)
    if not text or text in IGNORED_HEADERS:
        return IGNORE
    if m := _CODE.match(text):
        rest = m[2] or ""
        named = _ELEMENT_ALIASES.get(rest) or (_by_keyword(rest) if rest else None)
        return named or f"U{m[1]}"
    if text in _ELEMENT_ALIASES:
        return _ELEMENT_ALIASES[text]
    if text in _PROFILE_ALIASES:
        return _PROFILE_ALIASES[text]
    if m := _NUMBERED.match(text):
        inner = match_header(m[1])
        if inner and inner != IGNORE:
            return inner
    return _profile_prefix(text) or _by_keyword(text)


def resolve_target(value: object) -> str | None:
    """A mapping file's right-hand side: U1..U9, an unsur name, a profile field or 'abaikan'."""
    text = normalise(value)
    if text in _IGNORE_WORDS or str(value).strip() == "-":
        return IGNORE
    if (m := _CODE.fullmatch(text)) and not m[2]:
        return f"U{m[1]}"
    if text in _ELEMENT_ALIASES:
        return _ELEMENT_ALIASES[text]
    if text in _PROFILE_ALIASES:
        return _PROFILE_ALIASES[text]
    return None


def target_label(target: str) -> str:
    if target in ELEMENT_BY_CODE:
        return f"{target} {ELEMENT_BY_CODE[target].name}"
    if target in PROFILE_BY_KEY:
        return PROFILE_BY_KEY[target].label
    return target


# ---------------------------------------------------------------- mapping files


def load_mapping(path: Path) -> dict[str, str]:
    """Read a mapping file into {normalised header: target}."""
    path = Path(path)
    try:
        raw_text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"Berkas pemetaan kolom tidak ditemukan: {path}") from exc
    except UnicodeDecodeError:
        raw_text = path.read_text(encoding="cp1252")
    suffix = path.suffix.lower()
    pairs: list[tuple[str, object]] = []
    try:
        if suffix == ".toml":
            data: object = tomllib.loads(raw_text)
        elif suffix in {".yaml", ".yml"}:
            data = safe_load(raw_text) or {}
        elif suffix == ".csv":
            delimiter = ";" if raw_text.split("\n", 1)[0].count(";") > 0 else ","
            rows = [r for r in csv.reader(io.StringIO(raw_text), delimiter=delimiter) if r]
            if rows and normalise(rows[0][0]) in {"kolom", "column", "judul kolom"}:
                rows = rows[1:]
            data = {r[0]: (r[1] if len(r) > 1 else "") for r in rows}
        else:
            raise InputError(f"Berkas pemetaan {path.name}: gunakan .toml, .yaml atau .csv.")
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"Berkas pemetaan {path.name} tidak dapat dibaca: {exc}") from exc
    if isinstance(data, dict):
        for key in ("kolom", "columns", "pemetaan", "mapping"):
            if isinstance(data.get(key), dict):
                data = data[key]
                break
    if not isinstance(data, dict):
        raise InputError(f"Berkas pemetaan {path.name} harus berisi pasangan kolom = isian.")
    pairs = list(data.items())
    mapping: dict[str, str] = {}
    problems = []
    for header, value in pairs:
        target = resolve_target(value)
        if target is None:
            problems.append(Problem(path.name, None, str(header),
                                    f"isian '{value}' tidak dikenali; gunakan U1..U9, nama "
                                    "unsur, jenis_kelamin, usia, pendidikan, pekerjaan, "
                                    "jenis_layanan, tanggal_survei, saran atau 'abaikan'"))
        else:
            mapping[normalise(header)] = target
    if problems:
        raise problems_error(f"Berkas pemetaan {path.name} tidak valid.", problems)
    return mapping


# ---------------------------------------------------------------- the plan


@dataclass
class ColumnPlan:
    """Where each field sits in the file (0-based column indices)."""

    headers: list[str]
    elements: dict[str, int] = field(default_factory=dict)  # "U1" -> index
    profile: dict[str, int] = field(default_factory=dict)  # "usia" -> index
    problems: list[Problem] = field(default_factory=list)

    def describe(self, index: int) -> str:
        return describe_column(index, self.headers[index] if index < len(self.headers) else "")


def plan_columns(headers: list[str], *, source: str, mapping: dict[str, str] | None = None,
                 header_row: int = 1, strict: bool = True) -> ColumnPlan:
    """Match every header. Unknown, duplicate and missing columns are listed in
    `plan.problems`; with `strict` they raise one InputError instead."""
    mapping = mapping or {}
    plan = ColumnPlan(headers=[str(h) if h is not None else "" for h in headers])
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(plan.headers):
        key = normalise(header)
        target = mapping.get(key) if key in mapping else match_header(header)
        if target is None:
            problems.append(Problem(
                source, header_row, plan.describe(index),
                "judul kolom tidak dikenali sebagai unsur (U1..U9 atau nama unsur) maupun "
                "data responden; ganti judulnya atau pakai berkas pemetaan (--mapping)"))
            continue
        if target == IGNORE:
            continue
        if target in seen:
            problems.append(Problem(
                source, header_row, plan.describe(index),
                f"kolom untuk {target_label(target)} sudah ada di kolom "
                f"{plan.describe(seen[target])}"))
            continue
        seen[target] = index
        if target in ELEMENT_BY_CODE:
            plan.elements[target] = index
        else:
            plan.profile[target] = index
    for element in ELEMENTS:
        if element.code not in plan.elements:
            problems.append(Problem(source, header_row, None,
                                    f"kolom unsur {element.code} {element.name} tidak ada"))
    plan.problems = problems
    if problems and strict:
        raise problems_error(f"Judul kolom berkas {source} tidak dapat dipakai.", problems)
    return plan

"""Recognising the columns of an officer's file: by unsur name, U1..U9, a form tool's
question text or a profile field, tolerant of case, spacing and punctuation, in any order;
plus a mapping file (TOML, YAML or CSV: column -> field) for odd layouts.

Elements are matched by name before position: a header "U8 Sarana dan Prasarana" (the
common U8/U9 swap) is Sarana dan Prasarana.

A file is read against both questionnaires (the nine elements of 14/2017 and the fourteen
of 25/2004) and belongs to the one its headers fit: a 25/2004 file is recognised as such and
never matched onto 2017 elements (six of its headers would match some 2017 element).
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
from survey.methods import METHOD_2004, METHOD_2017, Method
from survey.problems import Problem, describe_column, problems_error
from survey.questionnaire import (
    IGNORE,
    IGNORED_HEADERS,
    PROFILE_BY_KEY,
    PROFILE_FIELDS,
    normalise,
)

_CODE = re.compile(r"^(?:u|unsur)\s*(1[0-4]|[1-9])(?:\s+(.*))?$")
_NUMBERED = re.compile(r"^\d{1,2}\s+(.+)$")
_IGNORE_WORDS = {"abaikan", "ignore", "lewati", "skip", "tidak dipakai"}

_ALIASES = {m.code: {alias: e.code for e in m.elements
                     for alias in (normalise(e.name), *e.aliases)}
            for m in (METHOD_2017, METHOD_2004)}
_PROFILE_ALIASES = {alias: f.key for f in PROFILE_FIELDS
                    for alias in (f.key.replace("_", " "), normalise(f.label), *f.aliases)}


def _by_keyword(text: str, method: Method) -> str | None:
    words = set(text.split())
    found = {e.code for e in method.elements if words & set(e.keywords)}
    return found.pop() if len(found) == 1 else None


def _code(number: str, method: Method) -> str | None:
    return f"U{number}" if int(number) <= len(method.elements) else None


def _profile_prefix(text: str) -> str | None:
    for alias, key in sorted(_PROFILE_ALIASES.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(alias + " "):
            return key
    return None


def match_header(header: object, method: Method = METHOD_2017) -> str | None:
    """The field a header names under `method`: 'U1'..'U9' (or 'U14'), a profile key,
    IGNORE, or None (unknown)."""
    text = normalise(header)
    aliases = _ALIASES[method.code]
    if not text or text in IGNORED_HEADERS:
        return IGNORE
    if m := _CODE.match(text):
        rest = m[2] or ""
        named = aliases.get(rest) or (_by_keyword(rest, method) if rest else None)
        return named or _code(m[1], method)
    if text in aliases:
        return aliases[text]
    if text in _PROFILE_ALIASES:
        return _PROFILE_ALIASES[text]
    if m := _NUMBERED.match(text):
        inner = match_header(m[1], method)
        if inner and inner != IGNORE:
            return inner
    return _profile_prefix(text) or _by_keyword(text, method)


def resolve_target(value: object, method: Method = METHOD_2017) -> str | None:
    """A mapping file's right-hand side: U1..U9 (U14), an unsur name, a profile field or
    'abaikan'."""
    text = normalise(value)
    aliases = _ALIASES[method.code]
    if text in _IGNORE_WORDS or str(value).strip() == "-":
        return IGNORE
    if (m := _CODE.fullmatch(text)) and not m[2]:
        return _code(m[1], method)
    if text in aliases:
        return aliases[text]
    if text in _PROFILE_ALIASES:
        return _PROFILE_ALIASES[text]
    return None


def target_label(target: str, method: Method = METHOD_2017) -> str:
    element = next((e for e in method.elements if e.code == target), None)
    if element is not None:
        return f"{target} {element.name}"
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
        target = resolve_target(value) or resolve_target(value, METHOD_2004)
        if target is None:
            problems.append(Problem(path.name, None, str(header),
                                    f"isian '{value}' tidak dikenali; gunakan U1..U9, nama "
                                    "unsur, jenis_kelamin, usia, pendidikan, pekerjaan, "
                                    "jenis_layanan, tanggal_survei, saran atau 'abaikan'"))
        else:
            # Kept as written: an unsur name is resolved against the file's method.
            mapping[normalise(header)] = str(value)
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
    method: Method = METHOD_2017

    def describe(self, index: int) -> str:
        return describe_column(index, self.headers[index] if index < len(self.headers) else "")


def plan_columns(headers: list[str], *, source: str, mapping: dict[str, str] | None = None,
                 header_row: int = 1, strict: bool = True) -> ColumnPlan:
    """Match every header against the questionnaire it fits (14/2017 or 25/2004: the one
    with fewer problems, 14/2017 on a tie). Unknown, duplicate and missing columns are
    listed in `plan.problems`; with `strict` they raise one InputError instead."""
    plans = [_plan(headers, method, source=source, mapping=mapping or {},
                   header_row=header_row) for method in (METHOD_2017, METHOD_2004)]
    plan = min(plans, key=lambda p: len(p.problems))
    if plan.problems and strict:
        raise problems_error(f"Judul kolom berkas {source} tidak dapat dipakai. Ganti judulnya "
                             "sesuai templat, atau petakan judul kolom dengan berkas pemetaan "
                             "(--mapping).", plan.problems)
    return plan


def method_note(plan: ColumnPlan) -> str | None:
    """What the importer says when a file is not a 14/2017 questionnaire."""
    if plan.method.code == METHOD_2017.code:
        return None
    return (f"Berkas dikenali sebagai kuesioner {len(plan.method.elements)} unsur "
            f"{plan.method.regulation} (metode {plan.method.code}); unsurnya tidak dipetakan "
            "ke sembilan unsur PermenPANRB 14/2017 dan dinilai dengan metodenya sendiri "
            f"(bobot 1/{len(plan.method.elements)}).")


def _plan(headers: list[str], method: Method, *, source: str, mapping: dict[str, str],
          header_row: int) -> ColumnPlan:
    plan = ColumnPlan(headers=[str(h) if h is not None else "" for h in headers],
                      method=method)
    codes = {e.code for e in method.elements}
    last = len(method.elements)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(plan.headers):
        key = normalise(header)
        target = (resolve_target(mapping[key], method) if key in mapping
                  else match_header(header, method))
        if target is None:
            problems.append(Problem(
                source, header_row, plan.describe(index),
                f"judul kolom tidak dikenali sebagai unsur (U1..U{last} atau nama unsur) "
                "maupun data responden; ganti judulnya sesuai templat"))
            continue
        if target == IGNORE:
            continue
        if target in seen:
            problems.append(Problem(
                source, header_row, plan.describe(index),
                f"kolom untuk {target_label(target, method)} sudah ada di kolom "
                f"{plan.describe(seen[target])}"))
            continue
        seen[target] = index
        if target in codes:
            plan.elements[target] = index
        else:
            plan.profile[target] = index
    for element in method.elements:
        if element.code not in plan.elements:
            problems.append(Problem(source, header_row, None,
                                    f"kolom unsur {element.code} {element.name} tidak ada"))
    plan.problems = problems
    return plan

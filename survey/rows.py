"""Validating one respondent's row: nine answers (1-4 or the answer labels) and the profile.
Pure: cells in, a `ParsedRow` or the row's problems out. Shared by the importer and the
public form (`survey.service.submit_response`)."""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pantau.core.periods import MONTHS_ID, Period
from survey.columns import ColumnPlan
from survey.problems import Problem
from survey.questionnaire import (
    Element,
    answer_lookup,
    education_code,
    gender_code,
    normalise,
    occupation_code,
)

MIN_AGE, MAX_AGE = 10, 120
_AGE_RANGE = re.compile(
    r"^(?:(\d{1,3})\s*(?:-|s\.?d\.?|sampai)\s*(\d{1,3})|(>|<|lebih dari|di atas|kurang dari|"
    r"di bawah)\s*(\d{1,3}))$")

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\b|T|$)")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\b|$)")
_WORDS = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")
_MONTH_WORDS = {m.lower(): i for i, m in enumerate(MONTHS_ID, start=1)}
_MONTH_WORDS.update({m.lower()[:3]: i for i, m in enumerate(MONTHS_ID, start=1)})
_MONTH_WORDS.update({"agt": 8, "agu": 8, "okt": 10, "nop": 11, "des": 12, "peb": 2})


@dataclass(slots=True)
class ParsedRow:
    row_number: int
    answers: tuple[int, ...]
    survey_date: date | None = None
    gender: str | None = None
    age: int | None = None
    education: str | None = None
    occupation: str | None = None
    service: str | None = None  # the service name as written
    saran: str | None = None


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def parse_date(cell: object) -> date | None:
    """A survey date: a spreadsheet date, 2023-05-31, 31/05/2023, '31 Mei 2023' or a form
    tool's timestamp (2023/05/31 10:11:12). None when it cannot be read."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell).strip()
    try:
        if m := _ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := _WORDS.match(text):
            month = _MONTH_WORDS.get(m[2].lower())
            if month:
                return date(int(m[3]), month, int(m[1]))
    except ValueError:
        return None
    return None


def _number(cell: object) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    text = str(cell).strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


class RowParser:
    """Validates rows laid out by a `ColumnPlan`. Build once per file, call per row."""

    def __init__(self, plan: ColumnPlan, *, source: str, period: Period | None,
                 services: Sequence[str] | None = None, services_fixed: bool = False) -> None:
        self.plan = plan
        self.source = source
        self.period = period
        self.services = {normalise(s): s for s in services or ()}
        self.services_fixed = services_fixed
        self._answers = [
            (plan.elements[e.code], e, self._fast_table(e), answer_lookup(e))
            for e in plan.method.elements
        ]
        self._fast = [fast for _i, _e, fast, _l in self._answers]
        self._profile_converters = self._converters()
        self._indices = [i for i, *_ in self._answers] + [
            index for _a, index, _c, _k in self._profile_converters]
        self._pick = (operator.itemgetter(*self._indices) if len(self._indices) > 1
                      else lambda cells: (cells[self._indices[0]],))

    @staticmethod
    @functools.cache
    def _fast_table(element: Element) -> Mapping[object, int]:
        """Exact cell values as files hold them -> 1..4 (no normalising on the hot path)."""
        table: dict[object, int] = {}
        for i in range(1, 5):
            table[str(i)] = i
            table[i] = i
            table[float(i)] = i
        for i, label in enumerate(element.labels, start=1):
            table[label] = i
        return table

    def _problem(self, row: int, index: int | None, reason: str) -> Problem:
        return Problem(self.source, row, self.plan.describe(index) if index is not None else None,
                       reason)

    def parse(self, number: int, cells: Sequence[object]) -> ParsedRow | list[Problem]:
        # The hot path of a million-row import: one itemgetter, one dict lookup per cell.
        try:
            picked = self._pick(cells)
        except IndexError:  # a short row: missing trailing cells are blank
            picked = tuple(cells[i] if i < len(cells) else None for i in self._indices)
        answers = [fast.get(cell) for fast, cell in zip(self._fast, picked, strict=False)]
        problems: list[Problem] = []
        if None in answers:
            for position, (index, element, _fast, lookup) in enumerate(self._answers):
                if answers[position] is None:
                    answers[position] = self._slow_answer(
                        number, index, element, picked[position], lookup, problems)
        row = ParsedRow(number, tuple(answers))  # type: ignore[arg-type]
        if self._profile_converters:
            self._profile(number, picked[len(self._answers):], row, problems)
        return problems or row

    def _slow_answer(self, number: int, index: int, element: Element, cell: object,
                     lookup: Mapping[str, int], problems: list[Problem]) -> int:
        if _blank(cell):
            problems.append(self._problem(
                number, index, f"jawaban unsur {element.name} kosong; isi 1-4 atau label "
                "jawabannya"))
            return 0
        # A number first: normalising drops the sign, and '-4' must not be read as 4.
        numeric = _number(cell)
        if numeric is not None:
            if 1 <= numeric <= 4:
                return numeric
            problems.append(self._problem(
                number, index, f"nilai '{cell}' di luar rentang 1-4 untuk unsur {element.name}"))
            return 0
        key = normalise(cell)
        if key in lookup:
            return lookup[key]
        labels = ", ".join(element.labels)
        problems.append(self._problem(
            number, index, f"jawaban '{cell}' tidak dikenali untuk unsur {element.name}; "
            f"gunakan 1-4 atau: {labels}"))
        return 0

    # Profile fields: each converter maps a non-blank cell to (value, problem reason).
    # Values repeat a lot (L/P, SMA, the same few services and dates), so results are cached.

    def _convert_date(self, cell: object) -> tuple[object, str | None]:
        day = parse_date(cell)
        if day is None:
            return None, (f"tanggal '{cell}' tidak valid; tulis 2023-05-31, 31/05/2023 atau "
                          "31 Mei 2023")
        if self.period is not None and not self.period.contains(day):
            return None, (f"tanggal {day:%d-%m-%Y} di luar periode {self.period.code} "
                          f"({self.period.label})")
        return day, None

    @staticmethod
    def _convert_gender(cell: object) -> tuple[object, str | None]:
        code = gender_code(str(cell))
        if code is None:
            return None, f"jenis kelamin '{cell}' tidak dikenali; isi L/P, Laki-laki atau Perempuan"
        return code, None

    @staticmethod
    def _convert_age(cell: object) -> tuple[object, str | None]:
        text = str(cell).lower().replace("tahun", "").replace("th", "").strip()
        age = _number(text)
        if age is None and (m := _AGE_RANGE.match(text)):
            # A form's age bracket ("20-29", "> 60"): its middle is stored, so the report's
            # age bands still count it in the right place.
            if m[1] and m[2]:
                age = (int(m[1]) + int(m[2])) // 2
            elif m[3]:
                age = int(m[4]) + 5 if m[3] in (">", "lebih dari", "di atas") else int(m[4]) - 2
        if age is None or not MIN_AGE <= age <= MAX_AGE:
            return None, f"usia '{cell}' tidak valid; isi angka tahun {MIN_AGE}-{MAX_AGE}"
        return age, None

    @staticmethod
    def _convert_education(cell: object) -> tuple[object, str | None]:
        code = education_code(str(cell))
        if code is None:
            return None, (f"pendidikan '{cell}' tidak dikenali; isi SD, SMP, SMA, D1-D3, "
                          "D4/S1, S2 atau S3")
        return code, None

    @staticmethod
    def _convert_occupation(cell: object) -> tuple[object, str | None]:
        return occupation_code(str(cell)), None

    def _convert_service(self, cell: object) -> tuple[object, str | None]:
        name = str(cell).strip()
        known = self.services.get(normalise(name))
        if known is not None:
            return known, None
        if self.services_fixed:
            listed = ", ".join(self.services.values())
            return None, (f"layanan '{name}' tidak terdaftar pada unit ini; layanan yang "
                          f"terdaftar: {listed}")
        return name, None

    @staticmethod
    def _convert_text(cell: object) -> tuple[object, str | None]:
        return str(cell).strip(), None

    def _converters(self) -> list[tuple[str, int, Any, dict[object, tuple[object, str | None]]]]:
        by_key = {
            "tanggal_survei": self._convert_date, "jenis_kelamin": self._convert_gender,
            "usia": self._convert_age, "pendidikan": self._convert_education,
            "pekerjaan": self._convert_occupation, "jenis_layanan": self._convert_service,
            "saran": self._convert_text,
        }
        return [(_ATTRIBUTE[key], index, by_key[key], {} if key != "saran" else _NO_CACHE)
                for key, index in self.plan.profile.items()]

    def _profile(self, number: int, values: Sequence[object], row: ParsedRow,
                 problems: list[Problem]) -> None:
        for (attribute, index, convert, cache), cell in zip(self._profile_converters, values,
                                                             strict=True):
            if cell is None or cell == "":
                continue
            result = cache.get(cell) if cache is not _NO_CACHE else None
            if result is None:
                blank = isinstance(cell, str) and not cell.strip()
                result = (None, None) if blank else convert(cell)
                if cache is not _NO_CACHE and len(cache) < 10_000:
                    cache[cell] = result
            value, reason = result
            if reason is not None:
                problems.append(self._problem(number, index, reason))
            elif value is not None:
                setattr(row, attribute, value)


_ATTRIBUTE = {"tanggal_survei": "survey_date", "jenis_kelamin": "gender", "usia": "age",
              "pendidikan": "education", "pekerjaan": "occupation",
              "jenis_layanan": "service", "saran": "saran"}
_NO_CACHE: dict[object, tuple[object, str | None]] = {}

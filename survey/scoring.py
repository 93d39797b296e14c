"""Scoring by PermenPANRB 14/2017.

Pure functions over plain counts (exact fractions, so band boundaries are decided exactly):

    NRR per element = sum of the element's values / number of answers to it
    IKM             = mean of the nine NRRs (weight 1/9) x 25, reported with two decimals

Grades come from the regulation's table; its small gaps (64.99-65.00, ...) are closed on
the UNROUNDED value by the lower bound of the next band: 64.995 is D, 65.00 is C.

`score_unit` is the service contract other domains call; it aggregates in the database
(`survey.aggregate`) and scores the totals here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from sqlmodel import Session

from pantau.core.periods import Period
from survey.config import SurveyConfig
from survey.questionnaire import ELEMENTS

Number = Fraction | Decimal | float | int

SPREADSHEET_WEIGHT = Fraction("0.111")
EXACT_WEIGHT = Fraction(1, 9)
METHOD_EXACT = "bobot 1/9 sesuai PermenPANRB 14/2017"
METHOD_SPREADSHEET = ("bobot 0,111 dengan NRR tertimbang dibulatkan 3 desimal "
                      "(praktik spreadsheet, bukan nilai baku)")


@dataclass(frozen=True)
class Grade:
    letter: str  # A-D
    label: str  # Sangat Baik / Baik / Kurang Baik / Tidak Baik


GRADE_A = Grade("A", "Sangat Baik")
GRADE_B = Grade("B", "Baik")
GRADE_C = Grade("C", "Kurang Baik")
GRADE_D = Grade("D", "Tidak Baik")
NO_GRADE = Grade("-", "Belum ada data")

# Lower bounds of the bands (A, B, C); anything below C's bound is D.
IKM_BANDS = ((Fraction("88.31"), GRADE_A), (Fraction("76.61"), GRADE_B),
             (Fraction("65.00"), GRADE_C))
NRR_BANDS = ((Fraction("3.5324"), GRADE_A), (Fraction("3.0644"), GRADE_B),
             (Fraction("2.60"), GRADE_C))
# The table as the regulation prints it (for reports).
GRADE_TABLE = (
    ("A", "Sangat Baik", "3,5324 - 4,00", "88,31 - 100,00"),
    ("B", "Baik", "3,0644 - 3,532", "76,61 - 88,30"),
    ("C", "Kurang Baik", "2,60 - 3,064", "65,00 - 76,60"),
    ("D", "Tidak Baik", "1,00 - 2,5996", "25,00 - 64,99"),
)


def exact(value: Number) -> Fraction:
    """A number as an exact fraction; floats by their shortest decimal form (88.31 -> 88.31)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def round_half_up(value: Number, decimals: int) -> Decimal:
    """Rounding as people do it on paper (2.345 -> 2.35), not banker's rounding."""
    v = exact(value)
    quantum = Decimal(1).scaleb(-decimals)
    return (Decimal(v.numerator) / Decimal(v.denominator)).quantize(quantum, ROUND_HALF_UP)


def _band(value: Number, bands: Sequence[tuple[Fraction, Grade]]) -> Grade:
    v = exact(value)
    for lower, grade in bands:
        if v >= lower:
            return grade
    return GRADE_D


def grade_ikm(ikm: Number) -> Grade:
    """The grade of an unrounded IKM (25-100)."""
    return _band(ikm, IKM_BANDS)


def grade_nrr(nrr: Number) -> Grade:
    """The grade of one element's unrounded NRR (1-4)."""
    return _band(nrr, NRR_BANDS)


def nrr(total: int, answers: int) -> Fraction:
    if answers <= 0:
        raise ValueError("NRR needs at least one answer")
    return Fraction(total, answers)


def weighted_nrr(value: Number, *, spreadsheet: bool = False) -> Fraction:
    """NRR tertimbang: NRR x 1/9, or the spreadsheet's NRR x 0.111 rounded to 3 decimals."""
    if spreadsheet:
        return Fraction(round_half_up(exact(value) * SPREADSHEET_WEIGHT, 3))
    return exact(value) * EXACT_WEIGHT


def ikm(nrrs: Sequence[Number], *, spreadsheet: bool = False) -> Fraction:
    """Unrounded IKM on the 25-100 scale from the nine NRRs (regulation order)."""
    if len(nrrs) != len(ELEMENTS):
        raise ValueError(f"IKM needs {len(ELEMENTS)} NRR values, got {len(nrrs)}")
    return sum((weighted_nrr(v, spreadsheet=spreadsheet) for v in nrrs), Fraction(0)) * 25


def min_sample(population: int, *, chi2: float = 3.841, p: float = 0.5, d: float = 0.05) -> int:
    """Krejcie & Morgan (1970): S = X2 N P(1-P) / (d2 (N-1) + X2 P(1-P)), rounded to the
    nearest whole respondent as their published table is (N=50 -> 44, 500 -> 217)."""
    if population <= 0:
        return 0
    x2, n = Fraction(str(chi2)), Fraction(population)
    pq = Fraction(str(p)) * (1 - Fraction(str(p)))
    s = x2 * n * pq / (Fraction(str(d)) ** 2 * (n - 1) + x2 * pq)
    return int(round_half_up(s, 0))


# ---------------------------------------------------------------- scores


@dataclass(frozen=True)
class Totals:
    """Aggregated answers of a group of respondents: per element, sum and count."""

    respondents: int
    sums: tuple[int, ...]
    counts: tuple[int, ...]

    @classmethod
    def empty(cls) -> Totals:
        zeros = (0,) * len(ELEMENTS)
        return cls(0, zeros, zeros)

    @classmethod
    def from_answers(cls, rows: Sequence[Sequence[int]]) -> Totals:
        """From per-respondent answers (nine values each); for tests and small data."""
        sums = tuple(sum(r[i] for r in rows) for i in range(len(ELEMENTS)))
        return cls(len(rows), sums, (len(rows),) * len(ELEMENTS))


@dataclass
class ElementScore:
    code: str
    name: str
    total: int
    answers: int
    nrr: float
    weighted: float
    grade: str
    label: str


@dataclass
class SurveyScore:
    """The score of one unit (or every unit) over one period: the service contract."""

    unit: str | None
    period: str
    service: str | None
    respondents: int
    nrr: dict[str, float]  # element name -> NRR, regulation order
    ikm: float  # 25-100, two decimals (0.0 without respondents)
    grade: str  # A-D ("-" without respondents)
    label: str
    ikm_unrounded: float = 0.0
    spreadsheet_weights: bool = False
    method: str = METHOD_EXACT
    elements: list[ElementScore] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)  # weakest element names first
    population: int | None = None
    min_sample: int | None = None
    sample_warning: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def score_totals(totals: Totals, *, period: str, unit: str | None = None,
                 service: str | None = None, spreadsheet: bool = False,
                 priorities: int = 3, population: int | None = None) -> SurveyScore:
    """Score aggregated answers (pure)."""
    method = METHOD_SPREADSHEET if spreadsheet else METHOD_EXACT
    needed = min_sample(population) if population else None
    warning = None
    if needed is not None and totals.respondents < needed:
        warning = (f"Jumlah responden {totals.respondents} kurang dari sampel minimum "
                   f"{needed} (Krejcie-Morgan, populasi {population}).")
    if totals.respondents == 0 or min(totals.counts) == 0:
        return SurveyScore(unit, period, service, totals.respondents, {}, 0.0,
                           NO_GRADE.letter, NO_GRADE.label, spreadsheet_weights=spreadsheet,
                           method=method, population=population, min_sample=needed,
                           sample_warning=warning)
    values = [nrr(s, c) for s, c in zip(totals.sums, totals.counts, strict=True)]
    raw = ikm(values, spreadsheet=spreadsheet)
    grade = grade_ikm(raw)
    elements = []
    for element, s, c, v in zip(ELEMENTS, totals.sums, totals.counts, values, strict=True):
        g = grade_nrr(v)
        elements.append(ElementScore(
            element.code, element.name, s, c, round(float(v), 4),
            round(float(weighted_nrr(v, spreadsheet=spreadsheet)), 4), g.letter, g.label))
    ranked = sorted(range(len(ELEMENTS)), key=lambda i: (values[i], i))
    return SurveyScore(
        unit=unit, period=period, service=service, respondents=totals.respondents,
        nrr={e.name: e.nrr for e in elements},
        ikm=float(round_half_up(raw, 2)), grade=grade.letter, label=grade.label,
        ikm_unrounded=float(raw), spreadsheet_weights=spreadsheet, method=method,
        elements=elements, priorities=[ELEMENTS[i].name for i in ranked[:priorities]],
        population=population, min_sample=needed, sample_warning=warning,
    )


def score_unit(session: Session, *, unit: str | None, period: Period,
               service: str | None = None, survey: SurveyConfig | None = None) -> SurveyScore:
    """Score of `unit` (code or name; None = every unit) over `period`, optionally one
    service. Responses count when their survey period lies inside `period`. `survey` is
    the `[survey]` section (default: PANTAU_CONFIG's)."""
    from pantau.config import get_config
    from survey import aggregate
    from survey.units import resolve_scope

    cfg = survey or get_config().survey
    scope = resolve_scope(session, unit=unit, service=service)
    totals = aggregate.totals(session, period=period, unit_id=scope.unit_id,
                              service_ids=scope.service_ids)
    return score_totals(totals, period=period.code, unit=scope.unit_code,
                        service=scope.service_name, spreadsheet=cfg.spreadsheet_weights,
                        priorities=cfg.priorities, population=scope.population)

"""Scoring of the SKM by its method (`survey.methods`: 14/2017 or 25/2004).

Pure functions over plain counts (exact fractions, so band boundaries are decided exactly):

    NRR per element = sum of the element's values / number of answers to it
    IKM             = sum of NRR x weight (1/9, or 1/14 under 25/2004) x 25

The IKM is rounded half-up to two decimals and graded as printed (88.3056 prints 88,31 and
is A); each element's NRR is rounded to the method's printed decimals and graded as printed.
NRR tertimbang is computed from the exact NRR and rounded once, when printed.

`survey.results.score_unit` is the service contract other domains call; it aggregates in
the database (`survey.aggregate`) and scores the totals here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from survey.methods import (
    GRADE_D,
    METHOD_2017,
    NO_GRADE,
    STANDARD,
    WEIGHTS_0111_R3,
    Grade,
    Method,
    Weights,
)

Number = Fraction | Decimal | float | int

# The table of the default method, as the regulation prints it (for reports).
GRADE_TABLE = METHOD_2017.grade_table
IKM_DECIMALS = 2
WEIGHTED_DECIMALS = 3


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


def grade_ikm(ikm: Number, method: Method = METHOD_2017) -> Grade:
    """The grade of an IKM (25-100) as printed: rounded half-up to two decimals first."""
    return _band(round_half_up(ikm, IKM_DECIMALS), method.ikm_bands)


def grade_nrr(nrr: Number, method: Method = METHOD_2017) -> Grade:
    """The grade of one element's NRR (1-4) as printed: rounded to the method's decimals."""
    return _band(round_half_up(nrr, method.nrr_decimals), method.nrr_bands)


def nrr(total: int, answers: int) -> Fraction:
    if answers <= 0:
        raise ValueError("NRR needs at least one answer")
    return Fraction(total, answers)


def weighted_nrr(value: Number, *, method: Method = METHOD_2017,
                 weights: Weights = STANDARD) -> Fraction:
    """NRR tertimbang: NRR x the weight, rounded first only by a variant that says so."""
    product = exact(value) * weights.of(method)
    if weights.round_weighted is not None:
        return Fraction(round_half_up(product, weights.round_weighted))
    return product


def ikm(nrrs: Sequence[Number], *, method: Method = METHOD_2017,
        weights: Weights = STANDARD) -> Fraction:
    """Unrounded IKM on the 25-100 scale from the NRRs (regulation order)."""
    if len(nrrs) != len(method.elements):
        raise ValueError(f"IKM needs {len(method.elements)} NRR values, got {len(nrrs)}")
    return sum((weighted_nrr(v, method=method, weights=weights) for v in nrrs),
               Fraction(0)) * 25


def _t_quantile(df: int) -> float:
    """The two-sided 95% quantile of Student's t with `df` degrees of freedom."""
    # deferred: scipy.stats costs half a second to import; only a score with answers needs it
    from scipy.stats import t

    return float(t.ppf(0.975, df))


def confidence_interval(totals: Totals, *, method: Method = METHOD_2017,
                        weights: Weights = STANDARD, centre: Number | None = None,
                        population: int | None = None) -> tuple[float, float] | None:
    """The IKM's 95% confidence interval from the respondents' per-element answers.

    Each respondent's own score is (sum of their answers) x weight x 25, and the IKM is the
    mean of those scores; the interval is mean +- t(0.975, n-1) x s / sqrt(n), with the
    finite-population correction sqrt((N-n)/(N-1)) when the unit's population N is known.
    Two decimals, within 25-100; None with fewer than two respondents or without the sums
    of squares."""
    n = totals.respondents
    if n < 2 or totals.squares is None or min(totals.counts) < n:
        return None
    scale = weights.of(method) * 25
    mean = Fraction(sum(totals.sums), n) * scale
    sum_sq = Fraction(totals.squares) * scale * scale
    variance = max(Fraction(0), (sum_sq - n * mean * mean) / (n - 1))
    se = math.sqrt(variance / n)
    if population is not None and population > 1:
        se *= math.sqrt(max(0, population - n) / (population - 1))
    half = _t_quantile(n - 1) * se
    middle = float(exact(centre)) if centre is not None else float(mean)
    low = max(25.0, middle - half)
    high = min(100.0, middle + half)
    return (float(round_half_up(low, IKM_DECIMALS)), float(round_half_up(high, IKM_DECIMALS)))


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
    """Aggregated answers of a group of respondents: per element, sum and count, and the
    sum over respondents of the square of each one's total (for the confidence interval)."""

    respondents: int
    sums: tuple[int, ...]
    counts: tuple[int, ...]
    squares: int | None = None

    @classmethod
    def empty(cls, method: Method = METHOD_2017) -> Totals:
        zeros = (0,) * len(method.elements)
        return cls(0, zeros, zeros, 0)

    @classmethod
    def from_answers(cls, rows: Sequence[Sequence[int]]) -> Totals:
        """From per-respondent answers (one value per element); for tests and small data."""
        width = len(rows[0]) if rows else len(METHOD_2017.elements)
        sums = tuple(sum(r[i] for r in rows) for i in range(width))
        return cls(len(rows), sums, (len(rows),) * width, sum(sum(r) ** 2 for r in rows))


@dataclass
class ElementScore:
    code: str
    name: str
    total: int
    answers: int
    nrr: float  # four decimals (the service contract's precision)
    weighted: float  # NRR tertimbang, unrounded (or as the weight variant rounds it)
    grade: str  # of the NRR as printed
    label: str
    nrr_printed: float = 0.0  # rounded half-up to the method's decimals: printed and graded
    weighted_printed: float = 0.0  # rounded once, to three decimals


@dataclass
class SurveyScore:
    """The score of one unit (or every unit) over one period: the service contract."""

    unit: str | None
    period: str
    service: str | None
    respondents: int
    nrr: dict[str, float]  # element name -> NRR, regulation order
    ikm: float  # 25-100, two decimals (0.0 without respondents): printed and graded
    grade: str  # A-D ("-" without respondents)
    label: str
    ikm_unrounded: float = 0.0
    spreadsheet_weights: bool = False  # the 0,111-r3 variant
    method: str = METHOD_2017.code  # "14/2017" | "25/2004"
    weights: str = STANDARD.code  # "baku" or a reconciliation variant's code
    method_label: str = ""  # regulation and weights in words, printed in every output
    ci95: list[float] | None = None  # [low, high], two decimals
    elements: list[ElementScore] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)  # weakest element names first
    population: int | None = None
    min_sample: int | None = None
    sample_warning: str | None = None
    sample_statement: str = ""  # whether the sample meets Krejcie-Morgan, in words
    weighted_sum: float | None = None  # sum of NRR tertimbang, three decimals

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def sample_statement(respondents: int, population: int | None,
                     unknown: Sequence[str] = ()) -> tuple[str, str | None]:
    """The Krejcie-Morgan statement a report prints, and the warning when short. `unknown`:
    the units whose population is not set (when the score covers several). Read by survey
    officers on the web and in reports: plain words, no configuration syntax."""
    if not population:
        if unknown:
            return (f"Populasi (jumlah penerima layanan) unit layanan {', '.join(unknown)} "
                    "belum diisi di konfigurasi, sehingga kecukupan sampel semua unit menurut "
                    "Krejcie-Morgan tidak dapat dinilai.", None)
        return ("Populasi (jumlah penerima layanan) unit layanan belum diisi di konfigurasi, "
                "sehingga kecukupan sampel menurut Krejcie-Morgan tidak dapat dinilai.", None)
    needed = min_sample(population)
    if respondents >= needed:
        return (f"Sampel {respondents} responden memenuhi sampel minimum Krejcie-Morgan "
                f"{needed} responden untuk populasi {population}.", None)
    return (f"Sampel {respondents} responden belum memenuhi sampel minimum Krejcie-Morgan "
            f"{needed} responden untuk populasi {population}.",
            f"Jumlah responden {respondents} kurang dari sampel minimum {needed} "
            f"(Krejcie-Morgan, populasi {population}).")


def score_totals(totals: Totals, *, period: str, unit: str | None = None,
                 service: str | None = None, method: Method = METHOD_2017,
                 weights: Weights = STANDARD, spreadsheet: bool = False,
                 priorities: int = 3, population: int | None = None,
                 unknown_population: Sequence[str] = ()) -> SurveyScore:
    """Score aggregated answers (pure). `spreadsheet=True` is the 0,111-r3 variant.
    `unknown_population`: the units of a several-unit score without a population."""
    if spreadsheet:
        weights = WEIGHTS_0111_R3
    label = f"{method.code}: {weights.describe(method)}"
    needed = min_sample(population) if population else None
    statement, warning = sample_statement(totals.respondents, population, unknown_population)
    base = {"unit": unit, "period": period, "service": service,
            "respondents": totals.respondents, "spreadsheet_weights": weights is WEIGHTS_0111_R3,
            "method": method.code, "weights": weights.code, "method_label": label,
            "population": population, "min_sample": needed, "sample_warning": warning,
            "sample_statement": statement}
    if totals.respondents == 0 or min(totals.counts) == 0:
        return SurveyScore(nrr={}, ikm=0.0, grade=NO_GRADE.letter, label=NO_GRADE.label,
                           **base)  # type: ignore[arg-type]
    values = [nrr(s, c) for s, c in zip(totals.sums, totals.counts, strict=True)]
    raw = ikm(values, method=method, weights=weights)
    grade = grade_ikm(raw, method)
    elements = []
    weighted = [weighted_nrr(v, method=method, weights=weights) for v in values]
    for element, s, c, v, w in zip(method.elements, totals.sums, totals.counts, values,
                                   weighted, strict=True):
        g = grade_nrr(v, method)
        elements.append(ElementScore(
            element.code, element.name, s, c, round(float(v), 4), float(w), g.letter, g.label,
            float(round_half_up(v, method.nrr_decimals)),
            float(round_half_up(w, WEIGHTED_DECIMALS))))
    ranked = sorted(range(len(values)), key=lambda i: (values[i], i))
    interval = confidence_interval(totals, method=method, weights=weights, centre=raw,
                                   population=population)
    return SurveyScore(
        nrr={e.name: e.nrr for e in elements},
        ikm=float(round_half_up(raw, IKM_DECIMALS)), grade=grade.letter, label=grade.label,
        ikm_unrounded=float(raw), ci95=list(interval) if interval else None,
        elements=elements, priorities=[method.elements[i].name for i in ranked[:priorities]],
        weighted_sum=float(round_half_up(sum(weighted, Fraction(0)), WEIGHTED_DECIMALS)),
        **base)  # type: ignore[arg-type]

"""Pure formulas of indicator values: capaian, status, shares and manual roll-ups.

Plain functions over plain data; no database, no configuration lookups.

Capaian (achievement, %) follows the SAKIP/LAKIP practice:

- higher is better:  capaian = realisasi / target x 100
- lower is better, two conventions are in use and the choice is explicit
  (`[indicators] lower_is_better_formula`):
  - ``2x_target_minus_realisasi`` (default): capaian = (2 x target - realisasi) / target x 100,
    the mirror image of the higher-is-better formula: hitting the target gives 100, every
    point below the target adds as much as a point above it would take away. It is linear
    and defined when realisasi is 0; floored at 0.
  - ``target_over_realisasi``: capaian = target / realisasi x 100 (undefined when
    realisasi is 0: no capaian is given then, only the status).
- a target of 0 gives no capaian (division by zero); status still applies.
- `capaian_max` caps the result (many LAKIP cap at 120%); None means no cap.

Status compares realisasi with the target the way the plan writes it (`Comparison`,
parsed from `target_teks` by `comparison`): "< 20%" / "kurang dari 20%" is met only below
20 (exactly 20 is not), "<= 20%" / "maksimal 20%" / "paling tinggi 20%" at 20 or below,
"> 80" / "lebih dari 80" above 80, ">= 80" / "minimal 80" / "sekurang-kurangnya 80" /
"paling sedikit 80" at 80 or above, a range "80-90" / "80 s.d. 90" / "antara 80 dan 90"
from 80 to 90 inclusive. A text without a comparator ("95%", "Skor 75", "Nilai 80 (Baik)")
takes the indicator's polarity: >= target when higher is better, <= target when lower is
better. ``tercapai`` when met, ``tidak tercapai`` otherwise, ``belum ada data`` without
realisasi. Capaian is computed against the target number whatever the comparator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pantau.core.periods import Period

TERCAPAI = "tercapai"
TIDAK_TERCAPAI = "tidak tercapai"
BELUM_ADA_DATA = "belum ada data"


def capaian(
    realisasi: float | None,
    target: float,
    polarity: str,
    *,
    lower_formula: str = "2x_target_minus_realisasi",
    cap: float | None = None,
) -> float | None:
    """Achievement in percent, two decimals; None when it is undefined."""
    if realisasi is None or target == 0:
        return None
    if polarity == "higher":
        value = realisasi / target * 100
    elif lower_formula == "2x_target_minus_realisasi":
        value = max(0.0, (2 * target - realisasi) / target * 100)
    elif lower_formula == "target_over_realisasi":
        if realisasi == 0:
            return None
        value = target / realisasi * 100
    else:  # pragma: no cover - guarded by the config model
        raise ValueError(f"unknown lower_is_better_formula {lower_formula!r}")
    if cap is not None:
        value = min(value, cap)
    return round(value, 2)


@dataclass(frozen=True)
class Comparison:
    """How realisasi is compared with the target: `op` is one of <, <=, >, >=, and
    "range" (between `low` and `high`, both inclusive); `written` says whether the plan
    wrote the comparator (False: the polarity's default)."""

    op: str
    low: float | None = None
    high: float | None = None
    written: bool = True

    @property
    def text(self) -> str:
        """The comparator as `indicators compute --json` shows it: "<", ">=", "80-90"."""
        if self.op == "range":
            return f"{self.low:g}-{self.high:g}"
        return self.op

    def met(self, realisasi: float, target: float) -> bool:
        if self.op == "range":
            assert self.low is not None and self.high is not None
            return self.low <= realisasi <= self.high
        return {"<": realisasi < target, "<=": realisasi <= target,
                ">": realisasi > target, ">=": realisasi >= target}[self.op]


_NUMBER = r"(\d+(?:[.,]\d+)?)"
_RANGE = re.compile(rf"(?:antara\s+)?{_NUMBER}\s*%?\s*(?:-|–|—|s\.?\s?d\.?|sampai(?:\s+dengan)?"
                    rf"|hingga|dan)\s*{_NUMBER}", re.IGNORECASE)
# Longest phrases first: "tidak kurang dari" before "kurang dari".
_WORDS = (
    ("tidak kurang dari", ">="), ("tidak lebih dari", "<="), ("sekurang-kurangnya", ">="),
    ("sekurangnya", ">="), ("paling sedikit", ">="), ("paling rendah", ">="),
    ("sedikitnya", ">="), ("minimal", ">="), ("minimum", ">="), ("min.", ">="),
    ("sebanyak-banyaknya", "<="), ("paling banyak", "<="), ("paling tinggi", "<="),
    ("setinggi-tingginya", "<="), ("maksimal", "<="), ("maksimum", "<="), ("maks.", "<="),
    ("lebih kecil dari", "<"), ("kurang dari", "<"), ("di bawah", "<"), ("dibawah", "<"),
    ("lebih besar dari", ">"), ("lebih dari", ">"), ("di atas", ">"), ("diatas", ">"),
    ("≤", "<="), ("≥", ">="), ("<=", "<="), (">=", ">="), ("=<", "<="), ("=>", ">="),
    ("<", "<"), (">", ">"),
)


def _float(text: str) -> float:
    return float(text.replace(",", "."))


def comparison(target_text: str, polarity: str) -> Comparison:
    """The comparator a target text writes (see the module docstring); the polarity's
    default (>= for higher is better, <= for lower is better) when it writes none."""
    text = " ".join((target_text or "").lower().split())
    if m := _RANGE.search(text):
        low, high = sorted((_float(m[1]), _float(m[2])))
        return Comparison("range", low, high)
    for words, op in _WORDS:
        if words in text:
            return Comparison(op)
    return Comparison(">=" if polarity == "higher" else "<=", written=False)


def status(realisasi: float | None, target: float, polarity: str,
           comparator: Comparison | None = None) -> str:
    if realisasi is None:
        return BELUM_ADA_DATA
    comp = comparator or Comparison(">=" if polarity == "higher" else "<=", written=False)
    return TERCAPAI if comp.met(realisasi, target) else TIDAK_TERCAPAI


def target_status(realisasi: float | None, target: float, polarity: str,
                  target_text: str) -> str:
    """The status of a realisasi against a target as the plan writes it (its comparator,
    else the polarity's default): what every page and report shows."""
    return status(realisasi, target, polarity, comparison(target_text, polarity))


def share(part: int, whole: int) -> float | None:
    """part / whole x 100, two decimals; None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return round(part / whole * 100, 2)


@dataclass(frozen=True)
class ManualEntry:
    period: Period
    value: float


def _overlap(a: Period, b: Period) -> bool:
    return a.start <= b.end and b.start <= a.end


def _inside(inner: Period, outer: Period) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _num_text(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def sum_subperiods(entries: list[ManualEntry]) -> tuple[float, list[Period], list[str]]:
    """The total of a count (`jumlah`) from values entered for sub-periods of different
    lengths, each day counted once: the longest entered periods are taken first (a quarter
    before its months, a semester before its quarters); a value whose period lies inside
    one already taken is not added again. Returns the total, the periods summed and the
    conflicts found, in Indonesian: values inside a taken period that add up to more than
    it (or, when they cover it whole, to a different number), and periods that overlap a
    taken one only in part (left out)."""
    ordered = sorted(entries, key=lambda e: (-e.period.days, e.period.start))
    taken: list[ManualEntry] = []
    within: dict[Period, list[ManualEntry]] = {}
    conflicts: list[str] = []
    for e in ordered:
        outer = next((t for t in taken if _inside(e.period, t.period)), None)
        if outer is not None:
            within.setdefault(outer.period, []).append(e)
            continue
        partial = next((t for t in taken if _overlap(e.period, t.period)), None)
        if partial is not None:
            conflicts.append(f"Nilai {e.period.label} ({_num_text(e.value)}) tumpang tindih "
                             f"sebagian dengan nilai {partial.period.label}; nilai "
                             f"{e.period.label} tidak dijumlahkan.")
            continue
        taken.append(e)
    for t in taken:
        parts = within.get(t.period, [])
        # Detail inside a taken period: only the finest non-overlapping ones add up.
        detail, _, _ = sum_subperiods(parts) if parts else (0.0, [], [])
        days = sum(p.days for p in _disjoint(parts))
        whole = days == t.period.days
        if parts and (detail > t.value or (whole and round(detail, 4) != round(t.value, 4))):
            names = ", ".join(p.period.label for p in sorted(parts, key=lambda e: e.period.start))
            conflicts.append(f"Nilai {t.period.label} ({_num_text(t.value)}) tidak sama dengan "
                             f"jumlah nilai di dalamnya ({names}: {_num_text(round(detail, 4))}); "
                             f"yang dijumlahkan nilai {t.period.label}.")
    total = round(sum(t.value for t in taken), 4)
    return total, sorted((t.period for t in taken), key=lambda p: p.start), conflicts


def _disjoint(entries: list[ManualEntry]) -> list[Period]:
    """The longest non-overlapping periods of `entries` (what `sum_subperiods` sums)."""
    out: list[Period] = []
    for e in sorted(entries, key=lambda e: (-e.period.days, e.period.start)):
        if not any(_overlap(e.period, p) for p in out):
            out.append(e.period)
    return out


def manual_realisasi(
    entries: Iterable[ManualEntry], period: Period, unit: str
) -> tuple[float | None, dict[str, object]]:
    """Realisasi of a manual indicator for `period` from the values people entered.

    - a value entered for exactly this period wins;
    - otherwise, for counts (`jumlah`), the sum of the values of the non-overlapping
      sub-periods entered inside the period (months, quarters, semesters: see
      `sum_subperiods`; conflicts are reported under "konflik");
    - otherwise (%, skor, indeks: not additive) the value of the latest-ending period
      entered inside `period`, i.e. the position "s.d." that period.
    """
    entries = list(entries)
    for e in entries:
        if e.period == period:
            return e.value, {"periode_nilai": period.code}
    inside = [e for e in entries if _inside(e.period, period)]
    if not inside:
        return None, {}
    if unit == "jumlah":
        total, summed, conflicts = sum_subperiods(inside)
        how: dict[str, object] = {"periode_nilai": [p.code for p in summed],
                                  "cara": "jumlah subperiode"}
        if conflicts:
            how["konflik"] = conflicts
        return total, how
    latest = max(inside, key=lambda e: (e.period.end, -e.period.days))
    return latest.value, {"periode_nilai": latest.period.code, "cara": "nilai terakhir"}


def daily_report_days(
    runs: Iterable[tuple[str, str, object]],
    days: Iterable[str],
    deadline_of: Mapping[str, object],
) -> dict[str, int]:
    """Classify each expected day (ISO date) of daily reports.

    `runs` are (run_date, status, finished_at) of `report:daily`; `deadline_of[day]` is the
    moment (comparable with finished_at) the report of that day was due. A day is
    `tepat_waktu` when a successful run finished by its deadline, `terlambat` when it
    succeeded later, `gagal` when it only failed, `tidak_berjalan` with no run at all.
    """
    by_day: dict[str, list[tuple[str, object]]] = {}
    for run_date, st, finished in runs:
        by_day.setdefault(run_date, []).append((st, finished))
    out = {"hari_terjadwal": 0, "tepat_waktu": 0, "terlambat": 0, "gagal": 0,
           "tidak_berjalan": 0}
    for day in days:
        out["hari_terjadwal"] += 1
        found = by_day.get(day, [])
        ok = [f for st, f in found if st == "berhasil" and f is not None]
        if any(f <= deadline_of[day] for f in ok):  # type: ignore[operator]
            out["tepat_waktu"] += 1
        elif ok:
            out["terlambat"] += 1
        elif found:
            out["gagal"] += 1
        else:
            out["tidak_berjalan"] += 1
    return out

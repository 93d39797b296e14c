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

Status: ``tercapai`` when realisasi >= target (higher is better) or realisasi <= target
(lower is better); ``tidak tercapai`` otherwise; ``belum ada data`` without realisasi.
"""

from __future__ import annotations

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


def status(realisasi: float | None, target: float, polarity: str) -> str:
    if realisasi is None:
        return BELUM_ADA_DATA
    ok = realisasi >= target if polarity == "higher" else realisasi <= target
    return TERCAPAI if ok else TIDAK_TERCAPAI


def share(part: int, whole: int) -> float | None:
    """part / whole x 100, two decimals; None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return round(part / whole * 100, 2)


@dataclass(frozen=True)
class ManualEntry:
    period: Period
    value: float


def manual_realisasi(
    entries: Iterable[ManualEntry], period: Period, unit: str
) -> tuple[float | None, dict[str, object]]:
    """Realisasi of a manual indicator for `period` from the values people entered.

    - a value entered for exactly this period wins;
    - otherwise, for counts (`jumlah`), the sum of the month values inside the period
      (when every contained value is monthly, nothing is counted twice);
    - otherwise (%, skor, indeks: not additive) the value of the latest-ending period
      entered inside `period`, i.e. the position "s.d." that period.
    """
    entries = list(entries)
    for e in entries:
        if e.period == period:
            return e.value, {"periode_nilai": period.code}
    inside = [e for e in entries if period.start <= e.period.start and e.period.end <= period.end]
    if not inside:
        return None, {}
    months = [e for e in inside if e.period.kind == "month"]
    if unit == "jumlah" and months:
        return (round(sum(e.value for e in months), 4),
                {"periode_nilai": sorted(e.period.code for e in months), "cara": "jumlah bulanan"})
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

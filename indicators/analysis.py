"""The analyst's conclusion and recommendations (Kesimpulan, Saran) for the media report of
one period: stored once per report period (daily, weekly, monthly), changed only through
`save_analysis` (the one door for the web form and the CLI), every change written to the
audit log (`pantau.core.audit.record`) in the same transaction. The report prints them in
its "Konklusi" section; until an analyst writes them, the report prints a draft built from
the period's numbers (`indicators.media_report.draft_analysis`), marked as such."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from indicators.models import ReportAnalysis
from pantau.core.audit import events, record
from pantau.core.errors import InputError
from pantau.core.periods import Period, custom, month
from pantau.core.timeutil import utcnow

KINDS = ("daily", "weekly", "monthly")
MAX_TEXT = 20000  # characters of a conclusion or of the recommendations
# Control characters nobody types (NUL is refused by PostgreSQL text); tab and newline stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def analysis_period(kind: str, day: date) -> Period:
    """The period of the media report of `kind` on `day` (as `write_media_report` counts)."""
    if kind == "daily":
        return custom(day, day)
    if kind == "weekly":
        return custom(day - timedelta(days=6), day)
    if kind == "monthly":
        return month(day.year, day.month)
    raise InputError(f"Jenis periode laporan '{kind}' tidak dikenal: gunakan daily, weekly "
                     "atau monthly.")


def get_analysis(session: Session, *, kind: str, day: date) -> ReportAnalysis | None:
    """The stored analysis of the report of `kind` on `day`, or None."""
    period = analysis_period(kind, day)
    return session.exec(select(ReportAnalysis).where(
        ReportAnalysis.kind == kind, ReportAnalysis.period_start == period.start,
        ReportAnalysis.period_end == period.end)).first()


def _clean(text: str | None, field: str) -> str:
    value = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if _CONTROL.search(value):
        raise InputError(f"{field} memuat karakter kendali yang tidak dapat disimpan; hapus "
                         "karakter itu (mis. hasil salin dari berkas biner).")
    if len(value) > MAX_TEXT:
        raise InputError(f"{field} paling panjang {MAX_TEXT} karakter (terisi {len(value)}).")
    return value


def _snapshot(row: ReportAnalysis) -> dict[str, Any]:
    return {"conclusion": row.conclusion, "recommendations": row.recommendations}


def save_analysis(session: Session, *, kind: str, day: date, conclusion: str | None,
                  recommendations: str | None, by: str) -> ReportAnalysis:
    """Store the conclusion and recommendations of the report of `kind` on `day` (both
    replaced; an empty text clears one). Audited (who, when, before, after) in the caller's
    transaction; saving the same texts again changes nothing."""
    if not by or not by.strip():
        raise InputError("Nama yang menulis analisis wajib diisi.")
    period = analysis_period(kind, day)
    new = {"conclusion": _clean(conclusion, "Kesimpulan"),
           "recommendations": _clean(recommendations, "Saran")}
    row = get_analysis(session, kind=kind, day=day)
    before = None if row is None else _snapshot(row)
    if before == new:
        assert row is not None
        return row
    if row is None:
        if not new["conclusion"] and not new["recommendations"]:
            raise InputError("Kesimpulan dan saran kosong: tulis salah satunya.")
        row = ReportAnalysis(kind=kind, period_start=period.start, period_end=period.end,
                             created_by=by, updated_by=by)
    row.conclusion, row.recommendations = new["conclusion"], new["recommendations"]
    row.updated_at, row.updated_by = utcnow(), by
    session.add(row)
    session.flush()
    record(session, actor=by, action="analysis.create" if before is None else "analysis.update",
           entity="report_analysis", entity_id=entity_id(kind, period), before=before,
           after=new)
    return row


def entity_id(kind: str, period: Period) -> str:
    """How the audit log names the analysis of a report period: `daily:2026-11-16`,
    `weekly:2026-11-10..2026-11-16`, `monthly:2026-11`."""
    if kind == "daily":
        return f"daily:{period.start.isoformat()}"
    if kind == "monthly":
        return f"monthly:{period.start:%Y-%m}"
    return f"{kind}:{period.start.isoformat()}..{period.end.isoformat()}"


def analysis_history(session: Session, *, kind: str, day: date) -> list[Any]:
    """The audit rows of the analysis of the report of `kind` on `day`, newest first."""
    return list(events(session, entity="report_analysis",
                       entity_id=entity_id(kind, analysis_period(kind, day))))

"""The real steps of Pantau's jobs. Each calls another domain only through its service
contract (DEVELOPERS.md), imported when the step runs, and returns counts for the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jobs.config import CollectGroup
from jobs.pipeline import Step, StepContext
from pantau.core.db import session_scope
from pantau.core.errors import PantauError


def _count(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, int | float):
        return int(value)
    try:
        return len(value)
    except TypeError:
        return 0


def summarise_collection(results: Sequence[Any]) -> dict[str, int]:
    """Sum the per-source results of `collectors.service.collect`."""
    totals = {"sources": 0, "fetched": 0, "new": 0, "duplicates": 0, "errors": 0}
    for result in results:
        totals["sources"] += 1
        for key in ("fetched", "new", "duplicates", "errors"):
            totals[key] += _count(getattr(result, key, 0))
    return totals


def _collect(group: CollectGroup | None, ctx: StepContext) -> dict[str, Any]:
    from collectors.api import collect

    def progress(message: Any, *_args: Any) -> None:
        ctx.echo(f"      {message}")

    if group is None or not group.sources:
        profile = group.profile if group else None
        results = list(collect(config=ctx.config, profile=profile, progress=progress))
    else:
        results = []
        for source in group.sources:
            results.extend(collect(config=ctx.config, profile=group.profile, source=source,
                                   progress=progress))
    totals = summarise_collection(results)
    if totals["sources"] and totals["errors"] >= totals["sources"] and not totals["fetched"]:
        raise PantauError(f"Semua {totals['sources']} sumber gagal dikumpulkan.")
    return totals


def collect_step(group: CollectGroup | None = None, *, job: str = "collect") -> Step:
    where = f" (grup {group.name})" if group else ""
    return Step(
        name="collect",
        job=job,
        title=f"Mengumpulkan pemberitaan{where}",
        run=lambda ctx: _collect(group, ctx),
    )


def _label(ctx: StepContext) -> dict[str, Any]:
    from sentiment.api import label_pending

    with session_scope() as session:
        labelled = label_pending(session, sentiment=ctx.config.sentiment)
    return {"labelled": _count(labelled)}


def label_step() -> Step:
    return Step(name="label", job="label", title="Melabeli sentimen pemberitaan baru",
                run=_label)


def _indicators(ctx: StepContext) -> dict[str, Any]:
    from indicators.service import compute_indicators

    with session_scope() as session:
        values = compute_indicators(session, year=ctx.day.year, period=None)
    return {"indicators": _count(values)}


def indicators_step() -> Step:
    return Step(name="indicators", job="indicators", title="Menghitung nilai indikator",
                run=_indicators)


REPORT_TITLES = {"daily": "harian", "weekly": "mingguan", "monthly": "bulanan"}


def report_step(period: str, formats: Sequence[str]) -> Step:
    def _report(ctx: StepContext) -> dict[str, Any]:
        from indicators.media_report import write_media_report

        ctx.out_dir.mkdir(parents=True, exist_ok=True)
        with session_scope() as session:
            paths = write_media_report(session, period=period, day=ctx.day,
                                       formats=list(formats), out_dir=ctx.out_dir)
        for path in paths:
            ctx.echo(f"      {path}")
        return {"files": len(paths)}

    return Step(name="report", job=f"report:{period}",
                title=f"Menulis laporan {REPORT_TITLES.get(period, period)}", run=_report)


def _alerts(ctx: StepContext) -> dict[str, Any]:
    from jobs.alerts import check_alerts

    summary = check_alerts(day=ctx.day, now=ctx.now)
    if summary.failed:
        raise PantauError(
            f"{summary.failed} peringatan gagal dikirim ({summary.sent} terkirim); "
            "lihat `pantau alerts list`."
        )
    return {"alerts_sent": summary.sent, "alerts_failed": summary.failed}


def alerts_step() -> Step:
    return Step(name="alerts", job="alerts", title="Memeriksa dan mengirim peringatan",
                run=_alerts)

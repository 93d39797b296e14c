"""The real steps of Pantau's jobs. Each calls another domain only through its public
surface (DEVELOPERS.md) with the config sections of the run (`ctx.config`), and returns
counts for the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from collectors.api import unit_profile_ids
from indicators.api import (
    MEDIA_REPORT_KINDS,
    Institution,
    compute_indicators,
    unit_institution,
    write_media_report,
)
from jobs.alerts import check_alerts
from jobs.config import CollectGroup, JobsConfig
from jobs.maintenance import prune_work_tasks
from jobs.pipeline import Step, StepContext
from pantau.core.db import session_scope
from pantau.core.errors import PantauError
from pantau.core.timeutil import JAKARTA
from pantau.core.units import DEFAULT_UNIT


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
    # deferred: the collectors load (0.5 s) only in a worker that collects
    from collectors.api import collect, ensure_month_partitions

    partitions: list[str] = []
    if group is None:
        # The daily run makes the mention table's partitions of this month and the next
        # ones ahead (PostgreSQL; collectors.partitions), before its collection.
        # Not made (readers held the table): the stories go to the default partition and
        # the next run makes them; collecting goes on.
        try:
            with session_scope() as session:
                partitions = ensure_month_partitions(
                    session, today=ctx.now.astimezone(JAKARTA).date())
        except PantauError as exc:
            ctx.echo(f"      {exc}")
        for name in partitions:
            ctx.echo(f"      partisi baru: {name}")

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
    if partitions:
        totals["partitions"] = len(partitions)
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
    # deferred: sentiment and its numeric libraries load (2 s) only in a worker that labels
    from sentiment.api import label_pending

    with session_scope() as session:
        labelled = label_pending(session, sentiment=ctx.config.sentiment)
    return {"labelled": _count(labelled)}


def label_step() -> Step:
    return Step(name="label", job="label", title="Melabeli sentimen pemberitaan baru",
                run=_label)


def _indicators(ctx: StepContext) -> dict[str, Any]:
    with session_scope() as session:
        values = compute_indicators(session, year=ctx.day.year, period=None,
                                    indicators=ctx.config.indicators, survey=ctx.config.survey)
    return {"indicators": _count(values)}


def indicators_step() -> Step:
    return Step(name="indicators", job="indicators", title="Menghitung nilai indikator",
                run=_indicators)


@dataclass(frozen=True)
class UnitReport:
    """Where and over what one organisation unit's report is written."""

    code: str
    institution: Institution
    profiles: frozenset[int]  # the unit's own profiles: its report counts nothing else
    folder: Path | None = None  # the unit's own report folder; None: `<report folder>/<code>`

    def out_dir(self, report_folder: Path) -> Path:
        return self.folder or report_folder / self.code


def unit_reports(session: Session, config: JobsConfig) -> list[UnitReport]:
    """The reports of the organisation units (`[[units]]`, the default unit first) that own
    a profile, each in its own folder (`report_dir` of its `[[units]]` entry, else
    `<report folder>/<code>`). A single office (no `[[units]]`) has none: its one report is
    the deployment's."""
    if not config.units:
        return []
    names = {u.code: u.name for u in config.units}
    units: list[tuple[str, Path | None]] = [(DEFAULT_UNIT, None)]
    units += [(u.code, u.report_dir) for u in config.units]
    found = []
    for code, folder in units:
        within = unit_profile_ids(session, profiles=config.profiles, units={code})
        if within:
            named = unit_institution(config.institution, code, names)
            found.append(UnitReport(code, named, within, folder))
    return found


def report_step(kind: str, formats: Sequence[str]) -> Step:
    """The media report of `kind`: the deployment's (every profile) in the report folder,
    and with `[[units]]` one per unit over its own profiles in the unit's folder."""

    def _report(ctx: StepContext) -> dict[str, Any]:
        ctx.out_dir.mkdir(parents=True, exist_ok=True)
        config = ctx.config
        with session_scope() as session:
            paths = write_media_report(session, kind=kind, day=ctx.day, formats=list(formats),
                                       out_dir=ctx.out_dir, indicators=config.indicators,
                                       institution=config.institution,
                                       comparisons=config.comparisons)
            for unit in unit_reports(session, config):
                paths += write_media_report(
                    session, kind=kind, day=ctx.day, formats=list(formats),
                    out_dir=unit.out_dir(ctx.out_dir), indicators=config.indicators,
                    institution=unit.institution, within=unit.profiles, units={unit.code})
        for path in paths:
            ctx.echo(f"      {path}")
        return {"files": len(paths)}

    return Step(name="report", job=f"report:{kind}",
                title=f"Menulis laporan {MEDIA_REPORT_KINDS.get(kind, kind)}", run=_report)


def _alerts(ctx: StepContext) -> dict[str, Any]:
    summary = check_alerts(day=ctx.day, now=ctx.now, alerts=ctx.config.alerts,
                           indicators=ctx.config.indicators, profiles=ctx.config.profiles,
                           sources=ctx.config.sources)
    if summary.failed:
        raise PantauError(
            f"{summary.failed} peringatan gagal dikirim ({summary.sent} terkirim); "
            "lihat `pantau alerts list`."
        )
    return {"alerts_sent": summary.sent, "alerts_failed": summary.failed}


def alerts_step() -> Step:
    return Step(name="alerts", job="alerts", title="Memeriksa dan mengirim peringatan",
                run=_alerts)


def _maintenance(ctx: StepContext) -> dict[str, Any]:
    with session_scope() as session:
        pruned = prune_work_tasks(session, keep_days=ctx.config.schedule.task_retention_days,
                                  now=ctx.now)
    return {"tasks_pruned": pruned}


def maintenance_step() -> Step:
    return Step(name="maintenance", job="maintenance",
                title="Menghapus catatan tugas antrean yang sudah lama selesai",
                run=_maintenance)

"""Planners' pages: plans and indicators of a year, realisasi and capaian per period,
manual values with evidence, plan import and exports."""

from __future__ import annotations

import math
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlmodel import Session

from indicators.api import SOURCE_LABELS, describe_inputs, value_note
from pantau.config import PantauConfig
from pantau.core.db import session_scope
from pantau.core.errors import InputError
from pantau.core.periods import Period, parse_period, subperiods, year
from pantau.core.timeutil import to_jakarta, utcnow
from pantau.web.deps import (
    PLAN_WRITE,
    ConfigDep,
    PlanReader,
    PlanWriter,
    Principal,
    SessionDep,
    WebState,
    WebStateDep,
)
from pantau.web.downloads import REPORT_TYPES, file_download, report_type, temp_folder
from pantau.web.media_queries import nice_ticks
from pantau.web.rendering import render

router = APIRouter(prefix="/rencana", include_in_schema=False)

PLAN_FORMATS = {"yaml": "application/x-yaml", "csv": "text/csv; charset=utf-8",
                "xlsx": REPORT_TYPES["xlsx"]}


def date_id(iso: str) -> str:
    """An ISO date (a plan version's effective date) as the app writes dates: dd-mm-yyyy."""
    return f"{iso[8:10]}-{iso[5:7]}-{iso[0:4]}" if len(iso) >= 10 else iso


def year_and_period(tahun: int | None, periode: str) -> tuple[int, Period]:
    y = tahun or to_jakarta(utcnow()).year
    period = parse_period(periode) if periode else year(y)
    if period.start.year != y and period.end.year != y:
        raise InputError(f"Periode {period.code} berada di luar tahun {y}.")
    return y, period


def indicator_table(s: Session, y: int, period: Period, config: PantauConfig,
                    units: frozenset[str] | None = None) -> dict[str, Any]:
    from indicators.api import (
        compute_indicators,
        find_indicator,
        list_plans,
        manual_value_history,
        plan_versions,
    )

    plans = list_plans(s, y, units=units)
    values = compute_indicators(s, year=y, period=period, store=False,
                                indicators=config.indicators, survey=config.survey, units=units)
    grouped: OrderedDict[str, list[Any]] = OrderedDict()
    for v in values:
        grouped.setdefault(v.plan, []).append(v)
    versions = {p.id: plan_versions(s, p) for p, _n in plans}
    history = {v.indicator_id: manual_value_history(
                   s, find_indicator(s, str(v.indicator_id), year=y))
               for v in values if v.source == "manual"}
    return {"plans": plans, "grouped": grouped, "values": values, "versions": versions,
            "history": history}


@router.get("")
def plans_page(request: Request, user: PlanReader, s: SessionDep, config: ConfigDep,
               tahun: int | None = None, periode: str = "") -> HTMLResponse:
    y, period = year_and_period(tahun, periode)
    data = indicator_table(s, y, period, config, user.access.units)
    return render(request, "plans/index.html", {
        **data, "year": y, "period": period, "periods": subperiods(y),
        "describe": describe_inputs, "source_labels": SOURCE_LABELS,
        "value_note": value_note, "date_id": date_id,
        "can_write": user.can(PLAN_WRITE), "message": request.query_params.get("pesan")})


def plan_unit(user: Principal, config: PantauConfig, unit: str) -> str:
    """The organisation unit an imported plan belongs to: the one asked (if the user may
    write there), else their only one where they may, else their own."""
    units = user.access.units
    only = next(iter(units)) if units is not None and len(units) == 1 else None
    unit = unit.strip() or only or user.org_unit
    if user.access.units is not None and unit not in user.access.units:
        raise InputError(f"Unit '{unit}' bukan unit Anda.")
    if unit not in config.unit_names():
        raise InputError(f"Unit '{unit}' tidak dikenal.")
    return unit


# ---------------------------------------------------------------- trend

# The trend chart's frame (SVG user units, 560 x 250): plot area left/top/width/height;
# the target's label sits right of the plot, where no column can hide it.
CHART_LEFT, CHART_TOP, CHART_WIDTH, CHART_HEIGHT = 52, 16, 400, 180


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the period, under the bar
    value: float | None
    # The value's label: its baseline, and whether it sits inside the column's top (white)
    # because above it would cross the target line.
    label_y: float = 0.0
    label_inside: bool = False


@dataclass
class TrendChart:
    """One trend drawn as columns from zero: the value axis (ticks and their heights), a
    column per period, and the target as a dashed line."""

    ticks: list[tuple[int, float]]  # value, y
    bars: list[Bar]
    target_y: float | None
    axis_title: str
    base: float = CHART_TOP + CHART_HEIGHT
    left: float = CHART_LEFT
    right: float = CHART_LEFT + CHART_WIDTH


def short_label(period: Period) -> str:
    """A period's name short enough for an axis: 'TW II 2023', 'Mei 2023', 'S1 2023'."""
    label = period.label
    return (label.replace("Triwulan ", "TW ").replace("Semester ", "S")
            .replace("Tahun ", ""))


def trend_chart(trend: Any) -> TrendChart:
    """The geometry of one `indicators.api.Trend`'s chart. The IKM's axis is its 0-100
    scale; a percentage's runs from 0 to a round number above the largest value and the
    target."""
    values = [p.value for p in trend.points if p.value is not None]
    if trend.source == "ikm":
        ticks = [0, 20, 40, 60, 80, 100]
    else:
        ticks = nice_ticks(math.ceil(max([*values, trend.target or 0, 1])))
    top = ticks[-1]

    def y(value: float) -> float:
        return round(CHART_TOP + CHART_HEIGHT - value / top * CHART_HEIGHT, 1)

    slot = CHART_WIDTH / max(len(trend.points), 1)
    bars = [Bar(x=round(CHART_LEFT + slot * i + slot * 0.2, 1),
                y=y(p.value or 0), width=round(slot * 0.6, 1),
                height=round((p.value or 0) / top * CHART_HEIGHT, 1),
                label=short_label(p.period), value=p.value)
            for i, p in enumerate(trend.points)]
    target = trend.target if trend.target is not None and trend.target <= top else None
    target_y = y(target) if target is not None else None
    for bar in bars:
        _place_label(bar, target_y)
    return TrendChart(ticks=[(t, y(t)) for t in ticks], bars=bars,
                      target_y=target_y,
                      axis_title="IKM (skala 25-100)" if trend.source == "ikm"
                      else "persen (%)")


# A value label's text reaches about LABEL_HEIGHT units above its baseline.
LABEL_HEIGHT = 12


def _place_label(bar: Bar, target_y: float | None) -> None:
    """Put the value's label above its column, unless the target line would cross it
    there: then inside the column's top (tall enough), else just above the target line."""
    above = bar.y - 4
    bar.label_y = above
    if target_y is None or not above - LABEL_HEIGHT - 2 <= target_y <= above + 2:
        return
    # The line crosses above the column's top here, so inside the column it is clear.
    if bar.height >= LABEL_HEIGHT + 8:
        bar.label_y, bar.label_inside = round(bar.y + LABEL_HEIGHT + 2, 1), True
    else:
        bar.label_y = round(target_y - 4, 1)


@router.get("/tren")
def trend_page(request: Request, user: PlanReader, s: SessionDep, config: ConfigDep,
               tahun: int | None = None, periode: str = "") -> HTMLResponse:
    """The IKM and the negative-sentiment share of a period against the periods and
    surveys before it, as charts (axes, Indonesian numbers) and tables."""
    from indicators.api import indicator_trend_groups

    y, period = year_and_period(tahun, periode)
    groups = indicator_trend_groups(s, year=y, period=period, indicators=config.indicators,
                                    survey=config.survey, units=user.access.units)
    return render(request, "plans/trend.html", {
        "groups": [(g, [(t, trend_chart(t)) for t in g.trends]) for g in groups],
        "year": y, "period": period, "periods": subperiods(y)})


@router.post("/nilai")
def manual_value(user: PlanWriter, s: SessionDep, indicator_id: Annotated[int, Form()],
                 period: Annotated[str, Form()], value: Annotated[str, Form()],
                 tahun: Annotated[int, Form()], evidence: Annotated[str, Form()] = "",
                 link: Annotated[str, Form()] = "") -> RedirectResponse:
    from indicators.api import find_indicator, set_manual_value

    try:
        number = float(value.replace(",", "."))
    except ValueError as exc:
        raise InputError(f"Nilai '{value}' bukan angka.") from exc
    parsed = parse_period(period)
    indicator = find_indicator(s, str(indicator_id), year=tahun, units=user.access.units)
    set_manual_value(s, indicator, period=parsed, value=number, by=user.username,
                     evidence=evidence, evidence_link=link)
    return RedirectResponse(f"/rencana?tahun={tahun}&periode={parsed.code}"
                            "&pesan=Nilai+disimpan.", status_code=303)


def plan_error(request: Request, exc: InputError, heading: str,
               back: str = "/rencana") -> HTMLResponse:
    """A refused plan file or value: what is wrong (every problem, with its file, line and
    column) and the way back to the plans page, where the planner was."""
    return render(request, "plans/error.html", {
        "status": 400, "heading": heading, "message": str(exc).split("\n")[0],
        "problems": exc.problems, "back": back}, status_code=400)


@router.post("/impor", response_model=None)
async def plan_import(request: Request, st: WebStateDep, user: PlanWriter,
                      file: Annotated[UploadFile, File()],
                      unit: Annotated[str, Form()] = "") -> RedirectResponse | HTMLResponse:
    """Import a plan file as a plan of the user's organisation unit (`unit`: one of
    theirs, for a user of several; the deployment administrator may name any). A refused
    file is explained on a page that leads back to the plans page."""
    try:
        return await _plan_import(st, user, file, unit)
    except InputError as exc:
        return plan_error(request, exc, "Rencana tidak dapat diimpor")


async def _plan_import(st: WebState, user: Principal, file: UploadFile,
                       unit: str) -> RedirectResponse:
    from indicators.api import read_plan, save_plan

    max_bytes = int(st.web.max_upload_mb * 1048576)
    data = await file.read(max_bytes + 1)
    name = Path(file.filename or "rencana").name
    ext = Path(name).suffix.lower()
    if ext not in (".yaml", ".yml", ".csv", ".xlsx"):
        raise InputError(f"Berkas {name}: gunakan YAML, CSV atau XLSX.")
    if len(data) > max_bytes:
        raise InputError(f"Berkas {name} terlalu besar.")

    org_unit = plan_unit(user, st.config, unit)

    def work() -> tuple[int, int]:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            spec = read_plan(path)
            with session_scope() as s:
                result = save_plan(s, spec, source_file=name, org_unit=org_unit)
                return result.plan.year, result.indicators

    y, n = await run_in_threadpool(work)
    return RedirectResponse(f"/rencana?tahun={y}&pesan=Rencana+diimpor:+{n}+indikator.",
                            status_code=303)


@router.get("/ekspor")
def export_report(user: PlanReader, s: SessionDep, config: ConfigDep, tahun: int | None = None,
                  periode: str = "", format: str = "xlsx") -> FileResponse:
    from indicators.api import write_indicator_report

    media_type = report_type(format)
    y, period = year_and_period(tahun, periode)
    tmp = temp_folder("pantau-indikator-")
    paths = write_indicator_report(s, year=y, period=period, formats=[format], out_dir=tmp,
                                   indicators=config.indicators, survey=config.survey,
                                   institution=config.institution, units=user.access.units)
    return file_download(paths[0], media_type, tmp)


@router.get("/{plan_id}/unduh")
def export_plan(plan_id: int, user: PlanReader, s: SessionDep,
                format: str = "yaml") -> FileResponse:
    from indicators.api import find_plan, plan_to_spec, write_plan

    if format not in PLAN_FORMATS:
        raise InputError(f"Format '{format}' tidak didukung: pilih yaml, csv atau xlsx.")
    tmp = temp_folder("pantau-rencana-")
    plan = find_plan(s, str(plan_id), units=user.access.units)
    spec = plan_to_spec(s, plan)
    path = write_plan(spec, tmp / f"rencana-{plan.kind}-{plan.year}-{plan.id}.{format}",
                      format)
    return file_download(path, PLAN_FORMATS[format], tmp)

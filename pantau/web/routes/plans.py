"""Planners' pages: plans and indicators of a year, realisasi and capaian per period,
manual values with evidence, plan import and exports."""

from __future__ import annotations

import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlmodel import Session

from indicators.api import SOURCE_LABELS, describe_inputs
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
    SessionDep,
    WebStateDep,
)
from pantau.web.downloads import REPORT_TYPES, file_download, report_type, temp_folder
from pantau.web.rendering import render

router = APIRouter(prefix="/rencana", include_in_schema=False)

PLAN_FORMATS = {"yaml": "application/x-yaml", "csv": "text/csv; charset=utf-8",
                "xlsx": REPORT_TYPES["xlsx"]}


def year_and_period(tahun: int | None, periode: str) -> tuple[int, Period]:
    y = tahun or to_jakarta(utcnow()).year
    period = parse_period(periode) if periode else year(y)
    if period.start.year != y and period.end.year != y:
        raise InputError(f"Periode {period.code} berada di luar tahun {y}.")
    return y, period


def indicator_table(s: Session, y: int, period: Period, config: PantauConfig) -> dict[str, Any]:
    from indicators.api import (
        compute_indicators,
        find_indicator,
        list_plans,
        manual_value_history,
        plan_versions,
    )

    plans = list_plans(s, y)
    values = compute_indicators(s, year=y, period=period, store=False,
                                indicators=config.indicators, survey=config.survey)
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
    data = indicator_table(s, y, period, config)
    return render(request, "plans/index.html", {
        **data, "year": y, "period": period, "periods": subperiods(y),
        "describe": describe_inputs, "source_labels": SOURCE_LABELS,
        "can_write": user.can(PLAN_WRITE), "message": request.query_params.get("pesan")})


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
    indicator = find_indicator(s, str(indicator_id), year=tahun)
    set_manual_value(s, indicator, period=parsed, value=number, by=user.username,
                     evidence=evidence, evidence_link=link)
    return RedirectResponse(f"/rencana?tahun={tahun}&periode={parsed.code}"
                            "&pesan=Nilai+disimpan.", status_code=303)


@router.post("/impor")
async def plan_import(st: WebStateDep, user: PlanWriter,
                      file: Annotated[UploadFile, File()]) -> RedirectResponse:
    from indicators.api import read_plan, save_plan

    max_bytes = int(st.web.max_upload_mb * 1048576)
    data = await file.read(max_bytes + 1)
    name = Path(file.filename or "rencana").name
    ext = Path(name).suffix.lower()
    if ext not in (".yaml", ".yml", ".csv", ".xlsx"):
        raise InputError(f"Berkas {name}: gunakan YAML, CSV atau XLSX.")
    if len(data) > max_bytes:
        raise InputError(f"Berkas {name} terlalu besar.")

    def work() -> tuple[int, int]:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            spec = read_plan(path)
            with session_scope() as s:
                result = save_plan(s, spec, source_file=name)
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
                                   institution=config.institution)
    return file_download(paths[0], media_type, tmp)


@router.get("/{plan_id}/unduh")
def export_plan(plan_id: int, user: PlanReader, s: SessionDep,
                format: str = "yaml") -> FileResponse:
    from indicators.api import find_plan, plan_to_spec, write_plan

    if format not in PLAN_FORMATS:
        raise InputError(f"Format '{format}' tidak didukung: pilih yaml, csv atau xlsx.")
    tmp = temp_folder("pantau-rencana-")
    plan = find_plan(s, str(plan_id))
    spec = plan_to_spec(s, plan)
    path = write_plan(spec, tmp / f"rencana-{plan.kind}-{plan.year}-{plan.id}.{format}",
                      format)
    return file_download(path, PLAN_FORMATS[format], tmp)

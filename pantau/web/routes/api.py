"""JSON API under /api/v1 for other government systems: the same operations as the pages.

Authentication: `Authorization: Bearer <token>` (tokens from `pantau user token` or the
admin page) or the browser session plus an `X-CSRF-Token` header on writes. The token has
the role of its user. OpenAPI: /api/v1/openapi.json, docs: /api/v1/docs."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, Security, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field
from sqlmodel import col, func, select

from pantau.core.db import session_scope
from pantau.core.errors import NotFoundError
from pantau.core.periods import parse_period
from pantau.web.deps import (
    ADMIN_ONLY,
    EVERYONE,
    MEDIA_READ,
    MEDIA_WRITE,
    PLAN_READ,
    PLAN_WRITE,
    SURVEY_READ,
    SURVEY_WRITE,
    Principal,
    require,
    state,
)
from pantau.web.media_queries import MentionFilter, dashboard, list_matches, mention_detail
from pantau.web.routes.media import correct_many
from pantau.web.uploads import check_upload

bearer = HTTPBearer(auto_error=False, description="Token API Pantau")
router = APIRouter(prefix="/api/v1", dependencies=[Security(bearer)])


class Me(BaseModel):
    username: str
    full_name: str
    role: str


@router.get("/saya", response_model=Me, tags=["akun"], summary="Pengguna pemilik token")
def me(user: Principal = Depends(require(EVERYONE))) -> Me:
    return Me(username=user.username, full_name=user.full_name, role=user.role)


# ---------------------------------------------------------------- media


class MentionItem(BaseModel):
    match_id: int
    mention_id: int
    title: str
    url: str | None
    outlet: str | None
    media_type: str
    published_at: datetime
    profile: str
    tone: str | None
    model_label: str | None
    human_label: str | None
    duplicate_group: int | None


class MentionPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[MentionItem]


@router.get("/mentions", response_model=MentionPage, tags=["pemberitaan"],
            summary="Daftar pemberitaan dengan saringan")
def api_mentions(
    user: Principal = Depends(require(MEDIA_READ)),
    date_from: date | None = None, date_to: date | None = None,
    tone: str | None = Query(None, description="positif | netral | negatif | belum"),
    media_type: str | None = None, outlet: str | None = None, source_id: int | None = None,
    profile_id: int | None = None, q: str | None = None, unique_only: bool = False,
    page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=500),
) -> MentionPage:
    flt = MentionFilter(date_from, date_to, tone, media_type, outlet, source_id, profile_id,
                        q, unique_only)
    with session_scope() as s:
        rows, total = list_matches(s, flt, page=page, per_page=per_page)
    items = [MentionItem(**{k: getattr(r, k) for k in MentionItem.model_fields}) for r in rows]
    return MentionPage(total=total, page=page, per_page=per_page, items=items)


@router.get("/mentions/{mention_id}", tags=["pemberitaan"],
            summary="Satu pemberitaan: teks, kalimat bukti, nada per profil, salinan")
def api_mention(mention_id: int, user: Principal = Depends(require(MEDIA_READ))) -> Any:
    with session_scope() as s:
        d = mention_detail(s, mention_id)
    if d is None:
        raise NotFoundError(f"Pemberitaan nomor {mention_id} tidak ditemukan.")
    m = d.mention
    return {
        "id": m.id, "title": m.title, "url": m.url, "outlet": m.outlet,
        "media_type": m.media_type, "published_at": m.published_at, "text": m.text,
        "matches": [{
            "match_id": mt.id, "profile": p.name, "matched_terms": mt.matched_terms,
            "passages": mt.passages,
            "tone": (lbl.human_label or lbl.model_label) if lbl else None,
            "model_label": lbl.model_label if lbl else None,
            "human_label": lbl.human_label if lbl else None,
            "evidence": lbl.evidence if lbl else [],
        } for mt, p, lbl in d.matches],
        "duplicates": [{"id": x.id, "title": x.title, "outlet": x.outlet, "url": x.url}
                       for x in d.duplicates],
    }


class ToneCorrection(BaseModel):
    match_ids: list[int] = Field(min_length=1, max_length=5000)
    label: str = Field(description="positif | netral | negatif")
    note: str | None = None


@router.post("/tone-corrections", tags=["pemberitaan"],
             summary="Koreksi nada (satu/banyak; berlaku juga untuk salinan cerita)")
def api_correct(body: ToneCorrection, user: Principal = Depends(require(MEDIA_WRITE))) -> Any:
    n = correct_many(body.match_ids, body.label, user.username, body.note)
    return {"changed": n, "label": body.label}


@router.get("/dashboard", tags=["pemberitaan"], summary="Ringkasan hari ini, bulan ini, tren")
def api_dashboard(request: Request, user: Principal = Depends(require(MEDIA_READ)),
                  profile_id: int | None = None) -> Any:
    with session_scope() as s:
        d = dashboard(s, profile_id=profile_id, indicators=state(request).app_config.indicators)

    def tones(t: Any) -> dict[str, Any]:
        return {"total": t.total, "positif": t.positif, "netral": t.netral,
                "negatif": t.negatif, "belum": t.tanpa_label, "negative_share": t.negative_share}

    return {"today": d.today, "today_tones": tones(d.today_tones), "month": d.month_label,
            "month_tones": tones(d.month_tones), "target": d.target,
            "trend": [{"day": day, **tones(t)} for day, t in d.trend]}


# ---------------------------------------------------------------- survey


@router.get("/survey/units", tags=["survei"], summary="Unit layanan")
def api_units(user: Principal = Depends(require(SURVEY_READ))) -> Any:
    from pantau.web.routes.survey import unit_choices

    return [{"code": c, "name": n} for c, n in unit_choices()]


class SurveyResponseIn(BaseModel):
    answers: dict[str, int | str] = Field(description="U1..U9 (atau nama unsur) -> 1-4/label")
    period: str | None = Field(None, description="Kode periode; kosong: bulan tanggal survei")
    jenis_kelamin: str | None = None
    usia: int | None = None
    pendidikan: str | None = None
    pekerjaan: str | None = None
    jenis_layanan: str | None = None
    tanggal_survei: date | None = None
    saran: str | None = Field(None, max_length=5000)


@router.post("/survey/{unit}/responses", tags=["survei"], status_code=201,
             summary="Simpan satu respons (dari aplikasi lain, mis. kios)")
def api_submit(unit: str, body: SurveyResponseIn,
               user: Principal = Depends(require(SURVEY_WRITE))) -> Any:
    from survey.service import submit_response

    with session_scope() as s:
        row = submit_response(
            s, unit=unit, period=parse_period(body.period) if body.period else None,
            answers=body.answers, jenis_kelamin=body.jenis_kelamin, usia=body.usia,
            pendidikan=body.pendidikan, pekerjaan=body.pekerjaan,
            jenis_layanan=body.jenis_layanan, tanggal_survei=body.tanggal_survei,
            saran=body.saran)
        return {"id": row.id}


@router.post("/survey/uploads", tags=["survei"],
             summary="Impor berkas CSV/XLSX (dry_run=true: hanya periksa)")
async def api_upload(request: Request, user: Principal = Depends(require(SURVEY_WRITE)),
                     unit: str = Form(...), period: str = Form(...),
                     dry_run: bool = Form(False), skip_invalid: bool = Form(False),
                     file: UploadFile = File(...)) -> Any:
    from survey.importer import import_file

    max_bytes = int(state(request).config.max_upload_mb * 1048576)
    data = await file.read(max_bytes + 1)
    ext = check_upload(file.filename or "", data, max_bytes)
    parsed = parse_period(period)
    name = Path(file.filename or f"unggahan{ext}").name

    def work() -> Any:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"upload{ext}"
            path.write_bytes(data)
            return import_file(path, unit=unit, period=parsed, dry_run=dry_run,
                               skip_invalid=skip_invalid, display_name=name,
                               rejected_path=Path(tmp) / "ditolak.csv")

    result = await run_in_threadpool(work)
    return {"file": result.file, "unit": result.unit, "period": result.period,
            "rows_read": result.rows_read, "stored": result.stored,
            "rejected": result.rejected, "problems": [str(p) for p in result.problems],
            "problem_count": result.problem_count, "dry_run": result.dry_run,
            "already_imported": result.already_imported, "summary": result.summary()}


@router.get("/survey/score", tags=["survei"], summary="IKM, NRR per unsur dan mutu")
def api_score(user: Principal = Depends(require(SURVEY_READ)), unit: str | None = None,
              period: str = Query(..., description="2023, 2023-05, 2023-TW2, 2023-S1, a..b"),
              service: str | None = None) -> Any:
    from survey.scoring import score_unit

    with session_scope() as s:
        score = score_unit(s, unit=unit, period=parse_period(period), service=service)
    return score.to_dict()


# ---------------------------------------------------------------- indicators


@router.get("/indicators", tags=["indikator"], summary="Realisasi dan capaian per periode")
def api_indicators(request: Request, user: Principal = Depends(require(PLAN_READ)),
                   year: int = Query(...), period: str | None = None) -> Any:
    from indicators.api import compute_indicators

    config = state(request).app_config
    with session_scope() as s:
        values = compute_indicators(s, year=year,
                                    period=parse_period(period) if period else None,
                                    store=False, indicators=config.indicators,
                                    survey=config.survey)
    return [v.to_dict() for v in values]


class ManualValueIn(BaseModel):
    period: str
    value: float
    evidence: str | None = None
    link: str | None = None


@router.post("/indicators/{indicator_id}/values", tags=["indikator"], status_code=201,
             summary="Isi nilai manual dengan bukti")
def api_manual_value(indicator_id: int, body: ManualValueIn, year: int = Query(...),
                     user: Principal = Depends(require(PLAN_WRITE))) -> Any:
    from indicators.api import find_indicator, set_manual_value

    with session_scope() as s:
        ind = find_indicator(s, str(indicator_id), year=year)
        row = set_manual_value(s, ind, period=parse_period(body.period), value=body.value,
                               by=user.username, evidence=body.evidence,
                               evidence_link=body.link)
        return {"indicator_id": ind.id, "period": row.period, "value": row.value}


# ---------------------------------------------------------------- jobs and users


@router.get("/jobs", tags=["admin"], summary="Riwayat tugas terjadwal")
def api_jobs(user: Principal = Depends(require(ADMIN_ONLY)), job: str | None = None,
             limit: int = Query(100, ge=1, le=1000)) -> Any:
    from pantau.core.runlog import JobRun

    with session_scope() as s:
        query = select(JobRun)
        if job:
            query = query.where(col(JobRun.job).startswith(job))
        runs = s.exec(query.order_by(col(JobRun.started_at).desc()).limit(limit)).all()
        total = s.exec(select(func.count()).select_from(JobRun)).one()
    return {"total": total, "items": [r.model_dump() for r in runs]}


@router.get("/users", tags=["admin"], summary="Pengguna dan peran")
def api_users(user: Principal = Depends(require(ADMIN_ONLY))) -> Any:
    from pantau.web.users import list_users

    with session_scope() as s:
        return [{"username": u.username, "full_name": u.full_name, "role": u.role,
                 "active": u.active} for u in list_users(s)]

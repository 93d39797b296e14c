"""JSON API under /api/v1 for other government systems: the same operations as the pages.

Authentication: `Authorization: Bearer <token>` (tokens from `pantau user token` or the
admin page) or the browser session plus an `X-CSRF-Token` header on writes. The token has
the role of its user. OpenAPI: /api/v1/openapi.json, docs: /api/v1/docs."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Security, UploadFile
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import col, func, select

from indicators.api import (
    QueueFilter,
    QueueItem,
    ToneCounts,
    followup_queue,
    followup_story,
    people_directory,
    update_followup,
)
from pantau.core.errors import NotFoundError
from pantau.core.periods import custom, parse_period
from pantau.core.runlog import JobRun
from pantau.web.deps import (
    AdminUser,
    ConfigDep,
    CurrentUser,
    MediaReader,
    MediaWriter,
    PlanReader,
    PlanWriter,
    SessionDep,
    SurveyReader,
    SurveyWriter,
    WebStateDep,
    whole_deployment,
)
from pantau.web.media_queries import dashboard, people_page, voice_page
from pantau.web.units import survey_unit_in_scope
from pantau.web.uploads import receive_upload
from pantau.web.users import list_users
from sentiment.api import (
    MentionFilter,
    PageKey,
    correct_matches,
    mention_detail,
    paged_mentions,
)
from survey import api as survey_api

bearer = HTTPBearer(auto_error=False, description="Token API Pantau")
router = APIRouter(prefix="/api/v1", dependencies=[Security(bearer)])


class Me(BaseModel):
    username: str
    full_name: str
    role: str


@router.get("/saya", response_model=Me, tags=["akun"], summary="Pengguna pemilik token")
def me(user: CurrentUser) -> Me:
    return Me(username=user.username, full_name=user.full_name, role=user.role)


# ---------------------------------------------------------------- media


class MentionItem(BaseModel):
    match_id: int | None  # None: a mention no profile matched (an unmatched clipping)
    mention_id: int
    title: str
    url: str | None
    outlet: str | None
    media_type: str
    published_at: datetime
    profile: str | None
    tone: str | None
    model_label: str | None
    human_label: str | None
    duplicate_group: int | None


class MentionPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[MentionItem]
    # Pass as `after` for the next page (by key: as fast as the first); None on the last.
    next_after: str | None = None


@router.get("/mentions", response_model=MentionPage, tags=["pemberitaan"],
            summary="Daftar pemberitaan dengan saringan")
def api_mentions(
    user: MediaReader, s: SessionDep, config: ConfigDep,
    date_from: date | None = None, date_to: date | None = None,
    tone: Annotated[str | None,
                    Query(description="positif | netral | negatif | belum")] = None,
    media_type: str | None = None, outlet: str | None = None, source_id: int | None = None,
    profile_id: int | None = None, q: str | None = None, unique_only: bool = False,
    page: Annotated[int, Query(ge=1)] = 1, per_page: Annotated[int, Query(ge=1, le=500)] = 50,
    after: Annotated[str | None, Query(
        description="`next_after` of the previous page: the page after it, by key")] = None,
    unit: Annotated[str | None, Query(
        description="satu unit organisasi Anda (bawaan: semua unit Anda)")] = None,
) -> MentionPage:
    view = user.access.unit_view(s, config, unit)
    flt = MentionFilter(date_from=date_from, date_to=date_to, profile=profile_id,
                        source=source_id, outlet=outlet, media_type=media_type, tone=tone,
                        text=q, unique_only=unique_only, within=view.profiles)
    key = PageKey.decode(after) if after else None
    rows, total = paged_mentions(s, flt, page=page, per_page=per_page, after=key)
    items = [MentionItem(**{k: getattr(r, k) for k in MentionItem.model_fields}) for r in rows]
    more = len(rows) == per_page and (key is not None or page * per_page < total)
    return MentionPage(total=total, page=page, per_page=per_page, items=items,
                       next_after=PageKey.of(rows[-1]).encode() if rows and more else None)


@router.get("/mentions/{mention_id}", tags=["pemberitaan"],
            summary="Satu pemberitaan: teks, kalimat bukti, sentimen per profil, salinan")
def api_mention(mention_id: int, user: MediaReader, s: SessionDep) -> dict[str, Any]:
    d = mention_detail(s, mention_id, within=user.access.profiles)
    if d is None:
        raise NotFoundError(f"Pemberitaan nomor {mention_id} tidak ditemukan.")
    m = d.mention
    return {
        "id": m.id, "title": m.title, "url": m.url, "outlet": m.outlet,
        "media_type": m.media_type, "published_at": m.published_at, "text": m.text,
        "matches": [{
            "match_id": mt.id, "profile": p.name, "matched_terms": mt.matched_terms,
            "passages": mt.passages,
            "tone": tone,
            "model_label": lbl.model_label if lbl else None,
            "human_label": lbl.human_label if lbl else None,
            "evidence": lbl.evidence if lbl else [],
        } for mt, p, lbl, tone in d.matches],
        "duplicates": [{"id": x.id, "title": x.title, "outlet": x.outlet, "url": x.url}
                       for x in d.duplicates],
    }


class ToneCorrection(BaseModel):
    match_ids: list[int] = Field(min_length=1, max_length=5000)
    label: str = Field(description="positif | netral | negatif")
    note: str | None = None


@router.post("/tone-corrections", tags=["pemberitaan"],
             summary="Koreksi sentimen (satu/banyak; berlaku juga untuk salinan cerita)")
def api_correct(body: ToneCorrection, user: MediaWriter, s: SessionDep) -> dict[str, Any]:
    user.access.check_matches(s, body.match_ids)
    n = correct_matches(s, match_ids=body.match_ids, label=body.label, by=user.username,
                        note=body.note)
    return {"changed": n, "label": body.label}


@dataclass(frozen=True)
class ReportSpan:
    """The period and profile a summary route reads (the same query parameters on each)."""

    period: str
    day: date | None
    date_from: date | None
    date_to: date | None
    profile_id: int | None

    def arguments(self) -> dict[str, Any]:
        return {"kind": self.period, "day": self.day, "start": self.date_from,
                "end": self.date_to, "profile_id": self.profile_id}


def report_span(
    period: Annotated[str, Query(description="hari | minggu | bulan | kustom")] = "hari",
    day: Annotated[date | None, Query(
        description="Hari acuan; kosong: hari terakhir yang punya pemberitaan")] = None,
    date_from: date | None = None, date_to: date | None = None,
    profile_id: int | None = None,
) -> ReportSpan:
    return ReportSpan(period, day, date_from, date_to, profile_id)


SpanDep = Annotated[ReportSpan, Depends(report_span)]


def _tones(t: ToneCounts) -> dict[str, Any]:
    return {"total": t.total, "positif": t.positif, "netral": t.netral,
            "negatif": t.negatif, "belum": t.tanpa_label, "negative_share": t.negative_share}


@router.get("/dashboard", tags=["pemberitaan"],
            summary="Ringkasan periode: sentimen, tren, media teratas, cakupan dan provinsi media, "
                    "tindak lanjut")
def api_dashboard(
    user: MediaReader, s: SessionDep, config: ConfigDep,
    span: SpanDep,
    unit: Annotated[str | None, Query(
        description="satu unit organisasi Anda (bawaan: semua unit Anda; tindak lanjut "
                    "milik unit Anda)")] = None,
) -> dict[str, Any]:
    view = user.access.unit_view(s, config, unit)
    d = dashboard(s, **span.arguments(), indicators=config.indicators, view=view)
    return {"unit": view.unit, "followup_unit": view.followups.unit,
            "period": {"kind": d.kind, "day": d.day, "start": d.period.start,
                       "end": d.period.end},
            "tones": _tones(d.tones), "previous_tones": _tones(d.previous),
            "target": d.target, "trend": [{"day": day, **_tones(t)} for day, t in d.trend],
            "outlets": [{"outlet": o, **_tones(t)} for o, t in d.outlets],
            "media_types": [{"media_type": m, **_tones(t)} for m, t in d.media_types],
            "scopes": [{"scope": name, **_tones(t)} for name, t in d.scopes],
            "provinces": [{"province": name, **_tones(t)} for name, t in d.provinces],
            "negatives": [_followup_item(i) for i in d.negatives],
            "negatives_total": d.negatives_total,
            "open_followups": [_followup_item(i) for i in d.open_followups],
            "open_followups_total": d.open_total, "overdue": d.overdue}


@router.get("/people", tags=["pemberitaan"],
            summary="Narasumber yang dikutip pada periode, dengan sentimen per orang")
def api_people(
    user: MediaReader, s: SessionDep, config: ConfigDep,
    span: SpanDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    directory = people_directory(institution=config.institution.name,
                                 officials=config.institution.officials,
                                 comparisons=config.comparisons)
    period, _day, result = people_page(s, indicators=config.indicators, directory=directory,
                                       **span.arguments(), top=limit,
                                       within=user.access.profiles)
    return {"period": {"start": period.start, "end": period.end},
            "mentions_read": result.read, "mentions_total": result.total,
            "people": [{"name": p.name, "title": p.title or None,
                        "institution": p.institution, "own": p.own,
                        "spokesperson": p.spokesperson, "names": p.names,
                        "mentions": p.mentions, **_tones(p.tones)} for p in result.people]}


@router.get("/share-of-voice", tags=["pemberitaan"],
            summary="Pangsa pemberitaan dan sentimen dibanding instansi pembanding")
def api_share_of_voice(
    user: MediaReader, s: SessionDep, config: ConfigDep,
    span: SpanDep,
    series: bool = False,
) -> dict[str, Any]:
    whole_deployment(user)
    v = voice_page(s, indicators=config.indicators, institution=config.institution.name,
                   comparisons=config.comparisons, **span.arguments(), series=series)
    return {"period": {"start": v.period.start, "end": v.period.end},
            "previous_period": {"start": v.previous.start, "end": v.previous.end},
            "institutions": [{"name": r.name, "profile": r.profile, "own": r.own,
                              "share": r.share, "previous_share": r.previous_share,
                              "previous_total": r.previous.total, "profile_missing": r.missing,
                              **_tones(r.tones)} for r in v.rows],
            "series": [{"label": label, "institutions": {n: _tones(t) for n, t in c.items()}}
                       for label, c in v.series]}


# ---------------------------------------------------------------- follow-up of negative news


def _followup_item(i: QueueItem) -> dict[str, Any]:
    f = i.followup
    return {"story_id": i.story_id, "mention_id": i.copy_id, "title": i.title, "url": i.url,
            "outlet": i.outlet,
            "media_type": i.media_type, "published_at": i.published_at, "copies": i.copies,
            "scope": i.scope, "negative": i.negative, "status": i.status,
            "action": i.action, "owner": i.owner, "deadline": i.deadline,
            "outcome": f.outcome if f else None, "links": list(f.links) if f else [],
            "done_at": f.done_at if f else None,
            "response_hours": round(i.response_time.total_seconds() / 3600, 2)
            if i.response_time is not None else None}


@router.get("/followups", tags=["tindak lanjut"],
            summary="Antrean tindak lanjut pemberitaan negatif, paling mendesak dahulu")
def api_followups(
    user: MediaReader, s: SessionDep, config: ConfigDep,
    status: Annotated[str, Query(
        description="terbuka | baru | ditangani | selesai | semua")] = "terbuka",
    date_from: date | None = None, date_to: date | None = None, profile: str | None = None,
    owner: str | None = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    unit: Annotated[str | None, Query(
        description="unit organisasi pemilik tindak lanjut (bawaan: unit Anda)")] = None,
) -> dict[str, Any]:
    first, last = date_from or date_to, date_to or date_from
    user.access.check_profile(s, profile)
    scope = user.access.followup_scope(s, config, unit)
    flt = QueueFilter(period=custom(first, last) if first and last else None,
                      status=None if status == "semua" else status, profile=profile,
                      owner=owner, within=scope.profiles, unit=scope.unit)
    items = followup_queue(s, flt)
    return {"unit": scope.unit, "total": len(items),
            "items": [_followup_item(i) for i in items[:limit]]}


class FollowUpIn(BaseModel):
    """Fields to change; a field left out keeps its value, an empty text clears it."""

    action: str | None = Field(None, description="klarifikasi | hak-jawab | siaran-pers | "
                                                 "koordinasi | tidak-perlu")
    owner: str | None = None
    deadline: str | None = Field(None, description="YYYY-MM-DD")
    status: str | None = Field(None, description="baru | ditangani | selesai")
    outcome: str | None = None
    links: list[str] | None = None


@router.put("/followups/{mention_id}", tags=["tindak lanjut"],
            summary="Isi atau ubah tindak lanjut cerita sebuah pemberitaan (tercatat di audit)")
def api_followup_set(mention_id: int, body: FollowUpIn, user: MediaWriter, s: SessionDep,
                     config: ConfigDep, unit: Annotated[str | None, Query(
                         description="unit organisasi pemilik tindak lanjut "
                                     "(bawaan: unit Anda)")] = None) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True)
    user.access.check_mention(s, mention_id)
    scope = user.access.followup_scope(s, config, unit)
    f = update_followup(s, mention_id, by=user.username, unit=scope.unit,
                        within=scope.profiles,
                        changes={k: "" if v is None else v for k, v in changes.items()})
    return {"story_id": followup_story(s, f), "unit": f.org_unit, "action": f.action,
            "owner": f.owner, "deadline": f.deadline, "status": f.status,
            "outcome": f.outcome, "links": f.links, "done_at": f.done_at}


# ---------------------------------------------------------------- survey


@router.get("/survey/units", tags=["survei"], summary="Unit layanan")
def api_units(user: SurveyReader, s: SessionDep, config: ConfigDep) -> list[dict[str, str]]:
    return [{"code": c, "name": n} for c, n in
            user.access.survey_choices(survey_api.unit_choices(s, survey=config.survey))]


class SurveyResponseIn(BaseModel):
    answers: dict[str, int | str] = Field(description=(
        "U1..U9 (atau nama unsur) -> 1-4/label; U1..U14 untuk unit bermetode 25/2004"))
    period: str | None = Field(None, description="Kode periode; kosong: bulan tanggal survei")
    jenis_kelamin: str | None = None
    usia: int | None = None
    pendidikan: str | None = None
    pekerjaan: str | None = None
    jenis_layanan: str | None = None
    tanggal_survei: date | None = None
    saran: str | None = Field(None, description=f"Dipotong pada {survey_api.MAX_SARAN} "
                                                 "karakter, seperti di formulir publik")


@router.post("/survey/{unit}/responses", tags=["survei"], status_code=201,
             summary="Simpan satu respons (dari aplikasi lain, mis. kios)")
def api_submit(unit: str, body: SurveyResponseIn, user: SurveyWriter, s: SessionDep,
               config: ConfigDep) -> dict[str, Any]:
    user.access.check_survey_unit(s, unit)
    response_id = survey_api.submit_response(
        s, survey=config.survey, unit=unit,
        period=parse_period(body.period) if body.period else None,
        answers=body.answers, jenis_kelamin=body.jenis_kelamin, usia=body.usia,
        pendidikan=body.pendidikan, pekerjaan=body.pekerjaan,
        jenis_layanan=body.jenis_layanan, tanggal_survei=body.tanggal_survei,
        saran=body.saran)
    return {"id": response_id}


@router.post("/survey/uploads", tags=["survei"],
             summary="Impor berkas CSV/XLSX (dry_run=true: hanya periksa)")
async def api_upload(st: WebStateDep, user: SurveyWriter, s: SessionDep,
                     unit: Annotated[str, Form()],
                     period: Annotated[str, Form()], file: Annotated[UploadFile, File()],
                     dry_run: Annotated[bool, Form()] = False,
                     skip_invalid: Annotated[bool, Form()] = False,
                     new_unit: Annotated[bool, Form()] = False,
                     keep_duplicates: Annotated[bool, Form()] = False) -> dict[str, Any]:
    user.access.check_survey_unit(s, unit)
    data, ext = await receive_upload(file, st.web.max_upload_mb)
    parsed = parse_period(period)
    survey = st.config.survey
    name = Path(file.filename or f"unggahan{ext}").name

    def work() -> Any:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"upload{ext}"
            path.write_bytes(data)
            return survey_api.import_file(path, survey=survey, unit=unit, period=parsed,
                                          dry_run=dry_run, skip_invalid=skip_invalid,
                                          display_name=name, actor=user.username,
                                          rejected_path=Path(tmp) / "ditolak.csv",
                                          new_unit=new_unit,
                                          keep_duplicates=keep_duplicates)

    result = await run_in_threadpool(work)
    return {"file": result.file, "unit": result.unit, "period": result.period,
            "rows_read": result.rows_read, "stored": result.stored,
            "rejected": result.rejected, "problems": [str(p) for p in result.problems],
            "problem_count": result.problem_count, "dry_run": result.dry_run,
            "already_imported": result.already_imported, "duplicates": result.duplicates,
            "created_unit": result.created_unit, "summary": result.summary()}


class ElementOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: str = Field(description="Kode unsur, mis. U1")
    name: str = Field(description="Nama unsur pelayanan")
    total: int = Field(description="Jumlah nilai jawaban unsur ini")
    answers: int = Field(description="Jumlah jawaban unsur ini")
    nrr: float = Field(description="Nilai rata-rata (NRR) unsur, empat desimal")
    weighted: float = Field(description="NRR tertimbang (belum dibulatkan)")
    grade: str = Field(description="Mutu unsur A-D")
    label: str = Field(description="Kinerja unsur dalam kata, mis. Baik")
    nrr_printed: float = Field(0.0, description="NRR yang dicetak dan dinilai mutunya")
    weighted_printed: float = Field(0.0, description="NRR tertimbang, tiga desimal")


class SurveyScoreOut(BaseModel):
    """The IKM of one service unit (or every unit in scope) over one period."""

    model_config = ConfigDict(extra="allow")

    unit: str | None = Field(description="Kode unit layanan; null: semua unit Anda")
    period: str = Field(description="Kode periode yang dihitung, mis. 2026-TW1")
    service: str | None = Field(description="Jenis layanan yang disaring; null: semua")
    respondents: int = Field(description="Jumlah responden")
    nrr: dict[str, float] = Field(description="Nama unsur -> NRR, urutan peraturan")
    ikm: float = Field(description="IKM 25-100, dua desimal (0.0 bila belum ada responden)")
    grade: str = Field(description="Mutu pelayanan A-D (\"-\" bila belum ada responden)")
    label: str = Field(description="Kinerja unit dalam kata, mis. Baik")
    ikm_unrounded: float = Field(0.0, description="IKM sebelum dibulatkan")
    spreadsheet_weights: bool = Field(False, description="true: bobot varian 0,111-r3")
    method: str = Field(description="Metode: 14/2017 atau 25/2004")
    weights: str = Field(description="Bobot: baku atau kode varian rekonsiliasi")
    method_label: str = Field(description="Peraturan dan bobot dalam kata")
    ci95: list[float] | None = Field(None, description=(
        "Selang kepercayaan 95% IKM [bawah, atas], dua desimal; null bila tidak dapat "
        "dihitung (mis. kurang dari dua responden)"))
    elements: list[ElementOut] = Field(default_factory=list,
                                       description="Rincian per unsur, urutan peraturan")
    priorities: list[str] = Field(default_factory=list,
                                  description="Unsur terlemah lebih dahulu (prioritas perbaikan)")
    population: int | None = Field(None, description="Populasi penerima layanan (konfigurasi)")
    min_sample: int | None = Field(None, description="Sampel minimum Krejcie-Morgan")
    sample_warning: str | None = Field(None, description="Peringatan bila sampel kurang")
    sample_statement: str = Field("", description="Kecukupan sampel dalam kata")
    weighted_sum: float | None = Field(None, description="Jumlah NRR tertimbang, tiga desimal")


@router.get("/survey/score", tags=["survei"], summary="IKM, NRR per unsur dan mutu",
            response_model=SurveyScoreOut,
            description=(
                "Indeks Kepuasan Masyarakat (IKM) satu unit layanan, atau semua unit Anda bila "
                "`unit` kosong, untuk satu periode: IKM 25-100 dan mutunya (A-D), NRR per "
                "unsur, selang kepercayaan 95% (`ci95`), unsur prioritas perbaikan dan "
                "kecukupan sampel (Krejcie-Morgan). Tanpa responden: `ikm` 0.0, `grade` "
                "\"-\"."))
def api_score(user: SurveyReader, s: SessionDep, config: ConfigDep,
              period: Annotated[str, Query(
                  description="Periode: tahun (2023), bulan (2023-05), triwulan (2023-TW2), "
                              "semester (2023-S1) atau rentang a..b")],
              unit: Annotated[str | None, Query(
                  description="Kode unit layanan (lihat /survey/units); kosong: semua unit "
                              "Anda")] = None,
              service: Annotated[str | None, Query(
                  description="Jenis layanan; kosong: semua layanan")] = None,
              ) -> dict[str, Any]:
    unit = survey_unit_in_scope(s, user, config, unit)
    score = survey_api.score_unit(s, survey=config.survey, unit=unit,
                                  period=parse_period(period), service=service)
    return score.to_dict()


# ---------------------------------------------------------------- indicators


class PlanVersionOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int = Field(description="Nomor versi rencana di basis data")
    number: int = Field(description="Urutan versi dalam rencananya: 1 = versi awal")
    effective_from: str = Field(description="Berlaku mulai (TTTT-BB-HH)")


class QuarterOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    period: str = Field(description="Triwulan, mis. 2026-TW1")
    target: float = Field(description="Target triwulan (angka)")
    target_text: str = Field(description="Target triwulan seperti tertulis di rencana")
    comparator: str = Field(description="Cara membandingkan: <, <=, >, >= atau rentang 80-90")
    realisasi: float | None = Field(description="Realisasi triwulan; null: belum ada data")
    capaian: float | None = Field(description="Capaian (%) triwulan; null: belum ada data")
    status: str = Field(description="Status terhadap target triwulan")
    plan_version: PlanVersionOut = Field(description="Versi rencana yang berlaku di akhir "
                                                     "triwulan")


class IndicatorOut(BaseModel):
    """Realisasi and capaian of one indicator of a plan over the requested period."""

    model_config = ConfigDict(extra="allow")

    indicator_id: int = Field(description=(
        "Nomor indikator dalam SATU versi rencana: berubah bila rencana direvisi. Untuk "
        "integrasi simpan `indicator_key`"))
    indicator_key: str = Field(description=(
        "Kunci tetap indikator antarversi rencana: `plan_id:kode` (atau `plan_id:nama` bila "
        "indikator tanpa kode), mis. `3:IKU-1`; diterima juga oleh POST "
        "/indicators/{indicator_id}/values"))
    plan_id: int = Field(description="Nomor rencana (tetap antarversi)")
    plan: str = Field(description="Rencana dalam kata, mis. IKU Biro Humas 2026")
    sasaran: str = Field(description="Sasaran strategis indikator ini")
    code: str | None = Field(description="Kode indikator di rencana, mis. IKU-1 (tetap "
                                         "antarversi)")
    name: str = Field(description="Nama indikator")
    unit: str = Field(description="Satuan: % | skor | indeks | jumlah")
    target: float = Field(description="Target tahunan (angka)")
    target_text: str = Field(description="Target seperti tertulis di rencana, mis. < 20%")
    polarity: str = Field(description="higher: makin tinggi makin baik; lower: sebaliknya")
    source: str = Field(description="Sumber realisasi: negative_share | ikm | "
                                    "daily_report_on_time | collection_success | manual")
    period: str = Field(description="Periode yang dihitung, mis. 2026 atau 2026-S1")
    realisasi: float | None = Field(description="Nilai indikator pada periode itu; null: "
                                                "belum ada data (mis. nilai manual belum diisi)")
    capaian: float | None = Field(description="Capaian (%) realisasi terhadap target; null: "
                                              "belum ada realisasi")
    status: str = Field(description="Status terhadap target dalam kata")
    inputs: dict[str, Any] = Field(default_factory=dict, description=(
        "Dasar penghitungan realisasi (sumber, periode, jumlah yang dihitung, bukti)"))
    comparator: str = Field(">=", description="Cara membandingkan realisasi dengan target: "
                                              "<, <=, >, >= atau rentang 80-90")
    plan_version: PlanVersionOut = Field(description="Versi rencana yang berlaku di akhir "
                                                     "periode (target dan id dari versi ini)")
    quarters: list[QuarterOut] = Field(default_factory=list, description=(
        "Per triwulan di dalam periode, untuk indikator yang bertarget triwulanan"))


def indicator_key(plan_id: int, code: str | None, name: str) -> str:
    """The indicator's key across plan versions: `plan_id:code` (or `plan_id:name`)."""
    return f"{plan_id}:{code or name}"


INDICATOR_KEY_DOC = (
    "`indicator_id` menunjuk indikator dalam SATU versi rencana: bila rencana direvisi "
    "(versi baru berlaku mulai tanggal tertentu), indikator yang sama mendapat id baru, "
    "sehingga id dapat berbeda antarperiode (mis. `period=2026-S1` dan `period=2026`). "
    "Kunci tetapnya `indicator_key` = `plan_id:kode` (atau `plan_id:nama` bila tanpa kode), "
    "mis. `3:IKU-1`: simpan kunci ini di sistem Anda.")


@router.get("/indicators", tags=["indikator"], summary="Realisasi dan capaian per periode",
            response_model=list[IndicatorOut],
            description=(
                "Realisasi, capaian (%) dan status setiap indikator dari setiap rencana "
                "(IKU, PK, RKT) tahun `year` yang dapat Anda lihat, untuk `period` (bawaan: "
                "setahun penuh), tiap rencana dalam versi yang berlaku di akhir periode, "
                "beserta rincian per triwulan bagi indikator bertarget triwulanan. Tidak "
                "menyimpan apa pun.\n\n" + INDICATOR_KEY_DOC + "\n\nBila tahun itu belum "
                "punya rencana: 404 dengan `detail` \"Tidak ada rencana untuk tahun ...\" "
                "(bukan daftar kosong). Daftar kosong hanya bila rencana ada tetapi belum "
                "berisi indikator."))
def api_indicators(user: PlanReader, s: SessionDep, config: ConfigDep,
                   year: Annotated[int, Query(description="Tahun rencana, mis. 2026")],
                   period: Annotated[str | None, Query(
                       description="Periode di dalam tahun itu: 2026, 2026-S1, 2026-TW2, "
                                   "2026-05 atau rentang a..b; kosong: setahun penuh")] = None,
                   ) -> list[dict[str, Any]]:
    from indicators.api import compute_indicators, list_plans

    values = compute_indicators(s, year=year,
                                period=parse_period(period) if period else None,
                                store=False, indicators=config.indicators,
                                survey=config.survey, units=user.access.units)
    if not values and not list_plans(s, year, units=user.access.units):
        where = " di unit Anda" if user.access.restricted else ""
        raise NotFoundError(f"Tidak ada rencana untuk tahun {year}{where}; impor dahulu "
                            "rencananya (`pantau plan import` atau halaman Rencana).")
    return [{**v.to_dict(), "indicator_key": indicator_key(v.plan_id, v.code, v.name)}
            for v in values]


class ManualValueIn(BaseModel):
    period: str = Field(description="Periode nilai, mis. 2026, 2026-S1, 2026-TW2")
    value: float = Field(description="Realisasi (angka, pemisah desimal titik)")
    evidence: str | None = Field(None, description="Bukti: keterangan singkat")
    link: str | None = Field(None, description="Tautan bukti (http:// atau https://)")


@router.post("/indicators/{indicator_id}/values", tags=["indikator"], status_code=201,
             summary="Isi nilai manual dengan bukti",
             description=(
                 "Isi (atau ganti) realisasi indikator bersumber manual untuk satu periode, "
                 "dengan buktinya; tercatat di jejak audit. Indikator disebut dengan "
                 "`indicator_key` (`plan_id:kode`, tetap antarversi rencana; disarankan), "
                 "dengan kodenya saja (mis. `IKU-1`, bila hanya satu rencana tahun itu "
                 "memakainya), atau dengan `indicator_id` dari GET /indicators.\n\n"
                 + INDICATOR_KEY_DOC))
def api_manual_value(
        indicator_id: Annotated[str, PathParam(description=(
            "`indicator_key` (mis. `3:IKU-1`), kode indikator, atau `indicator_id`"))],
        body: ManualValueIn,
        year: Annotated[int, Query(description="Tahun rencana, mis. 2026")],
        user: PlanWriter, s: SessionDep) -> dict[str, Any]:
    from indicators.api import find_indicator, set_manual_value

    ref, plan = indicator_id.strip(), None
    plan_part, sep, rest = ref.partition(":")
    if sep and plan_part.isdigit() and rest.strip():
        plan, ref = plan_part, rest
    ind = find_indicator(s, ref, year=year, plan=plan, units=user.access.units)
    row = set_manual_value(s, ind, period=parse_period(body.period), value=body.value,
                           by=user.username, evidence=body.evidence,
                           evidence_link=body.link)
    return {"indicator_id": ind.id,
            "indicator_key": indicator_key(ind.plan_id, ind.code, ind.name),
            "period": row.period, "value": row.value}


# ---------------------------------------------------------------- jobs and users


@router.get("/jobs", tags=["admin"], summary="Riwayat tugas terjadwal")
def api_jobs(user: AdminUser, s: SessionDep, job: str | None = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    query = select(JobRun)
    if job:
        query = query.where(col(JobRun.job).startswith(job))
    runs = s.exec(query.order_by(col(JobRun.started_at).desc()).limit(limit)).all()
    total = s.exec(select(func.count()).select_from(JobRun)).one()
    return {"total": total, "items": [r.model_dump() for r in runs]}


@router.get("/users", tags=["admin"], summary="Pengguna dan peran")
def api_users(user: AdminUser, s: SessionDep) -> list[dict[str, Any]]:
    return [{"username": u.username, "full_name": u.full_name, "role": u.role,
             "active": u.active} for u in list_users(s)]

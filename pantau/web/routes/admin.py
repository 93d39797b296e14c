"""Admin pages: users and roles, API tokens, monitoring profiles and sources, schedules and
job history, the audit log."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlmodel import Session, col, func, select

from collectors.api import NO_ACTIVE_SOURCE, source_statuses
from collectors.models import Match, Mention, Profile
from pantau.core import audit
from pantau.core.errors import InputError
from pantau.core.periods import parse_period
from pantau.core.runlog import JobRun
from pantau.web.deps import AdminUser, ConfigDep, SessionDep
from pantau.web.downloads import REPORT_TYPES, file_download, temp_folder
from pantau.web.models import ROLE_LABELS, ROLES
from pantau.web.rendering import render
from pantau.web.users import (
    create_api_token,
    create_user,
    list_api_tokens,
    list_users,
    revoke_api_token,
    update_user,
)

router = APIRouter(prefix="/admin", include_in_schema=False)


@router.get("")
def admin_home(user: AdminUser) -> RedirectResponse:
    return RedirectResponse("/admin/pengguna", status_code=303)


def _users_context(s: Session, message: str, new_token: str | None = None) -> dict[str, Any]:
    return {"users": list_users(s), "roles": ROLES, "role_labels": ROLE_LABELS,
            "message": message, "new_token": new_token, "tokens": list_api_tokens(s)}


@router.get("/pengguna")
def users_page(request: Request, user: AdminUser, s: SessionDep,
               pesan: str = "") -> HTMLResponse:
    return render(request, "admin/users.html", _users_context(s, pesan))


@router.post("/pengguna")
def users_create(user: AdminUser, s: SessionDep, username: Annotated[str, Form()],
                 password: Annotated[str, Form()], role: Annotated[str, Form()],
                 full_name: Annotated[str, Form()] = "") -> RedirectResponse:
    create_user(s, username=username, password=password, role=role, full_name=full_name,
                actor=user.username)
    return RedirectResponse("/admin/pengguna?pesan=Pengguna+dibuat.", status_code=303)


@router.post("/pengguna/{username}")
def users_update(username: str, user: AdminUser, s: SessionDep,
                 role: Annotated[str, Form()], active: Annotated[str, Form()] = "",
                 full_name: Annotated[str, Form()] = "",
                 password: Annotated[str, Form()] = "") -> RedirectResponse:
    if username == user.username and (role != user.role or active != "1"):
        raise InputError("Anda tidak dapat mengubah peran atau menonaktifkan akun Anda sendiri.")
    update_user(s, username=username, role=role, active=active == "1",
                full_name=full_name, password=password or None, actor=user.username)
    return RedirectResponse("/admin/pengguna?pesan=Perubahan+disimpan.", status_code=303)


@router.post("/token")
def token_create(request: Request, user: AdminUser, s: SessionDep,
                 username: Annotated[str, Form()],
                 name: Annotated[str, Form()]) -> HTMLResponse:
    token = create_api_token(s, username=username, name=name, actor=user.username)
    # Shown once; the database keeps only its digest.
    return render(request, "admin/users.html", _users_context(
        s, f"Token API untuk {username} dibuat. Salin sekarang: token tidak ditampilkan "
           "lagi.", token))


@router.post("/token/{token_id}/cabut")
def token_revoke(token_id: int, user: AdminUser, s: SessionDep) -> RedirectResponse:
    row, owner = revoke_api_token(s, token_id=token_id, actor=user.username)
    message = f"Token API {row.name} milik {owner.username} dicabut."
    return RedirectResponse(f"/admin/pengguna?{urlencode({'pesan': message})}",
                            status_code=303)


@router.get("/profil")
def profiles_page(request: Request, user: AdminUser, s: SessionDep,
                  config: ConfigDep) -> HTMLResponse:
    profiles = list(s.exec(select(Profile).order_by(col(Profile.name))))
    match_counts = dict(s.exec(  # type: ignore[call-overload]
        select(Match.profile_id, func.count()).group_by(col(Match.profile_id))).all())
    sources = source_statuses(s, config=config)
    mention_counts = dict(s.exec(  # type: ignore[call-overload]
        select(Mention.source_id, func.count()).group_by(col(Mention.source_id))).all())
    return render(request, "admin/profiles.html", {
        "profiles": profiles, "match_counts": match_counts, "sources": sources,
        "mention_counts": mention_counts, "config_profiles": config.profiles,
        "config_sources": config.sources,
        "no_active_source": NO_ACTIVE_SOURCE if not any(x.collected for x in sources) else "",
        "demo_sources": any(x.demo for x in sources)})


SCHEDULE_LABELS = {
    "collect": "Pengumpulan", "label_every_minutes": "Pelabelan sentimen (tiap ... menit)",
    "alerts_every_minutes": "Pemeriksaan peringatan (menit)",
    "daily_report_time": "Laporan harian (WIB)", "indicators_time": "Hitung indikator (WIB)",
    "weekly_report_day": "Hari laporan mingguan", "weekly_report_time": "Laporan mingguan (WIB)",
    "monthly_report_day": "Tanggal laporan bulanan",
    "monthly_report_time": "Laporan bulanan (WIB)", "report_formats": "Format laporan",
    "report_dir": "Folder laporan",
    "misfire_grace_minutes": "Tugas terlewat masih dijalankan hingga (menit)",
    "collect_timeout_minutes": "Batas waktu pengumpulan (menit)",
    "job_timeout_minutes": "Batas waktu tugas (menit)",
    "max_parallel_jobs": "Tugas berjalan bersamaan (paling banyak)",
    "sources_per_task": "Sumber per tugas (antrean tugas)",
    "labels_per_task": "Pemberitaan dilabeli per tugas (antrean tugas)",
    "task_attempts": "Percobaan per tugas (paling banyak)",
    "task_retention_days": "Riwayat tugas disimpan (hari)",
}
WEEKDAY_NAMES = {"mon": "Senin", "tue": "Selasa", "wed": "Rabu", "thu": "Kamis",
                 "fri": "Jumat", "sat": "Sabtu", "sun": "Minggu"}


def schedule_rows(schedule: dict[str, Any]) -> list[tuple[str, str]]:
    """The `[schedule]` section as (label, value) rows for people."""
    rows = []
    for key, value in schedule.items():
        if key == "collect" and isinstance(value, list):
            text = "; ".join(
                f"{g.get('name')}: tiap {g.get('every_minutes')} menit"
                + (f" ({', '.join(g['sources'])})" if g.get("sources") else " (semua sumber)")
                for g in value if isinstance(g, dict))
        elif isinstance(value, list):
            text = ", ".join(str(v).upper() if key == "report_formats" else str(v)
                             for v in value)
        elif key == "weekly_report_day":
            text = WEEKDAY_NAMES.get(str(value), str(value))
        elif value is None:
            text = "bawaan (PANTAU_HOME/laporan)" if key == "report_dir" else "-"
        else:
            text = str(value)
        # A setting added later without a label is still shown in words, never as a key.
        rows.append((SCHEDULE_LABELS.get(key, key.replace("_", " ").capitalize()), text))
    return rows


def scheduler_state() -> dict[str, Any]:
    """Whether `pantau schedule` runs (what `pantau status` reads: the scheduler's lock)
    and, from its store, the next run of each job (None: never started)."""
    from jobs.api import scheduler_running, stored_next_runs

    stored = stored_next_runs()
    return {"scheduler_running": scheduler_running(),
            "next_runs": sorted(stored.items()) if stored else [],
            "scheduler_started": stored is not None}


@router.get("/jadwal")
def schedules_page(request: Request, user: AdminUser, s: SessionDep, config: ConfigDep,
                   job: str = "", status: str = "", page: int = 1) -> HTMLResponse:
    page = max(page, 1)
    per_page = 50
    query = select(JobRun)
    if job:
        query = query.where(col(JobRun.job).startswith(job))
    if status:
        query = query.where(JobRun.status == status)
    total = s.exec(select(func.count()).select_from(query.subquery())).one()
    runs = list(s.exec(query.order_by(col(JobRun.started_at).desc())
                       .offset((page - 1) * per_page).limit(per_page)))
    jobs = sorted(set(s.exec(select(JobRun.job).distinct()).all()))
    schedule = schedule_rows(config.schedule.model_dump())
    return render(request, "admin/jobs.html", {
        **scheduler_state(), "runs": runs, "schedule": schedule, "job": job,
        "status": status, "page": page,
        "pages": max(1, (total + per_page - 1) // per_page), "total": total, "jobs": jobs})


AUDIT_PAGE_SIZE = 100
AUDIT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": REPORT_TYPES["xlsx"]}


def _audit_filters(tindakan: str, pelaku: str, entitas: str, id_entitas: str,
                   periode: str) -> dict[str, Any]:
    """The audit page's filters as `pantau.core.audit.events` keywords."""
    return {"action_prefix": tindakan.strip() or None, "actor": pelaku.strip() or None,
            "entity": entitas.strip() or None, "entity_id": id_entitas.strip() or None,
            "period": parse_period(periode.strip()) if periode.strip() else None}


# The audit page in words: actions and fields by their Indonesian names (an action or a
# field not named here is shown with its underscores and dots as spaces, never as a key).
AUDIT_ACTIONS = {
    "label.correct": "koreksi sentimen", "analysis.create": "kesimpulan laporan ditulis",
    "analysis.update": "kesimpulan laporan diubah", "audit.draw": "sampel audit diambil",
    "followup.create": "tindak lanjut dibuat", "followup.update": "tindak lanjut diubah",
    "followup.add": "tindak lanjut SKM ditambah", "followup.remove": "tindak lanjut dihapus",
    "indicator.manual_value": "nilai manual indikator", "survey.import": "impor survei",
    "survey.import.remove": "impor survei dihapus", "user.create": "pengguna dibuat",
    "user.update": "pengguna diubah", "user.token": "token API dibuat",
    "user.token_revoke": "token API dicabut", "user.grant": "peran di unit lain",
    "plan.correct": "rencana dikoreksi",
    "plan.import": "rencana diimpor", "plan.revise": "rencana direvisi",
}
AUDIT_FIELDS = {
    "tone": "sentimen", "role": "peran", "active": "aktif", "full_name": "nama lengkap",
    "token_name": "nama token", "conclusion": "kesimpulan", "recommendations": "saran",
    "action": "tindakan", "owner": "penanggung jawab", "deadline": "tenggat",
    "outcome": "hasil", "links": "tautan", "value": "nilai", "evidence": "bukti",
    "evidence_link": "tautan bukti", "responses_removed": "respons dihapus",
    "berlaku_mulai": "berlaku mulai", "versi": "versi", "period": "periode",
    "revoked": "dicabut", "unit": "unit", "berkas": "berkas", "perubahan": "perubahan",
    "file": "berkas", "rows_stored": "baris disimpan", "rows_rejected": "baris ditolak",
    "sha256": "sidik berkas (SHA-256)", "password_changed": "kata sandi diganti",
    "note": "catatan", "label": "label", "status": "status", "name": "nama",
}


AUDIT_ENTITIES = {
    "sentiment_label": "label sentimen", "report_analysis": "analisis laporan",
    "followup": "tindak lanjut pemberitaan", "survey_followup": "tindak lanjut SKM",
    "import_batch": "impor survei", "audit_sample": "sampel audit", "plan": "rencana",
    "user": "pengguna", "indicator_manual_value": "nilai manual",
}


def audit_value(value: Any) -> str:
    """An audited value in words: lists joined, yes/no for booleans, "-" for nothing."""
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        return "; ".join(audit_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{AUDIT_FIELDS.get(str(k), str(k).replace('_', ' '))}: "
                         f"{audit_value(v)}" for k, v in value.items())
    return str(value)


def audit_lines(event: audit.AuditEvent) -> list[str]:
    """What an audit row changed, for people: `peran: analis → pimpinan`, one line a field,
    each field by its Indonesian name (AUDIT_FIELDS; another with its underscores as
    spaces) and each value in words."""
    before = json.loads(event.before) if event.before else {}
    after = json.loads(event.after) if event.after else {}
    lines = []
    for key in dict.fromkeys([*before, *after]):
        if key in before and key in after and before[key] == after[key]:
            continue
        name = AUDIT_FIELDS.get(key, key.replace("_", " "))
        if key in before and key in after:
            lines.append(f"{name}: {audit_value(before[key])} → {audit_value(after[key])}")
        else:
            lines.append(f"{name}: {audit_value(after[key] if key in after else before[key])}")
    return lines


def _headlines(s: Session, rows: list[audit.AuditEvent]) -> dict[str, str]:
    """Headline of the mention of each sentiment-label row (its entity id is the match)."""
    ids = {int(r.entity_id) for r in rows
           if r.entity == "sentiment_label" and r.entity_id.isdigit()
           and int(r.entity_id) < 2**31}
    if not ids:
        return {}
    found = s.exec(select(Match.id, Mention.title)
                   .join(Mention, col(Mention.id) == Match.mention_id)
                   .where(col(Match.id).in_(ids)))
    return {str(match_id): title for match_id, title in found}


def entity_label(entity: str) -> str:
    return AUDIT_ENTITIES.get(entity, entity.replace("_", " "))


def action_label(action: str) -> str:
    return AUDIT_ACTIONS.get(action, action.replace(".", " ").replace("_", " "))


@router.get("/audit")
def audit_page(request: Request, user: AdminUser, s: SessionDep, tindakan: str = "",
               pelaku: str = "", entitas: str = "", id_entitas: str = "", periode: str = "",
               sebelum: int | None = None) -> HTMLResponse:
    filters = _audit_filters(tindakan, pelaku, entitas, id_entitas, periode)
    rows = list(audit.events(s, **filters, limit=AUDIT_PAGE_SIZE + 1, before_id=sebelum))
    more = len(rows) > AUDIT_PAGE_SIZE
    rows = rows[:AUDIT_PAGE_SIZE]
    return render(request, "admin/audit.html", {
        "rows": [(row, audit_lines(row)) for row in rows], "headlines": _headlines(s, rows),
        "actions": audit.actions(s), "action_label": action_label,
        "entity_label": entity_label,
        "tindakan": tindakan, "pelaku": pelaku,
        "entitas": entitas, "id_entitas": id_entitas, "periode": periode,
        "next_before": rows[-1].id if more and rows else None, "first_page": sebelum is None})


@router.get("/audit/unduh")
def audit_download(user: AdminUser, s: SessionDep, format: str = "csv", tindakan: str = "",
                   pelaku: str = "", entitas: str = "", id_entitas: str = "",
                   periode: str = "") -> FileResponse:
    if format not in AUDIT_TYPES:
        raise InputError(f"Format '{format}' tidak didukung: pilih csv atau xlsx.")
    filters = _audit_filters(tindakan, pelaku, entitas, id_entitas, periode)
    tmp = temp_folder("pantau-audit-")
    path = audit.export(audit.events(s, **filters, limit=None), tmp / f"jejak-audit.{format}",
                        fmt=format)
    return file_download(path, AUDIT_TYPES[format], tmp)

"""The admin pages in words: the scheduler's state on /admin/jadwal, schedule settings and
audit values in Indonesian (no raw Python values or English keys)."""

from __future__ import annotations

from typing import Any

from pantau.core.audit import record
from pantau.core.db import session_scope
from pantau.web.models import ADMIN, ANALIS
from tests.web.helpers import seed_mentions


def test_schedule_page_says_when_the_scheduler_is_not_running(login: Any) -> None:
    page = login(ADMIN).get("/admin/jadwal").text
    assert "Penjadwal TIDAK berjalan" in page
    assert "pantau schedule" in page


def test_schedule_page_says_when_the_scheduler_runs(login: Any) -> None:
    from jobs.scheduler import scheduler_lock

    admin = login(ADMIN)
    with scheduler_lock():
        page = admin.get("/admin/jadwal").text
    assert "Penjadwal sedang berjalan" in page and "TIDAK berjalan" not in page


def test_schedule_settings_are_labelled_in_indonesian(login: Any) -> None:
    page = login(ADMIN).get("/admin/jadwal").text
    for english in ("Sources per task", "Labels per task", "Task attempts",
                    "Task retention days"):
        assert english not in page
    assert "Sumber per tugas" in page and "Riwayat tugas disimpan (hari)" in page


def test_audit_values_and_keys_are_in_words(login: Any) -> None:
    ids = seed_mentions(3)
    with session_scope() as s:
        record(s, actor="uji", action="plan.import", entity="plan", entity_id=1,
               after={"versi": 1, "berkas": "iku.xlsx", "perubahan": ["Versi awal.", "Dua."]})
        record(s, actor="uji", action="user.update", entity="user", entity_id="rina",
               before={"active": True}, after={"active": False})
        record(s, actor="uji", action="survey.import", entity="import_batch", entity_id=3,
               after={"file": "skm.csv", "rows_stored": 4, "rows_rejected": 0, "note": None})
    login(ANALIS).form("/media/koreksi", {"match_ids": str(ids["match_ids"][0]),
                                          "label": "positif"})
    page = login(ADMIN).get("/admin/audit").text
    assert "perubahan: Versi awal.; Dua." in page and "[&#39;" not in page
    assert "aktif: ya → tidak" in page and "True" not in page and "False" not in page
    assert "berkas: skm.csv" in page and "baris disimpan: 4" in page
    assert "baris ditolak: 0" in page and "None" not in page
    for key in ("rows_stored", "rows_rejected", "file:"):
        assert key not in page
    assert "Berita bansos nomor 0" in page  # the corrected mention's headline

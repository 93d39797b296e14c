"""The audit log through every door: a tone correction, a survey import and its removal,
user and role changes each leave one row (who, before, after) that admins see at
/admin/audit and download as CSV/XLSX, and that `pantau audit list/export` print."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from openpyxl import load_workbook

from pantau.core.audit import events
from pantau.core.db import session_scope
from pantau.web.models import ADMIN, ANALIS, PETUGAS_SURVEI
from tests.web.helpers import csv_file, seed_mentions, upload


def _all() -> list[Any]:
    with session_scope() as s:
        return list(events(s, limit=None))


def test_a_tone_correction_on_the_web_is_audited_with_before_and_after(login: Any) -> None:
    ids = seed_mentions(3)
    analyst = login(ANALIS)
    r = analyst.form("/media/koreksi", {"match_ids": str(ids["match_ids"][0]),
                                        "label": "positif", "note": "salah baca"})
    assert r.status_code == 303
    (row,) = _all()
    assert (row.actor, row.action, row.entity) == ("user_analis", "label.correct",
                                                   "sentiment_label")
    assert row.entity_id == str(ids["match_ids"][0])
    assert json.loads(row.before or "") == {"tone": "negatif"}
    assert json.loads(row.after or "") == {"tone": "positif"}
    assert row.note == "salah baca"


def test_a_survey_import_and_its_removal_are_audited(login: Any, cli_runner: Any) -> None:
    officer = login(PETUGAS_SURVEI)
    page = upload(officer, csv_file())
    upload_id = re.search(r"/skm/unggah/([\w-]+)/simpan", page.text)[1]  # type: ignore[index]
    assert officer.form(f"/skm/unggah/{upload_id}/simpan", {}).status_code == 200
    (imported,) = _all()
    assert (imported.actor, imported.action) == ("user_petugas_survei", "survey.import")
    facts = json.loads(imported.after or "")
    assert facts["rows_stored"] == 4 and facts["unit"] == "loket" and facts["period"] == "2026-TW1"

    cli_runner(["survey", "remove-batch", imported.entity_id, "--yes"])
    removed = _all()[0]
    assert removed.action == "survey.import.remove" and removed.actor.startswith("cli:")
    assert json.loads(removed.before or "")["rows_stored"] == 4
    assert json.loads(removed.after or "") == {"responses_removed": 4}


def test_user_and_role_changes_are_audited_without_passwords(login: Any,
                                                             cli_runner: Any) -> None:
    admin = login(ADMIN)
    assert admin.form("/admin/pengguna", {"username": "rina", "password": "kata-sandi-rina-1",
                                          "role": "analis"}).status_code == 303
    assert admin.form("/admin/pengguna/rina", {"role": "pimpinan", "active": "1",
                                               "password": "kata-sandi-baru-22"}
                      ).status_code == 303
    cli_runner(["user", "set", "rina", "--inactive"])
    rows = _all()
    assert [r.action for r in rows] == ["user.update", "user.update", "user.create"]
    assert rows[2].actor == "user_admin" and json.loads(rows[2].after or "")["role"] == "analis"
    assert json.loads(rows[1].before or "")["role"] == "analis"
    assert json.loads(rows[1].after or "") == {"role": "pimpinan", "active": True,
                                               "full_name": "", "password_changed": True}
    assert rows[0].actor.startswith("cli:")
    assert json.loads(rows[0].after or "")["active"] is False
    text = " ".join(f"{r.before} {r.after}" for r in rows)
    assert "kata-sandi" not in text and "argon2" not in text


def test_admins_read_filter_and_download_the_log(login: Any) -> None:
    ids = seed_mentions(3)
    analyst = login(ANALIS)
    analyst.form("/media/koreksi", {"match_ids": str(ids["match_ids"][0]), "label": "positif"})
    admin = login(ADMIN)
    admin.form("/admin/pengguna", {"username": "budi", "password": "kata-sandi-budi-1",
                                   "role": "pimpinan"})
    page = admin.get("/admin/audit")
    assert page.status_code == 200 and "koreksi sentimen</td>" in page.text
    assert "pengguna dibuat</td>" in page.text and "label.correct</td>" not in page.text
    assert "sentimen: negatif → positif" in page.text and "peran: pimpinan" in page.text
    assert "tone:" not in page.text and "role:" not in page.text
    only = admin.get("/admin/audit", params={"tindakan": "user"})
    assert "pengguna dibuat</td>" in only.text and "&#34;tone&#34;" not in only.text
    assert admin.get("/admin/audit", params={"periode": "bukan"}).status_code == 400

    got = admin.get("/admin/audit/unduh", params={"format": "csv", "pelaku": "user_analis"})
    assert got.status_code == 200
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["id", "waktu (WIB)", "pelaku", "tindakan"]
    assert [r[3] for r in rows[1:]] == ["label.correct"]

    got = admin.get("/admin/audit/unduh", params={"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(got.content)).active
    assert sheet is not None and sheet.max_row == 3
    assert login(ANALIS, "ani").get("/admin/audit").status_code == 403


def test_cli_lists_and_exports_the_log(login: Any, cli_runner: Any, tmp_path: Any) -> None:
    ids = seed_mentions(3)
    login(ANALIS).form("/media/koreksi", {"match_ids": str(ids["match_ids"][1]),
                                          "label": "=HYPERLINK(\"x\")"})
    login(ANALIS, "ani").form("/media/koreksi", {"match_ids": str(ids["match_ids"][1]),
                                                 "label": "negatif",
                                                 "note": "=HYPERLINK(\"http://x\")"})
    out = cli_runner(["audit", "list", "--action", "label"]).output
    assert "label.correct" in out and "ani" in out
    assert "Belum ada" in cli_runner(["audit", "list", "--actor", "siapa"]).output
    target = tmp_path / "audit.csv"
    cli_runner(["audit", "export", "--format", "csv", "--out", str(target)])
    text = target.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text  # a typed note stays text in a spreadsheet

"""The public questionnaire and the survey officers' pages through the test client."""

from __future__ import annotations

import re
import time
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlmodel import select

from pantau.core.db import session_scope
from pantau.web.models import ADMIN, ANALIS, PETUGAS_SURVEI, PIMPINAN
from tests.pantau.helpers import postgresql_round_trips, sql_statements
from tests.web.helpers import (
    TOKEN,
    UNITS_TOML,
    WebClient,
    csv_file,
    filled,
    open_form,
    responses,
    upload,
)

SCRIPT = '<script>alert("saran")</script>'


# ---------------------------------------------------------------- public form


def test_form_shows_the_nine_elements_with_their_labels(anon: WebClient) -> None:
    from survey.questionnaire import ELEMENTS

    html = unescape(anon.get("/survei/loket").text)
    positions = [html.index(f"{i}. {e.name}") for i, e in enumerate(ELEMENTS, start=1)]
    assert positions == sorted(positions)  # regulation order
    for element in ELEMENTS:
        for label in element.labels:
            assert f"<span>{label}</span>" in html
    assert "Sangat mahal" in html and "Dikelola dengan baik" in html
    assert 'name="website"' in html  # honeypot
    assert "Permohonan informasi" in html  # the unit's services


def test_submission_is_stored_once_and_thanked(anon: WebClient) -> None:
    from survey.models import Response

    data = filled(open_form(anon))
    r = anon.post("/survei/loket", data=data, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/survei/loket/terima-kasih"
    assert "Terima kasih" in anon.get(r.headers["location"]).text
    # The same form sent again (double click, back button): stored once, still thanked.
    r = anon.post("/survei/loket", data=data, follow_redirects=False)
    assert r.status_code == 303
    assert responses() == 1
    with session_scope() as s:
        row = s.exec(select(Response)).one()
    assert [getattr(row, f"u{i}") for i in range(1, 10)] == [1 + i % 4 for i in range(1, 10)]
    assert (row.gender, row.age, row.education, row.source) == ("P", 29, "D4/S1", "formulir")


def test_a_form_is_stored_in_three_statements(anon: WebClient) -> None:
    """Issue 15 (load on the public form): seven statements per submission on PostgreSQL.
    Three do it: the one-time token, one read of the unit (with its services and the
    period), the response."""
    anon.post("/survei/loket", data=filled(open_form(anon)), follow_redirects=False)
    data = filled(open_form(anon), jenis_layanan="Permohonan informasi")
    with sql_statements() as sent:
        r = anon.post("/survei/loket", data=data, follow_redirects=False)
    assert r.status_code == 303
    assert len(sent) == 3, sent
    assert responses() == 2


@pytest.mark.postgresql
def test_a_form_costs_five_round_trips_on_postgresql(anon: WebClient) -> None:
    """Issue 15 (load on the public form): beside its three statements, a submission paid a
    round trip for the pool's liveness check (an empty statement before every checkout). An idle
    connection the server has closed is now seen without asking the server (its socket has
    something to read): BEGIN, the three statements, COMMIT."""
    anon.post("/survei/loket", data=filled(open_form(anon)), follow_redirects=False)
    data = filled(open_form(anon), jenis_layanan="Permohonan informasi")
    with postgresql_round_trips() as trips:
        r = anon.post("/survei/loket", data=data, follow_redirects=False)
    assert r.status_code == 303
    assert [trip[0].split()[0] for trip in trips] == [
        "BEGIN", "INSERT", "SELECT", "INSERT", "COMMIT"], trips
    assert responses() == 2


def test_honeypot_is_thanked_but_not_stored(anon: WebClient) -> None:
    r = anon.post("/survei/loket", data=filled(open_form(anon), website="http://spam"),
                  follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("/terima-kasih")
    assert responses() == 0


@pytest.mark.parametrize("token", ["", "palsu", "a.1.b"])
def test_invalid_token_keeps_the_answers(anon: WebClient, token: str) -> None:
    r = anon.post("/survei/loket", data=filled(token, saran="Antri lama"))
    assert r.status_code == 400
    assert "Jawaban Anda masih ada" in r.text and "Antri lama" in r.text
    assert responses() == 0


def test_expired_token_asks_to_resend(anon: WebClient, app: Any) -> None:
    from pantau.web.security import issue_form_token

    old = issue_form_token(app.state.web.secret, "loket", now=time.time() - 3 * 86400)
    r = anon.post("/survei/loket", data=filled(old))
    assert r.status_code == 400 and "terlalu lama terbuka" in r.text
    fresh = TOKEN.search(r.text)[1]  # type: ignore[index]
    assert anon.post("/survei/loket", data=filled(fresh),
                     follow_redirects=False).status_code == 303


def test_token_of_another_unit_is_refused(anon: WebClient) -> None:
    r = anon.post("/survei/loket", data=filled(open_form(anon, "ppid")))
    assert r.status_code == 400 and responses() == 0


def test_incomplete_answers_come_back_with_reasons(anon: WebClient) -> None:
    data = filled(open_form(anon), saran=SCRIPT)
    del data["u4"]
    r = anon.post("/survei/loket", data=data)
    assert r.status_code == 400
    assert "Mohon lengkapi" in r.text
    assert SCRIPT not in r.text and "&lt;script&gt;" in r.text  # saran kept, escaped
    assert responses() == 0
    # The same token still works once the form is complete.
    data["u4"] = "4"
    assert anon.post("/survei/loket", data=data, follow_redirects=False).status_code == 303
    assert responses() == 1


def test_rate_limit_keeps_answers_and_never_loses_them(write_config: Any) -> None:
    from pantau.web.app import create_app

    write_config(UNITS_TOML + "\n[web]\npublic_submissions_per_minute = 2\n")
    with WebClient(create_app()) as c:
        for _ in range(2):
            assert c.post("/survei/loket", data=filled(open_form(c)),
                          follow_redirects=False).status_code == 303
        r = c.post("/survei/loket", data=filled(open_form(c), saran="Toilet kotor"))
        assert r.status_code == 429
        assert "tunggu sebentar" in r.text and "Toilet kotor" in r.text
        assert 'value="4" required checked' in r.text  # the radio answers are kept
    assert responses() == 2


def test_rate_limit_is_per_address_behind_a_trusted_proxy(write_config: Any) -> None:
    from pantau.web.app import create_app

    write_config(UNITS_TOML + "\n[web]\npublic_submissions_per_minute = 1\n"
                 "trust_proxy_headers = true\n")
    with WebClient(create_app()) as c:
        for ip in ("10.0.0.1", "10.0.0.2"):
            r = c.post("/survei/loket", data=filled(open_form(c)),
                       headers={"x-forwarded-for": ip}, follow_redirects=False)
            assert r.status_code == 303
        r = c.post("/survei/loket", data=filled(open_form(c)),
                   headers={"x-forwarded-for": "10.0.0.1"})
        assert r.status_code == 429


def test_unknown_unit_is_404(anon: WebClient) -> None:
    r = anon.get("/survei/tidak-ada")
    assert r.status_code == 404 and "tidak ditemukan" in r.text


def test_qr_codes_and_printable_page(anon: WebClient, login: Any, write_config: Any) -> None:
    svg = anon.get("/survei/loket/qr.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and "<svg" in svg.text
    png = anon.get("/survei/loket/qr.png")
    assert png.content.startswith(b"\x89PNG")
    page = login(PETUGAS_SURVEI).get("/skm/qr/loket").text
    assert "http://testserver/survei/loket" in page and 'src="/survei/loket/qr.svg"' in page


def test_qr_uses_the_public_url(write_config: Any) -> None:
    import segno

    from pantau.web.app import create_app

    write_config(UNITS_TOML + '\n[web]\npublic_url = "https://skm.contoh.go.id/"\n')
    with WebClient(create_app()) as c:
        svg = c.get("/survei/loket/qr.svg").text
    expected = segno.make("https://skm.contoh.go.id/survei/loket", error="m")
    assert svg.count("<path") >= 1
    buf = __import__("io").BytesIO()
    expected.save(buf, kind="svg", scale=8, border=2, xmldecl=False)
    assert svg == buf.getvalue().decode()


# ---------------------------------------------------------------- officer uploads



def test_upload_preview_then_confirm(login: Any) -> None:
    officer = login(PETUGAS_SURVEI)
    r = upload(officer, csv_file())
    assert r.status_code == 200, r.text
    assert "4 baris dibaca; semua valid" in r.text and "Semua baris valid" in r.text
    assert "<td>Pengaduan</td>" in r.text  # preview rows
    assert responses() == 0  # nothing stored before confirmation
    upload_id = re.search(r"/skm/unggah/([\w-]+)/simpan", r.text)[1]  # type: ignore[index]
    r = officer.form(f"/skm/unggah/{upload_id}/simpan")
    assert r.status_code == 200 and "4 respons dari skm.csv disimpan" in r.text
    assert responses() == 4
    # Confirming twice does nothing more; the stored upload is gone.
    assert officer.form(f"/skm/unggah/{upload_id}/simpan").status_code == 404
    # The same file again is recognised.
    r = upload(officer, csv_file())
    assert "sudah pernah diimpor" in r.text and "confirm" not in r.text
    assert "0 baris dibaca" not in r.text and "0 valid" not in r.text
    assert responses() == 4


def test_xlsx_upload_with_question_text_headers(login: Any, tmp_path: Path) -> None:
    from survey.questionnaire import ELEMENTS

    wb = Workbook()
    ws = wb.active
    ws.append(["Jenis Kelamin", "Usia", *[e.question for e in reversed(ELEMENTS)], "Saran"])
    for n in range(3):
        ws.append(["Perempuan", 25 + n, *[e.labels[(n + i) % 4] for i, e in
                                          enumerate(reversed(ELEMENTS))], "Mantap"])
    path = tmp_path / "ekspor-formulir.xlsx"
    wb.save(path)
    officer = login(PETUGAS_SURVEI)
    r = officer.post("/skm/unggah", data={"unit": "ppid", "period": "2026-05",
                                          "csrf_token": officer.csrf},
                     files={"file": (path.name, path.read_bytes(),
                                     "application/vnd.openxmlformats-officedocument"
                                     ".spreadsheetml.sheet")})
    assert r.status_code == 200, unescape(r.text)[-2000:]
    assert "3 baris dibaca; semua valid" in r.text
    upload_id = re.search(r"/skm/unggah/([\w-]+)/simpan", r.text)[1]  # type: ignore[index]
    assert officer.form(f"/skm/unggah/{upload_id}/simpan").status_code == 200
    assert responses() == 3


def test_upload_row_errors_are_listed_and_nothing_is_stored(login: Any) -> None:
    officer = login(PETUGAS_SURVEI)
    rows = [[1, "L", 30, "SMA", "PNS", "Pengaduan", *[3] * 9, "ok"],
            [2, "L", 31, "SMA", "PNS", "Pengaduan", 3, 3, 7, 3, 3, 3, 3, 3, 3, "ok"],
            [3, "L", 32, "SMA", "PNS", "Pengaduan", *[4] * 9, "ok"]]
    r = upload(officer, csv_file(rows), name="skm-salah.csv")
    assert r.status_code == 422
    problems = unescape(re.search(r'<ul class="problems" id="problems">(.*?)</ul>',  # type: ignore[union-attr]
                                  r.text, re.S)[1])
    assert "skm-salah.csv, baris 3, kolom" in problems and "U3" in problems
    assert "Simpan 2 baris valid saja" in r.text
    assert responses() == 0
    upload_id = re.search(r"/skm/unggah/([\w-]+)/simpan", r.text)[1]  # type: ignore[index]
    r = officer.form(f"/skm/unggah/{upload_id}/simpan", {"skip_invalid": "1"})
    assert r.status_code == 200 and responses() == 2
    summary = unescape(re.search(r'id="import-summary">([^<]*)<', r.text)[1])  # type: ignore[index]
    assert "2 respons dari skm-salah.csv disimpan" in summary and "1 baris ditolak" in summary
    assert "web-uploads" not in summary


def test_invalid_rows_are_highlighted_and_offered_as_a_download(login: Any) -> None:
    officer = login(PETUGAS_SURVEI)
    rows = [[n, "L", 30, "SMA", "PNS", "Pengaduan", *[3] * 9, "ok"] for n in range(1, 16)]
    rows[1][8] = 7  # file row 3: U3 out of range
    rows[13][6] = "=HYPERLINK(1)"  # file row 15, beyond the first ten: U1 not an answer
    r = upload(officer, csv_file(rows), name="skm-salah.csv")
    assert r.status_code == 422
    table = re.search(r'<table id="preview-rows">(.*?)</table>', r.text, re.S)[1]  # type: ignore[index]
    marked = re.findall(r'<tr class="invalid-row" title="([^"]*)"><td>(\d+)</td>', table)
    assert [int(row) for _why, row in marked] == [3, 15]
    assert "U3" in unescape(marked[0][0]) and "1-4" in unescape(marked[0][0])
    assert table.count("<tr") == 1 + 10 + 1  # header, the first ten rows, row 15
    link = re.search(r'href="(/skm/unggah/[\w-]+/ditolak\.csv)"', r.text)[1]  # type: ignore[index]
    download = officer.get(link)
    assert download.status_code == 200
    assert 'filename="skm-salah-ditolak.csv"' in download.headers["content-disposition"]
    text = download.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Baris;") and lines[0].endswith("Alasan penolakan")
    assert [line.split(";")[0] for line in lines[1:]] == ["3", "15"]
    assert "'=HYPERLINK(1)" in text  # a formula stays text (pantau.core.spreadsheet)
    assert responses() == 0
    # Another officer gets nothing.
    assert login(PETUGAS_SURVEI, "petugas2").get(link).status_code == 404


def test_import_batches_are_listed_and_can_be_undone(login: Any) -> None:
    from pantau.core.audit import events

    officer = login(PETUGAS_SURVEI)
    r = upload(officer, csv_file(), name="salah-unit.csv")
    upload_id = re.search(r"/skm/unggah/([\w-]+)/simpan", r.text)[1]  # type: ignore[index]
    assert "/skm/impor" in officer.form(f"/skm/unggah/{upload_id}/simpan").text
    assert responses() == 4
    page = officer.get("/skm/impor").text
    row = re.search(r'<tr><td>(\d+)</td>.*?salah-unit\.csv</td><td>loket</td><td>2026-TW1</td>'
                    r'<td class="num">4</td>', page, re.S)
    assert row, page
    r = officer.form(f"/skm/impor/{row[1]}/hapus")
    assert r.status_code == 303
    page = unescape(officer.get(r.headers["location"]).text)
    assert f"Impor nomor {row[1]} dibatalkan: 4 respons dihapus." in page
    assert "salah-unit.csv" not in page and responses() == 0
    with session_scope() as s:
        event = events(s, entity="import_batch", entity_id=row[1])[0]
        assert event.actor == f"user_{PETUGAS_SURVEI}" and event.action == "survey.import.remove"
    # The same file can be uploaded again.
    assert "semua valid" in upload(officer, csv_file(), name="salah-unit.csv").text


def test_upload_of_someone_else_cannot_be_confirmed(login: Any) -> None:
    first = login(PETUGAS_SURVEI, "sari")
    second = login(PETUGAS_SURVEI, "budi")
    r = upload(first, csv_file())
    upload_id = re.search(r"/skm/unggah/([\w-]+)/simpan", r.text)[1]  # type: ignore[index]
    assert second.form(f"/skm/unggah/{upload_id}/simpan").status_code == 404
    assert second.form(f"/skm/unggah/{upload_id}/batal").status_code == 404
    assert first.form(f"/skm/unggah/{upload_id}/batal").status_code == 303
    assert first.form(f"/skm/unggah/{upload_id}/simpan").status_code == 404
    assert responses() == 0


@pytest.mark.parametrize(("name", "data", "message"), [
    ("skm.exe", b"MZ\x90\x00", "jenis berkas tidak didukung"),
    ("skm.xlsx", b"bukan zip", "bukan berkas Excel .xlsx yang valid"),
    ("skm.csv", b"U1;U2\x00\x01", "bukan berkas teks CSV"),
    ("skm.csv", b"", "kosong"),
])
def test_upload_type_checks(login: Any, name: str, data: bytes, message: str) -> None:
    r = upload(login(PETUGAS_SURVEI), data, name=name)
    assert r.status_code == 400 and message in unescape(r.text)


def test_upload_size_limits(write_config: Any, login: Any) -> None:
    from pantau.web.app import create_app
    from pantau.web.deps import SESSION_COOKIE
    from pantau.web.security import sign

    write_config(UNITS_TOML + "\n[web]\nmax_upload_mb = 0.01\n")
    from tests.web.helpers import add_user, login_token

    add_user("sari", PETUGAS_SURVEI)
    token = login_token("sari")
    app = create_app()
    with WebClient(app) as c:
        c.cookies.set(SESSION_COOKIE, token)
        c.csrf = sign(app.state.web.secret, "csrf-session", token)
        big = csv_file() + b"x" * 20_000  # over 10 KB: refused by the upload check
        r = upload(c, big)
        assert r.status_code == 400 and "terlalu besar" in r.text
        huge = b"x" * 200_000  # far over: refused before the body is read
        r = upload(c, huge)
        assert r.status_code == 413 and "terlalu besar" in r.text
    assert responses() == 0


def test_bad_period_is_explained(login: Any) -> None:
    r = upload(login(PETUGAS_SURVEI), csv_file(), period="triwulan 2")
    assert r.status_code == 400 and "Periode" in r.text and "2023-TW2" in r.text


# ---------------------------------------------------------------- results and reports


def _store_some(client: WebClient) -> None:
    rows = [[n, "P", 40, "S2", "PNS", "Pengaduan", *[3 + n % 2] * 9,
             SCRIPT if n == 1 else "Cepat"] for n in range(1, 5)]
    r = upload(client, csv_file(rows))
    upload_id = re.search(r"/skm/unggah/([\w-]+)/simpan", r.text)[1]  # type: ignore[index]
    assert client.form(f"/skm/unggah/{upload_id}/simpan").status_code == 200


def test_results_page_scores_and_escapes_saran(login: Any) -> None:
    from pantau.config import get_config
    from pantau.core.periods import parse_period
    from survey.api import score_unit

    _store_some(login(PETUGAS_SURVEI))
    page = login(PIMPINAN).get("/skm/hasil?unit=loket&periode=2026").text
    with session_scope() as s:
        score = score_unit(s, survey=get_config().survey, unit="loket",
                           period=parse_period("2026"))
    ikm = f"{score.ikm:.2f}".replace(".", ",")
    assert f'<div class="big" id="ikm">{ikm}</div>' in page
    assert "Sistem, Mekanisme, dan Prosedur" in page and "Menurut pendidikan" in page
    assert SCRIPT not in page and "&lt;script&gt;alert(&#34;saran&#34;)&lt;/script&gt;" in page
    overall = login(ADMIN).get("/skm/hasil?periode=2026").text
    assert "IKM per unit" in overall


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("xlsx", b"PK"),
                                           ("html", b"<!doctype html>")])
def test_report_downloads(login: Any, fmt: str, magic: bytes) -> None:
    client = login(PETUGAS_SURVEI)
    _store_some(client)
    r = client.get(f"/skm/laporan?unit=loket&periode=2026-TW1&format={fmt}")
    assert r.status_code == 200
    assert r.content[:20].lower().startswith(magic.lower())
    assert "attachment" in r.headers["content-disposition"]


def test_report_unknown_format(login: Any) -> None:
    r = login(PETUGAS_SURVEI).get("/skm/laporan?format=odt")
    assert r.status_code == 400 and "tidak didukung" in r.text


def test_survey_home_lists_units(login: Any) -> None:
    page = login(PETUGAS_SURVEI).get("/skm").text
    assert "Loket Informasi Publik" in page and 'href="/skm/qr/loket"' in page
    assert 'href="/skm/unggah"' in page


@pytest.mark.parametrize("role", [PIMPINAN, ANALIS])
def test_survey_home_for_a_reader_has_results_but_no_upload(login: Any, role: str) -> None:
    page = login(role).get("/skm").text
    assert "Loket Informasi Publik" in page and 'href="/skm/qr/loket"' in page
    assert 'href="/skm/hasil?periode=' in page and 'href="/skm/hasil?unit=loket' in page
    assert 'href="/skm/unggah"' not in page


_ = Path


# ---------------------------------------------------------------- API


def test_api_survey_operations(login: Any, anon: WebClient) -> None:
    from pantau.web.users import create_api_token
    from tests.web.helpers import add_user

    add_user("kios", PETUGAS_SURVEI)
    with session_scope() as s:
        token = create_api_token(s, username="kios", name="kios antrean", actor="admin")
    auth = {"authorization": f"Bearer {token}"}
    units = anon.get("/api/v1/survey/units", headers=auth).json()
    assert {"code": "loket", "name": "Loket Informasi Publik"} in units
    body = {"answers": {f"U{i}": 4 for i in range(1, 10)}, "period": "2026-TW1",
            "jenis_kelamin": "L", "usia": 50, "tanggal_survei": "2026-02-03"}
    r = anon.post("/api/v1/survey/loket/responses", headers=auth, json=body)
    assert r.status_code == 201, r.text
    bad = dict(body, answers={"U1": 9})
    r = anon.post("/api/v1/survey/loket/responses", headers=auth, json=bad)
    assert r.status_code == 400 and r.json()["problems"]
    files = {"file": ("skm.csv", csv_file(), "text/csv")}
    r = anon.post("/api/v1/survey/uploads", headers=auth, files=files,
                  data={"unit": "loket", "period": "2026-TW1", "dry_run": "true"})
    assert r.status_code == 200 and r.json()["rows_read"] == 4 and r.json()["stored"] == 0
    r = anon.post("/api/v1/survey/uploads", headers=auth, files=files,
                  data={"unit": "loket", "period": "2026-TW1"})
    assert r.json()["stored"] == 4
    score = anon.get("/api/v1/survey/score?unit=loket&period=2026", headers=auth).json()
    assert score["respondents"] == 5 and list(score["nrr"])[0] == "Persyaratan"
    assert 25 <= score["ikm"] <= 100 and score["grade"] in "ABCD"
    r = anon.get("/api/v1/survey/score?unit=loket&period=kemarin", headers=auth)
    assert r.status_code == 400 and "tidak dikenali" in r.json()["detail"]


# ---------------------------------------------------------------- rencana tindak lanjut


def test_followups_page_adds_updates_and_removes(login: Any) -> None:
    from pantau.core.audit import AuditEvent

    officer = login(PETUGAS_SURVEI)
    r = upload(officer, csv_file())
    upload_id = re.search(r"/skm/unggah/([\w-]+)/simpan", r.text)[1]  # type: ignore[index]
    officer.form(f"/skm/unggah/{upload_id}/simpan")
    page = unescape(officer.get("/skm/tindak-lanjut?unit=loket&periode=2026").text)
    assert "Belum ada rencana tindak lanjut" in page and "Tambah tindak lanjut" in page
    r = officer.form("/skm/tindak-lanjut", {
        "unit": "loket", "periode": "2026", "element": "U3", "action": "Loket daring",
        "owner": "Kasubbag Layanan", "deadline": "2026-09-30", "status": "draft"})
    assert r.status_code == 303
    page = unescape(officer.get(r.headers["location"]).text)
    assert "U3 Waktu Penyelesaian" in page and "Loket daring" in page and "30-09-2026" in page
    r = officer.form("/skm/tindak-lanjut/1", {"unit": "loket", "periode": "2026",
                                              "status": "selesai", "evidence": "SK 12/2026"})
    page = unescape(officer.get(r.headers["location"]).text)
    assert "Selesai" in page and "SK 12/2026" in page
    bad = officer.form("/skm/tindak-lanjut", {
        "unit": "loket", "periode": "2026", "element": "U3", "action": " ", "owner": "x"})
    assert bad.status_code == 400 and "tindakan belum diisi" in unescape(bad.text)
    reader = login(PIMPINAN)
    assert "Tambah tindak lanjut" not in reader.get("/skm/tindak-lanjut?unit=loket").text
    assert reader.form("/skm/tindak-lanjut/1/hapus", {"unit": "loket",
                                                      "periode": "2026"}).status_code == 403
    officer.form("/skm/tindak-lanjut/1/hapus", {"unit": "loket", "periode": "2026"})
    with session_scope() as s:
        actions = [e.action for e in s.exec(select(AuditEvent).where(
            AuditEvent.entity == "survey_followup").order_by(AuditEvent.id)).all()]  # type: ignore[arg-type]
    assert actions == ["followup.add", "followup.update", "followup.remove"]
    results = unescape(officer.get("/skm/hasil?unit=loket&periode=2026").text)
    assert "Selang kepercayaan 95%" in results and "Metode 14/2017" in results

"""What a new survey officer met in the first trial, through the officers' pages: a typo in
the unit code, a fixed file uploaded whole after its valid rows were kept, the sample of
every unit, the QR page without a public address, a file with unknown headers, a wrong
period or an empty file, and the public form's "another service" link."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

from pantau.web.models import PETUGAS_SURVEI
from tests.web.helpers import UNITS_TOML, WebClient, csv_file, filled, open_form, responses, upload


def _upload_id(html: str) -> str:
    return re.search(r"/skm/unggah/([\w-]+)/(?:simpan|batal)", html)[1]  # type: ignore[index]


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


# ---------------------------------------------------------------- 1. unknown unit


def test_a_typo_in_the_unit_is_refused_on_the_form(login: Any) -> None:
    officer = login(PETUGAS_SURVEI)
    r = upload(officer, csv_file(), unit="lokett", period="2026-TW1")
    assert r.status_code == 400
    text = _text(r.text)
    assert "Unit layanan 'lokett' belum terdaftar" in text
    assert "loket, ppid" in text and "Mungkin maksud Anda loket?" in text
    assert "--new-unit" not in text and "Buat unit layanan baru" in text
    # The form comes back with what was typed.
    assert 'value="lokett"' in r.text and 'value="2026-TW1"' in r.text
    assert "lokett" not in officer.get("/skm/hasil").text.split("<select")[1].split("</select>")[0]
    assert responses() == 0


def test_a_new_unit_is_created_only_with_the_checkbox(login: Any) -> None:
    officer = login(PETUGAS_SURVEI)
    r = officer.post("/skm/unggah", data={"unit": "HUMAS", "period": "2026-TW1",
                                          "new_unit": "1", "csrf_token": officer.csrf},
                     files={"file": ("skm.csv", csv_file(), "text/csv")})
    assert r.status_code == 200, _text(r.text)
    assert "unit layanan baru" in _text(r.text)
    r = officer.form(f"/skm/unggah/{_upload_id(r.text)}/simpan")
    assert r.status_code == 200 and responses() == 4
    assert "HUMAS" in officer.get("/skm").text


# ---------------------------------------------------------------- 2. rows already stored


def test_a_fixed_file_uploaded_whole_does_not_count_respondents_twice(login: Any) -> None:
    officer = login(PETUGAS_SURVEI)
    good = [[n, "L", 30 + n, "SMA", "PNS", "Pengaduan", *[2 + (n + i) % 3 for i in range(9)],
             "Baik"] for n in range(1, 5)]
    bad = [row[:] for row in good]
    bad[1][7] = 9
    bad[3][8] = "x"
    r = upload(officer, csv_file(bad), name="skm.csv")
    r = officer.form(f"/skm/unggah/{_upload_id(r.text)}/simpan", {"skip_invalid": "1"})
    assert responses() == 2
    r = upload(officer, csv_file(good), name="skm-perbaikan.csv")
    text = _text(r.text)
    # The import's number (PostgreSQL sequences also count the previews' rolled-back ones).
    from pantau.core.db import session_scope
    from survey.api import list_batches

    with session_scope() as s:
        first = list_batches(s)[0][0].id
    assert f"2 baris sama persis dengan impor #{first} pada" in text, text
    assert 'id="confirm">Simpan 2 respons<' in r.text and "Simpan 4 respons<" not in r.text
    r = officer.form(f"/skm/unggah/{_upload_id(r.text)}/simpan")
    assert r.status_code == 200 and responses() == 4
    assert "2 baris sama persis" in _text(r.text)


def test_identical_answers_can_be_kept_from_the_preview(login: Any) -> None:
    officer = login(PETUGAS_SURVEI)
    r = upload(officer, csv_file())
    officer.form(f"/skm/unggah/{_upload_id(r.text)}/simpan")
    rows = [[n + 10, "L", 30 + n, "SMA", "PNS", "Pengaduan",
             *[2 + (n + i) % 3 for i in range(9)], "Baik"] for n in range(1, 5)]
    r = upload(officer, csv_file(rows), name="lagi.csv")
    assert "4 baris sama persis" in _text(r.text) and 'id="confirm"' not in r.text
    assert 'name="keep_duplicates"' in r.text
    r = officer.form(f"/skm/unggah/{_upload_id(r.text)}/simpan", {"keep_duplicates": "1"})
    assert r.status_code == 200 and responses() == 8


# ---------------------------------------------------------------- 3. population of every unit


def test_results_of_every_unit_judge_the_sample_without_toml(write_config: Any,
                                                             login: Any) -> None:
    write_config(UNITS_TOML.replace('name = "Loket Informasi Publik"',
                                    'name = "Loket Informasi Publik"\npopulation = 140')
                 .replace('name = "PPID Pusat"', 'name = "PPID Pusat"\npopulation = 150'))
    from pantau.web.app import create_app
    from pantau.web.deps import SESSION_COOKIE
    from pantau.web.security import sign
    from tests.web.helpers import add_user, login_token

    app = create_app()
    add_user("petugas", PETUGAS_SURVEI)
    token = login_token("petugas")
    with WebClient(app) as officer:
        officer.cookies.set(SESSION_COOKIE, token)
        officer.csrf = sign(app.state.web.secret, "csrf-session", token)
        r = upload(officer, csv_file())
        officer.form(f"/skm/unggah/{_upload_id(r.text)}/simpan")
        r = upload(officer, csv_file([[1, "P", 40, "S1", "PNS", "Pengaduan", *[3] * 9, ""]]),
                   unit="ppid")
        officer.form(f"/skm/unggah/{_upload_id(r.text)}/simpan")
        page = _text(officer.get("/skm/hasil?periode=2026").text)
    assert "populasi 290" in page, page
    assert "belum diisi" not in page and "[[" not in page


def test_results_without_population_name_no_toml(login: Any) -> None:
    officer = login(PETUGAS_SURVEI)
    r = upload(officer, csv_file())
    officer.form(f"/skm/unggah/{_upload_id(r.text)}/simpan")
    for url in ("/skm/hasil?periode=2026", "/skm/hasil?unit=loket&periode=2026", "/skm"):
        page = officer.get(url).text
        assert "[[survey.units]]" not in page and "[[" not in page, url


# ---------------------------------------------------------------- 4. QR page address


def test_qr_page_warns_when_the_address_is_local(login: Any) -> None:
    page = _text(login(PETUGAS_SURVEI).get("/skm/qr/loket").text)
    assert "alamat lokal" in page and "public_url" in page
    assert "belum dapat dicetak" in page


def test_qr_page_with_a_public_url_has_no_warning(write_config: Any) -> None:
    write_config(UNITS_TOML + '\n[web]\npublic_url = "https://skm.contoh.go.id/"\n')
    from pantau.web.app import create_app
    from pantau.web.deps import SESSION_COOKIE
    from tests.web.helpers import add_user, login_token

    add_user("petugas", PETUGAS_SURVEI)
    with WebClient(create_app()) as officer:
        officer.cookies.set(SESSION_COOKIE, login_token("petugas"))
        page = _text(officer.get("/skm/qr/loket").text)
    assert "https://skm.contoh.go.id/survei/loket" in page and "alamat lokal" not in page


# ---------------------------------------------------------------- 5. unknown headers


def test_unrecognised_headers_are_explained_without_a_save_offer(login: Any) -> None:
    data = b"nama;nilai layanan;komentar\nAni;4;bagus\n"
    r = upload(login(PETUGAS_SURVEI), data, name="rekap.csv")
    assert r.status_code == 422
    text = _text(r.text)
    assert "Judul kolom berkas rekap.csv tidak dikenali" in text
    assert "'nilai layanan'" in text
    assert "U1" in text and "tidak ada" in text  # the missing element columns
    assert "--mapping" not in text and "pemetaan" not in text
    assert "0 baris dibaca" not in text and "simpan hanya baris yang valid" not in text
    assert 'id="confirm' not in r.text and 'id="preview-rows"' not in r.text


# ---------------------------------------------------------------- 6. form errors


def test_a_wrong_period_returns_the_form_with_the_inputs(login: Any) -> None:
    officer = login(PETUGAS_SURVEI)
    for period in ("2026-13", "Desember 2026"):
        r = upload(officer, csv_file(), unit="ppid", period=period)
        assert r.status_code == 400
        assert 'action="/skm/unggah"' in r.text and "Terjadi masalah" not in r.text
        assert f'value="{period}"' in r.text and 'value="ppid"' in r.text
        assert re.search(r'id="error-period"[^>]*>[^<]*Periode', r.text), r.text


def test_an_empty_file_returns_the_form(login: Any) -> None:
    officer = login(PETUGAS_SURVEI)
    for data in (b"", b"\n\n"):
        r = upload(officer, data, unit="ppid", period="2026-TW1")
        assert r.status_code == 400 and 'action="/skm/unggah"' in r.text
        assert 'id="error-file"' in r.text and "kosong" in r.text
        assert 'value="2026-TW1"' in r.text


def test_upload_page_period_examples_are_current(login: Any) -> None:
    page = login(PETUGAS_SURVEI).get("/skm/unggah").text
    year = date.today().year
    assert "2023" not in page and f"{year}-TW2" in page


# ---------------------------------------------------------------- 8. public form thanks


def test_thanks_page_links_to_the_list_of_units(anon: WebClient) -> None:
    token = open_form(anon)
    r = anon.form("/survei/loket", filled(token), follow_redirects=True)
    assert "Terima kasih" in r.text
    assert 'href="/survei/loket"' not in r.text
    link = re.search(r'<a href="([^"]+)">Isi survei lagi untuk layanan lain</a>', r.text)
    assert link is not None and link[1] == "/survei"
    listing = anon.get("/survei")
    assert listing.status_code == 200
    assert 'href="/survei/loket"' in listing.text and 'href="/survei/ppid"' in listing.text

"""Importing responses as officers have them, and every kind of bad input."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from pantau.core.db import session_scope
from pantau.core.errors import InputError
from pantau.core.periods import parse_period
from survey.api import import_file, score_unit
from survey.columns import match_header
from survey.models import ImportBatch, Response
from survey.questionnaire import ELEMENTS, IGNORE
from tests.survey.helpers import (
    CODES,
    GOOD,
    HEADERS,
    NO_UNITS,
    PERIOD,
    survey_config,
    write_csv,
)


def stored() -> int:
    with session_scope() as session:
        return session.connection().execute(select(func.count()).select_from(
            Response.__table__)).scalar_one()


def answers_stored() -> list[tuple[int, ...]]:
    t = Response.__table__
    with session_scope() as session:
        rows = session.connection().execute(
            select(*(t.c[e.column] for e in ELEMENTS)).order_by(t.c.id)).all()
    return [tuple(r) for r in rows]


def problems_of(exc: pytest.ExceptionInfo[InputError]) -> str:
    return str(exc.value)


# ---------------------------------------------------------------- headers


@pytest.mark.parametrize(("header", "target"), [
    ("U1", "U1"), ("u 3", "U3"), ("Unsur 4", "U4"), ("PERSYARATAN", "U1"),
    ("Sistem, Mekanisme, dan Prosedur", "U2"), ("sistem mekanisme & prosedur", "U2"),
    ("Biaya / Tarif", "U4"), ("  waktu   penyelesaian ", "U3"),
    ("U8 Sarana dan Prasarana", "U9"), ("U9. Penanganan Pengaduan, Saran dan Masukan", "U8"),
    ("1. Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
     "pelayanannya?", "U1"),
    ("8. Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?", "U9"),
    ("9. Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?", "U8"),
    ("Saran dan masukan", "saran"), ("Kritik & Saran", "saran"), ("JK", "jenis_kelamin"),
    ("Umur (tahun)", "usia"), ("Pendidikan Terakhir", "pendidikan"), ("Cap waktu",
                                                                       "tanggal_survei"),
    ("Jenis Layanan yang Diterima", "jenis_layanan"), ("Nama Responden", IGNORE),
    ("Warna favorit", None),
])
def test_header_matching(header, target):
    assert match_header(header) == target


# ---------------------------------------------------------------- good files


def test_import_and_score(tmp_path):
    path = write_csv(tmp_path / "data.csv", HEADERS, GOOD)
    result = import_file(path, survey=NO_UNITS, new_unit=True, unit="PPID", period=PERIOD)
    assert (result.stored, result.rejected) == (3, 0)
    assert "3 respons" in result.summary()
    with session_scope() as session:
        score = score_unit(session, survey=NO_UNITS, unit="PPID", period=PERIOD)
        year = score_unit(session, survey=NO_UNITS, unit="ppid", period=parse_period("2025"))
        other = score_unit(session, survey=NO_UNITS, unit="PPID", period=parse_period("2025-S2"))
        informasi = score_unit(session, survey=NO_UNITS, unit="PPID", period=PERIOD,
                               service="informasi")
    assert score.respondents == year.respondents == 3 and other.respondents == 0
    assert score.nrr["Persyaratan"] == pytest.approx(10 / 3, abs=1e-4)
    assert informasi.respondents == 2 and informasi.service == "Informasi"


def test_semicolon_windows_1252_file(tmp_path):
    rows = [r[:] for r in GOOD]
    rows[0][-1] = "Pelayanan café – sangat baik"
    path = write_csv(tmp_path / "excel.csv", HEADERS, rows, delimiter=";", encoding="cp1252")
    assert import_file(path, survey=NO_UNITS, new_unit=True,
                       unit="HUMAS", period=PERIOD).stored == 3
    with session_scope() as session:
        saran = session.connection().execute(select(Response.__table__.c.saran).order_by(
            Response.__table__.c.id)).scalars().first()
    assert saran == "Pelayanan café – sangat baik"


def test_utf8_bom_file(tmp_path):
    path = write_csv(tmp_path / "bom.csv", HEADERS, GOOD, encoding="utf-8-sig")
    assert import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD).stored == 3


def test_swapped_u8_u9_are_matched_by_name(tmp_path):
    headers = [f"{e.code} {e.name}" for e in ELEMENTS]
    headers[7], headers[8] = "U8 Sarana dan Prasarana", "U9 Penanganan Pengaduan"
    # the file's 8th column holds Sarana (3), its 9th Pengaduan (1)
    path = write_csv(tmp_path / "swap.csv", headers, [["4", "4", "4", "4", "4", "4", "4", "3",
                                                       "1"]])
    import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)
    assert answers_stored() == [(4, 4, 4, 4, 4, 4, 4, 1, 3)]


def test_form_export_with_question_texts_and_labels(tmp_path):
    order = [0, 1, 2, 3, 4, 5, 6, 8, 7]  # the annex asks Sarana (8) before Pengaduan (9)
    headers = ["Cap waktu", "Jenis Kelamin", *(f"{n}. {ELEMENTS[i].question}"
                                                for n, i in enumerate(order, 1)),
               "Saran dan masukan", "Alamat email"]
    row = ["2025/03/14 10:21:33 GMT+7", "Perempuan", "Sangat sesuai", "mudah", "KURANG CEPAT",
           "Gratis", "Sesuai", "Sangat kompeten", "Sopan dan ramah", "Cukup",
           "Ada tetapi tidak berfungsi", "Terima kasih", "a@b.id"]
    path = write_csv(tmp_path / "form.csv", headers, [row])
    import_file(path, survey=NO_UNITS, new_unit=True, unit="PPID", period=PERIOD)
    assert answers_stored() == [(4, 3, 2, 4, 3, 4, 3, 2, 2)]
    with session_scope() as session:
        r = session.connection().execute(select(Response.__table__)).mappings().one()
    assert r["survey_date"] == date(2025, 3, 14) and r["gender"] == "P"


def test_xlsx_with_numbers_labels_and_dates(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Daftar responden SKM"])  # a title row above the headers is not data
    ws.append([])
    ws.append(["Tanggal", "Usia", *[e.name for e in reversed(ELEMENTS)]])
    # U9 .. U1
    ws.append([datetime(2025, 2, 1, 9, 30), 40, "Baik", "Dikelola dengan baik", 4, "Kompeten",
               3.0, "Murah", "3", 2, "Sangat sesuai"])
    ws.append([None, None, None, None, None])  # blank row
    ws.append([date(2025, 6, 30), "35 tahun", 3, 3, 3, 3, 3, 3, 3, 3, 3])
    path = tmp_path / "data.xlsx"
    wb.save(path)
    assert import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD).stored == 2
    assert answers_stored() == [(4, 2, 3, 3, 3, 3, 4, 4, 3), (3,) * 9]


@pytest.mark.parametrize("suffix", ["toml", "yaml", "csv"])
def test_mapping_file_for_odd_layouts(tmp_path, suffix):
    headers = ["Resp", *(f"P{i}" for i in range(1, 10)), "Kelamin responden", "Catatan lain"]
    path = write_csv(tmp_path / "odd.csv", headers,
                     [["a", "1", "2", "3", "4", "1", "2", "3", "4", "1", "L", "x"]])
    pairs = {f"P{i}": f"U{10 - i}" for i in range(1, 10)}  # reversed order
    pairs.update({"Kelamin responden": "jenis_kelamin", "Catatan lain": "abaikan",
                  "Resp": "abaikan"})
    mapping = tmp_path / f"peta.{suffix}"
    if suffix == "toml":
        mapping.write_text("[kolom]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in pairs.items()),
                           encoding="utf-8")
    elif suffix == "yaml":
        mapping.write_text("".join(f'"{k}": "{v}"\n' for k, v in pairs.items()),
                           encoding="utf-8")
    else:
        mapping.write_text("kolom;isian\n" + "".join(f"{k};{v}\n" for k, v in pairs.items()),
                           encoding="utf-8")
    import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD, mapping=mapping)
    assert answers_stored() == [(1, 4, 3, 2, 1, 4, 3, 2, 1)]


def test_bad_mapping_value_is_reported(tmp_path):
    mapping = tmp_path / "peta.toml"
    mapping.write_text('P1 = "U15"\n', encoding="utf-8")
    path = write_csv(tmp_path / "d.csv", HEADERS, GOOD)
    with pytest.raises(InputError, match=r"peta.toml.*P1.*'U15' tidak dikenali"):
        import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD, mapping=mapping)


# ---------------------------------------------------------------- bad input


def test_unknown_column(tmp_path):
    path = write_csv(tmp_path / "d.csv", [*HEADERS, "Warna favorit"], [r + ["biru"] for r in GOOD])
    with pytest.raises(InputError) as exc:
        import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)
    assert "d.csv, baris 1, kolom R ('Warna favorit'): judul kolom tidak dikenali" in \
        problems_of(exc)
    assert stored() == 0


def test_missing_element_column(tmp_path):
    headers = [h for h in HEADERS if h != "U4"]
    rows = [r[:10] + r[11:] for r in GOOD]
    path = write_csv(tmp_path / "d.csv", headers, rows)
    with pytest.raises(InputError, match=r"d.csv, baris 1: kolom unsur U4 Biaya/Tarif tidak ada"):
        import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)


def test_duplicate_element_column(tmp_path):
    path = write_csv(tmp_path / "d.csv", [*HEADERS, "Persyaratan"], [r + ["3"] for r in GOOD])
    with pytest.raises(InputError, match=r"kolom untuk U1 Persyaratan sudah ada di kolom H"):
        import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)


@pytest.mark.parametrize(("column", "value", "message"), [
    (7, "5", r"baris 3, kolom H \('U1'\): nilai '5' di luar rentang 1-4 untuk unsur "
             r"Persyaratan"),
    # A minus sign is not punctuation around an answer: -1 and -4 are out of range.
    (7, "-1", r"baris 3, kolom H \('U1'\): nilai '-1' di luar rentang 1-4"),
    (8, "-4", r"baris 3, kolom I \('U2'\): nilai '-4' di luar rentang 1-4"),
    (10, "Mahal sekali", r"baris 3, kolom K \('U4'\): jawaban 'Mahal sekali' tidak dikenali "
                         r"untuk unsur Biaya/Tarif; gunakan 1-4 atau: Sangat mahal"),
    (15, "", r"baris 3, kolom P \('U9'\): jawaban unsur Sarana dan Prasarana kosong"),
    (1, "31/02/2025", r"baris 3, kolom B \('Tanggal Survei'\): tanggal '31/02/2025' tidak "
                      r"valid"),
    (1, "2025-07-01", r"baris 3, kolom B .*: tanggal 01-07-2025 di luar periode 2025-S1"),
    (2, "X", r"jenis kelamin 'X' tidak dikenali"),
    (3, "tiga puluh", r"usia 'tiga puluh' tidak valid"),
    (4, "TK", r"pendidikan 'TK' tidak dikenali"),
])
def test_bad_cell_is_reported_and_nothing_stored(tmp_path, column, value, message):
    rows = [r[:] for r in GOOD]
    rows[1][column] = value
    path = write_csv(tmp_path / "d.csv", HEADERS, rows)
    with pytest.raises(InputError, match=message) as exc:
        import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)
    assert "Tidak ada data yang disimpan" in problems_of(exc)
    assert stored() == 0
    with session_scope() as session:
        assert session.exec(select(ImportBatch)).first() is None


def test_every_problem_is_listed(tmp_path):
    rows = [r[:] for r in GOOD]
    rows[0][7] = "9"
    rows[2][8] = "0"
    rows[2][9] = ""
    path = write_csv(tmp_path / "d.csv", HEADERS, rows)
    with pytest.raises(InputError) as exc:
        import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)
    text = problems_of(exc)
    assert "2 dari 3 baris tidak valid (3 masalah)" in text
    assert "baris 2, kolom H" in text and "baris 4, kolom I" in text and "baris 4, kolom J" in text


def test_wrong_encoding(tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_text(",".join(HEADERS) + "\n", encoding="utf-16")
    with pytest.raises(InputError, match="utf16.csv: pengodean berkas tidak didukung"):
        import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "rusak.csv"
    path.write_bytes(b"U1,U2\n\x81\x8d\x90,3\n")
    with pytest.raises(InputError, match="rusak.csv: pengodean berkas tidak dikenali"):
        import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)


def test_empty_file_and_header_only(tmp_path):
    empty = tmp_path / "kosong.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="kosong.csv: berkas kosong"):
        import_file(empty, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)
    header_only = write_csv(tmp_path / "judul.csv", HEADERS, [])
    with pytest.raises(InputError, match="tidak ada baris data"):
        import_file(header_only, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)


def test_same_file_twice_stores_nothing_new(tmp_path):
    path = write_csv(tmp_path / "d.csv", HEADERS, GOOD)
    import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)
    again = import_file(tmp_path / "d.csv", survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD)
    assert again.already_imported and again.stored == 0
    assert "sudah pernah diimpor" in again.summary()
    assert "Tidak ada data baru" in again.summary()
    assert stored() == 3


def test_skip_invalid_stores_valid_rows_and_writes_rejects(tmp_path):
    rows = [r[:] for r in GOOD]
    rows[1][7] = "5"
    path = write_csv(tmp_path / "d.csv", HEADERS, rows)
    result = import_file(path, survey=NO_UNITS, new_unit=True,
                         unit="X", period=PERIOD, skip_invalid=True)
    assert (result.stored, result.rejected) == (2, 1)
    assert stored() == 2
    assert result.rejected_file == tmp_path / "d-ditolak.csv"
    with open(result.rejected_file, encoding="utf-8-sig", newline="") as fh:
        rejected = list(csv.reader(fh, delimiter=";"))
    assert rejected[0][0] == "Baris" and rejected[0][-1] == "Alasan penolakan"
    assert rejected[1][0] == "3" and rejected[1][8] == "5"
    assert "di luar rentang 1-4" in rejected[1][-1]
    with session_scope() as session:
        batch = session.exec(select(ImportBatch)).one()[0]
    assert (batch.rows_stored, batch.rows_rejected) == (2, 1)


def test_dry_run_validates_only(tmp_path):
    path = write_csv(tmp_path / "d.csv", HEADERS, GOOD)
    result = import_file(path, survey=NO_UNITS, new_unit=True,
                         unit="BARU", period=PERIOD, dry_run=True)
    assert result.ok and result.rows_read == 3 and result.stored == 0
    assert "tidak ada yang disimpan" in result.summary()
    assert stored() == 0
    rows = [r[:] for r in GOOD]
    rows[0][8] = "6"
    bad = import_file(write_csv(tmp_path / "e.csv", HEADERS, rows), survey=NO_UNITS, new_unit=True,
                      unit="BARU",
                      period=PERIOD, dry_run=True)
    assert not bad.ok and "baris 2" in str(bad.problems[0])
    # the dry run created nothing, and the real import still works afterwards
    assert import_file(path, survey=NO_UNITS, new_unit=True, unit="BARU", period=PERIOD).stored == 3


def test_configured_services_reject_others(tmp_path):
    survey = survey_config('[[survey.units]]\ncode = "PPID"\nname = "PPID Kementerian"\n'
                           'services = ["Informasi"]\npopulation = 100\n')
    path = write_csv(tmp_path / "d.csv", HEADERS, GOOD)
    with pytest.raises(InputError, match=r"baris 4, kolom G .*layanan 'Konsultasi' tidak "
                                         r"terdaftar pada unit ini"):
        import_file(path, survey=survey, unit="PPID", period=PERIOD)
    ok = write_csv(tmp_path / "ok.csv", HEADERS, GOOD[:2])
    import_file(ok, survey=survey, unit="ppid kementerian", period=PERIOD)
    with session_scope() as session:
        score = score_unit(session, survey=survey, unit="PPID", period=PERIOD)
    assert score.respondents == 2 and score.min_sample == 80
    assert score.sample_warning is not None


def test_profile_values_as_forms_write_them(tmp_path):
    headers = ["No Responden", "Jenis Kelamin (L/P)", "Usia", "Pendidikan", "Pekerjaan",
               *CODES]
    rows = [
        ["1", "L (Laki-laki)", "20 - 29 tahun", "SMA/SMK/MA", "Wiraswasta", *"444444444"],
        ["2", "Wanita", "> 60", "Strata 2", "Mahasiswa", *"333333333"],
        ["3", "p", "45 th", "D-III", "ASN", *"222222222"],
    ]
    import_file(write_csv(tmp_path / "f.csv", headers, rows), survey=NO_UNITS, new_unit=True,
                unit="X",
                period=PERIOD)
    t = Response.__table__
    with session_scope() as session:
        stored_rows = session.connection().execute(
            select(t.c.gender, t.c.age, t.c.education, t.c.occupation).order_by(t.c.id)).all()
    assert [tuple(r) for r in stored_rows] == [
        ("L", 24, "SMA", "Wirausaha"), ("P", 65, "S2", "Lainnya"), ("P", 45, "D1-D3", "PNS")]


def test_skip_invalid_with_no_valid_row_keeps_nothing(tmp_path):
    rows = [r[:] for r in GOOD]
    for r in rows:
        r[7] = "0"
    path = write_csv(tmp_path / "d.csv", HEADERS, rows)
    with pytest.raises(InputError, match="tidak ada satu pun baris yang valid"):
        import_file(path, survey=NO_UNITS, new_unit=True,
                    unit="X", period=PERIOD, skip_invalid=True)
    with session_scope() as session:
        assert session.exec(select(ImportBatch)).first() is None


def test_xlsx_table_on_a_later_sheet(tmp_path):
    wb = Workbook()
    guide = wb.active
    guide.title = "Petunjuk"
    guide.append(["Isi lembar Data, satu baris per responden."])
    data = wb.create_sheet("Data")
    data.append(CODES)
    data.append([4, 4, 4, 4, 4, 4, 4, 4, 4])
    path = tmp_path / "dua-lembar.xlsx"
    wb.save(path)
    assert import_file(path, survey=NO_UNITS, new_unit=True, unit="X", period=PERIOD).stored == 1

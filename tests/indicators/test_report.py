"""The media-monitoring report and the indicator table, read back from the generated PDF
(pdftotext, Debian's poppler-utils) and XLSX (openpyxl)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from indicators.config import IndicatorsConfig
from indicators.people import rank_people
from indicators.planio import read_plan
from indicators.plans import find_indicator, save_plan, set_manual_value
from indicators.quotes import quoted_names
from pantau.config import InstitutionConfig
from pantau.core.errors import InputError
from pantau.core.periods import parse_period
from survey.config import SurveyConfig
from tests.indicators.helpers import (
    add_mention,
    add_profile,
    indicator_report,
    media_report,
    wib,
)

EXAMPLES = Path(__file__).parents[2] / "indicators" / "examples"
pdftotext = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(pdftotext is None,
                                   reason="pdftotext missing: apt-get install poppler-utils")

HEADLINES = [
    ("Bantuan sosial tepat sasaran diapresiasi warga", "positif"),
    ("Penyaluran bantuan sosial tahap dua dimulai", "netral"),
    ("Warga mengeluhkan bantuan sosial terlambat cair", "negatif"),
    ("Data penerima bantuan sosial dinilai tidak akurat", "negatif"),
    ("Kementerian perbaiki data penerima bantuan", "netral"),
    ("Program rehabilitasi sosial menjangkau lansia", "positif"),
]


def _pdf_text(path: Path) -> str:
    out = subprocess.run([pdftotext, str(path), "-"], capture_output=True,
                         check=True, text=True)
    return out.stdout


@pytest.fixture
def media_data(session):
    pid = add_profile(session, "instansi")
    # 5 June 2023: 12 mentions; 4 June: 4 mentions (the previous day).
    for i in range(12):
        title, tone = HEADLINES[i % len(HEADLINES)]
        human = "negatif" if i == 1 else None  # analyst turns one netral into negatif
        add_mention(
            session, pid, wib(2023, 6, 5, 6 + i % 10), model=tone, human=human,
            media_type="cetak" if i % 4 == 0 else "online",
            outlet=("Harian Nusantara", "Warta Kota Contoh", "Portal Berita")[i % 3],
            title=f"{title} ({i})", url=f"https://berita.contoh.id/{i}",
            text=f"{title}. Kami akan menindaklanjuti, kata Menteri Sosial Tri Rismaharini. "
                 "Menurut Kepala Biro Humas Andi Susanto, data diperbarui tiap bulan.",
            passages=[f"Kutipan {i}: bantuan terlambat diterima warga."],
            evidence=[{"passage": f"Bukti negatif {i}: warga kecewa.", "label": "negatif",
                       "score": 0.9}] if tone == "negatif" else [])
    for i in range(4):
        add_mention(session, pid, wib(2023, 6, 4, 9 + i), model="negatif" if i else "positif",
                    title=f"Berita kemarin {i}")
    # A hostile headline must stay text in the workbook, never become a formula.
    add_mention(session, pid, wib(2023, 6, 5, 20), model="negatif",
                title='=HYPERLINK("http://jahat.example","klik")', url="https://jahat.example/")
    save_plan(session, read_plan(EXAMPLES / "iku-2023-biro-humas-kementerian-januari.yaml"))
    session.commit()
    return pid


@needs_poppler
def test_daily_media_report_pdf_and_xlsx(session, media_data, tmp_path):
    paths = media_report(session, kind="daily", day=date(2023, 6, 5),
                         formats=["html", "pdf", "xlsx"], out_dir=tmp_path)
    assert [p.suffix for p in paths] == [".html", ".pdf", ".xlsx"]
    text = _pdf_text(tmp_path / "laporan-media-harian-2023-06-05.pdf")
    flat = " ".join(text.split())
    assert "Laporan Monitoring Media Harian" in flat
    assert "Dasar penghitungan: semua salinan" in flat
    # 13 today vs 4 yesterday: naik 225%; negatif: 5 model + 1 analyst = 6 of 13
    assert "Terdapat 13 pemberitaan (naik 225,00%" in flat
    assert "Persentase sentimen negatif 46,15%" in flat
    assert "target < 20%" in flat and "Status: tidak tercapai" in flat
    assert "Tri Rismaharini Menteri Sosial" in flat and "Andi Susanto" in flat
    assert "Bukti negatif 2: warga kecewa." in flat
    assert "https://berita.contoh.id/" in flat
    assert "(dikoreksi analis)" in flat
    assert "bantuan" in flat.lower()  # a key term of the day
    html = (tmp_path / "laporan-media-harian-2023-06-05.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64") >= 4

    wb = load_workbook(tmp_path / "laporan-media-harian-2023-06-05.xlsx")
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Jumlah pemberitaan"] == 13
    assert summary["Jumlah periode sebelumnya"] == 4
    assert summary["Negatif"] == 6
    assert summary["Persentase sentimen negatif (%)"] == 46.15
    assert summary["Dasar penghitungan"].startswith("semua salinan")
    assert summary["Status"] == "tidak tercapai"
    media = {r[0]: r[1] for r in wb["Jenis media"].iter_rows(min_row=2, values_only=True)}
    assert media == {"online": 10, "cetak": 3}
    trend = list(wb["Tren harian"].iter_rows(min_row=2, values_only=True))
    assert len(trend) == 7 and trend[-1][0] == "2023-06-05" and trend[-2][5] == 4
    negatives = list(wb["Perlu ditanggapi"].iter_rows(min_row=2))
    assert len(negatives) == 6
    hostile = negatives[0][3]
    assert hostile.data_type == "s" and hostile.value.startswith("=HYPERLINK")
    assert all(row[5].hyperlink is not None for row in negatives)
    people = {r[0]: r[1] for r in wb["Narasumber"].iter_rows(min_row=2, values_only=True)}
    assert people["Tri Rismaharini"] == "Menteri Sosial"


def test_monthly_report_unique_stories_basis_shown(session, media_data, tmp_path):
    paths = media_report(session, kind="monthly", day=date(2023, 6, 5),
                         formats=["xlsx", "html"], out_dir=tmp_path,
                         indicators=IndicatorsConfig(counting_basis="unique_stories"))
    html = paths[0].read_text(encoding="utf-8")
    assert "berita unik (satu per kelompok duplikat)" in html
    assert "Juni 2023" in html
    wb = load_workbook(paths[1])
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Jumlah pemberitaan"] == 17
    assert len(list(wb["Tren harian"].iter_rows(min_row=2))) == 30


def test_weekly_report_without_plan_or_data(session, tmp_path):
    paths = media_report(session, kind="weekly", day=date(2023, 6, 5), formats=["html"],
                         out_dir=tmp_path)
    html = paths[0].read_text(encoding="utf-8")
    assert ("Tidak ada pemberitaan pada periode ini. Belum ada data periode sebelumnya."
            in html)
    assert "Terdapat 0 pemberitaan" not in html and "Sebaran sentimen" not in html
    assert "Belum ada indikator persentase sentimen negatif" in html
    assert "30-05-2023 s.d. 05-06-2023" in html


def test_narasumber_patterns():
    text = ("Program berjalan baik, ujar Gubernur Jawa Barat Ridwan Kamil. Juru Bicara "
            "Fajar Rahman mengatakan data lengkap. Ia mengatakan hal itu kemarin. "
            "\"Kami siap,\" tutur Siti.")
    assert quoted_names(text) == ["Ridwan Kamil", "Fajar Rahman", "Siti"]
    top = rank_people([(text, "netral"), ("menurut Siti, semua aman", "negatif"),
                       ("tanpa kutipan", None)])[0]
    assert (top.name, top.mentions, top.tones.negatif) == ("Siti", 2, 1)


@needs_poppler
def test_indicator_report_table(session, media_data, tmp_path):
    save_plan(session, read_plan(EXAMPLES / "rkt-2022-biro-humas-protokol-mk.yaml"))
    ind = find_indicator(session, "penyerapan anggaran", year=2022)
    set_manual_value(session, ind, period=parse_period("2022"), value=97.5, by="Ani",
                     evidence="Laporan realisasi anggaran")
    session.commit()
    paths = indicator_report(session, year=2022, period=None, formats=["xlsx", "pdf"],
                             out_dir=tmp_path)
    flat = " ".join(_pdf_text(paths[0] if paths[0].suffix == ".pdf" else paths[1]).split())
    assert "Capaian Indikator Kinerja Tahun 2022" in flat
    assert "Sasaran" in flat and "Realisasi" in flat and "Capaian" in flat
    assert "97,50" in flat and "102,63" in flat  # 97.5 / 95
    xlsx = next(p for p in paths if p.suffix == ".xlsx")
    ws = load_workbook(xlsx)["Capaian"]
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[1]
            and "penyerapan" in str(r[1]).lower()]
    assert rows[0][3:8] == ("95%", 97.5, 102.63, "tercapai", "Diisi manual")


def test_demo_plan_and_indicator_table(session, media_data, tmp_path):
    from indicators.demo import import_example_plan, write_indicator_table

    lines: list[str] = []
    import_example_plan(lines.append, year=2023, profile="instansi")
    import_example_plan(lines.append, year=2023, profile="instansi")  # adds nothing
    paths = write_indicator_table(tmp_path, lines.append, year=2023,
                                  indicators=IndicatorsConfig(), survey=SurveyConfig(),
                                  institution=InstitutionConfig())
    assert sorted(p.name for p in paths) == [
        "capaian-indikator-2023.pdf", "capaian-indikator-2023.xlsx"]
    assert all(p.parent == tmp_path / "indikator" for p in paths)
    assert lines[0] == ("Rencana contoh IKU Biro Hubungan Masyarakat 2023 diimpor "
                        "(2 indikator, 2 versi).")
    assert lines[1] == ("Rencana contoh IKU Biro Hubungan Masyarakat 2023 tidak berubah "
                        "(2 indikator, 2 versi).")
    ws = load_workbook(tmp_path / "indikator" / "capaian-indikator-2023.xlsx")["Capaian"]
    rows = [r for r in ws.iter_rows(values_only=True) if r[1] and "sentimen" in str(r[1])]
    assert len(rows) == 1
    assert rows[0][4] == 52.94  # the year: 6 + 3 negatif of 13 + 4 labelled


def test_missing_plan_profile_falls_back_to_every_profile(session, tmp_path):
    pid = add_profile(session, "lain")
    add_mention(session, pid, wib(2023, 6, 5), model="negatif")
    save_plan(session, read_plan(EXAMPLES / "iku-2023-biro-humas-kementerian-januari.yaml"))
    session.commit()
    html = media_report(session, kind="daily", day=date(2023, 6, 5), formats=["html"],
                        out_dir=tmp_path)[0].read_text(encoding="utf-8")
    assert "Profil &#39;instansi&#39; pada indikator rencana belum ada" in html
    assert "Terdapat 1 pemberitaan" in html
    with pytest.raises(InputError, match="report_profile"):
        media_report(session, kind="daily", day=date(2023, 6, 5), formats=["html"],
                     out_dir=tmp_path, indicators=IndicatorsConfig(report_profile="tidakada"))


@needs_poppler
def test_report_breaks_coverage_down_by_outlet_scope_and_province(session, tmp_path,
                                                                  pantau_env):
    """Scope and province come from the outlet catalogue, the office's corrections
    (PANTAU_HOME/outlets.csv) included; social posts and unknown outlets have rows of their
    own, and a national outlet has no province."""
    (pantau_env / "outlets.csv").parent.mkdir(parents=True, exist_ok=True)
    (pantau_env / "outlets.csv").write_text(
        "id;name;media_type;scope;province;homepage\n"
        "warta-dewata;Warta Dewata;online;kabupaten-kota;Bali;https://wartadewata.example/\n",
        encoding="utf-8")
    pid = add_profile(session, "instansi")
    rows = [("Kompas.com", "online", "positif"), ("Tribun Jabar", "online", "negatif"),
            ("TribunJabar.id", "online", "netral"),  # an alias: the same outlet
            ("Radar Bogor", "cetak", "negatif"), ("ANTARA Sumut", "online", "netral"),
            ("Warta Dewata", "online", "positif"), ("Instagram", "media sosial", "negatif"),
            ("Portal Tak Dikenal", "online", "netral")]
    for i, (outlet, media, tone) in enumerate(rows):
        add_mention(session, pid, wib(2023, 6, 5, 8 + i), model=tone, media_type=media,
                    outlet=outlet, title=f"Berita cakupan {i}")
    session.commit()
    media_report(session, kind="daily", day=date(2023, 6, 5), formats=["pdf", "xlsx"],
                 out_dir=tmp_path)
    wb = load_workbook(tmp_path / "laporan-media-harian-2023-06-05.xlsx")
    scopes = [r[:5] for r in wb["Cakupan media"].iter_rows(min_row=2, values_only=True)]
    assert scopes == [("nasional", 1, 1, 0, 0), ("provinsi", 3, 0, 2, 1),
                      ("kabupaten-kota", 2, 1, 0, 1), ("media sosial", 1, 0, 0, 1),
                      ("di luar katalog", 1, 0, 1, 0)]
    provinces = {r[0]: r[1:5] for r in wb["Provinsi media"].iter_rows(min_row=2,
                                                                      values_only=True)}
    assert provinces == {"Jawa Barat": (3, 0, 1, 2), "Sumatera Utara": (1, 0, 1, 0),
                         "Bali": (1, 1, 0, 0)}
    assert list(provinces)[0] == "Jawa Barat"  # the most mentions first
    flat = " ".join(_pdf_text(tmp_path / "laporan-media-harian-2023-06-05.pdf").split())
    assert "Menurut cakupan dan provinsi media" in flat
    assert "kabupaten-kota 2 1 0 1 50,00%" in flat
    assert "Jawa Barat 3 0 1 2 66,67%" in flat


IKM_PLAN_2026 = """jenis: IKU
unit_kerja: Biro Humas
tahun: 2026
sasaran:
- sasaran: Layanan yang memuaskan
  indikator:
  - {kode: IKU-2, nama: Indeks Kepuasan Masyarakat, satuan: indeks, target: 82,
     sumber: ikm, unit_survei: humas}
- sasaran: Citra positif
  indikator:
  - {kode: IKU-1, nama: Persentase sentimen negatif, satuan: '%', target: 20,
     polaritas: rendah, sumber: negative_share, profil: instansi}
"""


@needs_poppler
def test_indicator_report_states_the_uncertainty_of_each_value(session, tmp_path):
    """The signed report showed 'IKM 75,43 tidak tercapai' without its interval, grade,
    respondents or the short sample; and a negative share without saying it is the model's
    unaudited labels."""
    from survey.api import score_unit, submit_response
    from survey.config import UnitConfig

    pid = add_profile(session, "instansi")
    for tone in ("negatif", "positif", "netral", "netral"):
        add_mention(session, pid, wib(2026, 3, 2), model=tone)
    path = tmp_path / "iku.yaml"
    path.write_text(IKM_PLAN_2026, encoding="utf-8")
    save_plan(session, read_plan(path))
    survey = SurveyConfig(units=[UnitConfig(code="humas", name="Humas", population=150)])
    for value in (4, 3, 3, 3):
        submit_response(session, survey=survey, unit="humas", period=parse_period("2026-03"),
                        answers={f"U{i}": value for i in range(1, 10)},
                        tanggal_survei=date(2026, 3, 10))
    session.commit()
    score = score_unit(session, survey=survey, unit="humas", period=parse_period("2026"))
    assert score.ci95 is not None and score.min_sample == 108
    from indicators.api import write_indicator_report

    paths = write_indicator_report(session, year=2026, period=None,
                                   formats=["pdf", "xlsx", "html"], out_dir=tmp_path / "out",
                                   indicators=IndicatorsConfig(), survey=survey,
                                   institution=InstitutionConfig())
    low, high = (f"{x:.2f}".replace(".", ",") for x in score.ci95)
    ikm = f"{float(score.ikm):.2f}".replace(".", ",")
    expected = (f"IKM {ikm} (mutu {score.grade}); selang kepercayaan 95%: {low} s.d. "
                f"{high}; 4 responden, di bawah sampel minimum 108 untuk populasi 150")
    pdf = " ".join(_pdf_text(next(p for p in paths if p.suffix == ".pdf")).split())
    html = " ".join(next(p for p in paths if p.suffix == ".html")
                    .read_text(encoding="utf-8").split())
    for text in (pdf, html):
        assert expected in text
        assert "label model, belum diaudit" in text
        assert "Selang kepercayaan 95% adalah rentang" in text  # what it means, in words
        assert "--json" not in text and "pantau indicators" not in text
    ws = load_workbook(next(p for p in paths if p.suffix == ".xlsx"))["Capaian"]
    rows = list(ws.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Sasaran")
    row = next(r for r in rows if r[1] and str(r[1]).startswith("IKU-2"))
    cells = dict(zip(header, row, strict=False))
    assert cells["Mutu"] == score.grade and cells["Responden"] == 4
    assert cells["Sampel minimum"] == 108 and cells["Populasi"] == 150
    assert (cells["Selang 95% bawah"], cells["Selang 95% atas"]) == tuple(score.ci95)
    assert cells["Keterangan"] == expected
    neg = dict(zip(header, next(r for r in rows if r[1] and str(r[1]).startswith("IKU-1")),
                   strict=False))
    assert neg["Keterangan"] == "label model, belum diaudit"


def test_value_notes_of_an_audited_share_and_a_sufficient_sample():
    from indicators.indicator_report import value_note
    from indicators.service import IndicatorValue

    def value(source, realisasi, inputs):
        return IndicatorValue(indicator_id=1, plan_id=1, plan="IKU", sasaran="S", code=None,
                              name="x", unit="%", target=20, target_text="20", polarity="lower",
                              source=source, period="2026", realisasi=realisasi,
                              capaian=None, status="tercapai", inputs=inputs)

    audited = value("negative_share", 18.5, {"perkiraan_terkoreksi": 19.2,
                                             "selang_95": [14.8, 23.6],
                                             "audit_pemberitaan": 100})
    assert value_note(audited) == ("perkiraan terkoreksi 19,2%; selang kepercayaan 95%: "
                                   "14,8% s.d. 23,6%; audit 100 pemberitaan")
    enough = value("ikm", 88.1, {"ikm": 88.1, "mutu": "B", "ci95": [87.0, 89.2],
                                 "responden": 120, "sampel_minimum": 108, "populasi": 150})
    assert value_note(enough) == ("IKM 88,10 (mutu B); selang kepercayaan 95%: 87,00 s.d. "
                                  "89,20; 120 responden, memenuhi sampel minimum 108 untuk "
                                  "populasi 150")
    unknown = value("ikm", 88.1, {"ikm": 88.1, "mutu": "B", "ci95": None, "responden": 1,
                                  "sampel_minimum": None, "populasi": None})
    assert value_note(unknown) == ("IKM 88,10 (mutu B); 1 responden, populasi belum diisi "
                                   "sehingga kecukupan sampel tidak dapat dinilai")
    assert value_note(value("ikm", None, {"responden": 0})) == ""
    assert value_note(value("manual", 5.0, {})) == ""

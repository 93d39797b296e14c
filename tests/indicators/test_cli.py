"""`pantau plan ...`, `pantau indicators ...` and `pantau report ...` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session

from pantau.core import db
from tests.indicators.helpers import add_mention, add_profile, wib

EXAMPLES = Path(__file__).parents[2] / "indicators" / "examples"
IKU = str(EXAMPLES / "iku-2023-biro-humas-kementerian-januari.yaml")
IKU_REVISION = str(EXAMPLES / "iku-2023-biro-humas-kementerian-revisi-september.yaml")
RKT = str(EXAMPLES / "rkt-2022-biro-humas-protokol-mk.yaml")


def test_plan_import_list_show_export(cli_runner, tmp_path):
    out = cli_runner(["plan", "import", RKT]).output
    assert "Rencana RKT Biro Hubungan Masyarakat dan Protokol 2022 (ID 1) diimpor" in out
    assert "3 sasaran, 9 indikator" in out
    assert "sama dengan versi 1" in cli_runner(["plan", "import", RKT]).output
    cli_runner(["plan", "import", IKU])
    listing = cli_runner(["plan", "list"]).output
    assert "IKU" in listing and "RKT" in listing
    shown = cli_runner(["plan", "show", "IKU 2023"]).output
    assert "Persentase sentimen negatif pemberitaan" in shown
    assert "makin rendah makin baik" in shown and "profil instansi" in shown
    for fmt in ("xlsx", "csv", "yaml"):
        target = tmp_path / f"rkt.{fmt}"
        cli_runner(["plan", "export", "1", "--format", fmt, "--out", str(target)])
        assert target.stat().st_size > 0
    assert "sama dengan versi 1" in cli_runner(
        ["plan", "import", str(tmp_path / "rkt.xlsx")]).output


def test_plan_import_error_is_friendly(cli_runner, tmp_path):
    bad = tmp_path / "salah.csv"
    bad.write_text("jenis,unit_kerja,tahun,sasaran,indikator,satuan,target\n"
                   "IKU,Biro,20x3,S,A,%,90\n", encoding="utf-8")
    result = cli_runner(["plan", "import", str(bad)], expect_ok=False)
    assert result.exit_code == 1
    assert "Galat: Rencana dari salah.csv tidak dapat diimpor" in result.output
    assert "salah.csv, baris 2, kolom 'tahun'" in result.output
    assert "Traceback" not in result.output
    missing = cli_runner(["plan", "show", "PK 2030"], expect_ok=False)
    assert "Galat: Rencana 'PK 2030' tidak ditemukan" in missing.output


def test_indicators_set_and_compute_json(cli_runner, database_url):
    cli_runner(["plan", "import", RKT])
    out = cli_runner(["indicators", "set", "penyerapan anggaran", "--period", "2022-TW4",
                      "--value", "96,5".replace(",", "."), "--by", "Ani",
                      "--evidence", "LRA TW IV", "--link", "https://contoh.id/lra.pdf"]).output
    assert "Nilai 96,50 untuk 'Persentase penyerapan anggaran' periode Triwulan IV 2022" in out
    bad = cli_runner(["indicators", "set", "Media Monitoring", "--period", "2022",
                      "--value", "90", "--by", "Ani"], expect_ok=False)
    assert "dihitung Pantau" in bad.output
    data = json.loads(cli_runner(["indicators", "compute", "--year", "2022", "--json"]).output)
    row = next(d for d in data if d["name"] == "Persentase penyerapan anggaran")
    assert {k: row[k] for k in ("target", "realisasi", "capaian", "status")} == {
        "target": 95.0, "realisasi": 96.5, "capaian": 101.58, "status": "tercapai"}
    assert row["inputs"]["periode_nilai"] == "2022-TW4"
    assert row["inputs"]["tautan_bukti"] == "https://contoh.id/lra.pdf"
    assert row["inputs"]["bukti"] == "LRA TW IV"
    text = cli_runner(["indicators", "compute", "--year", "2022", "--period", "2022-S1"]).output
    assert "Periode 2022-S1" in text and "belum ada data" in text
    wrong = cli_runner(["indicators", "compute", "--year", "2022", "--period", "2022-13"],
                       expect_ok=False)
    assert "Galat: Periode '2022-13' tidak dikenali" in wrong.output


def test_plan_revision_versions_history_and_json_keys(cli_runner, database_url):
    with Session(db.get_engine(database_url)) as s:
        pid = add_profile(s, "instansi")
        # August 2023 (TW3): 1 negatif of 5 = exactly 20%, which "< 20%" does not meet.
        for day in range(1, 6):
            add_mention(s, pid, wib(2023, 8, day), model="negatif" if day == 1 else "netral")
        s.commit()
    assert "diimpor: versi 1, berlaku 01-01-2023" in cli_runner(["plan", "import", IKU]).output
    out = cli_runner(["plan", "import", IKU_REVISION]).output
    assert "direvisi: versi 2, berlaku 01-09-2023" in out
    assert "target triwulan ditambahkan: TW4 80." in out
    versions = cli_runner(["plan", "versions", "IKU 2023"]).output
    assert "Versi 1: berlaku mulai 01-01-2023" in versions
    assert "Versi 2: berlaku mulai 01-09-2023" in versions
    assert "Keterangan: Ilustrasi revisi September 2023" in versions
    shown = cli_runner(["plan", "show", "IKU 2023", "--version", "1"]).output
    assert "versi 1 dari 2" in shown and "target triwulan" not in shown
    assert "target triwulan: TW1 < 20%" in cli_runner(["plan", "show", "IKU 2023"]).output
    data = json.loads(cli_runner(["indicators", "compute", "--year", "2023", "--json"]).output)
    neg = next(d for d in data if d["code"] == "IKU-1")
    # The existing keys are kept; comparator, plan_version and quarters are added.
    assert set(neg) == {
        "indicator_id", "plan_id", "plan", "sasaran", "code", "name", "unit", "target",
        "target_text", "polarity", "source", "period", "realisasi", "capaian", "status",
        "inputs", "comparator", "plan_version", "quarters"}
    assert (neg["comparator"], neg["realisasi"], neg["status"]) == ("<", 20.0, "tidak tercapai")
    assert neg["plan_version"]["number"] == 2
    # Quarters of the year: TW1, TW2 end under version 1 (no quarterly targets).
    assert [(q["period"], q["realisasi"], q["status"]) for q in neg["quarters"]] == [
        ("2023-TW3", 20.0, "tidak tercapai"), ("2023-TW4", None, "belum ada data")]
    text = cli_runner(["indicators", "compute", "--year", "2023"]).output
    assert "versi 2 (berlaku mulai 2023-09-01)" in text and "2023-TW3: realisasi 20,00" in text
    # Manual values keep their history.
    cli_runner(["plan", "import", RKT])
    for value, who in (("40", "Ani"), ("42.5", "Budi")):
        cli_runner(["indicators", "set", "penyerapan anggaran", "--period", "2022-TW2",
                    "--value", value, "--by", who, "--evidence", f"LRA {who}"])
    history = cli_runner(["indicators", "history", "penyerapan anggaran", "--year", "2022"])
    lines = history.output.splitlines()
    assert "Riwayat nilai 'Persentase penyerapan anggaran'" in lines[0]
    assert "42,50" in lines[3] and "40,00" in lines[3] and "Budi" in lines[3]
    assert "Ani" in lines[4] and "LRA Ani" in lines[4]


def test_report_commands(cli_runner, database_url, tmp_path):
    with Session(db.get_engine(database_url)) as s:
        pid = add_profile(s, "instansi")
        add_mention(s, pid, wib(2023, 6, 5), model="negatif", title="Bantuan terlambat")
        add_mention(s, pid, wib(2023, 6, 5, 11), model="positif", title="Bantuan tepat")
        s.commit()
    cli_runner(["plan", "import", IKU])
    out = cli_runner(["report", "media", "--kind", "harian", "--date", "2023-06-05",
                      "--format", "html,xlsx", "--out", str(tmp_path)]).output
    assert "laporan-media-harian-2023-06-05.html" in out
    assert (tmp_path / "laporan-media-harian-2023-06-05.xlsx").exists()
    out = cli_runner(["report", "indicators", "--year", "2023", "--format", "xlsx",
                      "--out", str(tmp_path)]).output
    assert "capaian-indikator-2023.xlsx" in out
    bad = cli_runner(["report", "media", "--date", "2023-06-05", "--format", "odt"],
                     expect_ok=False)
    assert bad.exit_code == 2 and "odt" in bad.output
    none = cli_runner(["report", "indicators", "--year", "2031"], expect_ok=False)
    assert "Galat: Tidak ada rencana untuk tahun 2031" in none.output


def test_readme_documents_config_keys_and_commands():
    from indicators.config import IndicatorsConfig
    from pantau.cli.indicators import indicators_group, plan_group, report_group

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Plans, indicators and reports", 1)[1].split("\n### ", 1)[0]
    for key in IndicatorsConfig.model_fields:
        assert f"{key} =" in section, f"README does not document [indicators] {key}"
    for group in (plan_group, indicators_group, report_group):
        for name in group.commands:
            assert f"pantau {group.name} {name}" in section, f"{group.name} {name} undocumented"

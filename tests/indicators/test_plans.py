"""Plan files: the bundled examples, round trips through YAML/CSV/XLSX, bad input named by
file/row/column, re-import as a version (and atomic), manual values with their history."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from indicators.models import Indicator, ManualValue, Plan, Sasaran
from indicators.planio import read_plan, write_plan
from indicators.plans import (
    find_indicator,
    find_plan,
    manual_value_history,
    plan_structure,
    plan_to_spec,
    plan_versions,
    save_plan,
    set_manual_value,
)
from pantau.core import audit
from pantau.core.db import session_scope
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import parse_period

EXAMPLES = Path(__file__).parents[2] / "indicators" / "examples"
IKU = EXAMPLES / "iku-2023-biro-humas-kementerian-januari.yaml"
RKT = EXAMPLES / "rkt-2022-biro-humas-protokol-mk.yaml"


def test_example_plans_read():
    iku = read_plan(IKU)
    assert (iku.kind, iku.year) == ("IKU", 2023)
    inds = [i for g in iku.sasaran for i in g.indicators]
    assert [(i.source, i.polarity) for i in inds] == [("negative_share", "lower"),
                                                     ("ikm", "higher")]
    rkt = read_plan(RKT)
    rinds = [i for g in rkt.sasaran for i in g.indicators]
    assert len(rinds) == 9
    assert sum(i.source == "manual" for i in rinds) == 8
    assert {i.target_text for i in rinds} >= {"95%", "100%", "Skor 75", "90%"}
    assert read_plan(EXAMPLES / "rkt-2022-biro-humas-protokol-mk.csv") == rkt


@pytest.mark.parametrize("fmt", ["yaml", "csv", "xlsx"])
def test_round_trip_through_database(session, tmp_path, fmt):
    spec = read_plan(RKT)
    plan = save_plan(session, spec).plan
    session.commit()
    out = write_plan(plan_to_spec(session, plan), tmp_path / f"rkt.{fmt}", fmt)
    # The export names the version's date (the first version: 1 January).
    assert read_plan(out) == replace(spec, effective_from=date(2022, 1, 1))
    if fmt == "xlsx":
        ws = load_workbook(out)["Rencana"]
        header = [c.value for c in ws[1]]
        assert header[:3] == ["jenis", "unit_kerja", "instansi"]
        assert ws.max_row == 10


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_csv_names_file_row_and_column(tmp_path):
    path = _write(tmp_path, "rencana.csv",
                  "jenis,unit_kerja,tahun,sasaran,indikator,satuan,target,polaritas,sumber\n"
                  "IKU,Biro Humas,2023,S1,Indikator A,%,95,tinggi,manual\n"
                  "IKU,Biro Humas,2023,S1,Indikator B,persen,sembilan,tinggi,manual\n"
                  "IKU,Biro Humas,2023,S1,Indikator C,meter,90,naik turun,manual\n"
                  "IKU,Biro Humas,2023,S1,Negatif,%,20,rendah,negative_share\n")
    with pytest.raises(InputError) as err:
        read_plan(path)
    text = str(err.value)
    assert "rencana.csv, baris 3, kolom 'target': 'sembilan' bukan angka" in text
    assert "rencana.csv, baris 4, kolom 'satuan'" in text
    assert "rencana.csv, baris 4, kolom 'polaritas'" in text
    assert "rencana.csv, baris 5, kolom 'profil'" in text
    assert "baris 2" not in text


def test_bad_yaml_names_line(tmp_path):
    path = _write(tmp_path, "iku.yaml", """jenis: IKU
unit_kerja: Biro Humas
tahun: 2023
sasaran:
- sasaran: Citra
  indikator:
  - nama: A
    satuan: '%'
    target: 20
    sumber: ikm
""")
    with pytest.raises(InputError, match=r"iku.yaml, baris 7, kolom 'unit_survei'"):
        read_plan(path)
    broken = _write(tmp_path, "rusak.yaml", "jenis: IKU\n  tahun: [2023\n")
    with pytest.raises(InputError, match="rusak.yaml, baris .*bukan YAML"):
        read_plan(broken)


def test_bad_xlsx_header_and_plan_mix(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Rencana"
    ws.append(["jenis", "unit_kerja", "tahun", "sasaran", "indikator", "satuan", "target"])
    ws.append(["IKU", "Biro Humas", 2023, "S1", "A", "%", 90])
    ws.append(["RKT", "Biro Humas", 2023, "S1", "B", "%", 90])
    wb.save(tmp_path / "campur.xlsx")
    with pytest.raises(InputError, match=r"campur.xlsx \(lembar Rencana\), baris 3, kolom "
                                         r"'jenis/unit_kerja/tahun'"):
        read_plan(tmp_path / "campur.xlsx")
    ws.delete_cols(4)
    wb.save(tmp_path / "tanpa.xlsx")
    with pytest.raises(InputError, match="kolom wajib tidak ada: sasaran"):
        read_plan(tmp_path / "tanpa.xlsx")
    (tmp_path / "bukan.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="bukan berkas XLSX"):
        read_plan(tmp_path / "bukan.xlsx")


def test_reimport_adds_a_version_and_values_follow_the_indicator(session, tmp_path):
    spec = read_plan(RKT)
    first = save_plan(session, spec)
    assert (first.outcome, first.number, first.version.effective_from) == (
        "baru", 1, date(2022, 1, 1))
    ind = find_indicator(session, "RKT-3.1", year=2022)
    gone = find_indicator(session, "RKT-3.3", year=2022)
    set_manual_value(session, ind, period=parse_period("2022"), value=97.2, by="Ani")
    set_manual_value(session, gone, period=parse_period("2022-TW1"), value=99, by="Ani")
    session.commit()
    # The same file again: nothing new.
    assert save_plan(session, read_plan(RKT)).outcome == "sama"
    spec.sasaran[2].indicators[0].target = 96  # changed target
    spec.sasaran[2].indicators[0].target_text = "96%"
    del spec.sasaran[2].indicators[2]  # removed indicator
    result = save_plan(session, spec, effective_from=date(2022, 7, 1), note="Revisi PK",
                       by="cli:ani")
    session.commit()
    assert (result.outcome, result.number) == ("revisi", 2)
    assert result.changes == [
        "RKT-3.1 Persentase penyerapan anggaran: target 95% menjadi 96%.",
        "Indikator dihapus: RKT-3.3 Persentase kehadiran pegawai."]
    plan = session.exec(select(Plan)).one()
    versions = plan_versions(session, plan)
    assert [(v.effective_from, v.note) for v in versions] == [
        (date(2022, 1, 1), None), (date(2022, 7, 1), "Revisi PK")]
    # Both versions are kept whole: 9 + 8 indicators, 3 + 3 sasaran.
    assert len(session.exec(select(Indicator)).all()) == 17
    assert len(session.exec(select(Sasaran)).all()) == 6
    kept = find_indicator(session, "RKT-3.1", year=2022)
    assert kept.target == 96 and kept.version_id == versions[1].id
    # The removed indicator is still found (in the version that holds it).
    assert find_indicator(session, "RKT-3.3", year=2022).version_id == versions[0].id
    assert sorted(m.value for m in session.exec(select(ManualValue))) == [97.2, 99]
    # The first version is unchanged.
    old = {i.code: i.target for _g, inds in plan_structure(session, plan, versions[0])
           for i in inds}
    assert old["RKT-3.1"] == 95 and "RKT-3.3" in old
    # A file dated as an existing version corrects that version in place.
    spec.sasaran[2].indicators[0].target, spec.sasaran[2].indicators[0].target_text = 97, "97%"
    fix = save_plan(session, spec, effective_from=date(2022, 7, 1))
    assert (fix.outcome, fix.number) == ("koreksi", 2)
    assert len(plan_versions(session, plan)) == 2
    assert find_indicator(session, "RKT-3.1", year=2022).target == 97
    # Every import is in the audit log.
    actions = [e.action for e in audit.events(session, entity="plan")]
    assert actions == ["plan.correct", "plan.revise", "plan.import"]


def test_revision_needs_a_date_inside_the_year(session):
    save_plan(session, read_plan(RKT))
    spec = read_plan(RKT)
    spec.sasaran[0].indicators[0].target = 96
    with pytest.raises(InputError, match="revisi memerlukan tanggal berlaku"):
        save_plan(session, spec, today=date(2024, 3, 1))
    with pytest.raises(InputError, match="di luar tahun rencana 2022"):
        save_plan(session, spec, effective_from=date(2023, 1, 1))


def test_manual_value_history_keeps_every_change(session):
    save_plan(session, read_plan(RKT))
    ind = find_indicator(session, "RKT-3.1", year=2022)
    tw1 = parse_period("2022-TW1")
    set_manual_value(session, ind, period=tw1, value=20.5, by="Ani", evidence="LRA Maret",
                     at=datetime(2022, 4, 5, 3, 0, tzinfo=UTC))
    set_manual_value(session, ind, period=tw1, value=21.75, by="Budi", evidence="LRA revisi",
                     evidence_link="https://contoh.go.id/lra.pdf",
                     at=datetime(2022, 4, 9, 3, 0, tzinfo=UTC))
    set_manual_value(session, ind, period=parse_period("2022-TW2"), value=48, by="Ani")
    session.commit()
    history = manual_value_history(session, ind, tw1)
    assert [(c.value, c.previous, c.by, c.evidence, c.evidence_link) for c in history] == [
        (21.75, 20.5, "Budi", "LRA revisi", "https://contoh.go.id/lra.pdf"),
        (20.5, None, "Ani", "LRA Maret", None)]
    assert len(manual_value_history(session, ind)) == 3
    # The stored value is the latest; the audit log holds both with the value replaced.
    row = session.exec(select(ManualValue).where(ManualValue.period == "2022-TW1")).one()
    assert (row.value, row.entered_by) == (21.75, "Budi")
    events = audit.events(session, entity="indicator_manual_value", entity_id=row.id)
    assert [json.loads(e.before)["nilai"] if e.before else None for e in events] == [20.5, None]


def test_failed_reimport_leaves_stored_plan_untouched(tmp_path):
    with session_scope() as s:
        save_plan(s, read_plan(RKT))
    spec = read_plan(RKT)
    spec.sasaran[1].indicators.append(spec.sasaran[0].indicators[0])  # duplicate code
    with pytest.raises(InputError, match="muncul dua kali"), session_scope() as s:
        save_plan(s, spec)
    with session_scope() as s:
        assert len(s.exec(select(Indicator)).all()) == 9
        assert len(s.exec(select(Sasaran)).all()) == 3


def test_find_plan_and_indicator(session):
    save_plan(session, read_plan(RKT))
    save_plan(session, read_plan(IKU))
    session.commit()
    assert find_plan(session, "IKU 2023").kind == "IKU"
    assert find_plan(session, "protokol").kind == "RKT"
    with pytest.raises(NotFoundError):
        find_plan(session, "PK 2030")
    with pytest.raises(InputError, match="beberapa rencana"):
        find_plan(session, "biro")
    with pytest.raises(InputError, match="beberapa indikator"):
        find_indicator(session, "kerja sama", year=2022)
    assert find_indicator(session, "penyerapan", year=2022).code == "RKT-3.1"


@pytest.mark.parametrize(("code", "period", "value", "entry", "message"), [
    ("RKT-2.2", "2022", 90.0, {}, "dihitung Pantau"),
    ("RKT-1.1", "2023-TW1", 90.0, {}, "di luar tahun rencana 2022"),
    ("RKT-1.1", "2022", float("nan"), {}, "harus berupa angka"),
    ("RKT-1.1", "2022", 1001.0, {}, "tidak masuk akal untuk indikator persen"),
    ("RKT-1.1", "2022", 90.0, {"by": "  "}, "Nama pengisi wajib diisi"),
    ("RKT-1.1", "2022", 90.0, {"evidence_link": "javascript:alert(1)"}, "Tautan bukti"),
    ("RKT-1.1", "2022", 90.0, {"evidence_link": "https://"}, "Tautan bukti"),
], ids=["computed", "other-year", "nan", "percent", "no-name", "javascript", "no-site"])
def test_manual_value_rules(session, code, period, value, entry, message):
    save_plan(session, read_plan(RKT))
    ind = find_indicator(session, code, year=2022)
    with pytest.raises(InputError, match=message):
        set_manual_value(session, ind, period=parse_period(period), value=value,
                         **{"by": "Ani", **entry})
    assert session.exec(select(ManualValue)).all() == []


def test_manual_value_is_stored_trimmed_and_replaced(session):
    save_plan(session, read_plan(RKT))
    ind = find_indicator(session, "RKT-1.1", year=2022)
    set_manual_value(session, ind, period=parse_period("2022"), value=80, by=" Ani ",
                     evidence="  ", evidence_link="")
    row = set_manual_value(session, ind, period=parse_period("2022"), value=91, by="Budi",
                           evidence=" Laporan ", evidence_link=" HTTPS://contoh.go.id/a.pdf ")
    assert session.exec(select(ManualValue)).all() == [row]
    assert (row.value, row.entered_by, row.evidence, row.evidence_link) == (
        91, "Budi", "Laporan", "HTTPS://contoh.go.id/a.pdf")


# An IKM indicator of a 2026 plan; the line numbers of the fields matter (the
# `target:` of the indicator starting on line 7 is on line 10, `polaritas:` on line 11).
DIRECTION_PLAN = """jenis: IKU
unit_kerja: Biro Humas
tahun: 2026
sasaran:
- sasaran: Layanan yang memuaskan
  indikator:
  - kode: IKU-2
    nama: Indeks Kepuasan Masyarakat
    satuan: '{unit}'
    target: {target}
    polaritas: {polarity}
    sumber: {source}
    {extra}
"""


def _direction_plan(tmp_path, *, source="ikm", polarity="tinggi", target="82",
                    unit="indeks"):
    extra = "unit_survei: humas" if source == "ikm" else "profil: instansi"
    return _write(tmp_path, "rencana.yaml", DIRECTION_PLAN.format(
        unit=unit, target=target, polarity=polarity, source=source, extra=extra))


@pytest.mark.parametrize(("source", "polarity", "unit", "target", "words"), [
    ("ikm", "rendah", "indeks", "82", "makin tinggi makin baik"),
    ("negative_share", "tinggi", "%", "20", "makin rendah makin baik"),
    ("daily_report_on_time", "rendah", "%", "95", "makin tinggi makin baik"),
    ("collection_success", "rendah", "%", "95", "makin tinggi makin baik"),
])
def test_an_indicator_whose_direction_is_fixed_refuses_the_other_polarity(
        tmp_path, source, polarity, unit, target, words):
    """An IKM with `polaritas: rendah` (target 82) once gave realisasi 75,43 'tercapai'
    with capaian 108,01%: the direction of a satisfaction index (and of the negative share,
    and of the shares of tasks done) is fixed by its definition."""
    path = _direction_plan(tmp_path, source=source, polarity=polarity, unit=unit,
                           target=target)
    with pytest.raises(InputError) as err:
        read_plan(path)
    text = " ".join([str(err.value), *err.value.problems])
    assert "rencana.yaml, baris 11, kolom 'polaritas'" in text
    assert words in text


def test_a_fixed_direction_is_taken_when_polarity_is_left_out(tmp_path):
    path = _write(tmp_path, "rencana.csv",
                  "jenis,unit_kerja,tahun,sasaran,indikator,satuan,target,sumber,profil\n"
                  "IKU,Biro Humas,2026,S1,Negatif,%,20,negative_share,instansi\n")
    assert read_plan(path).sasaran[0].indicators[0].polarity == "lower"
    bad = _write(tmp_path, "salah.csv",
                 "jenis,unit_kerja,tahun,sasaran,indikator,satuan,target,polaritas,sumber,"
                 "unit_survei\nIKU,Biro Humas,2026,S1,IKM,indeks,82,rendah,ikm,humas\n")
    with pytest.raises(InputError) as err:
        read_plan(bad)
    assert any("salah.csv, baris 2, kolom 'polaritas'" in p for p in err.value.problems)


@pytest.mark.parametrize(("source", "unit", "target", "words"), [
    ("ikm", "%", "0.8", ["skala IKM 25-100", "80"]),
    ("ikm", "indeks", "101", ["skala IKM 25-100"]),
    ("ikm", "indeks", "20", ["skala IKM 25-100"]),
    ("negative_share", "%", "120", ["0-100"]),
    ("negative_share", "%", "-5", ["0-100"]),
])
def test_a_target_outside_the_indicator_scale_is_refused(tmp_path, source, unit, target,
                                                         words):
    """An IKM target 0,8 once gave 'capaian 9.428,75% | tercapai'."""
    polarity = "rendah" if source == "negative_share" else "tinggi"
    path = _direction_plan(tmp_path, source=source, polarity=polarity, unit=unit,
                           target=target)
    with pytest.raises(InputError) as err:
        read_plan(path)
    text = " ".join(err.value.problems)
    assert "rencana.yaml, baris 10, kolom 'target'" in text
    assert all(w in text for w in words), text


def test_quarter_targets_outside_the_scale_are_refused(tmp_path):
    path = _write(tmp_path, "rencana.yaml", DIRECTION_PLAN.format(
        unit="indeks", target="82", polarity="tinggi", source="ikm",
        extra="unit_survei: humas\n    target_tw1: '0,8'"))
    with pytest.raises(InputError) as err:
        read_plan(path)
    assert any("baris 14, kolom 'target_tw1'" in p and "25-100" in p
               for p in err.value.problems), err.value.problems


@pytest.mark.parametrize(("source", "unit", "target"), [
    ("ikm", "indeks", "82"), ("ikm", "skor", "25"), ("ikm", "indeks", "100"),
    ("negative_share", "%", "0"), ("negative_share", "%", "20")])
def test_targets_within_the_scale_are_read(tmp_path, source, unit, target):
    polarity = "rendah" if source == "negative_share" else "tinggi"
    spec = read_plan(_direction_plan(tmp_path, source=source, polarity=polarity, unit=unit,
                                     target=target))
    assert spec.sasaran[0].indicators[0].target == float(target)


def test_a_yaml_problem_names_the_line_of_its_field(tmp_path):
    """The error named the line the indicator starts on (7), not its `target:` (10)."""
    path = _direction_plan(tmp_path, target="sembilan")
    with pytest.raises(InputError) as err:
        read_plan(path)
    assert err.value.problems == [
        "rencana.yaml, baris 10, kolom 'target': 'sembilan' bukan angka"]

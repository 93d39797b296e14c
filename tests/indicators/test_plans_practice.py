"""Plans as they are managed (issue 12): comparators written in the target text, the sum of
a count entered per sub-period, one count per article when every profile is in scope.
Every expected number below is worked out by hand in the comment beside it."""

from __future__ import annotations

import pytest

from collectors.models import Match
from indicators.counting import Scope, fetch_rows, tone_counts, tone_counts_by_media
from indicators.formulas import ManualEntry, comparison, manual_realisasi, status
from pantau.core.periods import parse_period
from sentiment.models import SentimentLabel
from tests.indicators.helpers import add_mention, add_profile, wib


@pytest.mark.parametrize(("text", "polarity", "op", "value", "expected"), [
    # "< 20%": exactly 20 is not below 20.
    ("< 20%", "lower", "<", 20.0, "tidak tercapai"),
    ("< 20%", "lower", "<", 19.99, "tercapai"),
    ("kurang dari 20%", "lower", "<", 20.0, "tidak tercapai"),
    ("di bawah 20%", "lower", "<", 20.0, "tidak tercapai"),
    ("<= 20%", "lower", "<=", 20.0, "tercapai"),
    ("≤ 20%", "lower", "<=", 20.0, "tercapai"),
    ("maksimal 20%", "lower", "<=", 20.0, "tercapai"),
    ("paling tinggi 20%", "lower", "<=", 20.01, "tidak tercapai"),
    ("tidak lebih dari 20%", "lower", "<=", 20.0, "tercapai"),
    # No comparator written: the polarity decides (<= for lower, >= for higher).
    ("20%", "lower", "<=", 20.0, "tercapai"),
    ("Skor 75", "higher", ">=", 75.0, "tercapai"),
    ("Nilai 80 (Baik)", "higher", ">=", 79.99, "tidak tercapai"),
    ("> 80", "higher", ">", 80.0, "tidak tercapai"),
    ("lebih dari 80", "higher", ">", 80.01, "tercapai"),
    (">= 80", "higher", ">=", 80.0, "tercapai"),
    ("minimal 80", "higher", ">=", 80.0, "tercapai"),
    ("sekurang-kurangnya 80", "higher", ">=", 79.5, "tidak tercapai"),
    ("paling sedikit 80", "higher", ">=", 80.0, "tercapai"),
    ("tidak kurang dari 80", "higher", ">=", 80.0, "tercapai"),
])
def test_comparator_from_target_text(text, polarity, op, value, expected):
    comp = comparison(text, polarity)
    assert comp.op == op
    assert comp.written == (text not in ("20%", "Skor 75", "Nilai 80 (Baik)"))
    target = 20.0 if polarity == "lower" else 80.0 if "80" in text else 75.0
    assert status(value, target, polarity, comp) == expected


@pytest.mark.parametrize(("text", "value", "expected"), [
    ("80-90", 80.0, "tercapai"), ("80-90", 90.0, "tercapai"), ("80-90", 90.5, "tidak tercapai"),
    ("80 - 90%", 79.9, "tidak tercapai"), ("80 s.d. 90", 85.0, "tercapai"),
    ("antara 80 dan 90", 91.0, "tidak tercapai"), ("80 sampai dengan 90", 85.0, "tercapai"),
])
def test_range_targets(text, value, expected):
    comp = comparison(text, "higher")
    assert (comp.op, comp.low, comp.high, comp.text) == ("range", 80.0, 90.0, "80-90")
    assert status(value, 80.0, "higher", comp) == expected


def _entries(**values: float) -> list[ManualEntry]:
    return [ManualEntry(parse_period(code.replace("_", "-")), v) for code, v in values.items()]


def test_jumlah_entered_per_quarter_sums_the_quarters():
    # 3 + 5 + 4 + 6 = 18 (before: 6, only months were summed).
    entries = _entries(**{"2023_TW1": 3, "2023_TW2": 5, "2023_TW3": 4, "2023_TW4": 6})
    value, how = manual_realisasi(entries, parse_period("2023"), "jumlah")
    assert value == 18
    assert how["periode_nilai"] == ["2023-TW1", "2023-TW2", "2023-TW3", "2023-TW4"]
    assert "konflik" not in how
    # The first semester: TW1 + TW2 = 3 + 5 = 8.
    assert manual_realisasi(entries, parse_period("2023-S1"), "jumlah")[0] == 8


def test_jumlah_mixes_semester_quarter_and_months_without_double_counting():
    # S1 = 8 (its quarters 3 + 5 agree), TW3 = 4 with its months 1 + 1 + 2 = 4 (agree),
    # October 2 and November 2: 8 + 4 + 2 + 2 = 16; the quarters and months inside S1 and
    # TW3 are not added again.
    entries = _entries(**{"2023_S1": 8, "2023_TW1": 3, "2023_TW2": 5, "2023_TW3": 4,
                          "2023_07": 1, "2023_08": 1, "2023_09": 2, "2023_10": 2,
                          "2023_11": 2})
    value, how = manual_realisasi(entries, parse_period("2023"), "jumlah")
    assert value == 16
    assert how["periode_nilai"] == ["2023-S1", "2023-TW3", "2023-10", "2023-11"]
    assert "konflik" not in how
    # TW4 alone: October + November = 4.
    assert manual_realisasi(entries, parse_period("2023-TW4"), "jumlah")[0] == 4


def test_jumlah_conflict_is_reported_in_indonesian():
    # TW1 = 3 but its three months add up to 1 + 1 + 2 = 4: TW1 counts (3), TW2 = 5: 8.
    entries = _entries(**{"2023_TW1": 3, "2023_01": 1, "2023_02": 1, "2023_03": 2,
                          "2023_TW2": 5})
    value, how = manual_realisasi(entries, parse_period("2023"), "jumlah")
    assert value == 8
    assert how["konflik"] == [
        "Nilai Triwulan I 2023 (3) tidak sama dengan jumlah nilai di dalamnya "
        "(Januari 2023, Februari 2023, Maret 2023: 4); yang dijumlahkan nilai "
        "Triwulan I 2023."]
    # Months inside a quarter that add up to more than it, even partly entered: conflict.
    partial = _entries(**{"2023_TW1": 3, "2023_01": 4})
    value, how = manual_realisasi(partial, parse_period("2023"), "jumlah")
    assert value == 3 and len(how["konflik"]) == 1
    # A custom range straddling two quarters overlaps TW1 in part: left out, reported.
    straddle = [*_entries(**{"2023_TW1": 3}),
                ManualEntry(parse_period("2023-03-01..2023-04-30"), 9)]
    value, how = manual_realisasi(straddle, parse_period("2023"), "jumlah")
    assert value == 3
    assert "tumpang tindih sebagian" in how["konflik"][0]


def test_not_additive_units_keep_the_latest_value():
    entries = _entries(**{"2023_TW1": 40, "2023_TW2": 60, "2023_05": 55})
    assert manual_realisasi(entries, parse_period("2023"), "%")[0] == 60


def _second_match(session, mention_id: int, profile_id: int, *, model: str | None = None,
                  human: str | None = None) -> None:
    match = Match(mention_id=mention_id, profile_id=profile_id, passages=[])
    session.add(match)
    session.flush()
    if model or human:
        session.add(SentimentLabel(match_id=match.id, model_label=model, human_label=human,
                                   evidence=[]))
    session.flush()


@pytest.mark.parametrize("basis", ["all_copies", "unique_stories"])
def test_one_count_per_article_when_every_profile_is_in_scope(session, basis):
    """June 2023, profiles A and B:
    m1 matched by A (model netral) and B (model negatif): most negative -> negatif;
    m2 matched by A (model negatif) and B (human positif): the analyst wins -> positif;
    m3 matched by A only (model positif); m4 matched by B only (model negatif);
    m5 matched by A (unlabelled) and B (model netral) -> netral.
    Every profile: 5 articles, negatif 2 (m1, m4), netral 1, positif 2 -> 2/5 = 40%.
    Before the fix: 8 matches, negatif 3 (m1-B, m2-A, m4), labelled 7 -> 42.86%."""
    a, b = add_profile(session, "A"), add_profile(session, "B")
    m1 = add_mention(session, a, wib(2023, 6, 1), model="netral")
    _second_match(session, m1, b, model="negatif")
    m2 = add_mention(session, a, wib(2023, 6, 2), model="negatif")
    _second_match(session, m2, b, model="negatif", human="positif")
    add_mention(session, a, wib(2023, 6, 3), model="positif")
    add_mention(session, b, wib(2023, 6, 4), model="negatif")
    m5 = add_mention(session, a, wib(2023, 6, 5), labelled=False)
    _second_match(session, m5, b, model="netral")
    session.commit()
    june = parse_period("2023-06")
    every = tone_counts(session, Scope(june, None, None, basis))
    assert every is not None
    assert (every.negatif, every.netral, every.positif, every.tanpa_label) == (2, 1, 2, 0)
    assert every.negative_share == 40.0
    by_media = tone_counts_by_media(session, Scope(june, None, None, basis))
    assert by_media is not None and by_media.all.inputs() == every.inputs()
    rows = fetch_rows(session, Scope(june, None, None, basis))
    assert rows is not None and len(rows) == len({r.mention_id for r in rows}) == 5
    assert {r.mention_id: r.label for r in rows}[m1] == "negatif"
    # One profile in scope: its own labels, nothing to choose.
    only_a = tone_counts(session, Scope(june, "A", None, basis))
    assert only_a is not None
    assert (only_a.negatif, only_a.netral, only_a.positif, only_a.tanpa_label) == (1, 1, 1, 1)


PLAN_V1 = """
jenis: IKU
unit_kerja: Biro Humas
tahun: 2023
berlaku_mulai: 2023-01-01
sasaran:
- sasaran: Citra positif
  indikator:
  - kode: N1
    nama: Persentase sentimen negatif
    satuan: '%'
    target: 20
    target_teks: '< 20%'
    polaritas: rendah
    sumber: negative_share
    profil: instansi
  - kode: J1
    nama: Jumlah siaran pers
    satuan: jumlah
    target: 40
    target_tw1: 10
    target_tw2: 10
    target_tw3: 10
    target_tw4: 10
    sumber: manual
"""
PLAN_V2 = (PLAN_V1.replace("berlaku_mulai: 2023-01-01", "berlaku_mulai: 2023-09-01")
           .replace("target: 20\n    target_teks: '< 20%'",
                    "target: 15\n    target_teks: '< 15%'\n    target_tw3: '< 15%'\n"
                    "    target_tw4: '< 15%'"))


@pytest.fixture
def revised(session, tmp_path):
    """IKU 2023 in two versions (1 January: N1 "< 20%"; 1 September: N1 "< 15%" with
    TW3/TW4 targets), negative share data: February 1 negatif of 5 (20%), August 1 of 10
    (10%); J1 entered per quarter 3, 5, 4, 6."""
    from indicators.planio import read_plan
    from indicators.plans import find_indicator, save_plan, set_manual_value

    for name, text in (("v1.yaml", PLAN_V1), ("v2.yaml", PLAN_V2)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        save_plan(session, read_plan(path))
    pid = add_profile(session)
    for i in range(5):
        add_mention(session, pid, wib(2023, 2, 1 + i), model="negatif" if i == 0 else "netral")
    for i in range(10):
        add_mention(session, pid, wib(2023, 8, 1 + i), model="negatif" if i == 0 else "positif")
    j1 = find_indicator(session, "J1", year=2023)
    for q, value in zip((1, 2, 3, 4), (3, 5, 4, 6), strict=True):
        set_manual_value(session, j1, period=parse_period(f"2023-TW{q}"), value=value, by="Ani")
    session.commit()


def test_year_is_computed_against_the_version_in_force_with_its_quarters(session, revised):
    from tests.indicators.helpers import compute

    values = {v.code: v for v in compute(session, year=2023)}
    n1 = values["N1"]
    # The year ends under version 2: target "< 15%". 2 negatif of 15 = 13.33 < 15.
    assert (n1.target, n1.comparator, n1.realisasi, n1.status) == (15, "<", 13.33, "tercapai")
    assert n1.plan_version == {"id": n1.plan_version["id"], "number": 2,
                               "effective_from": "2023-09-01"}
    assert n1.capaian == 111.13  # (2 x 15 - 13.33) / 15 x 100
    # Quarters with a target in the version in force at their end: TW1/TW2 end under
    # version 1 (no quarterly targets), TW3/TW4 under version 2.
    assert [(q["period"], q["target"], q["comparator"], q["realisasi"], q["capaian"],
             q["status"], q["plan_version"]["number"]) for q in n1.quarters] == [
        ("2023-TW3", 15, "<", 10.0, 133.33, "tercapai", 2),  # (30 - 10) / 15 x 100
        ("2023-TW4", 15, "<", None, None, "belum ada data", 2)]
    j1 = values["J1"]
    # 3 + 5 + 4 + 6 = 18 of 40: capaian 45%.
    assert (j1.realisasi, j1.capaian, j1.status, j1.comparator) == (
        18, 45.0, "tidak tercapai", ">=")
    assert [(q["period"], q["realisasi"], q["capaian"], q["status"]) for q in j1.quarters] == [
        ("2023-TW1", 3, 30.0, "tidak tercapai"), ("2023-TW2", 5, 50.0, "tidak tercapai"),
        ("2023-TW3", 4, 40.0, "tidak tercapai"), ("2023-TW4", 6, 60.0, "tidak tercapai")]


def test_a_quarter_is_computed_against_the_version_in_force_then(session, revised):
    from tests.indicators.helpers import compute

    n1 = {v.code: v for v in compute(session, year=2023, period=parse_period("2023-TW1"))}["N1"]
    # TW1 ends under version 1: "< 20%", and exactly 20% (1 of 5) is not below 20%.
    assert (n1.target, n1.comparator, n1.realisasi, n1.status) == (
        20, "<", 20.0, "tidak tercapai")
    assert n1.plan_version["number"] == 1 and n1.quarters == []
    s1 = {v.code: v for v in compute(session, year=2023, period=parse_period("2023-S1"))}
    assert s1["N1"].plan_version["number"] == 1 and s1["N1"].target == 20
    assert s1["J1"].realisasi == 8  # TW1 + TW2 = 3 + 5


def test_indicator_report_prints_the_quarters_and_the_plan_version(session, revised,
                                                                   tmp_path):
    """The indicator report (HTML and XLSX) carries a row per quarter with its target,
    realisasi, capaian and status, and says which plan version the values came from."""
    from openpyxl import load_workbook

    from tests.indicators.helpers import indicator_report

    paths = indicator_report(session, year=2023, period=None, formats=["html", "xlsx"],
                             out_dir=tmp_path)
    html = next(p for p in paths if p.suffix == ".html").read_text(encoding="utf-8")
    # The year ends under version 2 of 2 (1 September); its note is printed.
    assert "Dihitung dengan versi 2 dari 2 versi rencana (berlaku mulai 01-09-2023)." in html
    # N1: TW3 "< 15%" 10,00 (1 negatif of 10) capaian 133,33 tercapai; TW4 has no data.
    assert ("<td>  Triwulan III 2023</td><td>%</td><td>&lt; 15%</td><td>10,00</td>"
            "<td>133,33</td><td>tercapai</td>") in " ".join(html.split("\n"))
    ws = load_workbook(next(p for p in paths if p.suffix == ".xlsx"))["Capaian"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    # J1's TW1 and TW2 end before 1 September: computed against version 1, and marked.
    assert rows[3][0] == (
        "Dihitung dengan versi 2 dari 2 versi rencana (berlaku mulai 01-09-2023). Target "
        "triwulan dihitung dengan versi yang berlaku pada akhir triwulannya (versi 1 untuk "
        "triwulan yang ditandai).")
    quarter_rows = [r[1:7] for r in rows if r[1] and str(r[1]).startswith("  Triwulan")]
    # J1 entered per quarter 3, 5, 4, 6 against 10 each; N1 only TW3/TW4 (version 2).
    assert quarter_rows == [
        ("  Triwulan III 2023", "%", "< 15%", 10.0, 133.33, "tercapai"),
        ("  Triwulan IV 2023", "%", "< 15%", None, None, "belum ada data"),
        ("  Triwulan I 2023 (versi 1)", "jumlah", "10", 3, 30.0, "tidak tercapai"),
        ("  Triwulan II 2023 (versi 1)", "jumlah", "10", 5, 50.0, "tidak tercapai"),
        ("  Triwulan III 2023", "jumlah", "10", 4, 40.0, "tidak tercapai"),
        ("  Triwulan IV 2023", "jumlah", "10", 6, 60.0, "tidak tercapai")]
    inputs = [r for r in load_workbook(next(p for p in paths if p.suffix == ".xlsx"))[
        "Masukan"].iter_rows(values_only=True)]
    assert inputs[0][4] == "Versi rencana"
    assert [(r[3], r[4]) for r in inputs[1:] if r[2] == "Persentase sentimen negatif"] == [
        ("2023", 2), ("2023-TW3", 2), ("2023-TW4", 2)]


def test_indicator_report_marks_a_quarter_of_another_version(session, revised, tmp_path):
    """A half-year computed under version 1 whose quarters were too: no mark; the first
    semester's J1 quarters print under version 1 without a version note."""
    from tests.indicators.helpers import indicator_report

    paths = indicator_report(session, year=2023, period=parse_period("2023-S1"),
                             formats=["html"], out_dir=tmp_path)
    html = paths[0].read_text(encoding="utf-8")
    assert "Dihitung dengan versi 1 dari 2 versi rencana (berlaku mulai 01-01-2023)." in html
    assert "Triwulan I 2023</td>" in html and "(versi" not in html

"""compute_indicators over stored rows: negative share (human labels winning, both
counting bases, Jakarta-day bounds, every period kind), job-history indicators, manual
values, stored results with their inputs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from indicators.config import IndicatorsConfig
from indicators.counting import Scope, ToneCounts, tone_counts
from indicators.models import IndicatorValueRecord
from indicators.planio import read_plan
from indicators.plans import find_indicator, save_plan, set_manual_value
from indicators.service import compute_indicators
from pantau.core.errors import InputError
from pantau.core.periods import parse_period
from tests.indicators.helpers import add_job, add_mention, add_profile, compute, wib

EXAMPLES = Path(__file__).parents[2] / "indicators" / "examples"

PLAN_YAML = """
jenis: IKU
unit_kerja: Biro Humas
tahun: 2023
sasaran:
- sasaran: Citra positif
  indikator:
  - kode: N1
    nama: Persentase sentimen negatif
    satuan: '%'
    target: 20
    polaritas: rendah
    sumber: negative_share
    profil: instansi
  - kode: N2
    nama: Persentase sentimen negatif media cetak
    satuan: '%'
    target: 20
    polaritas: rendah
    sumber: negative_share
    profil: instansi
    jenis_media: cetak
- sasaran: Layanan
  indikator:
  - kode: M1
    nama: Persentase penyerapan anggaran
    satuan: '%'
    target: 95
    sumber: manual
  - kode: D1
    nama: Media Monitoring
    satuan: '%'
    target: 95
    sumber: daily_report_on_time
  - kode: C1
    nama: Pengumpulan berhasil
    satuan: '%'
    target: 90
    sumber: collection_success
"""


@pytest.fixture
def plan(session, tmp_path):
    path = tmp_path / "iku.yaml"
    path.write_text(PLAN_YAML, encoding="utf-8")
    save_plan(session, read_plan(path))
    session.commit()


def _by_code(values):
    return {v.code: v for v in values}


def _story_data(session):
    """Hand-made data for June 2023 (Jakarta days):
    story A: 3 copies (ids a1<a2<a3), model negatif x3, analyst relabels a2 netral;
    story B: 2 copies, model positif / negatif;
    C: single copy, model negatif, cetak;
    D: single, unlabelled;
    E: single, human negatif over model positif;
    outside: 30 June 17:30 UTC = 1 July 00:30 WIB (not June), and 31 May 23:00 WIB.
    """
    pid = add_profile(session)
    other = add_profile(session, "lain")
    a1 = add_mention(session, pid, wib(2023, 6, 2), model="negatif")
    add_mention(session, pid, wib(2023, 6, 2, 10), model="negatif", human="netral", group=a1)
    add_mention(session, pid, wib(2023, 6, 3), model="negatif", group=a1)
    b1 = add_mention(session, pid, wib(2023, 6, 10), model="positif")
    add_mention(session, pid, wib(2023, 6, 11), model="negatif", group=b1)
    add_mention(session, pid, wib(2023, 6, 15), model="negatif", media_type="cetak")
    add_mention(session, pid, wib(2023, 6, 16))
    add_mention(session, pid, wib(2023, 6, 20), model="positif", human="negatif")
    add_mention(session, pid, wib(2023, 7, 1, 0, 30), model="negatif")
    add_mention(session, pid, wib(2023, 5, 31, 23, 0), model="negatif")
    add_mention(session, other, wib(2023, 6, 5), model="negatif")  # another profile
    session.commit()


def test_negative_share_all_copies_human_wins(session, plan):
    _story_data(session)
    # all copies: negatif = a1, a3, b2, C, E = 5; netral a2 (human) = 1; positif b1 = 1
    values = _by_code(compute(session, year=2023, period=parse_period("2023-06")))
    n1 = values["N1"]
    assert n1.inputs["negatif"] == 5
    assert n1.inputs["netral"] == 1 and n1.inputs["positif"] == 1
    assert n1.inputs["tanpa_label"] == 1 and n1.inputs["total_berlabel"] == 7
    assert n1.realisasi == round(5 / 7 * 100, 2)  # 71.43
    assert n1.status == "tidak tercapai"
    assert n1.capaian == 0.0  # (40 - 71.43) / 20 floored at 0
    assert n1.inputs["dasar_penghitungan"] == "all_copies"
    n2 = values["N2"]  # cetak only: C
    assert (n2.realisasi, n2.inputs["total_berlabel"]) == (100.0, 1)


def test_negative_share_unique_stories(session, plan):
    stories = IndicatorsConfig(counting_basis="unique_stories")
    _story_data(session)
    # stories: A -> analyst label of a2 = netral; B -> b1 (earliest labelled) = positif;
    # C negatif; D unlabelled; E negatif (human)  => 2 negatif of 4 labelled
    values = _by_code(compute(session, year=2023, period=parse_period("2023-06"),
                              indicators=stories))
    n1 = values["N1"]
    assert (n1.inputs["negatif"], n1.inputs["netral"], n1.inputs["positif"]) == (2, 1, 1)
    assert n1.inputs["tanpa_label"] == 1
    assert n1.realisasi == 50.0
    assert n1.inputs["dasar_penghitungan"] == "unique_stories"


@pytest.mark.parametrize(
    ("period", "negatif", "total"),
    [
        ("2023-06", 5, 7),
        ("2023-07", 1, 1),  # 1 July 00:30 WIB
        ("2023-TW2", 6, 8),  # April-June: includes 31 May 23:00 WIB
        ("2023-S1", 6, 8),
        ("2023", 7, 9),
        ("2023-06-02..2023-06-03", 2, 3),  # custom: story A only
        ("2023-06-01..2023-06-01", 0, 0),
    ],
)
def test_negative_share_every_period_kind(session, plan, period, negatif, total):
    _story_data(session)
    values = _by_code(compute(session, year=2023, period=parse_period(period)))
    n1 = values["N1"]
    assert (n1.inputs["negatif"], n1.inputs["total_berlabel"]) == (negatif, total)
    expected = round(negatif / total * 100, 2) if total else None
    assert n1.realisasi == expected
    assert n1.status == ("belum ada data" if total == 0 else
                         "tercapai" if expected <= 20 else "tidak tercapai")


def test_tone_counts_for_all_profiles(session):
    _story_data(session)
    counts = tone_counts(session, Scope(parse_period("2023-06"), None))
    assert counts is not None and counts.negatif == 6  # includes the other profile


def test_unknown_profile_gives_no_value(session, plan):
    values = _by_code(compute(session, year=2023))
    assert values["N1"].realisasi is None
    assert "belum ada" in values["N1"].inputs["catatan"]


def test_job_history_indicators(session, plan):
    deadline = IndicatorsConfig(daily_report_deadline="07:30")
    # A report covers day D and is due at D+1 07:30 WIB. First scheduled report covers
    # 2023-03-01: the 1st on time, the 2nd late, the 3rd failed, the 4th no run at all;
    # computed "today" = 5 March -> reports of 1-4 March are due -> 4 expected days.
    add_job(session, "report:daily", "2023-03-01", "berhasil", scheduled=wib(2023, 3, 2, 7),
            finished=wib(2023, 3, 2, 7, 20))
    add_job(session, "report:daily", "2023-03-02", "berhasil", scheduled=wib(2023, 3, 3, 7),
            finished=wib(2023, 3, 3, 7, 45))
    add_job(session, "report:daily", "2023-03-03", "gagal", scheduled=wib(2023, 3, 4, 7),
            finished=wib(2023, 3, 4, 7, 5))
    for day, st in ((1, "berhasil"), (1, "gagal"), (2, "berhasil"), (3, "terputus")):
        add_job(session, "collect:online", None, st, scheduled=wib(2023, 3, day, 6),
                finished=wib(2023, 3, day, 6, 5))
    add_job(session, "collect:online", None, "berhasil", scheduled=None,
            finished=wib(2023, 3, 2, 12))  # manual run: not counted
    add_job(session, "collect:online", None, "berjalan", scheduled=wib(2023, 3, 4, 6),
            finished=None)  # still running: not counted
    session.commit()
    values = _by_code(compute(session, year=2023, period=parse_period("2023-03"),
                              today=date(2023, 3, 5), indicators=deadline))
    d1 = values["D1"]
    assert d1.realisasi == 25.0
    assert (d1.inputs["tepat_waktu"], d1.inputs["terlambat"], d1.inputs["gagal"],
            d1.inputs["tidak_berjalan"]) == (1, 1, 1, 1)
    c1 = values["C1"]
    assert c1.realisasi == 50.0 and c1.inputs["terjadwal_selesai"] == 4
    feb = _by_code(compute(session, year=2023, period=parse_period("2023-02"),
                           today=date(2023, 3, 5), indicators=deadline))
    assert feb["D1"].realisasi is None  # before the first scheduled report


def test_manual_values_and_stored_records(session, plan):
    ind = find_indicator(session, "M1", year=2023)
    set_manual_value(session, ind, period=parse_period("2023-TW1"), value=20.5, by="Rina",
                     evidence="SPAN TW1")
    set_manual_value(session, ind, period=parse_period("2023-TW2"), value=48, by="Rina")
    session.commit()
    values = _by_code(compute(session, year=2023, period=parse_period("2023-S1")))
    m1 = values["M1"]
    assert m1.realisasi == 48 and m1.capaian == round(48 / 95 * 100, 2)
    assert m1.inputs["periode_nilai"] == "2023-TW2" and m1.inputs["diisi_oleh"] == "Rina"
    session.commit()
    recs = session.exec(select(IndicatorValueRecord).where(
        IndicatorValueRecord.period == "2023-S1")).all()
    assert len(recs) == 5
    stored = next(r for r in recs if r.indicator_id == ind.id)
    assert stored.realisasi == 48 and stored.inputs["periode_nilai"] == "2023-TW2"
    # Re-running replaces, never duplicates.
    compute(session, year=2023, period=parse_period("2023-S1"))
    session.commit()
    assert len(session.exec(select(IndicatorValueRecord)).all()) == 5


def test_lower_formula_from_config(session, plan):
    formula = IndicatorsConfig(lower_is_better_formula="target_over_realisasi")
    pid = add_profile(session)
    for i in range(4):
        add_mention(session, pid, wib(2023, 6, 1 + i), model="negatif" if i == 0 else "netral")
    session.commit()
    n1 = _by_code(compute(session, year=2023, period=parse_period("2023-06"),
                          indicators=formula))["N1"]
    assert n1.realisasi == 25.0 and n1.capaian == 80.0  # 20 / 25
    assert n1.inputs["rumus_capaian"] == "target_over_realisasi"


def test_period_outside_year_is_rejected(session, plan):
    with pytest.raises(InputError, match="di luar tahun"):
        compute(session, year=2023, period=parse_period("2022-05"))


def test_example_plans_compute(session):
    for f in EXAMPLES.glob("*.yaml"):
        save_plan(session, read_plan(f))
    session.commit()
    rkt = compute(session, year=2022)
    assert len(rkt) == 9
    assert {v.status for v in rkt} == {"belum ada data"}


IKM_PLAN = """
jenis: PK
unit_kerja: Biro Humas
tahun: 2023
sasaran:
- sasaran: Layanan kehumasan yang memuaskan
  indikator:
  - {kode: K1, nama: Nilai kepuasan layanan kehumasan, satuan: indeks, target: 80,
     sumber: ikm, unit_survei: humas}
  - {kode: K2, nama: IKM semua unit, satuan: indeks, target: 90, sumber: ikm, unit_survei: '*'}
  - {kode: K3, nama: IKM unit tak dikenal, satuan: indeks, target: 80, sumber: ikm,
     unit_survei: tidakada}
"""


def test_ikm_indicator_from_survey_responses(session, tmp_path):
    from survey.api import submit_response
    from survey.config import SurveyConfig, UnitConfig

    path = tmp_path / "pk.yaml"
    path.write_text(IKM_PLAN, encoding="utf-8")
    save_plan(session, read_plan(path))
    survey = SurveyConfig(units=[UnitConfig(code="humas", name="Humas")])
    # Two respondents in May 2023: all 4s and all 3s -> every NRR 3.5 -> IKM 87.5 (B).
    for value in (4, 3):
        submit_response(session, survey=survey, unit="humas", period=parse_period("2023-05"),
                        answers={f"U{i}": value for i in range(1, 10)},
                        tanggal_survei=date(2023, 5, 10))
    session.commit()
    values = _by_code(compute(session, year=2023, period=parse_period("2023-TW2")))
    k1 = values["K1"]
    assert (k1.realisasi, k1.capaian, k1.status) == (87.5, 109.38, "tercapai")
    assert k1.inputs["responden"] == 2 and k1.inputs["mutu"] == "B"
    assert k1.inputs["nrr"]["Persyaratan"] == 3.5
    # Scores 100 and 75: s = 17.68, t(0.975, 1) = 12.71 -> +-158.8, kept within 25-100.
    assert k1.inputs["ci95"] == [25.0, 100.0] and "14/2017" in k1.inputs["metode"]
    k2 = values["K2"]
    assert (k2.realisasi, k2.status) == (87.5, "tidak tercapai")
    assert values["K3"].realisasi is None and "tidakada" in values["K3"].inputs["catatan"]
    tw3 = _by_code(compute(session, year=2023, period=parse_period("2023-TW3")))
    assert tw3["K1"].realisasi is None and tw3["K1"].inputs["responden"] == 0


@pytest.mark.parametrize("basis", ["all_copies", "unique_stories"])
def test_media_type_stories_are_formed_within_the_media_type(session, plan, basis):
    _story_data(session)
    pid = add_profile(session, "ketiga")
    # Story F: online copy (positif) first, then a print reprint an analyst marked negatif.
    f1 = add_mention(session, pid, wib(2023, 6, 7), model="positif")
    add_mention(session, pid, wib(2023, 6, 8), model="positif", human="negatif",
                media_type="cetak", group=f1)
    session.commit()
    from indicators.counting import tone_counts_by_media

    june = parse_period("2023-06")
    both = tone_counts_by_media(session, Scope(june, "ketiga", None, basis))
    if basis == "unique_stories":
        # every media: the analyst-labelled copy represents the story -> negatif
        assert both.all == ToneCounts(negatif=1)
        # within print: the print copy alone -> negatif; within online: positif
        assert both.per_media == {"cetak": ToneCounts(negatif=1),
                                  "online": ToneCounts(positif=1)}
    else:
        assert both.all == ToneCounts(negatif=1, positif=1)
    # The one-query figures agree with the per-scope definition for every profile.
    for profile in ("instansi", "ketiga"):
        grouped = tone_counts_by_media(session, Scope(june, profile, None, basis))
        assert grouped.all == tone_counts(session, Scope(june, profile, None, basis))
        for media in ("online", "cetak"):
            assert grouped.per_media.get(media, ToneCounts()) == tone_counts(
                session, Scope(june, profile, media, basis))
        overall = tone_counts_by_media(session, Scope(june, profile, None, basis),
                                       per_media=False)
        assert overall.all == grouped.all


IKM_ALL_UNITS_PLAN = """
jenis: PK
unit_kerja: Dinas Kesehatan
tahun: 2023
sasaran:
- sasaran: Layanan yang memuaskan
  indikator:
  - {kode: K2, nama: IKM semua unit, satuan: indeks, target: 80, sumber: ikm, unit_survei: '*'}
"""


def test_an_ikm_over_every_unit_counts_only_the_plans_own_organisation_unit(session, tmp_path):
    """With several organisation units in one deployment, "every survey unit" of a unit's
    plan means that unit's own service units, never another office's respondents."""
    from survey.api import submit_response
    from survey.config import SurveyConfig, UnitConfig

    path = tmp_path / "pk.yaml"
    path.write_text(IKM_ALL_UNITS_PLAN, encoding="utf-8")
    save_plan(session, read_plan(path), org_unit="dinkes")
    survey = SurveyConfig(units=[UnitConfig(code="loket-dinkes", name="Loket", unit="dinkes"),
                                 UnitConfig(code="loket-dishub", name="Loket", unit="dishub")])
    for unit, value in (("loket-dinkes", 4), ("loket-dishub", 1)):
        submit_response(session, survey=survey, unit=unit, period=parse_period("2023-05"),
                        answers={f"U{i}": value for i in range(1, 10)},
                        tanggal_survei=date(2023, 5, 10))
    session.commit()
    (k2,) = compute_indicators(session, year=2023, period=parse_period("2023-TW2"),
                               indicators=IndicatorsConfig(), survey=survey)
    assert k2.realisasi == 100.0 and k2.inputs["responden"] == 1
    # Two service units of its own: it must say which (no silent mix of two services).
    survey.units.append(UnitConfig(code="lab-dinkes", name="Lab", unit="dinkes"))
    (k2,) = compute_indicators(session, year=2023, period=parse_period("2023-TW2"),
                               indicators=IndicatorsConfig(), survey=survey, store=False)
    assert k2.realisasi is None and "unit_survei" in k2.inputs["catatan"]

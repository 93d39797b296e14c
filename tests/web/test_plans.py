"""Planners' pages: plan import, realisasi and capaian, manual values, exports; the
dashboard's target from the plan."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from pantau.core.db import session_scope
from pantau.core.timeutil import to_jakarta, utcnow
from pantau.web.models import ANALIS, PIMPINAN
from tests.web.helpers import WebClient, add_user, seed_mentions


def example(name: str) -> Path:
    import indicators

    return Path(indicators.__file__).parent / "examples" / name


RKT = "rkt-2022-biro-humas-protokol-mk.yaml"


def import_plan(client: WebClient, path: Path) -> Any:
    return client.post("/rencana/impor", data={"csrf_token": client.csrf},
                       files={"file": (path.name, path.read_bytes(), "application/x-yaml")},
                       follow_redirects=False)


def indicator_id(code: str) -> int:
    from indicators.models import Indicator

    with session_scope() as s:
        row = s.exec(select(Indicator).where(Indicator.code == code)).one()
        assert row.id is not None
        return row.id


def test_import_plan_then_enter_a_manual_value(login: Any) -> None:
    from indicators.models import ManualValue

    client = login(ANALIS, "perencana")
    r = import_plan(client, example(RKT))
    assert r.status_code == 303 and r.headers["location"].startswith("/rencana?tahun=2022")
    page = unescape(client.get(r.headers["location"]).text)
    assert "Persentase kerja sama internasional yang efektif" in page
    assert "Simpan nilai" in page
    ind = indicator_id("RKT-1.1")
    r = client.form("/rencana/nilai", {"indicator_id": ind, "period": "2022-TW1",
                                       "value": "92,5", "evidence": "Laporan <kerja sama>",
                                       "link": "https://contoh.go.id/lap.pdf", "tahun": 2022})
    assert r.status_code == 303 and "periode=2022-TW1" in r.headers["location"]
    with session_scope() as s:
        row = s.exec(select(ManualValue).where(ManualValue.indicator_key == "code:rkt-1.1")).one()
    assert (row.value, row.period, row.entered_by) == (92.5, "2022-TW1", "perencana")
    page = client.get("/rencana?tahun=2022&periode=2022-TW1").text
    assert "92,50" in page and "Laporan &lt;kerja sama&gt;" in page


@pytest.mark.parametrize(("value", "link", "message"), [
    ("banyak", "", "bukan angka"),
    ("90", "javascript:alert(1)", "harus diawali http"),
])
def test_manual_value_errors(login: Any, value: str, link: str, message: str) -> None:
    client = login(ANALIS)
    import_plan(client, example(RKT))
    r = client.form("/rencana/nilai", {"indicator_id": indicator_id("RKT-1.1"),
                                       "period": "2022", "value": value, "link": link,
                                       "tahun": 2022})
    assert r.status_code == 400 and message in unescape(r.text)


def test_plan_import_rejects_other_files(login: Any) -> None:
    client = login(ANALIS)
    r = client.post("/rencana/impor", data={"csrf_token": client.csrf},
                    files={"file": ("rencana.exe", b"MZ", "application/octet-stream")})
    assert r.status_code == 400 and "YAML, CSV atau XLSX" in r.text


@pytest.mark.parametrize(("fmt", "magic"), [("xlsx", b"PK"), ("pdf", b"%PDF"),
                                           ("html", b"<!doctype html>")])
def test_indicator_exports(login: Any, fmt: str, magic: bytes) -> None:
    client = login(ANALIS)
    import_plan(client, example(RKT))
    r = login(PIMPINAN).get(f"/rencana/ekspor?tahun=2022&format={fmt}")
    assert r.status_code == 200 and r.content[:20].lower().startswith(magic.lower())


@pytest.mark.parametrize("fmt", ["yaml", "csv", "xlsx"])
def test_plan_download(login: Any, fmt: str) -> None:
    from indicators.models import Plan

    client = login(ANALIS)
    import_plan(client, example(RKT))
    with session_scope() as s:
        plan_id = s.exec(select(Plan.id)).one()
    r = client.get(f"/rencana/{plan_id}/unduh?format={fmt}")
    assert r.status_code == 200 and f".{fmt}" in r.headers["content-disposition"]
    if fmt == "yaml":
        assert "Persentase kerja sama internasional" in r.text


def test_read_only_role_sees_the_indicators_but_no_forms(login: Any) -> None:
    analyst = login(ANALIS)
    import_plan(analyst, example(RKT))
    page = unescape(login(PIMPINAN).get("/rencana?tahun=2022").text)
    # The plan, its indicators and the report downloads are there for the reader...
    assert "Persentase kerja sama internasional yang efektif" in page
    assert 'href="/rencana/ekspor?' in page
    # ...the forms that change them are not (the analyst has them on the same page).
    assert "Simpan nilai" not in page and "Impor rencana" not in page
    analyst_page = analyst.get("/rencana?tahun=2022").text
    assert "Simpan nilai" in analyst_page and "Impor rencana" in analyst_page


def test_empty_year_and_bad_period(login: Any) -> None:
    client = login(ANALIS)
    assert "Belum ada rencana" in client.get("/rencana?tahun=2030").text
    r = client.get("/rencana?tahun=2030&periode=2029-05")
    assert r.status_code == 400 and "di luar tahun 2030" in r.text


def test_dashboard_shows_the_plan_target(login: Any, tmp_path: Path) -> None:
    year = to_jakarta(utcnow()).year
    text = example("iku-2023-biro-humas-kementerian-januari.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "iku.yaml"
    text = text.replace("berlaku_mulai: '2023-01-01'", f"berlaku_mulai: '{year}-01-01'")
    plan.write_text(re.sub(r"^tahun: 2023$", f"tahun: {year}", text, flags=re.M),
                    encoding="utf-8")
    client = login(ANALIS)
    assert import_plan(client, plan).status_code == 303
    seed_mentions(3)
    page = client.get("/dasbor").text
    assert "Target &lt; 20%" in page
    assert 'class="big good">33,33%' not in page and 'class="big bad">33,33%' in page


def test_api_indicators_and_manual_values(login: Any, anon: WebClient) -> None:
    from pantau.web.users import create_api_token

    import_plan(login(ANALIS), example(RKT))
    add_user("sakip", ANALIS)
    with session_scope() as s:
        token = create_api_token(s, username="sakip", name="SAKIP", actor="admin")
    auth = {"authorization": f"Bearer {token}"}
    ind = indicator_id("RKT-1.1")
    r = anon.post(f"/api/v1/indicators/{ind}/values?year=2022", headers=auth,
                  json={"period": "2022", "value": 91, "evidence": "laporan"})
    assert r.status_code == 201, r.text
    values = anon.get("/api/v1/indicators?year=2022", headers=auth).json()
    row = next(v for v in values if v["code"] == "RKT-1.1")
    assert row["realisasi"] == 91 and row["target"] == 95 and "capaian" in row
    assert row["comparator"] == ">=" and row["plan_version"]["number"] == 1


def test_trend_page_charts_ikm_and_negative_share_with_axes(login: Any) -> None:
    """Without a plan: the IKM of every unit and the negative share of every profile, this
    month against the four before it, as charts with a value axis, period labels and
    numbers in Indonesian format, and as tables."""
    from indicators.api import count_tones
    from indicators.config import IndicatorsConfig
    from pantau.core.periods import month
    from pantau.core.render import fmt_number

    seed_mentions(3)
    now = to_jakarta(utcnow())
    this_month = month(now.year, now.month)
    with session_scope() as s:
        share = count_tones(s, period=this_month, indicators=IndicatorsConfig()).negative_share
    assert share is not None
    client = login(PIMPINAN, "kepala")
    r = client.get(f"/rencana/tren?tahun={now.year}&periode={this_month.code}")
    assert r.status_code == 200
    page = unescape(r.text)
    assert "Indeks Kepuasan Masyarakat (IKM)" in page
    assert "Persentase sentimen negatif pemberitaan" in page
    assert page.count('<svg class="chart trend"') == 2
    assert "IKM (skala 25-100)" in page and "persen (%)" in page  # axis titles
    assert f">{fmt_number(share)}</text>" in page  # the bar's value, e.g. 33,33
    assert f"{this_month.label}: {fmt_number(share)}%" in page
    assert this_month.previous().label in page  # the periods before it
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "tidak ada data" in text and "belum ada responden" in page
    # Reached from the plans page.
    assert "/rencana/tren?tahun=" in client.get("/rencana").text


def test_trend_page_uses_the_plan_indicators_and_their_targets(login: Any) -> None:
    client = login(ANALIS, "perencana")
    import_plan(client, example("iku-2023-biro-humas-kementerian-januari.yaml"))
    page = unescape(client.get("/rencana/tren?tahun=2023&periode=2023").text)
    assert "IKU-1 Persentase sentimen negatif pemberitaan" in page
    assert "target < 20%" in page and "makin kecil makin baik" in page
    assert "IKU-2 Nilai kepuasan" in page and "unit humas" in page
    # 2023 against 2019-2022 for the negative share.
    assert all(f"<td>Tahun {y}</td>" in page for y in range(2019, 2024))
    bad = client.get("/rencana/tren?tahun=2023&periode=2031")
    assert bad.status_code == 400 and "di luar tahun 2023" in unescape(bad.text)


def _plan_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


PK_SAME_PROFILE = """jenis: PK
unit_kerja: Biro Hubungan Masyarakat
tahun: 2023
sasaran:
- sasaran: Citra positif
  indikator:
  - {kode: PK-1, nama: Sentimen negatif perjanjian kinerja, satuan: '%', target: 15,
     polaritas: rendah, sumber: negative_share, profil: instansi}
  - {kode: PK-2, nama: IKM perjanjian kinerja, satuan: indeks, target: 85, sumber: ikm,
     unit_survei: HUMAS}
"""

RKT_UJI = """jenis: RKT
unit_kerja: Uji Satu
tahun: 2023
sasaran:
- sasaran: Uji
  indikator:
  - {kode: U-1, nama: Sentimen negatif uji, satuan: '%', target: 25, polaritas: rendah,
     sumber: negative_share, profil: instansi}
  - {kode: U-2, nama: IKM uji, satuan: indeks, target: 80, sumber: ikm, unit_survei: humas}
  - {kode: U-3, nama: Laporan harian uji, satuan: '%', target: 90,
     sumber: daily_report_on_time}
  - {kode: U-4, nama: Rilis uji, satuan: jumlah, target: 12}
"""


def test_trend_page_shows_every_plans_indicators_grouped_by_plan(login: Any,
                                                                 tmp_path: Path) -> None:
    """PK-1 (the same profile as IKU-1) and the third plan's indicators were left out."""
    client = login(ANALIS, "perencana")
    import_plan(client, example("iku-2023-biro-humas-kementerian-januari.yaml"))
    assert import_plan(client, _plan_file(tmp_path, "pk.yaml", PK_SAME_PROFILE)
                       ).status_code == 303
    assert import_plan(client, _plan_file(tmp_path, "rkt.yaml", RKT_UJI)).status_code == 303
    page = unescape(client.get("/rencana/tren?tahun=2023&periode=2023").text)
    for name in ("IKU-1 ", "IKU-2 ", "PK-1 Sentimen negatif perjanjian kinerja",
                 "PK-2 IKM perjanjian kinerja", "U-1 Sentimen negatif uji", "U-2 IKM uji"):
        assert name in page, name
    assert page.count('<svg class="chart trend"') == 6
    # Grouped by plan, each plan once as a heading, in the plans' order.
    headings = re.findall(r'<h2 class="plan-heading">([^<]+)</h2>', page)
    assert headings == ["IKU Biro Hubungan Masyarakat 2023",
                        "PK Biro Hubungan Masyarakat 2023", "RKT Uji Satu 2023"]
    # The indicators without a trend here are named, not silently dropped.
    assert "U-3 Laporan harian uji" in page and "U-4 Rilis uji" in page


def test_trend_page_captions_do_not_run_together(login: Any) -> None:
    client = login(PIMPINAN)
    page = client.get("/rencana/tren?tahun=2030&periode=2030").text
    text = re.sub(r"<[^>]+>", "", page)
    assert "tidak ada data" in " ".join(text.split())
    assert "datatidak" not in text and "dataTahun" not in text
    # Five columns share 400 units: "tidak ada data" in one line (about 85 units at this
    # size) ran into its neighbours; it is written on two short lines.
    assert page.count("tidak ada data") == 0
    # Five periods of the negative share, the IKM's one period asked for: no data.
    assert page.count('>tidak ada </tspan><tspan') == 6


def test_trend_bar_label_keeps_clear_of_the_target_line() -> None:
    from indicators.api import Trend, TrendPoint
    from pantau.core.periods import parse_period
    from pantau.web.routes.plans import trend_chart

    trend = Trend(source="ikm", title="IKM", scope="unit humas", unit="indeks",
                  polarity="higher", target=82, target_text="82",
                  points=[TrendPoint(parse_period("2026"), 75.43, "96 responden")])
    chart = trend_chart(trend)
    bar = chart.bars[0]
    assert chart.target_y is not None
    # The label's text runs from about 11 units above its baseline to its baseline.
    assert not bar.label_y - 12 <= chart.target_y <= bar.label_y + 2, (bar.label_y,
                                                                      chart.target_y)


def test_plan_import_error_names_the_field_line_and_links_back(login: Any,
                                                                tmp_path: Path) -> None:
    text = example("iku-2023-biro-humas-kementerian-januari.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    target_line = next(i for i, line in enumerate(lines, start=1)
                       if "target:" in line and "target_" not in line)
    lines[target_line - 1] = lines[target_line - 1].split("target:")[0] + "target: duapuluh"
    bad = _plan_file(tmp_path, "iku.yaml", "\n".join(lines) + "\n")
    r = import_plan(login(ANALIS), bad)
    page = unescape(r.text)
    assert r.status_code == 400
    assert f"iku.yaml, baris {target_line}, kolom 'target'" in page
    assert 'href="/rencana"' in page


def test_plans_page_dates_and_ranges_in_indonesian_and_a_phone_table(login: Any) -> None:
    from indicators.api import describe_inputs

    client = login(ANALIS)
    import_plan(client, example(RKT))
    page = client.get("/rencana?tahun=2022").text
    assert "berlaku mulai 01-01-2022" in page and "2022-01-01" not in page
    # The indicator table stacks its cells on a phone, each with its column's name.
    assert '<table class="cards">' in page
    for label in ("Realisasi", "Capaian", "Status"):
        assert f'data-label="{label}"' in page
    assert ("Selang kepercayaan 95%", "74,77 s.d. 76,09") in describe_inputs(
        {"ci95": [74.77, 76.09]})
    assert ("Versi rencana", "versi 2, berlaku mulai 01-09-2026") in describe_inputs(
        {"versi_rencana": {"number": 2, "effective_from": "2026-09-01"}})

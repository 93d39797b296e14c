"""The survey's rules hold whichever door a response comes in by: the public form, the JSON
API, the officers' upload page and `pantau survey import` refuse (or keep) the same input,
because all of them call the same survey functions."""

from __future__ import annotations

from html import unescape
from typing import Any

from sqlmodel import select

from pantau.core.db import session_scope
from pantau.web.models import PETUGAS_SURVEI
from tests.survey.helpers import GOOD, HEADERS, write_csv
from tests.web.helpers import (
    WebClient,
    add_user,
    csv_file,
    filled,
    open_form,
    responses,
    upload,
)

NEGATIVE = "nilai '-4' di luar rentang 1-4 untuk unsur Persyaratan"
BLANK_UNIT = "Unit layanan belum diisi"


def api_auth() -> dict[str, str]:
    from pantau.web.users import create_api_token

    add_user("kios", PETUGAS_SURVEI)
    with session_scope() as s:
        token = create_api_token(s, username="kios", name="kios antrean", actor="admin")
    return {"authorization": f"Bearer {token}"}


def test_negative_answer_is_refused_by_every_door(anon: WebClient, cli_runner: Any,
                                                  tmp_path: Any) -> None:
    form = anon.post("/survei/loket", data=filled(open_form(anon), u1="-4"))
    assert form.status_code == 400 and NEGATIVE in unescape(form.text)
    body = {"answers": {**{f"U{i}": 3 for i in range(2, 10)}, "U1": "-4"}}
    api = anon.post("/api/v1/survey/loket/responses", headers=api_auth(), json=body)
    assert api.status_code == 400 and NEGATIVE in " ".join(api.json()["problems"])
    rows = [r[:] for r in GOOD]
    rows[0][7] = "-4"
    path = write_csv(tmp_path / "d.csv", HEADERS, rows)
    cli = cli_runner(["survey", "import", str(path), "--unit", "loket", "--period", "2025-S1"],
                     expect_ok=False)
    assert cli.exit_code == 1 and NEGATIVE in cli.output
    assert responses() == 0


def test_blank_unit_is_refused_by_every_door(anon: WebClient, login: Any, cli_runner: Any,
                                             tmp_path: Any) -> None:
    page = upload(login(PETUGAS_SURVEI), csv_file(), unit="  ")
    assert page.status_code == 400 and BLANK_UNIT in page.text
    files = {"file": ("skm.csv", csv_file(), "text/csv")}
    api = anon.post("/api/v1/survey/uploads", headers=api_auth(), files=files,
                    data={"unit": "  ", "period": "2026-TW1"})
    assert api.status_code == 400 and BLANK_UNIT in api.json()["detail"]
    path = write_csv(tmp_path / "d.csv", HEADERS, GOOD)
    cli = cli_runner(["survey", "import", str(path), "--unit", " ", "--period", "2025-S1"],
                     expect_ok=False)
    assert cli.exit_code == 1 and BLANK_UNIT in cli.output
    assert responses() == 0


def test_long_saran_is_kept_to_the_same_length_by_form_and_api(anon: WebClient) -> None:
    from survey.api import MAX_SARAN
    from survey.models import Response

    long_text = "Antrean terlalu lama. " * 200
    assert len(long_text) > MAX_SARAN
    form = anon.post("/survei/loket", data=filled(open_form(anon), saran=long_text),
                     follow_redirects=False)
    assert form.status_code == 303
    body = {"answers": {f"U{i}": 3 for i in range(1, 10)}, "saran": long_text}
    api = anon.post("/api/v1/survey/loket/responses", headers=api_auth(), json=body)
    assert api.status_code == 201, api.text
    with session_scope() as s:
        kept = [r.saran for r in s.exec(select(Response)).all()]
    assert kept == [long_text.strip()[:MAX_SARAN]] * 2

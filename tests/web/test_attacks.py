"""Attacks found against the web app (issue 15), each replayed: the first submissions of a
new unit/period at once, absurd page and year numbers, parallel password guessing,
oversized chunked bodies, hostile files on the upload pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlmodel import select

from pantau.core.db import session_scope
from tests.pantau.helpers import at_once
from tests.web.helpers import TOKEN, WebClient, filled, responses

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_twenty_concurrent_first_submissions_are_all_stored(app: Any) -> None:
    """The first answers of a unit and month race to create survey_unit/survey_period: every
    answer thanked for is stored (on PostgreSQL 6-14 of 20 were thanked and dropped)."""
    app.state.web.submit_limiter.limit = 0  # one test address sends all twenty
    clients = [WebClient(app) for _ in range(20)]
    for c in clients:
        c.__enter__()
    forms = []
    for i, c in enumerate(clients):
        token = TOKEN.search(c.get("/survei/loket").text)[1]  # type: ignore[index]
        forms.append(filled(token, saran=f"penanda-{i}"))
    statuses = at_once([
        (lambda i=i: clients[i].post("/survei/loket", data=forms[i], follow_redirects=False))
        for i in range(20)])
    for c in clients:
        c.__exit__(None, None, None)
    statuses = [(r.status_code, r.headers.get("location", "")) for r in statuses]
    thanked = [s for s in statuses if s[0] == 303 and s[1].endswith("/terima-kasih")]
    assert len(thanked) == 20, statuses
    from survey.models import Response

    with session_scope() as s:
        stored = {r for r in s.exec(select(Response.saran)).all()}
    assert stored == {f"penanda-{i}" for i in range(20)}
    assert responses() == 20


def test_a_replayed_form_is_stored_once_and_thanked(anon: WebClient) -> None:
    token = TOKEN.search(anon.get("/survei/loket").text)[1]  # type: ignore[index]
    for _ in range(2):
        r = anon.post("/survei/loket", data=filled(token), follow_redirects=False)
        assert r.status_code == 303
    assert responses() == 1


@pytest.mark.parametrize(("url", "status"), [
    ("/media?hal=100000000000000000000", 400),
    ("/media/100000000000000000000000", 404),
    ("/api/v1/mentions?page=100000000000000000000", 400),
    ("/api/v1/indicators?year=99999", 400),
    ("/rencana?tahun=-1", 400),
    ("/media/laporan?tanggal=9999-12-31", 400),
])
def test_absurd_numbers_get_an_indonesian_answer(login: Any, url: str, status: int) -> None:
    client = login("admin")
    r = client.get(url)
    assert r.status_code == status, r.text[:300]
    body = r.text.lower()
    assert "traceback" not in body and "internal server error" not in body
    assert any(word in body for word in ("tidak", "halaman", "tahun", "tanggal")), r.text[:300]


def test_parallel_wrong_passwords_are_checked_at_most_limit_times(app: Any) -> None:
    """The limit was checked before and counted after verification: 7 parallel guesses
    against a limit of 3 were all evaluated."""
    from tests.web.helpers import add_user

    add_user("sasaran", "admin")
    app.state.web.login_limiter.limit = 3
    clients = [WebClient(app) for _ in range(7)]
    tokens = {}
    for c in clients:
        c.__enter__()
        page = c.get("/masuk").text
        tokens[id(c)] = CSRF.search(page)[1]  # type: ignore[index]
    results = at_once([
        (lambda c=c: c.post("/masuk", data={"username": "sasaran", "password": "salah-salah",
                                            "csrf_token": tokens[id(c)]},
                            follow_redirects=False))
        for c in clients])
    for c in clients:
        c.__exit__(None, None, None)
    statuses = [r.status_code for r in results]
    assert sorted(statuses) == [401] * 3 + [429] * 4


def test_an_oversized_chunked_form_field_gets_an_indonesian_answer(anon: WebClient) -> None:
    token = TOKEN.search(anon.get("/survei/loket").text)[1]  # type: ignore[index]
    form = filled(token, saran="x" * (1100 * 1024))
    body = "&".join(f"{k}={v}" for k, v in form.items()).encode()

    def chunks() -> Any:  # no Content-Length: the body arrives in chunks
        for i in range(0, len(body), 65536):
            yield body[i:i + 65536]

    r = anon.post("/survei/loket", content=chunks(),
                  headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    assert "terlalu besar" in r.text and "exceeded" not in r.text
    assert responses() == 0


def test_media_report_with_a_mathtext_outlet_web(login: Any) -> None:
    from tests.indicators.helpers import add_mention, add_profile, wib

    with session_scope() as s:
        pid = add_profile(s, "instansi")
        add_mention(s, pid, wib(2023, 6, 5, 8), model="negatif", outlet=r"Warta $\frac{x$")
    r = login("analis").get("/media/laporan?jenis=daily&tanggal=2023-06-05&format=pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_a_database_out_of_reach_is_an_indonesian_503_never_a_500(
        app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database that cannot be reached (stopped, restarted, its connection cut) answers
    503 with an Indonesian page (JSON on the API) and asks to retry: never a traceback or a
    500, and the public form never thanks for an answer it could not store."""
    from pantau.core.settings import reset_settings

    anon = WebClient(app)
    anon.__enter__()
    token = TOKEN.search(anon.get("/survei/loket").text)[1]  # type: ignore[index]
    monkeypatch.setenv("PANTAU_DATABASE_URL",
                       "postgresql+psycopg://pantau@127.0.0.1:9/tidak-ada?connect_timeout=2")
    reset_settings()
    try:
        page = anon.post("/survei/loket", data=filled(token), follow_redirects=False)
        api = anon.get("/api/v1/indicators", headers={"Authorization": "Bearer x"})
    finally:
        anon.__exit__(None, None, None)
    assert page.status_code == 503, page.text
    assert "Layanan sedang tidak tersedia" in page.text
    assert "Basis data sedang tidak dapat dihubungi" in page.text
    assert page.headers["retry-after"] == "30"
    assert api.status_code == 503 and "Basis data" in api.json()["detail"], api.text

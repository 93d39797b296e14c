"""Refusals of the JSON API in Indonesian: request validation, a wrong or revoked token,
a role that may not call an operation, a year without a plan."""

from __future__ import annotations

from typing import Any

import pytest

from pantau.core.db import session_scope
from pantau.web.models import ADMIN, PETUGAS_SURVEI
from tests.web.helpers import add_user


def _token(username: str, role: str) -> dict[str, str]:
    from pantau.web.users import create_api_token

    add_user(username, role)
    with session_scope() as s:
        token = create_api_token(s, username=username, name="uji", actor="uji")
    return {"authorization": f"Bearer {token}"}


@pytest.mark.parametrize(("url", "problem"), [
    ("/api/v1/indicators?year=abcd", "year: harus bilangan bulat"),
    ("/api/v1/indicators", "year: wajib diisi"),
    ("/api/v1/dashboard?day=16-11-2026", "day: tanggal tidak valid; gunakan TTTT-BB-HH"),
    ("/api/v1/mentions?per_page=0", "per_page: harus paling sedikit 1"),
    ("/api/v1/mentions?per_page=501", "per_page: harus paling banyak 500"),
    ("/api/v1/mentions?unique_only=mungkin", "unique_only: harus true atau false"),
])
def test_validation_errors_are_indonesian(anon: Any, url: str, problem: str) -> None:
    r = anon.get(url, headers=_token("integrasi", ADMIN))
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == "Data yang dikirim tidak lengkap atau tidak valid."
    assert body["problems"] == [problem]


def test_body_validation_errors_are_indonesian(anon: Any) -> None:
    r = anon.post("/api/v1/tone-corrections", json={"match_ids": [], "note": 5},
                  headers=_token("integrasi", ADMIN))
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert "label: wajib diisi" in problems
    assert any(p.startswith("match_ids: ") for p in problems)
    assert any(p.startswith("note: ") for p in problems)
    assert not any("Input should" in p or "Field required" in p for p in problems)


def test_an_unknown_validation_error_has_an_indonesian_fallback() -> None:
    from pantau.web.app import validation_problem

    assert validation_problem({"type": "something_new", "loc": ("query", "x"),
                               "msg": "Whatever"}) == "x: nilai tidak valid"


def test_a_wrong_token_is_called_invalid(anon: Any) -> None:
    r = anon.get("/api/v1/saya", headers={"authorization": "Bearer pnt_palsu"})
    assert r.status_code == 401
    assert r.json()["detail"] == "Token API tidak valid atau sudah dicabut."
    r = anon.get("/api/v1/saya")
    assert r.status_code == 401 and "token API" in r.json()["detail"]


def test_a_forbidden_api_call_names_the_roles_not_a_page(anon: Any) -> None:
    r = anon.get("/api/v1/users", headers=_token("petugas", PETUGAS_SURVEI))
    assert r.status_code == 403
    detail = r.json()["detail"]
    assert "halaman" not in detail and "tidak memiliki akses" in detail
    assert "Admin" in detail
    r = anon.post("/api/v1/tone-corrections", json={"match_ids": [1], "label": "positif"},
                  headers=_token("petugas2", PETUGAS_SURVEI))
    assert r.status_code == 403 and "Analis" in r.json()["detail"]


def test_indicators_of_a_year_without_a_plan_is_404_in_words(anon: Any) -> None:
    r = anon.get("/api/v1/indicators?year=2025", headers=_token("integrasi", ADMIN))
    assert r.status_code == 404
    assert "Tidak ada rencana untuk tahun 2025" in r.json()["detail"]

"""The attack campaign on the JSON API, driven by its own OpenAPI description
(`/api/v1/openapi.json`) with schemathesis: every operation, with generated path, query,
header and body values, answered as an admin's API token. No answer is a server error; every
refusal is JSON with an Indonesian `detail`; every answer carries the security headers."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis

from pantau.core.db import session_scope
from pantau.web.models import ADMIN
from tests.properties import assert_clear_message, campaign
from tests.web.helpers import add_user, seed_mentions


@pytest.fixture
def admin_token() -> str:
    from pantau.web.users import create_api_token

    add_user("integrasi", ADMIN)
    seed_mentions(3)
    with session_scope() as s:
        return create_api_token(s, username="integrasi", name="kampanye", actor="uji")


def _description() -> dict[str, Any]:
    from pantau.web.app import bare_app

    # The same description the app serves at /api/v1/openapi.json (checked below), read
    # at collection time without settings or a database.
    return bare_app().openapi()


schema = schemathesis.openapi.from_dict(_description())


@pytest.mark.slow
@schema.parametrize()
@campaign(max_examples=15)
def test_every_api_operation_answers_without_a_server_error(case: Any, app: Any,
                                                            admin_token: str) -> None:
    from fastapi.testclient import TestClient

    sent = case.as_transport_kwargs(base_url="http://testserver")
    # Generated credentials are replaced by a real admin's: the campaign attacks what an
    # admitted caller can reach (the role matrix covers who is admitted).
    sent["headers"] = {k: v for k, v in (sent.get("headers") or {}).items()
                       if k.lower() != "authorization"}
    sent["headers"]["authorization"] = f"Bearer {admin_token}"
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.request(**sent)
    assert response.status_code < 500, f"{case.as_curl_command()} -> {response.text[:300]}"
    assert response.headers.get("x-content-type-options") == "nosniff"
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body, dict) and isinstance(body.get("detail"), str), body
        if response.status_code != 422:
            # 422 lists the fields in the validator's words under an Indonesian heading
            assert_clear_message(body["detail"])


def test_an_indicator_year_out_of_range_is_refused(anon: Any, admin_token: str) -> None:
    r = anon.get("/api/v1/indicators?year=0",
                 headers={"authorization": f"Bearer {admin_token}"})
    assert r.status_code == 400


def test_a_mention_day_out_of_range_is_refused(anon: Any, admin_token: str) -> None:
    r = anon.get("/api/v1/mentions?date_from=0001-01-01",
                 headers={"authorization": f"Bearer {admin_token}"})
    assert r.status_code == 400


def test_a_mention_id_beyond_the_integer_range_is_refused(anon: Any, admin_token: str) -> None:
    r = anon.get("/api/v1/mentions/2147483648",
                 headers={"authorization": f"Bearer {admin_token}"})
    assert r.status_code in (400, 404)
    assert_clear_message(r.json()["detail"])


def test_a_multipart_body_without_boundary_is_refused_in_indonesian(
        anon: Any, admin_token: str) -> None:
    r = anon.post("/api/v1/survey/uploads", content=b"x",
                  headers={"authorization": f"Bearer {admin_token}",
                           "content-type": "multipart/form-data"})
    assert r.status_code == 400
    assert_clear_message(r.json()["detail"])


def test_the_campaign_reads_the_description_the_app_serves(app: Any) -> None:
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        served = client.get("/api/v1/openapi.json").json()
    assert served == _description()
    assert {"/api/v1/mentions", "/api/v1/survey/uploads", "/api/v1/indicators"} <= set(
        served["paths"])

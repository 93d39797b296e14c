"""The API description an integrator reads at /api/v1/docs: descriptions of the indicator
and survey-score operations and their parameters, typed responses; and the indicator's
stable key (plan + code), which the manual-value operation accepts as well as the id."""

from __future__ import annotations

from typing import Any

from pantau.core.db import session_scope
from pantau.web.models import ANALIS
from tests.web.helpers import WebClient, add_user
from tests.web.test_plans import RKT, example, import_plan, indicator_id


def _spec() -> dict[str, Any]:
    from pantau.web.app import bare_app

    return bare_app().openapi()


def _response_schema(spec: dict[str, Any], path: str) -> dict[str, Any]:
    schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"]
    if schema.get("type") == "array":
        schema = schema["items"]
    name = schema["$ref"].rsplit("/", 1)[-1]
    return spec["components"]["schemas"][name]  # type: ignore[no-any-return]


def test_indicators_and_score_are_described_with_typed_responses() -> None:
    spec = _spec()
    for path in ("/api/v1/indicators", "/api/v1/survey/score"):
        op = spec["paths"][path]["get"]
        assert len(op.get("description", "")) > 80, path
        for param in op["parameters"]:
            assert param.get("description"), (path, param["name"])
    indicator = _response_schema(spec, "/api/v1/indicators")
    for field in ("indicator_id", "indicator_key", "plan_id", "code", "realisasi", "capaian",
                  "status", "plan_version", "quarters"):
        assert field in indicator["properties"], field
        assert indicator["properties"][field].get("description"), field
    description = spec["paths"]["/api/v1/indicators"]["get"]["description"]
    assert "versi rencana" in description and "indicator_key" in description
    assert "404" in description
    score = _response_schema(spec, "/api/v1/survey/score")
    for field in ("ikm", "grade", "nrr", "ci95", "respondents", "elements"):
        assert score["properties"][field].get("description"), field
    post = spec["paths"]["/api/v1/indicators/{indicator_id}/values"]["post"]
    assert "indicator_key" in post["description"] or "kode" in post["description"]


def test_manual_value_by_the_stable_code(login: Any, anon: WebClient) -> None:
    from pantau.web.users import create_api_token

    import_plan(login(ANALIS), example(RKT))
    add_user("sakip", ANALIS)
    with session_scope() as s:
        token = create_api_token(s, username="sakip", name="SAKIP", actor="admin")
    auth = {"authorization": f"Bearer {token}"}
    values = anon.get("/api/v1/indicators?year=2022", headers=auth).json()
    row = next(v for v in values if v["code"] == "RKT-1.1")
    assert row["indicator_key"] == f"{row['plan_id']}:RKT-1.1"
    assert row["indicator_id"] == indicator_id("RKT-1.1")
    for ref in ("RKT-1.1", row["indicator_key"]):
        r = anon.post(f"/api/v1/indicators/{ref}/values?year=2022", headers=auth,
                      json={"period": "2022", "value": 90, "evidence": "laporan"})
        assert r.status_code == 201, r.text
        assert r.json()["indicator_key"] == row["indicator_key"]
    r = anon.post("/api/v1/indicators/TIDAK-ADA/values?year=2022", headers=auth,
                  json={"period": "2022", "value": 90})
    assert r.status_code == 404

"""Units (tenants) in one deployment: a user of unit A cannot read, correct or export unit
B's data through any route. The routes come from the app's own route table (as in
test_security), so a route added without a line in `ATTACKS` or `LISTS` fails here.

Both users are admins of their own unit: every role check passes, and the unit scoping is
the only thing between them and the other unit's data."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import func, select

from pantau.core.db import session_scope
from pantau.web.deps import SESSION_COOKIE
from pantau.web.models import ADMIN, User
from pantau.web.security import sign
from tests.units import (
    OWN_STORY,
    OWN_UNIT,
    SECRET,
    report_names,
    store_profiles,
    two_units,
    unit_sources,
    write_unit_feeds,
)
from tests.web.helpers import WebClient, csv_file, login_token, password_hash
from tests.web.test_security import PROTECTED

UNITS = two_units() + """
[[survey.units]]
code = "loket-a"
name = "Loket Dinkes"
unit = "dinkes"

[[survey.units]]
code = "loket-b"
name = "Loket Rahasia Dishub"
unit = "dishub"
"""
YEAR = datetime.now(UTC).year
PLAN = Path(__file__).resolve().parents[2] / "indicators" / "examples" / \
    "iku-2023-biro-humas-kementerian-januari.yaml"


def _user(name: str, unit: str, role: str = ADMIN) -> None:
    with session_scope() as s:
        s.add(User(username=name, role=role, org_unit=unit, password_hash=password_hash()))


def _client(app: Any, name: str) -> WebClient:
    token = login_token(name)
    client = WebClient(app)
    client.cookies.set(SESSION_COOKIE, token)
    client.csrf = sign(app.state.web.secret, "csrf-session", token)
    return client


def _seed(config: Any, tmp_path: Path) -> dict[str, Any]:
    from collectors.models import Match, Mention, Profile, Source
    from indicators.api import read_plan, save_plan
    from pantau.core.periods import parse_period
    from sentiment.models import AuditSample, SentimentLabel
    from survey import api as survey_api

    ids: dict[str, Any] = {}
    with session_scope() as s:
        pa, pb = store_profiles(s)
        src = Source(name="Sumber bersama", kind="rss", url="http://127.0.0.1/rss")
        s.add(src)
        s.flush()

        def mention(key: str, title: str, profiles: list[Profile]) -> tuple[int, list[int]]:
            m = Mention(url_key=f"http://contoh.id/{key}", url=f"http://contoh.id/{key}",
                        title=title, text=f"{title}. Isi berita.", outlet="Harian Contoh",
                        media_type="online", published_at=datetime.now(UTC),
                        source_id=src.id, content_hash=key)
            s.add(m)
            s.flush()
            m.duplicate_group = m.id
            matches = []
            for p in profiles:
                x = Match(mention_id=m.id or 0, profile_id=p.id or 0, matched_terms=[p.name],
                          passages=[f"{title} ({p.name})"])
                s.add(x)
                s.flush()
                s.add(SentimentLabel(match_id=x.id or 0, model_label="negatif",
                                     model_score=0.9, model_name="uji"))
                matches.append(x.id or 0)
            return m.id or 0, matches

        ids["a_mention"], ids["a_matches"] = mention("a", "Puskesmas buka malam", [pa])
        ids["b_mention"], ids["b_matches"] = mention("b", f"Terminal {SECRET}", [pb])
        ids["shared"], ids["shared_matches"] = mention(
            "ab", "Puskesmas dekat terminal", [pa, pb])
        ids["pb"] = pb.id
        sample = AuditSample(period=str(YEAR), profile="profil-b", basis="all_copies",
                             seed=1, size=1, strata={}, known_negative=0, known_total=0,
                             drawn_by="budi")
        s.add(sample)
        s.flush()
        ids["b_sample"] = sample.id
        for unit in ("loket-a", "loket-b"):
            survey_api.submit_response(
                s, survey=config.survey, unit=unit, period=parse_period(str(YEAR)),
                answers={f"U{i}": 3 for i in range(1, 10)},
                saran=f"saran {SECRET}" if unit == "loket-b" else "saran a")
        fu = survey_api.add_followup(
            s, survey=config.survey, unit="loket-b", period=parse_period(str(YEAR)),
            element="U1", action=f"Perbaikan {SECRET}", owner="Kepala", by="budi")
        ids["b_followup"] = fu.id
        for unit in ("dinkes", "dishub"):
            spec = read_plan(PLAN)
            spec.title = f"Rencana {SECRET}" if unit == "dishub" else "Rencana Dinkes"
            result = save_plan(s, spec, org_unit=unit)
            ids[f"plan_{unit}"] = result.plan.id
        from indicators.models import Indicator
        ids["b_indicator"] = s.exec(select(Indicator.id).where(
            Indicator.plan_id == ids["plan_dishub"])).first()
    upload = tmp_path / "unit-b.csv"
    upload.write_bytes(csv_file())
    result = survey_api.import_file(upload, survey=config.survey, unit="loket-b",
                                    period=parse_period(f"{YEAR}-TW1"), actor="budi",
                                    display_name="unit-b.csv")
    with session_scope() as s:
        from survey.models import ImportBatch
        ids["b_batch"] = s.exec(select(ImportBatch.id)).first()
    assert result.stored
    return ids


@pytest.fixture
def world(write_config: Any, tmp_path: Path) -> dict[str, Any]:
    from pantau.web.app import create_app

    write_config(UNITS)
    app = create_app()
    ids = _seed(app.state.web.config, tmp_path)
    _user("ana", "dinkes")
    _user("budi", "dishub")
    _user("boss", "utama")
    ana, budi, boss = (_client(app, n) for n in ("ana", "budi", "boss"))
    for c in (ana, budi, boss):
        c.__enter__()
    yield {"ids": ids, "ana": ana, "budi": budi, "boss": boss, "app": app}
    for c in (ana, budi, boss):
        c.__exit__(None, None, None)


# What user A sends to reach B's object on each route that takes one: (path params, query,
# form or json body). Each must answer 404 (or 403 for the deployment's own pages).
def attacks(ids: dict[str, Any], budi_upload: str) -> dict[tuple[str, str], dict[str, Any]]:
    b_match = ids["b_matches"][0]
    return {
        ("GET", "/media/{mention_id}"): {"path": {"mention_id": ids["b_mention"]}},
        ("GET", "/media/{mention_id}/kliping"): {"path": {"mention_id": ids["b_mention"]}},
        ("GET", "/api/v1/mentions/{mention_id}"): {"path": {"mention_id": ids["b_mention"]}},
        ("POST", "/media/koreksi"): {"form": {"label": "positif", "match_ids": b_match}},
        ("POST", "/api/v1/tone-corrections"): {"json": {"match_ids": [b_match],
                                                        "label": "positif"}},
        ("POST", "/tinjau/putuskan"): {"form": {"match_id": b_match, "label": "positif"}},
        ("POST", "/tinjau/audit"): {"form": {"periode": str(YEAR), "profil": "profil-b"}},
        ("POST", "/tindak-lanjut/{mention_id}"): {"path": {"mention_id": ids["b_mention"]},
                                                  "form": {"status": "ditangani"}},
        ("PUT", "/api/v1/followups/{mention_id}"): {"path": {"mention_id": ids["b_mention"]},
                                                    "json": {"status": "ditangani"}},
        ("GET", "/tinjau"): {"query": {"audit": ids["b_sample"]}},
        ("GET", "/dasbor"): {"query": {"profil": ids["pb"]}},
        ("GET", "/api/v1/dashboard"): {"query": {"profile_id": ids["pb"]}},
        ("GET", "/api/v1/followups"): {"query": {"profile": "profil-b"}},
        ("GET", "/skm/hasil"): {"query": {"unit": "loket-b", "periode": str(YEAR)}},
        ("GET", "/skm/laporan"): {"query": {"unit": "loket-b", "periode": str(YEAR),
                                            "format": "html"}},
        ("GET", "/api/v1/survey/score"): {"query": {"unit": "loket-b", "period": str(YEAR)}},
        ("GET", "/skm/tindak-lanjut"): {"query": {"unit": "loket-b", "periode": str(YEAR)}},
        ("GET", "/skm/templat"): {"query": {"unit": "loket-b"}},
        ("GET", "/skm/qr/{code}"): {"path": {"code": "loket-b"}},
        ("POST", "/skm/unggah"): {"form": {"unit": "loket-b", "period": f"{YEAR}-TW2"},
                                  "files": {"file": ("b.csv", csv_file(), "text/csv")}},
        ("POST", "/api/v1/survey/uploads"): {
            "form": {"unit": "loket-b", "period": f"{YEAR}-TW2"},
            "files": {"file": ("b.csv", csv_file(), "text/csv")}},
        ("POST", "/api/v1/survey/{unit}/responses"): {
            "path": {"unit": "loket-b"},
            "json": {"answers": {f"U{i}": 3 for i in range(1, 10)}}},
        ("POST", "/skm/impor/{batch_id}/hapus"): {"path": {"batch_id": ids["b_batch"]}},
        ("POST", "/skm/tindak-lanjut"): {"form": {
            "unit": "loket-b", "periode": str(YEAR), "element": "U2", "action": "x",
            "owner": "y"}},
        ("POST", "/skm/tindak-lanjut/{followup_id}"): {
            "path": {"followup_id": ids["b_followup"]},
            "form": {"unit": "loket-b", "periode": str(YEAR), "status": "selesai"}},
        ("POST", "/skm/tindak-lanjut/{followup_id}/hapus"): {
            "path": {"followup_id": ids["b_followup"]},
            "form": {"unit": "loket-b", "periode": str(YEAR)}},
        ("POST", "/skm/unggah/{upload_id}/simpan"): {"path": {"upload_id": budi_upload}},
        ("POST", "/skm/unggah/{upload_id}/batal"): {"path": {"upload_id": budi_upload}},
        ("GET", "/skm/unggah/{upload_id}/ditolak.csv"): {"path": {"upload_id": budi_upload}},
        ("GET", "/rencana/{plan_id}/unduh"): {"path": {"plan_id": ids["plan_dishub"]}},
        ("POST", "/rencana/nilai"): {"form": {
            "indicator_id": ids["b_indicator"], "period": "2023", "value": "1",
            "tahun": 2023}},
        ("POST", "/api/v1/indicators/{indicator_id}/values"): {
            "path": {"indicator_id": ids["b_indicator"]}, "query": {"year": 2023},
            "json": {"period": "2023", "value": 1}},
        ("POST", "/rencana/impor"): {"form": {"unit": "dishub"}, "files": {
            "file": ("rencana.yaml", PLAN.read_bytes(), "application/x-yaml")}},
        ("GET", "/media/narasumber"): {"query": {"profil": ids["pb"]}},
        ("GET", "/api/v1/people"): {"query": {"profile_id": ids["pb"]}},
    }


# The deployment's pages as a whole (its peers' share of voice, the analysts' notes of its
# reports): refused (403) to a user who sees only some units.
WHOLE = {("GET", "/api/v1/share-of-voice"): {}, ("GET", "/laporan"): {},
         ("POST", "/laporan/analisis"): {"form": {"jenis": "daily", "tanggal": "2026-01-02",
                                                  "kesimpulan": "x"}}}


# Routes without another unit's object to name: A's answer must hold none of B's data.
LISTS: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/dasbor"): {}, ("GET", "/media"): {}, ("GET", "/media/ekspor"): {},
    ("GET", "/media/laporan"): {"query": {"format": "html"}},
    ("GET", "/tinjau"): {}, ("GET", "/tindak-lanjut"): {"query": {"status": "semua"}},
    ("GET", "/api/v1/mentions"): {}, ("GET", "/api/v1/dashboard"): {},
    ("GET", "/api/v1/followups"): {"query": {"status": "semua"}},
    ("GET", "/skm"): {}, ("GET", "/skm/unggah"): {}, ("GET", "/skm/impor"): {},
    ("GET", "/skm/hasil"): {"query": {"periode": str(YEAR)}},
    ("GET", "/skm/laporan"): {"query": {"periode": str(YEAR), "format": "html"}},
    ("GET", "/skm/tindak-lanjut"): {"query": {"periode": str(YEAR)}},
    ("GET", "/skm/templat"): {"query": {"format": "csv"}},
    ("GET", "/api/v1/survey/units"): {},
    ("GET", "/api/v1/survey/score"): {"query": {"period": str(YEAR)}},
    ("GET", "/rencana"): {"query": {"tahun": 2023}},
    ("GET", "/rencana/tren"): {"query": {"tahun": 2023}},
    ("GET", "/rencana/ekspor"): {"query": {"tahun": 2023, "format": "html"}},
    ("GET", "/api/v1/indicators"): {"query": {"year": 2023}},
    ("GET", "/api/v1/saya"): {},
    ("GET", "/media/narasumber"): {}, ("GET", "/api/v1/people"): {},
}
NO_DATA = {("POST", "/keluar")}  # logging out shows nobody's data


def _send(client: WebClient, method: str, path: str, spec: dict[str, Any]) -> Any:
    url = path.format(**{k: str(v) for k, v in spec.get("path", {}).items()})
    kw: dict[str, Any] = {"params": spec.get("query"), "follow_redirects": False,
                          "headers": {"x-csrf-token": client.csrf}}
    if "json" in spec:
        kw["json"] = spec["json"]
    elif method != "GET":
        kw["data"] = {**spec.get("form", {}), "csrf_token": client.csrf}
        if "files" in spec:
            kw["files"] = spec["files"]
    return client.request(method, url, **kw)


def _budi_upload(budi: WebClient) -> str:
    r = budi.post("/skm/unggah", data={"unit": "loket-b", "period": f"{YEAR}-TW3",
                                       "csrf_token": budi.csrf},
                  files={"file": ("b.csv", csv_file([[1, "P", 41, "SMA", "PNS", "Pengaduan",
                                                      *[3] * 9, "lain"]]), "text/csv")})
    found = re.search(r"/skm/unggah/([A-Za-z0-9_-]+)/simpan", r.text)
    assert r.status_code == 200 and found, r.text
    return found[1]


def test_every_protected_route_is_attacked_or_listed() -> None:
    ids = {k: 1 for k in ("a_mention", "b_mention", "shared", "pb", "b_sample", "b_followup",
                          "plan_dinkes", "plan_dishub", "b_indicator", "b_batch")}
    ids["b_matches"] = [1]
    covered = set(attacks(ids, "x")) | set(LISTS) | NO_DATA | set(WHOLE)
    admin_only = {(m, p) for m, p, roles in PROTECTED if roles == frozenset({ADMIN})}
    missing = {(m, p) for m, p, _ in PROTECTED} - covered - admin_only
    assert not missing, f"routes without a unit test: {sorted(missing)}"


def test_a_user_of_one_unit_cannot_reach_another_units_objects(world: dict[str, Any]) -> None:
    ids, ana = world["ids"], world["ana"]
    upload = _budi_upload(world["budi"])
    failures = []
    for (method, path), spec in attacks(ids, upload).items():
        r = _send(ana, method, path, spec)
        expected = {400} if path == "/rencana/impor" else {404}
        if r.status_code not in expected or SECRET in r.text:
            failures.append(f"{method} {path}: {r.status_code} {r.text[:200]}")
    assert not failures, "\n".join(failures)
    _b_data_untouched(ids)
    # The same requests from B's own user are not refused: the 404s above are the units'.
    budi = world["budi"]
    assert _send(budi, "GET", "/media/{mention_id}",
                 {"path": {"mention_id": ids["b_mention"]}}).status_code == 200
    assert _send(budi, "GET", "/rencana/{plan_id}/unduh",
                 {"path": {"plan_id": ids["plan_dishub"]}}).status_code == 200
    assert SECRET in budi.get("/skm/hasil", params={"periode": str(YEAR)}).text


def _b_data_untouched(ids: dict[str, Any]) -> None:
    from indicators.models import ManualValue, Plan
    from sentiment.models import SentimentLabel
    from survey.models import FollowUp, ImportBatch, Response

    with session_scope() as s:
        labels = s.exec(select(SentimentLabel).where(
            SentimentLabel.match_id.in_(ids["b_matches"]))).all()  # type: ignore[attr-defined]
        assert all(lbl.human_label is None for lbl in labels)
        assert s.get(ImportBatch, ids["b_batch"]) is not None
        item = s.get(FollowUp, ids["b_followup"])
        assert item is not None and item.status == "draft"
        assert s.exec(select(func.count()).select_from(ManualValue)).one() == 0
        assert s.exec(select(func.count()).select_from(Plan)).one() == 2
        # one response each from the public API seed, four from B's import
        assert s.exec(select(func.count()).select_from(Response)).one() == 6


def test_lists_exports_and_reports_hold_no_other_units_data(world: dict[str, Any]) -> None:
    ana, boss = world["ana"], world["boss"]
    failures = []
    for (method, path), spec in LISTS.items():
        r = _send(ana, method, path, spec)
        if r.status_code not in (200, 303) or SECRET in r.text or "profil-b" in r.text \
                or "loket-b" in r.text:
            at = max(r.text.find(SECRET), r.text.find("profil-b"), r.text.find("loket-b"))
            failures.append(f"{method} {path}: {r.status_code} {r.text[at - 300:at + 50]}")
    assert not failures, "\n".join(failures)
    # A's own data is there, including the story both units' profiles matched (without
    # B's match on it).
    mentions = ana.get("/api/v1/mentions").json()
    assert {i["mention_id"] for i in mentions["items"]} == {ids for ids in (
        world["ids"]["a_mention"], world["ids"]["shared"])}
    assert {i["profile"] for i in mentions["items"]} == {"profil-a"}
    shared = ana.get(f"/media/{world['ids']['shared']}")
    assert shared.status_code == 200 and "profil-b" not in shared.text
    ids = world["ids"]
    own, other = (f"/rencana/{ids[k]}/unduh" for k in ("plan_dinkes", "plan_dishub"))
    page = ana.get("/rencana", params={"tahun": 2023}).text
    assert own in page and other not in page
    values = ana.get("/api/v1/indicators", params={"year": 2023}).json()
    assert values and {v["plan_id"] for v in values} == {ids["plan_dinkes"]}
    # The deployment's administrator sees both units.
    assert SECRET in boss.get("/media").text and "Puskesmas" in boss.get("/media").text
    page = boss.get("/rencana", params={"tahun": 2023}).text
    assert own in page and other in page


def test_deployment_pages_are_the_deployment_admins(world: dict[str, Any]) -> None:
    admin_only = sorted({(m, p) for m, p, roles in PROTECTED if roles == frozenset({ADMIN})})
    assert admin_only
    for method, path in admin_only:
        spec = {"path": {"username": "budi", "token_id": 1},
                "form": {"role": "admin", "name": "x", "username": "budi", "password": "x"}}
        assert _send(world["ana"], method, path, spec).status_code == 403, path
    assert world["boss"].get("/admin/pengguna").status_code == 200
    for (method, path), spec in WHOLE.items():
        assert _send(world["ana"], method, path, spec).status_code == 403, path
    assert world["boss"].get("/laporan").status_code == 200


def test_units_users_and_plans_from_the_command_line(write_config: Any,
                                                     cli_runner: Any) -> None:
    from indicators.models import Plan
    from pantau.web.models import Membership

    path = write_config('[institution]\nname = "Diskominfo"\n')
    r = cli_runner(["unit", "create", "dinkes", "Dinas Kesehatan"])
    assert "Unit dinkes (Dinas Kesehatan) ditambahkan" in r.output
    assert 'code = "dinkes"' in path.read_text(encoding="utf-8")
    assert "sudah ada" in cli_runner(["unit", "create", "dinkes", "Lagi"],
                                     expect_ok=False).output
    cli_runner(["user", "create", "ana", "--role", "analis", "--unit", "dinkes",
                "--password-stdin"], input="kata-sandi-panjang\n")
    r = cli_runner(["user", "create", "x", "--role", "analis", "--unit", "tidak-ada",
                    "--password-stdin"], input="kata-sandi-panjang\n", expect_ok=False)
    assert "Unit 'tidak-ada' tidak dikenal" in r.output
    cli_runner(["user", "create", "boss", "--role", "admin", "--password-stdin"],
               input="kata-sandi-panjang\n")
    cli_runner(["user", "grant", "boss", "--unit", "dinkes", "--role", "pimpinan"])
    listed = cli_runner(["user", "list", "--unit", "dinkes"]).output
    assert "ana" in listed and "boss" in listed and "Pimpinan" in listed
    cli_runner(["user", "grant", "boss", "--unit", "dinkes", "--revoke"])
    assert "boss" not in cli_runner(["user", "list", "--unit", "dinkes"]).output
    cli_runner(["plan", "import", str(PLAN), "--unit", "dinkes"])
    cli_runner(["plan", "import", str(PLAN)])  # the same plan, the default unit's: another
    assert "tidak dikenal" in cli_runner(["plan", "import", str(PLAN), "--unit", "x"],
                                         expect_ok=False).output
    with session_scope() as s:
        assert sorted(p.org_unit for p in s.exec(select(Plan))) == ["dinkes", "utama"]
        assert s.exec(select(func.count()).select_from(Membership)).one() == 0
    table = cli_runner(["unit", "list"]).output
    assert re.search(r"dinkes +Dinas Kesehatan +0 +0 +1 +1", table), table


def _followups(client: WebClient, **params: Any) -> dict[int, dict[str, Any]]:
    r = client.get("/api/v1/followups", params={"status": "semua", **params})
    assert r.status_code == 200, r.text
    return {i["story_id"]: i for i in r.json()["items"]}


def test_each_unit_has_its_own_follow_up_of_a_shared_story(world: dict[str, Any],
                                                           cli_runner: Any) -> None:
    from indicators.models import FollowUp

    ids, ana, budi, boss = world["ids"], world["ana"], world["budi"], world["boss"]
    shared = ids["shared"]
    r = ana.put(f"/api/v1/followups/{shared}", headers={"x-csrf-token": ana.csrf},
                json={"action": "klarifikasi", "owner": "Petugas Dinkes",
                      "status": "ditangani"})
    assert r.status_code == 200 and r.json()["unit"] == "dinkes", r.text
    # B's unit has not taken the story up: its own follow-up is still empty.
    assert _followups(budi)[shared]["owner"] is None
    r = budi.post(f"/tindak-lanjut/{shared}", follow_redirects=False, data={
        "csrf_token": budi.csrf, "action": "hak-jawab", "owner": f"Petugas {SECRET}",
        "status": "ditangani"})
    assert r.status_code == 303, r.text
    assert _followups(budi)[shared]["owner"] == f"Petugas {SECRET}"
    mine = _followups(ana)
    assert mine[shared]["owner"] == "Petugas Dinkes" and mine[shared]["action"] == "klarifikasi"
    for page in (ana.get(f"/media/{shared}"), ana.get("/tindak-lanjut"),
                 ana.get("/api/v1/followups", params={"status": "semua"}),
                 ana.get("/dasbor")):
        assert page.status_code == 200 and SECRET not in page.text, page.text
    assert "Petugas Dinkes" in ana.get(f"/media/{shared}").text
    # The deployment's administrator switches between units' follow-ups.
    assert _followups(boss, unit="dishub")[shared]["owner"] == f"Petugas {SECRET}"
    page = boss.get(f"/media/{shared}", params={"unit": "dinkes"}).text
    assert "Petugas Dinkes" in page and f"Petugas {SECRET}" not in page
    with session_scope() as s:
        rows = {f.org_unit: f.owner for f in s.exec(select(FollowUp))}
    assert rows == {"dinkes": "Petugas Dinkes", "dishub": f"Petugas {SECRET}"}
    # The command line chooses the unit with --unit (the operator's, trusted).
    cli_runner(["followup", "set", str(shared), "--unit", "dinkes", "--status", "selesai"])
    shown = cli_runner(["followup", "show", str(shared), "--unit", "dinkes"]).output
    assert "selesai" in shown and SECRET not in shown
    assert f"Petugas {SECRET}" in cli_runner(
        ["followup", "show", str(shared), "--unit", "dishub"]).output
    listed = cli_runner(["followup", "list", "--status", "semua", "--unit", "dinkes",
                         "--json"]).output
    assert "Petugas Dinkes" in listed and SECRET not in listed
    assert "tidak dikenal" in cli_runner(["followup", "show", str(shared), "--unit", "x"],
                                         expect_ok=False).output


# Every follow-up route with `unit` naming another unit: 404, and B's follow-up unchanged.
def unit_attacks(ids: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    shared = {"mention_id": ids["shared"]}
    return {
        ("GET", "/tindak-lanjut"): {"query": {"unit": "dishub", "status": "semua"}},
        ("GET", "/api/v1/followups"): {"query": {"unit": "dishub", "status": "semua"}},
        ("GET", "/media/{mention_id}"): {"path": shared, "query": {"unit": "dishub"}},
        ("POST", "/tindak-lanjut/{mention_id}"): {"path": shared, "form": {
            "unit": "dishub", "status": "ditangani", "action": "klarifikasi",
            "owner": "Ana"}},
        ("PUT", "/api/v1/followups/{mention_id}"): {"path": shared, "query": {"unit": "dishub"},
                                                    "json": {"owner": "Ana"}},
        ("GET", "/dasbor"): {"query": {"unit": "dishub"}},
        ("GET", "/api/v1/dashboard"): {"query": {"unit": "dishub"}},
        ("GET", "/media"): {"query": {"unit": "dishub"}},
        ("GET", "/media/ekspor"): {"query": {"unit": "dishub", "format": "csv"}},
        ("GET", "/api/v1/mentions"): {"query": {"unit": "dishub"}},
        ("GET", "/media/narasumber"): {"query": {"unit": "dishub"}},
        ("GET", "/media/laporan"): {"query": {"unit": "dishub", "format": "html"}},
    }


def test_a_user_cannot_read_or_write_another_units_follow_up(world: dict[str, Any]) -> None:
    from indicators.models import FollowUp

    ids, ana, budi = world["ids"], world["ana"], world["budi"]
    r = budi.put(f"/api/v1/followups/{ids['shared']}", headers={"x-csrf-token": budi.csrf},
                 json={"action": "hak-jawab", "owner": f"Petugas {SECRET}",
                       "status": "ditangani"})
    assert r.status_code == 200, r.text
    failures = []
    for (method, path), spec in unit_attacks(ids).items():
        r = _send(ana, method, path, spec)
        if r.status_code != 404 or SECRET in r.text:
            failures.append(f"{method} {path}: {r.status_code} {r.text[:200]}")
    assert not failures, "\n".join(failures)
    with session_scope() as s:
        [row] = s.exec(select(FollowUp)).all()
    assert (row.org_unit, row.owner) == ("dishub", f"Petugas {SECRET}")
    # Each route answers B's own user for B's unit.
    for (method, path), spec in unit_attacks(ids).items():
        if method == "GET":
            assert _send(budi, method, path, spec).status_code == 200, path


UNIT_PICKER = '<select name="unit">'


def _each_unit_follows_up(world: dict[str, Any], story: int) -> None:
    """Unit A's user and unit B's each save their own follow-up of `story` (a story both
    units' profiles matched)."""
    for client, owner in ((world["ana"], "Petugas Dinkes"),
                          (world["budi"], f"Petugas {SECRET}")):
        r = client.put(f"/api/v1/followups/{story}", headers={"x-csrf-token": client.csrf},
                       json={"action": "klarifikasi", "owner": owner, "status": "ditangani"})
        assert r.status_code == 200, r.text


def test_the_dashboard_picks_the_unit_whose_follow_ups_it_shows(world: dict[str, Any],
                                                                cli_runner: Any) -> None:
    ids, ana, boss = world["ids"], world["ana"], world["boss"]
    shared = ids["shared"]
    _each_unit_follows_up(world, shared)
    # The deployment's administrator chooses a unit: its figures, stories and follow-ups.
    page = boss.get("/dasbor").text
    assert UNIT_PICKER in page and "(semua unit)" in page and "Dinas Perhubungan" in page
    b_page = boss.get("/dasbor", params={"unit": "dishub"}).text
    assert f"Petugas {SECRET}" in b_page and "Petugas Dinkes" not in b_page
    assert f"/media/{shared}?unit=dishub" in b_page and "/tindak-lanjut?unit=dishub" in b_page
    assert '<option value="dishub" selected>' in b_page
    a_page = boss.get("/dasbor", params={"unit": "dinkes"}).text
    assert "Petugas Dinkes" in a_page and SECRET not in a_page
    b_api = boss.get("/api/v1/dashboard", params={"unit": "dishub"}).json()
    assert b_api["unit"] == "dishub"
    owners = {i["story_id"]: i["owner"] for i in b_api["open_followups"]}
    assert owners[shared] == f"Petugas {SECRET}" and "Petugas Dinkes" not in owners.values()
    assert b_api["tones"]["total"] == 2  # B's own profile's matches only
    assert boss.get("/dasbor", params={"unit": "dinsos"}).status_code == 404
    # A user of one unit gets no picker; the parameter cannot reach B (unit_attacks).
    assert UNIT_PICKER not in ana.get("/dasbor").text
    # With a role in both units, the same user switches between them.
    cli_runner(["user", "grant", "ana", "--unit", "dishub", "--role", "pimpinan"])
    page = ana.get("/dasbor").text
    assert UNIT_PICKER in page and "Petugas Dinkes" in page and SECRET not in page
    assert f"Petugas {SECRET}" in ana.get("/dasbor", params={"unit": "dishub"}).text


def test_the_mentions_list_picks_one_unit(world: dict[str, Any]) -> None:
    ids, ana, boss = world["ids"], world["ana"], world["boss"]
    page = boss.get("/media").text
    assert UNIT_PICKER in page and "(semua unit)" in page
    a_page = boss.get("/media", params={"unit": "dinkes"})
    assert a_page.status_code == 200 and '<option value="dinkes" selected>' in a_page.text
    assert "Puskesmas buka malam" in a_page.text and SECRET not in a_page.text
    assert "profil-b" not in a_page.text  # nor in the profile filter
    # the unit goes with the export links and the next pages
    assert "/media/ekspor?unit=dinkes&amp;format=xlsx" in a_page.text
    b_page = boss.get("/media", params={"unit": "dishub"}).text
    assert SECRET in b_page and "Puskesmas buka malam" not in b_page
    export = boss.get("/media/ekspor", params={"unit": "dinkes", "format": "csv"})
    assert export.status_code == 200 and "Puskesmas buka malam" in export.text
    assert SECRET not in export.text
    api = boss.get("/api/v1/mentions", params={"unit": "dishub"}).json()
    assert {i["mention_id"] for i in api["items"]} == {ids["b_mention"], ids["shared"]}
    assert {i["profile"] for i in api["items"]} == {"profil-b"}
    assert boss.get("/media", params={"unit": "dinsos"}).status_code == 404
    # The dashboard's links to the list carry the unit chosen there.
    dash = boss.get("/dasbor", params={"unit": "dishub"}).text
    assert re.search(r'href="/media\?[^"]*unit=dishub&', dash), dash
    assert re.search(r'href="/media/ekspor\?[^"]*unit=dishub&', dash)
    assert re.search(r'href="/media/narasumber\?unit=dishub&', dash)
    people = boss.get("/media/narasumber", params={"unit": "dishub"})
    assert people.status_code == 200 and '<option value="dishub" selected>' in people.text
    # A user of one unit gets no picker; their own unit is allowed by name.
    assert UNIT_PICKER not in ana.get("/media").text
    own = ana.get("/api/v1/mentions", params={"unit": "dinkes"}).json()
    assert {i["profile"] for i in own["items"]} == {"profil-a"}


REPORT_FORM = re.compile(r'<form method="get" action="/media/laporan".*?</form>', re.S)


def _media_report(client: WebClient, **params: str) -> str:
    r = client.get("/media/laporan", params={"jenis": "daily", "format": "html", **params})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), r.text
    return r.text


def test_the_media_report_picks_one_unit(world: dict[str, Any]) -> None:
    ids, ana, boss = world["ids"], world["ana"], world["boss"]
    shared = ids["shared"]
    _each_unit_follows_up(world, shared)
    # Unit A's report counts A's two mentions (its own and its match on the shared story),
    # never B's, and prints A's follow-up of the shared story (`units`: A's only).
    # Each unit's report names the unit as the daily job's report of that unit does.
    a_report = _media_report(boss, unit="dinkes")
    assert report_names("Dinas Kesehatan") in a_report
    assert "Terdapat 2 pemberitaan" in a_report and "Puskesmas buka malam" in a_report
    assert SECRET not in a_report and "profil-b" not in a_report
    assert "Petugas Dinkes" in a_report
    b_report = _media_report(boss, unit="dishub")
    assert report_names("Dinas Perhubungan") in b_report
    assert "Terdapat 2 pemberitaan" in b_report and f"Terminal {SECRET}" in b_report
    assert "Puskesmas buka malam" not in b_report and "Petugas Dinkes" not in b_report
    assert f"Petugas {SECRET}" in b_report
    # Without `unit`: every unit the user sees, as before (the administrator: all three).
    whole = _media_report(boss)
    assert report_names(OWN_UNIT) in whole  # the institution, under its own unit
    assert "Terdapat 3 pemberitaan" in whole and SECRET in whole
    assert "Puskesmas buka malam" in whole
    assert _media_report(ana).count("Terdapat 2 pemberitaan") == 1
    assert SECRET not in _media_report(ana)
    # The default unit's report is the institution's own, as the job's is.
    assert report_names(OWN_UNIT) in _media_report(boss, unit="utama")
    # A user of one unit may name their own unit; another unit's (or none's) is 404.
    own = _media_report(ana, unit="dinkes")
    assert "Terdapat 2 pemberitaan" in own and report_names("Dinas Kesehatan") in own
    for unit in ("dishub", "dinsos"):
        r = ana.get("/media/laporan", params={"unit": unit, "format": "html"})
        assert r.status_code == 404 and SECRET not in r.text, (unit, r.text)
    assert boss.get("/media/laporan", params={"unit": "dinsos"}).status_code == 404
    # The dashboard's download form carries the unit chosen there, and none without one.
    [form] = REPORT_FORM.findall(boss.get("/dasbor", params={"unit": "dishub"}).text)
    assert '<input type="hidden" name="unit" value="dishub">' in form, form
    [form] = REPORT_FORM.findall(boss.get("/dasbor").text)
    assert 'name="unit"' not in form, form


def test_a_units_own_source_reaches_no_other_unit(write_config: Any, tmp_path: Path) -> None:
    """A story on A's own account that B's profile query matches: collected for A only, so
    B's user finds nothing of it on any list, export or by its id."""
    from collectors.api import collect
    from collectors.localserver import LocalServer
    from collectors.models import Mention
    from pantau.web.app import create_app

    feeds = tmp_path / "web"
    feeds.mkdir()
    write_unit_feeds(feeds)
    with LocalServer(feeds) as server:
        write_config(two_units() + unit_sources(server.base))
        app = create_app()
        collect(config=app.state.web.config)
    with session_scope() as s:
        own = s.exec(select(Mention.id).where(Mention.title == OWN_STORY)).one()
    _user("ana", "dinkes")
    _user("budi", "dishub")
    marker = "KOMENTAR-AKUN-A"
    with _client(app, "ana") as ana, _client(app, "budi") as budi:
        for path, params in (("/media", {}), ("/media/ekspor", {"format": "csv"}),
                             ("/api/v1/mentions", {}), ("/dasbor", {}),
                             ("/api/v1/dashboard", {})):
            r = budi.get(path, params=params)
            assert r.status_code == 200 and marker not in r.text, (path, r.text)
            assert "Puskesmas baru dibuka" in r.text or path.endswith("dashboard") \
                or path == "/dasbor", path
        assert budi.get(f"/media/{own}").status_code == 404
        assert budi.get(f"/api/v1/mentions/{own}").status_code == 404
        assert marker in ana.get("/media").text
        assert ana.get(f"/api/v1/mentions/{own}").status_code == 200

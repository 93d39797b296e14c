"""Analysts' tone corrections (one click, bulk, through the API) and the media API."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from sqlmodel import select

from pantau.core.db import session_scope
from pantau.web.models import ANALIS, PIMPINAN
from tests.web.helpers import WebClient, seed_mentions


def labels() -> dict[int, tuple[str | None, str | None, str | None]]:
    from sentiment.models import SentimentLabel

    with session_scope() as s:
        return {r.match_id: (r.model_label, r.human_label, r.human_by)
                for r in s.exec(select(SentimentLabel)).all()}


def test_one_click_correction_returns_to_the_filtered_list(login: Any) -> None:
    ids = seed_mentions(3)
    client = login(ANALIS, "rina")
    first = ids["match_ids"][0]
    r = client.form("/media/koreksi", {"match_ids": first, "label": "positif",
                                       "kembali": "/media?nada=negatif&hal=1"})
    assert r.status_code == 303
    assert r.headers["location"].startswith("/media?nada=negatif&hal=1&pesan=1+pemberitaan")
    assert labels()[first] == ("negatif", "positif", "rina")
    page = client.get(r.headers["location"]).text
    assert "1 pemberitaan dikoreksi menjadi positif" in page
    assert "0 pemberitaan" in page  # no negative mention left
    detail = client.get(f"/media/{ids['mention_ids'][0]}").text
    assert "dikoreksi oleh rina" in detail and "Riwayat koreksi" in detail


def test_bulk_correction_reaches_the_copies_of_a_story(login: Any) -> None:
    ids = seed_mentions(4)  # the last two mentions are copies of one story
    client = login(ANALIS, "rina")
    m = ids["match_ids"]
    r = client.form("/media/koreksi", {"match_ids": [m[0], m[2]], "label": "negatif",
                                       "note": "judul menyudutkan"})
    assert r.status_code == 303
    after = labels()
    assert after[m[0]][1] == "negatif" and after[m[2]][1] == "negatif"
    assert after[m[3]][1] == "negatif"  # the copy of m[2]
    assert after[m[1]][1] is None
    from sentiment.models import LabelCorrection

    with session_scope() as s:
        notes = {c.note for c in s.exec(select(LabelCorrection)).all()}
    assert notes == {"judul menyudutkan"}


def test_correction_input_errors(login: Any) -> None:
    ids = seed_mentions(1)
    client = login(ANALIS)
    r = client.form("/media/koreksi", {"match_ids": ids["match_ids"][0], "label": "marah"})
    assert r.status_code == 400 and "Sentimen 'marah' tidak dikenal" in unescape(r.text)
    r = client.form("/media/koreksi", {"label": "positif"})
    assert r.status_code == 400 and "Pilih minimal satu" in r.text
    r = client.form("/media/koreksi", {"match_ids": 999, "label": "positif"})
    assert r.status_code == 404
    r = client.form("/media/koreksi", {"match_ids": ids["match_ids"][0], "label": "positif",
                                       "kembali": "//evil.example/"})
    assert r.headers["location"].startswith("/media?pesan=")


def test_read_only_role_sees_the_mention_but_no_buttons(login: Any) -> None:
    ids = seed_mentions(1)
    url = f"/media/{ids['mention_ids'][0]}"
    page = login(PIMPINAN).get(url).text
    # What a reader needs is there: the mention, its tone and the evidence behind it.
    assert "Berita bansos nomor 0" in page and "Profil: kemensos" in page
    assert "negatif" in page and "Kalimat bukti 0" in page
    assert "Kementerian Sosial menyalurkan bantuan. Paragraf 0." in page
    # The correction form is the analyst's only.
    assert 'action="/media/koreksi"' not in page and "Koreksi sentimen" not in page
    analyst_page = login(ANALIS).get(url).text
    assert 'action="/media/koreksi"' in analyst_page and "Koreksi sentimen" in analyst_page


def test_api_mentions_and_corrections(login: Any, anon: WebClient) -> None:
    from pantau.core.db import session_scope as scope
    from pantau.web.users import create_api_token
    from tests.web.helpers import add_user

    ids = seed_mentions(3)
    add_user("sistem", ANALIS)
    with scope() as s:
        token = create_api_token(s, username="sistem", name="integrasi", actor="admin")
    auth = {"authorization": f"Bearer {token}"}
    body = anon.get("/api/v1/mentions?tone=negatif", headers=auth).json()
    assert body["total"] == 1 and body["items"][0]["tone"] == "negatif"
    assert anon.get("/api/v1/mentions?per_page=2&page=2", headers=auth).json()["items"]
    detail = anon.get(f"/api/v1/mentions/{ids['mention_ids'][0]}", headers=auth).json()
    assert detail["matches"][0]["evidence"][0]["passage"] == "Kalimat bukti 0"
    r = anon.post("/api/v1/tone-corrections", headers=auth,
                  json={"match_ids": [ids["match_ids"][0]], "label": "netral"})
    assert r.status_code == 200 and r.json()["changed"] == 1
    assert labels()[ids["match_ids"][0]][1:] == ("netral", "sistem")
    r = anon.post("/api/v1/tone-corrections", headers=auth,
                  json={"match_ids": [ids["match_ids"][0]], "label": "marah"})
    assert r.status_code == 400 and "tidak dikenal" in r.json()["detail"]
    dash = anon.get("/api/v1/dashboard", headers=auth).json()
    assert dash["tones"]["total"] == 3 and dash["tones"]["netral"] == 2
    assert len(dash["trend"]) == 14  # a day is shown within the two weeks ending on it
    assert dash["negatives_total"] == 0  # the negative one was corrected to netral
    assert anon.get("/api/v1/mentions?tone=marah", headers=auth).status_code == 400


def test_cli_web_and_api_filter_mentions_alike(login: Any, anon: WebClient,
                                               cli_runner: Any) -> None:
    """One filter (sentiment.api.MentionFilter) behind the three doors: the same rows for
    the same filter, the same refusal of a bad value."""
    from pantau.web.users import create_api_token
    from tests.web.helpers import add_user

    ids = seed_mentions(4)  # tones negatif, positif, netral, negatif; outlets Antara, Kompas..
    add_user("sistem", ANALIS)
    with session_scope() as s:
        token = create_api_token(s, username="sistem", name="x", actor="admin")
        auth = {"authorization": f"Bearer {token}"}
    api = anon.get("/api/v1/mentions?tone=negatif&outlet=kompas", headers=auth).json()
    analyst = login(ANALIS)
    page = analyst.get("/media?nada=negatif&outlet=kompas").text
    cli = cli_runner(["mentions", "list", "--tone", "negatif", "--outlet", "kompas"]).output
    api_ids = [item["mention_id"] for item in api["items"]]
    web_ids = [int(i) for i in re.findall(r'href="/media/(\d+)"', page)]
    cli_ids = [int(line.split()[0]) for line in cli.splitlines()[2:]]
    assert api_ids == web_ids == cli_ids == [ids["mention_ids"][3]]

    refused = "Sentimen 'marah' tidak dikenal"
    r = anon.get("/api/v1/mentions?tone=marah", headers=auth)
    assert r.status_code == 400 and refused in r.json()["detail"]
    r = analyst.get("/media?nada=marah")
    assert r.status_code == 400 and refused in unescape(r.text)
    result = cli_runner(["mentions", "list", "--tone", "marah"], expect_ok=False)
    assert result.exit_code != 0 and refused in result.output


def test_openapi_lists_the_operations(anon: WebClient) -> None:
    spec = anon.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/mentions", "/api/v1/tone-corrections", "/api/v1/survey/score",
                 "/api/v1/survey/uploads", "/api/v1/indicators", "/api/v1/jobs"):
        assert path in spec["paths"]
    assert "/masuk" not in spec["paths"]
    assert anon.get("/api/v1/docs").status_code == 200


def test_api_docs_need_nothing_from_outside(anon: WebClient) -> None:
    page = anon.get("/api/v1/docs").text
    assets = re.findall(r'(?:src|href)=["\'](\S+?)["\']', page)
    assert assets and all(a.startswith("/api/v1/docs/aset/") for a in assets), assets
    assert "cdn" not in page.lower() and "https://" not in page
    for asset in assets:
        r = anon.get(asset)
        assert r.status_code == 200 and len(r.content) > 500, asset
    assert "SwaggerUIBundle" in anon.get("/api/v1/docs/aset/swagger-ui-bundle.js").text
    assert "Apache License" in anon.get("/api/v1/docs/aset/LICENSE").text


def test_media_report_downloads(login: Any) -> None:
    seed_mentions(3)
    client = login(PIMPINAN)
    r = client.get("/media/laporan?jenis=daily&format=pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = client.get("/media/laporan?jenis=monthly&format=xlsx")
    assert r.status_code == 200 and r.content.startswith(b"PK")
    r = client.get("/media/laporan?jenis=tahunan")
    assert r.status_code == 400 and "tidak dikenal" in r.text
    assert 'action="/media/laporan"' in client.get("/dasbor").text


def test_dashboard_breaks_coverage_down_by_outlet_scope_and_province(login: Any,
                                                                     anon: WebClient) -> None:
    from collectors.models import Mention
    from pantau.web.users import create_api_token
    from tests.web.helpers import add_user

    ids = seed_mentions(3)  # tones negatif, positif, netral
    with session_scope() as s:
        for mention_id, outlet in zip(ids["mention_ids"],
                                      ["Tribun Jabar", "Kompas.com", "Radar Bogor"], strict=True):
            mention = s.get(Mention, mention_id)
            assert mention is not None
            mention.outlet = outlet
            s.add(mention)
    page = unescape(login(PIMPINAN).get("/dasbor").text)
    assert "Cakupan dan provinsi media" in page
    assert re.search(r"<td>Jawa Barat</td><td class=\"num\">2</td><td class=\"num\">1</td>",
                     page)
    add_user("sistem", ANALIS)
    with session_scope() as s:
        token = create_api_token(s, username="sistem", name="x", actor="admin")
    dash = anon.get("/api/v1/dashboard", headers={"authorization": f"Bearer {token}"}).json()
    assert [(r["scope"], r["total"], r["negatif"]) for r in dash["scopes"]] == [
        ("nasional", 1, 0), ("provinsi", 1, 1), ("kabupaten-kota", 1, 0)]
    assert [(r["province"], r["total"]) for r in dash["provinces"]] == [("Jawa Barat", 2)]

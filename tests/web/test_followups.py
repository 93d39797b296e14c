"""Follow-up of negative news through the web form and the JSON API (the same rules as the
CLI), the dashboard's period picker, and the export of the mentions list with its filters."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

from openpyxl import load_workbook
from sqlmodel import col, select

from collectors.models import Match
from pantau.core.audit import events
from pantau.core.db import session_scope
from pantau.core.timeutil import JAKARTA
from pantau.web.models import ANALIS, PIMPINAN
from sentiment.models import SentimentLabel
from tests.collectors.helpers import collect_across_a_regrouping
from tests.web.helpers import seed_mentions


def test_the_form_the_queue_and_the_audit(login: Any) -> None:
    ids = seed_mentions(3)  # mention 0 is negative
    negative = ids["mention_ids"][0]
    analyst = login(ANALIS)
    page = analyst.get(f"/media/{negative}").text
    assert 'id="form-tindak-lanjut"' in page and "Belum ada tindak lanjut" in page
    assert 'id="form-tindak-lanjut"' not in analyst.get(f"/media/{ids['mention_ids'][1]}").text
    r = analyst.form(f"/tindak-lanjut/{negative}", {"action": "klarifikasi",
                                                     "status": "ditangani"})
    assert r.status_code == 400 and "memerlukan penanggung jawab" in r.text
    r = analyst.form(f"/tindak-lanjut/{negative}", {
        "action": "klarifikasi", "owner": "Sari", "deadline": "2020-01-01",
        "status": "ditangani"})
    assert r.status_code == 400 and "sebelum tanggal terbit" in r.text
    r = analyst.form(f"/tindak-lanjut/{negative}", {
        "action": "klarifikasi", "owner": "Sari", "status": "ditangani",
        "links": "https://kemensos.go.id/klarifikasi\n"})
    assert r.status_code == 303
    page = analyst.get(r.headers["location"]).text
    assert "Tindak lanjut disimpan: ditangani." in page and "penanggung jawab Sari" in page
    assert "Riwayat perubahan" in page
    head = login(PIMPINAN)
    queue = head.get("/tindak-lanjut").text
    assert "Berita bansos nomor 0" in queue and "Sari" in queue
    assert 'id="form-tindak-lanjut"' not in head.get(f"/media/{negative}").text
    assert "Berita bansos nomor 0" not in head.get("/tindak-lanjut?status=selesai").text
    with session_scope() as s:
        rows = events(s, entity="followup")
        assert [(e.actor, e.action) for e in rows] == [(f"user_{ANALIS}", "followup.create")]


def test_the_api_takes_and_refuses_what_the_form_does(login: Any) -> None:
    ids = seed_mentions(3)
    negative = ids["mention_ids"][0]
    api = login(ANALIS)
    headers = {"x-csrf-token": api.csrf}
    r = api.put(f"/api/v1/followups/{negative}", json={"status": "selesai"}, headers=headers)
    assert r.status_code == 400 and "memerlukan tindakan" in r.json()["detail"]
    r = api.put(f"/api/v1/followups/{ids['mention_ids'][1]}", json={"action": "koordinasi"},
                headers=headers)
    assert r.status_code == 400 and "tidak bersentimen negatif" in r.json()["detail"]
    r = api.put(f"/api/v1/followups/{negative}", headers=headers, json={
        "action": "siaran pers", "status": "selesai", "outcome": "Siaran pers terbit",
        "links": ["https://kemensos.go.id/siaran"]})
    assert r.status_code == 200 and r.json()["action"] == "siaran-pers"
    body = api.get("/api/v1/followups?status=selesai").json()
    assert body["total"] == 1 and body["items"][0]["response_hours"] is not None
    assert api.get("/api/v1/followups").json()["total"] == 0  # nothing open
    r = login(PIMPINAN).put(f"/api/v1/followups/{negative}", json={"owner": "x"},
                            headers=headers)
    assert r.status_code == 403



def test_the_api_and_the_cli_name_the_story_the_queue_lists(login: Any,
                                                             cli_runner: Any) -> None:
    """A follow-up hangs on one copy of its story, which after a regrouping need not bear
    the story's id (`collect_across_a_regrouping`: the story bears `moved`'s id, and its
    only copy is `late`): the API's answer and the CLI name the story, as the queue does."""
    with session_scope() as s:
        stored = collect_across_a_regrouping(s)
        for match in s.execute(select(Match).where(
                col(Match.mention_id) == stored.late)).scalars():
            s.add(SentimentLabel(match_id=match.id, model_label="negatif"))
    story = stored.moved
    api = login(ANALIS)
    r = api.put(f"/api/v1/followups/{stored.late}", headers={"x-csrf-token": api.csrf},
                json={"action": "klarifikasi"})
    assert r.status_code == 200, r.text
    assert r.json()["story_id"] == story
    assert [i["story_id"] for i in api.get("/api/v1/followups").json()["items"]] == [story]
    # The row describes and links to the story's one copy (`late`): `moved`, whose id the
    # story bears, belongs to another story now and its page shows another outlet.
    [item] = api.get("/api/v1/followups").json()["items"]
    assert (item["mention_id"], item["outlet"]) == (stored.late, "Kabar Ibu Kota")
    queue = api.get("/tindak-lanjut").text
    assert f'href="/media/{stored.late}' in queue and f'href="/media/{story}' not in queue
    out = cli_runner(["followup", "set", str(stored.late), "--owner", "Sari"]).output
    assert out.startswith(f"Tindak lanjut cerita {story}:"), out
    out = cli_runner(["followup", "show", str(stored.late)]).output
    assert out.startswith(f"Cerita {story}\n"), out
    listed = cli_runner(["followup", "list", "--json"]).output
    assert [row["id"] for row in json.loads(listed)] == [story]


def test_the_dashboard_opens_on_the_latest_day_with_data(login: Any) -> None:
    from sqlmodel import select

    from collectors.models import Mention

    seed_mentions(3)
    back = datetime.now(UTC) - timedelta(days=40)
    with session_scope() as s:  # move every mention 40 days back
        for m in s.exec(select(Mention)).all():
            m.published_at = back
    client = login(ANALIS)
    day = back.astimezone(JAKARTA).date()  # the dashboard's days are Jakarta days
    page = client.get("/dasbor").text
    assert 'id="jumlah">3<' in page  # not the empty today
    # Monitoring began that day: no "periode sebelumnya 0" as if nothing had been published.
    assert "belum ada data periode sebelumnya" in page and "periode sebelumnya 0" not in page
    assert "Media teratas" in page and "Antara" in page
    assert "Tindak lanjut terbuka (1" in page
    week = client.get(f"/dasbor?periode=minggu&tanggal={(day + timedelta(days=3)).isoformat()}")
    assert 'id="jumlah">3<' in week.text
    empty = client.get(f"/dasbor?periode=hari&tanggal={(day + timedelta(days=3)).isoformat()}")
    assert 'id="jumlah">0<' in empty.text
    custom = client.get(f"/dasbor?periode=kustom&dari={(day - timedelta(days=1)).isoformat()}"
                        f"&sampai={day.isoformat()}")
    assert 'id="jumlah">3<' in custom.text
    bad = client.get("/dasbor?periode=kustom&dari=2026-03-02&sampai=2026-03-01")
    assert bad.status_code == 400
    assert client.get("/dasbor?periode=tahun").status_code == 400


def test_the_list_exports_its_filters(login: Any) -> None:
    seed_mentions(4)  # tones negatif, positif, netral, negatif
    client = login(PIMPINAN)
    page = client.get("/media?nada=negatif").text
    assert 'href="/media/ekspor?nada=negatif&amp;format=xlsx"' in page
    r = client.get("/media/ekspor?nada=negatif&format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and {row["sentiment"] for row in rows} == {"negatif"}
    r = client.get("/media/ekspor?outlet=Kompas&format=xlsx")
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet.max_row == 3  # header and the two Kompas rows
    assert client.get("/media/ekspor?format=pdf").status_code == 400


def test_a_queue_row_names_the_outlet_of_the_copy_it_links_to(login: Any) -> None:
    """The trial's row linked to /media/24 (Warta Nusantara) and read "Suara Rakyat Online":
    title, outlet, URL and link are of one copy, on the queue, the dashboard and the API."""
    from collectors.models import Mention

    ids = seed_mentions(1)
    named = ids["mention_ids"][0]
    with session_scope() as s:
        m = s.get_one(Mention, named)
        m.outlet = "Warta Nusantara"
        copy = Mention(url_key="http://suara.example/1", url="http://suara.example/1",
                       title="Salinan di Suara Rakyat", text="Kementerian Sosial.",
                       outlet="Suara Rakyat Online", media_type="online",
                       published_at=m.published_at - timedelta(hours=3),
                       content_hash="salinan", duplicate_group=named)
        s.add(copy)
        s.flush()
        s.add(Match(mention_id=copy.id or 0, profile_id=ids["profile_id"]))
    api = login(ANALIS)
    [item] = api.get("/api/v1/followups").json()["items"]
    assert (item["story_id"], item["mention_id"], item["outlet"], item["url"]) == (
        named, named, "Warta Nusantara", "http://contoh.id/berita-0")
    assert item["title"] == "Berita bansos nomor 0"
    for page in (api.get("/tindak-lanjut").text, api.get("/dasbor").text):
        row = page[page.index(f'href="/media/{named}'):]
        row = row[:row.index("</tr>")]
        assert "Warta Nusantara" in row and "Suara Rakyat" not in row, row


def test_a_refused_followup_shows_the_form_again_with_the_error_beside_its_field(
        login: Any) -> None:
    """"Selesai" without an action (and any other refusal) shows the mention's page again:
    the message next to the field, what was typed kept, the choices in their labels; never
    the dead-end error page with internal values."""
    ids = seed_mentions(3)
    negative = ids["mention_ids"][0]
    analyst = login(ANALIS)
    r = analyst.form(f"/tindak-lanjut/{negative}", {
        "action": "", "owner": "Sari Wulandari", "deadline": "", "status": "selesai",
        "outcome": "Sudah dijelaskan lewat telepon", "links": "https://kemensos.go.id/x"})
    assert r.status_code == 400
    page = unescape(r.text)
    assert "Terjadi masalah" not in page and 'id="form-tindak-lanjut"' in page
    assert "Berita bansos nomor 0" in page  # the mention's own page
    assert "klarifikasi, hak-jawab" not in page and "tidak-perlu)" not in page
    error = page[page.index('class="field-error" id="galat-action"'):]
    error = error[:error.index("</span>")]
    assert "Status Selesai memerlukan tindakan" in error
    assert "Klarifikasi, Hak jawab, Siaran pers, Koordinasi atau Tidak perlu tindakan" in error
    assert 'value="Sari Wulandari"' in page
    assert ">Sudah dijelaskan lewat telepon</textarea>" in page
    assert ">https://kemensos.go.id/x</textarea>" in page
    assert '<option value="selesai" selected>' in page
    # Another field's refusal sits beside that field; the rest is kept as typed.
    r = analyst.form(f"/tindak-lanjut/{negative}", {
        "action": "klarifikasi", "owner": "Sari", "status": "ditangani",
        "deadline": "2020-01-01"})
    assert r.status_code == 400
    assert 'id="galat-deadline"' in r.text and "sebelum tanggal terbit" in r.text
    assert '<option value="klarifikasi" selected>' in r.text
    # Nothing was stored; the corrected form saves.
    with session_scope() as s:
        assert events(s, entity="followup") == []
    r = analyst.form(f"/tindak-lanjut/{negative}", {
        "action": "klarifikasi", "owner": "Sari", "status": "selesai"})
    assert r.status_code == 303


def test_the_pages_speak_plain_indonesian(login: Any, tmp_path: Any) -> None:
    """No command line on the dashboard or in the report ("pantau sources catalogue"), no
    nested parentheses in the header ("Pengguna pimpinan (Pimpinan (hanya baca))")."""
    seed_mentions(3)
    head = login(PIMPINAN)
    page = unescape(head.get("/dasbor").text)
    assert "Cakupan dan provinsi dari katalog media Pantau." in page
    assert "pantau sources" not in page
    who = page[page.index('<span class="who">'):]
    who = who[:who.index("</span>")]
    assert who.endswith("Pengguna pimpinan · Pimpinan, hanya baca"), who
    assert "((" not in who and "))" not in who
    today = datetime.now(UTC).astimezone(JAKARTA).date().isoformat()
    report = head.get(f"/media/laporan?jenis=daily&tanggal={today}&format=html").text
    assert "pantau sources" not in report
    assert "katalog media Pantau" in report and "PANTAU_HOME" not in report

"""The review queue (/tinjau): likely-wrong labels first, one click per decision through the
correction function, and the audit sample labelled blind from the web."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from typing import Any

from sqlmodel import select

from pantau.core.audit import AuditEvent
from pantau.core.db import session_scope
from pantau.core.timeutil import to_jakarta
from pantau.web.models import ANALIS, PIMPINAN
from tests.web.helpers import seed_mentions


def human_labels() -> dict[int, str | None]:
    from sentiment.models import SentimentLabel

    with session_scope() as s:
        return {r.match_id: r.human_label for r in s.exec(select(SentimentLabel)).all()}


def test_queue_puts_disagreeing_copies_first_and_decides_in_one_click(login: Any) -> None:
    ids = seed_mentions(4)  # the last two (netral, negatif) are copies of one story
    client = login(ANALIS, "rina")
    page = unescape(client.get("/tinjau").text)
    current = page.split('data-review')[1].split("</section>")[0]
    assert "2 salinan cerita ini berlabel berbeda (negatif, netral)" in current
    assert "Kalimat bukti" in current
    for key in ("1 p", "2 n", "3 g", "l"):
        assert f'data-keys="{key}"' in current
    match_id = int(re.search(r'name="match_id" value="(\d+)"', current)[1])  # type: ignore[index]
    assert match_id in ids["match_ids"][2:]
    r = client.form("/tinjau/putuskan", {"match_id": match_id, "label": "negatif",
                                         "kembali": "/tinjau"})
    assert r.status_code == 303 and r.headers["location"].startswith("/tinjau?pesan=")
    labels = human_labels()
    assert labels[ids["match_ids"][2]] == labels[ids["match_ids"][3]] == "negatif"
    with session_scope() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "label.correct")).all()
        assert {e.actor for e in events} == {"rina"} and len(events) == 2
    after = unescape(client.get(r.headers["location"]).text)
    assert "Disimpan: negatif (2 kecocokan" in after
    assert "Butir 1 dari 2" in after  # the two copies left the queue together
    bad = client.form("/tinjau/putuskan", {"match_id": ids["match_ids"][0], "label": "marah"})
    assert bad.status_code == 400 and "tidak dikenal" in bad.text


def test_read_only_role_sees_the_queue_without_buttons(login: Any) -> None:
    seed_mentions(2)
    page = login(PIMPINAN).get("/tinjau").text
    assert "Butir 1 dari 2" in page and "/tinjau/putuskan" not in page


def test_audit_sample_from_the_web_queue(login: Any) -> None:
    seed_mentions(3)
    client = login(ANALIS, "rina")
    month = to_jakarta(datetime.now(UTC)).strftime("%Y-%m")
    offer = client.get(f"/tinjau?periode={month}").text
    assert "Ambil sampel audit" in offer
    r = client.form("/tinjau/audit", {"periode": month, "profil": ""})
    assert r.status_code == 303
    audit_url = r.headers["location"]
    assert audit_url.startswith("/tinjau?audit=")
    decisions = 0
    while "data-review" in (page := unescape(client.get(audit_url).text)):
        decisions += 1
        current = page.split("data-review")[1].split("</section>")[0]
        assert "Label model:" not in current and "tone-negatif\">negatif</span> Kalimat" \
            not in current  # labelled blind
        match_id = int(re.search(r'name="match_id" value="(\d+)"', current)[1])  # type: ignore[index]
        client.form("/tinjau/putuskan", {"match_id": match_id, "label": "negatif",
                                         "kembali": audit_url})
    assert decisions == 2  # the third mention is a copy of the second: decided with it
    done = unescape(client.get(f"/tinjau?periode={month}").text)
    assert "3 dari 3 pemberitaan sampel sudah dinilai" in done
    assert "Perkiraan terkoreksi: <strong>100,0%</strong>" in done
    assert "Antrean kosong" in done
    empty = client.form("/tinjau/audit", {"periode": ""})
    assert empty.status_code == 400 and "Periode audit wajib diisi" in empty.text

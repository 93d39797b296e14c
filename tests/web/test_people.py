"""People quoted and the share of voice on the web (the narasumber page, the dashboard's
share-of-voice card, the JSON API) and from the CLI, with a configured peer institution
and the institution's officials."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from pantau.core.db import session_scope
from pantau.core.timeutil import JAKARTA
from pantau.web.models import ANALIS, PIMPINAN
from tests.web.helpers import UNITS_TOML, WebClient, add_user

PEERS_TOML = UNITS_TOML + """
[[institution.officials]]
name = "Tri Rismaharini"
title = "Menteri Sosial"
aliases = ["Risma", "Bu Risma"]

[[institution.officials]]
name = "Romal Uli"
title = "Kepala Biro Humas"
spokesperson = true

[[profiles]]
name = "kemensos"
query = "kemensos"

[[profiles]]
name = "kemenkes"
query = "kemenkes"

[[comparisons]]
name = "Kementerian Kesehatan"
profile = "kemenkes"
"""
DAY = date(2023, 6, 5)


@pytest.fixture
def web_config(write_config: Callable[[str], Any]) -> str:
    write_config(PEERS_TOML)
    return PEERS_TOML


def _seed() -> None:
    from collectors.models import Match, Mention, Profile
    from sentiment.models import SentimentLabel

    with session_scope() as s:
        own = Profile(name="kemensos", query="kemensos")
        peer = Profile(name="kemenkes", query="kemenkes", comparison=True)
        s.add(own)
        s.add(peer)
        s.flush()
        texts = [(own, "positif", "Bantuan cair, kata Mensos Risma."),
                 (own, "negatif", "\"Kami mohon maaf,\" ujar Kepala Biro Humas Kemensos "
                                  "Romal Uli."),
                 (own, "netral", "Menurut Menteri Sosial Tri Rismaharini, data diperbarui."),
                 (peer, "negatif", "Vaksin terlambat, kata Menteri Kesehatan Budi Sadikin."),
                 (peer, "negatif", "Stok obat menipis, kata Budi Sadikin."),
                 (peer, "netral", "Menurut Budi Sadikin, rumah sakit siap.")]
        for i, (profile, tone, text) in enumerate(texts):
            m = Mention(url_key=f"http://contoh.id/{i}", url=f"http://contoh.id/{i}",
                        title=f"Berita {i}", text=text, outlet="Antara", media_type="online",
                        published_at=datetime(2023, 6, 5, 9 + i, tzinfo=JAKARTA),
                        content_hash=f"h{i}")
            s.add(m)
            s.flush()
            m.duplicate_group = m.id
            match = Match(mention_id=m.id or 0, profile_id=profile.id or 0)
            s.add(match)
            s.flush()
            s.add(SentimentLabel(match_id=match.id or 0, model_label=tone))


def test_people_page_and_dashboard_share_of_voice(login: Any) -> None:
    _seed()
    client = login(PIMPINAN)
    query = f"periode=hari&tanggal={DAY.isoformat()}"
    page = client.get(f"/media/narasumber?{query}").text
    assert "Narasumber yang dikutip" in page and "Tri Rismaharini" in page
    assert "(pejabat instansi)" in page and "(juru bicara instansi)" in page
    assert "Budi Sadikin" not in page  # a peer's people are not the institution's
    assert "juga ditulis: Risma" in page
    dash = client.get(f"/dasbor?{query}").text
    assert "Pangsa pemberitaan dibanding instansi sejenis" in dash
    assert "Kementerian Kesehatan" in dash and "(instansi sendiri)" in dash
    assert "50,00%" in dash  # 3 of 6 stories each
    assert "/media/narasumber?" in dash
    # the institution's own figures leave the peer out: 3 stories, 1 negatif
    assert '<div class="big" id="jumlah">3</div>' in dash
    assert client.get("/media/narasumber?periode=kustom&dari=2023-06-05").status_code == 400


def test_people_and_share_of_voice_api(anon: WebClient) -> None:
    from pantau.web.users import create_api_token

    _seed()
    add_user("sistem", ANALIS)
    with session_scope() as s:
        token = create_api_token(s, username="sistem", name="integrasi", actor="admin")
    auth = {"authorization": f"Bearer {token}"}
    body = anon.get(f"/api/v1/people?period=bulan&day={DAY.isoformat()}", headers=auth).json()
    people = {p["name"]: p for p in body["people"]}
    assert set(people) == {"Tri Rismaharini", "Romal Uli"}
    risma = people["Tri Rismaharini"]
    assert (risma["mentions"], risma["positif"], risma["netral"], risma["own"]) == (2, 1, 1, True)
    assert people["Romal Uli"]["spokesperson"] and people["Romal Uli"]["negatif"] == 1
    voice = anon.get(f"/api/v1/share-of-voice?period=hari&day={DAY.isoformat()}&series=true",
                     headers=auth).json()
    rows = {r["name"]: r for r in voice["institutions"]}
    assert rows["Kementerian Kesehatan"]["negatif"] == 2
    assert rows["Kementerian Kesehatan"]["share"] == 50.0 and rows["Kementerian Contoh"]["own"]
    assert voice["series"][0]["label"] == "05-06"
    assert anon.get("/api/v1/people").status_code == 401


def test_people_and_share_of_voice_cli(cli_runner: Any, web_config: str) -> None:
    _seed()
    out = cli_runner(["people", "--period", "2023-06"]).output
    assert "Tri Rismaharini *" in out and "Menteri Sosial" in out and "Budi" not in out
    out = cli_runner(["share-of-voice", "--period", "2023-06"]).output
    assert "Kementerian Kesehatan" in out and "50,00%" in out and "Kementerian Contoh *" in out

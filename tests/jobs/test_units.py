"""The daily run of a deployment with several organisation units: each unit's report and
alerts cover its own profiles only and go to its own folder and channels; the deployment's
report and rules stay as they were (a single office has only those)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from collectors.models import Match, Mention, Profile
from indicators.models import FollowUp
from jobs.daily import run_daily
from pantau.config import get_config
from pantau.core.errors import ConfigError
from pantau.core.runlog import BERHASIL
from pantau.core.timeutil import JAKARTA
from sentiment.models import SentimentLabel
from tests.jobs.helpers import Receiver

DAY = date(2026, 3, 4)
SECRET = "RAHASIA-B"  # in every title of unit B's stories


def _config(url: str) -> str:
    return f"""
[institution]
name = "Diskominfo Provinsi Contoh"

[[units]]
code = "dinkes"
name = "Dinas Kesehatan"

[[units]]
code = "dishub"
name = "Dinas Perhubungan"

[[profiles]]
name = "profil-a"
query = "puskesmas"
unit = "dinkes"

[[profiles]]
name = "profil-b"
query = "terminal"
unit = "dishub"

[schedule]
report_formats = ["html"]

[alerts]
backoff_seconds = 0

[[alerts.channels]]
name = "kanal-a"
kind = "webhook"
url = "{url}/dinkes"
unit = "dinkes"

[[alerts.channels]]
name = "kanal-b"
kind = "webhook"
url = "{url}/dishub"
unit = "dishub"

[[alerts.channels]]
name = "kanal-pusat"
kind = "webhook"
url = "{url}/pusat"

[[alerts.rules]]
kind = "negative_outlet"
outlets = ["Harian Contoh"]
unit = "dinkes"

[[alerts.rules]]
kind = "negative_share"
threshold = 10
min_mentions = 1
unit = "dinkes"

[[alerts.rules]]
kind = "followup_overdue"
unit = "dinkes"

[[alerts.rules]]
kind = "negative_outlet"
outlets = ["Harian Contoh"]
unit = "dishub"

[[alerts.rules]]
kind = "negative_share"
threshold = 10
min_mentions = 1
"""


def _seed(session: Session) -> None:
    pa, pb = Profile(name="profil-a", query="puskesmas"), Profile(name="profil-b",
                                                                  query="terminal")
    session.add_all([pa, pb])
    session.flush()

    def story(key: str, title: str, hour: int, tones: list[tuple[Profile, str]]) -> int:
        m = Mention(url_key=f"https://contoh.id/{key}", url=f"https://contoh.id/{key}",
                    title=title, text=f"{title}. Isi berita.", outlet="Harian Contoh",
                    media_type="online", content_hash=key,
                    published_at=datetime(2026, 3, 4, hour, tzinfo=JAKARTA))
        session.add(m)
        session.flush()
        for profile, tone in tones:
            match = Match(mention_id=m.id or 0, profile_id=profile.id or 0,
                          matched_terms=[profile.name])
            session.add(match)
            session.flush()
            session.add(SentimentLabel(match_id=match.id or 0, model_label=tone))
        return m.id or 0

    story("a", "Puskesmas tutup lebih awal", 8, [(pa, "negatif")])
    story("b", f"Terminal {SECRET} terbengkalai", 9, [(pb, "negatif")])
    # One story both units' profiles matched: each unit counts only its own match, and
    # answers it with its own follow-up (both overdue on DAY).
    shared = story("ab", "Puskesmas dekat terminal", 10, [(pa, "negatif"), (pb, "negatif")])
    for unit, owner in (("dinkes", "Petugas Dinkes"), ("dishub", f"Petugas {SECRET}")):
        session.add(FollowUp(story_id=shared, org_unit=unit, action="klarifikasi",
                             owner=owner, status="ditangani", deadline=date(2026, 3, 3),
                             created_by="uji", updated_by="uji"))
    session.commit()


def _sent(receiver: Receiver, path: str) -> str:
    return json.dumps([body for p, body in receiver.requests if p == path], ensure_ascii=False)


def test_each_units_report_and_alerts_hold_only_its_own_mentions(
    session: Session, tmp_path: Path, write_config: Any, receiver: Receiver
) -> None:
    write_config(_config(receiver.url))
    _seed(session)
    run = run_daily(day=DAY, out_dir=tmp_path, only=["report", "alerts"], config=get_config())
    assert run.status == BERHASIL, run.error

    [own] = (tmp_path / "dinkes").glob("laporan-media-harian-2026-03-04.html")
    [other] = (tmp_path / "dishub").glob("laporan-media-harian-2026-03-04.html")
    [whole] = tmp_path.glob("laporan-media-harian-2026-03-04.html")
    a_text, b_text = own.read_text(encoding="utf-8"), other.read_text(encoding="utf-8")
    assert "Puskesmas tutup lebih awal" in a_text and "Dinas Kesehatan" in a_text
    assert "Petugas Dinkes" in a_text  # its own follow-up of the shared story
    assert SECRET not in a_text and "profil-b" not in a_text
    assert SECRET in b_text and "Puskesmas tutup lebih awal" not in b_text
    # The deployment's report (the report folder itself) covers every profile, as before.
    assert SECRET in whole.read_text(encoding="utf-8")
    assert not (tmp_path / "utama").exists()  # the default unit owns no profile here

    a_sent, b_sent, all_sent = (_sent(receiver, p) for p in ("/dinkes", "/dishub", "/pusat"))
    # Unit A: its negative stories, a negative share over its own two matches, its own
    # overdue follow-up.
    assert "Puskesmas tutup lebih awal" in a_sent and "2 dari 2 pemberitaan" in a_sent
    assert "Tenggat tindak lanjut" in a_sent and "Petugas Dinkes" in a_sent
    assert SECRET not in a_sent and "Terminal" not in a_sent
    # Unit B: its two negative stories, never A's.
    assert SECRET in b_sent and "Puskesmas tutup" not in b_sent
    assert "Puskesmas dekat terminal" in b_sent
    # The deployment's rule (no unit) goes to the deployment's channel only, over every
    # profile (the story both matched counts once, with its negative match).
    assert "3 dari 3 pemberitaan" in all_sent and "Puskesmas tutup" not in all_sent
    assert {p for p, _ in receiver.requests} == {"/dinkes", "/dishub", "/pusat"}


@pytest.mark.parametrize("extra, message", [
    ('[[alerts.rules]]\nkind = "source_failing"\nunit = "dinkes"\nchannels = ["kanal-b"]\n',
     "menyebut kanal unit lain: kanal-b"),
    ('[[alerts.rules]]\nkind = "negative_share"\nunit = "dinkes"\nprofile = "profil-b"\n',
     "profil 'profil-b' milik unit 'dishub', bukan unit 'dinkes'"),
    ('[[alerts.rules]]\nkind = "source_failing"\nunit = "dinsos"\n',
     "unit 'dinsos' tidak ada di [[units]]"),
])
def test_a_units_rule_names_only_its_own_channels_and_profiles(
    write_config: Any, extra: str, message: str
) -> None:
    write_config(_config("http://127.0.0.1:9") + extra)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        get_config()

"""The daily run of a deployment with several organisation units: each unit's report and
alerts cover its own profiles only and go to its own folder (`<report folder>/<code>`, or
its `report_dir`) and channels; the deployment's
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
from tests.units import OWN_UNIT, SECRET, report_names, store_profiles, two_units

DAY = date(2026, 3, 4)


def _config(url: str, **unit_keys: str) -> str:
    return two_units(**unit_keys) + f"""
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
    pa, pb = store_profiles(session)

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
    shared_folder = tmp_path / "berbagi" / "dinkes"  # unit A's own report folder
    write_config(_config(receiver.url, dinkes=f"report_dir = '{shared_folder}'"))
    _seed(session)
    out = tmp_path / "laporan"
    run = run_daily(day=DAY, out_dir=out, only=["report", "alerts"], config=get_config())
    assert run.status == BERHASIL, run.error

    [own] = shared_folder.glob("laporan-media-harian-2026-03-04.html")
    assert not (out / "dinkes").exists()
    # A unit without a folder of its own: <report folder>/<code>.
    [other] = (out / "dishub").glob("laporan-media-harian-2026-03-04.html")
    [whole] = out.glob("laporan-media-harian-2026-03-04.html")
    a_text, b_text = own.read_text(encoding="utf-8"), other.read_text(encoding="utf-8")
    assert "Puskesmas tutup lebih awal" in a_text and report_names("Dinas Kesehatan") in a_text
    assert report_names("Dinas Perhubungan") in b_text
    assert "Petugas Dinkes" in a_text  # its own follow-up of the shared story
    assert SECRET not in a_text and "profil-b" not in a_text
    assert SECRET in b_text and "Puskesmas tutup lebih awal" not in b_text
    # The deployment's report (the report folder itself) covers every profile, as before.
    whole_text = whole.read_text(encoding="utf-8")
    assert SECRET in whole_text and report_names(OWN_UNIT) in whole_text
    assert not (out / "utama").exists()  # the default unit owns no profile here

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


# The sources of the source tests: name -> the unit whose own source it is (None: shared).
SOURCE_UNITS = {"Kanal Dinkes": "dinkes", "Akun RAHASIA-B": "dishub", "Antara Contoh": None,
                "Koran Terminal": None}


def _unit_key(unit: str | None) -> str:
    return f'unit = "{unit}"\n' if unit else ""


# The sources, and a source_failing rule of each unit and of the deployment.
SOURCES = "\n".join(
    [f'[[sources]]\nname = "{name}"\nkind = "rss"\nurl = "https://{n}.contoh.id/rss"\n'
     + _unit_key(unit) for n, (name, unit) in enumerate(SOURCE_UNITS.items())]
    + ['[[alerts.rules]]\nkind = "source_failing"\n' + _unit_key(unit)
       for unit in ("dinkes", "dishub", None)])


def _failing_sources(session: Session) -> None:
    """Four failing sources: A's own (never collected), B's own (one of its stories matched
    A's profile too), a shared one A's profile matched, a shared one only B's matched."""
    from collectors.models import Source

    pa, pb = store_profiles(session)
    rows = {name: Source(name=name, kind="rss", url=f"https://{n}.contoh.id/rss",
                         consecutive_failures=3, last_error=f"HTTP 503 ({name})",
                         last_error_at=datetime(2026, 3, 4, 6, tzinfo=JAKARTA))
            for n, name in enumerate(SOURCE_UNITS)}
    session.add_all(rows.values())
    session.flush()
    for key, source, profiles in (("b", "Akun RAHASIA-B", [pa, pb]),
                                  ("antara", "Antara Contoh", [pa]),
                                  ("koran", "Koran Terminal", [pb])):
        m = Mention(url_key=f"https://contoh.id/{key}", title=f"Berita {key}",
                    outlet="Harian Contoh", content_hash=key, source_id=rows[source].id,
                    published_at=datetime(2026, 2, 1, 9, tzinfo=JAKARTA))
        session.add(m)
        session.flush()
        session.add_all(Match(mention_id=m.id or 0, profile_id=p.id or 0) for p in profiles)
    session.commit()


def test_a_units_source_failing_rule_watches_only_the_sources_it_uses(
    session: Session, tmp_path: Path, write_config: Any, receiver: Receiver
) -> None:
    write_config(_config(receiver.url) + SOURCES)
    _failing_sources(session)
    run = run_daily(day=DAY, out_dir=tmp_path, only=["alerts"], config=get_config())
    assert run.status == BERHASIL, run.error

    a_sent, b_sent, all_sent = (_sent(receiver, p) for p in ("/dinkes", "/dishub", "/pusat"))
    # A: its own source, and the shared source whose stories its profile matched; never B's
    # own source (even though A's profile matched one of its stories) nor a shared source
    # only B uses.
    assert "Kanal Dinkes" in a_sent and "Antara Contoh" in a_sent
    assert SECRET not in a_sent and "Koran Terminal" not in a_sent
    # B: its own source and the shared one it uses; never A's own source.
    assert SECRET in b_sent and "Koran Terminal" in b_sent
    assert "Kanal Dinkes" not in b_sent and "Antara Contoh" not in b_sent
    # The deployment's rule watches every source.
    assert all(name in all_sent for name in ("Kanal Dinkes", SECRET, "Antara Contoh",
                                             "Koran Terminal"))


def _b_only(session: Session) -> None:
    """Unit B's data only: a negative story of its profile on DAY (from a listed outlet; a
    spike against no story before), its overdue follow-up, its own failing source."""
    from collectors.models import Source

    _pa, pb = store_profiles(session)
    source = Source(name="Akun RAHASIA-B", kind="rss", url="https://dishub.contoh.id/rss",
                    consecutive_failures=3)
    session.add(source)
    session.flush()
    m = Mention(url_key="https://contoh.id/b", title=f"Terminal {SECRET}",
                outlet="Harian Contoh", content_hash="b", source_id=source.id,
                published_at=datetime(2026, 3, 4, 9, tzinfo=JAKARTA))
    session.add(m)
    session.flush()
    match = Match(mention_id=m.id or 0, profile_id=pb.id or 0)
    session.add(match)
    session.flush()
    session.add(SentimentLabel(match_id=match.id or 0, model_label="negatif"))
    session.add(FollowUp(story_id=m.id or 0, org_unit="dishub", action="klarifikasi",
                         owner=f"Petugas {SECRET}", status="ditangani",
                         deadline=date(2026, 3, 3), created_by="uji", updated_by="uji"))
    session.commit()


@pytest.mark.parametrize("kind", ["negative_outlet", "negative_share", "volume_spike",
                                  "source_failing", "followup_overdue"])
def test_no_rule_of_a_unit_fires_on_another_units_data(
    session: Session, write_config: Any, kind: str
) -> None:
    from jobs.alerts import evaluate
    from jobs.config import AlertRule

    write_config(_config("http://127.0.0.1:9") + SOURCES)
    config = get_config()
    _b_only(session)

    def fired(unit: str) -> list[Any]:
        rule = AlertRule(kind=kind, unit=unit, outlets=["Harian Contoh"], threshold=10,  # type: ignore[arg-type]
                         min_mentions=1)
        return evaluate(session, [rule], day=DAY, indicators=config.indicators,
                        profiles=config.profiles, sources=config.sources)

    assert fired("dinkes") == []
    own = fired("dishub")  # the same rule of B's unit does fire: the data is there
    assert own and all(a.unit == "dishub" and a.key.startswith("dishub/") for a in own)


@pytest.mark.parametrize("toml, message", [
    (two_units(dinkes="report_dir = 'laporan/dinkes'"),
     "units.0.report_dir: folder laporan unit harus path absolut"),
    (two_units(dinkes="report_dir = '/srv/laporan/bersama'",
               dishub="report_dir = '/srv/laporan/bersama/'"),
     "units.1.report_dir: folder laporan '/srv/laporan/bersama' sudah dipakai unit dinkes"),
    (two_units(dishub="report_dir = '/srv/laporan'") + "[schedule]\nreport_dir = '/srv/laporan'\n",
     "units.1.report_dir: folder laporan '/srv/laporan' adalah folder laporan penyelenggara"),
])
def test_a_units_report_folder_is_checked(write_config: Any, toml: str, message: str) -> None:
    write_config(toml)
    with pytest.raises(ConfigError) as err:
        get_config()
    assert message in str(err.value)

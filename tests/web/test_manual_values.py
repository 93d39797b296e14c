"""A manual indicator value follows one rule whichever door it comes in by: `pantau
indicators set`, the planners' form (`POST /rencana/nilai`) and the JSON API
(`POST /api/v1/indicators/{id}/values`) refuse the same entries with the same message and
store the same row for a good one (all three call `indicators.api.set_manual_value`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

import indicators
from indicators.models import Indicator, ManualValue
from pantau.core.db import session_scope
from pantau.web.models import ANALIS
from tests.web.helpers import WebClient

RKT = Path(indicators.__file__).parent / "examples" / "rkt-2022-biro-humas-protokol-mk.yaml"
ENTERED_BY = "perencana"
DOORS = ("cli", "form", "api")


@dataclass(frozen=True)
class Entry:
    code: str  # indicator code in the example RKT 2022
    value: str = "92.5"
    evidence: str = ""
    link: str = ""
    period: str = "2022-TW1"


def _indicator_id(code: str) -> int:
    with session_scope() as s:
        found = s.exec(select(Indicator.id).where(Indicator.code == code)).one()
    assert found is not None
    return found


def _stored(code: str) -> list[tuple[Any, ...]]:
    with session_scope() as s:
        key = f"code:{code.lower()}"
        rows = s.exec(select(ManualValue).where(ManualValue.indicator_key == key))
        return [(r.period, r.value, r.entered_by, r.evidence, r.evidence_link) for r in rows]


def _clear_values() -> None:
    with session_scope() as s:
        for row in s.exec(select(ManualValue)):
            s.delete(row)


@dataclass
class Doors:
    cli: Callable[..., Any]
    form: WebClient
    api: WebClient
    token: str

    def enter(self, door: str, entry: Entry) -> str | None:
        """Enter `entry` through `door`: None when it was stored, else the message shown."""
        ind = _indicator_id(entry.code)
        if door == "cli":
            args = ["indicators", "set", str(ind), "--period", entry.period,
                    "--value", entry.value, "--by", ENTERED_BY]
            args += ["--evidence", entry.evidence] if entry.evidence else []
            args += ["--link", entry.link] if entry.link else []
            result = self.cli(args, expect_ok=False)
            return None if result.exit_code == 0 else result.output
        if door == "form":
            r = self.form.form("/rencana/nilai", {
                "indicator_id": ind, "period": entry.period, "value": entry.value,
                "evidence": entry.evidence, "link": entry.link, "tahun": 2022})
            if r.status_code == 303:
                return None
            found = re.search(r'<p class="alert">(.*?)</p>', r.text, re.S)
            return unescape(found[1]) if found else r.text
        r = self.api.post(f"/api/v1/indicators/{ind}/values?year=2022",
                          headers={"authorization": f"Bearer {self.token}"},
                          json={"period": entry.period, "value": float(entry.value),
                                "evidence": entry.evidence or None, "link": entry.link or None})
        return None if r.status_code == 201 else str(r.json()["detail"])


@pytest.fixture
def doors(cli_runner: Any, login: Any, anon: WebClient) -> Doors:
    from pantau.web.users import create_api_token

    form = login(ANALIS, ENTERED_BY)
    cli_runner(["plan", "import", str(RKT)])
    with session_scope() as s:
        token = create_api_token(s, username=ENTERED_BY, name="SAKIP", actor="admin")
    return Doors(cli_runner, form, anon, token)


@pytest.mark.parametrize(("entry", "message"), [
    # Media Monitoring (RKT-2.2) is computed from the job history.
    (Entry("RKT-2.2", value="90"), "dihitung Pantau"),
    (Entry("RKT-1.1", link="javascript:alert(1)"), "Tautan bukti harus diawali http"),
    (Entry("RKT-1.1", evidence="Laporan", link="ftp://contoh.go.id/lap.pdf"),
     "Tautan bukti harus diawali http"),
    (Entry("RKT-1.1", link="https://"), "Tautan bukti harus diawali http"),
    (Entry("RKT-1.1", value="1500"), "tidak masuk akal untuk indikator persen"),
], ids=["computed-indicator", "javascript-link", "ftp-link", "link-without-site", "percent"])
def test_every_door_refuses_the_same_entries(doors: Doors, entry: Entry, message: str) -> None:
    outcomes = {door: doors.enter(door, entry) for door in DOORS}
    assert all(outcome is not None and message in outcome for outcome in outcomes.values()), \
        outcomes
    assert _stored(entry.code) == []


def test_every_door_stores_the_same_row(doors: Doors) -> None:
    entry = Entry("RKT-1.1", value="92.5", evidence="  Laporan kerja sama TW1 ",
                  link=" https://contoh.go.id/lap.pdf ")
    rows = {}
    for door in DOORS:
        assert doors.enter(door, entry) is None, door
        rows[door] = _stored(entry.code)
        _clear_values()
    assert rows["cli"] == rows["form"] == rows["api"] == [
        ("2022-TW1", 92.5, ENTERED_BY, "Laporan kerja sama TW1", "https://contoh.go.id/lap.pdf")]

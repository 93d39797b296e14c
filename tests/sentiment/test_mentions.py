"""One mention filter and one row shape (sentiment.mentions): every field of the filter, the
effective tone, mentions without a profile, and exports that keep formula-looking text as
text."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from collectors.models import Match, Mention, Profile, Source
from pantau.core.errors import InputError
from sentiment.api import (
    EXPORT_FIELDS,
    MentionFilter,
    count_mentions,
    export_mentions,
    list_mentions,
    mention_detail,
    paged_mentions,
)
from sentiment.models import SentimentLabel

FORMULAS = ['=HYPERLINK("http://contoh.id","klik")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)",
            "-2+3"]


@dataclass
class Stored:
    kemensos: int
    bupati: int
    rss: int
    ids: dict[str, int]  # mention key -> mention id


def _mention(session: Session, key: str, *, title: str, outlet: str, published: datetime,
             source: Source | None = None, media_type: str = "online", text: str = "",
             group: str | None = None, ids: dict[str, int]) -> Mention:
    mention = Mention(url_key=f"https://contoh.id/{key}", url=f"https://contoh.id/{key}",
                      title=title, text=text or f"Isi berita {key}.", outlet=outlet,
                      media_type=media_type, published_at=published,
                      source_id=source.id if source else None, content_hash=key)
    session.add(mention)
    session.flush()
    assert mention.id is not None
    mention.duplicate_group = ids[group] if group else mention.id
    ids[key] = mention.id
    return mention


def _match(session: Session, mention: Mention, profile: Profile, *, model: str | None = None,
           human: str | None = None, passages: list[str] | None = None) -> None:
    match = Match(mention_id=mention.id or 0, profile_id=profile.id or 0,
                  matched_terms=["Kemensos"], passages=passages or ["Kemensos menyalurkan."])
    session.add(match)
    session.flush()
    if model or human:
        session.add(SentimentLabel(match_id=match.id or 0, model_label=model, human_label=human,
                                   human_by="rina" if human else None))


@pytest.fixture
def stored(session: Session) -> Stored:
    """Five mentions: `a`..`c` by RSS, `d` a copy of `c`, `e` an unmatched print clipping.
    Times are WIB: `a` at 23:30 on 7 November is still 7 November in Jakarta."""
    kemensos = Profile(name="kemensos", query="Kemensos")
    bupati = Profile(name="bupati", query="Bupati")
    rss = Source(name="Warta RSS", kind="rss", media_type="online")
    print_ = Source(name="Kliping manual", kind="clipping", media_type="cetak")
    session.add_all([kemensos, bupati, rss, print_])
    session.flush()
    ids: dict[str, int] = {}
    a = _mention(session, "a", title="Kemensos salurkan PKH", outlet="Warta Nusantara",
                 published=datetime(2026, 11, 7, 16, 30, tzinfo=UTC), source=rss, ids=ids)
    b = _mention(session, "b", title="Bupati dan Kemensos", outlet="Kabar 100% Kota",
                 published=datetime(2026, 11, 8, 3, 0, tzinfo=UTC), source=rss, ids=ids,
                 text="Bantuan sembako terlambat.")
    c = _mention(session, "c", title="Kemensos dikritik", outlet="Harian Sinar Pagi",
                 published=datetime(2026, 11, 9, 1, 0, tzinfo=UTC), source=rss, ids=ids)
    d = _mention(session, "d", title="Kemensos dikritik (salinan)", outlet="Kabar Ibu Kota",
                 published=datetime(2026, 11, 9, 2, 0, tzinfo=UTC), source=rss, ids=ids,
                 group="c")
    _mention(session, "e", title="Cuaca cerah", outlet="Koran Pagi", media_type="cetak",
             published=datetime(2026, 11, 9, 3, 0, tzinfo=UTC), source=print_, ids=ids)
    _match(session, a, kemensos, model="positif")
    _match(session, b, kemensos, model="netral", human="negatif")
    _match(session, b, bupati)
    _match(session, c, kemensos, model="negatif")
    _match(session, d, kemensos, model="negatif")
    session.commit()
    assert kemensos.id and bupati.id and rss.id
    return Stored(kemensos.id, bupati.id, rss.id, ids)


def keys(session: Session, stored: Stored, **fields: object) -> list[str]:
    by_id = {v: k for k, v in stored.ids.items()}
    rows = list_mentions(session, MentionFilter(**fields))  # type: ignore[arg-type]
    return [by_id[r.mention_id] + (f":{r.profile}" if r.profile else "") for r in rows]


def test_one_row_per_match_newest_first_and_unmatched_mentions_once(session: Session,
                                                                    stored: Stored) -> None:
    assert keys(session, stored) == ["e", "d:kemensos", "c:kemensos", "b:bupati", "b:kemensos",
                                     "a:kemensos"]
    assert count_mentions(session, MentionFilter()) == 6
    rows, total = paged_mentions(session, MentionFilter(), page=2, per_page=4)
    assert total == 6 and [r.mention_id for r in rows] == [stored.ids["b"], stored.ids["a"]]
    unmatched = list_mentions(session, MentionFilter(), limit=1)[0]
    assert (unmatched.match_id, unmatched.profile, unmatched.tone) == (None, None, None)
    assert unmatched.passages == [] and unmatched.matched_terms == []


def test_a_count_can_stop_early(session: Session, stored: Stored) -> None:
    """Issue 15: counting every row of a frequent word took 330 ms at 200,000 mentions on
    PostgreSQL; the list page counts only up to a bound ("more than")."""
    assert count_mentions(session, MentionFilter(), at_most=4) == 5  # more than four
    assert count_mentions(session, MentionFilter(), at_most=6) == 6
    assert count_mentions(session, MentionFilter(text="sembako"), at_most=100) == \
        count_mentions(session, MentionFilter(text="sembako")) == 2
    rows, total = paged_mentions(session, MentionFilter(), per_page=2, count_at_most=3)
    assert (len(rows), total) == (2, 4)


def test_effective_tone_the_analysts_label_wins(session: Session, stored: Stored) -> None:
    rows = {(r.mention_id, r.profile): r for r in list_mentions(session, MentionFilter())}
    b = rows[(stored.ids["b"], "kemensos")]
    assert (b.tone, b.model_label, b.human_label, b.human_by) == ("negatif", "netral",
                                                                 "negatif", "rina")
    assert rows[(stored.ids["b"], "bupati")].tone is None
    detail = mention_detail(session, stored.ids["b"])
    assert detail is not None
    assert [(m.profile.name, m.tone) for m in detail.matches] == [("bupati", None),
                                                                  ("kemensos", "negatif")]


def test_every_field_of_the_filter(session: Session, stored: Stored) -> None:
    # WIB days: `a` (16:30 UTC on 7 Nov) is 23:30 on 7 November in Jakarta.
    assert keys(session, stored, date_to=date(2026, 11, 7)) == ["a:kemensos"]
    assert keys(session, stored, date_from=date(2026, 11, 8), date_to=date(2026, 11, 8)) == [
        "b:bupati", "b:kemensos"]
    assert keys(session, stored, profile="bupati") == ["b:bupati"]
    assert keys(session, stored, profile=stored.bupati) == ["b:bupati"]
    assert keys(session, stored, source="Kliping manual") == ["e"]
    assert len(keys(session, stored, source=stored.rss)) == 5
    # Part of the outlet's name, in any case; LIKE's wildcards are literal.
    assert keys(session, stored, outlet="sinar pagi") == ["c:kemensos"]
    assert keys(session, stored, outlet="100%") == ["b:bupati", "b:kemensos"]
    assert keys(session, stored, outlet="0%") == ["b:bupati", "b:kemensos"]
    assert keys(session, stored, outlet="a_a") == []
    assert keys(session, stored, media_type="cetak") == ["e"]
    assert keys(session, stored, tone="negatif") == ["d:kemensos", "c:kemensos", "b:kemensos"]
    assert keys(session, stored, tone="belum") == ["b:bupati"]  # not `e`: it has no match
    assert keys(session, stored, text="SEMBAKO") == ["b:bupati", "b:kemensos"]
    assert keys(session, stored, unique_only=True, tone="negatif") == ["c:kemensos",
                                                                       "b:kemensos"]


@pytest.mark.parametrize(("fields", "message"), [
    ({"tone": "marah"}, "Sentimen 'marah' tidak dikenal"),
    ({"media_type": "podcast"}, "Jenis media 'podcast' tidak dikenal"),
    ({"date_from": date(2026, 11, 9), "date_to": date(2026, 11, 8)}, "Tanggal akhir sebelum"),
])
def test_values_the_filter_refuses(fields: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        MentionFilter(**fields)  # type: ignore[arg-type]


def test_export_formats_share_the_rows(session: Session, stored: Stored, tmp_path: Path) -> None:
    flt = MentionFilter(profile="kemensos")
    assert export_mentions(session, flt, fmt="jsonl", out=tmp_path / "m.jsonl") == 4
    records = [json.loads(line) for line in (tmp_path / "m.jsonl").read_text().splitlines()]
    assert tuple(records[0]) == EXPORT_FIELDS
    assert records[-1]["published_at"] == "2026-11-07T23:30:00+07:00"
    assert [r["sentiment"] for r in records] == ["negatif", "negatif", "negatif", "positif"]
    assert records[0]["passages"] == ["Kemensos menyalurkan."]
    with pytest.raises(InputError, match="Format ekspor 'pdf' tidak dikenal"):
        export_mentions(session, flt, fmt="pdf", out=tmp_path / "m.pdf")


@pytest.fixture
def formula_mentions(session: Session) -> None:
    """Mentions whose titles and passages look like spreadsheet formulas."""
    profile = Profile(name="kemensos", query="Kemensos")
    session.add(profile)
    session.flush()
    ids: dict[str, int] = {}
    for i, payload in enumerate(FORMULAS):
        mention = _mention(session, f"f{i}", title=payload, outlet=payload, ids=ids,
                           published=datetime(2026, 11, 8, i, 0, tzinfo=UTC))
        _match(session, mention, profile, model="negatif", passages=[payload])
    session.commit()


def test_csv_export_writes_formulas_as_text(session: Session, formula_mentions: None,
                                            tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    assert export_mentions(session, MentionFilter(), fmt="csv", out=out) == len(FORMULAS)
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
    assert sorted(r["title"] for r in rows) == sorted("'" + p for p in FORMULAS)
    assert all(r["passages"] == r["title"] == r["outlet"] for r in rows)


def test_xlsx_export_writes_formulas_as_text(session: Session, formula_mentions: None,
                                             tmp_path: Path) -> None:
    out = tmp_path / "m.xlsx"
    assert export_mentions(session, MentionFilter(), fmt="xlsx", out=out) == len(FORMULAS)
    sheet = load_workbook(out).active
    assert sheet is not None and sheet.title == "Pemberitaan"
    header = [c.value for c in sheet[1]]
    assert header == list(EXPORT_FIELDS)
    for name in ("title", "outlet", "passages"):
        column = header.index(name) + 1
        cells = [sheet.cell(row, column) for row in range(2, sheet.max_row + 1)]
        assert sorted(c.value for c in cells) == sorted(FORMULAS)
        assert {c.data_type for c in cells} == {"s"}

"""Follow-up of negative news: the rules (one door), the audit, the queue's urgency, the
overdue alert and the media report's section with the response time."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from collectors.api import delete_mentions, regroup_duplicates
from collectors.models import Match, Mention
from indicators.api import (
    FOLLOWUP_OPEN,
    QueueFilter,
    followup_history,
    followup_queue,
    followup_state,
    followup_summary,
    get_followup,
    overdue_followups,
    update_followup,
    write_media_report,
)
from indicators.config import IndicatorsConfig
from jobs.alerts import evaluate
from jobs.config import AlertRule
from pantau.config import InstitutionConfig
from pantau.core.audit import events
from pantau.core.errors import InputError
from pantau.core.periods import custom
from pantau.core.timeutil import to_jakarta
from sentiment.models import SentimentLabel
from tests.collectors.helpers import (
    PKH,
    PKH_LONGER,
    PKH_REPRINT,
    WIDER,
    collect,
    collect_across_a_regrouping,
    collector,
)
from tests.indicators.helpers import add_mention, add_profile, wib

DAY = date(2026, 11, 10)


@pytest.fixture
def stories(session: Session) -> dict[str, int]:
    """Three negative stories (one national with two copies, one provincial, one local), a
    positive one; the national story's copy is a reprint in a local outlet."""
    pid = add_profile(session, "kemensos")
    ids = {
        "local": add_mention(session, pid, wib(2026, 11, 10, 6), model="negatif",
                             outlet="Harian Contoh", title="Bansos terlambat di desa"),
        "national": add_mention(session, pid, wib(2026, 11, 10, 8), model="negatif",
                                outlet="Kompas.com", title="Data bansos ganda"),
        "province": add_mention(session, pid, wib(2026, 11, 10, 7), model="negatif",
                                outlet="Pikiran Rakyat", title="Penyaluran BPNT lambat"),
        "positive": add_mention(session, pid, wib(2026, 11, 10, 9), model="positif",
                                title="Bantuan pangan cair"),
    }
    ids["reprint"] = add_mention(session, pid, wib(2026, 11, 10, 12), model="netral",
                                 outlet="Harian Contoh", group=ids["national"],
                                 title="Data bansos ganda")
    session.commit()
    return ids


def test_a_followup_is_stored_per_story_and_audited(session: Session,
                                                   stories: dict[str, int]) -> None:
    f = update_followup(session, stories["reprint"], by="analis", changes={
        "action": "Hak jawab", "owner": "Romal", "deadline": "2026-11-12",
        "status": "ditangani"})
    session.commit()
    assert f.story_id == stories["national"]  # the reprint shares its story's follow-up
    assert get_followup(session, stories["national"]) is not None
    assert (f.action, f.owner, f.deadline, f.status) == ("hak-jawab", "Romal",
                                                          date(2026, 11, 12), "ditangani")
    update_followup(session, stories["national"], by="kabiro", changes={
        "status": "selesai", "outcome": "Hak jawab dimuat",
        "links": "https://kompas.com/hak-jawab-kemensos"})
    session.commit()
    rows = events(session, entity="followup", entity_id=stories["national"])
    assert [r.action for r in rows] == ["followup.update", "followup.create"]
    assert rows[0].actor == "kabiro"
    assert json.loads(rows[0].before or "{}")["status"] == "ditangani"
    after = json.loads(rows[0].after or "{}")
    assert after["status"] == "selesai"
    assert after["links"] == ["https://kompas.com/hak-jawab-kemensos"]
    assert len(followup_history(session, stories["reprint"])) == 2
    assert get_followup(session, stories["national"]).done_at is not None  # type: ignore[union-attr]


@pytest.mark.parametrize(("changes", "words"), [
    ({"action": "demo"}, "Tindakan 'demo' tidak dikenal"),
    ({"status": "beres"}, "Status 'beres' tidak dikenal"),
    ({"status": "selesai"}, "memerlukan tindakan"),
    ({"action": "klarifikasi", "status": "ditangani"}, "memerlukan penanggung jawab"),
    ({"deadline": "12-11-2026"}, "bukan tanggal"),
    ({"deadline": "2026-11-01"}, "sebelum tanggal terbit"),
    ({"links": "javascript:alert(1)"}, "bukan alamat web"),
    ({"colour": "merah"}, "tidak dikenal: colour"),
])
def test_what_a_followup_refuses(session: Session, stories: dict[str, int],
                                 changes: dict[str, str], words: str) -> None:
    with pytest.raises(InputError, match=words):
        update_followup(session, stories["local"], by="analis", changes=changes)


def test_only_negative_stories_get_a_followup(session: Session,
                                              stories: dict[str, int]) -> None:
    with pytest.raises(InputError, match="tidak bersentimen negatif"):
        update_followup(session, stories["positive"], by="analis",
                        changes={"action": "klarifikasi"})


def test_the_queue_is_sorted_by_urgency(session: Session, stories: dict[str, int]) -> None:
    queue = followup_queue(session, QueueFilter(), today=DAY)
    # national (2 copies) > province > local; the positive story is not there
    assert [i.story_id for i in queue] == [stories["national"], stories["province"],
                                           stories["local"]]
    assert queue[0].scope == "nasional" and queue[0].copies == 2
    assert queue[0].status == "baru" and queue[0].followup is None
    # an overdue follow-up goes first, whatever its reach
    update_followup(session, stories["local"], by="analis", changes={
        "action": "klarifikasi", "owner": "Sari", "deadline": "2026-11-10",
        "status": "ditangani"})
    session.commit()
    queue = followup_queue(session, QueueFilter(), today=DAY + timedelta(days=1))
    assert queue[0].story_id == stories["local"] and queue[0].overdue(DAY + timedelta(days=1))
    # done stories leave the open queue but stay in "all"
    update_followup(session, stories["local"], by="analis", changes={"status": "selesai"})
    session.commit()
    assert stories["local"] not in {i.story_id for i in followup_queue(
        session, QueueFilter(status=FOLLOWUP_OPEN), today=DAY)}
    assert len(followup_queue(session, QueueFilter(status=None), today=DAY)) == 3
    assert [i.story_id for i in followup_queue(session, QueueFilter(status="selesai"))] == [
        stories["local"]]


def test_an_overdue_followup_alerts_once_per_deadline(session: Session,
                                                      stories: dict[str, int]) -> None:
    update_followup(session, stories["province"], by="analis", changes={
        "action": "siaran pers", "owner": "Budi", "deadline": "2026-11-11",
        "status": "ditangani"})
    session.commit()
    rule = [AlertRule(kind="followup_overdue")]
    assert evaluate(session, rule, day=date(2026, 11, 11), indicators=IndicatorsConfig()) == []
    alerts = evaluate(session, rule, day=date(2026, 11, 12), indicators=IndicatorsConfig())
    assert len(alerts) == 1
    assert alerts[0].key == f"followup_overdue:followup:{stories['province']}:2026-11-11"
    assert "Penyaluran BPNT lambat" in alerts[0].body and "Budi" in alerts[0].body
    update_followup(session, stories["province"], by="analis", changes={"status": "selesai"})
    session.commit()
    assert evaluate(session, rule, day=date(2026, 11, 12), indicators=IndicatorsConfig()) == []


def test_the_report_shows_followups_with_response_time(session: Session,
                                                        stories: dict[str, int],
                                                        tmp_path: Path) -> None:
    update_followup(session, stories["national"], by="analis", changes={
        "action": "klarifikasi", "owner": "Romal", "status": "selesai",
        "outcome": "Klarifikasi dimuat", "links": ["https://kemensos.go.id/klarifikasi"]})
    session.commit()
    summary = followup_summary(session, period=custom(DAY, DAY))
    assert summary.stories == 3 and summary.count("selesai") == 1 and summary.untouched == 2
    assert summary.median_response is not None and summary.median_response > timedelta(0)
    paths = write_media_report(session, kind="daily", day=DAY, formats=["html", "xlsx"],
                               out_dir=tmp_path, indicators=IndicatorsConfig(),
                               institution=InstitutionConfig(name="Kemensos"))
    html = paths[0].read_text(encoding="utf-8")
    assert "Tindak lanjut pemberitaan negatif" in html
    assert "Dari 3 cerita bersentimen negatif, 1 selesai ditindaklanjuti" in html
    assert "Waktu tanggap" in html and "Klarifikasi dimuat" in html
    from openpyxl import load_workbook

    sheet = load_workbook(paths[1])["Tindak lanjut"]
    assert sheet.max_row == 4 and sheet["F2"].value == "Klarifikasi"


def test_a_storys_page_and_the_queue_see_the_same_copies(session: Session) -> None:
    """A story's copies are one definition (`collectors.api.story_copies`): the queue (and
    the report's section) and a story's own questions (its follow-up, whether it is
    negative, the first publication a deadline may not precede) agree on them: for a story
    regrouped so that its group's id is not its earliest copy and its follow-up hangs on
    another copy, and for a mention of no group."""
    pid = add_profile(session, "kemensos")
    first_stored = add_mention(session, pid, wib(2026, 11, 10, 10), model="netral",
                               outlet="Kompas.com", title="Data bansos ganda")
    earliest = add_mention(session, pid, wib(2026, 11, 9, 20), model="negatif",
                           outlet="Harian Contoh", title="Data bansos ganda di desa")
    reprint = add_mention(session, pid, wib(2026, 11, 10, 12), model="netral",
                          outlet="Pikiran Rakyat", group=earliest, title="Data bansos ganda")
    alone = add_mention(session, pid, wib(2026, 11, 10, 7), model="negatif",
                        title="Penyaluran BPNT lambat")
    session.get_one(Mention, alone).duplicate_group = None  # a mention of no group
    session.commit()
    made = update_followup(session, earliest, by="analis", changes={
        "action": "klarifikasi", "owner": "Sari", "status": "ditangani"})
    assert made.story_id == earliest
    # A regrouping (a wider near-duplicate distance) joins both to the story stored first: the
    # story is `first_stored`, its earliest copy `earliest`, its follow-up kept under it.
    for copy in (earliest, reprint):
        session.get_one(Mention, copy).duplicate_group = first_stored
    session.commit()

    queue = {i.story_id: i for i in followup_queue(session, QueueFilter(status=None),
                                                   today=DAY)}
    assert set(queue) == {first_stored, alone}
    story = queue[first_stored]
    assert story.copies == 3 and story.published_at == wib(2026, 11, 9, 20)
    assert story.negative and story.followup is not None and story.followup.id == made.id
    for mention in (first_stored, earliest, reprint):
        state = followup_state(session, mention)
        assert state.story_id == first_stored and state.negative
        assert state.followup is not None and state.followup.id == made.id
    # The deadline is checked against the first publication the queue shows.
    shown = f"({to_jakarta(story.published_at):%Y-%m-%d})"
    with pytest.raises(InputError, match="sebelum tanggal terbit") as refused:
        update_followup(session, reprint, by="analis", changes={"deadline": "2026-11-08"})
    assert shown in str(refused.value)
    changed = update_followup(session, reprint, by="analis", changes={"deadline": "2026-11-09"})
    assert changed.id == made.id  # the same follow-up, not a second one

    single = queue[alone]
    assert single.copies == 1 and single.followup is None and single.negative
    assert followup_state(session, alone).negative
    with pytest.raises(InputError, match=re.escape(
            f"({to_jakarta(single.published_at):%Y-%m-%d})")):
        update_followup(session, alone, by="analis", changes={"deadline": "2026-11-09"})
    own = update_followup(session, alone, by="analis", changes={
        "action": "klarifikasi", "owner": "Sari", "deadline": "2026-11-10",
        "status": "ditangani"})
    session.commit()
    assert own.story_id == alone
    again = update_followup(session, alone, by="analis", changes={"outcome": "Dimuat"})
    assert again.id == own.id and get_followup(session, alone) is not None
    queue = {i.story_id: i for i in followup_queue(session, QueueFilter(status=None),
                                                   today=DAY)}
    assert {s: i.followup.id if i.followup else None for s, i in queue.items()} == {
        first_stored: made.id, alone: own.id}


def _label(session: Session, tones: dict[int, str]) -> None:
    """The model's tone of every match of each mention (mention id -> tone)."""
    for mention_id, tone in tones.items():
        for match in session.exec(select(Match).where(Match.mention_id == mention_id)):
            session.add(SentimentLabel(match_id=match.id, model_label=tone))  # type: ignore[arg-type]
    session.commit()


def _queue(session: Session) -> dict[int, int | None]:
    """Every story of the queue (done ones too) -> the id of the follow-up it shows."""
    return {i.story_id: i.followup.id if i.followup else None
            for i in followup_queue(session, QueueFilter(status=None), today=DAY)}


def test_a_followup_of_a_story_whose_namesake_was_regrouped_is_found_again(
        session: Session) -> None:
    """A collector whose duplicate index is older than a regrouping stores a copy under a
    story whose namesake (the mention whose id it bears) the regrouping moved to another
    story. The follow-up saved for that story is found again (its page, a second change)
    and the queue shows it under that story, not under the namesake's."""
    stored = collect_across_a_regrouping(session)
    _label(session, {stored.first: "positif", stored.moved: "netral", stored.late: "negatif"})
    story = followup_state(session, stored.late).story_id
    assert story == stored.moved

    made = update_followup(session, stored.late, by="analis", changes={
        "action": "klarifikasi", "owner": "Sari", "status": "ditangani"})
    session.commit()
    found = get_followup(session, stored.late)
    assert found is not None and found.id == made.id
    state = followup_state(session, stored.late)
    assert state.negative and state.followup is not None and state.followup.id == made.id
    assert _queue(session) == {story: made.id}  # `first`'s story is neither negative nor followed
    again = update_followup(session, stored.late, by="kabiro", changes={"outcome": "Dimuat"})
    session.commit()
    assert again.id == made.id
    assert [c.by for c in followup_history(session, stored.late)] == ["kabiro", "analis"]
    assert get_followup(session, stored.first) is None
    assert get_followup(session, stored.moved) is None


def test_a_followup_of_a_story_whose_first_copy_was_deleted_is_saved(
        session: Session) -> None:
    """A story whose first stored copy was deleted (`delete_mentions`) lives on in its other
    copies, under the deleted copy's id: its follow-up is saved, found again and queued."""
    store = collector(session)
    first = collect(store, PKH, outlet="Warta Nusantara",
                    published=wib(2026, 11, 10, 7))
    reprint = collect(store, PKH_REPRINT, outlet="Kabar Ibu Kota",
                      published=wib(2026, 11, 10, 9))
    _label(session, {reprint: "negatif"})
    assert delete_mentions(session, [first]) == 1
    session.commit()

    made = update_followup(session, reprint, by="analis", changes={"action": "hak-jawab"})
    session.commit()
    found = get_followup(session, reprint)
    assert found is not None and found.id == made.id
    assert _queue(session) == {first: made.id}  # the story still bears the deleted copy's id
    assert update_followup(session, reprint, by="analis",
                           changes={"owner": "Romal"}).id == made.id


def test_stories_joined_by_a_regrouping_show_one_followup_everywhere(
        session: Session) -> None:
    """Two stories, each with a follow-up, joined into one by a regrouping: the story's page
    (through any copy), a change and the queue all take the same one, the one made first."""
    store = collector(session)
    first = collect(store, PKH_LONGER, outlet="Harian Contoh",
                    published=wib(2026, 11, 10, 8))
    second = collect(store, PKH, outlet="Warta Nusantara",
                     published=wib(2026, 11, 10, 7))  # published earlier, stored later
    _label(session, {first: "negatif", second: "negatif"})
    made_first = update_followup(session, first, by="analis", changes={"action": "klarifikasi"})
    update_followup(session, second, by="analis", changes={"action": "hak-jawab"})
    session.commit()
    assert regroup_duplicates(session, max_distance=WIDER) == 1
    session.commit()
    session.expire_all()

    assert _queue(session) == {first: made_first.id}
    for mention in (first, second):
        state = followup_state(session, mention)
        assert state.story_id == first
        assert state.followup is not None and state.followup.id == made_first.id
    changed = update_followup(session, second, by="kabiro", changes={"owner": "Sari"})
    assert changed.id == made_first.id



@pytest.mark.parametrize("deadlines, second_made_first, overdue", [
    # (deadline of `first`'s follow-up, of `second`'s), whose was made first, shown deadline
    (("2026-11-20", "2026-11-11"), False, None),  # only the one never shown is overdue
    ((None, "2026-11-11"), False, None),
    (("2026-11-11", "2026-11-20"), False, "2026-11-11"),  # the story's own is overdue
    (("2026-11-11", "2026-11-20"), True, None),  # made first, `second`'s is the story's
    (("2026-11-20", "2026-11-11"), True, "2026-11-11"),
])
def test_the_overdue_alert_checks_the_followup_the_story_shows(
        session: Session, deadlines: tuple[str | None, str | None], second_made_first: bool,
        overdue: str | None) -> None:
    """Two stories, each with a follow-up, joined into one by a regrouping: the story's
    follow-up is the one made first (`_followup_for`), so its deadline, and not the other's,
    makes the story overdue, in `overdue_followups` and in the alert alike."""
    store = collector(session)
    first = collect(store, PKH_LONGER, outlet="Harian Contoh",
                    published=wib(2026, 11, 10, 8))
    second = collect(store, PKH, outlet="Warta Nusantara",
                     published=wib(2026, 11, 10, 7))
    _label(session, {first: "negatif", second: "negatif"})
    deadline = dict(zip((first, second), deadlines, strict=True))
    order = (second, first) if second_made_first else (first, second)
    made = [update_followup(session, m, by="analis", changes={
        "action": "klarifikasi", "owner": "Sari", "status": "ditangani",
        "deadline": deadline[m] or ""}) for m in order]
    session.commit()
    assert regroup_duplicates(session, max_distance=WIDER) == 1
    session.commit()
    session.expire_all()

    day = date(2026, 11, 12)
    found = [(i.story_id, i.followup.id if i.followup else None, i.deadline)
             for i in overdue_followups(session, day=day)]
    assert found == ([] if overdue is None else
                     [(first, made[0].id, date.fromisoformat(overdue))])
    alerts = evaluate(session, [AlertRule(kind="followup_overdue")], day=day,
                      indicators=IndicatorsConfig())
    assert [a.key for a in alerts] == (
        [] if overdue is None else [f"followup_overdue:followup:{first}:{overdue}"])

def test_a_storys_copies_are_found_through_the_indexes(session: Session,
                                                        stories: dict[str, int]) -> None:
    """The copies of a story (`coalesce(duplicate_group, id)`) are asked by the indexed
    group column and id: the bare expression has no index, and each question of the queue,
    the report's follow-up section and a story's page read every mention (4 s a question at
    10 million mentions, the monthly report's section hours)."""
    from sqlalchemy import event

    from pantau.core.db import get_engine

    engine = get_engine()
    statements: list[tuple[str, object]] = []

    def capture(_conn: object, _cursor: object, statement: str, parameters: object,
                *_: object) -> None:
        where = statement.split("WHERE", 1)[-1].lower()
        if re.search(r"coalesce\(mention\.duplicate_group, mention\.id\) (in|=) "
                     r"|mention\.duplicate_group in ", where):
            statements.append((statement, parameters))

    update_followup(session, stories["national"], by="analis", changes={
        "action": "Hak jawab", "owner": "Romal", "deadline": "2026-11-12"})
    session.commit()
    event.listen(engine, "before_cursor_execute", capture)
    try:
        with Session(engine) as reading:
            items = followup_summary(reading, period=custom(DAY, DAY)).items
            assert get_followup(reading, stories["reprint"]) is not None
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert [i.copies for i in items if i.story_id == stories["national"]] == [2]
    assert statements
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        if postgres:  # a few rows are one page: show whether an index can serve at all
            conn.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in statements:
            if postgres:
                plan = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}",
                                            parameters).scalar_one()[0]["Plan"]
                assert not _whole_scans_of_mention(plan), f"{statement}\n{plan}"
            else:
                plan = "\n".join(str(row[-1]) for row in conn.exec_driver_sql(
                    f"EXPLAIN QUERY PLAN {statement}", parameters))
                assert not re.search(r"\bSCAN mention\b", plan), f"{statement}\n{plan}"


def _whole_scans_of_mention(node: dict[str, Any]) -> list[str]:
    """The scans of `mention` (or a partition) in a PostgreSQL plan that search no index
    condition: they read the table (or an index) whole."""
    found = []
    if re.fullmatch(r"mention(_y\d+m\d+|_default)?", node.get("Relation Name", "")) \
            and "Index Cond" not in node and node["Node Type"] != "Bitmap Heap Scan":
        found.append(f"{node['Node Type']} on {node['Relation Name']}")
    for child in node.get("Plans", []):
        found += _whole_scans_of_mention(child)
    return found


def test_the_followup_section_reads_no_story_text(session: Session,
                                                  stories: dict[str, int]) -> None:
    """The queue and the report's follow-up section show a story's title, outlet, link and
    date: they read those columns, never the text (a month of 10 million mentions held every
    negative story's full text in memory: 2.1 GB for the monthly report)."""
    from sqlalchemy import event

    from pantau.core.db import get_engine

    engine = get_engine()
    read: list[str] = []

    def capture(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        head = statement.split("FROM", 1)[0]
        if re.search(r"\bmention\.(text|extra)\b", head):
            read.append(statement)

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with Session(engine) as reading:
            items = followup_summary(reading, period=custom(DAY, DAY)).items
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert items and [i.copies for i in items if i.story_id == stories["national"]] == [2]
    assert not read, read


def test_a_queue_row_describes_the_copy_it_links_to(session: Session) -> None:
    """A story's row shows one copy throughout: its named copy (the mention whose id the
    story bears), even when another copy was published earlier; title, outlet and URL are
    that copy's, and the row links to it (`copy_id`)."""
    pid = add_profile(session, "kemensos")
    named = add_mention(session, pid, wib(2026, 11, 10, 9), model="negatif",
                        outlet="Warta Nusantara", title="Bansos tertunda di Warta",
                        url="https://warta.example/bansos")
    earlier = add_mention(session, pid, wib(2026, 11, 10, 6), model="negatif",
                          outlet="Suara Rakyat Online", group=named,
                          title="Bansos tertunda di Suara", url="https://suara.example/bansos")
    session.commit()
    [item] = followup_queue(session, QueueFilter(status=None), today=DAY)
    assert item.story_id == named and item.copy_id == named
    assert (item.title, item.outlet, item.url) == (
        "Bansos tertunda di Warta", "Warta Nusantara", "https://warta.example/bansos")
    assert item.published_at == wib(2026, 11, 10, 6)  # the story's first publication
    assert item.copies == 2 and earlier != named
    # A story whose named copy left it shows (and links to) its first stored copy.
    session.get_one(Mention, named).duplicate_group = earlier
    session.get_one(Mention, earlier).duplicate_group = named
    third = add_mention(session, pid, wib(2026, 11, 10, 5), model="negatif",
                        outlet="Harian Contoh", group=named, title="Bansos tertunda di desa")
    session.commit()
    items = {i.story_id: i for i in followup_queue(session, QueueFilter(status=None),
                                                   today=DAY)}
    moved = items[named]
    assert moved.copies == 2 and moved.copy_id == earlier
    assert (moved.title, moved.outlet) == ("Bansos tertunda di Suara", "Suara Rakyat Online")
    assert moved.published_at == wib(2026, 11, 10, 5) and third not in items
    assert items[earlier].copy_id == named and items[earlier].outlet == "Warta Nusantara"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext missing")
def test_the_pdf_tables_split_no_word(session: Session, stories: dict[str, int],
                                      tmp_path: Path) -> None:
    """The PDF's narrow columns (the follow-up table has nine) keep every word whole: no
    "Tindaka n", "Penangg ung jawab", "Tengga t", "16-11-202 6"."""
    update_followup(session, stories["national"], by="analis", changes={
        "action": "hak jawab", "owner": "Romal", "deadline": "2026-11-16",
        "status": "ditangani"})
    session.commit()
    [pdf] = write_media_report(session, kind="daily", day=DAY, formats=["pdf"],
                               out_dir=tmp_path, indicators=IndicatorsConfig(),
                               institution=InstitutionConfig(name="Kemensos"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = set(text.split())
    for whole in ("Tindakan", "Penanggung", "jawab", "Tenggat", "16-11-2026", "Status",
                  "tanggap", "10-11-2026", "Persentase", "Perubahan", "sebelumnya"):
        assert whole in words, whole
    for piece in ("Tindaka", "Penangg", "Tengga", "16-11-202"):
        assert piece not in words, piece

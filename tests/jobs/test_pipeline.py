"""The whole daily run end to end, through the other domains' service contracts: the
collectors' sample sites served by a local HTTP server, the bundled sentiment model, the
indicators' media report. Run twice for the same day: nothing duplicated, reports rewritten,
the history one run longer."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, func, select

from collectors import demo as collectors_demo
from jobs.daily import DAILY_STEPS, run_daily
from pantau.config import get_config
from pantau.core.runlog import BERHASIL, JobRun


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def _latest_day(session: Session) -> date:
    from collectors.models import Mention
    from pantau.core.timeutil import JAKARTA

    newest = session.exec(select(func.max(Mention.published_at))).one()
    assert newest is not None
    return newest.astimezone(JAKARTA).date()  # type: ignore[no-any-return]


def test_the_daily_run_end_to_end_twice(
    session: Session, write_config: Any, tmp_path: Path, cli_runner: Any
) -> None:
    from collectors.models import Match, Mention
    from sentiment.models import SentimentLabel

    with collectors_demo.sample_sources() as sample:
        write_config(sample.toml() + '\n[schedule]\nreport_formats = ["html"]\n')
        out = tmp_path / "laporan"
        first = run_daily(day=date(2026, 11, 1), out_dir=out, only=["collect"],
                          config=get_config())
        assert first.status == BERHASIL, first.error
        assert first.counts["new"] > 0 and first.counts["fetched"] > 0
        day = _latest_day(session)

        lines: list[str] = []
        run = run_daily(day=day, out_dir=out, config=get_config(), echo=lines.append)
        assert run.status == BERHASIL, run.error
        mentions, matches = _count(session, Mention), _count(session, Match)
        labels = _count(session, SentimentLabel)
        assert labels == matches > 0
        reports = sorted(p.name for p in out.iterdir())
        assert any(name.endswith(f"{day.isoformat()}.html") for name in reports)
        children = session.exec(select(JobRun).where(JobRun.parent_id == run.id)
                                .order_by(JobRun.id)).all()  # type: ignore[arg-type]
        assert [c.job for c in children] == ["collect", "label", "indicators", "report:daily",
                                             "maintenance"]
        assert all(c.status == BERHASIL and c.run_date == day.isoformat() for c in children)

        # Again, as cron would after a hiccup: nothing new, nothing relabelled, same files.
        before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
        result = cli_runner(["run", "daily", "--date", day.isoformat(), "--out", str(out)])
        assert "berhasil" in result.output
    again = session.exec(select(JobRun).where(JobRun.job == "daily")
                         .order_by(JobRun.id.desc())).first()  # type: ignore[union-attr]
    assert again is not None and again.status == BERHASIL and again.id != run.id
    assert again.counts.get("new", 0) == 0 and again.counts.get("labelled", 0) == 0
    assert (_count(session, Mention), _count(session, Match),
            _count(session, SentimentLabel)) == (mentions, matches, labels)
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert set(after) == set(before)
    assert all(after[name] >= before[name] for name in before)
    assert "daily" in cli_runner(["runs", "--job", "daily"]).output


def test_the_demo_runs_the_same_daily_path(session: Session, tmp_path: Path) -> None:
    from jobs.demo import run_jobs_demo

    lines: list[str] = []
    without_sources = [step for step in DAILY_STEPS if step != "collect"]
    files = run_jobs_demo(tmp_path, lines.append, day=date(2026, 11, 16), config=get_config(),
                          only=without_sources)
    assert files and all(p.parent == tmp_path / "harian" for p in files)
    assert {p.suffix for p in files} >= {".html", ".pdf"}
    run = session.exec(select(JobRun).where(JobRun.job == "daily")).one()
    assert (run.trigger, run.status, run.run_date) == ("demo", BERHASIL, "2026-11-16")
    assert any("Menulis laporan harian" in line for line in lines)
    assert lines[-1] == "  Proses harian 16-11-2026: berhasil (riwayat: `pantau runs`)."
    assert not any("Proses harian: Proses harian" in line for line in lines)

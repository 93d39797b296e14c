"""The daily run as cron and `pantau demo` call it, and the docs of its settings."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from indicators.config import IndicatorsConfig
from indicators.models import IndicatorValueRecord
from jobs.config import AlertRule, AlertsConfig, EmailChannel, ScheduleConfig, WebhookChannel
from jobs.daily import run_daily
from pantau.config import InstitutionConfig, PantauConfig, get_config
from pantau.core.errors import InputError
from pantau.core.runlog import BERHASIL, GAGAL, JobRun, describe_counts
from sentiment.config import SentimentConfig
from tests.indicators.helpers import add_mention, add_profile, wib

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### The daily run, history and alerts")
    return text[start:text.index("\n### ", start + 10)]


@pytest.mark.parametrize(
    "model", [ScheduleConfig, AlertsConfig, AlertRule, EmailChannel, WebhookChannel]
)
def test_every_setting_is_documented(model: type) -> None:
    section = _section()
    missing = [name for name in model.model_fields if not re.search(rf"\b{name}\b", section)]
    assert missing == [], f"README lacks {model.__name__} keys: {missing}"


def test_every_command_is_documented() -> None:
    section = _section()
    for command in ("pantau run daily", "pantau run job", "pantau schedule", "pantau runs",
                    "pantau status", "pantau alerts test", "pantau alerts check",
                    "pantau alerts list", "[Install]"):
        assert command in section


def test_run_daily_refuses_unknown_steps() -> None:
    with pytest.raises(InputError, match="Langkah tidak dikenal: unduh"):
        run_daily(day=date(2026, 3, 4), only=["unduh"], config=PantauConfig())


def test_run_daily_records_its_steps_and_reruns_cleanly(
    session: Session, tmp_path: Path, write_config: Any
) -> None:
    """Steps the day needs, without the collectors: a re-run adds history rows only."""
    write_config("""
[[alerts.channels]]
name = "lokal"
kind = "webhook"
url = "http://127.0.0.1:9/tidak-dipakai"

[[alerts.rules]]
kind = "source_failing"
""")
    lines: list[str] = []
    first = run_daily(day=date(2026, 3, 4), out_dir=tmp_path, only=["alerts"],
                      trigger="demo", config=get_config(), echo=lines.append)
    second = run_daily(day=date(2026, 3, 4), out_dir=tmp_path, only=["alerts"],
                       config=get_config())
    for run in (first, second):
        assert (run.job, run.status, run.run_date) == ("daily", BERHASIL, "2026-03-04")
    rows = session.exec(select(JobRun).order_by(JobRun.id)).all()  # type: ignore[arg-type]
    assert [(r.job, r.parent_id) for r in rows] == [
        ("daily", None), ("alerts", first.id), ("daily", None), ("alerts", second.id)]
    assert first.trigger == "demo"
    assert lines[0].startswith("Proses harian untuk 04-03-2026")


def test_the_given_config_reaches_every_step(session: Session, tmp_path: Path) -> None:
    """`run_daily(config=...)` runs every step with that config, not PANTAU_CONFIG's (here
    the defaults): the labelling with its [sentiment] model, the indicators with its
    counting basis, the report with its institution."""
    from indicators.api import import_example_plan

    pid = add_profile(session, "instansi")
    add_mention(session, pid, wib(2026, 3, 4), model="negatif", title="Sudah berlabel")
    add_mention(session, pid, wib(2026, 3, 4, 10), title="Belum berlabel")
    session.commit()
    import_example_plan(lambda _line: None, year=2026, profile="instansi")
    missing_model = tmp_path / "model-yang-tidak-ada"
    config = PantauConfig(
        institution=InstitutionConfig(name="Dinas Uji Konfigurasi"),
        sentiment=SentimentConfig(model=str(missing_model)),
        indicators=IndicatorsConfig(counting_basis="unique_stories"),
        schedule=ScheduleConfig(report_formats=["html"]),
    )
    run = run_daily(day=date(2026, 3, 4), out_dir=tmp_path, config=config,
                    only=["label", "indicators", "report"])
    steps = {r.job: r for r in session.exec(select(JobRun).where(JobRun.parent_id == run.id))}
    assert steps["label"].status == GAGAL and str(missing_model) in (steps["label"].error or "")
    assert steps["indicators"].status == steps["report:daily"].status == BERHASIL
    bases = {r.inputs.get("dasar_penghitungan") for r in session.exec(select(IndicatorValueRecord))}
    assert bases == {"unique_stories", None}  # None: the IKM indicator has no counting basis
    report = tmp_path / "laporan-media-harian-2026-03-04.html"
    html = report.read_text(encoding="utf-8")
    assert "Dinas Uji Konfigurasi" in html and "berita unik" in html


def test_cli_run_daily_reports_a_failed_step(cli_runner: Any, tmp_path: Path) -> None:
    """A report folder that cannot be made fails the report step; the command says so in
    Indonesian, without a traceback, and the history shows which step."""
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    result = cli_runner(["run", "daily", "--date", "2026-03-04", "--only", "report",
                         "--out", str(blocker / "laporan")], expect_ok=False)
    assert result.exit_code == 1
    assert "Galat: Proses 1 gagal:\n1 dari 1 langkah gagal:" in result.output
    assert re.search(r"Menulis laporan harian: \w+Error", result.output)
    assert "Traceback" not in result.output
    runs = cli_runner(["runs"]).output
    assert "daily" in runs and "report:daily" in runs and GAGAL in runs


def test_the_daily_run_deletes_finished_tasks_past_their_retention(
    session: Session, tmp_path: Path, write_config: Any
) -> None:
    """The task queue's ledger keeps finished units `task_retention_days` days; pending and
    running units are kept whatever their age."""
    from datetime import timedelta

    from jobs.models import ANTRI, DIKERJAKAN, GAGAL_TUGAS, SELESAI, WorkTask
    from pantau.core.timeutil import utcnow

    write_config("[schedule]\ntask_retention_days = 7\n")
    now = utcnow()
    ages = {"lama-selesai": (SELESAI, 8), "lama-gagal": (GAGAL_TUGAS, 30),
            "baru-selesai": (SELESAI, 6), "lama-antri": (ANTRI, None),
            "lama-berjalan": (DIKERJAKAN, None)}
    for key, (status, days) in ages.items():
        session.add(WorkTask(key=key, kind="label", job="label", status=status,
                             created_at=now - timedelta(days=40),
                             finished_at=now - timedelta(days=days) if days else None))
    session.commit()
    run = run_daily(day=date(2026, 3, 4), out_dir=tmp_path, only=["maintenance"],
                    config=get_config())
    assert run.status == BERHASIL and run.counts["tasks_pruned"] == 2
    assert describe_counts(run.counts) == "2 catatan tugas lama dihapus"
    session.expire_all()
    kept = {t.key for t in session.exec(select(WorkTask)).all()}
    assert kept == {"baru-selesai", "lama-antri", "lama-berjalan"}


def test_the_daily_run_without_an_active_source_says_so(
    session: Session, tmp_path: Path, write_config: Any, cli_runner: Any
) -> None:
    """After `pantau demo` the config has a profile and no source: the run says there is
    nothing to collect from, and its history does not record a clean collection of 0
    sources (the other steps still run)."""
    write_config('[[profiles]]\nname = "kemensos"\nquery = "Kemensos"\n'
                 '[schedule]\nreport_formats = ["html"]\n')
    result = cli_runner(["run", "daily", "--date", "2026-03-04", "--out", str(tmp_path)],
                        expect_ok=False)
    assert result.exit_code == 1
    assert "Belum ada sumber aktif" in result.output
    assert "pantau sources add" in result.output
    assert "Mengambil 0 sumber" not in result.output
    collect = session.exec(select(JobRun).where(JobRun.job == "collect")).one()
    assert collect.status == GAGAL and "Belum ada sumber aktif" in (collect.error or "")
    report = session.exec(select(JobRun).where(JobRun.job == "report:daily")).one()
    assert report.status == BERHASIL

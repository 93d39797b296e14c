"""The schedule: every configured job loads into a real APScheduler; time travel with a
controlled clock for the daily boundary in Asia/Jakarta, misfires and coalescing, and
restarts that keep a missed run."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED
from apscheduler.executors.debug import DebugExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy import text

from jobs.definitions import (
    end_of_previous_month,
    end_of_previous_week,
    find_job,
    job_specs,
    latest_fire_time,
)
from jobs.scheduler import (
    DISPATCH,
    JOBSTORE_TABLE,
    create_scheduler,
    job_options,
    make_jobstore,
    stored_next_runs,
    sync_jobs,
)
from pantau.config import get_config, load_config
from pantau.core.db import get_engine
from pantau.core.errors import ConfigError
from pantau.core.timeutil import JAKARTA

FULL_CONFIG = """
[[profiles]]
name = "Pemprov"
query = "pemprov"

[[sources]]
name = "Antara"
kind = "rss"
url = "http://127.0.0.1:9/antara.xml"

[[sources]]
name = "Kompas"
kind = "rss"
url = "http://127.0.0.1:9/kompas.xml"

[schedule]
label_every_minutes = 20
daily_report_time = "07:00"
indicators_time = "01:30"
weekly_report_day = "mon"
weekly_report_time = "07:30"
monthly_report_day = 1
monthly_report_time = "08:00"
misfire_grace_minutes = 180

[[schedule.collect]]
name = "berita"
every_minutes = 15
sources = ["Antara", "Kompas"]

[[schedule.collect]]
name = "sosial"
every_minutes = 60

[[alerts.channels]]
name = "humas"
kind = "webhook"
url = "http://127.0.0.1:9/rahasia-token-123456"

[[alerts.rules]]
kind = "negative_share"
threshold = 40
"""

EXPECTED_IDS = {"collect:berita", "collect:sosial", "label", "alerts", "daily", "indicators",
                "report:weekly", "report:monthly"}


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=JAKARTA)  # type: ignore[misc]


def _clear_store() -> None:
    engine = get_engine()
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {JOBSTORE_TABLE}"))


# --- every configured job loads -----------------------------------------------------------


def test_every_configured_job_loads_into_the_scheduler(write_config: Any) -> None:
    write_config(FULL_CONFIG)
    _clear_store()
    config = get_config()
    store = make_jobstore()
    scheduler = create_scheduler(config, jobstore=store, blocking=False)
    scheduler.start(paused=True)
    try:
        sync_jobs(scheduler, store, job_specs(config), options=job_options(config))
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == EXPECTED_IDS
        for job in jobs.values():
            assert job.func_ref == DISPATCH
            assert job.args == (job.id,)
            assert job.coalesce is True
            assert job.max_instances == 1
            assert job.misfire_grace_time == 180 * 60
            assert job.trigger.timezone == JAKARTA
        # The job store in the Pantau database holds every job, readable by `pantau status`.
        stored = stored_next_runs()
        assert stored is not None and set(stored) == EXPECTED_IDS
    finally:
        scheduler.shutdown(wait=False)
        _clear_store()


def test_default_config_schedules_the_daily_run_at_seven_wib() -> None:
    config = load_config(None)
    daily = find_job(config, "daily")
    fire = daily.trigger.get_next_fire_time(None, wib(2026, 3, 5, 6, 0))
    assert fire == wib(2026, 3, 5, 7, 0)
    assert {s.id for s in job_specs(config)} == {
        "collect:semua", "label", "daily", "indicators", "report:weekly", "report:monthly"}


def test_schedule_list_shows_every_job(write_config: Any, cli_runner: Any) -> None:
    write_config(FULL_CONFIG)
    result = cli_runner(["schedule", "--list"])
    for job_id in EXPECTED_IDS:
        assert job_id in result.output
    assert "WIB" in result.output


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('daily_report_time = "25:00"', "schedule.daily_report_time"),
        ("label_every_minutes = 0", "schedule.label_every_minutes"),
        ('weekly_report_day = "senin"', "schedule.weekly_report_day"),
        ('[[schedule.collect]]\nname = "a"\n[[schedule.collect]]\nname = "a"', "grup"),
    ],
)
def test_a_broken_schedule_is_refused_with_its_key(
    write_config: Any, snippet: str, expected: str
) -> None:
    header = "" if snippet.startswith("[[") else "[schedule]\n"
    path = write_config(header + snippet + "\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert expected in str(err.value)


def test_groups_and_rules_name_existing_sources_and_profiles(
    write_config: Any, cli_runner: Any
) -> None:
    write_config(FULL_CONFIG.replace('"Kompas"]', '"Kompas", "Tempo"]')
                 + '\n[[alerts.rules]]\nkind = "volume_spike"\nprofile = "Bupati"\n')
    result = cli_runner(["schedule", "--list"], expect_ok=False)
    assert result.exit_code == 1
    assert "schedule.collect 'berita': sumber tidak dikenal: Tempo" in result.output
    assert "alerts.rules 'volume_spike': profil tidak dikenal: Bupati" in result.output


def test_unknown_job_is_a_clear_error(cli_runner: Any) -> None:
    result = cli_runner(["run", "job", "tidak-ada"], expect_ok=False)
    assert result.exit_code != 0
    assert "Galat: Tugas 'tidak-ada' tidak ada dalam jadwal" in result.output


# --- which day a run covers, and the run it stands for --------------------------------------


def test_daily_run_covers_the_previous_wib_day() -> None:
    daily = find_job(load_config(None), "daily")
    # 07:00 WIB on 5 March is 00:00 UTC on 5 March; 06:59 WIB is still 4 March in UTC.
    assert daily.day_for(datetime(2026, 3, 5, 0, 0, tzinfo=UTC)) == date(2026, 3, 4)
    assert daily.day_for(datetime(2026, 3, 4, 17, 30, tzinfo=UTC)) == date(2026, 3, 4)
    assert daily.day_for(datetime(2026, 3, 4, 16, 59, tzinfo=UTC)) == date(2026, 3, 3)


@pytest.mark.parametrize(
    ("day", "week_end", "month_end"),
    [
        (date(2026, 3, 2), date(2026, 3, 1), date(2026, 2, 28)),  # Monday
        (date(2026, 3, 8), date(2026, 3, 1), date(2026, 2, 28)),  # Sunday
        (date(2024, 3, 1), date(2024, 2, 25), date(2024, 2, 29)),  # leap year
        (date(2026, 1, 1), date(2025, 12, 28), date(2025, 12, 31)),
    ],
)
def test_weekly_and_monthly_reports_cover_whole_past_periods(
    day: date, week_end: date, month_end: date
) -> None:
    assert end_of_previous_week(day) == week_end
    assert end_of_previous_month(day) == month_end


def test_latest_fire_time_is_the_run_a_late_execution_stands_for() -> None:
    config = load_config(None)
    daily = find_job(config, "daily").trigger
    grace = timedelta(hours=3)
    assert latest_fire_time(daily, wib(2026, 3, 5, 7, 0), grace) == wib(2026, 3, 5, 7, 0)
    assert latest_fire_time(daily, wib(2026, 3, 5, 9, 59), grace) == wib(2026, 3, 5, 7, 0)
    assert latest_fire_time(daily, wib(2026, 3, 5, 10, 1), grace) is None
    collect = find_job(config, "collect:semua").trigger  # every 60 minutes, on the hour
    assert latest_fire_time(collect, wib(2026, 3, 5, 13, 42), grace) == wib(2026, 3, 5, 13, 0)


# --- time travel with a controlled clock ---------------------------------------------------


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now.astimezone(UTC)

    def set(self, now: datetime) -> None:
        self.now = now.astimezone(UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """APScheduler reads `datetime.now` in the scheduler and the executor; both read ours."""
    the_clock = Clock(wib(2026, 3, 5, 6, 0))

    class FakeDatetime(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return the_clock.now.astimezone(tz) if tz else the_clock.now.replace(tzinfo=None)

    monkeypatch.setattr("apscheduler.schedulers.base.datetime", FakeDatetime)
    monkeypatch.setattr("apscheduler.executors.base.datetime", FakeDatetime)
    return the_clock


class ManualScheduler(BaseScheduler):
    """A scheduler that only acts when the test calls `tick()`, running jobs inline."""

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def _start_timer(self, wait_seconds: float | None) -> None:
        return None

    def wakeup(self) -> None:
        return None

    def _create_default_executor(self) -> DebugExecutor:
        return DebugExecutor()

    def tick(self) -> None:
        self._process_jobs()


FIRED: list[tuple[str, datetime]] = []
_CLOCK: list[Clock] = []


def record_fire(job_id: str) -> None:
    """The job function of the time-travel tests (module level: the job store keeps a
    reference to it, as it does to `jobs.scheduler.dispatch`)."""
    FIRED.append((job_id, _CLOCK[0].now))


def fail_fire(job_id: str) -> None:
    raise RuntimeError(f"{job_id} rusak")


def _manual(config: Any, store: Any) -> tuple[ManualScheduler, list[Any]]:
    events: list[Any] = []
    scheduler = ManualScheduler(timezone=JAKARTA, jobstores={"default": store},
                                job_defaults=job_options(config))
    scheduler.add_listener(events.append, EVENT_JOB_MISSED | EVENT_JOB_ERROR)
    return scheduler, events


def _fired(job_id: str) -> list[datetime]:
    return [when for jid, when in FIRED if jid == job_id]


@pytest.fixture
def fired(clock: Clock) -> list[tuple[str, datetime]]:
    FIRED.clear()
    _CLOCK[:] = [clock]
    return FIRED


def _start(config: Any, clock: Clock) -> tuple[ManualScheduler, list[Any]]:
    store = MemoryJobStore()
    scheduler, events = _manual(config, store)
    sync_jobs(scheduler, store, job_specs(config), options=job_options(config),
              func=record_fire)
    scheduler.start()
    return scheduler, events


def test_daily_run_fires_at_seven_wib_not_at_seven_utc(
    clock: Clock, fired: list[Any]
) -> None:
    config = load_config(None)
    clock.set(wib(2026, 3, 5, 6, 0))
    scheduler, _ = _start(config, clock)
    clock.set(wib(2026, 3, 5, 6, 59, 59))
    scheduler.tick()
    assert _fired("daily") == []
    clock.set(datetime(2026, 3, 5, 0, 0, tzinfo=UTC))  # = 07:00 WIB
    scheduler.tick()
    assert _fired("daily") == [wib(2026, 3, 5, 7, 0)]
    scheduler.tick()
    assert len(_fired("daily")) == 1
    clock.set(datetime(2026, 3, 5, 7, 0, tzinfo=UTC))  # 07:00 UTC = 14:00 WIB: nothing new
    scheduler.tick()
    assert len(_fired("daily")) == 1
    assert scheduler.get_job("daily").next_run_time == wib(2026, 3, 6, 7, 0)
    scheduler.shutdown()


def test_missed_runs_are_coalesced_into_one(clock: Clock, fired: list[Any]) -> None:
    config = load_config(None)
    clock.set(wib(2026, 3, 5, 6, 30))
    scheduler, events = _start(config, clock)
    # The machine sleeps through two and a half hours: three hourly collections and the
    # 07:00 daily run are due at once; each runs a single time.
    clock.set(wib(2026, 3, 5, 9, 0, 5))
    scheduler.tick()
    assert len(_fired("collect:semua")) == 1
    assert len(_fired("daily")) == 1
    assert len(_fired("label")) == 1
    assert events == []
    scheduler.tick()
    assert len(_fired("collect:semua")) == 1
    scheduler.shutdown()


def test_a_run_missed_beyond_the_grace_time_is_skipped(clock: Clock, fired: list[Any]) -> None:
    config = load_config(None)  # misfire grace 180 minutes
    clock.set(wib(2026, 3, 5, 6, 30))
    scheduler, events = _start(config, clock)
    clock.set(wib(2026, 3, 5, 10, 30))  # 07:00 was three and a half hours ago
    scheduler.tick()
    assert _fired("daily") == []
    assert [e.job_id for e in events if e.code == EVENT_JOB_MISSED] == ["daily"]
    assert scheduler.get_job("daily").next_run_time == wib(2026, 3, 6, 7, 0)
    scheduler.shutdown()


def test_a_restart_keeps_the_run_missed_while_down(clock: Clock, fired: list[Any]) -> None:
    """The persistent job store remembers the 07:00 run; a scheduler started at 08:15 runs
    it once (coalesced), because an unchanged job keeps its stored next run time."""
    _clear_store()
    config = load_config(None)
    clock.set(wib(2026, 3, 5, 6, 0))
    store = make_jobstore()
    first, _ = _manual(config, store)
    store.start(first, "default")
    sync_jobs(first, store, job_specs(config), options=job_options(config), func=record_fire)
    first.start()
    first.shutdown()

    clock.set(wib(2026, 3, 5, 8, 15))
    store = make_jobstore()
    second, _ = _manual(config, store)
    store.start(second, "default")
    sync_jobs(second, store, job_specs(config), options=job_options(config), func=record_fire)
    second.start()
    second.tick()
    assert _fired("daily") == [wib(2026, 3, 5, 8, 15)]
    assert second.get_job("daily").next_run_time == wib(2026, 3, 6, 7, 0)
    second.shutdown()

    # A changed time replaces the job: its next run is computed afresh, nothing fires now.
    changed = load_config(None).model_copy(deep=True)
    changed.schedule.daily_report_time = "09:00"
    clock.set(wib(2026, 3, 6, 9, 30))
    store = make_jobstore()
    third, _ = _manual(changed, store)
    store.start(third, "default")
    sync_jobs(third, store, job_specs(changed), options=job_options(changed), func=record_fire)
    third.start()
    third.tick()
    assert len(_fired("daily")) == 1
    assert third.get_job("daily").next_run_time == wib(2026, 3, 7, 9, 0)
    third.shutdown()
    _clear_store()


def test_one_failing_job_does_not_stop_the_others(clock: Clock, fired: list[Any]) -> None:
    config = load_config(None)
    clock.set(wib(2026, 3, 5, 6, 30))
    store = MemoryJobStore()
    scheduler, events = _manual(config, store)
    specs = job_specs(config)
    sync_jobs(scheduler, store, [s for s in specs if s.id == "daily"],
              options=job_options(config), func=fail_fire)
    sync_jobs(scheduler, store, [s for s in specs if s.id == "collect:semua"],
              options=job_options(config), func=record_fire)
    scheduler.start()
    clock.set(wib(2026, 3, 5, 7, 0, 1))
    scheduler.tick()
    assert [e.job_id for e in events if e.code == EVENT_JOB_ERROR] == ["daily"]
    assert len(_fired("collect:semua")) == 1
    clock.set(wib(2026, 3, 5, 8, 0, 1))
    scheduler.tick()
    assert len(_fired("collect:semua")) == 2
    assert scheduler.running
    scheduler.shutdown()


# --- the real `pantau schedule` process ------------------------------------------------------


def test_pantau_schedule_runs_alone_and_stops_on_sigterm(write_config: Any) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    import pantau

    _clear_store()
    write_config(FULL_CONFIG)
    env = dict(os.environ, PYTHONPATH=str(Path(pantau.__file__).resolve().parent.parent))
    argv = [sys.executable, "-m", "pantau", "schedule"]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 30
        stored = None
        while time.monotonic() < deadline:
            stored = stored_next_runs()
            if stored and set(stored) == EXPECTED_IDS:
                break
            time.sleep(0.2)
        assert stored is not None and set(stored) == EXPECTED_IDS
        assert all(when is not None for when in stored.values())
        from jobs.scheduler import scheduler_lock, scheduler_running
        from pantau.core.errors import PantauError

        assert scheduler_running()
        # A second scheduler on the same database refuses to start.
        with pytest.raises(PantauError, match="Penjadwal lain sudah berjalan"), \
                scheduler_lock():
            pass
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Penjadwal berhenti." in err
    assert "collect:berita" in out
    assert not scheduler_running()
    _clear_store()

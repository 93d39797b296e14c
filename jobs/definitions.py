"""Every scheduled job, built from the `[schedule]` config: its id, trigger, time limit,
the day a run covers and its steps. The scheduler, `pantau run job` and the tests all read
the jobs from here, so a broken schedule fails in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from jobs.config import CollectGroup, JobsConfig, ScheduleConfig, parse_hhmm
from jobs.pipeline import Step
from jobs.steps import (
    alerts_step,
    collect_step,
    indicators_step,
    label_step,
    maintenance_step,
    report_step,
)
from pantau.core.errors import ConfigError, NotFoundError
from pantau.core.timeutil import JAKARTA

# Interval jobs are anchored at fixed instants so a restart does not shift their phase;
# labelling and alerts run a few minutes after collection.
_ANCHOR = datetime(2020, 1, 1, tzinfo=JAKARTA)
_WEEKDAYS_ID = {"mon": "Senin", "tue": "Selasa", "wed": "Rabu", "thu": "Kamis",
                "fri": "Jumat", "sat": "Sabtu", "sun": "Minggu"}

DayRule = Callable[[date], date]


def same_day(day: date) -> date:
    return day


def previous_day(day: date) -> date:
    return day - timedelta(days=1)


def end_of_previous_week(day: date) -> date:
    """The last Sunday strictly before `day` (weeks run Monday to Sunday)."""
    return day - timedelta(days=day.isoweekday())


def end_of_previous_month(day: date) -> date:
    return day.replace(day=1) - timedelta(days=1)


@dataclass(frozen=True)
class JobSpec:
    id: str
    title: str  # Indonesian, shown by `pantau schedule` and `pantau status`
    trigger: BaseTrigger
    timeout_seconds: int
    covers: DayRule  # the day a run scheduled on (WIB) day X covers
    steps: Callable[[], list[Step]]

    def day_for(self, when: datetime) -> date:
        return self.covers(when.astimezone(JAKARTA).date())


def _interval(minutes: int, offset_minutes: int = 0) -> IntervalTrigger:
    return IntervalTrigger(minutes=minutes, start_date=_ANCHOR + timedelta(minutes=offset_minutes),
                           timezone=JAKARTA)


def _cron(hhmm: str, **fields: object) -> CronTrigger:
    hour, minute = parse_hhmm(hhmm)
    return CronTrigger(hour=hour, minute=minute, timezone=JAKARTA, **fields)  # type: ignore[arg-type]


def _collect_steps(group: CollectGroup) -> list[Step]:
    return [collect_step(group, job=f"collect:{group.name}")]


def daily_steps(config: JobsConfig) -> list[Step]:
    """The whole pipeline for one day: collect (with deduplication), label, compute, report,
    alerts."""
    steps = [collect_step(), label_step(), indicators_step(),
             report_step("daily", config.schedule.report_formats)]
    if config.alerts.enabled and config.alerts.rules and config.alerts.channels:
        steps.append(alerts_step())
    steps.append(maintenance_step())
    return steps


def check_references(config: JobsConfig) -> None:
    """Collection groups and alert rules may only name sources and profiles that exist."""
    sources = {s.name for s in config.sources}
    profiles = {p.name for p in config.profiles}
    problems = []
    for group in config.schedule.collect:
        unknown = [s for s in group.sources if s not in sources]
        if unknown:
            problems.append(f"schedule.collect '{group.name}': sumber tidak dikenal: "
                            f"{', '.join(unknown)}")
        if group.profile and group.profile not in profiles:
            problems.append(f"schedule.collect '{group.name}': profil tidak dikenal: "
                            f"{group.profile}")
    for rule in config.alerts.rules:
        if rule.profile and rule.profile not in profiles:
            problems.append(f"alerts.rules '{rule.label}': profil tidak dikenal: {rule.profile}")
    if problems:
        raise ConfigError("Konfigurasi jadwal tidak valid:\n" +
                          "\n".join(f"  - {p}" for p in problems))


def job_specs(config: JobsConfig) -> list[JobSpec]:
    check_references(config)
    sched: ScheduleConfig = config.schedule
    collect_limit = sched.collect_timeout_minutes * 60
    job_limit = sched.job_timeout_minutes * 60
    specs: list[JobSpec] = []
    for group in sched.collect:
        specs.append(JobSpec(
            id=f"collect:{group.name}",
            title=f"Pengumpulan grup {group.name} tiap {group.every_minutes} menit",
            trigger=_interval(group.every_minutes),
            timeout_seconds=collect_limit,
            covers=same_day,
            steps=partial(_collect_steps, group),
        ))
    specs.append(JobSpec(
        id="label", title=f"Pelabelan sentimen tiap {sched.label_every_minutes} menit",
        trigger=_interval(sched.label_every_minutes, offset_minutes=5),
        timeout_seconds=job_limit, covers=same_day, steps=lambda: [label_step()],
    ))
    if config.alerts.enabled and config.alerts.rules and config.alerts.channels:
        specs.append(JobSpec(
            id="alerts", title=f"Pemeriksaan peringatan tiap {sched.alerts_every_minutes} menit",
            trigger=_interval(sched.alerts_every_minutes, offset_minutes=10),
            timeout_seconds=job_limit, covers=same_day, steps=lambda: [alerts_step()],
        ))
    specs.append(JobSpec(
        id="daily",
        title=f"Proses harian dan laporan harian pukul {sched.daily_report_time} WIB",
        trigger=_cron(sched.daily_report_time),
        timeout_seconds=job_limit, covers=previous_day,
        steps=lambda: daily_steps(config),
    ))
    specs.append(JobSpec(
        id="indicators", title=f"Perhitungan ulang indikator pukul {sched.indicators_time} WIB",
        trigger=_cron(sched.indicators_time),
        timeout_seconds=job_limit, covers=previous_day, steps=lambda: [indicators_step()],
    ))
    specs.append(JobSpec(
        id="report:weekly",
        title=(f"Laporan mingguan tiap {_WEEKDAYS_ID[sched.weekly_report_day]} "
               f"pukul {sched.weekly_report_time} WIB"),
        trigger=_cron(sched.weekly_report_time, day_of_week=sched.weekly_report_day),
        timeout_seconds=job_limit, covers=end_of_previous_week,
        steps=lambda: [report_step("weekly", sched.report_formats)],
    ))
    specs.append(JobSpec(
        id="report:monthly",
        title=(f"Laporan bulanan tiap tanggal {sched.monthly_report_day} "
               f"pukul {sched.monthly_report_time} WIB"),
        trigger=_cron(sched.monthly_report_time, day=sched.monthly_report_day),
        timeout_seconds=job_limit, covers=end_of_previous_month,
        steps=lambda: [report_step("monthly", sched.report_formats)],
    ))
    return specs


def find_job(config: JobsConfig, job_id: str) -> JobSpec:
    specs = job_specs(config)
    for spec in specs:
        if spec.id == job_id:
            return spec
    known = ", ".join(s.id for s in specs)
    raise NotFoundError(f"Tugas '{job_id}' tidak ada dalam jadwal. Tugas yang ada: {known}.")


def latest_fire_time(trigger: BaseTrigger, now: datetime, lookback: timedelta) -> datetime | None:
    """The last time `trigger` fired at or before `now`, looking back at most `lookback`
    (the run a coalesced, possibly late, execution stands for)."""
    latest = None
    fire = trigger.get_next_fire_time(None, now - lookback)
    while fire is not None and fire <= now:
        latest = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1))
    return latest

"""The public surface of jobs: what the CLI, the scheduler's worker, the web app and the
demo call.

Every function that runs steps takes the configuration as `config: JobsConfig` (the
sections jobs and their steps read; `PantauConfig` has them all); nothing here reads the
configuration itself.

- Running: `run_daily` (the daily pipeline, `DAILY_STEPS`), `run_scheduled_job` (one job of
  the schedule), `yesterday_wib`.
- The schedule: `job_specs`, `find_job`, `run_scheduler`, `scheduler_running`,
  `stored_next_runs`.
- The history (the core's run log): `list_runs`, `last_runs`, `recover_interrupted`.
- Alerts: `check_alerts`, `deliver`, `list_deliveries`, `Alert`, `describe_channel`.
- The task queue (`jobs.engine`, with PANTAU_BROKER_URL): `enqueue_job`, `run_engine_worker`
  (`pantau worker`), `queue_depth`; health and Prometheus metrics: `serve_health`.
- Demo: `run_jobs_demo`.
"""

from __future__ import annotations

from jobs.alerts import Alert, check_alerts, deliver, list_deliveries
from jobs.channels import describe_channel
from jobs.config import JobsConfig
from jobs.daily import DAILY_STEPS, run_daily, run_scheduled_job, yesterday_wib
from jobs.definitions import find_job, job_specs
from jobs.demo import run_jobs_demo
from jobs.engine import enqueue_job, queue_depth, run_engine_worker
from jobs.metrics import serve_health
from jobs.runs import recover_interrupted
from jobs.scheduler import run_scheduler, scheduler_running, stored_next_runs
from pantau.core.runlog import last_runs, list_runs

__all__ = [
    "DAILY_STEPS",
    "Alert",
    "JobsConfig",
    "check_alerts",
    "deliver",
    "describe_channel",
    "enqueue_job",
    "queue_depth",
    "run_engine_worker",
    "serve_health",
    "find_job",
    "job_specs",
    "last_runs",
    "list_deliveries",
    "list_runs",
    "recover_interrupted",
    "run_daily",
    "run_jobs_demo",
    "run_scheduled_job",
    "run_scheduler",
    "scheduler_running",
    "stored_next_runs",
    "yesterday_wib",
]

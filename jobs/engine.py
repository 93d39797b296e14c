"""The distributed engine: Pantau's jobs as tasks on Celery, so that any number of
`pantau worker` processes on any number of machines share the work.

Used only when a broker is configured (`PANTAU_BROKER_URL`); without it the scheduler runs
every job in a subprocess of its own as on a single machine (`jobs.scheduler`).

The scheduler only enqueues: `enqueue_job` claims the firing in the `work_task` ledger (a
unique key per job and fire time, so a second scheduler firing the same run enqueues
nothing) and publishes a `pantau.job` message. A worker receiving it:

- for a collection job (`collect:<group>`) syncs the configuration to the database once,
  writes the job's `job_run` row and one `collect` unit per `[schedule] sources_per_task`
  sources, all in one transaction, and publishes one `pantau.collect` message per unit;
- for the labelling job (`label`) does the same with batches of unlabelled matches
  (`labels_per_task`), one `pantau.label` message each;
- for any other job (daily run, indicators, report writing, alerts) runs it in the worker.

Every message is acknowledged after its work is committed (`acks_late`; a worker process
that dies is `reject_on_worker_lost`), so a worker killed mid-task loses nothing: the broker
delivers the message again, to another worker. And a unit is done once: it is marked
`selesai` in the same transaction that adds its counts to the job's run, a unit already
`selesai` is acknowledged without work, and its work is idempotent by itself (a mention's
unique key, a label written only where there is none). The unit that finishes last
finishes the job's run (`berhasil`, or `gagal` with the failures).

RabbitMQ is the broker of choice (DEVELOPERS.md, "The task queue"): it hands back the
messages of a dead consumer at once. Redis works too, but gives back an unacknowledged
message only after its visibility timeout.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from amqp.exceptions import ChannelError, NotFound
from celery import Celery
from celery.signals import worker_process_init
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from jobs.config import JobsConfig
from jobs.daily import run_scheduled_job
from jobs.definitions import find_job
from jobs.metrics import observe_task, record_labelled, record_source_errors
from jobs.models import ANTRI, DIKERJAKAN, GAGAL_TUGAS, SELESAI, WorkTask
from jobs.runs import hostname
from pantau.core.db import dispose_engines, get_engine
from pantau.core.errors import PantauError
from pantau.core.runlog import BERHASIL, BERJALAN, GAGAL, JobRun
from pantau.core.settings import get_settings
from pantau.core.timeutil import utcnow

log = logging.getLogger("pantau.engine")

DONE = (SELESAI, GAGAL_TUGAS)
JOB_TASK = "pantau.job"
COLLECT_TASK = "pantau.collect"
LABEL_TASK = "pantau.label"

app = Celery("pantau", set_as_current=False)
app.conf.update(
    # Acknowledge after the work is committed; a worker process that dies (SIGKILL, OOM)
    # hands its message back instead of acknowledging it.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    # One message at a time per worker process: a killed worker holds no others hostage.
    worker_prefetch_multiplier=1,
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
    worker_send_task_events=False,
    # RabbitMQ: the broker confirms each publish (a message is never lost in flight).
    # Redis: an unacknowledged message comes back after PANTAU_BROKER_VISIBILITY_TIMEOUT
    # seconds (set in `configure`).
)

# The configuration of the worker process (read once at its edge, `pantau worker`).
_config: JobsConfig | None = None
_classifiers: dict[str, Any] = {}


def redis_redelivery(visibility_timeout: int) -> dict[str, int]:
    """Redis's transport options for giving a dead worker's unacknowledged task back.

    kombu looks for such tasks (older than `visibility_timeout`) only on every
    `unacked_restore_throttle`-th sweep of every `unacked_restore_interval` seconds: 10 x 10 s
    by default, so a task could wait the timeout plus 100 s. The look is made at least ten
    times per timeout (at most every 100 s), so it comes back within 1.1 timeouts
    (RabbitMQ ignores these options: it redelivers when the connection drops)."""
    every = max(1, min(100, visibility_timeout // 10))
    interval = min(10, every)
    return {"visibility_timeout": visibility_timeout,
            "unacked_restore_interval": interval,
            "unacked_restore_throttle": max(1, every // interval)}


def configure(broker_url: str | None = None, queue: str | None = None) -> Celery:
    """Point the app at the broker and queue of the settings (or those given)."""
    settings = get_settings()
    url = broker_url or settings.broker_url
    if not url:
        raise PantauError("Antrean tugas belum diatur: isi PANTAU_BROKER_URL "
                          "(mis. amqp://guest:guest@127.0.0.1:5672//).")
    options = {"confirm_publish": True, **redis_redelivery(settings.broker_visibility_timeout)}
    if app.conf.broker_url and (app.conf.broker_url, app.conf.broker_transport_options) \
            != (url, options):
        # Pointed at another broker (the tests switch between RabbitMQ and Redis): publish
        # through the new broker's pools, not the old one's (kombu keeps each broker's pool
        # open in its registry, so a later switch back finds it usable).
        app._pool = None
        app.amqp._producer_pool = None
    app.conf.broker_url = url
    app.conf.task_default_queue = queue or settings.broker_queue
    app.conf.broker_transport_options = options
    return app


def broker_configured() -> bool:
    return bool(get_settings().broker_url)


def use_engine_config(config: JobsConfig) -> None:
    global _config
    _config = config


def _require_config() -> JobsConfig:
    if _config is None:
        raise PantauError("Pekerja belum membaca konfigurasi.")
    return _config


@worker_process_init.connect
def _fresh_connections(**_: Any) -> None:
    """A forked worker process opens its own database connections."""
    dispose_engines()


def _session() -> Session:
    return Session(get_engine(), expire_on_commit=False)


def _publish(task: str, key: str) -> None:
    app.send_task(task, args=[key], queue=app.conf.task_default_queue)


# --- the scheduler's side ------------------------------------------------------------------


def job_key(job_id: str, scheduled_for: datetime) -> str:
    return f"job:{job_id}@{scheduled_for.isoformat()}"


def claim_job(job_id: str, scheduled_for: datetime, *, trigger: str = "schedule") -> str | None:
    """Claim the run of `job_id` meant for `scheduled_for` in the ledger; None when it is
    already claimed (another scheduler fired the same run)."""
    key = job_key(job_id, scheduled_for)
    with _session() as session:
        session.add(WorkTask(key=key, kind="job", job=job_id,
                             payload={"scheduled_for": scheduled_for.isoformat(),
                                      "trigger": trigger}))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            log.info("Tugas %s (jadwal %s) sudah diambil penjadwal lain; dilewati.",
                     job_id, scheduled_for.isoformat())
            return None
    return key


def settle_claim(key: str, *, ok: bool, error: str | None = None) -> None:
    """Finish a claimed run that the scheduler ran itself (no broker)."""
    with _session() as session:
        session.execute(update(WorkTask).where(col(WorkTask.key) == key).values(
            status=SELESAI if ok else GAGAL_TUGAS, finished_at=utcnow(), error=error))
        session.commit()


def enqueue_job(job_id: str, *, scheduled_for: datetime | None = None,
                trigger: str = "schedule") -> str | None:
    """Claim and enqueue one run of `job_id` (the scheduler with a broker; `pantau run job
    --antrean`). Returns the ledger key, or None when that run was already claimed."""
    configure()
    key = claim_job(job_id, scheduled_for or utcnow(), trigger=trigger)
    if key is not None:
        _publish(JOB_TASK, key)
    return key


def republish_pending(older_than_seconds: float = 0) -> int:
    """Publish again every claimed run still `antri` (a scheduler that died between claim
    and publish). Harmless when the message was sent: a unit runs once."""
    configure()
    now = utcnow()
    with _session() as session:
        rows = session.exec(select(WorkTask).where(WorkTask.kind == "job",
                                                   WorkTask.status == ANTRI)).all()
    keys = [r.key for r in rows if (now - r.created_at).total_seconds() >= older_than_seconds]
    for key in keys:
        _publish(JOB_TASK, key)
    return len(keys)


# --- the worker's side ---------------------------------------------------------------------


def _start(key: str, attempts_limit: int) -> WorkTask | None:
    """Mark the unit `berjalan` for this delivery; None when there is nothing to do."""
    with _session() as session:
        row = session.exec(select(WorkTask).where(WorkTask.key == key)).first()
        if row is None:
            log.warning("Unit kerja %s tidak ada di buku kerja; pesan diabaikan.", key)
            return None
        if row.status in DONE:
            log.info("Unit kerja %s sudah %s; pesan diakui tanpa kerja.", key, row.status)
            return None
        if row.attempts >= attempts_limit:
            session.commit()
            _complete(row, counts={}, error=(
                f"Dihentikan: pekerjanya mati {row.attempts} kali saat mengerjakan unit ini."))
            return None
        row.status = DIKERJAKAN
        row.attempts += 1
        row.pid = os.getpid()
        row.host = hostname()
        row.started_at = utcnow()
        session.add(row)
        session.commit()
        return row


def _merge(total: dict[str, Any], counts: dict[str, Any]) -> dict[str, Any]:
    merged = dict(total)
    for name, value in counts.items():
        if isinstance(value, int) and not isinstance(value, bool):
            merged[name] = int(merged.get(name, 0)) + value
    return merged


def _complete(row: WorkTask, *, counts: dict[str, Any], error: str | None,
              session: Session | None = None) -> bool:
    """Mark the unit done and add its counts to its run, in one transaction (the caller's
    `session` when its work must commit with it); the last unit finishes the run. False when
    another delivery completed it first (nothing is added twice)."""
    own = session is None
    s = session or _session()
    try:
        status = GAGAL_TUGAS if error else SELESAI
        done = s.execute(
            update(WorkTask)
            .where(col(WorkTask.key) == row.key, col(WorkTask.status).not_in(DONE))
            .values(status=status, counts=counts, error=error, finished_at=utcnow()))
        if done.rowcount == 0:  # type: ignore[attr-defined]
            s.rollback()
            return False
        if row.run_id is not None and row.kind != "job":
            run = s.exec(select(JobRun).where(JobRun.id == row.run_id).with_for_update()).one()
            run.counts = _merge(run.counts or {}, counts)
            left = s.exec(select(func.count()).select_from(WorkTask).where(
                WorkTask.run_id == row.run_id, WorkTask.kind != "job",
                col(WorkTask.status).not_in(DONE))).one()
            if left == 0 and run.status == BERJALAN:
                _finish_run(s, run)
            s.add(run)
        s.commit()
        return True
    finally:
        if own:
            s.close()


def _finish_run(session: Session, run: JobRun) -> None:
    failed = session.exec(select(WorkTask).where(
        WorkTask.run_id == run.id, WorkTask.kind != "job",
        WorkTask.status == GAGAL_TUGAS).order_by(col(WorkTask.id))).all()
    counts = run.counts or {}
    problems = [f"{', '.join(_unit_names(t))}: {(t.error or '').splitlines()[0]}"
                for t in failed[:5]]
    if failed:
        run.status = GAGAL
        run.error = (f"{len(failed)} unit kerja gagal:\n" + "\n".join(problems))
    elif (run.job.startswith("collect") and counts.get("sources")
          and counts.get("errors", 0) >= counts["sources"] and not counts.get("fetched")):
        run.status = GAGAL
        run.error = f"Semua {counts['sources']} sumber gagal dikumpulkan."
    else:
        run.status = BERHASIL
    run.finished_at = utcnow()


def _unit_names(row: WorkTask) -> list[str]:
    sources = row.payload.get("sources")
    if sources:
        return [str(s) for s in sources[:3]] + (["..."] if len(sources) > 3 else [])
    ids = row.payload.get("match_ids") or []
    return [f"{len(ids)} kecocokan"] if ids else [row.key]


def _new_run(session: Session, job_id: str, config: JobsConfig, row: WorkTask) -> JobRun:
    scheduled = datetime.fromisoformat(row.payload["scheduled_for"])
    spec = find_job(config, job_id)
    # No pid or host: the run belongs to no one process (its units may run anywhere), so
    # no process's death marks it `terputus`.
    run = JobRun(job=job_id, scheduled_for=scheduled,
                 run_date=spec.day_for(scheduled).isoformat(),
                 trigger=row.payload.get("trigger", "schedule"), counts={})
    session.add(run)
    session.flush()
    return run


def _fan_out(row: WorkTask, kind: str, parts: Sequence[dict[str, Any]],
             config: JobsConfig) -> dict[str, Any]:
    """Write the run and its units once (first delivery) and publish every unit not done
    (again, on a later delivery: a published unit runs once whatever happens)."""
    with _session() as session:
        fresh = session.exec(select(WorkTask).where(WorkTask.key == row.key)).one()
        if fresh.run_id is None:
            run = _new_run(session, row.job, config, fresh)
            for number, payload in enumerate(parts):
                session.add(WorkTask(key=f"{row.key}/{kind}/{number}", kind=kind, job=row.job,
                                     run_id=run.id, payload=dict(payload)))
            if not parts:
                _finish_run(session, run)
            fresh.run_id = run.id
            session.add(fresh)
            session.commit()
        keys = session.exec(select(WorkTask.key).where(
            WorkTask.run_id == fresh.run_id, WorkTask.kind == kind,
            col(WorkTask.status).not_in(DONE)).order_by(col(WorkTask.id))).all()
    task = COLLECT_TASK if kind == "collect" else LABEL_TASK
    for key in keys:
        _publish(task, key)
    return {"tasks": len(parts), "published": len(keys), "run_id": fresh.run_id}


def _chunks(items: Sequence[Any], size: int) -> list[list[Any]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def _job_unit(row: WorkTask) -> None:
    config = _require_config()
    job_id = row.job
    spec = find_job(config, job_id)  # a job no longer configured fails here, with its name
    if job_id.startswith("collect:"):
        # deferred: the collectors load (0.5 s) only in a worker that collects
        from collectors.api import prepare_collection

        group = next(g for g in config.schedule.collect if f"collect:{g.name}" == job_id)
        names = prepare_collection(config=config, profile=group.profile,
                                   sources=list(group.sources) or None)
        names = list(group.sources) or names
        parts = [{"sources": chunk, "profile": group.profile}
                 for chunk in _chunks(names, config.schedule.sources_per_task)]
        result = _fan_out(row, "collect", parts, config)
    elif job_id == "label":
        # deferred: sentiment and its numeric libraries load only in a worker that labels
        from sentiment.api import pending_matches

        with _session() as session:
            ids = pending_matches(session)
        parts = [{"match_ids": chunk}
                 for chunk in _chunks(ids, config.schedule.labels_per_task)]
        result = _fan_out(row, "label", parts, config)
    else:
        scheduled = datetime.fromisoformat(row.payload["scheduled_for"])
        run = run_scheduled_job(job_id, config=config, scheduled_for=scheduled,
                                day=spec.day_for(scheduled),
                                trigger=row.payload.get("trigger", "schedule"))
        with _session() as session:
            session.execute(update(WorkTask).where(col(WorkTask.key) == row.key)
                            .values(run_id=run.id))
            session.commit()
        if run.status != BERHASIL:
            _complete(row, counts={}, error=run.error or run.status)
            return
        result = {"run_id": run.id}
    _complete(row, counts=result, error=None)


def _collect_unit(row: WorkTask) -> None:
    config = _require_config()
    # deferred: the collectors load (0.5 s) only in a worker that collects
    from collectors.api import collect
    from jobs.steps import summarise_collection

    results = collect(config=config, profile=row.payload.get("profile"),
                      sources=list(row.payload["sources"]))
    record_source_errors({r.source: r.errors for r in results if r.errors})
    _complete(row, counts=summarise_collection(results), error=None)


def _classifier(config: JobsConfig) -> Any:
    # deferred: sentiment and its numeric libraries load only in a worker that labels
    from sentiment.api import load_classifier

    key = config.sentiment.model_dump_json()
    if key not in _classifiers:
        _classifiers[key] = load_classifier(config.sentiment)
    return _classifiers[key]


def _label_unit(row: WorkTask) -> None:
    config = _require_config()
    # deferred: sentiment and its numeric libraries load only in a worker that labels
    from sentiment.api import label_batch

    classifier = _classifier(config)
    with _session() as session:
        labelled = label_batch(session, list(row.payload["match_ids"]), classifier=classifier,
                               sentiment=config.sentiment)
        # The labels and the unit's completion commit together.
        if _complete(row, counts={"labelled": labelled}, error=None, session=session):
            record_labelled(labelled)


def _run_unit(key: str, handler: Callable[[WorkTask], None]) -> None:
    config = _require_config()
    row = _start(key, config.schedule.task_attempts)
    if row is None:
        return
    began = time.monotonic()
    outcome = "selesai"
    try:
        handler(row)
    except Exception as exc:  # noqa: BLE001 - recorded on the unit; the message is acknowledged
        outcome = "gagal"
        log.exception("Unit kerja %s gagal", key)
        # deferred: describe_error lives with the run history
        from jobs.runs import describe_error

        _complete(row, counts={}, error=describe_error(exc))
    finally:
        observe_task(row.kind, time.monotonic() - began, outcome)


@app.task(name=JOB_TASK, ignore_result=True)
def job_task(key: str) -> None:
    _run_unit(key, _job_unit)


@app.task(name=COLLECT_TASK, ignore_result=True)
def collect_task(key: str) -> None:
    _run_unit(key, _collect_unit)


@app.task(name=LABEL_TASK, ignore_result=True)
def label_task(key: str) -> None:
    _run_unit(key, _label_unit)


def run_engine_worker(config: JobsConfig, *, name: str | None = None, concurrency: int = 1,
               pool: str = "solo", loglevel: str = "INFO") -> None:
    """Consume the queue until SIGTERM (`pantau worker`)."""
    configure()
    use_engine_config(config)
    argv = ["worker", f"--pool={pool}", f"--concurrency={concurrency}",
            f"--loglevel={loglevel}", "-Q", app.conf.task_default_queue,
            "--without-gossip", "--without-mingle", "--without-heartbeat"]
    if name:
        argv += ["-n", name]
    app.worker_main(argv)


def queue_depth() -> int | None:
    """Messages waiting in the queue (None when the broker cannot be asked)."""
    if not broker_configured():
        return None
    configure()
    try:
        with app.connection_for_write() as conn:
            channel = conn.default_channel
            _name, count, _consumers = channel.queue_declare(
                app.conf.task_default_queue, passive=True)
            return int(count)
    except ChannelError as exc:
        # No worker has declared the queue yet (RabbitMQ), or it is empty (Redis keeps no
        # empty list): nothing waits in it.
        if isinstance(exc, NotFound) or str(exc.reply_code) == "404":
            return 0
        return None
    except Exception:  # noqa: BLE001 - a metric, never a failure
        return None

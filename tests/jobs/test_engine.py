"""The distributed engine against the real broker on this machine (RabbitMQ at
127.0.0.1:5672, or PANTAU_TEST_BROKER_URL): real `pantau worker` processes, one killed with
SIGKILL in the middle of a task; the database shows no loss and no duplicate. Runs on SQLite
and, with PANTAU_TEST_POSTGRES_URL, on PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, text
from sqlmodel import Session, col, select

import pantau
from collectors.fakeweb import FakeWeb
from collectors.models import Match, Mention, Source
from jobs import engine
from jobs.models import SELESAI, WorkTask
from pantau.core.db import get_engine
from pantau.core.runlog import BERHASIL, JobRun
from pantau.core.settings import reset_settings

# Every engine test runs on both brokers the engine supports (README: which to choose).
BROKERS = {
    "rabbitmq": os.environ.get("PANTAU_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//"),
    "redis": os.environ.get("PANTAU_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
}
# Redis gives a dead worker's unacknowledged message back after the visibility timeout
# (RabbitMQ: when its connection drops); short here, so the SIGKILL test waits seconds.
REDIS_VISIBILITY_SECONDS = 20
ROOT = str(Path(pantau.__file__).resolve().parent.parent)


def _config_toml(web: FakeWeb, *, per_task: int, labels_per_task: int = 4) -> str:
    sources = "".join(
        f'[[sources]]\nname = "{s["name"]}"\nkind = "rss"\nurl = "{s["url"]}"\n'
        for s in web.source_configs())
    return (
        '[[profiles]]\nname = "kemensos"\nquery = \'"Kementerian Sosial"\'\n'
        f"{sources}"
        "[collect]\ndownload_delay = 0.0\nconcurrent_per_domain = 1\nextract_workers = 0\n"
        f"[schedule]\nsources_per_task = {per_task}\nlabels_per_task = {labels_per_task}\n"
    )


def _require_broker(kind: str, url: str) -> None:
    """Skip, saying why, where no broker answers (CI starts RabbitMQ and Redis and forbids
    skips)."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(url)
    port = where.port or (6379 if kind == "redis" else 5672)
    try:
        socket.create_connection((where.hostname or "127.0.0.1", port), timeout=2).close()
    except OSError:
        how = ("start redis-server (apt-get install redis-server) or set PANTAU_TEST_REDIS_URL"
               if kind == "redis" else "start rabbitmq-server (apt-get install "
               "rabbitmq-server) or set PANTAU_TEST_BROKER_URL")
        pytest.skip(f"no {kind} broker at {where.hostname}:{port}: install and {how}")


# RabbitMQ in both runs (SQLite and PostgreSQL); Redis in the PostgreSQL run only: what it
# adds is the broker's side (redelivery after the visibility timeout), the same on either
# database, and its SIGKILL test waits for that timeout (about 45 s a run).
@pytest.fixture(params=["rabbitmq", pytest.param("redis", marks=pytest.mark.postgresql)])
def broker(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each local broker in turn, with a queue of this test's own (parallel test runs never
    share one)."""
    kind: str = request.param
    _require_broker(kind, BROKERS[kind])
    queue = f"pantau-test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("PANTAU_BROKER_URL", BROKERS[kind])
    monkeypatch.setenv("PANTAU_BROKER_QUEUE", queue)
    if kind == "redis":
        monkeypatch.setenv("PANTAU_BROKER_VISIBILITY_TIMEOUT", str(REDIS_VISIBILITY_SECONDS))
    reset_settings()
    app = engine.configure()
    yield queue
    with app.connection_for_write() as conn:
        conn.default_channel.queue_delete(queue)


class Workers:
    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.procs: dict[int, subprocess.Popen[bytes]] = {}

    def start(self, name: str, *, health_port: int | None = None) -> subprocess.Popen[bytes]:
        env = dict(os.environ, PYTHONPATH=ROOT)
        argv = [sys.executable, "-m", "pantau", "worker", "--name", f"{name}@test"]
        if health_port:
            argv += ["--health-port", str(health_port)]
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.procs[proc.pid] = proc
        return proc

    def output(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.logs.glob("*.log")))

    def stop(self) -> None:
        """SIGTERM (a warm shutdown takes ~10 s: the broker confirms the last publish)."""
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 25
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    logs = tmp_path / "pekerja"
    logs.mkdir()
    pool = Workers(logs)
    yield pool
    pool.stop()


def _wait(predicate: Any, timeout: float, what: str, workers: Workers | None = None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    detail = f"\n--- pekerja ---\n{workers.output()[-4000:]}" if workers else ""
    raise AssertionError(f"tidak terjadi dalam {timeout} detik: {what}{detail}")


def _units(session: Session, kind: str) -> list[WorkTask]:
    session.expire_all()
    return list(session.exec(select(WorkTask).where(WorkTask.kind == kind)
                             .order_by(col(WorkTask.id))).all())


def _mentions(session: Session) -> tuple[int, int]:
    total = session.exec(select(func.count()).select_from(Mention)).one()
    distinct = session.exec(select(func.count(func.distinct(Mention.url)))).one()
    return int(total), int(distinct)


def test_a_worker_killed_mid_task_loses_nothing_and_duplicates_nothing(
        broker: str, workers: Workers, write_config: Any, session: Session) -> None:
    # 12 sites of 3 stories, 2 sites per collection task: 6 units. Pages answer slowly and
    # one at a time, so a unit is surely still working when its worker is killed.
    with FakeWeb(sources=12, items=3, hosts=2, page_delay=0.4) as web:
        write_config(_config_toml(web, per_task=2))
        first = workers.start("pertama")
        second = workers.start("kedua")
        key = engine.enqueue_job("collect:semua", trigger="manual")
        assert key is not None

        # The first unit the first worker takes: kill it once some of its stories are
        # stored (part of its work committed, the rest not yet).
        def victim() -> WorkTask | None:
            for unit in _units(session, "collect"):
                if unit.status == "berjalan" and unit.pid == first.pid:
                    stored = session.exec(
                        select(func.count()).select_from(Mention)
                        .join(Source, col(Source.id) == col(Mention.source_id))
                        .where(col(Source.name).in_(unit.payload["sources"]))).one()
                    return unit if stored else None
            return None

        unit = _wait(victim, 90, "pekerja pertama mengerjakan satu unit", workers)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert first.returncode == -signal.SIGKILL

        # The second worker finishes everything, the killed unit included.
        def finished() -> JobRun | None:
            session.expire_all()
            run = session.exec(select(JobRun).where(JobRun.job == "collect:semua")).first()
            return run if run is not None and run.finished_at is not None else None

        run = _wait(finished, 180, "proses pengumpulan selesai", workers)
        assert second.poll() is None

    units = _units(session, "collect")
    assert len(units) == 6
    assert all(u.status == SELESAI for u in units), [(u.key, u.status, u.error) for u in units]
    killed = next(u for u in units if u.key == unit.key)
    assert killed.attempts == 2 and killed.pid == second.pid
    # No loss, no duplicate: every story once, each matched once to the profile.
    assert _mentions(session) == (web.stories, web.stories)
    matches = session.exec(select(func.count()).select_from(Match)).one()
    assert matches == web.stories
    assert run.status == BERHASIL, run.error
    assert run.counts["sources"] == 12
    # Counts are added once per unit: the killed delivery added nothing.
    assert run.counts["fetched"] == web.stories
    [job_unit] = _units(session, "job")
    assert job_unit.status == SELESAI and job_unit.run_id == run.id


def test_labelling_batches_are_shared_by_two_workers_and_done_once(
        broker: str, workers: Workers, write_config: Any, session: Session) -> None:
    from jobs.api import find_job, run_scheduled_job
    from pantau.config import get_config

    with FakeWeb(sources=3, items=5, hosts=1) as web:
        write_config(_config_toml(web, per_task=3, labels_per_task=1))
        config = get_config()
        # Collected in-process, as without a broker: 15 matches to label, one per batch (so
        # that the worker that fans the job out is free again long before the batches end).
        assert find_job(config, "collect:semua")
        collected = run_scheduled_job("collect:semua", config=config)
        assert collected.status == BERHASIL, collected.error
    for name in ("satu", "dua"):
        workers.start(name)
    # Both consume before the batches are published, so the broker hands them out in turn.
    _wait(lambda: workers.output().count(" ready.") == 2, 60, "dua pekerja siap", workers)
    scheduled = datetime(2026, 12, 7, 1, 35, tzinfo=UTC)
    assert engine.enqueue_job("label", scheduled_for=scheduled) is not None
    # A second scheduler firing the same run enqueues nothing.
    assert engine.enqueue_job("label", scheduled_for=scheduled) is None

    def finished() -> JobRun | None:
        session.expire_all()
        run = session.exec(select(JobRun).where(JobRun.job == "label")).first()
        return run if run is not None and run.finished_at is not None else None

    run = _wait(finished, 120, "pelabelan selesai", workers)
    assert run.status == BERHASIL, run.error
    assert run.counts["labelled"] == 15
    assert run.scheduled_for == scheduled
    units = _units(session, "label")
    assert len(units) == 15 and all(u.status == SELESAI for u in units)
    assert sum(u.counts["labelled"] for u in units) == 15
    labelled = session.execute(text(
        "SELECT count(*), count(DISTINCT match_id) FROM sentiment_label "
        "WHERE model_label IS NOT NULL")).one()
    assert tuple(labelled) == (15, 15)
    # Every batch ran once, in one of the two workers. Which worker takes which is the
    # broker's timing (batches of a few milliseconds may all go to the idle worker while the
    # other is still fanning the job out), so it is not asserted; the SIGKILL test shows a
    # second worker finishing what the killed one left.
    assert all(u.attempts == 1 for u in units)
    assert {u.pid for u in units} <= set(workers.procs), workers.output()[-3000:]


def test_a_worker_serves_health_and_metrics(broker: str, workers: Workers,
                                            write_config: Any) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    write_config("[[profiles]]\nname = \"p\"\nquery = 'x'\n")
    workers.start("sehat", health_port=port)

    def fetch(path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as resp:
                return str(resp.read().decode())
        except OSError:
            return None

    assert _wait(lambda: fetch("/healthz"), 60, "/healthz menjawab", workers) == "ok"
    metrics = fetch("/metrics") or ""
    assert "pantau_queue_depth 0.0" in metrics
    assert "pantau_task_duration_seconds" in metrics
    assert "pantau_labels_last_hour 0.0" in metrics


def test_completing_a_unit_twice_adds_its_counts_once(session: Session) -> None:
    """Two deliveries of one unit (a redelivery racing a slow worker) count once; the last
    unit finishes the run."""
    run = JobRun(job="collect:semua", counts={})
    session.add(run)
    session.commit()
    units = [WorkTask(key=f"k/{n}", kind="collect", job="collect:semua", run_id=run.id,
                      payload={"sources": [f"s{n}"]}) for n in range(2)]
    session.add_all(units)
    session.commit()
    assert engine._complete(units[0], counts={"sources": 1, "fetched": 3}, error=None)
    assert not engine._complete(units[0], counts={"sources": 1, "fetched": 3}, error=None)
    session.refresh(run)
    assert run.counts == {"sources": 1, "fetched": 3} and run.finished_at is None
    assert engine._complete(units[1], counts={"sources": 1, "fetched": 2}, error=None)
    session.refresh(run)
    assert run.counts == {"sources": 2, "fetched": 5}
    assert run.status == BERHASIL and run.finished_at is not None


def test_two_schedulers_claim_one_firing_once(session: Session) -> None:
    when = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
    assert engine.claim_job("daily", when) == "job:daily@2026-12-07T00:00:00+00:00"
    assert engine.claim_job("daily", when) is None
    assert engine.claim_job("daily", when + timedelta(days=1)) is not None


def test_the_json_log_format_is_one_object_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from pantau.core.logs import setup_logging

    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        setup_logging("json", process_name="worker")
        logging.getLogger("pantau.engine").info("Unit %s selesai", "k/1", extra={"unit": "k/1"})
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    line = capsys.readouterr().err.strip().splitlines()[-1]
    entry = json.loads(line)
    assert entry["message"] == "Unit k/1 selesai" and entry["unit"] == "k/1"
    assert entry["level"] == "INFO" and entry["process"] == "worker"
    assert entry["logger"] == "pantau.engine"


def test_two_schedulers_never_run_a_job_twice(write_config: Any, session: Session,
                                              tmp_path: Path) -> None:
    """Two real `pantau schedule` processes on one database (the job store is APScheduler's
    SQLAlchemy store in that database, PostgreSQL in production): the second stands by while
    the first holds the scheduler lock, takes over when the first is SIGKILLed, and does not
    run again the run the first already ran."""
    from apscheduler.job import Job

    from jobs.definitions import find_job
    from jobs.scheduler import (
        DISPATCH,
        JOBSTORE_TABLE,
        create_scheduler,
        job_options,
        make_jobstore,
        scheduler_running,
    )
    from pantau.config import get_config

    write_config('[[profiles]]\nname = "p"\nquery = "pemprov"\n')
    config = get_config()
    with get_engine().begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {JOBSTORE_TABLE}"))
    # The store as a scheduler left it: the label run of 30 s ago not yet done.
    store = make_jobstore()
    seed = create_scheduler(config, jobstore=store, blocking=False)  # never started
    store.start(seed, "default")
    due = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=30)
    spec = find_job(config, "label")
    store.add_job(Job(seed, id="label", func=DISPATCH, name=spec.title, trigger=spec.trigger,
                      args=["label"], kwargs={}, executor="default", next_run_time=due,
                      **job_options(config)))

    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("PANTAU_BROKER_URL", None)
    logs = {name: open(tmp_path / f"{name}.log", "wb") for name in ("aktif", "siaga")}  # noqa: SIM115
    leader = subprocess.Popen([sys.executable, "-m", "pantau", "schedule"], env=env,
                              stdout=logs["aktif"], stderr=subprocess.STDOUT)
    standby: subprocess.Popen[bytes] | None = None

    def label_runs() -> list[JobRun]:
        session.expire_all()
        return list(session.exec(select(JobRun).where(JobRun.job == "label")).all())

    def output() -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(tmp_path.glob("*.log")))

    try:
        _wait(lambda: [r for r in label_runs() if r.finished_at], 90,
              f"penjadwal pertama menjalankan label\n{output()[-3000:]}")
        standby = subprocess.Popen([sys.executable, "-m", "pantau", "schedule", "--standby"],
                                   env=env, stdout=logs["siaga"], stderr=subprocess.STDOUT)
        time.sleep(4)
        assert standby.poll() is None, output()[-3000:]  # waiting, not refused
        assert "kini yang aktif" not in (tmp_path / "siaga.log").read_text()
        os.kill(leader.pid, signal.SIGKILL)
        leader.wait(timeout=10)
        _wait(lambda: "kini yang aktif" in (tmp_path / "siaga.log").read_text(), 60,
              f"penjadwal siaga mengambil alih\n{output()[-3000:]}")
        assert scheduler_running()
        time.sleep(3)  # time to fire anything it (wrongly) thought due
        [run] = label_runs()
        assert run.scheduled_for is not None and run.status == BERHASIL
        # One claim of that run in the ledger, settled by the scheduler that ran it.
        claims = session.exec(select(WorkTask).where(WorkTask.job == "label")).all()
        assert len(claims) == 1 and claims[0].status == SELESAI
        assert datetime.fromisoformat(claims[0].key.split("@", 1)[1]) == run.scheduled_for
    finally:
        for proc in (leader, standby):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        for handle in logs.values():
            handle.close()
        with get_engine().begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {JOBSTORE_TABLE}"))


def test_pantau_serve_logs_json_lines_through_uvicorn_config(
        capsys: pytest.CaptureFixture[str]) -> None:
    import logging
    import logging.config

    from pantau.core.logs import uvicorn_log_config

    names = ("uvicorn", "uvicorn.error", "uvicorn.access")
    root = logging.getLogger()
    saved = (list(root.handlers), root.level,
             {n: (list(logging.getLogger(n).handlers), logging.getLogger(n).propagate)
              for n in names})
    try:
        logging.config.dictConfig(uvicorn_log_config("web"))
        logging.getLogger("uvicorn.error").info("Started server process [%d]", 42)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for name, (handlers, propagate) in saved[2].items():
            logging.getLogger(name).handlers[:] = handlers
            logging.getLogger(name).propagate = propagate
    lines = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
    assert [(e["logger"], e["message"], e["process"]) for e in lines] == [
        ("uvicorn.error", "Started server process [42]", "web")]


def test_redis_looks_for_a_dead_workers_tasks_ten_times_per_visibility_timeout() -> None:
    # kombu's default sweep (every 10th look, a look every 10 s) is 100 s: with the tests'
    # 20 s timeout a killed worker's task came back after about 100 s instead of about 20.
    assert engine.redis_redelivery(3600) == {"visibility_timeout": 3600,
                                             "unacked_restore_interval": 10,
                                             "unacked_restore_throttle": 10}
    for timeout in (5, 20, 60, 300, 3600, 86400):
        options = engine.redis_redelivery(timeout)
        sweep = options["unacked_restore_interval"] * options["unacked_restore_throttle"]
        assert 1 <= sweep <= max(1, timeout // 10) and sweep <= 100, (timeout, options)

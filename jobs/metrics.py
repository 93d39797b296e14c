"""Prometheus metrics and the health endpoint of the long-running processes (scheduler and
workers): `serve_health(port, ...)` answers `GET /healthz` and `GET /metrics`.

Two kinds of figures:
- counted by the process itself as it works (a worker): task latency per kind, tasks per
  outcome, failures per source, matches labelled;
- read from the database and the broker when scraped (any process; the scheduler is the one
  to scrape for them): queue depth, units waiting/running/failed, sources failing now, labels
  written in the last hour. They are the same whichever process is asked, so one scrape
  target is enough for them however many workers run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, text
from sqlmodel import Session, col, select

from jobs.models import WorkTask
from pantau.core.db import get_engine
from pantau.core.timeutil import utcnow

log = logging.getLogger("pantau.metrics")

REGISTRY = CollectorRegistry(auto_describe=True)
TASK_SECONDS = Histogram(
    "pantau_task_duration_seconds", "Time a worker spent on one unit of work, by kind.",
    ["kind"], registry=REGISTRY,
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 1800))
TASKS = Counter("pantau_tasks_total", "Units of work finished by this process, by kind and "
                "outcome (selesai | gagal).", ["kind", "outcome"], registry=REGISTRY)
SOURCE_FAILURES = Counter("pantau_source_failures_total",
                          "Failed fetches (feed or page) per source seen by this process.",
                          ["source"], registry=REGISTRY)
LABELLED = Counter("pantau_labelled_total", "Matches labelled by this process.",
                   registry=REGISTRY)


def observe_task(kind: str, seconds: float, outcome: str) -> None:
    TASK_SECONDS.labels(kind).observe(seconds)
    TASKS.labels(kind, outcome).inc()


def record_source_errors(errors: dict[str, int]) -> None:
    for source, count in errors.items():
        SOURCE_FAILURES.labels(source).inc(count)


def record_labelled(count: int) -> None:
    LABELLED.inc(count)


class DatabaseCollector(Collector):
    """Figures read at scrape time from the database (and the broker's queue depth)."""

    def __init__(self, queue_depth: Callable[[], int | None] | None = None) -> None:
        self.queue_depth = queue_depth

    def collect(self) -> Iterator[GaugeMetricFamily]:
        units = GaugeMetricFamily("pantau_work_units", "Units of work in the ledger by kind "
                                  "and status.", labels=["kind", "status"])
        failing = GaugeMetricFamily("pantau_source_consecutive_failures",
                                    "Consecutive failed collections of each failing source.",
                                    labels=["source"])
        labelled = GaugeMetricFamily("pantau_labels_last_hour",
                                     "Model labels written in the last hour (all processes).")
        try:
            with Session(get_engine()) as session:
                for kind, status, n in session.exec(
                        select(WorkTask.kind, WorkTask.status, func.count())
                        .group_by(WorkTask.kind, WorkTask.status)).all():
                    units.add_metric([kind, status], n)
                rows = session.execute(text(
                    "SELECT name, consecutive_failures FROM source "
                    "WHERE consecutive_failures > 0")).all()
                for name, n in rows:
                    failing.add_metric([name], n)
                since = utcnow() - timedelta(hours=1)
                # Plain SQL by table name: a scrape loads no sentiment code.
                recent = session.execute(text(
                    "SELECT count(*) FROM sentiment_label WHERE labelled_at >= :since"),
                    {"since": since.replace(tzinfo=None)
                     if get_engine().dialect.name == "sqlite" else since}).scalar()
                labelled.add_metric([], int(recent or 0))
        except Exception:  # noqa: BLE001 - a scrape never fails because the database is away
            log.warning("Metrik basis data tidak dapat dibaca.", exc_info=True)
        yield units
        yield failing
        yield labelled
        if self.queue_depth is not None:
            depth = self.queue_depth()
            if depth is not None:
                gauge = GaugeMetricFamily("pantau_queue_depth",
                                          "Messages waiting in the task queue.")
                gauge.add_metric([], depth)
                yield gauge


def waiting_units() -> int:
    with Session(get_engine()) as session:
        return int(session.exec(select(func.count()).select_from(WorkTask).where(
            col(WorkTask.status) == "antri")).one())


class _Handler(BaseHTTPRequestHandler):
    server: _HealthServer

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path.split("?")[0] == "/healthz":
            ok, detail = self.server.check()
            body = (detail or ("ok" if ok else "tidak sehat")).encode()
            self._send(200 if ok else 503, body, "text/plain; charset=utf-8")
        elif self.path.split("?")[0] == "/metrics":
            self._send(200, generate_latest(self.server.registry),
                       "text/plain; version=0.0.4; charset=utf-8")
        else:
            self._send(404, b"tidak ada", "text/plain; charset=utf-8")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        return None


class _HealthServer(ThreadingHTTPServer):
    daemon_threads = True
    check: Callable[[], tuple[bool, str | None]]
    registry: CollectorRegistry


def database_ok() -> tuple[bool, str | None]:
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return False, f"basis data tidak terjangkau: {type(exc).__name__}"


def serve_health(port: int, *, host: str = "0.0.0.0",
                 check: Callable[[], tuple[bool, str | None]] = database_ok,
                 queue_depth: Callable[[], int | None] | None = None,
                 database_figures: bool = True) -> ThreadingHTTPServer:
    """Serve /healthz and /metrics on `port` in a daemon thread; returns the server."""
    registry = CollectorRegistry(auto_describe=True)
    registry.register(_Forward(REGISTRY))
    if database_figures:
        registry.register(DatabaseCollector(queue_depth))
    server = _HealthServer((host, port), _Handler)
    server.check = check
    server.registry = registry
    threading.Thread(target=server.serve_forever, name="pantau-health", daemon=True).start()
    return server


class _Forward(Collector):
    """The process's own counters inside a registry of the health server."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterator[Any]:
        yield from self.source.collect()

"""Recording the run history (the core's run log, `pantau.core.runlog`): every run of every
job, and runs left by dead processes.

`record_run` writes the `JobRun` row when the run starts (committed at once, so a killed
process leaves a trace), commits count updates as the work goes, and finishes the row with
`berhasil` or `gagal` and the error message. A row still `berjalan` whose process is gone
is marked `terputus` the next time any run starts on that host.
"""

from __future__ import annotations

import os
import socket
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from pantau.core.db import get_engine
from pantau.core.errors import PantauError
from pantau.core.runlog import BERHASIL, BERJALAN, GAGAL, TERPUTUS, JobRun
from pantau.core.timeutil import utcnow

# A run still "berjalan" after this long is taken for lost whatever its host says.
STALE_AFTER = timedelta(hours=24)


def hostname() -> str:
    return socket.gethostname()[:255]


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host (zombies count as dead)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # Linux: a zombie (killed, not yet reaped) is dead for our purpose.
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except (OSError, IndexError):
        return True


def describe_error(exc: BaseException) -> str:
    """The message a user reads in the history: domain errors as they are, others with
    their type (no traceback, no secrets beyond what the exception itself says)."""
    if isinstance(exc, PantauError):
        return str(exc)
    if isinstance(exc, KeyboardInterrupt):
        return "Dihentikan oleh pengguna."
    if isinstance(exc, SystemExit):
        return f"Proses dihentikan (kode {exc.code})."
    text = str(exc).strip()
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


def mark_interrupted(session: Session, *, now: datetime | None = None) -> list[int]:
    """Mark `terputus` every `berjalan` run whose process is gone: on this host when its pid
    is no longer alive, anywhere when it started more than a day ago. Returns their ids."""
    now = now or utcnow()
    me = hostname()
    lost: list[int] = []
    for run in session.exec(select(JobRun).where(JobRun.status == BERJALAN)).all():
        if run.pid == os.getpid() and run.host == me:
            continue
        dead_here = run.host == me and (run.pid is None or not pid_alive(run.pid))
        if dead_here or run.started_at < now - STALE_AFTER:
            lost.append(run.id)  # type: ignore[arg-type]
    if lost:
        session.execute(
            update(JobRun)
            .where(col(JobRun.id).in_(lost), col(JobRun.status) == BERJALAN)
            .values(
                status=TERPUTUS,
                finished_at=now,
                error="Proses berhenti sebelum selesai (dimatikan atau mesin mati).",
            )
        )
        session.commit()
    return lost


def recover_interrupted(url: str | None = None) -> list[int]:
    """`mark_interrupted` in its own transaction (at process and scheduler start)."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        return mark_interrupted(session)


@dataclass
class RunHandle:
    """The open run: `id`, and `counts` that `add`/`set` update and commit."""

    id: int
    job: str
    url: str | None
    counts: dict[str, Any] = field(default_factory=dict)
    failed: str | None = None

    def add(self, **counts: int) -> None:
        for key, value in counts.items():
            self.counts[key] = int(self.counts.get(key, 0)) + int(value)
        self._save()

    def set(self, **counts: Any) -> None:
        self.counts.update(counts)
        self._save()

    def fail(self, message: str) -> None:
        """Finish as `gagal` without raising (e.g. some steps of a pipeline failed)."""
        self.failed = message

    def _save(self) -> None:
        with Session(get_engine(self.url)) as session:
            session.execute(
                update(JobRun).where(col(JobRun.id) == self.id).values(counts=dict(self.counts))
            )
            session.commit()


def _finish(url: str | None, run_id: int, **values: Any) -> None:
    with Session(get_engine(url)) as session:
        session.execute(
            update(JobRun).where(col(JobRun.id) == run_id).values(finished_at=utcnow(), **values)
        )
        session.commit()


@contextmanager
def record_run(
    job: str,
    *,
    run_date: date | None = None,
    scheduled_for: datetime | None = None,
    trigger: str = "manual",
    parent_id: int | None = None,
    url: str | None = None,
) -> Iterator[RunHandle]:
    """Record one run of `job` around the `with` body.

    An exception in the body finishes the run as `gagal` (or `terputus` for an interrupt)
    with its message, and is raised again.
    """
    recover_interrupted(url)
    with Session(get_engine(url), expire_on_commit=False) as session:
        run = JobRun(
            job=job,
            run_date=run_date.isoformat() if run_date else None,
            scheduled_for=scheduled_for,
            trigger=trigger,
            pid=os.getpid(),
            host=hostname(),
            parent_id=parent_id,
            counts={},
        )
        session.add(run)
        session.commit()
        handle = RunHandle(id=run.id, job=job, url=url)  # type: ignore[arg-type]
    try:
        yield handle
    except Exception as exc:
        detail = describe_error(exc)
        if not isinstance(exc, PantauError):
            detail += "\n" + "".join(traceback.format_exception(exc, limit=-3)).strip()
        _finish(url, handle.id, status=GAGAL, error=detail, counts=dict(handle.counts))
        raise
    except BaseException as exc:
        _finish(url, handle.id, status=TERPUTUS, error=describe_error(exc),
                counts=dict(handle.counts))
        raise
    if handle.failed:
        _finish(url, handle.id, status=GAGAL, error=handle.failed, counts=dict(handle.counts))
    else:
        _finish(url, handle.id, status=BERHASIL, counts=dict(handle.counts))

"""One SQLite writer at a time across the web app's threads and worker processes.

SQLite admits one writer; a second one waits in SQLite's busy handler, which polls with
sleeps of up to 100 ms, so under concurrent submissions the slowest requests wait far
longer than the work takes. Queuing writers on a lock instead wakes the next one the moment
the previous commits: a thread lock inside the process and an advisory file lock
(`flock`) between `pantau serve --workers N` processes. PostgreSQL needs neither.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the thread lock alone
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = "web-sqlite-writer.lock"

_thread_lock = threading.Lock()
_fds: dict[Path, int] = {}


def _fd(path: Path) -> int:
    fd = _fds.get(path)
    if fd is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = _fds[path] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    return fd


@contextlib.contextmanager
def sqlite_writer(home: Path) -> Iterator[None]:
    """Hold the writer lock of the database kept under `home`."""
    with _thread_lock:
        if fcntl is None:
            yield
            return
        fd = _fd(home / LOCK_FILE)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

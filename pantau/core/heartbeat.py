"""A message every few seconds while a long call runs that reports no progress of its own
(a solver without a callback), so a user at the terminal sees the work is still going."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

EVERY_SECONDS = 10.0


@contextmanager
def heartbeat(echo: Callable[[str], None], message: str, *,
              every: float | None = None) -> Iterator[None]:
    """Call `echo(f"{message} ({n} dtk)")` every `every` seconds (`EVERY_SECONDS`) until
    the block ends."""
    interval = EVERY_SECONDS if every is None else every
    done = threading.Event()
    started = time.monotonic()

    def beat() -> None:
        while not done.wait(interval):
            echo(f"{message} ({time.monotonic() - started:.0f} dtk)")

    thread = threading.Thread(target=beat, name="pantau-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()

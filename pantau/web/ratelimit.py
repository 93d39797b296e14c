"""A small in-process sliding-window rate limiter (per worker process)."""

from __future__ import annotations

import threading
import time
from collections import deque


class RateLimiter:
    def __init__(self, limit: int, window_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._last_sweep = time.monotonic()

    def _prune(self, hits: deque[float], now: float) -> None:
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record a hit for `key`; False when it is over the limit (the hit is not counted)."""
        return self.reserve(key, now) is not None

    def reserve(self, key: str, now: float | None = None) -> float | None:
        """Check and count a hit in one step (its stamp), or None when over the limit.
        Checking first and counting after the work lets parallel requests all pass."""
        now = time.monotonic() if now is None else now
        if self.limit <= 0:
            return now
        with self._lock:
            self._sweep(now)
            hits = self._hits.setdefault(key, deque())
            self._prune(hits, now)
            if len(hits) >= self.limit:
                return None
            hits.append(now)
            return now

    def release(self, key: str, stamp: float) -> None:
        """Take back a reserved hit (a login that succeeded is not a failed attempt)."""
        with self._lock:
            hits = self._hits.get(key)
            if hits and stamp in hits:
                hits.remove(stamp)

    def count(self, key: str, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key)
            if not hits:
                return 0
            self._prune(hits, now)
            return len(hits)

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)

    def _sweep(self, now: float) -> None:
        # Forget idle keys now and then so memory stays bounded.
        if now - self._last_sweep < self.window_s:
            return
        self._last_sweep = now
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window_s]:
            del self._hits[key]

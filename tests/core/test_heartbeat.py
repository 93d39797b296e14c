"""`heartbeat` reports while a long call runs, and stops when it ends."""

from __future__ import annotations

import re
import threading
import time

import pytest

from pantau.core.heartbeat import heartbeat

pytestmark = pytest.mark.no_database


def test_messages_come_while_the_block_runs_and_stop_after_it() -> None:
    said: list[str] = []
    twice = threading.Event()

    def echo(message: str) -> None:
        said.append(message)
        if len(said) >= 2:
            twice.set()

    with heartbeat(echo, "  masih melatih...", every=0.01):
        assert twice.wait(5), "no message while the block ran"
    count = len(said)
    time.sleep(0.05)
    assert len(said) == count, "messages after the block ended"
    assert all(re.fullmatch(r"  masih melatih\.\.\. \(\d+ dtk\)", m) for m in said), said


def test_a_quick_block_says_nothing_and_an_error_passes_through() -> None:
    said: list[str] = []
    with heartbeat(said.append, "x", every=60):
        pass
    with pytest.raises(ValueError), heartbeat(said.append, "x", every=60):
        raise ValueError("boom")
    assert said == []
    assert not [t for t in threading.enumerate() if t.name == "pantau-heartbeat"]

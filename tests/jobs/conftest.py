"""Fixtures of the jobs tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.jobs.helpers import Receiver, serve_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A local HTTP receiver standing in for a webhook channel."""
    with serve_receiver() as state:
        yield state

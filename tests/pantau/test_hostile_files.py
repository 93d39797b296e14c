"""The hostile-file corpus (issue 15) replayed through the CLI in a subprocess with memory
and time limits (resource.setrlimit): every file ends in `Galat: ...`, never a traceback,
never gigabytes, and nothing is stored."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.pantau.hostile_files import FIXTURES, XLSX_BOMBS

# The files are refused by the readers before anything reaches the database: one run is enough.
pytestmark = pytest.mark.no_database

MEMORY_LIMIT = 1536 * 1024 * 1024  # the bombs took 2.2-4.4 GB before
CPU_SECONDS = 120

COMMANDS = {
    "survey": ["survey", "import", "{file}", "--unit", "loket", "--new-unit",
               "--period", "2025-S1"],
    "clippings": ["clippings", "import", "{file}"],
    "plan": ["plan", "import", "{file}"],
}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run_limited(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[2]))
    return subprocess.run([sys.executable, "-m", "pantau", *args], capture_output=True,
                          text=True, env=env, preexec_fn=_limits, timeout=CPU_SECONDS * 2,
                          check=False)


def assert_refused(result: subprocess.CompletedProcess[str], name: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "Traceback" not in output and "MemoryError" not in output, output[-2000:]
    assert "Galat:" in output and name in output, output[-2000:]


# Every workbook through the survey import (the streaming path); the two readers of whole
# sheets (clippings, plans) with the bombs that differ for them. Each run starts a Python.
CASES = [(bomb, "survey") for bomb in XLSX_BOMBS] + [
    (bomb, command) for bomb in ("cell-bomb", "row-count-bomb", "malformed-xml")
    for command in ("clippings", "plan")]


@pytest.mark.slow
@pytest.mark.parametrize(("bomb", "command"), CASES)
def test_hostile_workbooks_through_the_cli(hostile_files: Any, bomb: str, command: str) -> None:
    path = hostile_files(bomb)
    result = run_limited([a.format(file=path) for a in COMMANDS[command]])
    assert_refused(result, path.name)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["billion-laughs.yaml", "deep-list.yaml"])
def test_hostile_plans_through_the_cli(name: str) -> None:
    result = run_limited(["plan", "import", str(FIXTURES / name)])
    assert_refused(result, name)


def test_an_unreachable_database_is_a_galat_not_a_traceback(monkeypatch: Any) -> None:
    monkeypatch.setenv("PANTAU_DATABASE_URL",
                       "postgresql+psycopg://pantau@127.0.0.1:9/tidak-ada?connect_timeout=2")
    result = run_limited(["survey", "units"])
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output[-2000:]
    assert "Galat: koneksi ke basis data gagal atau terputus" in output

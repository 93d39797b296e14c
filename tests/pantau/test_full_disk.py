"""A report whose write fails midway (no room: simulated with a file-size limit, RLIMIT_FSIZE,
in a subprocess, so the write itself fails with EFBIG as it would with ENOSPC on a full disk)
ends in `Galat: ...` and leaves no partial file in the output folder."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

LIMIT = 32 * 1024  # smaller than the report, larger than anything else the command writes


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _report(out: Path, *, limited: bool) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[2]))
    return subprocess.run(
        [sys.executable, "-m", "pantau", "report", "media", "--kind", "bulanan", "--date",
         "2026-05-01", "--format", "pdf", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
        preexec_fn=_limit_file_size if limited else None)


def test_a_report_that_cannot_be_written_whole_leaves_nothing_behind(tmp_path: Path,
                                                                    session: object) -> None:
    from pantau.core.db import get_engine

    get_engine()  # the database exists and is migrated before the limit applies
    out = tmp_path / "laporan"
    whole = _report(tmp_path / "utuh", limited=False)
    assert whole.returncode == 0, whole.stderr[-2000:]
    (written,) = (tmp_path / "utuh").iterdir()
    assert written.stat().st_size > LIMIT  # so the limited run must fail midway
    result = _report(out, limited=True)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "Traceback" not in output, output[-2000:]
    assert "Galat:" in output and "tidak dapat ditulis" in output, output[-2000:]
    assert not out.exists() or list(out.iterdir()) == []

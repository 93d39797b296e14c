"""The run history: the recorder, runs killed mid-way (SIGKILL), pipelines of steps, worker
subprocesses with time limits, and `pantau runs` / `pantau status`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

import pantau
from collectors.models import Profile, Source
from jobs.pipeline import Step, StepContext, run_job
from jobs.runs import mark_interrupted, record_run, recover_interrupted
from jobs.scheduler import run_worker
from pantau.config import PantauConfig
from pantau.core.errors import PantauError
from pantau.core.runlog import (
    BERHASIL,
    BERJALAN,
    GAGAL,
    TERPUTUS,
    JobRun,
    last_runs,
    list_runs,
)
from pantau.core.timeutil import JAKARTA, utcnow

ROOT = Path(pantau.__file__).resolve().parent.parent


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env


def _runs(session: Session) -> list[JobRun]:
    session.expire_all()
    return list(session.exec(select(JobRun).order_by(JobRun.id)).all())  # type: ignore[arg-type]


def test_a_run_is_recorded_from_start_to_finish(session: Session) -> None:
    with record_run("label", run_date=date(2026, 3, 4), trigger="manual") as run:
        row = _runs(session)[0]
        assert row.status == BERJALAN and row.finished_at is None
        assert row.pid == os.getpid()
        run.add(labelled=3)
        run.add(labelled=2, errors=0)
        assert _runs(session)[0].counts == {"labelled": 5, "errors": 0}
    row = _runs(session)[0]
    assert row.status == BERHASIL
    assert row.run_date == "2026-03-04"
    assert row.finished_at is not None and row.finished_at >= row.started_at
    assert row.counts == {"labelled": 5, "errors": 0}
    assert row.error is None


def test_a_failing_run_is_recorded_with_its_message(session: Session) -> None:
    with pytest.raises(PantauError), record_run("indicators") as run:
        run.add(indicators=1)
        raise PantauError("Rencana tahun 2026 belum diimpor.")
    with pytest.raises(ZeroDivisionError), record_run("label"):
        _ = 1 / 0
    first, second = _runs(session)
    assert (first.status, first.error, first.counts) == (
        GAGAL, "Rencana tahun 2026 belum diimpor.", {"indicators": 1})
    assert second.status == GAGAL
    assert second.error is not None and second.error.startswith("ZeroDivisionError")


def test_runs_of_dead_processes_become_terputus(session: Session) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        from jobs.runs import hostname

        for pid in (dead.pid, alive.pid):
            session.add(JobRun(job="collect:semua", pid=pid, host=hostname(), counts={}))
        session.add(JobRun(job="daily", pid=1, host="mesin-lain", counts={},
                           started_at=utcnow() - timedelta(days=2)))
        session.add(JobRun(job="label", pid=1, host="mesin-lain", counts={}))
        session.commit()
        lost = mark_interrupted(session)
        statuses = [(r.job, r.status) for r in _runs(session)]
        assert len(lost) == 2
        assert statuses == [("collect:semua", TERPUTUS), ("collect:semua", BERJALAN),
                            ("daily", TERPUTUS), ("label", BERJALAN)]
    finally:
        alive.kill()
        alive.wait()


KILLED_RUN = textwrap.dedent("""
    import sys, time
    from jobs.runs import record_run
    from collectors.models import Profile
    from pantau.core.db import session_scope

    with record_run("collect:semua", trigger="schedule") as run:
        with session_scope() as session:
            session.add(Profile(name="Gubernur", query="gubernur"))
        run.add(fetched=7, new=1)
        print("SIAP", flush=True)
        time.sleep(60)
""")


def test_a_run_killed_midway_is_marked_and_loses_nothing_committed(session: Session) -> None:
    proc = subprocess.Popen([sys.executable, "-c", KILLED_RUN], stdout=subprocess.PIPE,
                            env=_env(), text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "SIAP"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    [killed] = _runs(session)
    assert killed.status == BERJALAN  # nobody finished it

    # The next run, from another process, marks it and proceeds.
    with record_run("collect:semua", trigger="schedule") as run:
        run.add(fetched=2)
    killed, following = _runs(session)
    assert killed.status == TERPUTUS
    assert killed.finished_at is not None and "berhenti sebelum selesai" in (killed.error or "")
    assert killed.counts == {"fetched": 7, "new": 1}
    assert following.status == BERHASIL
    assert session.exec(select(Profile).where(Profile.name == "Gubernur")).one()
    assert recover_interrupted() == []


# --- pipelines of steps --------------------------------------------------------------------


def _ctx(tmp_path: Path, lines: list[str] | None = None) -> StepContext:
    return StepContext(day=date(2026, 3, 4), now=utcnow(), out_dir=tmp_path,
                       config=PantauConfig(),
                       echo=(lines.append if lines is not None else print))


def _write_profile(ctx: StepContext) -> dict[str, int]:
    from pantau.core.db import session_scope

    with session_scope() as s:
        s.add(Profile(name=f"p{ctx.run_id}", query="x"))
    return {"new": 1}


def _broken(ctx: StepContext) -> dict[str, int]:
    raise PantauError("Model sentimen belum dilatih.")


def test_a_multi_step_job_records_each_step_and_runs_past_a_failure(
    session: Session, tmp_path: Path
) -> None:
    lines: list[str] = []
    steps = [
        Step("collect", "collect", "Mengumpulkan", _write_profile),
        Step("label", "label", "Melabeli", _broken),
        Step("report", "report:daily", "Menulis laporan", lambda ctx: {"files": 2}),
    ]
    run = run_job("daily", steps, ctx=_ctx(tmp_path, lines), trigger="manual")
    assert run.status == GAGAL
    assert run.error is not None and "Melabeli: Model sentimen belum dilatih." in run.error
    assert run.counts == {"new": 1, "files": 2, "steps_failed": 1}
    children = [r for r in _runs(session) if r.parent_id == run.id]
    assert [(c.job, c.status) for c in children] == [
        ("collect", BERHASIL), ("label", GAGAL), ("report:daily", BERHASIL)]
    assert all(c.run_date == "2026-03-04" for c in children)
    assert any("[2/3] Melabeli" in line for line in lines)
    assert any("GAGAL: Model sentimen belum dilatih." in line for line in lines)


def test_a_single_step_job_is_one_row(session: Session, tmp_path: Path) -> None:
    steps = [Step("label", "label", "Melabeli", _broken)]
    run = run_job("label", steps, ctx=_ctx(tmp_path, []))
    assert run.status == GAGAL and run.job == "label"
    assert [r.job for r in _runs(session)] == ["label"]
    ok = run_job("report:weekly", [Step("report", "report:weekly", "Laporan",
                                        lambda ctx: {"files": 1})], ctx=_ctx(tmp_path, []))
    assert ok.status == BERHASIL and ok.counts == {"files": 1}


# --- worker subprocesses with time limits --------------------------------------------------


@pytest.mark.slow
def test_a_worker_over_its_time_limit_is_stopped_and_recorded(session: Session) -> None:
    script = textwrap.dedent("""
        import time
        from jobs.runs import record_run
        with record_run("collect:lambat", trigger="schedule") as run:
            run.add(fetched=1)
            print("mulai", flush=True)
            time.sleep(60)
    """)
    started = time.monotonic()
    result = run_worker("collect:lambat", [sys.executable, "-c", script], timeout_seconds=6)
    assert time.monotonic() - started < 25
    assert result.timed_out
    [run] = _runs(session)
    assert run.status == GAGAL
    assert run.error == "Dihentikan: melebihi batas waktu 6 detik."
    # On a very busy machine the limit may strike before the worker wrote its row; then the
    # dispatcher's own row carries the same verdict.
    if "mulai" in result.output:
        assert run.counts == {"fetched": 1}
        assert run.pid == result.pid


def test_a_worker_that_dies_before_writing_history_gets_a_row(session: Session) -> None:
    result = run_worker("label", [sys.executable, "-c",
                                  "import sys; print('modul hilang'); sys.exit(3)"],
                        timeout_seconds=30, run_date="2026-03-04")
    assert result.returncode == 3 and not result.timed_out
    [run] = _runs(session)
    assert (run.job, run.status, run.trigger, run.run_date) == (
        "label", GAGAL, "schedule", "2026-03-04")
    assert run.error is not None and "kode 3" in run.error and "modul hilang" in run.error


def test_dispatch_runs_a_configured_job_in_a_worker(session: Session, write_config: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """What the scheduler fires: `dispatch` starts `python -m pantau.worker ...`; the worker
    records the run with the time it was scheduled for (here a source that cannot be reached,
    recorded by the worker itself)."""
    write_config('[[sources]]\nname = "mati"\nkind = "rss"\nurl = "http://127.0.0.1:9/x"\n'
                 '[[schedule.collect]]\nname = "kosong"\nevery_minutes = 60\n'
                 'sources = ["mati"]\n')
    from jobs import scheduler
    from pantau.config import get_config

    monkeypatch.setattr(scheduler, "_dispatch_config", None)  # no scheduler started yet
    scheduler.dispatch("collect:kosong")  # logged, never raised
    assert _runs(session) == []
    scheduler.use_dispatch_config(get_config())  # as `pantau schedule` does at start
    before = utcnow()
    scheduler.dispatch("collect:kosong")  # never raises
    [run] = _runs(session)
    assert run.job == "collect:kosong" and run.trigger == "schedule"
    assert run.status in (BERHASIL, GAGAL) and run.finished_at is not None
    assert run.pid != os.getpid()
    top_of_hour = before.astimezone(JAKARTA).replace(minute=0, second=0, microsecond=0)
    assert run.scheduled_for == top_of_hour
    assert run.run_date == top_of_hour.date().isoformat()


# --- the CLI -------------------------------------------------------------------------------


def test_runs_and_status_commands(session: Session, cli_runner: Any,
                                  write_config: Any) -> None:
    write_config("".join(f'[[sources]]\nname = "{name}"\nkind = "rss"\n'
                         f'url = "http://127.0.0.1:9/{name}"\n' for name in ("Antara", "Kompas")))
    with record_run("collect:berita", trigger="schedule") as run:
        run.add(fetched=10, new=4)
    with pytest.raises(PantauError), record_run("report:daily"):
        raise PantauError("Templat laporan hilang.")
    session.add(Source(name="Antara", kind="rss", consecutive_failures=4,
                       last_error="HTTP 503", last_success_at=utcnow() - timedelta(days=1)))
    session.add(Source(name="Kompas", kind="rss", last_success_at=utcnow()))
    session.commit()

    out = cli_runner(["runs"]).output
    assert "collect:berita" in out and "10 butir diambil, 4 baru" in out and "WIB" in out
    failed = cli_runner(["runs", "--failed"]).output
    assert "report:daily" in failed and "collect:berita" not in failed
    assert "galat: Templat laporan hilang." in failed
    assert "report:daily" not in cli_runner(["runs", "--job", "collect"]).output
    assert [r.job for r in list_runs(session, job="collect")] == ["collect:berita"]
    assert set(last_runs(session)) == {"collect:berita", "report:daily"}

    status = cli_runner(["status"]).output
    assert "Penjadwal: TIDAK berjalan" in status
    assert "belum pernah dijalankan" in status  # no scheduler store yet
    assert "Antara" in status and "GAGAL 4x berturut-turut" in status
    assert "galat terakhir: HTTP 503" in status
    assert "Kompas" in status and "sehat" in status
    assert "report:daily" in status and "gagal" in status

    # A stored source the config no longer names is not collected: said so, not "sehat".
    write_config("")
    status = cli_runner(["status"]).output
    assert "Kompas  tidak: tidak di konfigurasi" in status and " sehat " not in status


def test_run_daily_refuses_a_bad_date(cli_runner: Any) -> None:
    result = cli_runner(["run", "daily", "--date", "05-03-2026"], expect_ok=False)
    assert result.exit_code != 0
    assert ("Galat: Nilai tidak valid untuk '--date': '05-03-2026' bukan tanggal; gunakan "
            "format TTTT-BB-HH (mis. 2026-03-05).") in result.output
    result = cli_runner(["run", "daily", "--only", "kumpul"], expect_ok=False)
    assert "Langkah tidak dikenal: kumpul" in result.output

"""Jobs as lists of named steps, each step recorded in the run history.

A job whose only step is the job itself (`collect:berita`, `label`, `report:weekly`) is one
`JobRun` row. Any other job (the daily run) is a parent row plus one child row per step
(`parent_id`), so that e.g. the
daily run's report step appears as `report:daily` and its collection as `collect`, the rows
the indicators read. A failing step is recorded `gagal` and the remaining steps still run
(a morning report from what is there beats no report); the parent is then `gagal` too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jobs.config import JobsConfig
from jobs.runs import describe_error, record_run
from pantau.core.db import session_scope
from pantau.core.runlog import JobRun, describe_counts, get_run

Echo = Callable[[str], None]


def _silent(_message: str) -> None:
    return None


@dataclass(frozen=True)
class StepContext:
    """What a step needs: the day it covers, the clock, where reports go, the config
    sections every step reads (the same for all steps of a run), the run ids."""

    day: date
    now: datetime
    out_dir: Path
    config: JobsConfig
    echo: Echo = _silent
    run_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    name: str  # short name, e.g. "collect"
    job: str  # job id of its history row when it is part of a multi-step job
    title: str  # what a user reads in progress lines (Indonesian)
    run: Callable[[StepContext], dict[str, Any]]  # returns counts


def _run_step(step: Step, ctx: StepContext, handle_add: Callable[..., None]) -> None:
    counts = step.run(ctx) or {}
    numeric = {k: v for k, v in counts.items() if isinstance(v, int) and not isinstance(v, bool)}
    handle_add(**numeric)


def run_job(
    job: str,
    steps: Sequence[Step],
    *,
    ctx: StepContext,
    trigger: str = "manual",
    scheduled_for: datetime | None = None,
    url: str | None = None,
) -> JobRun:
    """Run `steps` as job `job`, recording everything; return the finished parent row.

    Errors inside steps are recorded, not raised (the caller reads `status`); an interrupt
    (Ctrl-C, SIGTERM turned into SystemExit) is recorded `terputus` and raised.
    """
    echo = ctx.echo
    if len(steps) == 1 and steps[0].job == job:
        step = steps[0]
        echo(f"{step.title} ...")
        run_id: int | None = None
        try:
            with record_run(job, run_date=ctx.day, scheduled_for=scheduled_for,
                            trigger=trigger, url=url) as handle:
                run_id = handle.id
                _run_step(step, _with_run(ctx, handle.id), handle.add)
        except Exception as exc:
            if run_id is None:  # the history itself could not be written
                raise
            echo(f"  GAGAL: {describe_error(exc)}")
        else:
            echo(f"  selesai: {describe_counts(handle.counts)}")
        with session_scope(url) as session:
            return get_run(session, run_id)

    with record_run(job, run_date=ctx.day, scheduled_for=scheduled_for, trigger=trigger,
                    url=url) as parent:
        failures: list[str] = []
        for number, step in enumerate(steps, start=1):
            echo(f"[{number}/{len(steps)}] {step.title} ...")
            try:
                with record_run(step.job, run_date=ctx.day, scheduled_for=scheduled_for,
                                trigger=trigger, parent_id=parent.id, url=url) as child:
                    _run_step(step, _with_run(ctx, child.id), child.add)
            except Exception as exc:
                message = describe_error(exc)
                failures.append(f"{step.title}: {message}")
                echo(f"      GAGAL: {message}")
                continue
            parent.add(**{k: v for k, v in child.counts.items() if isinstance(v, int)})
            echo(f"      selesai: {describe_counts(child.counts)}")
        if failures:
            parent.set(steps_failed=len(failures))
            parent.fail(f"{len(failures)} dari {len(steps)} langkah gagal:\n" + "\n".join(failures))
    with session_scope(url) as session:
        return get_run(session, parent.id)


def _with_run(ctx: StepContext, run_id: int) -> StepContext:
    return replace(ctx, run_id=run_id)

"""The scheduler's worker process: run one job of the schedule and exit.

    python -m pantau.worker JOB_ID [--scheduled-for ISO] [--trigger schedule]

An edge like the CLI: it reads the configuration once and passes it to the job. It imports
jobs, not every command of the CLI, and the collectors and sentiment only when its job
collects or labels, so it starts fast. `pantau run job` does the same for people.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from jobs.api import run_scheduled_job
from pantau.config import get_config
from pantau.core.errors import PantauError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pantau.worker")
    parser.add_argument("job_id")
    parser.add_argument("--scheduled-for")
    parser.add_argument("--trigger", default="schedule")
    args = parser.parse_args(argv)

    def echo(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        scheduled = datetime.fromisoformat(args.scheduled_for) if args.scheduled_for else None
        run = run_scheduled_job(args.job_id, config=get_config(), scheduled_for=scheduled,
                                trigger=args.trigger, echo=echo)
    except PantauError as exc:
        echo(f"Galat: {exc}")
        return 1
    if run.status != "berhasil":
        echo(f"Proses {run.id} {run.status}: {(run.error or '-').splitlines()[0]}")
        return 1
    echo(f"Proses {run.id} berhasil.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

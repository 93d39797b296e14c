"""Scaling of the task queue: collection and labelling over a local fake web with 1, 2 and 4
`pantau worker` processes.

    python benchmarks/bench_scale.py [--sources 2000] [--items 3] [--workers 1,2,4]
        [--per-task 50] [--hosts 8] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--broker amqp://guest:guest@127.0.0.1:5672//]

For each worker count: a fresh database (SQLite file, or a new PostgreSQL database with
--postgres), the fake web (`collectors.fakeweb`: one RSS feed per source and an article page
per story, on `--hosts` loopback addresses), N worker processes on a queue of their own, then
`collect:semua` enqueued and timed until its run is finished, then `label` the same way.
Prints pages/s (feeds + article pages fetched, extracted, matched and stored), mentions/s
labelled, and the speed-up against one worker. Politeness is off (download_delay 0,
16 requests per host): the fake sites are few hosts standing for many.

Everything is local (loopback only); the workers are stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scratch_database import scratch_database  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from collectors.fakeweb import FakeWeb  # noqa: E402


def _config(web: FakeWeb, per_task: int) -> str:
    lines = ['[[profiles]]\nname = "kemensos"\nquery = \'"Kementerian Sosial"\'\n']
    for source in web.source_configs():
        lines.append(f'[[sources]]\nname = "{source["name"]}"\nkind = "rss"\n'
                     f'url = "{source["url"]}"\n')
    lines.append("[collect]\ndownload_delay = 0.0\nconcurrent_per_domain = 16\n"
                 "concurrent_requests = 32\nextract_workers = 0\nretries = 0\n")
    lines.append(f"[schedule]\nsources_per_task = {per_task}\nlabels_per_task = 500\n")
    return "".join(lines)


def _delete_queue(broker: str, queue: str) -> None:
    from kombu import Connection

    with Connection(broker) as conn:
        conn.default_channel.queue_delete(queue)


def _wait_run(url: str, job: str, timeout: float) -> tuple[float, dict, str]:
    engine = create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                row = conn.execute(text(
                    "SELECT started_at, finished_at, counts, status FROM job_run "
                    "WHERE job = :job AND finished_at IS NOT NULL"), {"job": job}).first()
            if row is not None:
                import json

                counts = row[2] if isinstance(row[2], dict) else json.loads(row[2])
                return time.monotonic(), counts, row[3]
            time.sleep(0.25)
    finally:
        engine.dispose()
    raise SystemExit(f"{job} did not finish within {timeout:.0f} s")


def run_once(args: argparse.Namespace, workers: int) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="pantau-scale-"))
    with scratch_database(args.postgres, home / "pantau.db") as url:
        return _run_workers(args, workers, home, url)


def _run_workers(args: argparse.Namespace, workers: int, home: Path,
                 url: str) -> dict[str, float]:
    queue = f"pantau-bench-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, PANTAU_HOME=str(home), PANTAU_DATABASE_URL=url,
               PANTAU_BROKER_URL=args.broker, PANTAU_BROKER_QUEUE=queue,
               PANTAU_CONFIG=str(home / "pantau.toml"), PYTHONPATH=str(ROOT))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        with FakeWeb(sources=args.sources, items=args.items, hosts=args.hosts) as web:
            (home / "pantau.toml").write_text(_config(web, args.per_task), encoding="utf-8")
            subprocess.run([sys.executable, "-m", "pantau", "db", "upgrade"], env=env,
                           check=True, capture_output=True)
            logs = home / "logs"
            logs.mkdir()
            for n in range(workers):
                out = open(logs / f"w{n}.log", "wb")  # noqa: SIM115 - lives with the process
                procs.append(subprocess.Popen(
                    [sys.executable, "-m", "pantau", "worker", "--name", f"w{n}@bench"],
                    env=env, stdout=out, stderr=subprocess.STDOUT))
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                ready = sum((logs / f"w{n}.log").read_text(errors="replace").count(" ready.")
                            for n in range(workers))
                if ready == workers:
                    break
                time.sleep(0.2)
            started = time.monotonic()
            subprocess.run([sys.executable, "-m", "pantau", "run", "job", "collect:semua",
                            "--queue"], env=env, check=True, capture_output=True)
            done, counts, status = _wait_run(url, "collect:semua", args.timeout)
            collect_s = done - started
            pages = web.sources + int(counts.get("new", 0))
            started = time.monotonic()
            subprocess.run([sys.executable, "-m", "pantau", "run", "job", "label", "--queue"],
                           env=env, check=True, capture_output=True)
            done, lcounts, lstatus = _wait_run(url, "label", args.timeout)
            label_s = done - started
        return {"workers": workers, "collect_s": collect_s, "pages": pages,
                "new": counts.get("new", 0), "errors": counts.get("errors", 0),
                "status": status, "label_s": label_s,
                "labelled": lcounts.get("labelled", 0), "label_status": lstatus}
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        _delete_queue(args.broker, queue)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--items", type=int, default=3)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--per-task", type=int, default=50)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--postgres")
    parser.add_argument("--broker", default="amqp://guest:guest@127.0.0.1:5672//")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    print(f"fake web: {args.sources} sources x {args.items} stories on {args.hosts} hosts; "
          f"{args.per_task} sources per task; database: "
          f"{'PostgreSQL' if args.postgres else 'SQLite'}; {os.cpu_count()} CPU cores")
    print(f"{'workers':>7} {'collect s':>9} {'pages/s':>8} {'new':>6} {'errors':>6} "
          f"{'label s':>8} {'labels/s':>8} {'speed-up':>8}")
    base: float | None = None
    for n in counts:
        r = run_once(args, n)
        rate = r["pages"] / r["collect_s"]
        base = base or rate
        print(f"{n:>7} {r['collect_s']:>9.1f} {rate:>8.1f} {r['new']:>6} {r['errors']:>6} "
              f"{r['label_s']:>8.1f} {r['labelled'] / max(r['label_s'], 1e-9):>8.1f} "
              f"{rate / base:>7.2f}x  ({r['status']}, {r['label_status']})", flush=True)


if __name__ == "__main__":
    main()

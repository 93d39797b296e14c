"""Benchmark: public questionnaire submissions per second and latency on loopback, and the
mentions list (full-text search, deep pages) over many mentions, beside a bare endpoint.

A real server (`pantau serve`, uvicorn) runs in a subprocess on SQLite in a temporary
PANTAU_HOME, or on a fresh PostgreSQL database (`--postgres ADMIN_URL`, dropped after).

Form: a concurrent asyncio client (a minimal keep-alive HTTP/1.1 client, so that the load
generator costs little CPU) first opens the form N times (to get N one-time form tokens,
timed as "form page"), then posts N filled forms, then calls the bare /healthz N times at
the same concurrency. Requests carry X-Forwarded-For from a pool of 1,000 addresses
(uvicorn trusts it from loopback), so the per-IP rate limit is exercised without blocking
the run. Every posted form carries a unique marker in its `saran`; after the run the
markers stored are counted against the thank-you pages received (nothing thanked and
lost). `--concurrency 20,50` runs each level in turn on the same server.

Search (`--search`): seeds `--mentions` mentions (benchmarks/seed_mentions.py), then times
`/media` (first page), `/media?q=` for words in 0.1%, 1% and 10% of the mentions, a page in
the middle of the list by key (`setelah=`) and by number (`hal=`), and `/healthz`, one
request at a time.

    python benchmarks/bench_web.py [--requests 3000] [--concurrency 8] [--workers 1]
    python benchmarks/bench_web.py --postgres postgresql+psycopg://postgres@127.0.0.1/postgres \
        --concurrency 20,50 --workers 2
    python benchmarks/bench_web.py --search [--mentions 200000] [--postgres ADMIN_URL]

Targets on the 2-core project machine: SQLite >= 200 submissions/s with p99 < 100 ms at
concurrency 8; PostgreSQL p99 < 150 ms at 20 connections, every thanked answer stored at
20 and 50; `/media?q=` < 200 ms at 200,000 mentions on both databases.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import httpx
from scratch_database import scratch_database

CONFIG = """
[institution]
name = "Instansi Benchmark"

[[survey.units]]
code = "loket"
name = "Loket Informasi Publik"
services = ["Permohonan informasi", "Pengaduan"]

[web]
trust_proxy_headers = true
"""
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def form_data(rng: random.Random, token: str, marker: str) -> dict[str, str]:
    data = {f"u{i}": str(rng.choice((2, 3, 3, 4, 4))) for i in range(1, 10)}
    data.update(token=token, website="", jenis_kelamin=rng.choice("LP"),
                usia=str(rng.randint(18, 70)), pendidikan=rng.choice(("SMA", "D4/S1", "S2")),
                pekerjaan=rng.choice(("PNS", "Swasta", "Wirausaha")),
                jenis_layanan=rng.choice(("Permohonan informasi", "Pengaduan")),
                saran=rng.choice(("", "Pelayanan cepat, terima kasih. ",
                                  "Antrian terlalu lama. ")) + marker)
    return data


class Conn:
    """A minimal keep-alive HTTP/1.1 client on asyncio streams: the load generator must
    cost far less CPU than the server it measures (httpx costs more than a bare endpoint)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"",
                      headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        hdrs = {}
        for line in header_lines:
            if ":" in line:
                k, v = line.split(":", 1)
                hdrs[k.strip().lower()] = v.strip()
        data = await self.reader.readexactly(int(hdrs.get("content-length", "0")))
        return status, hdrs, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def run_phase(port: int, n: int, concurrency: int, make_request) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)

    async def worker() -> None:
        conn = Conn("127.0.0.1", port)
        try:
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t0 = time.perf_counter()
                await make_request(conn, i)
                latencies.append(time.perf_counter() - t0)
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (Linux /proc), to report server
    CPU per request: a figure that holds even when other work shares the machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():  # uvicorn --workers N: the worker processes
        for child in children.read_text().split():
            total += cpu_seconds(int(child))
    return total


FORM = {"content-type": "application/x-www-form-urlencoded"}


async def bench(port: int, n: int, concurrency: int, pid: int,
                thanked: list[str]) -> dict[str, tuple[float, list[float], float]]:
    rng = random.Random(7)
    run = uuid.uuid4().hex[:8]
    ips = [f"10.{i // 250}.{i % 250}.{rng.randint(1, 250)}" for i in range(1000)]
    warm = max(20, concurrency)
    tokens: list[str] = [""] * (n + warm)

    async def get_form(conn: Conn, i: int) -> None:
        status, _, body = await conn.request("GET", "/survei/loket")
        if status != 200:
            raise RuntimeError(f"form page failed: {status}")
        tokens[i] = TOKEN.search(body.decode())[1]  # type: ignore[index]

    async def get_form_warm(conn: Conn, i: int) -> None:
        await get_form(conn, n + i)

    async def submit(conn: Conn, i: int) -> None:
        marker = f"penanda-{run}-{i:07d}"
        body = urlencode(form_data(rng, tokens[i], marker)).encode()
        status, hdrs, text = await conn.request(
            "POST", "/survei/loket", body, {**FORM, "X-Forwarded-For": ips[i % len(ips)]})
        if status != 303 or not hdrs.get("location", "").endswith("/terima-kasih"):
            raise RuntimeError(f"submission failed: {status} {text[:300]!r}")
        thanked.append(marker)

    async def submit_warm(conn: Conn, i: int) -> None:
        await submit(conn, n + i)

    async def health(conn: Conn, i: int) -> None:
        status, _, _ = await conn.request("GET", "/healthz")
        if status != 200:
            raise RuntimeError(f"healthz failed: {status}")

    # Warm-up (not counted): imports, first database use, connections.
    await run_phase(port, warm, concurrency, get_form_warm)
    await run_phase(port, warm, concurrency, submit_warm)
    await run_phase(port, warm, concurrency, health)
    results = {}
    for name, fn in (("form page (GET)", get_form), ("submission (POST)", submit),
                     ("healthz", health)):
        cpu0 = cpu_seconds(pid)
        elapsed, lat = await run_phase(port, n, concurrency, fn)
        results[name] = (elapsed, lat, (cpu_seconds(pid) - cpu0) / n)
    return results


def stored_markers(env: dict[str, str]) -> set[str]:
    """The markers (`penanda-...`) of the stored answers' `saran`."""
    code = ("from pantau.core.db import session_scope\nfrom sqlmodel import select, col\n"
            "from survey.models import Response\n"
            "with session_scope() as s:\n"
            "    for saran in s.exec(select(Response.saran)"
            ".where(col(Response.saran).contains('penanda-'))):\n"
            "        print(saran.rsplit(' ', 1)[-1])")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    return set(out.stdout.split())


def start_server(env: dict[str, str], cwd: str,
                 workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pantau", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers)],
        env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return server, port
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.time() > deadline:
            server.kill()
            raise RuntimeError("server did not start: "
                               + (server.stderr.read().decode() if server.stderr else ""))
        time.sleep(0.2)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def search_bench(base: str, token: str, middle: str, repeat: int) -> list[tuple[str, list[float]]]:
    paths = [("healthz", "/healthz"), ("/media (first page)", "/media"),
             ("/media?q=vaksinasi (0.1%)", "/media?q=vaksinasi"),
             ("/media?q=banjir (1%)", "/media?q=banjir"),
             ("/media?q=bansos (10%)", "/media?q=bansos"),
             ("/media?q=banjir+bansos", "/media?q=banjir+bansos"),
             ("/media?q=ban (prefix)", "/media?q=ban"),
             ("middle page by key", f"/media?hal=2000&setelah={middle}"),
             ("middle page by number", "/media?hal=2000")]
    out = []
    with httpx.Client(base_url=base, cookies={"pantau_sesi": token}, timeout=120) as client:
        for name, path in paths:
            client.get(path)  # warm
            lat = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                r = client.get(path)
                lat.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    raise RuntimeError(f"{path}: {r.status_code} {r.text[:300]}")
            out.append((name, lat))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", default="8",
                        help="connections; several levels separated by commas (20,50)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--postgres", metavar="ADMIN_URL",
                        help="run on a fresh PostgreSQL database on this server")
    parser.add_argument("--search", action="store_true",
                        help="time search and paging over --mentions mentions instead")
    parser.add_argument("--mentions", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=20, help="requests per search path")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="pantau-bench-web-") as tmp, scratch_database(
            args.postgres, Path(tmp) / "home" / "pantau.db") as database_url:
        home = Path(tmp) / "home"
        config = Path(tmp) / "pantau.toml"
        config.write_text(CONFIG, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
        env.update(PANTAU_HOME=str(home), PANTAU_CONFIG=str(config),
                   PYTHONPATH=str(root) + os.pathsep + env.get("PYTHONPATH", ""))
        if args.postgres:
            env["PANTAU_DATABASE_URL"] = database_url
        if args.search:
            return run_search(args, env, tmp, root)
        return run_form(args, env, tmp, levels)


def dbname(args: argparse.Namespace) -> str:
    return "PostgreSQL" if args.postgres else "SQLite"


def run_search(args: argparse.Namespace, env: dict[str, str], tmp: str, root: Path) -> int:
    t0 = time.perf_counter()
    seeded = subprocess.run([sys.executable, str(root / "benchmarks" / "seed_mentions.py"),
                             str(args.mentions)], env=env, capture_output=True, text=True,
                            check=False)
    if seeded.returncode:
        raise RuntimeError(f"seeding failed:\n{seeded.stderr[-3000:]}")
    token, middle = seeded.stdout.split()
    seed_s = time.perf_counter() - t0
    server, port = start_server(env, tmp, args.workers)
    try:
        results = search_bench(f"http://127.0.0.1:{port}", token, middle, args.repeat)
    finally:
        stop_server(server)
    print(f"Mentions list over {args.mentions:,} mentions, {dbname(args)}, one request at a "
          f"time, {args.repeat} requests each (seeded in {seed_s:.0f} s); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, lat in results:
        print(f"  {name:28s} p50 {statistics.median(lat) * 1000:7.1f} ms   "
              f"p99 {percentile(lat, 99) * 1000:7.1f} ms")
    worst = max(statistics.median(lat) for name, lat in results
                if "?q=" in name and "prefix" not in name) * 1000
    print(f"  target /media?q= < 200 ms (median of the slowest whole word; the 3-letter "
          f"prefix matches 44% of the mentions): {'met' if worst < 200 else 'NOT met'} "
          f"({worst:.0f} ms)")
    return 0


def run_form(args: argparse.Namespace, env: dict[str, str], tmp: str, levels: list[int]) -> int:
    server, port = start_server(env, tmp, args.workers)
    thanked: list[str] = []
    runs = []
    try:
        for level in levels:
            runs.append((level, asyncio.run(bench(port, args.requests, level, server.pid,
                                                  thanked))))
    finally:
        stop_server(server)
    stored = stored_markers(env)
    for concurrency, results in runs:
        print(f"Public questionnaire on loopback: {args.requests} requests per phase, "
              f"concurrency {concurrency}, {dbname(args)}, {args.workers} uvicorn "
              f"worker(s), {os.cpu_count()} cores")
        rates = {}
        load = os.getloadavg()[0]
        for name, (elapsed, lat, cpu) in results.items():
            rate = len(lat) / elapsed
            rates[name] = rate
            print(f"  {name:18s} {rate:8.1f} req/s   p50 {statistics.median(lat) * 1000:6.1f} "
                  f"ms   p99 {percentile(lat, 99) * 1000:6.1f} ms   server CPU "
                  f"{cpu * 1000:5.2f} ms/req")
        sub_rate = rates["submission (POST)"]
        sub_p99 = percentile(results["submission (POST)"][1], 99) * 1000
        print(f"  submissions / healthz ratio: {sub_rate / rates['healthz']:.2f}")
        sub_cpu = results["submission (POST)"][2]
        print(f"  server CPU bound for submissions: {1 / sub_cpu:.0f}/s on one core "
              f"(load average: {load:.1f} on {os.cpu_count()} cores)")
        if args.postgres:
            ok = sub_p99 < 150 or concurrency != 20
            print(f"  target p99 < 150 ms at 20 connections: "
                  f"{'met' if ok else 'NOT met'}" if concurrency == 20 else "")
        else:
            ok = sub_rate >= 200 and sub_p99 < 100
            print(f"  target >= 200 submissions/s with p99 < 100 ms: "
                  f"{'met' if ok else 'NOT met'}")
    lost = set(thanked) - stored
    print(f"Answers thanked for: {len(thanked)}; stored (by marker): {len(stored & set(thanked))}"
          f"; thanked but lost: {len(lost)}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())

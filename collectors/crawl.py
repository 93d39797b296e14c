"""Article crawling with Scrapy, in its own process.

A Twisted reactor cannot be restarted, so a long-running scheduler would crawl only once
if Scrapy ran in-process. `crawl_pages` therefore starts ``python -m collectors.crawl``,
writes the job (URLs and settings) as JSON on its stdin and reads one JSON line per URL
from its stdout while the crawl runs, so the parent can store results as they arrive.

Each output line: ``{"url", "final_url", "status", "ok", "error", "title", "text",
"author", "published", "outlet", "language"}``.

Politeness: robots.txt obeyed, per-domain concurrency and delay, retries with exponential
backoff, download timeout and size limit, a clear user agent.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from collectors.config import CollectConfig


def scrapy_settings(cfg: CollectConfig) -> dict[str, Any]:
    return {
        "USER_AGENT": cfg.user_agent,
        "ROBOTSTXT_OBEY": cfg.obey_robots,
        "CONCURRENT_REQUESTS": cfg.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": cfg.concurrent_per_domain,
        "DOWNLOAD_DELAY": cfg.download_delay,
        "RANDOMIZE_DOWNLOAD_DELAY": cfg.download_delay > 0,
        "DOWNLOAD_TIMEOUT": cfg.timeout,
        "DOWNLOAD_MAXSIZE": cfg.max_page_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_ENABLED": cfg.retries > 0,
        "RETRY_TIMES": cfg.retries,
        "RETRY_BACKOFF": cfg.backoff,
        "REDIRECT_MAX_TIMES": 10,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "ERROR",
        "HTTPERROR_ALLOW_ALL": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "collectors.crawl.SafeRobotsTxtMiddleware": 100,
            "collectors.crawl.BackoffMiddleware": 560,
        },
    }


def crawl_pages(urls: list[str], cfg: CollectConfig) -> Iterator[dict[str, Any]]:
    """Crawl `urls` in a subprocess; yield one result per URL as pages finish."""
    if not urls:
        return
    job = json.dumps({"urls": urls, "settings": scrapy_settings(cfg),
                      "extract_workers": cfg.extract_workers})
    # The child must import this very package (not another installed copy).
    root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "collectors.crawl"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
            text=True, encoding="utf-8", env=env,
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(job)
        proc.stdin.close()
        done: set[str] = set()
        try:
            for line in proc.stdout:
                line = line.strip()
                if not line:
                    continue
                record = json.loads(line)
                done.add(record["url"])
                yield record
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        if len(done) < len(set(urls)):
            stderr.seek(0)
            tail = stderr.read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            reason = f"proses perayapan berhenti (kode {proc.returncode}) {tail[0][:200]}"
            for url in dict.fromkeys(urls):
                if url not in done:
                    yield {"url": url, "ok": False, "error": reason.strip()}


# --- inside the subprocess ---------------------------------------------------------------


class BackoffMiddleware:
    """Wait before each retry: RETRY_BACKOFF x 2^(n-1) seconds (Scrapy retries at once)."""

    def __init__(self, backoff: float) -> None:
        self.backoff = backoff

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[no-untyped-def]
        return cls(crawler.settings.getfloat("RETRY_BACKOFF", 1.0))

    async def process_request(self, request, spider=None):  # type: ignore[no-untyped-def]
        retries = request.meta.get("retry_times", 0)
        if retries and self.backoff > 0:
            await asyncio.sleep(self.backoff * 2 ** (retries - 1))
        return None


def _safe_robots_class():  # type: ignore[no-untyped-def]
    from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
    from scrapy.utils.defer import maybe_deferred_to_future
    from scrapy.utils.httpobj import urlparse_cached
    from twisted.internet.defer import Deferred

    class _SafeRobotsTxtMiddleware(RobotsTxtMiddleware):
        """Scrapy's robots.txt middleware, except that requests waiting for a robots.txt
        still being downloaded really wait for the parser. Upstream awaits the shared
        Deferred from every waiter; the first waiter's callback swallows the result and
        the others get None, i.e. "allowed" (seen with Scrapy 2.19)."""

        async def robot_parser(self, request):  # type: ignore[no-untyped-def]
            parser = self._parsers.get(urlparse_cached(request).netloc)
            if isinstance(parser, Deferred):
                mine: Deferred = Deferred()

                def relay(result):  # type: ignore[no-untyped-def]
                    mine.callback(result)
                    return result

                parser.addBoth(relay)
                return await maybe_deferred_to_future(mine)
            return await super().robot_parser(request)

    return _SafeRobotsTxtMiddleware


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # Scrapy imports the middleware by path inside the crawl subprocess only.
    if name == "SafeRobotsTxtMiddleware":
        return _safe_robots_class()
    raise AttributeError(name)


def _describe_failure(failure: Any) -> str:
    from scrapy.exceptions import IgnoreRequest
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError

    value = failure.value
    message = str(value)
    if failure.check(HttpError):
        return f"HTTP {value.response.status}"
    if failure.check(IgnoreRequest):
        if "robots.txt" in message:
            return "dilarang oleh robots.txt"
        if "redirection" in message:
            return "terlalu banyak pengalihan (redirect loop)"
        return f"permintaan diabaikan ({message[:120]})"
    if failure.check(TimeoutError) or "timeout" in message.lower() or "took longer" in message:
        return "waktu habis"
    if failure.check(DNSLookupError):
        return "nama domain tidak ditemukan"
    if failure.check(ConnectionRefusedError):
        return "koneksi ditolak"
    if "max size" in message or "maxsize" in message.lower() or "Cancelled" in message:
        return "halaman terlalu besar"
    return f"{type(value).__name__}: {message[:160]}"


def extract_page(body: bytes, content_type: str | None, url: str) -> dict[str, Any] | None:
    from collectors.extract import decode_html, extract_article

    return extract_article(decode_html(body, content_type), url)


def _run(job: dict[str, Any]) -> None:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from collectors.extract import to_json_line

    out = sys.stdout
    urls: list[str] = list(dict.fromkeys(job["urls"]))
    reported: set[str] = set()

    def emit(record: dict[str, Any]) -> None:
        if record["url"] in reported:
            return
        reported.add(record["url"])
        out.write(to_json_line(record))
        out.flush()

    class ArticleSpider(scrapy.Spider):
        name = "pantau_articles"

        async def start(self):  # type: ignore[no-untyped-def]
            for url in urls:
                yield scrapy.Request(url, callback=self.parse_page, errback=self.failed,
                                     meta={"pantau_url": url}, dont_filter=True)

        async def parse_page(self, response):  # type: ignore[no-untyped-def]
            url = response.meta["pantau_url"]
            record: dict[str, Any] = {"url": url, "final_url": response.url,
                                      "status": response.status}
            content_type = response.headers.get("Content-Type", b"").decode("latin-1")
            if content_type and "html" not in content_type and "xml" not in content_type:
                record.update(ok=False, error=f"bukan halaman HTML ({content_type})")
            else:
                try:
                    if pool is not None:
                        article = await asyncio.wrap_future(pool.submit(
                            extract_page, response.body, content_type or None, response.url))
                    else:
                        article = extract_page(response.body, content_type or None,
                                               response.url)
                except Exception as exc:  # noqa: BLE001 - one bad page never stops a crawl
                    article = None
                    record["error"] = f"ekstraksi gagal: {type(exc).__name__}"
                if article:
                    record.update(ok=True, **article)
                else:
                    record.update(ok=False, error=record.get("error")
                                  or "teks artikel tidak ditemukan")
            emit(record)

        def failed(self, failure):  # type: ignore[no-untyped-def]
            url = failure.request.meta.get("pantau_url", failure.request.url)
            emit({"url": url, "ok": False, "error": _describe_failure(failure)})

    # Extraction is the CPU-heavy part: worker processes let it use every core while
    # this process keeps downloading.
    workers = int(job.get("extract_workers", 0))
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 0 else None
    process = CrawlerProcess(settings=job["settings"], install_root_handler=True)
    process.crawl(ArticleSpider)
    try:
        process.start()
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    for url in urls:  # requests dropped without a callback (e.g. redirect loops)
        if url not in reported:
            emit({"url": url, "ok": False,
                  "error": "halaman tidak dapat diambil (terlalu banyak pengalihan?)"})


def main() -> None:
    job = json.loads(sys.stdin.read())
    _run(job)


if __name__ == "__main__":
    main()

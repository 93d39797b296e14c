"""Plain HTTP for feeds, sitemaps and APIs: timeouts, a size limit, retries with
exponential backoff, conditional GET and a clear user agent. Article pages go through
Scrapy instead (`collectors.crawl`)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from collectors.config import CollectConfig

RETRY_STATUSES = {408, 429, 500, 502, 503, 504, 522, 524}


class FetchError(Exception):
    """A request that failed for good; the message is Indonesian and names the URL."""


@dataclass
class HttpResponse:
    url: str
    status: int
    headers: httpx.Headers
    content: bytes

    def json(self):  # type: ignore[no-untyped-def]
        import json

        return json.loads(self.content)


class HttpClient:
    def __init__(self, cfg: CollectConfig) -> None:
        self.cfg = cfg
        self.client = httpx.Client(
            timeout=httpx.Timeout(cfg.timeout),
            follow_redirects=True,
            max_redirects=10,
            headers={"User-Agent": cfg.user_agent},
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, str | int] | None = None,
        data: dict[str, str] | None = None,
        json_body: object | None = None,
        auth: tuple[str, str] | None = None,
        ok_statuses: tuple[int, ...] = (200, 304),
    ) -> HttpResponse:
        """The response, after up to `retries` retries on timeouts, connection errors and
        retryable statuses (waiting `backoff`, 2x`backoff`, ...). Raises FetchError."""
        attempt = 0
        while True:
            try:
                resp = self._once(method, url, headers=headers, params=params, data=data,
                                  json=json_body, auth=auth)
            except httpx.TooManyRedirects as exc:
                raise FetchError(f"{url}: terlalu banyak pengalihan (redirect loop)") from exc
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                kind = "waktu habis" if isinstance(exc, httpx.TimeoutException) else \
                    f"gagal terhubung ({type(exc).__name__})"
                if attempt < self.cfg.retries:
                    self._sleep(attempt)
                    attempt += 1
                    continue
                raise FetchError(f"{url}: {kind}") from exc
            if resp.status in ok_statuses:
                return resp
            if resp.status in RETRY_STATUSES and attempt < self.cfg.retries:
                self._sleep(attempt, resp.headers.get("retry-after"))
                attempt += 1
                continue
            raise FetchError(f"{url}: HTTP {resp.status}")

    def get(self, url: str, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
        return self.request("GET", url, **kwargs)

    def _sleep(self, attempt: int, retry_after: str | None = None) -> None:
        delay = self.cfg.backoff * (2**attempt)
        if retry_after and retry_after.isdigit():
            delay = max(delay, min(float(retry_after), 60.0))
        time.sleep(delay)

    def _once(self, method: str, url: str, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
        limit = self.cfg.max_page_bytes
        # A body that trickles in never trips the per-read timeout: cap the whole transfer.
        deadline = time.monotonic() + 2 * self.cfg.timeout
        with self.client.stream(method, url, **kwargs) as resp:
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(f"{url}: isi terlalu besar ({int(declared)} bita)")
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"{url}: isi terlalu besar (> {limit} bita)")
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("isi terlalu lambat")
            return HttpResponse(str(resp.url), resp.status_code, resp.headers, b"".join(chunks))

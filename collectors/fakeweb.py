"""A local fake web of many Indonesian news sites, for the engine's tests and the scaling
benchmark (`benchmarks/bench_scale.py`): never the internet.

`FakeWeb(sources=2000, items=5, hosts=8)` serves, on `hosts` loopback addresses
(127.0.0.11, 127.0.0.12, ... each its own HTTP server, so the crawler sees separate sites),
one RSS feed per source at `/s/<n>/rss.xml` with `items` stories, each linking to an article
page `/s/<n>/berita-<k>.html` with a few paragraphs of its own Indonesian text that names
the monitored institution. Every story's text is different (no two are duplicates of each
other), so each is stored once. `feed_delay` and `page_delay` (seconds) slow the answers
like a distant server.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

TERM = "Kementerian Sosial"
_VOCABULARY = (
    "bantuan sosial penyaluran warga desa kecamatan kabupaten provinsi program keluarga "
    "harapan anggaran pemerintah daerah masyarakat pelayanan petugas pendamping data "
    "penerima manfaat sembako tunai bencana banjir pengungsi posko relawan evaluasi "
    "laporan kunjungan menteri gubernur bupati wali kota sekolah rumah sakit jalan "
    "pembangunan pelatihan usaha kecil menengah koperasi pasar harga beras minyak "
    "kebijakan rapat koordinasi pengawasan inspektorat transparansi akuntabilitas"
)
_WORDS = _VOCABULARY.split()
_OPENERS = ("Pemerintah menyatakan", "Warga menyambut", "Petugas memastikan",
            "Dinas setempat melaporkan", "Pendamping menjelaskan", "DPRD meminta")


def _sentence(rng: random.Random) -> str:
    words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(9, 16)))
    return f"{rng.choice(_OPENERS)} bahwa {words} di wilayah itu pada pekan ini."


def article_text(source: int, item: int) -> tuple[str, str]:
    """(title, body paragraphs) of story `item` of source `source`; unique per pair."""
    rng = random.Random(source * 100_003 + item)
    title = (f"{TERM} salurkan bantuan untuk warga {rng.choice(_WORDS)} "
             f"nomor {source}-{item}")
    paragraphs = [f"{TERM} menyalurkan bantuan kepada warga dalam program nomor "
                  f"{source}-{item}. " + " ".join(_sentence(rng) for _ in range(3))]
    paragraphs += [" ".join(_sentence(rng) for _ in range(4)) for _ in range(4)]
    return title, "\n".join(paragraphs)


class FakeWeb:
    def __init__(self, *, sources: int, items: int = 5, hosts: int = 4,
                 feed_delay: float = 0.0, page_delay: float = 0.0) -> None:
        self.sources = sources
        self.items = items
        self.feed_delay = feed_delay
        self.page_delay = page_delay
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._servers: list[ThreadingHTTPServer] = []
        for number in range(hosts):
            self._servers.append(self._server(f"127.0.0.{11 + number}"))

    # --- addresses -------------------------------------------------------------------

    def base(self, source: int) -> str:
        return self._base_of(self._servers[source % len(self._servers)])

    @staticmethod
    def _base_of(server: ThreadingHTTPServer) -> str:
        address = server.server_address
        assert isinstance(address, tuple)
        host = address[0]
        return f"http://{host!s}:{address[1]}"

    def feed_url(self, source: int) -> str:
        return f"{self.base(source)}/s/{source}/rss.xml"

    def source_configs(self, *, fetch_articles: bool = True) -> list[dict[str, object]]:
        """`[[sources]]` entries for a `PantauConfig`: one RSS source per fake site."""
        return [{"name": f"situs-{n:05d}", "kind": "rss", "url": self.feed_url(n),
                 "fetch_articles": fetch_articles} for n in range(self.sources)]

    @property
    def stories(self) -> int:
        return self.sources * self.items

    # --- serving ---------------------------------------------------------------------

    def _feed(self, source: int, base: str) -> bytes:
        entries = []
        for item in range(self.items):
            title, body = article_text(source, item)
            link = f"{base}/s/{source}/berita-{item}.html"
            summary = body.split("\n")[0][:300]
            entries.append(
                f"<item><title>{escape(title)}</title><link>{link}</link>"
                f"<guid>{link}</guid><description>{escape(summary)}</description>"
                f"<pubDate>Mon, 07 Dec 2026 0{item % 10}:00:00 +0700</pubDate></item>")
        return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
                f"<title>Situs {source}</title><link>{base}/</link>"
                f"<description>Berita daerah</description>{''.join(entries)}"
                "</channel></rss>").encode()

    def _page(self, source: int, item: int) -> bytes:
        title, body = article_text(source, item)
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n"))
        return ("<!doctype html><html lang='id'><head><meta charset='utf-8'>"
                f"<title>{escape(title)}</title>"
                "<meta property='article:published_time' content='2026-12-07T08:00:00+07:00'>"
                f"</head><body><header><nav><a href='/'>Beranda</a></nav></header>"
                f"<article><h1>{escape(title)}</h1><p class='byline'>Oleh Redaksi</p>"
                f"{paragraphs}</article><footer>Hak cipta Situs {source}</footer>"
                "</body></html>").encode()

    def _answer(self, path: str, base: str) -> tuple[int, bytes, str]:
        parts = path.strip("/").split("/")
        if path == "/robots.txt":
            return 200, b"User-agent: *\nAllow: /\n", "text/plain"
        if len(parts) == 3 and parts[0] == "s" and parts[1].isdigit():
            source = int(parts[1])
            if source < self.sources and parts[2] == "rss.xml":
                if self.feed_delay:
                    time.sleep(self.feed_delay)
                return 200, self._feed(source, base), "application/rss+xml"
            if source < self.sources and parts[2].startswith("berita-"):
                item = parts[2].removeprefix("berita-").removesuffix(".html")
                if item.isdigit() and int(item) < self.items:
                    if self.page_delay:
                        time.sleep(self.page_delay)
                    return 200, self._page(source, int(item)), "text/html; charset=utf-8"
        return 404, b"tidak ada", "text/plain"

    def _server(self, host: str) -> ThreadingHTTPServer:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                path = urlsplit(self.path).path
                with web._lock:
                    web.hits[path.rsplit("/", 1)[-1].split("-")[0]] += 1
                server = self.server
                assert isinstance(server, ThreadingHTTPServer)
                status, body, kind = web._answer(path, FakeWeb._base_of(server))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

            def handle_error(self, request: object, client_address: object) -> None:
                pass

        return Server((host, 0), Handler)

    def start(self) -> FakeWeb:
        for server in self._servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> FakeWeb:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

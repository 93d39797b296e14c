"""A small threaded HTTP server for the demo and the tests: static files from a folder
(``{{BASE}}`` in them becomes the server's own base URL, so feeds link to pages it
serves), ETag/Last-Modified with 304 answers, and programmable routes for misbehaviour.
"""

from __future__ import annotations

import hashlib
import mimetypes
import socket
import threading
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

Route = Callable[[BaseHTTPRequestHandler], None]
LAST_MODIFIED = "Mon, 02 Nov 2026 00:00:00 GMT"
_TYPES = {".xml": "application/xml; charset=utf-8", ".rss": "application/rss+xml",
          ".atom": "application/atom+xml", ".html": "text/html; charset=utf-8",
          ".txt": "text/plain; charset=utf-8", ".json": "application/json"}


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"",
         headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    headers = dict(headers or {})
    headers.setdefault("Content-Length", str(len(body)))
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.end_headers()
    if body and handler.command != "HEAD":
        handler.wfile.write(body)


class LocalServer:
    def __init__(self, root: Path | None = None, routes: dict[str, Route] | None = None,
                 host: str = "127.0.0.1") -> None:
        self.root = root
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: Counter[str] = Counter()
        self._cache: dict[Path, bytes] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in separate writes: without TCP_NODELAY every
                # response waits ~40 ms for the client's delayed ACK (Nagle).
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server._handle(self)

            def do_POST(self) -> None:  # noqa: N802
                server._handle(self)

            do_HEAD = do_GET  # noqa: N815

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients that hang up (timeouts, size limits) are expected

        self.httpd = Server((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_port}"
        self._thread: threading.Thread | None = None

    def url(self, path: str) -> str:
        return self.base + (path if path.startswith("/") else "/" + path)

    def start(self) -> LocalServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_file(self, path: str, relative: str, content_type: str) -> None:
        """Answer `path` (any query string) with the static file `relative`."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            body = self._static(relative)
            if body is None:
                send(handler, 404)
            else:
                send(handler, 200, body, {"Content-Type": content_type})

        self.routes[path] = route

    def _static(self, path: str) -> bytes | None:
        if self.root is None:
            return None
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root.resolve()):
            return None
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return None
        body = self._cache.get(target)
        if body is None:
            body = target.read_bytes().replace(b"{{BASE}}", self.base.encode())
            self._cache[target] = body
        return body

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = urlsplit(handler.path).path
        self.hits[path] += 1
        handler.body = b""  # type: ignore[attr-defined]
        if handler.command == "POST":
            length = int(handler.headers.get("Content-Length") or 0)
            handler.body = handler.rfile.read(length)  # type: ignore[attr-defined]
        route = self.routes.get(path) or self.routes.get(handler.path)
        if route is not None:
            route(handler)
            return
        body = self._static(path)
        if body is None:
            send(handler, 404, b"<html><body>Halaman tidak ditemukan</body></html>",
                 {"Content-Type": "text/html; charset=utf-8"})
            return
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if handler.headers.get("If-None-Match") == etag or (
                handler.headers.get("If-Modified-Since") == LAST_MODIFIED
                and not handler.headers.get("If-None-Match")):
            send(handler, 304, b"", {"ETag": etag, "Last-Modified": LAST_MODIFIED})
            return
        suffix = Path(path).suffix or ".html"
        ctype = _TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
        send(handler, 200, body, {"Content-Type": ctype, "ETag": etag,
                                  "Last-Modified": LAST_MODIFIED})

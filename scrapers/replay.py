"""A local HTTP server that replays a site snapshot on loopback, for demos and end-to-end tests.

A snapshot directory holds one folder per host (`<snapshot>/www.qdnd.vn/...`). Requests are routed
by their `Host` header (any port is ignored), so one server answers for every host of the snapshot:

* `/robots.txt`            → `<host>/robots.txt`
* `/`                      → `<host>/index.html`
* `/a/b/c`                 → `<host>/a/b/c/index.html`
* `/a/b/feed.rss` (`.xml`, `.rss`, `.txt`) → that file itself when it exists, else `…/index.html`
* `/a/b?page=2`            → `<host>/a/b/index@page=2.html` when it exists (the raw query, `/`
  written `%2F`), else the query is ignored
* `index.json`, `index.xml` and `index.rss` answer like `index.html` (a REST API, a feed)

A trailing slash is ignored, and anything else answers 404. Several snapshot roots can be served
at once (one per source); a host may appear in only one of them.

Responses carry a strong `ETag` (a quoted sha256 prefix of the file bytes) and `Last-Modified`
(the file mtime), honour `If-None-Match` / `If-Modified-Since` with 304, and are gzip-encoded
when the client accepts it. `ReplayOptions.cookie_gate` emulates the qdnd.vn WAF: a request
without our `muid_mly` cookie gets a 302 back to the same URL with `Set-Cookie`, and the content
only once the cookie is sent. The `Location` of that redirect is the request target itself
(path and query, a relative reference), so it resolves to exactly the URL the client asked for,
however the client reached the server.

Run by hand: `python -m scrapers.replay tests/snapshots/qdnd --port 8123`.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import ipaddress
import logging
import mimetypes
import secrets
import socket
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = ["COOKIE_NAME", "RecordedRequest", "ReplayOptions", "ReplayServer", "main"]

log = logging.getLogger(__name__)

COOKIE_NAME = "muid_mly"

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
}
# Files served as themselves rather than as `<path>/index.html`.
_DIRECT_SUFFIXES = frozenset({".xml", ".rss", ".txt"})
_ETAG_HEX_CHARS = 32
_INDEX_SUFFIXES = (".html", ".json", ".xml", ".rss")


@dataclass(frozen=True, slots=True)
class ReplayOptions:
    """How the replay server behaves beyond plain file serving."""

    cookie_gate: bool = False
    """Emulate qdnd.vn: a request without our cookie gets `302` to the same URL plus
    `Set-Cookie: muid_mly=<token>; Path=/; HttpOnly` (no Domain), then content once the cookie
    is sent. It applies to every path, `/robots.txt` and 404s included, as a WAF would."""
    latency: float = 0.0
    """Seconds slept before each response."""


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request the server answered. `headers` keys are lower-case (last value wins)."""

    method: str
    host: str
    path: str
    """The raw request target, query string included."""
    headers: dict[str, str]
    status: int
    at: float = 0.0
    """When the request arrived (`time.monotonic()`, before any latency)."""
    fault: str | None = None
    """The fault a `scrapers.faults.FaultServer` injected into this answer, if any."""


@dataclass(frozen=True, slots=True)
class _Resolved:
    body: bytes
    content_type: str
    etag: str
    mtime: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        owner: ReplayServer,
        family: socket.AddressFamily,
    ) -> None:
        self.address_family = family
        self.owner = owner
        super().__init__(address, owner.handler_class)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (timed out, reset) is routine here: log it quietly."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError | ValueError):
            log.debug("replay: client %s went away: %s", client_address, error)
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "vnnews-replay"
    arrived = 0.0  # time.monotonic() when the current request arrived
    fault: str | None = None  # the fault injected into the current answer (FaultServer)
    recorded = False  # the current request is in the log already

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self.arrived, self.fault, self.recorded = time.monotonic(), None, False
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self.arrived, self.fault, self.recorded = time.monotonic(), None, False
        self._serve(send_body=False)

    def _not_allowed(self) -> None:
        self._finish(405, {"Allow": "GET, HEAD"}, b"", send_body=True)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def log_message(self, format: str, *args: object) -> None:
        log.debug("replay %s - %s", self.address_string(), format % args)

    # --- request handling --------------------------------------------------------------------

    def _serve(self, *, send_body: bool) -> None:
        owner = self.server.owner
        if owner.options.latency > 0:
            time.sleep(owner.options.latency)

        if owner.options.cookie_gate and not self._has_cookie(owner.cookie_token):
            headers = {
                "Location": self.path,
                "Set-Cookie": f"{COOKIE_NAME}={owner.cookie_token}; Path=/; HttpOnly",
                "Cache-Control": "private",
            }
            self._finish(302, headers, b"", send_body=send_body)
            return

        resolved = owner.resolve(self.headers.get("Host", ""), self.path)
        if resolved is None:
            body = b"404 Not Found\n"
            headers = {"Content-Type": "text/plain; charset=utf-8"}
            self._finish(404, headers, body, send_body=send_body)
            return

        validators = {
            "ETag": resolved.etag,
            "Last-Modified": email.utils.formatdate(resolved.mtime, usegmt=True),
            "Cache-Control": "no-cache",
            "Vary": "Accept-Encoding",
        }
        if self._not_modified(resolved):
            self._finish(304, validators, None, send_body=False)
            return

        body = resolved.body
        headers = {"Content-Type": resolved.content_type, **validators}
        if _accepts_gzip(self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        self._finish(200, headers, body, send_body=send_body)

    def _has_cookie(self, token: str) -> bool:
        for header in self.headers.get_all("Cookie") or []:
            for part in header.split(";"):
                name, _, value = part.strip().partition("=")
                if name == COOKIE_NAME and value == token:
                    return True
        return False

    def _not_modified(self, resolved: _Resolved) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [tag.strip() for tag in if_none_match.split(",")]
            # Weak comparison, as RFC 9110 prescribes for If-None-Match.
            return any(tag == "*" or tag.removeprefix("W/") == resolved.etag for tag in tags)
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is not None:
            try:
                since = email.utils.parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
            return int(resolved.mtime) <= since.timestamp()
        return False

    def _finish(
        self,
        status: int,
        headers: dict[str, str],
        body: bytes | None,
        *,
        send_body: bool,
    ) -> None:
        self.record(status)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)

    def record(self, status: int) -> None:
        """Log the current request (once) with the status it is answered (0: no answer)."""
        if self.recorded:
            return
        self.recorded = True
        self.server.owner.record(
            RecordedRequest(
                method=self.command,
                host=self.headers.get("Host", ""),
                path=self.path,
                headers={key.lower(): value for key, value in self.headers.items()},
                status=status,
                at=self.arrived,
                fault=self.fault,
            )
        )


def _accepts_gzip(accept_encoding: str) -> bool:
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() not in {"gzip", "x-gzip"}:
            continue
        quality = params.strip().lower()
        if quality.startswith("q="):
            try:
                return float(quality[2:]) > 0
            except ValueError:
                return True
        return True
    return False


def _strip_port(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8080
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


def _loopback_family(host: str) -> tuple[str, socket.AddressFamily]:
    """The address to bind for `host` and its family; ValueError unless it is loopback."""
    if host == "localhost":
        return "127.0.0.1", socket.AF_INET
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"replay server binds loopback only, not {host!r}") from None
    if not address.is_loopback:
        raise ValueError(f"replay server binds loopback only, not {host!r}")
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    return str(address), family


class ReplayServer:
    """Serve a snapshot directory over HTTP on a loopback address, in a daemon thread."""

    handler_class: type[BaseHTTPRequestHandler] = _Handler  # scrapers.faults extends it

    def __init__(
        self,
        snapshot: Path | Sequence[Path],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        options: ReplayOptions = ReplayOptions(),
    ) -> None:
        roots = [snapshot] if isinstance(snapshot, Path | str) else list(snapshot)
        self.roots = tuple(Path(root).resolve() for root in roots)
        for root in self.roots:
            if not root.is_dir():
                raise ValueError(f"snapshot directory not found: {root}")
        self._host_roots: dict[str, Path] = {}
        for root in self.roots:
            for folder in sorted(p for p in root.iterdir() if p.is_dir()):
                if folder.name in self._host_roots:
                    raise ValueError(f"host {folder.name} is in two snapshots ({root})")
                self._host_roots[folder.name] = folder
        self._bind_host, self._family = _loopback_family(host)
        self._port = port
        self.options = options
        self.cookie_token = secrets.token_hex(16)
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        if self._httpd is not None:
            raise RuntimeError("replay server already started")
        httpd = _Server((self._bind_host, self._port), self, self._family)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"replay-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        self._httpd, self._thread = None, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> ReplayServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- addresses ---------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("replay server not started")
        return int(self._httpd.server_address[1])

    @property
    def origin(self) -> str:
        host = f"[{self._bind_host}]" if self._family == socket.AF_INET6 else self._bind_host
        return f"http://{host}:{self.port}"

    def hosts(self) -> list[str]:
        """The host folders of the snapshots, sorted."""
        return sorted(self._host_roots)

    def host_map(self) -> dict[str, str]:
        """`{host folder name: origin}` for every host folder of the snapshot."""
        origin = self.origin
        return {host: origin for host in self.hosts()}

    # --- requests ----------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of the requests answered so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    # --- routing -----------------------------------------------------------------------------

    def file_for(self, host: str, target: str) -> Path | None:
        """The snapshot file that answers `target` on `host`, or None (404)."""
        host = _strip_port(host)
        if not host or host in {".", ".."} or "/" in host or "\\" in host:
            return None
        root = self._host_roots.get(host)
        if root is None:
            return None
        parts = urlsplit(target)
        path = unquote(parts.path, encoding="utf-8", errors="strict")
        segments = [s for s in path.split("/") if s]
        if any(s in {".", ".."} or "\\" in s or "\x00" in s for s in segments):
            return None
        if segments == ["robots.txt"]:
            candidate = root / "robots.txt"
            return candidate if candidate.is_file() else None
        if segments and Path(segments[-1]).suffix.lower() in _DIRECT_SUFFIXES:
            direct = root.joinpath(*segments)
            if direct.is_file():
                return direct
        folder = root.joinpath(*segments)
        if parts.query and "\x00" not in parts.query:
            query = parts.query.replace("/", "%2F")
            for suffix in _INDEX_SUFFIXES:
                candidate = folder / f"index@{query}{suffix}"
                if candidate.is_file():
                    return candidate
        for suffix in _INDEX_SUFFIXES:
            candidate = folder / f"index{suffix}"
            if candidate.is_file():
                return candidate
        return None

    def resolve(self, host: str, target: str) -> _Resolved | None:
        try:
            path = self.file_for(host, target)
        except UnicodeDecodeError:
            return None
        if path is None:
            return None
        body = path.read_bytes()
        content_type = _CONTENT_TYPES.get(path.suffix.lower())
        if content_type is None:
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        etag = '"' + hashlib.sha256(body).hexdigest()[:_ETAG_HEX_CHARS] + '"'
        return _Resolved(body, content_type, etag, path.stat().st_mtime)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scrapers.replay",
        description="Serve a site snapshot on loopback (one folder per host, routed by Host).",
    )
    parser.add_argument("snapshot", type=Path, nargs="+",
                        help="snapshot directories, e.g. tests/snapshots/qdnd")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--port", type=int, default=8123, help="port (0 picks a free one)")
    parser.add_argument("--cookie-gate", action="store_true", help="emulate the qdnd.vn gate")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per response")
    args = parser.parse_args(argv)

    try:
        server = ReplayServer(
            args.snapshot,
            host=args.host,
            port=args.port,
            options=ReplayOptions(cookie_gate=args.cookie_gate, latency=args.latency),
        )
    except ValueError as exc:
        parser.error(str(exc))
    server.start()
    print(f"Replaying {', '.join(map(str, server.roots))} on {server.origin}", flush=True)
    for host, origin in server.host_map().items():
        print(f"  {host} -> {origin}   (curl -H 'Host: {host}' {origin}/robots.txt)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

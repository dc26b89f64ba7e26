"""HTTP transport: the one module that talks to the network.

Every fetch goes through `Fetcher.get`, so politeness (robots.txt, a per-host rate limit shared
by the whole process, or by every process on the machine with `FetchPolicy.budget_dir`, retries
with backoff) and safety (size cap, redirect allow-list, detection of bot walls) hold the same way
for live crawls and for replays from the local server.

Bodies are read as received (`iter_raw`) and decoded here (`ContentDecoder`), so each exchange
can be handed, bytes as received, to an `ExchangeRecorder` (the WARC archive), and an archived
response can be turned back into the very Page the transport made (`archived_page`).
"""

from __future__ import annotations

import codecs
import functools
import ipaddress
import logging
import re
import socket
import threading
import time
import unicodedata
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Protocol, Self
from urllib.parse import urlsplit

import charset_normalizer
import httpx
from protego import Protego
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from scrapers.budget import FileHostLimiter, prepare_budget_dir
from scrapers.records import (
    BlockedError,
    FetchError,
    HttpExchange,
    Page,
    RobotsDisallowedError,
    Validators,
    WarcRef,
)

__all__ = [
    "BodyTooLargeError",
    "ContentDecoder",
    "ContentDecodingError",
    "ExchangeRecorder",
    "FetchPolicy",
    "FetchStats",
    "Fetcher",
    "archived_page",
    "decode_body",
    "decode_content",
    "reset_rate_limiters",
]

log = logging.getLogger("vnnews.http")

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SNIFF_BYTES = 4096
_CHALLENGE_MAX_BYTES = 4096
_CHALLENGE_MAX_TEXT = 200
DEFAULT_MAX_BYTES = 10_000_000
_PIECE = 64 * 1024  # the most a decompressor produces per step: memory stays near the cap
_GZIP_MAGIC = b"\x1f\x8b"
# Compressed codings we never ask for and cannot undo (Accept-Encoding is gzip, deflate only).
_UNSUPPORTED_CODINGS = frozenset({"br", "zstd", "compress", "x-compress"})
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# Browsers decode these labels as windows-1252; real pages labelled so are cp1252 too.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How politely and how defensively to fetch; one policy per crawl."""

    user_agent: str = "vnnews/0.1 (+https://github.com/vnnews/vnnews)"
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_attempts: int = 4
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    retry_after_cap: float = 300.0
    requests_per_second: float = 1.0
    obey_robots: bool = True
    max_redirects: int = 10
    # Where every vnnews process on this machine shares each host's request budget (one file per
    # host, `scrapers.budget`); None: the budget is this process's alone.
    budget_dir: Path | None = None
    # Live hosts must resolve to, and answer from, public addresses: a DNS name of a source (or
    # a redirect) pointing at 127.0.0.1, 10.x, 169.254.x ... is refused (no SSRF into the
    # machine or its network). Replayed hosts (`host_map`, loopback only) are exempt.
    allow_private_addresses: bool = False

    def __post_init__(self) -> None:
        if self.requests_per_second <= 0:
            raise ValueError("requests_per_second must be positive")
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")


@dataclass(frozen=True, slots=True)
class FetchStats:
    """A snapshot of one Fetcher's counters (bytes are as read off the wire, still compressed)."""

    requests_sent: int = 0
    not_modified: int = 0
    bytes_received: int = 0
    retries: int = 0
    requests_per_host: Mapping[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- rate limiting


class _Limiter(Protocol):
    def acquire(self, interval: float, sleep: Callable[[float], None]) -> None: ...

    def defer(self, seconds: float) -> None: ...

    def closed_for(self) -> float: ...


class _HostLimiter:
    """Spaces request starts on one host; reservations make it thread-safe without sleeping
    under the lock, and correct with a fake sleep (the next slot is tracked, not observed)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_allowed = float("-inf")
        self._not_before = float("-inf")  # a server's Retry-After, for every request to it

    def acquire(self, interval: float, sleep: Callable[[float], None]) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_allowed, self._not_before)
            self._next_allowed = start + interval
        if start > now:
            sleep(start - now)

    def defer(self, seconds: float) -> None:
        """The host said (Retry-After) not to come back for `seconds`: no request to it, by
        any fetcher of this process, starts before then."""
        with self._lock:
            self._not_before = max(self._not_before, time.monotonic() + seconds)

    def closed_for(self) -> float:
        """Seconds until the host's last Retry-After has passed (0 when it has)."""
        with self._lock:
            return max(0.0, self._not_before - time.monotonic())


# Process-wide on purpose: every Fetcher (every flow task) shares one budget per host; keyed by
# (budget directory, host), None for the in-process limiter.
_LIMITERS: dict[tuple[Path | None, str], _Limiter] = {}
_LIMITERS_LOCK = threading.Lock()


def _limiter_for(host: str, budget_dir: Path | None = None) -> _Limiter:
    """The host's limiter: in this process only, or shared through `budget_dir` by every
    process on the machine."""
    with _LIMITERS_LOCK:
        limiter = _LIMITERS.get((budget_dir, host))
        if limiter is None:
            limiter = _HostLimiter() if budget_dir is None else FileHostLimiter(budget_dir, host)
            _LIMITERS[(budget_dir, host)] = limiter
        return limiter


def reset_rate_limiters() -> None:
    """Forget all in-process per-host budgets (tests only: a new test must not wait for the last
    one). Budgets kept in a `budget_dir` live in its files: give each test its own directory."""
    with _LIMITERS_LOCK:
        _LIMITERS.clear()


# --------------------------------------------------------------------------- host map


class _HostMapTransport(httpx.BaseTransport):
    """Sends requests to a replay origin while everything above it (cookies, redirects, errors)
    sees the real-world URL, so replay exercises exactly the live code path."""

    def __init__(self, origin: str, inner: httpx.BaseTransport | None = None) -> None:
        target = httpx.URL(origin)
        self._scheme, self._host, self._port = target.scheme, target.host, target.port
        self._inner = inner if inner is not None else httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url.copy_with(scheme=self._scheme, host=self._host, port=self._port)
        forwarded = httpx.Request(  # headers kept as is, so Host stays the real host
            request.method,
            url,
            headers=request.headers,
            stream=request.stream,
            extensions=request.extensions,
        )
        response = self._inner.handle_request(forwarded)
        response.request = request
        return response

    def close(self) -> None:
        self._inner.close()


def _check_replay_origin(host: str, origin: str) -> None:
    """A host map sends a source's requests to a replay server: on loopback, never elsewhere
    (a host map given as a flow parameter must not become a way into the network)."""
    try:
        target = httpx.URL(origin)
    except httpx.InvalidURL:
        raise ValueError(f"host_map: {host} -> {origin!r} is not a URL") from None
    if target.scheme not in ("http", "https") or not _is_loopback(target.host):
        raise ValueError(
            f"host_map: {host} -> {origin!r}: a replay origin must be http(s) on a loopback "
            "address (127.0.0.0/8, ::1, localhost)"
        )


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class ForbiddenAddressError(FetchError):
    """A live host resolved to, or answered from, a private, loopback or reserved address."""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


class _PublicOnlyTransport(httpx.HTTPTransport):
    """Refuses hosts that resolve to non-public addresses before connecting, and checks the
    address the response really came from (a name re-resolved between the two, DNS
    rebinding, is caught there)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        host = request.url.host
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        try:
            addresses = _resolve(host, port)
        except socket.gaierror as exc:
            raise httpx.ConnectError(f"cannot resolve {host}: {exc}", request=request) from exc
        private = sorted({address for address in addresses if not _public(address)})
        if private:
            raise ForbiddenAddressError(
                url, f"host {host} resolves to a non-public address ({', '.join(private)})"
            )
        response = super().handle_request(request)
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if peer and not _public(str(peer[0])):
            response.close()
            raise ForbiddenAddressError(
                url, f"host {host} answered from a non-public address ({peer[0]})"
            )
        return response


# --------------------------------------------------------------------------- decoding


def _codec(label: str) -> str | None:
    """Python codec name for a charset label, or None for unknown or non-text codecs."""
    label = label.strip().strip("'\"").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        b"".decode(label)  # rejects "base64" and friends, which codecs.lookup accepts
        return codecs.lookup(label).name
    except (LookupError, ValueError):
        return None


def _header_charset(content_type: str | None) -> str | None:
    """First usable codec of a Content-Type charset, which may list several (`utf-8,gbk`)."""
    match = re.search(r"charset\s*=\s*([^;]+)", content_type or "", re.IGNORECASE)
    if match is None:
        return None
    for label in match.group(1).split(","):
        if name := _codec(label):
            return name
    return None


_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)


def _meta_charset(body: bytes) -> str | None:
    """Charset from `<meta charset>` or `<meta http-equiv=Content-Type>` near the top."""
    match = _META_CHARSET.search(body[:_SNIFF_BYTES])
    name = _codec(match.group(1).decode("ascii")) if match else None
    # A document that could declare itself in ASCII is not UTF-16/32, whatever it claims.
    return "utf-8" if name and name.startswith(("utf-16", "utf-32")) else name


def _detected_charset(body: bytes) -> str | None:
    best = charset_normalizer.from_bytes(body).best()
    return _codec(best.encoding) if best is not None else None


@functools.cache
def _single_byte(codec: str) -> bool:
    """Whether every byte is one character in this codec (cp1252, iso-8859-*, cp1258, ...)."""
    try:
        return len(bytes(range(256)).decode(codec, errors="replace")) == 256
    except (LookupError, ValueError):
        return False


def _fits(body: bytes, codec: str) -> bool:
    """Whether a declared charset can be what these bytes are in. Two labels are plainly wrong:
    UTF-8 on bytes that are not UTF-8 (a sequence cut at the very end aside), and a single-byte
    charset on bytes that are valid multi-byte UTF-8 (text in such a charset practically never
    is; a page labelled iso-8859-1 by a misconfigured server is)."""
    if codec == "utf-8":
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as error:
            return error.reason == "unexpected end of data" and error.end == len(body)
        return True
    if body.isascii() or not _single_byte(codec):
        return True
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def decode_body(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode a response body as a browser would; return (NFC text, codec name).

    Order: byte-order mark, Content-Type charset, meta charset, detection, UTF-8; a declared
    charset that the bytes show to be wrong (`_fits`) is passed over. Markup entities are left
    alone: unescaping the document would corrupt it.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            encoding, body = name, body[len(bom) :]
            break
    else:
        declared = (_header_charset(content_type), _meta_charset(body))
        encoding = (
            next((name for name in declared if name and _fits(body, name)), None)
            or (_detected_charset(body) if body else None)
            or "utf-8"
        )
    text = body.decode(encoding, errors="replace")
    return unicodedata.normalize("NFC", text), encoding


class ContentDecodingError(ValueError):
    """A body that its Content-Encoding does not describe (bad gzip, an unsupported coding)."""


class BodyTooLargeError(ValueError):
    """A body that decodes to more than the size cap."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than {limit} bytes")
        self.limit = limit


class _Inflater:
    """Undoes one gzip or deflate layer, streaming, in pieces of at most `_PIECE` bytes.

    Tolerant where browsers are: concatenated gzip members are read in turn, bytes after the end
    of the stream are ignored, a truncated stream yields what it holds, and `deflate` may be raw
    (RFC 1951) instead of zlib-wrapped.
    """

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._gzip = coding != "deflate"
        self._zlib = self._new()
        self._first = True
        self._held = b""

    def _new(self) -> zlib._Decompress:
        return zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)

    def pieces(self, inputs: Iterable[bytes], final: bool) -> Iterator[bytes]:
        for data in inputs:
            yield from self._inflate(data)
        if final and (tail := self._zlib.flush()):
            yield tail

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        data, self._held = self._held + data, b""
        if self._first and not self._gzip and len(data) < 2:
            self._held = data  # the zlib header (two bytes) tells zlib-wrapped from raw deflate
            return
        while data:
            if self._zlib.eof:  # the stream ended before these bytes
                if not self._gzip:
                    return
                if len(data) < len(_GZIP_MAGIC) and _GZIP_MAGIC.startswith(data):
                    self._held = data  # perhaps the start of another member
                    return
                if not data.startswith(_GZIP_MAGIC):
                    return
                self._zlib = self._new()
            try:
                out = self._zlib.decompress(data, _PIECE)
            except zlib.error as exc:
                if self._first and not self._gzip:
                    self._first = False
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise ContentDecodingError(f"{self._coding}: {exc}") from None
            self._first = False
            if out:
                yield out
            data = self._zlib.unused_data if self._zlib.eof else self._zlib.unconsumed_tail


class ContentDecoder:
    """Undoes a Content-Encoding (gzip, x-gzip, deflate, several in sequence), streaming, with
    the decoded size capped: a decompression bomb stops once `max_bytes` is passed, having held
    at most one extra piece of 64 KiB. `identity` and unknown labels pass bytes through, as
    before; `br`, `zstd` and `compress` are refused (we never ask for them)."""

    def __init__(self, content_encoding: str | None, *, max_bytes: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        self._layers: list[_Inflater] = []
        for coding in reversed(codings):  # applied in the order listed, so undone in reverse
            if coding in ("gzip", "x-gzip", "deflate"):
                self._layers.append(_Inflater(coding))
            elif coding in _UNSUPPORTED_CODINGS:
                raise ContentDecodingError(
                    f"unsupported content encoding {coding!r} (we accept gzip and deflate)"
                )
        self._max_bytes = max_bytes
        self._size = 0

    def feed(self, data: bytes) -> bytes:
        """Decoded bytes for the next raw chunk; raises BodyTooLargeError past the cap."""
        return self._run([data], final=False)

    def finish(self) -> bytes:
        """What the decompressors still hold once the raw body has ended."""
        return self._run([], final=True)

    def _run(self, inputs: list[bytes], *, final: bool) -> bytes:
        pieces: Iterable[bytes] = inputs
        for layer in self._layers:
            pieces = layer.pieces(pieces, final)
        out = bytearray()
        for piece in pieces:
            self._size += len(piece)
            if self._size > self._max_bytes:
                raise BodyTooLargeError(self._max_bytes)
            out += piece
        return bytes(out)


def decode_content(body: bytes, content_encoding: str | None, *, max_bytes: int) -> bytes:
    """A whole body as received, decoded as the transport decodes it while streaming."""
    decoder = ContentDecoder(content_encoding, max_bytes=max_bytes)
    return decoder.feed(body) + decoder.finish()


def _header(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    """A header's value, repeated ones joined with commas (as httpx does); None if absent."""
    wanted = name.lower()
    values = [value for key, value in headers if key.lower() == wanted]
    return ", ".join(values) if values else None


# --------------------------------------------------------------------------- bot walls

_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_STYLE = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_NAVIGATES = re.compile(r"location\s*(\.\s*(reload|replace|assign|href)\b|=)", re.IGNORECASE)


def _is_challenge(body: bytes, text: str) -> bool:
    """A tiny page whose only job is to set a cookie by script and reload (mod.gov.vn style)."""
    if len(body) >= _CHALLENGE_MAX_BYTES:
        return False
    scripts = _SCRIPT.findall(text)
    if not any("document.cookie" in s and _NAVIGATES.search(s) for s in scripts):
        return False
    visible = _TAG.sub(" ", _STYLE.sub(" ", _SCRIPT.sub(" ", text)))
    return len("".join(visible.split())) < _CHALLENGE_MAX_TEXT


# --------------------------------------------------------------------------- retries


class _RetryableStatus(Exception):
    """A 429 or 5xx answer, raised inside an attempt so tenacity retries it."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after

    def describe(self) -> str:
        if self.retry_after is None:
            return f"HTTP {self.status}"
        return f"HTTP {self.status} with Retry-After {self.retry_after:.0f} s"


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds from now (delta-seconds or HTTP-date); None if absent or bad."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _describe(error: BaseException | None) -> str:
    if isinstance(error, _RetryableStatus):
        return error.describe()
    return f"{type(error).__name__}: {error}" if error else "unknown error"


# --------------------------------------------------------------------------- fetcher


class ExchangeRecorder(Protocol):
    """Takes every exchange the Fetcher makes (each attempt and each redirect hop, errors too
    when a response came back) and says where its response was kept. Called from the fetching
    threads, before the Page is built; an exception it raises ends the fetch."""

    def record(self, exchange: HttpExchange) -> WarcRef: ...


@dataclass(frozen=True, slots=True)
class _Body:
    """A body as read: raw bytes (as received), decoded bytes (2xx only) and what went wrong.

    Problems are returned, not raised, so that the exchange is recorded before they surface."""

    raw: bytes
    decoded: bytes = b""
    truncated: str | None = None
    error: Exception | None = None


@dataclass(frozen=True, slots=True)
class _Response:
    """One answer as far as the redirect loop needs it; the body is decoded only for 2xx."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]  # names lower-cased, as Page.headers
    body: bytes
    exchange: HttpExchange
    warc: WarcRef | None = None


@dataclass(frozen=True, slots=True)
class _Robots:
    """robots.txt verdict for one host: rules, or a refusal raised for every URL of the host."""

    rules: Protego | None = None
    crawl_delay: float = 0.0
    refusal: type[FetchError] | None = None
    reason: str = ""


def _host(url: str | httpx.URL) -> str:
    return httpx.URL(url).host.lower()


def _raw_headers(headers: httpx.Headers) -> tuple[tuple[str, str], ...]:
    """Headers as on the wire: original case, order and repeats (bytes read as latin-1)."""
    return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw)


def _exchange_of(
    response: httpx.Response, body: _Body, started: datetime, requested: str
) -> HttpExchange:
    request = response.request
    return HttpExchange(
        method=request.method,
        url=str(request.url),
        request_headers=_raw_headers(request.headers),
        http_version=response.http_version,
        status=response.status_code,
        reason=response.reason_phrase,
        response_headers=_raw_headers(response.headers),
        body=body.raw,
        started_at=started,
        requested_url=requested,
        truncated=body.truncated,
    )


def _build_page(
    url: str,
    final_url: str,
    status: int,
    headers: tuple[tuple[str, str], ...],
    body: bytes,
    fetched_at: datetime,
    *,
    sent: Validators | None = None,
    exchange: HttpExchange | None = None,
    warc: WarcRef | None = None,
) -> Page:
    """The Page for a decoded response, or the error it is: one code path for the transport and
    for archived responses, so a re-parse sees exactly what the crawl saw."""
    if status == 403:
        raise BlockedError(url, "HTTP 403: access denied, perhaps geo-blocked", status=403)
    if status != 304 and not 200 <= status < 300:
        raise FetchError(url, f"HTTP {status}", status=status)
    text, encoding = "", "utf-8"
    if status != 304:
        text, encoding = decode_body(body, _header(headers, "content-type"))
        if _is_challenge(body, text):
            raise BlockedError(
                url, f"JavaScript cookie challenge ({len(body)} bytes) instead of content"
            )
    etag, last_modified = _header(headers, "etag"), _header(headers, "last-modified")
    if status == 304 and sent is not None:  # a 304 need not repeat the validators
        etag, last_modified = etag or sent.etag, last_modified or sent.last_modified
    return Page(
        url=url,
        final_url=final_url,
        status=status,
        headers=headers,
        body=body if status != 304 else b"",
        text=text,
        encoding=encoding,
        fetched_at=fetched_at,
        validators=Validators(etag=etag, last_modified=last_modified),
        exchange=exchange,
        warc=warc,
    )


def archived_page(
    url: str,
    final_url: str,
    status: int,
    headers: Sequence[tuple[str, str]],
    body: bytes,
    fetched_at: datetime,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    warc: WarcRef | None = None,
) -> Page:
    """Rebuild, without the network, the Page the transport made from a response as received
    (`body` still content-encoded): same decoding, size cap, charset rules and bot-wall check.
    Raises what the transport raised: `FetchError` (status, size, encoding), `BlockedError`."""
    lowered = tuple((key.lower(), value) for key, value in headers)
    decoded = b""
    if 200 <= status < 300:
        try:
            decoded = decode_content(
                body, _header(lowered, "content-encoding"), max_bytes=max_bytes
            )
        except BodyTooLargeError:
            raise FetchError(url, f"response larger than {max_bytes} bytes") from None
        except ContentDecodingError as exc:
            raise FetchError(url, f"undecodable content encoding: {exc}") from None
    return _build_page(url, final_url, status, lowered, decoded, fetched_at, warc=warc)


def _conditional_headers(validators: Validators | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if validators is not None and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators is not None and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


class Fetcher:
    """Fetches pages politely: one client (and cookie jar) per host, robots.txt, shared per-host
    rate limit, retries, hand-followed redirects, size cap and bot-wall detection.

    With `policy.budget_dir` the directory is created here, so that a run that cannot share
    the budget fails at once (`scrapers.budget.HostBudgetError`) instead of fetching alone."""

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        host_map: Mapping[str, str] | None = None,
        allowed_hosts: Collection[str] | None = None,
        rate_overrides: Mapping[str, float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        recorder: ExchangeRecorder | None = None,
    ) -> None:
        self._policy = policy
        self._recorder = recorder
        self._host_map = {h.lower(): origin for h, origin in (host_map or {}).items()}
        for host, origin in self._host_map.items():
            _check_replay_origin(host, origin)
        self._allowed = (
            None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)
        )
        self._rates = {h.lower(): rate for h, rate in (rate_overrides or {}).items()}
        if any(rate <= 0 for rate in self._rates.values()):
            raise ValueError("rate_overrides must be positive")
        if policy.budget_dir is not None:
            prepare_budget_dir(policy.budget_dir)
        self._sleep = sleep
        self._lock = threading.Lock()
        self._clients: dict[str, httpx.Client] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._requests_per_host: dict[str, int] = {}
        self._not_modified = 0
        self._bytes_received = 0
        self._retries = 0
        self._backoff = wait_exponential_jitter(  # the jitter scales with the backoff
            multiplier=policy.backoff_initial,
            max=policy.backoff_max,
            jitter=policy.backoff_initial,
        )

    # ----------------------------------------------------------------------- public API

    def get(self, url: str, *, validators: Validators | None = None) -> Page:
        """Fetch `url`; a 304 (when `validators` are given) comes back as a Page with status 304."""
        try:
            scheme = httpx.URL(url).scheme
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"invalid URL: {exc}") from exc
        if scheme not in ("http", "https"):
            raise FetchError(url, f"unsupported URL scheme {scheme!r}")
        self._check_allowed(url)
        self._check_mapped(url)
        response = self._exchange(url, validators, obey_robots=self._policy.obey_robots)
        return self._page(url, response, validators)

    def _check_allowed(self, url: str) -> None:
        """Only the hosts of the run's sources are ever contacted: a listing may link another
        site (or another source on a sibling host), refused here before any connection."""
        host = _host(url)
        if self._allowed is not None and host not in self._allowed:
            raise FetchError(url, f"host {host} is not one of this run's hosts")

    def _budget_key(self, host: str) -> str:
        """Whose budget a request spends: the host's; a replayed host's is its replay server's
        (a demo or test against 127.0.0.1 never queues behind a live run of the real site)."""
        origin = self._host_map.get(host)
        return host if origin is None else f"{host}@{urlsplit(origin).netloc}"

    def _check_mapped(self, url: str) -> None:
        """With a host map (a replay), a host outside it is refused: a replay never goes live."""
        if self._host_map and _host(url) not in self._host_map:
            raise FetchError(url, f"host {_host(url)} is not in the replay host map")

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def stats(self) -> FetchStats:
        with self._lock:
            return FetchStats(
                requests_sent=sum(self._requests_per_host.values()),
                not_modified=self._not_modified,
                bytes_received=self._bytes_received,
                retries=self._retries,
                requests_per_host=MappingProxyType(dict(self._requests_per_host)),
            )

    # ----------------------------------------------------------------------- page building

    def _page(self, url: str, response: _Response, sent: Validators | None) -> Page:
        if response.status == 304:
            with self._lock:
                self._not_modified += 1
        return _build_page(
            url,
            response.url,
            response.status,
            response.headers,
            response.body,
            response.exchange.started_at,
            sent=sent,
            exchange=response.exchange,
            warc=response.warc,
        )

    # ----------------------------------------------------------------------- redirects

    def _exchange(self, url: str, validators: Validators | None, *, obey_robots: bool) -> _Response:
        """Follow redirects by hand, so every hop passes robots, the host allow-list and the
        cookie-gate rule (a redirect to itself is retried once, with the cookie it just set)."""
        headers = _conditional_headers(validators)
        current, redirects, gate_retried = str(httpx.URL(url)), 0, False
        while True:
            if obey_robots:
                self._check_robots(url, current)
            response = self._send(current, headers, url)
            if response.status not in _REDIRECTS:
                return response
            target = self._redirect_target(url, response)
            if target == current:
                if gate_retried:
                    raise BlockedError(
                        url,
                        f"cookie gate: {response.status} to itself "
                        "persisted after retrying with cookie",
                    )
                gate_retried = True
                continue
            redirects += 1
            if redirects > self._policy.max_redirects:
                raise FetchError(url, f"more than {self._policy.max_redirects} redirects")
            self._check_redirect_host(url, target)
            self._check_mapped(target)
            current, gate_retried = target, False

    def _redirect_target(self, url: str, response: _Response) -> str:
        location = _header(response.headers, "location")
        if not location:
            raise FetchError(url, f"HTTP {response.status} redirect without Location")
        try:
            target = httpx.URL(response.url).join(location.strip())
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"redirect to an invalid URL {location!r}") from exc
        if target.scheme not in ("http", "https"):
            raise FetchError(url, f"redirect to unsupported URL {target}")
        return str(target)

    def _check_redirect_host(self, url: str, target: str) -> None:
        host = _host(target)
        if self._allowed is None or host in self._allowed or host == _host(url):
            return
        raise FetchError(url, f"redirect to host {host} which is not allowed ({target})")

    # ----------------------------------------------------------------------- one request

    def _send(self, url: str, headers: Mapping[str, str], requested: str) -> _Response:
        """One request with retries on transport errors, 429 and 5xx."""
        retrying = Retrying(
            stop=stop_after_attempt(self._policy.max_attempts),
            wait=self._wait,
            retry=retry_if_exception_type((httpx.TransportError, _RetryableStatus)),
            sleep=self._sleep,
            before_sleep=self._before_retry,
            reraise=True,
        )
        attempts = self._policy.max_attempts
        try:
            return retrying(self._attempt, url, headers, requested)
        except _RetryableStatus as exc:
            raise FetchError(url, f"{exc.describe()} after {attempts} attempts") from exc
        except httpx.TransportError as exc:
            raise FetchError(url, f"{_describe(exc)} after {attempts} attempts") from exc

    def _attempt(self, url: str, headers: Mapping[str, str], requested: str) -> _Response:
        """One exchange: read the body as received, hand it to the recorder, then judge it."""
        host = _host(url)
        client = self._client_for(host)
        limiter = _limiter_for(self._budget_key(host), self._policy.budget_dir)
        if (closed := limiter.closed_for()) > self._policy.retry_after_cap:
            raise FetchError(
                url,
                f"{host} asked for no requests for another {closed:.0f} s (Retry-After), "
                f"over the {self._policy.retry_after_cap:.0f} s cap: not asked",
            )
        limiter.acquire(self._interval(host), self._sleep)
        with self._lock:
            self._requests_per_host[host] = self._requests_per_host.get(host, 0) + 1
        started = datetime.now(UTC)
        with client.stream("GET", url, headers=headers) as response:
            try:
                body = self._read(url, response)
            finally:
                with self._lock:
                    self._bytes_received += response.num_bytes_downloaded
        exchange = _exchange_of(response, body, started, requested)
        warc = self._recorder.record(exchange) if self._recorder is not None else None
        if body.error is not None:
            raise body.error
        status = response.status_code
        if status == 429 or status >= 500:
            retry_after = _retry_after_seconds(response.headers.get("retry-after"))
            if retry_after:  # for the whole host, not only this URL's next attempt
                limiter.defer(retry_after)
            raise self._retryable(url, response)
        headers_seen = tuple((k.lower(), v) for k, v in exchange.response_headers)
        return _Response(url, status, headers_seen, body.decoded, exchange, warc)

    def _read(self, url: str, response: httpx.Response) -> _Body:
        """The body as received, capped; decoded (and the cap applied after decoding) for 2xx.

        Any other answer is read only to be archived: its problems (size, a dropped connection)
        truncate it quietly, as before, when its body was not read at all."""
        cap = self._policy.max_bytes
        ok = 200 <= response.status_code < 300
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            reason = f"response larger than {cap} bytes (Content-Length {declared})"
            return _Body(b"", truncated="length", error=FetchError(url, reason) if ok else None)
        decoder: ContentDecoder | None = None
        problem: Exception | None = None
        if ok:
            try:
                decoder = ContentDecoder(response.headers.get("content-encoding"), max_bytes=cap)
            except ContentDecodingError as exc:
                problem = exc
        raw: list[bytes] = []
        decoded: list[bytes] = []
        size = 0
        truncated: str | None = None
        try:
            for chunk in response.iter_raw():
                size += len(chunk)
                if size > cap:
                    truncated, problem = "length", BodyTooLargeError(cap)
                    break
                raw.append(chunk)
                if decoder is None:
                    continue
                try:
                    decoded.append(decoder.feed(chunk))
                except ContentDecodingError as exc:  # keep reading: the archive gets it all
                    decoder, problem = None, exc
                except BodyTooLargeError as exc:  # a bomb: stop reading
                    truncated, problem = "length", exc
                    break
            if decoder is not None and truncated is None:
                decoded.append(decoder.finish())
        except httpx.TransportError as exc:
            truncated, problem = "disconnect", exc
        except (ContentDecodingError, BodyTooLargeError) as exc:  # from finish()
            problem = exc
        error: Exception | None = None
        if ok and isinstance(problem, httpx.TransportError):
            error = problem  # retried, like any transport error
        elif ok and isinstance(problem, BodyTooLargeError):
            error = FetchError(url, f"response larger than {cap} bytes")
        elif ok and isinstance(problem, ContentDecodingError):
            error = FetchError(url, f"undecodable content encoding: {problem}")
        return _Body(b"".join(raw), b"".join(decoded), truncated, error)

    def _retryable(self, url: str, response: httpx.Response) -> Exception:
        header = response.headers.get("retry-after")
        retry_after = _retry_after_seconds(header)
        if retry_after is not None and retry_after > self._policy.retry_after_cap:
            return FetchError(
                url,
                f"HTTP {response.status_code} with Retry-After {header!r} "
                f"({retry_after:.0f} s), over the "
                f"{self._policy.retry_after_cap:.0f} s cap: gave up",
            )
        return _RetryableStatus(response.status_code, retry_after)

    def _wait(self, state: RetryCallState) -> float:
        """Exponential backoff with jitter, but never shorter than the server's Retry-After."""
        backoff = self._backoff(state)
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _RetryableStatus) and error.retry_after is not None:
            return max(backoff, error.retry_after)
        return backoff

    def _before_retry(self, state: RetryCallState) -> None:
        """Count and log each retry: logs are how users see them (Prefect does not show them)."""
        with self._lock:
            self._retries += 1
        error = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.warning(
            "retrying %s in %.1f s after %s (attempt %d of %d failed)",
            state.args[0],
            wait,
            _describe(error),
            state.attempt_number,
            self._policy.max_attempts,
        )

    # ----------------------------------------------------------------------- per host state

    def _client_for(self, host: str) -> httpx.Client:
        """One client per host: its own cookie jar and connection pool."""
        with self._lock:
            client = self._clients.get(host)
            if client is None:
                client = self._new_client(host)
                self._clients[host] = client
            return client

    def _new_client(self, host: str) -> httpx.Client:
        origin = self._host_map.get(host)
        return httpx.Client(
            headers={
                "User-Agent": self._policy.user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": "gzip, deflate",  # never br/zstd: WARC readers can't decode zstd
                "Accept-Language": "vi,en;q=0.5",
            },
            timeout=httpx.Timeout(self._policy.read_timeout, connect=self._policy.connect_timeout),
            follow_redirects=False,
            transport=(
                _HostMapTransport(origin) if origin
                else None if self._policy.allow_private_addresses
                else _PublicOnlyTransport()
            ),
        )

    def _interval(self, host: str) -> float:
        """Seconds between request starts: the configured rate, or robots.txt's Crawl-delay."""
        rate = self._rates.get(host, self._policy.requests_per_second)
        with self._lock:
            robots = self._robots.get(host)
        return max(1.0 / rate, robots.crawl_delay if robots else 0.0)

    # ----------------------------------------------------------------------- robots.txt

    def _check_robots(self, url: str, current: str) -> None:
        robots = self._robots_for(current)
        if robots.refusal is not None:
            raise robots.refusal(url, robots.reason)
        if robots.rules is not None and not robots.rules.can_fetch(
            current, self._policy.user_agent
        ):
            where = "" if current == url else f" ({current})"
            raise RobotsDisallowedError(url, f"robots.txt disallows this URL{where}")

    def _robots_for(self, url: str) -> _Robots:
        """robots.txt of the URL's host, fetched once per Fetcher (one fetch even under threads)."""
        host = _host(url)
        with self._lock:
            cached = self._robots.get(host)
            host_lock = self._robots_locks.setdefault(host, threading.Lock())
        if cached is not None:
            return cached
        with host_lock:
            with self._lock:
                cached = self._robots.get(host)
            if cached is None:
                cached = self._load_robots(url)
                with self._lock:
                    self._robots[host] = cached
        return cached

    def _load_robots(self, url: str) -> _Robots:
        robots_url = str(httpx.URL(url).copy_with(path="/robots.txt", query=None, fragment=None))
        try:
            response = self._exchange(robots_url, None, obey_robots=False)
        except BlockedError as exc:
            return _Robots(refusal=BlockedError, reason=f"robots.txt: {exc.reason}")
        except FetchError as exc:
            return _Robots(refusal=FetchError, reason=f"robots.txt unavailable: {exc.reason}")
        if response.status == 403:
            return _Robots(
                refusal=BlockedError,
                reason="robots.txt: HTTP 403: access denied, perhaps geo-blocked",
            )
        if not 200 <= response.status < 300:
            return _Robots()  # 404, 410 and other 4xx: no rules, everything allowed
        text, _ = decode_body(response.body, _header(response.headers, "content-type"))
        if _is_challenge(response.body, text):
            return _Robots(refusal=BlockedError, reason="robots.txt: JavaScript cookie challenge")
        rules = Protego.parse(text)
        delay = rules.crawl_delay(self._policy.user_agent) or 0.0
        return _Robots(rules=rules, crawl_delay=float(delay))

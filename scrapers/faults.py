"""A fault-injection server on loopback: the replay server, with faults drawn per request.

`FaultServer` serves the replay snapshots exactly as `scrapers.replay.ReplayServer` does (routing
by Host, ETag/304, gzip, the optional qdnd.vn cookie gate) and, for a share of the requests,
answers with a fault instead. Whether a request is faulted, and how, is drawn from
`random.Random(f"{seed}:{host}:{n}")` for the n-th request to that host under the current plan:
the faults a host sees depend only on the seed and on that host's own request order, not on how
the threads of other hosts interleave. A plan can be swapped between runs (`set_plan`), limited
to the first N requests (`FaultPlan.first`), capped per kind and host (`FaultPlan.limits`: a
challenge page blocks a source's whole run, so it is used sparingly), and made to hit the few
feed requests of a run more often (`FaultPlan.xml_rate`).

Every request is recorded (`requests`, a `RecordedRequest` with the arrival time on the
monotonic clock, the status answered, 0 for none, and the fault injected), so tests can check
the client's behaviour from the server's side: request rates, waits after `Retry-After`, hosts
that must never be asked.

The faults (`KINDS`), and how our transport is meant to take them:

transport (any answer)
  `429`            429 with `Retry-After: plan.retry_after` (seconds): retried no sooner.
  `503`            503 for this request and the next `plan.burst - 1` to the host: retried with
                   backoff.
  `slow`           the answer starts `plan.slow_seconds` late (past the client's read timeout):
                   a timeout, retried.
  `reset`          the connection is reset without an answer: retried.
  `truncated`      `Content-Length` says more than is sent, then the connection closes: retried.
  `oversized`      a body past the client's size cap (`plan.oversize_bytes`), declared by
                   `Content-Length` or as a gzip bomb: refused, the URL reported failed.
  `redirect-loop`  302 to `…vnnews-loop=1`, which redirects to `…=2` and back, forever: reported
                   after the client's redirect limit.
  `cookie-gate`    302 to the same URL with a fresh cookie; the request carrying it gets the
                   content (the qdnd.vn gate, sites.md §3.5): passed by one retry.
  `challenge`      the mod.gov.vn JavaScript cookie challenge (HTTP 200, sites.md §8.4): the
                   source is reported blocked, nothing from the page is stored.
content (a 200 answer of an HTML or XML file; the ETag changes with the bytes)
  `wrong-charset`  `Content-Type: …; charset=iso-8859-1` on UTF-8 bytes.
  `no-charset`     no charset in `Content-Type` and no `<meta charset>`: detection decides.
  `nfd`            the page in Unicode NFD (decomposed diacritics): the canonical text is NFC.
  `malformed-html` optional end tags dropped (`</p>`, `</li>`, `</td>`, `</tr>`, `</body>`,
                   `</html>`), stray end tags, an unclosed `<div>`: markup a browser repairs.
  `malformed-xml`  a feed or sitemap cut off mid-document: reported, not guessed at.
  `entity-bomb`    a feed or sitemap with a billion-laughs (or external) entity declaration:
                   refused by defusedxml, never expanded.
  `offsite-links`  links to other hosts (`plan.offsite_hosts`) beside the page's own links and
                   feed entries: they must never be requested (`offsite_targets` lists them).

Run by hand: `python -m scrapers.faults tests/snapshots/qdnd --rate 0.3 --seed 7`.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import random
import re
import socket
import struct
import sys
import threading
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from scrapers.replay import (
    RecordedRequest,
    ReplayOptions,
    ReplayServer,
    _accepts_gzip,
    _Handler,
    _Resolved,
    _strip_port,
)

__all__ = [
    "CHALLENGE",
    "CONTENT_KINDS",
    "DEFAULT_WEIGHTS",
    "KINDS",
    "LOOP_PARAM",
    "TRANSPORT_KINDS",
    "FaultPlan",
    "FaultServer",
    "main",
]

TRANSPORT_KINDS = (
    "429", "503", "slow", "reset", "truncated", "oversized", "redirect-loop", "cookie-gate",
    "challenge",
)
CONTENT_KINDS = (
    "wrong-charset", "no-charset", "nfd", "malformed-html", "malformed-xml", "entity-bomb",
    "offsite-links",
)
KINDS = TRANSPORT_KINDS + CONTENT_KINDS
_HTML_KINDS = frozenset({"wrong-charset", "no-charset", "nfd", "malformed-html"})
_XML_KINDS = frozenset({"malformed-xml", "entity-bomb"})
_BODY_KINDS = frozenset({"truncated", "oversized"})  # need a body to cut or to swell
_FEED_KINDS = ("malformed-xml", "entity-bomb", "offsite-links")

# Relative weights when a request is faulted. Content faults only apply to pages they fit (an
# entity bomb to a feed, NFD to an HTML page), so the draw is among the applicable kinds.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "429": 2.0, "503": 2.0, "slow": 1.0, "reset": 2.0, "truncated": 2.0, "oversized": 0.5,
    "redirect-loop": 0.5, "cookie-gate": 1.0, "challenge": 0.0,
    "wrong-charset": 1.0, "no-charset": 1.0, "nfd": 1.0, "malformed-html": 1.0,
    "malformed-xml": 2.0, "entity-bomb": 2.0, "offsite-links": 1.0,
}

LOOP_PARAM = "vnnews-loop"
GATE_COOKIE = "vnnews_gate"
# Modelled on mod.gov.vn's 177-byte JavaScript cookie challenge (sites.md §8.4).
CHALLENGE = (
    b'<html><body><script>document.cookie="D1N=0123456789abcdef0123456789abcdef"'
    b'+"; expires=Fri, 31 Dec 2099 23:59:59 GMT; path=/";window.location.reload(true);'
    b"</script></body></html>"
)
_LAUGHS = 10  # entities of the billion-laughs declaration (10 levels: 10^9 "lol"s)


@dataclass(frozen=True)
class FaultPlan:
    """Which faults to inject, how often and how hard. The default injects nothing."""

    seed: int = 0
    rate: float = 0.0
    """Share of requests faulted (0..1); continuations (503 bursts, loops) come on top."""
    kinds: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    """Relative weight of each kind (missing or 0: never)."""
    retry_after: int = 1
    burst: int = 3
    """503 answers in a row for one `503` fault (the drawn one included)."""
    slow_seconds: float = 2.0
    oversize_bytes: int = 12_000_000
    first: int | None = None
    """Inject into the first N requests under this plan only (then answer cleanly)."""
    limits: Mapping[str, int] = field(default_factory=dict)
    """At most this many faults of a kind per host under this plan, e.g. `{"challenge": 1}`
    (per host, so that what one host gets does not depend on how threads interleave)."""
    xml_rate: float | None = None
    """Share of feed and sitemap answers given a feed fault (`malformed-xml`, `entity-bomb`,
    `offsite-links`, in turn per host), before the general draw: feeds are few among a run's
    requests. None: feeds are drawn for like any answer."""
    hosts: frozenset[str] | None = None
    """Only requests to these hosts are faulted (None: every host)."""
    paths: tuple[str, ...] | None = None
    """Only requests whose target (path and query) starts with one of these are faulted."""
    offsite_hosts: tuple[str, ...] = ("offsite.invalid",)
    """Where `offsite-links` point: hosts that the page's source must never ask."""
    variant: float | None = None
    """Force the second draw (which flavour of a fault, 0..1), for tests of one flavour."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0 or not 0.0 <= (self.xml_rate or 0.0) <= 1.0:
            raise ValueError(f"rates must be within 0..1, not {self.rate}, {self.xml_rate}")
        unknown = sorted(set(self.kinds) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown fault kinds: {unknown} (known: {', '.join(KINDS)})")
        if any(weight < 0 for weight in self.kinds.values()):
            raise ValueError("fault weights must not be negative")
        if self.burst < 1 or self.retry_after < 0 or not self.offsite_hosts:
            raise ValueError("burst >= 1, retry_after >= 0 and an offsite host are needed")


@dataclass(frozen=True, slots=True)
class _Decision:
    kind: str | None
    variant: float = 0.0  # a second draw: which flavour of the fault
    token: str = ""


@dataclass(frozen=True, slots=True)
class _Resource:
    """What a request would get without a fault."""

    resolved: _Resolved | None
    gated: bool  # the snapshot's own cookie gate would answer
    not_modified: bool

    @property
    def body_kind(self) -> str | None:
        """'html' or 'xml' for a 200 answer of such a file, else None."""
        if self.resolved is None or self.gated or self.not_modified:
            return None
        content_type = self.resolved.content_type
        if "html" in content_type:
            return "html"
        if "xml" in content_type or "rss" in content_type or _looks_like_xml(self.resolved.body):
            return "xml"
        return None

    @property
    def has_body(self) -> bool:
        return not self.gated and not self.not_modified

    @property
    def status(self) -> int:
        """The status of the clean answer."""
        if self.gated:
            return 302
        if self.resolved is None:
            return 404
        return 304 if self.not_modified else 200


class _FaultHandler(_Handler):
    """The replay handler, answering with the fault `FaultServer.decide` draws."""

    passed = False  # the request carries a fresh fault-gate cookie: no gate, no fault

    def do_GET(self) -> None:
        self.arrived, self.fault, self.recorded = time.monotonic(), None, False
        self.passed = False
        owner = self.server.owner
        assert isinstance(owner, FaultServer)
        host = self.headers.get("Host", "")
        resource = self._resource(owner, host)
        decision = owner.decide(host, self.path, self._cookie(GATE_COOKIE), resource)
        if decision.kind is None:
            self.passed = decision.token == "pass"
            self._serve(send_body=True)
            return
        self.fault = decision.kind
        getattr(self, "_" + decision.kind.replace("-", "_"))(owner, host, resource, decision)

    # --- transport faults ------------------------------------------------------------------

    def _429(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        headers = {"Retry-After": str(owner.plan.retry_after), **_TEXT}
        self._finish(429, headers, b"429 Too Many Requests\n", send_body=True)

    def _503(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        self._finish(503, dict(_TEXT), b"503 Service Unavailable\n", send_body=True)

    def _slow(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        self.record(res.status)  # now: the answer comes too late to tell when it arrived
        time.sleep(owner.plan.slow_seconds)
        self._serve(send_body=True)  # to a client long gone, usually

    def _reset(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        self.record(0)
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def _truncated(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        status, headers, body = self._plain(res)
        self.record(status)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: max(0, int(len(body) * d.variant * 0.9))])
        self.wfile.flush()
        self.close_connection = True

    def _oversized(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        """The page padded past `plan.oversize_bytes`, streamed (the server holds 64 KiB at a
        time): declared by Content-Length, or a gzip bomb sent chunked (small on the wire)."""
        _, headers, body = self._plain(res, compress=False)
        size = max(len(body), owner.plan.oversize_bytes)
        pieces = _padded(body, size)
        headers.pop("Content-Encoding", None)
        self.record(200)
        self.close_connection = True
        self.send_response(200)
        for key, value in headers.items():
            self.send_header(key, value)
        if d.variant < 0.5:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
            for piece in (*map(packer.compress, pieces), packer.flush()):
                if piece:
                    self.wfile.write(b"%x\r\n%b\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(size + len(_PAD_OPEN) + len(_PAD_CLOSE)))
            self.end_headers()
            for piece in pieces:
                self.wfile.write(piece)

    def _redirect_loop(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        parts = urlsplit(self.path)
        pairs = [p for p in parts.query.split("&") if p and not p.startswith(LOOP_PARAM + "=")]
        step = "2" if f"{LOOP_PARAM}=1" in parts.query.split("&") else "1"
        query = "&".join([*pairs, f"{LOOP_PARAM}={step}"])
        self._finish(302, {"Location": f"{parts.path}?{query}", **_TEXT}, b"", send_body=True)

    def _cookie_gate(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        headers = {
            "Location": self.path,
            "Set-Cookie": f"{GATE_COOKIE}={d.token}; Path=/; HttpOnly",
            "Cache-Control": "private",
        }
        self._finish(302, headers, b"", send_body=True)

    def _challenge(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        headers = {"Content-Type": "text/html; charset=utf-8,gbk", "Server": "Cloudrity"}
        self._finish(200, headers, CHALLENGE, send_body=True)

    # --- content faults --------------------------------------------------------------------

    def _wrong_charset(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        assert res.resolved is not None
        self._content(res.resolved, res.resolved.body, "text/html; charset=iso-8859-1")

    def _no_charset(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        assert res.resolved is not None
        body = _META_CHARSET.sub(b"", res.resolved.body)
        self._content(res.resolved, body, "text/html")

    def _nfd(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        assert res.resolved is not None
        text = res.resolved.body.decode("utf-8", errors="surrogateescape")
        body = unicodedata.normalize("NFD", text).encode("utf-8", errors="surrogateescape")
        self._content(res.resolved, body)

    def _malformed_html(
        self, owner: FaultServer, host: str, res: _Resource, d: _Decision
    ) -> None:
        assert res.resolved is not None
        self._content(res.resolved, malformed_html(res.resolved.body))

    def _malformed_xml(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        assert res.resolved is not None
        body = res.resolved.body
        cut = max(1, int(len(body) * (0.2 + 0.6 * d.variant)))
        self._content(res.resolved, body[:cut])

    def _entity_bomb(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        assert res.resolved is not None
        self._content(res.resolved, entity_bomb(res.resolved.body, external=d.variant < 0.25))

    def _offsite_links(self, owner: FaultServer, host: str, res: _Resource, d: _Decision) -> None:
        assert res.resolved is not None
        own = _strip_port(host)
        offsite = owner.plan.offsite_hosts[int(d.variant * len(owner.plan.offsite_hosts))]
        body, targets = offsite_links(res.resolved.body, own, offsite, xml=res.body_kind == "xml")
        owner.injected(targets)
        self._content(res.resolved, body)

    # --- helpers -----------------------------------------------------------------------------

    def _resource(self, owner: FaultServer, host: str) -> _Resource:
        resolved = owner.resolve(host, self.path)
        gated = owner.options.cookie_gate and not self._has_cookie(owner.cookie_token)
        modified = resolved is not None and not gated and self._not_modified(resolved)
        return _Resource(resolved, gated, modified)

    def _has_cookie(self, token: str) -> bool:
        return self.passed or super()._has_cookie(token)

    def _cookie(self, name: str) -> str:
        for header in self.headers.get_all("Cookie") or []:
            for part in header.split(";"):
                key, _, value = part.strip().partition("=")
                if key == name:
                    return value
        return ""

    def _plain(
        self, res: _Resource, *, compress: bool = True
    ) -> tuple[int, dict[str, str], bytes]:
        """The answer the request would get without a fault, forced to have a body."""
        if res.resolved is None:
            return 404, dict(_TEXT), b"404 Not Found\n"
        headers = {"Content-Type": res.resolved.content_type, "ETag": res.resolved.etag}
        body = res.resolved.body
        if compress and _accepts_gzip(self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        return 200, headers, body

    def _content(self, resolved: _Resolved, body: bytes, content_type: str | None = None) -> None:
        """A 200 answer of changed bytes: a representation of its own, with its own ETag."""
        headers = {
            "Content-Type": content_type or resolved.content_type,
            "ETag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            "Cache-Control": "no-cache",
        }
        if _accepts_gzip(self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        self._finish(200, headers, body, send_body=True)


_TEXT = {"Content-Type": "text/plain; charset=utf-8"}
_META_CHARSET = re.compile(
    rb"<meta\b[^>]*?(?:\bcharset\s*=|http-equiv\s*=\s*[\"']?content-type)[^>]*>", re.I
)
_OPTIONAL_END = re.compile(rb"</(?:p|li|td|tr|body|html)\s*>", re.I)
_BODY_START = re.compile(rb"<body\b[^>]*>", re.I)
_HREF = re.compile(rb"""<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["'][^>]*>.*?</a\s*>""", re.I | re.S)
_ENTRIES = (  # an RSS item, an Atom entry, a sitemap URL (not RSS's <image><url>)
    re.compile(rb"<item\b[^>]*>.*?</item\s*>", re.S),
    re.compile(rb"<entry\b[^>]*>.*?</entry\s*>", re.S),
    re.compile(rb"<url\b[^>]*>\s*<loc\b.*?</url\s*>", re.S),
)
_ARTICLE_LIKE = re.compile(r"\d{4,}")  # ids: links worth copying to another host
_PROLOG = re.compile(rb"^\s*(?:<\?xml[^>]*\?>)?\s*(?:<!--.*?-->\s*)*", re.S)


_PAD_OPEN, _PAD_CLOSE = b"\n<!-- ", b" -->\n"
_PAD_PIECE = 64 * 1024


def _padded(body: bytes, size: int) -> Iterator[bytes]:
    """`body`, then a comment of spaces, `size` bytes plus the comment's delimiters in all."""
    yield body + _PAD_OPEN
    left = size - len(body)
    while left > 0:
        yield b" " * min(_PAD_PIECE, left)
        left -= _PAD_PIECE
    yield _PAD_CLOSE


def _looks_like_xml(body: bytes) -> bool:
    head = body.lstrip()[:200].lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex"))


def malformed_html(body: bytes) -> bytes:
    """The page with the mistakes browsers repair: optional end tags dropped, stray end tags
    after `<body>`, an element never closed at the end."""
    body = _OPTIONAL_END.sub(b"", body)
    body = _BODY_START.sub(lambda m: m.group(0) + b"</span></div></font>", body, count=1)
    return body.rstrip() + b'\n<div class="vnnews-unclosed"><span>\n'


def entity_bomb(body: bytes, *, external: bool = False) -> bytes:
    """The document with a billion-laughs (or an external) entity declared and referenced."""
    prolog = _PROLOG.match(body)
    head = prolog.group(0) if prolog else b""
    rest = body[len(head) :]
    root = re.match(rb"<([A-Za-z_][\w.:-]*)", rest)
    name = root.group(1) if root else b"rss"
    if external:
        declaration = b'<!ENTITY lol9 SYSTEM "file:///etc/passwd">'
    else:
        levels = [b'<!ENTITY lol0 "lol">']
        for level in range(1, _LAUGHS):
            refs = b"".join(b"&lol%d;" % (level - 1) for _ in range(10))
            levels.append(b'<!ENTITY lol%d "%s">' % (level, refs))
        declaration = b"".join(levels)
    doctype = b"<!DOCTYPE " + name + b" [" + declaration + b"]>\n"
    end = rest.find(b">") + 1 if root else 0
    return head + doctype + rest[:end] + b"<bomb>&lol9;</bomb>" + rest[end:]


def offsite_links(
    body: bytes, own_host: str, offsite: str, *, xml: bool, most: int = 6
) -> tuple[bytes, list[tuple[str, str]]]:
    """The page with links to `offsite` beside its own: a copy of each of its first `most`
    article-like links (a path with a number), or of its first feed entry, moved to the other
    host and given a new id (a 9 before the path's last number), so that a parser takes it for
    an article it has not seen. Returns the page and the (host, path) of every link added."""
    targets: list[tuple[str, str]] = []

    def moved(url: str) -> str | None:
        parts = urlsplit(url.strip())
        if parts.netloc and (parts.hostname or "").lower() != own_host:
            return None
        numbers = list(_ARTICLE_LIKE.finditer(parts.path))
        if not parts.path.startswith("/") or not numbers:
            return None
        last = numbers[-1]
        path = f"{parts.path[: last.start()]}9{parts.path[last.start() :]}"
        targets.append((offsite, path))
        return f"https://{offsite}{path}" + (f"?{parts.query}" if parts.query else "")

    if xml:
        match = next((m for pattern in _ENTRIES if (m := pattern.search(body))), None)
        if match is None:
            return body, targets
        own = re.escape(own_host.encode())
        copy = re.sub(
            rb"https?://" + own + rb"/[^<\s\"']*",
            lambda m: (moved(m.group(0).decode("utf-8", "replace")) or "").encode() or m.group(0),
            match.group(0),
        )
        if copy == match.group(0):
            return body, targets
        return body[: match.start()] + copy + b"\n" + body[match.start() :], targets

    out, last, added = [], 0, 0
    for match in _HREF.finditer(body):
        if added >= most:
            break
        target = moved(match.group(1).decode("utf-8", "replace"))
        if target is None:
            continue
        opening = match.group(0)[: match.group(0).index(b">") + 1]
        start, end = match.span(1)
        copy = opening[: start - match.start()] + target.encode() + opening[end - match.start() :]
        out += [body[last : match.end()], copy + b"</a>"]  # no text: the page reads the same
        last, added = match.end(), added + 1
    out.append(body[last:])
    return b"".join(out), targets


class FaultServer(ReplayServer):
    """The replay server answering a seeded share of requests with faults (module doc)."""

    handler_class = _FaultHandler

    def __init__(
        self,
        snapshot: Path | Sequence[Path],
        *,
        plan: FaultPlan = FaultPlan(),
        host: str = "127.0.0.1",
        port: int = 0,
        options: ReplayOptions | None = None,
    ) -> None:
        super().__init__(snapshot, host=host, port=port, options=options or ReplayOptions())
        self._fault_lock = threading.Lock()
        self._plan = plan
        self._per_host: Counter[str] = Counter()
        self._seen = 0
        self._burst: dict[str, int] = {}
        self._gates: dict[str, str] = {}
        self._drawn: Counter[tuple[str, str]] = Counter()  # (host, kind)
        self._feed_faults: Counter[str] = Counter()  # per host, kept across plans
        self._gated: set[str] = set()  # hosts whose last answer was a cookie gate
        self._offsite: set[tuple[str, str]] = set()

    @property
    def plan(self) -> FaultPlan:
        with self._fault_lock:
            return self._plan

    def set_plan(self, plan: FaultPlan) -> None:
        """Use `plan` from the next request on: request counts, limits and 503 bursts start
        over (a fresh draw sequence per host), the request log is kept."""
        with self._fault_lock:
            self._plan = plan
            self._per_host.clear()
            self._seen = 0
            self._burst.clear()
            self._drawn.clear()

    def decide(self, host: str, target: str, gate_cookie: str, resource: _Resource) -> _Decision:
        """The fault for this request (kind None: answer it cleanly)."""
        host = _strip_port(host)
        with self._fault_lock:
            decision = self._decide(host, target, gate_cookie, resource)
            # One gate at a time: once a host answered with a cookie gate (its own, or ours),
            # it does not gate again before it has answered with content (a site's gate, or
            # its session expiring, sets one cookie; retries after a 503 are the same visit).
            if decision.kind == "cookie-gate" or (
                decision.kind is None and resource.gated and decision.token != "pass"
            ):
                self._gated.add(host)
            elif decision.kind is None or decision.kind in CONTENT_KINDS:
                self._gated.discard(host)
            return decision

    def _decide(self, host: str, target: str, gate_cookie: str, resource: _Resource) -> _Decision:
        plan = self._plan
        self._per_host[host] += 1
        self._seen += 1
        n = self._per_host[host]
        if f"{LOOP_PARAM}=" in urlsplit(target).query:
            return _Decision("redirect-loop")  # a loop, once entered, never ends
        if gate_cookie and self._gates.get(host) == gate_cookie:
            del self._gates[host]
            return _Decision(None, token="pass")  # through the gate: the content
        if self._burst.get(host, 0) > 0:
            self._burst[host] -= 1
            return _Decision("503")
        if plan.rate <= 0 or (plan.first is not None and self._seen > plan.first):
            return _Decision(None)
        if plan.hosts is not None and host not in plan.hosts:
            return _Decision(None)
        if plan.paths is not None and not target.startswith(plan.paths):
            return _Decision(None)
        rng = random.Random(f"{plan.seed}:{host}:{n}")
        if plan.xml_rate is not None and resource.body_kind == "xml":
            if rng.random() >= plan.xml_rate:
                return _Decision(None)
            kind = _FEED_KINDS[(plan.seed + self._feed_faults[host]) % len(_FEED_KINDS)]
            self._feed_faults[host] += 1
            return _Decision(kind, rng.random() if plan.variant is None else plan.variant)
        if rng.random() >= plan.rate:
            return _Decision(None)
        kinds = [
            (kind, weight)
            for kind, weight in plan.kinds.items()
            if weight > 0
            and self._drawn[host, kind] < plan.limits.get(kind, sys.maxsize)
            and _applies(kind, resource)
            and not (kind == "cookie-gate" and host in self._gated)
        ]
        if not kinds:
            return _Decision(None)
        kind = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
        self._drawn[host, kind] += 1
        flavour = rng.random()
        decision = _Decision(kind, flavour if plan.variant is None else plan.variant)
        if kind == "503":
            self._burst[host] = plan.burst - 1
        elif kind == "cookie-gate":
            decision = _Decision(kind, decision.variant, f"{n}x{rng.getrandbits(48):012x}")
            self._gates[host] = decision.token
        return decision

    def injected(self, targets: Sequence[tuple[str, str]]) -> None:
        with self._fault_lock:
            self._offsite.update(targets)

    @property
    def offsite_targets(self) -> set[tuple[str, str]]:
        """(host, path) of every link to another host that `offsite-links` put in a page."""
        with self._fault_lock:
            return set(self._offsite)

    def fault_counts(self) -> Counter[str]:
        """Requests answered with each fault kind ("none": answered cleanly)."""
        return Counter(r.fault or "none" for r in self.requests)

    def requests_between(self, start: float, end: float = float("inf")) -> list[RecordedRequest]:
        """Requests that arrived in [start, end) on the monotonic clock, in arrival order."""
        return sorted((r for r in self.requests if start <= r.at < end), key=lambda r: r.at)


def _applies(kind: str, resource: _Resource) -> bool:
    if kind in _HTML_KINDS:
        return resource.body_kind == "html"
    if kind in _XML_KINDS:
        return resource.body_kind == "xml"
    if kind == "offsite-links":
        return resource.body_kind is not None
    if kind in _BODY_KINDS:
        return resource.has_body
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scrapers.faults",
        description="Serve snapshots on loopback with seeded faults (see scrapers/faults.py).",
    )
    parser.add_argument("snapshot", type=Path, nargs="+")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8124)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rate", type=float, default=0.25, help="share of requests faulted")
    parser.add_argument("--cookie-gate", action="store_true", help="the snapshot's own gate")
    args = parser.parse_args(argv)
    server = FaultServer(
        args.snapshot, host=args.host, port=args.port,
        plan=FaultPlan(seed=args.seed, rate=args.rate),
        options=ReplayOptions(cookie_gate=args.cookie_gate),
    )
    server.start()
    print(f"Serving {', '.join(map(str, server.roots))} with faults on {server.origin}",
          flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print(dict(server.fault_counts()), file=sys.stderr)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Transport tests against a real HTTP server on 127.0.0.1, reached through `host_map`."""

from __future__ import annotations

import gzip
import itertools
import logging
import socket
import struct
import threading
import time
import tracemalloc
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest

from scrapers.http import (
    BodyTooLargeError,
    ContentDecoder,
    ContentDecodingError,
    Fetcher,
    FetchPolicy,
    archived_page,
    decode_body,
    decode_content,
    reset_rate_limiters,
)
from scrapers.records import (
    BlockedError,
    FetchError,
    HttpExchange,
    RobotsDisallowedError,
    Validators,
    WarcRef,
)

HOST = "www.example-news.vn"
SITE = f"https://{HOST}"

# Modelled on mod.gov.vn's 177-byte JavaScript cookie challenge.
CHALLENGE = (
    b'<html><body><script>document.cookie="D1N=0123456789abcdef0123456789abcdef"'
    b'+"; expires=Fri, 31 Dec 2099 23:59:59 GMT; path=/";window.location.reload(true);'
    b"</script></body></html>"
)


# --------------------------------------------------------------------------- test server


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"<html><body><p>ok</p></body></html>"
    headers: list[tuple[str, str]] = field(default_factory=list)
    delay: float = 0.0
    reset: bool = False  # drop the connection (RST) without answering
    chunked: bool = False  # no Content-Length: the client must stream to learn the size
    content_length: bool = True


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]  # lower-cased names
    at: float  # time.monotonic() when the request arrived


Script = Reply | Callable[[Seen], Reply]


class Server:
    """Scripted per-path replies (the last one repeats); records every request."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self._scripts: dict[str, list[Script]] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._httpd.handle_error = lambda *args: None  # type: ignore[method-assign]
        self.origin = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def script(self, path: str, *replies: Script) -> None:
        self._scripts[path] = list(replies)

    def hits(self, path: str) -> list[Seen]:
        return [seen for seen in self.requests if seen.path == path]

    def _next(self, seen: Seen) -> Reply:
        with self._lock:
            self.requests.append(seen)
            queue = self._scripts.get(seen.path)
            if not queue:
                return Reply(status=404, body=b"not found")
            step = queue.pop(0) if len(queue) > 1 else queue[0]
        return step(seen) if callable(step) else step

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                seen = Seen(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()
                )
                reply = server._next(seen)
                time.sleep(reply.delay)
                if reply.reset:
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                if reply.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                elif reply.content_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                else:
                    self.close_connection = True
                self.end_headers()
                if reply.chunked:
                    for start in range(0, len(reply.body), 1024):
                        piece = reply.body[start : start + 1024]
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.write(b"0\r\n\r\n")
                elif reply.content_length:
                    self.wfile.write(reply.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture(autouse=True)
def _fresh_rate_limiters() -> Iterator[None]:
    reset_rate_limiters()
    yield
    reset_rate_limiters()


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make(server: Server, sleeps: list[float]) -> Iterator[Callable[..., Fetcher]]:
    """Fetcher factory: fast by default (fake sleep, high rate, no robots)."""
    fetchers: list[Fetcher] = []

    def factory(*, real_sleep: bool = False, allowed_hosts: Any = None, **policy: Any) -> Fetcher:
        settings: dict[str, Any] = {"obey_robots": False, "requests_per_second": 1000.0}
        settings.update(policy)
        fetcher = Fetcher(
            FetchPolicy(**settings),
            host_map={HOST: server.origin, "example-news.vn": server.origin},
            allowed_hosts=allowed_hosts,
            sleep=time.sleep if real_sleep else sleeps.append,
        )
        fetchers.append(fetcher)
        return fetcher

    yield factory
    for fetcher in fetchers:
        fetcher.close()


def html(text: str, charset: str = "utf-8") -> Reply:
    body = f"<html><body><p>{text}</p></body></html>".encode(charset)
    return Reply(body=body, headers=[("Content-Type", f"text/html; charset={charset}")])


# --------------------------------------------------------------------------- host map


def test_host_map_keeps_real_url_host_header_and_query(server: Server, make: Any) -> None:
    server.script("/tin/a.html?page=2", html("Quân đội"))
    page = make().get(f"{SITE}/tin/a.html?page=2")
    assert page.status == 200
    assert page.url == page.final_url == f"{SITE}/tin/a.html?page=2"
    assert page.text == "<html><body><p>Quân đội</p></body></html>"
    assert page.fetched_at.utcoffset() is not None
    (seen,) = server.requests
    assert seen.headers["host"] == HOST
    assert seen.headers["user-agent"].startswith("vnnews/")
    assert seen.headers["accept-language"] == "vi,en;q=0.5"
    assert seen.headers["accept"].startswith("text/html,application/xhtml+xml")


# --------------------------------------------------------------------------- retries


def test_503_twice_then_200_is_three_requests(
    server: Server, make: Any, caplog: pytest.LogCaptureFixture
) -> None:
    server.script("/a", Reply(503), Reply(503), html("xong"))
    fetcher = make()
    with caplog.at_level(logging.WARNING, logger="vnnews.http"):
        page = fetcher.get(f"{SITE}/a")
    assert page.status == 200 and "xong" in page.text
    assert len(server.hits("/a")) == 3
    assert fetcher.stats.retries == 2 and fetcher.stats.requests_sent == 3
    retries = [r for r in caplog.records if r.name == "vnnews.http"]
    assert len(retries) == 2 and "HTTP 503" in retries[0].getMessage()


def test_500_forever_gives_up_after_max_attempts(server: Server, make: Any) -> None:
    server.script("/a", Reply(500))
    with pytest.raises(FetchError, match="HTTP 500 after 3 attempts"):
        make(max_attempts=3).get(f"{SITE}/a")
    assert len(server.hits("/a")) == 3


def test_backoff_grows_exponentially(server: Server, make: Any, sleeps: list[float]) -> None:
    server.script("/a", Reply(502), Reply(502), Reply(502), html("ok"))
    make(backoff_initial=1.0).get(f"{SITE}/a")
    backoffs = [s for s in sleeps if s > 0.5]
    assert len(backoffs) == 3
    assert 1 <= backoffs[0] <= 2 and 2 <= backoffs[1] <= 3 and 4 <= backoffs[2] <= 5


def test_404_is_not_retried(server: Server, make: Any) -> None:
    with pytest.raises(FetchError, match="HTTP 404") as info:
        make().get(f"{SITE}/missing")
    assert not isinstance(info.value, BlockedError)
    assert len(server.hits("/missing")) == 1


def test_403_is_a_block(server: Server, make: Any) -> None:
    server.script("/a", Reply(403))
    with pytest.raises(BlockedError, match="403"):
        make().get(f"{SITE}/a")
    assert len(server.hits("/a")) == 1


def test_connection_reset_is_retried(server: Server, make: Any) -> None:
    server.script("/a", Reply(reset=True), html("ok"))
    fetcher = make()
    assert fetcher.get(f"{SITE}/a").status == 200
    assert len(server.hits("/a")) == 2 and fetcher.stats.retries == 1


def test_read_timeout_is_retried(server: Server, make: Any) -> None:
    server.script("/a", Reply(delay=1.0), html("ok"))
    assert make(read_timeout=0.3).get(f"{SITE}/a").status == 200
    assert len(server.hits("/a")) == 2


def test_transport_errors_exhaust_to_fetch_error(server: Server, make: Any) -> None:
    server.script("/a", Reply(reset=True))
    with pytest.raises(FetchError, match="after 2 attempts"):
        make(max_attempts=2).get(f"{SITE}/a")
    assert len(server.hits("/a")) == 2


# --------------------------------------------------------------------------- Retry-After


def test_retry_after_seconds_is_honoured(server: Server, make: Any, sleeps: list[float]) -> None:
    server.script("/a", Reply(429, headers=[("Retry-After", "3")]), html("ok"))
    assert make(backoff_initial=0.01).get(f"{SITE}/a").status == 200
    assert max(sleeps) >= 3
    assert len(server.hits("/a")) == 2


def test_retry_after_http_date_is_honoured(server: Server, make: Any, sleeps: list[float]) -> None:
    when = formatdate(time.time() + 10, usegmt=True)
    server.script("/a", Reply(503, headers=[("Retry-After", when)]), html("ok"))
    assert make(backoff_initial=0.01).get(f"{SITE}/a").status == 200
    assert 8 <= max(sleeps) <= 11


def test_retry_after_above_cap_gives_up_without_waiting(
    server: Server, make: Any, sleeps: list[float]
) -> None:
    server.script("/a", Reply(429, headers=[("Retry-After", "3600")]), html("ok"))
    with pytest.raises(FetchError, match="Retry-After '3600'"):
        make(retry_after_cap=300).get(f"{SITE}/a")
    assert len(server.hits("/a")) == 1
    assert all(s < 0.1 for s in sleeps)


# --------------------------------------------------------------------------- robots.txt


def test_robots_disallow(server: Server, make: Any) -> None:
    server.script(
        "/robots.txt",
        Reply(
            body=b"User-agent: *\nDisallow: /private/\n\n"
            b"User-agent: vnnews\nDisallow: /no-vnnews/\n"
        ),
    )
    server.script("/public", html("ok"))
    server.script("/private/x", html("ok"))
    fetcher = make(obey_robots=True)
    with pytest.raises(RobotsDisallowedError):
        fetcher.get(f"{SITE}/no-vnnews/1")
    assert fetcher.get(f"{SITE}/public").status == 200
    assert fetcher.get(f"{SITE}/private/x").status == 200  # the vnnews group wins over "*"
    assert server.hits("/no-vnnews/1") == []
    assert len(server.hits("/robots.txt")) == 1
    assert server.hits("/robots.txt")[0].headers["host"] == HOST


def test_robots_disallow_applies_to_redirect_target(server: Server, make: Any) -> None:
    server.script("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n"))
    server.script("/go", Reply(302, headers=[("Location", f"{SITE}/private/x")]))
    with pytest.raises(RobotsDisallowedError):
        make(obey_robots=True).get(f"{SITE}/go")
    assert server.hits("/private/x") == []


def test_robots_404_allows_everything(server: Server, make: Any) -> None:
    server.script("/a", html("ok"))
    assert make(obey_robots=True).get(f"{SITE}/a").status == 200
    assert [s.path for s in server.requests] == ["/robots.txt", "/a"]


def test_robots_crawl_delay_raises_spacing(server: Server, make: Any, sleeps: list[float]) -> None:
    server.script("/robots.txt", Reply(body=b"User-agent: *\nCrawl-delay: 2\n"))
    server.script("/a", html("a"))
    server.script("/b", html("b"))
    fetcher = make(obey_robots=True)
    fetcher.get(f"{SITE}/a")
    fetcher.get(f"{SITE}/b")
    assert 1.5 <= max(sleeps) <= 2.0


@pytest.mark.parametrize(
    ("reply", "error", "match"),
    [
        (Reply(403), BlockedError, "403"),
        (Reply(body=CHALLENGE), BlockedError, "challenge"),
        (Reply(503), FetchError, "robots.txt unavailable"),
    ],
)
def test_robots_failures_refuse_the_host(
    server: Server, make: Any, reply: Reply, error: type[FetchError], match: str
) -> None:
    server.script("/robots.txt", reply)
    server.script("/a", html("ok"))
    fetcher = make(obey_robots=True, max_attempts=2)
    for _ in range(2):
        with pytest.raises(error, match=match):
            fetcher.get(f"{SITE}/a")
    assert server.hits("/a") == []


# --------------------------------------------------------------------------- rate limiting


def test_rate_limit_spaces_requests_in_real_time(server: Server, make: Any) -> None:
    server.script("/a", html("ok"))
    fetcher = make(real_sleep=True, requests_per_second=5.0)
    started = time.monotonic()
    for _ in range(6):
        fetcher.get(f"{SITE}/a")
    assert time.monotonic() - started >= 1.0
    arrivals = [s.at for s in server.requests]
    # Six starts 0.2 s apart span 1.0 s. A request sent late by a busy machine shortens the gap
    # after it, so individual gaps get a wide margin; two separate budgets would send pairs.
    assert arrivals[-1] - arrivals[0] >= 0.9
    assert min(b - a for a, b in itertools.pairwise(arrivals)) >= 0.1


def test_two_fetchers_share_one_host_budget(server: Server, make: Any) -> None:
    server.script("/a", html("ok"))
    first = make(real_sleep=True, requests_per_second=5.0)
    second = make(real_sleep=True, requests_per_second=5.0)
    started = time.monotonic()
    for _ in range(3):
        first.get(f"{SITE}/a")
        second.get(f"{SITE}/a")
    assert time.monotonic() - started >= 1.0
    arrivals = [s.at for s in server.requests]
    assert len(arrivals) == 6
    # Six starts 0.2 s apart span 1.0 s. A request sent late by a busy machine shortens the gap
    # after it, so individual gaps get a wide margin; two separate budgets would send pairs.
    assert arrivals[-1] - arrivals[0] >= 0.9
    assert min(b - a for a, b in itertools.pairwise(arrivals)) >= 0.1


def test_rate_limit_accounting_with_fake_sleep(
    server: Server, make: Any, sleeps: list[float]
) -> None:
    server.script("/a", html("ok"))
    fetcher = make(requests_per_second=1.0)
    for _ in range(3):
        fetcher.get(f"{SITE}/a")
    assert len(sleeps) == 2
    assert sleeps[0] == pytest.approx(1.0, abs=0.3) and sleeps[1] == pytest.approx(2.0, abs=0.3)


# --------------------------------------------------------------------------- redirects, blocks


def test_cookie_gate_retried_once_with_cookie(server: Server, make: Any) -> None:
    def gate(seen: Seen) -> Reply:
        if "gate=ok" in seen.headers.get("cookie", ""):
            return html("bài báo")
        return Reply(
            302, b"", [("Location", f"{SITE}/bai.html"), ("Set-Cookie", "gate=ok; Path=/")]
        )

    server.script("/bai.html", gate)
    page = make().get(f"{SITE}/bai.html")
    assert page.status == 200 and "bài báo" in page.text
    first, second = server.hits("/bai.html")
    assert "cookie" not in first.headers
    assert second.headers["cookie"] == "gate=ok"


def test_cookie_gate_loop_is_a_block(server: Server, make: Any) -> None:
    server.script(
        "/bai.html",
        Reply(302, b"", [("Location", f"{SITE}/bai.html"), ("Set-Cookie", "gate=ok; Path=/")]),
    )
    with pytest.raises(BlockedError, match="cookie gate"):
        make().get(f"{SITE}/bai.html")
    assert len(server.hits("/bai.html")) == 2


def test_challenge_page_is_a_block(server: Server, make: Any) -> None:
    server.script(
        "/a", Reply(body=CHALLENGE, headers=[("Content-Type", "text/html; charset=utf-8,gbk")])
    )
    with pytest.raises(BlockedError, match="challenge"):
        make().get(f"{SITE}/a")


def test_small_page_with_cookie_script_but_content_is_not_a_block(
    server: Server, make: Any
) -> None:
    text = "Quân đội nhân dân Việt Nam tổ chức diễn tập. " * 8
    body = (
        "<html><body><script>document.cookie='a=1';if(x)location.reload();</script>"
        f"<p>{text}</p></body></html>"
    ).encode()
    server.script("/a", Reply(body=body, headers=[("Content-Type", "text/html; charset=utf-8")]))
    assert make().get(f"{SITE}/a").status == 200


def test_same_host_redirect_followed(server: Server, make: Any) -> None:
    server.script("/old", Reply(301, b"", [("Location", f"{SITE}/new")]))
    server.script("/new", Reply(302, b"", [("Location", "/newest?x=1")]))
    server.script("/newest?x=1", html("mới"))
    page = make(allowed_hosts={HOST}).get(f"{SITE}/old")
    assert page.url == f"{SITE}/old"
    assert page.final_url == f"{SITE}/newest?x=1"
    assert "mới" in page.text


def test_redirect_to_other_allowed_host(server: Server, make: Any) -> None:
    server.script("/a", Reply(301, b"", [("Location", "https://example-news.vn/b")]))
    server.script("/b", html("ok"))
    page = make(allowed_hosts={HOST, "example-news.vn"}).get(f"{SITE}/a")
    assert page.final_url == "https://example-news.vn/b"
    assert server.hits("/b")[0].headers["host"] == "example-news.vn"


def test_redirect_to_host_not_allowed(server: Server, make: Any) -> None:
    server.script("/a", Reply(302, b"", [("Location", "https://evil.example.com/x")]))
    with pytest.raises(FetchError, match=r"evil\.example\.com"):
        make(allowed_hosts={HOST}).get(f"{SITE}/a")
    assert len(server.requests) == 1


def test_too_many_redirects(server: Server, make: Any) -> None:
    for n in range(10):
        server.script(f"/r{n}", Reply(302, b"", [("Location", f"/r{n + 1}")]))
    with pytest.raises(FetchError, match="more than 3 redirects"):
        make(max_redirects=3).get(f"{SITE}/r0")
    assert len(server.requests) == 4


# --------------------------------------------------------------------------- size cap


def test_streamed_body_above_cap(server: Server, make: Any) -> None:
    server.script("/a", Reply(body=b"x" * 5000, chunked=True))
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        make(max_bytes=1000).get(f"{SITE}/a")


def test_gzip_body_above_cap_after_decoding(server: Server, make: Any) -> None:
    packed = gzip.compress(b"x" * 50_000)
    assert len(packed) < 1000
    server.script("/a", Reply(body=packed, headers=[("Content-Encoding", "gzip")]))
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        make(max_bytes=1000).get(f"{SITE}/a")


def test_content_length_above_cap_rejected_early(server: Server, make: Any) -> None:
    server.script("/a", Reply(headers=[("Content-Length", "999999999")], content_length=False))
    with pytest.raises(FetchError, match="Content-Length 999999999"):
        make(max_bytes=1000).get(f"{SITE}/a")


# --------------------------------------------------------------------------- decoding


def test_header_charset_windows_1258(server: Server, make: Any) -> None:
    decomposed = "Qu\u00e2n \u0111\u00f4\u0323i"  # cp1258 writes ộ as ô + combining dot
    server.script("/a", html(decomposed, "windows-1258"))
    page = make().get(f"{SITE}/a")
    assert page.encoding == "cp1258"
    assert "Quân đội" in page.text and "\u0323" not in page.text


def test_meta_charset_without_header(server: Server, make: Any) -> None:
    body = '<html><head><meta charset="windows-1252"></head><body>€ café</body></html>'
    server.script("/a", Reply(body=body.encode("cp1252"), headers=[("Content-Type", "text/html")]))
    page = make().get(f"{SITE}/a")
    assert page.encoding == "cp1252" and "€ café" in page.text


def test_meta_http_equiv_charset(server: Server, make: Any) -> None:
    body = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "</head><body>Hà Nội – 2024</body></html>"
    )
    server.script("/a", Reply(body=body.encode("cp1252", "ignore")))
    page = make().get(f"{SITE}/a")
    assert page.encoding == "cp1252" and "– 2024" in page.text


def test_header_charset_list_takes_first_known(server: Server, make: Any) -> None:
    text = "Bộ Quốc phòng"
    server.script(
        "/a",
        Reply(
            body=f"<p>{text}</p>".encode(),
            headers=[("Content-Type", "text/html; charset=bogus,utf-8,gbk")],
        ),
    )
    page = make().get(f"{SITE}/a")
    assert page.encoding == "utf-8" and text in page.text


def test_nfd_input_comes_out_nfc_and_entities_untouched(server: Server, make: Any) -> None:
    nfd = unicodedata.normalize("NFD", "Tiếng Việt &amp; quốc ngữ")
    server.script("/a", html(nfd))
    page = make().get(f"{SITE}/a")
    assert "Tiếng Việt &amp; quốc ngữ" in page.text
    assert unicodedata.is_normalized("NFC", page.text)
    assert page.body == html(nfd).body


def test_detection_when_nothing_declared(server: Server, make: Any) -> None:
    text = "Quân đội nhân dân Việt Nam anh hùng, trung với nước, hiếu với dân. " * 5
    server.script("/a", Reply(body=text.encode("utf-8"), headers=[("Content-Type", "text/html")]))
    page = make().get(f"{SITE}/a")
    assert page.encoding == "utf-8" and page.text == text


def test_gzip_decoded_and_accept_encoding_exact(server: Server, make: Any) -> None:
    raw = "<p>Chiến sĩ thi đua</p>".encode()
    server.script(
        "/a",
        Reply(
            body=gzip.compress(raw),
            headers=[("Content-Encoding", "gzip"), ("Content-Type", "text/html; charset=utf-8")],
        ),
    )
    fetcher = make()
    page = fetcher.get(f"{SITE}/a")
    assert page.body == raw and page.text == raw.decode()
    assert server.requests[0].headers["accept-encoding"] == "gzip, deflate"
    assert 0 < fetcher.stats.bytes_received < len(raw) + 100


def test_decode_body_bom_wins() -> None:
    assert decode_body(b"\xef\xbb\xbfxin ch\xc3\xa0o", "text/html; charset=latin1") == (
        "xin chào",
        "utf-8",
    )


def test_a_charset_label_the_bytes_contradict_is_passed_over() -> None:
    """Found by the fault soak: a server labelling a UTF-8 page iso-8859-1 had its Vietnamese
    stored as mojibake for good (the page's validators were saved, so the next run got 304).
    A label the bytes plainly contradict is passed over for the next source of the chain."""
    text = "Bộ đội Biên phòng Quảng Trị"
    utf8 = f'<html><head><meta charset="utf-8"></head><body>{text}</body></html>'.encode()
    assert decode_body(utf8, "text/html; charset=iso-8859-1") == (
        f'<html><head><meta charset="utf-8"></head><body>{text}</body></html>', "utf-8"
    )
    assert decode_body(utf8.replace(b'<meta charset="utf-8">', b""), "text/html; charset=latin1")[
        1
    ] == "utf-8"  # no meta either: detection
    legacy = '<html><head><meta charset="windows-1258"></head><body>Qu\u00e2n \u0111\u00f4\u0323i'
    decoded, codec = decode_body(legacy.encode("cp1258"), "text/html; charset=utf-8")
    assert codec == "cp1258" and "Quân đội" in decoded  # UTF-8 label on bytes that are not
    # A label the bytes agree with still wins (cp1252 bytes are rarely valid UTF-8).
    assert decode_body("€ café".encode("cp1252"), "text/html; charset=iso-8859-1") == (
        "€ café", "cp1252"
    )
    assert decode_body(b"caf\xc3", "text/html; charset=utf-8")[1] == "utf-8"  # cut at the end


def test_a_url_off_the_crawls_hosts_is_refused_unasked(server: Server, make: Any) -> None:
    """Found by the fault soak: a feed of one qdnd.vn sub-site listing another's article was
    fetched, from a host the source was never given (only redirects were checked)."""
    fetcher = make(allowed_hosts={HOST})
    with pytest.raises(FetchError, match="not one of this run's hosts"):
        fetcher.get("https://example-news.vn/a")
    assert server.requests == []


# --------------------------------------------------------------------------- conditional GET


def test_conditional_get_304(server: Server, make: Any) -> None:
    modified = "Mon, 01 Jan 2024 00:00:00 GMT"

    def page(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == '"v1"':
            return Reply(304, b"", [("ETag", '"v1"')])
        return Reply(body=b"<p>ok</p>", headers=[("ETag", '"v1"'), ("Last-Modified", modified)])

    server.script("/a", page)
    fetcher = make()
    first = fetcher.get(f"{SITE}/a")
    assert first.validators == Validators(etag='"v1"', last_modified=modified)
    second = fetcher.get(f"{SITE}/a", validators=first.validators)
    assert second.not_modified and second.body == b"" and second.text == ""
    assert second.validators == first.validators
    hit = server.hits("/a")[1]
    assert hit.headers["if-none-match"] == '"v1"'
    assert hit.headers["if-modified-since"] == modified
    stats = fetcher.stats
    assert stats.not_modified == 1 and stats.requests_sent == 2
    assert stats.requests_per_host == {HOST: 2}


def test_context_manager_closes(server: Server) -> None:
    server.script("/a", html("ok"))
    with Fetcher(
        FetchPolicy(obey_robots=False), host_map={HOST: server.origin}, sleep=lambda s: None
    ) as fetcher:
        assert fetcher.get(f"{SITE}/a").status == 200


def test_replay_host_map_never_lets_a_request_go_live(server: Server, make: Any) -> None:
    server.script("/a", Reply(302, b"", [("Location", "https://other-site.vn/x")]))
    fetcher = make(allowed_hosts={HOST, "other-site.vn"})
    with pytest.raises(FetchError, match="not in the replay host map"):
        fetcher.get("https://other-site.vn/page")
    with pytest.raises(FetchError, match="not in the replay host map"):
        fetcher.get(f"{SITE}/a")
    assert [r.path for r in server.requests if r.path != "/robots.txt"] == ["/a"]


def test_http_error_carries_its_status(server: Server, make: Any) -> None:
    server.script("/gone", Reply(404, b"", []))
    with pytest.raises(FetchError) as caught:
        make().get(f"{SITE}/gone")
    assert caught.value.status == 404


# --------------------------------------------------------------------------- raw capture


class Recorder:
    """An ExchangeRecorder that keeps what it is given and hands out fake references."""

    def __init__(self) -> None:
        self.exchanges: list[HttpExchange] = []

    def record(self, exchange: HttpExchange) -> WarcRef:
        self.exchanges.append(exchange)
        return WarcRef("test.warc.gz", len(self.exchanges), 1)


def recording(make: Any, **policy: Any) -> tuple[Fetcher, Recorder]:
    recorder = Recorder()
    fetcher = make(**policy)
    fetcher._recorder = recorder
    return fetcher, recorder


def test_page_carries_the_bytes_as_received_and_the_request_sent(
    server: Server, make: Any
) -> None:
    raw = "<p>Chiến sĩ thi đua</p>".encode()
    packed = gzip.compress(raw, mtime=0)
    server.script(
        "/a",
        Reply(body=packed, headers=[("Content-Encoding", "gzip"), ("X-Mixed-Case", "Yes")]),
    )
    fetcher, recorder = recording(make)
    fetcher.get(f"{SITE}/a")
    page = fetcher.get(f"{SITE}/a", validators=Validators(etag='"v1"'))
    assert page.body == raw  # decoded for the parsers
    exchange = page.exchange
    assert exchange is not None and page.warc == WarcRef("test.warc.gz", 2, 1)
    assert exchange.body == packed  # as received: still gzip
    assert (exchange.method, exchange.url, exchange.status) == ("GET", f"{SITE}/a", 200)
    assert exchange.http_version == "HTTP/1.1" and exchange.reason == "OK"
    assert ("X-Mixed-Case", "Yes") in exchange.response_headers  # case kept
    assert ("Content-Encoding", "gzip") in exchange.response_headers
    sent = dict(exchange.request_headers)
    assert sent["Host"] == HOST and sent["If-None-Match"] == '"v1"'
    assert sent["Accept-Encoding"] == "gzip, deflate"
    assert exchange.requested_url == f"{SITE}/a" and exchange.truncated is None
    assert page.fetched_at == exchange.started_at
    assert recorder.exchanges[-1] is exchange


def test_every_hop_attempt_and_error_is_recorded(server: Server, make: Any) -> None:
    def gate(seen: Seen) -> Reply:
        if "gate=ok" in seen.headers.get("cookie", ""):
            return html("bài báo")
        return Reply(302, b"", [("Location", f"{SITE}/bai"), ("Set-Cookie", "gate=ok; Path=/")])

    server.script("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n"))
    server.script("/old", Reply(301, b"moved", [("Location", f"{SITE}/bai")]))
    server.script("/bai", gate)
    server.script("/flaky", Reply(503, b"busy"), html("ok"))
    server.script("/gone", Reply(404, b"not here"))
    fetcher, recorder = recording(make, obey_robots=True)
    page = fetcher.get(f"{SITE}/old")
    fetcher.get(f"{SITE}/flaky")
    with pytest.raises(FetchError):
        fetcher.get(f"{SITE}/gone")
    seen = [(urlsplit(e.url).path, e.status, urlsplit(e.requested_url).path, e.body)
            for e in recorder.exchanges]
    assert seen == [
        ("/robots.txt", 200, "/robots.txt", b"User-agent: *\nAllow: /\n"),
        ("/old", 301, "/old", b"moved"),
        ("/bai", 302, "/old", b""),
        ("/bai", 200, "/old", html("bài báo").body),
        ("/flaky", 503, "/flaky", b"busy"),
        ("/flaky", 200, "/flaky", html("ok").body),
        ("/gone", 404, "/gone", b"not here"),
    ]
    cookies = [dict(e.request_headers).get("Cookie") for e in recorder.exchanges]
    assert cookies[2:4] == [None, "gate=ok"]  # the cookie the gate set, as sent
    assert page.exchange is recorder.exchanges[3]


def test_blocked_page_is_recorded_but_raises(server: Server, make: Any) -> None:
    server.script("/a", Reply(body=CHALLENGE))
    fetcher, recorder = recording(make)
    with pytest.raises(BlockedError):
        fetcher.get(f"{SITE}/a")
    assert [e.body for e in recorder.exchanges] == [CHALLENGE]


def test_body_over_the_cap_is_recorded_truncated(server: Server, make: Any) -> None:
    server.script("/a", Reply(body=b"x" * 5000, chunked=True))
    fetcher, recorder = recording(make, max_bytes=1000)
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        fetcher.get(f"{SITE}/a")
    (exchange,) = recorder.exchanges
    assert exchange.truncated == "length" and len(exchange.body) <= 1000


def test_decompression_bomb_stops_at_the_cap(server: Server, make: Any) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    server.script("/a", Reply(body=bomb, headers=[("Content-Encoding", "gzip")], chunked=True))
    fetcher, recorder = recording(make, max_bytes=1_000_000)
    with pytest.raises(FetchError, match="larger than 1000000 bytes"):
        fetcher.get(f"{SITE}/a")
    (exchange,) = recorder.exchanges
    assert exchange.truncated == "length"
    assert len(exchange.body) < len(bomb)  # reading stopped early


def test_content_decoder_memory_stays_near_the_cap() -> None:
    bomb = gzip.compress(b"\0" * 200_000_000, compresslevel=9)
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLargeError):
            decode_content(bomb, "gzip", max_bytes=2_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000


@pytest.mark.parametrize(
    ("coding", "packed"),
    [
        ("gzip", gzip.compress(b"hello world", mtime=0)),
        ("x-gzip", gzip.compress(b"hello world", mtime=0)),
        ("deflate", zlib.compress(b"hello world")),
        ("deflate", zlib.compress(b"hello world")[2:-4]),  # raw deflate, as some servers send
        ("gzip", gzip.compress(b"hello ", mtime=0) + gzip.compress(b"world", mtime=0)),
        ("identity", b"hello world"),
        ("", b"hello world"),
        ("gzip, gzip", gzip.compress(gzip.compress(b"hello world", mtime=0), mtime=0)),
    ],
)
def test_decode_content_codings(coding: str, packed: bytes) -> None:
    assert decode_content(packed, coding, max_bytes=100) == b"hello world"
    decoder = ContentDecoder(coding, max_bytes=100)  # byte by byte: streaming keeps state
    assert b"".join(decoder.feed(packed[i : i + 1]) for i in range(len(packed))) + (
        decoder.finish()
    ) == b"hello world"


def test_decode_content_refuses_what_it_cannot_undo() -> None:
    with pytest.raises(ContentDecodingError, match="'br'"):
        decode_content(b"\x0b\x02\x80", "br", max_bytes=100)
    with pytest.raises(ContentDecodingError, match="gzip"):
        decode_content(b"not gzip at all", "gzip", max_bytes=100)


def test_unsupported_coding_is_a_fetch_error_but_recorded(server: Server, make: Any) -> None:
    server.script("/a", Reply(body=b"\x0b\x02\x80", headers=[("Content-Encoding", "br")]))
    fetcher, recorder = recording(make)
    with pytest.raises(FetchError, match="undecodable content encoding"):
        fetcher.get(f"{SITE}/a")
    assert recorder.exchanges[0].body == b"\x0b\x02\x80"


def test_archived_page_matches_the_transport(server: Server, make: Any) -> None:
    body = "<html><body><p>Qu\u00e2n \u0111\u00f4\u0323i</p></body></html>".encode("cp1258")
    server.script(
        "/a",
        Reply(
            body=gzip.compress(body),
            headers=[("Content-Encoding", "gzip"), ("Content-Type", "text/html; charset=cp1258")],
            chunked=True,
        ),
    )
    page = make().get(f"{SITE}/a")
    assert "Quân đội" in page.text and page.encoding == "cp1258"
    exchange = page.exchange
    assert exchange is not None
    again = archived_page(
        page.url, exchange.url, exchange.status, exchange.response_headers, exchange.body,
        exchange.started_at,
    )
    assert (again.text, again.body, again.encoding, again.headers, again.validators) == (
        page.text, page.body, page.encoding, page.headers, page.validators,
    )
    with pytest.raises(BlockedError):
        archived_page(page.url, page.url, 200, (), CHALLENGE, page.fetched_at)
    with pytest.raises(FetchError, match="larger than 10 bytes"):
        archived_page(page.url, page.url, 200, exchange.response_headers, exchange.body,
                      page.fetched_at, max_bytes=10)

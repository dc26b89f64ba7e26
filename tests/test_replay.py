"""The loopback replay server: routing, validators, gzip, the qdnd cookie gate, recording."""

from __future__ import annotations

import gzip
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from scrapers.replay import COOKIE_NAME, ReplayOptions, ReplayServer, main

HOST = "www.example.vn"
ARTICLE = "<!DOCTYPE html><html><body><h1>Bài viết</h1></body></html>"


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    root = tmp_path / "snap"
    site = root / HOST
    (site / "chinh-tri" / "tin-tuc" / "bai-viet-1015001").mkdir(parents=True)
    (site / "chinh-tri" / "tin-tuc" / "bai-viet-1015001" / "index.html").write_text(
        ARTICLE, encoding="utf-8"
    )
    (site / "index.html").write_text("<html>trang chủ</html>", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /tim-kiem/\n", encoding="utf-8")
    (site / "rss").mkdir()
    (site / "rss" / "tin-moi.rss").write_text("<rss></rss>", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset></urlset>", encoding="utf-8")
    (root / "other.host").mkdir()
    (root / "other.host" / "index.html").write_text("<html>other</html>", encoding="utf-8")
    (root / "MANIFEST.md").write_text("not a host", encoding="utf-8")
    return root


@pytest.fixture
def server(snapshot: Path) -> Iterator[ReplayServer]:
    with ReplayServer(snapshot) as srv:
        yield srv


def _client(srv: ReplayServer, *, follow_redirects: bool = False) -> httpx.Client:
    return httpx.Client(
        base_url=srv.origin,
        headers={"Host": HOST},
        timeout=5.0,
        follow_redirects=follow_redirects,
    )


def test_origin_and_host_map(server: ReplayServer) -> None:
    assert server.origin.startswith("http://127.0.0.1:")
    assert server.port > 0
    assert server.host_map() == {HOST: server.origin, "other.host": server.origin}


def test_path_mapping(server: ReplayServer) -> None:
    with _client(server) as client:
        page = client.get("/chinh-tri/tin-tuc/bai-viet-1015001")
        assert page.status_code == 200
        assert page.text == ARTICLE
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        # Query strings and a trailing slash are ignored.
        assert client.get("/chinh-tri/tin-tuc/bai-viet-1015001?utm=x&b=2").text == ARTICLE
        assert client.get("/chinh-tri/tin-tuc/bai-viet-1015001/").text == ARTICLE
        assert client.get("/").text == "<html>trang chủ</html>"

        robots = client.get("/robots.txt")
        assert robots.status_code == 200
        assert robots.headers["content-type"] == "text/plain; charset=utf-8"
        assert "Disallow: /tim-kiem/" in robots.text

        assert client.get("/rss/tin-moi.rss").headers["content-type"] == "application/rss+xml"
        assert client.get("/sitemap.xml").headers["content-type"] == "application/xml"


def test_routes_by_host_header_ignoring_port(server: ReplayServer) -> None:
    with httpx.Client(base_url=server.origin, timeout=5.0) as client:
        assert client.get("/", headers={"Host": "other.host:8443"}).text == "<html>other</html>"
        assert client.get("/", headers={"Host": "WWW.EXAMPLE.VN"}).status_code == 200


@pytest.mark.parametrize(
    ("host", "path"),
    [
        (HOST, "/chinh-tri/tin-tuc/khong-co-1015999"),
        (HOST, "/chinh-tri"),  # a folder without index.html
        (HOST, "/chinh-tri/tin-tuc/bai-viet-1015001/index.html"),
        (HOST, "/../snap/www.example.vn/index.html"),
        (HOST, "/%2e%2e/MANIFEST.md"),
        ("unknown.vn", "/"),
        ("MANIFEST.md", "/"),
        ("127.0.0.1", "/"),
    ],
)
def test_unknown_is_404(server: ReplayServer, host: str, path: str) -> None:
    with httpx.Client(base_url=server.origin, timeout=5.0) as client:
        response = client.get(path, headers={"Host": host})
    assert response.status_code == 404


def test_etag_and_conditional_get(server: ReplayServer, snapshot: Path) -> None:
    path = "/chinh-tri/tin-tuc/bai-viet-1015001"
    with _client(server) as client:
        first = client.get(path)
        etag = first.headers["etag"]
        last_modified = first.headers["last-modified"]
        assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
        assert last_modified.endswith("GMT")

        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag

        assert client.get(path, headers={"If-None-Match": '"other", ' + etag}).status_code == 304
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
        assert client.get(path, headers={"If-Modified-Since": last_modified}).status_code == 304
        old = "Mon, 01 Jan 2001 00:00:00 GMT"
        assert client.get(path, headers={"If-Modified-Since": old}).status_code == 200
        # If-None-Match wins over If-Modified-Since.
        both = {"If-None-Match": '"other"', "If-Modified-Since": last_modified}
        assert client.get(path, headers=both).status_code == 200

        # Editing the file changes the ETag: the old validator no longer matches.
        file = snapshot / HOST / "chinh-tri" / "tin-tuc" / "bai-viet-1015001" / "index.html"
        file.write_text(ARTICLE.replace("Bài viết", "Bài viết đã sửa"), encoding="utf-8")
        future = time.time() + 10
        os.utime(file, (future, future))
        edited = client.get(path, headers={"If-None-Match": etag})
        assert edited.status_code == 200
        assert edited.headers["etag"] != etag
        assert "đã sửa" in edited.text
        assert client.get(path, headers={"If-Modified-Since": last_modified}).status_code == 200


def test_gzip_when_accepted(server: ReplayServer) -> None:
    path = "/chinh-tri/tin-tuc/bai-viet-1015001"
    with _client(server) as client:
        zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.text == ARTICLE  # httpx decodes it
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert plain.content == ARTICLE.encode("utf-8")
        refused = client.get(path, headers={"Accept-Encoding": "gzip;q=0"})
        assert "content-encoding" not in refused.headers
        assert zipped.headers["etag"] == plain.headers["etag"]

        with client.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as raw:
            body = b"".join(raw.iter_raw())
        assert gzip.decompress(body) == ARTICLE.encode("utf-8")


def test_head_has_headers_but_no_body(server: ReplayServer) -> None:
    with _client(server) as client:
        head = client.head("/chinh-tri/tin-tuc/bai-viet-1015001")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"]


def test_cookie_gate_redirects_to_self_then_serves(snapshot: Path) -> None:
    path = "/chinh-tri/tin-tuc/bai-viet-1015001?x=1"
    with (
        ReplayServer(snapshot, options=ReplayOptions(cookie_gate=True)) as srv,
        _client(srv) as client,
    ):
        gate = client.get(path)
        assert gate.status_code == 302
        assert gate.content == b""
        assert gate.headers["location"] == path
        assert gate.next_request is not None
        assert str(gate.next_request.url) == f"{srv.origin}{path}"  # the same URL
        set_cookie = gate.headers["set-cookie"]
        assert set_cookie.startswith(f"{COOKIE_NAME}=")
        assert "Path=/" in set_cookie and "HttpOnly" in set_cookie
        assert "domain" not in set_cookie.lower()

        # The client kept the cookie: the same URL now answers with content.
        assert client.cookies.get(COOKIE_NAME)
        served = client.get(path)
        assert served.status_code == 200
        assert served.text == ARTICLE

        # A made-up cookie value does not pass the gate.
        with _client(srv) as stranger:
            bogus = stranger.get(path, headers={"Cookie": f"{COOKIE_NAME}=forged"})
        assert bogus.status_code == 302

    with (
        ReplayServer(snapshot, options=ReplayOptions(cookie_gate=True)) as srv,
        _client(srv, follow_redirects=True) as follower,
    ):
        followed = follower.get(path)
        assert followed.status_code == 200
        assert followed.text == ARTICLE
        assert [r.status_code for r in followed.history] == [302]
        statuses = [(r.host, r.status) for r in srv.requests]
        assert statuses == [(HOST, 302), (HOST, 200)]


def test_cookie_gate_also_guards_robots(snapshot: Path) -> None:
    with (
        ReplayServer(snapshot, options=ReplayOptions(cookie_gate=True)) as srv,
        _client(srv, follow_redirects=True) as client,
    ):
        robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert len(robots.history) == 1


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "10.0.0.1", "example.com", "", "::"])
def test_refuses_non_loopback(snapshot: Path, host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        ReplayServer(snapshot, host=host)


def test_localhost_binds_loopback(snapshot: Path) -> None:
    with ReplayServer(snapshot, host="localhost") as srv:
        assert srv.origin.startswith("http://127.0.0.1:")


def test_missing_snapshot_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="snapshot"):
        ReplayServer(tmp_path / "nope")


def test_records_requests(server: ReplayServer) -> None:
    with _client(server) as client:
        client.get("/robots.txt", headers={"User-Agent": "vnnews-test/1.0"})
        client.get("/khong-co")
        client.head("/")
    recorded = server.requests
    assert [(r.method, r.host, r.path, r.status) for r in recorded] == [
        ("GET", HOST, "/robots.txt", 200),
        ("GET", HOST, "/khong-co", 404),
        ("HEAD", HOST, "/", 200),
    ]
    assert recorded[0].headers["user-agent"] == "vnnews-test/1.0"
    # A copy: mutating it does not touch the server's log.
    recorded.clear()
    assert len(server.requests) == 3
    server.clear_requests()
    assert server.requests == []


def test_latency(snapshot: Path) -> None:
    with ReplayServer(snapshot, options=ReplayOptions(latency=0.2)) as srv, _client(srv) as client:
        started = time.monotonic()
        assert client.get("/").status_code == 200
        assert time.monotonic() - started >= 0.2


def test_post_is_not_allowed(server: ReplayServer) -> None:
    with _client(server) as client:
        assert client.post("/", content=b"x").status_code == 405


def test_stop_is_idempotent_and_start_twice_fails(snapshot: Path) -> None:
    srv = ReplayServer(snapshot)
    srv.start()
    with pytest.raises(RuntimeError):
        srv.start()
    srv.stop()
    srv.stop()


def test_main_refuses_public_bind(snapshot: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main([str(snapshot), "--host", "0.0.0.0"])
    assert exc.value.code == 2


def test_query_files_and_json_index(snapshot: Path) -> None:
    api = snapshot / HOST / "wp-json" / "wp" / "v2" / "posts"
    api.mkdir(parents=True)
    (api / "index@page=2&per_page=20.json").write_text('[{"id": 2}]', encoding="utf-8")
    (api / "index.json").write_text('[{"id": 1}]', encoding="utf-8")
    with ReplayServer(snapshot) as srv, _client(srv) as client:
        second = client.get("/wp-json/wp/v2/posts?page=2&per_page=20")
        assert second.json() == [{"id": 2}]
        assert second.headers["content-type"].startswith("application/json")
        assert client.get("/wp-json/wp/v2/posts?page=9").json() == [{"id": 1}]
        assert client.get("/wp-json/wp/v2/posts/").json() == [{"id": 1}]


def test_several_roots_one_server(snapshot: Path, tmp_path: Path) -> None:
    second = tmp_path / "second"
    (second / "news.example.org").mkdir(parents=True)
    (second / "news.example.org" / "index.html").write_text("<html>b</html>", encoding="utf-8")
    with ReplayServer([snapshot, second]) as srv:
        assert set(srv.host_map()) == {HOST, "other.host", "news.example.org"}
        with httpx.Client(base_url=srv.origin, headers={"Host": "news.example.org"}) as client:
            assert client.get("/").text == "<html>b</html>"
    with pytest.raises(ValueError, match="two snapshots"):
        ReplayServer([snapshot, snapshot])

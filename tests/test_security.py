"""Security checks, one test each: who may be contacted, what input is refused, where files go.

Elsewhere: entity-bomb and malformed XML feeds (tests/test_feeds.py), response and decompression
size caps and redirects to hosts outside the allow-list (tests/test_transport.py), the Prefect UI
bound to loopback (tests/test_operations.py), host names in the budget directory
(tests/test_host_budget.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import config
import scrapers.http
from scrapers.http import Fetcher, FetchPolicy, ForbiddenAddressError
from scrapers.records import Article, FetchError
from storage.export import export
from storage.versions import VersionLog

FAST = FetchPolicy(requests_per_second=1000.0, obey_robots=False, max_attempts=1)


class _Counter(BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = b"<html><body><p>internal</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def internal() -> Iterator[tuple[int, list[str]]]:
    """A service on loopback standing in for something inside the machine or its network."""
    hits: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Counter,), {"hits": hits}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()


def test_a_live_host_resolving_to_loopback_is_refused_before_connecting(
    internal: tuple[int, list[str]],
) -> None:
    port, hits = internal
    with Fetcher(FAST) as fetcher:
        for url in (f"http://127.0.0.1:{port}/admin", f"http://localhost:{port}/admin"):
            with pytest.raises(ForbiddenAddressError, match="non-public address"):
                fetcher.get(url)
    assert hits == []  # no connection reached the service
    with Fetcher(replace_policy(allow_private_addresses=True)) as trusting:  # the control
        assert trusting.get(f"http://127.0.0.1:{port}/admin").status == 200
    assert hits == ["/admin"]


def test_a_name_rebound_to_loopback_after_the_check_is_caught_on_the_answer(
    internal: tuple[int, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the check sees a public address, the connection lands on loopback."""
    port, _ = internal
    monkeypatch.setattr(scrapers.http, "_resolve", lambda host, port: ["93.184.216.34"])
    with Fetcher(FAST) as fetcher, pytest.raises(ForbiddenAddressError, match="answered from"):
        fetcher.get(f"http://localhost:{port}/admin")


@pytest.mark.parametrize("address", ["10.0.0.8", "192.168.1.1", "169.254.169.254", "::1",
                                     "fd00::1", "0.0.0.0", "::ffff:127.0.0.1", "224.0.0.1"])
def test_private_reserved_and_mapped_addresses_are_not_public(address: str) -> None:
    assert not scrapers.http._public(address)


def test_public_addresses_are_public() -> None:
    assert scrapers.http._public("93.184.216.34") and scrapers.http._public("2606:4700::1")


def test_hosts_outside_the_run_are_refused_before_any_request(
    internal: tuple[int, list[str]],
) -> None:
    port, hits = internal
    origin = f"http://127.0.0.1:{port}"
    with Fetcher(FAST, host_map={"www.qdnd.vn": origin, "evil.example": origin},
                 allowed_hosts={"www.qdnd.vn"}) as fetcher:
        assert fetcher.get("https://www.qdnd.vn/ok").status == 200
        with pytest.raises(FetchError, match="not one of this run's hosts"):
            fetcher.get("https://evil.example/steal")
    assert hits == ["/ok"]


@pytest.mark.parametrize("origin", ["http://10.1.2.3:8080", "http://169.254.169.254",
                                    "http://example.org", "file:///etc/passwd"])
def test_a_host_map_may_only_point_at_loopback(origin: str) -> None:
    """host_map is a flow parameter (the UI's form): it must not reach into the network."""
    with pytest.raises(ValueError, match="loopback"):
        Fetcher(FAST, host_map={"www.qdnd.vn": origin})


def test_source_names_cannot_name_paths(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_bytes((config.CONFIG_DIR / "settings.toml").read_bytes())
    for name in ("../../etc", "QDND", "a/b", ""):
        (tmp_path / "sources.toml").write_text(
            f'[[source]]\nname = "{name}"\nsite = "qdnd"\nbase_url = "https://www.qdnd.vn"\n'
            'listings = ["/"]\n', encoding="utf-8")
        with pytest.raises(config.ConfigError, match="name"):
            config.load(tmp_path, environ={})


def test_export_names_stay_inside_the_output_directory(tmp_path: Path) -> None:
    """Whatever a page says (titles, ids, URLs with ../), exported files are NNN_<hash> names
    in the output directory, and nothing is written beside it."""
    hostile = Article(
        url="https://www.qdnd.vn/../../../etc/passwd?x=/..%2F..%2F",
        source="qdnd",
        article_id="../../../../tmp/pwned",
        title="../../escape/title\x00.txt",
        sapo="",
        paragraphs=("Nội dung bài viết đủ dài để được lưu trữ trong kho văn bản của dự án.",),
        published_at=None,
        parser_version="qdnd/1",
    )
    log = VersionLog(tmp_path / "store")
    log.write([(hostile, datetime(2024, 5, 1, tzinfo=UTC))], run_id="r")
    root = tmp_path / "exports"
    root.mkdir()
    for fmt in ("txt", "jsonl", "parquet"):
        export(log, root / fmt, fmt=fmt)  # type: ignore[arg-type]
    written = sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())
    assert written == [Path("jsonl/articles.jsonl"), Path("parquet/articles.parquet"),
                       Path("txt/000_" + hostile.content_hash[:16] + ".txt"),
                       Path("txt/manifest.jsonl")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports", "store"]


def replace_policy(**changes: object) -> FetchPolicy:
    from dataclasses import replace

    return replace(FAST, **changes)  # type: ignore[arg-type]

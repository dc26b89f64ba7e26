"""End to end: the Prefect flows against the local replay of the qdnd.vn snapshot.

The same transport as live runs (host map → loopback), the real Delta store, real Prefect runs.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import pytest

import config
from flows.ingest import ingest_source, nightly
from flows.reparse import ReparseReport, reparse
from flows.report import RunReport
from scrapers.records import WarcRef
from scrapers.replay import ReplayOptions, ReplayServer
from storage import open_store
from storage.archive import archive_files, iter_responses, read_response
from storage.dedupe import links
from tests.conftest import SNAPSHOT

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_harness")]

HOST = "www.qdnd.vn"
ARTICLE_PATH = re.compile(r"-\d{5,8}$")
FAST = 200.0  # requests per second: our own loopback server


def article_files(snapshot: Path) -> dict[str, Path]:
    """URL → file of every article page in the snapshot."""
    root = snapshot / HOST
    found = {}
    for index in root.rglob("index.html"):
        path = "/" + index.parent.relative_to(root).as_posix()
        if ARTICLE_PATH.search(path):
            found[f"https://{HOST}{path}"] = index
    return found


def run(snapshot: Path, data: Path, **options: Any) -> tuple[Any, RunReport, ReplayServer]:
    server = ReplayServer(snapshot, options=ReplayOptions(cookie_gate=True))
    with server:
        state = ingest_source(
            "qdnd", data_dir=str(data), host_map=server.host_map(),
            requests_per_second=FAST, return_state=True, **options,
        )
    report = state.result(raise_on_failure=False)
    assert isinstance(report, RunReport), report
    return state, report, server


def test_first_run_stores_all_second_nothing_edit_makes_version_2(
    snapshot_copy: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    articles = article_files(snapshot_copy)
    assert len(articles) >= 20

    state, first, server = run(snapshot_copy, data)
    assert state.is_completed(), state.message
    store = open_store(data)
    stored = store.versions.latest("qdnd")
    assert first.new == len(stored) >= 20
    assert first.failed == 0 and first.blocked == 0
    # Every stored URL is an article of the snapshot, fetched through the cookie gate.
    assert set(stored) <= set(articles)
    assert any(r.status == 302 for r in server.requests)
    assert {r.host for r in server.requests} == {HOST}
    assert server.requests[0].path == "/robots.txt" or any(
        r.path == "/robots.txt" for r in server.requests
    )
    # The run's exchanges are in its WARC file; every row points at its raw response.
    assert [p.name for p in archive_files(data, "qdnd")] == [f"{first.run_id}.warc.gz"]
    rows = store.versions.rows("qdnd")
    assert all(r["warc_file"] for r in rows)
    for row in rows[:3]:
        raw = read_response(data, WarcRef(row["warc_file"], row["warc_offset"], row["warc_length"]))
        assert (raw.requested_url, raw.status) == (row["url"], 200)
        assert gzip.decompress(raw.body) == articles[row["url"]].read_bytes()  # as the server sent

    # The republished copy is linked to its original, not dropped.
    copies = {u: link for u, link in links(data).items() if u.endswith("-1015052")}
    assert [(link.original_url.rsplit("-", 1)[-1], link.kind) for link in copies.values()] == [
        ("1015048", "exact")
    ]
    assert first.linked >= 1

    state, second, server = run(snapshot_copy, data)
    assert state.is_completed(), state.message
    assert (second.new, second.new_versions) == (0, 0)
    assert store.versions.count() == len(stored)
    # An unchanged site: page 1 of each listing, then conditional requests answered 304.
    listing_pages = [r for r in server.requests if not ARTICLE_PATH.search(r.path)]
    assert second.listing_pages == 3  # page 1 of both categories, and the feed
    assert second.not_modified == second.discovered > 0
    assert all(r.status in (200, 302, 304) for r in server.requests)
    assert len(listing_pages) <= 3 + 1 + 2 + 1  # robots.txt, the cookie gate's 302s, /rss

    # Edit one article that sits on a first listing page.
    edited_url = next(u for u in stored if u.endswith("-1015054"))  # on page 1 of a listing
    page = articles[edited_url]
    html = page.read_text("utf-8")
    first_p = html.index("<p>", html.index('itemprop="articleBody"'))
    page.write_text(html[:first_p] + "<p>Đoạn văn mới được bổ sung.</p>" + html[first_p:], "utf-8")

    state, third, _ = run(snapshot_copy, data)
    assert state.is_completed(), state.message
    if third.new_versions == 0:
        pytest.fail(f"edited article {edited_url} not picked up: {third}")
    assert third.new_versions == 1 and third.new == 0
    history = [r for r in store.versions.rows("qdnd") if r["url"] == edited_url]
    assert [r["version"] for r in history] == [1, 2]
    assert "Đoạn văn mới được bổ sung." in history[1]["text"]
    assert "Đoạn văn mới được bổ sung." not in history[0]["text"]
    assert history[0]["run_id"] != history[1]["run_id"]

    # Re-parse with the same parser, from the archive alone: no new version, no request.
    reparse_state = reparse("qdnd", data_dir=str(data), return_state=True)
    assert reparse_state.is_completed(), reparse_state.message
    reparsed = reparse_state.result()
    assert isinstance(reparsed, ReparseReport)
    assert (reparsed.new, reparsed.new_versions, reparsed.failed) == (0, 0, 0)
    assert reparsed.responses == len(stored)
    assert store.versions.count() == len(stored) + 1


def test_broken_layout_fails_the_run_naming_the_field(snapshot_copy: Path, tmp_path: Path) -> None:
    for path in article_files(snapshot_copy).values():
        html = path.read_text("utf-8").replace('itemprop="articleBody"', 'class="moved"')
        path.write_text(html, "utf-8")
    state, report, _ = run(snapshot_copy, tmp_path / "data")
    assert state.is_failed()
    assert "failed to parse" in (state.message or "")
    assert report.new == 0
    assert any("body" in f.reason for f in report.failures if f.kind == "parse")
    assert open_store(tmp_path / "data").versions.count() == 0


CHALLENGE = (
    b'<html><body><script>document.cookie="D1N=0123456789abcdef0123456789abcdef"+"; expires=Fri,'
    b' 31 Dec 2099 23:59:59 GMT; path=/";window.location.reload(true);</script></body></html>'
)


def test_challenge_page_reports_blocked_and_stores_nothing(tmp_path: Path) -> None:
    snapshot = tmp_path / "challenge"
    for path in ("robots.txt", "quoc-phong-an-ninh/index.html", "chinh-tri/index.html"):
        target = snapshot / HOST / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(CHALLENGE)
    state, report, _ = run(snapshot, tmp_path / "data")
    assert state.is_failed()
    assert report.status == "blocked"
    assert "blocked" in (state.message or "")
    assert open_store(tmp_path / "data").versions.count() == 0
    # Never parsed or stored, but archived: it is what the site sent us.
    archived = [r for r in iter_responses(tmp_path / "data", "qdnd") if r.status == 200]
    assert archived and all(gzip.decompress(r.body) == CHALLENGE for r in archived)


def test_nightly_runs_every_enabled_source(tmp_path: Path) -> None:
    snapshots = [p for p in SNAPSHOT.parent.iterdir() if p.is_dir() and not p.name.startswith("_")]
    with ReplayServer(snapshots) as server:
        state = nightly(data_dir=str(tmp_path / "data"), host_map=server.host_map(),
                        requests_per_second=FAST, return_state=True)
    assert state.is_completed(), state.message
    reports = state.result()
    enabled = {s.name for s in config.load(environ={}).enabled_sources}
    assert {r.source for r in reports} == enabled
    assert all(r.ok and r.new == r.discovered > 0 and r.held_back == 0 for r in reports), [
        (r.source, r.message) for r in reports
    ]
    # hosts ran in parallel threads, each within its own budget: every host was asked
    assert {r.host for r in server.requests} >= {s.host for s in config.load().enabled_sources}


def test_layout_drift_fails_health_naming_the_field(snapshot_copy: Path, tmp_path: Path) -> None:
    """The site moves its date: every page still parses, but the run must not pass."""
    for path in article_files(snapshot_copy).values():
        html = path.read_text("utf-8")
        html = re.sub(r'"datePublished":\s*"[^"]*",?', "", html)
        html = html.replace('property="article:published_time"', 'property="x-moved"')
        html = html.replace("post-subinfo", "post-time-moved")
        path.write_text(html, "utf-8")
    state, report, _ = run(snapshot_copy, tmp_path / "data")
    assert state.is_failed()
    message = state.message or ""
    assert "health check failed" in message and "published_at" in message
    assert "https://www.qdnd.vn/" in message  # an example URL
    assert report.fill_rates["published_at"] == 0.0
    assert open_store(tmp_path / "data").versions.count() == 0

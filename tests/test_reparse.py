"""Re-parse from the WARC archive: no request, a version only where today's parser changes the
text, and --since/--until choosing responses by fetch date. No Prefect: the pipeline functions."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import config
from flows.pipeline import batches, parse_when, start_run
from flows.reparse import reparse_source
from scrapers import get_site
from scrapers.http import reset_rate_limiters
from scrapers.records import Article, Page, WarcRef
from scrapers.replay import ReplayOptions, ReplayServer
from storage import Store, open_store
from storage.archive import read_response
from storage.versions import WriteResult
from tests.test_e2e import ARTICLE_PATH, article_files

FAST = 500.0
CFG = config.load(environ={})
QDND = CFG.source("qdnd")
SITE = get_site(QDND.site)


def ingest(snapshot: Path, store: Store, run_id: str) -> tuple[WriteResult, list[str]]:
    """One run of the qdnd source against the replay, as `ingest_source` does it, minus Prefect.
    Returns what was written and the article paths the run asked for."""
    reset_rate_limiters()
    with ReplayServer(snapshot, options=ReplayOptions(cookie_gate=True)) as server:
        run = start_run(CFG, QDND, store, run_id, host_map=server.host_map(),
                        requests_per_second=FAST)
        try:
            discovery = run.discover(QDND.max_pages)
            fetched = []
            for batch in batches(discovery.items, CFG.settings.batch_size):
                result = run.fetch_batch(batch)
                assert result.blocked is None and not result.failures, result.failures
                fetched.extend(result.fetched)
            written = run.store_batch(fetched, run_id)
        finally:
            run.close()
    asked = [r.path for r in server.requests if ARTICLE_PATH.search(r.path)]
    return written, asked


@contextlib.contextmanager
def no_network() -> Iterator[list[Any]]:
    """Within the block, any attempt to open a connection fails (and is recorded)."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise AssertionError(f"network used during re-parse: {args}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        yield attempts


def changed_parser(
    monkeypatch: pytest.MonkeyPatch, ids: set[str], version: str = "qdnd/test-2"
) -> None:
    """Today's parser: a new version string, and a changed text for the articles in `ids`."""
    original: Callable[..., Article] = SITE.parse

    def parse(page: Page, *, source: str = "qdnd") -> Article:
        article = replace(original(page, source=source), parser_version=version)
        if article.article_id in ids:
            article = replace(article, paragraphs=(*article.paragraphs, "Đoạn do trình mới tách."))
        return article

    monkeypatch.setattr(SITE, "parse", parse)


def test_unchanged_parser_adds_nothing_and_sends_nothing(
    snapshot_copy: Path, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "data")
    written, _ = ingest(snapshot_copy, store, "ingest-1")
    assert written.new >= 20
    with no_network() as attempts:
        report = reparse_source(store, QDND, run_id="reparse-1")
    assert attempts == []
    assert report.ok, report.message
    assert (report.new, report.new_versions, report.failed, report.held_back) == (0, 0, 0, 0)
    assert report.responses == report.unchanged == written.new
    assert store.versions.count() == written.new


def test_changed_parser_versions_exactly_the_changed_articles(
    snapshot_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path / "data")
    ingest(snapshot_copy, store, "ingest-1")
    before = {row["url"]: row for row in store.versions.rows("qdnd")}
    changed = {row["article_id"] for row in list(before.values())[::4]}
    assert 3 <= len(changed) < len(before)

    changed_parser(monkeypatch, changed)
    with no_network() as attempts:
        report = reparse_source(store, QDND, run_id="reparse-1")
    assert attempts == []
    assert report.ok, report.message
    assert (report.new, report.new_versions) == (0, len(changed))
    assert report.unchanged == len(before) - len(changed)

    rows = store.versions.rows("qdnd")
    versions = [r for r in rows if r["run_id"] == "reparse-1"]
    assert {r["article_id"] for r in versions} == changed
    for row in versions:
        first = before[row["url"]]
        assert row["version"] == first["version"] + 1 == 2
        assert row["parser_version"] == "qdnd/test-2"
        assert row["text"] == first["text"] + "\n\nĐoạn do trình mới tách."
        assert row["fetched_at"] == first["fetched_at"]  # the same archived response
        ref = WarcRef(row["warc_file"], row["warc_offset"], row["warc_length"])
        assert ref == WarcRef(first["warc_file"], first["warc_offset"], first["warc_length"])
        assert read_response(store.root, ref).requested_url == row["url"]
    untouched = [r for r in rows if r["article_id"] not in changed]
    assert all(r["version"] == 1 and r["parser_version"] != "qdnd/test-2" for r in untouched)

    # Again with the same parser: nothing more; the same run again: nothing twice.
    assert reparse_source(store, QDND, run_id="reparse-2").new_versions == 0
    assert reparse_source(store, QDND, run_id="reparse-1").new_versions == 0
    assert store.versions.count() == len(before) + len(changed)


def test_since_and_until_choose_responses_by_fetch_date(
    snapshot_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path / "data")
    files = article_files(snapshot_copy)
    ingest(snapshot_copy, store, "ingest-1")
    _, asked = ingest(snapshot_copy, store, "ingest-2")  # all 304
    edited = f"https://www.qdnd.vn{asked[0]}"
    other = next(u for u in store.versions.latest("qdnd") if u != edited)
    html = files[edited].read_text("utf-8")
    first_p = html.index("<p>", html.index('itemprop="articleBody"'))
    files[edited].write_text(html[:first_p] + "<p>Đoạn mới.</p>" + html[first_p:], "utf-8")
    between = datetime.now(UTC)
    written, _ = ingest(snapshot_copy, store, "ingest-3")
    assert written.new_versions == 1  # the edited article, fetched 200 after `between`

    ids = {SITE.article_id(edited), SITE.article_id(other)}
    changed_parser(monkeypatch, {i for i in ids if i})
    with no_network() as attempts:
        late = reparse_source(store, QDND, since=between, run_id="since")
        early = reparse_source(store, QDND, until=between, run_id="until")
        future = reparse_source(store, QDND, since=datetime.now(UTC), run_id="none")
    assert attempts == []

    # After `between` only the edited article came back 200: only it is re-parsed.
    assert (late.responses, late.new_versions) == (1, 1)
    # Up to `between`, every article's first response; the edited one's is older than its
    # stored text (version 2 from run 3), so it is not used: only `other` changes.
    assert early.superseded == 1 and early.new_versions == 1
    assert future.ok and future.responses == 0 and "nothing to do" in future.message
    history = {u: [(r["version"], r["run_id"]) for r in store.versions.rows("qdnd")
                   if r["url"] == u] for u in (edited, other)}
    assert history[edited] == [(1, "ingest-1"), (2, "ingest-3"), (3, "since")]
    assert history[other] == [(1, "ingest-1"), (2, "until")]


def test_no_archive_is_a_failed_reparse_naming_the_place(tmp_path: Path) -> None:
    report = reparse_source(open_store(tmp_path / "data"), QDND, run_id="r")
    assert not report.ok and "no WARC archive" in report.message
    assert str(tmp_path / "data" / "warc" / "qdnd") in report.message


def test_parse_when() -> None:
    assert parse_when("2024-05-01") == datetime(2024, 5, 1, tzinfo=UTC)
    assert parse_when("2024-05-01", end=True) == datetime(2024, 5, 1, 23, 59, 59, 999999,
                                                          tzinfo=UTC)
    assert parse_when("2024-05-01T10:00+07:00") == datetime(2024, 5, 1, 3, tzinfo=UTC)
    assert parse_when("2024-05-01T10:00") == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert parse_when(None) is None
    with pytest.raises(ValueError, match="since '1 May' is not a date"):
        parse_when("1 May", name="since")

"""The backfill (flows/backfill.py): a source's listings walked deep by publication dates or
listing pages, only what the store lacks fetched, each finished page checkpointed so that an
interrupted backfill resumes without asking for anything twice.

Plain tests call `run_backfill` with the plain page step (no Prefect) against the local replay
of the qdnd.vn snapshot (tests/snapshots/qdnd/MANIFEST.md); a few flow and CLI tests run the real
flow in the session's Prefect harness.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import config
import flows.backfill as backfill_module
from flows.backfill import BackfillRange, PageResult, backfill, backfill_page, run_backfill
from flows.cli import main
from flows.pipeline import SourceRun, start_run
from flows.report import TABLE_COLUMNS, RunReport
from scrapers.http import reset_rate_limiters
from scrapers.replay import RecordedRequest, ReplayOptions, ReplayServer
from storage import open_store
from storage.checkpoints import Checkpoint, CheckpointError
from tests.conftest import SNAPSHOT

FAST = 200.0  # requests per second: our own loopback server
CFG = config.load(environ={})
QDND = CFG.source("qdnd")
LOG = logging.getLogger("tests.backfill")
ORIGIN = "https://www.qdnd.vn"
ARTICLE = re.compile(r"-(\d{6,8})$")

_EXPECTED = json.loads((SNAPSHOT / "expected.json").read_text("utf-8"))
_FEED = json.loads((SNAPSHOT / "expected-rss.json").read_text("utf-8"))["feeds"][0]
# listing page path -> the article ids it lists (MANIFEST.md, "Listings")
PAGES: dict[str, list[str]] = {p["path"]: p["ids"] for p in _EXPECTED["listings"]}
FEED_PATH: str = _FEED["path"]
PAGES[FEED_PATH] = list(dict.fromkeys(item["id"] for item in _FEED["items"]))
ALL_IDS = {a["id"] for a in _EXPECTED["articles"]}
QPAN, CT = "/quoc-phong-an-ninh", "/chinh-tri"
# `--since 2025-01-14 --until 2025-01-15`, as a hand run measured it
JAN_14_15 = {"1015031", "1015026", "1015019", "1015012", "1015006", "1015033", "1015015",
             "1014998", "1014990", "1014983", "1014977"}


def ids_on(*paths: str) -> set[str]:
    return {i for path in paths for i in PAGES[path]}


@pytest.fixture()
def replay() -> Iterator[ReplayServer]:
    with ReplayServer(SNAPSHOT, options=ReplayOptions(cookie_gate=True)) as server:
        yield server


def backfill_run(
    server: ReplayServer,
    data: Path,
    rng: BackfillRange,
    *,
    dry_run: bool = False,
    page_step: Callable[..., PageResult] = backfill_page,
    cfg: config.Config = CFG,
    run_id: str = "backfill-1",
) -> tuple[RunReport, list[RecordedRequest]]:
    """One plain backfill of qdnd; returns its report and the requests it sent."""
    reset_rate_limiters()
    before = len(server.requests)
    run = start_run(cfg, QDND, open_store(data), run_id, host_map=server.host_map(),
                    requests_per_second=FAST)
    try:
        report = run_backfill(cfg, run, rng, run_id, dry_run=dry_run, logger=LOG,
                              page_step=page_step)
    finally:
        run.close()
    return report, server.requests[before:]


def article_requests(requests: list[RecordedRequest]) -> Counter[str]:
    """Article id -> how many times it was requested (the cookie gate's 302s left out)."""
    return Counter(m[1] for r in requests if r.status != 302 and (m := ARTICLE.search(r.path)))


def listing_requests(requests: list[RecordedRequest]) -> list[str]:
    """The listing pages requested (paths), in order."""
    return [r.path for r in requests
            if r.status != 302 and (r.path in PAGES or re.search(r"/p/\d+$", r.path))]


def stored(data: Path) -> list[dict[str, Any]]:
    return open_store(data).versions.rows("qdnd", columns=["url", "article_id", "version",
                                                           "published_at", "run_id"])


def stored_ids(data: Path) -> set[str]:
    return {row["article_id"] for row in stored(data)}


def checkpoint_files(data: Path) -> list[Path]:
    return sorted((data / "backfill").rglob("*.json")) if (data / "backfill").exists() else []


def checkpoint_of(data: Path, rng: BackfillRange) -> Path:
    return data / "backfill" / "qdnd" / f"{rng.key}.json"


# ------------------------------------------------------------------------------------ plain


def test_date_range_stores_those_days_and_asks_only_for_them(
    replay: ReplayServer, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    rng = BackfillRange(since=date(2025, 1, 14), until=date(2025, 1, 15))
    report, requests = backfill_run(replay, data, rng)
    assert report.ok, report.message
    assert report.new == 11 and report.fetched == 11 and report.failed == 0
    rows = stored(data)
    assert {r["article_id"] for r in rows} == JAN_14_15
    assert len(rows) == 11 and {r["version"] for r in rows} == {1}
    vietnam = ZoneInfo(CFG.settings.timezone)
    days = {r["published_at"].astimezone(vietnam).date() for r in rows}
    assert days == {date(2025, 1, 14), date(2025, 1, 15)}
    # Only the wanted articles were requested, once each: every listing item is dated, so the
    # out-of-range ones (and 1014983, met again on /chinh-tri) cost no request.
    assert article_requests(requests) == Counter(JAN_14_15)
    # Page 3 of /quoc-phong-an-ninh is wholly older than `since`: the walk stops there.
    assert sorted(set(listing_requests(requests))) == sorted(PAGES)
    assert not any(r.path.endswith("/p/4") for r in requests)
    assert "11 wanted" in report.message and "22 outside the dates" in report.message
    assert checkpoint_files(data) == []  # finished: nothing to resume

    # The same backfill again: every article is stored, so not one is requested.
    again, requests = backfill_run(replay, data, rng, run_id="backfill-2")
    assert again.ok, again.message
    assert (again.new, again.new_versions, again.fetched) == (0, 0, 0)
    assert article_requests(requests) == Counter()
    assert len(stored(data)) == 11
    assert checkpoint_files(data) == []


@pytest.mark.parametrize(
    ("first", "last", "pages"),
    [
        (1, 2, (QPAN, f"{QPAN}/p/2", CT, f"{CT}/p/2", FEED_PATH)),
        (2, 2, (f"{QPAN}/p/2", f"{CT}/p/2")),  # the feed has no page 2
    ],
)
def test_page_range_stores_only_those_pages(
    replay: ReplayServer, tmp_path: Path, first: int, last: int, pages: tuple[str, ...]
) -> None:
    data = tmp_path / "data"
    report, requests = backfill_run(replay, data, BackfillRange(first_page=first, last_page=last))
    assert report.ok, report.message
    wanted = ids_on(*pages)
    assert stored_ids(data) == wanted
    assert report.new == len(stored(data)) == len(wanted)
    assert article_requests(requests) == Counter(wanted)
    assert sorted(set(listing_requests(requests))) == sorted(pages)
    assert checkpoint_files(data) == []


@pytest.mark.parametrize(
    ("rng", "would_fetch", "real"),
    [
        (BackfillRange(since=date(2025, 1, 14), until=date(2025, 1, 15)), 11, JAN_14_15),
        (BackfillRange(last_page=2), 23, ids_on(QPAN, f"{QPAN}/p/2", CT, f"{CT}/p/2", FEED_PATH)),
    ],
)
def test_dry_run_reads_listings_only_and_counts_what_a_real_run_fetches(
    replay: ReplayServer, tmp_path: Path, rng: BackfillRange, would_fetch: int, real: set[str]
) -> None:
    data = tmp_path / "data"
    report, requests = backfill_run(replay, data, rng, dry_run=True)
    assert report.ok, report.message
    assert article_requests(requests) == Counter()
    assert listing_requests(requests)
    assert open_store(data).versions.count() == 0
    assert (report.new, report.fetched) == (0, 0)
    assert checkpoint_files(data) == []
    assert "dry run" in report.message and "nothing fetched or stored" in report.message
    # An article listed twice (two categories, the feed) is fetched once by a real run.
    assert len(real) == would_fetch
    assert f"would fetch {would_fetch} articles" in report.message, report.message

    real_run, _ = backfill_run(replay, data, rng, run_id="backfill-2")
    assert real_run.fetched == real_run.new == would_fetch
    assert stored_ids(data) == real


def interrupt_on(page: int, *, after: bool) -> Callable[..., PageResult]:
    """The plain page step, with Ctrl-C on the `page`-th listing page it is given (before that
    page is read, or after it stored its articles but before it is checkpointed)."""
    calls = 0

    def step(*args: Any, **kwargs: Any) -> PageResult:
        nonlocal calls
        calls += 1
        if calls == page and not after:
            raise KeyboardInterrupt
        result = backfill_page(*args, **kwargs)
        if calls == page:
            raise KeyboardInterrupt
        return result

    return step


@pytest.mark.parametrize("after", [False, True], ids=["before-page-3", "after-page-3"])
def test_interrupted_backfill_resumes_without_asking_twice(
    replay: ReplayServer, tmp_path: Path, after: bool
) -> None:
    data = tmp_path / "data"
    rng = BackfillRange(last_page=3)
    checkpoint = checkpoint_of(data, rng)
    before = len(replay.requests)
    with pytest.raises(KeyboardInterrupt):
        backfill_run(replay, data, rng, page_step=interrupt_on(3, after=after))
    first = replay.requests[before:]
    done = [f"{ORIGIN}{QPAN}", f"{ORIGIN}{QPAN}/p/2"]
    saved = json.loads(checkpoint.read_text("utf-8"))
    assert saved["key"] == rng.key and saved["source"] == "qdnd"
    assert saved["pages"] == {done[0]: 8, done[1]: 8}  # page 3 is not finished
    assert saved["ended"] == []
    assert stored_ids(data) == ids_on(QPAN, f"{QPAN}/p/2", *([f"{QPAN}/p/3"] if after else []))

    report, second = backfill_run(replay, data, rng, run_id="backfill-2")
    assert report.ok, report.message
    assert "2 finished by an earlier start" in report.message
    # The checkpointed pages are not read again; page 3 is (it was not finished).
    assert not {QPAN, f"{QPAN}/p/2"} & set(listing_requests(second))
    assert f"{QPAN}/p/3" in listing_requests(second)
    # Across both starts, every article was asked for exactly once.
    assert article_requests(first + second) == Counter(ALL_IDS)
    rows = stored(data)
    assert len(rows) == len(ALL_IDS) == 27
    assert {r["article_id"] for r in rows} == ALL_IDS and {r["version"] for r in rows} == {1}
    assert not checkpoint.exists() and checkpoint_files(data) == []


def test_listing_page_500_fails_naming_it_and_the_next_start_resumes(
    replay: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scrapers import replay as replay_module

    failing = f"{QPAN}/p/2"
    serve = replay_module._Handler._serve

    def broken(self: Any, *, send_body: bool) -> None:
        if self.path == failing:
            self._finish(500, {"Content-Type": "text/plain"}, b"boom\n", send_body=send_body)
        else:
            serve(self, send_body=send_body)

    monkeypatch.setattr(replay_module._Handler, "_serve", broken)
    once = config.load(environ={"VNNEWS_MAX_ATTEMPTS": "1"})  # no backoff between retries
    data = tmp_path / "data"
    rng = BackfillRange(last_page=3)
    report, requests = backfill_run(replay, data, rng, cfg=once)
    assert report.status == "failed"
    assert f"{ORIGIN}{failing}" in report.message and "start the same backfill again" in (
        report.message)
    assert [(f.url, f.kind) for f in report.failures] == [(f"{ORIGIN}{failing}", "fetch")]
    assert "500" in report.failures[0].reason
    assert f"{QPAN}/p/3" not in listing_requests(requests)  # stops at the broken page
    # The other listings went on; the checkpoint keeps everything finished.
    saved = json.loads(checkpoint_of(data, rng).read_text("utf-8"))
    assert set(saved["pages"]) == {f"{ORIGIN}{p}" for p in (QPAN, CT, f"{CT}/p/2", FEED_PATH)}
    assert set(saved["ended"]) == {f"{ORIGIN}{CT}", f"{ORIGIN}{FEED_PATH}"}
    before = ids_on(QPAN, CT, f"{CT}/p/2", FEED_PATH)
    assert stored_ids(data) == before

    monkeypatch.setattr(replay_module._Handler, "_serve", serve)  # the site is back
    again, second = backfill_run(replay, data, rng, cfg=once, run_id="backfill-2")
    assert again.ok, again.message
    assert "4 finished by an earlier start" in again.message  # ended listings' pages too
    assert sorted(set(listing_requests(second))) == [failing, f"{QPAN}/p/3"]
    assert article_requests(second) == Counter(ALL_IDS - before)
    assert stored_ids(data) == ALL_IDS and len(stored(data)) == 27
    assert checkpoint_files(data) == []


def test_missing_first_listing_page_is_an_error_not_the_end(
    snapshot_copy: Path, tmp_path: Path
) -> None:
    (snapshot_copy / "www.qdnd.vn" / "chinh-tri" / "index.html").unlink()
    data = tmp_path / "data"
    rng = BackfillRange(last_page=1)
    with ReplayServer(snapshot_copy) as server:
        report, _ = backfill_run(server, data, rng)
    assert report.status == "failed"
    assert f"{ORIGIN}{CT}: " in report.message and "404" in report.message
    assert stored_ids(data) == ids_on(QPAN, FEED_PATH)
    saved = json.loads(checkpoint_of(data, rng).read_text("utf-8"))
    assert f"{ORIGIN}{CT}" not in saved["pages"] and f"{ORIGIN}{CT}" not in saved["ended"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"since": date(2025, 1, 16), "until": date(2025, 1, 15)},
         r"since \(2025-01-16\) is after until \(2025-01-15\)"),
        ({"first_page": 3, "last_page": 2}, r"last_page \(2\) is before first_page \(3\)"),
        ({"first_page": 0, "last_page": 2}, "first_page must be at least 1, got 0"),
        ({}, "give a date range .* or a page range"),
        ({"first_page": 2}, "give a date range .* or a page range"),
    ],
)
def test_bad_range_is_a_clear_value_error(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BackfillRange(**kwargs)


def test_range_days_are_vietnam_days() -> None:
    rng = BackfillRange(since=date(2025, 1, 14), until=date(2025, 1, 14))
    late_13th_utc = datetime(2025, 1, 13, 18, 30, tzinfo=UTC)  # 01:30 on the 14th in Hà Nội
    assert rng.wanted(late_13th_utc) and not rng.older(late_13th_utc)
    in_utc = BackfillRange(since=date(2025, 1, 14), until=date(2025, 1, 14), timezone="UTC")
    assert not in_utc.wanted(late_13th_utc) and in_utc.older(late_13th_utc)
    assert rng.wanted(None)  # undated: cannot be placed, kept
    assert rng.key != BackfillRange(since=date(2025, 1, 14), last_page=3).key


@pytest.mark.parametrize(
    "content",
    ["{not json", "[]", '{"format": 1, "key": "other", "pages": {}, "ended": []}',
     '{"format": 1, "key": "KEY", "pages": [], "ended": []}', ""],
)
def test_corrupt_checkpoint_names_the_file(
    replay: ReplayServer, tmp_path: Path, content: str
) -> None:
    data = tmp_path / "data"
    rng = BackfillRange(since=date(2025, 1, 14), until=date(2025, 1, 15))
    path = checkpoint_of(data, rng)
    path.parent.mkdir(parents=True)
    path.write_text(content.replace("KEY", rng.key), "utf-8")
    with pytest.raises(CheckpointError, match=re.escape(str(path))) as caught:
        backfill_run(replay, data, rng)
    assert "remove it to start over" in str(caught.value)
    assert replay.requests == []  # refused before anything was asked
    assert path.read_text("utf-8") == content.replace("KEY", rng.key)  # left for the operator


def test_checkpoint_round_trip(tmp_path: Path) -> None:
    first = Checkpoint.open(tmp_path, "qdnd", "k")
    assert not first.resumed and not first.path.exists()
    first.finish_page("https://x/p/1", 3)
    first.end_listing("https://x")
    again = Checkpoint.open(tmp_path, "qdnd", "k")
    assert again.resumed and again.pages == {"https://x/p/1": 3} and again.ended == {"https://x"}
    assert again.done("https://x/p/1") and not again.done("https://x/p/2")
    assert [p.name for p in again.path.parent.iterdir()] == ["k.json"]  # no temporary left
    again.remove()
    assert not again.path.exists()


# ------------------------------------------------------------------------------------- flow


@pytest.mark.e2e
@pytest.mark.usefixtures("prefect_harness")
def test_backfill_flow_then_reparse_dry_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from flows.reparse import ReparseReport
    from scrapers import get_site
    from scrapers.records import Article, Page

    data = tmp_path / "data"
    with ReplayServer(SNAPSHOT, options=ReplayOptions(cookie_gate=True)) as server:
        state = backfill("qdnd", since=date(2025, 1, 14), until=date(2025, 1, 15),
                         data_dir=str(data), host_map=server.host_map(),
                         requests_per_second=FAST, return_state=True)
    assert state.is_completed(), state.message
    report = state.result()
    assert isinstance(report, RunReport)
    assert report.new == 11 and report.ok
    assert stored_ids(data) == JAN_14_15
    assert article_requests(server.requests) == Counter(JAN_14_15)
    logged = [json.loads(line) for line in (data / "runs.jsonl").read_text("utf-8").splitlines()]
    assert [(r["source"], r["new"]) for r in logged] == [("qdnd", 11)]

    flow_run_id = state.state_details.flow_run_id
    client = get_client(sync_client=True)
    with client:
        flow_run = client.read_flow_run(flow_run_id)
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    assert flow_run.name.startswith("backfill-qdnd-2025-01-14..2025-01-15-"), flow_run.name
    tables = [a for a in artifacts if a.key == "ingest-summary"]
    assert len(tables) == 1 and tables[0].type == "table"
    table = tables[0].data if isinstance(tables[0].data, list) else json.loads(
        str(tables[0].data))
    assert list(table[0]) == list(TABLE_COLUMNS)
    assert (table[0]["source"], table[0]["status"], table[0]["new"]) == ("qdnd", "ok", 11)

    # Re-parse, dry run, with a parser that now reads two articles differently.
    site = get_site(QDND.site)
    original = site.parse
    changed = {"1015031", "1014977"}

    def parse(page: Page, *, source: str = "qdnd") -> Article:
        article = original(page, source=source)
        if article.article_id in changed:
            article = replace(article, paragraphs=(*article.paragraphs, "Đoạn mới."))
        return article

    monkeypatch.setattr(site, "parse", parse)
    count = open_store(data).versions.count()
    state = backfill("qdnd", mode="reparse", dry_run=True, data_dir=str(data),
                     return_state=True)
    assert state.is_completed(), state.message
    reparsed = state.result()
    assert isinstance(reparsed, ReparseReport)
    assert (reparsed.new, reparsed.new_versions, reparsed.unchanged) == (0, 2, 9)
    assert "dry run, nothing stored" in reparsed.message
    assert open_store(data).versions.count() == count == 11


# -------------------------------------------------------------------------------------- CLI


def cli(*args: str) -> int:
    try:
        return main(list(args))
    except SystemExit as exit_:  # argparse's usage errors
        return int(exit_.code or 0)


def _never(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the flow must not start on a usage error")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--since", "2025-01-16", "--until", "2025-01-15"],
         "--since 2025-01-16 is after --until 2025-01-15"),
        ([], "give --since/--until or --pages"),
        (["--pages", "0"], "'0': pages start at 1"),
        (["--pages", "3-1"], "'3-1': pages start at 1 and A must not exceed B"),
        (["--pages", "two"], "'two' is not a page count"),
        (["--since", "14/01/2025"], "'14/01/2025' is not a date"),
        (["--mode", "reparse", "--pages", "2"], "--pages applies to --mode fetch only"),
        (["--mode", "again", "--pages", "2"], "invalid choice: 'again'"),
        (["--pages", "1", "--replay", "no-such-snapshot"],
         "snapshot directory no-such-snapshot not found"),
    ],
)
def test_backfill_usage_errors_exit_2_with_one_line(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setenv("PREFECT_LOGGING_LOG_PRINTS", "true")  # the CLI's default, undone after
    monkeypatch.setattr(backfill_module, "backfill", _never)
    assert cli("--data-dir", str(tmp_path / "data"), "backfill", "qdnd", *args) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert needle in err and "Traceback" not in err
    assert not (tmp_path / "data").exists()


def test_backfill_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("backfill", "--help") == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: vnnews backfill")
    for option in ("--since", "--until", "--pages", "--mode", "--dry-run", "--replay"):
        assert option in out


def test_backfill_unknown_source_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("backfill", "nope", "--pages", "1") == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "unknown source 'nope'" in err


@pytest.mark.e2e
@pytest.mark.usefixtures("prefect_harness")
def test_cli_backfill_ctrl_c_then_resume(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`vnnews backfill qdnd --pages 1 --replay ...`: Ctrl-C while the second listing page
    fetches its articles exits 130 with a resume hint; the same command again resumes."""
    monkeypatch.setenv("PREFECT_LOGGING_LOG_PRINTS", "true")  # the CLI's default, undone after
    data = tmp_path / "data"
    command = ("--data-dir", str(data), "backfill", "qdnd", "--pages", "1", "--replay",
               str(SNAPSHOT))
    fetch_batch = SourceRun.fetch_batch
    calls = 0

    def ctrl_c_on_second(self: SourceRun, items: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return fetch_batch(self, items)

    with monkeypatch.context() as patch:
        patch.setattr(SourceRun, "fetch_batch", ctrl_c_on_second)
        assert cli(*command) == 130
    out, err = capsys.readouterr()
    assert "interrupted" in err and "run the same command again to resume" in err
    assert "Traceback" not in err
    assert f"page 1 done: {ORIGIN}{QPAN} (8 stored)" in err
    assert backfill_module.PROGRESS.get() is None  # the listener is gone with the command
    rng = BackfillRange(last_page=1)
    saved = json.loads(checkpoint_of(data, rng).read_text("utf-8"))
    assert saved["pages"] == {f"{ORIGIN}{QPAN}": 8} and saved["ended"] == [f"{ORIGIN}{QPAN}"]
    assert stored_ids(data) == ids_on(QPAN)

    assert cli(*command) == 0
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.startswith("page ")]
    assert lines == [
        f"page 1 resumed: {ORIGIN}{QPAN} (0 stored)",
        f"page 2 done: {ORIGIN}{CT} (7 stored)",  # 1015037 is on page 1 of both
        f"page 3 done: {ORIGIN}{FEED_PATH} (9 stored)",  # 1015012 and 1015006 from the feed
    ], err
    header = out.splitlines()[0].split()
    assert header[:3] == ["source", "status", "discovered"], out
    assert re.search(r"^qdnd\s+ok\s", out, re.M), out
    assert "1 finished by an earlier start" in out and "9 new" in out
    rows = stored(data)
    assert {r["article_id"] for r in rows} == ids_on(QPAN, CT, FEED_PATH)
    assert len(rows) == 17 and {r["version"] for r in rows} == {1}
    assert checkpoint_files(data) == []

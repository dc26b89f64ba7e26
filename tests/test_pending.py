"""Work a run leaves undone is done by the next run (`storage/pending.py`), a bug the fault soak
found: the nightly discovery stops at the first listing page of known articles, so an article
that failed on a deeper page, or a listing page that could not be read, was never asked again.

The runs here are `ingest_run` with the flow's steps called directly (no Prefect), against a
synthetic site of one source (`tests/soak_support.py`, three listing pages per listing) served
by the fault server with faults aimed at one path.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import config
from flows.ingest import PLAIN, ingest_run
from flows.pipeline import open_configured_store, start_run
from flows.report import RunReport
from scrapers.faults import FaultPlan, FaultServer
from scrapers.http import reset_rate_limiters
from scrapers.records import ListingItem
from storage import open_store
from storage.pending import MAX_TRIES, PendingWork
from tests import soak_support as soak

SOURCE = "qdnd-hc"
log = logging.getLogger("vnnews.test")


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[soak.SoakSites]:
    for key, value in soak.SETTINGS.items():
        monkeypatch.setenv(key, value)
    reset_rate_limiters()
    yield soak.SoakSites(tmp_path / "site", [SOURCE], per_source=60, page_size=10)
    reset_rate_limiters()


def run_once(server: FaultServer, data: Path, run_id: str) -> RunReport:
    cfg = config.load()
    source = cfg.source(SOURCE)
    store = open_configured_store(cfg, data)
    run = start_run(cfg, source, store, run_id, host_map=server.host_map(),
                    requests_per_second=200.0)
    try:
        return ingest_run(cfg, run, source.max_pages, run_id, logger=log, steps=PLAIN)
    finally:
        run.close()


def stored(data: Path) -> set[str]:
    return set(open_store(data).versions.latest(SOURCE))


def test_an_article_that_failed_deep_in_a_listing_is_fetched_by_the_next_run(
    site: soak.SoakSites, tmp_path: Path
) -> None:
    deep = site.articles[SOURCE][-1].url  # on the last page of its listing
    plan = FaultPlan(seed=1, rate=1.0, kinds={"oversized": 1.0}, oversize_bytes=600_000,
                     paths=(urlsplit(deep).path,))
    data = tmp_path / "data"
    with FaultServer(site.snapshots, plan=plan) as server:
        first = run_once(server, data, "run-1")
        assert [f.url for f in first.failures] == [deep]
        assert stored(data) == set(site.expected()) - {deep}
        server.set_plan(FaultPlan())
        server.clear_requests()
        second = run_once(server, data, "run-2")
        asked = [r.path for r in server.requests]
    assert second.new == 1 and second.failed == 0
    assert stored(data) == set(site.expected())
    assert urlsplit(deep).path in asked  # asked directly: page 1 of each listing is all known
    assert second.listing_pages == 2
    pending = PendingWork.load(open_store(data).local_dir, SOURCE)
    assert pending.items == {} and pending.listings == {}


def test_a_listing_page_that_could_not_be_read_is_read_by_the_next_run(
    site: soak.SoakSites, tmp_path: Path
) -> None:
    cfg = config.load()
    listing = cfg.source(SOURCE).listing_urls()[0]
    page2 = urlsplit(cfg_page(listing, 2)).path
    # Every attempt at page 2 of the first listing answers 503 (a burst of four).
    plan = FaultPlan(seed=1, rate=1.0, kinds={"503": 1.0}, burst=4, paths=(page2,))
    data = tmp_path / "data"
    with FaultServer(site.snapshots, plan=plan) as server:
        first = run_once(server, data, "run-1")
        assert any(f.url.endswith(page2) for f in first.failures)
        lost = set(site.expected()) - stored(data)
        assert len(lost) == 20  # pages 2 and 3 of that listing: never seen
        server.set_plan(FaultPlan())
        second = run_once(server, data, "run-2")
    assert second.new == 20 and second.failed == 0
    assert stored(data) == set(site.expected())
    assert PendingWork.load(open_store(data).local_dir, SOURCE).listings == {}


def cfg_page(listing: str, number: int) -> str:
    from scrapers import get_site

    url = get_site(config.load().source(SOURCE).site).listing_page_url(listing, number)
    assert url is not None
    return url


def test_pending_work_merges_and_gives_up_after_max_tries(tmp_path: Path) -> None:
    a, b = (ListingItem(f"https://hc.qdnd.vn/tin-tuc/a-{n}", str(n)) for n in (700001, 700002))
    work = PendingWork.load(tmp_path, SOURCE)
    work.record_discovery([a, b], known_ids={"700002"}, unread={"L": 2}, read_past=[])
    again = PendingWork.load(tmp_path, SOURCE)  # another run, reading the file
    assert set(again.items) == {a.url} and again.listings == {"L": 2}
    again.record_discovery([], known_ids=set(), unread={}, read_past=["L"])
    for attempt in range(1, MAX_TRIES + 1):
        gone = work.settle([a, b], completed={b.url}, failed={a.url})
        kept = PendingWork.load(tmp_path, SOURCE)
        if attempt < MAX_TRIES:
            assert gone == [] and kept.items[a.url].tries == attempt
        else:
            assert [g.item for g in gone] == [a] and kept.items == {}
    assert PendingWork.load(tmp_path, SOURCE).listings == {}  # merged, not overwritten


def test_an_unreadable_pending_file_is_ignored(tmp_path: Path) -> None:
    work = PendingWork.load(tmp_path, SOURCE)
    work.path.parent.mkdir(parents=True)
    work.path.write_text("{not json", "utf-8")
    assert PendingWork.load(tmp_path, SOURCE).items == {}

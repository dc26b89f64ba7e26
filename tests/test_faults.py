"""The fault-injection server (`scrapers/faults.py`) and how our transport takes each fault.

Every test serves the qdnd.vn replay snapshot through `FaultServer` on 127.0.0.1 with a plan
that injects one kind of fault (usually into the first request only, so the retry gets the clean
answer) and fetches through the real `Fetcher`. What the client did is read from the server's
side: the arrival time, status and fault of every request.
"""

from __future__ import annotations

import gzip
import itertools
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import config
from flows.pipeline import source_run
from scrapers.faults import (
    CHALLENGE,
    CONTENT_KINDS,
    KINDS,
    FaultPlan,
    FaultServer,
    entity_bomb,
    malformed_html,
)
from scrapers.http import Fetcher, FetchPolicy, reset_rate_limiters
from scrapers.records import BlockedError, FetchError, HttpExchange, Page, ParseError, WarcRef
from scrapers.replay import ReplayOptions, ReplayServer
from scrapers.sites import qdnd
from storage import open_store
from tests.conftest import SNAPSHOT

HOST = "www.qdnd.vn"
SITE = f"https://{HOST}"
LISTING = f"{SITE}/quoc-phong-an-ninh"
FEED = f"{SITE}/rss/cate/quoc-phong-an-ninh-3424.rss"
ARTICLE = (
    f"{SITE}/quoc-phong-an-ninh/tin-tuc/"
    "bo-chqs-tinh-dak-nong-trien-khai-nhiem-vu-quan-su-quoc-phong-nam-2025-1015054"
)
TOLERANCE = 0.05  # seconds: arrival times are taken on the server, sends on the client
CAP = 300_000  # the client's size cap in these tests


@pytest.fixture(autouse=True)
def _fresh_rate_limiters() -> Iterator[None]:
    reset_rate_limiters()
    yield
    reset_rate_limiters()


class Recorder:
    """An `ExchangeRecorder` keeping exchanges in memory."""

    def __init__(self) -> None:
        self.exchanges: list[HttpExchange] = []

    def record(self, exchange: HttpExchange) -> WarcRef:
        self.exchanges.append(exchange)
        return WarcRef("memory", len(self.exchanges), 1)


def fetcher(server: ReplayServer, recorder: Recorder | None = None, **policy: Any) -> Fetcher:
    settings: dict[str, Any] = {
        "obey_robots": False, "requests_per_second": 1000.0, "backoff_initial": 0.02,
        "read_timeout": 0.5, "max_bytes": CAP,
    }
    settings.update(policy)
    return Fetcher(
        FetchPolicy(**settings), host_map=server.host_map(), allowed_hosts={HOST},
        recorder=recorder,
    )


def faulty(kind: str, *, first: int | None = 1, **plan: Any) -> FaultServer:
    """A server injecting `kind` into the first `first` requests (None: every request)."""
    options = {"slow_seconds": 1.0, "oversize_bytes": 2 * CAP, **plan}
    return FaultServer(
        SNAPSHOT, plan=FaultPlan(seed=7, rate=1.0, kinds={kind: 1.0}, first=first, **options)
    )


def clean_page(url: str) -> Page:
    with ReplayServer(SNAPSHOT) as server, fetcher(server) as client:
        return client.get(url)


def arrivals(server: FaultServer, path: str) -> list[Any]:
    return sorted((r for r in server.requests if r.path.split("?")[0] == path),
                  key=lambda r: r.at)


# --------------------------------------------------------------------------- the server


def test_the_plan_is_seeded_per_host_and_near_its_rate() -> None:
    def kinds(seed: int) -> list[str]:
        plan = FaultPlan(seed=seed, rate=0.3, kinds={k: 1.0 for k in ("429", "503", "reset")})
        server = FaultServer(SNAPSHOT, plan=plan)
        resource = _resource(server)
        return [str(server.decide(HOST, "/", "", resource).kind) for _ in range(1000)]

    first, again, other = kinds(1), kinds(1), kinds(2)
    assert first == again and first != other
    faulted = sum(kind != "None" for kind in first)
    # 30 % drawn; each 503 (a third) brings two more: 0.5 faults per 1.2 requests, ~42 %
    assert 360 <= faulted <= 480
    assert {"429", "503", "reset"} <= set(first)


def _resource(server: FaultServer) -> Any:
    from scrapers.faults import _Resource

    return _Resource(server.resolve(HOST, "/quoc-phong-an-ninh"), False, False)


def test_plan_rejects_unknown_kinds_and_bad_rates() -> None:
    with pytest.raises(ValueError, match="unknown fault kinds"):
        FaultPlan(kinds={"teapot": 1.0})
    with pytest.raises(ValueError, match="rate"):
        FaultPlan(rate=1.5)
    assert set(KINDS) >= set(CONTENT_KINDS)


def test_limits_first_and_a_new_plan() -> None:
    plan = FaultPlan(seed=3, rate=1.0, kinds={"429": 1.0}, limits={"429": 2})
    with FaultServer(SNAPSHOT, plan=plan) as server, fetcher(server, max_attempts=1) as client:
        for _ in range(2):
            with pytest.raises(FetchError, match="HTTP 429"):
                client.get(LISTING)
        assert client.get(LISTING).status == 200  # the limit is spent
        server.set_plan(FaultPlan(seed=3, rate=1.0, kinds={"429": 1.0}, first=1))
        with pytest.raises(FetchError, match="HTTP 429"):
            client.get(LISTING)
        assert client.get(LISTING).status == 200
        assert server.fault_counts() == Counter({"429": 3, "none": 2})


# --------------------------------------------------------------------------- transport faults


def test_429_waits_at_least_retry_after() -> None:
    with faulty("429", first=2, retry_after=1) as server, fetcher(server) as client:
        page = client.get(LISTING)
    assert page.status == 200
    seen = arrivals(server, "/quoc-phong-an-ninh")
    assert [r.status for r in seen] == [429, 429, 200]
    for before, after in itertools.pairwise(seen):
        assert after.at - before.at >= 1.0 - TOLERANCE


def test_retry_after_holds_for_the_host_after_giving_up_on_the_url() -> None:
    """Found by the fault soak: when every attempt at one URL got a 429, the fetcher gave up
    on it and asked the host for the next URL at once, before the Retry-After had passed."""
    with faulty("429", first=4, retry_after=1) as server, fetcher(server) as client:
        with pytest.raises(FetchError, match="HTTP 429 with Retry-After 1 s after 4 attempts"):
            client.get(ARTICLE)
        assert client.get(LISTING).status == 200
    seen = sorted(server.requests, key=lambda r: r.at)
    assert [r.status for r in seen] == [429, 429, 429, 429, 200]
    for before, after in itertools.pairwise(seen):
        assert after.at - before.at >= 1.0 - TOLERANCE


def test_a_retry_after_over_the_cap_closes_the_host_without_asking_it() -> None:
    server = faulty("429", first=1, retry_after=3600)
    with server, fetcher(server, retry_after_cap=60) as client:
        with pytest.raises(FetchError, match="over the 60 s cap: gave up"):
            client.get(ARTICLE)
        with pytest.raises(FetchError, match=r"another 3600 s .* not asked"):
            client.get(LISTING)
    assert len(server.requests) == 1


def test_503_burst_is_retried_with_growing_backoff_then_given_up() -> None:
    with faulty("503", burst=3) as server, fetcher(server, backoff_initial=0.1) as client:
        assert client.get(LISTING).status == 200
    seen = arrivals(server, "/quoc-phong-an-ninh")
    assert [r.status for r in seen] == [503, 503, 503, 200]
    gaps = [b.at - a.at for a, b in itertools.pairwise(seen)]
    assert gaps[0] >= 0.1 - TOLERANCE and gaps[1] >= 0.2 - TOLERANCE and gaps[2] >= 0.4 - TOLERANCE
    with faulty("503", burst=4) as server, fetcher(server) as client, pytest.raises(
        FetchError, match="HTTP 503 after 4 attempts"
    ):
        client.get(LISTING)
    assert len(server.requests) == 4  # no fifth try


def test_a_slow_answer_times_out_and_is_retried() -> None:
    with faulty("slow", slow_seconds=1.5) as server, fetcher(server, read_timeout=0.4) as client:
        started = time.monotonic()
        page = client.get(ARTICLE)
        took = time.monotonic() - started
    assert page.status == 200 and 0.4 <= took < 1.5
    assert [r.fault for r in server.requests] == ["slow", None]


@pytest.mark.parametrize("kind", ["reset", "truncated"])
def test_a_broken_connection_is_retried_and_archived_as_cut(kind: str) -> None:
    recorder = Recorder()
    with faulty(kind) as server, fetcher(server, recorder) as client:
        page = client.get(ARTICLE)
    assert page.status == 200 and page.text == clean_page(ARTICLE).text
    assert [r.fault for r in server.requests] == [kind, None]
    if kind == "truncated":  # a response came: it is archived, marked as cut off
        assert [e.truncated for e in recorder.exchanges] == ["disconnect", None]
    else:  # nothing came back: nothing to archive
        assert [e.truncated for e in recorder.exchanges] == [None]


@pytest.mark.parametrize("variant", [0.9, 0.1], ids=["content-length", "gzip-bomb"])
def test_an_oversized_body_is_refused_without_retry_or_memory(variant: float) -> None:
    plan = {"oversize_bytes": 20_000_000, "variant": variant}
    with faulty("oversized", first=None, **plan) as server, fetcher(server) as client:
        with pytest.raises(FetchError, match=f"larger than {CAP} bytes"):
            client.get(ARTICLE)  # the first request also builds the client (its TLS context)
        tracemalloc.start()
        try:
            with pytest.raises(FetchError, match=f"larger than {CAP} bytes"):
                client.get(ARTICLE)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < CAP + 1_000_000  # never the 20 MB it claims or decodes to
    assert len(server.requests) == 2  # neither retried: the next run tries again


def test_a_redirect_loop_is_reported_after_the_redirect_limit() -> None:
    server = faulty("redirect-loop")
    with server, fetcher(server, max_redirects=5) as client, pytest.raises(
        FetchError, match="more than 5 redirects"
    ):
        client.get(ARTICLE)
    assert [r.status for r in server.requests] == [302] * 6
    assert {r.fault for r in server.requests} == {"redirect-loop"}


def test_a_cookie_gate_is_passed_by_one_retry_with_its_cookie() -> None:
    options = ReplayOptions(cookie_gate=True)  # the site's own gate as well
    plan = FaultPlan(seed=1, rate=1.0, kinds={"cookie-gate": 1.0}, first=1)
    with FaultServer(SNAPSHOT, plan=plan, options=options) as server, fetcher(server) as client:
        page = client.get(ARTICLE)
        second = client.get(LISTING)
    assert page.status == 200 and second.status == 200
    seen = server.requests
    assert [(r.status, r.fault) for r in seen] == [
        (302, "cookie-gate"), (200, None), (302, None), (200, None)
    ]
    assert "vnnews_gate=" in seen[1].headers["cookie"]


def test_a_challenge_page_blocks_and_is_never_parsed() -> None:
    with faulty("challenge") as server, fetcher(server) as client, pytest.raises(
        BlockedError, match="JavaScript cookie challenge"
    ):
        client.get(ARTICLE)
    assert len(server.requests) == 1 and len(CHALLENGE) < 4096


# --------------------------------------------------------------------------- content faults


@pytest.mark.parametrize("kind", ["nfd", "no-charset", "wrong-charset", "malformed-html"])
def test_a_content_fault_leaves_the_canonical_text_as_it_was(kind: str) -> None:
    clean = qdnd.parse(clean_page(ARTICLE))
    with faulty(kind) as server, fetcher(server) as client:
        page = client.get(ARTICLE)
    assert server.requests[0].fault == kind
    assert qdnd.parse(page).text == clean.text


def test_malformed_html_keeps_every_snapshot_article_and_listing_as_parsed() -> None:
    """What browsers repair, our parsers read the same: every page of the qdnd snapshot."""
    pages = sorted((SNAPSHOT / HOST).rglob("index.html"))
    assert len(pages) > 25
    for path in pages:
        url = SITE + "/" + path.parent.relative_to(SNAPSHOT / HOST).as_posix()
        body = path.read_bytes()
        clean = Page.saved(url, body.decode("utf-8"))
        broken = Page.saved(url, malformed_html(body).decode("utf-8"))
        assert qdnd.parse_listing(broken) == qdnd.parse_listing(clean), url
        if qdnd.article_id(url):
            assert qdnd.parse(broken) == qdnd.parse(clean), url


def test_a_cut_off_feed_is_reported_not_guessed_at() -> None:
    with faulty("malformed-xml") as server, fetcher(server) as client:
        page = client.get(FEED)
    with pytest.raises(ParseError, match="not well-formed"):
        qdnd.parse_listing(page)


@pytest.mark.parametrize("variant", [0.9, 0.1], ids=["billion-laughs", "external"])
def test_an_entity_bomb_feed_is_refused_quickly(variant: float) -> None:
    with faulty("entity-bomb", variant=variant) as server, fetcher(server) as client:
        page = client.get(FEED)
    assert "<!ENTITY" in page.text
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ParseError, match="refused unsafe XML"):
            qdnd.parse_listing(page)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 1.0 and peak < 5_000_000


def test_an_entity_bomb_sitemap_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "sitemap" / HOST
    site.mkdir(parents=True)
    urls = "".join(f"<url><loc>{ARTICLE[:-7]}{n:07d}</loc></url>" for n in range(1015000, 1015005))
    sitemap = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="x">{urls}</urlset>\n'
    (site / "sitemap.xml").write_text(sitemap, "utf-8")
    clean = qdnd.parse_listing(Page.saved(f"{SITE}/sitemap.xml", sitemap))
    assert len(clean.items) == 5
    plan = FaultPlan(seed=2, rate=1.0, kinds={"entity-bomb": 1.0}, variant=0.9)
    with FaultServer(tmp_path / "sitemap", plan=plan) as server, fetcher(server) as client:
        page = client.get(f"{SITE}/sitemap.xml")
    with pytest.raises(ParseError, match="refused unsafe XML"):
        qdnd.parse_listing(page)
    assert b"&lol9;" in entity_bomb(sitemap.encode())


def test_links_to_other_hosts_are_never_requested(tmp_path: Path) -> None:
    """Listing pages and the feed carry copies of their article links on other hosts: one the
    replay does not serve, and hc.qdnd.vn, which it does (another source, same site module).
    A qdnd run reads them all and asks none of those hosts."""
    snapshots = [SNAPSHOT, SNAPSHOT.parent / "qdnd-hc"]
    plan = FaultPlan(seed=5, rate=1.0, kinds={"offsite-links": 1.0},
                     offsite_hosts=("hc.qdnd.vn", "www.qdnd.vn.offsite.invalid"))
    cfg = config.load(environ={})
    source = cfg.source("qdnd")
    with FaultServer(snapshots, plan=plan, options=ReplayOptions(cookie_gate=True)) as server:
        client = Fetcher(
            FetchPolicy(obey_robots=False, requests_per_second=1000.0),
            host_map=server.host_map(), allowed_hosts=set(source.hosts),
        )
        run = source_run(source, client, open_store(tmp_path / "data"))
        try:
            discovery = run.discover(max_pages=5)
            result = run.fetch_batch(discovery.items)
        finally:
            run.close()
        injected = server.offsite_targets
    assert {host for host, _ in injected} == {"hc.qdnd.vn", "www.qdnd.vn.offsite.invalid"}
    asked = {(r.host.split(":")[0], r.path.split("?")[0]) for r in server.requests}
    assert not asked & injected
    assert {r.host.split(":")[0] for r in server.requests} == {HOST}
    assert all(item.url.startswith(SITE + "/") for item in discovery.items)
    assert result.failures == () and len(result.fetched) == len(discovery.items) > 20


def test_the_replay_server_is_unchanged_by_the_fault_server() -> None:
    """No plan, no fault: the fault server answers as the replay does (ETag, gzip, 304)."""
    with FaultServer(SNAPSHOT) as server, fetcher(server) as client:
        first = client.get(ARTICLE)
        again = client.get(ARTICLE, validators=first.validators)
    assert first.status == 200 and again.status == 304
    assert gzip.decompress(first.exchange.body) == clean_page(ARTICLE).body  # type: ignore[union-attr]
    assert server.fault_counts() == Counter({"none": 2})

"""The `backfill` flow: one source's older articles, by publication dates or listing pages.

Where the nightly run stops at the first page of known articles, a backfill walks a source's
listings deep: pages `first_page..last_page`, or from page 1 until a whole page is older than
`since`. Per listing page (one Prefect task) it fetches the articles it does not have yet,
parses them, keeps those published within [since, until] (days in the configured time zone),
checks their health and stores them oldest first; then it checkpoints the page
(`storage/checkpoints.py`). Started again after an interruption, the same backfill skips the
checkpointed pages and every stored article: nothing it stored is fetched again. Articles
already in the store are never re-requested (the nightly run watches recent ones for edits).

`mode="reparse"` re-extracts the source from its WARC archive instead (`flows/reparse.py`;
since/until then select responses by the day they were fetched). `dry_run` reads the listing
pages and reports what a real run would fetch, fetching no article and storing nothing.

`run_backfill` is the plain function (tests call it with `page_step=backfill_page`); the flow
adds the Prefect task per page, artifacts, the run log and the final state.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

import config
from flows.ingest import finish_source_run
from flows.pipeline import (
    Failure,
    Fetched,
    SourceRun,
    batches,
    link_rows,
    open_configured_store,
    parse_when,
    start_run,
)
from flows.report import RunReport, recent_body_medians
from scrapers.health import check_run, hard_problems
from scrapers.records import BlockedError, FetchError, ListingItem, ParseError
from storage.checkpoints import Checkpoint

Mode = Literal["fetch", "reparse"]
# A date-range backfill with no page range still stops somewhere: at most this many pages per
# listing (qdnd.vn lists about 20 articles a page: 100,000 articles).
MAX_PAGES = 5000


@dataclass(frozen=True, slots=True)
class BackfillRange:
    """What to backfill: publication days [since, until] (in `timezone`) and/or listing pages
    [first_page, last_page]. Checked on creation; `key` names the checkpoint."""

    since: date | None = None
    until: date | None = None
    first_page: int = 1
    last_page: int | None = None
    timezone: str = "Asia/Ho_Chi_Minh"

    def __post_init__(self) -> None:
        if self.first_page < 1:
            raise ValueError(f"first_page must be at least 1, got {self.first_page}")
        if self.last_page is not None and self.last_page < self.first_page:
            raise ValueError(
                f"last_page ({self.last_page}) is before first_page ({self.first_page})"
            )
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        if self.since is None and self.until is None and self.last_page is None:
            raise ValueError(
                "give a date range (since and/or until) or a page range (last_page): "
                "a backfill with neither would walk every listing to its end"
            )

    @property
    def key(self) -> str:
        pages = f"p{self.first_page}-{self.last_page or 'end'}"
        return f"{self.since or 'start'}_{self.until or 'now'}_{pages}"

    def describe(self) -> str:
        parts = []
        if self.since or self.until:
            parts.append(f"published {self.since or '…'}..{self.until or '…'}")
        if self.last_page is not None or self.first_page > 1:
            parts.append(f"listing pages {self.first_page}..{self.last_page or '…'}")
        return ", ".join(parts)

    def day(self, when: datetime) -> date:
        return when.astimezone(ZoneInfo(self.timezone)).date()

    def wanted(self, published: datetime | None) -> bool:
        """In the range (an undated article on a walked page is kept: it cannot be placed)."""
        if published is None:
            return True
        day = self.day(published)
        return not ((self.since and day < self.since) or (self.until and day > self.until))

    def older(self, published: datetime | None) -> bool:
        return bool(published is not None and self.since and self.day(published) < self.since)


@dataclass(frozen=True, slots=True)
class PageResult:
    """What one listing page of a backfill did."""

    url: str
    items: int = 0
    known: int = 0  # already stored: not requested
    out_of_range: int = 0
    wanted: int = 0  # in range and not stored: fetched (or, in a dry run, would be)
    fetched: int = 0
    new: int = 0
    new_versions: int = 0
    unchanged: int = 0
    held_back: int = 0
    failures: tuple[Failure, ...] = ()
    rows: tuple[dict[str, Any], ...] = ()
    has_next: bool = False
    past_since: bool = False  # every dated article on the page is older than `since`
    missing: bool = False  # past the listing's last page (404/410/400)
    error: str | None = None  # the listing page could not be read
    blocked: str | None = None
    unhealthy: str | None = None  # run-level health check failed: nothing stored
    body_median: int = 0
    fill_rates: dict[str, float] = field(default_factory=dict)

    @property
    def stored(self) -> int:
        return self.new + self.new_versions


@dataclass(frozen=True, slots=True)
class BackfillProgress:
    """Sent after each listing page to the listener in `PROGRESS` (the CLI's progress bar)."""

    source: str
    page_url: str
    pages_done: int
    pages_total: int | None  # None: a date range ends where the listing reaches `since`
    wanted: int
    stored: int
    skipped: bool = False  # finished by an earlier start (checkpoint)


PROGRESS: ContextVar[Callable[[BackfillProgress], None] | None] = ContextVar(
    "vnnews_backfill_progress", default=None
)

PageStep = Callable[..., PageResult]


def backfill_page(
    run: SourceRun,
    url: str,
    number: int,
    rng: BackfillRange,
    known: dict[str, datetime | None],
    *,
    run_id: str,
    dry_run: bool,
    batch_size: int,
    recent: Sequence[float] = (),
) -> PageResult:
    """Read one listing page; fetch, check and store its wanted articles (oldest first)."""
    try:
        page = run.fetcher.get(url)
        listing = run.site.parse_listing(page)
    except BlockedError as error:
        return PageResult(url, blocked=error.reason)
    except (FetchError, ParseError) as error:
        status = error.status if isinstance(error, FetchError) else None
        if number > 1 and status in (400, 404, 410):
            return PageResult(url, missing=True)
        return PageResult(url, error=f"{url}: {error.reason}")
    dates: list[datetime | None] = []
    candidates: list[ListingItem] = []
    known_count = out_of_range = 0
    hosts = set(run.source.hosts)  # links to other sites are not this source's articles
    for item in (i for i in listing.items if urlsplit(i.url).hostname in hosts):
        if item.url in known:
            known_count += 1
            dates.append(known[item.url] or item.published_at)
        elif item.published_at is not None and not rng.wanted(item.published_at):
            out_of_range += 1
            dates.append(item.published_at)
        else:
            candidates.append(item)
    base = PageResult(url, items=len(listing.items), known=known_count,
                      has_next=listing.next_url is not None)
    if dry_run:
        dates.extend(item.published_at for item in candidates)
        for item in candidates:  # a real run has it stored by the next listing that lists it
            known.setdefault(item.url, item.published_at)
        return replace(base, out_of_range=out_of_range, wanted=len(candidates),
                       past_since=_past(rng, dates))
    result = run.fetch_batch(candidates)
    failures = list(result.failures)
    parsed: list[Fetched] = []
    for fetched in result.fetched:
        dates.append(fetched.article.published_at)
        if rng.wanted(fetched.article.published_at):
            parsed.append(fetched)
        else:
            out_of_range += 1
    fetched_count = len(result.fetched) + sum(f.kind == "parse" for f in failures)
    base = replace(base, out_of_range=out_of_range, wanted=len(candidates),
                   fetched=fetched_count, past_since=_past(rng, dates))
    if result.blocked:
        return replace(base, failures=tuple(failures), blocked=result.blocked)
    health = check_run([f.article for f in parsed], recent_body_medians=recent)
    base = replace(base, body_median=health.body_median, fill_rates=health.fill_rates)
    if not health.ok:
        return replace(base, failures=tuple(failures), unhealthy=health.message())
    keep = []
    for fetched in parsed:
        problems = hard_problems(fetched.article)
        if problems:
            failures.append(Failure(fetched.article.url, "held back", "; ".join(problems)))
        else:
            keep.append(fetched)
    new = new_versions = unchanged = 0
    rows: list[dict[str, Any]] = []
    for chunk in batches(keep[::-1], batch_size):  # oldest first, as the nightly run
        written = run.store_batch(chunk, run_id)
        new, new_versions = new + written.new, new_versions + written.new_versions
        unchanged += written.unchanged
        rows.extend(link_rows(chunk, written))
        for f in chunk:
            known[f.article.url] = f.article.published_at
    return replace(base, failures=tuple(failures), rows=tuple(rows), new=new,
                   new_versions=new_versions, unchanged=unchanged,
                   held_back=len(parsed) - len(keep))


def _past(rng: BackfillRange, dates: Sequence[datetime | None]) -> bool:
    dated = [d for d in dates if d is not None]
    return bool(dated) and all(rng.older(d) for d in dated)


backfill_page_task = task(
    name="backfill-page", cache_policy=NO_CACHE, task_run_name="page-{number}"
)(backfill_page)


@dataclass(slots=True)
class _Tally:
    pages: int = 0
    resumed: int = 0
    items: int = 0
    known: int = 0
    out_of_range: int = 0
    wanted: int = 0
    fetched: int = 0
    new: int = 0
    new_versions: int = 0
    unchanged: int = 0
    held_back: int = 0
    failures: list[Failure] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    blocked: str | None = None
    unhealthy: str | None = None
    fill_rates: dict[str, float] = field(default_factory=dict)

    def add(self, page: PageResult) -> None:
        self.pages += 1
        for name in ("items", "known", "out_of_range", "wanted", "fetched", "new",
                     "new_versions", "unchanged", "held_back"):
            setattr(self, name, getattr(self, name) + getattr(page, name))
        self.failures.extend(page.failures)
        self.rows.extend(page.rows)
        if page.fill_rates:
            self.fill_rates = page.fill_rates

    @property
    def stop(self) -> bool:
        return bool(self.blocked or self.unhealthy)


def run_backfill(
    cfg: config.Config,
    run: SourceRun,
    rng: BackfillRange,
    run_id: str,
    *,
    dry_run: bool = False,
    logger: logging.Logger | logging.LoggerAdapter[logging.Logger],
    page_step: PageStep = backfill_page_task,
) -> RunReport:
    """Walk the source's listings over `rng`, page by page, resuming from the checkpoint."""
    started, started_at = time.monotonic(), datetime.now(UTC).isoformat()
    name = run.source.name
    checkpoint = Checkpoint.open(run.store.local_dir, name, rng.key)
    if checkpoint.resumed:
        logger.info("%s: resuming backfill %s: %d listing pages finished before", name,
                    rng.describe(), len(checkpoint.pages))
    known = _stored_dates(run)
    recent = recent_body_medians(run.store.local_dir, name)
    listings = run.source.listing_urls()
    per_listing = None if rng.last_page is None else rng.last_page - rng.first_page + 1
    total = None if per_listing is None else per_listing * len(listings)
    tally = _Tally()
    for prime in run.site.prime_urls(listings):  # as discovery does (a feed's cookie page)
        try:
            run.fetcher.get(prime)
        except BlockedError as error:
            tally.blocked = error.reason
        except FetchError as error:
            logger.warning("%s: %s: %s", name, prime, error.reason)
    for listing in listings:
        if tally.stop:
            continue
        last = rng.last_page or rng.first_page + MAX_PAGES - 1
        ended = True
        for number in range(rng.first_page, last + 1):
            url = run.site.listing_page_url(listing, number)
            if url is None:
                break
            if checkpoint.done(url):
                tally.resumed += 1
                _progress(name, url, tally, total, skipped=True)
                continue
            if listing in checkpoint.ended:  # walked to its end by an earlier start
                break
            page = page_step(run, url, number, rng, known, run_id=run_id, dry_run=dry_run,
                             batch_size=cfg.settings.batch_size, recent=recent)
            if page.missing:
                break
            if page.error:  # the listing is not ended: a new start retries this page
                tally.errors.append(page.error)
                tally.failures.append(Failure(url, "fetch", page.error))
                ended = False
                break
            tally.add(page)
            tally.blocked, tally.unhealthy = page.blocked, page.unhealthy
            if tally.stop:
                ended = False
                break
            if not dry_run:
                checkpoint.finish_page(url, page.stored)
            logger.info(
                "%s: page %d %s: %d links, %d known, %d out of range, %d fetched, %d new, "
                "%d new versions", name, number, url, page.items, page.known,
                page.out_of_range, page.fetched, page.new, page.new_versions,
            )
            _progress(name, url, tally, total)
            if not page.has_next or page.past_since:
                break
        if ended and not dry_run and not tally.stop and listing not in checkpoint.ended:
            checkpoint.end_listing(listing)
    linked = 0
    if tally.rows and not dry_run:
        try:  # never fails the run: texts left unsigned are linked by the next run
            linked = run.link(tally.rows, run_id).written
        except Exception as error:
            logger.error("%s: linking copies failed (the next run catches up): %s", name, error)
    status, message = _verdict(name, rng, tally, dry_run)
    if status == "ok" and not dry_run:
        checkpoint.remove()
    (logger.info if status == "ok" else logger.error)(message)
    stats = run.fetcher.stats
    return RunReport(
        source=name, run_id=run_id, started_at=started_at, status=status, message=message,
        discovered=tally.items, listing_pages=tally.pages, fetched=tally.fetched,
        new=tally.new, new_versions=tally.new_versions,
        unchanged=tally.unchanged + tally.known, not_modified=stats.not_modified,
        failed=sum(f.kind not in ("blocked", "held back") for f in tally.failures),
        held_back=tally.held_back, linked=linked,
        parse_failed=sum(f.kind == "parse" for f in tally.failures),
        blocked=1 if tally.blocked else 0, requests=stats.requests_sent,
        bytes=stats.bytes_received, seconds=round(time.monotonic() - started, 2),
        fill_rates=tally.fill_rates, failures=tuple(tally.failures),
    )


def _verdict(name: str, rng: BackfillRange, tally: _Tally, dry_run: bool) -> tuple[str, str]:
    what = f"{name} backfill ({rng.describe()})"
    pages = f"{tally.pages} listing pages read" + (
        f", {tally.resumed} finished by an earlier start" if tally.resumed else ""
    )
    if tally.blocked:
        return "blocked", f"{what}: blocked by the site ({tally.blocked}); {pages}"
    if tally.unhealthy:
        return "failed", (
            f"{what}: health check failed on a listing page's articles: {tally.unhealthy}; "
            f"that page stored nothing; {pages}; start it again after fixing the parser"
        )
    if not tally.pages and not tally.resumed:
        why = "; ".join(tally.errors) or "no listing page in the range"
        return "failed", f"{what}: no listing page could be read ({why})"
    if tally.errors:
        return "failed", (
            f"{what}: {len(tally.errors)} listing page(s) could not be read "
            f"({'; '.join(tally.errors[:3])}); {pages}; {tally.new} new; start the same "
            "backfill again to resume from there"
        )
    parse_failed = sum(f.kind == "parse" for f in tally.failures)
    if tally.fetched and parse_failed / tally.fetched > 0.2:
        return "failed", f"{what}: {parse_failed} of {tally.fetched} articles failed to parse"
    if dry_run:
        return "ok", (
            f"{what}: dry run: {pages}; would fetch {tally.wanted} articles ({tally.known} "
            f"already stored, {tally.out_of_range} outside the dates); nothing fetched or stored"
        )
    return "ok", (
        f"{what}: {pages}; {tally.wanted} wanted, {tally.fetched} fetched, {tally.new} new, "
        f"{tally.new_versions} new versions, {tally.known} already stored (not requested), "
        f"{tally.out_of_range} outside the dates, {len(tally.failures)} failed or held back"
    )


def _stored_dates(run: SourceRun) -> dict[str, datetime | None]:
    """Stored URLs of the source with their latest publication date."""
    rows = run.store.versions.rows(run.source.name, columns=["url", "published_at"])
    return {row["url"]: row["published_at"] for row in rows}  # stored order: the latest wins


def _progress(source: str, url: str, tally: _Tally, total: int | None, skipped: bool = False
              ) -> None:
    listener = PROGRESS.get()
    if listener is not None:
        listener(BackfillProgress(source, url, tally.pages + tally.resumed, total,
                                  tally.wanted, tally.new + tally.new_versions, skipped))


def _run_name() -> str:
    p = flow_run.parameters
    source = p.get("source", "source")
    if p.get("since") or p.get("until"):
        window = f"{p.get('since') or 'start'}..{p.get('until') or 'now'}"
    elif p.get("last_page") is not None:
        window = f"pages-{p.get('first_page', 1)}-{p['last_page']}"
    else:
        window = "all"
    mode = "" if p.get("mode", "fetch") == "fetch" else f"-{p['mode']}"
    dry = "-dry-run" if p.get("dry_run") else ""
    return f"backfill-{source}{mode}-{window}{dry}-{datetime.now(UTC):%Y-%m-%d}"


@flow(name="backfill", flow_run_name=_run_name, log_prints=True)
def backfill(
    source: str,
    since: date | None = None,
    until: date | None = None,
    first_page: int = 1,
    last_page: int | None = None,
    mode: Mode = "fetch",
    dry_run: bool = False,
    data_dir: str | None = None,
    host_map: dict[str, str] | None = None,
    requests_per_second: float | None = None,
) -> Any:
    """Backfill SOURCE: articles published since..until (days in the configured time zone)
    and/or listing pages first_page..last_page. mode "fetch" fetches what the store lacks,
    resuming from the last finished page; "reparse" re-extracts the archive (since..until:
    fetch days). dry_run: report what would be fetched or changed, store nothing."""
    cfg = config.load()
    src = cfg.source(source)
    run_id = str(flow_run.id or uuid.uuid4())
    logger = get_run_logger()
    if mode == "reparse":
        if last_page is not None or first_page != 1:
            raise ValueError("a page range applies to mode 'fetch' only; reparse takes dates")
        from flows.reparse import finish_reparse, reparse_source

        store = open_configured_store(cfg, data_dir)
        low = parse_when(since.isoformat() if since else None, name="since")
        high = parse_when(until.isoformat() if until else None, end=True, name="until")
        reparsed = reparse_source(
            store, src, since=low, until=high, run_id=run_id, dry_run=dry_run,
            max_bytes=cfg.settings.max_response_bytes,
            max_failure_ratio=cfg.settings.max_parse_failure_ratio,
        )
        return finish_reparse(reparsed, logger)
    rng = BackfillRange(since, until, first_page, last_page, cfg.settings.timezone)
    store = open_configured_store(cfg, data_dir)
    run = start_run(cfg, src, store, run_id, host_map=host_map,
                    requests_per_second=requests_per_second)
    try:
        report = run_backfill(cfg, run, rng, run_id, dry_run=dry_run, logger=logger)
    finally:
        run.close()
    return finish_source_run(report, None if dry_run else store.local_dir)

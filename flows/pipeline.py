"""The steps of one source's ingestion, as plain functions: no Prefect here.

`flows/ingest.py` wraps each step in a Prefect task and adds reporting; tests and the CLI's
`parse` can use these directly. A step works on a batch, never on one article per call.

A run made by `start_run` records every exchange of its Fetcher (listing pages, robots.txt,
articles, 304s, redirects, errors with a response, blocked pages too) into the source's WARC
file for the run, and each stored row points at the response its text was parsed from.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from config import Config, Settings, SourceConfig
from scrapers import Site, get_site
from scrapers.discovery import Discovery, discover
from scrapers.http import ExchangeRecorder, Fetcher, FetchPolicy
from scrapers.records import (
    Article,
    BlockedError,
    FetchError,
    ListingItem,
    ParseError,
    RobotsDisallowedError,
    Validators,
    WarcRef,
)
from storage import Store, open_store
from storage.archive import PENDING_DIR, WarcArchive
from storage.dedupe import LinkReport, link_new
from storage.objectstore import as_root
from storage.pending import PendingWork
from storage.versions import VersionLog, WriteResult

T = TypeVar("T")
FailureKind = Literal["fetch", "parse", "robots", "blocked", "held back", "archive"]


@dataclass(frozen=True, slots=True)
class Failure:
    url: str
    kind: FailureKind
    reason: str


@dataclass(frozen=True, slots=True)
class Fetched:
    """A parsed article with when it was fetched, the validators to remember once stored and
    where its raw response was archived."""

    article: Article
    fetched_at: datetime
    validators: Validators
    warc: WarcRef | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    fetched: tuple[Fetched, ...] = ()
    not_modified: tuple[str, ...] = ()
    failures: tuple[Failure, ...] = ()
    blocked: str | None = None


@dataclass(slots=True)
class SourceRun:
    """Everything one source's run needs: its config, its site module, transport, store and
    (from `start_run`) the run's WARC archive, which the fetcher records into."""

    source: SourceConfig
    site: Site
    fetcher: Fetcher
    store: Store
    known_urls: set[str] = field(default_factory=set)
    archive: WarcArchive | None = None
    pending: PendingWork | None = None

    def close(self) -> None:
        """Close the transport, then the archive (synced: nothing recorded is lost)."""
        try:
            self.fetcher.close()
        finally:
            if self.archive is not None:
                self.archive.close()

    def discover(self, max_pages: int) -> Discovery:
        """The source's listings walked (down past pages earlier runs could not read), plus
        the articles earlier runs found but did not store (`storage/pending.py`); what this
        run has to do is written down before it starts, so that a kill leaves it pending."""
        known = self.store.versions.known_article_ids(self.source.name)
        self.known_urls = set(self.store.versions.latest(self.source.name))
        pending = PendingWork.load(self.store.local_dir, self.source.name)
        listings = self.source.listing_urls()
        found = discover(
            self.fetcher.get,
            self.site,
            listings,
            max_pages=max_pages,
            known_ids=known,
            fallback_urls=self.source.fallback_urls(),
            prime_urls=self.site.prime_urls(listings),
            hosts=self.source.hosts,
            min_pages=pending.listings,
        )
        ids = {item.article_id for item in found.items}
        hosts = set(self.source.hosts)
        leftover = tuple(
            p.item for p in pending.items.values()
            if p.item.article_id not in ids and urlsplit(p.item.url).hostname in hosts
        )
        discovery = replace(found, items=found.items + leftover, leftover=len(leftover))
        unread = dict(discovery.unread)
        pending.record_discovery(
            discovery.items, known, unread, [u for u in discovery.walked if u not in unread]
        )
        self.pending = pending
        return discovery

    def settle(
        self, items: Sequence[ListingItem], completed: Collection[str], failed: Collection[str]
    ) -> None:
        """The run is over: what it `completed` (stored, or found unchanged) is no longer
        pending; the rest of `items` stays for the next run (`storage/pending.py`)."""
        if self.pending is not None:
            self.pending.settle(items, completed, failed)

    def fetch_batch(self, items: Sequence[ListingItem]) -> BatchResult:
        """Fetch and parse a batch. A block stops the batch: the site refuses us, so stop asking.
        A blocked page (challenge, 403, cookie-gate loop) is never parsed or stored; its
        exchange is still in the archive, since it is what we were sent."""
        fetched: list[Fetched] = []
        not_modified: list[str] = []
        failures: list[Failure] = []
        for item in items:
            known = item.url in self.known_urls
            remembered = self.store.validators.get(item.url) if known else None
            try:
                page = self.fetcher.get(item.url, validators=remembered)
            except BlockedError as error:
                failures.append(Failure(item.url, "blocked", error.reason))
                done = (tuple(fetched), tuple(not_modified), tuple(failures))
                return BatchResult(*done, blocked=error.reason)
            except RobotsDisallowedError as error:
                failures.append(Failure(item.url, "robots", error.reason))
                continue
            except FetchError as error:
                failures.append(Failure(item.url, "fetch", error.reason))
                continue
            if page.not_modified:
                not_modified.append(item.url)
                continue
            try:
                article = self.site.parse(page, source=self.source.name)
            except ParseError as error:
                failures.append(Failure(item.url, "parse", error.reason))
                continue
            fetched.append(Fetched(article, page.fetched_at, page.validators, page.warc))
        return BatchResult(tuple(fetched), tuple(not_modified), tuple(failures))

    def store_batch(self, fetched: Sequence[Fetched], run_id: str) -> WriteResult:
        """One commit for the batch; validators only after the text is safely stored. The archive
        is synced first, so no stored row points at raw bytes a crash could still take away."""
        if self.archive is not None:
            self.archive.sync()
        refs: dict[str, WarcRef] = {}
        for f in fetched:  # the first of a repeated URL is the one stored
            if f.warc is not None:
                refs.setdefault(f.article.url, f.warc)
        result = self.store.versions.write(
            [(f.article, f.fetched_at) for f in fetched], run_id=run_id, warc_refs=refs
        )
        held = set(result.held)
        self.store.validators.put_many(
            (f.article.url, Validators() if f.article.url in held else f.validators)
            for f in fetched
            if f.article.url in held or not f.validators.empty
        )
        return result

    def link(self, rows: Sequence[dict[str, Any]], run_id: str) -> LinkReport:
        """Link what this run stored against the whole corpus (storage/dedupe.py)."""
        return link_new(self.store.root, rows, run_id=run_id)


def link_rows(fetched: Sequence[Fetched], written: WriteResult) -> list[dict[str, Any]]:
    """The rows `store_batch` just wrote, with their texts (saves reading them back)."""
    articles: dict[str, Article] = {}
    for f in fetched:  # the first of a repeated URL is the one stored
        articles.setdefault(f.article.url, f.article)
    rows = []
    for version in written.written:
        article = articles.get(version.url)
        same = article is not None and article.content_hash == version.content_hash
        text = article.text if article is not None and same else None
        rows.append({"url": version.url, "content_hash": version.content_hash, "text": text})
    return rows


def open_configured_store(cfg: Config, data_dir: str | Path | None = None) -> Store:
    """The store at `data_dir` (a directory or an `s3://` URI; default: the configured
    data_dir), with the configured state directory and object-store options. Creates a local
    root and the local state directory (validators): for runs, not for read-only commands."""
    return open_store(
        _root(cfg, data_dir),
        state_dir=cfg.settings.state_dir,
        storage_options=dict(cfg.settings.storage_options),
    )


def configured_log(cfg: Config, data_dir: str | Path | None = None) -> VersionLog:
    """The version log at `data_dir` (as `open_configured_store`), creating nothing: for
    export, history and compaction."""
    return VersionLog(
        _root(cfg, data_dir),
        state_dir=cfg.settings.state_dir,
        storage_options=dict(cfg.settings.storage_options),
    )


def _root(cfg: Config, data_dir: str | Path | None) -> str | Path:
    return as_root(data_dir) if data_dir else cfg.settings.data_dir


def fetch_policy(settings: Settings, *, requests_per_second: float | None = None) -> FetchPolicy:
    return FetchPolicy(
        user_agent=settings.user_agent,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        max_bytes=settings.max_response_bytes,
        max_attempts=settings.max_attempts,
        retry_after_cap=settings.retry_after_cap,
        backoff_initial=settings.backoff_initial,
        backoff_max=settings.backoff_max,
        requests_per_second=requests_per_second or settings.requests_per_second,
        obey_robots=settings.obey_robots,
        budget_dir=settings.host_budget_dir,
    )


def make_fetcher(
    config: Config,
    sources: Sequence[SourceConfig],
    *,
    host_map: Mapping[str, str] | None = None,
    requests_per_second: float | None = None,
    recorder: ExchangeRecorder | None = None,
) -> Fetcher:
    """One transport for the sources of a run: their hosts only, each at its configured rate;
    every exchange goes to `recorder` (the run's archive) when one is given."""
    rates = {h: requests_per_second or s.requests_per_second for s in sources for h in s.hosts}
    return Fetcher(
        fetch_policy(config.settings, requests_per_second=requests_per_second),
        host_map=host_map,
        allowed_hosts=set(rates),
        rate_overrides=rates,
        recorder=recorder,
    )


def source_run(
    source: SourceConfig, fetcher: Fetcher, store: Store, archive: WarcArchive | None = None
) -> SourceRun:
    return SourceRun(
        source=source, site=get_site(source.site), fetcher=fetcher, store=store, archive=archive
    )


def start_run(
    config: Config,
    source: SourceConfig,
    store: Store,
    run_id: str,
    *,
    host_map: Mapping[str, str] | None = None,
    requests_per_second: float | None = None,
) -> SourceRun:
    """A source's run that archives what it fetches: the run's WARC file (reopened, not
    replaced, by a retry of the same run), a Fetcher recording into it. Close it when done.
    With an object-store root the file is written in the store's local state directory and
    uploaded on every sync and on close."""
    archive = WarcArchive(
        store.root, source.name, run_id, pending_dir=store.local_dir / PENDING_DIR
    )
    try:
        fetcher = make_fetcher(
            config,
            [source],
            host_map=host_map,
            requests_per_second=requests_per_second,
            recorder=archive,
        )
    except BaseException:
        archive.close()
        raise
    return source_run(source, fetcher, store, archive)


def batches(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def parse_when(value: str | None, *, end: bool = False, name: str = "") -> datetime | None:
    """A date bound given by a user: `YYYY-MM-DD` (a UTC day; with `end`, the whole day is in)
    or an ISO date-time (UTC when it names no offset). None stays None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start + timedelta(days=1) - timedelta(microseconds=1) if end else start
        when = datetime.fromisoformat(text)
    except ValueError:
        prefix = f"{name} " if name else ""
        raise ValueError(
            f"{prefix}{value!r} is not a date (YYYY-MM-DD) or an ISO date-time"
        ) from None
    return when.replace(tzinfo=UTC) if when.utcoffset() is None else when

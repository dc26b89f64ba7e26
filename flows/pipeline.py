"""The steps of one source's ingestion, as plain functions: no Prefect here.

`flows/ingest.py` wraps each step in a Prefect task and adds reporting; tests and the CLI's
`parse` can use these directly. A step works on a batch, never on one article per call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, TypeVar

from config import Config, Settings, SourceConfig
from scrapers import Site, get_site
from scrapers.discovery import Discovery, discover
from scrapers.http import Fetcher, FetchPolicy
from scrapers.records import (
    Article,
    BlockedError,
    FetchError,
    ListingItem,
    ParseError,
    RobotsDisallowedError,
    Validators,
)
from storage import Store
from storage.versions import WriteResult

T = TypeVar("T")
FailureKind = Literal["fetch", "parse", "robots", "blocked", "held back"]


@dataclass(frozen=True, slots=True)
class Failure:
    url: str
    kind: FailureKind
    reason: str


@dataclass(frozen=True, slots=True)
class Fetched:
    """A parsed article with when it was fetched and the validators to remember once stored."""

    article: Article
    fetched_at: datetime
    validators: Validators


@dataclass(frozen=True, slots=True)
class BatchResult:
    fetched: tuple[Fetched, ...] = ()
    not_modified: tuple[str, ...] = ()
    failures: tuple[Failure, ...] = ()
    blocked: str | None = None


@dataclass(slots=True)
class SourceRun:
    """Everything one source's run needs: its config, its site module, transport and store."""

    source: SourceConfig
    site: Site
    fetcher: Fetcher
    store: Store
    known_urls: set[str] = field(default_factory=set)

    def discover(self, max_pages: int) -> Discovery:
        known = self.store.versions.known_article_ids(self.source.name)
        self.known_urls = set(self.store.versions.latest(self.source.name))
        listings = self.source.listing_urls()
        return discover(
            self.fetcher.get,
            self.site,
            listings,
            max_pages=max_pages,
            known_ids=known,
            fallback_urls=self.source.fallback_urls(),
            prime_urls=self.site.prime_urls(listings),
        )

    def fetch_batch(self, items: Sequence[ListingItem]) -> BatchResult:
        """Fetch and parse a batch. A block stops the batch: the site refuses us, so stop asking."""
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
            fetched.append(Fetched(article, page.fetched_at, page.validators))
        return BatchResult(tuple(fetched), tuple(not_modified), tuple(failures))

    def store_batch(self, fetched: Sequence[Fetched], run_id: str) -> WriteResult:
        """One commit for the batch; validators only after the text is safely stored."""
        result = self.store.versions.write(
            [(f.article, f.fetched_at) for f in fetched], run_id=run_id
        )
        self.store.validators.put_many(
            (f.article.url, f.validators) for f in fetched if not f.validators.empty
        )
        return result


def fetch_policy(settings: Settings, *, requests_per_second: float | None = None) -> FetchPolicy:
    return FetchPolicy(
        user_agent=settings.user_agent,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        max_bytes=settings.max_response_bytes,
        max_attempts=settings.max_attempts,
        retry_after_cap=settings.retry_after_cap,
        requests_per_second=requests_per_second or settings.requests_per_second,
        obey_robots=settings.obey_robots,
    )


def make_fetcher(
    config: Config,
    sources: Sequence[SourceConfig],
    *,
    host_map: Mapping[str, str] | None = None,
    requests_per_second: float | None = None,
) -> Fetcher:
    """One transport for the sources of a run: their hosts only, each at its configured rate."""
    rates = {h: requests_per_second or s.requests_per_second for s in sources for h in s.hosts}
    return Fetcher(
        fetch_policy(config.settings, requests_per_second=requests_per_second),
        host_map=host_map,
        allowed_hosts=set(rates),
        rate_overrides=rates,
    )


def source_run(source: SourceConfig, fetcher: Fetcher, store: Store) -> SourceRun:
    return SourceRun(source=source, site=get_site(source.site), fetcher=fetcher, store=store)


def batches(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]

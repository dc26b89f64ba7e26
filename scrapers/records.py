"""Typed records passed between transport, parsers, storage and flows.

Frozen dataclasses only: a record is a value, never a live object with I/O behind it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from scrapers.text import canonical_text


class ScrapeError(Exception):
    """Base of every error the scrapers raise on purpose."""


class FetchError(ScrapeError):
    """A URL could not be fetched (transport error, bad status, size cap, refused redirect)."""

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


class BlockedError(FetchError):
    """The site refused us as a robot (cookie-gate loop, JavaScript challenge, 403 wall).

    Nothing from a blocked response is ever parsed or stored.
    """


class RobotsDisallowedError(FetchError):
    """robots.txt forbids this URL for our user agent."""


class ParseError(ScrapeError):
    """A page was fetched but is not an article we can read (names the missing field)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Validators:
    """HTTP cache validators remembered per URL for conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    @property
    def empty(self) -> bool:
        return self.etag is None and self.last_modified is None


@dataclass(frozen=True, slots=True)
class WarcRef:
    """Where a response lies in the raw archive: a `.warc.gz` file (relative to the archive
    root) and the byte offset and length of its gzip member."""

    file: str
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class HttpExchange:
    """One request and its response as they crossed the wire, kept for the raw archive.

    `body` is the entity body as received: still gzip/deflate-encoded when the server sent it so
    (only the chunked transfer coding is undone). `truncated` names why the body is incomplete
    (`length`: over the size cap, `disconnect`: the connection failed), like WARC-Truncated.
    """

    method: str
    url: str  # the URL of this hop, as sent (a redirect hop differs from `requested_url`)
    request_headers: tuple[tuple[str, str], ...]  # as sent: Host, Cookie, validators included
    http_version: str  # "HTTP/1.1"
    status: int
    reason: str
    response_headers: tuple[tuple[str, str], ...]  # as received: order, case and repeats kept
    body: bytes
    started_at: datetime  # when the request was sent
    requested_url: str  # what the fetcher was asked for
    truncated: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One HTTP response, decoded. `url` is the real-world URL asked for, even when replayed.

    `exchange` is the final hop as received (raw bytes, headers, the request sent) when the page
    came from the network; `warc` is where that response was archived, when it was.
    """

    url: str
    final_url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    text: str
    encoding: str
    fetched_at: datetime
    validators: Validators = field(default_factory=Validators)
    exchange: HttpExchange | None = None
    warc: WarcRef | None = None

    @classmethod
    def saved(cls, url: str, text: str, *, fetched_at: datetime | None = None) -> Page:
        """A page saved to disk (a fixture, a snapshot file): status 200, UTF-8, no headers."""
        when = fetched_at or datetime.now(UTC)
        return cls(
            url=url,
            final_url=url,
            status=200,
            headers=(),
            body=text.encode("utf-8"),
            text=text,
            encoding="utf-8",
            fetched_at=when,
        )

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Image:
    """A picture of the article with its caption and photo credit (both kept out of the hash)."""

    url: str
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True, slots=True)
class ListingItem:
    """One article link found on a listing page."""

    url: str
    article_id: str
    title: str = ""
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """What one listing page yields: its article links and the next page, if the page shows one."""

    url: str
    items: tuple[ListingItem, ...]
    next_url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One parsed article. `text` and `content_hash` are derived, so they can never disagree."""

    url: str
    source: str
    article_id: str
    title: str
    sapo: str
    paragraphs: tuple[str, ...]
    published_at: datetime | None
    parser_version: str
    updated_at: datetime | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    category: str | None = None
    tags: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    original_url: str | None = None
    dateline: str | None = None

    @property
    def text(self) -> str:
        """Canonical text: title, blank line, then sapo and paragraphs, blank-line separated."""
        return canonical_text(self.title, (self.sapo, *self.paragraphs))

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def content_hash(self) -> str:
        return self.digest[:16]

"""Listing discovery: walk a source's listings until they stop bringing unseen articles.

The walk takes a `fetch` callable, so it is plain logic over pages: the flow passes the real
transport, tests pass a dict. A nightly run on an unchanged site therefore asks for one listing
page per listing, plus conditional requests for the articles on it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapers import Site
from scrapers.records import BlockedError, FetchError, ListingItem, Page, ParseError


@dataclass(frozen=True, slots=True)
class Discovery:
    """Article links found, in listing order, and the listing pages read to find them.

    `unread`: (listing URL, page number) of each listing whose walk ended on a page that could
    not be read; `walked`: the listings walked; `leftover`: how many of `items` were left over
    by earlier runs (`storage/pending.py`) rather than found on a listing now."""

    items: tuple[ListingItem, ...]
    pages: tuple[str, ...]
    errors: tuple[str, ...]
    unread: tuple[tuple[str, int], ...] = ()
    walked: tuple[str, ...] = ()
    leftover: int = 0


def discover(
    fetch: Callable[[str], Page],
    site: Site,
    listing_urls: Iterable[str],
    *,
    max_pages: int,
    known_ids: Collection[str],
    fallback_urls: Sequence[str] = (),
    prime_urls: Sequence[str] = (),
    hosts: Collection[str] | None = None,
    min_pages: Mapping[str, int] | None = None,
) -> Discovery:
    """Read each listing from page 1 until a page brings no unseen id, has no next page, or
    `max_pages` is reached. A failure on page 1 is reported; a later 404 just ends that listing.
    When every listing failed, `fallback_urls` are read the same way. `prime_urls` are fetched
    first (their failure is only reported). `BlockedError` propagates: a blocked source stops."""
    errors: list[str] = []
    for url in prime_urls:
        try:
            fetch(url)
        except BlockedError:
            raise
        except FetchError as error:
            errors.append(f"{url}: {error.reason}")
    state = _Walk(fetch, site, max_pages, known_ids, hosts, min_pages or {})
    listings = list(listing_urls)
    # With fallbacks, a 403 on a primary listing is a closed door (a WordPress API behind a
    # security plugin), not a block of the whole site: the fallbacks still get their turn.
    state.tolerate_403 = bool(fallback_urls)
    read = [state.read(url) for url in listings]
    state.tolerate_403 = False
    if fallback_urls and listings and not any(read):
        read.extend(state.read(url) for url in fallback_urls)
    return Discovery(
        items=tuple(state.items.values()),
        pages=tuple(state.pages),
        errors=(*errors, *state.errors),
        unread=tuple(state.unread.items()),
        walked=tuple(state.walked),
    )


class _Walk:
    """The state of one discovery: items by id (first seen wins), pages read, errors."""

    def __init__(
        self,
        fetch: Callable[[str], Page],
        site: Site,
        max_pages: int,
        known: Collection[str],
        hosts: Collection[str] | None = None,
        min_pages: Mapping[str, int] | None = None,
    ) -> None:
        self.fetch, self.site, self.max_pages, self.known = fetch, site, max_pages, known
        self.hosts = None if hosts is None else {h.lower() for h in hosts}
        self.min_pages = dict(min_pages or {})
        self.unread: dict[str, int] = {}
        self.walked: list[str] = []
        self.items: dict[str, ListingItem] = {}
        self.pages: list[str] = []
        self.errors: list[str] = []
        self.tolerate_403 = False

    def read(self, listing_url: str) -> bool:
        """Walk one listing; False when its first page could not be read."""
        self.walked.append(listing_url)
        for number in range(1, self.max_pages + 1):
            url = self.site.listing_page_url(listing_url, number)
            if url is None:
                break
            try:
                page = self.fetch(url)
                listing = self.site.parse_listing(page)
            except BlockedError as error:
                if not (self.tolerate_403 and error.status == 403):
                    raise
                self.errors.append(f"{url}: {error.reason}")
                self.unread[listing_url] = number
                return number > 1
            except (FetchError, ParseError) as error:
                status = error.status if isinstance(error, FetchError) else None
                # Past page 1, "no such page" ends a listing quietly (a WordPress API answers
                # 400 for a page past the last).
                if number == 1 or status not in (400, 404, 410):
                    self.errors.append(f"{url}: {error.reason}")
                    self.unread[listing_url] = number
                return number > 1
            self.pages.append(url)
            items = [i for i in listing.items if self.on_source(i.url)]
            ids = [i.article_id for i in items]
            unseen = [i for i in ids if i not in self.known and i not in self.items]
            for item in items:
                self.items.setdefault(item.article_id, item)
            if listing.next_url is None:
                break
            if not unseen and number >= self.min_pages.get(listing_url, 0):
                break
        return True

    def on_source(self, url: str) -> bool:
        return self.hosts is None or (urlsplit(url).hostname or "").lower() in self.hosts

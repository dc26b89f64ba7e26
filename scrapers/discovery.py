"""Listing discovery: walk a source's listing pages until they stop bringing unseen articles.

The walk takes a `fetch` callable, so it is plain logic over pages: the flow passes the real
transport, tests pass a dict. A nightly run on an unchanged site therefore asks for one listing
page per category, plus conditional requests for the articles on it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from scrapers import Site
from scrapers.records import BlockedError, FetchError, ListingItem, Page


@dataclass(frozen=True, slots=True)
class Discovery:
    """Article links found, in listing order, and the listing pages read to find them."""

    items: tuple[ListingItem, ...]
    pages: tuple[str, ...]
    errors: tuple[str, ...]


def discover(
    fetch: Callable[[str], Page],
    site: Site,
    listing_urls: Iterable[str],
    *,
    max_pages: int,
    known_ids: Collection[str],
) -> Discovery:
    """Read each listing from page 1 until a page brings no unseen id, has no next page, or
    `max_pages` is reached. A failure on page 1 is reported; a later 404 just ends that listing.
    `BlockedError` propagates: a blocked source stops at once."""
    items: dict[str, ListingItem] = {}
    pages: list[str] = []
    errors: list[str] = []
    for listing_url in listing_urls:
        for number in range(1, max_pages + 1):
            url = site.listing_page_url(listing_url, number)
            try:
                page = fetch(url)
            except BlockedError:
                raise
            except FetchError as error:
                if number == 1 or error.status not in (404, 410):
                    errors.append(f"{url}: {error.reason}")
                break
            pages.append(url)
            listing = site.parse_listing(page)
            ids = [i.article_id for i in listing.items]
            unseen = [i for i in ids if i not in known_ids and i not in items]
            for item in listing.items:
                items.setdefault(item.article_id, item)
            if not unseen or listing.next_url is None:
                break
    return Discovery(items=tuple(items.values()), pages=tuple(pages), errors=tuple(errors))


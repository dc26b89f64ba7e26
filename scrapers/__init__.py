"""Scrapers: transport (`http`), typed records, shared cleaning (`text`), one module per site.

`get_site(name)` is the registry of site modules; each module satisfies the `Site` protocol.
"""

from __future__ import annotations

from typing import Protocol

from scrapers.records import Article, Listing, Page
from scrapers.sites import qdnd


class Site(Protocol):
    """What a site module provides: data (names, selectors) and pure functions of a page."""

    NAME: str
    PARSER_VERSION: str

    def parse(self, page: Page, *, source: str = ...) -> Article: ...

    def parse_listing(self, page: Page) -> Listing: ...

    def listing_page_url(self, listing_url: str, page: int) -> str: ...

    def article_id(self, url: str) -> str | None: ...

    def normalize_url(self, url: str) -> str: ...


SITES: dict[str, Site] = {qdnd.NAME: qdnd}


def get_site(name: str) -> Site:
    """The parser module for a `site` named in sources.toml."""
    try:
        return SITES[name]
    except KeyError:
        raise KeyError(f"unknown site {name!r} (known: {', '.join(sorted(SITES))})") from None

"""Scrapers: transport (`http`), typed records, shared cleaning (`text`), one module per site.

`get_site(name)` finds a site module by name; each module satisfies the `Site` protocol.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from scrapers.records import Article, Listing, Page


class Site(Protocol):
    """What a site module provides: data (names, selectors) and pure functions of a page."""

    NAME: str
    PARSER_VERSION: str

    def parse(self, page: Page, *, source: str = ...) -> Article: ...

    def parse_listing(self, page: Page) -> Listing: ...

    def prime_urls(self, listing_urls: Sequence[str]) -> tuple[str, ...]: ...

    def listing_page_url(self, listing_url: str, page: int) -> str | None: ...

    def article_id(self, url: str) -> str | None: ...

    def normalize_url(self, url: str) -> str: ...


def get_site(name: str) -> Site:
    """The parser module `scrapers/sites/<name>.py` for a `site` named in sources.toml.

    Modules are found by name, so adding a site touches no registry: one module, one fixture
    folder, one config entry.
    """
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise KeyError(f"invalid site name {name!r}")
    try:
        module = importlib.import_module(f"scrapers.sites.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"scrapers.sites.{name}":
            raise
        raise KeyError(f"unknown site {name!r} (known: {', '.join(site_names())})") from None
    site: Site = module  # a module; its shape is checked against `Site` in the tests
    return site


def site_names() -> tuple[str, ...]:
    """Every site module in `scrapers/sites/`."""
    folder = Path(__file__).resolve().parent / "sites"
    return tuple(sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_")))

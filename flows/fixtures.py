"""Fixtures: records as JSON (what `vnnews parse` prints and golden files hold) and `record`.

`record` fetches one live page through the normal transport and keeps it as a fixture: gzipped
under `tests/fixtures/<source>/recorded/`, listed in `pages.txt` (or `listings.txt`), with its
parsed JSON written as the golden file to review. A page that no longer parses is still saved, so
the parser can be fixed against it.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from config import SourceConfig
from scrapers import Site, get_site
from scrapers.http import Fetcher
from scrapers.records import Article, Listing, ParseError


def article_json(article: Article) -> dict[str, Any]:
    """The record as JSON: every field plus the canonical text and its hashes."""
    data = asdict(article)
    for key in ("published_at", "updated_at"):
        value = data[key]
        data[key] = value.isoformat() if value else None
    data["text"] = article.text
    data["content_hash"] = article.content_hash
    data["digest"] = article.digest
    return data


def listing_json(listing: Listing) -> dict[str, Any]:
    items = [
        {"url": i.url, "article_id": i.article_id, "title": i.title,
         "published_at": i.published_at.isoformat() if i.published_at else None}
        for i in listing.items
    ]
    return {"url": listing.url, "items": items, "next_url": listing.next_url}


def golden_name(site: Site, url: str) -> str:
    """Golden file stem of an article fixture: the site's id, else the URL's last segment."""
    return site.article_id(url) or url.rstrip("/").rsplit("/", 1)[-1] or "index"


def read_index(index: Path) -> list[tuple[str, str]]:
    """`<url> <path relative to tests/>` lines of a pages.txt / listings.txt."""
    if not index.exists():
        return []
    rows = []
    for line in index.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            url, relative = line.split()
            rows.append((url, relative))
    return rows


@dataclass(frozen=True, slots=True)
class Recorded:
    page: Path
    golden: Path
    error: str | None = None


def record(
    source: SourceConfig, url: str, fixtures: Path, fetcher: Fetcher, *, listing: bool = False
) -> Recorded:
    """Fetch `url`, save it and its parsed JSON; ValueError for a URL off the source's hosts."""
    host = (urlsplit(url).hostname or "").lower()
    if host not in source.hosts:
        raise ValueError(f"{url} is not on {source.name}'s hosts ({', '.join(source.hosts)})")
    site = get_site(source.site)
    page = fetcher.get(url)
    folder = fixtures / source.name
    index = folder / ("listings.txt" if listing else "pages.txt")
    rows = read_index(index)
    stem = golden_name(site, url)
    saved = folder / "recorded" / f"{'listing-' if listing else ''}{stem}.html.gz"
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_bytes(gzip.compress(page.text.encode("utf-8"), mtime=0))
    relative = saved.relative_to(fixtures.parent).as_posix()
    rows = [row for row in rows if row[0] != url]
    rows.append((url, relative))
    index.write_text("".join(f"{u} {p}\n" for u, p in rows), "utf-8")
    golden = folder / (f"listing-{len(rows)}.json" if listing else f"{stem}.json")
    try:
        data = (
            listing_json(site.parse_listing(page))
            if listing
            else article_json(site.parse(page, source=source.name))
        )
    except ParseError as error:
        return Recorded(saved, golden, error.reason)
    golden.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return Recorded(saved, golden)

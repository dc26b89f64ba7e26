"""RSS 2.0, Atom and XML sitemaps, parsed as XML with `defusedxml` (entity expansion refused).

Sites call `parse_feed` from their `parse_listing` when a listing is a feed or a sitemap; it knows
no site: the caller passes how to read an article id from a URL and how to normalise a URL.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from scrapers.dom import VN_TZ, parse_iso
from scrapers.records import Listing, ListingItem, Page, ParseError
from scrapers.text import normalize_inline


def looks_like_xml(page: Page) -> bool:
    head = page.text.lstrip()[:200].lower()
    return head.startswith(("<?xml", "<rss", "<feed", "<urlset", "<sitemapindex"))


def parse_feed(
    page: Page,
    article_id: Callable[[str], str | None],
    normalize_url: Callable[[str], str],
) -> Listing:
    """Article links of an RSS/Atom feed or a sitemap, in document order, deduplicated by id."""
    try:
        root = ElementTree.fromstring(page.text.encode("utf-8"))
    except DefusedXmlException as error:
        raise ParseError(page.url, f"feed: refused unsafe XML ({type(error).__name__})") from None
    except ElementTree.ParseError as error:
        raise ParseError(page.url, f"feed: not well-formed XML ({error})") from None
    items: list[ListingItem] = []
    seen: set[str] = set()
    for url, guid, title, published in _entries(root):
        ident = article_id(url) or (article_id(guid) if guid else None)
        if ident is None or ident in seen:
            continue
        seen.add(ident)
        items.append(ListingItem(normalize_url(url), ident, title, published))
    return Listing(url=page.url, items=tuple(items))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _entries(root: Element) -> list[tuple[str, str, str, datetime | None]]:
    """(link, guid, title, published) of every entry; the guid may carry the id (`?p=123`)."""
    kind = _local(root.tag)
    found: list[tuple[str, str, str, datetime | None]] = []
    if kind == "rss":
        for item in root.iter():
            if _local(item.tag) == "item":
                guid = _child_text(item, "guid")
                link = _child_text(item, "link") or guid
                when = _rfc822(_child_text(item, "pubDate"))
                found.append((link, guid, _title(_child_text(item, "title")), when))
    elif kind == "feed":
        for entry in root:
            if _local(entry.tag) != "entry":
                continue
            link = next(
                (c.get("href", "") for c in entry
                 if _local(c.tag) == "link" and c.get("rel", "alternate") == "alternate"),
                "",
            )
            when = parse_iso(_child_text(entry, "published") or _child_text(entry, "updated"))
            guid = _child_text(entry, "id")
            found.append((link, guid, _title(_child_text(entry, "title")), when))
    elif kind == "urlset":
        for url in root:
            if _local(url.tag) == "url":
                lastmod = parse_iso(_child_text(url, "lastmod"))
                found.append((_child_text(url, "loc"), "", "", lastmod))
    return [(link.strip(), guid, title, when) for link, guid, title, when in found if link.strip()]


def _title(text: str) -> str:
    return normalize_inline(html.unescape(text))


def _rfc822(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.replace(tzinfo=VN_TZ) if parsed.tzinfo is None else parsed.astimezone(VN_TZ)

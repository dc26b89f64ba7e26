"""Feeds and sitemaps are parsed as XML, safely; discovery falls back and primes."""

from __future__ import annotations

import pytest

from scrapers.discovery import discover
from scrapers.feeds import parse_feed
from scrapers.records import FetchError, Page, ParseError
from scrapers.sites import qdnd

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>QĐND</title>
<item><title>Bài &amp;quot;một&amp;quot;</title>
<link>https://www.qdnd.vn/chinh-tri/tin-tuc/bai-mot-1015001?utm_source=rss</link>
<pubDate>Thu, 16 Jan 2025 09:35:00 +0700</pubDate></item>
<item><title>Bài hai</title><link>https://www.qdnd.vn/chinh-tri/tin-tuc/bai-hai-1015002</link>
<pubDate>Thu, 16 Jan 2025 02:00:00 GMT</pubDate></item>
<item><title>Ngoài trang</title><link>https://example.com/khac-1015003</link></item>
</channel></rss>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><title>&lol3;</title><link>https://www.qdnd.vn/a/b-1015001</link></item>
</channel></rss>"""


def test_rss_items_normalised_with_local_dates() -> None:
    listing = qdnd.parse_listing(Page.saved("https://www.qdnd.vn/rss/cate/chinh-tri.rss", RSS))
    assert [i.article_id for i in listing.items] == ["1015001", "1015002"]
    assert listing.items[0].url == "https://www.qdnd.vn/chinh-tri/tin-tuc/bai-mot-1015001"
    assert listing.items[0].title == 'Bài "một"'
    assert listing.items[0].published_at is not None
    assert listing.items[0].published_at.isoformat() == "2025-01-16T09:35:00+07:00"
    assert listing.items[1].published_at is not None
    assert listing.items[1].published_at.isoformat() == "2025-01-16T09:00:00+07:00"
    assert listing.next_url is None
    assert qdnd.listing_page_url("https://www.qdnd.vn/rss/cate/chinh-tri.rss", 2) is None


def test_entity_bomb_and_malformed_xml_refused() -> None:
    page = Page.saved("https://www.qdnd.vn/rss/cate/x.rss", BOMB)
    with pytest.raises(ParseError, match="unsafe XML"):
        parse_feed(page, qdnd.article_id, qdnd.normalize_url)
    with pytest.raises(ParseError, match="not well-formed"):
        parse_feed(Page.saved("https://www.qdnd.vn/rss/cate/x.rss", "<?xml version='1.0'?><rss>"),
                   qdnd.article_id, qdnd.normalize_url)


def test_sitemap_and_atom() -> None:
    sitemap = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://www.qdnd.vn/a/b-1015009</loc><lastmod>2025-01-16T09:35:00+07:00"
        "</lastmod></url></urlset>"
    )
    listing = parse_feed(Page.saved("https://www.qdnd.vn/sitemap.xml", sitemap), qdnd.article_id,
                         qdnd.normalize_url)
    assert [i.article_id for i in listing.items] == ["1015009"]
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>'
        '<link rel="alternate" href="https://www.qdnd.vn/a/b-1015010"/>'
        "<published>2025-01-16T09:35:00+07:00</published></entry></feed>"
    )
    listing = parse_feed(Page.saved("https://www.qdnd.vn/f.xml", atom), qdnd.article_id,
                         qdnd.normalize_url)
    assert [i.article_id for i in listing.items] == ["1015010"]


def test_prime_urls_for_feeds_only() -> None:
    assert qdnd.prime_urls(["https://www.qdnd.vn/rss/cate/chinh-tri.rss"]) == (
        "https://www.qdnd.vn/rss",
    )
    assert qdnd.prime_urls(["https://www.qdnd.vn/chinh-tri"]) == ()


def test_discovery_primes_then_reads_feed_and_falls_back() -> None:
    asked: list[str] = []
    feed = "https://www.qdnd.vn/rss/cate/chinh-tri.rss"

    def fetch(url: str) -> Page:
        asked.append(url)
        if url == feed:
            return Page.saved(url, RSS)
        if url == "https://www.qdnd.vn/rss":
            return Page.saved(url, "<html>rss</html>")
        raise FetchError(url, "HTTP 404", status=404)

    found = discover(fetch, qdnd, ["https://www.qdnd.vn/closed"], max_pages=3, known_ids=set(),
                     fallback_urls=[feed], prime_urls=qdnd.prime_urls([feed]))
    assert asked == ["https://www.qdnd.vn/rss", "https://www.qdnd.vn/closed", feed]
    assert [i.article_id for i in found.items] == ["1015001", "1015002"]
    assert found.errors == ("https://www.qdnd.vn/closed: HTTP 404",)


def test_guid_gives_the_id_when_the_link_does_not() -> None:
    from scrapers.sites import wordpress

    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><item><title>T</title>'
        "<link>https://quankhu2.invalid/bai-viet-moi/</link>"
        '<guid isPermaLink="false">https://quankhu2.invalid/?p=321</guid></item></channel></rss>'
    )
    listing = parse_feed(Page.saved("https://quankhu2.invalid/feed/", feed),
                         wordpress.article_id, wordpress.normalize_url)
    assert [i.article_id for i in listing.items] == ["321"]


def test_403_on_a_listing_with_fallbacks_falls_back() -> None:
    from scrapers.records import BlockedError

    asked: list[str] = []
    feed = "https://www.qdnd.vn/rss/cate/chinh-tri.rss"

    def fetch(url: str) -> Page:
        asked.append(url)
        if url == feed:
            return Page.saved(url, RSS)
        raise BlockedError(url, "HTTP 403: access denied", status=403)

    found = discover(fetch, qdnd, ["https://www.qdnd.vn/api"], max_pages=2, known_ids=set(),
                     fallback_urls=[feed])
    assert [i.article_id for i in found.items] == ["1015001", "1015002"]
    with pytest.raises(BlockedError):
        discover(fetch, qdnd, ["https://www.qdnd.vn/api"], max_pages=2, known_ids=set())

"""qdnd.vn RSS: the snapshot's feed (a guess: no real qdnd.vn feed is known, sites.md §3.3),
feed pagination and cookie priming, and unsafe or malformed XML.

`tests/snapshots/qdnd/expected-rss.json` was written from the snapshot generator's data.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import config
from flows.pipeline import make_fetcher
from scrapers.discovery import discover
from scrapers.records import Page, ParseError
from scrapers.replay import ReplayOptions, ReplayServer
from scrapers.sites import qdnd

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "qdnd"
FEEDS: dict[str, Any] = json.loads((SNAPSHOT / "expected-rss.json").read_text("utf-8"))
FEED = FEEDS["feeds"][0]
FEED_URL: str = FEED["url"]
ARTICLES = {
    a["id"]: a
    for a in json.loads((SNAPSHOT / "expected.json").read_text("utf-8"))["articles"]
}


def feed_page(text: str | None = None) -> Page:
    if text is None:
        text = (SNAPSHOT / "www.qdnd.vn" / FEED["path"].strip("/")).read_text("utf-8")
    return Page.saved(FEED_URL, text)


def test_feed_items_in_order_normalised_with_local_dates() -> None:
    listing = qdnd.parse_listing(feed_page())
    assert listing.url == FEED_URL and listing.next_url is None
    want = FEED["items"]
    assert [i.article_id for i in listing.items] == [w["id"] for w in want]
    for item, expected in zip(listing.items, want, strict=True):
        assert item.url == expected["url"]  # https, www, no utm_*, no fragment
        assert "?" not in item.url and "#" not in item.url
        assert item.title == expected["title"]  # entities decoded, one or two layers
        assert item.published_at == datetime.fromisoformat(expected["published_at"])
        assert item.published_at is not None
        assert item.published_at.utcoffset() == timedelta(hours=7)


def test_feed_items_agree_with_the_article_oracle() -> None:
    """The feed lists snapshot articles under their canonical URL and their own publish time."""
    for item in FEED["items"]:
        article = ARTICLES[item["id"]]
        assert (item["url"], item["title"], item["published_at"]) == (
            article["url"], article["title"], article["published_at"]
        )
    assert [i["published_at"] for i in FEED["items"]] == sorted(
        (i["published_at"] for i in FEED["items"]), reverse=True
    )  # newest first


def test_feed_raw_forms() -> None:
    """The raw feed really carries what the parser must undo."""
    raw = feed_page().text
    assert "utm_source=rss" in raw and "http://qdnd.vn/" in raw and "<link/>" in raw
    assert "&amp;#" in raw and "&acirc;" in raw and "&#7897;" in raw
    assert "+0700</pubDate>" in raw


def test_a_feed_has_one_page() -> None:
    assert qdnd.listing_page_url(FEED_URL, 1) == FEED_URL
    assert qdnd.listing_page_url(FEED_URL, 2) is None
    assert qdnd.listing_page_url("https://www.qdnd.vn/sitemap.xml", 2) is None


def test_prime_urls_visit_the_feed_index_once_per_host() -> None:
    assert qdnd.prime_urls([FEED_URL]) == ("https://www.qdnd.vn/rss",)
    assert qdnd.prime_urls(
        [FEED_URL, "https://www.qdnd.vn/rss/cate/chinh-tri-3429.rss", "https://www.qdnd.vn/chinh-tri"]
    ) == ("https://www.qdnd.vn/rss",)
    assert qdnd.prime_urls(["https://www.qdnd.vn/chinh-tri"]) == ()
    assert FEED["prime"] == "https://www.qdnd.vn/rss"
    index = (SNAPSHOT / "www.qdnd.vn" / "rss" / "index.html").read_text("utf-8")
    assert f'href="{FEED["path"]}"' in index


BILLION_LAUGHS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Quốc phòng an ninh</title>
<item><title>&lol9;</title>
<link>https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-viet-1015061</link>
<pubDate>Thu, 16 Jan 2025 17:10:00 +0700</pubDate></item>
</channel></rss>
"""

EXTERNAL_ENTITY = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&secret;</title>
<link>https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-viet-1015061</link></item></channel></rss>
"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "xxe"])
def test_entity_declarations_are_refused_without_expanding(xml: str) -> None:
    """defusedxml refuses the DTD's entity declarations as it reads them, before any reference
    is expanded (10^9 'lol's would take gigabytes and minutes): a fast ParseError, no items."""
    started = time.perf_counter()
    with pytest.raises(ParseError, match=r"feed: refused unsafe XML \(EntitiesForbidden\)") as info:
        qdnd.parse_listing(feed_page(xml))
    assert time.perf_counter() - started < 1.0
    assert info.value.url == FEED_URL
    assert "lol" not in str(info.value) and "root:" not in str(info.value)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda xml: xml[: len(xml) // 2],  # cut off mid-document
        lambda xml: xml.replace("</channel>", "", 1),  # unclosed element
        lambda xml: xml.replace("<link/>", "<link>a & b</link>", 1),  # bare ampersand
    ],
    ids=["truncated", "unclosed", "bare-ampersand"],
)
def test_malformed_feed_is_a_parse_error(mangle: Any) -> None:
    with pytest.raises(ParseError, match="feed: not well-formed XML"):
        qdnd.parse_listing(feed_page(mangle(feed_page().text)))


def test_feed_through_the_cookie_gate() -> None:
    """Discovery through the real transport: `/rss` is fetched first (it sets the cookie, as on
    the live site), then the feed; one feed page, every item found."""
    cfg = config.load(environ={})
    source = cfg.source("qdnd")
    with ReplayServer(SNAPSHOT, options=ReplayOptions(cookie_gate=True)) as server, make_fetcher(
        cfg, [source], host_map=server.host_map(), requests_per_second=100
    ) as fetcher:
        found = discover(
            fetcher.get,
            qdnd,
            [FEED_URL],
            max_pages=5,
            known_ids=(),
            prime_urls=qdnd.prime_urls([FEED_URL]),
        )
        requests = server.requests
    assert found.errors == () and found.pages == (FEED_URL,)
    assert [i.article_id for i in found.items] == [i["id"] for i in FEED["items"]]
    # The replay gates every path (the first request, robots.txt, gets the 302 and the cookie);
    # then the priming `/rss` and the feed, each sent with the cookie.
    assert [(r.path, r.status) for r in requests] == [
        ("/robots.txt", 302), ("/robots.txt", 200), ("/rss", 200), (FEED["path"], 200)
    ]
    assert all("muid_mly=" in r.headers.get("cookie", "") for r in requests[1:])

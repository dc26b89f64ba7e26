"""Listing discovery: `/p/N` pagination and the stop rules, over pages held in a dict."""

from __future__ import annotations

from datetime import datetime

import pytest

from scrapers.discovery import discover
from scrapers.records import BlockedError, FetchError, Page
from scrapers.sites import qdnd

BASE = "https://www.qdnd.vn/quoc-phong-an-ninh"


def listing(ids: list[int], *, next_page: int | None) -> str:
    articles = "".join(
        f'<article><h3><a href="/quoc-phong-an-ninh/tin-tuc/bai-{i}-{i}">Bài {i}</a></h3>'
        f'<p class="hidden-xs pubdate">16/01/2025 09:{i % 60:02d}</p></article>'
        for i in ids
    )
    pager = (
        f'<div class="ex_page"><a href="/quoc-phong-an-ninh/p/{next_page}">'
        f'<i class="fa fa-angle-right"></i></a></div>'
        if next_page
        else ""
    )
    aside = '<aside><a href="/chinh-tri/tin-tuc/khac-9999999">Khác</a></aside>'
    return f'<div class="list-news-category">{articles}</div>{pager}{aside}'


class Site:
    def __init__(self, pages: dict[str, str]) -> None:
        self.pages = pages
        self.asked: list[str] = []

    def fetch(self, url: str) -> Page:
        self.asked.append(url)
        if url not in self.pages:
            raise FetchError(url, "HTTP 404", status=404)
        return Page.saved(url, self.pages[url])


@pytest.fixture()
def site() -> Site:
    return Site({
        BASE: listing([100001, 100002, 100003], next_page=2),
        f"{BASE}/p/2": listing([100004, 100005], next_page=3),
        f"{BASE}/p/3": listing([100006], next_page=None),
    })


def test_first_run_walks_every_page(site: Site) -> None:
    found = discover(site.fetch, qdnd, [BASE], max_pages=10, known_ids=set())
    assert [i.article_id for i in found.items] == [str(n) for n in range(100001, 100007)]
    assert site.asked == [BASE, f"{BASE}/p/2", f"{BASE}/p/3"]
    assert found.items[0].url == "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-100001-100001"
    assert found.items[0].published_at == datetime.fromisoformat("2025-01-16T09:41:00+07:00")


def test_stops_at_first_page_with_nothing_unseen(site: Site) -> None:
    known = {"100001", "100002", "100003"}
    found = discover(site.fetch, qdnd, [BASE], max_pages=10, known_ids=known)
    assert site.asked == [BASE]
    # The known articles on that page are still returned: conditional GETs catch edits.
    assert len(found.items) == 3


def test_new_article_on_page_one_reads_until_known(site: Site) -> None:
    known = {"100002", "100003", "100004", "100005"}
    discover(site.fetch, qdnd, [BASE], max_pages=10, known_ids=known)
    assert site.asked == [BASE, f"{BASE}/p/2"]


def test_page_limit(site: Site) -> None:
    discover(site.fetch, qdnd, [BASE], max_pages=2, known_ids=set())
    assert site.asked == [BASE, f"{BASE}/p/2"]


def test_missing_later_page_ends_quietly_missing_first_page_is_an_error(site: Site) -> None:
    del site.pages[f"{BASE}/p/3"]
    found = discover(site.fetch, qdnd, [BASE, "https://www.qdnd.vn/khong-co"], max_pages=5,
                     known_ids=set())
    assert len(found.items) == 5
    assert found.errors == ("https://www.qdnd.vn/khong-co: HTTP 404",)


def test_blocked_stops_everything() -> None:
    def fetch(url: str) -> Page:
        raise BlockedError(url, "cookie gate loop")

    with pytest.raises(BlockedError):
        discover(fetch, qdnd, [BASE], max_pages=3, known_ids=set())


def test_article_ids_and_urls() -> None:
    assert qdnd.article_id("https://www.qdnd.vn/chinh-tri/tin-tuc/slug-1015027") == "1015027"
    assert qdnd.article_id("https://www.qdnd.vn/tag/quoc-phong-an-ninh-1588.html") is None
    assert qdnd.article_id("https://example.com/chinh-tri/tin-tuc/slug-1015027") is None
    assert qdnd.article_id("https://www.qdnd.vn/chinh-tri") is None
    assert (
        qdnd.normalize_url("http://qdnd.vn/chinh-tri/tin-tuc/slug-640236/?utm_source=x#top")
        == "https://www.qdnd.vn/chinh-tri/tin-tuc/slug-640236"
    )
    assert qdnd.listing_page_url(BASE, 1) == BASE
    assert qdnd.listing_page_url(BASE + "/", 4) == f"{BASE}/p/4"

"""qdnd.vn parser against the snapshot's independently written expectations.

`tests/snapshots/qdnd/expected.json` was written from the snapshot generator's data, not from the
parser, so it is an oracle (the golden records are checked in `test_fixtures.py`).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from scrapers.records import Page, ParseError
from scrapers.sites import qdnd

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "qdnd"
EXPECTED: dict[str, Any] = json.loads((SNAPSHOT / "expected.json").read_text("utf-8"))
ARTICLES = {a["id"]: a for a in EXPECTED["articles"]}


def page(url: str, text: str) -> Page:
    return Page.saved(url, text)


def snapshot_file(url: str) -> Path:
    return SNAPSHOT / "www.qdnd.vn" / url.split("www.qdnd.vn/", 1)[1] / "index.html"


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_parse_matches_snapshot_expectations(ident: str) -> None:
    want = ARTICLES[ident]
    article = qdnd.parse(page(want["url"], snapshot_file(want["url"]).read_text("utf-8")))
    assert article.article_id == ident
    assert article.url == want["url"]
    assert article.title == want["title"]
    assert article.sapo == want["sapo"]
    assert article.dateline == want["dateline"]
    assert article.published_at == datetime.fromisoformat(want["published_at"])
    assert article.byline == want["byline"]
    assert list(article.authors) == want["authors"]
    assert list(article.paragraphs) == want["paragraphs"]
    assert list(article.tags) == want["tags"]
    images = [{"url": i.url, "caption": i.caption, "credit": i.credit} for i in article.images]
    assert images == want["images"]
    assert article.original_url == want["original_url"]
    text = article.text
    for noise in ("leftcenterrightdel", "Mời bạn đọc", "ngày 22 tháng 11", "Tin liên quan"):
        assert noise not in text
    assert article.byline not in text


def test_republication_points_to_original_and_shares_its_hash() -> None:
    copies = [a for a in ARTICLES.values() if a["original_url"]]
    assert copies
    for copy in copies:
        original = next(a for a in ARTICLES.values() if a["url"] == copy["original_url"])
        parsed_copy = qdnd.parse(page(copy["url"], snapshot_file(copy["url"]).read_text("utf-8")))
        parsed_original = qdnd.parse(
            page(original["url"], snapshot_file(original["url"]).read_text("utf-8"))
        )
        assert parsed_copy.original_url == original["url"]
        assert parsed_copy.content_hash == parsed_original.content_hash


@pytest.mark.parametrize("listing", EXPECTED["listings"], ids=lambda v: v["path"])
def test_listing_pages(listing: dict[str, Any]) -> None:
    url = "https://www.qdnd.vn" + listing["path"]
    path = SNAPSHOT / "www.qdnd.vn" / listing["path"].strip("/") / "index.html"
    parsed = qdnd.parse_listing(page(url, path.read_text("utf-8")))
    assert [i.article_id for i in parsed.items] == listing["ids"]
    expected_next = "https://www.qdnd.vn" + listing["next"] if listing["next"] else None
    assert parsed.next_url == expected_next
    for item in parsed.items:
        published = ARTICLES[item.article_id]["published_at"]
        assert item.published_at == datetime.fromisoformat(published)


def test_never_the_page_clock() -> None:
    html = (
        '<html><body><div class="header-date">Thứ Bảy, ngày 22 tháng 11 năm 2025</div>'
        '<aside><span class="pubdate">14/01/2025 08:00</span></aside>'
        '<h1 class="post-title">Tiêu đề</h1>'
        '<div class="post-head"><div class="post-subinfo">Thứ Năm, 16/01/2025 - 09:35</div></div>'
        '<div itemprop="articleBody"><p>Nội dung bài.</p></div></body></html>'
    )
    article = qdnd.parse(page("https://www.qdnd.vn/chinh-tri/tin-tuc/a-1015027", html))
    assert article.published_at == datetime.fromisoformat("2025-01-16T09:35:00+07:00")
    no_date = html.replace("Thứ Năm, 16/01/2025 - 09:35", "")
    assert qdnd.parse(page("https://www.qdnd.vn/chinh-tri/tin-tuc/a-1015027", no_date)
                      ).published_at is None


@pytest.mark.parametrize(
    ("url", "html", "field"),
    [
        ("https://www.qdnd.vn/chinh-tri", '<h1 class="post-title">T</h1>', "article id"),
        ("https://www.qdnd.vn/a/b-1015027", '<div itemprop="articleBody"><p>x</p></div>', "title"),
        ("https://www.qdnd.vn/a/b-1015027", '<h1 class="post-title">T</h1><div>x</div>', "body"),
    ],
)
def test_parse_errors_name_the_field(url: str, html: str, field: str) -> None:
    with pytest.raises(ParseError, match=field):
        qdnd.parse(page(url, f"<html><body>{html}</body></html>"))


@pytest.mark.parametrize("modified", ["5", '["2025-01-16T10:00:00+07:00"]', '{"a": 1}', '"  "'])
def test_a_json_ld_modified_date_that_is_not_a_string_falls_back_to_the_meta(
    modified: str,
) -> None:
    html = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
        f' "dateModified": {modified}}}</script>'
        '<meta property="article:modified_time" content="2025-01-16T10:30:00+07:00"></head>'
        '<body><div itemprop="articleBody"><p>Nội dung bài.</p></div></body></html>'
    )
    article = qdnd.parse(page("https://www.qdnd.vn/chinh-tri/tin-tuc/a-1015027", html))
    assert article.updated_at == datetime.fromisoformat("2025-01-16T10:30:00+07:00")

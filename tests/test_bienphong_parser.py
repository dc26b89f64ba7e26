"""bienphong.com.vn parser against the snapshot's independently written expectations.

`tests/snapshots/bienphong/expected.json` was written from the snapshot generator's data, not from
the parser, so it is an oracle (the golden records are checked in `test_fixtures.py`). The markup
is a best guess modelled on sites.md §8.2 (see the snapshot's MANIFEST.md).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from scrapers.records import Page, ParseError
from scrapers.sites import bienphong

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "bienphong"
HOST_DIR = SNAPSHOT / "www.bienphong.com.vn"
SITE = "https://www.bienphong.com.vn"
EXPECTED: dict[str, Any] = json.loads((SNAPSHOT / "expected.json").read_text("utf-8"))
ARTICLES = {a["id"]: a for a in EXPECTED["articles"]}
# Chrome and noise that must never reach the canonical text.
NOISE = (
    "22/11/2025",  # header clock and sidebar times
    "Thứ Bảy",
    "Tin liên quan",
    "Các tin khác",
    "Xem thêm",
    "Quảng cáo",
    "Đọc nhiều",
    "Lượt xem",
    "Từ khóa",
    "Chia sẻ",
    "Ý kiến bạn đọc",
    "Gửi bình luận",
    "bình luận",
    "Cơ quan của Đảng ủy",
    "Ghi rõ nguồn",
    "bpAds",
    "BP - ",
)


def page(url: str, text: str) -> Page:
    return Page.saved(url, text)


def snapshot_file(url: str) -> Path:
    return HOST_DIR / url.split("www.bienphong.com.vn/", 1)[1] / "index.html"


def parse_snapshot(ident: str) -> Any:
    url = ARTICLES[ident]["url"]
    return bienphong.parse(page(url, snapshot_file(url).read_text("utf-8")))


# --- articles --------------------------------------------------------------------------------


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_parse_matches_snapshot_expectations(ident: str) -> None:
    want = ARTICLES[ident]
    article = parse_snapshot(ident)
    assert article.article_id == ident
    assert article.url == want["url"]
    assert article.title == want["title"]
    assert article.sapo == want["sapo"]
    assert article.dateline == want["dateline"]
    assert article.published_at == datetime.fromisoformat(want["published_at"])
    updated = want["updated_at"]
    assert article.updated_at == (datetime.fromisoformat(updated) if updated else None)
    assert article.byline == want["byline"]
    assert list(article.authors) == want["authors"]
    assert list(article.paragraphs) == want["paragraphs"]
    assert list(article.tags) == want["tags"]
    assert article.category == want["category"]
    images = [{"url": i.url, "caption": i.caption, "credit": i.credit} for i in article.images]
    assert images == want["images"]
    assert article.original_url == want["original_url"]
    assert article.source == "bienphong" and article.parser_version == bienphong.PARSER_VERSION


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_noise_stays_out_of_the_text(ident: str) -> None:
    want = ARTICLES[ident]
    text = parse_snapshot(ident).text
    for noise in NOISE:
        assert noise not in text, noise
    assert want["byline"] not in text.split("\n\n")
    assert want["date_element"] not in text
    for image in want["images"]:
        if image["caption"]:
            assert image["caption"] not in text
        if image["credit"]:
            assert f"Ảnh: {image['credit']}" not in text
    for tag in want["tags"]:
        assert tag not in text.split("\n\n")


def test_snapshot_covers_both_layouts() -> None:
    layouts = [a["layout"] for a in ARTICLES.values()]
    assert layouts.count("current") >= 1 and layouts.count("old") >= 1
    for ident, want in ARTICLES.items():
        html = snapshot_file(want["url"]).read_text("utf-8")
        marker = "cms-body" if want["layout"] == "current" else "bp-detail-text-content"
        assert marker in html, ident


def test_changed_layout_raises_naming_the_body() -> None:
    """A redesign that renames the body class must fail loudly, not store an empty article."""
    for ident in ("523431", "434512"):
        want = ARTICLES[ident]
        html = snapshot_file(want["url"]).read_text("utf-8")
        html = html.replace("cms-body", "detail__content").replace(
            "bp-detail-text-content", "detail__content"
        )
        with pytest.raises(ParseError, match="body"):
            bienphong.parse(page(want["url"], html))


@pytest.mark.parametrize(
    ("url", "html", "field"),
    [
        (f"{SITE}/chinh-tri/", '<h1 class="cms-title">T</h1>', "article id"),
        (f"{SITE}/a-post1.html", '<div class="cms-body"><p>Nội dung.</p></div>', "title"),
        (f"{SITE}/a-post1.html", '<h1 class="cms-title">T</h1><div>x</div>', "body"),
        (f"{SITE}/a-post1.html", '<h1 class="cms-title">T</h1><div class="cms-body"></div>',
         "body"),
    ],
)
def test_parse_errors_name_the_field(url: str, html: str, field: str) -> None:
    with pytest.raises(ParseError, match=field):
        bienphong.parse(page(url, f"<html><body>{html}</body></html>"))


# --- dates -----------------------------------------------------------------------------------

CLOCKED = (
    '<html><body><header><span class="header__date">Thứ Bảy, 22/11/2025</span></header>'
    '<aside><time class="story__time">22/11/2025 07:30</time></aside>'
    '<h1 class="cms-title">Tiêu đề</h1>'
    '<div class="article__meta"><time class="time">{date}</time></div>'
    '<div class="cms-body"><p>Nội dung bài.</p></div></body></html>'
)


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("19/11/2025 15:40", "2025-11-19T15:40:00+07:00"),
        ("Thứ Tư, 19/11/2025 - 15:40", "2025-11-19T15:40:00+07:00"),
        ("15:40 | 19/11/2025", "2025-11-19T15:40:00+07:00"),
        ("19/11/2025", "2025-11-19T00:00:00+07:00"),
        ("", None),
    ],
)
def test_never_the_page_clock(shown: str, expected: str | None) -> None:
    html = CLOCKED.replace("{date}", shown)
    article = bienphong.parse(page(f"{SITE}/tieu-de-post523001.html", html))
    assert article.published_at == (datetime.fromisoformat(expected) if expected else None)


def test_old_layout_date_element_and_clock() -> None:
    html = (
        '<html><body><div class="bp-header-date">Thứ Bảy, 22/11/2025</div>'
        '<h1 class="bp-detail-content-title-h1">Tiêu đề</h1>'
        '<span class="bp-date-time">09:30 | 12/03/2020</span>'
        '<div class="bp-detail-text-content"><p>Nội dung.</p></div></body></html>'
    )
    article = bienphong.parse(page(f"{SITE}/tieu-de-post431001.html", html))
    assert article.published_at == datetime.fromisoformat("2020-03-12T09:30:00+07:00")


def test_json_ld_wins_over_the_date_element() -> None:
    html = CLOCKED.replace("{date}", "01/01/2020 00:00").replace(
        "<html><body>",
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2025-11-21T01:15:00Z"}</script></head><body>',
    )
    article = bienphong.parse(page(f"{SITE}/tieu-de-post523001.html", html))
    assert article.published_at == datetime.fromisoformat("2025-11-21T08:15:00+07:00")


# --- bylines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "byline", "authors"),
    [
        ("<p><strong>Bài và ảnh: Minh Tuấn</strong></p>", "Bài và ảnh: Minh Tuấn", ["Minh Tuấn"]),
        ("<p>Tin, ảnh: PHẠM QUỲNH</p>", "Tin, ảnh: PHẠM QUỲNH", ["PHẠM QUỲNH"]),
        ("<p><strong>HOÀNG ANH – VĂN DŨNG</strong></p>", "HOÀNG ANH – VĂN DŨNG",
         ["HOÀNG ANH", "VĂN DŨNG"]),
        ('<p style="text-align:right">Lan Phương (tổng hợp)</p>', "Lan Phương (tổng hợp)",
         ["Lan Phương"]),
        ("<p><em>Theo Báo Lào Cai</em></p>", "Theo Báo Lào Cai", ["Báo Lào Cai"]),
        ('<p style="text-align: right;"><strong>Thu Hà, Minh Khang</strong></p>',
         "Thu Hà, Minh Khang", ["Thu Hà", "Minh Khang"]),
        # Not bylines: a closing sentence, a bold short sentence, a plain Title-Case line.
        ("<p>Buổi lễ kết thúc trong không khí vui tươi.</p>", None, []),
        ("<p><strong>Xin cảm ơn đồng chí!</strong></p>", None, []),
        ("<p>Hà Giang</p>", None, []),
    ],
)
def test_byline_forms(last: str, byline: str | None, authors: list[str]) -> None:
    html = (
        '<html><body><h1 class="cms-title">Tiêu đề</h1><div class="cms-body">'
        f"<p>Đoạn văn thứ nhất của bài.</p>{last}</div></body></html>"
    )
    article = bienphong.parse(page(f"{SITE}/tieu-de-post523001.html", html))
    assert article.byline == byline
    assert list(article.authors) == authors
    if byline:
        assert article.paragraphs == ("Đoạn văn thứ nhất của bài.",)


# --- listings --------------------------------------------------------------------------------


def listing_file(path: str) -> Path:
    if path.endswith(".rss"):
        return HOST_DIR / path.strip("/")
    folder, _, query = path.partition("?")
    name = f"index@{query}.html" if query else "index.html"
    return HOST_DIR / folder.strip("/") / name


@pytest.mark.parametrize("listing", EXPECTED["listings"], ids=lambda v: v["path"])
def test_listing_pages(listing: dict[str, Any]) -> None:
    url = SITE + listing["path"]
    parsed = bienphong.parse_listing(page(url, listing_file(listing["path"]).read_text("utf-8")))
    assert [i.article_id for i in parsed.items] == listing["ids"]
    assert parsed.next_url == (SITE + listing["next"] if listing["next"] else None)
    for item in parsed.items:
        want = ARTICLES[item.article_id]
        assert item.url == want["url"]  # normalised: www host, no utm parameters
        assert item.title == want["title"]
        assert item.published_at == datetime.fromisoformat(want["published_at"])


def test_feed_skips_videos_galleries_and_maps_the_bare_domain() -> None:
    text = (HOST_DIR / "rss" / "kinh-te.rss").read_text("utf-8")
    assert "/videos/" in text and "/tin-anh/" in text and "https://bienphong.com.vn/" in text
    parsed = bienphong.parse_listing(page(f"{SITE}/rss/kinh-te.rss", text))
    assert all(i.url.startswith(SITE + "/") and "?" not in i.url for i in parsed.items)
    assert not any("/videos/" in i.url or "/tin-anh/" in i.url for i in parsed.items)


def test_sidebar_links_are_not_listed() -> None:
    text = listing_file("/chinh-tri/").read_text("utf-8")
    assert "Đọc nhiều" in text and "post521877" in text
    parsed = bienphong.parse_listing(page(f"{SITE}/chinh-tri/", text))
    assert "521877" not in [i.article_id for i in parsed.items]


@pytest.mark.parametrize(
    ("listing", "n", "expected"),
    [
        (f"{SITE}/rss/kinh-te.rss", 1, f"{SITE}/rss/kinh-te.rss"),
        (f"{SITE}/rss/kinh-te.rss", 2, None),
        (f"{SITE}/chinh-tri/", 1, f"{SITE}/chinh-tri/"),
        (f"{SITE}/chinh-tri/", 2, f"{SITE}/chinh-tri/?page=2"),
        (f"{SITE}/chinh-tri", 3, f"{SITE}/chinh-tri/?page=3"),
        (f"{SITE}/chinh-tri/?page=2", 4, f"{SITE}/chinh-tri/?page=4"),
    ],
)
def test_listing_page_url(listing: str, n: int, expected: str | None) -> None:
    assert bienphong.listing_page_url(listing, n) == expected


def test_prime_urls_is_empty() -> None:
    assert bienphong.prime_urls([f"{SITE}/rss/kinh-te.rss", f"{SITE}/chinh-tri/"]) == ()


# --- URLs ------------------------------------------------------------------------------------

ARTICLE = f"{SITE}/sang-dep-hinh-anh-post473259.html"


@pytest.mark.parametrize(
    ("url", "ident", "normalized"),
    [
        (ARTICLE, "473259", ARTICLE),
        ("http://bienphong.com.vn/sang-dep-hinh-anh-post473259.html", "473259", ARTICLE),
        ("https://WWW.BienPhong.com.vn/sang-dep-hinh-anh-post473259.html", "473259", ARTICLE),
        (f"{ARTICLE}?utm_source=rss&utm_medium=feed", "473259", ARTICLE),
        (f"{ARTICLE}#box-comment", "473259", ARTICLE),
        (f"{SITE}/videos/tuan-tra-post523425.html", None,
         f"{SITE}/videos/tuan-tra-post523425.html"),
        (f"{SITE}/tin-anh/mua-vang-post523388.html", None,
         f"{SITE}/tin-anh/mua-vang-post523388.html"),
        (f"{SITE}/chinh-tri/", None, f"{SITE}/chinh-tri/"),
        (f"{SITE}/tag/lai-chau.html", None, f"{SITE}/tag/lai-chau.html"),
        ("https://files.bienphong.com.vn/bbpmedia/a-post1.html", None,
         "https://files.bienphong.com.vn/bbpmedia/a-post1.html"),
        ("https://www.qdnd.vn/a/b-post473259.html", None, "https://www.qdnd.vn/a/b-post473259.html"),
    ],
)
def test_article_id_and_normalize_url(url: str, ident: str | None, normalized: str) -> None:
    assert bienphong.article_id(url) == ident
    assert bienphong.normalize_url(url) == normalized

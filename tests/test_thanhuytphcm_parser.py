"""thanhuytphcm.vn parser against the snapshot's independently written expectations.

`tests/snapshots/thanhuytphcm/expected.json` was written from the snapshot generator's data, not
from the parser, so it is an oracle (the golden records are checked in `test_fixtures.py`). The
snapshot's markup is a best guess (no real page HTML is known): see its MANIFEST.md.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from scrapers.discovery import discover
from scrapers.records import FetchError, Page, ParseError
from scrapers.replay import ReplayServer
from scrapers.sites import thanhuytphcm as site

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "thanhuytphcm"
HOST = "www.thanhuytphcm.vn"
EXPECTED: dict[str, Any] = json.loads((SNAPSHOT / "expected.json").read_text("utf-8"))
ARTICLES = {a["id"]: a for a in EXPECTED["articles"]}
CLOCK = EXPECTED["clock"]


def page(url: str, text: str) -> Page:
    return Page.saved(url, text)


def snapshot_file(url: str) -> Path:
    """The file the replay server answers for `url` (query pages are `index@<query>.html`)."""
    parts = urlsplit(url)
    folder = SNAPSHOT / HOST / parts.path.strip("/")
    return folder / (f"index@{parts.query}.html" if parts.query else "index.html")


def parsed(ident: str) -> Any:
    url = ARTICLES[ident]["url"]
    return site.parse(page(url, snapshot_file(url).read_text("utf-8")))


# --- articles against the oracle -----------------------------------------------------------------


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_parse_matches_snapshot_expectations(ident: str) -> None:
    want = ARTICLES[ident]
    article = parsed(ident)
    assert article.article_id == ident
    assert article.url == want["url"]
    assert article.title == want["title"]
    assert article.sapo == want["sapo"]
    assert article.dateline == want["dateline"]
    published = want["published_at"]
    assert article.published_at == (datetime.fromisoformat(published) if published else None)
    assert article.byline == want["byline"]
    assert list(article.authors) == want["authors"]
    assert list(article.paragraphs) == want["paragraphs"]
    assert list(article.tags) == want["tags"]
    images = [{"url": i.url, "caption": i.caption, "credit": i.credit} for i in article.images]
    assert images == want["images"]
    assert article.original_url == want["original_url"]
    assert article.category == want["category"]


NOISE = (
    CLOCK,
    "ngày 22 tháng 11",
    "Ý kiến bạn đọc",
    "refresh",
    "Tổng lượt bình luận",
    "Tin khác",
    "Thông báo",
    "Tin xem nhiều",
    "Lượt xem",
    "Gửi bình luận",
    "Chia sẻ",
    "Từ khóa",
    "Trang chủ",
    "Ghi rõ nguồn",
    "(Thanhuytphcm.vn)",
)


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_noise_is_not_in_the_text(ident: str) -> None:
    want = ARTICLES[ident]
    text = parsed(ident).text
    for noise in NOISE:
        assert noise not in text, noise
    for image in want["images"]:
        assert image["caption"] not in text
        if image["credit"]:
            assert f"Ảnh: {image['credit']}" not in text
    if want["byline"]:
        assert not any(p == want["byline"] for p in text.split("\n\n"))
        assert not text.endswith(want["byline"])


def test_caption_printed_twice_is_kept_once() -> None:
    article = parsed("1491907325")
    caption = article.images[1].caption
    assert caption == "Bí thư Đảng ủy phường Lê Minh Đức kết luận hội nghị"
    assert article.images[0].caption == "Toàn cảnh hội nghị"  # the lead image comes first


def test_legacy_canonical_is_normalised_to_the_main_host() -> None:
    html = snapshot_file(ARTICLES["1491904102"]["url"]).read_text("utf-8")
    assert 'rel="canonical" href="https://hcmcpv.org.vn/tin-tuc/' in html
    legacy_url = ARTICLES["1491904102"]["url"].replace(HOST, "hcmcpv.org.vn") + "?utm_source=x"
    article = site.parse(page(legacy_url, html))
    assert article.url == ARTICLES["1491904102"]["url"]
    assert article.article_id == "1491904102"


# --- listings ------------------------------------------------------------------------------------


@pytest.mark.parametrize("listing", EXPECTED["listings"], ids=lambda v: v["path"])
def test_listing_pages(listing: dict[str, Any]) -> None:
    url = f"https://{HOST}{listing['path']}"
    result = site.parse_listing(page(url, snapshot_file(url).read_text("utf-8")))
    assert [i.article_id for i in result.items] == listing["ids"]
    expected_next = f"https://{HOST}{listing['next']}" if listing["next"] else None
    assert result.next_url == expected_next
    for item in result.items:
        want = ARTICLES[item.article_id]
        assert item.url == want["url"]  # aliases, utm_*, zarsrc, fragments and http all gone
        assert item.title == want["title"]
        published = want["published_at"]
        assert item.published_at == (datetime.fromisoformat(published) if published else None)


def test_listing_ignores_sidebars_and_off_site_links() -> None:
    html = (
        '<html><body><div class="list-news">'
        '<div class="news-item"><a href="https://www.qdnd.vn/chinh-tri/tin-tuc/a-1015058">A</a></div>'
        '<div class="news-item"><a href="https://stxdd.thanhuytphcm.vn/tin-tuc/b-1491901809">B</a></div>'
        '<div class="news-item"><a href="https://hcmcpv.org.vn/tin-tuc/-c-1491900001?utm_source=fb">C'
        '</a><span class="news-date">01/02/2025 08:15</span></div>'
        '<div class="news-item"><a href="/nhom-tin/quan-11-1197614622">Quận 11</a></div>'
        '</div><aside class="box-thongbao"><a href="/tin-tuc/d-1491900002">D</a></aside>'
        "</body></html>"
    )
    result = site.parse_listing(page(f"https://{HOST}/nhom-tin/x-1", html))
    assert [(i.url, i.article_id) for i in result.items] == [
        (f"https://{HOST}/tin-tuc/-c-1491900001", "1491900001")
    ]
    assert result.items[0].published_at == datetime.fromisoformat("2025-02-01T08:15:00+07:00")
    assert result.next_url is None


def test_discovery_walks_the_snapshot_through_the_pagination_scheme() -> None:
    server = ReplayServer(SNAPSHOT)  # not started: only its URL → file routing is used
    asked: list[str] = []

    def fetch(url: str) -> Page:
        asked.append(url)
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        path = server.file_for(parts.hostname or "", target)
        if path is None:
            raise FetchError(url, "404", status=404)
        return page(url, path.read_text("utf-8"))

    listings = [f"https://{HOST}/nhom-tin/xay-dung-dang-1491858110",
                f"https://{HOST}/nhom-tin/quoc-phong-an-ninh-1491858127"]
    found = discover(fetch, site, listings, max_pages=5, known_ids=())
    assert found.errors == ()
    assert asked == [listings[0], f"{listings[0]}?page=2", listings[1]]
    assert sorted(i.article_id for i in found.items) == sorted(ARTICLES)


# --- URLs and ids --------------------------------------------------------------------------------

ARTICLE_PATH = "/tin-tuc/-hi-hoa-van-hoa-ung-xu-tren-mang-xa-hoi-1491879789"


@pytest.mark.parametrize(
    ("url", "ident", "normalized"),
    [
        (f"https://www.thanhuytphcm.vn{ARTICLE_PATH}", "1491879789", None),
        (f"http://thanhuytphcm.vn{ARTICLE_PATH}/", "1491879789", None),
        (f"https://hcmcpv.org.vn{ARTICLE_PATH}?utm_source=fb&utm_medium=x", "1491879789", None),
        (f"http://WWW.HCMCPV.ORG.VN{ARTICLE_PATH}#binh-luan", "1491879789", None),
        (f"https://www.thanhuytphcm.vn{ARTICLE_PATH}?zarsrc=30&gidzl=abc", "1491879789", None),
        ("https://www.thanhuytphcm.vn/tin-tuc/dai-hoi-dang-bo-1454123456", "1454123456",
         "https://www.thanhuytphcm.vn/tin-tuc/dai-hoi-dang-bo-1454123456"),
        ("https://stxdd.thanhuytphcm.vn/tin-tuc/sinh-hoat-1491901809", None,
         "https://stxdd.thanhuytphcm.vn/tin-tuc/sinh-hoat-1491901809"),
        ("https://www.qdnd.vn/chinh-tri/tin-tuc/a-1015058", None,
         "https://www.qdnd.vn/chinh-tri/tin-tuc/a-1015058"),
        ("https://www.thanhuytphcm.vn/tin-tuc/ngan-1234567", None,
         "https://www.thanhuytphcm.vn/tin-tuc/ngan-1234567"),
        ("https://hcmcpv.org.vn/nhom-tin/quan-11-1197614622?page=2&utm_source=x", None,
         "https://www.thanhuytphcm.vn/nhom-tin/quan-11-1197614622?page=2"),
    ],
)
def test_article_ids_and_normalisation(url: str, ident: str | None, normalized: str | None) -> None:
    assert site.article_id(url) == ident
    assert site.normalize_url(url) == (normalized or f"https://www.thanhuytphcm.vn{ARTICLE_PATH}")
    assert site.normalize_url(site.normalize_url(url)) == site.normalize_url(url)


def test_listing_page_urls() -> None:
    base = "https://www.thanhuytphcm.vn/nhom-tin/quan-11-1197614622"
    assert site.listing_page_url(base, 1) == base
    assert site.listing_page_url(base, 3) == f"{base}?page=3"
    assert site.listing_page_url(f"{base}?page=2&utm_source=x", 1) == base
    assert site.listing_page_url("https://hcmcpv.org.vn/nhom-tin/quan-11-1197614622", 2) == (
        f"{base}?page=2"
    )
    assert site.prime_urls([base]) == ()


# --- dates, bylines, layout changes --------------------------------------------------------------


def synthetic(date_html: str, body: str = "<p>(Thanhuytphcm.vn) - Nội dung bài.</p>") -> str:
    return (
        f'<html><body><header><span class="header-date">{CLOCK}</span></header>'
        '<div class="news-detail"><h1 class="news-title">Tiêu đề</h1>'
        f'<div class="news-info">{date_html}</div><div class="news-content">{body}</div></div>'
        '<aside class="box-thongbao"><h3>Thông báo</h3><span class="news-date">21/11/2025</span>'
        "</aside></body></html>"
    )


URL = "https://www.thanhuytphcm.vn/tin-tuc/tieu-de-1491900003"


def test_never_the_page_clock() -> None:
    dated = site.parse(page(URL, synthetic('<span class="news-date">16/01/2025 09:35</span>')))
    assert dated.published_at == datetime.fromisoformat("2025-01-16T09:35:00+07:00")
    undated = site.parse(page(URL, synthetic('<span class="news-view">Lượt xem: 120</span>')))
    assert undated.published_at is None
    assert undated.sapo == "Nội dung bài." and undated.dateline == "(Thanhuytphcm.vn)"


def test_body_is_cut_at_the_comment_box_and_author_taken_from_the_last_line() -> None:
    body = (
        "<p>(Thanhuytphcm.vn) - Câu mở đầu.</p><p>Đoạn thứ hai của bài.</p><p>Thế Anh</p>"
        "<div>Ý kiến bạn đọc</div><div><i>refresh</i></div><div>Tổng lượt bình luận 3</div>"
        "<div>Tin khác</div><p>Một tin khác không thuộc bài.</p>"
    )
    article = site.parse(page(URL, synthetic("", body)))
    assert article.paragraphs == ("Đoạn thứ hai của bài.",)
    assert article.byline == "Thế Anh" and article.authors == ("Thế Anh",)


def test_a_notice_headed_thong_bao_keeps_its_text() -> None:
    body = "<p>Thông báo</p><p>THÔNG BÁO</p><p>Lịch tiếp công dân tháng 12 như sau.</p>"
    article = site.parse(page(URL, synthetic("", body)))
    assert article.paragraphs == (
        "Thông báo", "THÔNG BÁO", "Lịch tiếp công dân tháng 12 như sau."
    )


@pytest.mark.parametrize(
    ("last", "byline", "authors"),
    [
        ("Thế Anh", "Thế Anh", ("Thế Anh",)),
        ("Thu Hương - Quốc Bảo", "Thu Hương - Quốc Bảo", ("Thu Hương", "Quốc Bảo")),
        ("Tin, ảnh: Minh Khoa", "Tin, ảnh: Minh Khoa", ("Minh Khoa",)),
        ("Hội nghị kết thúc tốt đẹp.", None, ()),
        ("Kết luận", None, ()),
        ("Các đơn vị tiếp tục triển khai kế hoạch", None, ()),
    ],
)
def test_author_line(last: str, byline: str | None, authors: tuple[str, ...]) -> None:
    body = f"<p>(Thanhuytphcm.vn) - Câu mở đầu.</p><p>Đoạn giữa bài.</p><p>{last}</p>"
    article = site.parse(page(URL, synthetic("", body)))
    assert article.byline == byline
    assert article.authors == authors
    assert (last in article.paragraphs) == (byline is None)


@pytest.mark.parametrize(
    ("url", "html", "field"),
    [
        ("https://www.thanhuytphcm.vn/nhom-tin/quan-11-1197614622", synthetic(""), "article id"),
        (URL, synthetic("").replace('<h1 class="news-title">Tiêu đề</h1>', ""), "title"),
        (URL, synthetic("").replace("news-content", "noi-dung-bai-viet"), "body"),
        (URL, synthetic("", "<p>Ý kiến bạn đọc</p><p>Tổng lượt bình luận 0</p>"), "body"),
    ],
)
def test_parse_errors_name_the_field(url: str, html: str, field: str) -> None:
    with pytest.raises(ParseError, match=field):
        site.parse(page(url, html))


def test_changed_layout_of_a_snapshot_page_raises() -> None:
    url = ARTICLES["1491907325"]["url"]
    html = snapshot_file(url).read_text("utf-8").replace('class="news-content"', 'class="nd"')
    with pytest.raises(ParseError, match="body"):
        site.parse(page(url, html))

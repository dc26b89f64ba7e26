"""chinhsachquandoi.gov.vn parser against the snapshot's independently written expectations.

`tests/snapshots/chinhsach/expected.json` was written from the snapshot generator's data, not from
the parser, so it is an oracle (the golden records are checked in `test_fixtures.py`). The markup
is a best guess (no real page is known); the text rules come from seed 002 (sites.md §7, §9).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from scrapers.records import Page, ParseError
from scrapers.sites import chinhsach

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "chinhsach"
HOST_DIR = SNAPSHOT / "chinhsachquandoi.gov.vn"
EXPECTED: dict[str, Any] = json.loads((SNAPSHOT / "expected.json").read_text("utf-8"))
ARTICLES = {a["id"]: a for a in EXPECTED["articles"]}
SITE = "https://chinhsachquandoi.gov.vn"


def page(url: str, text: str) -> Page:
    return Page.saved(url, text)


def snapshot_file(path: str) -> Path:
    """The replay file of a site path (`/x.htm?page=2` → `x.htm/index@page=2.html`)."""
    base, _, query = path.partition("?")
    return HOST_DIR / base.strip("/") / (f"index@{query}.html" if query else "index.html")


def article_html(ident: str) -> str:
    return snapshot_file(ARTICLES[ident]["path"]).read_text("utf-8")


def parse_article(ident: str, html: str | None = None) -> Any:
    return chinhsach.parse(page(ARTICLES[ident]["url"], html or article_html(ident)))


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_parse_matches_snapshot_expectations(ident: str) -> None:
    want = ARTICLES[ident]
    article = parse_article(ident)
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
    assert article.category == want["category"]
    images = [{"url": i.url, "caption": i.caption, "credit": i.credit} for i in article.images]
    assert images == want["images"]
    assert article.original_url == want["original_url"]
    assert article.source == "chinhsach"
    assert article.parser_version == chinhsach.PARSER_VERSION


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_noise_is_not_in_the_text(ident: str) -> None:
    want = ARTICLES[ident]
    text = parse_article(ident).text
    for noise in (
        "Số lượt đọc",  # the counter line …
        "Cập nhật lúc",
        want["counter_line"],
        "Số lượt truy cập",  # … and the footer's visitor counter
        "ngày 22 tháng 11",  # header clock
        "21/11/2025",  # sidebar dates
        "Các tin khác",  # related box
        "Tin mới",
        "Văn bản mới",
        "CSDL",  # run-together sidebar labels (seed 002)
        "Hoidap",
        "Ảnh đại diện",
        "Trang chủ",
        "In bài",
        "Từ khóa",
        "Ảnh:",  # caption credits
        "Nguồn QĐND",
        "Cổng thông tin điện tử",  # site-wide meta description, og:title suffix
    ):
        assert noise not in text, noise
    assert str(want["views"]) not in text  # the view count is volatile: never hashed
    lines = text.split("\n\n")
    assert "Video" not in lines and "Ảnh" not in lines
    for image in want["images"]:
        if image["caption"]:
            assert image["caption"] not in text
    if want["byline"]:
        assert want["byline"] not in text


def test_view_count_does_not_change_the_hash() -> None:
    want = ARTICLES["10431"]
    html = article_html("10431")
    bumped = html.replace(f"Số lượt đọc: {want['views']}", f"Số lượt đọc: {want['views'] + 250}")
    assert bumped != html
    assert parse_article("10431", bumped).content_hash == parse_article("10431").content_hash


def test_seed_002_signature() -> None:
    """The counter line of seed 002 (site chrome), its sidebar tail and a glued credit."""
    html = (
        '<html><head><meta property="og:title" content="Tiêu đề bài - Cục Chính sách">'
        '<meta property="og:image" content="/Uploads/Images/anh.jpg"></head><body>'
        '<span class="clock">Thứ Bảy, ngày 22 tháng 11 năm 2025</span>'
        '<div class="chi-tiet-tin"><p>Nội dung thứ nhất của bài.</p>'
        '<p style="text-align:center"><img src="/Uploads/Images/a.jpg"></p>'
        '<p style="text-align:center">Dòng chú thích thứ nhất<br>dòng thứ hai</p><p>&nbsp;</p>'
        "<p>Nội dung thứ hai của bài.</p>"
        "<p>* Ảnh đại diện:\u00a0Toàn cảnh hội nghị.Phòng Thông tin điện tử/Cục Chính sách</p>"
        "<p>Số lượt đọc: 2113 Cập nhật lúc: 07/06/2018 16:49:00</p>"
        "<p>Video</p><p>Ảnh</p><p>CSDLDVCBNSHoidap</p></div></body></html>"
    )
    article = chinhsach.parse(page(f"{SITE}/chi-tiet-tin-tuc.htm?id=77", html))
    assert article.title == "Tiêu đề bài"
    assert article.published_at == datetime.fromisoformat("2018-06-07T16:49:00+07:00")
    assert article.paragraphs == ("Nội dung thứ nhất của bài.", "Nội dung thứ hai của bài.")
    assert [(i.url, i.caption, i.credit) for i in article.images] == [
        (f"{SITE}/Uploads/Images/a.jpg", "Dòng chú thích thứ nhất dòng thứ hai", ""),
        (f"{SITE}/Uploads/Images/anh.jpg", "Toàn cảnh hội nghị.", ""),
    ]
    assert article.byline == "Phòng Thông tin điện tử/Cục Chính sách"
    assert article.authors == ("Phòng Thông tin điện tử/Cục Chính sách",)
    assert "2113" not in article.text


def test_never_the_page_clock() -> None:
    html = (
        '<html><body><span class="clock">Thứ Bảy, ngày 22 tháng 11 năm 2025</span>'
        '<div class="box-hot"><span class="date">21/11/2025 08:15</span>'
        "<p>Cập nhật lúc: 21/11/2025 10:00:00</p></div>"
        '<div class="news-detail"><h1 class="news-title">Tiêu đề</h1>'
        '<div class="news-content"><p>Nội dung bài.</p></div>'
        '<div class="news-info">Số lượt đọc: <b>12</b> Cập nhật lúc: 16/01/2025 09:35:07</div>'
        '<div class="news-other"><span class="date">(14/01/2025)</span></div></div>'
        '<div class="footer">Số lượt truy cập: 8.245.113</div></body></html>'
    )
    url = f"{SITE}/chi-tiet-tin-tuc.htm?id=501"
    article = chinhsach.parse(page(url, html))
    assert article.published_at == datetime.fromisoformat("2025-01-16T09:35:07+07:00")
    no_date = html.replace("Cập nhật lúc: 16/01/2025 09:35:07", "")
    assert chinhsach.parse(page(url, no_date)).published_at is None


@pytest.mark.parametrize("listing", EXPECTED["listings"], ids=lambda v: v["path"])
def test_listing_pages(listing: dict[str, Any]) -> None:
    url = SITE + listing["path"]
    parsed = chinhsach.parse_listing(page(url, snapshot_file(listing["path"]).read_text("utf-8")))
    assert [i.article_id for i in parsed.items] == listing["ids"]
    assert parsed.next_url == (SITE + listing["next"] if listing["next"] else None)
    for item in parsed.items:
        want = ARTICLES[item.article_id]
        assert item.url == want["url"]
        assert item.title == want["title"]
        assert item.published_at == datetime.fromisoformat(want["published_at"])


def test_postback_pager_still_gives_the_next_page() -> None:
    html = (
        '<div class="list-news"><div class="news-item"><h3>'
        '<a href="chi-tiet-tin-tuc.htm?id=9">Tin</a></h3></div></div>'
        '<div class="pager"><span>1</span> '
        "<a href=\"javascript:__doPostBack('ctl00$pager','2')\">2</a></div>"
    )
    parsed = chinhsach.parse_listing(page(f"{SITE}/tin-tuc.htm", html))
    assert [i.url for i in parsed.items] == [f"{SITE}/chi-tiet-tin-tuc.htm?id=9"]
    assert parsed.next_url == f"{SITE}/tin-tuc.htm?page=2"


def test_listing_skips_sidebars_data_pages_and_other_hosts() -> None:
    html = (
        '<div class="list-news">'
        '<div class="news-item"><h3><a href="/chi-tiet-van-ban.htm?loai=vbqppl&amp;id=215">'
        "Văn bản</a></h3></div>"
        '<div class="news-item"><h3><a href="https://www.qdnd.vn/chi-tiet-tin-tuc.htm?id=5">'
        "Khác</a></h3></div>"
        '<div class="news-item"><h3><a href="/chi-tiet-tin-tuc.htm?id=12">Tin</a></h3></div>'
        "</div>"
        '<div class="box-hot"><a href="/chi-tiet-tin-tuc.htm?id=99101">Tin mới</a></div>'
    )
    parsed = chinhsach.parse_listing(page(f"{SITE}/tin-tuc.htm", html))
    assert [i.article_id for i in parsed.items] == ["12"]
    assert parsed.next_url is None


@pytest.mark.parametrize(
    ("url", "normalized", "ident"),
    [
        (f"{SITE}/chi-tiet-tin-tuc.htm?id=10431", f"{SITE}/chi-tiet-tin-tuc.htm?id=10431", "10431"),
        ("http://chinhsachquandoi.gov.vn/chi-tiet-tin-tuc.htm?id=10431",
         f"{SITE}/chi-tiet-tin-tuc.htm?id=10431", "10431"),
        ("http://www.chinhsachquandoi.gov.vn/Chi-tiet-tin-tuc.htm?ID=10428&utm_source=zalo"
         "&utm_medium=social&zarsrc=30", f"{SITE}/chi-tiet-tin-tuc.htm?id=10428", "10428"),
        ("https://WWW.ChinhSachQuanDoi.gov.vn/chi-tiet-tin-tuc.htm?fbclid=x&id=10425#binh-luan",
         f"{SITE}/chi-tiet-tin-tuc.htm?id=10425", "10425"),
        ("https://chinhsachquandoi.gov.vn/(S(kq3v1x2yz0abcdefghijklm))/chi-tiet-tin-tuc.htm?id=10416",
         f"{SITE}/chi-tiet-tin-tuc.htm?id=10416", "10416"),
        (f"{SITE}/(X(1)S(abc))/chi-tiet-tin-tuc.htm?id=010419",
         f"{SITE}/chi-tiet-tin-tuc.htm?id=10419", "10419"),
        ("http://www.chinhsachquandoi.gov.vn/tin-tuc.htm?page=2&utm_campaign=x#top",
         f"{SITE}/tin-tuc.htm?page=2", None),
        (f"{SITE}/chi-tiet-liet-si.htm?id=204117", f"{SITE}/chi-tiet-liet-si.htm?id=204117", None),
        (f"{SITE}/chi-tiet-van-ban.htm?loai=vbqppl&id=215",
         f"{SITE}/chi-tiet-van-ban.htm?loai=vbqppl&id=215", None),
        (f"{SITE}/chi-tiet-tin-tuc.htm", f"{SITE}/chi-tiet-tin-tuc.htm", None),
        (f"{SITE}/chi-tiet-tin-tuc.htm?id=abc", f"{SITE}/chi-tiet-tin-tuc.htm?id=abc", None),
        ("https://www.qdnd.vn/chi-tiet-tin-tuc.htm?id=5", "https://www.qdnd.vn/chi-tiet-tin-tuc.htm?id=5",
         None),
        ("https://datafile.chinhsachquandoi.gov.vn/ecm/source_files/a.pdf",
         "https://datafile.chinhsachquandoi.gov.vn/ecm/source_files/a.pdf", None),
    ],
)
def test_urls_and_ids(url: str, normalized: str, ident: str | None) -> None:
    assert chinhsach.normalize_url(url) == normalized
    assert chinhsach.article_id(url) == ident
    assert chinhsach.normalize_url(normalized) == normalized


def test_listing_page_urls() -> None:
    listing = f"{SITE}/tin-tuc.htm"
    assert chinhsach.listing_page_url(listing, 1) == listing
    assert chinhsach.listing_page_url(listing, 3) == f"{SITE}/tin-tuc.htm?page=3"
    assert chinhsach.listing_page_url(f"{SITE}/tin-tuc.htm?loai=2&page=4", 2) == (
        f"{SITE}/tin-tuc.htm?loai=2&page=2"
    )
    assert chinhsach.listing_page_url(f"{SITE}/rss/tin-tuc.rss", 2) is None
    assert chinhsach.prime_urls([listing]) == ()


@pytest.mark.parametrize(
    ("url", "html", "field"),
    [
        (f"{SITE}/tin-tuc.htm", '<h1 class="news-title">T</h1>', "article id"),
        (f"{SITE}/chi-tiet-tin-tuc.htm?id=5", '<div class="news-content"><p>x</p></div>', "title"),
        (f"{SITE}/chi-tiet-tin-tuc.htm?id=5", '<h1 class="news-title">T</h1><div>x</div>', "body"),
        (f"{SITE}/chi-tiet-tin-tuc.htm?id=5",
         '<h1 class="news-title">T</h1><div class="news-content"><p>Số lượt đọc: 5</p></div>',
         "body"),
    ],
)
def test_parse_errors_name_the_field(url: str, html: str, field: str) -> None:
    with pytest.raises(ParseError, match=field):
        chinhsach.parse(page(url, f"<html><body>{html}</body></html>"))


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_changed_layout_raises_parse_error_naming_the_body(ident: str) -> None:
    """A redesign that renames the body container must fail loudly, not store chrome as text."""
    html = article_html(ident)
    for old in ('class="news-content"', 'class="chi-tiet-tin"', 'lblNoiDung"'):
        html = html.replace(old, 'class="noi-dung-moi"' if "class" in old else 'lblNoiDungMoi"')
    with pytest.raises(ParseError, match="body"):
        parse_article(ident, html)


def test_changed_layout_without_title_raises_parse_error_naming_the_title() -> None:
    html = article_html("10419")  # legacy layout: no og:title, no h1
    html = html.replace("lblTieuDe", "lblTieuDeMoi").replace("<title>", '<meta name="x">')
    html = html.replace("</title>", "")
    with pytest.raises(ParseError, match="title"):
        parse_article("10419", html)


@pytest.mark.parametrize("modified", ["5", '["2025-01-16T10:00:00+07:00"]', '{"a": 1}', '"  "'])
def test_a_json_ld_modified_date_that_is_not_a_string_falls_back_to_the_meta(
    modified: str,
) -> None:
    html = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
        f' "dateModified": {modified}}}</script>'
        '<meta property="article:modified_time" content="2025-01-16T10:30:00+07:00"></head>'
        '<body><div class="news-content"><p>Nội dung bài.</p></div></body></html>'
    )
    article = chinhsach.parse(page(f"{SITE}/chi-tiet-tin-tuc.htm?id=501", html))
    assert article.updated_at == datetime.fromisoformat("2025-01-16T10:30:00+07:00")

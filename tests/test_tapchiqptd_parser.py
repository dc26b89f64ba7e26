"""tapchiqptd.vn parser against the snapshot's independently written expectations.

`tests/snapshots/tapchiqptd/expected.json` was written from the snapshot generator's data, not from
the parser, so it is an oracle (the golden records are checked in `test_fixtures.py`).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from scrapers.records import Page, ParseError
from scrapers.sites import tapchiqptd

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "tapchiqptd"
HOST = "tapchiqptd.vn"
EXPECTED: dict[str, Any] = json.loads((SNAPSHOT / "expected.json").read_text("utf-8"))
ARTICLES = {a["id"]: a for a in EXPECTED["articles"]}
CLOCKS: list[str] = EXPECTED["clock"]

VI_URL = "https://tapchiqptd.vn/vi/nghien-cuu-trao-doi/bai-thu/25001.html"
EN_URL = "https://tapchiqptd.vn/en/news/test-item/25002.html"


def page(url: str, text: str) -> Page:
    return Page.saved(url, text)


def snapshot_file(url: str) -> Path:
    return SNAPSHOT / HOST / url.split(f"{HOST}/", 1)[1] / "index.html"


def parsed(ident: str) -> Any:
    want = ARTICLES[ident]
    return tapchiqptd.parse(page(want["url"], snapshot_file(want["url"]).read_text("utf-8")))


def article_html(stamp: str | None, body: str, *, title: str = "Tiêu đề bài thử") -> str:
    time = f'<div class="newsdt-page-ct-time"><span>{stamp}</span></div>' if stamp else ""
    return (
        "<html><body>"
        '<div id="header_menu"><span id="subTopMenu-time"><p>Thứ Bảy, 22/11/2025, 16:08 (GMT+7)'
        "</p></span></div>"
        '<div class="page-main-left-newsdt"><div class="newsdt-page-ct">'
        f'{time}<div class="newsdt-page-ct-tit">{title}</div>'
        f'<div class="newsdt-page-ct-text">{body}</div>'
        '</div><div id="tag-widget">TAG quốc phòng</div></div></body></html>'
    )


# --- the snapshot articles against the oracle ---------------------------------------------------


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_parse_matches_snapshot_expectations(ident: str) -> None:
    want = ARTICLES[ident]
    article = parsed(ident)
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
    assert article.category == want["category"]


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_noise_stays_out_of_the_text(ident: str) -> None:
    article = parsed(ident)
    text = article.text
    chrome = (
        "Tòa soạn", "Tạp chí và Tòa soạn", "(GMT+7)", "QPTD -", "TAG", "Ý KIẾN BẠN ĐỌC",
        "Họ và tên", "Mã xác nhận", "Gửi ý kiến", "CÁC TIN, BÀI ĐÃ ĐƯA", "TIÊU ĐIỂM",
        "TIN, BÀI XEM NHIỀU", "Nguồn: qdnd.vn", "Bài liên quan", "Hội nghị tổng kết công tác",
        "In bài", "Chia sẻ", "Trang chủ", "Bản quyền", "MOST READ", "OTHER NEWS", "_____",
    )
    for noise in (*chrome, *CLOCKS):
        assert noise not in text, noise
    if article.byline:
        assert article.byline not in text
        for author in article.authors:
            assert author not in text
    for image in article.images:
        if image.caption:
            assert image.caption not in text
        if image.credit:
            assert f"Ảnh: {image.credit}" not in text and f"Photo: {image.credit}" not in text


def test_page_clock_is_never_the_date() -> None:
    clock_days = {"2025-11-22"}
    for ident in ARTICLES:
        published = parsed(ident).published_at
        assert published is not None and published.date().isoformat() not in clock_days
    # The clock has the article date's format; without the article's own date line: no date.
    no_date = article_html(None, "<p>Nội dung bài.</p>")
    assert tapchiqptd.parse(page(VI_URL, no_date)).published_at is None
    with_date = article_html("QPTD -Thứ Năm, 19/12/2019, 13:59 (GMT+7)", "<p>Nội dung bài.</p>")
    article = tapchiqptd.parse(page(VI_URL, with_date))
    assert article.published_at == datetime.fromisoformat("2019-12-19T13:59:00+07:00")
    assert article.dateline == "QPTD"
    # A clock pasted into the body is dropped as chrome and never read as the date.
    assert ARTICLES["25502"]["published_at"] == "2025-11-11T09:00:00+07:00"
    assert "08:40" not in parsed("25502").text


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Thứ Năm, 19/12/2019, 13:59 (GMT+7)", "2019-12-19T13:59:00+07:00"),
        ("Chủ Nhật, 02/11/2025, 07:05 (GMT+7)", "2025-11-02T07:05:00+07:00"),
        ("Wednesday, September 30, 2026, 10:15 (GMT+7)", "2026-09-30T10:15:00+07:00"),
        ("9/30/2026 10:15:00 AM", "2026-09-30T10:15:00+07:00"),
        ("9/30/2026 2:05:00 PM", "2026-09-30T14:05:00+07:00"),
        ("12/1/2025 12:30:00 AM", "2025-12-01T00:30:00+07:00"),
    ],
)
def test_date_formats(text: str, iso: str) -> None:
    assert tapchiqptd.parse_date(text) == datetime.fromisoformat(iso)


def test_english_page_has_no_dateline() -> None:
    html = article_html("Tuesday, November 18, 2025, 10:15 (GMT+7)", "<p>Body text.</p>")
    article = tapchiqptd.parse(page(EN_URL, html))
    assert article.dateline is None
    assert article.published_at == datetime.fromisoformat("2025-11-18T10:15:00+07:00")


# --- credits -------------------------------------------------------------------------------------


def test_numbered_strong_em_openers_are_not_credits() -> None:
    body = (
        "<p>Đoạn mở đầu của bài viết.</p>"
        "<p><strong><em>Một là</em></strong>, nâng cao nhận thức của cán bộ, chiến sĩ.</p>"
        "<p><strong><em>Hai là</em></strong>, đổi mới công tác huấn luyện.</p>"
    )
    article = tapchiqptd.parse(page(VI_URL, article_html("QPTD -Thứ Hai, 03/11/2025, 08:00 "
                                                         "(GMT+7)", body)))
    assert article.byline is None and article.authors == ()
    assert article.paragraphs[-1] == "Hai là, đổi mới công tác huấn luyện."


def test_credit_only_in_the_last_six_blocks() -> None:
    credit = '<p><strong><em>Đại tá NGUYỄN VĂN AN</em></strong></p>'
    tail = "".join(f"<p>Đoạn số {n} của bài.</p>" for n in range(6))
    far = tapchiqptd.parse(page(VI_URL, article_html(None, "<p>Mở đầu.</p>" + credit + tail)))
    assert far.byline is None and "Đại tá NGUYỄN VĂN AN" in far.paragraphs
    body = "<p>Mở đầu.</p><p>Đoạn một.</p>" + credit + "<p>Chú thích 1.</p>"
    near = tapchiqptd.parse(page(VI_URL, article_html(None, body)))
    assert near.byline == "Đại tá NGUYỄN VĂN AN"
    assert near.paragraphs[-1] == "Chú thích 1."


# --- listings ------------------------------------------------------------------------------------


@pytest.mark.parametrize("listing", EXPECTED["listings"], ids=lambda v: v["path"])
def test_listing_pages(listing: dict[str, Any]) -> None:
    url = "https://tapchiqptd.vn" + listing["path"]
    parsed_listing = tapchiqptd.parse_listing(page(url, (SNAPSHOT / listing["file"]).read_text()))
    assert [i.article_id for i in parsed_listing.items] == listing["ids"]
    expected_next = "https://tapchiqptd.vn" + listing["next"] if listing["next"] else None
    assert parsed_listing.next_url == expected_next
    for item in parsed_listing.items:
        assert item.url == ARTICLES[item.article_id]["url"]
        assert item.title == ARTICLES[item.article_id]["title"]


def test_listing_without_its_list_is_a_changed_layout() -> None:
    html = (
        '<html><body><ul class="list"><li><a href="/vi/a/b/123.html">x</a></li></ul></body></html>'
    )
    with pytest.raises(ParseError, match="listing"):
        tapchiqptd.parse_listing(page("https://tapchiqptd.vn/vi/tin-tuc-6.html", html))


def test_listing_page_urls() -> None:
    base = "https://tapchiqptd.vn/vi/nhung-chu-truong-cong-tac-lon-2.html"
    assert tapchiqptd.listing_page_url(base, 1) == base
    assert tapchiqptd.listing_page_url(base, 3) == base + "?pageindex=3"
    assert tapchiqptd.listing_page_url(base + "?pageindex=2", 1) == base
    assert tapchiqptd.listing_page_url(base + "?pageindex=2", 4) == base + "?pageindex=4"
    assert tapchiqptd.listing_page_url(base, 0) is None
    assert tapchiqptd.prime_urls([base]) == ()


# --- URLs ----------------------------------------------------------------------------------------

DESKTOP = "https://tapchiqptd.vn/vi/nghien-cuu-tim-hieu/nghe-thuat-to-chuc-luc-luong-1789/4939.html"


@pytest.mark.parametrize(
    ("url", "normalized", "ident"),
    [
        (DESKTOP, DESKTOP, "4939"),
        (DESKTOP.replace("https://", "http://"), DESKTOP, "4939"),
        (DESKTOP.replace("tapchiqptd.vn", "www.tapchiqptd.vn"), DESKTOP, "4939"),
        (DESKTOP.replace("tapchiqptd.vn", "TapChiQPTD.vn"), DESKTOP, "4939"),
        (DESKTOP + "?utm_source=zalo&utm_medium=share", DESKTOP, "4939"),
        (DESKTOP + "?fbclid=abc#binh-luan", DESKTOP, "4939"),
        (
            "https://m.tapchiqptd.vn/vi/nghien-cuu-tim-hieu/nghe-thuat-to-chuc-luc-luong-1789-4939.html",
            DESKTOP,
            "4939",
        ),
        (
            "https://m.tapchiqptd.vn/en/theory-and-practice/academy-embraces-integration-26936.html",
            "https://tapchiqptd.vn/en/theory-and-practice/academy-embraces-integration/26936.html",
            "26936",
        ),
        (DESKTOP.replace("tapchiqptd.vn", "m.tapchiqptd.vn"), DESKTOP, "4939"),
    ],
)
def test_article_urls_normalise_to_one_desktop_url(url: str, normalized: str, ident: str) -> None:
    assert tapchiqptd.article_id(url) == ident
    assert tapchiqptd.normalize_url(url) == normalized
    assert tapchiqptd.article_id(normalized) == ident


@pytest.mark.parametrize(
    "url",
    [
        "https://tapchiqptd.vn/vi/nhung-chu-truong-cong-tac-lon-2.html",
        "https://tapchiqptd.vn/vi/nhung-chu-truong-cong-tac-lon-2.html?pageindex=2",
        "https://tapchiqptd.vn/en/news-54.html",
        "https://tapchiqptd.vn/vi/default.html",
        "https://tapchiqptd.vn/vi/nghien-cuu-tim-hieu/nghe-thuat-1789-4939.html",  # mobile form
        "https://www.qdnd.vn/vi/nghien-cuu-tim-hieu/nghe-thuat/4939.html",  # another site
        "https://tapchiqptd.vn/uploads/images/2025/11/18/anh.jpg",
    ],
)
def test_non_articles_have_no_id(url: str) -> None:
    assert tapchiqptd.article_id(url) is None


def test_listing_urls_keep_their_page_but_lose_tracking() -> None:
    url = "http://www.tapchiqptd.vn/vi/tin-tuc-6.html?pageindex=2&utm_campaign=x#top"
    assert tapchiqptd.normalize_url(url) == "https://tapchiqptd.vn/vi/tin-tuc-6.html?pageindex=2"


# --- changed layouts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "old", "new", "field"),
    [
        ("https://tapchiqptd.vn/vi/tin-tuc-6.html", "", "", "article id"),
        (VI_URL, "page-main-left-newsdt", "page-main-left-detail", "container"),
        (VI_URL, "newsdt-page-ct-tit", "newsdt-page-ct-title", "title"),
        (VI_URL, "newsdt-page-ct-text", "newsdt-page-ct-content", "body"),
        (VI_URL, "<p>Nội dung bài.</p>", "<p>&nbsp;</p>", "body"),
    ],
)
def test_changed_layout_raises_parse_error_naming_the_field(
    url: str, old: str, new: str, field: str
) -> None:
    html = article_html("QPTD -Thứ Hai, 03/11/2025, 08:00 (GMT+7)", "<p>Nội dung bài.</p>")
    with pytest.raises(ParseError, match=f"^{re.escape(url)}: {field}"):
        tapchiqptd.parse(page(url, html.replace(old, new) if old else html))


def test_snapshot_page_with_renamed_body_names_the_body() -> None:
    want = ARTICLES["25531"]
    html = snapshot_file(want["url"]).read_text("utf-8").replace("newsdt-page-ct-text", "x-text")
    with pytest.raises(ParseError, match="body"):
        tapchiqptd.parse(page(want["url"], html))

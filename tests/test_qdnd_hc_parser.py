"""hc.qdnd.vn (source `qdnd-hc`, parser `qdnd`) against the snapshot's independent expectations.

`tests/snapshots/qdnd-hc/expected.json` was written from the snapshot generator's data, not from
the parser (the golden records are checked in `test_fixtures.py`). The hc.qdnd.vn template is an
assumption (see the snapshot's MANIFEST.md): these tests pin what the shared qdnd parser does on
it, and that hc articles keep hc's own URLs and ids.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from scrapers.records import Page, ParseError
from scrapers.sites import qdnd

TESTS = Path(__file__).resolve().parent
SNAPSHOT = TESTS / "snapshots" / "qdnd-hc"
HOST = "hc.qdnd.vn"
SITE = f"https://{HOST}"
EXPECTED: dict[str, Any] = json.loads((SNAPSHOT / "expected.json").read_text("utf-8"))
ARTICLES = {a["id"]: a for a in EXPECTED["articles"]}
CLOCK = "Thứ Bảy, ngày 22 tháng 11 năm 2025"


def page(url: str, text: str) -> Page:
    return Page.saved(url, text)


def snapshot_file(url: str) -> Path:
    return SNAPSHOT / HOST / url.split(f"{HOST}/", 1)[1] / "index.html"


def html_of(ident: str) -> str:
    return snapshot_file(ARTICLES[ident]["url"]).read_text("utf-8")


def parsed(ident: str, url: str | None = None) -> Any:
    return qdnd.parse(page(url or ARTICLES[ident]["url"], html_of(ident)), source="qdnd-hc")


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_parse_matches_snapshot_expectations(ident: str) -> None:
    want = ARTICLES[ident]
    article = parsed(ident)
    assert article.source == "qdnd-hc"
    assert article.article_id == ident
    assert article.url == want["url"]
    assert article.title == want["title"]
    assert article.sapo == want["sapo"]
    assert article.dateline == want["dateline"]
    assert article.published_at == datetime.fromisoformat(want["published_at"])
    assert article.published_at.utcoffset() == timedelta(hours=7)
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


@pytest.mark.parametrize("ident", sorted(ARTICLES))
def test_noise_stays_out_of_the_text(ident: str) -> None:
    article = parsed(ident)
    text = article.text
    noise = (
        "leftcenterrightdel", "Mời bạn đọc", "Mời bạn", "xem các tin, bài liên quan",  # footers
        CLOCK, "ngày 22 tháng 11", "22/11/2025",  # header clock, sidebar times
        "Lượt xem", "Ý kiến bạn đọc", "Gửi ý kiến", "Tổng số ý kiến", "Họ và tên",  # comments
        "Tin liên quan", "Tin đọc nhiều", "Báo Quân đội nhân dân điện tử", "Tòa soạn",  # chrome
        "Nguồn QĐND", "https://",  # the republication line
    )
    for words in noise:
        assert words not in text, f"{words!r} in the text of {ident}"
    assert article.byline and article.byline not in text
    for image in article.images:
        if image.caption:
            assert image.caption not in article.paragraphs
        if image.credit:
            assert f"Ảnh: {image.credit}" not in text


def test_republication_of_a_qdnd_article_keeps_hc_identity_and_shares_the_hash() -> None:
    """514356 republishes www.qdnd.vn's 1014969 (the qdnd snapshot): hc's own URL and id, the
    original as `original_url`, and the same content hash (captions and bylines are not hashed)."""
    copy = parsed("514356")
    assert copy.url == ARTICLES["514356"]["url"] and copy.article_id == "514356"
    original_url = copy.original_url
    assert original_url is not None and original_url.startswith("https://www.qdnd.vn/")
    path = original_url.split("www.qdnd.vn/", 1)[1]
    original_html = (TESTS / "snapshots" / "qdnd" / "www.qdnd.vn" / path / "index.html").read_text(
        "utf-8"
    )
    original = qdnd.parse(page(original_url, original_html))
    assert original.article_id == "1014969" and original.url == original_url
    assert copy.content_hash == original.content_hash
    assert [i.url for i in copy.images] != [i.url for i in original.images]


@pytest.mark.parametrize("listing", EXPECTED["listings"], ids=lambda v: v["path"])
def test_listing_pages(listing: dict[str, Any]) -> None:
    url = SITE + listing["path"]
    path = SNAPSHOT / HOST / listing["path"].strip("/") / "index.html"
    result = qdnd.parse_listing(page(url, path.read_text("utf-8")))
    assert [i.article_id for i in result.items] == listing["ids"]
    assert result.next_url == (SITE + listing["next"] if listing["next"] else None)
    for item in result.items:
        want = ARTICLES[item.article_id]
        assert item.url == want["url"]  # https, hc host, no query or fragment
        assert item.title == want["title"]
        assert item.published_at == datetime.fromisoformat(want["published_at"])


def test_listings_read_only_the_list() -> None:
    """The featured box, the sidebars (hc ids not in the snapshot, www.qdnd.vn articles) and the
    menu are not read: every item is an hc.qdnd.vn article of the snapshot."""
    for listing in EXPECTED["listings"]:
        path = SNAPSHOT / HOST / listing["path"].strip("/") / "index.html"
        html = path.read_text("utf-8")
        assert "https://www.qdnd.vn/quoc-phong-an-ninh/" in html  # the sidebar is there
        result = qdnd.parse_listing(page(SITE + listing["path"], html))
        assert all(i.url.startswith(f"{SITE}/") for i in result.items)
        assert all(i.article_id in ARTICLES for i in result.items)


def test_listing_link_with_tracking_parameters_is_normalised() -> None:
    html = (SNAPSHOT / HOST / "tin-tuc" / "index.html").read_text("utf-8")
    assert "http://hc.qdnd.vn/tin-tuc/" in html and "utm_source=zalo" in html
    result = qdnd.parse_listing(page(f"{SITE}/tin-tuc", html))
    item = next(i for i in result.items if i.article_id == "514311")
    assert item.url == ARTICLES["514311"]["url"]


@pytest.mark.parametrize(
    ("url", "normalized", "ident"),
    [
        (
            "http://hc.qdnd.vn/lich-su-hau-can/chien-thang-rach-gam-xoai-mut-482369"
            "?utm_source=zalo&utm_medium=share#binh-luan",
            "https://hc.qdnd.vn/lich-su-hau-can/chien-thang-rach-gam-xoai-mut-482369",
            "482369",
        ),
        (
            "https://HC.QDND.VN/tin-tuc/cuc-quan-nhu-trien-khai-nhiem-vu-bao-dam-nam-2025-514382/",
            "https://hc.qdnd.vn/tin-tuc/cuc-quan-nhu-trien-khai-nhiem-vu-bao-dam-nam-2025-514382",
            "514382",
        ),
        ("https://hc.qdnd.vn/tin-tuc", "https://hc.qdnd.vn/tin-tuc", None),
        ("https://hc.qdnd.vn/tin-tuc/p/2", "https://hc.qdnd.vn/tin-tuc/p/2", None),
        (
            "https://hc.qdnd.vn/tag/hau-can-quan-doi-1127.html",
            "https://hc.qdnd.vn/tag/hau-can-quan-doi-1127.html",
            None,
        ),
    ],
)
def test_urls_and_ids(url: str, normalized: str, ident: str | None) -> None:
    assert qdnd.normalize_url(url) == normalized
    assert qdnd.article_id(url) == ident


def test_hc_ids_stay_in_hc_id_space() -> None:
    """An hc URL is never mapped to www.qdnd.vn (only the bare `qdnd.vn` is): the same number on
    both hosts names two different articles, told apart by URL and by source."""
    hc = "https://hc.qdnd.vn/tin-tuc/bai-viet-741206"
    www = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-viet-741206"
    assert qdnd.normalize_url(hc).startswith("https://hc.qdnd.vn/")
    assert qdnd.normalize_url(hc) != qdnd.normalize_url(www)
    assert qdnd.normalize_url("http://qdnd.vn/a/b-741206") == "https://www.qdnd.vn/a/b-741206"
    for ident, want in ARTICLES.items():
        assert want["url"].startswith(f"{SITE}/")
        assert re.fullmatch(r"\d{6,7}", ident)


def test_parse_of_a_tracked_url_gives_the_canonical_url() -> None:
    want = ARTICLES["514311"]
    article = parsed("514311", url=want["url"].replace("https://", "http://") + "?utm_source=zalo")
    assert article.url == want["url"] and article.article_id == "514311"


def test_pagination_and_priming() -> None:
    assert qdnd.listing_page_url(f"{SITE}/tin-tuc", 1) == f"{SITE}/tin-tuc"
    assert qdnd.listing_page_url(f"{SITE}/lich-su-hau-can/", 2) == f"{SITE}/lich-su-hau-can/p/2"
    assert qdnd.prime_urls([f"{SITE}/tin-tuc", f"{SITE}/lich-su-hau-can"]) == ()


def test_never_the_page_clock() -> None:
    """514311 has no JSON-LD and no date meta: the date is its `.post-subinfo`; without it the
    date is unknown, never the header clock, the related box or the sidebar times."""
    html = html_of("514311")
    assert CLOCK in html and 'class="pubdate"' in html
    article = qdnd.parse(page(ARTICLES["514311"]["url"], html))
    assert article.published_at == datetime.fromisoformat("2025-01-14T10:15:00+07:00")
    no_date = re.sub(r'<div class="post-subinfo">.*?</div>', "", html, count=1)
    assert no_date != html
    assert qdnd.parse(page(ARTICLES["514311"]["url"], no_date)).published_at is None


def test_changed_layout_names_the_field() -> None:
    want = ARTICLES["514382"]
    moved = html_of("514382").replace('itemprop="articleBody"', 'class="moved"')
    with pytest.raises(ParseError, match="body"):
        qdnd.parse(page(want["url"], moved))
    bare = (
        '<html><body><div class="article-detail"><h2 class="headline">Tiêu đề</h2>'
        '<div itemprop="articleBody"><p>Nội dung.</p></div></div></body></html>'
    )
    with pytest.raises(ParseError, match="title"):
        qdnd.parse(page(want["url"], bare))
    with pytest.raises(ParseError, match="article id"):
        qdnd.parse(page(f"{SITE}/tin-tuc", html_of("514382").replace(want["url"], f"{SITE}/x")))


def test_rank_and_post_byline_with_vietnamese_capitals() -> None:
    """513977's credit `Thượng tá NGUYỄN ĐỨC HẠNH, …`: capitals such as Ễ Ứ Ạ (Latin Extended
    Additional) and Ă Đ Ơ Ư must count as upper case (fixed in `scrapers.text.has_upper_name`);
    the line is the byline, one author, not a paragraph."""
    name = "Thượng tá NGUYỄN ĐỨC HẠNH, Phó trưởng phòng Kỹ thuật, Cục Xăng dầu"
    article = parsed("513977")
    assert article.byline == name and article.authors == (name,)
    assert name not in article.paragraphs
    for rank_name in ("Trung tá PHẠM VĂN HÒA, Trợ lý Phòng Hậu cần", "Đại úy TRƯƠNG ƠN, Kho K875"):
        html = html_of("513977").replace(name, rank_name)
        other = qdnd.parse(page(ARTICLES["513977"]["url"], html))
        assert other.byline == rank_name and rank_name not in other.paragraphs


def test_lookalike_host_is_not_qdnd() -> None:
    assert qdnd.article_id("https://notqdnd.vn/tin-tuc/bai-viet-514382") is None
    assert qdnd.article_id("https://qdnd.vn/tin-tuc/bai-viet-514382") == "514382"


def test_listing_keeps_only_its_own_host() -> None:
    html = (
        '<div class="list-news-category">'
        '<article><h3><a href="https://hc.qdnd.vn/tin-tuc/bai-a-514001">A</a></h3></article>'
        '<article><h3><a href="https://www.qdnd.vn/chinh-tri/tin-tuc/bai-b-1015001">B</a></h3>'
        "</article></div>"
    )
    listing = qdnd.parse_listing(page("https://hc.qdnd.vn/tin-tuc", html))
    assert [i.article_id for i in listing.items] == ["514001"]

"""Real qdnd.vn bodies (../shared/reference, never committed) must come out clean.

Skips when the reference folder is absent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from scrapers.dom import node_text
from scrapers.records import Article, Page
from scrapers.sites import qdnd
from scrapers.text import normalize_inline

SHARED_REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
REFERENCE = Path(os.environ.get("VNNEWS_REFERENCE_DIR", SHARED_REFERENCE)) / "qdnd.vn"

pytestmark = pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"{REFERENCE} not present")

URL = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-viet-1015027"
FOOTER_WORDS = ("Mời bạn đọc", "xem các tin, bài liên quan", "gửi tới bạn đọc thông tin mới nhất")


def page_for(body: str, title: str = "Tiêu đề", summary: str = "") -> Page:
    sapo = f'<p class="logo-online">{summary}</p>' if summary else ""
    html = (
        f'<html><head><meta charset="utf-8"></head><body><div class="article-detail">'
        f'<h1 class="post-title">{title}</h1>{sapo}<div class="post-content">{body}</div>'
        f"</div></body></html>"
    )
    return Page.saved(URL, html)


def bodies() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(
        (REFERENCE / "bodies-2025-01" / "articles.json").read_text("utf-8")
    )
    return data


def body_paragraphs(body_html: str) -> list[str]:
    tree = LexborHTMLParser(body_html)
    return [normalize_inline(node_text(p)) for p in tree.css("p")]


def assert_clean(article: Article, body_html: str) -> None:
    text = article.text
    for words in FOOTER_WORDS:
        assert words not in text, f"footer left in text: {words!r}"
    for paragraph in article.paragraphs:
        assert paragraph.replace(" ", "") not in {"leftcenterrightdel", "left", "center", "del"}
    assert article.byline, "byline not found"
    assert article.byline not in article.paragraphs
    written = body_paragraphs(body_html)
    for image in article.images:
        # A caption may repeat a sentence the author also wrote as a paragraph: that one stays.
        if len(image.caption) > 20 and image.caption not in written:
            assert image.caption not in article.paragraphs, f"caption in body: {image.caption!r}"


@pytest.mark.parametrize("index", range(14))
def test_real_bodies_come_out_clean(index: int) -> None:
    records = bodies()
    assert len(records) == 14
    record = records[index]
    summary = "" if record["summary"] == "No Summary Found" else record["summary"]
    article = qdnd.parse(page_for(record["article_text"], record["title"], summary))
    assert_clean(article, record["article_text"])
    assert article.title == normalize_inline(record["title"])
    assert len(article.paragraphs) >= 2
    if summary:
        assert article.sapo == normalize_inline(summary)
    # Every held body ends with the credit line, then the footer: the credit is our byline.
    assert article.authors


def test_every_real_image_table_becomes_an_image() -> None:
    total = 0
    for record in bodies():
        article = qdnd.parse(page_for(record["article_text"]))
        total += len(article.images)
        assert all(i.url.startswith("https://file3.qdnd.vn/") for i in article.images)
    assert total == 55  # sites.md §10: 55 image tables in the 14 bodies


def fragment(name: str) -> tuple[Article, str]:
    body = (REFERENCE / "fragments" / name).read_text("utf-8")
    return qdnd.parse(page_for(body)), body


def test_fragment_2020_image_editor_table() -> None:
    article, body = fragment("2020-05-14_hoi-nghi-tw12-bemac_imgEditor.articleBody.html")
    assert article.byline == "NGUYỄN TẤN"
    assert article.images[0].caption == "Toàn cảnh phiên bế mạc."
    assert article.images[0].credit == "TTXVN"
    assert article.images[0].url.startswith("https://file.qdnd.vn/data/images/0/2020/05/14/")
    assert_clean(article, body)


def test_fragment_gtx_junk_and_variant_footer() -> None:
    article, body = fragment("2025-01-16_quan-su-the-gioi-hom-nay_gtx-trans-junk.articleBody.html")
    assert article.byline == "QUỲNH OANH (tổng hợp)"
    assert article.authors == ("QUỲNH OANH",)
    assert article.paragraphs[0] == "* Iran trang bị tàu do thám Zagros"
    assert [i.credit for i in article.images] == ["IRNA", "KAI", "Bộ Quốc phòng Nga"]
    assert_clean(article, body)


def test_fragment_rank_and_post_byline() -> None:
    article, body = fragment("2025-01-thiet-ke-tu-tam_author-with-rank.articleBody.html")
    assert article.byline == "Đại tá HOÀNG TUẤN, Viện trưởng Viện Thiết kế, Tổng cục Hậu cần"
    assert article.authors == (article.byline,)
    assert_clean(article, body)


def test_fragment_broken_link_text_kept() -> None:
    article, body = fragment("2025-01-16_dak-nong-tien-quan-nhan.articleBody.html")
    assert article.byline == "Tin, ảnh: VĂN TOẢN"
    assert article.authors == ("VĂN TOẢN",)
    assert "Đắk Nông" in article.text
    assert_clean(article, body)

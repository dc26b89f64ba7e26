"""Canonical text and the shared cleaning rules."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from scrapers.text import (
    byline_name,
    canonical_text,
    content_hash,
    dedupe_caption,
    fix_mark_order,
    is_footer,
    is_toolbar,
    normalize_inline,
    split_authors,
    split_credit,
    strip_dateline,
    take_source_line,
)


def test_canonical_text_layout_and_hash() -> None:
    text = canonical_text("Tiêu đề", ["Đoạn một.", "", "  Đoạn   hai. "])
    assert text == "Tiêu đề\n\nĐoạn một.\n\nĐoạn hai."
    assert content_hash(text) == hashlib.sha256(text.encode()).hexdigest()[:16]


def test_normalisation_removes_invisible_and_folds_spaces() -> None:
    raw = "Hà\u00a0Nội\u200b \r\n  ngày\ufeff 8-10 &amp; &oacute;"
    assert normalize_inline(raw) == "Hà Nội ngày 8-10 & ó"


def test_nfd_input_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Quân đội nhân dân Việt Nam")
    assert normalize_inline(nfd) == "Quân đội nhân dân Việt Nam"
    assert unicodedata.is_normalized("NFC", normalize_inline(nfd))


def test_mark_order_fix_composes_what_nfc_alone_misses() -> None:
    # "ế" typed as e + acute + circumflex: same combining class, NFC keeps them apart.
    typed = "Vi\u0065\u0301\u0302t"
    assert unicodedata.normalize("NFC", typed) != "Viết"
    assert fix_mark_order(typed) == "Viết"
    assert fix_mark_order("Tr\u0061\u0300\u0306n") == "Trằn"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Tin, ảnh: VĂN TOẢN", "VĂN TOẢN"),
        ("Bài, ảnh: KIM ANH", "KIM ANH"),
        ("Bài và ảnh: MINH ĐỨC", "MINH ĐỨC"),
        ("QUỲNH OANH (tổng hợp)", "QUỲNH OANH"),
        ("NGUYỄN TẤN", "NGUYỄN TẤN"),
        ("XUÂN CƯỜNG – THÁI PHƯƠNG", "XUÂN CƯỜNG – THÁI PHƯƠNG"),
        ("TTXVN", "TTXVN"),
        ("Theo TTXVN", "TTXVN"),
    ],
)
def test_bylines(line: str, name: str) -> None:
    assert byline_name(line) == name


@pytest.mark.parametrize(
    "line",
    [
        "Hội nghị thống nhất đánh giá cao kết quả năm 2024.",
        "Quỳnh Oanh (tổng hợp)",
        "Thượng tá Trần Viết Năng, Trưởng ban Thanh niên Quân đội chủ trì hội nghị.",
    ],
)
def test_not_bylines(line: str) -> None:
    assert byline_name(line) is None


def test_authors_split_on_dashes_and_commas_but_not_rank_and_post() -> None:
    assert split_authors("XUÂN CƯỜNG – THÁI PHƯƠNG") == ("XUÂN CƯỜNG", "THÁI PHƯƠNG")
    assert split_authors("TIẾN DŨNG-VĂN CHUNG") == ("TIẾN DŨNG", "VĂN CHUNG")
    assert split_authors("KHẮC TÂM, MINH TUẤN") == ("KHẮC TÂM", "MINH TUẤN")
    rank = "Đại tá HOÀNG TUẤN, Viện trưởng Viện Thiết kế, Tổng cục Hậu cần"
    assert split_authors(rank) == (rank,)


def test_footers_toolbar_dateline() -> None:
    assert is_footer("* Mời bạn đọc vào chuyên mục Quốc phòng an ninh xem các tin, bài liên quan.")
    assert is_footer("*Mời bạn đọc vào chuyên mục Chính trị xem các tin, bài liên quan.")
    assert is_footer(
        "* Chuyên mục Quân sự thế giới hôm nay trên Báo Quân đội nhân dân Điện tử gửi tới bạn đọc"
        " thông tin mới nhất."
    )
    assert not is_footer("Mời các đại biểu dự hội nghị.")
    assert is_toolbar("leftcenterrightdel") and is_toolbar("left center right del")
    assert not is_toolbar("Toàn cảnh hội nghị")
    assert strip_dateline("QĐND - Chiều 14-5, hội nghị") == ("Chiều 14-5, hội nghị", "QĐND")
    assert strip_dateline("QĐND Online – Sáng 3-1") == ("Sáng 3-1", "QĐND Online")
    assert strip_dateline("Chiều 8-10, tại Hà Nội") == ("Chiều 8-10, tại Hà Nội", None)


def test_captions() -> None:
    caption = "Toàn cảnh phiên bế mạc. Ảnh: TTXVN"
    assert split_credit(caption) == ("Toàn cảnh phiên bế mạc.", "TTXVN")
    assert split_credit("Quang cảnh hội nghị.") == ("Quang cảnh hội nghị.", "")
    assert dedupe_caption("Toàn cảnh hội nghị Toàn cảnh hội nghị") == "Toàn cảnh hội nghị"
    assert dedupe_caption("Các đại biểu dự hội nghị.") == "Các đại biểu dự hội nghị."


def test_upper_case_vietnamese_names() -> None:
    from scrapers.text import has_upper_name

    assert has_upper_name("Đại tá PHẠM VĂN HIẾU, Phó Chính ủy")
    assert has_upper_name("Thượng tá LÊ QUANG MINH")
    assert not has_upper_name("Đại tá Phạm Văn Hiếu, Phó Chính ủy")
    assert not has_upper_name("Hội nghị lần thứ XII của BCH Trung ương")


def test_theo_sentence_is_not_a_byline() -> None:
    assert byline_name("Theo TTXVN") == "TTXVN"
    assert byline_name("Theo Báo Nhân Dân") == "Báo Nhân Dân"
    assert byline_name("Theo báo cáo, năm 2022, phong trào thi đua được đẩy mạnh.") is None
    assert byline_name("Theo kế hoạch, buổi lễ diễn ra vào sáng mai.") is None


SOURCE = "Nguồn QĐND https://www.qdnd.vn/a/b-1015061"
ORIGINAL = "https://www.qdnd.vn/a/b-1015061"


def test_take_source_line_from_the_last_two_lines() -> None:
    def text(line: str) -> str:
        return line

    assert take_source_line(["a", "b", SOURCE], text) == (["a", "b"], ORIGINAL)
    assert take_source_line(["a", SOURCE, "TRẦN HẢI"], text) == (["a", "TRẦN HẢI"], ORIGINAL)
    assert take_source_line([SOURCE, "b", "c"], text) == ([SOURCE, "b", "c"], None)
    assert take_source_line([SOURCE], text) == ([], ORIGINAL)
    assert take_source_line([], text) == ([], None)
    assert take_source_line(["Nguồn: TTXVN"], text) == (["Nguồn: TTXVN"], None)


def test_take_source_line_counts_only_text_blocks() -> None:
    """A picture between the lines does not push the source line out of the last two."""
    blocks: list[str | int] = ["a", SOURCE, 1, 2, "b"]

    def text(block: str | int) -> str | None:
        return block if isinstance(block, str) else None

    assert take_source_line(blocks, text) == (["a", 1, 2, "b"], ORIGINAL)

"""Canonical text, content hashing and the cleaning rules shared by every site.

The canonical text is what we hash and what a `.txt` export holds byte for byte, so every rule here
is deliberate: NFC plus the Vietnamese mark-order fix, no NBSP / zero-width / CR, whitespace runs
collapsed, paragraphs separated by one blank line, no trailing newline.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

# Vowel-shape marks (circumflex, breve) and tone marks share combining class 230, so NFC keeps
# whatever order the author typed: "e" + acute + circumflex never composes into "ế". We put the
# shape mark first, which is the order Unicode's precomposed Vietnamese letters decompose into.
_SHAPE_MARKS = frozenset("\u0302\u0306")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309")
_COMBINING = re.compile("[\u0300-\u036f]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\r\f\v]+")
_BLANK_RUNS = re.compile(r"\s*\n\s*")


def fix_mark_order(text: str) -> str:
    """Reorder Vietnamese combining marks so that NFC can compose them.

    Fast path: when NFC leaves no combining mark, there is nothing to reorder (the common case).
    """
    composed = unicodedata.normalize("NFC", text)
    if not _COMBINING.search(composed):
        return composed
    decomposed = unicodedata.normalize("NFD", composed)
    out: list[str] = []
    run: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char):
            run.append(char)
            continue
        if run:
            out.extend(_ordered(run))
            run = []
        out.append(char)
    out.extend(_ordered(run))
    return unicodedata.normalize("NFC", "".join(out))


def _ordered(marks: list[str]) -> list[str]:
    if len(marks) < 2 or not any(m in _SHAPE_MARKS for m in marks):
        return marks
    shape = [m for m in marks if m in _SHAPE_MARKS]
    rest = [m for m in marks if m not in _SHAPE_MARKS]
    return shape + rest


def normalize_inline(text: str) -> str:
    """One line as we store it: entities decoded, NFC, invisible characters gone, spaces folded.

    `html.unescape` runs here, after the DOM parser, because some bodies are entity-encoded twice
    (`&amp;oacute;`) and the parser only removes one layer.
    """
    text = html.unescape(text)
    text = _INVISIBLE.sub("", text)
    text = fix_mark_order(text)
    text = _SPACES.sub(" ", text.replace("\n", " "))
    return text.strip()


def normalize_block(text: str) -> str:
    """Like `normalize_inline`, but keeps line breaks (one per line, no blank runs)."""
    lines = (normalize_inline(line) for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def canonical_text(title: str, paragraphs: Iterable[str]) -> str:
    """Title, a blank line, then the non-empty paragraphs separated by blank lines."""
    parts = [normalize_inline(title)]
    parts.extend(p for p in (normalize_inline(p) for p in paragraphs) if p)
    return "\n\n".join(p for p in parts if p)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(text: str) -> str:
    """First 16 hex digits of sha256 of the UTF-8 bytes: the name our export files carry."""
    return sha256_hex(text)[:16]


# --- Cleaning rules (sites.md §9.3), applied to normalised paragraph text -----------------------

BYLINE_PREFIXED = re.compile(
    r"^(?:(?:Tin|Bài|Ảnh)(?:\s*,?\s*(?:và\s+)?ảnh)?\s*:\s*(?P<name>.+)"
    r"|(?P<name2>.{3,}?)\s*\((?:thực hiện|tổng hợp|lược dịch)\)"
    r"|Theo\s+(?P<src>.+))$"
)
CLOCK = re.compile(
    r"^(?:Thứ\s+\S+|Chủ\s+[Nn]hật),?\s+[Nn]gày\s+\d{1,2}\s+[Tt]háng\s+\d{1,2}\s+[Nn]ăm\s+\d{4}"
    r"(?:,\s*\d{1,2}:\d{2}(?::\d{2})?)?$"
)
# QK2's WordPress clock: `Thứ bảy Ngày 20 Tháng 04 Năm 2024, 12:52:37` (no comma after the weekday).
CLOCK_WITH_TIME = re.compile(
    r"^(?:Thứ\s+\S+|Chủ\s+[Nn]hật),?\s+[Nn]gày\s+\d{1,2}\s+[Tt]háng\s+\d{1,2}\s+[Nn]ăm\s+\d{4}"
    r"(?:,?\s*\d{1,2}:\d{2}(?::\d{2})?)?$"
)
QDND_FOOTER = re.compile(
    r"^\*?\s*Mời\s+bạn\s+đọc\s+vào\s+chuyên\s+mục.*xem\s+các\s+tin,\s*bài\s+liên\s+quan\.?$",
    re.IGNORECASE,
)
QDND_FOOTER_VARIANT = re.compile(
    r"^\*?\s*Chuyên\s+mục\s+.+\s+trên\s+Báo\s+Quân\s+đội\s+nhân\s+dân\s+Điện\s+tử\s+gửi\s+tới\s+bạn\s+đọc",
    re.IGNORECASE,
)
TOOLBAR = re.compile(r"^\s*(?:left|center|right|del)(?:\s*(?:left|center|right|del))*\s*$")
DATELINE = re.compile(
    r"^(?:\((?:Thanhuytphcm\.vn|QK7 Online)\)\s*[–-]\s*|QK2\s*[–-]\s*|QĐND(?:\s+Online)?\s*[–-]\s*"
    r"|QPTD\s*-\s*)"
)
SOURCE_LINE = re.compile(r"^Nguồn\s*:?\s+(?P<name>QĐND|\S+)\s+(?P<url>https?://\S+)$")
PHOTO_CREDIT = re.compile(r"^(?P<caption>.*?)[\s.]*\(?\s*Ảnh\s*:\s*(?P<credit>[^()]+?)\)?\.?$")


# Page chrome seen in the seeds and sites.md §9.1: comment forms, counters, related-list and sidebar
# labels, UI tokens. Matched on a whole normalised line.
CHROME_LINE = re.compile(
    r"^(?:Trả lời|Bình luận|Hủy|Gửi bình luận|Ý kiến bạn đọc|refresh|Tổng lượt bình luận"
    r"|Tin khác|Tin liên quan|Thông báo|Video|Ảnh|Gốc|CSDLDVCBNSHoidap|TAG"
    r"|Thư điện tử của bạn sẽ không được hiển thị công khai\.?"
    r"|Các trường bắt buộc được đánh dấu \*?"
    r"|Số lượt đọc:\s*\d+.*)$",
    re.IGNORECASE,
)


def is_boilerplate(line: str) -> bool:
    """A whole line that is page chrome, never article text: clocks, footers, editor toolbars,
    comment forms, counters, sidebar labels (sites.md §9.1)."""
    line = line.strip()
    return bool(
        CLOCK.match(line) or CLOCK_WITH_TIME.match(line) or is_footer(line) or is_toolbar(line)
        or CHROME_LINE.match(line)
    )


def strip_dateline(text: str) -> tuple[str, str | None]:
    """Remove a leading dateline (`QĐND - `…) and return (sentence, dateline or None)."""
    match = DATELINE.match(text)
    if not match:
        return text, None
    return text[match.end() :].lstrip(), match.group(0).strip(" –-")


_B = TypeVar("_B")


def take_source_line(
    blocks: list[_B], text: Callable[[_B], str | None]
) -> tuple[list[_B], str | None]:
    """`Nguồn QĐND https://…` as one of the last two text blocks names the original of a
    republication: metadata, not text. Returns the blocks without that line and its URL, or the
    blocks themselves and None. `text` gives a block's text, None for a block without (a picture).
    """
    lines = [(i, line) for i, block in enumerate(blocks) if (line := text(block)) is not None]
    for index, line in reversed(lines[-2:]):
        match = SOURCE_LINE.match(line)
        if match:
            return blocks[:index] + blocks[index + 1 :], match.group("url")
    return blocks, None


def is_footer(text: str) -> bool:
    return bool(QDND_FOOTER.match(text) or QDND_FOOTER_VARIANT.match(text))


def is_toolbar(text: str) -> bool:
    return bool(TOOLBAR.match(text))


def byline_name(text: str) -> str | None:
    """The name part of a byline paragraph, or None when the paragraph is not a byline.

    Prefixed forms (`Tin, ảnh: X`, `X (tổng hợp)`, `Theo X`) and the QĐND bare forms: a short,
    mostly upper-case line (`PHAN TUỆ`, `Đại tá HOÀNG TUẤN, Viện trưởng …`).
    """
    text = text.strip()
    if not text or len(text) > 160:
        return None
    match = BYLINE_PREFIXED.match(text)
    if match and match.group("name2") is not None:
        name2 = match.group("name2").strip()
        return name2 if name2 == name2.upper() else None
    if match and match.group("src") is not None:
        # `Theo TTXVN`, `Theo Báo Nhân Dân`; not `Theo báo cáo, năm 2022, phong trào …`
        src = match.group("src").strip()
        short = len(src.split()) <= 6 and not src.endswith((".", "!", "?", ":", ";"))
        return src if short and "," not in src else None
    if match:
        name = match.group("name").strip()
        return name if name and len(name.split()) <= 14 else None
    return text if _mostly_upper(text) else None


WORD = re.compile(r"[^\W\d_]+")


def has_upper_name(text: str) -> bool:
    """True when the text holds a name printed in capitals (two upper-case words in a row).

    Checked with `str.isupper` per word: in Latin Extended Additional upper- and lower-case
    letters alternate, so a character range such as `[A-ZÀ-Ỹ]` cannot tell them apart.
    """
    run = 0
    for word in WORD.findall(text):
        run = run + 1 if len(word) >= 2 and word.isupper() else 0
        if run >= 2:
            return True
    return False


def _mostly_upper(text: str) -> bool:
    words = text.replace("–", " ").replace("-", " ").replace(",", " ").split()
    if not words or len(words) > 16 or text.endswith((".", ":", "?", "!")):
        return False
    letters = [c for c in text if c.isalpha()]
    upper_words = [w for w in words if any(c.isalpha() for c in w) and w == w.upper()]
    if len(upper_words) < 2 and not (
        len(words) == 1 and len(letters) >= 3 and text == text.upper()
    ):
        return False
    upper_letters = sum(1 for c in letters if c.isupper())
    return upper_letters >= 0.45 * len(letters)


def split_authors(name: str) -> tuple[str, ...]:
    """`XUÂN CƯỜNG – THÁI PHƯƠNG` → two authors. Split only when every part is an upper-case
    name, so `Thiếu tướng, PGS, TS NGUYỄN VĂN A` or a rank-and-post line stays one author."""
    name = name.strip().rstrip(".")
    parts = [
        p.strip()
        for p in re.split(r"\s*[–,]\s*|\s+-\s+|(?<=[A-ZÀ-Ỹ])-(?=[A-ZÀ-Ỹ])", name)
        if p.strip()
    ]
    if len(parts) > 1 and all(p == p.upper() and len(p) > 3 for p in parts):
        return tuple(parts)
    return (name,) if name else ()


def split_credit(caption: str) -> tuple[str, str]:
    """`Toàn cảnh phiên bế mạc. Ảnh: TTXVN` → (`Toàn cảnh phiên bế mạc.`, `TTXVN`)."""
    match = PHOTO_CREDIT.match(caption)
    if not match or not match.group("credit").strip():
        return caption, ""
    head = caption[: caption.rfind("Ảnh")].rstrip(" (")
    return head.strip(), match.group("credit").strip()


def dedupe_caption(caption: str) -> str:
    """`A A` (alt text and caption element both kept) → `A`."""
    words = caption.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return caption

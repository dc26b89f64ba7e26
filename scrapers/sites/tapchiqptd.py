"""tapchiqptd.vn, Tạp chí Quốc phòng toàn dân (National Defence Journal), Vietnamese and English.

What is known (sites.md §8.1, §2, §9.1) and how sure we are, per selector:

* URLs [MULTI]: articles `https://tapchiqptd.vn/<lang>/<category>/<slug>/<id>.html` (`vi`, `en`);
  the id (`/(\\d+)\\.html$`) is site-wide, shared by both editions, and is the identity. The mobile
  host `m.tapchiqptd.vn` serves the same article as `/<lang>/<category>/<slug>-<id>.html`, mapped
  here to the desktop URL; `www.tapchiqptd.vn` is an alias of the bare host.
* Listings [SCRAPER]: `/vi/<category>-<catid>.html`, page N at `?pageindex=N` (page 1 is the bare
  URL); article links `.news-other-list p a`; the next page is the `#pagenav a` whose text is `>`.
* Article page [VERIFIED on the English edition by a live structural probe; the Vietnamese
  edition is ASSUMED to use the same template, GUESS]: everything is read inside the container
  `.page-main-left-newsdt .newsdt-page-ct`: title `.newsdt-page-ct-tit` (a div, not an h1;
  og:title is empty), date `.newsdt-page-ct-time span`, body `.newsdt-page-ct-text` (direct `p` and
  `table` children; image tables carry captions), author credit = a `p` with `strong > em`
  (rank + name, optionally followed by an affiliation in the same `p`) among the LAST SIX blocks,
  not always the very last one (verified: the probe found it before trailing paragraphs).
* Dates [VERIFIED formats]: Vietnamese `QPTD -Thứ Năm, 19/12/2019, 13:59 (GMT+7)` (the `QPTD -`
  prefix is the dateline), English `Wednesday, September 30, 2026, 10:15 (GMT+7)`, mobile
  `9/30/2026 10:15:00 AM` (month first). The header clock `#subTopMenu-time` prints the SAME
  format without `QPTD -`, so the date is read only inside the article container, never from the
  page. JSON-LD / `article:published_time` are read first if the site ever adds them.
* Boilerplate [SCRAPER, a real crawler's text rules, §9.1]: a pasted header block from `Tòa soạn:`
  to `Tạp chí và Tòa soạn`, and the stop markers `Nguồn: qdnd.vn`, `TAG`, `Ý KIẾN BẠN ĐỌC`,
  `CÁC TIN, BÀI ĐÃ ĐƯA`, `TIÊU ĐIỂM`, `TIN, BÀI XEM NHIỀU` that end the body. On a well-formed page
  all of it sits outside the body container; the rules also clean bodies that carry it.
* Sapo [GUESS]: no lead element is known; a wholly bold first paragraph of 12+ words is taken as
  the sapo. The page's meta description is the journal's generic blurb and is never used.
* Not read [GUESS, no evidence]: tags, breadcrumb (the category comes from the URL), images other
  than those in body tables or paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.dom import (
    VN_TZ,
    absolute_url,
    clean_text,
    clean_url,
    inline_text,
    json_ld,
    ld_str,
    ld_time,
    meta,
    node_text,
    page_query,
    parse_day_first,
    parse_html,
    parse_iso,
)
from scrapers.records import Article, Image, Listing, ListingItem, Page, ParseError
from scrapers.text import (
    BYLINE_PREFIXED,
    byline_name,
    dedupe_caption,
    normalize_block,
    normalize_inline,
    split_authors,
    split_credit,
    strip_dateline,
)

NAME = "tapchiqptd"
PARSER_VERSION = "tapchiqptd/1"

HOST = "tapchiqptd.vn"
MOBILE_HOST = "m.tapchiqptd.vn"
HOSTS: frozenset[str] = frozenset({HOST, "www.tapchiqptd.vn", MOBILE_HOST})

DESKTOP_ARTICLE = re.compile(
    r"^/(?P<lang>[a-z]{2})/(?P<cat>[a-z0-9-]+)/(?P<slug>[^/]+)/(?P<id>\d+)\.html$"
)
MOBILE_ARTICLE = re.compile(
    r"^/(?P<lang>[a-z]{2})/(?P<cat>[a-z0-9-]+)/(?P<slug>[^/]+?)-(?P<id>\d+)\.html$"
)
TRACKING_PARAMS = re.compile(r"^(?:utm_[a-z_]+|fbclid|gclid|zarsrc|zaloid|_ga)$", re.IGNORECASE)
PAGE_PARAM = "pageindex"

ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"})
CONTAINER_SELECTOR = ".page-main-left-newsdt .newsdt-page-ct"
TITLE_SELECTOR = ".newsdt-page-ct-tit"
DATE_SELECTOR = ".newsdt-page-ct-time span"
BODY_SELECTOR = ".newsdt-page-ct-text"
CREDIT_EMPHASIS = "strong > em"
CREDIT_WINDOW = 6
CREDIT_MAX_WORDS = 40
SAPO_MIN_WORDS = 12
JUNK_SELECTORS: tuple[str, ...] = ("script", "style", "noscript", "iframe", "form", "ins")

LISTING_CONTAINER = ".news-other-list"
LISTING_LINK = ".news-other-list p a[href]"
NEXT_PAGE = "#pagenav a[href]"
NEXT_TEXT = ">"

DATELINE_PREFIX = re.compile(r"^\s*(QPTD)\s*-\s*")
EN_MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
EN_DATE = re.compile(
    r"\b(" + "|".join(EN_MONTHS) + r")\s+(\d{1,2}),\s*(\d{4})(?:,?\s+(\d{1,2}):(\d{2}))?"
)
MOBILE_DATE = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)$", re.IGNORECASE
)

HEADER_START = "Tòa soạn:"
HEADER_END = "Tạp chí và Tòa soạn"
HEADER_SEARCH = 10  # the pasted header starts among the first blocks …
HEADER_SPAN = 15  # … and ends within this many blocks
STOP_MARKER = re.compile(
    r"^(?:(?i:Nguồn\s*:\s*qdnd\.vn)|TAG|Ý KIẾN BẠN ĐỌC|CÁC TIN, BÀI ĐÃ ĐƯA|TIÊU ĐIỂM"
    r"|TIN, BÀI XEM NHIỀU)(?=$|[\s:.])"
)
STOP_MAX_CHARS = 100
DECORATION = re.compile(r"^[\s_\-–—*=.·•]+$")
CO_AUTHORS = re.compile(r"\s+[-–]\s+|\s+và\s+")
PHOTO_CREDIT_EN = re.compile(r"^(?P<caption>.*?)\s*\(?\s*Photo\s*:\s*(?P<credit>[^()]+?)\)?\.?$")

BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li"})
CONTAINER_TAGS = frozenset(
    {"div", "section", "article", "blockquote", "ul", "ol", "center", "figure"}
)
SKIP_TAGS = frozenset({"-comment", *JUNK_SELECTORS})


@dataclass(frozen=True, slots=True)
class _Block:
    """One body block: a text paragraph (with what the credit rule needs) or an image."""

    text: str = ""
    bold: bool = False
    emphasis: str | None = None  # the leading `strong > em` text, when the block starts with it
    image: Image | None = None


# --- URLs ----------------------------------------------------------------------------------------


def _article_match(url: str) -> re.Match[str] | None:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host not in HOSTS:
        return None
    match = DESKTOP_ARTICLE.match(parts.path)
    if match is None and host == MOBILE_HOST:
        match = MOBILE_ARTICLE.match(parts.path)
    return match


def article_id(url: str) -> str | None:
    """The site-wide numeric id of an article URL (desktop, `www.` or mobile), else None."""
    match = _article_match(url)
    return match.group("id") if match else None


def normalize_url(url: str) -> str:
    """https on `tapchiqptd.vn`; a mobile article becomes its desktop URL. Articles lose their
    query and fragment; other URLs (listings) keep their query minus tracking parameters."""
    match = _article_match(url)
    if match is not None:
        path = "/{lang}/{cat}/{slug}/{id}.html".format(**match.groupdict())
        return urlunsplit(("https", HOST, path, "", ""))
    url = url.strip()
    host = (urlsplit(url).hostname or "").lower()
    return clean_url(
        url, HOST if host in HOSTS else host, keep_query=True, tracking=TRACKING_PARAMS.match
    )


def prime_urls(listing_urls: Sequence[str]) -> tuple[str, ...]:
    """No cookie gate is known on this site."""
    return ()


def listing_page_url(listing_url: str, page: int) -> str | None:
    """Page 1 is the category URL itself; page N adds `?pageindex=N`."""
    if page < 1:
        return None
    parts = urlsplit(listing_url)
    query = page_query(parts.query, PAGE_PARAM, page, ignore_case=True)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


# --- listings ------------------------------------------------------------------------------------


def parse_listing(page: Page) -> Listing:
    """Article links of `.news-other-list` (sidebars and off-site links are not read) and the
    `>` link of the pager. A page without the list at all is a changed layout: ParseError."""
    tree = parse_html(page.text)
    if tree.css_first(LISTING_CONTAINER) is None:
        raise ParseError(page.url, f"listing: {LISTING_CONTAINER} not found")
    items: list[ListingItem] = []
    seen: set[str] = set()
    for link in tree.css(LISTING_LINK):
        url = absolute_url(page.url, link.attributes.get("href"))
        ident = article_id(url) if url else None
        if url is None or ident is None or ident in seen:
            continue
        seen.add(ident)
        items.append(ListingItem(url=normalize_url(url), article_id=ident, title=clean_text(link)))
    return Listing(url=page.url, items=tuple(items), next_url=_next_page(tree, page.url))


def _next_page(tree: LexborHTMLParser, base: str) -> str | None:
    for anchor in tree.css(NEXT_PAGE):
        if clean_text(anchor) == NEXT_TEXT:
            url = absolute_url(base, anchor.attributes.get("href"))
            return normalize_url(url) if url else None
    return None


# --- articles ------------------------------------------------------------------------------------


def parse(page: Page, *, source: str = NAME) -> Article:
    """Read one desktop article page into an `Article`. Pure: same page, same record."""
    ident = article_id(page.url)
    if ident is None:
        raise ParseError(page.url, "article id: no /<lang>/<category>/<slug>/<id>.html URL")
    url = normalize_url(page.url)
    tree = parse_html(page.text)
    ld = json_ld(tree, ARTICLE_TYPES) or {}
    container = tree.css_first(CONTAINER_SELECTOR)
    if container is None:
        raise ParseError(page.url, f"container: {CONTAINER_SELECTOR} not found")
    title = _title(tree, container, ld)
    if not title:
        raise ParseError(page.url, f"title: {TITLE_SELECTOR} not found or empty")
    body = container.css_first(BODY_SELECTOR)
    if body is None:
        raise ParseError(page.url, f"body: {BODY_SELECTOR} not found")
    date_text = clean_text(container.css_first(DATE_SELECTOR))
    published, dateline = _published(tree, ld, date_text)

    blocks = _clean_blocks(_read_body(body, page.url))
    images = [b.image for b in blocks if b.image is not None]
    texts = [b for b in blocks if b.image is None]
    texts, byline, authors = _take_credit(texts)
    sapo, texts, lead_dateline = _sapo(texts)
    paragraphs = tuple(b.text for b in texts if b.text)
    if not paragraphs and not sapo:
        raise ParseError(page.url, "body: no paragraphs left after cleaning")
    match = _article_match(page.url)
    return Article(
        url=url,
        source=source,
        article_id=ident,
        title=title,
        sapo=sapo,
        paragraphs=paragraphs,
        published_at=published,
        updated_at=parse_iso(ld_str(ld, "dateModified") or meta(tree, "article:modified_time")),
        parser_version=PARSER_VERSION,
        byline=byline,
        authors=authors,
        category=match.group("cat") if match else None,
        images=tuple(images),
        dateline=dateline or lead_dateline,
    )


def _title(tree: LexborHTMLParser, container: LexborNode, ld: dict[str, object]) -> str:
    """JSON-LD headline, the article's `.newsdt-page-ct-tit`, then a non-empty og:title."""
    headline = ld_str(ld, "headline")
    if headline:
        return normalize_inline(headline)
    text = clean_text(container.css_first(TITLE_SELECTOR))
    return text or meta(tree, "og:title") or ""


def _published(
    tree: LexborHTMLParser, ld: dict[str, object], date_text: str
) -> tuple[datetime | None, str | None]:
    """(published_at, dateline): JSON-LD, the published-time meta, then the article's own date
    line (which also carries the `QPTD -` dateline). Never the header clock."""
    dateline = None
    match = DATELINE_PREFIX.match(date_text)
    if match:
        dateline = match.group(1)
        date_text = date_text[match.end() :]
    found = ld_time(tree, ld, "datePublished", "article:published_time", "datePublished")
    return found or parse_date(date_text), dateline


def parse_date(text: str) -> datetime | None:
    """The article date line in any of the site's three forms, in Vietnam time."""
    text = normalize_inline(text)
    if not text:
        return None
    mobile = MOBILE_DATE.match(text)
    if mobile:
        month, day, year, hour, minute, second, half = mobile.groups()
        hour24 = int(hour) % 12 + (12 if half.upper() == "PM" else 0)
        return _datetime(year, month, day, str(hour24), minute, second)
    english = EN_DATE.search(text)
    if english:
        name, day, year, hour, minute = english.groups()
        month = str(EN_MONTHS.index(name) + 1)
        return _datetime(year, month, day, hour, minute, None)
    return parse_day_first(text)


def _datetime(
    year: str, month: str, day: str, hour: str | None, minute: str | None, second: str | None
) -> datetime | None:
    try:
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
            tzinfo=VN_TZ,
        )
    except ValueError:
        return None


# --- body ----------------------------------------------------------------------------------------


def _read_body(body: LexborNode, base: str) -> list[_Block]:
    blocks: list[_Block] = []
    _walk(body, base, blocks)
    return blocks


def _walk(node: LexborNode, base: str, blocks: list[_Block]) -> None:
    """Blocks in document order: paragraphs, image tables (image + caption), data tables (one
    block per row), containers walked into, bare inline runs joined into one paragraph."""
    inline: list[LexborNode] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag in SKIP_TAGS:
            continue
        if tag == "table":
            _flush(inline, blocks)
            _read_table(child, base, blocks)
        elif tag in CONTAINER_TAGS and child.css_first("p, table, div, li, h2, h3, h4"):
            _flush(inline, blocks)
            _walk(child, base, blocks)
        elif tag in BLOCK_TAGS or tag in CONTAINER_TAGS:
            _flush(inline, blocks)
            if child.css_first("table") is not None:
                _walk(child, base, blocks)
            else:
                _read_paragraph(child, base, blocks)
        elif tag == "br":
            _flush(inline, blocks)
        elif tag == "img":
            _flush(inline, blocks)
            _add_images([child], base, "", blocks)
        else:
            inline.append(child)
    _flush(inline, blocks)


def _flush(inline: list[LexborNode], blocks: list[_Block]) -> None:
    if inline:
        text = inline_text(inline)
        if text:
            blocks.append(_Block(text=text))
        inline.clear()


def _read_paragraph(node: LexborNode, base: str, blocks: list[_Block]) -> None:
    """A paragraph; an image inside it is kept as an image without a caption."""
    _add_images(node.css("img"), base, "", blocks)
    text = normalize_inline(node_text(node))
    if not text:
        return
    bold_text = "".join(node_text(b) for b in node.css("strong, b"))
    bold = _squeeze(bold_text) == _squeeze(text)
    emphasis = None
    first = node.css_first(CREDIT_EMPHASIS)
    if first is not None:
        em = normalize_inline(node_text(first))
        if em and text.startswith(em):
            emphasis = em
    blocks.append(_Block(text=text, bold=bold, emphasis=emphasis))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", normalize_inline(text))


def _read_table(table: LexborNode, base: str, blocks: list[_Block]) -> None:
    """An image table: the image(s) with the other rows as caption. Without an image it is a
    data table: one paragraph per row, cells joined by ` | `."""
    imgs = table.css("img")
    rows: list[str] = []
    for row in table.css("tr"):
        cells = [normalize_block(node_text(c)).replace("\n", " ") for c in row.css("td, th")]
        cells = [c for c in cells if c]
        if cells:
            rows.append(" | ".join(cells) if not imgs else " ".join(cells))
    if not imgs:
        blocks.extend(_Block(text=normalize_inline(r)) for r in rows)
        return
    caption = dedupe_caption(normalize_inline(" ".join(rows)))
    _add_images(imgs, base, caption, blocks)


def _add_images(imgs: list[LexborNode], base: str, caption: str, blocks: list[_Block]) -> None:
    text, credit = _split_credit(caption)
    for index, img in enumerate(imgs):
        src = img.attributes.get("data-src") or img.attributes.get("src")
        url = absolute_url(base, src)
        if url:
            blocks.append(
                _Block(
                    image=Image(
                        url=url,
                        caption=text if index == 0 else "",
                        credit=credit if index == 0 else "",
                    )
                )
            )


def _split_credit(caption: str) -> tuple[str, str]:
    """`… Ảnh: X` (shared rule) or, on the English edition, `… Photo: X`."""
    text, credit = split_credit(caption)
    if credit:
        return text, credit
    match = PHOTO_CREDIT_EN.match(caption)
    if match and match.group("credit").strip():
        return match.group("caption").strip(), match.group("credit").strip()
    return caption, ""


def _clean_blocks(blocks: list[_Block]) -> list[_Block]:
    """Drop empty and decorative blocks and a pasted page header; end at the first stop marker."""
    kept = [b for b in blocks if b.image is not None or (b.text and not DECORATION.match(b.text))]
    kept = _drop_header(kept)
    for index, block in enumerate(kept):
        if block.image is None and _is_stop(block.text):
            return kept[:index]
    return kept


def _drop_header(blocks: list[_Block]) -> list[_Block]:
    """A page header pasted into the body: from `Tòa soạn:` to `Tạp chí và Tòa soạn`."""
    for start, block in enumerate(blocks[:HEADER_SEARCH]):
        if block.image is None and block.text.startswith(HEADER_START):
            for end in range(start, min(len(blocks), start + HEADER_SPAN)):
                if HEADER_END in blocks[end].text:
                    return blocks[:start] + blocks[end + 1 :]
            break
    return blocks


def _is_stop(text: str) -> bool:
    return len(text) < STOP_MAX_CHARS and STOP_MARKER.match(text) is not None


def _take_credit(blocks: list[_Block]) -> tuple[list[_Block], str | None, tuple[str, ...]]:
    """The author credit: the last of the final six blocks that starts with `strong > em` holding
    a byline (`Tin, ảnh: X`, …) or a name in capitals (rank + NAME [, affiliation])."""
    for index in range(len(blocks) - 1, max(len(blocks) - CREDIT_WINDOW, 0) - 1, -1):
        found = _credit(blocks[index])
        if found is not None:
            byline, authors = found
            return blocks[:index] + blocks[index + 1 :], byline, authors
    return blocks, None, ()


def _credit(block: _Block) -> tuple[str, tuple[str, ...]] | None:
    emphasis = block.emphasis
    if not emphasis or len(block.text.split()) > CREDIT_MAX_WORDS:
        return None
    if BYLINE_PREFIXED.match(emphasis):
        name = byline_name(emphasis)
        return (block.text, split_authors(name)) if name else None
    if not has_caps_name(emphasis):
        return None
    parts = [p.strip() for p in CO_AUTHORS.split(emphasis) if p.strip()]
    if len(parts) > 1 and all(has_caps_name(p) for p in parts):
        return block.text, tuple(parts)
    return block.text, split_authors(emphasis)


def has_caps_name(text: str) -> bool:
    """Two consecutive words in capitals (`PHẠM VĂN HIẾU`, `NGUYEN DUC THANH`).

    `scrapers.text.has_upper_name` misses capitals from Latin Extended Additional (`Ạ`, `Ế`, …)
    because its `à-ỹ` range holds both cases there; this checks `str.isupper` per letter.
    """
    run = 0
    for word in re.split(r"[\s,;:.()–-]+", text):
        letters = [c for c in word if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False


def _sapo(blocks: list[_Block]) -> tuple[str, list[_Block], str | None]:
    """(sapo, remaining blocks, dateline found in the lead): a wholly bold first paragraph of
    12+ words is the lead; otherwise the first paragraph only loses a `QPTD - ` dateline."""
    if not blocks:
        return "", blocks, None
    first = blocks[0]
    text, dateline = strip_dateline(first.text)
    if first.bold and len(text.split()) >= SAPO_MIN_WORDS:
        return text, blocks[1:], dateline
    return "", [_Block(text=text), *blocks[1:]], dateline

"""thanhuytphcm.vn, Cổng thông tin Thành ủy TP.HCM (legacy domain hcmcpv.org.vn: the same site).

What is known (sites.md §5, seed 003) and how sure we are:

* URLs [MULTI]: articles are `/tin-tuc/<slug>-<10-digit id>` on `www.thanhuytphcm.vn` and, with the
  same paths and ids, on the legacy `hcmcpv.org.vn` / `www.hcmcpv.org.vn`: one source, one id
  space, every alias normalised to `https://www.thanhuytphcm.vn`. A slug may start with `-` (a
  title opening with a quote). The 10-digit id is the identity. `stxdd.thanhuytphcm.vn` (a
  sub-site on the same platform) and `icpv.thanhuytphcm.vn` (an internal app) are not this source:
  their links are ignored like any off-site link.
* Listings [MULTI for the path, GUESS for the rest]: `/nhom-tin/<slug>-<id>`. Pagination is
  unknown; we GUESS `?page=N` (page 1 is the bare URL). No RSS or sitemap is known.
* Text [VERIFIED-DATA, seed 003, text only]: the header clock (`Thứ Hai, ngày 26 tháng 2 năm
  2024`) shows the scrape day, never a date; the lead opens with the `(Thanhuytphcm.vn) - `
  dateline (stripped, the sentence kept, the paragraph is the sapo); the lead-image caption
  (`Toàn cảnh hội nghị`) sits between the title and the lead; one in-body caption is printed twice
  (`A A`, deduplicated); the author is the last short Title-Case line without a final period
  (`Thế Anh`, no `Tin, ảnh:` prefix); then `Ý kiến bạn đọc`, `refresh` (a Material-Icons ligature,
  tag GUESS), `Tổng lượt bình luận`, `Tin khác` and `Thông báo` close the page: the body is cut at
  the first of these markers, so they never reach the text even when they sit inside the body.
* Markup [GUESS: no real page HTML exists]: every CSS selector below is a guess, so each is a
  tuple of candidates tried in order, and metadata is read JSON-LD → `<meta>` → CSS. Dates come
  from JSON-LD `datePublished`, `article:published_time`, or the date element next to the title
  (never the clock, a sidebar or the image path).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.dom import (
    absolute_url,
    canonical_link,
    classes,
    clean_text,
    clean_url,
    drop,
    first_node,
    first_parsed,
    first_text,
    inline_text,
    json_ld,
    ld_names,
    ld_str,
    ld_time,
    meta,
    node_text,
    page_query,
    parse_day_first,
    parse_html,
    texts,
    url_id,
)
from scrapers.feeds import looks_like_xml, parse_feed
from scrapers.records import Article, Image, Listing, ListingItem, Page, ParseError
from scrapers.text import (
    CLOCK,
    byline_name,
    dedupe_caption,
    normalize_block,
    normalize_inline,
    split_authors,
    split_credit,
    strip_dateline,
)

NAME = "thanhuytphcm"
PARSER_VERSION = "thanhuytphcm/1"

# --- URLs [MULTI] --------------------------------------------------------------------------------
CANONICAL_HOST = "www.thanhuytphcm.vn"
HOSTS = frozenset({"www.thanhuytphcm.vn", "thanhuytphcm.vn", "www.hcmcpv.org.vn", "hcmcpv.org.vn"})
ARTICLE_PATH = re.compile(r"^/tin-tuc/(?:[a-z0-9-]*-)?(\d{10})/?$")
PAGE_PARAM = "page"  # GUESS: `?page=N`
TRACKING_PARAM = re.compile(
    r"^(?:utm_[a-z_]+|fbclid|gclid|dclid|zarsrc|gidzl|_gl|mc_cid|mc_eid)$",
    re.IGNORECASE,
)

# --- article page [GUESS unless noted] -----------------------------------------------------------
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"})
TITLE_SELECTORS: tuple[str, ...] = ("h1.news-title", ".news-detail h1", "article h1", "h1")
TITLE_SUFFIX = re.compile(
    r"\s+[-|–]\s+(?:Thành ủy (?:TP\.?\s?HCM|Thành phố Hồ Chí Minh)|Thanhuytphcm\.vn"
    r"|Cổng thông tin điện tử Thành ủy.*)$",
    re.IGNORECASE,
)
DATE_SELECTORS: tuple[str, ...] = (".news-detail .news-date", ".news-info .news-date",
                                   ".news-detail .date", ".news-info")
SAPO_SELECTORS: tuple[str, ...] = (".news-detail .news-sapo", ".news-detail .sapo")
BODY_SELECTORS: tuple[str, ...] = (".news-detail .news-content", ".news-content",
                                   'div[itemprop="articleBody"]')
LEAD_IMAGE_SELECTORS: tuple[str, ...] = (".news-detail .news-avatar",)
LEAD_CAPTION_SELECTORS: tuple[str, ...] = (".avatar-caption", "figcaption", "p")
TAG_SELECTORS: tuple[str, ...] = (".news-tags a", ".tags a")
BREADCRUMB_SELECTORS: tuple[str, ...] = (".breadcrumb a",)
HOME_CRUMBS = frozenset({"trang chủ", "home"})  # lower case; not a category
# Subtrees dropped from the body before reading it (comment box, related list, sidebar, junk).
BODY_JUNK: tuple[str, ...] = (
    "script", "style", "noscript", "iframe", "form",
    ".comment-box", ".box-comment", ".other-news", ".box-thongbao", ".share-tools",
)
TEXT_BLOCKS = "p, h2, h3, h4, h5, h6, li, blockquote"
CAPTION_SELECTORS: tuple[str, ...] = ("figcaption", ".image-caption", ".pCaption", ".caption")
# Text markers [VERIFIED-DATA, seed 003]: the body ends at the first block that is one of these
# (case-sensitive). The box titles `Tin khác` / `Thông báo` end it only after its first block, so
# a notice headed `Thông báo` keeps its text.
STOP_MARKER = re.compile(r"^(?:Ý kiến bạn đọc|Tổng lượt bình luận\b.*|refresh)$")
BOX_TITLE = re.compile(r"^(?:Tin khác|Thông báo|Tin liên quan)$")
# The author line [VERIFIED-DATA, seed 003: `Thế Anh`]: a short Title-Case name, no final period;
# two names may be joined by ` - `, ` – ` or `, ` (GUESS).
AUTHOR_SEPARATOR = re.compile(r"\s+[-–]\s+|\s*,\s*")
AUTHOR_MAX_WORDS = 4
SENTENCE_END = (".", ":", ";", "?", "!", "…", ",")

# --- listing page [GUESS] ------------------------------------------------------------------------
LISTING_CONTAINERS: tuple[str, ...] = (".list-news", ".news-list", ".category-news")
LISTING_LINK = "a[href]"
LISTING_ITEM_CLASS = "news-item"
LISTING_DATE = ".news-date"
NEXT_PAGE: tuple[str, ...] = ('.pagination a[rel="next"]', 'a[rel="next"]')
NEXT_TEXT = frozenset({"»", "›", ">", "Trang sau", "Sau", "Tiếp"})


# --- URLs ----------------------------------------------------------------------------------------


def article_id(url: str) -> str | None:
    """The 10-digit id of an article URL on any of the site's domains, else None."""
    return url_id(url, HOSTS, ARTICLE_PATH)


def normalize_url(url: str) -> str:
    """https, `www.thanhuytphcm.vn` for every alias, no fragment, no trailing slash; an article
    loses its whole query, any other page only its tracking parameters (so `?page=N` survives)."""
    url = url.strip()
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in HOSTS:
        return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path, parts.query, ""))
    article = ARTICLE_PATH.match(parts.path.rstrip("/") or "/") is not None
    return clean_url(
        url, CANONICAL_HOST, keep_query=not article, tracking=TRACKING_PARAM.match,
        trailing_slash=False,
    )


def prime_urls(listing_urls: Sequence[str]) -> tuple[str, ...]:
    """No cookie gate is known on this site."""
    return ()


def listing_page_url(listing_url: str, page: int) -> str | None:
    """Page 1 is the listing URL itself; later pages add `?page=N` (GUESS). A feed has one page."""
    parts = urlsplit(normalize_url(listing_url))
    if page > 1 and parts.path.endswith((".rss", ".xml")):
        return None
    query = page_query(parts.query, PAGE_PARAM, page)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


# --- listings ------------------------------------------------------------------------------------


def parse_listing(page: Page) -> Listing:
    """Article links of the listing's own block (sidebars such as `Thông báo` are not read), on
    either domain, deduplicated by id; off-site and sub-site links are ignored. When no known
    container is found, every article link of the page is taken (the markup is a guess)."""
    if looks_like_xml(page):
        return parse_feed(page, article_id, normalize_url)
    tree = parse_html(page.text)
    container = first_node(tree, LISTING_CONTAINERS)
    scope: LexborHTMLParser | LexborNode = container if container is not None else tree
    items: dict[str, ListingItem] = {}
    for link in scope.css(LISTING_LINK):
        url = absolute_url(page.url, link.attributes.get("href"))
        ident = article_id(url) if url else None
        if url is None or ident is None:
            continue
        title = clean_text(link) or normalize_inline(link.attributes.get("title") or "")
        known = items.get(ident)
        if known is not None:
            if not known.title and title:  # a thumbnail link first, the title link later
                items[ident] = ListingItem(known.url, ident, title, known.published_at)
            continue
        items[ident] = ListingItem(normalize_url(url), ident, title, _item_date(link))
    return Listing(url=page.url, items=tuple(items.values()), next_url=_next_page(tree, page.url))


def _item_date(link: LexborNode) -> datetime | None:
    node: LexborNode | None = link
    while node is not None and LISTING_ITEM_CLASS not in classes(node):
        node = node.parent
    date = node.css_first(LISTING_DATE) if node is not None else None
    return parse_day_first(clean_text(date)) if date is not None else None


def _next_page(tree: LexborHTMLParser, base: str) -> str | None:
    for selector in NEXT_PAGE:
        node = tree.css_first(selector)
        if node is not None and (url := absolute_url(base, node.attributes.get("href"))):
            return normalize_url(url)
    for anchor in tree.css(".pagination a[href]"):
        if clean_text(anchor) in NEXT_TEXT and (
            url := absolute_url(base, anchor.attributes.get("href"))
        ):
            return normalize_url(url)
    return None


# --- articles ------------------------------------------------------------------------------------


def parse(page: Page, *, source: str = NAME) -> Article:
    """Read one article page into an `Article`. Pure: the same page always gives the same record."""
    tree = parse_html(page.text)
    ld = json_ld(tree, ARTICLE_TYPES) or {}
    canonical = _canonical(tree, page.url)
    ident = article_id(page.url) or article_id(canonical or "")
    if ident is None:
        raise ParseError(page.url, "article id: no '/tin-tuc/<slug>-<10 digits>' URL")
    url = normalize_url(canonical if canonical and article_id(canonical) == ident else page.url)
    title = _title(tree, ld)
    if not title:
        raise ParseError(page.url, "title: not found (JSON-LD headline, og:title, h1)")
    body = first_node(tree, BODY_SELECTORS)
    if body is None:
        raise ParseError(page.url, f"body: none of {', '.join(BODY_SELECTORS)} found")
    drop(body, BODY_JUNK)
    images = _lead_images(tree, page.url)
    blocks = _read_body(body, page.url, images)
    blocks = _until_stop_marker(blocks)
    blocks, byline, authors = _take_byline(blocks)
    sapo, dateline = _sapo(tree, blocks)
    paragraphs = tuple(blocks)
    if not paragraphs and not sapo:
        raise ParseError(page.url, "body: no paragraphs left after cleaning")
    if not authors:
        authors = ld_names(ld.get("author"))
    return Article(
        url=url,
        source=source,
        article_id=ident,
        title=title,
        sapo=sapo,
        paragraphs=paragraphs,
        published_at=_published(tree, ld),
        updated_at=ld_time(tree, ld, "dateModified", "article:modified_time", "dateModified"),
        parser_version=PARSER_VERSION,
        byline=byline,
        authors=authors,
        category=" / ".join(texts(tree, BREADCRUMB_SELECTORS, exclude=HOME_CRUMBS)) or None,
        tags=texts(tree, TAG_SELECTORS),
        images=tuple(images),
        dateline=dateline,
    )


def _canonical(tree: LexborHTMLParser, page_url: str) -> str | None:
    return canonical_link(tree, page_url) or absolute_url(page_url, meta(tree, "og:url"))


def _title(tree: LexborHTMLParser, ld: dict[str, object]) -> str:
    headline = ld_str(ld, "headline")
    if headline:
        return normalize_inline(headline)
    og = meta(tree, "og:title")
    if og:
        return TITLE_SUFFIX.sub("", og)
    return TITLE_SUFFIX.sub("", first_text(tree, TITLE_SELECTORS))


def _published(tree: LexborHTMLParser, ld: dict[str, object]) -> datetime | None:
    """JSON-LD, then the published-time meta, then the date next to the title. Never the clock."""
    found = ld_time(tree, ld, "datePublished", "article:published_time", "datePublished")
    return found or first_parsed(tree, DATE_SELECTORS, parse_day_first)


def _sapo(tree: LexborHTMLParser, blocks: list[str]) -> tuple[str, str | None]:
    """A lead element when there is one (GUESS); else the first body paragraph when it opens with
    the `(Thanhuytphcm.vn) - ` dateline [VERIFIED-DATA], which it then leaves. No dateline: no
    sapo (the description meta is not used, it repeats the lead)."""
    text = first_text(tree, SAPO_SELECTORS)
    if text:
        return strip_dateline(text)
    if blocks:
        sentence, dateline = strip_dateline(blocks[0])
        if dateline is not None:
            del blocks[0]
            return sentence, dateline
    return "", None


# --- body ----------------------------------------------------------------------------------------


def _lead_images(tree: LexborHTMLParser, base: str) -> list[Image]:
    """The lead image outside the body, with its caption (`Toàn cảnh hội nghị`)."""
    images: list[Image] = []
    for selector in LEAD_IMAGE_SELECTORS:
        for box in tree.css(selector):
            _image_block(box, base, images, LEAD_CAPTION_SELECTORS)
    return images


def _read_body(body: LexborNode, base: str, images: list[Image]) -> list[str]:
    blocks: list[str] = []
    _walk(body, base, blocks, images)
    return [b for b in blocks if b and not CLOCK.match(b)]


def _walk(node: LexborNode, base: str, blocks: list[str], images: list[Image]) -> None:
    inline: list[LexborNode] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if _is_image_box(child):
            _flush(inline, blocks)
            _image_block(child, base, images, CAPTION_SELECTORS)
        elif tag == "table":  # a real table: its rows are text
            _flush(inline, blocks)
            rows = (normalize_block(node_text(row)) for row in child.css("tr"))
            blocks.extend(r.replace("\n", " ") for r in rows if r)
        elif tag in ("div", "section", "article", "ul", "ol", "blockquote") and child.css_first(
            "p, div, li, h2, h3, h4, table, figure"
        ):
            _flush(inline, blocks)
            _walk(child, base, blocks, images)
        elif tag in ("p", "div", "li", "h2", "h3", "h4", "h5", "h6", "blockquote"):
            _flush(inline, blocks)
            blocks.extend(_lines(child))
        elif tag == "br":
            _flush(inline, blocks)
        elif tag == "img":
            _flush(inline, blocks)
            _append_image(child, base, images, "")
        else:
            inline.append(child)
    _flush(inline, blocks)


def _is_image_box(node: LexborNode) -> bool:
    """A figure or table holding an image, or a `p`/`div` holding one with no text blocks beside
    it other than a caption element."""
    if node.tag not in ("figure", "table", "p", "div") or node.css_first("img") is None:
        return False
    if node.tag in ("figure", "table"):
        return True
    allowed = {node.mem_id}  # `css` matches the node itself too
    for selector in CAPTION_SELECTORS:
        for caption in node.css(selector):
            allowed.update(n.mem_id for n in caption.css(TEXT_BLOCKS))
            allowed.add(caption.mem_id)
    return all(n.mem_id in allowed for n in node.css(f"{TEXT_BLOCKS}, table, figure"))


def _lines(node: LexborNode) -> list[str]:
    """A block's text; `<br>`-separated lines inside one `<p>` are separate paragraphs."""
    return [line for line in normalize_block(node_text(node)).split("\n") if line]


def _flush(inline: list[LexborNode], blocks: list[str]) -> None:
    """Bare text and inline elements directly in a container form one paragraph."""
    if inline:
        text = inline_text(inline)
        if text:
            blocks.append(text)
        inline.clear()


def _image_block(
    box: LexborNode, base: str, images: list[Image], caption_selectors: Sequence[str]
) -> None:
    """An image box (figure, table, div or p): the caption element's text, else the text beside
    the image, else the alt; a caption printed twice (`A A`, alt + caption) is kept once."""
    imgs = box.css("img")
    caption = first_text(box, caption_selectors)
    if not caption:
        caption = clean_text(box)
    if not caption and imgs:
        caption = normalize_inline(imgs[0].attributes.get("alt") or "")
    caption = dedupe_caption(caption)
    for index, img in enumerate(imgs):
        _append_image(img, base, images, caption if index == 0 else "")


def _append_image(img: LexborNode, base: str, images: list[Image], caption: str) -> None:
    src = img.attributes.get("data-src") or img.attributes.get("src")
    url = absolute_url(base, src)
    if url is None or any(i.url == url for i in images):
        return
    text, credit = split_credit(caption)
    images.append(Image(url=url, caption=text, credit=credit))


def _until_stop_marker(blocks: list[str]) -> list[str]:
    """Cut from the comment box / related list / notices marker to the end (seed 003)."""
    for index, block in enumerate(blocks):
        if STOP_MARKER.match(block) or (index > 0 and BOX_TITLE.match(block)):
            return blocks[:index]
    return blocks


def _take_byline(blocks: list[str]) -> tuple[list[str], str | None, tuple[str, ...]]:
    """The last paragraph when it is a byline: `Tin, ảnh: X`, `Theo X`, … (shared rules) or the
    site's bare Title-Case author line (`Thế Anh`, `Thu Hương - Quốc Bảo`)."""
    if not blocks:
        return blocks, None, ()
    last = blocks[-1]
    names = _author_names(last)
    if names:
        return blocks[:-1], last, names
    name = byline_name(last)
    if name is not None:
        return blocks[:-1], last, split_authors(name)
    return blocks, None, ()


def _author_names(text: str) -> tuple[str, ...]:
    """`Thế Anh` → (`Thế Anh`,): each name 1–4 capitalised words, no sentence punctuation."""
    text = text.strip()
    if not text or text.endswith(SENTENCE_END) or len(text) > 80:
        return ()
    names = [n.strip() for n in AUTHOR_SEPARATOR.split(text) if n.strip()]
    if not names:
        return ()
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= AUTHOR_MAX_WORDS:
            return ()
        if not all(w[0].isupper() and w.replace(".", "").isalpha() for w in words):
            return ()
        if len(words) == 1 and not (name.isupper() and len(name) >= 2):
            return ()  # one word is a name only in capitals (`PV`, `TTXVN`)
    return tuple(names)

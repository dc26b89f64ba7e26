"""qdnd.vn, Báo Quân đội nhân dân (and its sub-sites on the same CMS, such as hc.qdnd.vn).

What is known (sites.md §3, §4): ASP.NET behind a VEdge CDN with a cookie gate (302 to itself with
`Set-Cookie`); articles at `/<category>/<sub>/<slug>-<id>` with no extension, the id (6–7 digits) is
the identity; listings paginate as `<category>/p/N`. No complete real page is known, so metadata is
read in the order JSON-LD → `<meta>` → CSS; the body selector `div[itemprop=articleBody]` and its
noise (image tables with an editor toolbar row that leaks as `leftcenterrightdel`, the
`* Mời bạn đọc vào chuyên mục …` footer split across `<em>`s, `gtx-trans` junk, the byline as the
paragraph right before the footer) are verified on real bodies. The header clock and the related
lists print other dates: the date comes only from JSON-LD, the published-time meta or the
article's own `.post-subinfo`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.dom import (
    absolute_url,
    canonical_url,
    clean_text,
    drop,
    first_node,
    first_parsed,
    first_text,
    has_descendant,
    inline_text,
    json_ld,
    ld_names,
    ld_str,
    ld_time,
    lead_or_description,
    meta,
    node_text,
    parse_day_first,
    parse_html,
    parse_iso,
    texts,
)
from scrapers.feeds import looks_like_xml, parse_feed
from scrapers.records import Article, Image, Listing, ListingItem, Page, ParseError
from scrapers.text import (
    byline_name,
    dedupe_caption,
    has_upper_name,
    is_footer,
    is_toolbar,
    normalize_block,
    normalize_inline,
    split_authors,
    split_credit,
    strip_dateline,
    take_source_line,
)

NAME = "qdnd"
PARSER_VERSION = "qdnd/1"

ARTICLE_URL = re.compile(r"^/(?:[a-z0-9-]+/){1,3}[a-z0-9-]+-(\d{5,8})/?$")
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"})

TITLE_SELECTORS = ("h1.post-title", ".article-detail h1")
SAPO_SELECTORS = (".post-summary", "p.logo-online")
BODY_SELECTOR = 'div[itemprop="articleBody"]'
DATE_SELECTORS = (".post-head .post-subinfo", ".post-subinfo")
TAG_SELECTORS = ('.post-tag a[itemprop="keywords"]',)
BREADCRUMB_SELECTORS = ("div.brcrum-title span a",)
JUNK_SELECTORS = ("#gtx-trans", "script", "style", "noscript", "iframe")
TITLE_SUFFIX = re.compile(r"\s+[-|–]\s+Báo Quân đội [Nn]hân dân.*$")

LISTING_ITEM = "div.list-news-category > article"
LISTING_LINK = ("h3 a[href]", "a[href]")
LISTING_DATE = "p.pubdate"
NEXT_PAGE = "div.ex_page a"


@dataclass(frozen=True, slots=True)
class _Block:
    """One paragraph of the body, with whether all its text is bold (bylines are)."""

    text: str
    bold: bool


def article_id(url: str) -> str | None:
    """The site's id from an article URL, or None when the URL is not an article."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host != "qdnd.vn" and not host.endswith(".qdnd.vn"):
        return None
    match = ARTICLE_URL.match(parts.path)
    return match.group(1) if match else None


def normalize_url(url: str) -> str:
    """https, lower-case host, no query, fragment or trailing slash: one URL per article."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "qdnd.vn":
        host = "www.qdnd.vn"
    return urlunsplit(("https", host, parts.path.rstrip("/") or "/", "", ""))


def prime_urls(listing_urls: Sequence[str]) -> tuple[str, ...]:
    """`/rss/...` feeds 302 to themselves until a session cookie is set by visiting `/rss`
    (sites.md §3.3), so a run with a feed listing visits `/rss` of that host first."""
    roots = {
        f"{parts.scheme}://{parts.netloc}/rss"
        for parts in map(urlsplit, listing_urls)
        if parts.path.startswith("/rss/")
    }
    return tuple(sorted(roots))


def listing_page_url(listing_url: str, page: int) -> str | None:
    """Page 1 is the category URL itself; later pages are `<category>/p/N`. A feed has one page."""
    base = listing_url.rstrip("/")
    if page == 1:
        return base
    return None if base.endswith((".rss", ".xml")) else f"{base}/p/{page}"


def parse_listing(page: Page) -> Listing:
    """Article links of one listing page (the featured block and sidebars are not read) or of an
    RSS feed (`/rss/cate/<slug>.rss`)."""
    if looks_like_xml(page):
        return parse_feed(page, article_id, normalize_url)
    tree = parse_html(page.text)
    items: list[ListingItem] = []
    seen: set[str] = set()
    own_host = urlsplit(normalize_url(page.url)).hostname
    for node in tree.css(LISTING_ITEM):
        link = first_node(node, LISTING_LINK)
        url = absolute_url(page.url, link.attributes.get("href") if link else None)
        ident = article_id(url) if url else None
        if url is None or ident is None or ident in seen:
            continue
        if urlsplit(normalize_url(url)).hostname != own_host:
            continue  # a sub-site's list linking the main site (or back) is not this source
        seen.add(ident)
        date_node = node.css_first(LISTING_DATE)
        items.append(
            ListingItem(
                url=normalize_url(url),
                article_id=ident,
                title=clean_text(link),
                published_at=parse_day_first(clean_text(date_node)) if date_node else None,
            )
        )
    return Listing(url=page.url, items=tuple(items), next_url=_next_page(tree, page.url))


def _next_page(tree: LexborHTMLParser, base: str) -> str | None:
    for anchor in tree.css(NEXT_PAGE):
        if anchor.css_first("i.fa-angle-right") is not None:
            return absolute_url(base, anchor.attributes.get("href"))
    return None


def parse(page: Page, *, source: str = NAME) -> Article:
    """Read one article page into an `Article`. Pure: the same page always gives the same record."""
    tree = parse_html(page.text)
    ld = json_ld(tree, ARTICLE_TYPES) or {}
    url = normalize_url(canonical_url(tree, page.url, article_id))
    ident = article_id(url) or article_id(page.url)
    if ident is None:
        raise ParseError(page.url, "article id: no '-<digits>' id at the end of the URL")
    title = _title(tree, ld)
    if not title:
        raise ParseError(page.url, "title: not found (JSON-LD headline, og:title, h1.post-title)")
    body = tree.css_first(BODY_SELECTOR)
    if body is None:
        raise ParseError(page.url, f"body: {BODY_SELECTOR} not found")
    drop(body, JUNK_SELECTORS)
    blocks, images = _read_body(body, page.url)
    blocks, original_url = take_source_line(blocks, lambda b: b.text)
    blocks, byline, byline_who = _take_byline(blocks)
    sapo, dateline = _sapo(tree, blocks)
    if blocks and dateline is None:
        first, dateline = strip_dateline(blocks[0].text)
        blocks[0] = _Block(first, blocks[0].bold)
    paragraphs = tuple(b.text for b in blocks if b.text)
    if not paragraphs and not sapo:
        raise ParseError(page.url, "body: no paragraphs left after cleaning")
    authors = split_authors(byline_who) if byline_who else ld_names(ld.get("author"))
    return Article(
        url=url,
        source=source,
        article_id=ident,
        title=title,
        sapo=sapo,
        paragraphs=paragraphs,
        published_at=_published(tree, ld),
        updated_at=parse_iso(ld_str(ld, "dateModified") or meta(tree, "article:modified_time")),
        parser_version=PARSER_VERSION,
        byline=byline,
        authors=authors,
        category=_category(tree, url),
        tags=texts(tree, TAG_SELECTORS),
        images=tuple(images),
        original_url=original_url,
        dateline=dateline,
    )


def _title(tree: LexborHTMLParser, ld: dict[str, object]) -> str:
    headline = ld_str(ld, "headline")
    if headline:
        return normalize_inline(headline)
    og = meta(tree, "og:title")
    if og:
        return TITLE_SUFFIX.sub("", og)
    return first_text(tree, TITLE_SELECTORS)


def _published(tree: LexborHTMLParser, ld: dict[str, object]) -> datetime | None:
    """JSON-LD, then the published-time meta, then the article's own date line. Never the clock."""
    found = ld_time(tree, ld, "datePublished", "article:published_time", "datePublished")
    return found or first_parsed(tree, DATE_SELECTORS, parse_day_first)


def _sapo(tree: LexborHTMLParser, blocks: list[_Block]) -> tuple[str, str | None]:
    """The lead without its dateline; the description meta only when the page has no lead element
    and the meta is not just the start of the first paragraph."""
    first = blocks[0].text if blocks else ""
    return lead_or_description(tree, SAPO_SELECTORS, first, strip_dateline)


def _category(tree: LexborHTMLParser, url: str) -> str | None:
    crumbs = texts(tree, BREADCRUMB_SELECTORS)
    if crumbs:
        return " / ".join(crumbs)
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return segments[0] if len(segments) > 1 else None


def _read_body(body: LexborNode, base: str) -> tuple[list[_Block], list[Image]]:
    """Split the body into text blocks and image tables, in document order."""
    blocks: list[_Block] = []
    images: list[Image] = []
    _walk(body, base, blocks, images)
    kept = [b for b in blocks if b.text and not is_toolbar(b.text) and not is_footer(b.text)]
    return kept, images


def _walk(node: LexborNode, base: str, blocks: list[_Block], images: list[Image]) -> None:
    inline: list[LexborNode] = []
    for child in node.iter(include_text=True):
        if child.tag == "table" or (child.tag == "figure" and child.css_first("img")):
            _flush(inline, blocks)
            _read_image_block(child, base, blocks, images)
        elif child.tag in ("div", "section", "ul", "ol", "blockquote") and has_descendant(
            child, "p, table, div, li, h2, h3"
        ):
            _flush(inline, blocks)
            _walk(child, base, blocks, images)
        elif child.tag in ("p", "h2", "h3", "h4", "h5", "h6", "li", "div", "blockquote"):
            _flush(inline, blocks)
            if has_descendant(child, "table"):
                _walk(child, base, blocks, images)
            else:
                blocks.append(_block(child))
        elif child.tag == "br":
            _flush(inline, blocks)
        else:
            inline.append(child)
    _flush(inline, blocks)


def _flush(inline: list[LexborNode], blocks: list[_Block]) -> None:
    """Bare text and inline elements directly in the body form one paragraph."""
    if inline:
        text = inline_text(inline)
        if text:
            blocks.append(_Block(text, bold=False))
        inline.clear()


def _block(node: LexborNode) -> _Block:
    text = normalize_inline(node_text(node))
    bold_text = "".join(node_text(b) for b in node.css("strong, b"))
    return _Block(text, bold=bool(text) and normalize_inline(bold_text) == text)


def _read_image_block(
    table: LexborNode, base: str, blocks: list[_Block], images: list[Image]
) -> None:
    """An editor image table: toolbar row out, the image kept, the other rows are its caption.

    A table without an image is a real table: its rows stay in the text.
    """
    imgs = table.css("img")
    rows = [normalize_block(node_text(row)) for row in table.css("tr, figcaption")]
    rows = [r.replace("\n", " ") for r in rows if r and not is_toolbar(r)]
    if not imgs:
        blocks.extend(_Block(r, bold=False) for r in rows)
        return
    caption = dedupe_caption(normalize_inline(" ".join(rows)))
    if not caption:
        caption = normalize_inline(imgs[0].attributes.get("alt") or "")
    caption, credit = split_credit(caption)
    for index, img in enumerate(imgs):
        src = img.attributes.get("src") or img.attributes.get("data-src")
        url = absolute_url(base, src)
        if url:
            images.append(
                Image(
                    url=url,
                    caption=caption if index == 0 else "",
                    credit=credit if index == 0 else "",
                )
            )


def _take_byline(blocks: list[_Block]) -> tuple[list[_Block], str | None, str | None]:
    """The credit is the last paragraph (the one right before the footer) on every real body.

    Returns the blocks without it, the byline as printed, and the name part of it.
    """
    if not blocks:
        return blocks, None, None
    last = blocks[-1]
    name = byline_name(last.text)
    if name is None and last.bold and has_upper_name(last.text) and len(last.text.split()) <= 25:
        name = last.text
    if name is None:
        return blocks, None, None
    return blocks[:-1], last.text, name

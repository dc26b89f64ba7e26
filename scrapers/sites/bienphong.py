"""bienphong.com.vn, Báo Biên phòng (the Border Guard's newspaper).

What is known (sites.md §2.4, §8.2) and how sure we are. **No real page HTML of this site is
known**: the snapshot in `tests/snapshots/bienphong/` is modelled on the evidence below, so every
selector is tagged with sites.md's confidence tags.

- Articles: `https://www.bienphong.com.vn/<slug>-post<id>.html`, the id (`-post(\\d+)\\.html$`) is
  the identity [VERIFIED-DATA: a real URL `…-post473259.html` in a public repository]. Only
  root-level `…-postN.html` paths are articles; the `/videos/` and `/tin-anh/` sections (which the
  site's RSS also carries) are left out [GUESS].
- Images: `files.bienphong.com.vn/bbpmedia/media/<w>/YYYY/M/D/<name>.jpg` (sometimes written
  `…vn//bbpmedia…`), older ones `www.bienphong.com.vn/images/media//<w>/…` [VERIFIED-DATA: URLs
  in public repositories]. Lazy images keep the real URL in `data-src` [GUESS].
- RSS: `/rss/<category>.rss` (e.g. `/rss/kinh-te.rss`) [SCRAPER]; one page per feed.
- HTML category listings `/<category>/`, later pages `/<category>/?page=N` [GUESS]: story blocks
  `article.story` in `.category-featured` / `.category-timeline`, next page `a[rel=next]` [GUESS].
- Two article layouts, tried in order (selector tuples):
  * current (post-redesign): `h1.cms-title`, `.cms-desc` sapo, `.cms-body` body [GUESS, sites.md
    §8.2]; date element `.article__meta time`, captions `figcaption` / `.PhotoCMS_Caption`,
    tags `.article__tag a`, related boxes `.related-news`/`.box-related` [GUESS];
  * old (≈2020): `h1.bp-detail-content-title-h1`, `p.bp-detail-sapo`, `div.bp-detail-text-content`
    paragraphs, `span.bp-date-time` [SCRAPER]; an image there is a paragraph holding only an
    `<img>`, its caption the italic paragraph right after it [GUESS].
- Dates: JSON-LD `datePublished`, then `article:published_time`, then the article's own date
  element (`dd/mm/yyyy HH:MM`, also `HH:MM | dd/mm/yyyy`) [GUESS formats], in Asia/Ho_Chi_Minh.
  Never the header clock or a sidebar date.
- Bylines are the last body paragraph (`Bài, ảnh: X`, `X (thực hiện)`, `Theo TTXVN`, or a bare
  Title-Case name, bold or right-aligned) [GUESS, from the house style of VN papers]; unlike
  qdnd, names are usually not in capitals, so this module also reads mixed-case forms.
- Dateline `BP - ` at the start of the sapo (or of the first paragraph) [GUESS].
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.dom import (
    VN_TZ,
    absolute_url,
    canonical_url,
    classes,
    clean_text,
    clean_url,
    drop,
    first_node,
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
    url_id,
)
from scrapers.feeds import looks_like_xml, parse_feed
from scrapers.records import Article, Image, Listing, ListingItem, Page, ParseError
from scrapers.text import (
    byline_name,
    dedupe_caption,
    normalize_inline,
    split_authors,
    split_credit,
    strip_dateline,
)

NAME = "bienphong"
PARSER_VERSION = "bienphong/1"

CANONICAL_HOST = "www.bienphong.com.vn"
HOSTS: frozenset[str] = frozenset({"www.bienphong.com.vn", "bienphong.com.vn"})
ARTICLE_PATH = re.compile(r"^/[A-Za-z0-9][A-Za-z0-9-]*-post(\d+)\.html$")
ARTICLE_TYPES: frozenset[str] = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"}
)
FEED_SUFFIXES: tuple[str, ...] = (".rss", ".xml")

# Article page: current layout first [GUESS], then the ≈2020 layout [SCRAPER].
TITLE_SELECTORS: tuple[str, ...] = ("h1.cms-title", "h1.bp-detail-content-title-h1", "h1")
SAPO_SELECTORS: tuple[str, ...] = (".cms-desc", "p.bp-detail-sapo")
BODY_SELECTORS: tuple[str, ...] = (".cms-body", "div.bp-detail-text-content")
DATE_SELECTORS: tuple[str, ...] = (".article__meta time", ".cms-date", "span.bp-date-time")
TAG_SELECTORS: tuple[str, ...] = (".article__tag a", ".bp-detail-tags a")
BREADCRUMB_SELECTORS: tuple[str, ...] = (".breadcrumb a", ".bp-breadcrumb a")
CAPTION_SELECTORS: tuple[str, ...] = ("figcaption", ".PhotoCMS_Caption", ".caption")
PHOTO_BLOCK_CLASSES: tuple[str, ...] = ("VCSortableInPreviewMode", "PhotoCMS", "picture")
JUNK_SELECTORS: tuple[str, ...] = (
    *("script", "style", "noscript", "iframe", "form", "ins"),
    *(".related-news", ".box-related", ".article__related", '[type="RelatedOneNews"]'),
    *(".article__tag", ".bp-detail-tags", ".bp-detail-relate", ".ads", ".box-share"),
)
TITLE_SUFFIX = re.compile(r"\s+[-|–]\s+Báo Biên [Pp]hòng.*$")

# Listing page [GUESS].
LISTING_ITEMS = ".category-featured article.story, .category-timeline article.story"
LISTING_LINKS: tuple[str, ...] = ("h2.story__heading a[href]", "h3.story__heading a[href]",
                                  "a.cms-link[href]", "a[href]")
LISTING_DATE = ".story__time"
NEXT_PAGE_SELECTORS: tuple[str, ...] = ('.pagination a[rel="next"]', ".pagination a.next")

# Cleaning rules of this site (on normalised paragraph text).
DATELINE = re.compile(r"^BP\s*[–-]\s*(?=\S)")
SEE_ALSO = re.compile(r"^(?:Xem thêm|Tin liên quan|Đọc thêm|Bài liên quan)\s*:", re.IGNORECASE)
PAREN_BYLINE = re.compile(
    r"^(?P<name>[^()]{3,60}?)\s*\((?:thực hiện|tổng hợp|lược dịch|ghi)\)\.?$"
)
TIME_FIRST = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?\D{1,6}(\d{1,2})/(\d{1,2})/(\d{4})")
DATE_WITH_TIME = re.compile(r"\d{1,2}/\d{1,2}/\d{4}\D{1,6}\d{1,2}:\d{2}")
RIGHT_ALIGNED = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)
BLOCK_CHILDREN = "p, div, figure, table, h2, h3, h4, ul, ol, li, blockquote"
TEXT_BLOCK_TAGS: frozenset[str] = frozenset(
    {"p", "div", "section", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "ul", "ol"}
)


@dataclass(frozen=True, slots=True)
class _Block:
    """One body paragraph and how it is styled (bylines are bold or right-aligned, captions of
    old-layout images italic)."""

    text: str
    bold: bool = False
    italic: bool = False
    right: bool = False


@dataclass(slots=True)
class _Pic:
    """One body image; `loose` when it stood alone in a `<p>` (old layout: caption follows)."""

    url: str
    caption: str
    alt: str
    loose: bool


# --- URLs ----------------------------------------------------------------------------------


def article_id(url: str) -> str | None:
    """The `postN` id of an article URL on this site, or None (sections, videos, other hosts)."""
    return url_id(url, HOSTS, ARTICLE_PATH)


def normalize_url(url: str) -> str:
    """https, `www.` host (the bare domain is an alias), no query or fragment."""
    url = url.strip()
    host = (urlsplit(url).hostname or "").lower()
    return clean_url(url, CANONICAL_HOST if host in HOSTS else host)


def prime_urls(listing_urls: Sequence[str]) -> tuple[str, ...]:
    """No cookie gate is known on this site."""
    return ()


def listing_page_url(listing_url: str, page: int) -> str | None:
    """Page 1 is the listing URL itself; a feed has only that page; a category page `n` is
    `/<category>/?page=n` [GUESS]."""
    if page == 1:
        return listing_url
    parts = urlsplit(listing_url)
    if parts.path.endswith(FEED_SUFFIXES):
        return None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "page"] + [("page", str(page))]
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


# --- listings ------------------------------------------------------------------------------


def parse_listing(page: Page) -> Listing:
    """Article links of an RSS feed or of a category page (sidebars such as `Đọc nhiều` are not
    read), with the next page when the pager shows one."""
    if looks_like_xml(page):
        return parse_feed(page, article_id, normalize_url)
    tree = parse_html(page.text)
    items: list[ListingItem] = []
    seen: set[str] = set()
    for story in tree.css(LISTING_ITEMS):
        link = first_node(story, LISTING_LINKS)
        url = absolute_url(page.url, link.attributes.get("href") if link else None)
        ident = article_id(url) if url else None
        if url is None or ident is None or ident in seen:
            continue
        seen.add(ident)
        items.append(
            ListingItem(
                url=normalize_url(url),
                article_id=ident,
                title=clean_text(link),
                published_at=_date_text(clean_text(story.css_first(LISTING_DATE))),
            )
        )
    return Listing(url=page.url, items=tuple(items), next_url=_next_page(tree, page.url))


def _next_page(tree: LexborHTMLParser, base: str) -> str | None:
    node = first_node(tree, NEXT_PAGE_SELECTORS)
    return absolute_url(base, node.attributes.get("href")) if node is not None else None


# --- articles ------------------------------------------------------------------------------


def parse(page: Page, *, source: str = NAME) -> Article:
    """Read one article page (either layout). Pure: the same page always gives the same record."""
    tree = parse_html(page.text)
    ld = json_ld(tree, ARTICLE_TYPES) or {}
    url = normalize_url(canonical_url(tree, page.url, article_id))
    ident = article_id(url) or article_id(page.url)
    if ident is None:
        raise ParseError(page.url, "article id: no '-post<digits>.html' at the end of the URL")
    title = _title(tree, ld)
    if not title:
        raise ParseError(page.url, f"title: not found (JSON-LD, og:title, {TITLE_SELECTORS})")
    body = first_node(tree, BODY_SELECTORS)
    if body is None:
        raise ParseError(page.url, f"body: none of {BODY_SELECTORS} found")
    drop(body, JUNK_SELECTORS)
    blocks, pics = _read_body(body, page.url)
    blocks, byline, byline_who = _take_byline(blocks)
    sapo, dateline = _sapo(tree, blocks)
    if blocks and dateline is None:
        first, dateline = _strip_dateline(blocks[0].text)
        blocks[0] = _Block(first)
    paragraphs = tuple(b.text for b in blocks if b.text)
    if not paragraphs and not sapo:
        raise ParseError(page.url, "body: no paragraphs left after cleaning")
    authors = _authors(byline_who) if byline_who else ld_names(ld.get("author"))
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
        category=" / ".join(texts(tree, BREADCRUMB_SELECTORS)) or None,
        tags=texts(tree, TAG_SELECTORS),
        images=tuple(_image(p) for p in pics),
        original_url=None,
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
    """JSON-LD, then the published-time meta, then the article's own date element. Never the
    header clock, which shows the day of the visit."""
    found = ld_time(tree, ld, "datePublished", "article:published_time", "datePublished")
    if found:
        return found
    for selector in DATE_SELECTORS:
        node = tree.css_first(selector)
        if node is None:
            continue
        parsed = parse_iso(node.attributes.get("datetime")) or _date_text(clean_text(node))
        if parsed:
            return parsed
    return None


def _date_text(text: str) -> datetime | None:
    """`dd/mm/yyyy HH:MM` (with a weekday or a separator) or `HH:MM | dd/mm/yyyy`."""
    if not text:
        return None
    if not DATE_WITH_TIME.search(text) and (match := TIME_FIRST.search(text)):
        hour, minute, day, month, year = (int(g) for g in match.groups())
        try:
            return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)
        except ValueError:
            return None
    return parse_day_first(text)


def _strip_dateline(text: str) -> tuple[str, str | None]:
    match = DATELINE.match(text)
    if match:
        return text[match.end() :], "BP"
    return strip_dateline(text)


def _sapo(tree: LexborHTMLParser, blocks: list[_Block]) -> tuple[str, str | None]:
    """The lead without its dateline; the description meta only when the page has no lead
    element and the meta is not just the start of the first paragraph."""
    first = blocks[0].text if blocks else ""
    return lead_or_description(tree, SAPO_SELECTORS, first, _strip_dateline)


# --- body ----------------------------------------------------------------------------------


def _read_body(body: LexborNode, base: str) -> tuple[list[_Block], list[_Pic]]:
    """Text blocks and pictures of the body, in document order; the italic paragraph right after
    a lone old-layout image is that image's caption; `Xem thêm:` link lines are dropped."""
    items: list[_Block | _Pic] = []
    _walk(body, base, items)
    blocks: list[_Block] = []
    pics: list[_Pic] = []
    previous: _Block | _Pic | None = None
    for item in items:
        if isinstance(item, _Pic):
            pics.append(item)
        elif (
            isinstance(previous, _Pic) and previous.loose and not previous.caption and item.italic
        ):
            previous.caption = item.text
        elif not SEE_ALSO.match(item.text):
            blocks.append(item)
        previous = item
    return blocks, pics


def _walk(node: LexborNode, base: str, items: list[_Block | _Pic]) -> None:
    inline: list[LexborNode] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text" or tag not in (*TEXT_BLOCK_TAGS, "figure", "table", "br", "img"):
            if tag != "-comment":
                inline.append(child)
        elif tag == "br":
            _flush(inline, items)
        elif tag == "img":
            _flush(inline, items)
            _add_pic(child, base, items, caption="", loose=True)
        elif _is_photo_block(child):
            _flush(inline, items)
            _read_photo(child, base, items)
        elif has_descendant(child, BLOCK_CHILDREN):
            _flush(inline, items)
            _walk(child, base, items)
        else:
            _flush(inline, items)
            imgs = child.css("img")
            for img in imgs:
                _add_pic(img, base, items, caption="", loose=True)
            block = _block(child)
            if block.text:
                items.append(block)
    _flush(inline, items)


def _is_photo_block(node: LexborNode) -> bool:
    if node.tag == "figure":
        return True
    if node.tag == "table":
        return node.css_first("img") is not None
    is_photo = node.attributes.get("type") == "Photo" or not classes(node).isdisjoint(
        PHOTO_BLOCK_CLASSES
    )
    return is_photo and node.css_first("img") is not None


def _read_photo(node: LexborNode, base: str, items: list[_Block | _Pic]) -> None:
    """A `figure` (or photo `div`/`table`): its images, the caption element as caption."""
    caption = clean_text(first_node(node, CAPTION_SELECTORS))
    for index, img in enumerate(node.css("img")):
        _add_pic(img, base, items, caption=caption if index == 0 else "", loose=False)
    if not node.css("img") and caption:
        items.append(_Block(caption))


def _add_pic(
    img: LexborNode, base: str, items: list[_Block | _Pic], *, caption: str, loose: bool
) -> None:
    src = img.attributes.get("src") or ""
    if not src.strip() or src.strip().startswith("data:"):
        src = img.attributes.get("data-src") or img.attributes.get("data-original") or ""
    url = absolute_url(base, src)
    if url:
        alt = normalize_inline(img.attributes.get("alt") or "")
        items.append(_Pic(url, caption, alt, loose))


def _flush(inline: list[LexborNode], items: list[_Block | _Pic]) -> None:
    """Bare text and inline elements directly in a container form one paragraph."""
    if inline:
        text = inline_text(inline)
        if text:
            items.append(_Block(text))
        inline.clear()


def _block(node: LexborNode) -> _Block:
    text = normalize_inline(node_text(node))
    styles = [node.attributes.get("style") or ""]
    styles += [n.attributes.get("style") or "" for n in node.css("[style]")]
    return _Block(
        text,
        bold=bool(text) and _styled_text(node, ("strong", "b")) == text,
        italic=bool(text) and _styled_text(node, ("em", "i")) == text,
        right=node.attributes.get("align") == "right"
        or any(RIGHT_ALIGNED.search(s) for s in styles),
    )


def _styled_text(node: LexborNode, tags: tuple[str, ...]) -> str:
    """The normalised text of `node` that sits inside one of `tags`."""
    parts: list[str] = []
    _collect_styled(node, tags, False, parts)
    return normalize_inline("".join(parts))


def _collect_styled(node: LexborNode, tags: tuple[str, ...], inside: bool, out: list[str]) -> None:
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            if inside:
                out.append(child.text_content or "")
        elif child.tag == "br":
            out.append(" ")
        elif child.tag != "-comment":
            _collect_styled(child, tags, inside or child.tag in tags, out)


def _image(pic: _Pic) -> Image:
    caption = dedupe_caption(normalize_inline(pic.caption)) or pic.alt
    caption, credit = split_credit(caption)
    return Image(url=pic.url, caption=caption, credit=credit)


# --- byline --------------------------------------------------------------------------------


def _take_byline(blocks: list[_Block]) -> tuple[list[_Block], str | None, str | None]:
    """The credit is the last body paragraph: returns the blocks without it, the byline as
    printed and its name part."""
    if not blocks:
        return blocks, None, None
    last = blocks[-1]
    name = _byline_name(last)
    if name is None:
        return blocks, None, None
    return blocks[:-1], last.text, name


def _byline_name(block: _Block) -> str | None:
    text = block.text
    if (match := PAREN_BYLINE.match(text)) and _is_name(match.group("name")):
        return match.group("name").strip()
    name = byline_name(text)
    if name is not None:
        return name
    if (block.bold or block.right) and _is_name(text):
        return text
    return None


def _is_name(text: str) -> bool:
    """A short run of capitalised words (one or more names joined by `-`, `–` or `,`)."""
    if text.endswith((".", "?", "!", ":", ";")):
        return False
    parts = _name_parts(text)
    return bool(parts) and all(
        1 <= len(words := p.split()) <= 5 and all(w[:1].isupper() for w in words)
        for p in parts
    )


def _name_parts(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s+[-–]\s+|\s*,\s*", text.strip()) if p.strip()]


def _authors(name: str) -> tuple[str, ...]:
    """`Hồng Nhung - Văn Tú` → two authors; capitals and rank lines as in `split_authors`."""
    name = name.strip().rstrip(".")
    parts = _name_parts(name)
    if len(parts) > 1 and _is_name(name):
        return tuple(parts)
    return split_authors(name)

"""chinhsachquandoi.gov.vn, Cổng thông tin điện tử Cục Chính sách (Tổng cục Chính trị).

What is known (sites.md §1 seed 002, §7, §9): the portal is an ASP.NET-style `.htm?id=N` site;
its data pages are `/chi-tiet-liet-si.htm?id=N` and `/chi-tiet-van-ban.htm?loai=vbqppl&id=N`,
files live on `datafile.chinhsachquandoi.gov.vn`, and old links are `http://` without `www.`.
**No real page HTML is known**: the news URL scheme and every selector below are [GUESS]es
modelled on that pattern. Only the *text* of one real article is known (seed 002,
[VERIFIED-DATA]), and it fixes what the parser must do with it:

* the counter line `Số lượt đọc: 2113 Cập nhật lúc: 07/06/2018 16:49:00` ends the article: the
  date (`%d/%m/%Y %H:%M:%S`, Asia/Ho_Chi_Minh) is `published_at`, the view count is dropped
  (volatile: never in the text, never hashed), and everything after it (the run-together sidebar
  labels `Video`, `Ảnh`, `CSDLDVCBNSHoidap`) is cut;
* captions span two lines with hard `<br>` breaks: they are joined into one caption and kept out
  of the paragraphs;
* the lead-image caption `* Ảnh đại diện: …` sits at the end of the body with the credit glued on
  (`…khai mạc Hội nghị.Phòng Thông tin điện tử/Cục Chính sách`): the caption goes to `images[]`
  (with `og:image` as its URL) and the credit becomes the byline (sites.md §9.2 regex,
  generalised to any `unit/agency` credit);
* the seed has no title line, so the title comes from `og:title` or the page's heading.

The page clock and the related/sidebar lists print other dates: the date comes only from
JSON-LD / `article:published_time` (none seen, read in case) or the article's own `Cập nhật lúc`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.dom import (
    VN_TZ,
    ParamNames,
    absolute_url,
    canonical_link,
    clean_text,
    clean_url,
    drop,
    first_node,
    first_parsed,
    first_text,
    has_descendant,
    json_ld,
    ld_names,
    ld_str,
    ld_time,
    meta,
    node_text,
    page_query,
    parse_day_first,
    parse_html,
    parse_iso,
    strip_cookieless,
    texts,
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
    take_source_line,
)

NAME = "chinhsach"
PARSER_VERSION = "chinhsach/1"

# --- URLs --------------------------------------------------------------------------------------
HOST = "chinhsachquandoi.gov.vn"
HOSTS = frozenset({HOST, f"www.{HOST}"})  # www. is an alias of the bare host
# [GUESS] news detail page, by analogy with the known `chi-tiet-liet-si.htm?id=N` data pages.
ARTICLE_PATH = "/chi-tiet-tin-tuc.htm"
ARTICLE_ID_PARAM = "id"
ARTICLE_ID = re.compile(r"^0*(\d{1,9})$")
PAGE_PARAM = "page"  # [GUESS] listings paginate as `<listing>.htm?page=N`
# Paths may carry ASP.NET cookieless session segments (`/(S(abc…))/`): `dom.strip_cookieless`.
TRACKING = ParamNames(
    frozenset({"fbclid", "gclid", "dclid", "msclkid", "zarsrc", "gidzl", "_ga", "_gl", "mc_cid",
               "mc_eid", "igshid", "yclid"}),
    prefixes=("utm_",),
    ignore_case=True,
)
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"})

# --- article page: every selector is [GUESS] ----------------------------------------------------
TITLE_SELECTORS: tuple[str, ...] = (
    "div.news-detail h1",
    "h1.news-title",
    '[id$="lblTieuDe"]',
    "h1",
)
TITLE_SUFFIX = re.compile(
    r"\s+[-|–]\s+(?:Cổng\s+(?:thông\s+tin|TTĐT)\s+điện\s+tử\s+)?Cục\s+Chính\s+sách"
    r"(?:\s*[-|–/]\s*Tổng\s+cục\s+Chính\s+trị)?\s*$",
    re.IGNORECASE,
)
SAPO_SELECTORS: tuple[str, ...] = ("div.news-detail .news-sapo", ".sapo", '[id$="lblTomTat"]')
BODY_SELECTORS: tuple[str, ...] = ("div.news-content", "div.chi-tiet-tin", '[id$="lblNoiDung"]')
DATE_SELECTORS: tuple[str, ...] = ("div.news-detail div.news-info", "div.luot-doc")
BREADCRUMB_SELECTORS: tuple[str, ...] = ("div.breadcrumb a",)
HOME_CRUMBS = frozenset({"trang chủ"})  # lower case; not a category
TAG_SELECTORS: tuple[str, ...] = ("div.news-tags a",)
JUNK_SELECTORS: tuple[str, ...] = ("script", "style", "noscript", "iframe", "input", "object")
BLOCK_CHILDREN = "p, div, table, li, h2, h3, h4, h5, h6, figure, ul, ol, blockquote, center"
TEXT_BLOCKS = frozenset(
    {"p", "div", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "center", "section", "article"}
)
SKIPPED = frozenset({"-comment", "script", "style", "noscript", "iframe", "input", "button"})

# --- text rules (seed 002, [VERIFIED-DATA] as text) ----------------------------------------------
COUNTER_LINE = re.compile(
    r"^(?:Số\s*lượt\s*(?:đọc|xem)\s*:?\s*[\d.,]+|Cập\s*nhật\s*lúc\s*:?\s*\d)", re.IGNORECASE
)
UPDATED_AT = re.compile(
    r"Cập\s*nhật\s*lúc\s*:?\s*(\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?)", re.IGNORECASE
)
DATE_FORMATS: tuple[str, ...] = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
SIDEBAR_LABEL = re.compile(
    r"^(?:Video|Ảnh|Hình ảnh|Thư viện ảnh|Liên kết(?: website)?|Hỏi đáp|CSDL\w*)$", re.IGNORECASE
)
REPRESENTATIVE = re.compile(r"^\*\s*Ảnh\s+đại\s+diện\s*:\s*(?P<caption>.+)$", re.IGNORECASE)
# sites.md §9.2 `^(.*?[.!?])(\S[^.]{2,80}/Cục Chính sách)$`, generalised to any `unit/agency`.
GLUED_CREDIT = re.compile(
    r"^(?P<caption>.*[.!?…])\s*(?P<credit>[^\s.!?…][^.!?…]{2,80}/[^.!?…/]{2,60})$"
)
CREDIT_LINE = re.compile(r"^[^.!?…]{2,80}/[^.!?…/]{2,60}$")
BYLINE_PREFIX = re.compile(r"^(?:Tin|Bài|Ảnh)\b")  # `Tin, ảnh: X.` may end with a period
CAPTION_MAX_WORDS = 60
BYLINE_MAX_WORDS = 12

# --- listing pages: [GUESS] ----------------------------------------------------------------------
LISTING_ITEMS: tuple[str, ...] = ("div.list-news div.news-item", "ul.list-news > li")
LISTING_LINKS: tuple[str, ...] = ("h3 a[href]", "a.title[href]", "a[href]")
LISTING_DATES: tuple[str, ...] = (".news-item-date", ".date")
PAGERS: tuple[str, ...] = ("div.pager", "ul.pagination", "div.paging")
NEXT_LABELS = frozenset({"›", "»", ">", ">>", "Sau", "Trang sau", "Tiếp", "Tiếp theo", "Next"})


@dataclass(frozen=True, slots=True)
class _Text:
    """One body paragraph and how it is set (captions are centred or italic, bylines right)."""

    text: str
    bold: bool = False
    italic: bool = False
    centered: bool = False
    right: bool = False


@dataclass(frozen=True, slots=True)
class _Pic:
    url: str
    caption: str = ""
    credit: str = ""


_Part = _Text | _Pic


# --- URLs --------------------------------------------------------------------------------------


def _site_host(host: str | None) -> str | None:
    host = (host or "").lower().rstrip(".")
    return HOST if host in HOSTS else None


def article_id(url: str) -> str | None:
    """The `id` of a `/chi-tiet-tin-tuc.htm?id=N` URL on this site (any case, http or https,
    with or without `www.` or a cookieless segment), or None when the URL is not an article."""
    parts = urlsplit(url)
    if _site_host(parts.hostname) is None:
        return None
    if strip_cookieless(parts.path).lower().rstrip("/") != ARTICLE_PATH:
        return None
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() == ARTICLE_ID_PARAM:
            match = ARTICLE_ID.match(value.strip())
            return match.group(1) if match else None
    return None


def normalize_url(url: str) -> str:
    """One URL per page: https, the bare host (`www.` is an alias), no cookieless segment, no
    tracking parameters, no fragment. An article is `https://<host>/chi-tiet-tin-tuc.htm?id=N`."""
    ident = article_id(url)
    if ident is not None:
        return f"https://{HOST}{ARTICLE_PATH}?{ARTICLE_ID_PARAM}={ident}"
    parts = urlsplit(url)
    host = _site_host(parts.hostname)
    if host is None:
        netloc = parts.netloc.lower()
        return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    return clean_url(
        url, host, keep_query=True, tracking=TRACKING, trailing_slash=False, cookieless=True
    )


def prime_urls(listing_urls: Sequence[str]) -> tuple[str, ...]:
    """No cookie gate is known on this site."""
    return ()


def listing_page_url(listing_url: str, page: int) -> str | None:
    """Page 1 is the listing itself; later pages add `page=N` to its query. A feed has one page."""
    parts = urlsplit(listing_url)
    if parts.path.lower().endswith((".rss", ".xml")):
        return listing_url if page == 1 else None
    query = page_query(parts.query, PAGE_PARAM, page, ignore_case=True)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _page_number(url: str) -> int:
    for key, value in parse_qsl(urlsplit(url).query):
        if key.lower() == PAGE_PARAM and value.isdigit():
            return int(value)
    return 1


# --- listings ----------------------------------------------------------------------------------


def parse_listing(page: Page) -> Listing:
    """Article links of the listing's own list (sidebars and "most read" boxes are not read),
    or of an RSS feed should the portal have one."""
    if looks_like_xml(page):
        return parse_feed(page, article_id, normalize_url)
    tree = parse_html(page.text)
    items: list[ListingItem] = []
    seen: set[str] = set()
    for selector in LISTING_ITEMS:
        for node in tree.css(selector):
            link = next((n for s in LISTING_LINKS for n in node.css(s) if clean_text(n)), None)
            url = absolute_url(page.url, link.attributes.get("href") if link else None)
            ident = article_id(url) if url else None
            if link is None or url is None or ident is None or ident in seen:
                continue
            seen.add(ident)
            date_node = first_node(node, LISTING_DATES)
            items.append(
                ListingItem(
                    url=normalize_url(url),
                    article_id=ident,
                    title=clean_text(link),
                    published_at=_parse_date(clean_text(date_node)) if date_node else None,
                )
            )
        if items:
            break
    return Listing(url=page.url, items=tuple(items), next_url=_next_page(tree, page.url))


def _next_page(tree: LexborHTMLParser, base: str) -> str | None:
    """The pager's "next" link; else a link numbered current + 1 (a postback pager's numbers
    still tell us the page exists, and `?page=N` is how we ask for it)."""
    pager = first_node(tree, PAGERS)
    if pager is None:
        return None
    wanted = str(_page_number(base) + 1)
    numbered = False
    for anchor in pager.css("a"):
        label = clean_text(anchor)
        rel = (anchor.attributes.get("rel") or "").lower()
        classes = (anchor.attributes.get("class") or "").lower().split()
        href = absolute_url(base, anchor.attributes.get("href"))
        if (rel == "next" or "next" in classes or label in NEXT_LABELS) and href:
            return normalize_url(href)
        numbered = numbered or label == wanted
    if numbered:
        return normalize_url(listing_page_url(base, int(wanted)) or base)
    return None


# --- articles ----------------------------------------------------------------------------------


def parse(page: Page, *, source: str = NAME) -> Article:
    """Read one article page into an `Article`. Pure: the same page always gives the same record."""
    tree = parse_html(page.text)
    ld = json_ld(tree, ARTICLE_TYPES) or {}
    url = normalize_url(_canonical(tree, page.url))
    ident = article_id(url)
    if ident is None:
        raise ParseError(page.url, f"article id: not a {ARTICLE_PATH}?{ARTICLE_ID_PARAM}=N URL")
    title = _title(tree, ld)
    if not title:
        raise ParseError(page.url, "title: not found (JSON-LD headline, og:title, h1, <title>)")
    body = first_node(tree, BODY_SELECTORS)
    if body is None:
        raise ParseError(page.url, f"body: none of {', '.join(BODY_SELECTORS)} found")
    drop(body, JUNK_SELECTORS)
    parts: list[_Part] = []
    _walk(body, page.url, parts, centered=False)
    parts, counter_date = _cut_at_counter(parts)
    parts = _attach_captions(parts)
    parts = _drop_trailing_labels(parts)
    parts, credit = _take_representative(parts, tree, page.url)
    parts, original_url = take_source_line(parts, _text)
    parts, byline = _take_byline(parts)
    if byline is None and credit:
        byline = credit
    blocks = [p for p in parts if isinstance(p, _Text)]
    sapo, dateline = _sapo(tree)
    if blocks and dateline is None:
        first, dateline = strip_dateline(blocks[0].text)
        blocks[0] = replace(blocks[0], text=first)
    paragraphs = tuple(b.text for b in blocks if b.text)
    if not paragraphs and not sapo:
        raise ParseError(page.url, "body: no paragraphs left after cleaning")
    images = tuple(Image(p.url, p.caption, p.credit) for p in parts if isinstance(p, _Pic))
    name = byline_name(byline) if byline else None
    authors = split_authors(name or byline or "") or ld_names(ld.get("author"))
    return Article(
        url=url,
        source=source,
        article_id=ident,
        title=title,
        sapo=sapo,
        paragraphs=paragraphs,
        published_at=_published(tree, ld, counter_date),
        updated_at=parse_iso(ld_str(ld, "dateModified") or meta(tree, "article:modified_time")),
        parser_version=PARSER_VERSION,
        byline=byline,
        authors=authors,
        category=" / ".join(texts(tree, BREADCRUMB_SELECTORS, exclude=HOME_CRUMBS)) or None,
        tags=texts(tree, TAG_SELECTORS),
        images=images,
        original_url=original_url,
        dateline=dateline,
    )


def _canonical(tree: LexborHTMLParser, page_url: str) -> str:
    """The canonical link (or og:url) when it names the same article; else the URL we fetched."""
    wanted = article_id(page_url)
    for found in (canonical_link(tree, page_url), absolute_url(page_url, meta(tree, "og:url"))):
        if found and (wanted is None or article_id(found) == wanted):
            return found
    return page_url


def _title(tree: LexborHTMLParser, ld: dict[str, object]) -> str:
    headline = ld_str(ld, "headline")
    if headline:
        return normalize_inline(headline)
    og = meta(tree, "og:title")
    if og and TITLE_SUFFIX.sub("", og):
        return TITLE_SUFFIX.sub("", og)
    text = first_text(tree, TITLE_SELECTORS)
    return text or TITLE_SUFFIX.sub("", clean_text(tree.css_first("title")))


def _sapo(tree: LexborHTMLParser) -> tuple[str, str | None]:
    """The lead element only: the description meta of a portal is often site-wide boilerplate."""
    text = first_text(tree, SAPO_SELECTORS)
    return strip_dateline(text) if text else ("", None)


def _parse_date(text: str) -> datetime | None:
    match = UPDATED_AT.search(text)
    value = re.sub(r"\s+", " ", match.group(1)) if match else text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=VN_TZ)
        except ValueError:
            continue
    return parse_day_first(value) if not match else None


def _counter_date(text: str) -> datetime | None:
    """The `Cập nhật lúc` date of a counter or date line; None when the text has none."""
    return _parse_date(text) if UPDATED_AT.search(text) else None


def _published(
    tree: LexborHTMLParser, ld: dict[str, object], counter_date: datetime | None
) -> datetime | None:
    """JSON-LD, the published-time meta, then the article's own `Cập nhật lúc`. Never the clock."""
    found = ld_time(tree, ld, "datePublished", "article:published_time", "datePublished")
    return found or counter_date or first_parsed(tree, DATE_SELECTORS, _counter_date)


# --- the body ------------------------------------------------------------------------------------


def _walk(node: LexborNode, base: str, parts: list[_Part], *, centered: bool) -> None:
    """Split a container into paragraphs and pictures, in document order."""
    inline: list[LexborNode] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag in SKIPPED:
            continue
        if tag == "table":
            _flush(inline, base, parts, centered)
            _table(child, base, parts)
        elif tag == "figure":
            _flush(inline, base, parts, centered)
            _figure(child, base, parts)
        elif tag != "-text" and has_descendant(child, BLOCK_CHILDREN):
            _flush(inline, base, parts, centered)
            _walk(child, base, parts, centered=centered or _is_centered(child))
        elif tag in TEXT_BLOCKS:
            _flush(inline, base, parts, centered)
            _emit(child, [child], base, parts, centered=centered or _is_centered(child))
        else:
            inline.append(child)
    _flush(inline, base, parts, centered)


def _flush(inline: list[LexborNode], base: str, parts: list[_Part], centered: bool) -> None:
    """Bare text and inline elements directly in a container form one block."""
    if inline:
        _emit(None, list(inline), base, parts, centered=centered)
        inline.clear()


def _emit(
    block: LexborNode | None,
    nodes: list[LexborNode],
    base: str,
    parts: list[_Part],
    *,
    centered: bool,
) -> None:
    """One block: its pictures, then its text, split at blank lines (`<br><br>`). Text in a block
    with a picture is that picture's caption when it is set as one (centred or italic)."""
    raw = "".join(_raw_text(n) for n in nodes)
    pics = [url for n in nodes for url in _img_urls(n, base)]
    italic = _all_within(nodes, ("em", "i"))
    bold = _all_within(nodes, ("strong", "b"))
    right = block is not None and _is_right(block)
    if pics:
        caption = normalize_inline(raw)
        if caption and (centered or italic):
            text, credit = split_credit(dedupe_caption(caption))
            parts.append(_Pic(pics[0], text, credit))
            parts.extend(_Pic(url) for url in pics[1:])
            return
        parts.extend(_Pic(url) for url in pics)
    for chunk in re.split(r"\n\s*\n", raw):
        text = normalize_inline(chunk)
        if text:
            parts.append(_Text(text, bold=bold, italic=italic, centered=centered, right=right))


def _raw_text(node: LexborNode) -> str:
    if node.tag == "-text":
        return node.text_content or ""
    if node.tag == "br":
        return "\n"
    return node_text(node)


def _img_urls(node: LexborNode, base: str) -> list[str]:
    imgs = [node] if node.tag == "img" else [] if node.tag == "-text" else node.css("img")
    urls = []
    for img in imgs:
        src = img.attributes.get("src") or img.attributes.get("data-src")
        url = absolute_url(base, src)
        if url:
            urls.append(url)
    return urls


def _all_within(nodes: list[LexborNode], tags: tuple[str, ...]) -> bool:
    """True when every visible character of `nodes` sits inside one of `tags`."""
    seen = False
    for top in nodes:
        text_nodes = [top] if top.tag == "-text" else list(top.traverse(include_text=True))
        for text in text_nodes:
            if text.tag != "-text" or not (text.text_content or "").strip():
                continue
            seen = True
            parent, inside = text.parent, False
            while parent is not None:
                if parent.tag in tags:
                    inside = True
                    break
                if parent.mem_id == top.mem_id or parent.tag in ("body", "html"):
                    break
                parent = parent.parent
            if not inside:
                return False
    return seen


def _style_align(node: LexborNode) -> str:
    align = (node.attributes.get("align") or "").lower()
    style = (node.attributes.get("style") or "").lower().replace(" ", "")
    match = re.search(r"text-align:(\w+)", style)
    return match.group(1) if match else align


def _is_centered(node: LexborNode) -> bool:
    return node.tag == "center" or _style_align(node) == "center"


def _is_right(node: LexborNode) -> bool:
    return _style_align(node) == "right"


def _table(table: LexborNode, base: str, parts: list[_Part]) -> None:
    """An image table: the picture, and the other rows are its caption (`<br>` lines joined).
    A table without a picture is a real table: its rows stay in the text."""
    urls = _img_urls(table, base)
    rows = [normalize_inline(node_text(row)) for row in table.css("tr")]
    rows = [r for r in rows if r]
    if not urls:
        parts.extend(_Text(r) for r in rows)
        return
    caption, credit = split_credit(dedupe_caption(normalize_inline(" ".join(rows))))
    parts.append(_Pic(urls[0], caption, credit))
    parts.extend(_Pic(url) for url in urls[1:])


def _figure(figure: LexborNode, base: str, parts: list[_Part]) -> None:
    urls = _img_urls(figure, base)
    caption, credit = split_credit(dedupe_caption(clean_text(figure.css_first("figcaption"))))
    if not urls:
        if caption:
            parts.append(_Text(caption))
        return
    parts.append(_Pic(urls[0], caption, credit))
    parts.extend(_Pic(url) for url in urls[1:])


def _cut_at_counter(parts: list[_Part]) -> tuple[list[_Part], datetime | None]:
    """`Số lượt đọc: N Cập nhật lúc: …` ends the article: its date is kept, its count and what
    follows (the sidebar labels of seed 002) are not."""
    for index, part in enumerate(parts):
        if isinstance(part, _Text) and COUNTER_LINE.match(part.text):
            return parts[:index], _counter_date(part.text)
    return parts, None


def _is_caption(part: _Part) -> bool:
    return (
        isinstance(part, _Text)
        and (part.centered or part.italic)
        and len(part.text.split()) <= CAPTION_MAX_WORDS
        and REPRESENTATIVE.match(part.text) is None
    )


def _attach_captions(parts: list[_Part]) -> list[_Part]:
    """A picture without a caption takes the centred or italic paragraph right after it."""
    out: list[_Part] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        if isinstance(part, _Pic) and not part.caption and following and _is_caption(following):
            assert isinstance(following, _Text)
            caption, credit = split_credit(dedupe_caption(following.text))
            out.append(_Pic(part.url, caption, credit))
            index += 2
            continue
        out.append(part)
        index += 1
    return out


def _drop_trailing_labels(parts: list[_Part]) -> list[_Part]:
    """Sidebar labels that leak after the body when no counter line cut them off."""
    while parts and isinstance(parts[-1], _Text) and SIDEBAR_LABEL.match(parts[-1].text):
        parts = parts[:-1]
    return parts


def _take_representative(
    parts: list[_Part], tree: LexborHTMLParser, base: str
) -> tuple[list[_Part], str | None]:
    """`* Ảnh đại diện: <caption>` describes the lead image (`og:image`); a credit glued to its
    end (`…Hội nghị.Phòng Thông tin điện tử/Cục Chính sách`) is split off and returned."""
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        match = REPRESENTATIVE.match(part.text) if isinstance(part, _Text) else None
        if match is None:
            continue
        caption, photo_credit = split_credit(match.group("caption").strip())
        glued = None if photo_credit else GLUED_CREDIT.match(caption)
        credit = glued.group("credit").strip() if glued else None
        caption = glued.group("caption").strip() if glued else caption
        rest = parts[:index] + parts[index + 1 :]
        url = absolute_url(base, meta(tree, "og:image"))
        if url:
            rest.insert(index, _Pic(url, caption, photo_credit))
        return rest, credit
    return parts, None


def _text(part: _Part) -> str | None:
    return part.text if isinstance(part, _Text) else None


def _take_byline(parts: list[_Part]) -> tuple[list[_Part], str | None]:
    """The last paragraph is the credit when it reads as one: a prefixed or upper-case byline
    (`Tin, ảnh: X`, `MINH ĐỨC`), a `unit/agency` credit, or a short right-aligned line."""
    text_indices = [i for i, p in enumerate(parts) if isinstance(p, _Text)]
    if not text_indices:
        return parts, None
    index = text_indices[-1]
    last = parts[index]
    assert isinstance(last, _Text)
    text = last.text
    if len(text.split()) > BYLINE_MAX_WORDS:
        return parts, None
    unfinished = not text.endswith((".", "!", "?", ":", "…")) or BYLINE_PREFIX.match(text)
    if unfinished and (byline_name(text) or CREDIT_LINE.match(text) or last.right):
        return parts[:index] + parts[index + 1 :], text
    return parts, None

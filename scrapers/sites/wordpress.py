"""Any WordPress news site, by configuration alone (first user: the Quân khu 2 site, seed 001).

What is known (sites.md §1 seed 001, §2, §6, §9): the Quân khu 2 site runs WordPress (high
confidence: its text ends with WP core's older Vietnamese comment-form strings); its domain is
unknown. **No real page of it has been seen**, so the markup below is WordPress core and common
theme/plugin output, each selector tagged as in sites.md:

- [VERIFIED-DATA] (seed 001 text): the header clock `Thứ bảy Ngày 20 Tháng 04 Năm 2024, 12:52:37`
  (never a date, never text), the visible `Ngày đăng: dd/mm/yyyy` line, the `QK2 – ` dateline,
  the byline `Tin, ảnh: <NAME>` as the last body paragraph, a caption surviving as a prose line,
  and the comment-form strings (`Trả lời`, `Thư điện tử của bạn sẽ không được hiển thị công
  khai.`, …).
- [MULTI] (WordPress core, documented): the REST API `/wp-json/wp/v2/posts` (`id`, `link`,
  `title.rendered`, `date` in site time; `page`/`per_page` ≤ 100; `after`/`before`), the RSS 2.0
  feed `/feed/` with `<guid isPermaLink="false">…/?p=N</guid>`, archive pages `/page/N/`,
  `<link rel="shortlink" href="…/?p=N">`, `<link rel="alternate" type="application/json"
  href="…/wp-json/wp/v2/posts/N">`, the `postid-N` body class, `article#post-N`, `a[rel~=tag]`,
  `a[rel~=category]`, captions `.wp-caption` + `.wp-caption-text` / `figure.wp-caption >
  figcaption` / `figure.wp-block-image > figcaption`, the comment form `#respond`.
- [GUESS] (theme conventions, not observed on the QK2 site): `h1.entry-title`, `div.entry-content`,
  `time.entry-date[datetime]`, `.entry-meta .author .fn`, a lead (sapo) element, where the
  `Ngày đăng:` line sits, and the plugin boxes removed from the body (Jetpack sharing and related
  posts, YARPP, AddToAny, Post Views Counter).

Identity: WordPress permalinks are often slug-only (`/<slug>/`), so `article_id(url)` knows only
`?p=N` URLs; listings carry the post id (API `id`, feed `guid`, `article#post-N`) and `parse`
finds it in the page (shortlink, REST alternate link, body class).

Dates are Asia/Ho_Chi_Minh: JSON-LD (Yoast prints UTC) → `article:published_time` → the
article's own `time` element → the visible `Ngày đăng:` line. Never the header clock or a widget.
Titles come from the page's `h1` first: WordPress texturizes it (curly quotes, en dashes) like the
API and the feed do, while Yoast's JSON-LD headline keeps the raw title.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.dom import (
    VN_TZ,
    ParamNames,
    absolute_url,
    canonical_link,
    classes,
    clean_text,
    drop,
    first_node,
    first_text,
    has_descendant,
    inline_text,
    json_ld,
    ld_names,
    ld_str,
    ld_time,
    meta,
    node_text,
    parse_day_first,
    parse_html,
    parse_iso,
    query_pairs,
)
from scrapers.feeds import looks_like_xml, parse_feed
from scrapers.records import Article, Image, Listing, ListingItem, Page, ParseError
from scrapers.text import (
    CLOCK,
    byline_name,
    dedupe_caption,
    normalize_inline,
    split_authors,
    split_credit,
    strip_dateline,
    take_source_line,
)

NAME = "wordpress"
PARSER_VERSION = "wordpress/1"

# --- discovery --------------------------------------------------------------------------------

POSTS_ENDPOINT = "/wp-json/wp/v2/posts"
API_PER_PAGE = 20  # what we ask for; the replay file is `index@page=N&per_page=20.json`
API_MAX_PER_PAGE = 100  # WordPress refuses more
WP_DEFAULT_PER_PAGE = 10  # what WordPress answers when `per_page` is absent
TOTAL_PAGES_HEADER = "X-WP-TotalPages"
FEED_PATH = re.compile(r"/(?:feed|rss|rss2|atom)(?:/(?:rss2?|atom|rdf))?/?$|\.(?:xml|rss)$")
PAGED_PATH = re.compile(r"/page/\d+/?$")

LISTING_ITEM = "article"
LISTING_LINKS: tuple[str, ...] = (
    ".entry-title a[href]",
    "h2 a[href]",
    "h3 a[href]",
    'a[rel~="bookmark"][href]',
)
LISTING_DATES: tuple[str, ...] = ("time.entry-date.published[datetime]", "time[datetime]")
NEXT_PAGE: tuple[str, ...] = (
    'link[rel="next"]',
    "a.next.page-numbers",
    ".nav-links a.next",
    ".nav-previous a",
)
POST_NODE_ID = re.compile(r"^post-(\d+)$")
POST_CLASS = re.compile(r"(?:^|\s)post-(\d+)(?:\s|$)")
ARCHIVE_BODY_CLASSES = frozenset({"home", "blog", "archive", "category", "tag", "search", "paged"})

# --- article pages ----------------------------------------------------------------------------

ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle"})
SHORTLINK = 'link[rel="shortlink"]'
REST_LINK = 'link[rel="alternate"][type="application/json"]'
REST_POST = re.compile(r"/wp-json/wp/v2/posts/(\d+)/?$")
BODY_POSTID = re.compile(r"(?:^|\s)postid-(\d+)(?:\s|$)")
SCOPE_SELECTORS: tuple[str, ...] = ("article.type-post", "article.post", "main", "#content")
TITLE_SELECTORS: tuple[str, ...] = ("h1.entry-title", "h1.post-title", "h1.single-title", "h1")
BODY_SELECTORS: tuple[str, ...] = (
    "div.entry-content",
    "div.post-content",
    "div.td-post-content",
    "div.single-content",
)
SAPO_SELECTORS: tuple[str, ...] = (
    ".post-excerpt",
    ".entry-excerpt",
    ".entry-sapo",
    ".td-post-sub-title",
    ".jeg_post_subtitle",
)
DATE_SELECTORS: tuple[str, ...] = (
    "time.entry-date.published[datetime]",
    "time.published[datetime]",
    'time[itemprop="datePublished"][datetime]',
    "time.entry-date[datetime]",
)
UPDATED_SELECTORS: tuple[str, ...] = ("time.updated[datetime]",)
AUTHOR_SELECTORS: tuple[str, ...] = (".author .fn", 'a[rel="author"]', ".byline .author")
TAG_LINKS = 'a[rel~="tag"]'
CATEGORY_LINKS = 'a[rel~="category"]'
# Removed from the article before anything is read: comment form, sharing, related posts,
# counters, post navigation, widgets, scripts.
NOISE_SELECTORS: tuple[str, ...] = (
    "#comments",
    "#respond",
    ".comments-area",
    ".comment-respond",
    "#reply-title",
    ".comment-notes",
    "form",
    ".sharedaddy",
    ".sd-sharing-enabled",
    ".jp-relatedposts",
    "#jp-relatedposts",
    ".yarpp-related",
    ".yarpp",
    ".crp_related",
    ".related-posts",
    ".related-post",
    ".addtoany_share_save_container",
    ".a2a_kit",
    ".heateor_sss_sharing_container",
    ".share-buttons",
    ".social-share",
    ".post-views",
    ".post-navigation",
    ".widget",
    ".widget-area",
    "#secondary",
    ".site-header",
    ".site-footer",
    "script",
    "style",
    "noscript",
    "iframe",
)
FIGURE_CLASSES = frozenset(
    {"wp-caption", "wp-block-image", "wp-block-gallery", "gallery", "tiled-gallery"}
)
FIGURE_ITEMS = "figure, .wp-caption, .gallery-item"
CAPTION_SELECTORS = "figcaption, .wp-caption-text, .gallery-caption"
IMAGE_SOURCES: tuple[str, ...] = ("data-lazy-src", "data-src", "data-original", "src")
CONTAINER_TAGS = frozenset(
    {"div", "section", "article", "ul", "ol", "dl", "blockquote", "table", "tbody", "thead",
     "tfoot", "center", "main"}
)
LEAF_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr", "dt", "dd", "address"}
)
BLOCK_CHILDREN = (
    "p, div, ul, ol, li, table, tr, h1, h2, h3, h4, h5, h6, figure, blockquote, section, img"
)
SKIP_TAGS = frozenset({"script", "style", "noscript", "iframe", "form", "button", "svg", "input"})

POSTED_ON = re.compile(
    r"Ngày\s+đăng\s*:\s*(\d{1,2}/\d{1,2}/\d{4}(?:\s*[,-]?\s*\d{1,2}:\d{2}(?::\d{2})?)?)"
)
META_LINE = re.compile(
    r"^(?:Ngày\s+đăng|Ngày\s+cập\s+nhật|Cập\s+nhật(?:\s+lúc)?)\s*:\s*"
    r"\d{1,2}/\d{1,2}/\d{4}(?:\s*[,-]?\s*\d{1,2}:\d{2}(?::\d{2})?)?$"
)
COUNTER_LINE = re.compile(r"^(?:Lượt\s+xem|Số\s+lượt\s+xem|Lượt\s+đọc)\s*:?\s*[\d.,]+$")
# WordPress core's Vietnamese comment form (old and new wording) and its buttons.
COMMENT_PHRASES: tuple[str, ...] = (
    "Thư điện tử của bạn sẽ không được hiển thị công khai.",
    "Email của bạn sẽ không được hiển thị công khai.",
    "Các trường bắt buộc được đánh dấu *",
    "Lưu tên của tôi, email, và trang web trong trình duyệt này cho lần bình luận kế tiếp"
    " của tôi.",
    "Để lại một bình luận",
    "Để lại bình luận",
    "Gửi bình luận",
    "Hủy trả lời",
    "Huỷ trả lời",
    "Trả lời",
    "Phản hồi",
    "Bình luận",
    "Hủy",
    "Huỷ",
    "Tên *",
    "Email *",
    "Trang web",
)
COMMENT_LINE = re.compile(
    r"^(?:(?:"
    + "|".join(re.escape(p) for p in sorted(COMMENT_PHRASES, key=len, reverse=True))
    + r")\s*)+$"
    + r"|^(?:\d+\s+[Bb]ình\s+luận|Chưa\s+có\s+bình\s+luận(?:\s+nào)?\.?)$"
)
SHARE_LINE = re.compile(r"^(?:Chia\s+sẻ(?:\s+bài\s+viết)?|Share\s+this|Thích\s+điều\s+này)\s*:?$")
# A heading that starts a related-posts list: the body ends there.
RELATED_HEADING = re.compile(
    r"^(?:Tin\s+liên\s+quan|Bài\s+viết\s+liên\s+quan|Bài\s+liên\s+quan|Có\s+liên\s+quan"
    r"|Tin\s+cùng\s+chuyên\s+mục|Các\s+tin\s+khác|Tin\s+khác|Xem\s+thêm)\s*:?$",
    re.IGNORECASE,
)
GENERIC_ACCOUNTS = frozenset(
    {"admin", "administrator", "quantri", "quản trị", "quản trị viên", "editor", "biên tập viên",
     "ban biên tập", "webmaster"}
)
TRACKING = ParamNames(  # case-sensitive, as WordPress reads them
    frozenset({"fbclid", "gclid", "dclid", "msclkid", "zarsrc", "igshid", "_gl", "mc_cid",
               "mc_eid", "ref", "amp", "noamp", "replytocom", "share", "nb"}),
    prefixes=("utm_", "zalo_"),
)
PATH_SUFFIX = re.compile(r"(?<=/)(?:amp|comment-page-\d+)/?$")
PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
POST_ID = re.compile(r"[1-9]\d{0,11}")


@dataclass(frozen=True, slots=True)
class _Block:
    text: str


# --- URLs -------------------------------------------------------------------------------------


def article_id(url: str) -> str | None:
    """The post id of a `?p=N` URL (the shortlink and the feed guid form); None otherwise.

    Slug permalinks carry no id: listings and `parse` read it from the API, feed or page.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return _p_param(parts.path, parse_qsl(parts.query, keep_blank_values=True))


def _p_param(path: str, pairs: Sequence[tuple[str, str]]) -> str | None:
    """`p=N` on the site root (or `index.php`): WordPress's own post-id URL."""
    if not (path in ("", "/") or path.endswith(("/", "/index.php"))):
        return None
    values = [v for k, v in pairs if k == "p"]
    return values[0] if len(values) == 1 and POST_ID.fullmatch(values[0]) else None


def normalize_url(url: str) -> str:
    """https, lower-case host, no fragment, no tracking parameters, no `/amp/` or
    `/comment-page-N/` suffix, upper-case percent escapes; a `?p=N` URL keeps only `p`."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # a malformed port in a feed link: keep the host, drop the port
        port = None
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = PERCENT.sub(lambda m: m.group(0).upper(), parts.path or "/")
    if path.rstrip("/"):
        path = PATH_SUFFIX.sub("", path)
    pairs = query_pairs(parts.query, TRACKING)
    ident = _p_param(path, pairs)
    if ident is not None:
        pairs = [("p", ident)]
        path = "/" if path == "/index.php" else path
    return urlunsplit(("https", host, path, _query(pairs), ""))


def _query(pairs: Sequence[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='/:')}" for k, v in pairs)


def _site_host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _same_site(url: str, other: str) -> bool:
    return bool(_site_host(url)) and _site_host(url) == _site_host(other)


def _is_api(url: str) -> bool:
    parts = urlsplit(url)
    return "/wp-json/" in parts.path + "/" or any(
        k == "rest_route" for k, _ in parse_qsl(parts.query)
    )


def _is_feed(url: str) -> bool:
    parts = urlsplit(url)
    return bool(FEED_PATH.search(parts.path)) or any(k == "feed" for k, _ in parse_qsl(parts.query))


def prime_urls(listing_urls: Sequence[str]) -> tuple[str, ...]:
    """WordPress needs no session: nothing to prime."""
    return ()


def listing_page_url(listing_url: str, page: int) -> str | None:
    """Page `page` of a listing.

    - REST API: `?page=N&per_page=P` first, in that order, then the listing's other parameters
      (`after`, `before`, `categories`…) as written; `per_page` is the listing's own (≤ 100) or 20.
    - Feed: one page (page 1 is the feed itself).
    - HTML archive (`/`, `/category/x/`): page 1 is the listing, then `<listing>/page/N/`.
    """
    if page < 1:
        return None
    parts = urlsplit(listing_url)
    if _is_api(listing_url):
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        per_page = _per_page(dict(pairs).get("per_page"), API_PER_PAGE)
        rest = [(k, v) for k, v in pairs if k not in ("page", "per_page")]
        query = _query([("page", str(page)), ("per_page", str(per_page)), *rest])
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    if _is_feed(listing_url):
        return listing_url if page == 1 else None
    path = PAGED_PATH.sub("/", parts.path) or "/"
    if page == 1:
        return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    path = path if path.endswith("/") else path + "/"
    return urlunsplit((parts.scheme, parts.netloc, f"{path}page/{page}/", parts.query, ""))


def rest_posts_url(
    base: str,
    page: int,
    *,
    after: datetime | date | str | None = None,
    before: datetime | date | str | None = None,
    per_page: int = API_PER_PAGE,
) -> str:
    """A REST API page of posts, for date-range backfills: `…/wp-json/wp/v2/posts?page=N&
    per_page=P[&after=…][&before=…]` (the order `listing_page_url` keeps, so it paginates it).

    `base` is the site (`https://example.vn`) or an API listing URL (its other parameters are
    kept). `after`/`before` are exclusive bounds on the post date, which WordPress compares in
    site time: they are sent as naive ISO 8601 in Asia/Ho_Chi_Minh (an aware datetime is
    converted, a naive one or a date string is taken as local).
    """
    if page < 1:
        raise ValueError(f"page must be ≥ 1, got {page}")
    if not 1 <= per_page <= API_MAX_PER_PAGE:
        raise ValueError(f"per_page must be in 1..{API_MAX_PER_PAGE}, got {per_page}")
    if _is_api(base):
        parts = urlsplit(base)
        endpoint = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        rest = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k not in ("page", "per_page", "after", "before")
        ]
    else:
        endpoint, rest = base.rstrip("/") + POSTS_ENDPOINT, []
    pairs = [("page", str(page)), ("per_page", str(per_page)), *rest]
    if after is not None:
        pairs.append(("after", _wp_date(after)))
    if before is not None:
        pairs.append(("before", _wp_date(before)))
    return f"{endpoint}?{_query(pairs)}"


def _wp_date(value: datetime | date | str) -> str:
    if isinstance(value, str):
        parsed = parse_iso(value)
        if parsed is None:
            raise ValueError(f"not an ISO 8601 date: {value!r}")
        value = parsed
    elif not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(VN_TZ).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def _per_page(value: str | None, default: int) -> int:
    if value and value.isdigit() and 1 <= int(value) <= API_MAX_PER_PAGE:
        return int(value)
    return default


# --- listings ---------------------------------------------------------------------------------


def parse_listing(page: Page) -> Listing:
    """Posts of a REST API page, an RSS/Atom feed or an HTML archive page (`/`, `/page/N/`).

    An API URL that does not answer a JSON array (closed API: an error object, an HTML page)
    raises ParseError, so discovery falls back to `fallback_listings`.
    """
    if _is_api(page.url):
        return _parse_api(page)
    if looks_like_xml(page):
        return _parse_feed(page)
    return _parse_archive(page)


def _parse_api(page: Page) -> Listing:
    try:
        data: Any = json.loads(page.text)
    except ValueError:
        raise ParseError(page.url, "api: not JSON (is the REST API closed?)") from None
    if not isinstance(data, list):
        code = data.get("code") if isinstance(data, dict) else type(data).__name__
        raise ParseError(page.url, f"api: expected a JSON array of posts, got {code!r}")
    items: list[ListingItem] = []
    seen: set[str] = set()
    for post in data:
        if not isinstance(post, dict):
            continue
        raw_id, link = post.get("id"), post.get("link")
        ident = str(raw_id) if isinstance(raw_id, int | str) else ""
        url = absolute_url(page.url, link) if isinstance(link, str) else None
        if not POST_ID.fullmatch(ident) or url is None or ident in seen:
            continue
        if not _same_site(url, page.url):
            continue
        seen.add(ident)
        when = post.get("date")
        items.append(
            ListingItem(
                url=normalize_url(url),
                article_id=ident,
                title=_rendered(post.get("title")),
                published_at=parse_iso(when) if isinstance(when, str) else None,
            )
        )
    return Listing(url=page.url, items=tuple(items), next_url=_api_next(page, len(data)))


def _rendered(value: object) -> str:
    """`{"rendered": "<b>T</b> &#8211; x"}` → `T – x`."""
    text = value.get("rendered") if isinstance(value, dict) else value
    if not isinstance(text, str) or not text.strip():
        return ""
    return clean_text(parse_html(f"<p>{text}</p>").body)


def _api_next(page: Page, count: int) -> str | None:
    """The next API page: from `X-WP-TotalPages` when the response has it, else exists iff this
    page was full (`count == per_page`; a snapshot or saved page has no headers)."""
    query = dict(parse_qsl(urlsplit(page.url).query))
    number = int(query["page"]) if query.get("page", "").isdigit() else 1
    per_page = _per_page(query.get("per_page"), WP_DEFAULT_PER_PAGE)
    total = (page.header(TOTAL_PAGES_HEADER) or "").strip()
    more = number < int(total) if total.isdigit() else count > 0 and count >= per_page
    return listing_page_url(page.url, number + 1) if more else None


def _parse_feed(page: Page) -> Listing:
    """RSS/Atom via `parse_feed`; the id comes from the item's guid (`?p=N`), WordPress's
    `<post-id>` or a `?p=N` link, since the link itself is a slug permalink."""
    ids = _feed_ids(page.text)

    def ident(url: str) -> str | None:
        return ids.get(url) or article_id(url)

    listing = parse_feed(page, ident, normalize_url)
    items = tuple(i for i in listing.items if _same_site(i.url, page.url))
    return Listing(url=page.url, items=items, next_url=None)


def _feed_ids(text: str) -> dict[str, str]:
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except Exception:  # parse_feed reports the bad or unsafe XML
        return {}
    ids: dict[str, str] = {}
    for entry in root.iter():
        kind = _local(entry.tag)
        if kind not in ("item", "entry"):
            continue
        children = {_local(c.tag): c for c in entry}
        link = (children["link"].text or "").strip() if "link" in children else ""
        if kind == "entry":
            link = next(
                (c.get("href", "") for c in entry
                 if _local(c.tag) == "link" and c.get("rel", "alternate") == "alternate"),
                "",
            ).strip()
        for name in ("post-id", "guid", "id"):
            value = _text(children.get(name))
            found = value if POST_ID.fullmatch(value) else article_id(value)
            if link and found:
                ids[link] = found
                break
    return ids


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _parse_archive(page: Page) -> Listing:
    tree = parse_html(page.text)
    items: list[ListingItem] = []
    seen: set[str] = set()
    for node in tree.css(LISTING_ITEM):
        if _inside_noise(node):
            continue
        link = first_node(node, LISTING_LINKS)
        url = absolute_url(page.url, link.attributes.get("href") if link else None)
        if url is None or link is None or not _same_site(url, page.url):
            continue
        ident = _node_post_id(node) or article_id(url)
        if ident is None or ident in seen:
            continue
        seen.add(ident)
        items.append(
            ListingItem(
                url=normalize_url(url),
                article_id=ident,
                title=clean_text(link),
                published_at=_first_time(node, LISTING_DATES),
            )
        )
    return Listing(url=page.url, items=tuple(items), next_url=_archive_next(tree, page.url))


def _node_post_id(node: LexborNode) -> str | None:
    match = POST_NODE_ID.match(node.attributes.get("id") or "")
    match = match or POST_CLASS.search(node.attributes.get("class") or "")
    return match.group(1) if match else None


def _inside_noise(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "aside" or classes(parent) & {"widget", "widget-area", "sidebar"}:
            return True
        if (parent.attributes.get("id") or "") == "secondary":
            return True
        parent = parent.parent
    return False


def _archive_next(tree: LexborHTMLParser, base: str) -> str | None:
    for selector in NEXT_PAGE:
        node = tree.css_first(selector)
        if node is not None:
            href = absolute_url(base, node.attributes.get("href"))
            if href:
                return href
    return None


# --- article pages ----------------------------------------------------------------------------


def parse(page: Page, *, source: str = NAME) -> Article:
    """Read one post page into an `Article`. Pure: the same page always gives the same record."""
    tree = parse_html(page.text)
    ld = json_ld(tree, ARTICLE_TYPES) or {}
    ident = _page_post_id(tree, page.url)
    if ident is None:
        raise ParseError(
            page.url,
            "article id: no ?p=N shortlink, REST link, postid-N body class or ?p=N URL",
        )
    url = normalize_url(_canonical(tree, page.url))
    scope = _scope(tree, ident)
    if scope is None:
        raise ParseError(page.url, "body: the page has no <body>")
    # Outside the post's own `<article>` (a theme without one), every `<aside>` is a sidebar.
    drop(scope, NOISE_SELECTORS if scope.tag == "article" else (*NOISE_SELECTORS, "aside"))
    title = _title(scope, tree, ld)
    if not title:
        raise ParseError(page.url, "title: not found (h1.entry-title, JSON-LD headline, og:title)")
    body = first_node(scope, BODY_SELECTORS)
    if body is None:
        raise ParseError(page.url, f"body: {BODY_SELECTORS[0]} not found")
    posted_on = POSTED_ON.search(clean_text(scope))
    sapo_node = first_node(scope, SAPO_SELECTORS)
    sapo, dateline = strip_dateline(clean_text(sapo_node)) if sapo_node else ("", None)
    if sapo_node is not None:
        sapo_node.decompose()  # some themes print the lead inside the content
    blocks, images = _read_body(body, page.url)
    blocks, original_url = take_source_line(blocks, lambda b: b.text)
    blocks, byline, who = _take_byline(blocks)
    if blocks and dateline is None:
        first, dateline = strip_dateline(blocks[0].text)
        blocks[0] = _Block(first)
    paragraphs = tuple(b.text for b in blocks if b.text)
    if not paragraphs and not sapo:
        raise ParseError(page.url, "body: no paragraphs left after cleaning")
    return Article(
        url=url,
        source=source,
        article_id=ident,
        title=title,
        sapo=sapo,
        paragraphs=paragraphs,
        published_at=_published(tree, scope, ld, posted_on.group(1) if posted_on else None),
        updated_at=_updated(tree, scope, ld),
        parser_version=PARSER_VERSION,
        byline=byline,
        authors=split_authors(who) if who else _account_authors(scope, ld),
        category=_category(scope, ld),
        tags=_tags(scope),
        images=tuple(images),
        original_url=original_url,
        dateline=dateline,
    )


def _page_post_id(tree: LexborHTMLParser, page_url: str) -> str | None:
    """Shortlink `?p=N`, the REST alternate link, the `postid-N` body class, the `?p=N` URL, and
    last `article#post-N` (only on a page that is not an archive)."""
    shortlink = tree.css_first(SHORTLINK)
    if shortlink is not None and (found := article_id(shortlink.attributes.get("href") or "")):
        return found
    for link in tree.css(REST_LINK):
        match = REST_POST.search(urlsplit(link.attributes.get("href") or "").path)
        if match:
            return match.group(1)
    body_class = (tree.body.attributes.get("class") or "") if tree.body is not None else ""
    match = BODY_POSTID.search(body_class)
    if match:
        return match.group(1)
    if found := article_id(page_url):
        return found
    if set(body_class.split()) & ARCHIVE_BODY_CLASSES:
        return None
    node = tree.css_first('article[id^="post-"]')
    return _node_post_id(node) if node is not None else None


def _canonical(tree: LexborHTMLParser, page_url: str) -> str:
    """The canonical link when it is a post URL of the same site; else the URL we fetched."""
    href = canonical_link(tree, page_url)
    if href and _same_site(href, page_url) and (urlsplit(href).path.strip("/") or article_id(href)):
        return href
    return page_url


def _scope(tree: LexborHTMLParser, ident: str) -> LexborNode | None:
    """The post's own element (header, content, footer), so widgets and the clock are outside."""
    node = first_node(tree, (f"#post-{ident}", *SCOPE_SELECTORS))
    return node if node is not None else tree.body


def _title(scope: LexborNode, tree: LexborHTMLParser, ld: dict[str, Any]) -> str:
    text = first_text(scope, TITLE_SELECTORS)
    if text:
        return text
    headline = ld_str(ld, "headline")
    if headline:
        return normalize_inline(headline)
    og = meta(tree, "og:title")
    site = meta(tree, "og:site_name")
    if og and site:
        og = re.sub(rf"\s+[-|–]\s+{re.escape(site)}$", "", og)
    return og or ""


def _published(
    tree: LexborHTMLParser, scope: LexborNode, ld: dict[str, Any], posted_on: str | None
) -> datetime | None:
    """JSON-LD, `article:published_time`, the post's `time` element, then `Ngày đăng:`.
    Never the header clock (outside the post, and not a `dd/mm/yyyy` date)."""
    found = ld_time(tree, ld, "datePublished", "article:published_time")
    found = found or _first_time(scope, DATE_SELECTORS)
    return found or parse_day_first(posted_on)


def _updated(tree: LexborHTMLParser, scope: LexborNode, ld: dict[str, Any]) -> datetime | None:
    found = ld_time(tree, ld, "dateModified", "article:modified_time")
    return found or _first_time(scope, UPDATED_SELECTORS)


def _first_time(node: LexborNode, selectors: Sequence[str]) -> datetime | None:
    for selector in selectors:
        for time in node.css(selector):
            if found := parse_iso(time.attributes.get("datetime")):
                return found
    return None


def _account_authors(scope: LexborNode, ld: dict[str, Any]) -> tuple[str, ...]:
    """With no byline in the text: the WordPress account, unless it is a generic one (`admin`)."""
    names = list(ld_names(ld.get("author")))
    for selector in AUTHOR_SELECTORS:
        names.extend(t for t in (clean_text(n) for n in scope.css(selector)) if t)
    for name in names:
        if name.casefold() not in GENERIC_ACCOUNTS:
            return (name,)
    return ()


def _category(scope: LexborNode, ld: dict[str, Any]) -> str | None:
    for node in scope.css(CATEGORY_LINKS):
        text = clean_text(node)
        if text:
            return text
    section = ld.get("articleSection")
    if isinstance(section, list):
        section = next((s for s in section if isinstance(s, str) and s.strip()), None)
    return normalize_inline(section) if isinstance(section, str) and section.strip() else None


def _tags(scope: LexborNode) -> tuple[str, ...]:
    tags: list[str] = []
    for node in scope.css(TAG_LINKS):
        rel = (node.attributes.get("rel") or "").split()
        text = clean_text(node)
        if "category" not in rel and text and text not in tags:
            tags.append(text)
    return tuple(tags)


# --- the body ---------------------------------------------------------------------------------


def _read_body(body: LexborNode, base: str) -> tuple[list[_Block], list[Image]]:
    """Paragraphs and images in document order; boilerplate lines out; a related-posts heading
    ends the body."""
    blocks: list[_Block] = []
    images: list[Image] = []
    _walk(body, base, blocks, images)
    kept: list[_Block] = []
    for block in blocks:
        text = block.text
        if RELATED_HEADING.match(text):
            break
        if not text or _is_boilerplate(text):
            continue
        kept.append(block)
    return kept, images


def _is_boilerplate(text: str) -> bool:
    return bool(
        CLOCK.match(text)
        or META_LINE.match(text)
        or COUNTER_LINE.match(text)
        or COMMENT_LINE.match(text)
        or SHARE_LINE.match(text)
    )


def _is_figure(node: LexborNode) -> bool:
    return node.tag == "figure" or bool(classes(node) & FIGURE_CLASSES)


def _walk(node: LexborNode, base: str, blocks: list[_Block], images: list[Image]) -> None:
    inline: list[LexborNode] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            inline.append(child)
        elif tag == "-comment" or tag in SKIP_TAGS:
            continue
        elif _is_figure(child):
            _flush(inline, blocks, base, images)
            _read_figure(child, base, images)
        elif tag in CONTAINER_TAGS and has_descendant(child, BLOCK_CHILDREN):
            _flush(inline, blocks, base, images)
            _walk(child, base, blocks, images)
        elif tag in LEAF_TAGS or tag in CONTAINER_TAGS:
            _flush(inline, blocks, base, images)
            images.extend(_images(child, base))
            blocks.append(_Block(normalize_inline(node_text(child))))
        elif tag == "br":
            _flush(inline, blocks, base, images)
        else:
            inline.append(child)
    _flush(inline, blocks, base, images)


def _flush(
    inline: list[LexborNode], blocks: list[_Block], base: str, images: list[Image]
) -> None:
    """Bare text and inline elements directly in a container form one paragraph."""
    if not inline:
        return
    for node in inline:
        if node.tag != "-text":
            images.extend(_images(node, base))
    text = inline_text(inline)
    if text:
        blocks.append(_Block(text))
    inline.clear()


def _images(node: LexborNode, base: str) -> list[Image]:
    """Uncaptioned pictures inside a paragraph or a link."""
    found = [node] if node.tag == "img" else node.css("img")
    return [Image(url=u) for img in found if (u := _image_url(img, base))]


def _image_url(img: LexborNode, base: str) -> str | None:
    for attr in IMAGE_SOURCES:
        value = (img.attributes.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return absolute_url(base, value)
    return None


def _read_figure(node: LexborNode, base: str, images: list[Image]) -> None:
    """A captioned picture (classic `.wp-caption`, HTML5 `figure.wp-caption`, a block image) or
    a gallery of them: each image with its own caption, `Ảnh: X` split off as the credit."""
    if has_descendant(node, FIGURE_ITEMS):
        for item in node.css(FIGURE_ITEMS):
            if item.mem_id != node.mem_id and not has_descendant(item, FIGURE_ITEMS):
                _read_figure(item, base, images)
        return
    caption_node = node.css_first(CAPTION_SELECTORS)
    caption = dedupe_caption(clean_text(caption_node)) if caption_node is not None else ""
    caption, credit = split_credit(caption) if caption else ("", "")
    for index, img in enumerate(node.css("img")):
        url = _image_url(img, base)
        if url:
            first = index == 0
            images.append(Image(url, caption if first else "", credit if first else ""))


def _take_byline(blocks: list[_Block]) -> tuple[list[_Block], str | None, str | None]:
    """The credit (`Tin, ảnh: X`, `X (tổng hợp)`, `NAME – NAME`) is the last paragraph."""
    if not blocks:
        return blocks, None, None
    last = blocks[-1].text
    name = byline_name(last)  # `Theo kế hoạch, …` is a sentence, `Theo TTXVN` a credit
    if name is None:
        return blocks, None, None
    return blocks[:-1], last, name

"""DOM helpers every site parser shares: text with real separators, selectors tried in order,
JSON-LD, `<meta>`, dates, and URL rules (canonical links, tracking parameters, ASP.NET segments).

Site modules keep their selectors as data and call these; nothing here knows a site.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.text import normalize_inline

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

BLOCK_TAGS = frozenset(
    {
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote"),
        *("table", "tbody", "thead", "tr", "td", "th", "section", "article"),
        *("figure", "figcaption", "header", "footer", "aside"),
    }
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "button",
        "form",
        "input",
        "select",
    ]
)
DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\D{1,6}(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


Scope = LexborHTMLParser | LexborNode
"""Where a selector is looked up: the whole page or one element of it."""
_T = TypeVar("_T")


def parse_html(text: str) -> LexborHTMLParser:
    return LexborHTMLParser(text)


def node_text(node: LexborNode) -> str:
    """Text of a subtree: inline elements joined as written, `<br>` and block ends as newlines.

    Joining inline runs with no separator matters: the CMS splits words across `<em>`s
    (`chuyên m</em><em>ụ</em><em>c`), and a separator would break the word.
    """
    parts: list[str] = []
    _collect(node, parts)
    return "".join(parts)


def _collect(node: LexborNode, parts: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag == "br":
            parts.append("\n")
        elif tag in SKIP_TAGS or tag == "-comment":
            continue
        elif tag in BLOCK_TAGS:
            parts.append("\n")
            _collect(child, parts)
            parts.append("\n")
        else:
            _collect(child, parts)


def inline_text(nodes: Sequence[LexborNode]) -> str:
    """One normalised line from a run of text nodes and inline elements, joined as written."""
    return normalize_inline(
        "".join(n.text_content or "" if n.tag == "-text" else node_text(n) for n in nodes)
    )


def has_descendant(node: LexborNode, selector: str) -> bool:
    """Whether a node *below* `node` matches: lexbor's `css_first` also matches the node itself."""
    return any(match.mem_id != node.mem_id for match in node.css(selector))


def classes(node: LexborNode) -> set[str]:
    """The tokens of the node's `class` attribute, as written (case kept)."""
    return set((node.attributes.get("class") or "").split())


def drop(scope: Scope, selectors: Sequence[str]) -> None:
    """Remove every node matching one of `selectors` (junk, widgets) before the scope is read."""
    for selector in selectors:
        for junk in scope.css(selector):
            junk.decompose()


def clean_text(node: LexborNode | None) -> str:
    return normalize_inline(node_text(node)) if node is not None else ""


def first_node(scope: Scope, selectors: Sequence[str]) -> LexborNode | None:
    """The first match of the first selector that matches at all (selectors tried in order)."""
    for selector in selectors:
        node = scope.css_first(selector)
        if node is not None:
            return node
    return None


def first_parsed(
    scope: Scope, selectors: Sequence[str], parse: Callable[[str], _T | None]
) -> _T | None:
    """`parse` of the text of each selector's first match, in selector order: the first truthy
    result (a selector that matches nothing gives `parse("")`)."""
    for selector in selectors:
        value = parse(clean_text(scope.css_first(selector)))
        if value:
            return value
    return None


def first_text(scope: Scope, selectors: Sequence[str]) -> str:
    """The text of the first selector whose first match has any text; `""` when none has."""
    return first_parsed(scope, selectors, _same) or ""


def _same(text: str) -> str:
    return text


def texts(
    scope: Scope, selectors: Sequence[str], *, exclude: Collection[str] = ()
) -> tuple[str, ...]:
    """The non-empty texts of every match of the first selector that gives any (tags, breadcrumb
    links); a text whose lower case is in `exclude` (`trang chủ`) does not count."""
    for selector in selectors:
        found = tuple(
            text
            for text in (clean_text(n) for n in scope.css(selector))
            if text and text.lower() not in exclude
        )
        if found:
            return found
    return ()


def lead_or_description(
    tree: LexborHTMLParser,
    selectors: Sequence[str],
    first_paragraph: str,
    strip_dateline: Callable[[str], tuple[str, str | None]],
) -> tuple[str, str | None]:
    """(sapo, dateline): the first lead element's text without its dateline; else the description
    meta, unless it is only the start of (or inside) the first paragraph; else `("", None)`."""
    text = first_text(tree, selectors)
    if text:
        return strip_dateline(text)
    described = meta(tree, "description", "og:description")
    if not described:
        return "", None
    sapo, dateline = strip_dateline(described)
    first = strip_dateline(first_paragraph)[0]
    if first.startswith(sapo.rstrip(".… ")) or sapo.rstrip(".… ") in first:
        return "", None
    return sapo, dateline


def meta(tree: LexborHTMLParser, *keys: str) -> str | None:
    """First non-empty `<meta>` content among `property=`/`name=`/`itemprop=` keys, in key order."""
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{key}"]')
            if node is not None:
                content = (node.attributes.get("content") or "").strip()
                if content:
                    return normalize_inline(content)
    return None


def json_ld(tree: LexborHTMLParser, types: frozenset[str]) -> dict[str, Any] | None:
    """The first JSON-LD object whose @type is in `types` (searching lists and @graph)."""
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "null")
        except json.JSONDecodeError:
            continue
        for obj in _ld_objects(data):
            if _ld_types(obj.get("@type")) & types:
                return obj
    return None


def _ld_types(kind: Any) -> set[str]:
    """The names of an `@type`: a string or a list of them; anything else (a number, a list of
    objects: broken markup) names none."""
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list | dict):
        return {k for k in kind if isinstance(k, str)}
    return set()


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_objects(data.get("@graph", []))


def ld_str(ld: Mapping[str, object], key: str) -> str | None:
    """A JSON-LD field that is a non-blank string, as written; else None."""
    value = ld.get(key)
    return value if isinstance(value, str) and value.strip() else None


def ld_time(
    tree: LexborHTMLParser, ld: Mapping[str, object], key: str, *meta_keys: str
) -> datetime | None:
    """JSON-LD `key` read as ISO 8601; else the first `<meta>` of `meta_keys` read so."""
    return parse_iso(ld_str(ld, key)) or parse_iso(meta(tree, *meta_keys))


def ld_names(value: Any) -> tuple[str, ...]:
    """Names from a JSON-LD author/publisher value (a string, an object or a list of either)."""
    if isinstance(value, str):
        return (normalize_inline(value),) if value.strip() else ()
    if isinstance(value, dict):
        return ld_names(value.get("name", ""))
    if isinstance(value, list):
        return tuple(name for item in value for name in ld_names(item))
    return ()


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp in Vietnam time; a naive one is taken as local (+07:00)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=VN_TZ)
    return parsed.astimezone(VN_TZ)


def parse_day_first(text: str | None) -> datetime | None:
    """`16/01/2025 09:35`, `Thứ Năm, 16/01/2025 - 09:35`: day first, local time (+07:00)."""
    if not text:
        return None
    match = DAY_FIRST.search(text)
    if not match:
        return None
    day, month, year, hour, minute, second = match.groups()
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=VN_TZ,
        )
    except ValueError:
        return None


# --- URL rules ------------------------------------------------------------------------------

# ASP.NET cookieless session segments: `/(S(abc…))/`, `/(X(1)S(abc…))/`.
COOKIELESS = re.compile(r"/\((?:[A-Za-z]\([^()/]*\))+\)(?=/|$)")


def url_id(url: str, hosts: Collection[str], path: re.Pattern[str]) -> str | None:
    """Group 1 of `path` matched on the URL's path when its host (lower case) is one of `hosts`:
    the article id of a site whose article URLs carry it in the path."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in hosts:
        return None
    match = path.match(parts.path)
    return match.group(1) if match else None


def absolute_url(base: str, href: str | None) -> str | None:
    """Resolve `href` against `base`; None for empty, javascript:, mailto: or non-http links."""
    if not href or not href.strip():
        return None
    joined = urljoin(base, href.strip())
    parts = urlsplit(joined)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path, parts.query, ""))


def canonical_link(tree: LexborHTMLParser, base: str) -> str | None:
    """The absolute `<link rel="canonical">` URL, or None when there is none (or it is not http)."""
    link = tree.css_first('link[rel="canonical"]')
    return absolute_url(base, link.attributes.get("href") if link is not None else None)


def canonical_url(
    tree: LexborHTMLParser, page_url: str, article_id: Callable[[str], str | None]
) -> str:
    """The canonical link when it names the same article as `page_url`; else `page_url`."""
    href = canonical_link(tree, page_url)
    if href and article_id(href) and article_id(href) == article_id(page_url):
        return href
    return page_url


@dataclass(frozen=True, slots=True)
class ParamNames:
    """A set of query parameter names (tracking: `fbclid`, `utm_*`, …), callable on a key.

    `names` are exact names, `prefixes` name families; with `ignore_case` the key is lower-cased
    first (so `names` and `prefixes` are written in lower case).
    """

    names: frozenset[str]
    prefixes: tuple[str, ...] = ()
    ignore_case: bool = False

    def __call__(self, key: str) -> bool:
        key = key.lower() if self.ignore_case else key
        return key in self.names or key.startswith(self.prefixes)


def query_pairs(query: str, drop_param: Callable[[str], object]) -> list[tuple[str, str]]:
    """A query's `(key, value)` pairs in order, blank values kept, less those `drop_param` names."""
    return [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not drop_param(k)]


def clean_query(query: str, drop_param: Callable[[str], object]) -> str:
    """The query less the parameters `drop_param` names, re-encoded (`urlencode`)."""
    return urlencode(query_pairs(query, drop_param))


def page_query(query: str, param: str, page: int, *, ignore_case: bool = False) -> str:
    """The query asking for page `page`: `param` removed, then `param=page` added after page 1."""
    pairs = query_pairs(query, lambda k: (k.lower() if ignore_case else k) == param)
    if page > 1:
        pairs.append((param, str(page)))
    return urlencode(pairs)


def strip_cookieless(path: str) -> str:
    """The path without ASP.NET cookieless session segments (`/(S(abc))`, `/(X(1)S(abc))`)."""
    return COOKIELESS.sub("", path)


def _no_param(key: str) -> bool:
    return False


def clean_url(
    url: str,
    host: str,
    *,
    keep_query: bool = False,
    tracking: Callable[[str], object] = _no_param,
    trailing_slash: bool = True,
    cookieless: bool = False,
) -> str:
    """One URL per page: https on `host`, no fragment, an empty path as `/`.

    The query is dropped unless `keep_query`, which keeps it less the parameters `tracking` names
    (re-encoded); `trailing_slash=False` strips trailing slashes; `cookieless=True` removes ASP.NET
    cookieless session segments. `url` is read as given (strip it first if it may be padded).
    """
    parts = urlsplit(url)
    path = strip_cookieless(parts.path) if cookieless else parts.path
    if not trailing_slash:
        path = path.rstrip("/")
    query = clean_query(parts.query, tracking) if keep_query else ""
    return urlunsplit(("https", host, path or "/", query, ""))

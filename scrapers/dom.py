"""DOM helpers every site parser shares: text with real separators, JSON-LD, `<meta>`, dates.

Site modules keep their selectors as data and call these; nothing here knows a site.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit
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


def has_descendant(node: LexborNode, selector: str) -> bool:
    """Whether a node *below* `node` matches: lexbor's `css_first` also matches the node itself."""
    return any(match.mem_id != node.mem_id for match in node.css(selector))


def clean_text(node: LexborNode | None) -> str:
    return normalize_inline(node_text(node)) if node is not None else ""


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
            kind = obj.get("@type")
            kinds = {kind} if isinstance(kind, str) else set(kind or [])
            if kinds & types:
                return obj
    return None


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_objects(data.get("@graph", []))


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


def absolute_url(base: str, href: str | None) -> str | None:
    """Resolve `href` against `base`; None for empty, javascript:, mailto: or non-http links."""
    if not href or not href.strip():
        return None
    joined = urljoin(base, href.strip())
    parts = urlsplit(joined)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path, parts.query, ""))

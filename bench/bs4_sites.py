"""A BeautifulSoup implementation of our site selectors, for bench/peers.py (DOM library cost).

Same selectors (taken from the site modules' constants), same walk over the body and the same
cleaning rules (the functions of `scrapers.text`), but the DOM is BeautifulSoup's instead of
selectolax/lexbor. It produces title, sapo and paragraphs only (no dates, images, tags, authors:
our parsers read those too, so the throughput ratio against it is conservative for us).

One generic walker with per-site options (`Spec`), written after `qdnd._walk`: on qdnd and
qdnd-hc it reproduces our text exactly (`tests/test_bs4_peer.py`); on the other sites it is an
approximation (their parsers have more site rules: picture captions, pasted page headers, credit
lines), reported as such by `bench/peers.py quality`.

Tree builder: `lxml` (`BeautifulSoup(html, "lxml")`), bs4's fastest; `html.parser` is measured
too. Lookups use bs4's fastest idioms for the same selectors: `find`/`find_all` by tag name for
the walk, soupsieve `select_one`/`select` for the configured CSS selectors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

from scrapers.dom import BLOCK_TAGS, SKIP_TAGS
from scrapers.sites import bienphong, chinhsach, qdnd, tapchiqptd, thanhuytphcm, wordpress
from scrapers.text import (
    byline_name,
    canonical_text,
    has_upper_name,
    is_boilerplate,
    is_footer,
    is_toolbar,
    normalize_block,
    normalize_inline,
    strip_dateline,
    take_source_line,
)

_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction, CData)
_ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"})
_LEAF = ("p", "h2", "h3", "h4", "h5", "h6", "li", "div", "blockquote")
_CONTAINERS = ("div", "section", "ul", "ol", "blockquote", "article")
_BLOCK_BELOW = ["p", "table", "div", "li", "h2", "h3"]


@dataclass(frozen=True, slots=True)
class Spec:
    """One site's selectors and the rules the generic walker applies."""

    titles: tuple[str, ...]
    bodies: tuple[str, ...]
    junk: tuple[str, ...]
    sapos: tuple[str, ...] = ()
    title_suffix: re.Pattern[str] | None = None
    title_css_first: bool = False
    """WordPress reads the theme's h1 before JSON-LD and og:title."""
    photos: str | None = None
    """Selector of picture blocks other than figures and tables with an image (skipped)."""
    stop: re.Pattern[str] | None = None
    """The body ends at the first paragraph matching this (comment boxes, counters)."""
    sapo_rule: str = "lead_or_description"
    """`lead_or_description` (qdnd, bienphong), `lead` (chinhsach, wordpress), `dateline_para`
    (thanhuytphcm: the first paragraph when it opens with a dateline), `bold_first` (tapchiqptd:
    a wholly bold first paragraph of 12+ words)."""
    dateline: Callable[[str], tuple[str, str | None]] = strip_dateline
    strict_drop: bool = True
    """qdnd drops only toolbar and footer lines; the others every boilerplate line."""
    scope: tuple[str, ...] = field(default=())
    """Look for the body inside the first match of these (tapchiqptd's article container)."""


SPECS: dict[str, Spec] = {
    "qdnd": Spec(
        titles=qdnd.TITLE_SELECTORS,
        bodies=(qdnd.BODY_SELECTOR,),
        junk=qdnd.JUNK_SELECTORS,
        sapos=qdnd.SAPO_SELECTORS,
        title_suffix=qdnd.TITLE_SUFFIX,
        strict_drop=False,
    ),
    "bienphong": Spec(
        titles=bienphong.TITLE_SELECTORS,
        bodies=bienphong.BODY_SELECTORS,
        junk=bienphong.JUNK_SELECTORS,
        sapos=bienphong.SAPO_SELECTORS,
        title_suffix=bienphong.TITLE_SUFFIX,
        photos=".VCSortableInPreviewMode, .PhotoCMS, .picture, [type=Photo]",
        stop=None,
        dateline=lambda text: _dateline(bienphong.DATELINE, text),
    ),
    "thanhuytphcm": Spec(
        titles=thanhuytphcm.TITLE_SELECTORS,
        bodies=thanhuytphcm.BODY_SELECTORS,
        junk=thanhuytphcm.BODY_JUNK,
        sapos=thanhuytphcm.SAPO_SELECTORS,
        title_suffix=thanhuytphcm.TITLE_SUFFIX,
        stop=thanhuytphcm.STOP_MARKER,
        sapo_rule="dateline_para",
    ),
    "chinhsach": Spec(
        titles=chinhsach.TITLE_SELECTORS,
        bodies=chinhsach.BODY_SELECTORS,
        junk=chinhsach.JUNK_SELECTORS,
        sapos=chinhsach.SAPO_SELECTORS,
        title_suffix=chinhsach.TITLE_SUFFIX,
        stop=chinhsach.COUNTER_LINE,
        sapo_rule="lead",
    ),
    "tapchiqptd": Spec(
        titles=(tapchiqptd.TITLE_SELECTOR,),
        bodies=(tapchiqptd.BODY_SELECTOR,),
        junk=tuple(tapchiqptd.JUNK_SELECTORS),
        scope=(tapchiqptd.CONTAINER_SELECTOR,),
        stop=tapchiqptd.STOP_MARKER,
        sapo_rule="bold_first",
    ),
    "wordpress": Spec(
        titles=wordpress.TITLE_SELECTORS,
        bodies=wordpress.BODY_SELECTORS,
        junk=wordpress.NOISE_SELECTORS,
        sapos=wordpress.SAPO_SELECTORS,
        title_css_first=True,
        photos=".wp-caption, .gallery-item, .wp-block-image",
        sapo_rule="lead",
    ),
}


@dataclass(frozen=True, slots=True)
class Extracted:
    title: str
    sapo: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """Canonical text, as `Article.text`."""
        return canonical_text(self.title, (self.sapo, *self.paragraphs))

    @property
    def body(self) -> str:
        return "\n\n".join(p for p in (self.sapo, *self.paragraphs) if p)


@dataclass(frozen=True, slots=True)
class _Block:
    text: str
    bold: bool


def _dateline(pattern: re.Pattern[str], text: str) -> tuple[str, str | None]:
    match = pattern.match(text)
    if not match:
        return strip_dateline(text)
    return text[match.end() :].lstrip(), match.group(0).strip(" –-")


def extract(html: str, site: str, *, builder: str = "lxml") -> Extracted:
    """Title, sapo and paragraphs of one article page of `site` (a site module name)."""
    spec = SPECS[site]
    soup = BeautifulSoup(html, builder)
    ld = _json_ld(soup)
    title = _title(soup, ld, spec)
    scope: BeautifulSoup | Tag = soup
    for selector in spec.scope:
        found = soup.select_one(selector)
        if found is not None:
            scope = found
            break
    body = _first(scope, spec.bodies)
    if body is None:
        return Extracted(title, "", ())
    for selector in spec.junk:
        for junk in body.select(selector):
            junk.decompose()
    blocks: list[_Block] = []
    _walk(body, blocks, spec)
    drop = is_boilerplate if spec.strict_drop else _qdnd_drop
    blocks = [b for b in blocks if b.text and not drop(b.text)]
    if spec.stop is not None:
        for index, block in enumerate(blocks):
            if spec.stop.match(block.text):
                blocks = blocks[:index]
                break
    blocks, _ = take_source_line(blocks, lambda b: b.text)
    blocks = _without_byline(blocks)
    sapo, dateline, blocks = _sapo(soup, blocks, spec)
    if blocks and dateline is None:
        first, dateline = spec.dateline(blocks[0].text)
        blocks[0] = _Block(first, blocks[0].bold)
    return Extracted(title, sapo, tuple(b.text for b in blocks if b.text))


def _qdnd_drop(text: str) -> bool:
    return is_toolbar(text) or is_footer(text)


# --- page-level reads ---------------------------------------------------------------------------


def _first(scope: BeautifulSoup | Tag, selectors: Sequence[str]) -> Tag | None:
    for selector in selectors:
        node = scope.select_one(selector)
        if node is not None:
            return node
    return None


def _first_text(scope: BeautifulSoup | Tag, selectors: Sequence[str]) -> str:
    for selector in selectors:
        node = scope.select_one(selector)
        text = normalize_inline(node_text(node)) if node is not None else ""
        if text:
            return text
    return ""


def _meta(soup: BeautifulSoup, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            node = soup.find("meta", attrs={attr: key})
            if isinstance(node, Tag):
                content = str(node.get("content") or "").strip()
                if content:
                    return normalize_inline(content)
    return None


def _json_ld(soup: BeautifulSoup) -> dict[str, Any]:
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.get_text() or "null")
        except json.JSONDecodeError:
            continue
        for obj in _ld_objects(data):
            kind = obj.get("@type")
            kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
            if _ARTICLE_TYPES.intersection(k for k in kinds if isinstance(k, str)):
                return obj
    return {}


def _ld_objects(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [obj for item in data for obj in _ld_objects(item)]
    if isinstance(data, dict):
        return [data, *_ld_objects(data.get("@graph", []))]
    return []


def _title(soup: BeautifulSoup, ld: dict[str, Any], spec: Spec) -> str:
    if spec.title_css_first:
        text = _first_text(soup, spec.titles)
        if text:
            return text
    headline = ld.get("headline")
    if isinstance(headline, str) and headline.strip():
        return normalize_inline(headline)
    og = _meta(soup, "og:title")
    if og:
        return spec.title_suffix.sub("", og) if spec.title_suffix else og
    text = _first_text(soup, spec.titles)
    return spec.title_suffix.sub("", text) if spec.title_suffix else text


def _sapo(
    soup: BeautifulSoup, blocks: list[_Block], spec: Spec
) -> tuple[str, str | None, list[_Block]]:
    if spec.sapo_rule == "bold_first":
        if not blocks:
            return "", None, blocks
        text, dateline = spec.dateline(blocks[0].text)
        if blocks[0].bold and len(text.split()) >= 12:
            return text, dateline, blocks[1:]
        return "", dateline, [_Block(text, False), *blocks[1:]]
    lead = _first_text(soup, spec.sapos)
    if lead:
        sapo, dateline = spec.dateline(lead)
        return sapo, dateline, blocks
    if spec.sapo_rule == "dateline_para" and blocks:
        sentence, dateline = spec.dateline(blocks[0].text)
        if dateline is not None:
            return sentence, dateline, blocks[1:]
    if spec.sapo_rule != "lead_or_description":
        return "", None, blocks
    described = _meta(soup, "description", "og:description")
    if not described:
        return "", None, blocks
    sapo, dateline = spec.dateline(described)
    first = spec.dateline(blocks[0].text)[0] if blocks else ""
    if first.startswith(sapo.rstrip(".… ")) or sapo.rstrip(".… ") in first:
        return "", None, blocks
    return sapo, dateline, blocks


def _without_byline(blocks: list[_Block]) -> list[_Block]:
    """The last paragraph when it is a credit line (`Tin, ảnh: X`, a bold upper-case name)."""
    if not blocks:
        return blocks
    last = blocks[-1]
    name = byline_name(last.text)
    if name is None and last.bold and has_upper_name(last.text) and len(last.text.split()) <= 25:
        name = last.text
    return blocks if name is None else blocks[:-1]


# --- the body walk (after qdnd._walk) -----------------------------------------------------------


def node_text(node: Tag) -> str:
    """Text of a subtree: inline elements joined as written, `<br>` and block ends as newlines
    (`scrapers.dom.node_text` over a bs4 tree)."""
    parts: list[str] = []
    _collect(node, parts)
    return "".join(parts)


def _collect(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, _NOT_TEXT):
                parts.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            parts.append("\n")
        elif name in SKIP_TAGS:
            continue
        elif name in BLOCK_TAGS:
            parts.append("\n")
            _collect(child, parts)
            parts.append("\n")
        else:
            _collect(child, parts)


def _walk(node: Tag, blocks: list[_Block], spec: Spec) -> None:
    inline: list[NavigableString | Tag] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, _NOT_TEXT):
                inline.append(child)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "table" or (name == "figure" and child.find("img") is not None):
            _flush(inline, blocks)
            _table(child, blocks)
        elif spec.photos and child.find("img") is not None and child.css.match(spec.photos):
            _flush(inline, blocks)  # a picture block: its caption is not body text
        elif name in _CONTAINERS and child.find(_BLOCK_BELOW) is not None:
            _flush(inline, blocks)
            _walk(child, blocks, spec)
        elif name in _LEAF:
            _flush(inline, blocks)
            if child.find("table") is not None:
                _walk(child, blocks, spec)
            else:
                blocks.append(_block(child))
        elif name == "br":
            _flush(inline, blocks)
        else:
            inline.append(child)
    _flush(inline, blocks)


def _flush(inline: list[NavigableString | Tag], blocks: list[_Block]) -> None:
    if inline:
        raw = "".join(str(n) if isinstance(n, NavigableString) else node_text(n) for n in inline)
        text = normalize_inline(raw)
        if text:
            blocks.append(_Block(text, bold=False))
        inline.clear()


def _block(node: Tag) -> _Block:
    text = normalize_inline(node_text(node))
    bold_text = "".join(node_text(b) for b in node.find_all(["strong", "b"]))
    return _Block(text, bold=bool(text) and normalize_inline(bold_text) == text)


def _table(table: Tag, blocks: list[_Block]) -> None:
    """An image table or figure: its caption is not body text. A table without an image is a
    real table: its rows stay in the text."""
    if table.find("img") is not None:
        return
    for row in table.find_all(["tr", "figcaption"]):
        text = normalize_block(node_text(row)).replace("\n", " ")
        if text and not is_toolbar(text):
            blocks.append(_Block(text, bold=False))

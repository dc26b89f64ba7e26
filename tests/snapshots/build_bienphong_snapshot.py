# ruff: noqa: E501
"""Build the bienphong.com.vn replay snapshot: `tests/snapshots/bienphong/www.bienphong.com.vn/`
plus MANIFEST.md and expected.json.

Run from anywhere: `python tests/snapshots/build_bienphong_snapshot.py`. The output is
deterministic (same bytes on every run); files whose bytes did not change are not rewritten (their
mtime is the replay server's Last-Modified), and files the script no longer produces are deleted.

**No real page HTML of bienphong.com.vn is known** (sites.md §1, §8.2, §11.6). The markup here is
modelled on the best evidence in sites.md: the ≈2020 layout's classes (`bp-detail-*`,
`bp-date-time`) come from one public scraper [SCRAPER]; the URL scheme `-post<id>.html`, the image
hosts/paths and the `/rss/<category>.rss` feeds come from real URLs in public repositories; the
current layout (`cms-title` / `cms-desc` / `cms-body`), the captions, bylines, related boxes, the
RSS item shape and the category pagination (`/<category>/?page=N`) are guesses. Every title, sapo,
paragraph, caption, person, unit and number is invented for this fixture.

The data lives in `ARTICLES` / `FEED` / `LISTINGS`; `render_*` turn it into HTML or XML and
`expected()` derives the values a correct parser must extract (MANIFEST.md, expected.json).
"""

from __future__ import annotations

import html
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "bienphong"
HOST = "www.bienphong.com.vn"
SITE = f"https://{HOST}"
TZ = timezone(timedelta(hours=7))
CLOCK = "Thứ Bảy, 22/11/2025"  # the header clock: the snapshot day, in the article date format
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
CATEGORIES = {"kinh-te": "Kinh tế", "chinh-tri": "Chính trị"}
GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


# --- data model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class P:
    """A body paragraph; `html` is inline HTML."""

    html: str
    style: str = ""


@dataclass(frozen=True)
class H:
    """A `<h2>` sub-heading inside the body (kept as a paragraph)."""

    text: str


@dataclass(frozen=True)
class Fig:
    """A body image. kind: `figure` (figure/figcaption), `photocms` (VCCorp-like block with
    `.PhotoCMS_Caption`), `oldp` (old layout: `<p><img></p>` then `<p><em>caption</em></p>`)."""

    name: str
    caption: str
    kind: str = "figure"
    alt: str = ""
    lazy: bool = False  # src is a GIF placeholder, the real URL in data-src
    dslash: bool = False  # `files.bienphong.com.vn//bbpmedia/...` as seen on the real site


@dataclass(frozen=True)
class Junk:
    """Body noise the parser must drop: `related` box, `seealso` line, `ad` slot, `empty` p."""

    kind: str
    html: str = ""


Block = P | H | Fig | Junk


@dataclass(frozen=True)
class Byline:
    html: str
    text: str
    authors: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    id: int
    layout: str  # "current" (cms-*) or "old" (bp-detail-*, ≈2020)
    cat: str
    title: str
    sapo: str | None  # None: no sapo element
    dateline: bool  # "BP - " before the sapo (or before the first paragraph when no sapo)
    published: str  # "2025-11-21 08:15" local time
    dates: str  # "jsonld" (JSON-LD + metas), "graph" (JSON-LD @graph + metas), "meta", "none"
    date_text: str  # "plain", "weekday", "timefirst": the article's own date element
    body: tuple[Block, ...]
    byline: Byline
    tags: tuple[str, ...] = ()
    description: bool = True  # meta description / og:description (= sapo)
    og_suffix: bool = False  # og:title carries " - Báo Biên phòng"
    modified_after: int = 40
    cases: tuple[str, ...] = field(default=())

    @property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def path(self) -> str:
        return f"/{self.slug}-post{self.id}.html"

    @property
    def url(self) -> str:
        return SITE + self.path

    @property
    def pub(self) -> datetime:
        return datetime.strptime(self.published, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)

    @property
    def mod(self) -> datetime:
        return self.pub + timedelta(minutes=self.modified_after)


def slugify(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# --- expected values -------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def plain(fragment: str) -> str:
    """Inline HTML → normalised text: `<br>` a space, tags dropped, entities decoded, NFC."""
    text = html.unescape(_TAGS.sub("", _BR.sub(" ", fragment)))
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def split_credit(caption: str) -> tuple[str, str]:
    """`X. Ảnh: Y` → (`X.`, `Y`); `X (Ảnh: Y)` → (`X`, `Y`)."""
    match = re.match(r"^(?P<cap>.*?)\s*\(?Ảnh:\s*(?P<credit>[^()]+?)\)?\.?$", caption)
    if not match:
        return caption, ""
    return match.group("cap").strip(), match.group("credit").strip()


def img_src(a: Article, fig: Fig) -> str:
    d = a.pub
    index = [b for b in a.body if isinstance(b, Fig)].index(fig)
    stamp = f"{(a.id * 7919 + index * 104729) % 10**8:08d}{'am' if d.hour < 12 else 'pm'}"
    if a.layout == "old":
        return f"{SITE}/images/media//730/{d.year}/{d.month}/{d.day}/{stamp}_{fig.name}.jpg"
    slash = "//" if fig.dslash else "/"
    return f"https://files.bienphong.com.vn{slash}bbpmedia/media/730/{d.year}/{d.month}/{d.day}/{stamp}_{fig.name}.jpg"


def images(a: Article) -> list[dict[str, str]]:
    out = []
    for block in a.body:
        if isinstance(block, Fig):
            caption, credit = split_credit(plain(block.caption))
            if not caption and not credit:
                caption = plain(block.alt)
            out.append({"url": img_src(a, block), "caption": caption, "credit": credit})
    return out


def paragraphs(a: Article) -> list[str]:
    out = []
    for block in a.body:
        if isinstance(block, P):
            out.append(plain(block.html))
        elif isinstance(block, H):
            out.append(plain(block.text))
    out = [p for p in out if p]
    if a.dateline and a.sapo is None:
        out[0] = out[0].removeprefix("BP - ")
    return out


def date_text(a: Article) -> str:
    d = a.pub
    if a.date_text == "weekday":
        return f"{WEEKDAYS[d.weekday()]}, {d:%d/%m/%Y} - {d:%H:%M}"
    if a.date_text == "timefirst":
        return f"{d:%H:%M} | {d:%d/%m/%Y}"
    return f"{d:%d/%m/%Y %H:%M}"


# --- HTML pieces -----------------------------------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def elsewhere(k: int) -> tuple[str, str]:
    """Links to articles that are NOT in the snapshot (related boxes, sidebars): 404 there."""
    titles = [
        ("Bộ đội Biên phòng tỉnh Cao Bằng ra quân huấn luyện", 521877),
        ("Tuổi trẻ Biên phòng chung tay xây dựng nông thôn mới", 521903),
        ("Phát hiện, bắt giữ đối tượng vận chuyển trái phép chất ma túy", 522015),
        ("Trao tặng nhà “Mái ấm biên cương” cho hộ nghèo", 522140),
        ("Tuần tra song phương trên tuyến biên giới Việt Nam - Campuchia", 522236),
        ("Ngày hội Biên phòng toàn dân ở xã biên giới", 522318),
    ]
    title, ident = titles[k % len(titles)]
    return f"/{slugify(title)}-post{ident}.html", title


def render_body(a: Article) -> str:
    parts: list[str] = []
    for block in a.body:
        if isinstance(block, P):
            text = block.html
            if a.dateline and a.sapo is None and block is a.body[0]:
                text = "BP - " + text.removeprefix("BP - ")
            style = f' style="{block.style}"' if block.style else ""
            parts.append(f"<p{style}>{text}</p>")
        elif isinstance(block, H):
            parts.append(f"<h2><strong>{block.text}</strong></h2>")
        elif isinstance(block, Fig):
            parts.append(render_fig(a, block))
        elif block.kind == "related":
            items = "".join(
                f'<li><a href="{href}">{esc(title)}</a></li>'
                for href, title in (elsewhere(a.id), elsewhere(a.id + 1))
            )
            parts.append(
                '<div class="related-news"><p class="related-news__title">Tin liên quan</p>'
                f"<ul>{items}</ul></div>"
            )
        elif block.kind == "seealso":
            href, title = elsewhere(a.id + 2)
            parts.append(f'<p><strong>Xem thêm:</strong> <a href="{href}">{esc(title)}</a></p>')
        elif block.kind == "ad":
            parts.append(
                '<div class="ads" id="adsInArticle"><script>window.bpAds=window.bpAds||[];bpAds.push("in-article");</script>'
                "<p>Quảng cáo</p></div>"
            )
        elif block.kind == "empty":
            parts.append("<p>&nbsp;</p>")
        else:
            raise ValueError(block.kind)
    parts.append(a.byline.html)
    return "\n".join(parts)


def render_fig(a: Article, fig: Fig) -> str:
    src = img_src(a, fig)
    alt = esc(plain(fig.alt))
    if fig.kind == "oldp":
        return (
            f'<p style="text-align: center;"><img alt="{alt}" src="{src}" style="width: 600px;" /></p>\n'
            f'<p style="text-align: center;"><em>{fig.caption}</em></p>'
        )
    img = (
        f'<img class="lazyload" src="{GIF}" data-src="{src}" alt="{alt}">'
        if fig.lazy
        else f'<img src="{src}" alt="{alt}">'
    )
    if fig.kind == "photocms":
        return (
            '<div class="VCSortableInPreviewMode" type="Photo">'
            f"<div>{img}</div>"
            f'<div class="PhotoCMS_Caption"><p data-placeholder="[nhập chú thích]">{fig.caption}</p></div></div>'
        )
    caption = f"<p>{fig.caption}</p>" if fig.caption else ""
    return f'<figure class="image">{img}<figcaption>{caption}</figcaption></figure>'


MENU = (
    '<nav class="main-nav"><ul>'
    '<li><a href="/">Trang chủ</a></li>'
    '<li><a href="/chinh-tri/">Chính trị</a></li>'
    '<li><a href="/quoc-phong-an-ninh/">Quốc phòng - An ninh</a></li>'
    '<li><a href="/kinh-te/">Kinh tế</a></li>'
    '<li><a href="/xa-hoi/">Xã hội</a></li>'
    '<li><a href="/videos/">Video</a></li>'
    '<li><a href="/tin-anh/">Tin ảnh</a></li>'
    "</ul></nav>"
)

HEADER = (
    '<header class="header">\n'
    f'<div class="header__top"><span class="header__date">{CLOCK}</span>'
    f'<a class="logo" href="{SITE}/"><img src="{SITE}/images/logo-bbp.png" alt="Báo Biên phòng"></a></div>\n'
    f"{MENU}\n</header>"
)

FOOTER = (
    '<footer class="footer"><div class="container">\n'
    "<p>Báo Biên phòng - Cơ quan của Đảng ủy, Bộ Tư lệnh Bộ đội Biên phòng</p>\n"
    "<p>© Báo Biên phòng. Ghi rõ nguồn “Báo Biên phòng” khi phát hành lại thông tin từ website này.</p>\n"
    '<p><a href="/rss/">RSS</a> | <a href="/lien-he/">Liên hệ</a></p>\n'
    "</div></footer>"
)

COMMENTS = (
    '<div class="box-comment"><h3>Ý kiến bạn đọc</h3>'
    '<form action="/binh-luan/" method="post"><textarea name="content" placeholder="Ý kiến của bạn..."></textarea>'
    '<input name="name" placeholder="Họ và tên"><input name="email" placeholder="Email">'
    "<button>Gửi bình luận</button></form>"
    '<p class="comment-count">0 bình luận</p></div>'
)


def sidebar(seed: int) -> str:
    items = []
    for k in range(3):
        href, title = elsewhere(seed + k)
        items.append(
            f'<article class="story story--small"><h3 class="story__heading"><a href="{href}">{esc(title)}</a></h3>'
            f'<time class="story__time">22/11/2025 0{7 + k}:{(seed * 7 + k * 11) % 60:02d}</time></article>'
        )
    return '<aside class="sidebar"><div class="box-most-read"><h3>Đọc nhiều</h3>' + "".join(items) + "</div></aside>"


def head(a: Article) -> list[str]:
    sapo = plain(a.sapo) if a.sapo else ""
    lead = images(a)[0]["url"] if images(a) else None
    tags = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(a.title)} - Báo Biên phòng</title>",
    ]
    if a.description and sapo:
        tags.append(f'<meta name="description" content="{esc(sapo)}">')
    if a.layout == "current" or a.og_suffix:
        suffix = " - Báo Biên phòng" if a.og_suffix else ""
        tags.append(f'<meta property="og:title" content="{esc(a.title)}{suffix}">')
        if a.description and sapo:
            tags.append(f'<meta property="og:description" content="{esc(sapo)}">')
        if lead:
            tags.append(f'<meta property="og:image" content="{esc(lead)}">')
        tags.append(f'<meta property="og:url" content="{a.url}">')
        tags.append('<meta property="og:type" content="article">')
    if a.dates in ("jsonld", "graph", "meta"):
        tags.append(f'<meta property="article:published_time" content="{a.pub.isoformat()}">')
    if a.dates in ("jsonld", "graph"):
        tags.append(f'<meta property="article:modified_time" content="{a.mod.isoformat()}">')
    if a.layout == "current":
        tags.append(f'<link rel="canonical" href="{a.url}">')
    if a.dates in ("jsonld", "graph"):
        author: dict[str, str] = (
            {"@type": "Organization", "name": a.byline.authors[0]}
            if a.byline.authors == ("TTXVN",)
            else {"@type": "Person", "name": ", ".join(a.byline.authors)}
        )
        ld: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "description": sapo,
            "datePublished": a.pub.isoformat(),
            "dateModified": a.mod.isoformat(),
            "author": author,
            "publisher": {
                "@type": "Organization",
                "name": "Báo Biên phòng",
                "logo": {"@type": "ImageObject", "url": f"{SITE}/images/logo-bbp.png"},
            },
            "mainEntityOfPage": {"@type": "WebPage", "@id": a.url},
        }
        if lead:
            ld["image"] = [lead]
        if a.dates == "graph":
            crumbs = {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": CATEGORIES[a.cat], "item": f"{SITE}/{a.cat}/"}
                ],
            }
            ld = {"@context": "https://schema.org", "@graph": [crumbs, {k: v for k, v in ld.items() if k != "@context"}]}
        tags.append('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False) + "</script>")
    return tags


def render_current(a: Article) -> str:
    when = date_text(a)
    dt_attr = f' datetime="{a.pub.isoformat()}"' if a.dates != "none" else ""
    sapo = f'<div class="article__sapo cms-desc">{"BP - " if a.dateline else ""}{a.sapo}</div>\n' if a.sapo else ""
    if a.dates == "graph" and a.sapo:  # this CMS sometimes wraps the lead in a <p>
        sapo = f'<div class="article__sapo cms-desc"><p>{a.sapo}</p></div>\n'
    tags = "".join(f'<a href="{SITE}/tag/{slugify(t)}.html">{esc(t)}</a>' for t in a.tags)
    related = "".join(
        f'<li><a href="{href}">{esc(title)}</a> <span class="time">{(a.pub - timedelta(days=k + 1)):%d/%m/%Y}</span></li>'
        for k, (href, title) in enumerate(elsewhere(a.id + k) for k in range(3))
    )
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n'
        + "\n".join(head(a))
        + "\n</head>\n<body>\n"
        + HEADER
        + '\n<main class="container">\n'
        + f'<div class="breadcrumb"><a href="{SITE}/{a.cat}/">{CATEGORIES[a.cat]}</a></div>\n'
        + '<article class="article">\n'
        + f'<h1 class="article__title cms-title">{esc(a.title)}</h1>\n'
        + f'<div class="article__meta"><time class="time"{dt_attr}>{when}</time> <span class="views">Lượt xem: {a.id % 9000 + 1000}</span></div>\n'
        + '<div class="box-share"><span>Chia sẻ</span> <a href="#">Facebook</a> <a href="#">Zalo</a></div>\n'
        + sapo
        + '<div class="article__body cms-body">\n'
        + render_body(a)
        + "\n</div>\n"
        + (f'<div class="article__tag"><span>Từ khóa:</span> {tags}</div>\n' if tags else "")
        + f'<div class="article__related"><h3>Tin liên quan</h3><ul>{related}</ul></div>\n'
        + COMMENTS
        + "\n</article>\n"
        + sidebar(a.id)
        + "\n</main>\n"
        + FOOTER
        + "\n</body>\n</html>\n"
    )


def render_old(a: Article) -> str:
    sapo = f'<p class="bp-detail-sapo">{"BP - " if a.dateline else ""}{a.sapo}</p>\n' if a.sapo else ""
    tags = "".join(f'<a href="{SITE}/tag/{slugify(t)}.html">{esc(t)}</a>' for t in a.tags)
    related = "".join(
        f'<li><a href="{href}">{esc(title)}</a> <span>({(a.pub - timedelta(days=k + 2)):%d/%m/%Y})</span></li>'
        for k, (href, title) in enumerate(elsewhere(a.id + k) for k in range(3))
    )
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n'
        + "\n".join(head(a))
        + '\n<meta name="keywords" content="Báo Biên phòng, Bộ đội Biên phòng">'
        + "\n</head>\n<body>\n"
        + f'<div class="bp-header"><div class="bp-header-date">{CLOCK}</div>'
        + f'<a href="{SITE}/"><img src="{SITE}/images/logo-bbp.png" alt="Báo Biên phòng"></a></div>\n'
        + MENU
        + '\n<div class="bp-main">\n'
        + f'<div class="bp-breadcrumb"><a href="/{a.cat}/">{CATEGORIES[a.cat]}</a></div>\n'
        + '<div class="bp-detail">\n'
        + f'<h1 class="bp-detail-content-title-h1">{esc(a.title)}</h1>\n'
        + f'<div class="bp-detail-info"><span class="bp-date-time">{date_text(a)}</span> <span class="bp-view">Lượt xem: {a.id % 7000 + 500}</span></div>\n'
        + sapo
        + '<div class="bp-detail-text-content">\n'
        + render_body(a)
        + "\n</div>\n"
        + (f'<div class="bp-detail-tags"><span>Từ khóa:</span> {tags}</div>\n' if tags else "")
        + f'<div class="bp-detail-relate"><h3>Các tin khác</h3><ul>{related}</ul></div>\n'
        + "</div>\n"
        + sidebar(a.id + 3)
        + "\n</div>\n"
        + FOOTER
        + "\n</body>\n</html>\n"
    )


def render_article(a: Article) -> str:
    return render_current(a) if a.layout == "current" else render_old(a)


# --- listings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    """An RSS item: an article of the snapshot, or a video/gallery/other link the parser skips."""

    article: int | None = None
    path: str = ""  # for non-article items
    title: str = ""
    published: str = ""
    alias: bool = False  # link on the bare domain with utm parameters
    gmt: bool = False  # pubDate written in GMT


FEED_PATH = "/rss/kinh-te.rss"


@dataclass(frozen=True)
class ListingPage:
    cat: str
    page: int
    pages: int
    featured: int
    ids: tuple[int, ...]

    @property
    def path(self) -> str:
        return f"/{self.cat}/" if self.page == 1 else f"/{self.cat}/?page={self.page}"

    @property
    def file(self) -> str:
        return f"{self.cat}/index.html" if self.page == 1 else f"{self.cat}/index@page={self.page}.html"

    @property
    def all_ids(self) -> tuple[int, ...]:
        return (self.featured, *self.ids) if self.featured else self.ids

    @property
    def next_path(self) -> str | None:
        return f"/{self.cat}/?page={self.page + 1}" if self.page < self.pages else None


def render_feed(items: list[FeedItem], by_id: dict[int, Article]) -> str:
    out = []
    for it in items:
        if it.article is not None:
            a = by_id[it.article]
            link = a.url
            if it.alias:
                link = f"https://bienphong.com.vn{a.path}?utm_source=rss&amp;utm_medium=feed"
            title, when = a.title, a.pub
            thumb = images(a)[0]["url"] if images(a) else ""
            summary = plain(a.sapo) if a.sapo else paragraphs(a)[0]
        else:
            link, title = SITE + it.path, it.title
            when = datetime.strptime(it.published, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
            thumb, summary = "", title
        date = format_datetime(when.astimezone(UTC), usegmt=True) if it.gmt else format_datetime(when)
        img = f'<a href="{link}"><img src="{thumb}" /></a>' if thumb else ""
        out.append(
            "<item>\n"
            f"<title><![CDATA[{title}]]></title>\n"
            f"<link>{link}</link>\n"
            f'<guid isPermaLink="true">{link}</guid>\n'
            f"<description><![CDATA[{img}{summary}]]></description>\n"
            f"<pubDate>{date}</pubDate>\n"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        "<title>Kinh tế - Báo Biên phòng</title>\n"
        f"<link>{SITE}/kinh-te/</link>\n"
        "<description>Tin tức Kinh tế mới nhất trên Báo Biên phòng</description>\n"
        "<language>vi-VN</language>\n"
        f'<atom:link href="{SITE}{FEED_PATH}" rel="self" type="application/rss+xml"/>\n'
        + "\n".join(out)
        + "\n</channel>\n</rss>\n"
    )


def story(a: Article, href: str, *, featured: bool) -> str:
    imgs = images(a)
    thumb = (
        f'<figure class="story__thumb"><a href="{href}"><img src="{esc(imgs[0]["url"])}" alt="{esc(a.title)}"></a></figure>'
        if imgs
        else ""
    )
    summary = plain(a.sapo) if a.sapo else paragraphs(a)[0]
    kind = "story story--featured" if featured else "story"
    return (
        f'<article class="{kind}">{thumb}'
        f'<h2 class="story__heading"><a class="cms-link" href="{href}">{esc(a.title)}</a></h2>'
        f'<time class="story__time">{a.pub:%d/%m/%Y %H:%M}</time>'
        f'<div class="story__summary">{esc(summary)}</div></article>'
    )


def render_listing(lp: ListingPage, by_id: dict[int, Article]) -> str:
    def href(n: int, a: Article) -> str:
        return a.url if n % 2 == 0 else a.path  # absolute and root-relative links

    featured = (
        f'<div class="category-featured">{story(by_id[lp.featured], href(0, by_id[lp.featured]), featured=True)}</div>\n'
        if lp.featured
        else ""
    )
    timeline = "\n".join(story(by_id[i], href(n + 1, by_id[i]), featured=False) for n, i in enumerate(lp.ids))
    pager = []
    if lp.page > 1:
        prev = f"/{lp.cat}/" if lp.page == 2 else f"/{lp.cat}/?page={lp.page - 1}"
        pager.append(f'<a class="prev" rel="prev" href="{prev}">‹</a>')
    for k in range(1, lp.pages + 1):
        active = ' class="active"' if k == lp.page else ""
        target = f"/{lp.cat}/" if k == 1 else f"/{lp.cat}/?page={k}"
        pager.append(f'<a{active} href="{target}">{k}</a>')
    if lp.next_path:
        pager.append(f'<a class="next" rel="next" href="{lp.next_path}">›</a>')
    name = CATEGORIES[lp.cat]
    title = name if lp.page == 1 else f"{name} - Trang {lp.page}"
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} - Báo Biên phòng</title>\n"
        f'<link rel="canonical" href="{SITE}{lp.path}">\n'
        f'<link rel="alternate" type="application/rss+xml" href="{SITE}/rss/{lp.cat}.rss">\n'
        "</head>\n<body>\n"
        + HEADER
        + '\n<main class="container">\n'
        + f'<h1 class="category__title">{name}</h1>\n'
        + featured
        + f'<div class="category-timeline">\n{timeline}\n</div>\n'
        + f'<div class="pagination">{"".join(pager)}</div>\n'
        + sidebar(lp.page * 5)
        + "\n</main>\n"
        + FOOTER
        + "\n</body>\n</html>\n"
    )


ROBOTS = """User-agent: *
Allow: /
Disallow: /tim-kiem/
Disallow: /binh-luan/
Disallow: /admin/

Sitemap: https://www.bienphong.com.vn/sitemap.xml
"""


# --- bylines ---------------------------------------------------------------------------------


def by_right(inner: str, *authors: str, tag: str = "strong") -> Byline:
    text = plain(inner)
    return Byline(f'<p style="text-align: right;"><{tag}>{inner}</{tag}></p>', text, authors)


# --- the articles ----------------------------------------------------------------------------
# Every text below is invented for this fixture (people, units, numbers and events included).

ARTICLES: list[Article] = [
    Article(
        id=523431,
        layout="current",
        cat="kinh-te",
        title="Đồn Biên phòng Mường Cang giúp đồng bào phát triển cây ăn quả",
        sapo="Những năm gần đây, Đồn Biên phòng Mường Cang, Bộ đội Biên phòng tỉnh Lai Châu phối hợp với chính quyền địa phương vận động, hướng dẫn đồng bào các dân tộc chuyển đổi cơ cấu cây trồng, phát triển cây ăn quả trên đất dốc, góp phần nâng cao thu nhập, ổn định cuộc sống nơi biên giới.",
        dateline=False,
        published="2025-11-21 08:15",
        dates="jsonld",
        date_text="plain",
        body=(
            P("Xã biên giới Mường Cang có hơn 600 hộ dân, phần lớn là đồng bào dân tộc Thái và Mông. Trước đây, bà con chủ yếu trồng ngô, lúa nương trên đất dốc nên năng suất thấp, nhiều diện tích bị rửa trôi sau mỗi mùa mưa."),
            P("Xác định phát triển kinh tế là nền tảng để xây dựng “thế trận lòng dân” vững chắc, Đảng ủy, Ban Chỉ huy Đồn Biên phòng Mường Cang đã phân công cán bộ bám bản, phối hợp với cán bộ khuyến nông của huyện mở các lớp tập huấn kỹ thuật trồng và chăm sóc cây cam, cây&nbsp;bưởi cho người dân."),
            Fig("huong-dan-cham-soc-cam", "Cán bộ Đồn Biên phòng Mường Cang hướng dẫn người dân kỹ thuật tỉa cành cho cây cam."),
            H("Thu nhập ổn định từ vườn cam"),
            P("Gia đình anh Lò Văn Piêng ở bản Nà Hừ là một trong những hộ đầu tiên mạnh dạn chuyển 1,5ha đất trồng ngô sang trồng cam. Sau 4 năm chăm sóc, vụ thu hoạch vừa qua, gia đình anh thu được hơn 20 tấn quả, trừ chi phí còn lãi khoảng 250 triệu đồng."),
            P("“Được bộ đội biên phòng hướng dẫn cách bón phân, phòng trừ sâu bệnh, cây cam phát triển tốt, cho nhiều quả. Năm nay, gia đình tôi dự định mở rộng thêm nửa héc-ta nữa”, anh Piêng phấn khởi cho biết."),
            Fig("vuon-cam-na-hu", "Vườn cam của gia đình anh Lò Văn Piêng cho thu hoạch ổn định."),
            P("Đến nay, toàn xã đã có hơn 120ha cây ăn quả, trong đó nhiều diện tích đã cho thu hoạch. Thời gian tới, Đồn Biên phòng Mường Cang tiếp tục phối hợp với các ngành chức năng hỗ trợ bà con liên kết tiêu thụ sản phẩm, hướng tới xây dựng thương hiệu cam Mường Cang."),
        ),
        byline=by_right("Bài, ảnh: Thu Hằng", "Thu Hằng"),
        tags=("Đồn Biên phòng Mường Cang", "phát triển kinh tế", "Lai Châu"),
        cases=("figure + figcaption > p", "`<h2>` sub-heading kept", "`&nbsp;` between words", "byline `Bài, ảnh: X` right-aligned"),
    ),
    Article(
        id=523409,
        layout="current",
        cat="kinh-te",
        title="Phát huy vai trò của Bộ đội Biên phòng trong phát triển kinh tế cửa khẩu",
        sapo="Hoạt động xuất nhập khẩu qua các cửa khẩu biên giới đất liền những tháng cuối năm diễn ra sôi động. Phóng viên Báo Biên phòng đã có cuộc trao đổi với Đại tá Lê Văn Hòa, Phó Chỉ huy trưởng Bộ đội Biên phòng tỉnh Lạng Sơn về công tác bảo đảm an ninh, trật tự, tạo thuận lợi cho hoạt động thông quan.",
        dateline=False,
        published="2025-11-20 14:30",
        dates="jsonld",
        date_text="weekday",
        body=(
            Fig("dai-ta-le-van-hoa", "Đại tá Lê Văn Hòa, Phó Chỉ huy trưởng Bộ đội Biên phòng tỉnh Lạng Sơn. Ảnh: Tư liệu"),
            P("<strong>PV: Thưa đồng chí, xin đồng chí cho biết kết quả công tác quản lý, kiểm soát xuất nhập cảnh tại các cửa khẩu trên địa bàn thời gian qua?</strong>"),
            P("<strong>Đại tá Lê Văn Hòa:</strong> Từ đầu năm đến nay, các đồn biên phòng cửa khẩu đã làm thủ tục cho hơn 1,2 triệu lượt người và gần 400.000 lượt phương tiện xuất nhập cảnh, tăng khoảng 15% so với cùng kỳ năm trước. Lực lượng Biên phòng đã chủ động phối hợp với hải quan, kiểm dịch và các lực lượng chức năng tại cửa khẩu rút ngắn thời gian làm thủ tục, không để xảy ra ùn tắc."),
            P("<strong>PV: Để tạo thuận lợi cho doanh nghiệp, đơn vị đã triển khai những giải pháp gì, thưa đồng chí?</strong>"),
            P("<strong>Đại tá Lê Văn Hòa:</strong> Chúng tôi đẩy mạnh ứng dụng công nghệ thông tin, triển khai thủ tục biên phòng điện tử tại tất cả các cửa khẩu; đồng thời duy trì chế độ làm việc cả ngày nghỉ, ngày lễ khi lượng hàng hóa tăng cao. Cán bộ, chiến sĩ luôn niềm nở, tận tình hướng dẫn người dân, doanh nghiệp, tuyệt đối không gây phiền hà, sách nhiễu."),
            P("Bên cạnh đó, đơn vị chủ động nắm tình hình, kịp thời phát hiện, đấu tranh với các hành vi lợi dụng hoạt động xuất nhập khẩu để buôn lậu, gian lận thương mại, góp phần giữ vững an ninh, trật tự khu vực cửa khẩu."),
            P("<strong>PV: Xin cảm ơn đồng chí!</strong>"),
        ),
        byline=Byline('<p style="text-align: right;"><strong>Quang Sơn</strong> (thực hiện)</p>', "Quang Sơn (thực hiện)", ("Quang Sơn",)),
        tags=("kinh tế cửa khẩu", "Lạng Sơn"),
        cases=("interview: bold question paragraphs kept", "byline `X (thực hiện)` in mixed case", "caption credit `Ảnh: Tư liệu`", "image before the first paragraph"),
    ),
    Article(
        id=523377,
        layout="current",
        cat="kinh-te",
        title="Nghề nuôi cá lồng giúp ngư dân vùng biên vươn lên",
        sapo="Với sự hỗ trợ của Đồn Biên phòng Cái Chiên, nhiều hộ ngư dân trên địa bàn đã mạnh dạn đầu tư nuôi cá lồng trên biển, mở ra hướng làm ăn mới, bền vững hơn so với khai thác ven bờ.",
        dateline=True,
        published="2025-11-20 10:05",
        dates="meta",
        date_text="plain",
        body=(
            P("Những ngày này, trên vùng biển Cái Chiên, các bè cá của ngư dân nối nhau dập dềnh theo con nước. Ông Vi Văn Sìn, một trong những hộ nuôi cá lồng đầu tiên ở xã đảo, cho biết gia đình ông hiện có 12 ô lồng nuôi cá giò và cá song, mỗi năm thu lãi hơn 300 triệu đồng."),
            Fig("ngu-dan-cham-soc-ca", "", alt="Ngư dân xã đảo Cái Chiên chăm sóc cá lồng.", dslash=True),
            P("Để giúp bà con yên tâm sản xuất, Đồn Biên phòng Cái Chiên đã thành lập các tổ tự quản an ninh, trật tự trên biển, phối hợp tuần tra, kiểm soát khu vực nuôi trồng thủy sản; đồng thời tuyên truyền người dân chấp hành quy định về bảo vệ môi trường, không sử dụng chất cấm trong nuôi trồng."),
            Fig("tuan-tra-khu-nuoi", "Tổ công tác Đồn Biên phòng Cái Chiên tuần tra khu vực nuôi trồng thủy sản. Ảnh: Thanh Tùng"),
            P("Theo thống kê của địa phương, hiện toàn xã có gần 70 hộ nuôi cá lồng với hơn 800 ô lồng. Nghề mới không chỉ giúp ngư dân tăng thu nhập mà còn góp phần giảm áp lực khai thác nguồn lợi thủy sản ven bờ."),
        ),
        byline=by_right("Thanh Tùng", "Thanh Tùng"),
        tags=("nuôi cá lồng", "Quảng Ninh"),
        cases=("no JSON-LD (meta only)", "dateline `BP - ` in the sapo", "empty figcaption: alt text is the caption", "image URL `files.bienphong.com.vn//bbpmedia/…`", "bare Title-Case byline, right-aligned", "RSS link on the bare domain with utm parameters, pubDate in GMT"),
    ),
    Article(
        id=523440,
        layout="current",
        cat="chinh-tri",
        title="Việt Nam và Lào tăng cường hợp tác quản lý, bảo vệ biên giới",
        sapo="Ngày 21/11, tại tỉnh Điện Biên, đoàn công tác Bộ đội Biên phòng Việt Nam và đoàn công tác Bộ Quốc phòng Lào đã tổ chức hội đàm, thống nhất nhiều nội dung hợp tác quản lý, bảo vệ biên giới trong thời gian tới.",
        dateline=False,
        published="2025-11-21 16:20",
        dates="graph",
        date_text="plain",
        body=(
            P("Tại buổi hội đàm, hai bên đánh giá cao kết quả phối hợp giữa lực lượng bảo vệ biên giới hai nước thời gian qua. Các đơn vị đã duy trì tốt cơ chế tuần tra song phương, trao đổi thông tin, phối hợp đấu tranh phòng, chống tội phạm ma túy, mua bán người và xuất nhập cảnh trái phép qua biên giới."),
            Fig("hoi-dam-viet-lao", "Quang cảnh buổi hội đàm. (Ảnh: TTXVN)", kind="photocms", alt="Quang cảnh buổi hội đàm", lazy=True),
            P("Hai bên thống nhất tiếp tục đẩy mạnh công tác tuyên truyền, vận động nhân dân khu vực biên giới chấp hành nghiêm các hiệp định, quy chế về quản lý biên giới; tăng cường kết nghĩa cụm dân cư hai bên biên giới, xây dựng đường biên giới hòa bình, hữu nghị, hợp tác và phát triển."),
            P("Dịp này, đoàn công tác Bộ Quốc phòng Lào đã đến thăm, tặng quà cán bộ, chiến sĩ một số đồn biên phòng trên tuyến biên giới Việt Nam - Lào thuộc tỉnh Điện Biên."),
        ),
        byline=by_right("Theo TTXVN", "TTXVN", tag="em"),
        tags=("hợp tác biên giới", "Việt Nam - Lào"),
        cases=("JSON-LD in `@graph`", "sapo `.cms-desc > p`", "`.PhotoCMS_Caption` photo block", "lazy image (`data-src`)", "caption credit `(Ảnh: TTXVN)`", "byline `Theo TTXVN` (italic)"),
    ),
    Article(
        id=523395,
        layout="current",
        cat="chinh-tri",
        title="Nâng cao chất lượng sinh hoạt chi bộ ở các đồn biên phòng vùng cao",
        sapo="Thời gian qua, Đảng ủy Bộ đội Biên phòng tỉnh Hà Giang chú trọng đổi mới nội dung, hình thức sinh hoạt chi bộ ở các đồn biên phòng, góp phần xây dựng tổ chức đảng trong sạch, vững mạnh, đáp ứng yêu cầu nhiệm vụ bảo vệ biên giới.",
        dateline=False,
        published="2025-11-19 15:40",
        dates="none",
        date_text="weekday",
        body=(
            P("Theo Đại tá Nguyễn Minh Tiến, Chính ủy Bộ đội Biên phòng tỉnh, sinh hoạt chi bộ là hình thức quan trọng để giáo dục, rèn luyện đảng viên. Vì vậy, ngay từ đầu năm, Đảng ủy đã chỉ đạo các chi bộ xây dựng kế hoạch sinh hoạt chuyên đề sát với nhiệm vụ của từng đồn."),
            Junk("ad"),
            P("Tại nhiều chi bộ, trước mỗi kỳ sinh hoạt, cấp ủy đều chuẩn bị kỹ nội dung, lựa chọn những vấn đề nổi lên trong quản lý, bảo vệ biên giới để đảng viên thảo luận.\u200b Nhờ đó, các buổi sinh hoạt không còn đơn điệu, đảng viên mạnh dạn phát biểu, đóng góp ý kiến."),
            Junk("related"),
            P("Năm 2025, 100% chi bộ đồn biên phòng được đánh giá hoàn thành tốt nhiệm vụ trở lên, nhiều chi bộ được cấp trên khen thưởng. Cùng với đó, các chi bộ đã đề xuất nhiều giải pháp hay trong phối hợp với cấp ủy địa phương giữ vững an ninh chính trị, trật tự an toàn xã hội khu vực biên giới."),
            Junk("seealso"),
        ),
        byline=Byline("<p><strong>Hồng Nhung - Văn Tú</strong></p>", "Hồng Nhung - Văn Tú", ("Hồng Nhung", "Văn Tú")),
        tags=("sinh hoạt chi bộ", "Hà Giang"),
        cases=("no JSON-LD, no meta date: date element only", "inline related box and `Xem thêm:` line in the body", "ad slot in the body", "zero-width space", "no images", "two Title-Case authors, bold"),
    ),
    Article(
        id=434512,
        layout="old",
        cat="chinh-tri",
        title="Bộ đội Biên phòng tỉnh Hà Giang tăng cường kiểm soát đường mòn, lối mở",
        sapo="Trước diễn biến phức tạp của dịch bệnh Covid-19, Bộ đội Biên phòng tỉnh Hà Giang đã triển khai nhiều biện pháp tăng cường kiểm soát các đường mòn, lối mở trên tuyến biên giới, ngăn chặn người xuất nhập cảnh trái phép.",
        dateline=True,
        published="2020-04-20 08:15",
        dates="none",
        date_text="weekday",
        body=(
            P("Theo đó, các đồn biên phòng đã phối hợp với lực lượng công an, quân sự và chính quyền địa phương thành lập hơn 90 tổ, chốt kiểm soát, duy trì 24/24 giờ tại các khu vực trọng điểm. Cán bộ, chiến sĩ thay nhau bám chốt, tuần tra dọc đường biên, mốc quốc giới trong điều kiện thời tiết mưa rét."),
            Fig("chot-kiem-soat", "Cán bộ, chiến sĩ Đồn Biên phòng Phó Bảng làm nhiệm vụ tại chốt kiểm soát.", kind="oldp"),
            Junk("empty"),
            P("Cùng với đó, đơn vị đẩy mạnh tuyên truyền để người dân hiểu rõ nguy cơ lây lan dịch bệnh,<br>không tiếp tay, chứa chấp người xuất nhập cảnh trái phép; kịp thời thông báo cho lực lượng chức năng khi phát hiện người từ bên kia biên giới trở về."),
            P("Từ đầu tháng 3 đến nay, lực lượng Biên phòng tỉnh đã phát hiện, hướng dẫn gần 300 công dân trở về qua đường mòn, lối mở đến khu cách ly tập trung theo quy định."),
        ),
        byline=by_right("Bài, ảnh: Ngọc Ánh", "Ngọc Ánh"),
        cases=("old layout (`bp-detail-*`)", "no JSON-LD, no meta: `span.bp-date-time` only", "dateline `BP - ` in `p.bp-detail-sapo`", "image `<p><img></p>` + italic caption paragraph", "`<p>&nbsp;</p>` and `<br>` inside a paragraph", "no og:title: title from the h1"),
    ),
    Article(
        id=433987,
        layout="old",
        cat="chinh-tri",
        title="Chi bộ Đồn Biên phòng Sà Phìn kết nạp đảng viên mới",
        sapo=None,
        dateline=True,
        published="2020-04-09 07:45",
        dates="meta",
        date_text="timefirst",
        description=False,
        og_suffix=True,
        body=(
            P("Ngày 8/4, Chi bộ Đồn Biên phòng Sà Phìn, Bộ đội Biên phòng tỉnh Hà Giang tổ chức lễ kết nạp đảng viên mới cho quần chúng ưu tú Vàng Mí Lử, chiến sĩ Đội Vận động quần chúng của đơn vị."),
            Fig("le-ket-nap", "Đảng viên mới Vàng Mí Lử tuyên thệ tại buổi lễ. Ảnh: Hoàng Thu", kind="oldp"),
            P("Sinh ra và lớn lên ở vùng cao, Vàng Mí Lử luôn nỗ lực rèn luyện, hoàn thành tốt nhiệm vụ được giao. Trong thời gian công tác tại đơn vị, đồng chí tích cực tham gia giúp dân làm nhà, thu hoạch mùa màng, vận động bà con xóa bỏ hủ tục lạc hậu."),
            P("Phát biểu tại buổi lễ, đồng chí Bí thư Chi bộ đề nghị đảng viên mới tiếp tục phấn đấu, rèn luyện, phát huy vai trò tiền phong, gương mẫu, hoàn thành tốt nhiệm vụ được giao."),
        ),
        byline=Byline('<p align="right"><strong>Hoàng Thu</strong></p>', "Hoàng Thu", ("Hoàng Thu",)),
        cases=("old layout (`bp-detail-*`)", "no sapo element, no description: dateline `BP - ` on the first paragraph", "`article:published_time` only", "date element `HH:MM | dd/mm/yyyy`", "og:title with ` - Báo Biên phòng` suffix", "caption credit `Ảnh: X` in the italic caption", "byline `<p align=right>`"),
    ),
    Article(
        id=431206,
        layout="old",
        cat="chinh-tri",
        title="Bộ đội Biên phòng tỉnh Quảng Ninh học tập, quán triệt nghị quyết năm 2020",
        sapo="Ngày 11/3, Đảng ủy Bộ đội Biên phòng tỉnh Quảng Ninh tổ chức hội nghị học tập, quán triệt nghị quyết lãnh đạo thực hiện nhiệm vụ năm 2020 cho cán bộ chủ trì các cơ quan, đơn vị.",
        dateline=True,
        published="2020-03-12 09:30",
        dates="none",
        date_text="timefirst",
        body=(
            P("<em>Hội nghị được tổ chức theo hình thức trực tuyến để bảo đảm yêu cầu phòng, chống dịch Covid-19.</em>"),
            P("Tại hội nghị, các đại biểu được nghe quán triệt những nội dung cơ bản của nghị quyết, trong đó xác định nhiệm vụ trọng tâm là nắm chắc tình hình, quản lý, bảo vệ vững chắc chủ quyền, an ninh biên giới, biển đảo; đấu tranh hiệu quả với các loại tội phạm, nhất là tội phạm ma túy và buôn lậu."),
            Fig("hoi-nghi-quan-triet", "Quang cảnh hội nghị tại điểm cầu Bộ Chỉ huy.", kind="oldp"),
            P("Nghị quyết cũng đề ra các chỉ tiêu cụ thể về xây dựng đơn vị vững mạnh toàn diện, nâng cao chất lượng huấn luyện, sẵn sàng chiến đấu và công tác vận động quần chúng tham gia xây dựng khu vực biên giới vững mạnh."),
            Fig("phat-bieu-chi-dao", "Chính ủy Bộ đội Biên phòng tỉnh phát biểu chỉ đạo hội nghị.", kind="oldp"),
            P("Kết thúc hội nghị, 100% đại biểu đạt yêu cầu bài thu hoạch. Các đơn vị sẽ tiếp tục tổ chức quán triệt nghị quyết đến toàn thể cán bộ, đảng viên trong tháng 3."),
        ),
        byline=by_right("Minh Đức - Trần Hiếu", "Minh Đức", "Trần Hiếu"),
        tags=("Quảng Ninh", "nghị quyết"),
        cases=("old layout (`bp-detail-*`)", "no JSON-LD, no meta: `span.bp-date-time` `HH:MM | dd/mm/yyyy`", "italic paragraph NOT after an image is body text", "two old-layout images", "tags `.bp-detail-tags`", "two Title-Case authors, right-aligned"),
    ),
]

FEED: list[FeedItem] = [
    FeedItem(article=523431),
    FeedItem(path="/videos/tuan-tra-tren-dinh-nui-phia-bac-post523425.html", title="Video: Tuần tra trên đỉnh núi phía Bắc", published="2025-11-20 19:00"),
    FeedItem(article=523409),
    FeedItem(path="/tin-anh/mua-vang-tren-ruong-bac-thang-post523388.html", title="Mùa vàng trên ruộng bậc thang", published="2025-11-20 11:00"),
    FeedItem(article=523377, alias=True, gmt=True),
]

LISTINGS: list[ListingPage] = [
    ListingPage("chinh-tri", 1, 2, 523440, (523395,)),
    ListingPage("chinh-tri", 2, 2, 0, (434512, 433987, 431206)),
]


# --- output ----------------------------------------------------------------------------------


def expected(a: Article) -> dict[str, object]:
    sources = {
        "jsonld": ["json-ld", "meta", "date element"],
        "graph": ["json-ld @graph", "meta", "date element"],
        "meta": ["meta", "date element"],
        "none": ["date element"],
    }[a.dates]
    listed = [f"{lp.path} #{lp.all_ids.index(a.id) + 1}" for lp in LISTINGS if a.id in lp.all_ids]
    listed += [f"{FEED_PATH} #{n + 1}" for n, it in enumerate(FEED) if it.article == a.id]
    return {
        "id": str(a.id),
        "url": a.url,
        "layout": a.layout,
        "category": CATEGORIES[a.cat],
        "title": plain(a.title),
        "sapo": plain(a.sapo) if a.sapo else "",
        "dateline": "BP" if a.dateline else None,
        "published_at": a.pub.isoformat(),
        "updated_at": a.mod.isoformat() if a.dates in ("jsonld", "graph") else None,
        "date_sources": sources,
        "date_element": date_text(a),
        "byline": a.byline.text,
        "authors": list(a.byline.authors),
        "images": images(a),
        "tags": list(a.tags),
        "paragraphs": paragraphs(a),
        "original_url": None,
        "listed_on": listed,
        "cases": list(a.cases),
    }


def listings_expected(by_id: dict[int, Article]) -> list[dict[str, object]]:
    feed_ids = [str(it.article) for it in FEED if it.article is not None]
    rows: list[dict[str, object]] = [{"path": FEED_PATH, "ids": feed_ids, "next": None}]
    for lp in LISTINGS:
        rows.append({"path": lp.path, "ids": [str(i) for i in lp.all_ids], "next": lp.next_path})
    return rows


def manifest(rows: list[dict[str, object]], listing_rows: list[dict[str, object]]) -> str:
    lines = [
        "# bienphong.com.vn replay snapshot",
        "",
        "Generated by `tests/snapshots/build_bienphong_snapshot.py` (do not edit the files by hand;",
        "edit the script and re-run it). `expected.json` holds the expected values of every article",
        "and listing, written from the generator's data (not from the parser).",
        "",
        "**This snapshot is our own work, and mostly a best guess.** No real page HTML of",
        "bienphong.com.vn is known (`../shared/docs/sites.md` §1, §8.2, §11.6). What it rests on:",
        "",
        "| part | basis |",
        "|---|---|",
        "| article URL `/<slug>-post<id>.html` | real URL in a public repository (verified data) |",
        "| image URLs `files.bienphong.com.vn/bbpmedia/media/730/Y/M/D/<8 digits>am_<name>.jpg`, also with `//bbpmedia`, old `www…/images/media//730/…` | real URLs in public repositories (verified data) |",
        "| RSS `/rss/<category>.rss` | one public scraper config (scraper); item shape (CDATA title and description with an `<img>`, `pubDate`) from a public app that reads the feed (scraper); `/videos/` and `/tin-anh/` items appear in the feed (scraper) |",
        "| old layout ≈2020: `h1.bp-detail-content-title-h1`, `p.bp-detail-sapo`, `div.bp-detail-text-content p`, `span.bp-date-time` | one public scraper (scraper) |",
        "| current layout: `h1.cms-title`, `.cms-desc`, `.cms-body` | guess (sites.md §8.2) |",
        "| date element text, `time[datetime]`, captions (`figcaption`, `.PhotoCMS_Caption`, old italic caption paragraph), bylines, `BP - ` dateline, related boxes, tags, comment form, ads | guess |",
        "| HTML category listing `/<category>/`, `?page=N`, `article.story`, `a[rel=next]` | guess |",
        "",
        "Every title, sapo, paragraph, caption, person, unit, number and event is invented.",
        "",
        "Served by `python -m scrapers.replay tests/snapshots/bienphong` (Host: `www.bienphong.com.vn`).",
        "An article `/<slug>-postN.html` is the file `<slug>-postN.html/index.html`; the feed is the file",
        "`rss/kinh-te.rss` (served as itself); `/chinh-tri/?page=2` is `chinh-tri/index@page=2.html`.",
        "",
        "## Conventions of the expected values",
        "",
        "- Text is NFC, entities decoded, NBSP and whitespace runs folded, zero-width characters removed.",
        "- `published_at` is the article's own time: JSON-LD `datePublished`, `article:published_time`",
        "  and the date element agree wherever present; listings and the feed show the same minute.",
        f"  The header clock (`{CLOCK}`) and the `Đọc nhiều` sidebar show 22/11/2025 on every page:",
        "  a parser that takes the first date of the page gets it wrong.",
        "- `byline` is the last body paragraph as printed; `authors` its names. Captions, bylines, the",
        "  related boxes (`Tin liên quan`, `Các tin khác`), `Xem thêm:` lines, ads, tags, the comment",
        "  form, the share bar and the view counter (`Lượt xem`) are not body paragraphs.",
        "- Captions ending `Ảnh: X` or `(Ảnh: X)` split into caption + credit; an empty `figcaption`",
        "  falls back to the image's alt text.",
        "- `dateline` is `BP` when the sapo (or, without a sapo, the first paragraph) starts `BP - `.",
        "- Links to ids 5218xx–5223xx (related boxes, sidebars, `Xem thêm`) are not in the snapshot",
        "  (404), nor are tag pages, `/videos/` and `/tin-anh/` pages.",
        "",
        "## Listings",
        "",
        "| page | articles (in order) | next | notes |",
        "|---|---|---|---|",
    ]
    notes = {
        FEED_PATH: "RSS 2.0; also a `/videos/` and a `/tin-anh/` item (skipped); 523377 linked on the bare domain with `utm_*`, pubDate in GMT",
        "/chinh-tri/": "featured story + timeline; `Đọc nhiều` sidebar not read; absolute and root-relative hrefs",
        "/chinh-tri/?page=2": "last page (no `rel=next`); the three old-layout articles",
    }
    for row in listing_rows:
        ids = ", ".join(row["ids"])  # type: ignore[arg-type]
        nxt = f"`{row['next']}`" if row["next"] else "none"
        lines.append(f"| `{row['path']}` | {ids} | {nxt} | {notes[str(row['path'])]} |")
    lines += [
        "",
        "## Articles",
        "",
        "| id | layout | published_at | date sources | dateline | byline | authors | images | paras | cases |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        assert isinstance(r["images"], list) and isinstance(r["paragraphs"], list)
        cases = "; ".join(str(c).replace("|", "\\|") for c in r["cases"])  # type: ignore[attr-defined]
        lines.append(
            f"| {r['id']} | {r['layout']} | {r['published_at']} | {', '.join(r['date_sources'])} | {r['dateline'] or '—'} | `{r['byline']}` | {' / '.join(r['authors'])} | {len(r['images'])} | {len(r['paragraphs'])} | {cases} |"  # type: ignore[arg-type]
        )
    return "\n".join(lines) + "\n"


def write(path: Path, data: bytes, produced: set[Path]) -> None:
    produced.add(path)
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main() -> int:
    by_id = {a.id: a for a in ARTICLES}
    assert len(by_id) == len(ARTICLES), "duplicate id"
    listed = {i for lp in LISTINGS for i in lp.all_ids} | {it.article for it in FEED if it.article}
    assert listed == set(by_id), "every article must be listed"
    assert {a.layout for a in ARTICLES} == {"current", "old"}
    produced: set[Path] = set()
    site = ROOT / HOST
    write(site / "robots.txt", ROBOTS.encode("utf-8"), produced)
    write(site / FEED_PATH.strip("/"), render_feed(FEED, by_id).encode("utf-8"), produced)
    for lp in LISTINGS:
        write(site / lp.file, render_listing(lp, by_id).encode("utf-8"), produced)
    for a in ARTICLES:
        write(site / a.path.strip("/") / "index.html", render_article(a).encode("utf-8"), produced)
    rows = [expected(a) for a in ARTICLES]
    listing_rows = listings_expected(by_id)
    data = {"host": HOST, "articles": rows, "listings": listing_rows}
    write(
        ROOT / "expected.json",
        (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        produced,
    )
    write(ROOT / "MANIFEST.md", manifest(rows, listing_rows).encode("utf-8"), produced)
    for path in sorted(site.rglob("*"), reverse=True):
        if path.is_file() and path not in produced:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    print(f"{len(ARTICLES)} articles, {len(LISTINGS) + 1} listing pages → {ROOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

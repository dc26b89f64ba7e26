# ruff: noqa: E501
"""Build the Quân khu 2 (WordPress) replay snapshots and their oracles.

Writes `tests/snapshots/quankhu2/` (host `quankhu2.invalid`: REST API pages, the RSS feed, the
home page and `/page/N/` archives, every post page, MANIFEST.md, expected.json) and the tiny
`tests/snapshots/quankhu2-closed-api/` (host `quankhu2-closed.invalid`: no `/wp-json/` at all, so
the API answers 404 and discovery falls back to `/feed/` and `/`).

Run from anywhere: `python tests/snapshots/build_quankhu2_snapshot.py`. The output is
deterministic (same bytes on every run); files whose bytes did not change are not rewritten, and
files under the host folders that the script no longer produces are deleted.

The site's domain is unknown and no real page of it has been seen (sites.md §6, §11). The markup
is WordPress core and common theme/plugin output (REST API JSON, RSS 2.0 feed, `post_class()`,
classic and block-editor captions, the core comment form in its older Vietnamese wording, Yoast
SEO's JSON-LD and meta, Jetpack sharing, YARPP, Post Views Counter). The seed 001 text fixes the
visible pieces: the header clock, `Ngày đăng: dd/mm/yyyy`, the `QK2 – ` dateline, the
`Tin, ảnh: NAME` byline and the comment-form strings. Every title, paragraph, caption, person,
unit and number below is invented for this fixture.
"""

from __future__ import annotations

import html
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE / "quankhu2"
CLOSED_ROOT = HERE / "quankhu2-closed-api"
HOST = "quankhu2.invalid"
CLOSED_HOST = "quankhu2-closed.invalid"
TZ = timezone(timedelta(hours=7))
SITE_NAME = "Quân khu 2"
CLOCK = "Thứ bảy Ngày 20 Tháng 04 Năm 2024, 09:41:05"  # the header clock on the snapshot day
PER_PAGE = 20  # REST API page size the parser asks for
ARCHIVE_PER_PAGE = 10  # WordPress "Blog pages show at most"
FEED_ITEMS = 10  # WordPress "Syndication feeds show the most recent"
REPUBLISHED_FROM = "https://www.qdnd.vn/chinh-tri/tin-tuc/nang-cao-chat-luong-cong-tac-dan-van-o-vung-dong-bao-dan-toc-thieu-so-774215"

CATEGORIES = {
    "tin-tuc": ("Tin tức", 3),
    "quoc-phong-an-ninh": ("Quốc phòng – An ninh", 4),
    "xay-dung-dang": ("Xây dựng Đảng", 5),
    "dan-van": ("Dân vận", 6),
}


# --- data model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class P:
    """A body paragraph; `html` is inline HTML (typographic characters are texturized)."""

    html: str


@dataclass(frozen=True)
class H:
    """A sub-heading (`<h2>`/`<h3>`): kept as a body paragraph."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Li:
    """A bulleted list: each item is a body paragraph."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Img:
    """A captioned picture. kind: `div` (classic `div.wp-caption` + `p.wp-caption-text`),
    `figure` (HTML5 `figure.wp-caption` + `figcaption`), `block` (`figure.wp-block-image`),
    `lazy` (a block image behind a lazy-load placeholder), `bare` (an `<img>` alone in a `<p>`,
    no caption), `relative` (classic caption, root-relative `src`)."""

    name: str
    caption: str
    kind: str = "div"


@dataclass(frozen=True)
class Gallery:
    """A block-editor gallery: nested `figure.wp-block-image`, one caption each."""

    images: tuple[tuple[str, str], ...]


Block = P | H | Li | Img | Gallery


@dataclass(frozen=True)
class Byline:
    text: str  # the paragraph's text as the parser must return it
    authors: tuple[str, ...]
    style: str = "right"  # right (right-aligned strong), strong, paren (`<strong>NAME</strong> (tổng hợp)`)


@dataclass(frozen=True)
class Post:
    id: int
    title: str  # as displayed (texturized: curly quotes, en dashes)
    published: str  # "2024-04-19 16:20:31", site time
    cat: str
    tags: tuple[str, ...]
    body: tuple[Block, ...]
    byline: Byline | None
    dateline: str = "QK2 – "  # as written before the first paragraph ("" for none)
    dates: str = "meta"  # yoast | meta | time | ngaydang | none
    posted_on: str = "header"  # where `Ngày đăng: dd/mm/yyyy` is printed: header | body | none
    ids: str = "all"  # where the page states its id: all | bodyclass | shortlink
    sapo: str | None = None  # a lead element (`p.post-excerpt`) in the entry header
    account: str = "admin"  # the WordPress author shown in the entry meta
    comments: str = "outside"  # outside | inside (the #respond form in the content) | text (bare strings in the content)
    plugins: tuple[str, ...] = ()  # yarpp, sharedaddy, views, related_text
    source_url: str | None = None  # `Nguồn: QĐND <url>` after the byline
    sticky: bool = False
    modified_after: int = 35  # minutes
    cases: tuple[str, ...] = field(default=())

    @property
    def slug(self) -> str:
        return slugify(self.title)

    def url(self, host: str = HOST) -> str:
        return f"https://{host}/{self.slug}/"

    @property
    def pub(self) -> datetime:
        return datetime.strptime(self.published, "%Y-%m-%d %H:%M:%S").replace(tzinfo=TZ)

    @property
    def mod(self) -> datetime:
        return self.pub + timedelta(minutes=self.modified_after)


def slugify(text: str) -> str:
    """WordPress `sanitize_title` for Vietnamese: accents removed, đ → d, runs of other
    characters → one hyphen."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# --- text helpers ----------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")
_TEXTURIZE = {"“": "&#8220;", "”": "&#8221;", "‘": "&#8216;", "’": "&#8217;", "–": "&#8211;", "…": "&#8230;"}


def texturize(text: str) -> str:
    """What WordPress prints for typographic characters: numeric references."""
    for char, ref in _TEXTURIZE.items():
        text = text.replace(char, ref)
    return text


def raw_title(text: str) -> str:
    """The title as typed in the editor (what Yoast's JSON-LD and og:title print)."""
    return text.replace("“", '"').replace("”", '"').replace(" – ", " - ")


def plain(fragment: str) -> str:
    """Inline HTML → the normalised text a parser must return."""
    text = html.unescape(_TAGS.sub("", fragment))
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def split_credit(caption: str) -> tuple[str, str]:
    match = re.match(r"^(?P<cap>.*?)\s*Ảnh:\s*(?P<credit>.+?)\.?$", caption)
    if not match:
        return caption, ""
    return match.group("cap").strip(), match.group("credit").strip()


def iso(dt: datetime) -> str:
    return dt.isoformat()


def img_src(p: Post, name: str, host: str = HOST) -> str:
    return f"https://{host}/wp-content/uploads/{p.pub:%Y/%m}/{name}-800x533.jpg"


GENERIC_ACCOUNTS = {"admin"}


# --- expected values -------------------------------------------------------------------------


def images(p: Post, host: str = HOST) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for block in p.body:
        if isinstance(block, Img):
            caption, credit = split_credit(plain(block.caption)) if block.kind != "bare" else ("", "")
            out.append({"url": img_src(p, block.name, host), "caption": caption, "credit": credit})
        elif isinstance(block, Gallery):
            for name, cap in block.images:
                caption, credit = split_credit(plain(cap))
                out.append({"url": img_src(p, name, host), "caption": caption, "credit": credit})
    return out


def paragraphs(p: Post) -> list[str]:
    out: list[str] = []
    for block in p.body:
        if isinstance(block, P):
            out.append(plain(block.html))
        elif isinstance(block, H):
            out.append(plain(block.text))
        elif isinstance(block, Li):
            out.extend(plain(i) for i in block.items)
    return [x for x in out if x]


def published_at(p: Post) -> str | None:
    if p.dates in ("yoast", "meta", "time"):
        return iso(p.pub)
    if p.dates == "ngaydang":
        return iso(p.pub.replace(hour=0, minute=0, second=0))
    return None


def authors(p: Post) -> list[str]:
    if p.byline is not None:
        return list(p.byline.authors)
    return [] if p.account in GENERIC_ACCOUNTS else [p.account]


def date_sources(p: Post) -> list[str]:
    sources = {
        "yoast": ["json-ld (UTC)", "article:published_time (UTC)", "time.entry-date"],
        "meta": ["article:published_time", "time.entry-date"],
        "time": ["time.entry-date"],
        "ngaydang": [],
        "none": [],
    }[p.dates]
    if p.posted_on != "none":
        sources = [*sources, f"Ngày đăng ({p.posted_on})"]
    return sources


# --- HTML pieces -----------------------------------------------------------------------------


def caption_html(p: Post, block: Img, attachment: int, host: str) -> str:
    src = img_src(p, block.name, host)
    cap = texturize(block.caption)
    if block.kind == "div":
        return (
            f'<div id="attachment_{attachment}" style="width: 810px" class="wp-caption aligncenter">'
            f'<img aria-describedby="caption-attachment-{attachment}" decoding="async" class="size-full wp-image-{attachment}" '
            f'src="{src}" alt="" width="800" height="533" />'
            f'<p id="caption-attachment-{attachment}" class="wp-caption-text">{cap}</p></div>'
        )
    if block.kind == "relative":
        rel = src.replace(f"https://{host}", "")
        return (
            f'<div id="attachment_{attachment}" style="width: 810px" class="wp-caption aligncenter">'
            f'<a href="{rel.replace("-800x533", "")}"><img aria-describedby="caption-attachment-{attachment}" decoding="async" '
            f'class="size-large wp-image-{attachment}" src="{rel}" alt="" width="800" height="533" /></a>'
            f'<p id="caption-attachment-{attachment}" class="wp-caption-text">{cap}</p></div>'
        )
    if block.kind == "figure":
        return (
            f'<figure id="attachment_{attachment}" aria-describedby="caption-attachment-{attachment}" style="width: 800px" class="wp-caption aligncenter">'
            f'<img decoding="async" class="size-full wp-image-{attachment}" src="{src}" alt="" width="800" height="533" />'
            f'<figcaption id="caption-attachment-{attachment}" class="wp-caption-text">{cap}</figcaption></figure>'
        )
    if block.kind == "block":
        return (
            f'<figure class="wp-block-image size-large"><img decoding="async" width="800" height="533" src="{src}" alt="" class="wp-image-{attachment}"/>'
            f'<figcaption class="wp-element-caption">{cap}</figcaption></figure>'
        )
    if block.kind == "lazy":
        placeholder = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%20800%20533'%3E%3C/svg%3E"
        return (
            f'<figure class="wp-block-image size-large"><img decoding="async" width="800" height="533" src="{placeholder}" '
            f'alt="" class="wp-image-{attachment}" data-lazy-src="{src}"/><noscript><img decoding="async" width="800" height="533" '
            f'src="{src}" alt="" class="wp-image-{attachment}"/></noscript>'
            f'<figcaption class="wp-element-caption">{cap}</figcaption></figure>'
        )
    if block.kind == "bare":
        return (
            f'<p><img loading="lazy" decoding="async" class="aligncenter size-full wp-image-{attachment}" '
            f'src="{src}" alt="" width="800" height="533" /></p>'
        )
    raise ValueError(block.kind)


def gallery_html(p: Post, block: Gallery, attachment: int, host: str) -> str:
    inner = "".join(
        f'<figure class="wp-block-image size-large"><img decoding="async" width="800" height="533" src="{img_src(p, name, host)}" '
        f'alt="" class="wp-image-{attachment + k}"/><figcaption class="wp-element-caption">{texturize(cap)}</figcaption></figure>'
        for k, (name, cap) in enumerate(block.images)
    )
    return f'<figure class="wp-block-gallery has-nested-images columns-default is-cropped">{inner}</figure>'


def byline_html(b: Byline) -> str:
    if b.style == "right":
        return f'<p style="text-align: right;"><strong>{b.text}</strong></p>'
    if b.style == "strong":
        return f"<p><strong>{b.text}</strong></p>"
    if b.style == "paren":
        name, _, rest = b.text.partition(" (")
        return f"<p><strong>{name}</strong> ({rest}</p>"
    raise ValueError(b.style)


RESPOND = (
    '<div id="respond" class="comment-respond">'
    '<h3 id="reply-title" class="comment-reply-title">Trả lời <small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">Hủy</a></small></h3>'
    '<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>'
    '<p class="comment-notes"><span id="email-notes">Thư điện tử của bạn sẽ không được hiển thị công khai.</span> '
    '<span class="required-field-message">Các trường bắt buộc được đánh dấu <span class="required">*</span></span></p>'
    '<p class="comment-form-comment"><label for="comment">Bình luận <span class="required">*</span></label> '
    '<textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>'
    '<p class="comment-form-author"><label for="author">Tên <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" required /></p>'
    '<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" required /></p>'
    '<p class="comment-form-url"><label for="url">Trang web</label> <input id="url" name="url" type="url" value="" size="30" maxlength="200" /></p>'
    '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Phản hồi" /></p>'
    "</form></div>"
)
# A theme's own comment box copied into the content area, without WordPress's ids and classes.
COMMENT_TEXT = (
    '<div class="binh-luan"><h3>Trả lời</h3>'
    "<p>Thư điện tử của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *</p>"
    "<p>Bình luận</p><p>Hủy</p></div>"
)


def plugin_html(p: Post, name: str, others: list[Post], host: str) -> str:
    if name == "yarpp":
        items = "".join(
            f'<li><a href="{o.url(host)}" rel="bookmark" title="{esc(o.title)}">{texturize(o.title)}</a></li>'
            for o in others[:3]
        )
        return f"<div class='yarpp yarpp-related yarpp-related-website yarpp-template-list'><h3>Bài viết liên quan:</h3><ol>{items}</ol></div>"
    if name == "sharedaddy":
        return (
            '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing">'
            '<h3 class="sd-title">Chia sẻ:</h3><div class="sd-content"><ul>'
            f'<li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button" href="{p.url(host)}?share=facebook" target="_blank"><span>Facebook</span></a></li>'
            f'<li class="share-twitter"><a rel="nofollow noopener noreferrer" class="share-twitter sd-button" href="{p.url(host)}?share=twitter" target="_blank"><span>X</span></a></li>'
            '<li class="share-end"></li></ul></div></div></div>'
        )
    if name == "views":
        return (
            f'<div class="post-views content-post post-{p.id} entry-meta"><span class="post-views-icon dashicons dashicons-chart-bar"></span> '
            '<span class="post-views-label">Lượt xem:</span> <span class="post-views-count">1.204</span></div>'
        )
    if name == "related_text":
        items = "".join(f'<li><a href="{o.url(host)}">{texturize(o.title)}</a></li>' for o in others[:2])
        return f"<p><strong>Tin liên quan:</strong></p><ul>{items}</ul>"
    raise ValueError(name)


def body_html(p: Post, host: str, others: list[Post], *, plugins: bool) -> str:
    parts: list[str] = []
    if p.posted_on == "body":
        parts.append(f"<p>Ngày đăng: {p.pub:%d/%m/%Y}</p>")
    attachment = p.id - 1
    first = True
    for block in p.body:
        if isinstance(block, P):
            text = texturize(block.html)
            if first and p.sapo is None and p.dateline:
                text = texturize(p.dateline) + text
            parts.append(f"<p>{text}</p>")
            first = False
        elif isinstance(block, H):
            parts.append(f"<h{block.level}>{texturize(block.text)}</h{block.level}>")
        elif isinstance(block, Li):
            parts.append("<ul>" + "".join(f"<li>{texturize(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Img):
            parts.append(caption_html(p, block, attachment, host))
            attachment -= 1
        else:
            parts.append(gallery_html(p, block, attachment - 10, host))
            attachment -= 1
    if p.byline is not None:
        parts.append(byline_html(p.byline))
    if p.source_url:
        parts.append(f"<p>Nguồn: QĐND {p.source_url}</p>")
    if plugins:
        for name in p.plugins:
            parts.append(plugin_html(p, name, others, host))
        if p.comments == "inside":
            parts.append('<div id="comments" class="comments-area">' + RESPOND + "</div>")
        elif p.comments == "text":
            parts.append(COMMENT_TEXT)
    return "\n".join(parts)


MENU = (
    '<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">'
    '<li><a href="/">Trang chủ</a></li>'
    + "".join(f'<li><a href="/category/{slug}/">{esc(name)}</a></li>' for slug, (name, _) in CATEGORIES.items())
    + '<li><a href="/lien-he/">Liên hệ</a></li></ul></nav>'
)


def header(host: str) -> str:
    return (
        '<header id="masthead" class="site-header">\n'
        f'<div class="top-bar"><div class="clock" id="clock">{CLOCK}</div>'
        '<form role="search" method="get" class="search-form" action="/"><input type="search" class="search-field" name="s" placeholder="Tìm kiếm…"></form></div>\n'
        f'<div class="site-branding"><p class="site-title"><a href="https://{host}/" rel="home">{SITE_NAME}</a></p>'
        '<p class="site-description">Cổng thông tin điện tử Bộ Tư lệnh Quân khu</p></div>\n'
        f"{MENU}\n</header>"
    )


def sidebar(host: str, recent: list[Post]) -> str:
    items = "".join(
        f'<li><a href="{o.url(host)}">{texturize(o.title)}</a> '
        f'<time class="entry-date" datetime="{iso(o.pub)}">{o.pub:%d/%m/%Y}</time></li>'
        for o in recent
    )
    return (
        '<aside id="secondary" class="widget-area">'
        f'<section class="widget widget_recent_entries"><h2 class="widget-title">Bài viết mới</h2><ul>{items}</ul></section>'
        '<section class="widget widget_text"><h2 class="widget-title">Liên kết</h2><ul>'
        '<li><a href="https://www.qdnd.vn/">Báo Quân đội nhân dân</a></li>'
        '<li><a href="https://www.mod.gov.vn/">Cổng TTĐT Bộ Quốc phòng</a></li></ul></section>'
        "</aside>"
    )


FOOTER = (
    '<footer id="colophon" class="site-footer"><div class="site-info">'
    "<p>Cổng thông tin điện tử Quân khu 2. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>"
    '<p>Vận hành bởi <a href="https://wordpress.org/">WordPress</a></p>'
    "</div></footer>"
)


def yoast_graph(p: Post, host: str) -> str:
    url = p.url(host)
    lead = images(p, host)
    article: dict[str, object] = {
        "@type": "Article",
        "@id": f"{url}#article",
        "isPartOf": {"@id": url},
        "author": {"name": p.account, "@id": f"https://{host}/#/schema/person/{slugify(p.account)}"},
        "headline": raw_title(p.title),
        "datePublished": p.pub.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "dateModified": p.mod.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "mainEntityOfPage": {"@id": url},
        "publisher": {"@id": f"https://{host}/#organization"},
        "articleSection": [CATEGORIES[p.cat][0]],
        "inLanguage": "vi",
    }
    if lead:
        article["image"] = {"@id": f"{url}#primaryimage"}
        article["thumbnailUrl"] = lead[0]["url"]
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            article,
            {"@type": "WebPage", "@id": url, "url": url, "name": f"{raw_title(p.title)} - {SITE_NAME}",
             "datePublished": p.pub.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00"), "inLanguage": "vi"},
            {"@type": "Organization", "@id": f"https://{host}/#organization", "name": SITE_NAME, "url": f"https://{host}/"},
            {"@type": "Person", "@id": f"https://{host}/#/schema/person/{slugify(p.account)}", "name": p.account},
        ],
    }
    return '<script type="application/ld+json" class="yoast-schema-graph">' + json.dumps(graph, ensure_ascii=False) + "</script>"


def render_article(p: Post, posts: list[Post], host: str = HOST) -> str:
    url = p.url(host)
    index = posts.index(p)
    others = [o for o in posts if o.id != p.id]
    lead = images(p, host)
    head = [
        '<meta charset="UTF-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{texturize(p.title)} &#8211; {SITE_NAME}</title>",
    ]
    if p.dates in ("yoast", "meta"):
        head += [
            '<meta name="robots" content="index, follow">',
            f'<link rel="canonical" href="{url}" />',
            '<meta property="og:locale" content="vi_VN" />',
            '<meta property="og:type" content="article" />',
            f'<meta property="og:title" content="{esc(raw_title(p.title))} - {SITE_NAME}" />',
            f'<meta property="og:url" content="{url}" />',
            f'<meta property="og:site_name" content="{SITE_NAME}" />',
        ]
        if p.dates == "yoast":
            head += [
                f'<meta property="article:published_time" content="{p.pub.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")}" />',
                f'<meta property="article:modified_time" content="{p.mod.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")}" />',
            ]
        else:
            head += [
                f'<meta property="article:published_time" content="{iso(p.pub)}" />',
                f'<meta property="article:modified_time" content="{iso(p.mod)}" />',
            ]
        if lead:
            head.append(f'<meta property="og:image" content="{lead[0]["url"]}" />')
        if p.dates == "yoast":
            head.append(yoast_graph(p, host))
    else:
        head.append(f'<link rel="canonical" href="{url}" />')
    head += [
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Dòng thông tin" href="https://{host}/feed/" />',
        f'<link rel="https://api.w.org/" href="https://{host}/wp-json/" />',
    ]
    if p.ids == "all":
        head.append(f'<link rel="alternate" title="JSON" type="application/json" href="https://{host}/wp-json/wp/v2/posts/{p.id}" />')
    if p.ids in ("all", "shortlink"):
        head.append(f"<link rel='shortlink' href='https://{host}/?p={p.id}' />")
    body_class = "post-template-default single single-post single-format-standard"
    if p.ids in ("all", "bodyclass"):
        body_class = f"post-template-default single single-post postid-{p.id} single-format-standard"

    cat_name, _ = CATEGORIES[p.cat]
    meta_bits = []
    if p.dates in ("yoast", "meta", "time"):
        meta_bits.append(
            f'<span class="posted-on"><a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{iso(p.pub)}">{p.pub:%d/%m/%Y}</time>'
            f'<time class="updated" datetime="{iso(p.mod)}">{p.mod:%d/%m/%Y}</time></a></span>'
        )
    meta_bits.append(
        f'<span class="byline"> <span class="author vcard"><a class="url fn n" href="https://{host}/author/{slugify(p.account)}/">{esc(p.account)}</a></span></span>'
    )
    if p.posted_on == "header":
        meta_bits.append(f'<span class="ngay-dang">Ngày đăng: {p.pub:%d/%m/%Y}</span>')
    sapo = ""
    if p.sapo is not None:
        sapo = f'\n<p class="post-excerpt"><strong>{texturize(p.dateline)}{texturize(p.sapo)}</strong></p>'
    tags = ", ".join(f'<a href="https://{host}/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>' for t in p.tags)
    footer = f'<span class="cat-links">Chuyên mục: <a href="https://{host}/category/{p.cat}/" rel="category tag">{esc(cat_name)}</a></span>'
    if tags:
        footer += f'<span class="tags-links">Từ khóa: {tags}</span>'
    prev_post = posts[index + 1] if index + 1 < len(posts) else None
    next_post = posts[index - 1] if index > 0 else None
    nav = '<nav class="navigation post-navigation" aria-label="Bài viết"><h2 class="screen-reader-text">Điều hướng bài viết</h2><div class="nav-links">'
    if prev_post:
        nav += f'<div class="nav-previous"><a href="{prev_post.url(host)}" rel="prev">{texturize(prev_post.title)}</a></div>'
    if next_post:
        nav += f'<div class="nav-next"><a href="{next_post.url(host)}" rel="next">{texturize(next_post.title)}</a></div>'
    nav += "</div></nav>"
    comments = ""
    if p.comments != "inside":
        comments = '\n<div id="comments" class="comments-area">' + RESPOND + "</div>"
    recent = [o for o in posts if o.id != p.id][:5]
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n'
        + "\n".join(head)
        + f'\n</head>\n<body class="{body_class}">\n<div id="page" class="site">\n'
        + header(host)
        + '\n<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">\n'
        + f'<article id="post-{p.id}" class="post-{p.id} post type-post status-publish format-standard hentry category-{p.cat}">\n'
        + '<header class="entry-header">\n'
        + f'<h1 class="entry-title">{texturize(p.title)}</h1>\n'
        + '<div class="entry-meta">'
        + "".join(meta_bits)
        + "</div>"
        + sapo
        + "\n</header>\n"
        + '<div class="entry-content">\n'
        + body_html(p, host, others, plugins=True)
        + "\n</div>\n"
        + f'<footer class="entry-footer">{footer}</footer>\n'
        + "</article>\n"
        + nav
        + comments
        + "\n</main></div>\n"
        + sidebar(host, recent)
        + "\n</div>\n"
        + FOOTER
        + "\n</div>\n</body>\n</html>\n"
    )


# --- listings --------------------------------------------------------------------------------


def api_post(p: Post, posts: list[Post], host: str) -> dict[str, object]:
    cat_id = CATEGORIES[p.cat][1]
    tag_ids = [40 + sum(map(ord, t)) % 60 for t in p.tags]
    excerpt = plain(paragraphs(p)[0])
    words = excerpt.split()
    if len(words) > 40:
        excerpt = " ".join(words[:40]) + " [&hellip;]"
    return {
        "id": p.id,
        "date": p.pub.strftime("%Y-%m-%dT%H:%M:%S"),
        "date_gmt": p.pub.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "guid": {"rendered": f"https://{host}/?p={p.id}"},
        "modified": p.mod.strftime("%Y-%m-%dT%H:%M:%S"),
        "modified_gmt": p.mod.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "slug": p.slug,
        "status": "publish",
        "type": "post",
        "link": p.url(host),
        "title": {"rendered": texturize(p.title)},
        "content": {"rendered": body_html(p, host, [], plugins=False) + "\n", "protected": False},
        "excerpt": {"rendered": f"<p>{texturize(excerpt)}</p>\n", "protected": False},
        "author": 1 if p.account in GENERIC_ACCOUNTS else 7,
        "featured_media": p.id - 1 if images(p, host) else 0,
        "comment_status": "open",
        "ping_status": "closed",
        "sticky": p.sticky,
        "template": "",
        "format": "standard",
        "meta": {"footnotes": ""},
        "categories": [cat_id],
        "tags": tag_ids,
        "class_list": [f"post-{p.id}", "post", "type-post", "status-publish", "format-standard", "hentry", f"category-{p.cat}"],
        "_links": {
            "self": [{"href": f"https://{host}/wp-json/wp/v2/posts/{p.id}"}],
            "collection": [{"href": f"https://{host}/wp-json/wp/v2/posts"}],
            "about": [{"href": f"https://{host}/wp-json/wp/v2/types/post"}],
            "author": [{"embeddable": True, "href": f"https://{host}/wp-json/wp/v2/users/1"}],
            "wp:term": [{"taxonomy": "category", "embeddable": True, "href": f"https://{host}/wp-json/wp/v2/categories?post={p.id}"}],
        },
    }


def wp_json(data: object) -> str:
    """JSON the way WordPress prints it: ASCII with \\u escapes, escaped slashes, no spaces."""
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/")


def rfc822(dt: datetime) -> str:
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    u = dt.astimezone(UTC)
    return f"{days[u.weekday()]}, {u.day:02d} {months[u.month - 1]} {u.year} {u:%H:%M:%S} +0000"


def render_feed(posts: list[Post], host: str) -> str:
    items = []
    for p in posts[:FEED_ITEMS]:
        first = paragraphs(p)[0]
        words = first.split()
        summary = " ".join(words[:30]) + " [&#8230;]" if len(words) > 30 else first
        cats = "".join(f"\n\t\t<category><![CDATA[{c}]]></category>" for c in (CATEGORIES[p.cat][0], *p.tags))
        items.append(
            "\t<item>\n"
            f"\t\t<title>{texturize(esc(p.title))}</title>\n"
            f"\t\t<link>{p.url(host)}</link>\n"
            f"\t\t<comments>{p.url(host)}#respond</comments>\n"
            f"\t\t<dc:creator><![CDATA[{p.account}]]></dc:creator>\n"
            f"\t\t<pubDate>{rfc822(p.pub)}</pubDate>"
            f"{cats}\n"
            f'\t\t<guid isPermaLink="false">https://{host}/?p={p.id}</guid>\n'
            f"\t\t<description><![CDATA[{summary}]]></description>\n"
            f"\t\t<wfw:commentRss>{p.url(host)}feed/</wfw:commentRss>\n"
            "\t\t<slash:comments>0</slash:comments>\n"
            "\t</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
        '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n'
        "<channel>\n"
        f"\t<title>{SITE_NAME}</title>\n"
        f'\t<atom:link href="https://{host}/feed/" rel="self" type="application/rss+xml" />\n'
        f"\t<link>https://{host}</link>\n"
        "\t<description>Cổng thông tin điện tử Bộ Tư lệnh Quân khu</description>\n"
        f"\t<lastBuildDate>{rfc822(posts[0].mod)}</lastBuildDate>\n"
        "\t<language>vi</language>\n"
        "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=6.4.3</generator>\n"
        + "\n".join(items)
        + "\n\t</channel>\n</rss>\n"
    )


@dataclass(frozen=True)
class ArchivePage:
    number: int
    pages: int
    ids: tuple[int, ...]

    @property
    def path(self) -> str:
        return "/" if self.number == 1 else f"/page/{self.number}/"

    @property
    def next_path(self) -> str | None:
        return f"/page/{self.number + 1}/" if self.number < self.pages else None


def archive_pages(posts: list[Post]) -> list[ArchivePage]:
    """Home page archives: sticky posts first on page 1 (and again in their place later)."""
    ordered = [p.id for p in posts]
    chunks = [ordered[i : i + ARCHIVE_PER_PAGE] for i in range(0, len(ordered), ARCHIVE_PER_PAGE)]
    sticky = [p.id for p in posts if p.sticky]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        ids = tuple(chunk)
        if n == 1:
            ids = (*sticky, *(i for i in chunk if i not in sticky))
        pages.append(ArchivePage(n, len(chunks), ids))
    return pages


def render_archive(ap: ArchivePage, posts: list[Post], host: str) -> str:
    by_id = {p.id: p for p in posts}
    items = []
    for ident in ap.ids:
        p = by_id[ident]
        sticky = " sticky" if p.sticky and ap.number == 1 else ""
        first = paragraphs(p)[0]
        words = first.split()
        summary = " ".join(words[:30]) + " &hellip;" if len(words) > 30 else first
        thumb = ""
        if images(p, host):
            thumb = f'<a class="post-thumbnail" href="{p.url(host)}" aria-hidden="true" tabindex="-1"><img width="300" height="200" src="{img_src(p, "thumb-" + str(p.id), host)}" class="attachment-medium size-medium wp-post-image" alt="" decoding="async" /></a>\n'
        items.append(
            f'<article id="post-{p.id}" class="post-{p.id} post type-post status-publish format-standard{sticky} hentry category-{p.cat}">\n'
            + thumb
            + '<header class="entry-header">'
            + f'<h2 class="entry-title"><a href="{p.url(host)}" rel="bookmark">{texturize(p.title)}</a></h2>'
            + f'<div class="entry-meta"><span class="posted-on"><a href="{p.url(host)}" rel="bookmark"><time class="entry-date published" datetime="{iso(p.pub)}">{p.pub:%d/%m/%Y}</time></a></span></div>'
            + "</header>\n"
            + f'<div class="entry-summary"><p>{texturize(esc(summary))}</p></div>\n'
            + "</article>"
        )
    links = []
    if ap.number > 1:
        prev = "/" if ap.number == 2 else f"/page/{ap.number - 1}/"
        links.append(f'<a class="prev page-numbers" href="https://{host}{prev}">Trang trước</a>')
    for k in range(1, ap.pages + 1):
        href = f"https://{host}/" if k == 1 else f"https://{host}/page/{k}/"
        if k == ap.number:
            links.append(f'<span aria-current="page" class="page-numbers current">{k}</span>')
        else:
            links.append(f'<a class="page-numbers" href="{href}">{k}</a>')
    if ap.next_path:
        links.append(f'<a class="next page-numbers" href="https://{host}{ap.next_path}">Trang sau</a>')
    body_class = "home blog" + (" paged paged-" + str(ap.number) if ap.number > 1 else "")
    title = SITE_NAME if ap.number == 1 else f"{SITE_NAME} &#8211; Trang {ap.number}"
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="UTF-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Dòng thông tin" href="https://{host}/feed/" />\n'
        f'<link rel="https://api.w.org/" href="https://{host}/wp-json/" />\n'
        f'</head>\n<body class="{body_class}">\n<div id="page" class="site">\n'
        + header(host)
        + '\n<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">\n'
        + "\n".join(items)
        + '\n<nav class="navigation pagination" aria-label="Phân trang bài viết"><h2 class="screen-reader-text">Phân trang bài viết</h2><div class="nav-links">'
        + "".join(links)
        + "</div></nav>\n</main></div>\n"
        + sidebar(host, posts[:5])
        + "\n</div>\n"
        + FOOTER
        + "\n</div>\n</body>\n</html>\n"
    )


def robots(host: str) -> str:
    return (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: https://{host}/wp-sitemap.xml\n"
    )


# --- the posts -------------------------------------------------------------------------------
# Every text below is invented for this fixture (people, units, numbers and events included).

POSTS: list[Post] = [
    Post(
        id=18467,
        title="Khai mạc Hội thao thể dục thể thao lực lượng vũ trang Quân khu năm 2024",
        published="2024-04-19 16:20:31",
        cat="tin-tuc",
        tags=("Hội thao", "Thể dục thể thao"),
        dates="yoast",
        modified_after=42,
        plugins=("yarpp", "sharedaddy"),
        body=(
            P("Sáng 19/4, tại Sân vận động trung tâm thành phố Việt Trì, Bộ Tư lệnh Quân khu tổ chức khai mạc Hội thao thể dục thể thao lực lượng vũ trang Quân khu năm 2024. Đại tá Nguyễn Hữu Phong, Phó Tư lệnh Quân khu, Trưởng Ban tổ chức dự và phát biểu khai mạc."),
            Img("dai-ta-phat-bieu-khai-mac", "Đại tá Nguyễn Hữu Phong phát biểu khai mạc hội thao. Ảnh: HẢI ĐĂNG"),
            P("Tham gia hội thao có hơn 450 vận động viên đến từ 16 đoàn thuộc các cơ quan, đơn vị và Bộ Chỉ huy Quân sự các tỉnh trên địa bàn. Trong 5 ngày, các đoàn tranh tài ở 6 môn gồm: bóng chuyền, kéo co, bắn súng, điền kinh, việt dã và bơi vũ trang."),
            P("Phát biểu khai mạc, Đại tá Nguyễn Hữu Phong yêu cầu Ban tổ chức, tổ trọng tài điều hành các nội dung bảo đảm khách quan, công bằng, đúng điều lệ; các vận động viên phát huy tinh thần đoàn kết, thi đấu trung thực, cao thượng, bảo đảm tuyệt đối an toàn về người và trang bị."),
            Img("cac-doan-dieu-hanh", "Các đoàn vận động viên diễu hành qua lễ đài. Ảnh: HẢI ĐĂNG"),
            P("Hội thao là dịp để đánh giá kết quả phong trào rèn luyện thể lực trong lực lượng vũ trang Quân khu, đồng thời lựa chọn những vận động viên xuất sắc tham gia Hội thao toàn quân trong thời gian tới."),
        ),
        byline=Byline("Tin: MINH KHÔI", ("MINH KHÔI",)),
        cases=("Yoast JSON-LD graph + article:published_time in UTC (+00:00)", "classic div.wp-caption, caption credit `Ảnh: X`", "Jetpack sharing and YARPP related posts inside the content", "byline `Tin: X`, right-aligned"),
    ),
    Post(
        id=18459,
        title="Sư đoàn 345 kiểm tra bắn đạn thật cho chiến sĩ mới",
        published="2024-04-19 09:05:12",
        cat="quoc-phong-an-ninh",
        tags=("Huấn luyện", "Chiến sĩ mới"),
        dateline="QK2 -&nbsp;",
        dates="time",
        posted_on="body",
        plugins=("views",),
        body=(
            P("Thực hiện kế hoạch huấn luyện năm 2024, từ ngày 15 đến 18/4, Sư đoàn 345 tổ chức kiểm tra bắn đạn thật bài 1 súng tiểu liên AK cho chiến sĩ mới nhập ngũ đợt 1 năm 2024."),
            P("Trước khi kiểm tra, đơn vị đã tổ chức ôn luyện kỹ động tác, quán triệt quy tắc an toàn, chuẩn bị thao trường, bia bảng và vật chất bảo đảm theo đúng quy định. Cán bộ các cấp trực tiếp kèm cặp, sửa tư thế, động tác cho từng chiến sĩ."),
            Img("chien-si-moi-ban-dan-that", "Chiến sĩ mới thực hành bài bắn súng tiểu liên AK ban ngày.", kind="figure"),
            P("Kết quả, 100% chiến sĩ mới bắn đạt yêu cầu, trong đó có 72% khá, giỏi; tuyệt đối an toàn về người, vũ khí và trang bị. Đây là tiền đề để các đơn vị tiếp tục huấn luyện các nội dung tiếp theo của chương trình."),
        ),
        byline=Byline("Bài, ảnh: ĐỨC TRUNG", ("ĐỨC TRUNG",)),
        cases=("date from `time.entry-date` only", "`Ngày đăng:` line as the first paragraph of the content (dropped)", "dateline `QK2 -&nbsp;` (a hyphen, which WordPress does not texturize before an NBSP)", "HTML5 figure.wp-caption", "Post Views Counter box in the content"),
    ),
    Post(
        id=18452,
        title="Bộ Chỉ huy Quân sự tỉnh Lào Cai phát động đợt thi đua cao điểm",
        published="2024-04-18 15:40:00",
        cat="tin-tuc",
        tags=("Thi đua", "Lào Cai"),
        body=(
            P("Chiều 18/4, Bộ Chỉ huy Quân sự (CHQS) tỉnh Lào Cai tổ chức lễ phát động đợt thi đua cao điểm chào mừng kỷ niệm 70 năm Chiến thắng Điện Biên Phủ và hướng tới đại hội thi đua quyết thắng các cấp."),
            Img("quang-canh-le-phat-dong", "Quang cảnh lễ phát động thi đua.", kind="lazy"),
            H("Ba nội dung trọng tâm"),
            P("Đợt thi đua tập trung vào ba nội dung:"),
            Li(("Nâng cao chất lượng huấn luyện, sẵn sàng chiến đấu;", "Xây dựng chính quy, rèn luyện kỷ luật;", "Làm tốt công tác dân vận trên địa bàn đóng quân.")),
            Gallery((("ky-giao-uoc-thi-dua", "Đại diện các cơ quan, đơn vị ký giao ước thi đua."), ("dan-quan-du-le", "Lực lượng dân quân thường trực tham gia buổi lễ."))),
            Img("pano-thi-dua", "", kind="bare"),
            P("Phát biểu tại buổi lễ, lãnh đạo Bộ CHQS tỉnh đề nghị các cơ quan, đơn vị cụ thể hóa chỉ tiêu thi đua sát với nhiệm vụ, đăng ký những phần việc cụ thể, thiết thực; kịp thời phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến."),
        ),
        byline=Byline("Bài và ảnh: THANH TÙNG", ("THANH TÙNG",), style="strong"),
        cases=("block editor: lazy-loaded figure.wp-block-image (data-lazy-src + noscript)", "nested wp-block-gallery, a caption per image", "uncaptioned <img> alone in a <p>", "<h2> sub-heading and <ul> items kept as paragraphs", "byline `Bài và ảnh: X`"),
    ),
    Post(
        id=18446,
        title="Đoàn cơ sở Cơ quan Bộ Tư lệnh Quân khu tổ chức ngày hội hiến máu tình nguyện",
        published="2024-04-18 08:30:00",
        cat="tin-tuc",
        tags=("Hiến máu",),
        dates="ngaydang",
        ids="bodyclass",
        comments="inside",
        body=(
            P("Ngày 17/4, Đoàn cơ sở Cơ quan Bộ Tư lệnh Quân khu phối hợp với Bệnh viện đa khoa tỉnh Phú Thọ tổ chức ngày hội hiến máu tình nguyện “Giọt hồng quân nhân” năm 2024."),
            Img("dang-ky-hien-mau", "Đoàn viên thanh niên đăng ký hiến máu tại ngày hội."),
            P("Ngay từ sáng sớm, đông đảo cán bộ, chiến sĩ, đoàn viên thanh niên đã có mặt để đăng ký, khám sàng lọc và hiến máu. Kết quả, ngày hội tiếp nhận 186 đơn vị máu, vượt 24% so với kế hoạch."),
            P("Hoạt động góp phần bổ sung nguồn máu dự trữ cho công tác cấp cứu, điều trị người bệnh, đồng thời lan tỏa hình ảnh đẹp của Bộ đội Cụ Hồ trong thời kỳ mới."),
        ),
        byline=Byline("Tin, ảnh: PHƯƠNG LINH", ("PHƯƠNG LINH",)),
        cases=("date only from the visible `Ngày đăng: dd/mm/yyyy` (midnight +07:00)", "no shortlink, no REST link: id from the `postid-N` body class", "the whole comment form (#respond) inside the content", "curly quotes in the body"),
    ),
    Post(
        id=18440,
        title="Ban Chỉ huy Quân sự huyện Mường Khương giúp nhân dân làm đường giao thông nông thôn",
        published="2024-04-17 17:15:00",
        cat="dan-van",
        tags=(),
        dates="none",
        posted_on="none",
        ids="shortlink",
        comments="text",
        body=(
            P("Hưởng ứng phong trào thi đua “Chung sức xây dựng nông thôn mới”, những ngày qua, Ban CHQS huyện Mường Khương huy động hơn 60 lượt cán bộ, chiến sĩ và dân quân giúp nhân dân xã Bản Lầu mở rộng tuyến đường liên thôn."),
            P("Cán bộ, chiến sĩ đã san gạt mặt bằng, đào rãnh thoát nước và vận chuyển vật liệu để đổ bê tông gần 800 mét đường. Tuyến đường hoàn thành giúp việc đi lại, giao thương hàng hóa của bà con thuận lợi hơn."),
            P("Theo kế hoạch, từ nay đến cuối năm, đơn vị tiếp tục phối hợp với địa phương giúp các hộ khó khăn sửa chữa nhà ở, tu sửa kênh mương nội đồng."),
        ),
        byline=None,
        cases=("NO date on the page: published_at null (the header clock and the sidebar's time.entry-date are not dates of this post)", "id from the shortlink only", "no byline; the WordPress account is `admin` (not an author)", "last paragraph starts `Theo kế hoạch, …` and is NOT a `Theo X` byline", "comment-form strings as bare text in the content (no ids): text rules", "no images, no tags"),
    ),
    Post(
        id=18433,
        title="Trung đoàn 982 tổ chức hội thi cán bộ tiểu đội giỏi",
        published="2024-04-17 10:00:00",
        cat="quoc-phong-an-ninh",
        tags=("Cán bộ tiểu đội",),
        dates="yoast",
        sapo="Từ ngày 15 đến 17/4, Trung đoàn 982 (Sư đoàn 345) tổ chức hội thi cán bộ tiểu đội giỏi năm 2024 với sự tham gia của 54 thí sinh là tiểu đội trưởng các đơn vị trực thuộc.",
        plugins=("related_text",),
        body=(
            P("Các thí sinh trải qua 4 nội dung: kiểm tra nhận thức chính trị, pháp luật; thực hành phương pháp huấn luyện; thực hành chỉ huy tiểu đội chiến đấu và bắn súng tiểu liên AK bài 1."),
            Img("thuc-hanh-phuong-phap-huan-luyen", "Thí sinh thực hành phương pháp huấn luyện điều lệnh đội ngũ."),
            P("Qua hội thi, Ban tổ chức đánh giá các thí sinh có bản lĩnh chính trị vững vàng, nắm chắc chức trách, nhiệm vụ; nhiều thí sinh thể hiện phương pháp huấn luyện linh hoạt, khoa học, sát thực tế đơn vị."),
            P("Kết thúc hội thi, Ban tổ chức trao giải Nhất cho 2 thí sinh, giải Nhì cho 4 thí sinh và giải Ba cho 6 thí sinh."),
        ),
        byline=Byline("THU HÀ – QUANG VINH", ("THU HÀ", "QUANG VINH"), style="strong"),
        cases=("lead element p.post-excerpt in the entry header: the sapo, with the `QK2 – ` dateline", "two authors `THU HÀ – QUANG VINH`", "`Tin liên quan:` heading + list after the byline (the body ends there)"),
    ),
    Post(
        id=18425,
        title="Nâng cao chất lượng công tác dân vận ở vùng đồng bào dân tộc thiểu số",
        published="2024-04-16 14:45:00",
        cat="dan-van",
        tags=("Dân vận",),
        dateline="QĐND – ",
        source_url=REPUBLISHED_FROM,
        body=(
            P("Những năm qua, lực lượng vũ trang các tỉnh miền núi phía Bắc đã chủ động bám địa bàn, giúp đồng bào dân tộc thiểu số phát triển kinh tế, xóa đói, giảm nghèo, góp phần củng cố vững chắc thế trận lòng dân."),
            P("Nhiều mô hình như “Nâng bước em tới trường”, “Ngôi nhà đại đoàn kết”, “Bộ đội Cụ Hồ giúp dân xóa nhà tạm” được triển khai hiệu quả, tạo sức lan tỏa rộng rãi trong cộng đồng."),
            P("Thời gian tới, các cơ quan, đơn vị tiếp tục đổi mới nội dung, hình thức công tác dân vận, phù hợp với phong tục, tập quán của từng dân tộc, từng địa bàn."),
        ),
        byline=Byline("NGỌC ANH", ("NGỌC ANH",), style="strong"),
        cases=("republication: `Nguồn: QĐND <url>` after the byline → original_url", "dateline `QĐND – `", "bare upper-case byline"),
    ),
    Post(
        id=18418,
        title="Lan tỏa phong trào “Dân vận khéo” trong lực lượng vũ trang Quân khu",
        published="2024-04-15 16:00:00",
        cat="xay-dung-dang",
        tags=("Dân vận khéo",),
        dates="yoast",
        body=(
            P("Những năm qua, phong trào thi đua “Dân vận khéo” được cấp ủy, chỉ huy các cấp trong lực lượng vũ trang Quân khu quan tâm lãnh đạo, chỉ đạo và triển khai bằng nhiều cách làm sáng tạo, phù hợp với đặc điểm từng địa bàn."),
            P("Toàn Quân khu đã xây dựng, nhân rộng hàng trăm mô hình “Dân vận khéo”, trong đó nhiều mô hình được cấp trên biểu dương, khen thưởng.&nbsp;Các mô hình tập trung giúp đồng bào phát triển sản xuất, xây dựng đời sống văn hóa và giữ gìn an ninh trật tự ở&nbsp;cơ sở."),
            Img("giup-dan-thu-hoach-che", "Cán bộ, chiến sĩ giúp đồng bào thu hoạch chè."),
            P("Thời gian tới, các cơ quan, đơn vị tiếp tục gắn phong trào với thực hiện nhiệm vụ chính trị, coi trọng chất lượng, hiệu quả, tránh hình thức."),
        ),
        byline=Byline("PHẠM THU (tổng hợp)", ("PHẠM THU",), style="paren"),
        cases=("title with curly quotes in h1/API/feed, straight quotes in Yoast's JSON-LD headline: the h1 wins", "`&nbsp;` inside paragraphs", "byline `X (tổng hợp)`"),
    ),
    Post(
        id=18405,
        title="Ban Chỉ huy Quân sự huyện Văn Chấn diễn tập phòng, chống cháy rừng",
        published="2024-04-15 08:10:00",
        cat="tin-tuc",
        tags=("Phòng, chống cháy rừng",),
        dates="yoast",
        account="Hồng Nhung",
        body=(
            P("Ngày 14/4, Ban CHQS huyện Văn Chấn (tỉnh Yên Bái) phối hợp với Hạt Kiểm lâm huyện tổ chức diễn tập phòng, chống cháy rừng tại xã Nậm Búng với sự tham gia của hơn 120 người."),
            Img("trien-khai-duong-bang-can-lua", "Lực lượng tham gia diễn tập triển khai đường băng cản lửa.", kind="relative"),
            P("Tình huống giả định đám cháy bùng phát ở khu rừng thông giáp ranh hai thôn. Ngay khi nhận tin báo, Ban chỉ đạo diễn tập huy động lực lượng dân quân, kiểm lâm, công an và nhân dân cơ động đến hiện trường, triển khai dập lửa, khoanh vùng, không để cháy lan."),
            P("Qua diễn tập giúp các lực lượng nâng cao khả năng hiệp đồng, làm chủ phương tiện, sẵn sàng ứng phó khi có cháy rừng xảy ra trong mùa khô hanh."),
        ),
        byline=None,
        cases=("no byline in the text: the author is the WordPress account `Hồng Nhung` (JSON-LD and .author .fn)", "root-relative image src inside a link to the full-size file", "a tag containing a comma"),
    ),
    # ---- plainer posts: meta + time + header `Ngày đăng`, one classic caption, a byline ----
    Post(
        id=18398,
        title="Bộ Chỉ huy Quân sự tỉnh Yên Bái huấn luyện dân quân năm thứ nhất",
        published="2024-04-14 10:25:00",
        cat="quoc-phong-an-ninh",
        tags=("Dân quân tự vệ",),
        body=(
            P("Từ ngày 8 đến 14/4, Bộ CHQS tỉnh Yên Bái tổ chức huấn luyện cho hơn 300 dân quân năm thứ nhất thuộc các xã, phường, thị trấn trên địa bàn tỉnh."),
            Img("dan-quan-bang-bo-cuu-thuong", "Dân quân luyện tập kỹ thuật băng bó cứu thương."),
            P("Nội dung huấn luyện gồm giáo dục chính trị, pháp luật, điều lệnh đội ngũ, kỹ thuật, chiến thuật từng người và xử trí các tình huống về phòng thủ dân sự."),
            P("Kết thúc đợt huấn luyện, 100% dân quân đạt yêu cầu, trong đó trên 65% đạt khá, giỏi."),
        ),
        byline=Byline("Tin, ảnh: VIỆT HÙNG", ("VIỆT HÙNG",)),
    ),
    Post(
        id=18390,
        title="Trao nhà đồng đội tặng quân nhân có hoàn cảnh khó khăn",
        published="2024-04-13 15:10:00",
        cat="dan-van",
        tags=("Nhà đồng đội",),
        body=(
            P("Ngày 13/4, Sư đoàn 345 tổ chức lễ bàn giao nhà đồng đội cho gia đình Trung sĩ Lò Văn Tâm, chiến sĩ Tiểu đoàn 2, Trung đoàn 982, ở xã Chiềng Ly, huyện Thuận Châu, tỉnh Sơn La."),
            Img("trao-quyet-dinh-tang-nha", "Đại diện lãnh đạo Sư đoàn trao quyết định tặng nhà cho gia đình quân nhân."),
            P("Ngôi nhà có diện tích 65 mét vuông, tổng kinh phí xây dựng 120 triệu đồng, trong đó 80 triệu đồng do cán bộ, chiến sĩ trong sư đoàn đóng góp, số còn lại do gia đình và họ hàng hỗ trợ."),
            P("Món quà thể hiện tình đồng chí, đồng đội gắn bó, giúp quân nhân yên tâm công tác, hoàn thành tốt nhiệm vụ được giao."),
        ),
        byline=Byline("Bài, ảnh: QUANG HUY", ("QUANG HUY",)),
    ),
    Post(
        id=18383,
        title="Trường Quân sự Quân khu khai giảng lớp bồi dưỡng chỉ huy trưởng quân sự cấp xã",
        published="2024-04-12 09:30:00",
        cat="tin-tuc",
        tags=("Đào tạo",),
        body=(
            P("Sáng 12/4, Trường Quân sự Quân khu tổ chức khai giảng lớp bồi dưỡng kiến thức quốc phòng và an ninh cho 96 học viên là chỉ huy trưởng ban CHQS cấp xã của các tỉnh trên địa bàn."),
            Img("hoc-vien-du-le-khai-giang", "Các học viên dự lễ khai giảng."),
            P("Trong thời gian 4 tuần, học viên được bồi dưỡng các nội dung về công tác quân sự địa phương, xây dựng lực lượng dân quân tự vệ, tổ chức diễn tập chiến đấu phòng thủ và công tác dân vận ở cơ sở."),
            P("Phát biểu khai giảng, lãnh đạo nhà trường yêu cầu học viên chấp hành nghiêm quy chế học tập, phát huy tinh thần tự học, vận dụng kiến thức vào thực tiễn công tác ở địa phương."),
        ),
        byline=Byline("Tin: KHÁNH VÂN", ("KHÁNH VÂN",)),
    ),
    Post(
        id=18377,
        title="Lữ đoàn Pháo binh 619 ra quân huấn luyện bắn đạn thật",
        published="2024-04-11 14:00:00",
        cat="quoc-phong-an-ninh",
        tags=("Pháo binh",),
        body=(
            P("Ngày 11/4, Lữ đoàn Pháo binh 619 tổ chức ra quân huấn luyện bắn đạn thật năm 2024 tại thao trường tổng hợp của Quân khu."),
            Img("khau-doi-phao-chiem-linh-tran-dia", "Khẩu đội pháo thực hành chiếm lĩnh trận địa."),
            P("Trong đợt huấn luyện, đơn vị tập trung luyện tập các nội dung cơ động chiếm lĩnh trận địa, chuẩn bị phần tử bắn, chỉ huy bắn và hiệp đồng giữa các phân đội."),
            P("Đây là đợt huấn luyện nhằm nâng cao khả năng sẵn sàng chiến đấu, chuẩn bị cho kiểm tra bắn đạn thật cuối năm."),
        ),
        byline=Byline("Tin, ảnh: TIẾN DŨNG", ("TIẾN DŨNG",)),
    ),
    Post(
        id=18370,
        title="Phú Thọ diễn tập chỉ huy – cơ quan một bên hai cấp trên bản đồ",
        published="2024-04-10 16:45:00",
        cat="quoc-phong-an-ninh",
        tags=("Diễn tập",),
        body=(
            P("Từ ngày 8 đến 10/4, Bộ CHQS tỉnh Phú Thọ tổ chức diễn tập chỉ huy – cơ quan một bên hai cấp trên bản đồ cho Ban CHQS các huyện Thanh Sơn và Tân Sơn."),
            Img("chi-huy-nghe-thong-bao-tinh-huong", "Chỉ huy các cơ quan nghe thông báo tình huống."),
            P("Diễn tập nhằm nâng cao trình độ tổ chức, chỉ huy, hiệp đồng của cơ quan quân sự địa phương trong xử trí các tình huống quốc phòng, an ninh trên địa bàn."),
            P("Kết thúc diễn tập, Ban chỉ đạo đánh giá các cơ quan đã xử trí tình huống linh hoạt, sát thực tế, bảo đảm an toàn tuyệt đối."),
        ),
        byline=Byline("Tin, ảnh: MẠNH HÀ", ("MẠNH HÀ",)),
        cases=("en dash in title and body (texturized `&#8211;`)",),
    ),
    Post(
        id=18362,
        title="Tập huấn nghiệp vụ công tác tuyên huấn năm 2024",
        published="2024-04-09 08:20:00",
        cat="xay-dung-dang",
        tags=("Tuyên huấn",),
        body=(
            P("Ngày 9/4, Cục Chính trị Quân khu tổ chức tập huấn nghiệp vụ công tác tuyên huấn năm 2024 cho hơn 150 cán bộ tuyên huấn các cơ quan, đơn vị."),
            Img("quang-canh-tap-huan", "Quang cảnh buổi tập huấn."),
            P("Các đại biểu được quán triệt những điểm mới trong công tác tuyên truyền, giáo dục chính trị; phương pháp đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng."),
            P("Thông qua tập huấn giúp đội ngũ cán bộ tuyên huấn nâng cao năng lực, nghiệp vụ, đáp ứng yêu cầu nhiệm vụ trong tình hình mới."),
        ),
        byline=Byline("Tin, ảnh: BÍCH NGỌC", ("BÍCH NGỌC",)),
    ),
    Post(
        id=18355,
        title="Khám bệnh, cấp thuốc miễn phí cho đồng bào vùng cao Hà Giang",
        published="2024-04-08 11:05:00",
        cat="tin-tuc",
        tags=("Y tế",),
        body=(
            P("Ngày 7 và 8/4, đội y tế lưu động của Quân khu phối hợp với Trung tâm Y tế huyện Đồng Văn tổ chức khám bệnh, cấp thuốc miễn phí cho hơn 500 người dân xã Lũng Cú."),
            Img("y-si-kham-benh", "Y sĩ quân y khám bệnh cho người cao tuổi."),
            P("Các y, bác sĩ đã khám tổng quát, tư vấn chăm sóc sức khỏe, cấp phát thuốc thông thường và hướng dẫn bà con cách phòng bệnh trong mùa giao mùa."),
            P("Dịp này, đơn vị trao 50 suất quà tặng các gia đình chính sách, hộ nghèo trên địa bàn."),
        ),
        byline=Byline("Tin, ảnh: ĐỨC ANH", ("ĐỨC ANH",)),
    ),
    Post(
        id=18349,
        title="Đảng ủy Quân sự tỉnh Sơn La ra nghị quyết lãnh đạo nhiệm vụ quý II",
        published="2024-04-06 15:30:00",
        cat="xay-dung-dang",
        tags=("Nghị quyết",),
        body=(
            P("Ngày 6/4, Đảng ủy Quân sự tỉnh Sơn La tổ chức hội nghị ra nghị quyết lãnh đạo thực hiện nhiệm vụ quân sự, quốc phòng quý II năm 2024."),
            Img("bieu-quyet-nghi-quyet", "Các đại biểu biểu quyết thông qua nghị quyết."),
            P("Hội nghị xác định trọng tâm lãnh đạo trong quý là duy trì nghiêm chế độ sẵn sàng chiến đấu, nâng cao chất lượng huấn luyện, chuẩn bị tốt các điều kiện tổ chức diễn tập khu vực phòng thủ cấp huyện."),
            P("Cùng với đó, Đảng ủy chú trọng làm tốt công tác chính sách hậu phương quân đội và phòng, chống thiên tai, tìm kiếm cứu nạn."),
        ),
        byline=Byline("Tin, ảnh: LÊ THẮNG", ("LÊ THẮNG",)),
    ),
    Post(
        id=18341,
        title="Bộ đội giúp dân xã Tả Van khắc phục hậu quả mưa đá",
        published="2024-04-05 09:50:00",
        cat="dan-van",
        tags=("Dân vận",),
        body=(
            P("Ngay sau trận mưa đá chiều 3/4, Ban CHQS thị xã Sa Pa đã huy động hơn 40 cán bộ, chiến sĩ, dân quân giúp nhân dân xã Tả Van khắc phục hậu quả."),
            Img("lop-lai-mai-nha", "Dân quân giúp người dân lợp lại mái nhà."),
            P("Lực lượng giúp dân lợp lại mái tôn, thu dọn cây đổ, khơi thông cống rãnh và hỗ trợ chằng chống nhà cửa trước khi có đợt mưa mới."),
            P("Sau 2 ngày, đã có 37 ngôi nhà bị tốc mái được sửa chữa, giúp bà con sớm ổn định cuộc sống."),
        ),
        byline=Byline("Tin, ảnh: XUÂN TRƯỜNG", ("XUÂN TRƯỜNG",)),
    ),
    Post(
        id=18334,
        title="Ban Chỉ huy Quân sự huyện Mường Tè ra quân huấn luyện",
        published="2024-04-04 07:45:00",
        cat="quoc-phong-an-ninh",
        tags=("Huấn luyện",),
        body=(
            P("Sáng 4/4, Ban CHQS huyện Mường Tè (tỉnh Lai Châu) tổ chức lễ ra quân huấn luyện năm 2024 cho lực lượng dân quân tự vệ trên địa bàn."),
            Img("dan-quan-le-ra-quan", "Lực lượng dân quân tham gia lễ ra quân."),
            P("Năm nay, đơn vị tập trung huấn luyện sát với phương án tác chiến của địa phương, coi trọng huấn luyện đồng bộ, chuyên sâu, đặc biệt là các nội dung tìm kiếm cứu nạn trên địa hình rừng núi."),
            P("Sau lễ ra quân, các lực lượng thực hành một số nội dung về điều lệnh và kỹ thuật chiến đấu bộ binh."),
        ),
        byline=Byline("Tin, ảnh: SÙNG A LÙ", ("SÙNG A LÙ",)),
    ),
    Post(
        id=18326,
        title="Điện Biên chuẩn bị chu đáo các hoạt động kỷ niệm 70 năm Chiến thắng Điện Biên Phủ",
        published="2024-04-03 16:10:00",
        cat="tin-tuc",
        tags=("Điện Biên Phủ",),
        body=(
            P("Những ngày này, cùng với tỉnh Điện Biên, lực lượng vũ trang tỉnh đang khẩn trương hoàn thành công tác chuẩn bị cho các hoạt động kỷ niệm 70 năm Chiến thắng Điện Biên Phủ."),
            Img("khoi-dan-quan-luyen-tap", "Khối dân quân luyện tập diễu binh."),
            P("Bộ CHQS tỉnh đã tổ chức luyện tập đội hình, chuẩn bị trang phục, phương tiện cho các khối tham gia diễu binh, diễu hành; đồng thời phối hợp bảo đảm an ninh, trật tự trên địa bàn."),
            P("Các cơ quan, đơn vị cũng tổ chức tu sửa, vệ sinh các di tích lịch sử và nghĩa trang liệt sĩ, sẵn sàng đón tiếp đồng bào, du khách về dự lễ."),
        ),
        byline=Byline("Tin, ảnh: HOÀNG ANH", ("HOÀNG ANH",)),
    ),
    Post(
        id=18318,
        title="Tuyên Quang tổ chức hội thi tuyên truyền viên giỏi",
        published="2024-04-02 10:00:00",
        cat="xay-dung-dang",
        tags=("Tuyên truyền",),
        body=(
            P("Ngày 2/4, Bộ CHQS tỉnh Tuyên Quang tổ chức hội thi tuyên truyền viên giỏi năm 2024 với sự tham gia của 22 thí sinh đến từ các cơ quan, đơn vị trực thuộc."),
            Img("thi-sinh-thuyet-trinh", "Thí sinh trình bày phần thi thuyết trình."),
            P("Các thí sinh trải qua hai phần thi: thuyết trình theo chủ đề tự chọn và trả lời câu hỏi của Ban giám khảo về kiến thức lịch sử, truyền thống của lực lượng vũ trang tỉnh."),
            P("Kết quả, Ban tổ chức trao 1 giải Nhất, 2 giải Nhì, 3 giải Ba và 4 giải Khuyến khích cho các thí sinh."),
        ),
        byline=Byline("Tin, ảnh: THÚY HẰNG", ("THÚY HẰNG",)),
    ),
    Post(
        id=18311,
        title="Vĩnh Phúc tổng kết công tác tuyển quân năm 2024",
        published="2024-04-01 14:20:00",
        cat="tin-tuc",
        tags=("Tuyển quân",),
        body=(
            P("Chiều 1/4, Hội đồng Nghĩa vụ quân sự tỉnh Vĩnh Phúc tổ chức hội nghị tổng kết công tác tuyển chọn, gọi công dân nhập ngũ năm 2024."),
            Img("quang-canh-hoi-nghi-tong-ket", "Quang cảnh hội nghị tổng kết."),
            P("Năm 2024, toàn tỉnh giao đủ 100% chỉ tiêu, trong đó có 12% công dân có trình độ cao đẳng, đại học; 35% là đảng viên và đoàn viên ưu tú. Công tác tuyển quân bảo đảm dân chủ, công khai, đúng luật."),
            P("Dịp này, Hội đồng Nghĩa vụ quân sự tỉnh khen thưởng 15 tập thể và 20 cá nhân có thành tích xuất sắc."),
        ),
        byline=Byline("Tin, ảnh: MINH ĐỨC", ("MINH ĐỨC",)),
    ),
    Post(
        id=18120,
        title="Thông báo tuyển sinh quân sự năm 2024 vào các học viện, nhà trường Quân đội",
        published="2024-03-04 08:00:00",
        cat="tin-tuc",
        tags=("Tuyển sinh",),
        dateline="",
        posted_on="none",
        sticky=True,
        body=(
            P("Năm 2024, các học viện, nhà trường Quân đội tuyển sinh đào tạo đại học, cao đẳng quân sự trong cả nước. Thí sinh đăng ký sơ tuyển tại Ban CHQS cấp huyện nơi thường trú hoặc tại đơn vị đang công tác."),
            H("Thời gian sơ tuyển", level=3),
            P("Thời gian nhận hồ sơ sơ tuyển từ ngày 1/3 đến hết ngày 20/4/2024. Thí sinh cần chuẩn bị đầy đủ giấy tờ theo hướng dẫn và tham gia khám sức khỏe theo lịch của hội đồng tuyển sinh."),
            P("Mọi thông tin chi tiết, thí sinh liên hệ Ban Tuyển sinh quân sự Quân khu hoặc Ban CHQS các huyện, thành phố để được hướng dẫn."),
        ),
        byline=Byline("Theo Ban Tuyển sinh Quân khu", ("Ban Tuyển sinh Quân khu",), style="strong"),
        cases=("STICKY post: first on home page 1, again in its place on page 3", "no dateline, no images, <h3> sub-heading", "byline `Theo X`", "older post (March) on the last API page"),
    ),
]

CLOSED_IDS = (18398, 18390, 18383)  # the posts of the closed-API site


# --- output ----------------------------------------------------------------------------------


def expected_article(p: Post, host: str = HOST) -> dict[str, object]:
    return {
        "id": str(p.id),
        "url": p.url(host),
        "file": f"{host}/{p.slug}/index.html",
        "title": p.title,
        "sapo": plain(p.sapo) if p.sapo else "",
        "dateline": plain(p.dateline).strip(" -–") or None,
        "published_at": published_at(p),
        "updated_at": iso(p.mod) if p.dates in ("yoast", "meta", "time") else None,
        "listed_at": iso(p.pub),
        "date_sources": date_sources(p),
        "byline": p.byline.text if p.byline else None,
        "authors": authors(p),
        "category": CATEGORIES[p.cat][0],
        "tags": list(p.tags),
        "images": images(p, host),
        "paragraphs": paragraphs(p),
        "original_url": p.source_url,
        "sticky": p.sticky,
        "cases": list(p.cases),
    }


def api_pages(posts: list[Post]) -> list[tuple[int, list[Post]]]:
    return [(n // PER_PAGE + 1, posts[n : n + PER_PAGE]) for n in range(0, len(posts), PER_PAGE)]


def listings(posts: list[Post]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    pages = api_pages(posts)
    for number, chunk in pages:
        full = len(chunk) == PER_PAGE
        rows.append({
            "kind": "api",
            "path": f"/wp-json/wp/v2/posts?page={number}&per_page={PER_PAGE}",
            "file": f"wp-json/wp/v2/posts/index@page={number}&per_page={PER_PAGE}.json",
            "ids": [str(p.id) for p in chunk],
            "next": f"/wp-json/wp/v2/posts?page={number + 1}&per_page={PER_PAGE}" if full else None,
        })
    rows.append({
        "kind": "feed",
        "path": "/feed/",
        "file": "feed/index.xml",
        "ids": [str(p.id) for p in posts[:FEED_ITEMS]],
        "next": None,
    })
    for ap in archive_pages(posts):
        rows.append({
            "kind": "archive",
            "path": ap.path,
            "file": "index.html" if ap.number == 1 else f"page/{ap.number}/index.html",
            "ids": [str(i) for i in ap.ids],
            "next": ap.next_path,
        })
    return rows


def manifest(rows: list[dict[str, object]], listing_rows: list[dict[str, object]]) -> str:
    lines = [
        "# Quân khu 2 (WordPress) replay snapshot",
        "",
        "Generated by `tests/snapshots/build_quankhu2_snapshot.py` (edit the script, not the files, and",
        "re-run it). `expected.json` holds the values a correct parser extracts, written from the",
        "generator's data (not from the parser).",
        "",
        "**The site's domain is unknown** (sites.md §6): the host folder is `quankhu2.invalid`, a",
        "reserved placeholder. Served by `python -m scrapers.replay tests/snapshots/quankhu2`.",
        "",
        "## What the markup is based on",
        "",
        "**No real page of the Quân khu 2 site has been seen.** This snapshot is our own work:",
        "",
        "| piece | evidence |",
        "|---|---|",
        "| header clock `Thứ bảy Ngày 20 Tháng 04 Năm 2024, hh:mm:ss` | VERIFIED-DATA (seed 001 text; its element is a GUESS) |",
        "| `Ngày đăng: dd/mm/yyyy` visible line | VERIFIED-DATA (seed 001 text); its place (entry meta, or first content paragraph) is a GUESS |",
        "| dateline `QK2 – `, byline `Tin, ảnh: NAME` as the last paragraph | VERIFIED-DATA (seed 001) |",
        "| comment form strings (`Trả lời`, `Thư điện tử của bạn sẽ không được hiển thị công khai.`, `Các trường bắt buộc được đánh dấu *`, `Bình luận`, `Hủy`) and `#respond` markup | VERIFIED-DATA (seed 001) + WordPress core markup (MULTI) |",
        "| REST API JSON (`id`, `date`, `link`, `title.rendered`, escaped slashes), RSS 2.0 feed (`guid isPermaLink=false` = `?p=N`, pubDate in +0000), `/page/N/` archives, `post_class()`, shortlink, REST alternate link, `postid-N` body class, `rel=\"tag\"` / `rel=\"category tag\"` | MULTI (WordPress core conventions) |",
        "| captions: classic `div.wp-caption` + `p.wp-caption-text`, HTML5 `figure.wp-caption` + `figcaption`, block `figure.wp-block-image` + `figcaption.wp-element-caption`, galleries | MULTI (WordPress core) |",
        "| theme: `h1.entry-title`, `div.entry-content`, `time.entry-date`, `.author .fn`, `p.post-excerpt` lead, sidebar and footer | GUESS (common theme conventions) |",
        "| Yoast JSON-LD/meta (UTC times, raw title), Jetpack sharing, YARPP, Post Views Counter, lazy-load placeholder | GUESS (common plugins' output, not observed on this site) |",
        "",
        "Every title, paragraph, caption, person, unit and number is invented; nothing was copied",
        "from the seeds or any real site. The post URLs are slug permalinks (`/<slug>/`): the id is",
        "never in the URL.",
        "",
        "## Conventions of the expected values",
        "",
        "- Text is NFC, entities decoded (`&#8220;` → “), NBSP and whitespace runs folded.",
        "- `published_at`: JSON-LD / `article:published_time` (UTC on Yoast pages, converted to",
        "  +07:00) / `time.entry-date` / the `Ngày đăng:` date at midnight, in that order; null when",
        "  the page has none of them (18440). The header clock (`" + CLOCK + "`) and",
        "  the sidebar's `time.entry-date` of other posts are never a date. `listed_at` is the date",
        "  listings carry (API `date`, feed `pubDate`, archive `time`).",
        "- `byline` is the last content paragraph's text; `authors` come from it, or, without one,",
        "  from the WordPress account unless it is the generic `admin`.",
        "- Captions, the byline, the `Nguồn:` line, the `Ngày đăng:` line, sharing, related posts,",
        "  view counters and the comment form are not paragraphs. Sub-headings and list items are.",
        "",
        "## Listings",
        "",
        "| kind | path | file | ids (in order) | next |",
        "|---|---|---|---|---|",
    ]
    for row in listing_rows:
        ids = ", ".join(row["ids"])  # type: ignore[arg-type]
        nxt = f"`{row['next']}`" if row["next"] else "none"
        lines.append(f"| {row['kind']} | `{row['path']}` | `{row['file']}` | {ids} | {nxt} |")
    lines += [
        "",
        f"{len(rows)} posts. The API answers `per_page=20` pages; page 1 is full (so a next page",
        "exists), page 2 is not (so it is the last); no `index.json` exists under `posts/`, so any",
        "other query answers 404. The feed holds the 10 latest posts; the home page shows the",
        "sticky post 18120 first and then 10 posts per page.",
        "",
        "## Posts",
        "",
        "| id | slug | published_at | date sources | dateline | byline | authors | images | paras | cases |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cases = "; ".join(str(c).replace("|", "\\|") for c in r["cases"]) or "plain post"  # type: ignore[attr-defined]
        slug = str(r["url"]).rstrip("/").rsplit("/", 1)[-1]
        lines.append(
            f"| {r['id']} | `{slug}` | {r['published_at'] or '—'} | {', '.join(r['date_sources']) or '—'} | "  # type: ignore[arg-type]
            f"{r['dateline'] or '—'} | {r['byline'] or '—'} | {' / '.join(r['authors']) or '—'} | "  # type: ignore[arg-type]
            f"{len(r['images'])} | {len(r['paragraphs'])} | {cases} |"  # type: ignore[arg-type]
        )
    lines += [
        "",
        "## Closed-API twin",
        "",
        "`../quankhu2-closed-api/` (host `quankhu2-closed.invalid`) holds posts "
        + ", ".join(str(i) for i in CLOSED_IDS)
        + " with a feed and a",
        "home page but nothing under `/wp-json/`: the API answers 404 and discovery reads",
        "`fallback_listings` (`/feed/`, `/`).",
    ]
    return "\n".join(lines) + "\n"


def closed_manifest() -> str:
    return "\n".join([
        "# Quân khu 2 (WordPress) with its REST API closed",
        "",
        "Generated by `tests/snapshots/build_quankhu2_snapshot.py`, like `../quankhu2/` (see its",
        "MANIFEST.md for what the markup is based on). Host `quankhu2-closed.invalid`: posts "
        + ", ".join(str(i) for i in CLOSED_IDS) + ",",
        "the RSS feed `/feed/` and the home page `/`, and **nothing under `/wp-json/`**, so",
        "`/wp-json/wp/v2/posts?page=1&per_page=20` answers 404 and discovery falls back to",
        "`fallback_listings = [\"/feed/\", \"/\"]`. `expected.json` lists the ids each listing holds.",
        "",
    ])


def write(path: Path, data: bytes, produced: set[Path]) -> None:
    produced.add(path)
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def prune(folder: Path, produced: set[Path]) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path not in produced:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def dump(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def build_site(root: Path, host: str, posts: list[Post], *, api: bool, produced: set[Path]) -> None:
    site = root / host
    write(site / "robots.txt", robots(host).encode("utf-8"), produced)
    if api:
        for number, chunk in api_pages(posts):
            body = wp_json([api_post(p, posts, host) for p in chunk])
            write(site / "wp-json/wp/v2/posts" / f"index@page={number}&per_page={PER_PAGE}.json", body.encode("utf-8"), produced)
    write(site / "feed" / "index.xml", render_feed(posts, host).encode("utf-8"), produced)
    for ap in archive_pages(posts):
        target = site / "index.html" if ap.number == 1 else site / "page" / str(ap.number) / "index.html"
        write(target, render_archive(ap, posts, host).encode("utf-8"), produced)
    for p in posts:
        write(site / p.slug / "index.html", render_article(p, posts, host).encode("utf-8"), produced)


def main() -> int:
    ids = [p.id for p in POSTS]
    assert len(set(ids)) == len(ids), "duplicate id"
    assert sorted(POSTS, key=lambda p: p.pub, reverse=True) == POSTS, "posts must be newest first"
    assert len({p.slug for p in POSTS}) == len(POSTS), "duplicate slug"

    produced: set[Path] = set()
    build_site(ROOT, HOST, POSTS, api=True, produced=produced)
    rows = [expected_article(p) for p in POSTS]
    listing_rows = listings(POSTS)
    write(ROOT / "expected.json", dump({"host": HOST, "articles": rows, "listings": listing_rows}), produced)
    write(ROOT / "MANIFEST.md", manifest(rows, listing_rows).encode("utf-8"), produced)
    prune(ROOT / HOST, produced)

    closed = [p for p in POSTS if p.id in CLOSED_IDS]
    closed_produced: set[Path] = set()
    build_site(CLOSED_ROOT, CLOSED_HOST, closed, api=False, produced=closed_produced)
    closed_listings = [
        {"kind": "feed", "path": "/feed/", "ids": [str(p.id) for p in closed], "next": None},
        {"kind": "archive", "path": "/", "ids": [str(p.id) for p in closed], "next": None},
    ]
    closed_expected = {
        "host": CLOSED_HOST,
        "api": "/wp-json/wp/v2/posts?page=1&per_page=20",
        "api_status": 404,
        "articles": [expected_article(p, CLOSED_HOST) for p in closed],
        "listings": closed_listings,
    }
    write(CLOSED_ROOT / "expected.json", dump(closed_expected), closed_produced)
    write(CLOSED_ROOT / "MANIFEST.md", closed_manifest().encode("utf-8"), closed_produced)
    prune(CLOSED_ROOT / CLOSED_HOST, closed_produced)
    print(f"{len(POSTS)} posts → {ROOT}; {len(closed)} posts → {CLOSED_ROOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

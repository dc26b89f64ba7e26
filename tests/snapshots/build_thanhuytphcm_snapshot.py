# ruff: noqa: E501
"""Build the thanhuytphcm.vn replay snapshot: `tests/snapshots/thanhuytphcm/www.thanhuytphcm.vn/`
plus MANIFEST.md and expected.json.

Run from anywhere: `python tests/snapshots/build_thanhuytphcm_snapshot.py`. The output is
deterministic (same bytes on every run); files whose bytes did not change are not rewritten, and
files under the host folder that the script no longer produces are deleted.

No real page HTML of thanhuytphcm.vn / hcmcpv.org.vn is known (sites.md §5, §11). What IS known:
the URL shapes (articles `/tin-tuc/<slug>-<10-digit id>`, slugs that may start with `-`, the same
paths on the legacy domain, listings `/nhom-tin/<slug>-<id>`) and, from seed 003's cleaned text,
the order of the page's text: header clock, title, lead-image caption, the `(Thanhuytphcm.vn) - `
lead, the body with one caption printed twice, the bare Title-Case author line, then `Ý kiến bạn
đọc`, `refresh`, `Tổng lượt bình luận`, `Tin khác`, `Thông báo`. The markup around that text
(class names, the date element, pagination as `?page=N`, image boxes) is a GUESS, and so is each
variant below. Every title, lead, paragraph, caption, person and event is invented for this
fixture; only site chrome strings (clock format, comment-box labels, counters) are reused.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "thanhuytphcm"
HOST = "www.thanhuytphcm.vn"
SITE = f"https://{HOST}"
LEGACY = "hcmcpv.org.vn"
IMAGES = "https://images.hcmcpv.org.vn/res/news"
TZ = timezone(timedelta(hours=7))
CLOCK = "Thứ Bảy, ngày 22 tháng 11 năm 2025"  # the header clock: the scrape day, never a date
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
DATELINE = "(Thanhuytphcm.vn) - "
DATELINE_NBSP = "(Thanhuytphcm.vn)&nbsp;– "

GROUPS = {
    "xay-dung-dang-1491858110": "Xây dựng Đảng",
    "quoc-phong-an-ninh-1491858127": "Quốc phòng - An ninh",
}


# --- data model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class P:
    """A body paragraph; `html` is inline HTML. `<br>` splits it into two expected paragraphs."""

    html: str


@dataclass(frozen=True)
class Sub:
    """A bold sub-heading paragraph `<p><strong>…</strong></p>` (kept as body text)."""

    text: str


@dataclass(frozen=True)
class Img:
    """An image. Forms: `avatar` (lead box `p.avatar-caption`), `avatar_figure` (lead
    `figure > figcaption`), `figure` (in-body `figure > figcaption`), `double` (in-body table whose
    caption cell prints the caption twice: seed 003's `A A`), `alt` (caption only in the alt),
    `lazy` (placeholder `src`, real URL in `data-src`)."""

    name: str
    caption: str
    form: str = "figure"


Block = P | Sub | Img


@dataclass(frozen=True)
class Byline:
    html: str
    text: str
    authors: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    id: int
    group: str
    title: str
    lead: str | None  # the lead sentence after the dateline; None: no dateline lead
    lead_form: str  # "p" (first body <p>), "strong" (<p><strong>), "sapo" (div.news-sapo), "none"
    dateline: str  # DATELINE, DATELINE_NBSP or ""
    published: str  # "2025-07-08 15:20" local time (always set; see `dates`)
    dates: str  # "jsonld+meta", "jsonld", "meta", "element", "none"
    date_form: str  # "plain" (dd/mm/yyyy HH:MM), "weekday" (Thứ X, dd/mm/yyyy - HH:MM)
    avatar: Img | None  # the lead image outside the body
    body: tuple[Block, ...]
    byline: Byline | None
    tags: tuple[str, ...] = ()
    comments: str = "outside"  # "outside" (div.comment-box after the article) or "inside" the body
    related: str = "outside"  # "outside" (div.other-news) or "inside" the body, after the byline
    canonical_host: str = HOST  # the legacy domain on old articles
    ld_author: str | None = None
    cases: tuple[str, ...] = field(default=())

    @property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def path(self) -> str:
        return f"/tin-tuc/{self.slug}-{self.id}"

    @property
    def url(self) -> str:
        return SITE + self.path

    @property
    def canonical(self) -> str:
        return f"https://{self.canonical_host}{self.path}"

    @property
    def pub(self) -> datetime:
        return datetime.strptime(self.published, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)

    @property
    def has_date(self) -> bool:
        return self.dates != "none"


def slugify(text: str) -> str:
    """The site's slug: ASCII, lower case, runs of other characters as `-`. A title opening with a
    quote keeps a leading `-` (`/tin-tuc/-hi-hoa-…`, sites.md §5); no trailing `-`."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).rstrip("-")


# --- expected values -------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")


def plain(fragment: str) -> str:
    """Inline HTML → normalised text: tags dropped, entities decoded, NFC, spaces folded."""
    text = html.unescape(_TAGS.sub("", fragment))
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def split_credit(caption: str) -> tuple[str, str]:
    match = re.match(r"^(?P<cap>.*?)\s*\(?Ảnh:\s*(?P<credit>.+?)\)?\.?$", caption)
    if not match:
        return caption, ""
    return match.group("cap").strip(), match.group("credit").strip()


def img_url(a: Article, img: Img) -> str:
    d = a.pub
    stamp = hashlib.sha256(f"{a.id}/{img.name}".encode()).hexdigest()[:8].upper()
    return f"{IMAGES}/{d:%Y/%m}/{d:%d-%m-%Y}-{img.name}-{stamp}.jpg?vs={d:%d%m%Y%H%M}00"


def all_images(a: Article) -> list[Img]:
    return ([a.avatar] if a.avatar else []) + [b for b in a.body if isinstance(b, Img)]


def images(a: Article) -> list[dict[str, str]]:
    out = []
    for img in all_images(a):
        caption, credit = split_credit(plain(img.caption))
        out.append({"url": img_url(a, img), "caption": caption, "credit": credit})
    return out


def paragraphs(a: Article) -> list[str]:
    out: list[str] = []
    for block in a.body:
        if isinstance(block, P):
            out.extend(plain(part) for part in re.split(r"<br\s*/?>", block.html))
        elif isinstance(block, Sub):
            out.append(plain(block.text))
    return [p for p in out if p]


def sapo_text(a: Article) -> str:
    return plain(a.lead) if a.lead is not None else ""


def dateline_text(a: Article) -> str | None:
    return "(Thanhuytphcm.vn)" if a.dateline else None


def iso(dt: datetime) -> str:
    return dt.isoformat()


def date_text(a: Article) -> str:
    d = a.pub
    if a.date_form == "weekday":
        return f"{WEEKDAYS[d.weekday()]}, {d:%d/%m/%Y} - {d:%H:%M}"
    return f"{d:%d/%m/%Y %H:%M}"


# --- HTML pieces -----------------------------------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_img(a: Article, img: Img) -> str:
    src = esc(img_url(a, img))
    alt = esc(plain(img.caption))
    cap = img.caption
    if img.form == "avatar":
        return f'<div class="news-avatar">\n<img src="{src}" alt="{alt}">\n<p class="avatar-caption">{cap}</p>\n</div>'
    if img.form == "avatar_figure":
        return f'<figure class="news-avatar">\n<img src="{src}" alt="{alt}">\n<figcaption>{cap}</figcaption>\n</figure>'
    if img.form == "figure":
        return f'<figure class="image"><img src="{src}" alt="{alt}"><figcaption>{cap}</figcaption></figure>'
    if img.form == "double":
        return (
            '<table class="picture" align="center"><tbody>\n'
            f'<tr><td><img src="{src}" alt="{alt}"></td></tr>\n'
            f'<tr><td class="pCaption"><span class="img-alt">{cap}</span> {cap}</td></tr>\n'
            "</tbody></table>"
        )
    if img.form == "alt":
        return f'<p style="text-align: center;"><img src="{src}" alt="{alt}"></p>'
    if img.form == "lazy":
        return (
            f'<figure class="image"><img src="/Content/images/blank.gif" data-src="{src}" alt="">'
            f"<figcaption>{cap}</figcaption></figure>"
        )
    raise ValueError(img.form)


def lead_html(a: Article) -> str:
    if a.lead is None or a.lead_form in ("none", "sapo"):
        return ""
    if a.lead_form == "strong":
        return f"<p><strong>{a.dateline}{a.lead}</strong></p>"
    return f"<p>{a.dateline}{a.lead}</p>"


COMMENT_FORM = (
    '<form class="form-comment" action="/binh-luan" method="post">'
    '<input type="text" name="HoTen" placeholder="Họ và tên"><input type="text" name="Email" placeholder="Email">'
    '<textarea name="NoiDung" placeholder="Nội dung bình luận"></textarea>'
    '<img src="/captcha.ashx" alt="captcha"><button type="submit">Gửi bình luận</button></form>'
)


def comment_box(cls: str) -> str:
    return (
        f'<div class="{cls}">\n<div class="title-comment">Ý kiến bạn đọc</div>\n{COMMENT_FORM}\n'
        '<div class="captcha-refresh"><i class="material-icons">refresh</i></div>\n'
        '<div class="comment-total">Tổng lượt bình luận <span>0</span></div>\n</div>'
    )


# Links to articles that are NOT in the snapshot (related lists, sidebars): crawlers get 404.
ELSEWHERE = [
    ("Hội nghị giao ban công tác dân vận khu vực 1 quý III", 1491899021),
    ("Ra mắt mô hình khu phố không rác thải nhựa", 1491899137),
    ("Bồi dưỡng lý luận chính trị cho đảng viên mới", 1491899254),
    ("Thông báo lịch tiếp công dân tháng 12/2025", 1491899370),
    ("Thông báo kết quả tuyển dụng công chức khối Đảng", 1491899486),
    ("Tập huấn nghiệp vụ công tác kiểm tra, giám sát", 1491899503),
]


def elsewhere(index: int) -> tuple[str, str]:
    title, ident = ELSEWHERE[index % len(ELSEWHERE)]
    return f"/tin-tuc/{slugify(title)}-{ident}", title


def related_list(a: Article, cls: str) -> str:
    items = []
    for k in range(3):
        href, title = elsewhere(a.id + k)
        when = a.pub - timedelta(days=k + 3)
        items.append(f'<li><a href="{href}">{esc(title)}</a> <span>({when:%d/%m/%Y})</span></li>')
    return f'<div class="{cls}">\n<div class="title-box">Tin khác</div>\n<ul>' + "".join(items) + "</ul>\n</div>"


def notices_box() -> str:
    items = []
    for k in (3, 4):
        href, title = elsewhere(k)
        items.append(f'<li><a href="{href}">{esc(title)}</a><span class="news-date">2{k}/11/2025</span></li>')
    return '<div class="box-thongbao">\n<h3>Thông báo</h3>\n<ul>' + "".join(items) + "</ul>\n</div>"


MENU = (
    '<nav class="main-menu"><ul>'
    '<li><a href="/">Trang chủ</a></li>'
    + "".join(f'<li><a href="/nhom-tin/{slug}">{name}</a></li>' for slug, name in GROUPS.items())
    + '<li><a href="/nhom-tin/van-ban-tai-lieu-1491858134">Văn bản - Tài liệu</a></li>'
    '<li><a href="https://stxdd.thanhuytphcm.vn/">Sinh hoạt tư tưởng</a></li>'
    "</ul></nav>"
)

HEADER = (
    '<header class="header">\n'
    f'<div class="header-top"><span class="header-date">{CLOCK}</span>'
    '<a class="logo" href="/"><img src="/Content/images/logo.png" alt="Cổng thông tin điện tử Thành ủy TP. Hồ Chí Minh"></a></div>\n'
    f"{MENU}\n</header>"
)

FOOTER = (
    '<footer class="footer">\n'
    "<p>Cổng thông tin điện tử Thành ủy Thành phố Hồ Chí Minh</p>\n"
    "<p>Ghi rõ nguồn “Thanhuytphcm.vn” khi phát hành lại thông tin từ cổng thông tin này.</p>\n"
    "</footer>"
)


def side_column() -> str:
    return f'<aside class="col-side">\n{notices_box()}\n</aside>'


def render_body(a: Article) -> str:
    parts = []
    lead = lead_html(a)
    if lead:
        parts.append(lead)
    for block in a.body:
        if isinstance(block, P):
            parts.append(f"<p>{block.html}</p>")
        elif isinstance(block, Sub):
            parts.append(f"<p><strong>{block.text}</strong></p>")
        else:
            parts.append(render_img(a, block))
    if a.byline is not None:
        parts.append(a.byline.html)
    if a.related == "inside":
        parts.append(related_list(a, "tin-khac"))
    if a.comments == "inside":
        parts.append(comment_box("binh-luan"))
    return '<div class="news-content">\n' + "\n".join(parts) + "\n</div>"


def render_article(a: Article) -> str:
    imgs = all_images(a)
    described = sapo_text(a) or paragraphs(a)[0]
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(a.title)} - Thành ủy TP.HCM</title>",
        f'<meta name="description" content="{esc(described)}">',
        f'<meta property="og:title" content="{esc(a.title)}">',
        f'<meta property="og:description" content="{esc(described)}">',
        f'<meta property="og:url" content="{a.canonical}">',
        '<meta property="og:type" content="article">',
    ]
    if imgs:
        head.append(f'<meta property="og:image" content="{esc(img_url(a, imgs[0]))}">')
    if a.dates in ("jsonld+meta", "meta"):
        head.append(f'<meta property="article:published_time" content="{iso(a.pub)}">')
    head.append(f'<link rel="canonical" href="{a.canonical}">')
    if a.dates in ("jsonld+meta", "jsonld"):
        ld: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "datePublished": iso(a.pub),
            "mainEntityOfPage": a.canonical,
        }
        if imgs:
            ld["image"] = [img_url(a, imgs[0])]
        if a.ld_author:
            ld["author"] = {"@type": "Person", "name": a.ld_author}
        ld["publisher"] = {"@type": "Organization", "name": "Thành ủy Thành phố Hồ Chí Minh"}
        head.append('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False) + "</script>")
    info = (f'<span class="news-date">{date_text(a)}</span> ' if a.has_date else "") + f'<span class="news-view">Lượt xem: {a.id % 9000 + 312}</span>'
    sapo = ""
    if a.lead_form == "sapo" and a.lead is not None:
        sapo = f'<div class="news-sapo">{a.dateline}{a.lead}</div>\n'
    tags = ""
    if a.tags:
        tags = '<div class="news-tags">Từ khóa: ' + ", ".join(
            f'<a href="/tim-kiem?q={esc(t)}">{esc(t)}</a>' for t in a.tags
        ) + "</div>\n"
    group = GROUPS[a.group]
    avatar = render_img(a, a.avatar) + "\n" if a.avatar else ""
    after = ""
    if a.comments == "outside":
        after += comment_box("comment-box") + "\n"
    if a.related == "outside":
        after += related_list(a, "other-news") + "\n"
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n'
        + "\n".join(head)
        + "\n</head>\n<body>\n"
        + HEADER
        + '\n<div class="container"><div class="row">\n<div class="col-main">\n'
        + f'<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/nhom-tin/{a.group}">{group}</a></div>\n'
        + '<div class="news-detail">\n'
        + f'<h1 class="news-title">{esc(a.title)}</h1>\n'
        + f'<div class="news-info">{info}</div>\n'
        + sapo
        + avatar
        + render_body(a)
        + "\n"
        + tags
        + '<div class="share-tools"><a href="#">Chia sẻ</a> <a href="#">In bài</a></div>\n'
        + "</div>\n"
        + after
        + "</div>\n"
        + side_column()
        + "\n</div></div>\n"
        + FOOTER
        + "\n</body>\n</html>\n"
    )


# --- listings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingPage:
    group: str
    page: int
    pages: int
    ids: tuple[int, ...]
    hrefs: tuple[str, ...]  # one per id: "abs", "rel", "legacy", "legacy_www_http", "utm", "fragment", "zalo"
    offsite: tuple[tuple[str, str], ...] = ()  # (href, title) inside the listing block: ignored

    @property
    def path(self) -> str:
        base = f"/nhom-tin/{self.group}"
        return base if self.page == 1 else f"{base}?page={self.page}"

    @property
    def next_path(self) -> str | None:
        return f"/nhom-tin/{self.group}?page={self.page + 1}" if self.page < self.pages else None

    @property
    def file(self) -> str:
        base = f"nhom-tin/{self.group}"
        return f"{base}/index.html" if self.page == 1 else f"{base}/index@page={self.page}.html"


def href_for(a: Article, kind: str) -> str:
    if kind == "abs":
        return a.url
    if kind == "rel":
        return a.path
    if kind == "legacy":
        return f"https://{LEGACY}{a.path}?utm_source=facebook&amp;utm_medium=social&amp;utm_campaign=chia-se"
    if kind == "legacy_www_http":
        return f"http://www.{LEGACY}{a.path}"
    if kind == "utm":
        return f"{a.url}?utm_source=zalo&amp;utm_medium=zalo&amp;zarsrc=30"
    if kind == "fragment":
        return f"{a.url}#binh-luan"
    raise ValueError(kind)


def listing_item(a: Article, href: str, featured: bool) -> str:
    imgs = all_images(a)
    thumb = ""
    if imgs:
        thumb = f'<a class="thumb" href="{href}"><img src="{esc(img_url(a, imgs[0]))}" alt=""></a>\n'
    date = f'<span class="news-date">{a.pub:%d/%m/%Y %H:%M}</span>\n' if a.has_date else ""
    summary = sapo_text(a) or paragraphs(a)[0]
    cls = "news-item featured" if featured else "news-item"
    return (
        f'<div class="{cls}">\n{thumb}<h3><a class="title" href="{href}">{esc(a.title)}</a></h3>\n'
        f"{date}<p class=\"summary\">{esc(summary)}</p>\n</div>"
    )


def render_listing(lp: ListingPage, by_id: dict[int, Article]) -> str:
    name = GROUPS[lp.group]
    items = [
        listing_item(by_id[ident], href_for(by_id[ident], kind), lp.page == 1 and n == 0)
        for n, (ident, kind) in enumerate(zip(lp.ids, lp.hrefs, strict=True))
    ]
    for href, title in lp.offsite:
        items.insert(2, f'<div class="news-item">\n<h3><a class="title" href="{href}">{esc(title)}</a></h3>\n</div>')
    pager = ""
    if lp.pages > 1:
        links = []
        base = f"/nhom-tin/{lp.group}"
        if lp.page > 1:
            links.append(f'<li><a href="{base}?page={lp.page - 1}" rel="prev">«</a></li>')
        for k in range(1, lp.pages + 1):
            active = ' class="active"' if k == lp.page else ""
            links.append(f'<li{active}><a href="{base}?page={k}">{k}</a></li>')
        if lp.next_path:
            links.append(f'<li><a href="{lp.next_path}" rel="next">»</a></li>')
        pager = '<ul class="pagination">' + "".join(links) + "</ul>\n"
    title = name if lp.page == 1 else f"{name} - Trang {lp.page}"
    hot = "".join(
        f'<li><a href="{elsewhere(k)[0]}">{esc(elsewhere(k)[1])}</a></li>' for k in (0, 1, 2)
    )
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)} - Thành ủy TP.HCM</title>\n"
        f'<link rel="canonical" href="{SITE}{lp.path}">\n'
        "</head>\n<body>\n"
        + HEADER
        + '\n<div class="container"><div class="row">\n<div class="col-main">\n'
        + f'<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/nhom-tin/{lp.group}">{name}</a></div>\n'
        + f'<h2 class="group-title">{name}</h2>\n'
        + '<div class="list-news">\n'
        + "\n".join(items)
        + "\n</div>\n"
        + pager
        + "</div>\n"
        + '<aside class="col-side">\n'
        + notices_box()
        + f'\n<div class="box-xemnhieu"><h3>Tin xem nhiều</h3><ul>{hot}</ul></div>\n'
        + "</aside>\n</div></div>\n"
        + FOOTER
        + "\n</body>\n</html>\n"
    )


ROBOTS = """User-agent: *
Allow: /
Disallow: /admin/
Disallow: /binh-luan
Disallow: /tim-kiem
"""


# --- the articles ----------------------------------------------------------------------------


def author(name_html: str, style: str = "", names: tuple[str, ...] = ()) -> Byline:
    """An author line; its names are the text split on ` - ` unless given."""
    text = plain(name_html)
    names = names or tuple(n.strip() for n in re.split(r"\s+-\s+", text))
    attr = f' style="{style}"' if style else ""
    return Byline(f"<p{attr}>{name_html}</p>", text, names)


ARTICLES = [
    Article(
        id=1491907325,
        group="xay-dung-dang-1491858110",
        title="Đảng bộ phường Bến Thành sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2025",
        lead="Chiều 8/7, Đảng ủy phường Bến Thành tổ chức hội nghị sơ kết công tác xây dựng Đảng và hệ thống chính trị 6 tháng đầu năm, triển khai phương hướng, nhiệm vụ những tháng cuối năm 2025.",
        lead_form="p",
        dateline=DATELINE,
        published="2025-07-08 15:20",
        dates="jsonld+meta",
        date_form="plain",
        avatar=Img("so-ket-ben-thanh", "Toàn cảnh hội nghị", "avatar"),
        body=(
            P("Theo báo cáo, trong 6 tháng đầu năm, Đảng bộ phường đã tổ chức quán triệt các chỉ thị, nghị quyết mới của cấp trên đến 100% chi bộ trực thuộc; kết nạp 14 đảng viên mới, vượt chỉ tiêu đề ra. Công tác kiểm tra, giám sát được thực hiện theo đúng kế hoạch, góp phần giữ vững kỷ cương trong sinh hoạt đảng."),
            P("Việc sắp xếp tổ chức bộ máy sau khi vận hành chính quyền địa phương hai cấp được triển khai khẩn trương. Các chi bộ khu phố duy trì sinh hoạt định kỳ, nội dung sinh hoạt chuyên đề gắn với những vấn đề dân cư quan tâm như trật tự đô thị, vệ sinh môi trường và an sinh xã hội."),
            Img("bi-thu-phat-bieu", "Bí thư Đảng ủy phường Lê Minh Đức kết luận hội nghị", "double"),
            P("Phát biểu chỉ đạo, đồng chí Lê Minh Đức, Bí thư Đảng ủy phường đề nghị các chi bộ tiếp tục nâng cao chất lượng sinh hoạt, phát huy vai trò tiền phong, gương mẫu của đảng viên; chủ động nắm tình hình tư tưởng trong cán bộ, đảng viên và nhân dân để kịp thời định hướng."),
            P("Dịp này, Đảng ủy phường khen thưởng 6 tập thể và 11 cá nhân có thành tích tiêu biểu trong thực hiện nhiệm vụ 6 tháng đầu năm."),
        ),
        byline=author("<strong>Minh Khoa</strong>"),
        tags=("xây dựng Đảng", "phường Bến Thành"),
        cases=("JSON-LD + article:published_time", "lead image `div.news-avatar` caption `Toàn cảnh hội nghị`",
               "caption printed twice (`A A`) in a table cell", "bold Title-Case author line",
               "comment box and `Tin khác` after the article"),
    ),
    Article(
        id=1491906810,
        group="xay-dung-dang-1491858110",
        title="“Dân vận khéo” góp phần xây dựng khu phố văn minh, an toàn",
        lead="Thời gian qua, nhiều mô hình “Dân vận khéo” ở các khu phố đã phát huy hiệu quả, huy động được sức dân cùng chung tay chỉnh trang hẻm, giữ gìn an ninh trật tự và chăm lo người có hoàn cảnh khó khăn.",
        lead_form="strong",
        dateline=DATELINE,
        published="2025-06-24 09:05",
        dates="meta",
        date_form="weekday",
        avatar=None,
        body=(
            Img("hem-xanh", "Người dân khu phố 3 cùng trồng cây xanh trong hẻm", "figure"),
            P("Tại khu phố 3, sau nhiều buổi họp dân, tổ dân vận đã vận động các hộ dân tự nguyện lùi hàng rào, mở rộng lối đi cho xe cứu thương ra vào. Công trình hoàn thành chỉ sau hai tháng với kinh phí hoàn toàn do người dân đóng góp."),
            Sub("Lắng nghe để thấu hiểu"),
            P("Theo Bí thư chi bộ khu phố, bí quyết của mô hình là kiên trì đối thoại, công khai mọi khoản thu chi và để người dân tự quyết định cách làm. Khi người dân thấy rõ lợi ích thiết thực, việc vận động trở nên thuận lợi hơn nhiều."),
            P("Nhiều hộ kinh doanh trong hẻm cũng cam kết không lấn chiếm vỉa hè, giữ vệ sinh chung; tổ an ninh tự quản duy trì tuần tra vào ban đêm, góp phần kéo giảm các vụ trộm cắp vặt."),
        ),
        byline=author("<strong>Ngọc Lan</strong>", "text-align: right;"),
        comments="inside",
        cases=("slug starting with `-` (title opens with a quote)", "article:published_time only (no JSON-LD)",
               "lead `<p><strong>(Thanhuytphcm.vn) - …`", "in-body first `figure > figcaption`",
               "comment box INSIDE the body (`Ý kiến bạn đọc`, `refresh`, `Tổng lượt bình luận`): cut by text",
               "right-aligned bold author", "listed via the legacy domain with utm_* parameters"),
    ),
    Article(
        id=1491905544,
        group="xay-dung-dang-1491858110",
        title="Hội nghị báo cáo viên Thành phố định kỳ tháng 3/2024",
        lead="Sáng 14/3, Ban Tuyên giáo Thành ủy tổ chức hội nghị báo cáo viên định kỳ, thông tin tình hình thời sự trong nước, quốc tế và định hướng công tác tuyên truyền trong thời gian tới.",
        lead_form="p",
        dateline=DATELINE,
        published="2024-03-14 11:40",
        dates="element",
        date_form="plain",
        avatar=Img("hoi-nghi-bao-cao-vien", "Quang cảnh hội nghị báo cáo viên", "avatar"),
        body=(
            P("Tại hội nghị, các đại biểu được nghe báo cáo chuyên đề về tình hình kinh tế - xã hội Thành phố quý I, những kết quả nổi bật trong thu hút đầu tư và các giải pháp tháo gỡ khó khăn cho doanh nghiệp nhỏ và vừa."),
            Img("dai-bieu-trao-doi", "Các đại biểu trao đổi bên lề hội nghị. Ảnh: Quốc Bảo", "figure"),
            P("Báo cáo viên các cấp được đề nghị bám sát thực tiễn cơ sở, kịp thời nắm bắt dư luận xã hội, chủ động cung cấp thông tin chính thống để phản bác các quan điểm sai trái, thù địch trên không gian mạng."),
            P("Hội nghị cũng triển khai kế hoạch tuyên truyền kỷ niệm các ngày lễ lớn trong quý II, trong đó chú trọng hình thức trực quan, gần gũi với thanh niên."),
        ),
        byline=author("Thu Hương - Quốc Bảo", "text-align: right;"),
        tags=("báo cáo viên",),
        cases=("no JSON-LD, no meta: date only in `.news-date` next to the title",
               "two authors joined by ` - `", "caption credit `Ảnh: X`",
               "listed on both listings (root-relative href and `http://www.hcmcpv.org.vn`)"),
    ),
    Article(
        id=1491904102,
        group="xay-dung-dang-1491858110",
        title="Sôi nổi hội thi tìm hiểu lịch sử Đảng bộ Thành phố trong đoàn viên thanh niên",
        lead=None,
        lead_form="none",
        dateline="",
        published="2023-10-20 10:00",
        dates="none",
        date_form="plain",
        avatar=None,
        body=(
            P("Hội thi thu hút 24 đội thi đến từ các cơ sở Đoàn trên địa bàn Thành phố, với các phần thi kiến thức, hùng biện và sân khấu hóa những trang sử hào hùng của Đảng bộ và nhân dân Thành phố."),
            P("Ở phần thi hùng biện, nhiều thí sinh chọn kể lại câu chuyện về những chiến sĩ cách mạng từng hoạt động bí mật trong lòng đô thị, qua đó bày tỏ niềm tự hào và trách nhiệm của tuổi trẻ hôm nay."),
            P("Ban tổ chức trao giải nhất cho đội thi đến từ khối trường đại học, cùng nhiều giải phụ cho các tiết mục có ý tưởng sáng tạo."),
        ),
        byline=author("<em>Theo Báo Sài Gòn Giải Phóng</em>", "text-align: right;", ("Báo Sài Gòn Giải Phóng",)),
        related="inside",
        canonical_host=LEGACY,
        cases=("legacy article: canonical and og:url on `hcmcpv.org.vn`", "no date anywhere: published_at null (the clock is never used)",
               "no dateline: no sapo", "`Theo X` credit line", "`Tin khác` list INSIDE the body after the byline: cut by text",
               "no images"),
    ),
    Article(
        id=1491907012,
        group="xay-dung-dang-1491858110",
        title="Nâng cao chất lượng bồi dưỡng lý luận chính trị cho đảng viên trẻ",
        lead="Trung tâm Chính trị phường Sài Gòn vừa khai giảng lớp bồi dưỡng lý luận chính trị dành cho 85 đảng viên dưới 35 tuổi, với nhiều đổi mới về phương pháp giảng dạy.",
        lead_form="sapo",
        dateline=DATELINE_NBSP,
        published="2025-07-02 16:45",
        dates="jsonld+meta",
        date_form="weekday",
        avatar=None,
        body=(
            P("Khác với các lớp trước, chương trình năm nay dành nhiều thời lượng cho thảo luận nhóm và&nbsp;thực hành xử lý tình huống. Học viên được chia thành từng tổ, cùng phân tích những vấn đề nảy sinh tại chi bộ nơi mình sinh hoạt."),
            Img("lop-boi-duong", "Học viên thảo luận nhóm trong giờ học (Ảnh: Phương Vy)", "lazy"),
            P("Giảng viên của lớp gồm cán bộ lãnh đạo phường và báo cáo viên có nhiều kinh nghiệm thực tiễn.<br>Cuối khóa, mỗi học viên sẽ viết một bài thu hoạch gắn với nhiệm vụ cụ thể của cơ quan, đơn vị."),
            P("Đại diện Trung tâm Chính trị cho biết, đơn vị sẽ tiếp tục lấy ý kiến học viên sau mỗi chuyên đề để điều chỉnh nội dung cho sát với nhu cầu."),
        ),
        byline=author("<em>Phương Vy</em>"),
        tags=("bồi dưỡng chính trị", "đảng viên trẻ"),
        ld_author="Phương Vy",
        cases=("lead in a separate `div.news-sapo` (GUESS)", "dateline with NBSP and en dash",
               "lazy image (`data-src`, placeholder `src`)", "caption credit `(Ảnh: X)`",
               "`&nbsp;` inside a paragraph", "`<br>` splitting one `<p>` into two paragraphs",
               "listed with a `#fragment`"),
    ),
    Article(
        id=1491906255,
        group="quoc-phong-an-ninh-1491858127",
        title="Lực lượng vũ trang Thành phố ra quân huấn luyện năm 2025",
        lead="Sáng 10/2, Bộ Tư lệnh Thành phố tổ chức lễ ra quân huấn luyện năm 2025, quán triệt phương châm sát thực tế chiến đấu, lấy huấn luyện đồng bộ làm trọng tâm.",
        lead_form="p",
        dateline=DATELINE,
        published="2025-02-10 10:30",
        dates="jsonld",
        date_form="plain",
        avatar=None,
        body=(
            Sub("Huấn luyện sát thực tế"),
            P("Năm nay, nội dung huấn luyện tập trung vào các tình huống bảo vệ mục tiêu trọng điểm trong đô thị, phòng chống khủng bố và tìm kiếm cứu nạn. Các đơn vị được yêu cầu rèn luyện bộ đội thuần thục vũ khí, trang bị hiện có."),
            P("Cùng với huấn luyện quân sự, công tác giáo dục chính trị, xây dựng môi trường văn hóa trong đơn vị được chú trọng nhằm giữ vững bản lĩnh, kỷ luật của cán bộ, chiến sĩ."),
            P("Ngay sau lễ ra quân, các đơn vị đồng loạt tổ chức huấn luyện theo kế hoạch và bảo đảm an toàn tuyệt đối về người, vũ khí, trang bị."),
        ),
        byline=None,
        cases=("JSON-LD only (no meta)", "no author line: the last paragraph is a sentence, byline null",
               "bold sub-heading kept as body text", "no images", "listed with `?utm_*&zarsrc`"),
    ),
    Article(
        id=1491905980,
        group="quoc-phong-an-ninh-1491858127",
        title="Tổng kết công tác giáo dục quốc phòng và an ninh năm 2024",
        lead="Chiều 27/12, Hội đồng Giáo dục quốc phòng và an ninh Thành phố tổ chức hội nghị tổng kết năm 2024, đánh giá kết quả bồi dưỡng kiến thức quốc phòng cho các đối tượng.",
        lead_form="p",
        dateline=DATELINE,
        published="2024-12-27 17:10",
        dates="jsonld+meta",
        date_form="plain",
        avatar=Img("tong-ket-gdqp", "Quang cảnh hội nghị tổng kết", "avatar_figure"),
        body=(
            P("Trong năm, Thành phố đã tổ chức bồi dưỡng kiến thức quốc phòng và an ninh cho hơn 3.200 cán bộ thuộc các đối tượng, đạt kế hoạch đề ra. Công tác giáo dục cho học sinh, sinh viên tiếp tục được duy trì nền nếp."),
            Img("khen-thuong-gdqp", "Trao bằng khen cho các tập thể có thành tích xuất sắc", "alt"),
            P("Hội nghị chỉ ra một số hạn chế như việc cử cán bộ đi học ở một vài đơn vị còn chậm, tài liệu phổ biến kiến thức cho toàn dân chưa phong phú; đồng thời đề ra giải pháp khắc phục trong năm 2025."),
        ),
        byline=author("<strong>Đức Trí</strong>", "text-align: right;"),
        tags=("giáo dục quốc phòng",),
        cases=("lead image as `figure.news-avatar > figcaption`", "in-body image with the caption only in `alt`"),
    ),
]

LISTINGS = [
    ListingPage(
        "xay-dung-dang-1491858110", 1, 2,
        (1491907325, 1491906810, 1491905544), ("abs", "legacy", "rel"),
        offsite=(
            ("https://www.qdnd.vn/chinh-tri/tin-tuc/hoi-nghi-bao-cao-vien-toan-quan-1015058", "Hội nghị báo cáo viên toàn quân (Báo QĐND)"),
            ("https://stxdd.thanhuytphcm.vn/tin-tuc/sinh-hoat-tu-tuong-thang-7-1491901809", "Chuyên đề sinh hoạt tư tưởng tháng 7"),
        ),
    ),
    ListingPage(
        "xay-dung-dang-1491858110", 2, 2,
        (1491904102, 1491907012), ("rel", "fragment"),
    ),
    ListingPage(
        "quoc-phong-an-ninh-1491858127", 1, 1,
        (1491906255, 1491905980, 1491905544), ("utm", "abs", "legacy_www_http"),
        offsite=(("https://dangcongsan.vn/quoc-phong/ra-quan-huan-luyen-2025-691234.html", "Ra quân huấn luyện năm 2025 (Báo Điện tử Đảng Cộng sản)"),),
    ),
]


# --- output ----------------------------------------------------------------------------------


def expected(a: Article) -> dict[str, object]:
    listed = [f"{lp.path} #{lp.ids.index(a.id) + 1}" for lp in LISTINGS if a.id in lp.ids]
    return {
        "id": str(a.id),
        "url": a.url,
        "title": plain(a.title),
        "sapo": sapo_text(a),
        "dateline": dateline_text(a),
        "published_at": iso(a.pub) if a.has_date else None,
        "byline": a.byline.text if a.byline else None,
        "authors": list(a.byline.authors) if a.byline else [],
        "paragraphs": paragraphs(a),
        "images": images(a),
        "tags": list(a.tags),
        "original_url": None,
        "category": GROUPS[a.group],
        "canonical": a.canonical,
        "date_sources": a.dates,
        "listed_on": listed,
        "cases": list(a.cases),
    }


def manifest(rows: list[dict[str, object]]) -> str:
    lines = [
        "# thanhuytphcm.vn replay snapshot",
        "",
        "Generated by `tests/snapshots/build_thanhuytphcm_snapshot.py` (edit the script and re-run it;",
        "never edit the HTML by hand). `expected.json` holds the expected values of every article and",
        "listing page, written from the generator's data (not from the parser).",
        "",
        "**This snapshot is our own work, and its markup is a best guess.** No real page HTML of",
        "thanhuytphcm.vn or hcmcpv.org.vn is known (`../shared/docs/sites.md` §5, §11). Every title,",
        "lead, paragraph, caption, person and event is invented; only site chrome (the clock format,",
        "the comment-box labels and counter, `Tin khác`, `Thông báo`) is reused from seed 003.",
        "",
        "Served by `python -m scrapers.replay tests/snapshots/thanhuytphcm` (Host: `www.thanhuytphcm.vn`;",
        "links on the legacy `hcmcpv.org.vn` are normalised to that host before fetching).",
        "",
        "## What the markup is based on",
        "",
        "| item | evidence | in the snapshot |",
        "|---|---|---|",
        "| article URL `/tin-tuc/<slug>-<10 digits>`, slug may start with `-` | MULTI (sites.md §5) | all articles; 1491906810 has a leading `-` |",
        "| same paths/ids on `hcmcpv.org.vn` / `www.hcmcpv.org.vn` | MULTI | listing links, one canonical |",
        "| listing `/nhom-tin/<slug>-<id>` | MULTI | two listings |",
        "| pagination `?page=N`, `ul.pagination a[rel=next]` | **GUESS** | served as `index@page=N.html` |",
        "| header clock `Thứ X, ngày d tháng m năm yyyy` (scrape day) | VERIFIED-DATA (seed 003 text) | `span.header-date`: `" + CLOCK + "` |",
        "| lead opens with `(Thanhuytphcm.vn) - ` | VERIFIED-DATA (text) | first body `<p>` (or `p > strong`, or `div.news-sapo`: GUESS) |",
        "| lead-image caption between title and lead | VERIFIED-DATA (text order) | `div.news-avatar > p.avatar-caption` / `figure.news-avatar` (GUESS) |",
        "| one caption printed twice (`A A`) | VERIFIED-DATA (text) | `td.pCaption` with alt copy + caption (GUESS markup) |",
        "| bare Title-Case author as the last line (`Thế Anh`) | VERIFIED-DATA (text) | `<p>`, often bold / right-aligned (GUESS) |",
        "| `Ý kiến bạn đọc`, `refresh`, `Tổng lượt bình luận`, `Tin khác`, `Thông báo` after the body | VERIFIED-DATA (text); `refresh` as `<i class=material-icons>` is GUESS | `div.comment-box`, `div.other-news`, `aside .box-thongbao`; two articles have them inside the body |",
        "| title `h1.news-title`, date `.news-info .news-date`, body `.news-detail .news-content`, tags `.news-tags a`, breadcrumb `.breadcrumb a` | **GUESS** | all articles |",
        "| JSON-LD `NewsArticle`, `article:published_time` | **GUESS** (sites.md says prefer them) | varies per article (below) |",
        "| images on `images.hcmcpv.org.vn/res/news/YYYY/MM/DD-MM-YYYY-<slug>-<8HEX>.jpg?vs=…` | MULTI (URL shape) | all images |",
        "",
        "## Conventions of the expected values",
        "",
        "- Text is NFC, entities decoded, NBSP and whitespace runs folded to one space, trimmed.",
        "- `sapo` is the lead without its dateline (`dateline` = `(Thanhuytphcm.vn)`); an article with",
        "  no dateline lead has an empty sapo and all its paragraphs in `paragraphs`.",
        "- `published_at` is the article's own time (JSON-LD, `article:published_time` or `.news-date`,",
        "  equal wherever present); the listing `.news-date` shows the same minute. The header clock,",
        "  the `Tin khác` dates and the `Thông báo` dates are always other dates. `null`: the page has",
        "  no date of its own.",
        "- `byline` is the author line as printed; `authors` its names. Captions (`images[].caption`,",
        "  credit `Ảnh: X` split off), the byline, the comment box, related list and notices are never",
        "  body paragraphs.",
        "- Links to ids 149189xxxx (`Tin khác`, `Thông báo`, `Tin xem nhiều`) are not in the snapshot (404),",
        "  nor are search pages, the sub-site `stxdd.thanhuytphcm.vn` or other hosts.",
        "",
        "## Listings",
        "",
        "| page | file | articles (in order) | next | link forms | ignored links in the block |",
        "|---|---|---|---|---|---|",
    ]
    for lp in LISTINGS:
        nxt = f"`{lp.next_path}`" if lp.next_path else "none (last page)"
        off = ", ".join(f"`{h}`" for h, _ in lp.offsite) or "—"
        lines.append(
            f"| `{lp.path}` | `{lp.file}` | {', '.join(map(str, lp.ids))} | {nxt} | {', '.join(lp.hrefs)} | {off} |"
        )
    lines += [
        "",
        "`/nhom-tin/xay-dung-dang-1491858110?page=1` (`index@page=1.html`) is a copy of page 1 (the",
        "pager links it). Link forms: `abs` https://www.thanhuytphcm.vn, `rel` root-relative, `legacy`",
        "https://hcmcpv.org.vn + `utm_*`, `legacy_www_http` http://www.hcmcpv.org.vn, `utm` `utm_*` +",
        "`zarsrc`, `fragment` `#binh-luan`. Every listing page also has a `Thông báo` and a `Tin xem",
        "nhiều` sidebar with article links outside the listing block: they must not be listed.",
        "",
        "## Articles",
        "",
        "| id | path | published_at | date sources | dateline | byline | authors | images | paras | cases |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        imgs = r["images"]
        paras = r["paragraphs"]
        assert isinstance(imgs, list) and isinstance(paras, list)
        authors = " / ".join(str(x) for x in r["authors"])  # type: ignore[attr-defined]
        cases = "; ".join(str(c) for c in r["cases"])  # type: ignore[attr-defined]
        path = str(r["url"]).replace(SITE, "")
        byline = f"`{r['byline']}`" if r["byline"] else "—"
        lines.append(
            f"| {r['id']} | `{path}` | {r['published_at']} | {r['date_sources']} | {r['dateline'] or '—'} | {byline} | {authors or '—'} | {len(imgs)} | {len(paras)} | {cases} |"
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
    assert all(len(str(i)) == 10 for i in by_id), "ids have 10 digits"
    assert {i for lp in LISTINGS for i in lp.ids} == set(by_id), "every article must be listed"
    produced: set[Path] = set()
    site = ROOT / HOST
    write(site / "robots.txt", ROBOTS.encode("utf-8"), produced)
    for lp in LISTINGS:
        page = render_listing(lp, by_id).encode("utf-8")
        write(site / lp.file, page, produced)
        if lp.page == 1 and lp.pages > 1:
            write(site / f"nhom-tin/{lp.group}/index@page=1.html", page, produced)
    for a in ARTICLES:
        write(site / a.path.strip("/") / "index.html", render_article(a).encode("utf-8"), produced)
    rows = [expected(a) for a in ARTICLES]
    listings = [{"path": lp.path, "ids": [str(i) for i in lp.ids], "next": lp.next_path} for lp in LISTINGS]
    data = {"host": HOST, "clock": CLOCK, "articles": rows, "listings": listings}
    write(ROOT / "expected.json", (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), produced)
    write(ROOT / "MANIFEST.md", manifest(rows).encode("utf-8"), produced)
    for path in sorted(site.rglob("*"), reverse=True):
        if path.is_file() and path not in produced:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    print(f"{len(ARTICLES)} articles, {len(LISTINGS)} listing pages → {ROOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

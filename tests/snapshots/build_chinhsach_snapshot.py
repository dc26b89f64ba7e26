# ruff: noqa: E501
"""Build the chinhsachquandoi.gov.vn replay snapshot: `tests/snapshots/chinhsach/chinhsachquandoi.gov.vn/`
plus MANIFEST.md and expected.json.

Run from anywhere: `python tests/snapshots/build_chinhsach_snapshot.py`. The output is
deterministic (same bytes on every run); files whose bytes did not change are not rewritten (their
mtime is the replay server's Last-Modified), and files the script no longer produces are deleted.

**No real page HTML of this site is known** (sites.md §1, §7, §11). The markup here is a best guess
of an ASP.NET government portal: the URL scheme `chi-tiet-tin-tuc.htm?id=N` mirrors the portal's
known data pages (`chi-tiet-liet-si.htm?id=N`, `chi-tiet-van-ban.htm?loai=…&id=N`), and every
class and id is invented. What *is* modelled on real evidence is the text signature of seed 002
(sites.md §1, §7, §9): the `Số lượt đọc: N Cập nhật lúc: dd/mm/yyyy HH:MM:SS` counter line,
captions broken over two lines with `<br>`, the `* Ảnh đại diện: …` lead-image caption with the
credit `…/Cục Chính sách` glued to it, and the run-together sidebar labels after the counter
(`Video`, `Ảnh`, `CSDLDVCBNSHoidap`), plus the absent title line. Every title, sapo, paragraph,
caption, name and number is invented for this fixture; nothing was copied from the seeds.

The article data is in `ARTICLES` at the bottom; `render_*` turn it into HTML and `expected()`
derives what a correct parser must extract (MANIFEST.md, expected.json).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "chinhsach"
HOST = "chinhsachquandoi.gov.vn"
SITE = f"https://{HOST}"
DATAFILE = "https://datafile.chinhsachquandoi.gov.vn/ecm/source_files"
TZ = timezone(timedelta(hours=7))
CLOCK = "Thứ Bảy, ngày 22 tháng 11 năm 2025"  # the snapshot day, shown by the header clock
SIDEBAR_DAY = "21/11/2025"
SITE_DESCRIPTION = "Cổng thông tin điện tử Cục Chính sách - Tổng cục Chính trị"
ARTICLE_PATH = "/chi-tiet-tin-tuc.htm"
PREFIX = "ctl00_cphMain_ucTinChiTiet_"  # ASP.NET control ids of the legacy layout

CATEGORIES = {"tin-tuc": "Tin tức - Sự kiện", "chinh-sach-moi": "Chính sách mới"}


# --- data model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class P:
    """A body paragraph; `html` is inline HTML."""

    html: str


@dataclass(frozen=True)
class Sub:
    """A bold numbered sub-heading, kept as body text."""

    text: str


@dataclass(frozen=True)
class Items:
    """A `<ul>`: every item is a paragraph."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Breaks:
    """Legacy editor: one `<div>` whose paragraphs are separated by `<br><br>`."""

    paras: tuple[str, ...]


@dataclass(frozen=True)
class Pic:
    """A body picture. `lines` are the caption lines (joined by hard `<br>` breaks).

    form: p_next (image `<p>`, then a centred caption `<p>`, then an empty `<p>&nbsp;</p>`),
    p_next_em (same, caption in `<em>`), same_p (image `<br>` `<em>` caption in one centred `<p>`),
    div_same (legacy `<div align=center>` with `<img><br><i>…</i>`), table, figure.
    credit_form: "" (none), "paren_line" (an extra line `(Ảnh: X)`), "inline" (` Ảnh: X` appended).
    """

    file: str
    lines: tuple[str, ...]
    form: str
    credit: str = ""
    credit_form: str = ""
    on_datafile: bool = True


@dataclass(frozen=True)
class Rep:
    """The `* Ảnh đại diện: …` lead-image caption at the end of the body.

    glue: "text" (credit glued in the text itself, as in seed 002), "strong" (caption in `<em>`,
    credit in a `<strong>` right after it: glued by the inline join), "none" (no credit).
    """

    caption: str
    credit: str = ""
    glue: str = "none"


Block = P | Sub | Items | Breaks | Pic


@dataclass(frozen=True)
class Byline:
    html: str
    text: str
    authors: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    id: int
    cat: str
    layout: str  # modern, panel (seed 002 signature), legacy (ASP.NET labels)
    title: str
    updated: str  # the `Cập nhật lúc` value, dd/mm/yyyy HH:MM:SS
    views: int
    sapo: str | None
    body: tuple[Block, ...]
    byline: Byline | None = None
    rep: Rep | None = None
    og_title: str | None = None  # the og:title content (None: no og:title)
    og_image: str | None = None
    meta_time: bool = False  # article:published_time in the head
    dateline: str = ""  # "QĐND - " before the first paragraph
    source_url: str | None = None  # `Nguồn QĐND <url>` line
    tags: tuple[str, ...] = ()
    canonical: bool = True
    cases: tuple[str, ...] = field(default=())

    @property
    def path(self) -> str:
        return f"{ARTICLE_PATH}?id={self.id}"

    @property
    def url(self) -> str:
        return SITE + self.path

    @property
    def pub(self) -> datetime:
        return datetime.strptime(self.updated, "%d/%m/%Y %H:%M:%S").replace(tzinfo=TZ)


# --- expected values -------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")


def plain(fragment: str) -> str:
    """Inline HTML → normalised text: tags dropped, entities decoded, NFC, spaces folded."""
    text = html.unescape(_TAGS.sub("", fragment))
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pic_url(a: Article, pic: Pic) -> str:
    d = a.pub
    if pic.on_datafile:
        return f"{DATAFILE}/{d:%Y/%m/%d}/{pic.file}.jpg"
    return f"{SITE}/Uploads/Images/{d:%Y/%m/%d}/{pic.file}.jpg"


def pic_src(a: Article, pic: Pic) -> str:
    """What the `src` attribute says: datafile URLs absolute, uploads root-relative."""
    url = pic_url(a, pic)
    return url if pic.on_datafile else url.removeprefix(SITE)


def og_image_url(a: Article) -> str | None:
    if a.og_image is None:
        return None
    return a.og_image if a.og_image.startswith("http") else SITE + a.og_image


def paragraphs(a: Article) -> list[str]:
    out: list[str] = []
    for block in a.body:
        if isinstance(block, P):
            out.append(plain(block.html))
        elif isinstance(block, Sub):
            out.append(plain(block.text))
        elif isinstance(block, Items):
            out.extend(plain(i) for i in block.items)
        elif isinstance(block, Breaks):
            out.extend(plain(p) for p in block.paras)
    return [p for p in out if p]


def images(a: Article) -> list[dict[str, str]]:
    out = []
    for block in a.body:
        if isinstance(block, Pic):
            out.append(
                {"url": pic_url(a, block), "caption": plain(" ".join(block.lines)), "credit": block.credit}
            )
    rep_url = og_image_url(a)
    if a.rep is not None and rep_url:
        out.append({"url": rep_url, "caption": plain(a.rep.caption), "credit": ""})
    return out


def expected_byline(a: Article) -> tuple[str | None, list[str]]:
    if a.byline is not None:
        return a.byline.text, list(a.byline.authors)
    if a.rep is not None and a.rep.credit:
        return a.rep.credit, [a.rep.credit]
    return None, []


def expected(a: Article) -> dict[str, object]:
    byline, authors = expected_byline(a)
    return {
        "id": str(a.id),
        "url": a.url,
        "path": a.path,
        "layout": a.layout,
        "category": CATEGORIES[a.cat],
        "title": a.title,
        "sapo": plain(a.sapo) if a.sapo else "",
        "dateline": a.dateline.strip(" -") or None,
        "published_at": a.pub.isoformat(),
        "counter_line": f"Số lượt đọc: {a.views} Cập nhật lúc: {a.updated}",
        "views": a.views,
        "byline": byline,
        "authors": authors,
        "paragraphs": paragraphs(a),
        "images": images(a),
        "tags": list(a.tags),
        "original_url": a.source_url,
        "cases": list(a.cases),
    }


# --- HTML pieces -----------------------------------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def caption_html(pic: Pic) -> str:
    lines = list(pic.lines)
    if pic.credit_form == "paren_line":
        lines.append(f"(Ảnh: {pic.credit})")
    elif pic.credit_form == "inline":
        lines[-1] = f"{lines[-1]} Ảnh: {pic.credit}"
    return "<br />".join(lines)


def render_pic(a: Article, pic: Pic) -> str:
    src = pic_src(a, pic)
    cap = caption_html(pic)
    if pic.form == "p_next":
        return (
            f'<p style="text-align: center;"><img alt="" src="{src}" style="width: 600px; height: 400px;" /></p>\n'
            f'<p style="text-align: center;">{cap}</p>\n<p>&nbsp;</p>'
        )
    if pic.form == "p_next_em":
        return (
            f'<p style="text-align: center;"><img alt="" src="{src}" /></p>\n'
            f'<p style="text-align: center;"><em>{cap}</em></p>'
        )
    if pic.form == "same_p":
        return f'<p style="text-align: center;"><img alt="" src="{src}" /><br />\n<em>{cap}</em></p>'
    if pic.form == "div_same":
        return f'<div align="center"><img border="0" src="{src}"><br><i>{cap}</i></div>'
    if pic.form == "table":
        return (
            '<table align="center" border="0" cellpadding="3" cellspacing="0" class="image">\n<tbody>\n'
            f'<tr><td><img alt="" src="{src}" /></td></tr>\n'
            f'<tr><td style="text-align: center;">{cap}</td></tr>\n</tbody>\n</table>'
        )
    if pic.form == "figure":
        alt = esc(plain(" ".join(pic.lines)))
        return f'<figure class="image"><img alt="{alt}" src="{src}" /><figcaption>{cap}</figcaption></figure>'
    raise ValueError(pic.form)


def render_rep(rep: Rep) -> str:
    if rep.glue == "text":
        return f"<p>* Ảnh đại diện:&nbsp;{rep.caption}{rep.credit}</p>"
    if rep.glue == "strong":
        return f"<p><em>* Ảnh đại diện: {rep.caption}</em><strong>{rep.credit}</strong></p>"
    if rep.glue == "none":
        return f"<p>* Ảnh đại diện: {rep.caption}</p>"
    raise ValueError(rep.glue)


def render_body(a: Article) -> str:
    legacy = a.layout == "legacy"
    parts: list[str] = []
    for index, block in enumerate(a.body):
        if isinstance(block, P):
            text = (a.dateline if index == 0 else "") + block.html
            if legacy:
                parts.append(f'<div style="text-align: justify;">{text}</div>')
            else:
                parts.append(f'<p style="text-align: justify;">{text}</p>')
        elif isinstance(block, Sub):
            parts.append(f"<p><strong>{block.text}</strong></p>")
        elif isinstance(block, Items):
            parts.append("<ul>\n" + "\n".join(f"<li>{i}</li>" for i in block.items) + "\n</ul>")
        elif isinstance(block, Breaks):
            parts.append('<div style="text-align: justify;">' + "<br />\n<br />\n".join(block.paras) + "</div>")
        else:
            parts.append(render_pic(a, block))
    if a.byline is not None:
        parts.append(a.byline.html)
    if a.source_url is not None:
        parts.append(f"<p>Nguồn QĐND {a.source_url}</p>")
    if a.rep is not None:
        parts.append(render_rep(a.rep))
    return "\n".join(parts)


# Links to articles NOT in the snapshot (related boxes, sidebars): crawlers get 404.
ELSEWHERE = [
    (99101, "Gặp mặt đại biểu người có công tiêu biểu toàn quân", "14/11/2025"),
    (99102, "Hướng dẫn chi trả trợ cấp một lần đối với thân nhân liệt sĩ", "10/11/2025"),
    (99103, "Kiểm tra công tác chính sách tại Quân đoàn 34", "05/11/2025"),
    (99104, "Tọa đàm nâng cao hiệu quả tìm kiếm, quy tập hài cốt liệt sĩ", "29/10/2025"),
    (99105, "Trao sổ tiết kiệm tặng con quân nhân có hoàn cảnh khó khăn", "22/10/2025"),
    (99106, "Tổng kết công tác chính sách hậu phương quân đội năm 2024", "30/12/2024"),
    (99107, "Giải đáp chế độ bảo hiểm y tế đối với thân nhân quân nhân", "18/09/2025"),
    (99108, "Thăm, tặng quà Mẹ Việt Nam Anh hùng tại tỉnh Nghệ An", "25/07/2025"),
]


def elsewhere(seed: int, count: int) -> list[tuple[int, str, str]]:
    return [ELSEWHERE[(seed + k) % len(ELSEWHERE)] for k in range(count)]


def viewstate(key: str) -> str:
    digest = hashlib.sha256(f"vnnews-snapshot/{key}".encode()).digest()
    return "/wEPDwUK" + base64.b64encode(digest + digest[:12]).decode()


MENU = (
    '<ul class="menu">'
    '<li><a href="/">Trang chủ</a></li>'
    '<li><a href="/gioi-thieu.htm">Giới thiệu</a></li>'
    '<li><a href="/tin-tuc.htm">Tin tức - Sự kiện</a></li>'
    '<li><a href="/chinh-sach-moi.htm">Chính sách mới</a></li>'
    '<li><a href="/van-ban.htm">Văn bản</a></li>'
    '<li><a href="/tra-cuu-liet-si.htm">CSDL liệt sĩ</a></li>'
    '<li><a href="/hoi-dap.htm">Hỏi đáp</a></li>'
    "</ul>"
)

HEADER = (
    '<div class="header">\n'
    f'<div class="top-bar"><span class="clock">{CLOCK}</span> <a href="/tim-kiem.htm">Tìm kiếm</a></div>\n'
    '<h1 class="logo"><a href="/"><img src="/Images/logo.png" alt="Cục Chính sách - Tổng cục Chính trị" /></a></h1>\n'
    f"{MENU}\n</div>"
)

FOOTER = (
    '<div class="footer">\n'
    "<p>CỔNG THÔNG TIN ĐIỆN TỬ CỤC CHÍNH SÁCH - TỔNG CỤC CHÍNH TRỊ</p>\n"
    "<p>Ghi rõ nguồn “Cổng thông tin điện tử Cục Chính sách” khi phát hành lại thông tin từ website này.</p>\n"
    '<p class="counter">Số lượt truy cập: 8.245.113 | Đang trực tuyến: 127</p>\n'
    "</div>"
)


def sidebar(seed: int) -> str:
    news = "".join(
        f'<li><a href="chi-tiet-tin-tuc.htm?id={i}">{esc(t)}</a> <span class="date">{SIDEBAR_DAY} {8 + k:02d}:{(seed * 7 + k * 11) % 60:02d}</span></li>'
        for k, (i, t, _d) in enumerate(elsewhere(seed, 3))
    )
    return (
        '<td class="col-right"><div class="sidebar">\n'
        f'<div class="box-hot"><div class="box-title">Tin mới</div><ul>{news}</ul></div>\n'
        '<div class="box-docs"><div class="box-title">Văn bản mới</div><ul>'
        '<li><a href="/chi-tiet-van-ban.htm?loai=vbqppl&amp;id=215">Thông tư hướng dẫn thực hiện chế độ trợ cấp</a></li>'
        '<li><a href="/chi-tiet-liet-si.htm?id=204117">Tra cứu thông tin liệt sĩ</a></li></ul></div>\n'
        '<div class="box-video"><div class="box-title">Video</div><a href="/video.htm"><img src="/Images/video.png" alt="" /></a></div>\n'
        '<div class="box-photo"><div class="box-title">Ảnh</div><a href="/anh.htm"><img src="/Images/anh.png" alt="" /></a></div>\n'
        "</div></td>"
    )


def related(a: Article) -> str:
    items = "".join(
        f'<li><a href="{ARTICLE_PATH}?id={i}">{esc(t)}</a> <span class="date">({d})</span></li>'
        for i, t, d in elsewhere(a.id, 4)
    )
    return f'<div class="news-other"><h3>Các tin khác</h3><ul>{items}</ul></div>'


def breadcrumb(cat: str) -> str:
    return (
        f'<div class="breadcrumb"><a href="/">Trang chủ</a> &raquo; '
        f'<a href="/{cat}.htm">{CATEGORIES[cat]}</a></div>'
    )


def counter_html(a: Article) -> str:
    if a.layout == "modern":
        return (
            f'<div class="news-info"><span class="views">Số lượt đọc: <b>{a.views}</b></span> '
            f'<span class="updated">Cập nhật lúc: {a.updated}</span></div>'
        )
    if a.layout == "legacy":
        return (
            f'<div class="luot-doc">Số lượt đọc: <span id="{PREFIX}lblLuotXem">{a.views}</span> '
            f'Cập nhật lúc: <span id="{PREFIX}lblNgayCapNhat">{a.updated}</span></div>'
        )
    return f'<div class="luot-doc">Số lượt đọc: {a.views} Cập nhật lúc: {a.updated}</div>'


LINK_BOX = (
    '<div class="box-lien-ket">\n<div class="box-title">Video</div>\n<div class="box-title">Ảnh</div>\n'
    '<div class="banner"><a href="/tra-cuu-liet-si.htm">CSDL</a><a href="/dich-vu-cong.htm">DVC</a>'
    '<a href="/bo-nhiem-so.htm">BNS</a><a href="/hoi-dap.htm">Hoidap</a></div>\n</div>'
)


def render_detail(a: Article) -> str:
    title = esc(a.title)
    if a.layout == "modern":
        sapo = f'<div class="news-sapo"><strong>{a.sapo}</strong></div>\n' if a.sapo else ""
        tags = ""
        if a.tags:
            links = ", ".join(
                f'<a href="/tim-kiem.htm?tukhoa={esc(t.replace(" ", "+"))}">{esc(t)}</a>' for t in a.tags
            )
            tags = f'<div class="news-tags">Từ khóa: {links}</div>\n'
        return (
            breadcrumb(a.cat)
            + '\n<div class="news-detail">\n'
            + f'<h1 class="news-title">{title}</h1>\n'
            + sapo
            + f'<div class="news-content">\n{render_body(a)}\n</div>\n'
            + counter_html(a)
            + "\n"
            + tags
            + related(a)
            + "\n</div>"
        )
    if a.layout == "panel":
        return (
            breadcrumb(a.cat)
            + f'\n<h1 class="title-news">{title}</h1>\n'
            + '<div class="tool-bar"><a href="javascript:window.print()">In bài</a> <a href="#">Gửi bài</a></div>\n'
            + f'<div class="chi-tiet-tin">\n{render_body(a)}\n{counter_html(a)}\n{LINK_BOX}\n</div>\n'
            + related(a)
        )
    if a.layout == "legacy":
        sapo = f'<span id="{PREFIX}lblTomTat" class="tom-tat"><b>{a.sapo}</b></span><br />\n' if a.sapo else ""
        return (
            breadcrumb(a.cat)
            + '\n<div class="detail-box">\n'
            + f'<span id="{PREFIX}lblTieuDe" class="tieu-de">{title}</span><br />\n'
            + sapo
            + f'<span id="{PREFIX}lblNoiDung">\n{render_body(a)}\n</span>\n'
            + counter_html(a)
            + "\n</div>\n"
            + related(a)
        )
    raise ValueError(a.layout)


def page_shell(title: str, head: list[str], action: str, key: str, main: str, seed: int) -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        f"<title>{esc(title)}</title>\n"
        + "\n".join(head)
        + '\n<link href="/Css/style.css" rel="stylesheet" type="text/css" />\n'
        '<script type="text/javascript">var _gaq = _gaq || []; _gaq.push(["_trackPageview"]);</script>\n'
        "</head>\n<body>\n"
        f'<form method="post" action="{esc(action)}" id="aspnetForm">\n'
        f'<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate(key)}" /></div>\n'
        + HEADER
        + '\n<table class="layout" cellpadding="0" cellspacing="0"><tr>\n<td class="col-main">\n'
        + main
        + "\n</td>\n"
        + sidebar(seed)
        + "\n</tr></table>\n"
        + FOOTER
        + "\n</form>\n</body>\n</html>\n"
    )


def render_article(a: Article) -> str:
    head = [f'<meta name="description" content="{esc(SITE_DESCRIPTION)}" />']
    if a.og_title is not None:
        head.append(f'<meta property="og:title" content="{esc(a.og_title)}" />')
    if a.og_image is not None:
        head.append(f'<meta property="og:image" content="{esc(a.og_image)}" />')
    head.append(f'<meta property="og:url" content="http://www.{HOST}{a.path}" />')
    if a.meta_time:
        head.append(f'<meta property="article:published_time" content="{a.pub.isoformat()}" />')
    if a.canonical:
        head.append(f'<link rel="canonical" href="{a.url}" />')
    return page_shell(
        f"{a.title} - Cục Chính sách", head, f"./chi-tiet-tin-tuc.htm?id={a.id}", f"a{a.id}",
        render_detail(a), a.id,
    )


# --- listings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingPage:
    cat: str
    page: int
    pages: int
    ids: tuple[int, ...]
    hrefs: tuple[str, ...]  # how each item links: rel, root, alias, cookieless, fragment

    @property
    def path(self) -> str:
        return f"/{self.cat}.htm" if self.page == 1 else f"/{self.cat}.htm?page={self.page}"

    @property
    def file(self) -> Path:
        name = "index.html" if self.page == 1 else f"index@page={self.page}.html"
        return Path(f"{self.cat}.htm") / name

    @property
    def next_path(self) -> str | None:
        return f"/{self.cat}.htm?page={self.page + 1}" if self.page < self.pages else None


def item_href(ident: int, form: str) -> str:
    if form == "rel":
        return f"chi-tiet-tin-tuc.htm?id={ident}"
    if form == "root":
        return f"{ARTICLE_PATH}?id={ident}"
    if form == "alias":  # http, www., odd case, tracking parameters
        return f"http://www.{HOST}/Chi-tiet-tin-tuc.htm?ID={ident}&amp;utm_source=zalo&amp;utm_medium=social&amp;zarsrc=30"
    if form == "cookieless":
        return f"/(S(kq3v1x2yz0abcdefghijklm))/chi-tiet-tin-tuc.htm?id={ident}"
    if form == "fragment":
        return f"{SITE}{ARTICLE_PATH}?id={ident}&amp;fbclid=IwAR0snapshot#binh-luan"
    raise ValueError(form)


def listing_summary(a: Article) -> str:
    if a.sapo:
        return plain(a.sapo)
    return paragraphs(a)[0].split(". ")[0].rstrip(".") + "."


def render_listing(lp: ListingPage, by_id: dict[int, Article]) -> str:
    items = []
    for ident, form in zip(lp.ids, lp.hrefs, strict=True):
        a = by_id[ident]
        href = item_href(ident, form)
        thumb = og_image_url(a) or ""
        thumb_html = f'<a class="thumb" href="{href}"><img src="{esc(thumb)}" alt="" /></a>\n' if thumb else ""
        items.append(
            '<div class="news-item">\n'
            + thumb_html
            + f'<h3><a href="{href}">{esc(a.title)}</a></h3>\n'
            + f'<span class="news-item-date">({a.updated})</span>\n'
            + f'<p class="news-item-sapo">{esc(listing_summary(a))}</p>\n'
            + "</div>"
        )
    pager = ""
    if lp.pages > 1:
        links = []
        if lp.page > 1:
            links.append(f'<a href="/{lp.cat}.htm" title="Trang trước">«</a>')
        for k in range(1, lp.pages + 1):
            href = f"/{lp.cat}.htm" if k == 1 else f"/{lp.cat}.htm?page={k}"
            links.append(f'<span class="current">{k}</span>' if k == lp.page else f'<a href="{href}">{k}</a>')
        if lp.next_path:
            links.append(f'<a href="{lp.next_path}" title="Trang sau">»</a>')
        pager = '<div class="pager">' + " ".join(links) + "</div>\n"
    name = CATEGORIES[lp.cat]
    main = (
        f'<div class="breadcrumb"><a href="/">Trang chủ</a> &raquo; <a href="/{lp.cat}.htm">{name}</a></div>\n'
        f'<h2 class="cat-title">{name}</h2>\n'
        '<div class="list-news">\n' + "\n".join(items) + "\n</div>\n" + pager
    )
    title = name if lp.page == 1 else f"{name} - Trang {lp.page}"
    head = [f'<meta name="description" content="{esc(SITE_DESCRIPTION)}" />']
    return page_shell(f"{title} - Cục Chính sách", head, f".{lp.path}", f"l{lp.cat}{lp.page}", main, lp.page * 3)


ROBOTS = """User-agent: *
Disallow: /Admin/
Disallow: /tim-kiem.htm
Disallow: /WebResource.axd
Disallow: /ScriptResource.axd
"""


# --- the articles ----------------------------------------------------------------------------
# Every text below is invented for this fixture (people, numbers and events included).

CREDIT = "Phòng Thông tin điện tử/Cục Chính sách"
QDND_ORIGINAL = "https://www.qdnd.vn/chinh-tri/tin-tuc/quan-khu-4-day-nhanh-tien-do-xac-minh-giai-quyet-chinh-sach-cho-nguoi-co-cong-1031877"

ARTICLES: list[Article] = [
    Article(
        id=10431,
        cat="tin-tuc",
        layout="panel",
        title="Cục Chính sách sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2025",
        updated="20/06/2025 16:35:12",
        views=1587,
        sapo=None,
        og_title="Cục Chính sách sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2025 - Cục Chính sách - Tổng cục Chính trị",
        og_image=f"{DATAFILE}/2025/06/20/anh-dai-dien-10431.jpg",
        body=(
            P("Chiều 20-6, tại Hà Nội, Cục Chính sách/Tổng cục Chính trị tổ chức hội nghị sơ kết công tác thi đua, khen thưởng và phong trào Thi đua Quyết thắng 6 tháng đầu năm 2025. Đại tá Trần Quốc Hưng, Cục trưởng Cục Chính sách chủ trì hội nghị."),
            P("Dự hội nghị có đại diện các phòng chức năng của Tổng cục Chính trị cùng chỉ huy các phòng, ban và đơn vị trực thuộc Cục."),
            Pic("so-ket-6-thang-1", ("Đại tá Trần Quốc Hưng, Cục trưởng Cục Chính sách", "chủ trì hội nghị sơ kết"), "p_next"),
            P("Báo cáo tại hội nghị nêu rõ, 6 tháng đầu năm, cấp ủy, chỉ huy Cục đã lãnh đạo, chỉ đạo các cơ quan, đơn vị bám sát nhiệm vụ chính trị, gắn thi đua với giải quyết chế độ, chính sách cho các đối tượng. Nhiều hồ sơ tồn đọng được xem xét, giải quyết dứt điểm;&nbsp;công tác tiếp dân, trả lời đơn thư bảo đảm đúng thời hạn."),
            Pic("so-ket-6-thang-2", ("Đại biểu phát biểu ý kiến tham luận tại hội nghị",), "p_next"),
            P("Các ý kiến tham luận tập trung làm rõ những kết quả nổi bật, đồng thời chỉ ra một số hạn chế như việc nhân rộng điển hình tiên tiến còn chậm, một số mô hình thi đua chưa thật sự thiết thực."),
            P("Kết luận hội nghị, Đại tá Trần Quốc Hưng yêu cầu các cơ quan, đơn vị tiếp tục đổi mới nội dung, hình thức thi đua, tập trung hoàn thành các chỉ tiêu giải quyết chính sách năm 2025, chào mừng kỷ niệm 78 năm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2025)./."),
        ),
        rep=Rep("Đại tá Trần Quốc Hưng, Cục trưởng Cục Chính sách phát biểu kết luận hội nghị.", CREDIT, "text"),
        cases=(
            "seed 002 signature: counter line then run-together sidebar labels inside the body container",
            "two-line caption with <br> in a centred <p> after the image <p>",
            "one-line caption without final period",
            "* Ảnh đại diện caption with the credit glued in the text → byline",
            "no sapo; title from og:title with the site suffix (h1 outside the body)",
            "site-wide meta description is not the sapo",
            "./. end mark kept",
        ),
    ),
    Article(
        id=10428,
        cat="tin-tuc",
        layout="modern",
        title="Trao quyết định hưởng trợ cấp cho thân nhân liệt sĩ tại tỉnh Quảng Trị",
        updated="18/06/2025 09:12:37",
        views=932,
        sapo="Ngày 17-6, đoàn công tác của Cục Chính sách/Tổng cục Chính trị phối hợp với Bộ Chỉ huy Quân sự tỉnh Quảng Trị trao quyết định hưởng chế độ trợ cấp hằng tháng cho 35 thân nhân liệt sĩ trên địa bàn tỉnh.",
        og_title="Trao quyết định hưởng trợ cấp cho thân nhân liệt sĩ tại tỉnh Quảng Trị",
        og_image="/Uploads/Images/2025/06/18/trao-quyet-dinh.jpg",
        body=(
            Pic("trao-quyet-dinh", ("Đại diện đoàn công tác trao quyết định cho thân nhân liệt sĩ.",), "table", "Thanh Hương", "paren_line", on_datafile=False),
            P("Các thân nhân được trao quyết định lần này chủ yếu là cha, mẹ, vợ và con của liệt sĩ hy sinh trong các cuộc kháng chiến, có hồ sơ được xác lập bổ sung sau khi cơ quan chức năng xác minh, đối chiếu thông tin."),
            P('<span style="font-family: Arial;">Phát biểu tại buổi trao quyết định, đại diện Cục Chính sách nhấn mạnh, việc giải quyết kịp thời, đúng đối tượng chế độ cho thân nhân liệt sĩ là trách nhiệm và tình cảm của cấp ủy, chỉ huy các cấp đối với những người có công với cách mạng.</span>'),
            Pic("tang-qua", ("Tặng quà các gia đình có hoàn cảnh khó khăn.",), "figure", "Thanh Hương", "inline", on_datafile=False),
            P("Dịp này, đoàn công tác đã tặng 35 suất quà, mỗi suất trị giá 2 triệu đồng, cho các gia đình; đồng thời trực tiếp lắng nghe, giải đáp những băn khoăn của thân nhân về thủ tục hưởng chế độ."),
        ),
        byline=Byline(
            '<p style="text-align: right;"><strong>Trung tá Nguyễn Thanh Hương</strong></p>',
            "Trung tá Nguyễn Thanh Hương",
            ("Trung tá Nguyễn Thanh Hương",),
        ),
        tags=("chính sách hậu phương quân đội", "thân nhân liệt sĩ"),
        cases=(
            "modern layout: h1, sapo element, counter in div.news-info outside the body",
            "image table with a `(Ảnh: X)` credit line",
            "figure/figcaption with `Ảnh: X` credit",
            "right-aligned Title Case byline",
            "og:image root-relative",
            "tags",
        ),
    ),
    Article(
        id=10425,
        cat="tin-tuc",
        layout="modern",
        title="Quân khu 4 đẩy nhanh tiến độ xác minh, giải quyết chính sách cho người có công",
        updated="12/06/2025 14:20:05",
        views=2304,
        sapo=None,
        meta_time=True,
        dateline="QĐND - ",
        source_url=QDND_ORIGINAL,
        body=(
            P("Sáng 11-6, Đảng ủy, Bộ tư lệnh Quân khu 4 tổ chức hội nghị đánh giá kết quả công tác chính sách năm 2024 và 5 tháng đầu năm 2025, triển khai nhiệm vụ thời gian tới."),
            P("Theo báo cáo, thời gian qua, cơ quan chính sách các cấp trong quân khu đã tiếp nhận, thẩm định hơn 1.200 hồ sơ đề nghị giải quyết chế độ, trong đó 96% hồ sơ được giải quyết đúng thời hạn."),
            Pic("qk4-hoi-nghi", ("Quang cảnh hội nghị.",), "same_p"),
            P("Hội nghị thống nhất thời gian tới tập trung rà soát các trường hợp còn vướng mắc về giấy tờ, phối hợp chặt chẽ với địa phương để xác minh, bảo đảm không để sót đối tượng, không để xảy ra sai sót, tiêu cực."),
        ),
        byline=Byline("<p><strong>MINH ĐỨC</strong></p>", "MINH ĐỨC", ("MINH ĐỨC",)),
        canonical=False,
        cases=(
            "republication: `Nguồn QĐND <url>` → original_url",
            "QĐND dateline on the first paragraph (no sapo)",
            "no og:title: title from h1.news-title",
            "article:published_time meta (same instant as Cập nhật lúc)",
            "no canonical link: og:url (http://www.) names the article",
            "image and caption in one centred <p>",
            "upper-case bare byline before the Nguồn line",
        ),
    ),
    Article(
        id=10422,
        cat="chinh-sach-moi",
        layout="modern",
        title="Hướng dẫn thực hiện chế độ, chính sách đối với quân nhân xuất ngũ năm 2025",
        updated="06/06/2025 10:47:03",
        views=3120,
        sapo="Để bảo đảm quyền lợi cho quân nhân hoàn thành nghĩa vụ quân sự tại ngũ, Cục Chính sách/Tổng cục Chính trị hướng dẫn một số nội dung cơ bản về chế độ, chính sách khi xuất ngũ năm 2025.",
        og_title="Hướng dẫn thực hiện chế độ, chính sách đối với quân nhân xuất ngũ năm 2025 | Cổng thông tin điện tử Cục Chính sách",
        og_image="/Uploads/Images/2025/06/06/xuat-ngu-2025.jpg",
        body=(
            Sub("1. Về trợ cấp xuất ngũ"),
            P("Hạ sĩ quan, binh sĩ khi xuất ngũ được hưởng trợ cấp xuất ngũ một lần, trợ cấp tạo việc làm và tiền tàu xe theo quy định hiện hành. Mức hưởng cụ thể được tính theo thời gian phục vụ tại ngũ."),
            Sub("2. Về hồ sơ, thủ tục"),
            Items((
                "Quyết định xuất ngũ của cấp có thẩm quyền;",
                "Phiếu quân nhân và các giấy tờ liên quan đến quá trình công tác;",
                "Giấy giới thiệu chuyển sinh hoạt đảng, đoàn (nếu có).",
            )),
            P("Các đơn vị có trách nhiệm tổ chức phổ biến, hướng dẫn đến từng quân nhân trước thời điểm xuất ngũ, giải quyết đầy đủ, kịp thời các chế độ, không để phát sinh khiếu nại, thắc mắc."),
        ),
        rep=Rep("Cán bộ chính sách hướng dẫn quân nhân hoàn thiện hồ sơ xuất ngũ.", "Phòng Chế độ, chính sách/Cục Chính sách", "strong"),
        tags=("xuất ngũ", "chế độ chính sách"),
        cases=(
            "listed on both listings",
            "bold numbered sub-headings and <ul> items kept as paragraphs",
            "* Ảnh đại diện caption in <em> with the credit in a <strong> glued by the inline join",
            "og:title with `| Cổng thông tin điện tử Cục Chính sách` suffix",
            "no body images: the only image is the representative one (og:image)",
        ),
    ),
    Article(
        id=10419,
        cat="tin-tuc",
        layout="legacy",
        title="Tập huấn nghiệp vụ công tác chính sách năm 2025",
        updated="03/06/2025 08:05:41",
        views=845,
        sapo="Từ ngày 2 đến 4-6, Cục Chính sách tổ chức tập huấn nghiệp vụ công tác chính sách năm 2025 cho hơn 150 cán bộ, nhân viên làm công tác chính sách trong toàn quân.",
        body=(
            Breaks((
                "Nội dung tập huấn tập trung vào các văn bản quy phạm pháp luật mới ban hành về chế độ, chính sách đối với quân nhân, công nhân và viên chức quốc phòng; quy trình xác lập hồ sơ, thủ tục giải quyết chế độ đối với người có công với cách mạng.",
                "Các học viên được giới thiệu cách khai thác cơ sở dữ liệu chính sách trên môi trường mạng, trao đổi kinh nghiệm xử lý những trường hợp khó, hồ sơ có sai lệch thông tin giữa các thời kỳ.",
            )),
            Pic("tap-huan", ("Đại tá Phạm Văn Thành, Phó Cục trưởng Cục Chính sách", "phát biểu khai mạc lớp tập huấn"), "div_same", on_datafile=False),
            P("Kết thúc đợt tập huấn, 100% học viên hoàn thành bài kiểm tra nhận thức, trong đó hơn 70% đạt kh&aacute;, giỏi. Đây là cơ sở để các cơ quan, đơn vị nâng cao chất lượng tham mưu, giải quyết kịp thời chế độ, chính sách cho các đối tượng."),
        ),
        byline=Byline(f'<div style="text-align: right;"><b>{CREDIT}</b></div>', CREDIT, (CREDIT,)),
        canonical=False,
        cases=(
            "legacy ASP.NET labels: title only in span#…lblTieuDe (no og:title, no h1), sapo in …lblTomTat, body in …lblNoiDung",
            "<div> paragraphs split at <br><br>",
            "legacy <div align=center><img><br><i>two-line caption</i></div>",
            "counter in div.luot-doc with the numbers in spans",
            "`unit/Cục Chính sách` credit as its own right-aligned paragraph",
            "entity in the body (&aacute;)",
            "no canonical link, og:url on http://www.",
        ),
    ),
    Article(
        id=10416,
        cat="tin-tuc",
        layout="panel",
        title="Bàn giao nhà tình nghĩa tặng gia đình liệt sĩ ở tỉnh Hà Giang",
        updated="15/11/2024 15:02:48",
        views=4876,
        sapo=None,
        og_title="Bàn giao nhà tình nghĩa tặng gia đình liệt sĩ ở tỉnh Hà Giang - Cục Chính sách",
        body=(
            P("Ngày 14-11, Cục Chính sách/Tổng cục Chính trị phối hợp với Bộ Chỉ huy Quân sự tỉnh Hà Giang tổ chức bàn giao nhà tình nghĩa tặng bà Lò Thị Mai, vợ liệt sĩ, ở một xã biên giới của tỉnh."),
            Pic("ban-giao-nha", ("Đại diện Cục Chính sách và chính quyền địa phương", "trao biểu trưng ngôi nhà tình nghĩa."), "table", "Văn Chiến", "inline"),
            P("Ngôi nhà có diện tích 70m2, tổng kinh phí xây dựng 120 triệu đồng, trong đó Quỹ Đền ơn đáp nghĩa của Cục hỗ trợ 80 triệu đồng, số còn lại do cán bộ, chiến sĩ và nhân dân địa phương đóng góp ngày công, vật liệu."),
            P('Xúc động nhận ngôi nhà mới, bà Lò Thị Mai bày tỏ lòng biết ơn sự quan tâm của các cơ quan, đơn vị; thông tin về phần mộ của chồng bà đã được cập nhật trong <a href="chi-tiet-liet-si.htm?id=204117">cơ sở dữ liệu liệt sĩ</a>.'),
        ),
        byline=Byline(
            '<p style="text-align: right;"><strong>Tin, ảnh: Văn Chiến</strong></p>',
            "Tin, ảnh: Văn Chiến",
            ("Văn Chiến",),
        ),
        rep=Rep("Bàn giao nhà tình nghĩa cho gia đình liệt sĩ"),
        cases=(
            "2024 article on listing page 2, linked through a cookieless ASP.NET URL",
            "image table with a two-line caption (hard `<br>` break) ending `Ảnh: X`",
            "`Tin, ảnh: X` byline, then a credit-less * Ảnh đại diện line",
            "no og:image: the representative caption is dropped with its image",
            "a link to the liệt sĩ database page inside a sentence",
            "counter and sidebar labels inside the body container",
        ),
    ),
]

LISTINGS: list[ListingPage] = [
    ListingPage("tin-tuc", 1, 2, (10431, 10428, 10425, 10422), ("rel", "alias", "root", "fragment")),
    ListingPage("tin-tuc", 2, 2, (10419, 10416), ("root", "cookieless")),
    ListingPage("chinh-sach-moi", 1, 1, (10422, 10419), ("alias", "rel")),
]


# --- output ----------------------------------------------------------------------------------


def files() -> dict[Path, str]:
    by_id = {a.id: a for a in ARTICLES}
    out: dict[Path, str] = {Path("robots.txt"): ROBOTS}
    for a in ARTICLES:
        out[Path("chi-tiet-tin-tuc.htm") / f"index@id={a.id}.html"] = render_article(a)
    for lp in LISTINGS:
        out[lp.file] = render_listing(lp, by_id)
    return out


def expected_json() -> str:
    data = {
        "articles": [expected(a) for a in ARTICLES],
        "listings": [
            {"path": lp.path, "ids": [str(i) for i in lp.ids], "next": lp.next_path} for lp in LISTINGS
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def md_cell(text: str) -> str:
    """A case note for a Markdown table cell: HTML shown as code, pipes escaped."""
    if "<" in text and "`" not in text:
        text = f"`{text}`"
    return text.replace("|", "\\|")


def manifest() -> str:
    rows = []
    for a in ARTICLES:
        e = expected(a)
        byline = f"`{e['byline']}`" if e["byline"] else "none"
        rows.append(
            f"| {a.id} | {a.layout} | {e['published_at']} | {a.views} | {'yes' if a.sapo else 'none'} "
            f"| {byline} | {len(e['images'])} | {len(e['paragraphs'])} | {'; '.join(map(md_cell, a.cases))} |"
        )
    listing_rows = [
        f"| `{lp.path}` | `{lp.file.as_posix()}` | {', '.join(map(str, lp.ids))} | {', '.join(lp.hrefs)} | "
        f"{'`' + lp.next_path + '`' if lp.next_path else 'none (last page)'} |"
        for lp in LISTINGS
    ]
    return f"""# chinhsachquandoi.gov.vn replay snapshot

Generated by `tests/snapshots/build_chinhsach_snapshot.py` (do not edit the HTML by hand; edit the
script and re-run it). `expected.json` holds the expected values of every article and listing,
written from the generator's data (not from the parser).

**This snapshot is our own work, and its markup is a best guess.** No real page HTML of
chinhsachquandoi.gov.vn is known (`../shared/docs/sites.md` §1, §7, §11). What is based on
evidence:

- [VERIFIED-DATA, text only] seed 002's signature (sites.md §1, §7, §9.1, §9.2): the counter line
  `Số lượt đọc: N Cập nhật lúc: dd/mm/yyyy HH:MM:SS`, the sidebar labels after it that run
  together (`Video`, `Ảnh`, `CSDLDVCBNSHoidap`), captions over two lines with hard breaks, the
  `* Ảnh đại diện: …` caption with `…/Cục Chính sách` glued to it, and no title line in the text;
- [known URLs, sites.md §7] `chi-tiet-liet-si.htm?id=N` and `chi-tiet-van-ban.htm?loai=vbqppl&id=N`
  data pages, `datafile.chinhsachquandoi.gov.vn/ecm/source_files/…` files, `http://` links.

[GUESS]: the news URL `/chi-tiet-tin-tuc.htm?id=N`, listings `/tin-tuc.htm`,
`/chinh-sach-moi.htm` paginated as `?page=N`, and every class and id (three layouts: `modern`
with `div.news-detail` / `h1.news-title` / `div.news-sapo` / `div.news-content` /
`div.news-info`; `panel` with `div.chi-tiet-tin` holding body, counter and link box (the seed's
signature); `legacy` with ASP.NET labels `span#…lblTieuDe`, `…lblTomTat`, `…lblNoiDung`,
`div.luot-doc`). Every title, sapo, paragraph, caption, person and number is invented.

Served by `python -m scrapers.replay tests/snapshots/chinhsach` (Host: `{HOST}`). Articles are
`/chi-tiet-tin-tuc.htm?id=N` → `chi-tiet-tin-tuc.htm/index@id=N.html`; a listing's page N is
`…/index@page=N.html`.

## Conventions of the expected values

- Text is NFC, entities decoded, NBSP and whitespace runs folded to one space, trimmed.
- `published_at` is the article's own `Cập nhật lúc` (Asia/Ho_Chi_Minh, seconds kept); 10425 also
  has an `article:published_time` meta with the same instant. The header clock
  (`{CLOCK}`), the sidebar (`{SIDEBAR_DAY} HH:MM`), the related box (`(dd/mm/yyyy)`) and the
  footer's visitor counter (`Số lượt truy cập`) are never the date. The view count is in no field.
- Captions (two-line ones joined with one space) and credits are in `images`, never in
  `paragraphs`. A caption's `Ảnh: X` / `(Ảnh: X)` is its credit.
- `* Ảnh đại diện: <caption>` is the representative image: its URL is `og:image` (resolved); the
  credit glued to the caption (`…/Cục Chính sách`) is the article's byline when the body has no
  byline paragraph of its own. With no `og:image` (10416) the caption is dropped with the image.
- `byline` is the credit as printed; `authors` the names (a `unit/agency` credit is one author).
- Sapo: the lead element only; the site-wide `meta description` (`{SITE_DESCRIPTION}`) is never a
  sapo. `dateline` is `QĐND` for the republication (stripped from its first paragraph).
- Links to ids 991xx (sidebar, related box) are not in the snapshot (404), nor are tag searches,
  data pages (`chi-tiet-liet-si.htm`, `chi-tiet-van-ban.htm`) or other hosts.

## Listings

| page | file | articles (in order) | href forms | next |
|---|---|---|---|---|
{chr(10).join(listing_rows)}

Href forms: `rel` (`chi-tiet-tin-tuc.htm?id=N`), `root` (`/chi-tiet-tin-tuc.htm?id=N`), `alias`
(`http://www.…/Chi-tiet-tin-tuc.htm?ID=N&utm_source=…&zarsrc=…`), `cookieless`
(`/(S(…))/chi-tiet-tin-tuc.htm?id=N`), `fragment` (`https://…?id=N&fbclid=…#binh-luan`); all
normalise to `https://{HOST}/chi-tiet-tin-tuc.htm?id=N`. 6 distinct articles.

## Articles

| id | layout | published_at | views (dropped) | sapo | byline | images | paras | cases |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}
"""


def write(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def main() -> int:
    host_root = ROOT / HOST
    produced = {host_root / rel: text for rel, text in files().items()}
    produced[ROOT / "expected.json"] = expected_json()
    produced[ROOT / "MANIFEST.md"] = manifest()
    changed = sum(write(path, text) for path, text in produced.items())
    stale = [p for p in host_root.rglob("*") if p.is_file() and p not in produced]
    for path in stale:
        path.unlink()
    for folder in sorted((p for p in host_root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    print(f"{len(produced)} files, {changed} written, {len(stale)} stale removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

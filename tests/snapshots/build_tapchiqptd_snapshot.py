# ruff: noqa: E501
"""Build the tapchiqptd.vn replay snapshot: `tests/snapshots/tapchiqptd/tapchiqptd.vn/` plus MANIFEST.md and expected.json.

Run from anywhere: `python tests/snapshots/build_tapchiqptd_snapshot.py`. The output is
deterministic (same bytes on every run); unchanged files are not rewritten (their mtime is the
replay server's Last-Modified) and files under the host folder that are no longer produced are
deleted.

No real tapchiqptd.vn page HTML is available. The article template (container, title div, date
span, body children, `strong > em` credit among the last blocks, the `#subTopMenu-time` clock)
follows the live structural probe of the ENGLISH desktop edition described in sites.md §8.1; the
Vietnamese edition is assumed to use the same template. Listing markup (`.news-other-list p a`,
`#pagenav a` `>`) follows one public crawler; the page chrome labels (`Tòa soạn:` … `Tạp chí và
Tòa soạn`, `TAG`, `Ý KIẾN BẠN ĐỌC`, `CÁC TIN, BÀI ĐÃ ĐƯA`, `TIÊU ĐIỂM`, `TIN, BÀI XEM NHIỀU`) are the
ones that crawler strips (§9.1). Everything else (class names of chrome, image URLs, the bold
lead, footnotes) is a guess. Every title, lead, paragraph, caption, person, unit and number is
invented for this fixture.

The data lives in `ARTICLES` / `LISTINGS` below; `render_*` turn it into HTML and `expected()`
derives the values a correct parser must extract (independently of the parser).
"""

from __future__ import annotations

import html
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "tapchiqptd"
HOST = "tapchiqptd.vn"
SITE = f"https://{HOST}"
MOBILE = "https://m.tapchiqptd.vn"
TZ = timezone(timedelta(hours=7))
SNAPSHOT_TIME = datetime(2025, 11, 22, 16, 8, tzinfo=TZ)  # what the header clock shows
VI_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
UPLOADS = "/uploads/images"


def vi_stamp(d: datetime) -> str:
    return f"{VI_WEEKDAYS[d.weekday()]}, {d:%d/%m/%Y}, {d:%H:%M} (GMT+7)"


def en_stamp(d: datetime) -> str:
    return f"{EN_WEEKDAYS[d.weekday()]}, {EN_MONTHS[d.month - 1]} {d.day}, {d.year}, {d:%H:%M} (GMT+7)"


CLOCK_VI = vi_stamp(SNAPSHOT_TIME)  # same format as the article date line, without `QPTD -`
CLOCK_EN = en_stamp(SNAPSHOT_TIME)

# --- data model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lead:
    """`<p><strong>…</strong></p>`, the wholly bold first paragraph: the expected sapo."""

    html: str


@dataclass(frozen=True)
class P:
    """A body paragraph (inline HTML)."""

    html: str
    style: str = ""


@dataclass(frozen=True)
class Sub:
    """`<p><strong>1. …</strong></p>` section heading: a body paragraph."""

    text: str


@dataclass(frozen=True)
class Img:
    """A two-row image table: the image, then the caption row (`Ảnh: X` / `Photo: X` credit)."""

    name: str
    caption: str
    absolute: bool = False


@dataclass(frozen=True)
class Table:
    """A data table without image: each row is a paragraph, cells joined by ` | `."""

    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Credit:
    """The author credit `p` (`strong > em` first): byline + authors, not body text."""

    html: str
    text: str
    authors: tuple[str, ...]


@dataclass(frozen=True)
class Noise:
    """Markup that must leave no paragraph (empty `p`, separator, pasted chrome, a stop marker
    and whatever follows it). `stop=True` ends the body: later blocks are expected nowhere."""

    html: str
    stop: bool = False


Block = Lead | P | Sub | Img | Table | Credit | Noise


@dataclass(frozen=True)
class Article:
    id: int
    lang: str
    cat: str
    title: str
    published: str  # "2025-11-18 08:15", local time
    body: tuple[Block, ...]
    cases: tuple[str, ...] = field(default=())

    @property
    def slug(self) -> str:
        return slugify(self.title)[:90].rstrip("-")

    @property
    def path(self) -> str:
        return f"/{self.lang}/{self.cat}/{self.slug}/{self.id}.html"

    @property
    def url(self) -> str:
        return SITE + self.path

    @property
    def mobile_url(self) -> str:
        return f"{MOBILE}/{self.lang}/{self.cat}/{self.slug}-{self.id}.html"

    @property
    def pub(self) -> datetime:
        return datetime.strptime(self.published, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)

    @property
    def stamp(self) -> str:
        """The article's own date line, as printed."""
        return f"QPTD -{vi_stamp(self.pub)}" if self.lang == "vi" else en_stamp(self.pub)

    @property
    def credit(self) -> Credit | None:
        return next((b for b in self.body if isinstance(b, Credit)), None)


def slugify(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# --- expected values -------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def plain(fragment: str) -> str:
    """Inline HTML → normalised text: tags dropped, entities decoded, NFC, spaces folded."""
    text = html.unescape(_TAGS.sub("", fragment))
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def live(a: Article) -> list[Block]:
    """The blocks before the first stop marker."""
    out: list[Block] = []
    for block in a.body:
        if isinstance(block, Noise) and block.stop:
            break
        out.append(block)
    return out


def split_credit(caption: str) -> tuple[str, str]:
    match = re.match(r"^(?P<cap>.*?)\s*(?:Ảnh|Photo):\s*(?P<credit>.+?)\.?$", caption)
    if not match:
        return caption, ""
    return match.group("cap").strip(), match.group("credit").strip()


def img_src(a: Article, block: Img) -> str:
    path = f"{UPLOADS}/{a.pub:%Y/%m/%d}/{block.name}.jpg"
    return SITE + path if block.absolute else path


def images(a: Article) -> list[dict[str, str]]:
    out = []
    for block in live(a):
        if isinstance(block, Img):
            caption, credit = split_credit(plain(block.caption))
            out.append({"url": SITE + img_src(a, block).removeprefix(SITE), "caption": caption, "credit": credit})
    return out


def sapo_text(a: Article) -> str:
    lead = next((b for b in a.body if isinstance(b, Lead)), None)
    return re.sub(r"^QPTD\s*-\s*", "", plain(lead.html)) if lead else ""


def paragraphs(a: Article) -> list[str]:
    out: list[str] = []
    for block in live(a):
        if isinstance(block, P):
            out.append(plain(block.html))
        elif isinstance(block, Sub):
            out.append(plain(block.text))
        elif isinstance(block, Table):
            out.extend(" | ".join(plain(c) for c in row) for row in block.rows)
    return [p for p in out if p]


def iso(dt: datetime) -> str:
    return dt.isoformat()


# --- HTML pieces -----------------------------------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_block(a: Article, block: Block) -> str:
    if isinstance(block, Lead):
        return f'<p style="text-align: justify;"><strong>{block.html}</strong></p>'
    if isinstance(block, P):
        style = f' style="{block.style}"' if block.style else ' style="text-align: justify;"'
        return f"<p{style}>{block.html}</p>"
    if isinstance(block, Sub):
        return f'<p style="text-align: justify;"><strong>{block.text}</strong></p>'
    if isinstance(block, Img):
        caption = f'<td style="text-align: center;"><em>{block.caption}</em></td>' if block.caption else "<td>&nbsp;</td>"
        return (
            '<table align="center" border="0" cellpadding="1" cellspacing="1" style="width: 600px;">\n<tbody>\n'
            f'<tr>\n<td style="text-align: center;"><img alt="" src="{img_src(a, block)}" style="width: 600px; height: 400px;" /></td>\n</tr>\n'
            f"<tr>\n{caption}\n</tr>\n</tbody>\n</table>"
        )
    if isinstance(block, Table):
        rows = []
        for n, row in enumerate(block.rows):
            cell = "th" if n == 0 else "td"
            rows.append("<tr>" + "".join(f"<{cell}>{c}</{cell}>" for c in row) + "</tr>")
        return '<table border="1" cellpadding="3" cellspacing="0" style="width: 100%;">\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"
    if isinstance(block, Credit):
        return block.html
    return block.html


def render_body(a: Article) -> str:
    return "\n".join(render_block(a, b) for b in a.body)


ADDRESS = "Tòa soạn: Số 9 phố Quốc Phòng, Hà Nội - Điện thoại: (024) 3000 0000 - Email: toasoan@example.vn"
MENU_VI = [
    ("/vi/default.html", "Trang chủ"),
    ("/vi/nhung-chu-truong-cong-tac-lon-2.html", "Những chủ trương công tác lớn"),
    ("/vi/nghien-cuu-trao-doi-3.html", "Nghiên cứu - Trao đổi"),
    ("/vi/huong-toi-dai-hoi-xiv-cua-dang-169.html", "Hướng tới Đại hội XIV của Đảng"),
    ("/vi/tin-tuc-6.html", "Tin tức"),
    ("/vi/tap-chi-va-toa-soan-9.html", "Tạp chí và Tòa soạn"),
]
MENU_EN = [
    ("/en/default.html", "Home"),
    ("/en/news-54.html", "News"),
    ("/en/theory-and-practice-56.html", "Theory and practice"),
    ("/en/events-and-comments-57.html", "Events and comments"),
    ("/en/research-and-discussion-58.html", "Research and discussion"),
]

# Links to articles that are NOT in the snapshot (related lists, sidebars): crawlers get 404.
ELSEWHERE_VI = [
    ("nhung-chu-truong-cong-tac-lon", "Đổi mới công tác giáo dục chính trị ở đơn vị cơ sở", 99104),
    ("nghien-cuu-trao-doi", "Một số vấn đề về xây dựng thế trận lòng dân hiện nay", 99117),
    ("huong-toi-dai-hoi-xiv-cua-dang", "Cán bộ, đảng viên Quân đội tích cực góp ý văn kiện", 99128),
    ("tin-tuc", "Hội nghị tổng kết công tác tạp chí năm 2024", 99133),
    ("nghien-cuu-trao-doi", "Vận dụng tư tưởng quân sự Hồ Chí Minh trong tình hình mới", 99146),
    ("nhung-chu-truong-cong-tac-lon", "Nâng cao hiệu quả công tác dân vận của Quân đội", 99152),
]
ELSEWHERE_EN = [
    ("news", "Defence ministry reviews international cooperation in 2025", 99201),
    ("research-and-discussion", "On building a strong people's air defence posture", 99214),
    ("theory-and-practice", "Improving logistics support in combined-arms exercises", 99227),
]


def elsewhere(lang: str, seed: int, count: int) -> list[tuple[str, str]]:
    pool = ELSEWHERE_VI if lang == "vi" else ELSEWHERE_EN
    out = []
    for k in range(count):
        cat, title, ident = pool[(seed + k) % len(pool)]
        out.append((f"/{lang}/{cat}/{slugify(title)}/{ident}.html", title))
    return out


def header(lang: str) -> str:
    menu = MENU_VI if lang == "vi" else MENU_EN
    clock = CLOCK_VI if lang == "vi" else CLOCK_EN
    items = "".join(f'<li><a href="{href}">{esc(text)}</a></li>' for href, text in menu)
    home = "/vi/default.html" if lang == "vi" else "/en/default.html"
    name = "Tạp chí Quốc phòng toàn dân" if lang == "vi" else "National Defence Journal"
    return (
        '<div id="header">\n'
        f'<div class="header-top"><p class="header-address">{esc(ADDRESS)}</p>'
        '<p class="header-lang"><a href="/vi/default.html">Tiếng Việt</a> | <a href="/en/default.html">English</a></p></div>\n'
        f'<div class="header-logo"><a href="{home}"><img src="/images/logo.png" alt="{name}" /></a></div>\n'
        f'<div id="header_menu"><span id="subTopMenu-time"><p>{clock}</p></span>\n'
        f'<ul class="menu">{items}</ul></div>\n'
        "</div>"
    )


def footer(lang: str) -> str:
    if lang == "vi":
        return (
            '<div id="footer">\n<p>TẠP CHÍ QUỐC PHÒNG TOÀN DÂN - Cơ quan của Quân ủy Trung ương và Bộ Quốc phòng</p>\n'
            f"<p>{esc(ADDRESS)}</p>\n<p>Bản quyền thuộc về Tạp chí Quốc phòng toàn dân. Ghi rõ nguồn khi phát hành lại thông tin.</p>\n</div>"
        )
    return (
        '<div id="footer">\n<p>NATIONAL DEFENCE JOURNAL - Agency of the Central Military Commission and the Ministry of National Defence</p>\n'
        "<p>All rights reserved.</p>\n</div>"
    )


def sidebar(lang: str, seed: int) -> str:
    if lang == "vi":
        boxes = [("TIÊU ĐIỂM", 3), ("TIN, BÀI XEM NHIỀU", 4)]
    else:
        boxes = [("HIGHLIGHTS", 3), ("MOST READ", 4)]
    out = ['<div class="page-main-right">']
    for n, (title, count) in enumerate(boxes):
        links = "".join(
            f'<li><a href="{href}">{esc(text)}</a></li>' for href, text in elsewhere(lang, seed + 2 * n, count)
        )
        out.append(f'<div class="box-right"><div class="box-right-title">{title}</div><ul>{links}</ul></div>')
    out.append("</div>")
    return "\n".join(out)


def page(lang: str, title: str, main: str, seed: int) -> str:
    description = (
        "Tạp chí Quốc phòng toàn dân - Cơ quan lý luận, nghiên cứu, trao đổi về quốc phòng, quân sự"
        if lang == "vi"
        else "National Defence Journal - theory, research and discussion on national defence"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8" />\n'
        f"<title>{esc(title)}</title>\n"
        f'<meta name="description" content="{esc(description)}" />\n'
        '<meta property="og:title" content="" />\n<meta property="og:description" content="" />\n'
        '<link href="/css/style.css" rel="stylesheet" />\n'
        "</head>\n<body>\n"
        + header(lang)
        + '\n<div class="page-main">\n'
        + main
        + "\n"
        + sidebar(lang, seed)
        + "\n</div>\n"
        + footer(lang)
        + '\n<script src="/js/common.js"></script>\n</body>\n</html>\n'
    )


def render_article(a: Article) -> str:
    if a.lang == "vi":
        tag_label, comments, related = "TAG", "Ý KIẾN BẠN ĐỌC", "CÁC TIN, BÀI ĐÃ ĐƯA"
        form = (
            '<form class="comment-form"><label>Họ và tên</label><input type="text" name="name" />'
            '<label>Email</label><input type="text" name="email" /><label>Nội dung</label>'
            '<textarea name="content"></textarea><label>Mã xác nhận</label><input type="text" name="captcha" />'
            '<button type="button">Gửi ý kiến</button></form>'
        )
        tags = ("quốc phòng toàn dân", "xây dựng lực lượng")
    else:
        tag_label, comments, related = "TAG", "COMMENTS", "OTHER NEWS"
        form = '<form class="comment-form"><label>Name</label><input type="text" /><label>Comment</label><textarea></textarea><button type="button">Send</button></form>'
        tags = ("national defence", "reserve force")
    tag_links = " ".join(f'<a href="/{a.lang}/tag/{slugify(t)}.html">{esc(t)}</a>' for t in tags)
    rel = "".join(
        f'<p><a href="{href}">{esc(text)}</a> <span>({(a.pub - timedelta(days=3 + k)):%d/%m/%Y})</span></p>'
        for k, (href, text) in enumerate(elsewhere(a.lang, a.id, 3))
    )
    main = (
        '<div class="page-main-left-newsdt">\n'
        '<div class="newsdt-page-ct">\n'
        f'<div class="newsdt-page-ct-time"><span>{a.stamp}</span></div>\n'
        f'<div class="newsdt-page-ct-tit">{esc(a.title)}</div>\n'
        '<div class="newsdt-page-ct-text">\n'
        + render_body(a)
        + "\n</div>\n"
        + '<div class="newsdt-page-ct-share"><a href="#" class="print">In bài</a> <a href="#" class="fb">Chia sẻ</a></div>\n'
        + "</div>\n"
        + f'<div id="tag-widget" class="newsdt-tag"><span>{tag_label}</span> {tag_links}</div>\n'
        + f'<div class="newsdt-comment"><div class="newsdt-comment-tit">{comments}</div>{form}</div>\n'
        + f'<div class="news-other"><div class="news-other-tit">{related}</div><div class="news-other-list">{rel}</div></div>\n'
        + "</div>"
    )
    site_name = "Tạp chí Quốc phòng toàn dân" if a.lang == "vi" else "National Defence Journal"
    return page(a.lang, f"{a.title} - {site_name}", main, a.id)


# --- listings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingPage:
    base: str  # "/vi/nhung-chu-truong-cong-tac-lon-2.html"
    lang: str
    name: str
    page: int
    pages: int
    ids: tuple[int, ...]
    hrefs: tuple[str, ...] = ()  # per item: "rel", "abs", "mobile", "www_utm", "frag"
    extras: bool = False  # a category link and an off-site partner link inside the list

    @property
    def path(self) -> str:
        return self.base if self.page == 1 else f"{self.base}?pageindex={self.page}"

    @property
    def file(self) -> str:
        name = "index.html" if self.page == 1 else f"index@pageindex={self.page}.html"
        return f"{HOST}{self.base}/{name}"

    @property
    def next_path(self) -> str | None:
        return f"{self.base}?pageindex={self.page + 1}" if self.page < self.pages else None


def item_href(a: Article, style: str) -> str:
    return {
        "rel": a.path,
        "abs": a.url,
        "mobile": a.mobile_url,
        "www_utm": f"http://www.{HOST}{a.path}?utm_source=zalo&amp;utm_medium=share",
        "frag": f"{a.url}#binh-luan",
    }[style]


def listing_summary(a: Article) -> str:
    sapo = sapo_text(a)
    if sapo:
        return sapo
    first = paragraphs(a)[0]
    return first.split(". ")[0].rstrip(".") + "."


def render_listing(lp: ListingPage, by_id: dict[int, Article]) -> str:
    items = []
    for n, ident in enumerate(lp.ids):
        a = by_id[ident]
        href = item_href(a, lp.hrefs[n] if n < len(lp.hrefs) else "rel")
        imgs = images(a)
        thumb = imgs[0]["url"].removeprefix(SITE) if imgs else "/images/no-image.jpg"
        items.append(
            '<div class="news-other-item">\n'
            f'<a class="news-other-img" href="{href}"><img src="{esc(thumb)}" alt="" /></a>\n'
            f'<p class="news-other-item-tit"><a href="{href}">{esc(a.title)}</a></p>\n'
            f'<p class="news-other-item-time">({a.pub:%d/%m/%Y})</p>\n'
            f'<p class="news-other-item-sapo">{esc(listing_summary(a))}</p>\n'
            "</div>"
        )
    if lp.extras:
        items.append(
            '<div class="news-other-item">\n'
            '<p class="news-other-item-cate"><a href="/vi/nghien-cuu-trao-doi-3.html">Nghiên cứu - Trao đổi</a></p>\n'
            '<p class="news-other-item-tit"><a href="https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-viet-doi-tac-1099001">Bài viết trên Báo Quân đội nhân dân</a></p>\n'
            "</div>"
        )
    pager = ""
    if lp.pages > 1:
        links = []
        if lp.page > 1:
            first = lp.base
            prev = lp.base if lp.page == 2 else f"{lp.base}?pageindex={lp.page - 1}"
            links += [f'<a href="{first}">&lt;&lt;</a>', f'<a href="{prev}">&lt;</a>']
        for k in range(1, lp.pages + 1):
            href = lp.base if k == 1 else f"{lp.base}?pageindex={k}"
            links.append(f'<span class="current">{k}</span>' if k == lp.page else f'<a href="{href}">{k}</a>')
        if lp.next_path:
            last = f"{lp.base}?pageindex={lp.pages}"
            links += [f'<a href="{lp.next_path}">&gt;</a>', f'<a href="{last}">&gt;&gt;</a>']
        pager = '\n<div id="pagenav">' + " ".join(links) + "</div>"
    main = (
        '<div class="page-main-left">\n'
        f'<div class="cate-tit"><a href="{lp.base}">{esc(lp.name)}</a></div>\n'
        '<div class="news-other-list">\n' + "\n".join(items) + "\n</div>" + pager + "\n</div>"
    )
    site_name = "Tạp chí Quốc phòng toàn dân" if lp.lang == "vi" else "National Defence Journal"
    return page(lp.lang, f"{lp.name} - {site_name}", main, lp.page * 7 + len(lp.base))


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /Admin/
Disallow: /search/
Disallow: /tim-kiem/
Allow: /
"""

# --- the articles ----------------------------------------------------------------------------
# Every text below is invented for this fixture (people, units, numbers and events included).

CTL, XIV = "nhung-chu-truong-cong-tac-lon", "huong-toi-dai-hoi-xiv-cua-dang"
EMPTY = Noise("<p>&nbsp;</p>")

ARTICLES: list[Article] = [
    Article(
        id=25531,
        lang="vi",
        cat=CTL,
        title="Nâng cao chất lượng xây dựng lực lượng dự bị động viên ở địa bàn miền núi",
        published="2025-11-18 08:15",
        body=(
            Lead("Xây dựng lực lượng dự bị động viên vững mạnh, sẵn sàng động viên khi có tình huống là nhiệm vụ thường xuyên, quan trọng của các địa phương. Ở địa bàn miền núi, nhiệm vụ này đặt ra nhiều yêu cầu mới, đòi hỏi cấp ủy, chính quyền và cơ quan quân sự các cấp phải có giải pháp phù hợp, hiệu quả."),
            Sub("1. Những kết quả bước đầu"),
            P("Những năm qua, các tỉnh miền núi phía Bắc đã quán triệt, triển khai nghiêm túc các văn bản của cấp trên về công tác dự bị động viên. Việc đăng ký, quản lý quân nhân dự bị và phương tiện kỹ thuật được tiến hành chặt chẽ, đúng quy định; tỷ lệ sắp xếp quân nhân dự bị đúng chuyên nghiệp quân sự từng bước được nâng lên."),
            Img("huan-luyen-du-bi-dong-vien", "Huấn luyện quân nhân dự bị động viên tại một đơn vị trên địa bàn miền núi. Ảnh: Tư liệu"),
            P("Tuy vậy, địa bàn rộng, dân cư phân tán, giao thông đi lại khó khăn; một bộ phận quân nhân dự bị thường xuyên thay đổi nơi cư trú, đi làm ăn xa, gây không ít trở ngại cho công tác quản lý và tập trung huấn luyện. Một số nơi chưa phát huy hết vai trò của hệ thống chính trị cơ sở trong xây dựng lực lượng."),
            Sub("2. Một số giải pháp trọng tâm"),
            P("<strong><em>Một là</em></strong>, tăng cường sự lãnh đạo của cấp ủy, sự quản lý, điều hành của chính quyền các cấp đối với công tác dự bị động viên. Cần đưa chỉ tiêu xây dựng lực lượng vào nghị quyết lãnh đạo hằng năm và gắn với trách nhiệm của người đứng đầu."),
            P("<strong><em>Hai là</em></strong>, đổi mới nội dung, hình thức huấn luyện theo hướng sát thực tế địa bàn; kết hợp huấn luyện tập trung với huấn luyện tại chỗ, tận dụng thời gian nông nhàn để tổ chức luyện tập."),
            P("<strong><em>Ba là</em></strong>, thực hiện tốt chính sách hậu phương đối với quân nhân dự bị và gia đình họ, tạo động lực để mỗi người yên tâm, gắn bó với đơn vị."),
            Credit(
                '<p style="text-align: right;"><strong><em>Đại tá, TS. PHẠM VĂN HIẾU</em></strong><em>, Học viện Quốc phòng</em></p>',
                "Đại tá, TS. PHẠM VĂN HIẾU, Học viện Quốc phòng",
                ("Đại tá, TS. PHẠM VĂN HIẾU",),
            ),
            EMPTY,
        ),
        cases=(
            "bold lead → sapo",
            "`<strong><em>Một là</em></strong>, …` paragraphs inside the credit window stay text",
            "credit `strong > em` rank + NAME, affiliation in a trailing `<em>`",
            "credit followed by an empty `<p>&nbsp;</p>`",
            "caption credit `Ảnh: Tư liệu`",
        ),
    ),
    Article(
        id=25518,
        lang="vi",
        cat=CTL,
        title="Phát huy sức mạnh tổng hợp trong xây dựng khu vực phòng thủ cấp tỉnh",
        published="2025-11-14 15:30",
        body=(
            Lead("Khu vực phòng thủ tỉnh, thành phố là bộ phận hợp thành của thế trận quốc phòng toàn dân. Xây dựng khu vực phòng thủ vững chắc đòi hỏi phải huy động, phát huy sức mạnh tổng hợp của cả hệ thống chính trị và của toàn dân."),
            P("Thời gian qua, nhiều địa phương đã chủ động rà soát, điều chỉnh, bổ sung hệ thống văn kiện tác chiến; kết hợp chặt chẽ phát triển kinh tế - xã hội với củng cố quốc phòng, an ninh trong từng quy hoạch, kế hoạch<sup>(1)</sup>."),
            P("Kết quả diễn tập khu vực phòng thủ ở một số tỉnh thuộc địa bàn nghiên cứu được tổng hợp như sau:"),
            Table((("Năm", "Số cuộc diễn tập", "Đạt khá, giỏi"), ("2023", "12", "91%"), ("2024", "15", "94%"))),
            P("Từ thực tiễn đó, có thể rút ra một số kinh nghiệm: phải thường xuyên làm tốt công tác giáo dục quốc phòng và an ninh cho các đối tượng; coi trọng xây dựng tiềm lực chính trị, tinh thần; gắn xây dựng khu vực phòng thủ với xây dựng cơ sở vững mạnh toàn diện<sup>(2)</sup>."),
            P("Trong thời gian tới, các địa phương cần tiếp tục&nbsp;đầu tư xây dựng các công trình phòng thủ theo quy hoạch, bảo đảm tính lưỡng dụng, vừa phục vụ dân sinh, vừa&nbsp;đáp ứng yêu cầu tác chiến khi có tình huống."),
            Credit(
                '<p style="text-align: right;"><strong><em>Thiếu tướng, PGS, TS. LÊ QUANG MINH - Thượng tá, ThS. ĐỖ HẢI NAM</em></strong></p>',
                "Thiếu tướng, PGS, TS. LÊ QUANG MINH - Thượng tá, ThS. ĐỖ HẢI NAM",
                ("Thiếu tướng, PGS, TS. LÊ QUANG MINH", "Thượng tá, ThS. ĐỖ HẢI NAM"),
            ),
            Noise("<p>____________________</p>"),
            P("<em>1 - Bộ Chỉ huy quân sự tỉnh, Báo cáo tổng kết công tác quốc phòng địa phương năm 2024, tr. 12.</em>"),
            P("<em>2 - Tài liệu bồi dưỡng kiến thức quốc phòng và an ninh, H. 2024, tr. 87.</em>"),
        ),
        cases=(
            "two authors in one credit, ` - ` between rank + NAME pairs",
            "credit NOT last: a separator and two footnotes follow (footnotes stay text)",
            "data table without image: one paragraph per row",
            "`&nbsp;` between words; `<sup>` note markers",
        ),
    ),
    Article(
        id=25502,
        lang="vi",
        cat=XIV,
        title="Phát huy dân chủ trong góp ý dự thảo văn kiện Đại hội XIV của Đảng ở các đơn vị quân đội",
        published="2025-11-11 09:00",
        body=(
            Noise(f"<p>{esc(ADDRESS)}</p>"),
            Noise("<p>Thứ Ba, 11/11/2025, 08:40 (GMT+7)</p>"),
            Noise("<p>Trang chủ | Những chủ trương công tác lớn | Nghiên cứu - Trao đổi | Tin tức | Tạp chí và Tòa soạn</p>"),
            Lead("Tổ chức lấy ý kiến góp ý vào dự thảo các văn kiện trình Đại hội đại biểu toàn quốc lần thứ XIV của Đảng là đợt sinh hoạt chính trị sâu rộng, thu hút sự quan tâm của đông đảo cán bộ, đảng viên và quần chúng trong toàn quân."),
            P("Để việc góp ý thực chất, hiệu quả, nhiều cơ quan, đơn vị đã xây dựng kế hoạch cụ thể, phân công cán bộ có trình độ, kinh nghiệm hướng dẫn nghiên cứu; kết hợp sinh hoạt tập trung với tổ chức tọa đàm theo chuyên đề, lắng nghe ý kiến từ cơ sở."),
            P("Các ý kiến đóng góp tập trung vào những vấn đề lớn như xây dựng Quân đội nhân dân cách mạng, chính quy, tinh nhuệ, hiện đại; xây dựng nền quốc phòng toàn dân vững mạnh; phát huy nhân tố con người trong thời kỳ mới."),
            P("Qua đó khẳng định trách nhiệm chính trị, trí tuệ của cán bộ, đảng viên trong Quân đội, góp phần cùng toàn Đảng hoàn thiện các văn kiện, chuẩn bị tốt nhất cho Đại hội."),
            Credit(
                '<p style="text-align: right;"><strong><em>Thượng tá, ThS. VŨ THÀNH CÔNG</em></strong></p>',
                "Thượng tá, ThS. VŨ THÀNH CÔNG",
                ("Thượng tá, ThS. VŨ THÀNH CÔNG",),
            ),
            Noise("<p><strong>TIN, BÀI XEM NHIỀU</strong></p>", stop=True),
            Noise('<p><a href="/vi/tin-tuc/hoi-nghi-tong-ket-cong-tac-tap-chi-nam-2024/99133.html">Hội nghị tổng kết công tác tạp chí năm 2024</a></p>'),
            Noise(f'<p><img alt="" src="{UPLOADS}/banner/quang-cao.jpg" /></p>'),
        ),
        cases=(
            "page chrome pasted into the body: header `Tòa soạn:` … clock … `Tạp chí và Tòa soạn` at the top",
            "stop marker `TIN, BÀI XEM NHIỀU` inside the body: the link and the banner image after it are dropped",
            "listed on both Vietnamese categories; linked via `http://www.` with `utm_` parameters",
        ),
    ),
    Article(
        id=25497,
        lang="vi",
        cat=CTL,
        title="Hội thảo khoa học “Kế thừa, phát triển nghệ thuật quân sự Việt Nam trong thời kỳ mới”",
        published="2025-11-10 10:05",
        body=(
            Lead("QPTD - Sáng 10/11, tại Hà Nội, Viện Nghiên cứu quân sự phối hợp với các học viện, nhà trường trong Quân đội tổ chức hội thảo khoa học “Kế thừa, phát triển nghệ thuật quân sự Việt Nam trong thời kỳ mới”."),
            P("Hội thảo nhận được 46 bài tham luận của các nhà khoa học, cán bộ lãnh đạo, chỉ huy trong và ngoài Quân đội. Các ý kiến tập trung làm rõ giá trị lý luận, thực tiễn của nghệ thuật quân sự Việt Nam qua các cuộc kháng chiến, đồng thời đề xuất những nội dung cần tiếp tục nghiên cứu, phát triển."),
            Img("quang-canh-hoi-thao", "Quang cảnh hội thảo."),
            P("Phát biểu kết luận, đồng chí chủ trì hội thảo đề nghị ban tổ chức tiếp thu đầy đủ các ý kiến, hoàn thiện kỷ yếu và kiến nghị với cấp có thẩm quyền để vận dụng vào công tác nghiên cứu, giảng dạy."),
            Img("dai-bieu-trao-doi", ""),
            Credit(
                '<p style="text-align: right;"><strong><em>Tin, ảnh: THU HẰNG</em></strong></p>',
                "Tin, ảnh: THU HẰNG",
                ("THU HẰNG",),
            ),
        ),
        cases=(
            "`QPTD - ` dateline at the start of the bold lead (stripped from the sapo)",
            "credit `Tin, ảnh: X` in `strong > em`",
            "image table with an empty caption row",
            "linked from the listing by its MOBILE URL (m.tapchiqptd.vn, `<slug>-<id>.html`)",
        ),
    ),
    Article(
        id=25470,
        lang="vi",
        cat=CTL,
        title="Bộ đội công binh luyện tập bắc cầu phao trong mùa lũ",
        published="2025-11-06 16:45",
        body=(
            P("Những ngày đầu tháng 11, trên đoạn sông chảy qua thao trường, cán bộ, chiến sĩ Lữ đoàn Công binh 575 khẩn trương luyện tập các nội dung bắc cầu phao, vượt sông bằng phà tự hành trong điều kiện nước lên nhanh, dòng chảy mạnh."),
            P("Theo Đại tá Trần Văn Khải, Lữ đoàn trưởng, năm nay đơn vị chú trọng huấn luyện ban đêm và huấn luyện đồng bộ giữa các phân đội, bảo đảm khi có lệnh là cơ động nhanh, bắc cầu đúng thời gian quy định."),
            Img("bac-cau-phao", "Chiến sĩ Lữ đoàn Công binh 575 luyện tập bắc cầu phao. Ảnh: qdnd.vn", absolute=True),
            P("Qua luyện tập, các phân đội đã rút ngắn thời gian triển khai cầu so với kế hoạch, bảo đảm an toàn tuyệt đối về người và phương tiện."),
            Credit(
                '<p style="text-align: right;"><strong><em>QUANG VINH</em></strong></p>',
                "QUANG VINH",
                ("QUANG VINH",),
            ),
            Noise("<p><em>Nguồn: qdnd.vn</em></p>", stop=True),
            Noise('<p><strong>Bài liên quan:</strong> <a href="/vi/nhung-chu-truong-cong-tac-lon/doi-moi-cong-tac-giao-duc-chinh-tri-o-don-vi-co-so/99104.html">Đổi mới công tác giáo dục chính trị ở đơn vị cơ sở</a></p>'),
        ),
        cases=(
            "republished from qdnd.vn: stop marker `Nguồn: qdnd.vn` ends the body (a related link follows)",
            "no bold lead (sapo empty)",
            "bare upper-case credit in `strong > em`",
            "absolute image URL",
        ),
    ),
    Article(
        id=25455,
        lang="vi",
        cat=XIV,
        title="Đảng bộ Lữ đoàn 164 lãnh đạo xây dựng đơn vị vững mạnh toàn diện",
        published="2025-11-03 14:20",
        body=(
            P("Nhiệm kỳ 2020 - 2025, Đảng bộ Lữ đoàn 164 đã lãnh đạo đơn vị hoàn thành tốt các nhiệm vụ được giao; chất lượng huấn luyện, sẵn sàng chiến đấu không ngừng được nâng lên, đơn vị nhiều năm liền đạt danh hiệu vững mạnh toàn diện."),
            Img("sinh-hoat-chi-bo", "Một buổi sinh hoạt chuyên đề của chi bộ thuộc Lữ đoàn 164."),
            P("Đảng ủy Lữ đoàn chú trọng xây dựng tổ chức đảng trong sạch, vững mạnh, coi đây là nhân tố quyết định; duy trì nghiêm nền nếp sinh hoạt, nâng cao chất lượng tự phê bình và phê bình, gắn với thực hiện các cuộc vận động, phong trào thi đua."),
            Img("huan-luyen-ban-dem", "Huấn luyện bắn đêm trên thao trường. Ảnh: Phương Anh"),
            P("<strong><em>“Mỗi cán bộ, đảng viên phải thực sự là tấm gương sáng về phẩm chất chính trị, đạo đức, lối sống”</em></strong>, đồng chí Bí thư Đảng ủy Lữ đoàn nhấn mạnh tại hội nghị tổng kết nhiệm kỳ."),
            P("Phát huy kết quả đạt được, Đảng bộ Lữ đoàn xác định tiếp tục đổi mới phương thức lãnh đạo, tập trung xây dựng đội ngũ cán bộ đủ phẩm chất, năng lực, góp phần thực hiện thắng lợi nghị quyết đại hội đảng các cấp."),
            Credit(
                '<p style="text-align: right;"><strong><em>Trung tá ĐINH VĂN QUÝ</em></strong></p>',
                "Trung tá ĐINH VĂN QUÝ",
                ("Trung tá ĐINH VĂN QUÝ",),
            ),
        ),
        cases=(
            "bold-italic quotation paragraph right before the credit stays text",
            "two image tables, one with `Ảnh: X` credit",
            "no bold lead (sapo empty)",
        ),
    ),
    Article(
        id=14310,
        lang="vi",
        cat=CTL,
        title="Kỷ niệm 75 năm Ngày thành lập Quân đội nhân dân Việt Nam",
        published="2019-12-19 10:20",
        body=(
            P("Hướng tới kỷ niệm 75 năm Ngày thành lập Quân đội nhân dân Việt Nam và 30 năm Ngày hội Quốc phòng toàn dân, nhiều cơ quan, đơn vị đã tổ chức các hoạt động thiết thực như gặp mặt truyền thống, thăm hỏi gia đình chính sách, giao lưu văn hóa, văn nghệ."),
            P("Các hoạt động được tổ chức trang trọng, tiết kiệm, góp phần giáo dục truyền thống&nbsp;vẻ vang của Quân đội, bồi đắp tình cảm gắn bó máu thịt giữa\u200b bộ đội với nhân dân."),
            P("Qua đó, tiếp tục khẳng định bản chất, truyền thống tốt đẹp của “Bộ đội Cụ Hồ”, cổ vũ cán bộ, chiến sĩ thi đua hoàn thành xuất sắc nhiệm vụ được giao."),
        ),
        cases=(
            "2019 article, 5-digit older id",
            "no credit (byline null), no image, no lead",
            "`&nbsp;` and a zero-width space inside paragraphs",
            "linked from the listing with a `#fragment`",
        ),
    ),
    Article(
        id=25540,
        lang="en",
        cat="news",
        title="Military Region 2 reviews reserve force training in mountainous provinces",
        published="2025-11-18 10:15",
        body=(
            Lead("Military Region 2 on November 17 held a conference to review the training of reserve forces in 2025 and set out tasks for the coming year, with a focus on units in remote mountainous areas."),
            P("According to the report, provincial military commands organised training for reservists in line with approved plans, ensuring the required participation rate and absolute safety. Many units combined classroom sessions with field exercises close to the actual terrain."),
            Img("mr2-conference", "An overview of the conference. Photo: qdnd.vn"),
            P("Speaking at the conference, the Military Region Commander asked provinces to further improve the management of reservists, especially those working away from home, and to make training more practical."),
            Credit(
                '<p style="text-align: right;"><strong><em>Senior Colonel, PhD NGUYEN DUC THANH</em></strong>, Military Region 2 Command</p>',
                "Senior Colonel, PhD NGUYEN DUC THANH, Military Region 2 Command",
                ("Senior Colonel, PhD NGUYEN DUC THANH",),
            ),
            EMPTY,
            EMPTY,
        ),
        cases=(
            "ENGLISH edition: `/en/news/<slug>/<id>.html`, date `Tuesday, November 18, 2025, 10:15 (GMT+7)`, no dateline",
            "English credit with affiliation after the emphasis; caption credit `Photo: X`",
            "credit followed by two empty paragraphs",
        ),
    ),
]

LISTINGS: list[ListingPage] = [
    ListingPage(
        "/vi/nhung-chu-truong-cong-tac-lon-2.html", "vi", "Những chủ trương công tác lớn", 1, 2,
        (25531, 25518, 25502, 25497), ("rel", "abs", "www_utm", "mobile"), extras=True,
    ),
    ListingPage(
        "/vi/nhung-chu-truong-cong-tac-lon-2.html", "vi", "Những chủ trương công tác lớn", 2, 2,
        (25470, 14310), ("rel", "frag"),
    ),
    ListingPage(
        "/vi/huong-toi-dai-hoi-xiv-cua-dang-169.html", "vi", "Hướng tới Đại hội XIV của Đảng", 1, 1,
        (25502, 25455), ("abs", "rel"),
    ),
    ListingPage("/en/news-54.html", "en", "News", 1, 1, (25540,), ("rel",)),
]


# --- output ----------------------------------------------------------------------------------


def expected(a: Article) -> dict[str, object]:
    credit = a.credit
    listed = [f"{lp.path} #{lp.ids.index(a.id) + 1}" for lp in LISTINGS if a.id in lp.ids]
    return {
        "id": str(a.id),
        "url": a.url,
        "lang": a.lang,
        "category": a.cat,
        "title": plain(a.title),
        "sapo": sapo_text(a),
        "dateline": "QPTD" if a.lang == "vi" else None,
        "date_line": a.stamp,
        "published_at": iso(a.pub),
        "byline": credit.text if credit else None,
        "authors": list(credit.authors) if credit else [],
        "images": images(a),
        "tags": [],
        "paragraphs": paragraphs(a),
        "original_url": None,
        "listed_on": listed,
        "cases": list(a.cases),
    }


def manifest(rows: list[dict[str, object]]) -> str:
    lines = [
        "# tapchiqptd.vn replay snapshot",
        "",
        "Generated by `tests/snapshots/build_tapchiqptd_snapshot.py` (do not edit the HTML by hand; edit",
        "the script and re-run it). `expected.json` holds the values below in machine-readable form,",
        "written from the generator's data (not from the parser).",
        "",
        "**This snapshot is our own work; no real page HTML of tapchiqptd.vn exists in the project.**",
        "Every title, lead, paragraph, caption, person, unit, number and event is invented.",
        "Served by `python -m scrapers.replay tests/snapshots/tapchiqptd` (Host: `tapchiqptd.vn`).",
        "",
        "## What the markup is based on (sites.md tags)",
        "",
        "| element | markup here | basis |",
        "|---|---|---|",
        "| article URL | `/<lang>/<category>/<slug>/<id>.html`; mobile `m.tapchiqptd.vn/<lang>/<category>/<slug>-<id>.html` | MULTI (public scrapers + live probe) |",
        "| container | `.page-main-left-newsdt .newsdt-page-ct` | VERIFIED on the English desktop edition (live structural probe); Vietnamese edition ASSUMED identical (GUESS) |",
        "| title | `div.newsdt-page-ct-tit` (no h1, og:title empty) | VERIFIED (English) |",
        "| date | `.newsdt-page-ct-time span`: `QPTD -Thứ X, dd/mm/yyyy, HH:MM (GMT+7)` / `Weekday, Month d, yyyy, HH:MM (GMT+7)` | VERIFIED formats (§8.1, §2) |",
        f"| page clock | `#subTopMenu-time p`: `{CLOCK_VI}` / `{CLOCK_EN}` (same format, no `QPTD -`) | VERIFIED id and format |",
        "| body | `.newsdt-page-ct-text` with direct `p` and `table` children; two-row image tables | VERIFIED (English); table inner markup GUESS |",
        "| author credit | `p` whose first child is `strong > em` (rank + NAME [, affiliation]) among the last blocks, not always the last | VERIFIED (English probe) |",
        "| bold lead as sapo, footnotes after the credit, data table | as in the articles | GUESS |",
        "| listing | `/vi/<category>-<catid>.html[?pageindex=N]`, links `.news-other-list p a`, pager `#pagenav a` with text `>` | SCRAPER (one public crawler) |",
        "| chrome labels | `Tòa soạn:` … `Tạp chí và Tòa soạn` header; `TAG`, `Ý KIẾN BẠN ĐỌC`, `CÁC TIN, BÀI ĐÃ ĐƯA`, `TIÊU ĐIỂM`, `TIN, BÀI XEM NHIỀU`; `Nguồn: qdnd.vn` | SCRAPER (the crawler's text rules, §9.1); their class names are GUESS |",
        "| image URLs `/uploads/images/YYYY/MM/DD/<name>.jpg`, robots.txt rules | | GUESS |",
        "",
        "## Conventions of the expected values",
        "",
        "- Text is NFC, entities decoded, NBSP and whitespace runs folded, zero-width characters removed.",
        "- `published_at` comes from the article's own date line only; the header clock shows the",
        "  snapshot time in the same format, and the related list shows other dates.",
        "- `dateline` is `QPTD` for the Vietnamese edition (the date-line prefix; one lead also starts",
        "  with `QPTD - `, stripped from the sapo), null for English.",
        "- `byline` is the credit paragraph's full text (affiliation included); `authors` the",
        "  emphasised rank + name(s) only (the name part for `Tin, ảnh: X`). Credits, captions, the",
        "  chrome, empty/separator paragraphs and everything after a stop marker are not paragraphs.",
        "- Sapo: a wholly bold first paragraph; articles without one have an empty sapo.",
        "- `tags` are not read (empty); `original_url` is null (`Nguồn: qdnd.vn` carries no URL).",
        "- Links to ids 99xxx (related lists, sidebars), tag pages, other categories and off-site hosts",
        "  are not in the snapshot (404).",
        "",
        "## Listings",
        "",
        "| page | file | articles (in order) | next |",
        "|---|---|---|---|",
    ]
    for lp in LISTINGS:
        nxt = f"`{lp.next_path}`" if lp.next_path else "none"
        lines.append(f"| `{lp.path}` | `{lp.file}` | {', '.join(str(i) for i in lp.ids)} | {nxt} |")
    lines += [
        "",
        f"{len(rows)} distinct articles (7 Vietnamese, 1 English); 25502 is listed on both Vietnamese",
        "categories. Item links are root-relative, absolute, `http://www.` with `utm_` parameters,",
        "mobile (`m.tapchiqptd.vn/…/<slug>-<id>.html`) or carry a `#fragment`: all normalise to the",
        "desktop URL. Page 1 of the first category also holds a category link and an off-site",
        "(qdnd.vn) link inside `.news-other-list`, both ignored; sidebars list 99xxx ids.",
        "",
        "## Articles",
        "",
        "| id | lang | url | published_at | sapo | byline | authors | images | paras | cases |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        assert isinstance(r["images"], list) and isinstance(r["paragraphs"], list)
        authors = " / ".join(r["authors"])  # type: ignore[arg-type]
        cases = "; ".join(str(c).replace("|", "\\|") for c in r["cases"])  # type: ignore[attr-defined]
        sapo = "yes" if r["sapo"] else "—"
        byline = f"`{r['byline']}`" if r["byline"] else "—"
        url = str(r["url"]).removeprefix(SITE)
        lines.append(
            f"| {r['id']} | {r['lang']} | `{url}` | {r['published_at']} | {sapo} | {byline} | {authors or '—'} | {len(r['images'])} | {len(r['paragraphs'])} | {cases} |"
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
    assert {i for lp in LISTINGS for i in lp.ids} == set(by_id), "every article must be listed"
    for a in ARTICLES:
        assert a.pub < SNAPSHOT_TIME
    produced: set[Path] = set()
    site = ROOT / HOST
    write(site / "robots.txt", ROBOTS.encode("utf-8"), produced)
    for lp in LISTINGS:
        write(ROOT / lp.file, render_listing(lp, by_id).encode("utf-8"), produced)
    for a in ARTICLES:
        write(site / a.path.strip("/") / "index.html", render_article(a).encode("utf-8"), produced)
    rows = [expected(a) for a in ARTICLES]
    listings = [
        {"path": lp.path, "file": lp.file, "ids": [str(i) for i in lp.ids], "next": lp.next_path}
        for lp in LISTINGS
    ]
    data = {"host": HOST, "clock": [CLOCK_VI, CLOCK_EN], "articles": rows, "listings": listings}
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

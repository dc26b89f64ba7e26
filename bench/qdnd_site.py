"""A synthetic qdnd.vn-shaped site of N distinct articles, for benchmarks that run the real flow.

The pages are rendered by the qdnd snapshot generator's own builders
(`tests/snapshots/build_qdnd_snapshot.py`: `render_article`, `render_listing`, `ROBOTS`), so the
markup is the one `scrapers/sites/qdnd.py` is tested on; only the data differs. Each article is a
pure function of `(SEED, index)`: a seeded draw of sentences from the news-register syllables of
`bench/storage_corpus.py` (sapo + body 1,100-3,600 characters, median ~2,300), so the run's
health checks see realistic lengths, no line recurs across articles and near-duplicate linking
has nothing to link; with a JSON-LD date, a lead image with a credit and a `Tin, ảnh: NAME`-style
byline. Articles alternate between the two categories the snapshot knows
(`/quoc-phong-an-ninh`, `/chinh-tri`), newest first, `per_page` to a listing page with the
site's `/p/N` pager.
"""

from __future__ import annotations

import math
import random
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
for _path in (REPO, REPO / "bench", REPO / "tests" / "snapshots"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import build_qdnd_snapshot as qb  # noqa: E402  (the snapshot generator, run from its folder)
from storage_corpus import WORDS  # noqa: E402

SEED = 20251122
FIRST_ID = 2_000_000  # 7-digit ids, clear of the snapshot's own (1,0xx,xxx and lower)
NEWEST = datetime(2025, 11, 22, 6, 0, tzinfo=qb.TZ)
SPACING = timedelta(minutes=37)  # between two consecutive articles
SECTIONS = {
    "quoc-phong-an-ninh": (("tin-tuc", "std"), ("xay-dung-quan-doi", "std"),
                           ("doi-ngoai-quoc-phong", "std")),
    "chinh-tri": (("tin-tuc", "chinhtri"), ("xay-dung-dang", "chinhtri")),
}
SURNAMES = ("NGUYỄN", "TRẦN", "LÊ", "PHẠM", "HOÀNG", "VŨ", "ĐẶNG", "BÙI", "ĐỖ", "NGÔ")
GIVEN = ("MINH", "HÀ", "QUANG", "HƯNG", "THU", "NAM", "VĂN", "HẢI", "ĐĂNG", "LAN", "PHƯƠNG",
         "KHÁNH", "TRỌNG", "NGHĨA", "ANH", "TUẤN", "HÒA", "THẮNG", "LINH", "DŨNG")
BYLINE_PREFIXES = ("Tin, ảnh", "Bài, ảnh", "Bài và ảnh", "")
TAGS = (("huấn luyện", "huan-luyen-52716"), ("biên giới", "bien-gioi-30862"),
        ("quốc phòng an ninh", "quoc-phong-an-ninh-1588"), ("xây dựng Đảng", "xay-dung-dang-30421"),
        ("hậu cần quân đội", "hau-can-quan-doi-31127"))


@dataclass(frozen=True, slots=True)
class SiteLayout:
    """What was written: the host folder, the listing paths to configure and their depth."""

    root: Path  # the snapshot root (one folder per host): give it to ReplayServer
    articles: int
    listings: tuple[str, ...]  # category paths, page 1 of each
    pages_per_listing: int  # the longest listing's page count (a source's max_pages)
    listing_pages: int  # listing pages written in all


def sentence(rng: random.Random, low: int, high: int, end: str = ".") -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    if len(words) > 10:
        words[len(words) // 2] += ","
    return words[0].capitalize() + " " + " ".join(words[1:]) + end


def byline(rng: random.Random) -> Any:
    name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
    prefix = rng.choice(BYLINE_PREFIXES)
    return qb.by_prefixed(prefix, name) if prefix else qb.by_bare(name)


def article(index: int) -> Any:
    """Article `index` (0 is the newest) as the snapshot generator's `Article`."""
    rng = random.Random(SEED * 1_000_003 + index)
    cat = tuple(SECTIONS)[index % len(SECTIONS)]
    sub, footer = rng.choice(SECTIONS[cat])
    paragraphs = [
        " ".join(sentence(rng, 10, 24) for _ in range(rng.randint(2, 5)))
        for _ in range(rng.randint(6, 10))
    ]
    credit = f"Ảnh: {rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
    body = [qb.P(p) for p in paragraphs]
    body.insert(1, qb.Img(f"anh-{FIRST_ID + index}", f"{sentence(rng, 8, 16)} {credit}"))
    published = NEWEST - SPACING * index
    return qb.Article(
        id=FIRST_ID + index,
        cat=cat,
        sub=sub,
        title=sentence(rng, 9, 16, end=""),
        sapo=sentence(rng, 25, 40),
        dateline=rng.choice(("QĐND - ", "QĐND Online - ")),
        published=f"{published:%Y-%m-%d %H:%M}",
        dates="jsonld",
        subinfo=rng.choice(("plain", "weekday", "pipe")),
        body=tuple(body),
        byline=byline(rng),
        tags=tuple(rng.sample(TAGS, 2)),
        footer=footer,
    )


def listing_pages(articles: list[Any], per_page: int) -> list[Any]:
    """Each category's articles, newest first, `per_page` to a page."""
    pages = []
    for cat in SECTIONS:
        ids = [a.id for a in articles if a.cat == cat]
        count = max(1, math.ceil(len(ids) / per_page))
        for number in range(1, count + 1):
            chunk = tuple(ids[(number - 1) * per_page : number * per_page])
            pages.append(qb.ListingPage(cat, number, count, chunk))
    return pages


def build(root: Path, articles: int, *, per_page: int = 20) -> SiteLayout:
    """Write robots.txt, the listings (page 1 also at `/p/1`, as the site does) and `articles`
    article pages under `root/www.qdnd.vn/`."""
    site = root / qb.HOST
    made = [article(i) for i in range(articles)]
    by_id = {a.id: a for a in made}
    pages = listing_pages(made, per_page)
    _write(site / "robots.txt", qb.ROBOTS)
    for lp in pages:
        html = qb.render_listing(lp, by_id)
        _write(site / lp.path.strip("/") / "index.html", html)
        if lp.page == 1:
            _write(site / lp.cat / "p" / "1" / "index.html", html)
    for a in made:
        _write(site / a.path.strip("/") / "index.html", qb.render_article(a, by_id))
    return SiteLayout(
        root=root,
        articles=articles,
        listings=tuple(f"/{cat}" for cat in SECTIONS),
        pages_per_listing=max(lp.pages for lp in pages),
        listing_pages=len(pages),
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")

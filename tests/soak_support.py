"""Shared by the fault soak (`tests/test_soak.py`, `bench/soak.py`) and the crash test.

* `SoakSites`: synthetic snapshots of several sources, hundreds of articles each, made from the
  bundled replay snapshots: every article is a clone of one of its source's snapshot articles
  (the page as the generator wrote it, with a new id and a unique marker in its title), listed
  on pages in the site's own listing markup (and its RSS feed) under the source's configured
  listings. It can publish new articles at the top of the listings and edit articles, and it
  knows every text each article has had (`history`), parsed the way the transport and the
  parser read them (the oracle).
* `check_*`: the invariants of a faulty run, checked against the store, the run reports and
  the fault server's request log.
"""

from __future__ import annotations

import html
import itertools
import json
import logging
import re
import shutil
import statistics
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import config
from flows.report import RunReport
from scrapers import get_site
from scrapers.faults import DEFAULT_WEIGHTS, FaultPlan, FaultServer
from scrapers.http import archived_page
from scrapers.records import Article
from scrapers.replay import RecordedRequest, ReplayServer
from scrapers.text import normalize_inline, sha256_hex

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
CLOCK = "Thứ Bảy, ngày 22 tháng 11 năm 2025"
NEWEST = datetime(2025, 11, 22, 8, 0, tzinfo=UTC)
FEED_SIZE = 20
# First id of the clones, per source: the digit count each site's URL pattern expects.
ID_BASE = {
    "qdnd": 3_000_000, "qdnd-hc": 700_000, "thanhuytphcm": 1_700_000_000,
    "tapchiqptd": 50_000, "bienphong": 800_000, "chinhsach": 90_000,
}
LAYOUT = {  # the listing markup each site module reads
    "qdnd": "qdnd", "qdnd-hc": "qdnd", "thanhuytphcm": "thanhuytphcm",
    "tapchiqptd": "tapchiqptd", "bienphong": "bienphong",
}
SOURCES = tuple(LAYOUT)
RATE = 40.0  # requests per second per host: our own loopback server
RETRY_AFTER = 1  # seconds, in every 429 the fault server sends
SETTINGS = {  # a fast, small world for runs: the same code, other numbers (VNNEWS_* overrides)
    "VNNEWS_READ_TIMEOUT": "0.5",
    "VNNEWS_MAX_RESPONSE_BYTES": "262144",
    "VNNEWS_BACKOFF_INITIAL": "0.05",
    "VNNEWS_BACKOFF_MAX": "2",
}
_LAST_NUMBER = re.compile(r"\d+(?=\D*$)")


@dataclass
class Clone:
    """One synthetic article: a template page with a new URL and a marker in its title."""

    source: str
    url: str
    file: Path
    template: str  # the snapshot article it was made from
    marker: str  # unique ASCII token in the title, e.g. "S00042"
    published: datetime
    texts: list[str] = field(default_factory=list)  # every text it has had, oldest first
    title: str = ""


@dataclass(frozen=True, slots=True)
class _Template:
    url: str
    body: bytes
    title: str
    prose: tuple[str, ...] = ()  # its sapo and paragraphs, as parsed


class SoakSites:
    """Synthetic snapshots of `sources` under `root` (one snapshot directory per source)."""

    def __init__(
        self,
        root: Path,
        sources: Sequence[str] = SOURCES,
        *,
        per_source: int = 200,
        page_size: int = 25,
        max_pages: int = 5,
    ) -> None:
        self.root = root
        self.cfg = config.load(environ={})
        self.sources = tuple(sources)
        self.page_size = page_size
        self.max_pages = max_pages
        self.articles: dict[str, list[Clone]] = {}  # source -> newest first
        self.page_sizes: dict[str, int] = {}  # articles fill 3 of max_pages pages: room to grow
        self._templates: dict[str, list[_Template]] = {}
        self._serial = 0
        for name in self.sources:
            self._copy_chrome(name)
            self._templates[name] = self._pick_templates(name)
            self.articles[name] = []
            listings = sum(not _is_feed(u) for u in self.cfg.source(name).listing_urls())
            self.page_sizes[name] = max(page_size, -(-per_source // (listings * (max_pages - 2))))
            self.publish(name, per_source, write=False)
            self.write_listings(name)

    # --- what the sites serve --------------------------------------------------------------

    @property
    def snapshots(self) -> list[Path]:
        return [self.root / name for name in self.sources]

    def hosts(self, source: str) -> tuple[str, ...]:
        return self.cfg.source(source).hosts

    def expected(self) -> dict[str, str]:
        """URL -> the text a complete crawl would store now."""
        return {c.url: c.texts[-1] for clones in self.articles.values() for c in clones}

    def history(self) -> dict[str, list[str]]:
        """URL -> every text the article has had, oldest first."""
        return {c.url: list(c.texts) for clones in self.articles.values() for c in clones}

    def source_of(self, url: str) -> str:
        return next(c.source for name in self.sources for c in self.articles[name] if c.url == url)

    # --- publishing and editing ------------------------------------------------------------

    def publish(self, source: str, count: int, *, write: bool = True) -> list[str]:
        """`count` new articles at the top of the source's listings; their URLs."""
        templates = self._templates[source]
        site = get_site(self.cfg.source(source).site)
        new: list[Clone] = []
        for _ in range(count):
            self._serial += 1
            serial = self._serial
            template = templates[serial % len(templates)]  # round robin: mixed runs
            ident = str(ID_BASE[source] + serial)
            parts = urlsplit(template.url)
            number = _LAST_NUMBER.search(parts.path)
            assert number is not None, template.url
            path = parts.path[: number.start()] + ident + parts.path[number.end() :]
            url = f"{parts.scheme}://{parts.netloc}{path}"
            marker = f"S{serial:05d}"
            body = template.body.replace(parts.path.encode(), path.encode())
            body = _mark(body, template.title, marker, template.prose)
            clone = Clone(source, url, self._file(url), template.url, marker,
                          NEWEST + timedelta(minutes=37 * serial))
            _write(clone.file, body)
            article = self._parse(site, source, url, body)
            assert article.url == url and marker in article.title, (template.url, article.url)
            clone.texts.append(article.text)
            clone.title = article.title
            new.append(clone)
        self.articles[source][:0] = new[::-1]
        if write:
            self.write_listings(source)
        return [c.url for c in new]

    def edit(self, url: str, revision: int) -> str:
        """A new text for the article (its title marker gains `r<revision>`); the new text."""
        clone = next(c for clones in self.articles.values() for c in clones if c.url == url)
        body = clone.file.read_bytes()
        marker = f"{clone.marker}r{revision}"
        body = re.sub(rb"\b" + clone.marker.encode() + rb"(?:r\d+)?\b", marker.encode(), body)
        _write(clone.file, body)
        site = get_site(self.cfg.source(clone.source).site)
        article = self._parse(site, clone.source, url, body)
        assert marker in article.title and article.text != clone.texts[-1]
        clone.texts.append(article.text)
        clone.title = article.title
        self.write_listings(clone.source)
        return article.text

    def write_listings(self, source: str) -> None:
        """Every listing page and feed of the source, for the articles it has now."""
        src = self.cfg.source(source)
        site = get_site(src.site)
        clones = self.articles[source]
        pages = [url for url in src.listing_urls() if not _is_feed(url)]
        feeds = [url for url in src.listing_urls() if _is_feed(url)]
        size = self.page_sizes[source]
        for index, listing in enumerate(pages):
            mine = clones[index :: len(pages)]
            assert len(mine) <= size * self.max_pages, f"{source}: too many articles"
            count = max(1, -(-len(mine) // size))
            for number in range(1, count + 1):
                url = site.listing_page_url(listing, number)
                assert url is not None
                following = site.listing_page_url(listing, number + 1) if number < count else None
                chunk = mine[(number - 1) * size : number * size]
                page = _render_listing(LAYOUT[source], src.name, url, chunk, following)
                _write(self._file(url), page.encode("utf-8"))
        for feed in feeds:
            _write(self._file(feed), _render_feed(feed, clones[:FEED_SIZE]).encode("utf-8"))

    # --- building --------------------------------------------------------------------------

    def _copy_chrome(self, source: str) -> None:
        """robots.txt (and qdnd's /rss page, visited first to prime its feeds' gate)."""
        for host in self.hosts(source):
            original = SNAPSHOTS / source / host
            if not original.is_dir():
                continue
            (self.root / source / host).mkdir(parents=True, exist_ok=True)
            for name in ("robots.txt", "rss/index.html"):
                if (original / name).is_file():
                    target = self.root / source / host / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(original / name, target)

    def _pick_templates(self, source: str) -> list[_Template]:
        """The snapshot's articles fit to be cloned: every field the run's health check counts
        present and a body length near the median (so that whichever articles a run happens to
        fetch, its health is the site's, not the luck of the draw), no paragraph shared with
        another article (a republication), a title and prose the clone can mark."""
        src = self.cfg.source(source)
        site = get_site(src.site)
        expected = json.loads((SNAPSHOTS / source / "expected.json").read_text("utf-8"))
        replay = ReplayServer(SNAPSHOTS / source)
        found: list[tuple[_Template, Article]] = []
        for row in expected["articles"]:
            parts = urlsplit(row["url"])
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            file = replay.file_for(parts.hostname or "", target)
            if file is None:
                continue
            body = file.read_bytes()
            article = self._parse(site, source, row["url"], body)
            prose = (article.sapo, *article.paragraphs)
            found.append((_Template(row["url"], body, article.title, prose), article))
        lengths = {t.url: len("\n".join((a.sapo, *a.paragraphs))) for t, a in found}
        middle = statistics.median(lengths.values())
        shared = Counter(p for _, a in found for p in set(a.paragraphs))
        chosen = [
            t for t, a in found
            if 0.7 * middle <= lengths[t.url] <= 1.4 * middle
            and a.byline and a.published_at is not None  # every field the health check counts
            and all(shared[p] == 1 for p in a.paragraphs)
            and a.title in _forms(t.title, t.body)
            and self._marks_cleanly(site, source, t, a)
        ]
        assert len(chosen) >= 4, f"{source}: only {len(chosen)} templates"
        return chosen

    def _marks_cleanly(self, site: Any, source: str, template: _Template, parsed: Article) -> bool:
        """Marking the page (`_mark`) changes its title and prose only: the same byline,
        sapo, date and number of paragraphs, and no paragraph of it left as it was but short
        ones (captions, credits), so no two clones share a line of prose."""
        page = _mark(template.body, template.title, "S99999", template.prose)
        marked = self._parse(site, source, template.url, page)
        same = (marked.byline, marked.published_at, len(marked.paragraphs)) == (
            parsed.byline, parsed.published_at, len(parsed.paragraphs)
        )
        unmarked = [p for p in (marked.sapo, *marked.paragraphs) if "S99999" not in p
                    and len(p) >= 40]
        return same and not unmarked and "S99999" in marked.title

    def _parse(self, site: Any, source: str, url: str, body: bytes) -> Article:
        """The article as a run gets it: decoded by the transport's rules, then parsed."""
        page = archived_page(
            url, url, 200, [("Content-Type", "text/html; charset=utf-8")], body,
            datetime.now(UTC),
        )
        article: Article = site.parse(page, source=source)
        return article

    def _file(self, url: str) -> Path:
        return snapshot_file(self.root / self._source_of_host(url), url)

    def _source_of_host(self, url: str) -> str:
        host = (urlsplit(url).hostname or "").lower()
        return next(name for name in self.sources if host in self.hosts(name))


def snapshot_file(snapshot: Path, url: str) -> Path:
    """Where a replay snapshot keeps the answer to `url` (scrapers/replay.py's routing)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    folder = snapshot / (parts.hostname or "").lower()
    if segments and Path(segments[-1]).suffix.lower() in (".xml", ".rss", ".txt"):
        return folder.joinpath(*segments)
    folder = folder.joinpath(*segments)
    if parts.query:
        return folder / f"index@{parts.query.replace('/', '%2F')}.html"
    return folder / "index.html"


def _forms(title: str, body: bytes) -> set[str]:
    """The title as the page may carry it: as is, HTML-escaped, JSON-escaped."""
    text = body.decode("utf-8", "replace")
    forms = {title, html.escape(title, quote=False), html.escape(title), json.dumps(title)[1:-1],
             json.dumps(title, ensure_ascii=False)[1:-1]}
    return {title} if any(f in text for f in forms) else set()


_PARAGRAPH = re.compile(r"(<p\b[^>]*>)(.*?)(</p\s*>)", re.S | re.I)  # no nested <p>
_TAGS = re.compile(r"<[^>]+>")


def _mark(body: bytes, title: str, marker: str, prose: Sequence[str] = ()) -> bytes:
    """`marker` after the title wherever the page carries it, and at the end of each `<p>`
    holding one of the `prose` lines (the template's sapo and paragraphs as its parser reads
    them): clones of one page then share no title and no line of their bodies, as different
    articles do not."""
    text = body.decode("utf-8")
    forms = sorted(
        {title, html.escape(title, quote=False), html.escape(title),
         json.dumps(title, ensure_ascii=False)[1:-1]},
        key=len, reverse=True,
    )
    for form in forms:
        text = text.replace(form, f"{form} {marker}")
    lines = [line for line in prose if len(line) >= 40]
    for line in lines:  # as the page writes it: body, meta description, JSON-LD
        for form in {line, html.escape(line, quote=False), html.escape(line),
                     json.dumps(line, ensure_ascii=False)[1:-1]}:
            text = re.sub(re.escape(form) + f"(?! {marker})", f"{form} {marker}", text)

    def mark(match: re.Match[str]) -> str:  # lines the page writes with tags or entities
        words = normalize_inline(html.unescape(_TAGS.sub("", match.group(2))))
        if marker in words or not any(line in words for line in lines):
            return match.group(0)
        return f"{match.group(1)}{match.group(2)} {marker}{match.group(3)}"

    start = text.find("<body")
    return (text[:start] + _PARAGRAPH.sub(mark, text[start:])).encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def _is_feed(url: str) -> bool:
    return urlsplit(url).path.endswith((".rss", ".xml"))


def _render_listing(
    layout: str, name: str, url: str, clones: Sequence[Clone], following: str | None
) -> str:
    esc = html.escape
    items: list[str] = []
    for clone in clones:
        when = clone.published
        href, title = esc(clone.url), esc(clone.title)
        if layout == "qdnd":
            items.append(
                f'<article><div class="article-thumbnail"><a href="{href}"><img src="'
                f'https://file3.qdnd.vn/data/images/0/2025/11/22/s/{clone.marker}.jpg" alt="">'
                f'</a></div>\n<h3><a href="{href}">{title}</a></h3>\n<p class="hidden-xs '
                f'pubdate">{when:%d/%m/%Y %H:%M}</p>\n<p class="hidden-xs">{title}.</p>'
                "</article>"
            )
        elif layout == "thanhuytphcm":
            items.append(
                f'<div class="news-item"><h3><a class="title" href="{href}">{title}</a></h3>'
                f'<span class="news-date">{when:%d/%m/%Y %H:%M}</span>'
                f'<p class="summary">{title}.</p></div>'
            )
        elif layout == "tapchiqptd":
            items.append(
                f'<div class="news-other-item"><p class="news-other-item-tit"><a href="{href}">'
                f'{title}</a></p><p class="news-other-item-time">({when:%d/%m/%Y})</p></div>'
            )
        else:  # bienphong
            items.append(
                f'<article class="story"><h2 class="story__heading"><a class="cms-link" '
                f'href="{href}">{title}</a></h2><time class="story__time">'
                f"{when:%d/%m/%Y %H:%M}</time></article>"
            )
    nxt = esc(following or "")
    if layout == "qdnd":
        block = f'<div class="list-news-category">\n{chr(10).join(items)}\n</div>\n'
        pager = f'<div class="ex_page"><a href="{nxt}"><i class="fa fa-angle-right"></i></a></div>'
    elif layout == "thanhuytphcm":
        block = f'<div class="list-news">\n{chr(10).join(items)}\n</div>\n'
        pager = f'<ul class="pagination"><li><a href="{nxt}" rel="next">»</a></li></ul>'
    elif layout == "tapchiqptd":
        block = f'<div class="news-other-list">\n{chr(10).join(items)}\n</div>\n'
        pager = f'<div id="pagenav"><a href="{nxt}">&gt;</a></div>'
    else:
        block = f'<div class="category-timeline">\n{chr(10).join(items)}\n</div>\n'
        pager = f'<div class="pagination"><a class="next" rel="next" href="{nxt}">›</a></div>'
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(name)} - {esc(url)}</title>\n</head>\n<body>\n"
        f'<header><div class="header-date">{CLOCK}</div><nav class="main-menu"><ul>'
        '<li><a href="/">Trang chủ</a></li></ul></nav></header>\n'
        f'<div class="container">\n{block}{pager if following else ""}\n'
        '<aside class="sidebar"><h3>Đọc nhiều</h3><ul><li><a href="/">Trang chủ</a></li>'
        "</ul></aside>\n</div>\n<footer><p>Ghi rõ nguồn khi phát hành lại thông tin.</p>"
        "</footer>\n</body>\n</html>\n"
    )


def _render_feed(url: str, clones: Sequence[Clone]) -> str:
    parts = urlsplit(url)
    items = "".join(
        f"<item>\n<title><![CDATA[{c.title}]]></title>\n<link>{html.escape(c.url)}</link>\n"
        f'<guid isPermaLink="true">{html.escape(c.url)}</guid>\n'
        f"<pubDate>{format_datetime(c.published)}</pubDate>\n</item>\n"
        for c in clones
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n<channel>\n'
        f"<title>Tin mới</title>\n<link>{parts.scheme}://{parts.netloc}/</link>\n"
        f"<description>Tin mới nhất</description>\n{items}</channel>\n</rss>\n"
    )


# --------------------------------------------------------------------------- invariants


class Violation(AssertionError):
    """An invariant of the soak that does not hold."""


def store_rows(data: Path, sources: Iterable[str]) -> list[dict[str, Any]]:
    from storage.versions import VersionLog

    log = VersionLog(data)
    columns = ["url", "source", "version", "digest", "run_id"]
    return [row for name in sources for row in log.rows(name, columns=columns)]


def check_store(
    rows: Sequence[dict[str, Any]], history: Mapping[str, Sequence[str]], *, complete: bool
) -> dict[str, int]:
    """No (url, version) twice, versions 1..n, each stored text one the article had (in its
    order, each at most once), nothing stored that no article had; with `complete`, every
    article stored at its current text. Counts of what was found."""
    twice = [key for key, n in Counter((r["url"], r["version"]) for r in rows).items() if n > 1]
    if twice:
        raise Violation(f"{len(twice)} (url, version) stored twice, e.g. {twice[:3]}")
    by_url: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        by_url[row["url"]].append((row["version"], row["digest"]))
    strangers = sorted(set(by_url) - set(history))
    if strangers:
        raise Violation(f"{len(strangers)} stored URLs no site published, e.g. {strangers[:3]}")
    for url, versions in by_url.items():
        versions.sort()
        if [v for v, _ in versions] != list(range(1, len(versions) + 1)):
            raise Violation(f"{url}: versions {[v for v, _ in versions]}")
        texts = [sha256_hex(t) for t in history[url]]
        stored = [d for _, d in versions]
        if len(set(stored)) != len(stored):
            raise Violation(f"{url}: one text stored twice")
        position = -1
        for digest in stored:
            if digest not in texts[position + 1 :]:
                raise Violation(f"{url}: a stored text is not one of its texts, in order")
            position = texts.index(digest, position + 1)
    missing = [u for u in history if u not in by_url]
    stale = [u for u, v in by_url.items() if v[-1][1] != sha256_hex(history[u][-1])]
    if complete and (missing or stale):
        raise Violation(
            f"{len(missing)} articles never stored (e.g. {missing[:3]}), {len(stale)} not at "
            f"their current text (e.g. {stale[:3]})"
        )
    return {"urls": len(by_url), "rows": len(rows), "missing": len(missing), "stale": len(stale),
            "edited": sum(len(v) > 1 for v in by_url.values())}


def host_of(request: RecordedRequest) -> str:
    return request.host.split(":")[0].lower()


def check_rate(requests: Sequence[RecordedRequest], rate: float, window: float = 1.0) -> float:
    """Per host, the most requests arriving within any `window` seconds must not exceed
    `rate * window + 1` (the limiter spaces starts; arrival jitter allows one more). The
    highest count seen."""
    worst = 0.0
    by_host: dict[str, list[float]] = defaultdict(list)
    for request in requests:
        by_host[host_of(request)].append(request.at)
    for host, times in by_host.items():
        times.sort()
        start = 0
        for end, at in enumerate(times):
            while times[start] <= at - window:
                start += 1
            count = end - start + 1
            worst = max(worst, count)
            if count > rate * window + 1:
                raise Violation(f"{host}: {count} requests within {window} s (rate {rate}/s)")
    return worst


def check_retry_after(
    requests: Sequence[RecordedRequest], retry_after: float, tolerance: float = 0.05
) -> tuple[int, float]:
    """After each 429 (Retry-After `retry_after`), the next request to that host came no
    sooner. (429s seen, the shortest wait observed)."""
    by_host: dict[str, list[RecordedRequest]] = defaultdict(list)
    for request in requests:
        by_host[host_of(request)].append(request)
    seen, shortest = 0, float("inf")
    for host, answered in by_host.items():
        answered.sort(key=lambda r: r.at)
        for before, after in itertools.pairwise(answered):
            if before.status != 429:
                continue
            seen += 1
            wait = after.at - before.at
            shortest = min(shortest, wait)
            if wait < retry_after - tolerance:
                raise Violation(f"{host}: asked again {wait:.3f} s after a 429 "
                                f"(Retry-After {retry_after} s): {after.path}")
    return seen, shortest


def check_report(
    report: RunReport,
    rows: Sequence[dict[str, Any]],
    requests: Sequence[RecordedRequest],
    hosts: Iterable[str],
    article_id: Any,
) -> None:
    """A run's report agrees with the store (what it wrote under its run id) and with the
    server (requests and 304s to the source's hosts during the run); every article it
    discovered is stored, unchanged, failed (listed) or held back, or the run was blocked."""
    mine = [r for r in rows if r["run_id"] == report.run_id]
    new = sum(r["version"] == 1 for r in mine)
    if (report.new, report.new_versions) != (new, len(mine) - new):
        raise Violation(f"{report.source}: report says {report.new} new, {report.new_versions} "
                        f"new versions; the store has {new} and {len(mine) - new}")
    wanted = {h.lower() for h in hosts}
    asked = [r for r in requests if host_of(r) in wanted]
    if report.requests != len(asked):
        raise Violation(f"{report.source}: report says {report.requests} requests sent, the "
                        f"server saw {len(asked)}")
    # A `slow` answer comes after the client gave up on it: it was sent, never received.
    not_modified = sum(r.status == 304 and r.fault != "slow" for r in asked)
    if report.not_modified != not_modified:
        raise Violation(f"{report.source}: report says {report.not_modified} 304s, the server "
                        f"sent {not_modified}")
    failed_articles = {f.url for f in report.failures
                       if f.kind in ("fetch", "parse", "robots") and article_id(f.url)}
    stored = {r["url"] for r in mine}
    if failed_articles & stored:
        raise Violation(f"{report.source}: reported failed and stored: {failed_articles & stored}")
    accounted = (report.new + report.new_versions + report.unchanged + len(failed_articles)
                 + report.held_back)
    whole = report.status == "blocked" or "health check failed" in report.message
    if not whole and accounted != report.discovered:
        raise Violation(
            f"{report.source}: {report.discovered} discovered, {accounted} accounted for "
            f"({report.new} new, {report.new_versions} new versions, {report.unchanged} "
            f"unchanged, {len(failed_articles)} failed, {report.held_back} held back)"
        )



# --------------------------------------------------------------------------- runs


def fault_plan(
    seed: int, sources: Sequence[str], rate: float = 0.25, challenge: float = 0.05
) -> FaultPlan:
    """Every kind of fault; at most one challenge page per host (it blocks a source's whole
    run); most feed answers broken; links to every other source's hosts (served here too) and
    to a host nobody serves."""
    cfg = config.load(environ={})
    hosts = tuple(h for name in sources for h in cfg.source(name).hosts)
    return FaultPlan(
        seed=seed, rate=rate, kinds={**DEFAULT_WEIGHTS, "challenge": challenge},
        limits={"challenge": 1}, xml_rate=0.9, retry_after=RETRY_AFTER, burst=3,
        slow_seconds=1.0, oversize_bytes=600_000, offsite_hosts=(*hosts, "offsite.invalid"),
    )


@dataclass
class Pass:
    """One run of every source: the reports, the requests the server saw meanwhile, and each
    article's texts as the sites stood."""

    label: str
    reports: list[RunReport]
    requests: list[RecordedRequest]
    history: dict[str, list[str]]
    seconds: float
    flow_run_id: Any = None


class SoakWorld:
    """The sites, the fault server in front of them and the store the runs write."""

    def __init__(self, sites: SoakSites, server: FaultServer, data: Path, rate: float = RATE):
        self.sites, self.server, self.data, self.rate = sites, server, data, rate
        self._count = 0

    def nightly_pass(self) -> Pass:
        """The `nightly` flow over the sources (needs a Prefect API: a test harness or server)."""
        from flows.ingest import nightly

        history = self.sites.history()
        start = time.monotonic()
        state = nightly(
            data_dir=str(self.data), host_map=self.server.host_map(),
            requests_per_second=self.rate, sources=list(self.sites.sources), return_state=True,
        )
        end = time.monotonic()
        result = state.result(raise_on_failure=False)
        results = result if isinstance(result, list) else []
        reports = [r for r in results if isinstance(r, RunReport)]
        assert {r.source for r in reports} == set(self.sites.sources), (state.message, result)
        return Pass("nightly", reports, self.server.requests_between(start, end), history,
                    end - start, state.state_details.flow_run_id)

    def plain_pass(self, label: str = "") -> Pass:
        """Each source's run (`ingest_run` with PLAIN steps), one thread per source as `nightly`
        runs them, each with its run log line."""
        from flows.ingest import PLAIN, ingest_run
        from flows.pipeline import open_configured_store, start_run
        from flows.report import append_run_log

        self._count += 1
        label = label or f"pass{self._count}"
        cfg = config.load()
        store = open_configured_store(cfg, self.data)
        history = self.sites.history()
        logger = logging.getLogger("vnnews.soak")

        def one(name: str) -> RunReport:
            source = cfg.source(name)
            run_id = f"{label}-{name}-{uuid.uuid4().hex[:8]}"
            run = start_run(cfg, source, store, run_id, host_map=self.server.host_map(),
                            requests_per_second=self.rate)
            try:
                report = ingest_run(cfg, run, source.max_pages, run_id, logger=logger,
                                    steps=PLAIN)
            finally:
                run.close()
            append_run_log(store.local_dir, report)
            return report

        start = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(self.sites.sources)) as pool:
            reports = list(pool.map(one, self.sites.sources))
        end = time.monotonic()
        return Pass(label, reports, self.server.requests_between(start, end), history, end - start)

    # --- invariants ------------------------------------------------------------------------

    def check_pass(self, done: Pass) -> dict[str, Any]:
        """What must hold after any run, faulty or not."""
        rows = store_rows(self.data, self.sites.sources)
        for report in done.reports:
            site = get_site(self.sites.cfg.source(report.source).site)
            check_report(report, rows, done.requests, self.sites.hosts(report.source),
                         site.article_id)
        found = check_store(rows, self.sites.history(), complete=False)
        asked = {(host_of(r), r.path.split("?")[0]) for r in done.requests}
        offsite = asked & self.server.offsite_targets
        if offsite:
            raise Violation(f"links to other hosts were asked: {sorted(offsite)[:3]}")
        served = {h for name in self.sites.sources for h in self.sites.hosts(name)}
        strangers = {host_of(r) for r in done.requests} - served
        if strangers:
            raise Violation(f"requests to hosts of no source: {strangers}")
        return {
            **found,
            "max per second": check_rate(done.requests, self.rate),
            "429s": check_retry_after(done.requests, RETRY_AFTER)[0],
        }

    def check_final(self, passes: Sequence[Pass]) -> dict[str, Any]:
        """After the last (clean) pass: everything stored at its current text, and whatever a
        pass left unstored was reported by it (a failure listed, a listing page it could not
        read, or the source's run failed or was blocked as a whole)."""
        rows = store_rows(self.data, self.sites.sources)
        found = check_store(rows, self.sites.history(), complete=True)
        run_ids: set[str] = set()
        unreported: list[str] = []
        left = 0
        for done in passes:
            run_ids.update(r.run_id for r in done.reports)
            stored = {(r["url"], r["digest"]) for r in rows if r["run_id"] in run_ids}
            by_source = {r.source: r for r in done.reports}
            for url, texts in done.history.items():
                if (url, sha256_hex(texts[-1])) in stored:
                    continue
                left += 1
                report = by_source[self.sites.source_of(url)]
                listed = {f.url for f in report.failures}
                unread = any(not get_site(self.sites.cfg.source(report.source).site).article_id(u)
                             for u in listed)
                if url not in listed and report.ok and not unread:
                    unreported.append(f"{done.label}: {url}")
        if unreported:
            raise Violation(f"{len(unreported)} articles left unstored without a report, e.g. "
                            f"{unreported[:3]}")
        return {**found, "left by a pass and stored later": left}


def read_table_artifact(flow_run_id: Any) -> list[dict[str, Any]]:
    """The `ingest-summary` table artifact of a flow run, as the Prefect API serves it."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        ArtifactFilterKey,
    )

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["ingest-summary"]),
                flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]),
            )
        )
    assert len(artifacts) == 1, artifacts
    data = artifacts[0].data
    table: list[dict[str, Any]] = json.loads(data) if isinstance(data, str) else data
    return table

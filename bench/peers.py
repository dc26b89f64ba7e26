"""Benchmarks against peers (docs/benchmarks.md, "Against peers"): one subcommand per question.

    .venv/bin/python bench/peers.py parse     # parse+clean pages per CPU-second: ours, trafilatura,
                                              # BeautifulSoup (bench/bs4_sites.py)
    .venv/bin/python bench/peers.py quality   # token F1 of the body text per source
    .venv/bin/python bench/peers.py e2e       # articles/s and requests/s against a 100 ms replay,
                                              # 1 host and 4 hosts, as a fraction of the rate
    .venv/bin/python bench/peers.py nightly   # requests of a second run on an unchanged site
    .venv/bin/python bench/peers.py memory    # peak memory (each measure in its own process)
    .venv/bin/python bench/peers.py all       # everything, in that order

Every figure is measured in the same run on the same pages: the golden fixture pages of every
source (`tests/fixtures/*/pages.txt`) plus the snapshots' article pages that are not fixtures
(`tests/snapshots/*/expected.json`). Requires the `bench` extra (trafilatura, beautifulsoup4,
lxml), which `make install` installs from requirements.lock.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
for _path in (REPO, REPO / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

SNAPSHOTS = REPO / "tests" / "snapshots"
FIXTURES = REPO / "tests" / "fixtures"
SNAPSHOT_SOURCE = {"quankhu2-closed-api": "quankhu2"}  # snapshot folder -> source, when not equal
MiB = 1024 * 1024

# trafilatura as compared: its defaults (favor_precision=False, favor_recall=False, fast=False:
# its fallback extractors on; include_tables=True), plain text out, comments excluded (we compare
# article text; comment boxes are not part of it). `fast` and `favor_precision` are extra rows.
TRAFILATURA: dict[str, Any] = {"output_format": "txt", "include_comments": False}


# --- The pages ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Doc:
    """One article page: where it comes from and its reference texts (sapo + paragraphs)."""

    source: str
    site: str
    url: str
    path: Path
    html: str
    golden: str | None = None
    """Body of the golden fixture JSON (our parser's reviewed output)."""
    expected: str | None = None
    """Body from the snapshot's expected.json (written with the snapshot, not by a parser)."""
    page: Any = field(default=None, repr=False)


def body_of(sapo: str, paragraphs: Sequence[str]) -> str:
    return "\n\n".join(p for p in (sapo, *paragraphs) if p)


def corpus() -> list[Doc]:
    """Every fixture page, then every snapshot article page not already among them."""
    import config
    from scrapers.records import Page
    from scrapers.replay import ReplayServer
    from tests.fixtures.regenerate import fixture_pages, read_page

    cfg = config.load()
    docs: dict[Path, Doc] = {}
    for folder in sorted(p for p in FIXTURES.iterdir() if (p / "pages.txt").exists()):
        source = folder.name
        for url, path, golden in fixture_pages(source):
            page = read_page(url, path)
            record = json.loads(golden.read_text("utf-8"))
            docs[path.resolve()] = Doc(
                source, cfg.source(source).site, url, path, page.text,
                golden=body_of(record["sapo"], record["paragraphs"]), page=page,
            )
    for expected in sorted(SNAPSHOTS.glob("*/expected.json")):
        source = SNAPSHOT_SOURCE.get(expected.parent.name, expected.parent.name)
        replay = ReplayServer(expected.parent)
        for article in json.loads(expected.read_text("utf-8")).get("articles", []):
            parts = urlsplit(article["url"])
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            path = replay.file_for(parts.hostname or "", target)
            if path is None:
                raise SystemExit(f"{expected}: no page for {article['url']}")
            doc = docs.get(path.resolve())
            if doc is None:
                text = path.read_text("utf-8")
                doc = Doc(source, cfg.source(source).site, article["url"], path, text,
                          page=Page.saved(article["url"], text))
                docs[path.resolve()] = doc
            doc.expected = body_of(article.get("sapo") or "", article["paragraphs"])
    return list(docs.values())


# --- The extractors -----------------------------------------------------------------------------


def ours(doc: Doc) -> str:
    """Our site parser, full record, and its canonical text (what we store and hash)."""
    from scrapers import get_site

    return get_site(doc.site).parse(doc.page, source=doc.source).text


def ours_body(doc: Doc) -> str:
    from scrapers import get_site

    article = get_site(doc.site).parse(doc.page, source=doc.source)
    return body_of(article.sapo, article.paragraphs)


def trafilatura_text(doc: Doc, **options: Any) -> str:
    import trafilatura

    return trafilatura.extract(doc.html, url=doc.url, **TRAFILATURA, **options) or ""


def bs4_text(doc: Doc, builder: str = "lxml") -> str:
    from bs4_sites import extract

    return extract(doc.html, doc.site, builder=builder).text


def bs4_body(doc: Doc, builder: str = "lxml") -> str:
    from bs4_sites import extract

    return extract(doc.html, doc.site, builder=builder).body


def lexbor_dom(doc: Doc) -> str:
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(doc.html).root.tag or ""


def lxml_dom(doc: Doc) -> str:
    import lxml.html

    return str(lxml.html.fromstring(doc.html).tag)


def bs4_dom(doc: Doc) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(doc.html, "lxml").name


# --- 1. Parse throughput ------------------------------------------------------------------------


def _time(work: Callable[[Doc], object], docs: Sequence[Doc], passes: int) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of `passes` passes over `docs`."""
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(passes):
        for doc in docs:
            work(doc)
    return time.process_time() - cpu, time.perf_counter() - wall


def cmd_parse(args: argparse.Namespace) -> None:
    import bs4
    import lxml
    import selectolax
    import trafilatura

    docs = corpus()
    candidates: list[tuple[str, Callable[[Doc], object]]] = [
        ("vnnews: site `parse` + canonical text (full record)", ours),
        ("trafilatura.extract, defaults (txt, no comments)", trafilatura_text),
        ("trafilatura.extract, fast=True", lambda d: trafilatura_text(d, fast=True)),
        ("BeautifulSoup(lxml), same selectors + cleaning (title, sapo, text)", bs4_text),
        ("BeautifulSoup(html.parser), the same", lambda d: bs4_text(d, "html.parser")),
        ("DOM only: selectolax/lexbor parse", lexbor_dom),
        ("DOM only: lxml.html parse (trafilatura's parser)", lxml_dom),
        ("DOM only: BeautifulSoup(lxml) parse", bs4_dom),
    ]
    passes: dict[str, int] = {}
    for name, work in candidates:  # warm up (imports, caches) and size the rounds
        cpu, _ = _time(work, docs, 1)
        passes[name] = max(1, round(args.round_seconds / max(cpu, 1e-6)))
    cpu_rates: dict[str, list[float]] = {name: [] for name, _ in candidates}
    wall_rates: dict[str, list[float]] = {name: [] for name, _ in candidates}
    for _ in range(args.rounds):  # interleaved, so a busy moment hits every candidate alike
        for name, work in candidates:
            cpu, wall = _time(work, docs, passes[name])
            cpu_rates[name].append(passes[name] * len(docs) / cpu)
            wall_rates[name].append(passes[name] * len(docs) / wall)
    per_source = Counter(d.source for d in docs)
    print(f"pages: {len(docs)} ({', '.join(f'{s} {n}' for s, n in sorted(per_source.items()))}),"
          f" {sum(len(d.html.encode()) for d in docs) / MiB:.2f} MiB of HTML")
    print(f"versions: trafilatura {trafilatura.__version__}, beautifulsoup4 {bs4.__version__},"
          f" lxml {lxml.__version__}, selectolax {selectolax.__version__}")
    print(f"one process, one thread; {args.rounds} interleaved rounds of ~{args.round_seconds} s"
          " CPU each; median; pages/s = pages per CPU-second of this process")
    ref = statistics.median(cpu_rates[candidates[0][0]])
    print()
    print("| extractor | pages/s (CPU) | pages/s (wall) | ours ÷ it |")
    print("|---|---|---|---|")
    for name, _ in candidates:
        rate = statistics.median(cpu_rates[name])
        wall = statistics.median(wall_rates[name])
        print(f"| {name} | {rate:,.0f} | {wall:,.0f} | {ref / rate:.2f} |")
    traf = statistics.median(cpu_rates[candidates[1][0]])
    fast = statistics.median(cpu_rates[candidates[2][0]])
    soup = statistics.median(cpu_rates[candidates[3][0]])
    print()
    print(f"ours/trafilatura (defaults): {ref / traf:.1f}x; ours/trafilatura fast: "
          f"{ref / fast:.1f}x; ours/BeautifulSoup(lxml): {ref / soup:.1f}x")
    print(f"target ours >= 10x trafilatura: {'met' if ref / traf >= 10 else 'MISSED'}")


# --- 2. Text quality ----------------------------------------------------------------------------


def tokens(text: str) -> Counter[str]:
    """Bag of tokens: NFC, lower case, split on whitespace, punctuation and symbols (Unicode
    categories P* and S*) stripped from both ends of each token, empty tokens dropped."""
    bag: Counter[str] = Counter()
    for raw in unicodedata.normalize("NFC", text).lower().split():
        start, end = 0, len(raw)
        while start < end and unicodedata.category(raw[start])[0] in "PS":
            start += 1
        while end > start and unicodedata.category(raw[end - 1])[0] in "PS":
            end -= 1
        if start < end:
            bag[raw[start:end]] += 1
    return bag


def f1(candidate: str, reference: str) -> float:
    """Token F1 of two bags: overlap = sum of min counts; P = overlap/|cand|, R = overlap/|ref|."""
    cand, ref = tokens(candidate), tokens(reference)
    overlap = sum((cand & ref).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(cand.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def precision_recall(candidate: str, reference: str) -> tuple[float, float]:
    cand, ref = tokens(candidate), tokens(reference)
    overlap = sum((cand & ref).values())
    return overlap / max(1, sum(cand.values())), overlap / max(1, sum(ref.values()))


def cmd_quality(args: argparse.Namespace) -> None:
    docs = corpus()
    extractors: list[tuple[str, Callable[[Doc], str]]] = [
        ("vnnews", ours_body),
        ("trafilatura", trafilatura_text),
        ("trafilatura precision", lambda d: trafilatura_text(d, favor_precision=True)),
        ("trafilatura fast", lambda d: trafilatura_text(d, fast=True)),
        ("bs4 same selectors", bs4_body),
    ]
    texts = {name: [work(d) for d in docs] for name, work in extractors}
    sources = sorted({d.source for d in docs})
    print("token F1 of the body (sapo + paragraphs; the title is left out on both sides, as"
          " trafilatura's txt output has none). Tokens: NFC, lower case, whitespace split,"
          " punctuation/symbols stripped at token ends; bag-of-tokens F1 per page, mean (min)"
          " per source.")
    verdicts: dict[str, list[bool]] = {}
    for reference in ("golden", "expected"):
        what = ("golden fixture JSON (tests/fixtures/<source>/*.json: our parser's reviewed"
                " output)" if reference == "golden" else
                "snapshot expected.json (tests/snapshots/<source>/expected.json: written with"
                " the snapshot, independent of the parsers)")
        print(f"\nreference: {what}\n")
        print("| source | pages | " + " | ".join(name for name, _ in extractors) +
              " | trafilatura P / R |")
        print("|---|---" + "|---" * len(extractors) + "|---|")
        totals: dict[str, list[float]] = {name: [] for name, _ in extractors}
        for source in sources:
            rows = [i for i, d in enumerate(docs)
                    if d.source == source and getattr(d, reference) is not None]
            if not rows:
                continue
            cells = []
            means = {}
            for name, _ in extractors:
                scores = [f1(texts[name][i], getattr(docs[i], reference)) for i in rows]
                totals[name].extend(scores)
                means[name] = statistics.mean(scores)
                cells.append(f"{means[name]:.3f} ({min(scores):.2f})")
            verdicts.setdefault(reference, []).append(means["vnnews"] > means["trafilatura"])
            pr = [precision_recall(texts["trafilatura"][i], getattr(docs[i], reference))
                  for i in rows]
            cells.append(f"{statistics.mean(p for p, _ in pr):.2f} /"
                         f" {statistics.mean(r for _, r in pr):.2f}")
            print(f"| {source} | {len(rows)} | " + " | ".join(cells) + " |")
        cells = [f"{statistics.mean(totals[name]):.3f} ({min(totals[name]):.2f})"
                 for name, _ in extractors]
        n = len(totals["vnnews"])
        print(f"| **all** | {n} | " + " | ".join(cells) + " |  |")
    bs4_same = sum(
        bs4_text(d) == ours(d) for d in docs
    )
    print(f"\nBeautifulSoup implementation gives our exact canonical text on {bs4_same} of"
          f" {len(docs)} pages (by source: " + ", ".join(
              f"{s} {sum(bs4_text(d) == ours(d) for d in docs if d.source == s)}/"
              f"{sum(d.source == s for d in docs)}" for s in sources) + ")")
    for reference, won in verdicts.items():
        print(f"target vnnews above trafilatura on every source ({reference}):"
              f" {'met' if all(won) else 'MISSED'} ({sum(won)}/{len(won)} sources)")


# --- 3. End to end against a 100 ms replay ------------------------------------------------------


class TimedReplay:
    """A ReplayServer that also notes when each request was answered (monotonic seconds)."""

    def __init__(self, root: Path, *, latency: float, cookie_gate: bool) -> None:
        from scrapers.replay import RecordedRequest, ReplayOptions, ReplayServer

        times: list[float] = []
        lock = threading.Lock()

        class _Server(ReplayServer):
            def record(self, request: RecordedRequest) -> None:
                super().record(request)
                with lock:
                    times.append(time.monotonic())

        self.server = _Server(root, options=ReplayOptions(latency=latency, cookie_gate=cookie_gate))
        self.times = times
        self._lock = lock

    def clear(self) -> None:
        self.server.clear_requests()
        with self._lock:
            self.times.clear()


def snapshot_of(source: str) -> Path:
    return SNAPSHOTS / source


@dataclass(slots=True)
class HostRun:
    source: str
    report: Any
    seconds: float
    requests: int
    span: float
    head: float
    """Seconds from the run's start to its first answered request."""
    tail: float
    """Seconds from its last answered request to the run's end (store, link)."""


def run_sources(
    sources: Sequence[str],
    data_dir: Path,
    *,
    rate: float,
    latency: float,
    gated: frozenset[str],
    replays: dict[str, TimedReplay] | None = None,
) -> tuple[list[HostRun], float, dict[str, TimedReplay]]:
    """One run of each source, one thread per source (each on its own host, as `nightly` runs
    hosts), PLAIN steps (no Prefect), each source against its own replay server."""
    import config
    from flows.ingest import PLAIN, ingest_run
    from flows.pipeline import open_configured_store, start_run
    from scrapers.http import reset_rate_limiters

    cfg = config.load()
    if replays is None:
        replays = {
            s: TimedReplay(snapshot_of(s), latency=latency, cookie_gate=s in gated)
            for s in sources
        }
        for replay in replays.values():
            replay.server.start()
    for replay in replays.values():
        replay.clear()
    host_map = {h: o for r in replays.values() for h, o in r.server.host_map().items()}
    reset_rate_limiters()
    log = logging.getLogger("bench.peers")

    def one(name: str) -> tuple[Any, float, float]:
        src = cfg.source(name)
        store = open_configured_store(cfg, data_dir)
        run_id = f"bench-{uuid.uuid4()}"
        began = time.monotonic()
        run = start_run(cfg, src, store, run_id, host_map=host_map, requests_per_second=rate)
        try:
            report = ingest_run(cfg, run, src.max_pages, run_id, logger=log, steps=PLAIN)
        finally:
            run.close()
        return report, began, time.monotonic()

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(sources)) as pool:
        results = list(pool.map(one, sources))
    wall = time.perf_counter() - began
    runs = []
    for name, (report, start, end) in zip(sources, results, strict=True):
        times = replays[name].times or [start]
        runs.append(HostRun(name, report, end - start, len(replays[name].server.requests),
                            times[-1] - times[0], times[0] - start, end - times[-1]))
    return runs, wall, replays  # the caller stops the servers (a second run may reuse them)


def stop_all(replays: dict[str, TimedReplay]) -> None:
    for replay in replays.values():
        replay.server.stop()


def cmd_e2e(args: argparse.Namespace) -> None:
    logging.basicConfig(level=logging.WARNING)
    gated = frozenset({"qdnd"})
    setups = [("1 host", ["qdnd"]), ("4 hosts", ["qdnd", "qdnd-hc", "bienphong", "tapchiqptd"])]
    print(f"replay latency {args.latency * 1000:.0f} ms per response (one server per host on"
          " loopback; the cookie gate on for www.qdnd.vn only), fresh store per run, PLAIN steps"
          " (flows.ingest.ingest_run without Prefect), one thread per host as `nightly`;"
          f" {args.repeat} run(s) of each setup.")
    print("budget used (run) = requests answered ÷ the most the limiter allows in the run's"
          " seconds (1 + rate × seconds: the first request goes at once); budget used (fetching)"
          " = (requests − 1) ÷ (last − first answer time) ÷ rate; articles/s = new articles"
          " stored ÷ the run's seconds (discovery, fetch, parse, store, link).\n")
    print("| rate (req/s per host) | hosts | source | requests | articles stored | run s |"
          " s to 1st answer / after last | budget used (run) | budget used (fetching) |"
          " articles/s | articles/s ÷ rate (ceiling: articles ÷ requests) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    verdict: dict[float, list[float]] = {}
    for rate in args.rates:
        for label, sources in setups:
            for _ in range(args.repeat):
                with tempfile.TemporaryDirectory(prefix="vnnews-peers-") as tmp:
                    runs, wall, replays = run_sources(
                        sources, Path(tmp) / "data", rate=rate, latency=args.latency, gated=gated
                    )
                    stop_all(replays)
                for run in runs:
                    used = run.requests / (1 + rate * run.seconds)
                    fetching = (run.requests - 1) / run.span / rate if run.span else 0.0
                    verdict.setdefault(rate, []).append(used)
                    print(f"| {rate:g} | {label} | {run.source} | {run.requests} |"
                          f" {run.report.new} | {run.seconds:.1f} |"
                          f" {run.head:.2f} / {run.tail:.2f} | {used:.2f} | {fetching:.2f} |"
                          f" {run.report.new / run.seconds:.2f} |"
                          f" {run.report.new / run.seconds / rate:.2f}"
                          f" ({run.report.new / max(1, run.requests):.2f}) |")
                    if run.report.status != "ok":
                        print(f"|  |  | ({run.source}: {run.report.status}:"
                              f" {run.report.message}) |")
                if len(runs) > 1:
                    total = sum(r.report.new for r in runs)
                    print(f"| {rate:g} | {label} | all, wall {wall:.1f} s |"
                          f" {sum(r.requests for r in runs)} | {total} | {wall:.1f} |  |  |  |"
                          f" {total / wall:.2f} |  |")
    print()
    for rate, used in verdict.items():
        print(f"target >= 0.90 of the per-host budget used over the run, at {rate:g} req/s: "
              f"{'met' if min(used) >= 0.9 else 'MISSED'} (lowest {min(used):.2f}, median"
              f" {statistics.median(used):.2f} of {len(used)} host runs)")


# --- 4. Requests of a nightly on an unchanged site ----------------------------------------------


NIGHTLY_SOURCES = ("qdnd", "qdnd-hc", "thanhuytphcm", "tapchiqptd", "chinhsach", "bienphong",
                   "quankhu2")
KINDS = ("robots", "gate 302", "prime", "listing p1", "listing p2+", "conditional 304",
         "conditional 200", "unconditional", "other")


def _norm(url: str) -> str:
    return url.rstrip("/")


def ideal_requests(source: str, replay: Any) -> dict[str, int]:
    """robots.txt, the prime URLs, page 1 of each listing, and one conditional request per
    distinct article on those pages (read from the snapshot files with the site's parser)."""
    import config
    from scrapers import get_site
    from scrapers.records import Page

    src = config.load().source(source)
    site = get_site(src.site)
    listings = src.listing_urls()
    ids: set[str] = set()
    for listing in listings:
        url = site.listing_page_url(listing, 1)
        if url is None:
            continue
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        path = replay.file_for(parts.hostname or "", target)
        if path is None:
            continue
        listing = site.parse_listing(Page.saved(url, path.read_text("utf-8")))
        ids.update(item.article_id for item in listing.items)
    return {"robots": 1, "prime": len(site.prime_urls(listings)), "listing p1": len(listings),
            "conditional 304": len(ids)}


def classify(source: str, requests: Sequence[Any]) -> Counter[str]:
    import config
    from scrapers import get_site

    src = config.load().source(source)
    site = get_site(src.site)
    listings = (*src.listing_urls(), *src.fallback_urls())
    first = {_norm(u) for u in (site.listing_page_url(li, 1) for li in listings) if u}
    later = {_norm(u) for li in listings for n in range(2, src.max_pages + 1)
             if (u := site.listing_page_url(li, n))}
    prime = {_norm(u) for u in site.prime_urls(src.listing_urls())}
    kinds: Counter[str] = Counter()
    for request in requests:
        url = _norm(f"https://{request.host}{request.path}")
        conditional = "if-none-match" in request.headers or "if-modified-since" in request.headers
        if request.path == "/robots.txt" and request.status != 302:
            kinds["robots"] += 1
        elif request.status == 302:
            kinds["gate 302"] += 1
        elif url in prime:
            kinds["prime"] += 1
        elif url in first:
            kinds["listing p1"] += 1
        elif url in later:
            kinds["listing p2+"] += 1
        elif conditional:
            kinds["conditional 304" if request.status == 304 else "conditional 200"] += 1
        elif site.article_id(url):
            kinds["unconditional"] += 1
        else:
            kinds["other"] += 1
    return kinds


def cmd_nightly(args: argparse.Namespace) -> None:
    logging.basicConfig(level=logging.WARNING)
    gated = frozenset({"qdnd"})
    print("Each source twice against its unchanged snapshot (fresh store, no latency, 200 req/s;"
          " the cookie gate on for www.qdnd.vn only); requests of the second run by kind, from"
          " the replay's request log. Ideal: robots.txt + prime URLs + page 1 of each listing +"
          " one conditional request (304) per distinct article on those pages.\n")
    print("| source | first run: requests / stored | second run: " + " | ".join(KINDS) +
          " | total | ideal | second run report |")
    print("|---|---" + "|---" * len(KINDS) + "|---|---|---|")
    exact = []
    for source in NIGHTLY_SOURCES:
        with tempfile.TemporaryDirectory(prefix="vnnews-peers-") as tmp:
            data = Path(tmp) / "data"
            first, _, replays = run_sources([source], data, rate=200.0, latency=0.0, gated=gated)
            first_requests = len(replays[source].server.requests)
            second, _, replays = run_sources(
                [source], data, rate=200.0, latency=0.0, gated=gated, replays=replays
            )
            requests = replays[source].server.requests
            ideal = ideal_requests(source, replays[source].server)
            stop_all(replays)
        kinds = classify(source, requests)
        ideal_total = sum(ideal.values())
        gate = kinds["gate 302"]
        cells = [f"{kinds[k]} ({ideal[k]})" if k in ideal else str(kinds[k]) for k in KINDS]
        report = second[0].report
        exact.append(all(kinds[k] == ideal.get(k, 0) for k in KINDS if k != "gate 302"))
        print(f"| {source} | {first_requests} / {first[0].report.new} | " + " | ".join(cells) +
              f" | {len(requests)} | {ideal_total}{f' + {gate} gate' if gate else ''} |"
              f" {report.status}: {report.discovered} discovered, {report.listing_pages} listing"
              f" pages, {report.not_modified} not modified, {report.new} new |")
    print("\n(n) = ideal count of that kind. target: an unchanged nightly sends only robots.txt,"
          " the listing pages up to the first known article and conditional requests: "
          f"{'met' if all(exact) else 'MISSED'} ({sum(exact)}/{len(exact)} sources exact,"
          " gate 302s aside)")


# --- 5. Peak memory -----------------------------------------------------------------------------


def rss_mib() -> float:
    """This process's RSS high-water mark so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_parse(what: str, traced: bool) -> dict[str, float]:
    work: Callable[[Doc], object] = {
        "vnnews": ours, "trafilatura": trafilatura_text, "bs4": bs4_text,
    }[what]
    docs = corpus()
    if what == "trafilatura":
        import trafilatura  # noqa: F401
    elif what == "bs4":
        import bs4_sites  # noqa: F401
    else:
        from scrapers import get_site

        for site in {d.site for d in docs}:
            get_site(site)
    gc.collect()
    before = rss_mib()
    if traced:
        import tracemalloc

        tracemalloc.start()
        for doc in docs:
            work(doc)
        peak = tracemalloc.get_traced_memory()[1] / MiB
        tracemalloc.stop()
        return {"python_peak_mib": peak}
    for doc in docs:
        work(doc)
    return {"rss_before_mib": before, "rss_peak_mib": rss_mib()}


def child_ingest(traced: bool) -> dict[str, float]:
    import flows.ingest  # noqa: F401  (imports counted in the baseline)

    gc.collect()
    before = rss_mib()
    with tempfile.TemporaryDirectory(prefix="vnnews-peers-") as tmp:
        if traced:
            import tracemalloc

            tracemalloc.start()
        runs, _, replays = run_sources(["qdnd"], Path(tmp) / "data", rate=200.0, latency=0.0,
                                       gated=frozenset({"qdnd"}))
        stop_all(replays)
        if traced:
            peak = tracemalloc.get_traced_memory()[1] / MiB
            tracemalloc.stop()
            return {"python_peak_mib": peak, "stored": runs[0].report.new}
    return {"rss_before_mib": before, "rss_peak_mib": rss_mib(), "stored": runs[0].report.new}


def run_child(*argv: str) -> dict[str, float]:
    """One measure in a fresh interpreter, so its RSS high-water mark is its own (the parent
    imports none of the parsers: a child's ru_maxrss starts from the parent's across exec)."""
    done = subprocess.run([sys.executable, __file__, "_child", *argv], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"child {argv} failed with exit code {done.returncode}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def cmd_memory(args: argparse.Namespace) -> None:
    print("Each figure from its own process. RSS: ru_maxrss (high-water mark) before the work"
          " (interpreter + imports + the pages in memory) and after it; the work's peak is the"
          " difference. Python peak: tracemalloc over the same work in another process; it does"
          " not see allocations of C libraries (lexbor's and libxml2's trees), so RSS is the fair"
          " comparison.\n")
    print("| work | RSS before MiB | RSS peak MiB | peak − before MiB | Python peak MiB |")
    print("|---|---|---|---|---|")
    for what in ("vnnews", "trafilatura", "bs4"):
        rss = run_child("parse", what)
        traced = run_child("parse", what, "traced")
        print(f"| parse every page once: {what} | {rss['rss_before_mib']:.0f} |"
              f" {rss['rss_peak_mib']:.0f} | {rss['rss_peak_mib'] - rss['rss_before_mib']:.1f} |"
              f" {traced['python_peak_mib']:.1f} |")
    rss = run_child("ingest")
    traced = run_child("ingest", "traced")
    print(f"| one qdnd ingestion run (fresh store, {rss['stored']:.0f} articles stored) |"
          f" {rss['rss_before_mib']:.0f} | {rss['rss_peak_mib']:.0f} |"
          f" {rss['rss_peak_mib'] - rss['rss_before_mib']:.1f} | {traced['python_peak_mib']:.1f} |")


def cmd_child(argv: Sequence[str]) -> None:
    logging.basicConfig(level=logging.ERROR)
    kind, *rest = argv
    traced = "traced" in rest
    figures = child_parse(rest[0], traced) if kind == "parse" else child_ingest(traced)
    print(json.dumps(figures))


# --- main ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_child"]:
        cmd_child(argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse", help="parse+clean throughput per core")
    parse.add_argument("--rounds", type=int, default=5)
    parse.add_argument("--round-seconds", type=float, default=1.0,
                       help="CPU seconds per candidate per round (passes are whole)")
    sub.add_parser("quality", help="token F1 of the body text per source")
    e2e = sub.add_parser("e2e", help="articles/s and requests/s vs the per-host rate")
    e2e.add_argument("--rates", type=float, nargs="+", default=[5.0],
                     help="per-host requests per second (default 5: a short run)")
    e2e.add_argument("--latency", type=float, default=0.1)
    e2e.add_argument("--repeat", type=int, default=1, help="runs of each setup")
    sub.add_parser("nightly", help="requests of a second run on an unchanged site")
    sub.add_parser("memory", help="peak memory, each measure in its own process")
    every = sub.add_parser("all", help="everything, in order")
    every.add_argument("--rounds", type=int, default=5)
    every.add_argument("--round-seconds", type=float, default=1.0)
    every.add_argument("--rates", type=float, nargs="+", default=[5.0])
    every.add_argument("--latency", type=float, default=0.1)
    every.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    commands = {"parse": cmd_parse, "quality": cmd_quality, "e2e": cmd_e2e,
                "nightly": cmd_nightly, "memory": cmd_memory}
    if args.command != "all":
        started = time.perf_counter()
        commands[args.command](args)
        print(f"\n({args.command}: {time.perf_counter() - started:.0f} s)", flush=True)
        return
    # Each in its own process: `memory` measures children's RSS high-water marks, which start
    # from their parent's, so its parent must not have loaded the parsers and pages first.
    options = {
        "parse": ["--rounds", str(args.rounds), "--round-seconds", str(args.round_seconds)],
        "e2e": ["--rates", *map(str, args.rates), "--latency", str(args.latency),
                "--repeat", str(args.repeat)],
    }
    for name in commands:
        print(f"\n## {name}\n", flush=True)
        command = [sys.executable, __file__, name, *options.get(name, [])]
        if subprocess.run(command, check=False).returncode != 0:
            raise SystemExit(f"{name} failed")


if __name__ == "__main__":
    main()

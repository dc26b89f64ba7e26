"""Parse + clean throughput of the qdnd parser on the replay snapshot, against a baseline.

Baseline, measured in the same run on the same pages: parsing the HTML with selectolax and taking
the raw text of `div[itemprop=articleBody]` (no cleaning, no metadata). The ratio says what our
cleaning costs on top of the unavoidable DOM parse.
Run: `.venv/bin/python bench/parse_throughput.py`
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from scrapers.records import Page
from scrapers.sites import qdnd

SNAPSHOT = Path(__file__).resolve().parent.parent / "tests" / "snapshots" / "qdnd" / "www.qdnd.vn"
ROUNDS = 5
REPEAT = 20


def pages() -> list[Page]:
    found = []
    for index in sorted(SNAPSHOT.rglob("index.html")):
        url = "https://www.qdnd.vn/" + index.parent.relative_to(SNAPSHOT).as_posix()
        if qdnd.article_id(url):
            text = index.read_text("utf-8")
            found.append(Page.saved(url, text))
    return found


def ours(page: Page) -> int:
    return len(qdnd.parse(page).text)


def baseline(page: Page) -> int:
    body = LexborHTMLParser(page.text).css_first('div[itemprop="articleBody"]')
    return len(body.text() if body is not None else "")


def rate(work: Callable[[Page], int], corpus: list[Page]) -> float:
    """Median pages per second over ROUNDS rounds of REPEAT passes."""
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(REPEAT):
            for page in corpus:
                work(page)
        samples.append(REPEAT * len(corpus) / (time.perf_counter() - started))
    return statistics.median(samples)


def main() -> None:
    corpus = pages()
    ours(corpus[0]), baseline(corpus[0])  # warm up
    base = rate(baseline, corpus)
    mine = rate(ours, corpus)
    tracemalloc.start()
    for page in corpus:
        ours(page)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"pages: {len(corpus)} qdnd article pages from the replay snapshot, one core")
    print(f"baseline (selectolax DOM + raw body text): {base:8.0f} pages/s")
    print(f"vnnews qdnd.parse (clean record + text):   {mine:8.0f} pages/s")
    print(f"ratio ours/baseline: {mine / base:.2f} ({base / mine:.1f}x the baseline time)")
    print(f"peak Python memory while parsing the corpus once: {peak / 1024:.0f} KiB")


if __name__ == "__main__":
    main()

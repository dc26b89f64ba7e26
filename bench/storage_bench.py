"""Storage at corpus scale: the nightly write, history, as-of reads, exports and their memory.

On a synthetic store of `--articles` articles (default 100,000; `bench/storage_corpus.py`: seeded
Vietnamese-like texts of 3-6 KB over 7 sources) built with `VersionLog.write`, measures with the
project's own code, each against a baseline measured in the same run on the same data:

1. the nightly write of `--changed` edited articles (default a tenth: 10,000) with
   `VersionLog.write`, per source in batches of `batch_size` (25, as `flows.ingest` stores) and as
   one batch; baseline: `deltalake.write_deltalake` appending the same rows in the same batches,
   without reading the latest versions to decide what is new;
2. `VersionLog.history(url)` (and `storage.history.show_history`, with the word diffs);
   baseline: a full `rows()` scan filtered in Python;
3. `current(as_of=...)` at mid-corpus and just before the nightly write; baseline: `current()`;
4. `export` as txt, jsonl and parquet; baseline: the same texts (already in memory) written with
   plain Python (one file per text; one JSON line per text; pyarrow for parquet, which has no
   plain-Python writer);
5. the reads again after `VersionLog.compact()`, and what a batch's read-decide step reads.

Memory: every step runs in its own process, so `ru_maxrss` (RSS high-water mark) is that step's
own; the Python-side peak is `tracemalloc`'s, from a second, traced pass of our code (timings come
from the untraced pass; a traced pass of a write runs on a separate copy of the store).
Run: `.venv/bin/python bench/storage_bench.py [--articles N] [--changed M]`
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

BUILD_CHUNK = 5_000  # articles per commit while building the base store (a backfill)
HISTORY_URLS = 20  # half of them edited by the nightly write (two versions), half not
TRACED_BATCHES = 10  # batches of the traced pass of the batched write (the largest source first)
MiB = 1024 * 1024

Figures = dict[str, Any]

# --- Steps: each runs in a fresh process (`--step NAME`) and prints one JSON line ----------------


def rss_mib() -> float:
    """This process's RSS high-water mark so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(
    work: Callable[[], Figures], traced: Callable[[], object] | None = None, *, repeat: int = 1
) -> Figures:
    """Time `work` untraced (the fastest of `repeat` runs; RSS peak from them), then run
    `traced` under tracemalloc.

    Dirty pages are flushed before each run, so no earlier step's writeback lands in its time.
    """
    setup = rss_mib()
    runs = []
    for _ in range(repeat):
        os.sync()
        started = time.perf_counter()
        run = work()
        run.setdefault("seconds", time.perf_counter() - started)
        runs.append(run)
    figures: Figures = min(runs, key=lambda run: float(run["seconds"]))
    figures["rss_setup_mib"] = setup
    figures["rss_peak_mib"] = rss_mib()
    if traced is not None:
        tracemalloc.start()
        traced()
        figures["py_peak_mib"] = tracemalloc.get_traced_memory()[1] / MiB
        tracemalloc.stop()
    return figures


def step_build(root: str, articles: int) -> Figures:
    """Build the base store with `VersionLog.write`, a chunk per commit; note two as-of instants."""
    from datetime import UTC, datetime

    import storage_corpus as corpus

    from storage.versions import VersionLog

    log = VersionLog(root)
    marks: Figures = {}
    generate = write = 0.0
    for start in range(0, articles, BUILD_CHUNK):
        began = time.perf_counter()
        stop = min(articles, start + BUILD_CHUNK)
        batch = [(corpus.article(i), datetime.now(UTC)) for i in range(start, stop)]
        generate += time.perf_counter() - began
        began = time.perf_counter()
        log.write(batch, run_id=f"backfill-{start // BUILD_CHUNK:03d}")
        write += time.perf_counter() - began
        if "as_of_mid" not in marks and start + BUILD_CHUNK >= articles // 2:
            marks["as_of_mid"] = datetime.now(UTC).isoformat()
            marks["urls_at_mid"] = start + BUILD_CHUNK
    marks["as_of_base"] = datetime.now(UTC).isoformat()
    sizes = [len(a.text.encode()) for a in (corpus.article(i) for i in range(0, articles, 97))]
    return {
        **marks,
        "seconds": write,
        "rss_peak_mib": rss_mib(),
        "generate_seconds": generate,
        "rows": log.count(),
        "text_kib_min": min(sizes) / 1024,
        "text_kib_median": statistics.median(sizes) / 1024,
        "text_kib_max": max(sizes) / 1024,
        **table_files(root),
    }


def changed_indices(articles: int, changed: int) -> list[int]:
    """The articles the nightly run finds edited, in the order the flow stores them: source by
    source (one `ingest_source` each), in discovery order within a source."""
    import random

    import storage_corpus as corpus

    picked = random.Random(corpus.SEED).sample(range(articles), changed)
    order = {name: rank for rank, name in enumerate(corpus.SOURCES)}
    return sorted(picked, key=lambda i: (order[corpus.source_of(i)], i))


def nightly_batches(articles: int, changed: int, batch: int) -> list[list[int]]:
    """Batches of at most `batch` articles, never mixing sources (0: one batch of everything)."""
    import storage_corpus as corpus

    indices = changed_indices(articles, changed)
    if batch <= 0:
        return [indices]
    out: list[list[int]] = []
    for name in corpus.SOURCES:
        mine = [i for i in indices if corpus.source_of(i) == name]
        out.extend(mine[k : k + batch] for k in range(0, len(mine), batch))
    return out


def step_write(
    root: str, articles: int, changed: int, batch: int, raw: bool, trace_root: str | None
) -> Figures:
    """The nightly write through `VersionLog.write` (or, `raw`, the baseline append)."""
    from datetime import UTC, datetime, timedelta

    import pyarrow as pa
    import storage_corpus as corpus
    from deltalake import CommitProperties, write_deltalake

    from scrapers.text import sha256_hex
    from storage.versions import PARTITION_BY, SCHEMA, StoredVersion, VersionLog, _record

    plan = nightly_batches(articles, changed, batch)
    fetched_at = datetime.now(UTC)
    edited = {i: corpus.article(i, version=2) for b in plan for i in b}

    def ours(log: VersionLog, batches: Sequence[list[int]]) -> tuple[int, list[float]]:
        """Store each batch as `flows.pipeline.SourceRun.store_batch` does."""
        written, times = 0, []
        for b in batches:
            began = time.perf_counter()
            result = log.write([(edited[i], fetched_at) for i in b], run_id="nightly")
            times.append(time.perf_counter() - began)
            written += result.new_versions
        return written, times

    def baseline(uri: str, batches: Sequence[list[int]]) -> tuple[int, list[float]]:
        """Same rows, same commits, but the version is known: nothing is read first."""
        written, times = 0, []
        for b in batches:
            began = time.perf_counter()
            now = datetime.now(UTC)
            records = []
            for k, i in enumerate(b):
                article = edited[i]
                text = article.text
                digest = sha256_hex(text)
                stored = StoredVersion(article.url, article.source, article.article_id, 2,
                                       digest[:16], digest, "nightly", fetched_at)
                records.append(_record(article, text, stored, now + timedelta(microseconds=k),
                                       None))
            write_deltalake(
                uri, pa.Table.from_pylist(records, schema=SCHEMA), mode="append",
                partition_by=PARTITION_BY, schema_mode="merge",
                commit_properties=CommitProperties(custom_metadata={"run_id": "nightly"}),
            )
            times.append(time.perf_counter() - began)
            written += len(records)
        return written, times

    log = VersionLog(root)
    figures: Figures = {}

    def work() -> Figures:
        began = time.perf_counter()
        written, times = baseline(log.uri, plan) if raw else ours(log, plan)
        seconds = time.perf_counter() - began
        per_source: dict[str, list[float]] = {}
        for b, took in zip(plan, times, strict=True):
            per_source.setdefault(corpus.source_of(b[0]), []).append(took)
        return {
            "seconds": seconds,
            "written": written,
            "batches": len(times),
            "batch_ms_median": statistics.median(times) * 1000,
            "batch_ms_by_source": {
                name: statistics.median(t) * 1000 for name, t in per_source.items()},
        }

    traced = None
    if trace_root is not None:
        trace_log = VersionLog(trace_root)
        traced_plan = plan[:TRACED_BATCHES]

        def traced_pass() -> None:
            ours(trace_log, traced_plan)

        traced = traced_pass
    figures.update(measure(work, traced))
    figures["rows_after"] = log.count()
    figures.update(table_files(root))
    return figures


def step_probe(root: str, articles: int, changed: int, batch: int) -> Figures:
    """Where a batch's time goes. The read-decide step of `VersionLog.write` reads every row of
    the batch's source (as `latest(source)` does) and MAX(stored_at) of the table; a read of only
    the batch's own URLs is what it needs (best of 3 each, on the store as it is now)."""
    import storage_corpus as corpus

    from storage.versions import VersionLog

    log = VersionLog(root)
    plan = nightly_batches(articles, changed, batch)
    latest_ms: dict[str, float] = {}
    urls: dict[str, int] = {}
    for name in corpus.SOURCES:
        urls[name] = len(log.latest(name))
        latest_ms[name] = min(timed(partial(log.latest, name)) for _ in range(3)) * 1000
    largest = max(urls, key=lambda name: urls[name])
    own = next(b for b in plan if corpus.source_of(b[0]) == largest)
    light = "url, source, article_id, version, content_hash, digest, run_id, fetched_at"
    wanted = ", ".join("'" + corpus.url_of(i) + "'" for i in own)
    sql = (f"SELECT {light} FROM versions WHERE source = '{largest}' AND url IN ({wanted}) "
           "ORDER BY stored_at, version, url")
    return {
        "seconds": 0.0,
        "rss_peak_mib": rss_mib(),
        "largest": largest,
        "largest_urls": urls[largest],
        "latest_ms": latest_ms,
        "latest_all_batches_seconds": sum(latest_ms[corpus.source_of(b[0])] for b in plan) / 1000,
        "batch_urls_ms": min(timed(lambda: log._query(sql)) for _ in range(3)) * 1000,
        "max_stored_at_ms": min(timed(log._next_stored_at) for _ in range(3)) * 1000,
    }


def timed(work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def history_urls(articles: int, changed: int) -> list[str]:
    import random

    import storage_corpus as corpus

    edited = changed_indices(articles, changed)
    edited_set = set(edited)
    rng = random.Random(corpus.SEED + 1)
    plain = [i for i in rng.sample(range(articles), HISTORY_URLS * 2) if i not in edited_set]
    picked = rng.sample(edited, HISTORY_URLS // 2) + plain[: HISTORY_URLS - HISTORY_URLS // 2]
    return [corpus.url_of(i) for i in picked]


def step_history(root: str, articles: int, changed: int, mode: str, trace: bool) -> Figures:
    """`history` (VersionLog.history), `show` (show_history, with diffs) or `scan` (baseline)."""
    from storage.history import show_history
    from storage.versions import VersionLog

    log = VersionLog(root)
    urls = history_urls(articles, changed)
    versions: list[int] = []

    def ours(url: str) -> int:
        if mode == "show":
            return len(show_history(log, url))
        return len(log.history(url))

    def work() -> Figures:
        if mode == "scan":  # one full scan answers one URL
            began = time.perf_counter()
            rows = [row for row in log.rows() if row["url"] == urls[0]]
            return {"seconds": time.perf_counter() - began, "versions": len(rows)}
        times = []
        for url in urls:
            began = time.perf_counter()
            versions.append(ours(url))
            times.append(time.perf_counter() - began)
        return {"seconds": statistics.median(times), "seconds_max": max(times),
                "urls": len(urls), "versions": sum(versions) if mode == "history" else None}

    return measure(work, (lambda: ours(urls[0])) if trace and mode != "scan" else None)


def step_current(root: str, as_of: str | None, trace: bool) -> Figures:
    from datetime import datetime

    from storage.versions import VersionLog

    log = VersionLog(root)
    when = datetime.fromisoformat(as_of) if as_of else None

    def work() -> Figures:
        return {"urls": len(log.current(as_of=when))}

    return measure(work, (lambda: log.current(as_of=when)) if trace else None, repeat=2)


def step_export(root: str, out: str, fmt: str, baseline: bool) -> Figures:
    """`storage.export.export` (reads the store), or the baseline write of texts in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from storage.export import export
    from storage.versions import VersionLog

    log = VersionLog(root)
    rows = log.current() if baseline else []

    def plain() -> None:
        target = Path(out)
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        if fmt == "txt":
            for n, row in enumerate(rows):
                (target / f"{n:03d}_{row['content_hash']}.txt").write_bytes(
                    row["text"].encode("utf-8"))
        elif fmt == "jsonl":
            with (target / "articles.jsonl").open("w", encoding="utf-8") as handle:
                for row in rows:
                    handle.write(json.dumps({"url": row["url"], "text": row["text"]},
                                            ensure_ascii=False) + "\n")
        else:
            table = pa.table({"url": [r["url"] for r in rows], "text": [r["text"] for r in rows]})
            pq.write_table(table, target / "articles.parquet")

    def ours(target: str) -> int:
        return export(log, target, fmt=fmt).articles  # type: ignore[arg-type]

    def work() -> Figures:
        if not baseline:
            return {"articles": ours(out)}
        plain()
        return {"articles": len(rows)}

    # Outputs stay until the run ends: deleting 100k files here would slow the next step's writes
    # (this disk is mounted with online discard). The traced pass writes beside `out`, since
    # replacing it would delete the timed export.
    figures = measure(work, None if baseline else (lambda: ours(out + "-traced")))
    figures["out_mib"] = dir_bytes(Path(out)) / MiB
    if baseline:
        figures["text_mib"] = sum(len(r["text"].encode("utf-8")) for r in rows) / MiB
    return figures


def step_compact(root: str, trace_root: str | None) -> Figures:
    from storage.versions import VersionLog

    log = VersionLog(root)

    def work() -> Figures:
        report = log.compact()
        return {"rows": report.rows, "files_before": report.files_before,
                "files_after": report.files_after, "files_deleted": report.files_deleted}

    traced = None if trace_root is None else (lambda: VersionLog(trace_root).compact())
    figures = measure(work, traced)
    figures.update(table_files(root))
    return figures


def table_files(root: str) -> Figures:
    """Data files and commits of the version log, and its size on disk."""
    table = Path(root) / "versions"
    log_dir = table / "_delta_log"
    return {
        "parquet_files": sum(1 for _ in table.rglob("*.parquet")),
        "commits": sum(1 for p in log_dir.glob("*.json")),
        "checkpoints": sum(1 for p in log_dir.glob("*.checkpoint.parquet")),
        "store_mib": dir_bytes(table) / MiB,
    }


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


STEPS: dict[str, Callable[..., Figures]] = {
    "build": step_build,
    "write": step_write,
    "history": step_history,
    "current": step_current,
    "export": step_export,
    "compact": step_compact,
    "probe": step_probe,
}


def run_step(name: str, **kwargs: Any) -> Figures:
    """Run one step in a fresh interpreter, so its RSS high-water mark is its own.

    This parent process imports neither pyarrow nor deltalake and holds no data: a child's
    `ru_maxrss` starts from the parent's across exec, so the parent must stay small.
    """
    command = [sys.executable, __file__, "--step", name, json.dumps(kwargs)]
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"step {name} {kwargs} failed with exit code {done.returncode}")
    figures: Figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall_seconds"] = time.perf_counter() - began
    what = kwargs.get("mode") or kwargs.get("fmt") or kwargs.get("batch", "")
    if name == "probe":
        what = ""
    print(f"  {name} {what}: {figures['seconds']:.2f} s measured, {figures['wall_seconds']:.0f} s "
          f"wall, RSS peak {figures['rss_peak_mib']:.0f} MiB", flush=True)
    return figures


# --- The run ---------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the base store")
    parser.add_argument("--changed", type=int, default=0,
                        help="articles edited by the nightly write (default: a tenth)")
    parser.add_argument("--batch-size", type=int, default=0,
                        help="nightly write batch (default: batch_size from config/settings.toml)")
    parser.add_argument("--tmp", default=None, help="directory for the temporary stores")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(STEPS[args.step](**json.loads(args.args)), default=str))
        return
    articles = args.articles
    changed = args.changed or articles // 10
    batch = args.batch_size or configured_batch_size()
    if not 0 < changed <= articles:
        parser.error(f"--changed must be between 1 and --articles, got {changed}")
    started = time.perf_counter()
    load_before = os.getloadavg()[1]
    with tempfile.TemporaryDirectory(prefix="vnnews-storage-bench-", dir=args.tmp) as tmp:
        results = run_all(Path(tmp), articles, changed, batch)
    print()
    print(report(results, articles, changed, batch, time.perf_counter() - started))
    print(f"load average (5 min) of this {os.cpu_count()}-core machine: {load_before:.1f} at the "
          f"start, {os.getloadavg()[1]:.1f} at the end (this run alone keeps ~1 core busy)")


def configured_batch_size() -> int:
    import config  # light: tomllib and dataclasses only

    return config.load().settings.batch_size


def run_all(tmp: Path, articles: int, changed: int, batch: int) -> dict[str, Figures]:
    base = str(tmp / "base")
    r: dict[str, Figures] = {}
    print(f"building a store of {articles:,} articles in {tmp} ...", flush=True)
    r["build"] = run_step("build", root=base, articles=articles)

    copies = {name: str(tmp / name) for name in
              ("w_batched", "w_one", "raw_batched", "raw_one", "trace_batched", "trace_one")}
    for path in copies.values():
        shutil.copytree(base, path)
    common = {"articles": articles, "changed": changed}
    print(f"nightly write of {changed:,} edited articles ...", flush=True)
    r["write_batched"] = run_step("write", root=copies["w_batched"], batch=batch, raw=False,
                                  trace_root=copies["trace_batched"], **common)
    r["raw_batched"] = run_step("write", root=copies["raw_batched"], batch=batch, raw=True,
                                trace_root=None, **common)
    r["write_one"] = run_step("write", root=copies["w_one"], batch=0, raw=False,
                              trace_root=copies["trace_one"], **common)
    r["raw_one"] = run_step("write", root=copies["raw_one"], batch=0, raw=True,
                            trace_root=None, **common)
    for name in ("raw_batched", "raw_one", "w_one", "trace_batched", "trace_one"):
        shutil.rmtree(copies[name])

    store = copies["w_batched"]  # the store after the nightly write, as a reader finds it
    r["probe_before"] = run_step("probe", root=store, batch=batch, **common)
    print("reads ...", flush=True)
    r.update(reads(store, common, r["build"], "before"))
    print("exports ...", flush=True)
    for fmt in ("txt", "jsonl", "parquet"):
        for who, baseline in (("export", False), ("plain", True)):
            r[f"{who}_{fmt}"] = run_step("export", root=store, out=str(tmp / f"{who}-{fmt}"),
                                         fmt=fmt, baseline=baseline)

    print("compaction ...", flush=True)
    trace = str(tmp / "trace_compact")
    shutil.copytree(store, trace)
    r["compact"] = run_step("compact", root=store, trace_root=trace)
    shutil.rmtree(trace)
    r.update(reads(store, common, r["build"], "after"))
    r["probe_after"] = run_step("probe", root=store, batch=batch, **common)
    return r


def reads(store: str, common: Figures, build: Figures, when: str) -> dict[str, Figures]:
    """The read steps; after compaction without a traced pass (same rows, same Python peak)."""
    trace = when == "before"
    r = {
        f"history_{when}": run_step("history", root=store, mode="history", trace=trace, **common),
        f"current_{when}": run_step("current", root=store, as_of=None, trace=trace),
        f"as_of_mid_{when}": run_step("current", root=store, as_of=build["as_of_mid"],
                                      trace=trace),
        f"as_of_base_{when}": run_step("current", root=store, as_of=build["as_of_base"],
                                       trace=trace),
    }
    if when == "before":
        r["show_before"] = run_step("history", root=store, mode="show", trace=trace, **common)
        r["scan_before"] = run_step("history", root=store, mode="scan", trace=False, **common)
    return r


# --- The table -------------------------------------------------------------------------------


def report(
    r: dict[str, Figures], articles: int, changed: int, batch: int, total_seconds: float
) -> str:
    b = r["build"]
    wb, rb, wo, ro = r["write_batched"], r["raw_batched"], r["write_one"], r["raw_one"]
    pb, pa = r["probe_before"], r["probe_after"]
    lines = [
        f"store: {articles:,} articles over 7 sources, texts {b['text_kib_min']:.1f}-"
        f"{b['text_kib_max']:.1f} KiB (median {b['text_kib_median']:.1f}), built with "
        f"VersionLog.write in {articles // BUILD_CHUNK} commits of {BUILD_CHUNK:,} in "
        f"{b['seconds']:.1f} s ({articles / b['seconds']:,.0f} articles/s; generating them: "
        f"{b['generate_seconds']:.1f} s); {b['parquet_files']} data files, "
        f"{b['store_mib']:.0f} MiB on disk",
        f"nightly write: {changed:,} edited articles, batches of {batch} per source "
        f"({wb['batches']} commits) or one batch",
        "",
        "| step | ours | baseline | ours / baseline (time) | RSS peak MiB | Python peak MiB |",
        "|---|---|---|---|---|---|",
    ]

    def row(step: str, ours: str, base: str, ratio: float | None, fig: Figures,
            base_fig: Figures | None = None) -> None:
        rss = f"{fig['rss_peak_mib']:.0f}"
        if base_fig is not None:
            rss += f" (baseline {base_fig['rss_peak_mib']:.0f})"
        py = "(as before)" if "after compact" in step else "—"
        if "py_peak_mib" in fig:
            py = f"{fig['py_peak_mib']:.0f}"
        shown = "1.00" if ratio is None else f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.3f}"
        lines.append(f"| {step} | {ours} | {base} | {shown} | {rss} | {py} |")

    def write_cell(fig: Figures) -> str:
        return (f"{fig['seconds']:.1f} s ({fig['written'] / fig['seconds']:,.0f} art/s; "
                f"{fig['batch_ms_median']:.0f} ms/batch)")

    row(f"nightly write, batches of {batch}", write_cell(wb), write_cell(rb),
        wb["seconds"] / rb["seconds"], wb, rb)
    row("nightly write, one batch", write_cell(wo), write_cell(ro),
        wo["seconds"] / ro["seconds"], wo, ro)
    for when in ("before", "after"):
        label = "" if when == "before" else " (after compact)"
        h, cur = r[f"history_{when}"], r[f"current_{when}"]
        scan = r["scan_before"]
        row(f"history of one URL{label}", f"{h['seconds'] * 1000:.0f} ms (median of {h['urls']})",
            f"rows() scan: {scan['seconds'] * 1000:,.0f} ms", h["seconds"] / scan["seconds"], h,
            scan if when == "before" else None)
        if when == "before":
            s = r["show_before"]
            row("`show_history` (versions + word diffs)", f"{s['seconds'] * 1000:.0f} ms",
                f"rows() scan: {scan['seconds'] * 1000:,.0f} ms", s["seconds"] / scan["seconds"],
                s)
        row(f"current(){label}", f"{cur['seconds']:.2f} s ({cur['urls']:,} URLs)", "—", None, cur)
        for key, what in (("as_of_mid", "mid-corpus"), ("as_of_base", "before the nightly write")):
            a = r[f"{key}_{when}"]
            row(f"current(as_of={what}){label}", f"{a['seconds']:.2f} s ({a['urls']:,} URLs)",
                f"current(): {cur['seconds']:.2f} s", a["seconds"] / cur["seconds"], a)
    for fmt in ("txt", "jsonl", "parquet"):
        e, p = r[f"export_{fmt}"], r[f"plain_{fmt}"]
        mib = p["text_mib"]

        def rate(fig: Figures, mib: float = mib) -> str:
            return (f"{fig['seconds']:.1f} s: {fig['articles'] / fig['seconds']:,.0f} art/s, "
                    f"{mib / fig['seconds']:.0f} MB/s")

        row(f"export {fmt} ({e['out_mib']:.0f} MiB written)", rate(e),
            rate(p), e["seconds"] / p["seconds"], e, p)
    c = r["compact"]
    row(f"compact() ({c['files_before']} → {c['files_after']} files)", f"{c['seconds']:.1f} s",
        "—", None, c)
    lines += [
        "",
        "batched write, per source: ms per batch, ours / baseline / latest(source) alone: "
        + "; ".join(
            f"{name} {wb['batch_ms_by_source'][name]:.0f} / {rb['batch_ms_by_source'][name]:.0f}"
            f" / {pb['latest_ms'][name]:.0f}" for name in wb["batch_ms_by_source"]),
        f"one latest() per batch's source, as the read-decide step does, adds up to "
        f"{pb['latest_all_batches_seconds']:.1f} s of the {wb['seconds']:.1f} s, plus "
        f"MAX(stored_at) once per write: {pb['max_stored_at_ms']:.0f} ms × {wb['batches']}; "
        f"reading only a batch's own {batch} URLs (WHERE source = … AND url IN (…)) takes "
        f"{pb['batch_urls_ms']:.0f} ms against {pb['latest_ms'][pb['largest']]:.0f} ms for "
        f"latest() of {pb['largest']} ({pb['largest_urls']:,} URLs)",
        f"after compact(): latest() of {pa['largest']} {pa['latest_ms'][pa['largest']]:.0f} ms, "
        f"MAX(stored_at) {pa['max_stored_at_ms']:.0f} ms, the batch's own URLs "
        f"{pa['batch_urls_ms']:.0f} ms",
        f"after the batched write: {wb['parquet_files']} data files, {wb['commits']} commits, "
        f"{wb['checkpoints']} checkpoints, {wb['store_mib']:.0f} MiB; rows {wb['rows_after']:,}",
        f"text exported: {r['plain_txt']['text_mib']:.0f} MiB of UTF-8 (MB/s is that over the "
        "time); export time includes reading the store (current(), above), the baseline's not",
        f"Python peak of the batched write: traced pass over its first {TRACED_BATCHES} batches "
        "(largest source first); RSS peaks are per process (imports alone: "
        f"{r['current_before']['rss_setup_mib']:.0f} MiB)",
        f"whole run: {total_seconds:.0f} s",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

"""Safety of the store under real processes: concurrent runs, SIGKILL mid-write, retried runs.

Runs that race or get killed are separate processes (`tests/safety_worker.py`, driving
`flows.pipeline` as `flows/ingest.py` does, without Prefect) against the real store and the
replay of the qdnd.vn snapshot on 127.0.0.1; after every kill a fresh process reads the whole
store (`tests/safety_inspect.py`). What must hold (issue 4, item 7):

* a nightly run and a backfill of one source at once store no version twice and lose nothing;
* a run killed with SIGKILL anywhere leaves the store and its WARC files readable, and the next
  run completes the work;
* a retried flow run (same run id) writes nothing twice.

The oracle is the snapshot itself, fetched and parsed in this process without storing anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import config
from flows.pipeline import make_fetcher, source_run
from scrapers.replay import ReplayOptions, ReplayServer
from storage import ValidatorStore, open_store
from storage.export import MANIFEST, export
from storage.versions import VersionLog
from tests import safety_worker
from tests.safety_inspect import inspect_store

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parent.parent
SOURCE = "qdnd"
HOST = "www.qdnd.vn"
ARTICLE_PATH = re.compile(r"-\d{5,8}$")
LATENCY = 0.01  # seconds per response: enough for two runs to interleave
SEED = int(os.environ.get("VNNEWS_SAFETY_SEED", "20250116"))  # picks the kill points
EVENT_TIMEOUT = 60.0


# --------------------------------------------------------------------------- processes


@dataclass
class Worker:
    """A worker process (`tests/safety_worker.py`, `tests/safety_inspect.py`) started with
    `--wait`: it loads, then does one thing per `go()`; the events it printed."""

    args: list[str]
    log: Path
    process: subprocess.Popen[str] = field(init=False)
    events: list[str] = field(default_factory=list)
    _lines: queue.Queue[str | None] = field(default_factory=queue.Queue)
    _ended: bool = False

    def __post_init__(self) -> None:
        self._stderr = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", *self.args],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
            text=True, encoding="utf-8",
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _next(self, timeout: float) -> str | None:
        if self._ended:
            return None
        line = self._lines.get(timeout=timeout)
        if line is None:
            self._ended = True
        else:
            self.events.append(line)
        return line

    def wait_for(self, event: str, timeout: float = EVENT_TIMEOUT) -> bool:
        """Read events up to one named `event`; False when the run ended (or the process) first."""
        deadline = time.monotonic() + timeout
        while True:
            line = self._next(max(0.0, deadline - time.monotonic()))
            if line is None:
                return False
            name = line.split(" ", 2)[1] if line.startswith("EVENT ") else ""
            if name == event:
                return True
            if name == "done":
                return False

    def go(self, **overrides: object) -> Worker:
        """Start (once loaded) one run, with options overriding the command line's."""
        assert self.wait_for("ready"), self.failure()
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(overrides) + "\n")
        self.process.stdin.flush()
        return self

    def result(self) -> dict[str, Any]:
        """Wait for the run to end; what it did (it must have stored what it found)."""
        assert self.wait_for("done"), self.failure()
        summary: dict[str, Any] = json.loads(self.events[-1].removeprefix("EVENT done "))
        assert summary["status"] == "ok" and summary["failures"] == [], summary
        return summary

    def finish(self, timeout: float = EVENT_TIMEOUT) -> list[str]:
        """Let the process end when it is done (exit code 0); its events."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=timeout)
        while self._next(timeout=30) is not None:
            pass
        self._stderr.close()
        assert self.process.returncode == 0, self.failure()
        return self.events

    def kill(self) -> str:
        """SIGKILL; the last step the process had announced."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        while self._next(timeout=30) is not None:
            pass
        self._stderr.close()
        return self.events[-1] if self.events else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self._stderr.close()

    def failure(self) -> str:
        tail = self.log.read_text("utf-8", errors="replace")[-3000:] if self.log.exists() else ""
        return f"worker {self.args} exited {self.process.poll()}: {self.events[-5:]}\n{tail}"


class Workers:
    """Starts workers (each loads while others run) and cleans up whatever is left."""

    def __init__(self, tmp: Path, data: Path, origin: str) -> None:
        self.tmp, self.data, self.origin = tmp, data, origin
        self.started: list[Worker] = []

    def ingest(self, run_id: str, *extra: str) -> Worker:
        """A run of the source, loading; `go()` starts it."""
        return self._start(
            "tests.safety_worker", "--wait", "--data", str(self.data), "--origin", self.origin,
            "--run-id", run_id, *extra, log=f"{run_id}-{len(self.started)}",
        )

    def inspector(self) -> Worker:
        """A fresh process that will read the whole store when let go (see `read_store`)."""
        return self._start(
            "tests.safety_inspect", "--wait", "--data", str(self.data),
            log=f"inspect-{len(self.started)}",
        )

    def _start(self, *args: str, log: str) -> Worker:
        worker = Worker(list(args), self.tmp / f"{log}.stderr")
        self.started.append(worker)
        return worker

    def close(self) -> None:
        for worker in self.started:
            worker.stop()


def read_store(inspector: Worker) -> dict[str, Any]:
    """What a fresh process read from the store (it must exit 0: no abort, no exception)."""
    inspector.go().finish()
    line = next(e for e in inspector.events if e.startswith("{"))
    return checked(json.loads(line))


def read_here(data: Path) -> dict[str, Any]:
    """The same read in this process: enough once no process was killed."""
    return checked(json.loads(json.dumps(inspect_store(data))))


def checked(found: dict[str, Any]) -> dict[str, Any]:
    assert found["problems"] == []
    assert found["count"] == len(found["rows"])
    return found


# --------------------------------------------------------------------------- the snapshot


@dataclass(frozen=True, slots=True)
class Site:
    snapshot: Path
    server: ReplayServer

    @property
    def origin(self) -> str:
        return self.server.host_map()[HOST]

    def article_files(self) -> dict[str, Path]:
        root = self.snapshot / HOST
        found = {}
        for index in root.rglob("index.html"):
            path = "/" + index.parent.relative_to(root).as_posix()
            if ARTICLE_PATH.search(path):
                found[f"https://{HOST}{path}"] = index
        return found

    def texts(self, empty_store: Path) -> dict[str, str]:
        """URL -> canonical text of every article the snapshot serves now (nothing stored)."""
        cfg = config.load()
        src = cfg.source(SOURCE)
        fetcher = make_fetcher(cfg, [src], host_map={HOST: self.origin}, requests_per_second=500)
        run = source_run(src, fetcher, open_store(empty_store))
        try:
            discovery = run.discover(src.max_pages)
            result = run.fetch_batch(discovery.items)
        finally:
            run.close()
        assert result.failures == () and result.blocked is None
        texts = {f.article.url: f.article.text for f in result.fetched}
        assert set(texts) == set(self.article_files())  # the oracle misses no article
        return texts

    def edit(self, url: str, words: str) -> None:
        """Add a first paragraph to an article's body: a new version of its text."""
        page = self.article_files()[url]
        html = page.read_text("utf-8")
        first = html.index("<p>", html.index('itemprop="articleBody"'))
        page.write_text(f"{html[:first]}<p>{words}</p>{html[first:]}", "utf-8")


@pytest.fixture()
def site(snapshot_copy: Path) -> Iterator[Site]:
    options = ReplayOptions(cookie_gate=True, latency=LATENCY)
    with ReplayServer(snapshot_copy, options=options) as server:
        yield Site(snapshot_copy, server)


@pytest.fixture()
def workers(site: Site, tmp_path: Path) -> Iterator[Workers]:
    pool = Workers(tmp_path, tmp_path / "data", site.origin)
    try:
        yield pool
    finally:
        pool.close()


# --------------------------------------------------------------------------- invariants


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_history(found: dict[str, Any]) -> dict[str, list[str]]:
    """No version stored twice, versions 1..n per URL, one version per distinct text, a run
    writes a URL at most once. URL -> its digests in version order."""
    rows: list[tuple[str, int, str, str]] = [tuple(r) for r in found["rows"]]
    twice = [key for key, n in Counter((url, v) for url, v, _, _ in rows).items() if n > 1]
    assert twice == [], f"versions stored twice: {twice}"
    rerun = [key for key, n in Counter((url, run) for url, _, _, run in rows).items() if n > 1]
    assert rerun == [], f"one run wrote a URL twice: {rerun}"
    history: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for url, version, text_digest, _ in rows:
        history[url].append((version, text_digest))
    digests: dict[str, list[str]] = {}
    for url, versions in history.items():
        versions.sort()
        assert [v for v, _ in versions] == list(range(1, len(versions) + 1)), url
        digests[url] = [d for _, d in versions]
        assert len(set(digests[url])) == len(versions), f"{url}: one text stored twice"
    return digests


def check_complete(found: dict[str, Any], texts: dict[str, str]) -> None:
    """Every article present, at its latest text (nothing lost, nothing else stored)."""
    current = {url: text_digest for url, (_, text_digest) in found["current"].items()}
    missing = sorted(set(texts) - set(current))
    assert missing == [], f"{len(missing)} articles lost: {missing[:3]}"
    assert current == {url: digest(text) for url, text in texts.items()}


# --------------------------------------------------------------------------- the tests


def test_nightly_and_backfill_at_once_store_each_version_once(
    site: Site, workers: Workers, tmp_path: Path
) -> None:
    """A nightly run (first listing pages) and a backfill (every page) of one source in two
    processes, made to decide what to write from the same state of the store (they meet before
    storing), first when every article is new, then when the same five articles were edited:
    each text is stored once, as one version, and nothing is lost."""
    nightly = workers.ingest("nightly-1", "--batch-size", "4", "--max-pages", "1")
    backfill = workers.ingest("backfill-1", "--batch-size", "3", "--max-pages", "5")
    texts = site.texts(tmp_path / "oracle-1")
    # The store's directory and validator file exist (the last test below is why); its version
    # log does not: the two runs race to create it.
    open_store(workers.data)
    barrier = {"barrier": str(tmp_path / "barrier-1"), "parties": 2}
    nightly.go(**barrier)
    backfill.go(**barrier)
    stored = [nightly.result(), backfill.result()]
    first = read_here(workers.data)
    assert all(len(d) == 1 for d in check_history(first).values())
    assert first["count"] == len(texts) >= 20
    check_complete(first, texts)
    assert sum(r["new"] for r in stored) == len(texts)  # each article stored by one of them

    # The site edits five articles: both runs get each edit (200, not 304) and want version 2.
    edited = sorted(texts)[::5][:5]
    for n, url in enumerate(edited):
        site.edit(url, f"Đoạn văn bổ sung số {n} sau khi đăng.")
    edited_texts = site.texts(tmp_path / "oracle-2")
    assert {u for u in texts if texts[u] != edited_texts[u]} == set(edited)
    barrier = {"barrier": str(tmp_path / "barrier-2"), "parties": 2, "batch_size": 2}
    nightly.go(run_id="nightly-2", **barrier)
    backfill.go(run_id="backfill-2", **barrier)
    stored = [nightly.result(), backfill.result()]
    nightly.finish()
    backfill.finish()
    second = read_here(workers.data)
    history = check_history(second)
    assert second["count"] == len(texts) + len(edited)
    for url, digests in history.items():
        expected = [texts[url], edited_texts[url]] if url in edited else [texts[url]]
        assert digests == [digest(t) for t in expected], url
    check_complete(second, edited_texts)
    assert sum(r["new_versions"] for r in stored) == len(edited)
    assert sum(r["new"] for r in stored) == 0


@dataclass(frozen=True, slots=True)
class KillPoint:
    """Kill `delay` seconds after the run announces `event` for the `index + 1`-th time."""

    event: str
    index: int
    delay: float

    def describe(self) -> str:
        return f"{self.event}#{self.index}+{self.delay * 1000:.0f}ms"


def kill_points(rng: random.Random) -> list[KillPoint]:
    """Each step of a run once, in a random order, at a random moment; two of them inside a
    version-log write (its read-decide-append, either side of the commit).

    Store kills stay within the first articles of the first listing page: a run killed once it
    has stored a whole page lost the pages behind it (the first test below).
    """
    delays = {"start": 0.1, "fetch": 0.02, "store-begin": 0.6 * PAUSE, "committed": 0.6 * PAUSE,
              "store-end": 0.02}
    return [
        KillPoint(step, rng.randrange(2) if step != "start" else 0, rng.uniform(0, delays[step]))
        for step in rng.sample(sorted(delays), len(delays))
    ]


def kill_at(worker: Worker, point: KillPoint) -> str | None:
    """Let the worker go and kill it at `point`; its last step, or None if it finished first."""
    worker.go()
    for _ in range(point.index + 1):
        if not worker.wait_for(point.event):
            worker.finish()  # the run ended before that point
            return None
    time.sleep(point.delay)
    last = worker.kill()
    return None if last.startswith(("EVENT done", "EVENT ready")) else last


def check_readable(found: dict[str, Any], texts: dict[str, str]) -> None:
    """A consistent history of the snapshot's texts, one version each."""
    for url, digests in check_history(found).items():
        assert digests == [digest(texts[url])], url


def check_signed(found: dict[str, Any]) -> None:
    """Every current text has its MinHash signature: the linking step was completed."""
    current = {(url, d[:16]) for url, (_, d) in found["current"].items()}
    assert current <= {tuple(pair) for pair in found["signed"]}


def run_here(workers: Workers, run_id: str) -> dict[str, Any]:
    """A run no test kills, in this process (it saves starting one)."""
    summary = safety_worker.run(workers.data, workers.origin, run_id)
    assert summary["status"] == "ok" and summary["failures"] == [], summary
    return summary


PAUSE = 0.05  # seconds before and after each commit of a killed run: a kill lands inside
SLOW = ["--batch-size", "1", "--store-pause", "0.02", "--write-pause", str(PAUSE)]
INSIDE_A_WRITE = ("EVENT store-begin", "EVENT committed")  # a last step inside store_batch


def test_sigkill_anywhere_leaves_a_readable_store_and_the_next_run_completes(
    site: Site, workers: Workers, tmp_path: Path
) -> None:
    texts = site.texts(tmp_path / "oracle")
    killed: list[tuple[str, str]] = []
    worker = workers.ingest("run-0", *SLOW)
    points = kill_points(random.Random(SEED))
    for n, point in enumerate(points):
        # The next run and a reader load while this run goes; the reader starts after the kill.
        inspector = workers.inspector()
        following = workers.ingest(f"run-{n + 1}", *SLOW) if n + 1 < len(points) else None
        last = kill_at(worker, point)
        if last is not None:
            killed.append((point.describe(), last))
        # A fresh process reads the log, every row's WARC record, every WARC file, the links.
        found = read_store(inspector)
        check_readable(found, texts)
        worker = following or worker
    assert sum(last.startswith(INSIDE_A_WRITE) for _, last in killed) >= 2, killed

    # The next run completes the work: every missing article, each stored once.
    summary = run_here(workers, "run-final")
    final = read_here(workers.data)
    assert 0 < summary["new"] == len(texts) - found["count"]
    assert final["count"] == len(texts)
    check_readable(final, texts)
    check_complete(final, texts)
    check_signed(final)
    assert final["warc_ok_responses"] >= len(texts)

    # A run killed while it links what it stored: the next run links (signs) it.
    url = sorted(texts)[3]
    site.edit(url, "Đoạn văn thêm vào trước lần chạy bị dừng khi liên kết.")
    edited = site.texts(tmp_path / "oracle-2")
    worker, inspector = workers.ingest("run-link", *SLOW), workers.inspector()
    point = KillPoint("link", 0, random.Random(SEED).uniform(0, 0.03))
    last = kill_at(worker, point)
    if last is not None:
        killed.append((point.describe(), last))
    assert len(killed) >= 5, killed
    assert check_history(read_store(inspector))[url] == [digest(texts[url]), digest(edited[url])]
    run_here(workers, "run-after")
    final = read_here(workers.data)
    check_complete(final, edited)
    check_signed(final)

    # An export of it all: every file's name is the hash of its bytes, the manifest agrees.
    out = tmp_path / "export"
    result = export(VersionLog(workers.data), out, fmt="txt")
    names = sorted(p.name for p in out.glob("*.txt"))
    manifest = [json.loads(line) for line in (out / MANIFEST).read_text("utf-8").splitlines()]
    assert sorted(m["file"] for m in manifest) == names and result.files == len(names)
    for name in names:
        data = (out / name).read_bytes()
        assert name.split("_", 1)[1] == f"{digest(data.decode('utf-8'))[:16]}.txt"
    assert {n.split("_", 1)[1][:16] for n in names} == {digest(t)[:16] for t in edited.values()}


def stored_by(found: dict[str, Any], run_id: str) -> list[str]:
    return [url for url, _, _, run in found["rows"] if run == run_id]


def test_a_run_retried_after_a_kill_writes_nothing_twice(
    site: Site, workers: Workers, tmp_path: Path
) -> None:
    """Kill a run just after its second commit (before it saved that batch's validators);
    retry it under the same run id after the site edited an article it had stored and one it
    had not: the run writes each URL once (the one it had stored keeps the text it stored),
    into its one WARC file, reopened."""
    texts = site.texts(tmp_path / "oracle")
    worker, inspector = workers.ingest("run-a", *SLOW), workers.inspector()
    assert kill_at(worker, KillPoint("committed", 1, 0.01)) == "EVENT committed"
    before = read_store(inspector)
    check_readable(before, texts)
    done = stored_by(before, "run-a")
    assert len(done) == 2
    not_done = next(url for url in texts if url not in done)
    site.edit(done[0], "Bản sửa sau lần chạy bị dừng.")
    site.edit(not_done, "Bản sửa trước lần chạy lại.")
    edited = site.texts(tmp_path / "oracle-2")

    summary = run_here(workers, "run-a")
    after = read_here(workers.data)
    history = check_history(after)  # includes: run-a wrote no URL twice
    assert sorted(stored_by(after, "run-a")) == sorted(texts)
    assert history[done[0]] == [digest(texts[done[0]])]  # written once, by the first attempt
    assert history[not_done] == [digest(edited[not_done])]
    assert (summary["new"], summary["new_versions"]) == (len(texts) - len(done), 0)
    assert after["warc_files"] == ["run-a.warc.gz"]
    assert after["count"] == len(texts)


def test_a_run_killed_after_its_first_listing_page_loses_nothing(
    site: Site, workers: Workers, tmp_path: Path
) -> None:
    texts = site.texts(tmp_path / "oracle")
    worker = workers.ingest("run-a", *SLOW)
    # Killed after ten single-article commits: the first listing page holds eight articles.
    assert kill_at(worker, KillPoint("store-end", 9, 0.0)) is not None
    run_here(workers, "run-b")
    final = read_here(workers.data)
    check_readable(final, texts)
    check_complete(final, texts)


def test_a_change_seen_by_a_retried_run_is_stored_by_the_next_run(
    site: Site, workers: Workers, tmp_path: Path
) -> None:
    texts = site.texts(tmp_path / "oracle")
    run_here(workers, "run-a")
    url = sorted(texts)[0]
    site.edit(url, "Bản sửa giữa hai lần chạy của cùng một lần chạy.")
    edited = site.texts(tmp_path / "oracle-2")
    retried = run_here(workers, "run-a")  # the same flow run, retried: it writes nothing twice
    assert (retried["new"], retried["new_versions"]) == (0, 0)
    run_here(workers, "run-b")
    final = read_here(workers.data)
    assert check_history(final)[url] == [digest(texts[url]), digest(edited[url])]


def test_a_run_opening_the_store_while_another_creates_it_waits(tmp_path: Path) -> None:
    path = tmp_path / "http_validators.sqlite"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another run, creating the file
    done = threading.Timer(0.3, other.execute, ["COMMIT"])
    done.start()
    try:
        validators = ValidatorStore(path)
    finally:
        done.join()
        other.close()
    assert len(validators) == 0

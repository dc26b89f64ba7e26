"""The per-host request budget shared across processes (`scrapers/budget.py`).

Unit tests use a fixed clock and a recording sleep; the proof starts two crawler processes
(`tests/budget_worker.py`) against one loopback server and reads the request arrival times.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import config
from scrapers.budget import STALE_AFTER, FileHostLimiter, HostBudgetError, slot_path
from scrapers.http import Fetcher, FetchPolicy, reset_rate_limiters

REPO = Path(__file__).resolve().parent.parent
HOST = "www.qdnd.vn"
NOW = 1_700_000_000.0
RATE = 10.0  # requests per second in the two-process tests: one start per 0.1 s
COUNT = 12  # requests per process
TOLERANCE = 0.3  # seconds a loaded machine may delay a request after its slot (0.3 s seen)


@pytest.fixture(autouse=True)
def _fresh_rate_limiters() -> Iterator[None]:
    reset_rate_limiters()
    yield
    reset_rate_limiters()


def fixed_clock() -> float:
    return NOW


def stored(path: Path) -> float:
    return float(path.read_text())


# --------------------------------------------------------------------------- unit


def test_two_limiters_reserve_consecutive_slots(tmp_path: Path) -> None:
    first = FileHostLimiter(tmp_path, HOST, clock=fixed_clock)
    second = FileHostLimiter(tmp_path, HOST, clock=fixed_clock)
    sleeps: list[float] = []
    first.acquire(0.5, sleeps.append)  # the host is free: no wait
    second.acquire(0.5, sleeps.append)
    first.acquire(0.5, sleeps.append)
    second.acquire(2.0, sleeps.append)  # its own, longer interval after the previous slot
    first.acquire(0.5, sleeps.append)
    assert sleeps == pytest.approx([0.5, 1.0, 1.5, 3.5])
    assert stored(slot_path(tmp_path, HOST)) == pytest.approx(NOW + 4.0)


def test_a_retry_after_holds_for_every_limiter_sharing_the_directory(tmp_path: Path) -> None:
    """One process got a 429 with Retry-After 120: another (another limiter on the same file)
    waits it out too, and the stale-slot reset (60 s) does not cut it short."""
    clock = [NOW]
    hit = FileHostLimiter(tmp_path, HOST, clock=lambda: clock[0])
    other = FileHostLimiter(tmp_path, HOST, clock=lambda: clock[0])
    hit.acquire(1.0, [].append)
    hit.defer(120.0)
    assert other.closed_for() == pytest.approx(120.0)
    sleeps: list[float] = []
    other.acquire(1.0, sleeps.append)
    other.acquire(1.0, sleeps.append)
    assert sleeps == pytest.approx([120.0, 121.0])
    clock[0] = NOW + 200.0  # the hold has passed: no trace of it is honoured any more
    assert hit.closed_for() == 0.0
    hit.acquire(1.0, sleeps.append)
    assert sleeps[2:] == [] and stored(slot_path(tmp_path, HOST)) == pytest.approx(NOW + 201.0)


def test_a_bogus_hold_far_ahead_is_ignored(tmp_path: Path) -> None:
    slot_path(tmp_path, HOST).write_text(f"{NOW}\n{NOW + 10 * 86400}\n")
    sleeps: list[float] = []
    FileHostLimiter(tmp_path, HOST, clock=fixed_clock).acquire(1.0, sleeps.append)
    assert sleeps == []


def test_threads_of_one_process_never_share_a_slot(tmp_path: Path) -> None:
    limiters = [FileHostLimiter(tmp_path, HOST, clock=fixed_clock) for _ in range(2)]
    sleeps: list[float] = []

    def work(limiter: FileHostLimiter) -> None:
        for _ in range(25):
            limiter.acquire(0.25, sleeps.append)

    threads = [threading.Thread(target=work, args=(limiters[i % 2],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 100 reservations from a fixed clock: waits of 0.25, 0.5, ... 24.75 s, each exactly once.
    assert sorted(sleeps) == pytest.approx([0.25 * k for k in range(1, 100)])


def test_hosts_have_separate_budgets(tmp_path: Path) -> None:
    sleeps: list[float] = []
    FileHostLimiter(tmp_path, HOST, clock=fixed_clock).acquire(1.0, sleeps.append)
    FileHostLimiter(tmp_path, "www.qdnd.vn.example", clock=fixed_clock).acquire(1.0, sleeps.append)
    assert sleeps == []


def test_a_past_slot_is_not_waited_for(tmp_path: Path) -> None:
    slot_path(tmp_path, HOST).write_text(f"{NOW - 5:.6f}\n")
    sleeps: list[float] = []
    FileHostLimiter(tmp_path, HOST, clock=fixed_clock).acquire(1.0, sleeps.append)
    assert sleeps == []
    assert stored(slot_path(tmp_path, HOST)) == pytest.approx(NOW + 1.0)


@pytest.mark.parametrize("content", [b"", b"\n", b"garbage", b"\xff\xfe\x00", b"nan", b"inf"])
def test_a_corrupt_slot_counts_as_no_reservation(tmp_path: Path, content: bytes) -> None:
    slot_path(tmp_path, HOST).write_bytes(content)
    sleeps: list[float] = []
    limiter = FileHostLimiter(tmp_path, HOST, clock=fixed_clock)
    limiter.acquire(1.0, sleeps.append)
    assert sleeps == []
    assert stored(slot_path(tmp_path, HOST)) == pytest.approx(NOW + 1.0)
    limiter.acquire(1.0, sleeps.append)  # and the rewritten file works again
    assert sleeps == pytest.approx([1.0])


def test_a_far_future_slot_is_stale_and_reset(tmp_path: Path) -> None:
    path = slot_path(tmp_path, HOST)
    path.write_text(f"{NOW + 3600:.6f}\n")  # a clock that jumped back an hour, say
    sleeps: list[float] = []
    FileHostLimiter(tmp_path, HOST, clock=fixed_clock).acquire(1.0, sleeps.append)
    assert sleeps == []
    assert stored(path) == pytest.approx(NOW + 1.0)


def test_a_near_future_slot_is_honoured(tmp_path: Path) -> None:
    path = slot_path(tmp_path, HOST)
    ahead = 1.0 + STALE_AFTER - 1  # just inside the limit: other requesters queued this far
    path.write_text(f"{NOW + ahead:.6f}\n")
    sleeps: list[float] = []
    FileHostLimiter(tmp_path, HOST, clock=fixed_clock).acquire(1.0, sleeps.append)
    assert sleeps == pytest.approx([ahead])


@pytest.mark.parametrize(
    "host",
    ["../../etc/passwd", "..", ".", "", "a/b", "/abs/path", "x\x00y", "[::1]", "é.vn", "a" * 300],
)
def test_host_names_cannot_escape_the_directory(tmp_path: Path, host: str) -> None:
    budget = tmp_path / "budget"
    path = slot_path(budget, host)
    assert path.parent == budget
    assert path.name.endswith(".slot") and path.name not in (".", "..")
    assert len(path.name) <= 255
    assert set(path.name) <= set("abcdefghijklmnopqrstuvwxyz0123456789._-")
    FileHostLimiter(budget, host, clock=fixed_clock).acquire(1.0, lambda s: None)
    assert [p.name for p in tmp_path.iterdir()] == ["budget"]
    assert [p.name for p in budget.iterdir()] == [path.name]


def test_long_host_names_keep_separate_files(tmp_path: Path) -> None:
    assert slot_path(tmp_path, "a" * 250 + ".vn") != slot_path(tmp_path, "a" * 250 + ".com")
    assert slot_path(tmp_path, "WWW.QDND.VN") == tmp_path / "www.qdnd.vn.slot"


def test_a_symlinked_slot_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    budget = tmp_path / "budget"
    budget.mkdir()
    slot_path(budget, HOST).symlink_to(victim)
    with pytest.raises(HostBudgetError, match="host_budget_dir"):
        FileHostLimiter(budget, HOST).acquire(1.0, lambda s: None)
    assert victim.read_text() == "keep me"


HOLD = """
import fcntl, os, sys, time
descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(descriptor, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(0.5)
os.ftruncate(descriptor, 0)
os.pwrite(descriptor, sys.argv[2].encode() + b"\\n", 0)
"""


def test_another_process_holding_the_slot_is_waited_for(tmp_path: Path) -> None:
    """flock excludes other processes: we reserve only after the holder has written its slot."""
    path = slot_path(tmp_path, HOST)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), f"{NOW + 7:.6f}"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        sleeps: list[float] = []
        FileHostLimiter(tmp_path, HOST, clock=fixed_clock).acquire(1.0, sleeps.append)
        assert time.monotonic() - started >= 0.3
        assert sleeps == pytest.approx([7.0])
        assert stored(path) == pytest.approx(NOW + 8.0)
    finally:
        holder.wait(timeout=10)


def test_a_removed_directory_is_created_again(tmp_path: Path) -> None:
    budget = tmp_path / "budget"
    FileHostLimiter(budget, HOST, clock=fixed_clock).acquire(1.0, lambda s: None)
    assert budget.stat().st_mode & 0o777 == 0o700
    slot_path(budget, HOST).unlink()
    budget.rmdir()
    FileHostLimiter(budget, HOST, clock=fixed_clock).acquire(1.0, lambda s: None)
    assert stored(slot_path(budget, HOST)) == pytest.approx(NOW + 1.0)


def test_an_unusable_directory_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    budget = blocker / "budget"
    with pytest.raises(HostBudgetError, match=r"host_budget_dir") as caught:
        Fetcher(FetchPolicy(budget_dir=budget))
    assert isinstance(caught.value, OSError)
    assert str(budget) in str(caught.value)
    with pytest.raises(HostBudgetError, match=r"VNNEWS_HOST_BUDGET_DIR"):
        FileHostLimiter(budget, HOST).acquire(1.0, lambda s: None)


def test_fetch_policy_takes_the_configured_directory(tmp_path: Path) -> None:
    from flows.pipeline import fetch_policy  # imports Prefect: only here

    cfg = config.load(environ={"VNNEWS_HOST_BUDGET_DIR": str(tmp_path / "shared")})
    assert cfg.settings.host_budget_dir == tmp_path / "shared"
    assert fetch_policy(cfg.settings).budget_dir == tmp_path / "shared"


# --------------------------------------------------------------------------- loopback server


class Arrivals:
    """A loopback HTTP server that answers every GET with a small page and records when each
    request arrived (`time.monotonic()`, one clock: the server is in this process)."""

    def __init__(self) -> None:
        self.seen: list[tuple[float, str]] = []
        lock = threading.Lock()
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                arrived = time.monotonic()
                with lock:
                    seen.append((arrived, self.path))
                body = b"<html><body><p>ok</p></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def server() -> Iterator[Arrivals]:
    srv = Arrivals()
    yield srv
    srv.close()


def test_fetcher_with_a_budget_dir_uses_the_shared_file(server: Arrivals, tmp_path: Path) -> None:
    budget = tmp_path / "budget"
    sleeps: list[float] = []
    policy = FetchPolicy(requests_per_second=1.0, obey_robots=False, budget_dir=budget)
    with Fetcher(policy, host_map={HOST: server.origin}, sleep=sleeps.append) as fetcher:
        assert budget.is_dir()  # created up front: an unusable directory fails the run at once
        for i in range(3):
            assert fetcher.get(f"https://{HOST}/{i}").status == 200
    assert len(sleeps) == 2
    assert sleeps[0] == pytest.approx(1.0, abs=0.3) and sleeps[1] == pytest.approx(2.0, abs=0.3)
    # the third request started 2 s on (fake sleep), so the next may start 3 s on
    assert stored(only_slot(budget)) == pytest.approx(time.time() + 3.0, abs=0.5)


# --------------------------------------------------------------------------- two processes


def only_slot(budget: Path) -> Path:
    """The one slot file: a replayed host's budget is named after the host and its replay
    server (`Fetcher._budget_key`), so a test never shares a live run's budget."""
    (slot,) = budget.glob("*.slot")
    assert slot.name.startswith(f"{HOST}_127.0.0.1_"), slot.name
    return slot


def run_two_crawlers(server: Arrivals, budget_dir: Path | None) -> list[tuple[float, str]]:
    """Two worker processes, started together, each making COUNT requests to HOST at RATE;
    the arrivals of both as (time, worker label), in order."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    workers = {
        label: subprocess.Popen(
            [sys.executable, "-m", "tests.budget_worker", server.origin, label, str(COUNT),
             str(RATE), str(budget_dir) if budget_dir else "-"],
            cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        for label in ("a", "b")
    }
    try:
        for worker in workers.values():
            assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        for worker in workers.values():  # both are loaded: release them together
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
        for worker in workers.values():
            out, _ = worker.communicate(timeout=30)
            assert worker.returncode == 0
            assert json.loads(out.strip().splitlines()[-1]) == [200] * COUNT
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    return sorted((at, path.split("/")[1]) for at, path in server.seen)


def tightest(arrivals: list[tuple[float, str]], count: int) -> float:
    """The shortest time in which `count` consecutive requests arrived.

    At RATE, RATE + 1 requests take at least one second. The limiter spaces the slots; a process
    starved of CPU may send its request after its slot, shrinking the gap to the next one (0.00 s
    gaps and a request 0.3 s late were seen with both cores busy). A run of requests is then
    shortened by at most that delay, which TOLERANCE covers, while two processes each at RATE
    fit RATE + 1 requests in half a second.
    """
    times = [at for at, _ in arrivals]
    return min(b - a for a, b in zip(times, times[count - 1 :], strict=False))


def assert_overlapped(arrivals: list[tuple[float, str]]) -> None:
    """Both processes were fetching at the same time, else the test proves nothing."""
    times = {label: [t for t, x in arrivals if x == label] for label in ("a", "b")}
    span = {label: (min(ts), max(ts)) for label, ts in times.items()}
    together = min(span["a"][1], span["b"][1]) - max(span["a"][0], span["b"][0])
    assert together >= 0.5, span
    switches = sum(1 for (_, x), (_, y) in itertools.pairwise(arrivals) if x != y)
    assert switches >= 6, arrivals


def test_two_processes_share_one_host_budget(server: Arrivals, tmp_path: Path) -> None:
    started = time.monotonic()
    arrivals = run_two_crawlers(server, tmp_path / "budget")
    assert len(arrivals) == 2 * COUNT
    assert_overlapped(arrivals)
    burst = tightest(arrivals, int(RATE) + 1)
    assert burst >= 1.0 - TOLERANCE, arrivals  # never more than RATE a second between them
    assert arrivals[-1][0] - arrivals[0][0] >= (2 * COUNT - 1) / RATE - TOLERANCE
    assert only_slot(tmp_path / "budget").is_file()
    gaps = [b - a for (a, _), (b, _) in itertools.pairwise(arrivals)]
    print(f"shared budget: {time.monotonic() - started:.2f} s, {int(RATE) + 1} requests in "
          f"{burst:.3f} s at the tightest, gaps {min(gaps):.3f}-{max(gaps):.3f} s")


def test_without_a_shared_budget_two_processes_exceed_the_rate(
    server: Arrivals, tmp_path: Path
) -> None:
    """The control: the same two processes, each with only its own limiter, go at twice the
    rate, so the assertions above can fail."""
    started = time.monotonic()
    arrivals = run_two_crawlers(server, None)
    assert len(arrivals) == 2 * COUNT
    assert_overlapped(arrivals)
    burst = tightest(arrivals, int(RATE) + 1)
    assert burst < 1.0 - TOLERANCE, arrivals
    assert not list(tmp_path.iterdir())
    gaps = [b - a for (a, _), (b, _) in itertools.pairwise(arrivals)]
    print(f"no shared budget: {time.monotonic() - started:.2f} s, {int(RATE) + 1} requests in "
          f"{burst:.3f} s at the tightest, gaps {min(gaps):.3f}-{max(gaps):.3f} s")

"""Crash test: the real `nightly` flow process killed with SIGKILL at seeded random points.

Each run is `tests/crash_runner.py` in a child process: the `nightly` flow of two sources
(synthetic snapshots of 120 articles each, `tests/soak_support.py`) against one live Prefect
server for the session and the replay server on 127.0.0.1 kept by this test. A seeded RNG picks,
for each killed run, a step (discovery done, a fetch batch, a store batch begun or done, the
linking) and a delay after it; the process gets SIGKILL there. After every kill the store is
read: the version log, every row's text against its digest, every row's WARC record, every
WARC file (our reader, and `warcio check` and `warcio index`): all readable, no (url, version)
twice, no text stored that the site does not serve. Then a run completes, and every article of
both sources is stored exactly once (version 1, one row per URL), the WARC files are readable,
and nothing is left pending (`storage/pending.py`) for a next run.

The next run's process loads while the current one runs, so kills cost no start-up time.
`VNNEWS_CRASH_SEED` picks other kill points.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from scrapers.records import WarcRef
from scrapers.replay import ReplayOptions, ReplayServer
from scrapers.text import sha256_hex
from storage import open_store
from storage.archive import archive_files, iter_responses, read_response
from storage.pending import PendingWork
from storage.versions import VersionLog
from tests import soak_support as soak
from tests.conftest import LiveServer

pytestmark = [pytest.mark.crash, pytest.mark.e2e]

REPO = Path(__file__).resolve().parent.parent
SEED = int(os.environ.get("VNNEWS_CRASH_SEED", "20261123"))
SOURCES = ("qdnd", "tapchiqptd")
KILLS = 4
EVENT_TIMEOUT = 120.0


@dataclass
class Child:
    """One flow process (`tests/crash_runner.py`): loads, then runs once on `go()`."""

    args: list[str]
    env: dict[str, str]
    log: Path
    events: list[str] = field(default_factory=list)
    _lines: queue.Queue[str | None] = field(default_factory=queue.Queue)
    _ended: bool = False

    def __post_init__(self) -> None:
        self._stderr = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.crash_runner", *self.args], cwd=REPO, env=self.env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def wait_for(self, event: str, timeout: float = EVENT_TIMEOUT) -> bool:
        """Read events up to one named `event`; False when the run ended first."""
        deadline = time.monotonic() + timeout
        while not self._ended:
            line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            if line is None:
                self._ended = True
                break
            self.events.append(line)
            name = line.split(" ", 2)[1] if line.startswith("EVENT ") else ""
            if name == event:
                return True
            if name == "done":
                return False
        return False

    def go(self) -> Child:
        assert self.wait_for("ready"), self.failure()
        assert self.process.stdin is not None
        self.process.stdin.write("{}\n")
        self.process.stdin.flush()
        return self

    def finish(self) -> dict[str, Any]:
        """Wait for the run to end (exit 0); what it reported per source."""
        if not (self.events and self.events[-1].startswith("EVENT done")):
            assert self.wait_for("done"), self.failure()
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=EVENT_TIMEOUT) == 0, self.failure()
        self._stderr.close()
        done: dict[str, Any] = json.loads(self.events[-1].removeprefix("EVENT done "))
        return done

    def kill(self) -> str:
        """SIGKILL; the last step the process announced."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        while self.wait_for("never"):
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
        return f"flow process exited {self.process.poll()}: {self.events[-5:]}\n{tail}"


@dataclass(frozen=True, slots=True)
class KillPoint:
    """Kill `delay` seconds after the `index + 1`-th `event` (either source's)."""

    event: str
    index: int
    delay: float

    def describe(self) -> str:
        return f"{self.event}#{self.index}+{self.delay * 1000:.0f}ms"


def kill_points(rng: random.Random) -> list[KillPoint]:
    """`KILLS` points among a run's steps, in a random order, at random moments."""
    choices = [
        lambda: KillPoint("discover-end", rng.randrange(2), rng.uniform(0.0, 0.3)),
        lambda: KillPoint("fetch-begin", rng.randrange(1, 8), rng.uniform(0.0, 0.2)),
        lambda: KillPoint("store-begin", rng.randrange(0, 4), rng.uniform(0.0, 0.05)),
        lambda: KillPoint("store-end", rng.randrange(0, 4), rng.uniform(0.0, 0.02)),
        lambda: KillPoint("link-begin", 0, rng.uniform(0.0, 0.1)),
    ]
    return [make() for make in rng.sample(choices, KILLS)]


def kill_at(child: Child, point: KillPoint) -> str | None:
    """Let the run go and kill it at `point`; its last step, or None when it finished first."""
    child.go()
    for _ in range(point.index + 1):
        if not child.wait_for(point.event):
            child.finish()
            return None
    time.sleep(point.delay)
    last = child.kill()
    return None if last.startswith("EVENT done") else last


def read_store(data: Path, sites: soak.SoakSites, *, complete: bool) -> dict[str, Any]:
    """Everything the store holds, read back; raises when anything is unreadable or wrong."""
    rows: list[dict[str, Any]] = []
    log = VersionLog(data)
    columns = ["url", "version", "digest", "text", "warc_file", "warc_offset", "warc_length",
               "run_id"]
    for name in SOURCES:
        rows.extend(log.rows(name, columns=columns))
    for row in rows:
        assert sha256_hex(row["text"]) == row["digest"], row["url"]
        ref = WarcRef(row["warc_file"], row["warc_offset"], row["warc_length"])
        response = read_response(data, ref)  # raises when the reference leads nowhere
        assert (response.requested_url, response.status) == (row["url"], 200), row["url"]
    found = soak.check_store(
        [{k: r[k] for k in ("url", "version", "digest", "run_id")} for r in rows],
        sites.history(), complete=complete,
    )
    files = [path for name in SOURCES for path in archive_files(data, name)]
    responses = 0
    for name in SOURCES:
        responses += sum(1 for _ in iter_responses(data, name, bodies=False))
    for command in ("check", "index"):  # the standard tool reads them too
        done = subprocess.run([sys.executable, "-m", "warcio.cli", command, *map(str, files)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"warcio {command}: {done.stdout[-300:]}{done.stderr[-500:]}"
        if command == "index":  # one JSON line per record: warcinfo, then response + request
            assert len(done.stdout.splitlines()) == len(files) + 2 * responses
    return {**found, "warc files": len(files), "responses": responses}


def test_sigkill_of_the_flow_process_then_a_run_completes(
    live_prefect_server: LiveServer, tmp_path: Path
) -> None:
    sites = soak.SoakSites(tmp_path / "sites", SOURCES, per_source=120, page_size=20)
    data = tmp_path / "data"
    env = live_prefect_server.env(**soak.SETTINGS, VNNEWS_BATCH_SIZE="5",
                                  PREFECT_LOGGING_LEVEL="WARNING")
    with ReplayServer(sites.snapshots, options=ReplayOptions(cookie_gate=True)) as server:
        args = ["--data", str(data), "--host-map", json.dumps(server.host_map()),
                "--sources", ",".join(SOURCES), "--rate", str(soak.RATE)]
        children: list[Child] = []

        def child() -> Child:
            children.append(Child(args, env, tmp_path / f"run-{len(children)}.stderr"))
            return children[-1]

        try:
            killed: list[tuple[str, str]] = []
            current = child()
            for point in kill_points(random.Random(SEED)):
                following = child()  # loads while this run goes
                last = kill_at(current, point)
                if last is not None:
                    killed.append((point.describe(), last))
                    read_store(data, sites, complete=False)  # readable, nothing wrong
                current = following
            assert len(killed) >= 3, (killed, [c.events[-6:] for c in children])
            logging.getLogger("vnnews.crash").warning("killed at %s", killed)
            summary = current.go().finish()
        finally:
            for started in children:
                started.stop()
    assert all(status == "ok" for status, _, _ in summary.values()), summary
    final = read_store(data, sites, complete=True)
    assert final["rows"] == final["urls"] == len(sites.expected())  # each stored once, v1
    assert final["responses"] >= len(sites.expected())
    for name in SOURCES:  # nothing left for a next run
        pending = PendingWork.load(open_store(data).local_dir, name)
        assert (pending.items, pending.listings) == ({}, {}), name

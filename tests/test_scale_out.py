"""Scale-out on one machine: a process work pool, two workers, one server, one shared store.

What `docs/scale-out.md` describes, in miniature and all on loopback: a real Prefect server
(its own, `live_server`), a process work pool with a unique name, the `backfill` deployment
created from `config/prefect.yaml` by `prefect deploy` (so the YAML itself is tested), and two
`prefect worker start --limit 1` processes. Each flow run is a subprocess of a worker, with the
project's Python, fetching from the replay server in this process and writing to one store.

How the test knows both workers worked: every request to the replay waits at a gate until two
different runs (two hosts, or two replay servers) have asked. A worker with `--limit 1` runs
one flow at a time, so the gate opens only when both workers hold a run; and Prefect records
the worker that submitted each run as the label `prefect.worker.name` on the flow run, which
the test reads back from the API, and checks against the worker's own output (the flow run's
process is the worker's child, so its lines, with the run's address, land in that log only).

What must hold: every run Completed; every article of each snapshot's `expected.json` stored
exactly once (version 1, one row per URL, no (url, version) twice); each run's report in the
run log (`<data>/runs.jsonl`) agrees with the rows the store holds for that run id. Then two
runs of the *same* source at once, over overlapping page ranges: still one version per URL
(the per-source lock in `storage/locks.py` serialises the read-decide-append cycle).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.workers.process import ProcessWorker

from scrapers.replay import ReplayServer
from storage import open_store
from tests.conftest import LiveServer, live_server

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parent.parent
PREFECT = Path(sys.executable).with_name("prefect")
SNAPSHOTS = REPO / "tests" / "snapshots"
# Enabled sources on different hosts: source name -> snapshot directory.
SOURCES = {"qdnd": "qdnd", "thanhuytphcm": "thanhuytphcm", "chinhsach": "chinhsach"}
WORKERS = ("w1", "w2")
GATE_TIMEOUT = 45.0  # seconds a request waits for the second run (then it goes on, and fails)
RUNS_TIMEOUT = 180.0  # seconds for all flow runs of one test to end
FAST = 50.0  # requests per second per host: loopback


class Gate:
    """Holds every request until requests from `parties` different keys (runs) have arrived,
    or until `timeout`; once open it stays open until `reset`."""

    def __init__(self, parties: int = 2, timeout: float = GATE_TIMEOUT) -> None:
        self.parties, self.timeout = parties, timeout
        self._lock = threading.Lock()
        self._seen: set[object] = set()
        self._open = threading.Event()
        self.opened_by: set[object] = set()

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()
            self.opened_by = set()
            self._open.clear()

    def arrive(self, key: object) -> None:
        with self._lock:
            self._seen.add(key)
            if len(self._seen) >= self.parties and not self._open.is_set():
                self.opened_by = set(self._seen)
                self._open.set()
        self._open.wait(self.timeout)

    @property
    def is_open(self) -> bool:
        return self._open.is_set()


class GatedReplay(ReplayServer):
    """A replay server whose answers wait at `gate`, keyed by (this server, host)."""

    def __init__(self, snapshots: list[Path], gate: Gate) -> None:
        super().__init__(snapshots)
        self.gate = gate

    def file_for(self, host: str, target: str) -> Path | None:
        self.gate.arrive((self.port, host.rsplit(":", 1)[0]))
        return super().file_for(host, target)


@dataclass
class Cluster:
    """The pool, its deployment and two running workers, on one live server."""

    server: LiveServer
    pool: str
    deployment_id: uuid.UUID
    logs: dict[str, Path]
    gate: Gate
    replay: GatedReplay

    def worker_log(self, name: str) -> str:
        return self.logs[name].read_text("utf-8", errors="replace")

    def dump_logs(self) -> str:
        return "\n".join(f"----- worker {name} -----\n{self.worker_log(name)[-6000:]}"
                         for name in self.logs)


def cli(server: LiveServer, *args: str, **env: str) -> str:
    done = subprocess.run([str(PREFECT), *args], cwd=REPO, env=server.env(**env),
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def client_for(server: LiveServer) -> Any:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        return get_client(sync_client=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGINT to the worker's own process group (it and its flow runs), then SIGKILL."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, 15.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def scale_out_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own: the `backfill/backfill` deployment deployed here to a work pool
    must not meet the one `vnnews serve` serves in other tests (same flow, same name)."""
    with live_server(tmp_path_factory.mktemp("scale-out-prefect")) as server:
        yield server


@pytest.fixture(scope="module")
def cluster(scale_out_server: LiveServer, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[Cluster]:
    server = scale_out_server
    home = tmp_path_factory.mktemp("scale-out")
    pool = f"vnnews-scale-{uuid.uuid4().hex[:8]}"
    with client_for(server) as client:  # as `prefect work-pool create --type process`
        client.create_work_pool(WorkPoolCreate(
            name=pool, type="process", concurrency_limit=len(WORKERS),
            base_job_template=ProcessWorker.get_default_base_job_template(),
        ))
    gate = Gate()
    replay = GatedReplay([SNAPSHOTS / d for d in SOURCES.values()], gate)
    replay.start()
    worker_env = {
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        # Nothing of this machine's other vnnews processes is shared, and nothing lands in
        # the checkout (the flow runs' working directory).
        "VNNEWS_HOST_BUDGET_DIR": str(home / "host-budget"),
        "VNNEWS_STATE_DIR": str(home / "state"),
        "VNNEWS_READ_TIMEOUT": str(GATE_TIMEOUT * 2),  # a request held at the gate still counts
    }
    logs = {name: home / f"{name}.log" for name in WORKERS}
    workers: list[subprocess.Popen[bytes]] = []
    try:
        for name in WORKERS:
            with logs[name].open("wb") as log:
                workers.append(subprocess.Popen(
                    [str(PREFECT), "worker", "start", "--pool", pool, "--name", name,
                     "--limit", "1"],
                    cwd=home, env=server.env(**worker_env), stdout=log,
                    stderr=subprocess.STDOUT, start_new_session=True,
                ))
        # The workers start while `prefect deploy` runs: both take seconds of imports.
        cli(server, "--no-prompt", "deploy", "--prefect-file", "config/prefect.yaml",
            "--name", "backfill", "--pool", pool, VNNEWS_HOME=str(REPO))
        with client_for(server) as client:
            deployment = client.read_deployment_by_name("backfill/backfill")
            assert deployment.work_pool_name == pool
            assert deployment.entrypoint == "flows/backfill.py:backfill"
            assert deployment.pull_steps == [{
                "prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}]
            deadline = time.monotonic() + 90
            while True:
                online = {w.name for w in client.read_workers_for_work_pool(pool)
                          if str(w.status).upper().endswith("ONLINE")}
                if online >= set(WORKERS):
                    break
                dead = [p.args for p in workers if p.poll() is not None]
                if dead or time.monotonic() > deadline:
                    logs_text = "\n".join(p.read_text("utf-8", "replace") for p in logs.values())
                    pytest.fail(f"workers not online ({online}; exited: {dead}):\n{logs_text}")
                time.sleep(0.5)
        yield Cluster(server, pool, deployment.id, logs, gate, replay)
    finally:
        for process in workers:
            stop(process)
        replay.stop()


def start_runs(cluster: Cluster, runs: list[dict[str, Any]]) -> list[uuid.UUID]:
    with client_for(cluster.server) as client:
        return [client.create_flow_run_from_deployment(cluster.deployment_id, parameters=p).id
                for p in runs]


def wait_for(cluster: Cluster, ids: list[uuid.UUID]) -> list[Any]:
    """The flow runs once all are in a final state (fails the test after RUNS_TIMEOUT)."""
    deadline = time.monotonic() + RUNS_TIMEOUT
    with client_for(cluster.server) as client:
        while True:
            runs = [client.read_flow_run(i) for i in ids]
            if all(r.state is not None and r.state.is_final() for r in runs):
                return runs
            if time.monotonic() > deadline:
                states = [(r.name, r.state.name if r.state else None) for r in runs]
                pytest.fail(f"flow runs not finished after {RUNS_TIMEOUT:.0f} s: {states}\n"
                            f"{cluster.dump_logs()}")
            time.sleep(1.0)


def check_completed(cluster: Cluster, runs: list[Any]) -> None:
    failed = [(r.name, r.state.name, r.state.message) for r in runs if not r.state.is_completed()]
    assert not failed, f"{failed}\n{cluster.dump_logs()}"


def worker_of(cluster: Cluster, run: Any) -> str:
    """The worker that ran `run`: Prefect's label, confirmed by the worker's own output, where
    the flow run's process (its child) printed the run's address. (Both workers may log
    "submitting flow run <id>": the one that loses the race to Pending aborts.)"""
    name: str = run.labels.get("prefect.worker.name", "")
    assert name in WORKERS, f"{run.name}: labels {run.labels}"
    printed = {w for w in WORKERS if f"/flow-run/{run.id}" in cluster.worker_log(w)}
    assert printed == {name}, f"{run.name} ({run.id}) labelled {name}, printed by {printed}"
    return name


def run_log(data: Path) -> dict[str, dict[str, Any]]:
    lines = (data / "runs.jsonl").read_text("utf-8").splitlines()
    reports = [json.loads(line) for line in lines]
    assert len({r["run_id"] for r in reports}) == len(reports), "a run logged twice"
    return {r["run_id"]: r for r in reports}


def expected_urls(snapshot: str) -> set[str]:
    articles = json.loads((SNAPSHOTS / snapshot / "expected.json").read_text("utf-8"))["articles"]
    return {a["url"] for a in articles}


def params(source: str, data: Path, host_map: dict[str, str], first: int = 1, last: int = 5
           ) -> dict[str, Any]:
    return {"source": source, "first_page": first, "last_page": last, "data_dir": str(data),
            "host_map": host_map, "requests_per_second": FAST}


def test_two_workers_backfill_sources_into_one_store(cluster: Cluster, tmp_path: Path) -> None:
    data = tmp_path / "store"
    cluster.gate.reset()
    host_map = cluster.replay.host_map()
    ids = start_runs(cluster, [params(s, data, host_map) for s in SOURCES])
    runs = wait_for(cluster, ids)
    check_completed(cluster, runs)
    assert cluster.gate.is_open and len(cluster.gate.opened_by) == 2

    # Both workers ran flow runs (two were in flight at once, and each worker takes one).
    by_worker = Counter(worker_of(cluster, r) for r in runs)
    assert set(by_worker) == set(WORKERS), by_worker

    # Every article of every snapshot once, as version 1; nothing else.
    rows = open_store(data).versions.rows(columns=["url", "source", "version", "run_id"])
    pairs = Counter((r["url"], r["version"]) for r in rows)
    assert not [p for p, n in pairs.items() if n > 1], "a (url, version) stored twice"
    assert {r["version"] for r in rows} == {1}
    run_of = {r.parameters["source"]: str(r.id) for r in runs}
    reports = run_log(data)
    assert set(reports) == set(run_of.values())
    for source, snapshot in SOURCES.items():
        mine = [r for r in rows if r["source"] == source]
        urls = [r["url"] for r in mine]
        assert len(urls) == len(set(urls)), f"{source}: a URL stored twice"
        assert set(urls) == expected_urls(snapshot), source
        # The run's own report agrees with the store, row for row.
        report = reports[run_of[source]]
        assert report["status"] == "ok" and report["source"] == source
        assert {r["run_id"] for r in mine} == {run_of[source]}
        assert report["new"] == len(mine) and report["new_versions"] == 0
    assert len(rows) == sum(len(expected_urls(d)) for d in SOURCES.values())


def test_two_workers_backfill_one_source_at_once(cluster: Cluster, tmp_path: Path) -> None:
    """Two runs of qdnd at once (pages 1-5 and 1-3: the same articles) into one store: each
    through its own replay server, so the gate holds both until both are fetching."""
    data = tmp_path / "store"
    cluster.gate.reset()
    second = GatedReplay([SNAPSHOTS / SOURCES["qdnd"]], cluster.gate)
    second.start()
    ports = {cluster.replay.port, second.port}
    try:
        ids = start_runs(cluster, [
            params("qdnd", data, cluster.replay.host_map(), 1, 5),
            params("qdnd", data, second.host_map(), 1, 3),
        ])
        runs = wait_for(cluster, ids)
    finally:
        second.stop()
    check_completed(cluster, runs)
    assert cluster.gate.is_open
    assert {port for port, _ in cluster.gate.opened_by} == ports
    assert {worker_of(cluster, r) for r in runs} == set(WORKERS)

    rows = open_store(data).versions.rows("qdnd", columns=["url", "version", "run_id"])
    urls = [r["url"] for r in rows]
    assert len(urls) == len(set(urls)), "a URL stored twice"
    assert set(urls) == expected_urls("qdnd")
    assert {r["version"] for r in rows} == {1}
    reports = run_log(data)
    assert set(reports) == {str(r.id) for r in runs}
    for run_id, report in reports.items():
        # Both read the store before either stored (the gate), so both fetched every article
        # and raced to store it; the loser's copies were unchanged, not new versions.
        assert report["status"] == "ok" and report["fetched"] == len(rows)
        assert report["new"] == sum(r["run_id"] == run_id for r in rows)
        assert report["new_versions"] == 0
    assert sum(r["new"] for r in reports.values()) == len(rows)

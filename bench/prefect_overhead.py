"""What Prefect costs around one nightly run: wall time with and without it, same work, same site.

A synthetic qdnd.vn of `--articles` distinct articles (`bench/qdnd_site.py`, rendered with the
snapshot generator's builders) is served on loopback by `scrapers.replay.ReplayServer` (cookie gate
on, as the demo), and the qdnd source is ingested from it into a fresh data dir at
`--rate` requests per second, with a config dir whose sources.toml holds only qdnd and the
listings generated. Each measured run is its own process (a fresh per-host rate limiter, nothing
left over from another mode), in one of these modes, interleaved over `--rounds` rounds:

* plain:     `start_run` + `ingest_run(steps=PLAIN)` + `run.close()` + the run log, no Prefect
             context (the baseline);
* flow:      the `ingest_source` flow against a running Prefect server started here (its start
             is reported, not counted);
* nightly:   the `nightly` flow with `sources=["qdnd"]` against the same server (one subflow);
* ephemeral: `nightly` with no server configured: the flow starts Prefect's temporary local
             server itself, counted (the worst case: a one-off CLI run).

A run counts only when its report says status "ok", `new == --articles` and nothing failed.
Times: "work" from the flow call (or `config.load`) to its return, in the process; "process"
from the parent, interpreter start and exit included. To show where the time goes, the worker
also times `ingest_run` (in the flows, by rebinding `flows.ingest.ingest_run` to a timing
wrapper) and the step bodies (the task functions' `.fn`, wrapped the same way), so
"work" = before `ingest_run` (flow run creation, config, store, `start_run`) + `ingest_run`
(steps + per-task orchestration + glue) + after (close, run log, artifacts, final state).
Task runs, flow runs and artifacts are counted in Prefect's own database (the server's API; the
temporary server's SQLite file once its process has exited).
Run: `.venv/bin/python bench/prefect_overhead.py [--articles 500] [--rate 50] [--rounds 3]`
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
for _path in (REPO, REPO / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

SOURCE = "qdnd"
MODES = ("plain", "flow", "nightly", "ephemeral")
TARGET = 0.10  # the ceiling on the overhead ratio
# The modes the target is judged on, first present wins: a nightly run against a running server.
HEADLINES = ("nightly", "flow")
RESULT_MARK = "BENCH-RESULT "
SETTLE_SECONDS = 30.0  # the server records task runs asynchronously: wait for the counts to stop
LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy

Figures = dict[str, Any]


# --- worker: one measured run per process (`--worker MODE JOB_JSON`) -----------------------------


class Clock:
    """Seconds and calls per wrapped function, and when the timed `ingest_run` began and ended."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.marks: dict[str, float] = {}

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            self.marks.setdefault(f"{name}:first", started)
            try:
                return fn(*args, **kwargs)
            finally:
                ended = time.perf_counter()
                self.marks[f"{name}:last"] = ended
                self.seconds[name] = self.seconds.get(name, 0.0) + ended - started
                self.calls[name] = self.calls.get(name, 0) + 1

        return timed


STEP_NAMES = ("discover", "fetch", "health", "store", "link")
# The run's own work around ingest_run (plain does it too) and the flows' reporting.
SETUP_NAMES = ("config", "store_open", "start_run")
TEARDOWN_NAMES = ("close", "run_log")


def timed_plain_steps(clock: Clock) -> Any:
    """`PLAIN` with every step timed."""
    from flows.ingest import PLAIN, Steps

    return Steps(*(clock.wrap(name, getattr(PLAIN, name)) for name in STEP_NAMES))


def time_run_parts(clock: Clock) -> None:
    """Time the setup and teardown a run does in every mode: `config.load`, the store, the
    run's fetcher and archive, closing them and the run log."""
    import config
    import flows.ingest as ingest
    from flows.pipeline import SourceRun

    config.load = clock.wrap("config", config.load)
    ingest.open_configured_store = clock.wrap("store_open", ingest.open_configured_store)
    ingest.start_run = clock.wrap("start_run", ingest.start_run)
    ingest.append_run_log = clock.wrap("run_log", ingest.append_run_log)
    SourceRun.close = clock.wrap("close", SourceRun.close)  # type: ignore[method-assign]


def time_flow_internals(clock: Clock) -> None:
    """Time the task bodies (each task's `.fn`, which the task engine calls), `ingest_run` and
    `publish_reports` (the flow looks them up in its module at call time). The flows are
    unchanged."""
    import flows.ingest as ingest

    time_run_parts(clock)
    for name in STEP_NAMES:
        task = getattr(ingest.TASKS, name)
        task.fn = clock.wrap(name, task.fn)
    ingest.ingest_run = clock.wrap("ingest_run", ingest.ingest_run)
    ingest.publish_reports = clock.wrap("publish", ingest.publish_reports)


def run_plain(job: Figures, clock: Clock) -> Any:
    """The baseline: the flow's work with the steps called directly and a stdlib logger."""
    import logging
    import uuid

    import config
    import flows.ingest as ingest

    logger = logging.getLogger("bench.plain")  # what a cron script would log: INFO to stderr
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    time_run_parts(clock)
    cfg = config.load()
    src = cfg.source(SOURCE)
    store = ingest.open_configured_store(cfg, job["data_dir"])
    run_id = str(uuid.uuid4())
    run = ingest.start_run(cfg, src, store, run_id, host_map=job["host_map"],
                           requests_per_second=job["rate"])
    try:
        timed_run = clock.wrap("ingest_run", ingest.ingest_run)
        report = timed_run(cfg, run, src.max_pages, run_id, logger=logger,
                           steps=timed_plain_steps(clock))
    finally:
        run.close()
    ingest.append_run_log(store.local_dir, report)
    return report


def run_flow(job: Figures, clock: Clock) -> Any:
    from flows.ingest import ingest_source

    time_flow_internals(clock)
    state = ingest_source(SOURCE, data_dir=job["data_dir"], host_map=job["host_map"],
                          requests_per_second=job["rate"], return_state=True)
    return state.result(raise_on_failure=False)


def run_nightly(job: Figures, clock: Clock) -> Any:
    from flows.ingest import nightly

    time_flow_internals(clock)
    state = nightly(data_dir=job["data_dir"], host_map=job["host_map"],
                    requests_per_second=job["rate"], sources=[SOURCE], return_state=True)
    result = state.result(raise_on_failure=False)
    return result[0] if isinstance(result, list) and len(result) == 1 else result


RUNNERS: dict[str, Callable[[Figures, Clock], Any]] = {
    "plain": run_plain, "flow": run_flow, "nightly": run_nightly, "ephemeral": run_nightly,
}


def worker(mode: str, job: Figures) -> None:
    """One measured run; prints its figures as one marked JSON line."""
    import flows.ingest  # noqa: F401  (imports, Prefect's included, are not the measured work)

    clock = Clock()
    cpu = own_cpu_seconds()
    started = time.perf_counter()
    report = RUNNERS[mode](job, clock)
    ended = time.perf_counter()
    figures: Figures = {"mode": mode, "work_seconds": ended - started,
                        "work_cpu_seconds": own_cpu_seconds() - cpu}
    if "ingest_run:first" in clock.marks:
        figures["before_seconds"] = clock.marks["ingest_run:first"] - started
        figures["after_seconds"] = ended - clock.marks["ingest_run:last"]
    figures["ingest_run_seconds"] = clock.seconds.get("ingest_run", 0.0)
    figures["step_seconds"] = {n: clock.seconds.get(n, 0.0) for n in STEP_NAMES}
    figures["step_calls"] = {n: clock.calls.get(n, 0) for n in STEP_NAMES}
    figures["part_seconds"] = {n: clock.seconds.get(n, 0.0)
                               for n in (*SETUP_NAMES, *TEARDOWN_NAMES, "publish")}
    figures["publish_calls"] = clock.calls.get("publish", 0)
    figures.update(report_figures(report))
    print(RESULT_MARK + json.dumps(figures), flush=True)


def own_cpu_seconds() -> float:
    """User + system CPU of this process, all its threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def report_figures(report: Any) -> Figures:
    from flows.report import RunReport

    if not isinstance(report, RunReport):
        return {"status": "no report", "message": repr(report)[:300]}
    return {
        "status": report.status, "message": report.message, "discovered": report.discovered,
        "listing_pages": report.listing_pages, "fetched": report.fetched, "new": report.new,
        "failed": report.failed, "held_back": report.held_back, "linked": report.linked,
        "requests": report.requests, "report_seconds": report.seconds,
    }


# --- the Prefect server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def api(url: str, body: Figures | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with LOOPBACK.open(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


class PrefectServer:
    """`prefect server start` on a free loopback port with its own PREFECT_HOME, as a
    subprocess in its own session (stopped by its process group id)."""

    def __init__(self, home: Path, log: Path) -> None:
        self.home, self.log = home, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.process: subprocess.Popen[bytes] | None = None
        self.start_seconds = 0.0

    def start(self, environ: dict[str, str], timeout: float = 180.0) -> None:
        """Start it and wait for `GET /api/health` to answer 200; the wait is `start_seconds`."""
        prefect = str(Path(sys.executable).with_name("prefect"))
        env = {**environ, "PREFECT_HOME": str(self.home)}
        command = [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(self.port)]
        started = time.perf_counter()
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"prefect server exited ({self.process.returncode}): {self.tail()}"
                )
            if self.healthy():
                self.start_seconds = time.perf_counter() - started
                return
            time.sleep(0.25)
        raise RuntimeError(f"prefect server not healthy after {timeout:.0f} s: {self.tail()}")

    def healthy(self) -> bool:
        try:
            with LOOPBACK.open(f"{self.url}/health", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def counts(self) -> dict[str, int]:
        return {kind: int(api(f"{self.url}/{kind}/count", {})) for kind in RECORDS}

    def settled_counts(self) -> dict[str, int]:
        """The counts once they stop changing (events are recorded in the background)."""
        deadline = time.perf_counter() + SETTLE_SECONDS
        last = self.counts()
        while time.perf_counter() < deadline:
            time.sleep(1.0)
            now = self.counts()
            if now == last:
                return now
            last = now
        return last

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's processes (its process group), from /proc."""
        if self.process is None:
            return 0.0
        return group_cpu_seconds(self.process.pid)

    def wait_idle(self, timeout: float = 60.0, window: float = 2.0) -> float:
        """Wait until the server uses under a tenth of a core (its start-up services done);
        returns the seconds waited."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            before = self.cpu_seconds()
            time.sleep(window)
            if self.cpu_seconds() - before < 0.1 * window:
                break
        return time.perf_counter() - started

    def tail(self) -> str:
        return self.log.read_text("utf-8", errors="replace")[-2000:]


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds of the live processes in process group `pgid` (Linux)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after "(comm)": state, ppid, pgrp, …
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


RECORDS = ("flow_runs", "task_runs", "artifacts")
SQLITE_TABLES = {"flow_runs": "flow_run", "task_runs": "task_run", "artifacts": "artifact"}


def sqlite_counts(home: Path) -> dict[str, int]:
    """Prefect's records in a (stopped) temporary server's database."""
    path = home / "prefect.db"
    if not path.exists():
        return dict.fromkeys(RECORDS, 0)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return {k: int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                for k, t in SQLITE_TABLES.items()}


# --- the parent: site, config, rounds, table ---------------------------------------------------


def write_config(directory: Path, listings: Sequence[str], max_pages: int) -> Path:
    """A config dir: the project's settings, a sources.toml with only qdnd and the listings
    generated (no RSS feed: it is not in the synthetic site). One page more than the deepest
    listing, so each listing's last page, not the cap, ends discovery."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config" / "settings.toml", directory / "settings.toml")
    listed = ", ".join(json.dumps(path) for path in listings)
    (directory / "sources.toml").write_text(
        "[[source]]\n"
        f'name = "{SOURCE}"\nsite = "qdnd"\nbase_url = "https://www.qdnd.vn"\nenabled = true\n'
        f"listings = [{listed}]\nrequests_per_second = 1.0\nmax_pages = {max_pages + 1}\n",
        encoding="utf-8",
    )
    return directory


def base_environ(work: Path, config_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "VNNEWS_"))}
    env.update({
        "VNNEWS_CONFIG_DIR": str(config_dir),
        "VNNEWS_HOST_BUDGET_DIR": str(work / "host-budget"),  # not shared with other processes
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_HOME": str(work / "prefect-client"),
        "NO_PROXY": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def mode_environ(
    mode: str, base: dict[str, str], server: PrefectServer, ephemeral: Path, timeout: int
) -> dict[str, str]:
    """The flow modes talk to the running server; the ephemeral mode has none configured and
    its own PREFECT_HOME (the temporary server's database persists between its runs, as on a
    machine where the CLI runs every night)."""
    if mode in ("flow", "nightly"):
        return {**base, "PREFECT_API_URL": server.url}
    if mode == "ephemeral":
        return {**base, "PREFECT_HOME": str(ephemeral),
                "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(timeout)}
    return base


def run_worker(mode: str, job: Figures, env: dict[str, str], log: Path) -> Figures:
    """Run one measured run in a fresh process; its figures plus the process's wall time."""
    command = [sys.executable, __file__, "--worker", mode, json.dumps(job)]
    cpu_before = children_cpu_seconds()
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    cpu = children_cpu_seconds() - cpu_before
    log.write_text(done.stdout + "\n--- stderr ---\n" + done.stderr, encoding="utf-8")
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith(RESULT_MARK)]
    if done.returncode != 0 or not lines:
        return {"mode": mode, "status": f"crashed (exit {done.returncode})",
                "message": "".join(done.stderr.strip().splitlines()[-1:]),
                "process_seconds": seconds}
    figures: Figures = json.loads(lines[-1][len(RESULT_MARK):])
    figures["process_seconds"] = seconds
    figures["process_cpu_seconds"] = cpu
    return figures


def children_cpu_seconds() -> float:
    """User + system CPU of the waited-for child processes (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def valid(run: Figures, articles: int) -> bool:
    """A measured run counts only when it did the whole job cleanly."""
    return bool(run.get("status") == "ok" and run.get("new") == articles
                and run.get("discovered") == articles and run.get("failed") == 0
                and run.get("held_back") == 0)


def measure(args: argparse.Namespace, work: Path) -> tuple[list[Figures], Figures]:
    """Build the site, start the servers, run every mode `rounds` times, interleaved."""
    import qdnd_site

    from scrapers.replay import ReplayOptions, ReplayServer

    layout = qdnd_site.build(work / "site", args.articles, per_page=args.per_page)
    config_dir = write_config(work / "config", layout.listings, layout.pages_per_listing)
    base = base_environ(work, config_dir)
    server = PrefectServer(work / "prefect-server", work / "prefect-server.log")
    ephemeral_home = work / "prefect-ephemeral"
    context: Figures = {"listing_pages": layout.listing_pages}
    runs: list[Figures] = []
    with ReplayServer(layout.root, options=ReplayOptions(cookie_gate=True)) as replay:
        try:
            server.start(base)
            context["server_start_seconds"] = server.start_seconds
            print(f"prefect server up on {server.url} after {server.start_seconds:.1f} s "
                  f"(fresh database); replay on {replay.origin}", flush=True)
            context["server_idle_wait_seconds"] = server.wait_idle()
            context["load_before"] = os.getloadavg()
            for round_no in range(1, args.rounds + 1):
                shift = (round_no - 1) % len(args.modes)  # no mode always first after a pause
                for mode in [*args.modes[shift:], *args.modes[:shift]]:
                    run = measured_run(mode, round_no, args, work, replay, server, ephemeral_home,
                                       base)
                    runs.append(run)
                    print(progress_line(run, args.articles), flush=True)
        finally:
            server.stop()
    context["load_after"] = os.getloadavg()
    return runs, context


def measured_run(mode: str, round_no: int, args: argparse.Namespace, work: Path, replay: Any,
                 server: PrefectServer, ephemeral_home: Path, base: dict[str, str]) -> Figures:
    """One run of `mode` into a fresh data dir, with the records it left in Prefect."""
    data_dir = work / f"data-{mode}-{round_no}"
    job = {"data_dir": str(data_dir), "host_map": replay.host_map(), "rate": args.rate}
    counts_of = (lambda: sqlite_counts(ephemeral_home)) if mode == "ephemeral" else (
        server.settled_counts)
    before = counts_of()
    server.wait_idle()
    replay.clear_requests()
    env = mode_environ(mode, base, server, ephemeral_home, args.ephemeral_timeout)
    server_cpu = server.cpu_seconds()
    run = run_worker(mode, job, env, work / f"log-{mode}-{round_no}.txt")
    uses_server = mode in ("flow", "nightly")  # the others leave it idle: not their cost
    run["server_cpu_seconds"] = server.cpu_seconds() - server_cpu if uses_server else 0.0
    run["round"] = round_no
    run["served"] = len(replay.requests)
    after = counts_of()
    run["records"] = {k: after[k] - before[k] for k in RECORDS}
    run["valid"] = valid(run, args.articles)
    shutil.rmtree(data_dir, ignore_errors=True)
    return run


def progress_line(run: Figures, articles: int) -> str:
    verdict = "ok" if run["valid"] else "VOID"
    return (f"  round {run['round']} {run['mode']:<9} {run.get('work_seconds', 0):7.2f} s work, "
            f"{run['process_seconds']:7.2f} s process; status {run.get('status')}, "
            f"new {run.get('new')}/{articles}, served {run['served']} requests, "
            f"records {run['records']} [{verdict}]")


# --- the table ---------------------------------------------------------------------------------


def median_of(runs: list[Figures], key: Callable[[Figures], float]) -> float:
    return statistics.median(key(r) for r in runs) if runs else math.nan


def steps_total(run: Figures) -> float:
    return float(sum(run["step_seconds"].values()))


def total_cpu(run: Figures) -> float:
    """CPU seconds of the whole run: worker process (and children) plus the running server."""
    return float(run["process_cpu_seconds"] + run.get("server_cpu_seconds", 0.0))


def task_calls(run: Figures) -> int:
    return int(sum(run["step_calls"].values()))


def summary(runs: list[Figures], args: argparse.Namespace, context: Figures) -> None:
    by_mode = {m: [r for r in runs if r["mode"] == m and r["valid"]] for m in args.modes}
    void = [r for r in runs if not r["valid"]]
    load = "/".join(f"{x:.2f}" for x in context.get("load_before", ()))
    load_after = "/".join(f"{x:.2f}" for x in context.get("load_after", ()))
    print()
    print(f"{args.articles} articles, {context['listing_pages']} listing pages, "
          f"{args.rate:g} requests/s, {args.rounds} rounds, {os.cpu_count()} cores, load average "
          f"{load} before, {load_after} after; Prefect server start (fresh database, not "
          f"counted): {context.get('server_start_seconds', math.nan):.1f} s, then idle after "
          f"{context.get('server_idle_wait_seconds', math.nan):.1f} s more")
    for run in void:
        print(f"VOID: round {run['round']} {run['mode']}: {run.get('status')}: "
              f"{run.get('message')}")
    plain = median_of(by_mode.get("plain", []), lambda r: r["work_seconds"])
    plain_cpu = median_of(by_mode.get("plain", []), total_cpu)
    print()
    print("| mode | valid runs | work s (median) | min–max | overhead s | overhead / plain | "
          "process s | work CPU s | CPU s, process + server | CPU overhead s | task runs | "
          "flow runs | artifacts | requests |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for mode, done in by_mode.items():
        if not done:
            print(f"| {mode} | 0 of {args.rounds} |" + " — |" * 12)
            continue
        work = median_of(done, lambda r: r["work_seconds"])
        spread = (f"{min(r['work_seconds'] for r in done):.2f}–"
                  f"{max(r['work_seconds'] for r in done):.2f}")
        extra = work - plain
        ratio = "1.00 (baseline)" if mode == "plain" else f"{extra / plain:+.1%}"
        cpu = median_of(done, total_cpu)
        records = done[-1]["records"]
        print(f"| {mode} | {len(done)} of {args.rounds} | {work:.2f} | {spread} | "
              f"{'—' if mode == 'plain' else f'{extra:+.2f}'} | {ratio} | "
              f"{median_of(done, lambda r: r['process_seconds']):.2f} | "
              f"{median_of(done, lambda r: r['work_cpu_seconds']):.2f} | {cpu:.2f} | "
              f"{'—' if mode == 'plain' else f'{cpu - plain_cpu:+.2f}'} | "
              f"{records['task_runs']} | {records['flow_runs']} | {records['artifacts']} | "
              f"{done[-1].get('requests')} |")
    print("(work: in the worker, from the flow call or config.load to the return; process: the "
          "worker from start to exit, interpreter and imports included, as seen by the parent; "
          "CPU: the worker's, its children's (the ephemeral mode's temporary server) and the "
          "running server's during the run, start to exit; records: what the run left in "
          "Prefect's database)")
    breakdown(by_mode)
    composition(by_mode)
    verdict(by_mode, args)


def breakdown(by_mode: dict[str, list[Figures]]) -> None:
    """Where the time goes: medians of the parts of "work"."""
    print()
    print("| mode | before ingest_run s | ingest_run s | in step bodies s | step calls | "
          "ingest_run outside steps s | after ingest_run s |")
    print("|---|---|---|---|---|---|---|")
    for mode, done in by_mode.items():
        if not done:
            continue
        calls = "+".join(str(done[-1]["step_calls"][n]) for n in STEP_NAMES)
        print(f"| {mode} | {median_of(done, lambda r: r['before_seconds']):.2f} | "
              f"{median_of(done, lambda r: r['ingest_run_seconds']):.2f} | "
              f"{median_of(done, steps_total):.2f} | {calls} = {task_calls(done[-1])} | "
              f"{median_of(done, lambda r: r['ingest_run_seconds'] - steps_total(r)):.2f} | "
              f"{median_of(done, lambda r: r['after_seconds']):.2f} |")
    print(f"(step calls: {' + '.join(STEP_NAMES)})")


def components(run: Figures) -> dict[str, float]:
    """The parts of a run's work seconds; they add up to it exactly."""
    parts = run["part_seconds"]
    setup = sum(parts[n] for n in SETUP_NAMES)
    teardown = sum(parts[n] for n in TEARDOWN_NAMES)
    steps = steps_total(run)
    return {
        "flow runs": run["work_seconds"] - run["ingest_run_seconds"] - setup - teardown
        - parts["publish"],
        "task runs": run["ingest_run_seconds"] - steps,
        "artifacts": parts["publish"],
        "step bodies": steps,
        "setup + teardown": setup + teardown,
    }


def composition(by_mode: dict[str, list[Figures]]) -> None:
    """The overhead of each Prefect mode, part by part: median of the part minus plain's."""
    plain_runs = by_mode.get("plain", [])
    if not plain_runs:
        return
    names = tuple(components(plain_runs[0]))
    base = {n: median_of(plain_runs, lambda r, n=n: components(r)[n]) for n in names}
    print()
    print("Overhead by part (median of the part minus plain's): flow runs = creating, starting and "
          "finishing the flow runs and their states (work outside ingest_run, setup, teardown "
          "and artifacts); task runs = ingest_run outside the step bodies")
    print("| mode | " + " | ".join(names) + " | sum of the parts | overhead (median) |")
    print("|---|" + "---|" * (len(names) + 2))
    plain_work = median_of(plain_runs, lambda r: r["work_seconds"])
    for mode, done in by_mode.items():
        if mode == "plain" or not done:
            continue
        diffs = {n: median_of(done, lambda r, n=n: components(r)[n]) - base[n] for n in names}
        tasks = task_calls(done[-1])
        cells = [f"{diffs[n]:+.2f}" for n in names]
        each = 1000 * diffs["task runs"] / tasks
        cells[names.index("task runs")] += f" ({tasks}: {each:+.0f} ms each)"
        cells[names.index("artifacts")] += f" ({done[-1]['publish_calls']} publish)"
        measured = median_of(done, lambda r: r["work_seconds"]) - plain_work
        print(f"| {mode} | " + " | ".join(cells) + f" | {sum(diffs.values()):+.2f} | "
              f"{measured:+.2f} |")


def verdict(by_mode: dict[str, list[Figures]], args: argparse.Namespace) -> None:
    headline = next((m for m in HEADLINES if by_mode.get(m)), HEADLINES[0])
    plain_runs, runs = by_mode.get("plain", []), by_mode.get(headline, [])
    if not plain_runs or not runs:
        print(f"\nno verdict: {headline} or plain has no valid run")
        return
    plain = median_of(plain_runs, lambda r: r["work_seconds"])
    extra = median_of(runs, lambda r: r["work_seconds"]) - plain
    glue = median_of(runs, lambda r: r["ingest_run_seconds"] - steps_total(r)) - median_of(
        plain_runs, lambda r: r["ingest_run_seconds"] - steps_total(r))
    tasks = task_calls(runs[-1])
    met = "MET" if extra / plain < TARGET else "NOT MET"
    print()
    print(f"{headline} against a running server: {extra:+.2f} s over plain {plain:.2f} s = "
          f"{extra / plain:+.1%} (target < {TARGET:.0%}): {met} at {args.rate:g} requests/s")
    print(f"inside ingest_run, {tasks} task runs cost {glue:+.2f} s over plain: "
          f"{1000 * glue / tasks:+.1f} ms per task run")
    requests = int(runs[-1]["requests"])
    at_one = requests / 1.0
    print(f"at 1 request/s the {requests} requests alone take >= {at_one:.0f} s, so the same "
          f"{extra:+.2f} s would be <= {extra / at_one:.2%} of the run")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--per-page", type=int, default=20, help="articles per listing page")
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second allowed")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--ephemeral-timeout", type=int, default=90,
                        help="seconds the temporary server may take to start (Prefect: 20)")
    parser.add_argument("--keep", type=Path, help="work here and keep it (logs, site, databases)")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "JOB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], json.loads(args.worker[1]))
        return
    if "plain" not in args.modes:
        parser.error("--modes must include plain, the baseline")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        runs, context = measure(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="vnnews-prefect-bench-") as tmp:
            runs, context = measure(args, Path(tmp))
    summary(runs, args, context)


if __name__ == "__main__":
    main()

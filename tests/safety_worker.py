"""One run of the qdnd source in its own process, for `tests/test_safety.py`.

It drives `flows.pipeline` the way `flows/ingest.py` does (discover, fetch and parse in batches,
health checks, store in batches, link, run log), without Prefect, so that tests can run several
at once against one store and kill them with SIGKILL wherever they like. It prints one line per
step (`EVENT <name> <detail>`, flushed) so a test knows where a run is when it kills it. With
`--barrier DIR --parties N` it touches `DIR/<run id>.fetched` and waits for N such files before
it stores: runs meeting there all decide what to write from the same state of the store.

`run` is the same run in the calling process (for the runs no test needs to kill).

`python -m tests.safety_worker [--wait] --data DIR --origin URL --run-id ID [...]`; with
`--wait` the process loads its modules (about two seconds: datasketch imports scipy), prints
`EVENT ready` and waits for a line on stdin before it starts, so a test can start the next run
while the current one is still going. The line is a JSON object of options overriding the
command line's (`{}`: none); after the run it waits for the next line, until stdin closes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from deltalake import write_deltalake

import config
import storage.versions
from flows.pipeline import Fetched, batches, link_rows, start_run
from flows.report import RunReport, append_run_log
from scrapers.health import check_run, hard_problems
from storage import open_store
from tests.safety_inspect import emit, wait_for_go

SOURCE = "qdnd"
HOST = "www.qdnd.vn"
FAST = 500.0  # requests per second: our own loopback server
BARRIER_TIMEOUT = 60.0


def run(
    data: Path,
    origin: str,
    run_id: str,
    *,
    batch_size: int = 25,
    max_pages: int = 5,
    store_pause: float = 0.0,
    barrier: Path | None = None,
    parties: int = 1,
    write_pause: float = 0.0,
) -> dict[str, Any]:
    """One run of the source (in this process); what it did, as `EVENT done` reports it.

    `write_pause` widens a version-log write: the run sleeps that long before the Delta commit
    (it has read the log and decided what to append) and again after it (`EVENT committed`),
    before the validators are saved, so a kill can be aimed at either side of the commit.
    """
    if write_pause:
        slow_commits(write_pause)
    cfg = config.load()
    source = cfg.source(SOURCE)
    store = open_store(data)
    started_at = datetime.now(UTC).isoformat()
    emit("start", run_id)
    steps = start_run(cfg, source, store, run_id, host_map={HOST: origin},
                      requests_per_second=FAST)
    try:
        discovery = steps.discover(max_pages)
        emit("discovered", len(discovery.items))
        parsed: list[Fetched] = []
        failures = list(discovery.errors)
        completed: set[str] = set()
        for index, batch in enumerate(batches(discovery.items, batch_size)):
            emit("fetch", index)
            result = steps.fetch_batch(batch)
            completed.update(result.not_modified)
            parsed.extend(result.fetched)
            failures.extend(f"{f.url}: {f.kind}: {f.reason}" for f in result.failures)
            if result.blocked:
                return {"status": "blocked", "failures": failures}
        health = check_run([f.article for f in parsed])
        if not health.ok:
            return {"status": "unhealthy", "failures": [health.message()]}
        keep = [f for f in parsed if not hard_problems(f.article)]
        emit("fetched", len(keep))
        if barrier is not None:
            meet(barrier, run_id, parties)
        counts = {"new": 0, "new_versions": 0, "unchanged": 0}
        rows: list[dict[str, Any]] = []
        for index, chunk in enumerate(batches(keep[::-1], batch_size)):  # oldest first, as ingest
            emit("store-begin", index)
            written = steps.store_batch(chunk, run_id)
            emit("store-end", f"{index} {written.new} {written.new_versions} {written.unchanged}")
            counts = {key: value + getattr(written, key) for key, value in counts.items()}
            rows.extend(link_rows(chunk, written))
            completed.update(f.article.url for f in chunk if f.article.url not in written.held)
            if store_pause:
                time.sleep(store_pause)
        emit("link", len(rows))
        linked = steps.link(rows, run_id)
        emit("linked", f"{linked.written} {linked.signed}")
        steps.settle(discovery.items, completed, set())
    finally:
        steps.close()
    append_run_log(data, RunReport(
        source=SOURCE, run_id=run_id, started_at=started_at, status="ok", message="safety",
        discovered=len(discovery.items), listing_pages=len(discovery.pages), fetched=len(parsed),
        body_median=health.body_median, fill_rates=health.fill_rates, new=counts["new"],
        new_versions=counts["new_versions"], unchanged=counts["unchanged"],
    ))
    summary = {"status": "ok", "discovered": len(discovery.items), "failures": failures,
               "signed": linked.signed, **counts}
    emit("done", json.dumps(summary))
    return summary


def slow_commits(pause: float) -> None:
    """Sleep `pause` on both sides of each version-log commit (see `run`)."""
    if not hasattr(storage.versions, "write_deltalake"):
        raise RuntimeError("storage.versions no longer commits with write_deltalake: update me")

    def slow(*args: Any, **kwargs: Any) -> None:
        time.sleep(pause)
        write_deltalake(*args, **kwargs)
        emit("committed")
        time.sleep(pause)

    storage.versions.write_deltalake = slow


def meet(folder: Path, name: str, parties: int) -> None:
    """Wait until `parties` runs have reached this point (a barrier made of files)."""
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{name}.{uuid.uuid4().hex}"
    temporary.write_text(name)
    temporary.rename(folder / f"{name}.fetched")
    deadline = time.monotonic() + BARRIER_TIMEOUT
    while len(list(folder.glob("*.fetched"))) < parties:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{folder}: fewer than {parties} runs arrived")
        time.sleep(0.005)
    emit("barrier", parties)


@contextmanager
def _no_lock(root: object, source: str, *, timeout: float = 0.0) -> Iterator[None]:
    """Stands in for `storage.locks.source_lock` with `--no-lock`."""
    yield


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.safety_worker")
    parser.add_argument("--wait", action="store_true", help="start on a line from stdin")
    parser.add_argument("--data", required=True)
    parser.add_argument("--origin", required=True, help="the replay server: http://127.0.0.1:N")
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--batch-size", type=int, default=25)
    parser.add_argument("--max-pages", type=int, default=5)
    parser.add_argument("--store-pause", type=float, default=0.0, help="seconds after a store")
    parser.add_argument("--barrier", help="folder where runs meet before they store")
    parser.add_argument("--parties", type=int, default=1)
    parser.add_argument("--write-pause", type=float, default=0.0,
                        help="seconds before and after each version-log commit")
    parser.add_argument("--no-lock", action="store_true",
                        help="drop the per-source lock (shows what the concurrency test catches)")
    args = parser.parse_args(argv)
    if args.no_lock:
        if not hasattr(storage.versions, "source_lock"):
            raise RuntimeError("storage.versions no longer locks with source_lock: update me")
        storage.versions.source_lock = _no_lock
    if not args.wait:
        return 0 if _run(vars(args))["status"] == "ok" else 3
    while (overrides := wait_for_go()) is not None:  # one run per line, until stdin closes
        _run({**vars(args), **overrides})
    return 0


def _run(options: dict[str, Any]) -> dict[str, Any]:
    return run(
        Path(options["data"]), options["origin"], options["run_id"],
        batch_size=options["batch_size"], max_pages=options["max_pages"],
        store_pause=options["store_pause"], parties=options["parties"],
        barrier=Path(options["barrier"]) if options["barrier"] else None,
        write_pause=options["write_pause"],
    )


if __name__ == "__main__":
    sys.exit(main())

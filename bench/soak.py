"""Fault soak, long form: 10,000+ requests, a quarter of them faulted, five sources.

The short form is `tests/test_soak.py`; both use `tests/soak_support.py`. Synthetic snapshots of
the five configured sources with replay snapshots (`--articles` each) are served by
`scrapers.faults.FaultServer` on 127.0.0.1. Then:

1. the `nightly` flow (Prefect, a temporary test server) with faults; its table artifact is read
   back from the Prefect API and compared with the run reports, the store and the server's log;
2. repeated passes (`ingest_run`, the flow's steps without Prefect tasks, one thread per source)
   with faults drawn afresh, the sites publishing and editing articles before each, until
   `--requests` requests have been made;
3. a clean pass.

After every pass: each run's report agrees with the store and with the server's request log,
no (url, version) is stored twice, every stored text is one its article had (in order), no
host got more than its rate (+1 in any second), no host was asked again before a 429's
Retry-After, no link to another host was asked. After the clean pass: every article is stored
at its current text, each text once, and whatever a pass left unstored had been reported by it.

Run: `.venv/bin/python bench/soak.py` (about 8 minutes here; `--articles 150 --requests 3000`
for a quick one). Exits 1 when an invariant does not hold.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from flows.report import TABLE_COLUMNS  # noqa: E402
from scrapers.faults import FaultPlan, FaultServer  # noqa: E402
from scrapers.replay import ReplayOptions  # noqa: E402
from tests import soak_support as soak  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/soak.py", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=500, help="articles per source")
    parser.add_argument("--requests", type=int, default=10_000, help="requests to make at least")
    parser.add_argument("--fault-rate", type=float, default=0.25)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--publish", type=int, default=15, help="new articles per source per pass")
    parser.add_argument("--edits", type=int, default=5, help="edited articles per source per pass")
    parser.add_argument("--keep", type=Path, help="keep the sites and the store here")
    args = parser.parse_args()

    os.environ.update(soak.SETTINGS)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    logging.basicConfig(level=logging.ERROR, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("vnnews", "prefect", "httpx"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    root = args.keep or Path(tempfile.mkdtemp(prefix="vnnews-soak-"))
    started = time.monotonic()
    sites = soak.SoakSites(root / "sites", soak.SOURCES, per_source=args.articles, page_size=25)
    print(f"sites: {len(soak.SOURCES)} sources x {args.articles} articles in {root} "
          f"({time.monotonic() - started:.1f} s to build)", flush=True)
    server = FaultServer(
        sites.snapshots, plan=soak.fault_plan(args.seed, soak.SOURCES, args.fault_rate),
        options=ReplayOptions(cookie_gate=True),
    )
    world = soak.SoakWorld(sites, server, root / "data")
    passes: list[soak.Pass] = []
    results: dict[str, Any] = {}
    try:
        with server:
            from prefect.testing.utilities import prefect_test_harness

            with prefect_test_harness(server_startup_timeout=120):
                first = world.nightly_pass()
                artifact = soak.read_table_artifact(first.flow_run_id)
                rows = [{k: row[k] for k in TABLE_COLUMNS} for row in artifact]
                if rows != [r.row() for r in first.reports]:
                    raise soak.Violation("the table artifact differs from the run reports")
                results["artifact rows matching reports, store and server"] = len(rows)
            passes.append(first)
            report(first, world.check_pass(first))
            number = 1
            # Faulty passes until the budget is spent, leaving room for the clean pass.
            while len(server.requests) < args.requests - 1000:
                number += 1
                for name in soak.SOURCES:
                    sites.publish(name, args.publish)
                    for position in range(args.publish + 2, args.publish + 2 + args.edits):
                        sites.edit(sites.articles[name][position].url, number)
                server.set_plan(soak.fault_plan(args.seed + number, soak.SOURCES, args.fault_rate))
                done = world.plain_pass(f"faulty{number}")
                passes.append(done)
                report(done, world.check_pass(done))
            server.set_plan(FaultPlan())
            clean = world.plain_pass("clean")
            passes.append(clean)
            report(clean, world.check_pass(clean))
            results.update(world.check_final(passes))
    except soak.Violation as error:
        print(f"INVARIANT VIOLATED: {error}", flush=True)
        return 1
    requests = server.requests
    faulty = [r for done in passes[:-1] for r in done.requests]
    kinds = Counter(r.fault for r in requests if r.fault)
    faulted = sum(kinds.values())
    summary = {
        "command": "python bench/soak.py " + " ".join(sys.argv[1:]),
        "seconds": round(time.monotonic() - started, 1),
        "passes": len(passes),
        "requests": len(requests),
        "faulted": faulted,
        "fault share": round(faulted / len(requests), 3),
        "fault share of the faulty passes": round(faulted / max(1, len(faulty)), 3),
        "by kind": dict(kinds.most_common()),
        "hosts": len({soak.host_of(r) for r in requests}),
        "max requests in one second on a host": soak.check_rate(requests, soak.RATE),
        "429s, shortest wait after one (s)": retry_after(requests),
        "offsite links injected / asked": [
            len(server.offsite_targets),
            len({(soak.host_of(r), r.path) for r in requests} & server.offsite_targets),
        ],
        "invariants": "all hold",
        **results,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1), flush=True)
    return 0


def retry_after(requests: list[Any]) -> list[float]:
    seen, shortest = soak.check_retry_after(requests, soak.RETRY_AFTER)
    return [seen, round(shortest, 3)]


def report(done: soak.Pass, checked: dict[str, Any]) -> None:
    faults = sum(1 for r in done.requests if r.fault)
    print(
        f"{done.label}: {len(done.requests)} requests, {faults} faulted, {done.seconds:.1f} s; "
        + "; ".join(
            f"{r.source} {r.status} d{r.discovered} n{r.new} v{r.new_versions} "
            f"304:{r.not_modified} f{r.failed}"
            for r in done.reports
        )
        + f" | store {checked['urls']} urls {checked['rows']} rows, max/s "
        f"{checked['max per second']}, 429s {checked['429s']}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())

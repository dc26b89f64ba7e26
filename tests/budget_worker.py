"""One crawler process for `tests/test_host_budget.py`: N requests to one host through a real
`scrapers.http.Fetcher`, reached on loopback through a host map.

`python -m tests.budget_worker ORIGIN LABEL COUNT RATE BUDGET_DIR` (BUDGET_DIR `-`: no shared
budget). It imports everything, prints `ready`, waits for a line on stdin (so that two workers
start together), fetches `https://www.qdnd.vn/<LABEL>/<i>` COUNT times and prints the statuses
as one JSON line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scrapers.http import Fetcher, FetchPolicy

HOST = "www.qdnd.vn"


def main(argv: list[str]) -> None:
    origin, label, count, rate, budget = argv
    policy = FetchPolicy(
        requests_per_second=float(rate),
        obey_robots=False,
        max_attempts=1,
        budget_dir=None if budget == "-" else Path(budget),
    )
    with Fetcher(policy, host_map={HOST: origin}, allowed_hosts={HOST}) as fetcher:
        print("ready", flush=True)
        sys.stdin.readline()
        statuses = [fetcher.get(f"https://{HOST}/{label}/{i}").status for i in range(int(count))]
    print(json.dumps(statuses), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

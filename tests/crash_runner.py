"""The `nightly` flow in a process of its own, for `tests/test_crash.py` to kill with SIGKILL.

It runs the real flow (Prefect tasks, artifacts, run log) against the Prefect server named by
`PREFECT_API_URL` and the replay server the test keeps running, and announces each step of each
source's run on stdout (`EVENT <step> <source>`, flushed) so the test can aim a kill. The steps
are announced by wrapping `SourceRun`'s methods; nothing else of the flow is changed.

`python -m tests.crash_runner --data DIR --host-map JSON --sources a,b --rate R`: loads its
modules, prints `EVENT ready`, waits for a line on stdin, runs the flow once, prints
`EVENT done <json>` (each source's status and counts) and exits 0.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from flows.ingest import nightly
from flows.pipeline import SourceRun
from flows.report import RunReport
from tests.safety_inspect import wait_for_go


def emit(name: str, detail: object = "") -> None:
    """One event line on the real stdout (the flows' `log_prints` turns `print` into logs)."""
    stream = sys.__stdout__
    assert stream is not None
    stream.write(f"EVENT {name} {detail}".rstrip() + "\n")
    stream.flush()


def announce(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapped(self: SourceRun, *args: Any, **kwargs: Any) -> Any:
        emit(f"{name}-begin", self.source.name)
        result = method(self, *args, **kwargs)
        emit(f"{name}-end", self.source.name)
        return result

    return wrapped


for _step in ("discover", "fetch_batch", "store_batch", "link", "settle"):
    setattr(SourceRun, _step, announce(_step.split("_")[0], getattr(SourceRun, _step)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.crash_runner")
    parser.add_argument("--data", required=True)
    parser.add_argument("--host-map", required=True, help="JSON: host -> replay origin")
    parser.add_argument("--sources", required=True, help="comma-separated source names")
    parser.add_argument("--rate", type=float, default=40.0)
    args = parser.parse_args(argv)
    if wait_for_go() is None:
        return 0  # the test is gone
    state = nightly(
        data_dir=args.data, host_map=json.loads(args.host_map), requests_per_second=args.rate,
        sources=args.sources.split(","), return_state=True,
    )
    result = state.result(raise_on_failure=False)
    reports = [r for r in (result if isinstance(result, list) else []) if isinstance(r, RunReport)]
    emit("done", json.dumps({r.source: [r.status, r.new, r.discovered] for r in reports}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

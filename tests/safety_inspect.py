"""Read everything a store holds, for `tests/test_safety.py`: in a fresh process after a kill.

`inspect_store` reads the version log (count, current, every row's text against its digest),
every row's WARC reference (`read_response`), every WARC file of the source (`iter_responses`),
the links table and the MinHash signatures; anything that cannot be read raises. The command
prints the findings as one JSON line. Light on imports (no flows, no datasketch), so a reader
starts in well under a second.

`python -m tests.safety_inspect [--wait] --data DIR`; with `--wait` the process loads its
modules, prints `EVENT ready` and waits for a line on stdin before it opens the store, so a test
can start it before the kill it is meant to follow.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
from deltalake import DeltaTable, QueryBuilder

from scrapers.records import WarcRef
from scrapers.text import sha256_hex
from storage.archive import archive_files, iter_responses, read_response
from storage.versions import VersionLog, join_uri

SOURCE = "qdnd"


def emit(name: str, detail: object = "") -> None:
    print(f"EVENT {name} {detail}".rstrip(), flush=True)


def wait_for_go() -> dict[str, Any] | None:
    """Announce that the modules are loaded, then wait for a JSON object on stdin (options that
    override the command line's); None when stdin closed instead."""
    emit("ready")
    line = sys.stdin.readline()
    return json.loads(line) if line else None


def inspect_store(root: Path) -> dict[str, Any]:
    log = VersionLog(root)
    count = log.count()
    current = log.current(SOURCE)
    columns = ["url", "version", "digest", "content_hash", "text", "run_id",
               "warc_file", "warc_offset", "warc_length"]
    rows = log.rows(SOURCE, columns=columns)
    problems: list[str] = []
    for row in rows:
        where = f"{row['url']} v{row['version']}"
        if sha256_hex(row["text"]) != row["digest"] or row["digest"][:16] != row["content_hash"]:
            problems.append(f"{where}: text does not match its digest")
        if row["warc_file"] is None:
            problems.append(f"{where}: no WARC reference")
            continue
        ref = WarcRef(row["warc_file"], row["warc_offset"], row["warc_length"])
        response = read_response(root, ref)  # raises when the reference leads nowhere
        if (response.requested_url, response.status) != (row["url"], 200):
            problems.append(f"{where}: its WARC record is {response.requested_url}")
    responses = list(iter_responses(root, SOURCE, bodies=False))
    return {
        "count": count,
        "current": {row["url"]: [row["version"], row["digest"]] for row in current},
        "rows": [[r["url"], r["version"], r["digest"], r["run_id"]] for r in rows],
        "warc_files": [path.name for path in archive_files(root, SOURCE)],
        "warc_ok_responses": len({r.requested_url for r in responses if r.status == 200}),
        "links": _select(root, "links", "SELECT copy_url, original_url FROM links"),
        "signed": _select(root, "minhash", "SELECT DISTINCT url, content_hash FROM minhash"),
        "problems": problems,
    }


def _select(root: Path, name: str, sql: str) -> list[list[Any]]:
    """A sibling table's rows (none when it does not exist yet), read as `storage` reads it."""
    uri = join_uri(root, name)
    if not DeltaTable.is_deltatable(uri):
        return []
    table = pa.table(QueryBuilder().register(name, DeltaTable(uri)).execute(sql))
    return sorted(list(row.values()) for row in table.to_pylist())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.safety_inspect")
    parser.add_argument("--wait", action="store_true", help="start on a line from stdin")
    parser.add_argument("--data", required=True)
    args = parser.parse_args(argv)
    if args.wait and wait_for_go() is None:
        return 0  # the test is gone: read nothing
    print(json.dumps(inspect_store(Path(args.data)), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

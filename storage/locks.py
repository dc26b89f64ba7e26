"""Cross-process write locks, one per source, so that two runs never race on one source.

Delta's commit protocol makes each append atomic, but the version log's read-decide-append
cycle is not: a nightly run and a backfill storing the same changed article at the same moment
would both read version n and both append n+1. An exclusive `flock` per source around that cycle
serialises writers on one machine (workers on several machines share the store through object
storage, where this lock does not reach: see docs/design.md).
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


class LockTimeout(TimeoutError):
    """Another process held the source's lock for longer than we were willing to wait."""


@contextmanager
def source_lock(root: str | Path, source: str, *, timeout: float = 600.0) -> Iterator[None]:
    """Hold `<root>/locks/<source>.lock` exclusively; a no-op for object-store roots."""
    if isinstance(root, str) and "://" in root:
        yield
        return
    folder = Path(root) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_SAFE.sub('_', source)}.lock"
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    held = f"{path}: held by another process for {timeout:.0f} s"
                    raise LockTimeout(held) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)

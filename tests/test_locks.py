"""Per-source cross-process locks."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage.locks import LockTimeout, source_lock

HOLD = """
import sys, time
from storage.locks import source_lock
with source_lock(sys.argv[1], "qdnd"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_second_process_waits_then_times_out(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path), "3"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockTimeout, match=r"qdnd\.lock"), source_lock(tmp_path, "qdnd",
                                                                        timeout=0.3):
            pass
        with source_lock(tmp_path, "other-source", timeout=0.3):
            pass  # other sources are not blocked
    finally:
        holder.wait(timeout=10)
    with source_lock(tmp_path, "qdnd", timeout=1):
        pass  # released when the holder exits


def test_lock_released_when_holder_is_killed(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path), "60"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=10)
    started = time.monotonic()
    with source_lock(tmp_path, "qdnd", timeout=5):
        pass
    assert time.monotonic() - started < 5


def test_object_store_roots_are_not_locked_here() -> None:
    with source_lock("s3://bucket/corpus", "qdnd", timeout=0.1):
        pass

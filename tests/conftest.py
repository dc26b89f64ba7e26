"""Shared fixtures: the Prefect test harness (started once per session) and the replay server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "qdnd"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for every flow test (starting one costs 12–17 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture()
def snapshot_copy(tmp_path: Path) -> Path:
    """A private copy of the qdnd.vn snapshot that a test may edit."""
    target = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT, target)
    return target

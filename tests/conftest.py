"""Shared fixtures: the Prefect test harness (started once per session) and the replay server."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


@dataclass(frozen=True)
class LiveServer:
    """A real `prefect server start` on loopback (see `live_prefect_server`)."""

    api_url: str
    url: str
    home: Path

    def env(self, **extra: str) -> dict[str, str]:
        """The environment for a child process (CLI, worker, serve) talking to this server."""
        return {**os.environ, "PREFECT_API_URL": self.api_url, "PREFECT_HOME": str(self.home),
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **extra}


@pytest.fixture(scope="session")
def live_prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real Prefect server per session, as `vnnews serve` starts it, on a free loopback
    port with its own PREFECT_HOME (SQLite): for tests that need processes of their own
    (workers, `serve`, a browser) to reach the same server."""
    with live_server(tmp_path_factory.mktemp("prefect-home")) as server:
        yield server


@contextmanager
def live_server(home: Path) -> Iterator[LiveServer]:
    """A real Prefect server of one's own (a test whose deployments must not meet others')."""
    from flows.server import PrefectServer

    env = {**os.environ, "PREFECT_HOME": str(home)}
    server = PrefectServer("127.0.0.1", free_port(), log_path=home / "server.log", env=env)
    server.start()
    try:
        yield LiveServer(server.api_url, server.url, home)
    finally:
        server.stop()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port

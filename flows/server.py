"""A local Prefect server for `vnnews serve` (and tests): started on loopback, stopped cleanly.

`prefect server start` keeps its SQLite database under `PREFECT_HOME` (default `~/.prefect`),
so deployments, schedules and run history survive a restart. The settings below are the ones
measured to keep SQLite from stalling under load (see docs/operations.md); a value the user set
in the environment wins.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import httpx

SERVER_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The UI's entry page opens the classic (V1) UI: the V2 UI, Prefect 3.8's default there, asks
    # amplitude.com for its analytics configuration whatever the analytics setting (docs/ui.md).
    "PREFECT_SERVER_UI_V2_ENABLED": "false",
    "PREFECT_API_LOG_RETRYABLE_ERRORS": "true",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_READ_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_READ_BATCH_SIZE": "200",
}
START_TIMEOUT = 180.0  # seconds; a fresh database takes 15-16 s here, more under load


class ServerError(RuntimeError):
    """The Prefect server did not start (the message says why and where its log is)."""


def api_healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        return httpx.get(f"{api_url}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass
class PrefectServer:
    """`prefect server start` as a child process; `api_url` is what clients and workers use."""

    host: str = "127.0.0.1"
    port: int = 4200
    log_path: Path | None = None
    env: Mapping[str, str] | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def start(self, timeout: float = START_TIMEOUT) -> None:
        if api_healthy(self.api_url):
            raise ServerError(
                f"something already answers on {self.url}: a Prefect server? Point "
                f"PREFECT_API_URL={self.api_url} at it, or choose another ui_port"
            )
        env = {**SERVER_DEFAULTS, **(self.env if self.env is not None else os.environ)}
        env.pop("PREFECT_API_URL", None)  # the server must not try to reach itself
        # `--port` alone leaves the UI calling the API on the default port 4200: the UI's API
        # address comes from these settings (a PREFECT_UI_API_URL the user set still wins).
        env["PREFECT_SERVER_API_HOST"] = self.host
        env["PREFECT_SERVER_API_PORT"] = str(self.port)
        command = [_prefect(), "server", "start", "--host", self.host, "--port", str(self.port)]
        log = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        finally:
            if self.log_path:
                log.close()  # type: ignore[union-attr]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"the Prefect server exited with code {self.process.returncode} "
                    f"({'see ' + str(self.log_path) if self.log_path else 'no log kept'})"
                )
            if api_healthy(self.api_url):
                return
            time.sleep(0.5)
        self.stop()
        raise ServerError(f"the Prefect server did not answer on {self.api_url} in {timeout:.0f} s")

    def stop(self, timeout: float = 20.0) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> PrefectServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _prefect() -> str:
    """The `prefect` command of this environment (the venv's, beside this Python)."""
    beside = Path(sys.executable).with_name("prefect")
    return str(beside) if beside.exists() else shutil.which("prefect") or "prefect"

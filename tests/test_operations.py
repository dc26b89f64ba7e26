"""Operating vnnews in Prefect: `vnnews serve`, the deployments, stale sources, failure alerts.

The serve and alert tests start real processes against a real Prefect server on loopback.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
import yaml

import config
from flows.ingest import PLAIN, ingest_run
from flows.pipeline import start_run
from flows.report import TABLE_COLUMNS, RunReport
from scrapers.replay import ReplayOptions, ReplayServer
from storage import open_store
from tests.conftest import SNAPSHOT, LiveServer, free_port

REPO = Path(__file__).resolve().parent.parent
VNNEWS = str(Path(sys.executable).with_name("vnnews"))
FAST = 500.0


def test_the_run_table_has_the_columns_operators_read() -> None:
    assert TABLE_COLUMNS == (
        "source", "status", "discovered", "fetched", "new", "new versions", "unchanged",
        "duplicates", "held back", "failed", "blocked", "requests sent", "304s", "bytes",
        "duration (s)",
    )
    report = RunReport(source="qdnd", run_id="r", started_at="t", status="ok", message="m",
                       linked=3, not_modified=7, requests=11, seconds=1.5)
    row = report.row()
    assert (row["duplicates"], row["304s"], row["requests sent"], row["duration (s)"]) == (
        3, 7, 11, 1.5)


# --------------------------------------------------------------------------- stale sources


def _plain_run(data: Path, server: ReplayServer, source: config.SourceConfig) -> RunReport:
    cfg = config.load()
    run = start_run(cfg, source, open_store(data), f"run-{time.monotonic_ns()}",
                    host_map=server.host_map(), requests_per_second=FAST)
    try:
        return ingest_run(cfg, run, 5, "r", logger=logging.getLogger("test"), steps=PLAIN)
    finally:
        run.close()


def test_a_source_with_nothing_new_for_too_long_ends_stale(tmp_path: Path) -> None:
    quick = replace(config.load().source("qdnd"), stale_after_days=1 / 86400)  # one second
    with ReplayServer(SNAPSHOT, options=ReplayOptions(cookie_gate=True)) as server:
        first = _plain_run(tmp_path, server, quick)
        assert (first.status, first.new) == ("ok", 27)  # new texts: never stale
        time.sleep(1.5)
        second = _plain_run(tmp_path, server, quick)
        patient = _plain_run(tmp_path, server, config.load().source("qdnd"))
    assert second.status == "stale" and not second.ok
    assert "qdnd: stale: nothing new for" in second.message
    assert "stale_after_days = 1.15741e-05" in second.message
    assert "nothing new for 1 seconds" in second.message or "nothing new for 2 seconds" in (
        second.message)
    assert patient.status == "ok"  # the configured 3 days have not passed


# --------------------------------------------------------------------------- serve


def _deployments(api_url: str) -> dict[str, dict[str, Any]]:
    response = httpx.post(f"{api_url}/deployments/filter", json={}, timeout=10)
    response.raise_for_status()
    return {d["name"]: d for d in response.json()}


def _wait(predicate: Any, timeout: float, what: str, log: Path | None = None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        time.sleep(1)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{tail}")


def _listening(port: int) -> set[str]:
    """Addresses with a socket listening on `port` (from /proc/net/tcp and tcp6)."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hexport = local.partition(":")
            if state == "0A" and int(hexport, 16) == port:
                raw = bytes.fromhex(address)
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                found.add(str(ipaddress.ip_address(words)))
    return found


@pytest.mark.e2e
def test_serve_starts_a_loopback_server_and_schedules_outlive_it(tmp_path: Path) -> None:
    """`vnnews serve` alone: its own server on ui_host:ui_port, three deployments, the nightly
    cron from the settings, typed backfill parameters; Ctrl-C stops both and leaves the
    schedule active for the next start."""
    from flows.server import PrefectServer

    port = free_port()
    home = tmp_path / "prefect-home"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), VNNEWS_UI_PORT=str(port),
               VNNEWS_NIGHTLY_CRON="30 1 * * *", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    api = f"http://127.0.0.1:{port}/api"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen([VNNEWS, "--data-dir", str(tmp_path / "data"), "serve"],
                                 env=env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
    try:
        found = _wait(lambda: len(_deployments(api)) == 3 and _deployments(api), 240,
                      "three deployments", log)
        assert set(found) == {"nightly", "backfill", "reparse"}
        assert _listening(port) == {"127.0.0.1"}  # the UI is on loopback only
        nightly = found["nightly"]
        assert [s["schedule"]["cron"] for s in nightly["schedules"]] == ["30 1 * * *"]
        assert nightly["schedules"][0]["schedule"]["timezone"] == "Asia/Ho_Chi_Minh"
        assert (nightly["global_concurrency_limit"] or {}).get("limit") == 1
        schema = found["backfill"]["parameter_openapi_schema"]
        assert schema["required"] == ["source"]
        props = schema["properties"]
        assert props["since"]["anyOf"][0] == {"format": "date", "type": "string"}
        assert props["mode"]["enum"] == ["fetch", "reparse"]
        assert props["dry_run"]["type"] == "boolean"
        assert props["last_page"]["anyOf"][0]["type"] == "integer"
        assert found["backfill"]["parameters"]["data_dir"] == str(tmp_path / "data")
        serve.send_signal(signal.SIGINT)
        assert serve.wait(60) == 0, log.read_text(errors="replace")[-2000:]
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{api}/health", timeout=2)  # serve stopped the server it started
    again = PrefectServer("127.0.0.1", port, log_path=tmp_path / "again.log",
                          env={**env, "PREFECT_HOME": str(home)})
    with again:
        after = _deployments(again.api_url)
    assert not after["nightly"]["paused"]
    assert [s["active"] for s in after["nightly"]["schedules"]] == [True]


def test_config_prefect_yaml_describes_the_served_deployments() -> None:
    """config/prefect.yaml (work pools) and flows/deployments.py (serve) stay in step."""
    from flows.deployments import build

    cfg = config.load()
    served = {d.name: d for d in build(cfg)}
    described = yaml.safe_load((REPO / "config" / "prefect.yaml").read_text("utf-8"))
    entries = {d["name"]: d for d in described["deployments"]}
    assert set(entries) == set(served) == {"nightly", "backfill", "reparse"}
    for name, entry in entries.items():
        module, _, function = entry["entrypoint"].partition(":")
        assert (REPO / module).exists()
        assert served[name].flow_name == function  # flow names equal the function names here
    (schedule,) = entries["nightly"]["schedules"]
    assert (schedule["cron"], schedule["timezone"]) == (
        cfg.settings.nightly_cron, cfg.settings.timezone)
    assert entries["nightly"]["concurrency_limit"] == 1
    assert {e["work_pool"]["name"] for e in entries.values()} == {"vnnews-process"}


# --------------------------------------------------------------------------- alerts


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: ClassVar[list[dict[str, Any]]] = []
    handler = type("Receiver", (_Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.e2e
def test_a_failed_run_is_posted_to_the_webhook(
    live_prefect_server: LiveServer, webhook: tuple[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    url, received = webhook
    env = live_prefect_server.env()
    setup = subprocess.run([VNNEWS, "alerts", "--webhook", url, "--allow-private-urls"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert setup.returncode == 0, setup.stderr
    assert "failed source runs are posted to 127.0.0.1" in setup.stdout
    again = subprocess.run([VNNEWS, "alerts", "--webhook", url, "--allow-private-urls"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr  # replaces: still one automation
    automations = httpx.post(f"{live_prefect_server.api_url}/automations/filter", json={})
    assert [a["name"] for a in automations.json()].count(
        "vnnews: post failed source runs to a webhook") == 1

    empty = tmp_path / "empty-site" / "www.qdnd.vn"  # robots.txt and no listing at all
    empty.mkdir(parents=True)
    (empty / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    run = subprocess.run(
        [VNNEWS, "--data-dir", str(tmp_path / "data"), "backfill", "qdnd", "--pages", "1",
         "--replay", str(empty.parent)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "no listing page could be read" in run.stderr + run.stdout
    _wait(lambda: received, 90, "the webhook call")
    (post,) = received
    assert post["source"] == "qdnd" and post["status"] == "failed"
    assert "vnnews qdnd: failed: qdnd backfill" in post["text"]
    assert "no listing page could be read" in post["text"]


def test_alerts_needs_a_server_and_a_url(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    bad = subprocess.run([VNNEWS, "alerts", "--webhook", "ftp://x"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "is not an http(s) URL" in bad.stderr
    nothing = subprocess.run([VNNEWS, "alerts", "--webhook", "https://chat.example/hook"],
                             env={**env, "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"},
                             capture_output=True, text=True, timeout=60)
    assert nothing.returncode == 1 and "set PREFECT_API_URL to a running Prefect server" in (
        nothing.stderr)

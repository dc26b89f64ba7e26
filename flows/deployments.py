"""The deployments users see in the Prefect UI, and `vnnews serve`, which serves them.

- `nightly`: every enabled source, on `nightly_cron` in `timezone` (settings.toml; default
  02:00 Asia/Ho_Chi_Minh). One at a time (concurrency limit 1): a slow night never overlaps
  the next.
- `backfill`: one source by publication dates or listing pages, fetch or reparse, dry run
  (typed parameters: the UI shows a form).
- `reparse`: one source re-extracted from its WARC archive.

`config/prefect.yaml` describes the same three for a work pool; `tests/test_deployments.py`
keeps the two in step.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

import config
from flows.backfill import backfill
from flows.ingest import nightly
from flows.reparse import reparse

NAMES = ("nightly", "backfill", "reparse")
TAGS = ["vnnews"]


def build(
    cfg: config.Config,
    *,
    data_dir: str | None = None,
    host_map: Mapping[str, str] | None = None,
    requests_per_second: float | None = None,
    sources: list[str] | None = None,
) -> list[RunnerDeployment]:
    """The three deployments. The keyword arguments become default parameters (the demo
    serves them against the local replay; a real install leaves them unset)."""
    fetching: dict[str, Any] = {}
    if data_dir is not None:
        fetching["data_dir"] = data_dir
    if host_map:
        fetching["host_map"] = dict(host_map)
    if requests_per_second is not None:
        fetching["requests_per_second"] = requests_per_second
    nightly_parameters = {**fetching, **({"sources": sources} if sources else {})}
    schedule = Cron(cfg.settings.nightly_cron, timezone=cfg.settings.timezone)
    made = [
        nightly.to_deployment(
            name="nightly",
            schedule=schedule,
            parameters=nightly_parameters,
            concurrency_limit=1,
            tags=TAGS,
            description=f"Every enabled source, {cfg.settings.nightly_cron} "
            f"({cfg.settings.timezone}).",
        ),
        backfill.to_deployment(
            name="backfill",
            parameters=fetching,
            tags=TAGS,
            description="One source's older articles by publication dates (since, until) or "
            "listing pages (first_page, last_page); mode fetch or reparse; dry_run.",
        ),
        reparse.to_deployment(
            name="reparse",
            parameters={k: v for k, v in fetching.items() if k == "data_dir"},
            tags=TAGS,
            description="Re-extract one source from its WARC archive with today's parser.",
        ),
    ]
    return [d for d in made if isinstance(d, RunnerDeployment)]  # sync calls: never coroutines


def serve_all(deployments: list[RunnerDeployment], api_url: str) -> None:
    """Serve until interrupted. Schedules stay active after Ctrl-C (pause_on_shutdown=False):
    the next `vnnews serve` picks them up, and runs missed meanwhile start late, not never."""
    from prefect import serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        serve(*deployments, pause_on_shutdown=False)


def server_log(state_dir: Path) -> Path:
    state_dir.mkdir(parents=True, exist_ok=True)
    return state_dir / "prefect-server.log"


def configured_api_url() -> str | None:
    """A Prefect server the user points at (PREFECT_API_URL), if any."""
    value = os.environ.get("PREFECT_API_URL", "").strip()
    return value.rstrip("/") or None

"""Prefect flows: `ingest_source` (one source) and `nightly` (enabled sources, hosts in parallel).

Thin by design: the steps live in `flows/pipeline.py`; here they become batch-sized tasks, and the
run is reported (table and markdown artifacts, our own run log) and given its final state.
A source ends Failed when discovery finds nothing, when it is blocked, or when more than
`max_parse_failure_ratio` of fetched articles fail to parse. Every response of a run is kept
in the source's WARC file for the run (`<data_dir>/warc/…`, see `storage/archive.py`), which
`flows/reparse.py` reads back. `data_dir` may be an `s3://bucket/prefix` URI; the run log then
goes to the store's local state directory (`storage.Store.local_dir`).
"""

from __future__ import annotations

import contextvars
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.events import emit_event
from prefect.runtime import flow_run
from prefect.states import Completed, Failed

import config
from flows.pipeline import (
    BatchResult,
    Failure,
    Fetched,
    SourceRun,
    batches,
    link_rows,
    open_configured_store,
    start_run,
)
from flows.report import RunReport, append_run_log, failures_markdown, recent_body_medians
from scrapers.discovery import Discovery
from scrapers.health import HealthReport, check_run, hard_problems
from scrapers.records import BlockedError, ListingItem
from storage.dedupe import LinkReport
from storage.versions import WriteResult


@task(name="discover", cache_policy=NO_CACHE, task_run_name="discover-{run.source.name}")
def discover_task(run: SourceRun, max_pages: int) -> Discovery:
    return run.discover(max_pages)


@task(name="fetch-parse", cache_policy=NO_CACHE)
def fetch_task(run: SourceRun, items: Sequence[ListingItem]) -> BatchResult:
    return run.fetch_batch(items)


@task(name="health", cache_policy=NO_CACHE)
def health_task(
    parsed: Sequence[Fetched], recent: Sequence[float]
) -> tuple[HealthReport, list[Fetched], list[Failure]]:
    """Run checks over everything parsed; split records into those to store and those held back."""
    report = check_run([f.article for f in parsed], recent_body_medians=recent)
    keep: list[Fetched] = []
    held: list[Failure] = []
    for fetched in parsed:
        problems = hard_problems(fetched.article)
        if problems:
            held.append(Failure(fetched.article.url, "held back", "; ".join(problems)))
        else:
            keep.append(fetched)
    return report, keep, held


@task(name="link", cache_policy=NO_CACHE)
def link_task(run: SourceRun, rows: list[dict[str, Any]], run_id: str) -> LinkReport:
    return run.link(rows, run_id)


@task(name="store", cache_policy=NO_CACHE)
def store_task(run: SourceRun, fetched: Sequence[Fetched], run_id: str) -> WriteResult:
    return run.store_batch(fetched, run_id)


@dataclass(frozen=True, slots=True)
class Steps:
    """The stages of a source's run. `TASKS` runs each as a Prefect task (the flows);
    `PLAIN` calls the same functions directly (bench/prefect_overhead.py measures the gap)."""

    discover: Callable[[SourceRun, int], Discovery]
    fetch: Callable[[SourceRun, Sequence[ListingItem]], BatchResult]
    health: Callable[
        [Sequence[Fetched], Sequence[float]], tuple[HealthReport, list[Fetched], list[Failure]]
    ]
    store: Callable[[SourceRun, Sequence[Fetched], str], WriteResult]
    link: Callable[[SourceRun, list[dict[str, Any]], str], LinkReport]


TASKS = Steps(discover_task, fetch_task, health_task, store_task, link_task)
PLAIN = Steps(discover_task.fn, fetch_task.fn, health_task.fn, store_task.fn, link_task.fn)
FAILURE_EVENT = "vnnews.source.failed"


def _run_name() -> str:
    parameters = flow_run.parameters
    return f"{parameters.get('source', 'source')}-{datetime.now(UTC):%Y-%m-%d}"


@flow(name="ingest-source", flow_run_name=_run_name, log_prints=True)
def ingest_source(
    source: str,
    max_pages: int | None = None,
    data_dir: str | None = None,
    host_map: dict[str, str] | None = None,
    requests_per_second: float | None = None,
) -> Any:
    """Discover, fetch, parse and store one source; publish its table; fail with a reason."""
    cfg = config.load()
    src = cfg.source(source)
    store = open_configured_store(cfg, data_dir)
    run_id = str(flow_run.id or uuid.uuid4())
    run = start_run(
        cfg, src, store, run_id, host_map=host_map, requests_per_second=requests_per_second
    )
    try:
        report = ingest_run(cfg, run, max_pages or src.max_pages, run_id, logger=get_run_logger())
    finally:
        run.close()
    return finish_source_run(report, store.local_dir)


def finish_source_run(report: RunReport, log_dir: Path | None) -> State[Any]:
    """The end of a source's flow run: its line in the run log (not when `log_dir` is None),
    its artifacts, the failure event, and the final state with the reason as its message."""
    if log_dir is not None:
        append_run_log(log_dir, report)
    publish_reports([report])
    if not report.ok:
        emit_failure(report.source, report.status, report.message, report.run_id)
        return Failed(message=report.message, data=report)
    return Completed(message=report.message, data=report)


def emit_failure(source: str, status: str, message: str, run_id: str) -> None:
    """A Prefect event per failed source run, for automations (docs/operations.md)."""
    emit_event(
        event=FAILURE_EVENT,
        resource={"prefect.resource.id": f"vnnews.source.{source}", "vnnews.source": source},
        payload={"status": status, "message": message, "run_id": run_id},
    )


def ingest_run(
    cfg: config.Config,
    run: SourceRun,
    max_pages: int,
    run_id: str,
    *,
    logger: logging.Logger | logging.LoggerAdapter[logging.Logger],
    steps: Steps = TASKS,
) -> RunReport:
    """One source's run through `steps`: discover, fetch and parse in batches, check health,
    store oldest first, link copies; the report says what happened and its verdict."""
    started = time.monotonic()
    started_at = datetime.now(UTC).isoformat()
    name = run.source.name
    counts = {
        "new": 0, "new_versions": 0, "unchanged": 0, "not_modified": 0, "fetched": 0, "linked": 0,
    }
    failures: list[Failure] = []
    blocked: str | None = None
    discovery = Discovery(items=(), pages=(), errors=())
    if run.archive is not None:
        logger.info("%s: archiving every response to %s", name, run.archive.uri)
    try:
        discovery = steps.discover(run, max_pages)
    except BlockedError as error:
        blocked = error.reason
    logger.info(
        "%s: %d articles on %d listing pages", name, len(discovery.items), len(discovery.pages)
    )
    if discovery.leftover:
        logger.info("%s: %d of them left over by earlier runs", name, discovery.leftover)
    failures.extend(Failure(e.split(": ", 1)[0], "fetch", e) for e in discovery.errors)
    parsed: list[Fetched] = []
    completed: set[str] = set()  # stored, or found unchanged: no longer pending
    for batch in batches(discovery.items, cfg.settings.batch_size):
        if blocked:
            break
        result = steps.fetch(run, batch)
        failures.extend(result.failures)
        completed.update(result.not_modified)
        counts["not_modified"] += len(result.not_modified)
        counts["fetched"] += len(result.fetched) + sum(f.kind == "parse" for f in result.failures)
        parsed.extend(result.fetched)
        blocked = result.blocked
    recent = recent_body_medians(run.store.local_dir, name)
    health, keep, held = steps.health(parsed, recent)
    failures.extend(held)
    if health.ok:
        stored_rows: list[dict[str, Any]] = []
        # Oldest first: a run cut short leaves its unstored articles at the top of the
        # listings, where the next run's discovery still finds them.
        for chunk in batches(keep[::-1], cfg.settings.store_batch_size):
            written = steps.store(run, chunk, run_id)
            counts["new"] += written.new
            counts["new_versions"] += written.new_versions
            counts["unchanged"] += written.unchanged
            stored_rows.extend(link_rows(chunk, written))
            completed.update(f.article.url for f in chunk if f.article.url not in written.held)
        try:  # never fails the run: texts left unsigned are linked by the next run
            linked = steps.link(run, stored_rows, run_id)
            counts["linked"] = linked.written
            logger.info("%s: links %s", name, linked.row())
        except Exception as error:
            logger.error("%s: linking copies failed (the next run catches up): %s", name, error)
    elif parsed:
        logger.error("%s: health checks failed, nothing from this run is stored", name)
    counts["unchanged"] += counts["not_modified"]
    run.settle(discovery.items, completed, {f.url for f in failures})
    parse_failed = sum(f.kind == "parse" for f in failures)
    stats = run.fetcher.stats
    newest = run.store.versions.newest_stored_at(name)
    status, message = _verdict(
        cfg, run.source, discovery, counts, parse_failed, blocked, health, newest
    )
    (logger.info if status == "ok" else logger.error)(message)
    return RunReport(
        source=name,
        run_id=run_id,
        started_at=started_at,
        status=status,
        message=message,
        discovered=len(discovery.items),
        listing_pages=len(discovery.pages),
        failed=sum(f.kind not in ("blocked", "held back") for f in failures),
        held_back=len(held),
        parse_failed=parse_failed,
        body_median=health.body_median,
        fill_rates=health.fill_rates,
        blocked=1 if blocked else 0,
        requests=stats.requests_sent,
        bytes=stats.bytes_received,
        seconds=round(time.monotonic() - started, 2),
        failures=tuple(failures),
        **counts,
    )


def _verdict(
    cfg: config.Config,
    source: config.SourceConfig,
    discovery: Discovery,
    counts: dict[str, int],
    parse_failed: int,
    blocked: str | None,
    health: HealthReport,
    newest: datetime | None,
) -> tuple[str, str]:
    name = source.name
    fetched = counts["fetched"]
    if blocked:
        return "blocked", f"{name}: blocked by the site ({blocked}); nothing stored from it"
    if not discovery.items:
        why = "; ".join(discovery.errors) or "listing pages held no article links"
        return "failed", f"{name}: discovery found no articles ({why})"
    ratio = cfg.settings.max_parse_failure_ratio
    if fetched and parse_failed / fetched > ratio:
        return "failed", (
            f"{name}: {parse_failed} of {fetched} fetched articles failed to parse "
            f"(more than {ratio:.0%})"
        )
    if not health.ok:
        return "failed", f"{name}: health check failed: {health.message()}"
    quiet = datetime.now(UTC) - newest if newest is not None else timedelta(0)
    if not counts["new"] + counts["new_versions"] and quiet > timedelta(
        days=source.stale_after_days
    ):
        return "stale", (
            f"{name}: stale: nothing new for {_span(quiet)} (last new "
            f"text stored {newest:%Y-%m-%d %H:%M} UTC; stale_after_days = "
            f"{source.stale_after_days:g}); {len(discovery.items)} discovered, all known"
        )
    return "ok", (
        f"{name}: {len(discovery.items)} discovered, {fetched} fetched, {counts['new']} new, "
        f"{counts['new_versions']} new versions, {counts['not_modified']} not modified"
    )


def _span(span: timedelta) -> str:
    seconds = span.total_seconds()
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} seconds"


def publish_reports(reports: list[RunReport]) -> None:
    """The run's table artifact and its markdown report of failures and health checks."""
    create_table_artifact(
        key="ingest-summary",
        table=[r.row() for r in reports],
        description="Per source: discovered, fetched, new, new versions, unchanged, failed.",
    )
    if reports:
        create_markdown_artifact(key="ingest-report", markdown=failures_markdown(reports))


@flow(name="nightly", flow_run_name=lambda: f"nightly-{datetime.now(UTC):%Y-%m-%d}")
def nightly(
    data_dir: str | None = None,
    host_map: dict[str, str] | None = None,
    requests_per_second: float | None = None,
    sources: list[str] | None = None,
) -> Any:
    """Every enabled source (or `sources`), one thread per host; sources on one host take turns."""
    cfg = config.load()
    chosen = [cfg.source(n) for n in sources] if sources is not None else cfg.enabled_sources
    by_host: dict[str, list[str]] = {}
    for src in chosen:
        by_host.setdefault(src.host, []).append(src.name)

    def run_host(names: list[str]) -> list[tuple[str, State[Any]]]:
        return [
            (name, ingest_source(  # type: ignore[misc]  # sync flow: a State, not an awaitable
                name,
                data_dir=data_dir,
                host_map=host_map,
                requests_per_second=requests_per_second,
                return_state=True,
            ))
            for name in names
        ]

    with ThreadPoolExecutor(max_workers=max(1, len(by_host))) as pool:
        futures = [
            pool.submit(contextvars.copy_context().run, run_host, names)
            for names in by_host.values()
        ]
        states = [pair for future in futures for pair in future.result()]
    reports = [_report_of(name, state) for name, state in states]
    publish_reports(reports)
    bad = [r for r in reports if not r.ok]
    if bad:
        return Failed(message="; ".join(r.message for r in bad), data=reports)
    return Completed(message=f"{len(reports)} sources ingested", data=reports)


def _report_of(name: str, state: State[Any]) -> RunReport:
    """A source run's report; a run that crashed before making one still gets its row, with
    what Prefect knows of the crash, so no source silently drops out of the table."""
    try:
        result = state.result(raise_on_failure=False)
    except Exception as error:  # the result itself could not be read back
        result = error
    if isinstance(result, RunReport):
        return result
    why = state.message or (repr(result) if isinstance(result, BaseException) else "no report")
    return RunReport(source=name, run_id=str(state.state_details.flow_run_id or ""),
                     started_at=datetime.now(UTC).isoformat(), status="failed",
                     message=f"{name}: the run crashed: {why}")

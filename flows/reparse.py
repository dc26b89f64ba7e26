"""Re-parse: rebuild a source's articles from the raw WARC archive with today's parser.

No network: for each article URL, the latest archived 200 response fetched within [since, until]
is decoded exactly as the transport decoded it (`scrapers.http.archived_page`: content coding,
size cap, charset, bot-wall check), parsed with the source's parser as it is now, and written
through `VersionLog.write`, which adds a version only where the canonical text changed. The new
row's `parser_version` names the parser that produced it and its WARC pointer the response.

Safe by the same rules as an ingest: records failing the hard health checks are held back, and a
failed run-level check (fill rates, leaked boilerplate, body length) stores nothing. A response
older than the URL's current version is not used (it would roll the text back): an article
edited after `--until` keeps its newer text.

`reparse_source` is a plain function (tests and scripts call it); the `reparse` flow wraps it
and publishes its table like `ingest_source` does.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run
from prefect.states import Completed, Failed

import config
from flows.pipeline import Failure, batches, open_configured_store, parse_when
from flows.report import recent_body_medians
from scrapers import Site, get_site
from scrapers.health import check_run, hard_problems
from scrapers.http import DEFAULT_MAX_BYTES, archived_page
from scrapers.records import Article, BlockedError, FetchError, ParseError, WarcRef
from storage import Store
from storage.archive import (
    ArchivedResponse,
    ArchiveError,
    archive_names,
    iter_responses,
    read_response,
    warc_uri,
)

__all__ = ["TABLE_COLUMNS", "ReparseReport", "reparse", "reparse_source"]

TABLE_COLUMNS = (
    "source", "status", "parser_version", "responses", "parsed", "new", "new_versions",
    "unchanged", "superseded", "failed", "held_back", "seconds",
)


@dataclass(frozen=True, slots=True)
class ReparseReport:
    """What one re-parse did. `responses` are the archived 200 article responses used (the
    latest per URL in the window); `superseded` ones were older than the URL's stored text."""

    source: str
    run_id: str
    status: str  # "ok" or "failed"
    message: str
    parser_version: str
    since: str | None = None
    until: str | None = None
    files: int = 0
    responses: int = 0
    parsed: int = 0
    new: int = 0
    new_versions: int = 0
    unchanged: int = 0
    superseded: int = 0
    failed: int = 0
    held_back: int = 0
    seconds: float = 0.0
    failures: tuple[Failure, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def row(self) -> dict[str, Any]:
        data = asdict(self)
        return {column: data[column] for column in TABLE_COLUMNS}

    def summary(self) -> str:
        """A plain-text table and the message, for the terminal."""
        row = {k: str(v) for k, v in self.row().items()}
        widths = {k: max(len(k), len(v)) for k, v in row.items()}
        return "\n".join([
            "  ".join(k.ljust(widths[k]) for k in row),
            "  ".join(v.ljust(widths[k]) for k, v in row.items()),
            self.message,
        ])


@dataclass(frozen=True, slots=True)
class _Parsed:
    article: Article
    fetched_at: datetime
    ref: WarcRef


def reparse_source(
    store: Store,
    config_source: config.SourceConfig,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    run_id: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 1000,
    max_failure_ratio: float = 0.2,
    dry_run: bool = False,
) -> ReparseReport:
    """Re-parse the source's archived article responses fetched within [since, until] (both
    timezone-aware, inclusive) and store the changed texts under `run_id`. Sends no request.
    `dry_run`: count what would be new, a new version or unchanged, and store nothing."""
    started = time.monotonic()
    name = config_source.name
    site = get_site(config_source.site)
    base = ReparseReport(
        source=name,
        run_id=run_id,
        status="ok",
        message="",
        parser_version=site.PARSER_VERSION,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
    )
    if since is not None and until is not None and since > until:
        raise ValueError(f"since ({since.isoformat()}) is after until ({until.isoformat()})")
    files = archive_names(store.root, name)
    if not files:
        where = f"{warc_uri(store.root)}/{name}"
        message = f"{name}: no WARC archive in {where}: nothing to re-parse"
        return replace(base, status="failed", message=message)
    stored = store.versions.latest(name)

    # Pass 1, headers only: the latest 200 per article URL in the window.
    chosen: dict[str, ArchivedResponse] = {}
    for response in iter_responses(store.root, name, since, until, bodies=False):
        url = response.requested_url
        if response.status != 200 or (url not in stored and site.article_id(url) is None):
            continue
        best = chosen.get(url)
        if best is None or response.fetched_at >= best.fetched_at:
            chosen[url] = response

    # Pass 2: read each chosen response by its offset, decode as the transport did, parse.
    failures: list[Failure] = []
    parsed: dict[str, _Parsed] = {}
    superseded = 0
    for url, meta in sorted(chosen.items(), key=lambda kv: kv[1].fetched_at, reverse=True):
        try:
            article, ref = _parse(read_response(store.root, meta.ref), site, name, max_bytes)
        except BlockedError as error:
            failures.append(Failure(url, "blocked", error.reason))
            continue
        except FetchError as error:
            failures.append(Failure(url, "fetch", error.reason))
            continue
        except ParseError as error:
            failures.append(Failure(url, "parse", error.reason))
            continue
        except ArchiveError as error:
            failures.append(Failure(url, "archive", str(error)))
            continue
        previous = stored.get(article.url)
        if previous is not None and previous.fetched_at > meta.fetched_at:
            superseded += 1  # the stored text came from a later fetch: keep it
        elif article.url not in parsed:  # latest first: an older copy of the URL loses
            parsed[article.url] = _Parsed(article, meta.fetched_at, ref)

    records = [parsed[u] for u in sorted(parsed)]
    health = check_run(
        [p.article for p in records],
        recent_body_medians=recent_body_medians(store.local_dir, name),
    )
    keep: list[_Parsed] = []
    held = 0
    for item in records:
        problems = hard_problems(item.article)
        if problems:
            held += 1
            failures.append(Failure(item.article.url, "held back", "; ".join(problems)))
        else:
            keep.append(item)

    new = new_versions = unchanged = 0
    if health.ok and dry_run:
        for item in keep:
            previous = stored.get(item.article.url)
            if previous is None:
                new += 1
            elif previous.content_hash != item.article.content_hash:
                new_versions += 1
            else:
                unchanged += 1
    elif health.ok:
        for chunk in batches(keep, batch_size):
            written = store.versions.write(
                [(p.article, p.fetched_at) for p in chunk],
                run_id=run_id,
                warc_refs={p.article.url: p.ref for p in chunk},
            )
            new += written.new
            new_versions += written.new_versions
            unchanged += written.unchanged

    failed = sum(f.kind != "held back" for f in failures)
    window = _window(since, until)
    if not health.ok:
        status, message = "failed", (
            f"{name}: health check failed: {health.message()}; nothing from this re-parse is stored"
        )
    elif chosen and failed / len(chosen) > max_failure_ratio:
        status, message = "failed", (
            f"{name}: {failed} of {len(chosen)} archived responses failed to re-parse "
            f"(more than {max_failure_ratio:.0%})"
        )
    elif not chosen:
        status, message = "ok", f"{name}: no archived article response{window}: nothing to do"
    else:
        would = "dry run, nothing stored: would store " if dry_run else ""
        status, message = "ok", (
            f"{name}: re-parsed {len(records)} of {len(chosen)} archived responses{window} with "
            f"{site.PARSER_VERSION}: {would}{new} new, {new_versions} new versions, {unchanged} "
            f"unchanged, {superseded} superseded by later fetches, {failed} failed"
        )
    return replace(
        base,
        status=status,
        message=message,
        files=len(files),
        responses=len(chosen),
        parsed=len(records),
        new=new,
        new_versions=new_versions,
        unchanged=unchanged,
        superseded=superseded,
        failed=failed,
        held_back=held,
        seconds=round(time.monotonic() - started, 2),
        failures=tuple(failures),
    )


def _parse(
    response: ArchivedResponse, site: Site, source: str, max_bytes: int
) -> tuple[Article, WarcRef]:
    if response.truncated:
        raise FetchError(response.requested_url, f"archived body truncated ({response.truncated})")
    page = archived_page(
        response.requested_url,
        response.url,
        response.status,
        response.headers,
        response.body,
        response.fetched_at,
        max_bytes=max_bytes,
        warc=response.ref,
    )
    return site.parse(page, source=source), response.ref


def _window(since: datetime | None, until: datetime | None) -> str:
    parts = []
    if since is not None:
        parts.append(f"since {since.isoformat()}")
    if until is not None:
        parts.append(f"until {until.isoformat()}")
    return f" fetched {' '.join(parts)}" if parts else ""


# --------------------------------------------------------------------------- flow


def _run_name() -> str:
    parameters = flow_run.parameters
    return f"reparse-{parameters.get('source', 'source')}-{datetime.now(UTC):%Y-%m-%d}"


@flow(name="reparse", flow_run_name=_run_name, log_prints=True)
def reparse(
    source: str,
    since: str | None = None,
    until: str | None = None,
    data_dir: str | None = None,
    dry_run: bool = False,
) -> Any:
    """Re-parse SOURCE from its WARC archive (no network); publish the table; fail with a reason.

    `since`/`until`: `YYYY-MM-DD` (UTC days, both included) or ISO date-times. `dry_run`:
    report what would change, store nothing."""
    cfg = config.load()
    src = cfg.source(source)
    low = parse_when(since, name="since")
    high = parse_when(until, end=True, name="until")
    store = open_configured_store(cfg, data_dir)
    report = reparse_source(
        store,
        src,
        since=low,
        until=high,
        run_id=str(flow_run.id or uuid.uuid4()),
        max_bytes=cfg.settings.max_response_bytes,
        max_failure_ratio=cfg.settings.max_parse_failure_ratio,
        dry_run=dry_run,
    )
    return finish_reparse(report, get_run_logger())


def finish_reparse(
    report: ReparseReport, logger: logging.Logger | logging.LoggerAdapter[logging.Logger]
) -> Any:
    """Log, publish the re-parse's table (and failures), and give the flow its final state."""
    (logger.info if report.ok else logger.error)(report.message)
    create_table_artifact(
        key="reparse-summary",
        table=[report.row()],
        description="Re-parse from the WARC archive: responses used, new versions, failures.",
    )
    if report.failures:
        create_markdown_artifact(key="reparse-report", markdown=_failures_markdown(report))
    if not report.ok:
        from flows.ingest import emit_failure

        emit_failure(report.source, report.status, report.message, report.run_id)
        return Failed(message=report.message, data=report)
    return Completed(message=report.message, data=report)


def _failures_markdown(report: ReparseReport) -> str:
    lines = [f"# Re-parse of {report.source}: {report.status}", "", report.message, "",
             "| URL | kind | reason |", "|---|---|---|"]
    for failure in report.failures[:200]:
        reason = failure.reason.replace("|", "\\|")
        lines.append(f"| {failure.url} | {failure.kind} | {reason} |")
    if len(report.failures) > 200:
        lines.append(f"| … | | {len(report.failures) - 200} more |")
    return "\n".join(lines)

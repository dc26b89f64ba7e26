"""What a run did, as one record: counts for the UI table, the CLI summary and our own run log.

Prefect loses queued events when its server restarts, so the numbers that matter are also written
as JSON lines under `<data_dir>/runs.jsonl` (see `append_run_log`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from flows.pipeline import Failure

# The run table (UI artifact and terminal): heading -> RunReport field.
TABLE_FIELDS = {
    "source": "source", "status": "status", "discovered": "discovered", "fetched": "fetched",
    "new": "new", "new versions": "new_versions", "unchanged": "unchanged",
    "duplicates": "linked", "held back": "held_back", "failed": "failed", "blocked": "blocked",
    "requests sent": "requests", "304s": "not_modified", "bytes": "bytes",
    "duration (s)": "seconds",
}
TABLE_COLUMNS = tuple(TABLE_FIELDS)


@dataclass(frozen=True, slots=True)
class RunReport:
    source: str
    run_id: str
    started_at: str
    status: str  # "ok", "failed", "stale" or "blocked"
    message: str
    discovered: int = 0
    listing_pages: int = 0
    fetched: int = 0
    new: int = 0
    new_versions: int = 0
    unchanged: int = 0
    not_modified: int = 0
    failed: int = 0
    held_back: int = 0
    linked: int = 0
    parse_failed: int = 0
    blocked: int = 0
    requests: int = 0
    bytes: int = 0
    seconds: float = 0.0
    body_median: int = 0
    fill_rates: dict[str, float] = field(default_factory=dict)
    failures: tuple[Failure, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def row(self) -> dict[str, Any]:
        data = asdict(self)
        return {heading: data[name] for heading, name in TABLE_FIELDS.items()}

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def append_run_log(data_dir: Path, report: RunReport) -> None:
    """One JSON line per source run, appended: our own record of what each run fetched and when."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "runs.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")


def recent_body_medians(data_dir: Path, source: str, runs: int = 5) -> list[float]:
    """Median body lengths of the source's last successful runs, from our own run log."""
    log = data_dir / "runs.jsonl"
    if not log.exists():
        return []
    medians: list[float] = []
    for line in log.read_text("utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # a torn last line after a crash is not a reason to fail the next run
        if row.get("source") == source and row.get("status") == "ok" and row.get("body_median"):
            medians.append(float(row["body_median"]))
    return medians[-runs:]


def failures_markdown(reports: list[RunReport]) -> str:
    lines = ["# Run report: failures and health checks", ""]
    for report in reports:
        lines.append(f"## {report.source}: {report.status}")
        lines.append("")
        lines.append(report.message or "no message")
        lines.append("")
        if report.fill_rates:
            rates = ", ".join(f"{k} {v:.0%}" for k, v in report.fill_rates.items())
            lines.append(f"Health: fill rates {rates}; median body {report.body_median} chars.")
            lines.append("")
        if report.failures:
            lines.append("| URL | kind | reason |")
            lines.append("|---|---|---|")
            for failure in report.failures[:200]:
                reason = failure.reason.replace("|", "\\|")
                lines.append(f"| {failure.url} | {failure.kind} | {reason} |")
            if len(report.failures) > 200:
                lines.append(f"| … | | {len(report.failures) - 200} more |")
            lines.append("")
    return "\n".join(lines)


def summary_table(reports: list[RunReport]) -> str:
    """A plain-text table for the terminal."""
    rows = [TABLE_COLUMNS] + [tuple(str(r.row()[c]) for c in TABLE_COLUMNS) for r in reports]
    widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE_COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.extend(report.message for report in reports if report.message)
    return "\n".join(lines)

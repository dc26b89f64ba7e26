"""Plain-text export of the current corpus: one `NNN_<content_hash>.txt` per distinct text.

Each file holds exactly the canonical text as UTF-8 (no trailing newline), so anyone can check a
file against its name with `sha256(bytes)[:16]`. An export is built in a hidden sibling directory
and swapped in by renames, so a reader sees the old export, briefly nothing, or the new one, never
a mix; and a directory that does not look like one of our exports is never replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from storage.versions import VersionLog

MANIFEST = "manifest.jsonl"
_EXPORT_FILE = re.compile(r"\d{3,}_[0-9a-f]{16}\.txt")


class ExportError(ValueError):
    """The export target cannot be used (not a directory, or a directory we did not write)."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    files: int
    out_dir: Path
    manifest: Path


def export_txt(log: VersionLog, out_dir: Path, *, source: str | None = None) -> ExportResult:
    """Export the latest text of every URL, one file per distinct content, in first-stored order.

    A content's place is the earliest stored_at of its content_hash anywhere in the history, so
    numbering is stable as the corpus grows; URLs sharing a text share one file.
    """
    out_dir = Path(out_dir).resolve()
    _check_target(out_dir)

    groups: dict[str, list[dict[str, Any]]] = {}
    for row in log.current(source):
        groups.setdefault(row["content_hash"], []).append(row)
    # Read after current(): the log only grows, so every current hash is in this later snapshot.
    first_stored: dict[str, datetime] = {}
    for row in log.rows(source, columns=["content_hash", "stored_at"]):
        first_stored.setdefault(row["content_hash"], row["stored_at"])
    ordered = sorted(
        groups.values(),
        key=lambda rows: (
            first_stored.get(rows[0]["content_hash"], rows[0]["stored_at"]),
            rows[0]["content_hash"],
        ),
    )

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.parent / f".{out_dir.name}.tmp-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        lines = [_write_file(staging, index, rows) for index, rows in enumerate(ordered)]
        (staging / MANIFEST).write_text(
            "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
        )
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ExportResult(files=len(ordered), out_dir=out_dir, manifest=out_dir / MANIFEST)


def _write_file(directory: Path, index: int, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Write one content file after proving its bytes match the hash in its name."""
    head = min(rows, key=lambda row: row["stored_at"])
    content_hash = head["content_hash"]
    data = head["text"].encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    if digest != head["digest"] or digest[:16] != content_hash:
        raise RuntimeError(
            f"{head['url']} v{head['version']}: stored text does not hash to {content_hash}"
        )
    name = f"{index:03d}_{content_hash}.txt"
    (directory / name).write_bytes(data)
    published = head["published_at"]
    return {
        "file": name,
        "content_hash": content_hash,
        "digest": digest,
        "url": head["url"],
        "source": head["source"],
        "title": head["title"],
        "published_at": published.isoformat() if published is not None else None,
        "version": head["version"],
        "urls": [row["url"] for row in rows],
    }


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"export target {out_dir} exists and is not a directory")
    if not out_dir.is_dir():
        return
    foreign = sorted(
        entry.name
        for entry in out_dir.iterdir()
        if not (entry.is_file() and (entry.name == MANIFEST or _EXPORT_FILE.fullmatch(entry.name)))
    )
    if foreign:
        raise ExportError(
            f"refusing to replace {out_dir}: it is not a previous export "
            f"(found {', '.join(foreign[:5])})"
        )


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Rename the old export aside, the new one into place, then delete the old one."""
    aside: Path | None = None
    if out_dir.exists():
        aside = out_dir.parent / f".{out_dir.name}.old-{uuid.uuid4().hex}"
        os.rename(out_dir, aside)
    try:
        os.rename(staging, out_dir)
    except BaseException:
        if aside is not None:
            os.rename(aside, out_dir)
        raise
    if aside is not None:
        shutil.rmtree(aside)

"""Exports of the corpus (current, or `as_of` a past instant) as txt, jsonl or parquet.

txt: one `NNN_<content_hash>.txt` per distinct text holding exactly the canonical text as UTF-8
(no trailing newline), so anyone can check a file against its name with `sha256(bytes)[:16]`,
plus `manifest.jsonl`. jsonl and parquet: one row per article with every stored column, `text`,
and `original`. Every text is checked against its stored digest before it is written.

Republished copies are linked to their original in the links table (`<root>/links`, written by
the near-duplicate step; latest row per copy wins; a missing table means no links). By default a
copy is left out when its original is in the same export and stands for it (same or nearly the
same text), unless duplicates are asked for.

The store may be in object storage (the log's root is an `s3://` URI); the export itself is
always written to a local directory.

An export is built in a hidden sibling directory and swapped in by renames, so a reader sees the
old export, briefly nothing, or the new one, never a mix; and a directory that does not look like
one of our exports is never replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import DeltaTable, QueryBuilder

from storage.objectstore import delta_options
from storage.versions import SCHEMA, VersionLog, join_uri

Format = Literal["txt", "jsonl", "parquet"]
FORMATS: tuple[Format, ...] = ("txt", "jsonl", "parquet")
MANIFEST = "manifest.jsonl"
JSONL = "articles.jsonl"
PARQUET = "articles.parquet"
LINKS_TABLE = "links"
# A copy is left out only where its original can stand for it: linked for its current text at
# the near-duplicate threshold or above (a linked copy stays linked after it is rewritten).
STANDS_FOR_JACCARD = 0.8
_EXPORT_FILE = re.compile(r"\d{3,}_[0-9a-f]{16}\.txt")
_EXPORT_NAMES = frozenset({MANIFEST, JSONL, PARQUET})


class ExportError(ValueError):
    """The export target cannot be used (not a directory, or a directory we did not write)."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """`files`: files holding articles (txt files, or 1); `manifest`: `manifest.jsonl` for txt,
    the data file itself for jsonl and parquet; `left_out`: copies whose original stands for them.
    """

    files: int
    out_dir: Path
    manifest: Path
    format: Format = "txt"
    articles: int = 0
    left_out: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    """The latest link of one copy. None `copy_hash`/`jaccard` (a link given by the caller): the
    original stands for the copy whatever its text."""

    copy_url: str
    original_url: str
    copy_hash: str | None = None
    kind: str = ""
    jaccard: float | None = None


def export(
    log: VersionLog,
    out_dir: str | Path,
    *,
    fmt: Format = "txt",
    source: str | None = None,
    as_of: datetime | None = None,
    include_duplicates: bool = False,
    links: Mapping[str, str] | None = None,
) -> ExportResult:
    """Export the latest version of every URL (as it stood at `as_of`, if given).

    `links` (copy URL -> original URL) replaces the links table. A linked copy names its
    original in `original`, and is left out (unless `include_duplicates`) when that original is
    in this export and stands for it: a link from the table must be for the copy's current text
    (`copy_hash`) at a Jaccard of at least `STANDS_FOR_JACCARD`; a given mapping always stands.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir).resolve()
    _check_target(out_dir)

    rows = log.current(source, as_of=as_of)
    table = (
        read_links(log.root, as_of=as_of)
        if links is None
        else {copy: Link(copy, original) for copy, original in links.items()}
    )
    originals, replaceable = _originals(rows, table)
    exported = {row["url"] for row in rows}
    kept = [
        row
        for row in rows
        if include_duplicates
        or row["url"] not in replaceable
        or originals[row["url"]] not in exported  # nothing here would stand for it
    ]
    for row in kept:
        _check_text(row)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.parent / f".{out_dir.name}.tmp-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        if fmt == "txt":
            files, manifest = _write_txt(staging, log, kept, originals, source, as_of)
        else:
            files, manifest = 1, _write_table(staging, fmt, kept, originals)
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ExportResult(
        files=files,
        out_dir=out_dir,
        manifest=out_dir / manifest,
        format=fmt,
        articles=len(kept),
        left_out=len(rows) - len(kept),
    )


def export_txt(
    log: VersionLog,
    out_dir: str | Path,
    *,
    source: str | None = None,
    as_of: datetime | None = None,
    include_duplicates: bool = False,
    links: Mapping[str, str] | None = None,
) -> ExportResult:
    """`export(..., fmt="txt")`."""
    return export(
        log,
        out_dir,
        fmt="txt",
        source=source,
        as_of=as_of,
        include_duplicates=include_duplicates,
        links=links,
    )


def read_links(root: str | Path, *, as_of: datetime | None = None) -> dict[str, Link]:
    """copy URL -> its latest link (made at or before `as_of`); {} when there is no links table."""
    uri = join_uri(root, LINKS_TABLE)
    options = delta_options(uri)
    if not DeltaTable.is_deltatable(uri, storage_options=options):
        return {}
    when = ""
    if as_of is not None:
        if as_of.utcoffset() is None:
            raise ValueError(f"as_of must be timezone-aware, got {as_of!r}")
        when = f" WHERE linked_at <= TIMESTAMP '{as_of.astimezone(UTC).isoformat()}'"
    sql = (
        "SELECT copy_url, copy_hash, original_url, kind, jaccard FROM ("
        "SELECT copy_url, copy_hash, original_url, kind, jaccard, ROW_NUMBER() OVER ("
        "PARTITION BY copy_url ORDER BY linked_at DESC, run_id DESC, original_url) AS _rn "
        f"FROM links{when}) WHERE _rn = 1"
    )
    table = DeltaTable(uri, storage_options=options)
    reader = QueryBuilder().register("links", table).execute(sql)
    found: list[dict[str, Any]] = pa.table(reader).to_pylist()
    return {
        row["copy_url"]: Link(
            row["copy_url"], row["original_url"], row["copy_hash"], row["kind"], row["jaccard"]
        )
        for row in found
        if row["original_url"] and row["original_url"] != row["copy_url"]
    }


def _originals(
    rows: Sequence[dict[str, Any]], links: Mapping[str, Link]
) -> tuple[dict[str, str], set[str]]:
    """URL -> the original it is linked to (following any chain to its end; a cycle links
    nothing), and the copies their original can stand for: every link on the way was made for
    the copy's current text and at a Jaccard of at least `STANDS_FOR_JACCARD`."""
    hashes = {row["url"]: row["content_hash"] for row in rows}

    def stands_for(link: Link) -> bool:
        same_text = link.copy_hash is None or hashes.get(link.copy_url) == link.copy_hash
        return same_text and (link.jaccard is None or link.jaccard >= STANDS_FOR_JACCARD)

    originals: dict[str, str] = {}
    replaceable: set[str] = set()
    for row in rows:
        url, seen, faithful = row["url"], {row["url"]}, True
        link = links.get(url)
        while link is not None and link.original_url not in seen:
            faithful = faithful and stands_for(link)
            url = link.original_url
            seen.add(url)
            link = links.get(url)
        if link is None and url != row["url"]:
            originals[row["url"]] = url
            if faithful:
                replaceable.add(row["url"])
    return originals, replaceable


def _write_txt(
    staging: Path,
    log: VersionLog,
    rows: Sequence[dict[str, Any]],
    originals: Mapping[str, str],
    source: str | None,
    as_of: datetime | None,
) -> tuple[int, str]:
    """One file per distinct content, numbered by when that content was first stored.

    A content's place is the earliest stored_at of its content_hash anywhere in the history, so
    numbering is stable as the corpus grows; URLs sharing a text share one file.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["content_hash"], []).append(row)
    # Read after current(): the log only grows, so every current hash is in this later snapshot.
    first_stored: dict[str, datetime] = {}
    for row in log.rows(source, columns=["content_hash", "stored_at"], as_of=as_of):
        first_stored.setdefault(row["content_hash"], row["stored_at"])
    ordered = sorted(
        groups.values(),
        key=lambda group: (
            first_stored.get(group[0]["content_hash"], group[0]["stored_at"]),
            group[0]["content_hash"],
        ),
    )
    lines = [
        _write_file(staging, index, group, originals) for index, group in enumerate(ordered)
    ]
    (staging / MANIFEST).write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    return len(ordered), MANIFEST


def _write_file(
    directory: Path, index: int, rows: list[dict[str, Any]], originals: Mapping[str, str]
) -> dict[str, Any]:
    """Write one content file (its bytes already checked against the hash in its name)."""
    # The file speaks for its first-stored URL that is not itself a copy, if there is one.
    head = min(rows, key=lambda row: (row["url"] in originals, row["stored_at"]))
    content_hash = head["content_hash"]
    name = f"{index:03d}_{content_hash}.txt"
    (_inside(directory, name)).write_bytes(head["text"].encode("utf-8"))
    published = head["published_at"]
    return {
        "file": name,
        "content_hash": content_hash,
        "digest": head["digest"],
        "url": head["url"],
        "source": head["source"],
        "title": head["title"],
        "published_at": published.isoformat() if published is not None else None,
        "version": head["version"],
        "original": originals.get(head["url"]),
        "urls": [row["url"] for row in rows],
    }


def _write_table(
    staging: Path, fmt: Format, rows: Sequence[dict[str, Any]], originals: Mapping[str, str]
) -> str:
    """Every stored column plus `original`, one record per article, in first-stored order."""
    records = [{**row, "original": originals.get(row["url"])} for row in rows]
    if fmt == "parquet":
        schema = SCHEMA.append(pa.field("original", pa.string()))
        pq.write_table(pa.Table.from_pylist(records, schema=schema), _inside(staging, PARQUET))
        return PARQUET
    with _inside(staging, JSONL).open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, default=_json_value) + "\n")
    return JSONL


def _json_value(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot export a {type(value).__name__} as JSON")


def _check_text(row: Mapping[str, Any]) -> None:
    """Refuse to export a text that does not hash to what was stored with it."""
    digest = hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
    if digest != row["digest"] or digest[:16] != row["content_hash"]:
        raise RuntimeError(
            f"{row['url']} v{row['version']}: stored text does not hash to {row['content_hash']}"
        )


def _inside(directory: Path, name: str) -> Path:
    """`directory/name`, refusing any name that is not one of ours (so none can leave it)."""
    if not (name in _EXPORT_NAMES or _EXPORT_FILE.fullmatch(name)):
        raise RuntimeError(f"refusing to write export file {name!r}: not an export file name")
    return directory / name


def _check_target(out_dir: Path) -> None:
    if out_dir.parent == out_dir:
        raise ExportError(f"export target {out_dir} is a filesystem root")
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"export target {out_dir} exists and is not a directory")
    if not out_dir.is_dir():
        return
    foreign = sorted(
        entry.name
        for entry in out_dir.iterdir()
        if not (
            entry.is_file()
            and not entry.is_symlink()
            and (entry.name in _EXPORT_NAMES or _EXPORT_FILE.fullmatch(entry.name))
        )
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

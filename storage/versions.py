"""The version log: an append-only Delta table at `<root>/versions`, one row per (url, version).

Nothing is ever updated in place. A URL gets version 1 when first stored and version n+1 each time
its canonical text changes, so the table is the full history and "current" is derived on read.

Reading goes through deltalake's `QueryBuilder` (DataFusion SQL), never
`DeltaTable.to_pyarrow_table()` / `to_pyarrow_dataset()`: with pyarrow 26 and deltalake 1.6 those
make the interpreter abort at exit (exit code 134) after an otherwise successful run.
`tests/test_storage.py` runs a write and every read path in a subprocess and checks the exit code.

delta-rs runs a multi-threaded Tokio runtime and is not fork-safe: do not `os.fork()` (or use the
multiprocessing "fork" start method) after a table has been opened; use "spawn".

Concurrency: within a process, `write` holds a lock per table URI, so threads never interleave
their read-decide-append cycles; across processes on one machine, a per-source lock file
(`storage/locks.py`; in the local state directory for an object-store root) serialises them, so
a nightly run and a backfill never both append version n+1 of one URL. Delta's commit protocol
(atomic create of the next `_delta_log` entry: a conditional PUT on S3) serialises the commits
themselves: concurrent appends are blind appends, so the loser rebases and retries. Under heavy
contention delta-rs can still give up (`CommitFailedError`), and two processes racing to create
the table conflict; `write` then re-runs its whole cycle, re-reading what the winner stored. The
lock file does not reach other machines: writers of one source on two machines sharing an
object-store root can both append the same version number; readers then pick one row
deterministically.

Time travel (`as_of=`) filters on each row's `stored_at`, never on Delta table versions: `compact`
rewrites files and vacuum deletes old ones, which ends Delta's own time travel but changes no row,
so "the corpus as it stood then" is answered the same before and after.

Object storage: the root may be `s3://bucket/prefix` (`storage/objectstore.py`: options,
conditional-PUT commits and their limits); every Delta call passes that root's options.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
from deltalake import CommitProperties, DeltaTable, QueryBuilder, write_deltalake
from deltalake.exceptions import CommitFailedError
from deltalake.fs import DeltaStorageHandler
from pyarrow.fs import FileType

from scrapers.records import Article, WarcRef
from scrapers.text import sha256_hex
from storage.locks import source_lock
from storage.objectstore import configure, delta_options, is_remote, state_dir

_TS = pa.timestamp("us", tz="UTC")
_IMAGE = pa.struct([("url", pa.string()), ("caption", pa.string()), ("credit", pa.string())])

SCHEMA = pa.schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("version", pa.int32(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("digest", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("title", pa.string(), nullable=False),
        pa.field("sapo", pa.string(), nullable=False),
        pa.field("published_at", _TS),
        pa.field("updated_at", _TS),
        pa.field("fetched_at", _TS, nullable=False),
        pa.field("stored_at", _TS, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("parser_version", pa.string(), nullable=False),
        pa.field("byline", pa.string()),
        pa.field("authors", pa.list_(pa.string()), nullable=False),
        pa.field("category", pa.string()),
        pa.field("tags", pa.list_(pa.string()), nullable=False),
        pa.field("images", pa.list_(_IMAGE), nullable=False),
        pa.field("original_url", pa.string()),
        pa.field("dateline", pa.string()),
        # The raw response this text was parsed from, in the WARC archive (null: not archived).
        pa.field("warc_file", pa.string()),
        pa.field("warc_offset", pa.int64()),
        pa.field("warc_length", pa.int64()),
    ]
)
COLUMNS: tuple[str, ...] = tuple(SCHEMA.names)
PARTITION_BY = ["source"]

_WRITE_ATTEMPTS = 3
COMPACT_RETENTION_HOURS = 24  # see VersionLog.compact

_locks_guard = threading.Lock()
_locks: dict[str, threading.Lock] = {}


def _table_lock(uri: str) -> threading.Lock:
    """One lock per table URI, shared by every `VersionLog` of this process pointing at it."""
    with _locks_guard:
        return _locks.setdefault(uri, threading.Lock())


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """The identifying columns of one stored row, without the text."""

    url: str
    source: str
    article_id: str
    version: int
    content_hash: str
    digest: str
    run_id: str
    fetched_at: datetime


_LIGHT = tuple(f.name for f in fields(StoredVersion))


@dataclass(frozen=True, slots=True)
class CompactReport:
    """What `compact` did. `files_*` count data files referenced by the table (before/after),
    rewritten away, written, and deleted from storage by vacuum."""

    rows: int
    files_before: int
    files_after: int
    files_compacted: int
    files_written: int
    files_deleted: int
    retention_hours: int


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What one `write` did; `new + new_versions + unchanged` equals the number of inputs."""

    new: int
    new_versions: int
    unchanged: int
    written: tuple[StoredVersion, ...]
    # URLs whose new text was not stored because this run already stored the URL (a retried run
    # seeing an edit): their HTTP validators must not be saved, or the edit hides behind 304s.
    held: tuple[str, ...] = ()


class VersionLog:
    """Append-only history of article texts in a Delta table partitioned by source."""

    def __init__(
        self,
        root: str | Path,
        *,
        storage_options: Mapping[str, str] | None = None,
        state_dir: str | Path | None = None,
    ) -> None:
        """`storage_options` (object-store roots): registered for the whole root, so the links
        and the archive beside the table use them too. `state_dir`: where the per-source lock
        files of an object-store root go (see `storage.objectstore.state_dir`)."""
        self.root = root  # the store root: sibling tables (links) live beside `versions`
        self.uri = join_uri(root, "versions")
        if storage_options is not None:
            configure(root, storage_options)
        self._lock = _table_lock(self.uri)
        self._locks_root = _state_dir(root, state_dir)

    def exists(self) -> bool:
        return DeltaTable.is_deltatable(self.uri, storage_options=delta_options(self.uri))

    def _table(self) -> DeltaTable:
        """A fresh snapshot of the table."""
        return DeltaTable(self.uri, storage_options=delta_options(self.uri))

    def latest(self, source: str | None = None) -> dict[str, StoredVersion]:
        """url -> its latest stored version."""
        return _fold_latest(self._select(_LIGHT, source))

    def known_article_ids(self, source: str) -> set[str]:
        if not self.exists():
            return set()
        rows = self._query(
            f"SELECT DISTINCT article_id FROM versions WHERE source = {_sql_str(source)}"
        )
        return {row["article_id"] for row in rows}

    def newest_stored_at(self, source: str) -> datetime | None:
        """When the source last got a new article or version (None: nothing stored yet)."""
        if not self.exists():
            return None
        rows = self._query(
            f"SELECT MAX(stored_at) AS newest FROM versions WHERE source = {_sql_str(source)}"
        )
        newest = rows[0]["newest"] if rows else None
        return newest if isinstance(newest, datetime) else None

    def rows(
        self,
        source: str | None = None,
        *,
        columns: Sequence[str] | None = None,
        as_of: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Every stored version, in the order stored (stored_at, then version).

        `as_of`: only the rows stored at or before that instant.
        """
        return self._select(tuple(columns) if columns is not None else COLUMNS, source, as_of)

    def current(
        self, source: str | None = None, *, as_of: datetime | None = None
    ) -> list[dict[str, Any]]:
        """The latest version of each URL, ordered by when the URL was first stored.

        `as_of`: the corpus as it stood then, from the rows stored at or before that instant.
        """
        _check_as_of(as_of)
        if not self.exists():
            return []
        cols = ", ".join(_ident(c) for c in COLUMNS)
        sql = (
            f"SELECT {cols} FROM ("
            f"SELECT {cols}, "
            "ROW_NUMBER() OVER (PARTITION BY url ORDER BY version DESC, stored_at DESC) AS _rn, "
            "MIN(stored_at) OVER (PARTITION BY url) AS _first "
            f"FROM versions{_where(source, as_of)}) "
            "WHERE _rn = 1 ORDER BY _first, url"
        )
        return self._query(sql)

    def history(self, url: str, *, as_of: datetime | None = None) -> list[dict[str, Any]]:
        """Every stored version of one URL (all columns), oldest first; [] when never stored."""
        _check_as_of(as_of)
        if not self.exists():
            return []
        cols = ", ".join(_ident(c) for c in COLUMNS)
        where = f" WHERE url = {_sql_str(url)}"
        if as_of is not None:
            where += f" AND stored_at <= {_sql_ts(as_of)}"
        return self._query(f"SELECT {cols} FROM versions{where} ORDER BY version, stored_at")

    def compact(self, *, retention_hours: int = COMPACT_RETENTION_HOURS) -> CompactReport:
        """Rewrite small files into large ones, then delete files compaction removed long ago.

        Never loses a version: compaction only rewrites files (the rows are checked to be all
        there before anything is deleted), and vacuum runs in delta-rs's "lite" mode, which deletes
        only files a commit has removed more than `retention_hours` ago, never an uncommitted
        file of a write in progress. The retention only protects readers still holding a snapshot
        from before the compaction: ours open a fresh snapshot per query and finish in minutes,
        so the default day is a wide margin (also for clock skew between machines) while disk is
        reclaimed by the next day's compaction. Delta's own table versions older than that become
        unreadable, which costs nothing: `as_of` reads use `stored_at`.
        """
        if retention_hours < 0:
            raise ValueError(f"retention_hours must be >= 0, got {retention_hours}")
        if not self.exists():
            return CompactReport(0, 0, 0, 0, 0, 0, retention_hours)
        with self._lock:
            before = self._identities()
            table = self._table()
            files_before = len(table.file_uris())
            metrics = table.optimize.compact(
                commit_properties=CommitProperties(custom_metadata={"vnnews.op": "compact"})
            )
            lost = before - self._identities()  # concurrent appends may add rows, never remove
            if lost:
                example = next(iter(lost))
                raise RuntimeError(
                    f"compaction of {self.uri} lost {lost.total()} rows (e.g. {example[0]} "
                    f"v{example[1]}); nothing was vacuumed, so DeltaTable.restore() to the "
                    "version before the compaction brings them back"
                )
            deleted = self._vacuum(retention_hours)
            files_after = len(self._table().file_uris())
        return CompactReport(
            rows=before.total(),
            files_before=files_before,
            files_after=files_after,
            files_compacted=int(metrics.get("numFilesRemoved", 0)),
            files_written=int(metrics.get("numFilesAdded", 0)),
            files_deleted=deleted,
            retention_hours=retention_hours,
        )

    def _vacuum(self, retention_hours: int) -> int:
        """Vacuum (lite mode) and return how many files it deleted.

        delta-rs lists every expired tombstone, including files an earlier vacuum already
        deleted, so the files still present are counted first.
        """
        table = self._table()

        def vacuum(dry_run: bool) -> list[str]:
            return table.vacuum(
                retention_hours=retention_hours,
                dry_run=dry_run,
                enforce_retention_duration=False,  # our retention, not the 7-day table default
                full=False,
            )

        expired = vacuum(dry_run=True)
        handler = DeltaStorageHandler(self.uri, options=delta_options(self.uri))
        infos = handler.get_file_info(expired) if expired else []
        present = {info.path for info in infos if info.type != FileType.NotFound}
        return len(present.intersection(vacuum(dry_run=False)))

    def _identities(self) -> Counter[tuple[str, int, str, datetime]]:
        """Each row's (url, version, digest, stored_at), counted: what compaction must keep."""
        rows = self._query("SELECT url, version, digest, stored_at FROM versions")
        return Counter((r["url"], r["version"], r["digest"], r["stored_at"]) for r in rows)

    def count(self) -> int:
        if not self.exists():
            return 0
        return int(self._query("SELECT COUNT(*) AS n FROM versions")[0]["n"])

    def write(
        self,
        articles: Sequence[tuple[Article, datetime]],
        *,
        run_id: str,
        warc_refs: Mapping[str, WarcRef] | None = None,
    ) -> WriteResult:
        """Append the articles whose text is new or changed, all in one Delta commit.

        Idempotent per run: a URL already stored under `run_id`, or repeated within the batch
        (the first occurrence wins), counts as unchanged. `warc_refs` maps a URL to the archived
        response its text came from.
        """
        if not run_id:
            raise ValueError("run_id must be non-empty")
        for article, fetched_at in articles:
            _check_article(article, fetched_at)
        sources = sorted({article.source for article, _ in articles})
        with self._lock, ExitStack() as held:
            # Another process (a backfill beside the nightly run) must not read-decide-append
            # the same source at the same time: both would write version n+1.
            for source in sources:
                held.enter_context(source_lock(self._locks_root, source))
            for attempt in range(1, _WRITE_ATTEMPTS + 1):
                try:
                    return self._write_once(articles, run_id, warc_refs or {})
                except CommitFailedError:
                    # Another process committed first (or created the table); re-read and retry.
                    if attempt == _WRITE_ATTEMPTS:
                        raise
                    time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    def _write_once(
        self,
        articles: Sequence[tuple[Article, datetime]],
        run_id: str,
        warc_refs: Mapping[str, WarcRef],
    ) -> WriteResult:
        sources = sorted({article.source for article, _ in articles})
        known = self._select(_LIGHT, sources) if sources else []
        latest = _fold_latest(known)
        seen = {row["url"] for row in known if row["run_id"] == run_id}

        held: list[str] = []
        new = new_versions = unchanged = 0
        pending: list[tuple[Article, datetime, StoredVersion, str]] = []
        for article, fetched_at in articles:
            text = article.text
            digest = sha256_hex(text)
            previous = latest.get(article.url)
            if article.url in seen or (previous is not None and previous.digest == digest):
                unchanged += 1
                if previous is None or previous.digest != digest:
                    held.append(article.url)
                continue
            seen.add(article.url)
            if previous is None:
                new += 1
            else:
                new_versions += 1
            stored = StoredVersion(
                url=article.url,
                source=article.source,
                article_id=article.article_id,
                version=1 if previous is None else previous.version + 1,
                content_hash=digest[:16],
                digest=digest,
                run_id=run_id,
                fetched_at=fetched_at,
            )
            pending.append((article, fetched_at, stored, text))

        if pending:
            base = self._next_stored_at()
            records = [
                # Distinct stored_at per row keeps "first stored" a total order within a batch.
                _record(article, text, stored, base + timedelta(microseconds=i),
                        warc_refs.get(article.url))
                for i, (article, _, stored, text) in enumerate(pending)
            ]
            write_deltalake(
                self.uri,
                pa.Table.from_pylist(records, schema=SCHEMA),
                storage_options=delta_options(self.uri),
                mode="append",
                partition_by=PARTITION_BY,
                schema_mode="merge",  # tables written before a column was added gain it
                commit_properties=CommitProperties(
                    custom_metadata={"run_id": run_id, "vnnews.rows": len(records)}
                ),
            )
        return WriteResult(
            new, new_versions, unchanged, tuple(p[2] for p in pending), tuple(held)
        )

    def _next_stored_at(self) -> datetime:
        """Now, but never at or before a stored_at already in the table (clock steps, skew)."""
        now = datetime.now(UTC)
        if not self.exists():
            return now
        last: datetime | None = self._query("SELECT MAX(stored_at) AS m FROM versions")[0]["m"]
        if last is not None and last >= now:
            return last.astimezone(UTC) + timedelta(microseconds=1)
        return now

    def _select(
        self,
        columns: Sequence[str],
        source: str | Sequence[str] | None,
        as_of: datetime | None = None,
    ) -> list[dict[str, Any]]:
        unknown = [c for c in columns if c not in COLUMNS]
        if unknown:
            raise ValueError(f"unknown columns: {unknown}")
        _check_as_of(as_of)
        if not self.exists():
            return []
        cols = ", ".join(_ident(c) for c in columns)
        return self._query(
            f"SELECT {cols} FROM versions{_where(source, as_of)} ORDER BY stored_at, version, url"
        )

    def _query(self, sql: str) -> list[dict[str, Any]]:
        """Run SQL against a fresh snapshot; the only way this module reads the table."""
        table = self._table()
        reader = QueryBuilder().register("versions", table).execute(sql)
        rows: list[dict[str, Any]] = pa.table(reader).to_pylist()
        return rows


def join_uri(root: str | Path, name: str) -> str:
    """`root/name` for a local directory or an object-store URI (`s3://bucket/prefix`)."""
    if is_remote(root):
        return f"{str(root).rstrip('/')}/{name}"
    return str(Path(root).absolute() / name)


def _state_dir(root: str | Path, given: str | Path | None) -> Path | str:
    """Where `write` takes its per-source locks: the root itself when local (as always)."""
    return state_dir(root, given) if is_remote(root) else root


def _fold_latest(rows: Iterable[dict[str, Any]]) -> dict[str, StoredVersion]:
    """Highest version per URL; rows arrive in stored order, so a tie keeps the later row."""
    latest: dict[str, StoredVersion] = {}
    for row in rows:
        current = latest.get(row["url"])
        if current is None or row["version"] >= current.version:
            latest[row["url"]] = StoredVersion(**{c: row[c] for c in _LIGHT})
    return latest


def _record(
    article: Article,
    text: str,
    stored: StoredVersion,
    stored_at: datetime,
    warc: WarcRef | None,
) -> dict[str, Any]:
    return {
        "url": stored.url,
        "source": stored.source,
        "article_id": stored.article_id,
        "version": stored.version,
        "content_hash": stored.content_hash,
        "digest": stored.digest,
        "text": text,
        "title": article.title,
        "sapo": article.sapo,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "fetched_at": stored.fetched_at,
        "stored_at": stored_at,
        "run_id": stored.run_id,
        "parser_version": article.parser_version,
        "byline": article.byline,
        "authors": list(article.authors),
        "category": article.category,
        "tags": list(article.tags),
        "images": [
            {"url": image.url, "caption": image.caption, "credit": image.credit}
            for image in article.images
        ],
        "original_url": article.original_url,
        "dateline": article.dateline,
        "warc_file": warc.file if warc else None,
        "warc_offset": warc.offset if warc else None,
        "warc_length": warc.length if warc else None,
    }


def _check_article(article: Article, fetched_at: datetime) -> None:
    """Refuse what would be stored wrong: naive times would be read as UTC, seven hours off."""
    if not article.url or not article.source:
        raise ValueError(f"article needs a url and a source: {article.url!r}")
    for name, value in (
        ("fetched_at", fetched_at),
        ("published_at", article.published_at),
        ("updated_at", article.updated_at),
    ):
        if value is not None and value.utcoffset() is None:
            raise ValueError(f"{article.url}: {name} must be timezone-aware, got {value!r}")


def _where(source: str | Sequence[str] | None, as_of: datetime | None = None) -> str:
    terms = []
    if isinstance(source, str):
        terms.append(f"source = {_sql_str(source)}")
    elif source is not None:
        terms.append(f"source IN ({', '.join(_sql_str(s) for s in source)})")
    if as_of is not None:
        terms.append(f"stored_at <= {_sql_ts(as_of)}")
    return f" WHERE {' AND '.join(terms)}" if terms else ""


def _check_as_of(as_of: datetime | None) -> None:
    if as_of is not None and as_of.utcoffset() is None:
        raise ValueError(f"as_of must be timezone-aware, got {as_of!r}")


def _sql_ts(value: datetime) -> str:
    """A UTC timestamp literal, to the microsecond like `stored_at`."""
    return f"TIMESTAMP '{value.astimezone(UTC).isoformat()}'"


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'

"""HTTP validators (ETag, Last-Modified) per URL, for conditional GET on the next run.

A small SQLite file rather than the Delta table: validators are overwritten in place, and the
caller records them only after the article they belong to is safely stored, so a crash between the
two costs one full re-fetch, never a silently skipped article.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from scrapers.records import Validators

_SCHEMA = """
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    updated_at TEXT NOT NULL
)
"""


class ValidatorStore:
    """url -> Validators. One connection per call, so any thread may use it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(1, 101):
            try:
                with self._connect() as conn:
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.execute(_SCHEMA)
                break
            except sqlite3.OperationalError as error:
                # Another process creating the file at the same moment: this pragma fails at
                # once with "database is locked", ignoring the busy timeout.
                if "locked" not in str(error) or attempt == 100:
                    raise
                time.sleep(min(0.01 * attempt, 0.5))

    def get(self, url: str) -> Validators | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT etag, last_modified FROM validators WHERE url = ?", (url,)
            ).fetchone()
        if row is None:
            return None
        return Validators(etag=row[0], last_modified=row[1])

    def put_many(self, items: Iterable[tuple[str, Validators]]) -> None:
        """Record validators in one transaction; an empty one forgets the URL (no stale ETag)."""
        now = datetime.now(UTC).isoformat()
        with self._connect() as conn:
            for url, validators in items:
                if validators.empty:
                    conn.execute("DELETE FROM validators WHERE url = ?", (url,))
                else:
                    conn.execute(
                        "INSERT INTO validators (url, etag, last_modified, updated_at) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                        "etag = excluded.etag, last_modified = excluded.last_modified, "
                        "updated_at = excluded.updated_at",
                        (url, validators.etag, validators.last_modified, now),
                    )

    def __len__(self) -> int:
        with self._connect() as conn:
            count: int = conn.execute("SELECT COUNT(*) FROM validators").fetchone()[0]
        return count

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A fresh connection, committed on success, rolled back on error, always closed."""
        with closing(sqlite3.connect(self.path, timeout=30)) as conn, conn:
            yield conn

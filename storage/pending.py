"""Work a source's run left undone, kept for the next run: articles it found but did not store,
and listing pages it could not read.

Why: the nightly discovery walks each listing from page 1 and stops at the first page that brings
no unseen article (`scrapers/discovery.py`). An article that a run found on page 3 but failed to
fetch (a timeout after every retry, a body over the size cap, a page that did not parse, a block
that stopped the run, a kill) is not stored; the next run finds pages 1 and 2 known and stops
before page 3, so the article would never be asked for again. Likewise, when page 2 of a listing
could not be read, what page 2 and the pages after it list was never seen at all.

So a run writes down, per source, in `<state>/pending/<source>.json` (replaced atomically):

* `items`: every article it discovered whose id was not stored yet (at discovery, so that a run
  killed later still leaves them), and, once it is done, every article it did not complete
  (stored, or found unchanged); each with how many runs tried it and failed;
* `listings`: listing URL -> the page number that could not be read.

The next run fetches the pending articles beside what its discovery finds, and reads a listing
with a mark at least down to that page (`discover(min_pages=...)`). An article is dropped after
`MAX_TRIES` runs that tried it and failed (it is gone, or always broken: the failures were
reported each time). Updates hold a per-source lock file and re-read the file first, so two
runs of one source merge their work instead of overwriting each other's.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapers.records import ListingItem
from storage.locks import source_lock

FORMAT = 1
MAX_TRIES = 5
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")

log = logging.getLogger("vnnews.pending")


@dataclass(frozen=True, slots=True)
class PendingItem:
    item: ListingItem
    tries: int = 0  # runs that tried it and failed


@dataclass(slots=True)
class PendingWork:
    """What earlier runs of `source` left undone (see the module doc)."""

    state_dir: Path
    source: str
    items: dict[str, PendingItem] = field(default_factory=dict)  # by URL
    listings: dict[str, int] = field(default_factory=dict)  # listing URL -> page to reach

    @property
    def path(self) -> Path:
        return self.state_dir / "pending" / f"{_SAFE.sub('_', self.source)}.json"

    @classmethod
    def load(cls, state_dir: Path, source: str) -> PendingWork:
        work = cls(state_dir, source)
        work._read()
        return work

    def record_discovery(
        self, items: Iterable[ListingItem], known_ids: Collection[str],
        unread: Mapping[str, int], read_past: Iterable[str],
    ) -> None:
        """At discovery: remember the articles found whose id is not stored yet, the listing
        pages that could not be read (`unread`), and forget the marks of listings read down
        past them this time (`read_past`)."""
        with self._locked():
            for item in items:
                if item.article_id not in known_ids and item.url not in self.items:
                    self.items[item.url] = PendingItem(item)
            for listing in read_past:
                self.listings.pop(listing, None)
            for listing, page in unread.items():
                self.listings[listing] = max(page, self.listings.get(listing, 0))

    def settle(
        self, items: Iterable[ListingItem], completed: Collection[str], failed: Collection[str]
    ) -> list[PendingItem]:
        """At the end of a run over `items`: forget the `completed` ones (stored, or found
        unchanged), keep the rest, count a try for the `failed` ones. Returns the articles
        given up (tried and failed in `MAX_TRIES` runs)."""
        dropped: list[PendingItem] = []
        with self._locked():
            for item in items:
                if item.url in completed:
                    self.items.pop(item.url, None)
                    continue
                known = self.items.get(item.url, PendingItem(item))
                tries = known.tries + (1 if item.url in failed else 0)
                if tries >= MAX_TRIES:
                    self.items.pop(item.url, None)
                    dropped.append(PendingItem(item, tries))
                else:
                    self.items[item.url] = PendingItem(item, tries)
        for gone in dropped:
            log.warning("%s: giving up on %s after %d failed runs", self.source,
                        gone.item.url, gone.tries)
        return dropped

    # --- the file ------------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the source's pending lock over read, change, write: runs merge, never clobber."""
        with source_lock(self.state_dir, f"{self.source}.pending"):
            self._read()
            yield
            self._write()

    def _read(self) -> None:
        self.items, self.listings = {}, {}
        if not self.path.exists():
            return
        try:
            data: dict[str, Any] = json.loads(self.path.read_text("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}")
            for row in data["items"]:
                item = ListingItem(str(row["url"]), str(row["id"]), str(row.get("title", "")))
                self.items[item.url] = PendingItem(item, int(row.get("tries", 0)))
            self.listings = {str(url): int(page) for url, page in data["listings"].items()}
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            # Written atomically, so this is not a torn write: a hand edit or another version.
            log.warning("%s: ignoring unreadable %s (%s)", self.source, self.path, error)
            self.items, self.listings = {}, {}

    def _write(self) -> None:
        data = {
            "format": FORMAT,
            "source": self.source,
            "items": [
                {"url": p.item.url, "id": p.item.article_id, "title": p.item.title,
                 "tries": p.tries}
                for p in self.items.values()
            ],
            "listings": self.listings,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".pending-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

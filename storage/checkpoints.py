"""Backfill checkpoints: which listing pages of a backfill are finished, so a restart resumes.

A page is finished when every article on it that the backfill wanted is stored (or failed and
was reported). The checkpoint is a small JSON file in the store's local state directory,
`<state>/backfill/<source>/<key>.json`, replaced atomically (write, fsync, rename) after each
page: a kill at any moment leaves either the old or the new file, never half of one. A
backfill that finishes removes its checkpoint; an interrupted one leaves it for the next start
with the same source and range.

Why listing drift does not lose articles on resume: sites push older articles to higher page
numbers as they publish. Pages already finished are skipped, so their articles, pushed onward,
are met again on later pages, where they are known (stored) and skipped without a request.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
FORMAT = 1


class CheckpointError(ValueError):
    """A checkpoint file exists but cannot be used; the message names the file."""


@dataclass(slots=True)
class Checkpoint:
    """The finished pages of one backfill (source + range), loaded from and saved to `path`."""

    path: Path
    source: str
    key: str
    pages: dict[str, int] = field(default_factory=dict)  # listing page URL -> articles stored
    ended: set[str] = field(default_factory=set)  # listings walked to their end
    resumed: bool = False

    @classmethod
    def open(cls, state_dir: Path, source: str, key: str) -> Checkpoint:
        """The checkpoint of this backfill: the saved one when a previous start left one."""
        path = state_dir / "backfill" / _SAFE.sub("_", source) / f"{_SAFE.sub('_', key)}.json"
        if not path.exists():
            return cls(path, source, key)
        try:
            data: dict[str, Any] = json.loads(path.read_text("utf-8"))
            if data.get("format") != FORMAT or data.get("key") != key:
                raise ValueError(f"format {data.get('format')!r}, key {data.get('key')!r}")
            pages = {str(url): int(count) for url, count in data["pages"].items()}
            ended = {str(url) for url in data["ended"]}
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise CheckpointError(
                f"{path}: not a backfill checkpoint for {key!r} ({error}); remove it to start over"
            ) from None
        return cls(path, source, key, pages, ended, resumed=True)

    def done(self, page_url: str) -> bool:
        return page_url in self.pages

    def finish_page(self, page_url: str, stored: int) -> None:
        self.pages[page_url] = stored
        self._save()

    def end_listing(self, listing_url: str) -> None:
        self.ended.add(listing_url)
        self._save()

    def ended_listings(self) -> Iterable[str]:
        return sorted(self.ended)

    def remove(self) -> None:
        """The backfill finished: nothing to resume."""
        self.path.unlink(missing_ok=True)

    def _save(self) -> None:
        data = {
            "format": FORMAT,
            "source": self.source,
            "key": self.key,
            "saved_at": datetime.now(UTC).isoformat(),
            "pages": self.pages,
            "ended": sorted(self.ended),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".checkpoint-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

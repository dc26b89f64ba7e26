"""One URL's history for people: its versions and a word-level diff between consecutive ones.

Words, not lines: a canonical text is a few long paragraphs, so a line diff would show a whole
paragraph replaced for one changed word. Tokens are runs of non-space characters, with each
paragraph break kept as a `¶` token so an added or removed paragraph shows where it was.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from itertools import pairwise
from typing import Any

from storage.versions import VersionLog

VIETNAM = timezone(timedelta(hours=7), "ICT")
PARAGRAPH = "¶"
CONTEXT_WORDS = 6
ELLIPSIS = "…"
COLUMNS = ("version", "stored_at", "fetched_at", "run_id", "content_hash", "parser_version")

_TOKEN = re.compile(r"\n+|[^\s]+")


class UnknownURLError(LookupError):
    """The URL has no stored version (at all, or on or before the `as_of` asked for)."""

    def __init__(self, url: str, as_of: datetime | None = None) -> None:
        when = f" stored on or before {as_of.isoformat()}" if as_of is not None else ""
        super().__init__(f"no version of {url}{when} in the corpus")
        self.url = url

    def __str__(self) -> str:  # LookupError would show the message quoted, as for a dict key
        return str(self.args[0])


def word_diff(old_text: str, new_text: str, *, context: int = CONTEXT_WORDS) -> str:
    """`[-removed-]{+added+}` word diff, one hunk per line, unchanged runs cut to `context` words.

    A hunk starting or ending inside the text is marked with `…`; equal texts give "".
    """
    old, new = _tokens(old_text), _tokens(new_text)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    hunks = []
    for group in matcher.get_grouped_opcodes(context):
        parts = [ELLIPSIS] if group[0][1] > 0 or group[0][3] > 0 else []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                parts.extend(old[i1:i2])
                continue
            removed = f"[-{' '.join(old[i1:i2])}-]" if i2 > i1 else ""
            added = f"{{+{' '.join(new[j1:j2])}+}}" if j2 > j1 else ""
            parts.append(removed + added)
        if group[-1][2] < len(old) or group[-1][4] < len(new):
            parts.append(ELLIPSIS)
        hunks.append(" ".join(parts))
    return "\n".join(hunks)


def format_history(
    url: str, versions: Sequence[Mapping[str, Any]], *, as_of: datetime | None = None
) -> str:
    """Every version as a table row, then the word diff between each consecutive pair."""
    if not versions:
        raise UnknownURLError(url, as_of)
    when = f" as of {as_of.isoformat()}" if as_of is not None else ""
    plural = "" if len(versions) == 1 else "s"
    lines = [f"{url}: {len(versions)} version{plural}{when}", ""]
    table = [COLUMNS] + [tuple(_cell(row.get(c)) for c in COLUMNS) for row in versions]
    widths = [max(len(r[i]) for r in table) for i in range(len(COLUMNS))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    for old, new in pairwise(versions):
        lines += [
            "",
            f"v{old['version']} → v{new['version']} "
            f"({old['content_hash']} → {new['content_hash']}, run {new['run_id']}):",
            word_diff(old["text"], new["text"]) or "(text unchanged)",
        ]
    return "\n".join(lines)


def show_history(log: VersionLog, url: str, *, as_of: datetime | None = None) -> str:
    """`vnnews history URL [--as-of DATE]`: raises `UnknownURLError` naming an unknown URL."""
    return format_history(url, log.history(url, as_of=as_of), as_of=as_of)


def parse_as_of(value: str) -> datetime:
    """A `--as-of` value: an ISO date-time with its offset (`2024-05-01T08:00+07:00`, `…Z`), or
    a date, meaning the end of that day in Vietnam time (the sites' and readers' day)."""
    text = value.strip()
    try:
        if "T" not in text and " " not in text:
            day = date.fromisoformat(text)
            return datetime.combine(day + timedelta(days=1), time(), VIETNAM) - timedelta(
                microseconds=1
            )
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a date (2024-05-01) or an ISO date-time with offset"
        ) from None
    if moment.utcoffset() is None:
        raise ValueError(
            f"{value!r} has no UTC offset: add one (+07:00 for Vietnam time, Z for UTC)"
        )
    return moment


def _tokens(text: str) -> list[str]:
    return [PARAGRAPH if token.startswith("\n") else token for token in _TOKEN.findall(text)]


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)

"""The CLI's progress bar for a backfill: listing pages done, articles wanted and stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from flows.backfill import BackfillProgress


@contextmanager
def progress_bar(source: str) -> Iterator[Callable[[BackfillProgress], None]]:
    """A listener for `flows.backfill.PROGRESS` drawing one bar on stderr (plain lines when
    stderr is not a terminal, so logs of a scheduled run stay readable)."""
    console = Console(stderr=True)
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("pages · {task.fields[stored]} stored of {task.fields[wanted]} wanted"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        bar = progress.add_task(f"backfill {source}", total=None, stored=0, wanted=0)

        def listener(event: BackfillProgress) -> None:
            progress.update(bar, completed=event.pages_done, total=event.pages_total,
                            stored=event.stored, wanted=event.wanted)
            if not console.is_terminal:
                what = "resumed" if event.skipped else "done"
                console.print(f"page {event.pages_done} {what}: {event.page_url} "
                              f"({event.stored} stored)")

        yield listener

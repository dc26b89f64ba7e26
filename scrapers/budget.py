"""One request budget per host, shared by every vnnews process on this machine.

A nightly run and a hand-started backfill are separate processes; each spacing its own requests
would together hit a host at twice its rate. Here each host has a small file in one directory
(`Settings.host_budget_dir`, `<dir>/<host>.slot`) holding the wall-clock time at which the next
request to that host may start. A requester locks the file (`flock`), takes the slot
`start = max(now, next allowed)`, writes `start + interval`, unlocks, and only then sleeps until
`start`: the reservation idea of the in-process limiter in `scrapers.http`, across processes.

Guarantees: on one machine, the slots given to requests for a host by processes sharing the
directory are spaced by at least the interval of whoever took the previous slot (a process starved
of CPU may still send a little after its slot). Mixed rates (one process at
1 request/s, another at 0.2 because it has read a robots.txt Crawl-delay) are not merged: each
requester reserves its own interval after the previous slot, so the slower spacing follows the
slower process's requests and the faster spacing the faster's. The host never sees more than the
fastest configured rate, and each process's own requests keep at least its own spacing.

Not guaranteed: anything across machines. Processes on several machines each keep their own
budget (their own directory); in a scale-out, route all sources of a host to one work queue, or
put the directory on a file system whose `flock` works across machines. Wall-clock time is used
because monotonic clocks are not comparable across processes. A slot more than
`interval + STALE_AFTER` seconds ahead is taken as stale and reset: legitimate queues are a few
intervals deep, while a wall clock that jumped back, or a writer whose clock was wrong, must not
stall every run on the host for as long as the error.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import math
import os
import re
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["STALE_AFTER", "FileHostLimiter", "HostBudgetError", "prepare_budget_dir", "slot_path"]

# A reservation more than `interval + STALE_AFTER` seconds ahead is stale and reset (see
# `FileHostLimiter._reserve`).
STALE_AFTER = 60.0
# A Retry-After hold further ahead than this is a bad writer's, not a server's (the fetcher never
# waits past `retry_after_cap`, 300 s by default).
MAX_HOLD = 3600.0
_SUFFIX = ".slot"
_UNSAFE = re.compile(r"[^a-z0-9.-]")
_MAX_NAME = 200  # file names stop at 255 bytes; a host name may have 253 characters
_READ_BYTES = 64


class HostBudgetError(OSError):
    """The host budget directory cannot be used; runs refuse to fetch rather than go impolite."""


def slot_path(directory: Path, host: str) -> Path:
    """`<directory>/<host>.slot`, the host name reduced to `[a-z0-9.-]` (anything else becomes
    `_`), so that no host name (`..`, `/`, NUL) reaches outside `directory`; a long name is cut
    and keeps a hash of the whole, so that two long hosts do not share a file."""
    name = _UNSAFE.sub("_", host.strip().lower()) or "_"
    if len(name) > _MAX_NAME:
        digest = hashlib.sha256(host.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = f"{name[: _MAX_NAME - 17]}-{digest}"
    return directory / f"{name}{_SUFFIX}"


def prepare_budget_dir(directory: Path) -> None:
    """Create the directory (mode 0o700) if needed; a `HostBudgetError` naming it and the
    setting if it cannot be created or is not a directory."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise _budget_error(directory, exc) from exc
    if not directory.is_dir():
        raise _budget_error(directory, NotADirectoryError(errno.ENOTDIR, "not a directory"))


def _budget_error(directory: Path, exc: OSError) -> HostBudgetError:
    reason = exc.strerror or str(exc)
    return HostBudgetError(
        exc.errno or errno.EIO,
        f"cannot use the host budget directory {directory} ({reason}); set host_budget_dir "
        "in settings.toml or VNNEWS_HOST_BUDGET_DIR to a writable local directory",
    )


class FileHostLimiter:
    """Spaces request starts on one host across every process using the same directory.

    A `flock` on the host's file serialises processes. It is held per open file description, so
    threads sharing one would not exclude each other: the threading lock serialises this
    process's threads (each call also opens its own descriptor, so a deleted file or directory is
    simply recreated). Sleeping happens outside both locks, so a waiting requester never blocks
    others from reserving the slots after its own.
    """

    def __init__(
        self, directory: Path, host: str, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._directory = directory
        self._path = slot_path(directory, host)
        self._clock = clock
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self._path

    def acquire(self, interval: float, sleep: Callable[[float], None]) -> None:
        """Reserve the host's next slot and sleep until it starts."""
        with self._lock:
            start, now = self._reserve(interval)
        if start > now:
            sleep(start - now)

    def defer(self, seconds: float) -> None:
        """The host said (Retry-After) not to come back for `seconds`: no request to it, by any
        process sharing the directory, starts before then. Kept beside the slot (second line),
        so the stale-slot reset below never cuts it short."""
        with self._lock, self._locked() as (descriptor, now):
            slot, hold = _read_state(descriptor, now)
            _write_state(descriptor, slot, max(hold or now, now + seconds))

    def closed_for(self) -> float:
        """Seconds until the host's last Retry-After has passed (0 when it has)."""
        with self._lock, self._locked() as (descriptor, now):
            _, hold = _read_state(descriptor, now)
        return 0.0 if hold is None else max(0.0, hold - now)

    def _reserve(self, interval: float) -> tuple[float, float]:
        with self._locked() as (descriptor, now):
            next_allowed, hold = _read_state(descriptor, now)
            # A slot far beyond what waiting requesters can have queued comes from a clock
            # that jumped back, or a writer that crashed mid-way or with a bad clock:
            # honouring it would stall every run on this host, so it is reset instead.
            opens = max(now, hold or now)  # a Retry-After hold queues requesters behind it
            if next_allowed is not None and next_allowed > opens + interval + STALE_AFTER:
                next_allowed = None
            start = max(now, next_allowed or now, hold or now)
            _write_state(descriptor, start + interval, hold)
        return start, now

    @contextmanager
    def _locked(self) -> Iterator[tuple[int, float]]:
        """The slot file, exclusively locked, and the time read under the lock."""
        descriptor = self._open()
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                yield descriptor, self._clock()
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
        except OSError as exc:
            raise _budget_error(self._directory, exc) from exc
        finally:
            os.close(descriptor)

    def _open(self) -> int:
        """The slot file, opened for update; never through a symlink (the default directory is
        in the shared temp dir, where someone else's link must not make us overwrite a file)."""
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            try:
                descriptor = os.open(self._path, flags, 0o600)
            except FileNotFoundError:  # first use, or the directory was cleaned away
                prepare_budget_dir(self._directory)
                descriptor = os.open(self._path, flags, 0o600)
        except HostBudgetError:
            raise
        except OSError as exc:
            raise _budget_error(self._directory, exc) from exc
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            raise _budget_error(
                self._directory, OSError(errno.EINVAL, f"{self._path} is not a regular file")
            )
        return descriptor


def _read_state(descriptor: int, now: float) -> tuple[float | None, float | None]:
    """(next allowed start, Retry-After hold) as stored; None for what is empty, unreadable or
    over (a hold that has passed, or one beyond `MAX_HOLD`: no Retry-After we honour is)."""
    raw = os.pread(descriptor, _READ_BYTES, 0)
    try:
        fields = raw.decode("ascii").split()
    except UnicodeDecodeError:
        return None, None
    values = [_finite(text) for text in fields[:2]] + [None, None]
    slot, hold = values[0], values[1]
    if hold is not None and not now < hold <= now + MAX_HOLD:
        hold = None
    return slot, hold


def _finite(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _write_state(descriptor: int, slot: float | None, hold: float | None) -> None:
    """Truncate, then write: a writer killed in between leaves an empty or shorter (so earlier)
    value, never a later one. The hold line is written only while there is one."""
    text = "" if slot is None else f"{slot:.6f}\n"
    if hold is not None:
        text = (text or "0\n") + f"{hold:.6f}\n"
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, text.encode("ascii"), 0)

"""The raw archive: every HTTP exchange of a run, as received, in WARC/1.1 files (warcio).

One file per source per run: `<root>/warc/<source>/<YYYY-MM-DD>/<run_id>.warc.gz` (the UTC day
the run opened it). It starts with a `warcinfo` record; then each exchange is a `response` record
(status line, headers and body as received: a gzip body stays gzip) followed by its `request`
record (`WARC-Concurrent-To` the response). Every record is its own gzip member, so a
`WarcRef(file, offset, length)` reads one response alone (`read_response`), and standard tools
(`warcio index`, `warcio check`, pywb) read the files.

Safety: an exchange's two records are built in memory and appended under a lock in one go; a
failed write is cut back off; `sync()` (called before the version log points at a record) makes
them durable. A process killed mid-write leaves a partial gzip member at the end: readers stop
before it, and reopening the file for the same run (a retried flow run) cuts it off first. A file
is written by one process at a time (an exclusive `flock`).

Two deviations from the wire, both forced by httpx, which hands over headers parsed and bodies
with the chunked transfer coding undone: a body that came chunked is written back as one chunk
(its headers kept as received), and header values that are not ASCII are %-encoded by warcio
(RFC 8187). The module knows nothing of httpx: the transport hands it `HttpExchange` records.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.metadata
import io
import logging
import os
import re
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scrapers.records import HttpExchange, WarcRef

__all__ = [
    "ARCHIVE_DIR",
    "ArchiveError",
    "ArchivedResponse",
    "WarcArchive",
    "archive_files",
    "iter_responses",
    "read_response",
    "warc_root",
]

log = logging.getLogger("vnnews.archive")

ARCHIVE_DIR = "warc"
SUFFIX = ".warc.gz"
WARC_VERSION = "WARC/1.1"
# WARC extension field: the URL the fetcher was asked for, when a redirect hop answered.
REQUESTED_URI = "Vnnews-Requested-URI"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_READ = 1 << 20
_MTIME_SLACK = 3600.0  # seconds


class ArchiveError(ValueError):
    """An archive that cannot be written or a reference that does not lead to a response."""


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    """One archived response, as received. `body` is still content-encoded (b"" when read
    without bodies); `truncated` is its WARC-Truncated reason, if the body is incomplete."""

    ref: WarcRef
    url: str  # WARC-Target-URI: the URL that answered
    requested_url: str  # what the fetcher was asked for (differs on a redirect hop)
    fetched_at: datetime  # WARC-Date: when the request was sent
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    truncated: str | None
    record_id: str


def warc_root(root: str | Path) -> Path:
    """`<root>/warc`; WarcRef.file is relative to it. Local roots only, for now."""
    if isinstance(root, str) and "://" in root:
        raise ArchiveError(f"{root}: the WARC archive needs a local directory")
    return Path(root).absolute() / ARCHIVE_DIR


def archive_files(root: str | Path, source: str) -> list[Path]:
    """The source's WARC files, oldest day first."""
    base = warc_root(root) / _checked(source, "source")
    return sorted(base.glob(f"*/*{SUFFIX}")) if base.is_dir() else []


# --------------------------------------------------------------------------- writing


class WarcArchive:
    """The WARC file of one source's run; an `ExchangeRecorder` for `scrapers.http.Fetcher`."""

    def __init__(
        self, root: str | Path, source: str, run_id: str, *, day: date | None = None
    ) -> None:
        day = day or datetime.now(UTC).date()
        self.source = _checked(source, "source")
        self.run_id = _checked(run_id, "run id")
        self.file = f"{self.source}/{day.isoformat()}/{self.run_id}{SUFFIX}"
        self.path = warc_root(root) / self.file
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        created = not self.path.exists()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ArchiveError(f"{self.path} is being written by another process") from None
        self._fd: int | None = fd
        try:
            self._size = self._recover(fd)
            if created:
                _fsync_dir(self.path.parent)
            if self._size == 0:
                self._append(self._warcinfo())
        except BaseException:
            self.close()
            raise

    def record(self, exchange: HttpExchange) -> WarcRef:
        """Append the exchange's response and request records; where the response lies."""
        response, request = self._records(exchange)
        offset = self._append(response + request)
        return WarcRef(self.file, offset, len(response))

    def sync(self) -> None:
        """Make everything recorded so far durable (before anything points at it)."""
        with self._lock:
            if self._fd is not None:
                os.fsync(self._fd)

    def close(self) -> None:
        with self._lock:
            fd, self._fd = self._fd, None
            if fd is None:
                return
            try:
                os.fsync(fd)
            finally:
                os.close(fd)  # releases the flock

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _append(self, data: bytes) -> int:
        """Write `data` at the end, whole or not at all; its offset."""
        with self._lock:
            if self._fd is None:
                raise ArchiveError(f"{self.path} is closed")
            offset = self._size
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(self._fd, view) :]
            except BaseException:
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fd, offset)  # never leave half a record behind
                raise
            self._size = offset + len(data)
            return offset

    def _recover(self, fd: int) -> int:
        """The file's length once a partial record left by a killed run is cut off."""
        size = os.fstat(fd).st_size
        if size == 0:
            return 0
        with self.path.open("rb") as handle:
            complete = _complete_prefix(handle, size)
        if complete < size:
            log.warning(
                "%s: cutting off %d bytes of an incomplete record (a run was killed mid-write)",
                self.path,
                size - complete,
            )
            os.ftruncate(fd, complete)
        return complete

    def _warcinfo(self) -> bytes:
        buffer = io.BytesIO()
        writer = _writer(buffer)
        info = {
            "software": f"vnnews (warcio {importlib.metadata.version('warcio')})",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
            "warc-format/warc-1.1/",
            "isPartOf": self.source,
            "vnnews-run-id": self.run_id,
        }
        writer.write_record(writer.create_warcinfo_record(self.path.name, info))
        return buffer.getvalue()

    @staticmethod
    def _records(exchange: HttpExchange) -> tuple[bytes, bytes]:
        """The gzipped response and request records of one exchange."""
        buffer = io.BytesIO()
        writer = _writer(buffer)
        when = _warc_date(exchange.started_at)
        fields = {"WARC-Date": when}
        if exchange.requested_url != exchange.url:
            fields[REQUESTED_URI] = exchange.requested_url
        if exchange.truncated:
            fields["WARC-Truncated"] = exchange.truncated
        body = exchange.body
        if _chunked(exchange.response_headers):
            body = (b"%x\r\n%b\r\n" % (len(body), body) if body else b"") + b"0\r\n\r\n"
        status_line = f"{exchange.status} {exchange.reason}".rstrip()
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=StatusAndHeaders(
                status_line, list(exchange.response_headers), protocol=exchange.http_version
            ),
            warc_headers_dict=fields,
        )
        writer.write_record(response)
        split = buffer.tell()
        request_line = f"{exchange.method} {_target(exchange.url)} {exchange.http_version}"
        request = writer.create_warc_record(
            exchange.url,
            "request",
            http_headers=StatusAndHeaders(
                request_line, list(exchange.request_headers), is_http_request=True
            ),
            warc_headers_dict={
                "WARC-Date": when,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        writer.write_record(request)
        data = buffer.getvalue()
        return data[:split], data[split:]


# --------------------------------------------------------------------------- reading


def iter_responses(
    root: str | Path,
    source: str,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    bodies: bool = True,
) -> Iterator[ArchivedResponse]:
    """Every complete response record of the source whose WARC-Date is within [since, until],
    file by file in archive order. A file cut short by a crash is read up to its last complete
    record. `bodies=False` skips the bodies (then `read_response` one by its `ref`)."""
    for name, bound in (("since", since), ("until", until)):
        if bound is not None and bound.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware, got {bound!r}")
    base = warc_root(root)
    for path in archive_files(root, source):
        day = _day_of(path)
        if until is not None and day is not None and day > until.astimezone(UTC).date():
            continue  # the run began after `until`
        if since is not None and path.stat().st_mtime < since.timestamp() - _MTIME_SLACK:
            continue  # last written well before `since` (file clocks are coarse: a margin)
        yield from _responses_in(path, path.relative_to(base).as_posix(), since, until, bodies)


def read_response(root: str | Path, ref: WarcRef) -> ArchivedResponse:
    """Exactly one response record, read by its offset: nothing else of the file is read."""
    base = warc_root(root)
    path = (base / ref.file).resolve()
    if not path.is_relative_to(base.resolve()) or not path.name.endswith(SUFFIX):
        raise ArchiveError(f"{ref.file}: not a WARC file of the archive")
    try:
        with path.open("rb") as handle:
            handle.seek(ref.offset)
            data = handle.read(ref.length)
    except OSError as error:
        raise ArchiveError(f"{ref.file}: {error.strerror or error}") from None
    where = f"{ref.file} at offset {ref.offset} ({ref.length} bytes)"
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        inflater.decompress(data)
    except zlib.error:
        raise ArchiveError(f"{where}: not a gzip member") from None
    if len(data) != ref.length or not inflater.eof or inflater.unused_data:
        raise ArchiveError(f"{where}: not one complete gzip member")
    iterator = ArchiveIterator(io.BytesIO(data))
    record = next(iter(iterator), None)
    if record is None or record.rec_type != "response":
        kind = "nothing" if record is None else f"a {record.rec_type} record"
        raise ArchiveError(f"{where}: holds {kind}, not a response")
    return _archived(record, ref, bodies=True)


def _responses_in(
    path: Path,
    relative: str,
    since: datetime | None,
    until: datetime | None,
    bodies: bool,
) -> Iterator[ArchivedResponse]:
    """The file's responses up to its size when opened (a writer may still be appending)."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        iterator = ArchiveIterator(handle)
        last: ArchivedResponse | None = None  # a record reaching the end: checked once read
        try:
            for record in iterator:
                found = _matching(record, relative, since, until, bodies, path)
                offset, length = iterator.get_record_offset(), iterator.get_record_length()
                if offset + length >= size:
                    last = replace(found, ref=WarcRef(relative, offset, length)) if found else None
                    break
                if found is not None:  # another member follows, so this one ended
                    yield replace(found, ref=WarcRef(relative, offset, length))
        except (ArchiveLoadFailed, EOFError, zlib.error, ValueError) as error:
            log.warning("%s: unreadable past a point (%s); records before it are used", path, error)
        if last is not None:
            length = _member_length(handle, last.ref.offset)
            if length is None:
                log.warning("%s: incomplete record at offset %d skipped", path, last.ref.offset)
            else:
                yield replace(last, ref=WarcRef(relative, last.ref.offset, length))


def _matching(
    record: Any,
    relative: str,
    since: datetime | None,
    until: datetime | None,
    bodies: bool,
    path: Path,
) -> ArchivedResponse | None:
    """The record as an ArchivedResponse (ref not yet known) if it is a response in the window."""
    if record.rec_type != "response":
        return None
    try:
        when = _parse_date(record.rec_headers.get_header("WARC-Date"))
        if (since is not None and when < since) or (until is not None and when > until):
            return None
        return _archived(record, WarcRef(relative, 0, 0), bodies=bodies)
    except ArchiveError as error:
        log.warning("%s: response record skipped: %s", path, error)
        return None


def _archived(record: Any, ref: WarcRef, *, bodies: bool) -> ArchivedResponse:
    """An ArchivedResponse from a warcio response record (its body read when `bodies`)."""
    warc = record.rec_headers
    http = record.http_headers
    url = str(warc.get_header("WARC-Target-URI") or "")
    headers = tuple((str(k), str(v)) for k, v in (http.headers if http else []))
    code, _, reason = (http.statusline if http else "").partition(" ")
    if not code.isdigit():
        raise ArchiveError(f"{ref.file}: response for {url} has no status code")
    body = b""
    if bodies:
        stream = ChunkedDataReader(record.raw_stream) if _chunked(headers) else record.raw_stream
        body = _read_all(stream)
    truncated = warc.get_header("WARC-Truncated")
    return ArchivedResponse(
        ref=ref,
        url=url,
        requested_url=str(warc.get_header(REQUESTED_URI) or url),
        fetched_at=_parse_date(warc.get_header("WARC-Date")),
        status=int(code),
        reason=reason,
        headers=headers,
        body=body,
        truncated=str(truncated) if truncated else None,
        record_id=str(warc.get_header("WARC-Record-ID") or ""),
    )


# --------------------------------------------------------------------------- gzip members


def _member_length(handle: BinaryIO, offset: int) -> int | None:
    """Length of the complete gzip member starting at `offset`; None if it is cut short."""
    handle.seek(offset)
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    fed = 0
    while not inflater.eof:
        data = handle.read(_READ)
        if not data:
            return None
        fed += len(data)
        try:
            while data and not inflater.eof:
                inflater.decompress(data, _READ)  # output dropped: only the boundary matters
                data = inflater.unconsumed_tail
        except zlib.error:
            return None
    return fed - len(inflater.unused_data)


def _complete_prefix(handle: BinaryIO, size: int) -> int:
    """Length of the longest prefix of the file made of complete gzip members."""
    offset = 0
    while offset < size:
        length = _member_length(handle, offset)
        if not length:
            break
        offset += length
    return offset


# --------------------------------------------------------------------------- helpers


def _writer(out: io.BytesIO) -> Any:
    return WARCWriter(out, gzip=True, warc_version=WARC_VERSION)


def _checked(name: str, what: str) -> str:
    if not _NAME.fullmatch(name):
        raise ArchiveError(f"{what} {name!r} cannot name a WARC path (letters, digits, . _ -)")
    return name


def _chunked(headers: tuple[tuple[str, str], ...]) -> bool:
    return any(
        key.lower() == "transfer-encoding" and "chunked" in value.lower() for key, value in headers
    )


def _target(url: str) -> str:
    """The request target of an absolute URL: path and query."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _warc_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_date(value: str | None) -> datetime:
    if not value:
        raise ArchiveError("record without WARC-Date")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ArchiveError(f"bad WARC-Date {value!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _day_of(path: Path) -> date | None:
    try:
        return date.fromisoformat(path.parent.name)
    except ValueError:
        return None


def _read_all(stream: Any) -> bytes:
    chunks = []
    while chunk := stream.read(_READ):
        chunks.append(chunk)
    return b"".join(chunks)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

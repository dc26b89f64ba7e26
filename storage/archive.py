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

Object storage (a root `s3://bucket/prefix`, options from `storage/objectstore.py`): offsets
must be exact and S3 cannot append, so the run's file is written locally exactly as above (under
the store's local state directory, `warc-pending/`), and `sync()` and `close()` upload it whole
to `<root>/warc/<source>/<day>/<run_id>.warc.gz`: pyarrow's S3 writer (multipart when large) to
a `.part-…` object, then a server-side copy over the file, so the object is only ever replaced,
atomically, by a longer copy of the same bytes (a copy is one request up to S3's 5 GB limit;
deleting the part leaves pyarrow's empty `<day>/` directory marker, which readers skip).
The upload happens before the version log points at anything in it, so every committed
`WarcRef` is in the object. `close()` removes the local copy once uploaded. Reopening the file
for the same run on any machine starts from the uploaded object (local bytes that never reached
it were never pointed at), so a retried run appends after what its first attempt uploaded.
`read_response` reads one record with a ranged GET; `iter_responses` downloads each file to a
temporary file and reads it as a local one. The cost: every sync re-uploads the whole file
(one per stored batch; ~0.1 s for 10 MB against a loopback server).
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.metadata
import io
import logging
import os
import re
import tempfile
import threading
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self
from urllib.parse import urlsplit

from pyarrow import fs as pafs
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scrapers.records import HttpExchange, WarcRef
from storage import objectstore

__all__ = [
    "ARCHIVE_DIR",
    "ArchiveError",
    "ArchivedResponse",
    "WarcArchive",
    "archive_files",
    "archive_names",
    "iter_responses",
    "read_response",
    "warc_root",
    "warc_uri",
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
PENDING_DIR = "warc-pending"  # in the local state directory: files of runs writing to S3


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
    """`<root>/warc` of a local root; WarcRef.file is relative to it (see `warc_uri`)."""
    if objectstore.is_remote(root):
        raise ArchiveError(f"{root}: not a local directory (use warc_uri)")
    return Path(root).absolute() / ARCHIVE_DIR


def warc_uri(root: str | Path) -> str:
    """`<root>/warc`, for a local directory or an object-store root."""
    if objectstore.is_remote(root):
        return f"{str(root).rstrip('/')}/{ARCHIVE_DIR}"
    return str(warc_root(root))


def archive_files(root: str | Path, source: str) -> list[Path]:
    """The source's WARC files of a local root, oldest day first (any root: `archive_names`)."""
    base = warc_root(root) / _checked(source, "source")
    return sorted(base.glob(f"*/*{SUFFIX}")) if base.is_dir() else []


def archive_names(root: str | Path, source: str) -> list[str]:
    """The source's WARC files as `WarcRef.file` names (`<source>/<day>/<run>.warc.gz`),
    oldest day first; for a local or an object-store root."""
    return [entry.name for entry in _entries(root, source)]


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str  # relative to `<root>/warc`
    mtime: float  # when last written (POSIX seconds)


def _entries(root: str | Path, source: str) -> list[_Entry]:
    _checked(source, "source")
    if not objectstore.is_remote(root):
        local = warc_root(root)
        return [
            _Entry(path.relative_to(local).as_posix(), path.stat().st_mtime)
            for path in archive_files(root, source)
        ]
    fs, base = objectstore.filesystem(warc_uri(root))
    selector = pafs.FileSelector(f"{base}/{source}", recursive=True, allow_not_found=True)
    found = []
    for info in fs.get_file_info(selector):
        name = str(info.path)[len(base) + 1 :]
        parts = name.split("/")
        if info.type == pafs.FileType.File and len(parts) == 3 and name.endswith(SUFFIX):
            mtime = info.mtime.timestamp() if info.mtime is not None else float("inf")
            found.append(_Entry(name, mtime))
    return sorted(found, key=lambda entry: entry.name)


# --------------------------------------------------------------------------- writing


class WarcArchive:
    """The WARC file of one source's run; an `ExchangeRecorder` for `scrapers.http.Fetcher`.

    `path` is the local file written; `uri` where the archive keeps it (the object for an
    object-store root, which `sync`/`close` upload to). `pending_dir`: where the local file of
    an object-store root goes (default: `warc-pending` in the root's local state directory).
    """

    def __init__(
        self,
        root: str | Path,
        source: str,
        run_id: str,
        *,
        day: date | None = None,
        pending_dir: Path | None = None,
    ) -> None:
        day = day or datetime.now(UTC).date()
        self.source = _checked(source, "source")
        self.run_id = _checked(run_id, "run id")
        self.file = f"{self.source}/{day.isoformat()}/{self.run_id}{SUFFIX}"
        self._remote: tuple[pafs.FileSystem, str] | None = None
        if objectstore.is_remote(root):
            self.uri = f"{warc_uri(root)}/{self.file}"
            self._remote = objectstore.filesystem(self.uri)
            pending = pending_dir or objectstore.state_dir(root) / PENDING_DIR
            self.path = pending / self.file
        else:
            self.path = warc_root(root) / self.file
            self.uri = str(self.path)
        self._lock = threading.Lock()
        self._upload_lock = threading.Lock()
        self._uploaded = 0
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
            if self._remote is not None:
                self._uploaded = self._adopt_uploaded(fd)
            self._size = self._recover(fd)
            if created:
                _fsync_dir(self.path.parent)
            if self._size == 0:
                self._append(self._warcinfo())
        except BaseException:
            self._fd = None
            os.close(fd)  # no upload, nothing removed: a retry starts from what is there
            raise

    def record(self, exchange: HttpExchange) -> WarcRef:
        """Append the exchange's response and request records; where the response lies."""
        response, request = self._records(exchange)
        offset = self._append(response + request)
        return WarcRef(self.file, offset, len(response))

    def sync(self) -> None:
        """Make everything recorded so far durable (before anything points at it): fsync, and
        for an object-store root, upload."""
        with self._lock:
            if self._fd is None:
                return
            os.fsync(self._fd)
            size = self._size
        self._upload(size)

    def close(self) -> None:
        """Sync and close. For an object-store root the local copy is removed once uploaded;
        if the upload fails it stays (and the error propagates) for a retry to pick up."""
        with self._lock:
            fd = self._fd
            if fd is None:
                return
            try:
                os.fsync(fd)
                self._upload(self._size)  # still holding the flock
                if self._remote is not None:
                    self.path.unlink()
            finally:
                self._fd = None
                os.close(fd)  # releases the flock

    def _upload(self, size: int) -> None:
        """Replace the object with the first `size` bytes of the local file (a longer copy of
        what it held: uploads run one at a time and never go backwards).

        The bytes go to a `.part-…` object first, copied over the real one only once complete:
        pyarrow's writer cannot be aborted, so an upload interrupted midway would otherwise
        replace the object with a shorter one and break the rows pointing past its end."""
        if self._remote is None:
            return
        with self._upload_lock:
            if size <= self._uploaded:
                return
            fs, key = self._remote
            part = f"{key}.part-{uuid.uuid4().hex}"  # not `.warc.gz`: never listed as a file
            try:
                # compression=None: pyarrow would gzip a `.gz` name once more.
                out = fs.open_output_stream(part, compression=None)
                try:
                    with self.path.open("rb") as local:
                        left = size
                        while chunk := local.read(min(_READ, left)):
                            out.write(chunk)
                            left -= len(chunk)
                finally:
                    out.close()
                uploaded = fs.get_file_info(part).size
                if uploaded != size:
                    raise ArchiveError(f"{self.uri}: uploaded {uploaded} of {size} bytes")
                fs.copy_file(part, key)  # atomic: readers see the old object or the new one
            except OSError as error:
                raise ArchiveError(f"{self.uri}: upload failed: {error}") from error
            finally:
                with contextlib.suppress(OSError):
                    fs.delete_file(part)
            self._uploaded = size

    def _adopt_uploaded(self, fd: int) -> int:
        """Start from the uploaded object when there is one (a retried run): keep the local
        file only where it extends the object byte for byte. Returns the object's size."""
        assert self._remote is not None
        fs, key = self._remote
        try:
            info = fs.get_file_info(key)
            if info.type == pafs.FileType.NotFound:
                return 0
            with _download(fs, key) as remote, self.path.open("rb") as local:
                extends = True
                while chunk := remote.read(_READ):
                    if local.read(len(chunk)) != chunk:
                        extends = False
                        break
            if extends:
                return int(info.size)
            log.info("%s: continuing from the uploaded %s", self.path, self.uri)
            os.ftruncate(fd, 0)
            with _download(fs, key) as remote:
                while chunk := remote.read(_READ):
                    view = memoryview(chunk)
                    while view:
                        view = view[os.write(fd, view) :]
            os.fsync(fd)
            return int(info.size)
        except OSError as error:
            raise ArchiveError(f"{self.uri}: cannot read the uploaded archive: {error}") from error

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
    for entry in _entries(root, source):
        day = _day_of(Path(entry.name))
        if until is not None and day is not None and day > until.astimezone(UTC).date():
            continue  # the run began after `until`
        if since is not None and entry.mtime < since.timestamp() - _MTIME_SLACK:
            continue  # last written well before `since` (file clocks are coarse: a margin)
        with _local_copy(root, entry.name) as path:
            yield from _responses_in(path, entry.name, since, until, bodies)


def read_response(root: str | Path, ref: WarcRef) -> ArchivedResponse:
    """Exactly one response record, read by its offset: nothing else of the file is read
    (from object storage: one ranged GET)."""
    if ref.offset < 0 or ref.length <= 0:
        raise ArchiveError(f"{ref.file}: bad offset {ref.offset} or length {ref.length}")
    if objectstore.is_remote(root):
        data = _read_remote(root, ref)
    else:
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


def _read_remote(root: str | Path, ref: WarcRef) -> bytes:
    fs, key = objectstore.filesystem(_object_uri(root, ref.file))
    try:
        with fs.open_input_file(key) as handle:
            return bytes(handle.read_at(ref.length, ref.offset))
    except FileNotFoundError:
        raise ArchiveError(f"{ref.file}: no such file in {warc_uri(root)}") from None
    except OSError as error:
        raise ArchiveError(f"{ref.file}: {error}") from None


def _object_uri(root: str | Path, name: str) -> str:
    """The URI of a `WarcRef.file` name in an object-store root: `<source>/<day>/<file>` only
    (no way out of the archive, which a key could otherwise take with `..`)."""
    parts = name.split("/")
    if len(parts) != 3 or not all(_NAME.fullmatch(p) for p in parts) or not name.endswith(SUFFIX):
        raise ArchiveError(f"{name}: not a WARC file of the archive")
    return f"{warc_uri(root)}/{name}"


@contextlib.contextmanager
def _local_copy(root: str | Path, name: str) -> Iterator[Path]:
    """The archive file `name` as a local file: itself, or a temporary download of the object
    (a whole file is read anyway; ranged reads of small blocks would cost a request each)."""
    if not objectstore.is_remote(root):
        yield warc_root(root) / name
        return
    fs, key = objectstore.filesystem(_object_uri(root, name))
    with tempfile.NamedTemporaryFile(prefix="vnnews-", suffix=SUFFIX) as copy:
        try:
            with _download(fs, key) as remote:
                while chunk := remote.read(_READ):
                    copy.write(chunk)
        except OSError as error:
            raise ArchiveError(f"{name}: cannot download from {warc_uri(root)}: {error}") from None
        copy.flush()
        yield Path(copy.name)


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


def _download(fs: pafs.FileSystem, key: str) -> Any:
    """A stream of the object's bytes as stored (pyarrow would gunzip a `.gz` name)."""
    return fs.open_input_stream(key, compression=None)


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

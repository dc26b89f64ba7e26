"""The raw WARC archive: exact offsets, standard tools, crashes, threads, the live transport."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from scrapers.http import Fetcher, FetchPolicy, reset_rate_limiters
from scrapers.records import HttpExchange, WarcRef
from scrapers.replay import ReplayOptions, ReplayServer
from storage.archive import (
    REQUESTED_URI,
    ArchiveError,
    WarcArchive,
    archive_files,
    iter_responses,
    read_response,
    warc_root,
)
from tests.conftest import SNAPSHOT

SITE = "https://www.qdnd.vn"
WHEN = datetime(2024, 5, 1, 8, 30, 15, 123456, tzinfo=UTC)
WARCIO = Path(sys.executable).with_name("warcio")


def exchange(
    path: str = "/a-1",
    body: bytes = b"<p>ok</p>",
    *,
    status: int = 200,
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),),
    when: datetime = WHEN,
    requested: str | None = None,
    truncated: str | None = None,
) -> HttpExchange:
    url = f"{SITE}{path}"
    return HttpExchange(
        method="GET",
        url=url,
        request_headers=(("Host", "www.qdnd.vn"), ("Accept-Encoding", "gzip, deflate"),
                         ("Cookie", "muid_mly=abc")),
        http_version="HTTP/1.1",
        status=status,
        reason={200: "OK", 302: "Found", 304: "Not Modified", 404: "Not Found"}.get(status, ""),
        response_headers=headers,
        body=body,
        started_at=when,
        requested_url=requested or url,
        truncated=truncated,
    )


def test_records_read_back_exactly_and_standard_tools_accept_the_file(tmp_path: Path) -> None:
    html = "<html><body><p>Quân đội nhân dân</p></body></html>".encode()
    packed = gzip.compress(html, mtime=0)
    cases = [
        exchange("/gzip-1", packed, headers=(("Content-Encoding", "gzip"), ("X-Case", "Kept"))),
        exchange("/chunked-2", packed, headers=(("Transfer-Encoding", "chunked"),
                                                ("Content-Encoding", "gzip"))),
        exchange("/moved-3", b"", status=302, headers=(("Location", "/gzip-1"),),
                 requested=f"{SITE}/old-3"),
        exchange("/same-4", b"", status=304, headers=(("ETag", '"v1"'),)),
        exchange("/gone-5", b"not found", status=404),
        exchange("/cut-6", b"x" * 100, truncated="length"),
        exchange("/empty-7", b""),
    ]
    with WarcArchive(tmp_path, "qdnd", "run-1") as archive:
        refs = [archive.record(case) for case in cases]
    assert re.fullmatch(r"qdnd/\d{4}-\d\d-\d\d/run-1\.warc\.gz", archive.file)  # the UTC day
    assert archive.path == tmp_path / "warc" / archive.file
    assert all(ref.file == archive.file for ref in refs)

    for case, ref in zip(cases, refs, strict=True):
        got = read_response(tmp_path, ref)
        assert got.ref == ref
        assert (got.url, got.requested_url, got.status) == (case.url, case.requested_url,
                                                            case.status)
        assert got.body == case.body  # as received: gzip stays gzip, chunking undone
        assert got.headers == case.response_headers
        assert got.fetched_at == WHEN and got.truncated == case.truncated

    listed = list(iter_responses(tmp_path, "qdnd"))
    assert [r.ref for r in listed] == refs
    assert [r.body for r in listed] == [c.body for c in cases]
    assert [r.ref for r in iter_responses(tmp_path, "qdnd", bodies=False)] == refs

    # warcio reads it: pairs linked, offsets as we recorded them, digests right.
    with archive.path.open("rb") as handle:
        iterator = ArchiveIterator(handle, check_digests=True)
        records = []
        for record in iterator:
            content = record.content_stream().read()  # dechunked and gunzipped by warcio
            records.append((record, content, iterator.get_record_offset(),
                            iterator.get_record_length()))
    assert records[0][0].rec_type == "warcinfo"
    assert [r[0].rec_type for r in records[1:]] == ["response", "request"] * len(cases)
    for i, ref in enumerate(refs):
        (response, content, offset, length), (request, _, _, _) = records[1 + 2 * i : 3 + 2 * i]
        assert (offset, length) == (ref.offset, ref.length)
        assert response.digest_checker.passed is not False
        head = response.rec_headers
        assert request.rec_headers.get_header("WARC-Concurrent-To") == head.get_header(
            "WARC-Record-ID"
        )
        assert request.rec_headers.get_header("WARC-Target-URI") == cases[i].url
        assert request.rec_headers.get_header("WARC-Date") == "2024-05-01T08:30:15.123456Z"
        assert head.get_header("WARC-Date") == "2024-05-01T08:30:15.123456Z"
        assert request.http_headers.get_header("Cookie") == "muid_mly=abc"
        assert request.http_headers.protocol == "GET"
        if i < 2:
            assert content == html
    assert records[5][0].rec_headers.get_header(REQUESTED_URI) == f"{SITE}/old-3"
    assert records[11][0].rec_headers.get_header("WARC-Truncated") == "length"

    if WARCIO.exists():
        index = subprocess.run([WARCIO, "index", archive.path], capture_output=True, text=True)
        assert index.returncode == 0 and index.stdout.count('"response"') == len(cases)
        check = subprocess.run([WARCIO, "check", "-v", archive.path], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout
        assert "digest pass" in check.stdout and "failed" not in check.stdout


def test_a_file_cut_short_reads_up_to_its_last_complete_record(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, "qdnd", "run-1") as archive:
        refs = [archive.record(exchange(f"/a-{n}", os.urandom(5000))) for n in range(3)]
    full = archive.path.read_bytes()
    for cut in (refs[2].offset + refs[2].length // 2,  # in the middle of the last response
                refs[2].offset + refs[2].length - 3,  # only its gzip trailer missing
                refs[2].offset + 5):  # its gzip header only
        archive.path.write_bytes(full[:cut])
        assert [r.ref for r in iter_responses(tmp_path, "qdnd")] == refs[:2]
        with pytest.raises(ArchiveError, match="not one complete gzip member"):
            read_response(tmp_path, refs[2])
    # Cut inside the request record that follows: the response itself is whole.
    archive.path.write_bytes(full[: refs[2].offset + refs[2].length + 7])
    assert [r.ref for r in iter_responses(tmp_path, "qdnd")] == refs

    # The retry of the same run cuts the partial tail off, then appends after it.
    archive.path.write_bytes(full[: refs[2].offset + 100])
    with WarcArchive(tmp_path, "qdnd", "run-1") as again:
        later = again.record(exchange("/a-9"))
    assert later.offset == refs[2].offset
    assert [r.ref for r in iter_responses(tmp_path, "qdnd")] == [*refs[:2], later]
    if WARCIO.exists():
        check = subprocess.run([WARCIO, "check", archive.path], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


WRITER = """
import os, sys
from datetime import UTC, datetime
from scrapers.records import HttpExchange
from storage.archive import WarcArchive
archive = WarcArchive(sys.argv[1], "qdnd", "killed")
n = 0
while True:
    n += 1
    archive.record(HttpExchange(
        "GET", f"https://www.qdnd.vn/a-{n}", (("Host", "www.qdnd.vn"),), "HTTP/1.1", 200, "OK",
        (("Content-Type", "text/html"),), os.urandom(200_000), datetime.now(UTC),
        f"https://www.qdnd.vn/a-{n}"))
"""


def test_sigkill_mid_write_leaves_a_readable_archive(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], cwd=root)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            files = archive_files(tmp_path, "qdnd")
            if files and files[0].stat().st_size > 3_000_000:
                break
            time.sleep(0.01)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    found = list(iter_responses(tmp_path, "qdnd"))
    assert len(found) >= 10
    assert [r.url for r in found] == [f"{SITE}/a-{n}" for n in range(1, len(found) + 1)]
    for response in found[-3:]:
        assert read_response(tmp_path, response.ref).body == response.body
    # The next writer of that run repairs the tail; every tool reads the file again.
    with WarcArchive(tmp_path, "qdnd", "killed") as archive:
        archive.record(exchange("/after"))
    after = list(iter_responses(tmp_path, "qdnd", bodies=False))
    assert [r.url for r in after] == [r.url for r in found] + [f"{SITE}/after"]
    if WARCIO.exists():
        check = subprocess.run([WARCIO, "check", archive.path], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


def test_threads_write_whole_records_at_exact_offsets(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path, "qdnd", "run-1")
    refs: dict[str, WarcRef] = {}
    lock = threading.Lock()

    def work(worker: int) -> None:
        for n in range(30):
            path = f"/w{worker}-{n}"
            ref = archive.record(exchange(path, os.urandom(3000 + n)))
            with lock:
                refs[f"{SITE}{path}"] = ref

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    archive.close()
    assert len(refs) == 240 and len({r.offset for r in refs.values()}) == 240
    listed = {r.url: r.ref for r in iter_responses(tmp_path, "qdnd", bodies=False)}
    assert listed == refs
    for url, ref in list(refs.items())[::17]:
        assert read_response(tmp_path, ref).url == url


def test_since_until_select_by_warc_date(tmp_path: Path) -> None:
    days = [WHEN + timedelta(days=n) for n in range(3)]
    with WarcArchive(tmp_path, "qdnd", "run-1", day=WHEN.date()) as archive:
        for n, when in enumerate(days):
            archive.record(exchange(f"/a-{n}", when=when))

    def urls(since: datetime | None, until: datetime | None) -> list[str]:
        return [r.url.rsplit("/", 1)[1] for r in iter_responses(tmp_path, "qdnd", since, until)]

    assert urls(None, None) == ["a-0", "a-1", "a-2"]
    assert urls(days[1], None) == ["a-1", "a-2"]
    assert urls(None, days[1]) == ["a-0", "a-1"]  # inclusive
    assert urls(days[1], days[1]) == ["a-1"]
    assert urls(WHEN - timedelta(days=9), WHEN - timedelta(days=1)) == []
    with pytest.raises(ValueError, match="timezone-aware"):
        list(iter_responses(tmp_path, "qdnd", datetime(2024, 5, 1)))


def test_bad_names_refs_and_a_second_writer_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match=r"source '\.\./x'"):
        WarcArchive(tmp_path, "../x", "run")
    with pytest.raises(ArchiveError, match="run id"):
        WarcArchive(tmp_path, "qdnd", "a/b")
    with WarcArchive(tmp_path, "qdnd", "run") as archive:
        ref = archive.record(exchange())
        with pytest.raises(ArchiveError, match="being written by another process"):
            WarcArchive(tmp_path, "qdnd", "run")
    with pytest.raises(ArchiveError, match="not a gzip member"):
        read_response(tmp_path, WarcRef(ref.file, ref.offset + 1, ref.length))
    with pytest.raises(ArchiveError, match="not a response"):
        read_response(tmp_path, WarcRef(ref.file, 0, ref.offset))  # the warcinfo record
    with pytest.raises(ArchiveError, match="not a WARC file"):
        read_response(tmp_path, WarcRef("../../etc/passwd", 0, 10))
    with pytest.raises(ArchiveError, match="No such file"):
        read_response(tmp_path, WarcRef("qdnd/2024-01-01/none.warc.gz", 0, 10))
    with pytest.raises(ArchiveError, match="local directory"):
        warc_root("s3://bucket/corpus")  # object-store roots: tests/test_s3.py
    assert archive_files(tmp_path, "other") == []


def test_the_fetcher_archives_what_the_replay_sent(tmp_path: Path) -> None:
    """Through the real transport: gzip bodies, the cookie gate's 302s, robots.txt, a 304."""
    reset_rate_limiters()
    snapshot = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT, snapshot)
    article = next(p for p in (snapshot / "www.qdnd.vn").rglob("index.html")
                   if p.parent.name[-1].isdigit())
    url = f"{SITE}/{article.parent.relative_to(snapshot / 'www.qdnd.vn').as_posix()}"
    with ReplayServer(snapshot, options=ReplayOptions(cookie_gate=True)) as server, \
            WarcArchive(tmp_path / "data", "qdnd", "run-1", day=date(2024, 5, 1)) as archive, \
            Fetcher(FetchPolicy(requests_per_second=500), host_map=server.host_map(),
                    recorder=archive) as fetcher:
        page = fetcher.get(url)
        again = fetcher.get(url, validators=page.validators)
    assert page.warc is not None and again.warc is not None and again.status == 304
    got = read_response(tmp_path / "data", page.warc)
    assert got.url == url and got.status == 200
    assert dict(got.headers)["Content-Encoding"] == "gzip"
    assert gzip.decompress(got.body) == article.read_bytes() == page.body
    listed = [(r.url.removeprefix(SITE), r.status) for r in iter_responses(tmp_path / "data",
                                                                          "qdnd")]
    path = url.removeprefix(SITE)
    assert listed == [("/robots.txt", 302), ("/robots.txt", 200), (path, 200), (path, 304)]
    with archive.path.open("rb") as handle:
        requests = [r for r in ArchiveIterator(handle) if r.rec_type == "request"]
    assert requests[-1].http_headers.get_header("If-None-Match") == page.validators.etag
    assert "muid_mly=" in requests[-1].http_headers.get_header("Cookie")

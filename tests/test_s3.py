"""The store at an `s3://` URI, against moto's S3 server on 127.0.0.1 (started once per module).

Every client is pointed at the loopback server: boto3 (bucket setup and checks) by argument,
deltalake and pyarrow by the standard AWS variables (or, in one test, by storage options only).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator

import config
from flows.pipeline import batches, start_run
from flows.reparse import reparse_source
from scrapers.http import reset_rate_limiters
from scrapers.records import Article, WarcRef
from scrapers.replay import ReplayOptions, ReplayServer
from storage import Store, open_store
from storage.archive import (
    PENDING_DIR,
    ArchiveError,
    WarcArchive,
    archive_names,
    iter_responses,
    read_response,
)
from storage.dedupe import link_new, links
from storage.export import export, read_links
from storage.objectstore import delta_options, state_dir
from storage.versions import VersionLog, WriteResult
from tests.test_archive import exchange
from tests.test_e2e import article_files
from tests.test_reparse import changed_parser
from tests.test_storage import article

REPO = Path(__file__).resolve().parents[1]
FETCHED = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
CFG = config.load(environ={})
QDND = CFG.source("qdnd")
FAST = 500.0
# The standard variables a developer's shell may hold: none may steer a test off loopback.
AWS_VARIABLES = (
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION",
    "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONDITIONAL_PUT", "AWS_S3_ALLOW_UNSAFE_RENAME", "AWS_VIRTUAL_HOSTED_STYLE_REQUEST",
    "VNNEWS_STORAGE_OPTIONS", "VNNEWS_DATA_DIR", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy",
    "https_proxy", "ALL_PROXY", "all_proxy",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# moto's ThreadedMotoServer, in a child process: in the test's own process it would starve,
# since some deltalake calls (`DeltaTable.is_deltatable`) hold the GIL while they wait for it.
SERVER = """
import logging
import sys

from moto.server import ThreadedMotoServer

logging.getLogger("werkzeug").setLevel(logging.ERROR)
server = ThreadedMotoServer(ip_address="127.0.0.1", port=int(sys.argv[1]), verbose=False)
server.start()
print("ready", flush=True)
sys.stdin.read()  # until the test closes our stdin
server.stop()
"""


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """moto's S3 server on a free loopback port, for the whole module."""
    try:
        import boto3  # noqa: F401
        import moto.server  # noqa: F401
    except ImportError as error:  # pragma: no cover - moto[server] is in the dev dependencies
        pytest.skip(f"moto[server] or boto3 is not installed ({error}): no local S3 to test with")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)], cwd=REPO, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert server.stdout is not None
        if server.stdout.readline().strip() != "ready":
            server.kill()
            _, errors = server.communicate(timeout=10)
            pytest.skip(f"moto's S3 server could not start on 127.0.0.1:{port}: {errors[-500:]}")
        deadline = time.monotonic() + 30
        while True:
            try:
                s3_client(url).list_buckets()
                break
            except Exception as error:
                if time.monotonic() > deadline:
                    pytest.skip(f"moto's S3 server on {url} does not answer: {error}")
                time.sleep(0.1)
        yield url
    finally:
        if server.stdin is not None:
            server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def s3_client(url: str) -> Any:
    import boto3

    return boto3.client(
        "s3", endpoint_url=url, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )


def aws_environment(url: str) -> dict[str, str]:
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": url,
        "AWS_ALLOW_HTTP": "true",
        "AWS_EC2_METADATA_DISABLED": "true",  # never ask 169.254.169.254 for anything
    }


@pytest.fixture
def bucket(endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """A fresh bucket, the AWS variables pointing at moto, and a private local state dir."""
    for name in AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in aws_environment(endpoint).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("VNNEWS_STATE_DIR", str(tmp_path / "state"))
    name = f"vnnews-{uuid.uuid4().hex[:12]}"
    s3_client(endpoint).create_bucket(Bucket=name)
    return name


@pytest.fixture
def root(bucket: str) -> str:
    return f"s3://{bucket}/corpus"


def keys(endpoint: str, bucket: str, prefix: str = "") -> dict[str, int]:
    """Every object under `prefix`: key -> size."""
    pages = s3_client(endpoint).get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix=prefix
    )
    return {o["Key"]: o["Size"] for page in pages for o in page.get("Contents", [])}


def edited(a: Article, line: str) -> Article:
    return replace(a, paragraphs=(*a.paragraphs, line))


# --------------------------------------------------------------------------- version log


def test_version_log_write_read_current_as_of_history(
    root: str, bucket: str, endpoint: str, tmp_path: Path
) -> None:
    store = open_store(root)
    log = store.versions
    assert log.uri == f"{root}/versions" and not log.exists()
    assert (log.latest(), log.rows(), log.current(), log.count()) == ({}, [], [], 0)

    first = log.write([(article(1), FETCHED), (article(2), FETCHED)], run_id="run-1")
    assert (first.new, first.new_versions) == (2, 0)
    between = datetime.now(UTC)
    again = log.write([(article(1), FETCHED)], run_id="run-2")
    assert (again.new, again.unchanged) == (0, 1)  # unchanged text adds nothing
    second = log.write([(edited(article(1), "Đoạn sửa."), FETCHED)], run_id="run-3")
    assert second.new_versions == 1

    stored = keys(endpoint, bucket, "corpus/versions/")
    assert any(k.startswith("corpus/versions/_delta_log/") for k in stored)
    assert sum(k.endswith(".parquet") for k in stored) == 2  # two commits with rows
    assert log.count() == 3 and len(log.rows()) == 3
    current = {r["url"]: r for r in log.current()}
    assert current["https://qdnd.vn/bai-1"]["version"] == 2
    assert current["https://qdnd.vn/bai-1"]["text"].endswith("Đoạn sửa.")
    then = {r["url"]: r["version"] for r in log.current(as_of=between)}
    assert then == {"https://qdnd.vn/bai-1": 1, "https://qdnd.vn/bai-2": 1}
    history = log.history("https://qdnd.vn/bai-1")
    assert [(r["version"], r["run_id"]) for r in history] == [(1, "run-1"), (2, "run-3")]
    assert log.known_article_ids("qdnd") == {"1", "2"}

    # A retried run writes nothing twice; a second handle on the URI reads the same.
    assert log.write([(edited(article(1), "Đoạn sửa."), FETCHED)], run_id="run-3").unchanged == 1
    assert VersionLog(root).count() == 3
    # What must stay local is local, in this root's own state directory.
    local = tmp_path / "state" / "s3" / bucket / "corpus"
    assert store.state_dir == local == state_dir(root)
    assert (local / "http_validators.sqlite").is_file()
    assert (local / "locks" / "qdnd.lock").is_file()
    assert not (local / "versions").exists()


WRITER = """
import sys
from datetime import UTC, datetime

from scrapers.records import Article
from storage.versions import VersionLog

log = VersionLog(sys.argv[1])
worker = sys.argv[2]
for i in range(5):
    article = Article(
        url=f"https://qdnd.vn/{worker}-{i}", source=f"source-{worker}", article_id=f"{i}",
        title="Tiêu đề", sapo="", paragraphs=(f"Bài {worker} {i}.",), published_at=None,
        parser_version="t/1",
    )
    log.write([(article, datetime.now(UTC))], run_id=f"{worker}-{i}")
"""


def test_concurrent_processes_commit_to_s3_without_loss(root: str, tmp_path: Path) -> None:
    """Writers of different sources do not share a lock: their commits race for the same
    `_delta_log` entries, and the conditional PUT lets exactly one win each time."""
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, root, str(worker)], cwd=REPO,
                         stderr=subprocess.PIPE, text=True)
        for worker in range(3)
    ]
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0, 0, 0], results
    log = VersionLog(root)
    assert log.count() == 15
    assert len({r["url"] for r in log.rows(columns=["url"])}) == 15


# --------------------------------------------------------------------------- links


def test_links_and_signatures_live_beside_the_log(
    root: str, bucket: str, endpoint: str
) -> None:
    log = open_store(root).versions
    same = ("Quân đội nhân dân Việt Nam luôn sẵn sàng chiến đấu, bảo vệ vững chắc Tổ quốc, "
            "giữ gìn hòa bình và ổn định để phát triển đất nước.",)
    original = article(1, body=same[0])
    assert original.published_at is not None
    copy = replace(original, url="https://baokhac.vn/bai-1", source="khac", article_id="k1",
                   published_at=original.published_at + timedelta(days=1))
    written = log.write([(original, FETCHED), (copy, FETCHED)], run_id="run-1")
    rows = [{"url": v.url, "content_hash": v.content_hash} for v in written.written]
    report = link_new(root, rows, run_id="run-1")
    assert (report.written, report.exact) == (1, 1)
    found = links(root)
    assert {u: (link.original_url, link.kind) for u, link in found.items()} == {
        "https://baokhac.vn/bai-1": ("https://qdnd.vn/bai-1", "exact")
    }
    assert read_links(root)["https://baokhac.vn/bai-1"].original_url == "https://qdnd.vn/bai-1"
    stored = keys(endpoint, bucket, "corpus/")
    assert any(k.startswith("corpus/links/_delta_log/") for k in stored)
    assert any(k.startswith("corpus/minhash/_delta_log/") for k in stored)
    assert link_new(root, rows, run_id="run-2").written == 0  # idempotent


# --------------------------------------------------------------------------- WARC archive


def test_warc_archive_uploads_and_reads_back_by_pointer(
    root: str, bucket: str, endpoint: str, tmp_path: Path
) -> None:
    day = datetime(2024, 5, 1, tzinfo=UTC).date()
    name = "qdnd/2024-05-01/run-1.warc.gz"
    key = f"corpus/warc/{name}"
    archive = WarcArchive(root, "qdnd", "run-1", day=day)
    assert archive.uri == f"s3://{bucket}/{key}"
    assert archive.path.is_relative_to(state_dir(root) / PENDING_DIR)
    refs = [archive.record(exchange(f"/a-{i}", f"<p>bài {i}</p>".encode())) for i in range(3)]
    assert key not in keys(endpoint, bucket)  # nothing uploaded before a sync
    archive.sync()
    assert keys(endpoint, bucket)[key] == archive.path.stat().st_size
    for i, ref in enumerate(refs):  # a ranged read of exactly one record
        response = read_response(root, ref)
        assert (response.url, response.body) == (f"https://www.qdnd.vn/a-{i}",
                                                 f"<p>bài {i}</p>".encode())
    later = archive.record(exchange("/a-3", b"<p>sau</p>"))
    with pytest.raises(ArchiveError, match="not one complete gzip member"):
        read_response(root, later)  # recorded, not yet uploaded
    archive.close()
    assert not archive.path.exists()  # the local copy goes once uploaded
    assert read_response(root, later).body == b"<p>sau</p>"

    # The object is a standard WARC: request/response pairs after a warcinfo record.
    data = s3_client(endpoint).get_object(Bucket=bucket, Key=key)["Body"].read()
    types = [r.rec_type for r in ArchiveIterator(io.BytesIO(data))]
    assert types == ["warcinfo"] + ["response", "request"] * 4
    assert archive_names(root, "qdnd") == [name]
    listed = list(iter_responses(root, "qdnd"))
    assert [r.ref for r in listed] == [*refs, later]

    # A retry of the run on another machine (empty state dir) appends after what was uploaded.
    retry = WarcArchive(root, "qdnd", "run-1", day=day, pending_dir=tmp_path / "elsewhere")
    more = retry.record(exchange("/a-4", b"<p>retry</p>"))
    retry.close()
    assert more.offset == len(data)
    assert [read_response(root, r).body for r in (*refs, later, more)][-2:] == [
        b"<p>sau</p>", b"<p>retry</p>"
    ]
    with pytest.raises(ArchiveError, match="not a WARC file"):
        read_response(root, WarcRef("../../versions/x.warc.gz", 0, 10))
    with pytest.raises(ArchiveError, match="no such file"):
        read_response(root, WarcRef("qdnd/2024-05-01/none.warc.gz", 0, 10))


class FailingUploads:
    """pyarrow's S3 filesystem, except that an upload dies after its first chunk."""

    def __init__(self, fs: Any) -> None:
        self._fs = fs

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fs, name)

    def open_output_stream(self, path: str, **options: Any) -> Any:
        stream = self._fs.open_output_stream(path, **options)
        real_write = stream.write

        class Dying:
            def write(self, data: bytes) -> int:
                real_write(data)
                raise KeyboardInterrupt  # the operator's Ctrl-C, midway through the bytes

            def close(self) -> None:
                stream.close()  # pyarrow completes the upload: it cannot abort one

        return Dying()


def test_an_interrupted_upload_leaves_the_object_as_it_was(
    root: str, bucket: str, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = WarcArchive(root, "qdnd", "run-1")
    first = archive.record(exchange("/a-1", os.urandom(3 << 20)))  # > one 1 MiB chunk
    archive.sync()
    key = archive.uri.split(f"{bucket}/", 1)[1]
    uploaded = keys(endpoint, bucket)[key]
    real = archive._remote
    assert real is not None
    second = archive.record(exchange("/a-2", os.urandom(3 << 20)))
    monkeypatch.setattr(archive, "_remote", (FailingUploads(real[0]), real[1]))
    with pytest.raises(KeyboardInterrupt):
        archive.sync()
    files = {k: n for k, n in keys(endpoint, bucket, "corpus/warc/").items() if k[-1] != "/"}
    assert files == {key: uploaded}  # the same object, and no part left behind
    assert read_response(root, first).status == 200
    monkeypatch.setattr(archive, "_remote", real)
    archive.close()
    assert read_response(root, second).status == 200


# --------------------------------------------------------------------------- exports, compaction


def test_exports_from_the_s3_store_verify(root: str, tmp_path: Path) -> None:
    log = open_store(root).versions
    log.write([(article(n), FETCHED) for n in range(1, 5)], run_id="run-1")
    log.write([(edited(article(2), "Thêm."), FETCHED)], run_id="run-2")

    txt = export(log, tmp_path / "txt", fmt="txt")
    files = sorted((tmp_path / "txt").glob("*.txt"))
    assert txt.files == len(files) == 4
    for path in files:  # every name verifies against the file's bytes
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:16] == path.stem.split("_", 1)[1]
    lines = [json.loads(x) for x in (tmp_path / "txt" / "manifest.jsonl").read_text().splitlines()]
    assert {line["url"]: line["version"] for line in lines}["https://qdnd.vn/bai-2"] == 2

    parquet = export(log, tmp_path / "pq", fmt="parquet")
    table = pq.read_table(parquet.manifest)
    assert table.num_rows == 4
    assert sorted(table.column("version").to_pylist()) == [1, 1, 1, 2]
    for row in table.to_pylist():
        assert hashlib.sha256(row["text"].encode()).hexdigest() == row["digest"]


def test_compaction_on_s3_keeps_every_version(root: str, bucket: str, endpoint: str) -> None:
    log = open_store(root).versions
    moments = []
    for i in range(4):
        log.write([(edited(article(1), f"Lần {i}."), FETCHED), (article(10 + i), FETCHED)],
                  run_id=f"run-{i}")
        moments.append(datetime.now(UTC))
    before = sorted((r["url"], r["version"], r["digest"], r["stored_at"]) for r in log.rows())
    as_of = [sorted((r["url"], r["version"]) for r in log.current(as_of=m)) for m in moments]
    parquet_before = {k for k in keys(endpoint, bucket, "corpus/versions/") if "parquet" in k}

    report = log.compact(retention_hours=0)
    assert report.rows == len(before) == 8
    assert report.files_before == 4 and report.files_after == 1
    assert report.files_deleted == 4  # vacuum removed the replaced objects from the bucket
    after = sorted((r["url"], r["version"], r["digest"], r["stored_at"]) for r in log.rows())
    assert after == before
    assert [sorted((r["url"], r["version"]) for r in log.current(as_of=m))
            for m in moments] == as_of
    parquet_after = {k for k in keys(endpoint, bucket, "corpus/versions/") if "parquet" in k}
    assert not parquet_before & parquet_after and len(parquet_after) == 1
    assert [r["version"] for r in log.history("https://qdnd.vn/bai-1")] == [1, 2, 3, 4]


# --------------------------------------------------------------------------- ingest, reparse


def ingest(snapshot: Path, store: Store, run_id: str) -> WriteResult:
    """One run of the qdnd source against the replay, as the flow does it, minus Prefect."""
    reset_rate_limiters()
    with ReplayServer(snapshot, options=ReplayOptions(cookie_gate=True)) as server:
        run = start_run(CFG, QDND, store, run_id, host_map=server.host_map(),
                        requests_per_second=FAST)
        try:
            discovery = run.discover(QDND.max_pages)
            fetched = []
            for batch in batches(discovery.items, CFG.settings.batch_size):
                result = run.fetch_batch(batch)
                assert result.blocked is None and not result.failures, result.failures
                fetched.extend(result.fetched)
            written = run.store_batch(fetched, run_id)
        finally:
            run.close()
    return written


def test_ingest_into_s3_then_nothing_new_then_reparse_from_s3(
    snapshot_copy: Path, root: str, bucket: str, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(root)
    articles = article_files(snapshot_copy)
    first = ingest(snapshot_copy, store, "ingest-1")
    assert first.new == len(store.versions.latest("qdnd")) >= 20
    warc = [k for k in keys(endpoint, bucket, "corpus/warc/qdnd/") if k.endswith(".warc.gz")]
    assert len(warc) == 1 and warc[0].endswith("/ingest-1.warc.gz")
    assert not list((store.local_dir / PENDING_DIR).rglob("*.warc.gz"))
    rows = store.versions.rows("qdnd")
    for row in rows[:5]:  # each row's pointer leads to its raw response in the bucket
        ref = WarcRef(row["warc_file"], row["warc_offset"], row["warc_length"])
        raw = read_response(root, ref)
        assert (raw.requested_url, raw.status) == (row["url"], 200)
        assert gzip.decompress(raw.body) == articles[row["url"]].read_bytes()

    second = ingest(snapshot_copy, store, "ingest-2")
    assert (second.new, second.new_versions) == (0, 0)
    assert store.versions.count() == first.new

    # Today's parser changes one article's text: reparse from the S3 WARCs versions exactly it.
    target = next(iter(store.versions.latest("qdnd").values()))
    changed_parser(monkeypatch, {target.article_id})
    report = reparse_source(store, QDND, run_id="reparse-1")
    assert report.ok, report.message
    assert report.files == 2 and report.responses == first.new
    assert (report.new, report.new_versions, report.failed) == (0, 1, 0)
    history = store.versions.history(target.url)
    assert [(r["version"], r["parser_version"]) for r in history] == [
        (1, history[0]["parser_version"]), (2, "qdnd/test-2")
    ]
    assert history[1]["warc_file"].startswith("qdnd/")


@pytest.mark.e2e
@pytest.mark.usefixtures("prefect_harness")
def test_flows_take_an_s3_data_dir(
    snapshot_copy: Path, root: str, tmp_path: Path
) -> None:
    """`ingest_source`/`reparse` with an s3:// data_dir; the run log goes to the state dir."""
    from flows.ingest import ingest_source
    from flows.reparse import reparse
    from flows.report import RunReport

    reports = []
    for _ in range(2):
        reset_rate_limiters()
        with ReplayServer(snapshot_copy, options=ReplayOptions(cookie_gate=True)) as server:
            state = ingest_source("qdnd", data_dir=root, host_map=server.host_map(),
                                  requests_per_second=FAST, return_state=True)
        assert state.is_completed(), state.message
        report = state.result()
        assert isinstance(report, RunReport)
        reports.append(report)
    assert reports[0].new >= 20 and (reports[1].new, reports[1].new_versions) == (0, 0)
    log = (state_dir(root) / "runs.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["run_id"] for line in log] == [r.run_id for r in reports]
    assert state_dir(root).is_relative_to(tmp_path / "state")

    reparsed = reparse("qdnd", data_dir=root, return_state=True)
    assert reparsed.is_completed(), reparsed.message
    assert (reparsed.result().new, reparsed.result().new_versions) == (0, 0)


# --------------------------------------------------------------------------- options, processes


def test_options_from_settings_alone_reach_deltalake_and_pyarrow(
    root: str, endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No AWS_ENDPOINT_URL in the environment: the configured options must carry it to both."""
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    monkeypatch.delenv("AWS_ALLOW_HTTP")
    cfg = config.load(environ={
        "VNNEWS_DATA_DIR": root,
        "VNNEWS_STATE_DIR": str(tmp_path / "configured-state"),
        "VNNEWS_STORAGE_OPTIONS": json.dumps({"aws_endpoint_url": endpoint,
                                              "AWS_ALLOW_HTTP": "true"}),
    })
    assert cfg.settings.data_dir == root
    from flows.pipeline import open_configured_store

    store = open_configured_store(cfg)
    assert store.state_dir is not None
    assert store.state_dir.is_relative_to(tmp_path / "configured-state")
    assert delta_options(store.versions.uri) == {
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint, "AWS_ALLOW_HTTP": "true",
        "AWS_CONDITIONAL_PUT": "etag",
    }
    store.versions.write([(article(1), FETCHED)], run_id="run-1")
    with WarcArchive(store.root, "qdnd", "run-1") as archive:
        ref = archive.record(exchange())
    assert store.versions.count() == 1 and read_response(store.root, ref).body == b"<p>ok</p>"


def test_bad_options_are_errors_naming_the_key(
    root: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="AWS_BOGUS"):
        open_store(root, storage_options={"AWS_BOGUS": "1"})
    with pytest.raises(config.ConfigError, match=r"VNNEWS_STORAGE_OPTIONS: .*AWS_ALLOW_HTTP"):
        config.load(environ={"VNNEWS_STORAGE_OPTIONS": '{"AWS_ALLOW_HTTP": "maybe"}'})
    with pytest.raises(config.ConfigError, match="VNNEWS_STORAGE_OPTIONS: not a JSON object"):
        config.load(environ={"VNNEWS_STORAGE_OPTIONS": "AWS_REGION=x"})
    settings = (config.CONFIG_DIR / "settings.toml").read_text("utf-8")
    (tmp_path / "settings.toml").write_text(settings + "AWS_ALLOW_HTTP = true\n", "utf-8")
    (tmp_path / "sources.toml").write_text(
        (config.CONFIG_DIR / "sources.toml").read_text("utf-8"), "utf-8"
    )
    with pytest.raises(config.ConfigError, match=r"\[storage_options\].*AWS_ALLOW_HTTP"):
        config.load(tmp_path, environ={})
    with pytest.raises(config.ConfigError, match="data_dir"):
        config.load(environ={"VNNEWS_DATA_DIR": "gs://bucket/corpus"})
    monkeypatch.setenv("AWS_ALLOW_HTTP", "false")
    with pytest.raises(ValueError, match="AWS_ALLOW_HTTP"):
        VersionLog(root).count()


READER = """
import sys
from datetime import UTC, datetime
from pathlib import Path

from scrapers.records import WarcRef
from storage import open_store
from storage.archive import iter_responses, read_response
from storage.dedupe import links
from storage.export import export
from storage.history import show_history

store = open_store(sys.argv[1])
log = store.versions
assert log.count() == 3
assert len(log.current(as_of=datetime.now(UTC))) == 2
assert "v1 → v2" in show_history(log, "https://qdnd.vn/bai-1")
assert links(store.root) == {}
row = log.rows(columns=["warc_file", "warc_offset", "warc_length"])[0]
assert read_response(store.root, WarcRef(row["warc_file"], row["warc_offset"],
                                         row["warc_length"])).status == 200
assert len(list(iter_responses(store.root, "qdnd"))) == 1
assert export(log, Path(sys.argv[2]), fmt="parquet").articles == 2
print("ok")
"""


def test_a_fresh_process_reading_s3_exits_cleanly(root: str, tmp_path: Path) -> None:
    """The abort at exit (code 134) must not come back through S3 reads (deltalake, pyarrow)."""
    log = open_store(root).versions
    with WarcArchive(root, "qdnd", "run-1") as archive:
        ref = archive.record(exchange("/bai-1"))
    log.write([(article(1), FETCHED), (article(2), FETCHED)], run_id="run-1",
              warc_refs={"https://qdnd.vn/bai-1": ref})
    log.write([(edited(article(1), "Sửa."), FETCHED)], run_id="run-2")
    done = subprocess.run(
        [sys.executable, "-c", READER, root, str(tmp_path / "out")],
        cwd=REPO, capture_output=True, text=True, timeout=120, env=dict(os.environ),
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr[-3000:]

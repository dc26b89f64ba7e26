"""The version log and validator store, against real Delta tables and SQLite files in tmp_path."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from deltalake import DeltaTable

from scrapers.records import Article, Image, Validators
from storage.validators import ValidatorStore
from storage.versions import COLUMNS, VersionLog

# Tests import submodules: an editable install made before `storage/__init__.py` existed maps
# `storage` to a namespace package unless the repo root is on sys.path. Subprocesses run with the
# repo as working directory, where `from storage import ...` always resolves to the real package.

REPO = Path(__file__).resolve().parents[1]
ICT = timezone(timedelta(hours=7))
FETCHED = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)


def article(
    n: int, *, source: str = "qdnd", body: str | None = None, url: str | None = None
) -> Article:
    return Article(
        url=url or f"https://{source}.vn/bai-{n}",
        source=source,
        article_id=str(n),
        title=f"Tiêu đề {n}",
        sapo=f"Sapo {n}",
        paragraphs=(body or f"Nội dung bài {n}.",),
        published_at=datetime(2024, 5, 1, 10, n % 60, tzinfo=ICT),
        parser_version="qdnd/1",
        authors=("PHAN TUỆ",),
        tags=("quốc phòng",),
        images=(Image("https://qdnd.vn/a.jpg", "Toàn cảnh", "TTXVN"),),
    )


def batch(*articles: Article) -> list[tuple[Article, datetime]]:
    return [(a, FETCHED) for a in articles]


def test_empty_log_reads_nothing_and_creates_nothing(tmp_path: Path) -> None:
    log = VersionLog(tmp_path)
    assert log.latest() == {}
    assert log.rows() == []
    assert log.current() == []
    assert log.count() == 0
    assert log.known_article_ids("qdnd") == set()
    assert not (tmp_path / "versions").exists()


def test_first_write_stores_all_as_version_1(tmp_path: Path) -> None:
    log = VersionLog(tmp_path)
    arts = [article(1), article(2), article(3)]
    result = log.write(batch(*arts), run_id="run-1")

    assert (result.new, result.new_versions, result.unchanged) == (3, 0, 0)
    assert [v.url for v in result.written] == [a.url for a in arts]
    rows = log.rows()
    assert [r["url"] for r in rows] == [a.url for a in arts]
    assert tuple(rows[0]) == COLUMNS
    first = rows[0]
    a = arts[0]
    assert first["version"] == 1
    assert first["text"] == a.text
    assert first["digest"] == a.digest
    assert first["content_hash"] == a.content_hash
    assert first["run_id"] == "run-1"
    assert first["published_at"] == datetime(2024, 5, 1, 3, 1, tzinfo=UTC)
    assert first["fetched_at"] == FETCHED
    assert first["updated_at"] is None
    assert first["authors"] == ["PHAN TUỆ"]
    assert first["tags"] == ["quốc phòng"]
    assert first["images"] == [
        {"url": "https://qdnd.vn/a.jpg", "caption": "Toàn cảnh", "credit": "TTXVN"}
    ]
    assert log.count() == 3
    assert log.known_article_ids("qdnd") == {"1", "2", "3"}
    assert {url: v.version for url, v in log.latest().items()} == {a.url: 1 for a in arts}
    history = DeltaTable(log.uri).history()
    assert history[0]["run_id"] == "run-1"
    assert len(history) == 1  # one write, one commit


def test_same_articles_again_write_nothing(tmp_path: Path) -> None:
    log = VersionLog(tmp_path)
    log.write(batch(article(1), article(2)), run_id="run-1")
    version = DeltaTable(log.uri).version()

    result = log.write(batch(article(1), article(2)), run_id="run-2")

    assert (result.new, result.new_versions, result.unchanged) == (0, 0, 2)
    assert result.written == ()
    assert log.count() == 2
    assert DeltaTable(log.uri).version() == version  # no empty commit either


def test_changed_text_adds_version_2_and_keeps_history(tmp_path: Path) -> None:
    log = VersionLog(tmp_path)
    log.write(batch(article(1), article(2)), run_id="run-1")
    changed = article(1, body="Nội dung đã sửa.")

    result = log.write(batch(changed, article(2), article(3)), run_id="run-2")

    assert (result.new, result.new_versions, result.unchanged) == (1, 1, 1)
    history = [r for r in log.rows() if r["url"] == changed.url]
    assert [(r["version"], r["text"]) for r in history] == [
        (1, article(1).text),
        (2, changed.text),
    ]
    assert log.latest()[changed.url].version == 2
    assert log.latest()[changed.url].content_hash == changed.content_hash
    current = log.current()
    assert [(r["url"], r["version"]) for r in current] == [
        (article(1).url, 2),
        (article(2).url, 1),
        (article(3).url, 1),
    ]


def test_retried_run_id_never_writes_twice(tmp_path: Path) -> None:
    log = VersionLog(tmp_path)
    log.write(batch(article(1)), run_id="run-1")
    # The retry sees a changed page, but this run already stored that URL.
    result = log.write(batch(article(1, body="Khác."), article(2)), run_id="run-1")

    assert (result.new, result.new_versions, result.unchanged) == (1, 0, 1)
    rows = log.rows()
    assert [(r["url"], r["version"]) for r in rows] == [(article(1).url, 1), (article(2).url, 1)]


def test_duplicate_in_one_batch_is_written_once(tmp_path: Path) -> None:
    log = VersionLog(tmp_path)
    twice = article(1)
    other_text_same_url = article(1, body="Bản khác cùng URL.")

    result = log.write(batch(twice, twice, other_text_same_url), run_id="run-1")

    assert (result.new, result.new_versions, result.unchanged) == (1, 0, 2)
    rows = log.rows()
    assert len(rows) == 1
    assert rows[0]["text"] == twice.text


def test_partitioned_by_source(tmp_path: Path) -> None:
    log = VersionLog(tmp_path)
    log.write(batch(article(1), article(2, source="qk7"), article(3)), run_id="run-1")

    assert DeltaTable(log.uri).metadata().partition_columns == ["source"]
    assert sorted(p.name for p in Path(log.uri).glob("source=*")) == ["source=qdnd", "source=qk7"]
    assert [r["url"] for r in log.rows("qdnd")] == [article(1).url, article(3).url]
    assert [r["url"] for r in log.rows("qk7")] == [article(2, source="qk7").url]
    assert set(log.latest("qk7")) == {article(2, source="qk7").url}
    assert [r["url"] for r in log.current("qdnd")] == [article(1).url, article(3).url]
    assert log.known_article_ids("qk7") == {"2"}
    assert log.rows("nope") == []


def test_rows_selects_columns_and_keeps_stored_order(tmp_path: Path) -> None:
    log = VersionLog(tmp_path)
    log.write(batch(article(5), article(4)), run_id="run-1")
    log.write(batch(article(3), article(5, body="Sửa.")), run_id="run-2")

    rows = log.rows(columns=["url", "version", "stored_at"])
    assert [(r["url"], r["version"]) for r in rows] == [
        (article(5).url, 1),
        (article(4).url, 1),
        (article(3).url, 1),
        (article(5).url, 2),
    ]
    stamps = [r["stored_at"] for r in rows]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    # current() orders by when each URL was first stored, not by its latest version.
    assert [r["url"] for r in log.current()] == [article(n).url for n in (5, 4, 3)]
    with pytest.raises(ValueError, match="unknown columns"):
        log.rows(columns=["url; DROP"])


def test_naive_datetimes_are_refused(tmp_path: Path) -> None:
    log = VersionLog(tmp_path)
    with pytest.raises(ValueError, match="timezone-aware"):
        log.write([(article(1), datetime(2024, 5, 1, 8, 30))], run_id="run-1")
    assert not log.exists()


def test_threads_sharing_a_table_do_not_race(tmp_path: Path) -> None:
    logs = [VersionLog(tmp_path), VersionLog(tmp_path)]
    arts = [article(n) for n in range(20)]

    def work(i: int) -> None:
        logs[i % 2].write(batch(*arts), run_id=f"run-{i}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert logs[0].count() == 20


SUBPROCESS_SCRIPT = """
import sys
from datetime import UTC, datetime

from scrapers.records import Article
from storage import export_txt, open_store


def art(n, body):
    return Article(
        url=f"https://qdnd.vn/{n}", source="qdnd", article_id=str(n), title="Tiêu đề",
        sapo="", paragraphs=(body,), published_at=None, parser_version="t/1",
    )


log = open_store(sys.argv[1]).versions
now = datetime.now(UTC)
log.write([(art(1, "Một."), now), (art(2, "Hai."), now)], run_id="r1")
log.write([(art(1, "Một, sửa."), now)], run_id="r2")
assert log.count() == 3
assert len(log.rows()) == 3 and len(log.rows("qdnd", columns=["url"])) == 3
assert [r["version"] for r in log.current()] == [2, 1]
assert log.latest()["https://qdnd.vn/1"].version == 2
assert log.known_article_ids("qdnd") == {"1", "2"}
assert export_txt(log, log.uri + "-export").files == 2
print("ok")
"""


def test_subprocess_writing_and_reading_exits_cleanly(tmp_path: Path) -> None:
    """Guards against the abort at interpreter exit (code 134) that `to_pyarrow_table` causes."""
    done = subprocess.run(
        [sys.executable, "-c", SUBPROCESS_SCRIPT, str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr


WRITER_SCRIPT = """
import sys
from datetime import UTC, datetime

from scrapers.records import Article
from storage.versions import VersionLog

log = VersionLog(sys.argv[1])
worker = sys.argv[2]
for i in range(5):
    article = Article(
        url=f"https://qdnd.vn/{worker}-{i}", source="qdnd", article_id=f"{worker}-{i}",
        title="Tiêu đề", sapo="", paragraphs=(f"Bài {worker} {i}.",), published_at=None,
        parser_version="t/1",
    )
    log.write([(article, datetime.now(UTC))], run_id=f"{worker}-{i}")
"""


def test_concurrent_processes_append_without_loss(tmp_path: Path) -> None:
    """Racing creators and appenders all land: Delta serialises commits, `write` retries."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER_SCRIPT, str(tmp_path), str(worker)], cwd=REPO
        )
        for worker in range(3)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    log = VersionLog(tmp_path)
    assert log.count() == 15
    assert all(v.version == 1 for v in log.latest().values())


OPEN_STORE_SCRIPT = """
import sys
from pathlib import Path

from storage import open_store

root = Path(sys.argv[1]) / "a" / "b"
store = open_store(root)
assert root.is_dir() and store.root == root
assert store.versions.uri == str(root / "versions")
assert (root / "http_validators.sqlite").is_file()
assert not (root / "versions").exists()
assert store.versions.latest() == {} and store.versions.rows() == []
assert not (root / "versions").exists()
remote = open_store("s3://bucket/corpus", state_dir=Path(sys.argv[1]) / "state")
assert remote.root == "s3://bucket/corpus" and remote.versions.uri == "s3://bucket/corpus/versions"
assert remote.state_dir == Path(sys.argv[1]) / "state" / "s3" / "bucket" / "corpus"
assert (remote.state_dir / "http_validators.sqlite").is_file()  # local state stays local
print("ok")
"""


def test_open_store_creates_root_but_not_the_table(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", OPEN_STORE_SCRIPT, str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr


def test_object_store_uris_are_joined_as_strings() -> None:
    assert VersionLog("s3://bucket/corpus/").uri == "s3://bucket/corpus/versions"


def test_validator_store_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "http_validators.sqlite"
    store = ValidatorStore(path)
    assert store.get("https://qdnd.vn/1") is None

    store.put_many(
        [
            ("https://qdnd.vn/1", Validators(etag='W/"abc"', last_modified=None)),
            (
                "https://qdnd.vn/2",
                Validators(etag=None, last_modified="Wed, 01 May 2024 08:00:00 GMT"),
            ),
        ]
    )
    reopened = ValidatorStore(path)
    assert reopened.get("https://qdnd.vn/1") == Validators(etag='W/"abc"')
    assert reopened.get("https://qdnd.vn/2") == Validators(
        last_modified="Wed, 01 May 2024 08:00:00 GMT"
    )

    reopened.put_many(
        [("https://qdnd.vn/1", Validators(etag='"def"')), ("https://qdnd.vn/2", Validators())]
    )
    assert reopened.get("https://qdnd.vn/1") == Validators(etag='"def"')
    assert reopened.get("https://qdnd.vn/2") is None
    assert len(reopened) == 1


def test_validator_store_is_thread_safe(tmp_path: Path) -> None:
    store = ValidatorStore(tmp_path / "v.sqlite")

    def work(i: int) -> None:
        for j in range(20):
            store.put_many([(f"https://x/{i}-{j}", Validators(etag=str(j)))])
            assert store.get(f"https://x/{i}-{j}") == Validators(etag=str(j))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store) == 160


TIME_TRAVEL_SCRIPT = """
import sys
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import write_deltalake

from scrapers.records import Article
from storage.export import export
from storage.history import show_history
from storage.versions import VersionLog, join_uri

log = VersionLog(sys.argv[1])
for run, body in enumerate(("Bản đầu.", "Bản sửa.")):
    a = Article(url="https://qdnd.vn/1", source="qdnd", article_id="1", title="Tiêu đề",
                sapo="", paragraphs=(body,), published_at=None, parser_version="t/1")
    log.write([(a, datetime.now(UTC))], run_id=f"run-{run}")
first = log.history("https://qdnd.vn/1")[0]["stored_at"]
write_deltalake(join_uri(sys.argv[1], "links"), pa.table({"copy_url": ["x"], "copy_hash": ["y"],
    "original_url": ["z"], "linked_at": [datetime.now(UTC)], "run_id": ["r"], "kind": ["near"],
    "jaccard": [0.9]}))
assert log.compact(retention_hours=0).files_deleted == 2
assert [r["version"] for r in log.current(as_of=first)] == [1]
assert "¶ Bản [-đầu.-]{+sửa.+}" in show_history(log, "https://qdnd.vn/1")
path = export(log, sys.argv[1] + "-pq", fmt="parquet").manifest
assert pq.read_table(path).column("version").to_pylist() == [2]
assert export(log, sys.argv[1] + "-jsonl", fmt="jsonl", as_of=first).articles == 1
print("ok")
"""


def test_subprocess_time_travel_compaction_and_exports_exit_cleanly(tmp_path: Path) -> None:
    """The new read paths (as_of, history, vacuum, links, parquet) must not abort at exit."""
    done = subprocess.run(
        [sys.executable, "-c", TIME_TRAVEL_SCRIPT, str(tmp_path / "store")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr

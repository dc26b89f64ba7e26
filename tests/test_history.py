"""History, time travel by stored_at, word diffs, and compaction that never loses a version."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from deltalake import DeltaTable, QueryBuilder

from scrapers.records import Article
from storage.history import (
    UnknownURLError,
    format_history,
    parse_as_of,
    show_history,
    word_diff,
)
from storage.versions import VersionLog

ICT = timezone(timedelta(hours=7))
FETCHED = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
URL = "https://qdnd.vn/bai-1"
BODY_1 = (
    "Đại tướng Phan Văn Giang, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Quốc phòng chủ trì hội nghị "
    "tổng kết công tác quân sự, quốc phòng năm 2023 tại Hà Nội."
)
BODY_2 = (
    "Đại tướng Phan Văn Giang, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Quốc phòng dự hội nghị "
    "tổng kết công tác quân sự, quốc phòng năm 2024 tại Hà Nội."
)


def article(n: int = 1, *, body: str = BODY_1, source: str = "qdnd") -> Article:
    return Article(
        url=f"https://{source}.vn/bai-{n}",
        source=source,
        article_id=str(n),
        title=f"Hội nghị quân chính số {n}",
        sapo="Sáng nay, Bộ Quốc phòng tổ chức hội nghị.",
        paragraphs=(body,),
        published_at=datetime(2024, 5, 1, 10, 0, tzinfo=ICT),
        parser_version="qdnd/1",
    )


def store(log: VersionLog, *articles: Article, run_id: str) -> None:
    log.write([(a, FETCHED) for a in articles], run_id=run_id)


def stored_at(log: VersionLog, url: str, version: int) -> datetime:
    (row,) = [r for r in log.history(url) if r["version"] == version]
    moment: datetime = row["stored_at"]
    return moment


@pytest.fixture
def log(tmp_path: Path) -> VersionLog:
    return VersionLog(tmp_path / "store")


# --- time travel -----------------------------------------------------------------------------


def test_current_as_of_before_and_after_an_edit(log: VersionLog) -> None:
    store(log, article(1), article(2), run_id="run-1")
    store(log, article(1, body=BODY_2), article(3), run_id="run-2")
    first, second = stored_at(log, URL, 1), stored_at(log, URL, 2)

    def texts(as_of: datetime | None) -> dict[str, tuple[int, str]]:
        return {r["url"]: (r["version"], r["text"]) for r in log.current(as_of=as_of)}

    assert texts(first - timedelta(microseconds=1)) == {}
    then = texts(second - timedelta(microseconds=1))
    assert then == {URL: (1, article(1).text), article(2).url: (1, article(2).text)}
    assert texts(second)[URL] == (2, article(1, body=BODY_2).text)
    assert texts(second)[article(2).url] == (1, article(2).text)
    assert article(3).url in texts(None) and texts(None) == texts(datetime.now(UTC))
    # The same instant in another zone is the same answer.
    assert texts((second - timedelta(microseconds=1)).astimezone(ICT)) == then


def test_rows_as_of_and_source_filter(log: VersionLog) -> None:
    store(log, article(1), article(2, source="qk7"), run_id="run-1")
    store(log, article(1, body=BODY_2), run_id="run-2")
    cut = stored_at(log, URL, 2) - timedelta(microseconds=1)

    assert [(r["url"], r["version"]) for r in log.rows(columns=["url", "version"], as_of=cut)] == [
        (URL, 1),
        ("https://qk7.vn/bai-2", 1),
    ]
    assert [r["version"] for r in log.rows("qdnd", columns=["version"], as_of=cut)] == [1]
    assert [r["url"] for r in log.current("qk7", as_of=cut)] == ["https://qk7.vn/bai-2"]


def test_naive_as_of_is_refused(log: VersionLog) -> None:
    store(log, article(1), run_id="run-1")
    naive = datetime(2024, 5, 1, 12, 0)
    with pytest.raises(ValueError, match="as_of must be timezone-aware"):
        log.current(as_of=naive)
    with pytest.raises(ValueError, match="as_of must be timezone-aware"):
        log.rows(as_of=naive)
    with pytest.raises(ValueError, match="as_of must be timezone-aware"):
        log.history(URL, as_of=naive)


def test_reads_of_a_missing_table_are_empty(log: VersionLog) -> None:
    now = datetime.now(UTC)
    assert log.current(as_of=now) == [] and log.rows(as_of=now) == [] and log.history(URL) == []


# --- history ---------------------------------------------------------------------------------


def test_history_lists_every_version_oldest_first(log: VersionLog) -> None:
    body_3 = BODY_2 + " Hội nghị diễn ra trong hai ngày."
    store(log, article(1), article(2), run_id="run-1")
    store(log, article(1, body=BODY_2), run_id="run-2")
    store(log, article(1, body=body_3), run_id="run-3")

    versions = log.history(URL)

    assert [(r["version"], r["run_id"]) for r in versions] == [
        (1, "run-1"),
        (2, "run-2"),
        (3, "run-3"),
    ]
    assert [r["text"] for r in versions] == [
        article(1, body=b).text for b in (BODY_1, BODY_2, body_3)
    ]
    assert [r["stored_at"] for r in versions] == sorted(r["stored_at"] for r in versions)
    assert [r["version"] for r in log.history(URL, as_of=stored_at(log, URL, 2))] == [1, 2]
    assert log.history("https://qdnd.vn/khong-co") == []


def test_word_diff_marks_changed_words_in_vietnamese() -> None:
    diff = word_diff(article(1).text, article(1, body=BODY_2).text)

    assert diff.splitlines() == [
        "… trị, Bộ trưởng Bộ Quốc phòng [-chủ trì-]{+dự+} hội nghị tổng kết công tác quân sự, "
        "quốc phòng năm [-2023-]{+2024+} tại Hà Nội.",
    ]
    assert word_diff(article(1).text, article(1, body=BODY_2).text, context=1).splitlines() == [
        "… phòng [-chủ trì-]{+dự+} hội …",
        "… năm [-2023-]{+2024+} tại …",
    ]


def test_word_diff_shortens_unchanged_context_and_shows_paragraphs() -> None:
    words = [f"từ{i}" for i in range(40)]
    old = " ".join(words)
    new = " ".join(["mở", *words[:20], "sửa", *words[21:]]) + "\n\nĐoạn mới thêm."

    assert word_diff(old, new, context=2).splitlines() == [
        "{+mở+} từ0 từ1 …",
        "… từ18 từ19 [-từ20-]{+sửa+} từ21 từ22 …",
        "… từ38 từ39 {+¶ Đoạn mới thêm.+}",
    ]
    assert word_diff(old, old) == ""
    assert word_diff("", "Bài mới.") == "{+Bài mới.+}"


def test_format_history_shows_metadata_then_diffs(log: VersionLog) -> None:
    store(log, article(1), run_id="run-1")
    store(log, article(1, body=BODY_2), run_id="run-2")
    versions = log.history(URL)

    out = show_history(log, URL)

    lines = out.splitlines()
    assert lines[0] == f"{URL}: 2 versions"
    assert lines[2].split() == [
        "version", "stored_at", "fetched_at", "run_id", "content_hash", "parser_version",
    ]
    for line, row in zip(lines[3:5], versions, strict=True):
        assert line.split() == [
            str(row["version"]),
            row["stored_at"].isoformat(),
            FETCHED.isoformat(),
            row["run_id"],
            row["content_hash"],
            "qdnd/1",
        ]
    v1, v2 = (r["content_hash"] for r in versions)
    assert lines[6] == f"v1 → v2 ({v1} → {v2}, run run-2):"
    assert "[-chủ trì-]{+dự+}" in lines[7] and "[-2023-]{+2024+}" in lines[7]
    assert len(lines) == 8

    only_first = show_history(log, URL, as_of=versions[0]["stored_at"])
    assert only_first.splitlines()[0].startswith(f"{URL}: 1 version as of ")
    assert "→" not in only_first


def test_unknown_url_is_a_clear_error(log: VersionLog) -> None:
    missing = "https://qdnd.vn/khong-ton-tai"
    with pytest.raises(UnknownURLError, match=rf"^no version of {missing} in the corpus$"):
        show_history(log, missing)
    store(log, article(1), run_id="run-1")
    early = datetime(2020, 1, 1, tzinfo=UTC)
    with pytest.raises(LookupError, match=rf"no version of {URL} stored on or before 2020-01-01"):
        show_history(log, URL, as_of=early)
    with pytest.raises(UnknownURLError):
        format_history(URL, [])


def test_parse_as_of() -> None:
    assert parse_as_of("2024-05-01") == datetime(2024, 5, 1, 23, 59, 59, 999999, tzinfo=ICT)
    assert parse_as_of("2024-05-01T08:00:00Z") == datetime(2024, 5, 1, 8, tzinfo=UTC)
    assert parse_as_of("2024-05-01T15:00+07:00") == datetime(2024, 5, 1, 8, tzinfo=UTC)
    with pytest.raises(ValueError, match="'2024-05-01T08:00' has no UTC offset"):
        parse_as_of("2024-05-01T08:00")
    with pytest.raises(ValueError, match="'hôm qua' is not a date"):
        parse_as_of("hôm qua")


# --- compaction ------------------------------------------------------------------------------


def data_files(log: VersionLog) -> list[Path]:
    return sorted(Path(log.uri).rglob("*.parquet"))


def snapshot(log: VersionLog, cuts: list[datetime]) -> dict[str, Any]:
    return {
        "count": log.count(),
        "identities": sorted(
            (r["url"], r["version"], r["digest"])
            for r in log.rows(columns=["url", "version", "digest"])
        ),
        "rows": log.rows(),
        "as_of": [log.current(as_of=cut) for cut in cuts],
        "current": log.current(),
    }


def test_compaction_and_vacuum_keep_every_version(log: VersionLog) -> None:
    for run in range(6):  # one commit (and one small file per source) per run
        arts = [article(n, body=f"{BODY_1} Lần {run if n == 1 else 0}.") for n in (1, 2)]
        arts.append(article(run + 10, source="qk7", body=f"Bài riêng {run}."))
        store(log, *arts, run_id=f"run-{run}")
    cuts = [r["stored_at"] for r in log.rows(columns=["stored_at"])][::3]
    cuts.append(cuts[0] - timedelta(microseconds=1))
    before = snapshot(log, cuts)
    files = data_files(log)
    assert before["count"] == 6 + 1 + 6 and len(files) == 12

    report = log.compact(retention_hours=0)

    assert snapshot(log, cuts) == before
    assert (report.rows, report.files_before, report.files_after) == (13, 12, 2)
    assert (report.files_compacted, report.files_written, report.files_deleted) == (12, 2, 12)
    after = data_files(log)
    assert len(after) == 2 and not set(after) & set(files)
    # Delta's own time travel to the first commit is gone with its files; ours is not.
    old = DeltaTable(log.uri, version=0)
    with pytest.raises(Exception, match=r"(?i)not found|no such file"):
        QueryBuilder().register("v", old).execute("SELECT text FROM v").read_all()
    first_run = cuts[1] - timedelta(microseconds=1)
    assert [(r["version"], r["run_id"]) for r in log.current(as_of=first_run)] == [
        (1, "run-0")
    ] * 3

    # The table stays writable; the next compaction counts only files it really deleted.
    store(log, article(1, body=BODY_2), run_id="run-after")
    assert [r["version"] for r in log.history(URL)] == [1, 2, 3, 4, 5, 6, 7]
    again = log.compact(retention_hours=0)
    assert (again.files_before, again.files_after, again.files_deleted) == (3, 2, 2)
    idle = log.compact(retention_hours=0)
    assert (idle.files_compacted, idle.files_written, idle.files_deleted) == (0, 0, 0)
    assert log.count() == 14


def test_default_retention_keeps_replaced_files_on_disk(log: VersionLog) -> None:
    for run in range(3):
        store(log, article(run), run_id=f"run-{run}")
    before = snapshot(log, [])

    report = log.compact()

    assert report.retention_hours == 24
    assert (report.files_before, report.files_after, report.files_deleted) == (3, 1, 0)
    assert len(data_files(log)) == 4  # replaced files wait a day for readers of old snapshots
    assert snapshot(log, []) == before


def test_vacuum_never_deletes_an_uncommitted_file(log: VersionLog) -> None:
    """A write in progress (or killed) leaves a file no commit names: lite vacuum keeps it."""
    store(log, article(1), article(2, source="qk7"), run_id="run-1")
    in_flight = Path(log.uri) / "source=qdnd" / "part-00000-in-flight-c000.snappy.parquet"
    in_flight.write_bytes(b"PAR1 not yet committed")

    log.compact(retention_hours=0)

    assert in_flight.read_bytes() == b"PAR1 not yet committed"


def test_compaction_that_lost_rows_deletes_nothing(
    log: VersionLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    for run in range(3):
        store(log, article(run), run_id=f"run-{run}")
    files = data_files(log)
    real = VersionLog._identities
    calls: list[int] = []

    def losing(self: VersionLog) -> Any:
        found = real(self)
        calls.append(1)
        if len(calls) == 2:
            found.pop(next(iter(found)))
        return found

    monkeypatch.setattr(VersionLog, "_identities", losing)
    with pytest.raises(RuntimeError, match=r"compaction of .* lost 1 rows .* nothing was vacuumed"):
        log.compact(retention_hours=0)
    assert set(files) <= set(data_files(log))


def test_compact_of_a_missing_table_does_nothing(log: VersionLog) -> None:
    report = log.compact(retention_hours=0)
    assert (report.rows, report.files_before, report.files_deleted) == (0, 0, 0)
    assert not log.exists()
    with pytest.raises(ValueError, match="retention_hours must be >= 0"):
        log.compact(retention_hours=-1)


def test_history_survives_compaction(log: VersionLog) -> None:
    store(log, article(1), run_id="run-1")
    store(log, replace(article(1, body=BODY_2)), run_id="run-2")
    text = show_history(log, URL)
    log.compact(retention_hours=0)
    assert show_history(log, URL) == text

"""The txt export: file names verify against bytes, one file per content, atomic replacement."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from deltalake import write_deltalake

from scrapers.records import Article
from storage.export import FORMATS, JSONL, MANIFEST, PARQUET, ExportError, export, export_txt
from storage.versions import COLUMNS, VersionLog, join_uri

ICT = timezone(timedelta(hours=7))
FETCHED = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
VIETNAMESE = (
    "Đại tướng Phan Văn Giang, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Quốc phòng chủ trì hội nghị.",
    "Quân đội nhân dân Việt Nam luôn sẵn sàng chiến đấu, bảo vệ vững chắc Tổ quốc.",
)


def article(n: int, *, body: tuple[str, ...] | None = None, source: str = "qdnd") -> Article:
    return Article(
        url=f"https://{source}.vn/bai-{n}",
        source=source,
        article_id=str(n),
        title=f"Tiêu đề bài số {n}",
        sapo="Sapo: Hội nghị quân chính.",
        paragraphs=body or (f"Nội dung riêng của bài {n}.",),
        published_at=datetime(2024, 5, 1, 10, 0, tzinfo=ICT) if n % 2 else None,
        parser_version="qdnd/1",
    )


def store(log: VersionLog, *articles: Article, run_id: str) -> None:
    log.write([(a, FETCHED) for a in articles], run_id=run_id)


def txt_files(out: Path) -> list[Path]:
    return sorted(out.glob("*.txt"), key=lambda p: int(p.name.split("_", 1)[0]))


def manifest(out: Path) -> list[dict[str, Any]]:
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture
def log(tmp_path: Path) -> VersionLog:
    return VersionLog(tmp_path / "store")


def test_names_verify_against_bytes_and_bytes_are_the_canonical_text(
    log: VersionLog, tmp_path: Path
) -> None:
    arts = [article(1, body=VIETNAMESE), article(2), article(3)]
    store(log, *arts, run_id="run-1")

    result = export_txt(log, tmp_path / "out")

    files = txt_files(result.out_dir)
    assert result.files == 3 == len(files)
    for path, art in zip(files, arts, strict=True):
        data = path.read_bytes()
        assert path.name.split("_", 1)[1] == f"{hashlib.sha256(data).hexdigest()[:16]}.txt"
        assert data == art.text.encode("utf-8")
        assert not data.endswith(b"\n")
    assert "Đại tướng Phan Văn Giang" in files[0].read_text(encoding="utf-8")


def test_one_file_per_distinct_content_in_first_stored_order(
    log: VersionLog, tmp_path: Path
) -> None:
    a = article(1, body=("Cùng một nội dung được đăng lại.",))
    b = article(2)
    c = replace(a, url="https://qk7.vn/dang-lai", source="qk7", article_id="9")  # same text
    assert c.text == a.text
    store(log, a, b, run_id="run-1")
    store(log, c, article(4), run_id="run-2")

    result = export_txt(log, tmp_path / "out")

    assert [p.name for p in txt_files(result.out_dir)] == [
        f"000_{a.content_hash}.txt",
        f"001_{b.content_hash}.txt",
        f"002_{article(4).content_hash}.txt",
    ]
    entries = manifest(result.out_dir)
    assert entries[0] == {
        "file": f"000_{a.content_hash}.txt",
        "content_hash": a.content_hash,
        "digest": a.digest,
        "url": a.url,
        "source": "qdnd",
        "title": a.title,
        "published_at": "2024-05-01T03:00:00+00:00",
        "version": 1,
        "original": None,
        "urls": [a.url, c.url],
    }
    assert entries[1]["published_at"] is None
    assert entries[1]["urls"] == [b.url]
    assert [e["file"] for e in entries] == [p.name for p in txt_files(result.out_dir)]
    assert result.manifest == result.out_dir / MANIFEST


def test_order_follows_first_storage_of_each_content(log: VersionLog, tmp_path: Path) -> None:
    store(log, article(1), article(2), run_id="run-1")
    # URL 1 now carries a text first stored in this later run: it moves behind URL 2's text.
    changed = article(1, body=("Bài đã được cập nhật.",))
    store(log, changed, run_id="run-2")

    out = export_txt(log, tmp_path / "out").out_dir

    assert [p.name for p in txt_files(out)] == [
        f"000_{article(2).content_hash}.txt",
        f"001_{changed.content_hash}.txt",
    ]
    assert manifest(out)[1]["version"] == 2
    assert (out / f"001_{changed.content_hash}.txt").read_bytes() == changed.text.encode("utf-8")


def test_source_filter(log: VersionLog, tmp_path: Path) -> None:
    store(log, article(1), article(2, source="qk7"), run_id="run-1")
    out = export_txt(log, tmp_path / "out", source="qk7").out_dir
    assert [e["url"] for e in manifest(out)] == [article(2, source="qk7").url]


def test_numbers_are_padded_to_at_least_three_digits(log: VersionLog, tmp_path: Path) -> None:
    store(log, *(article(n) for n in range(1001)), run_id="run-1")
    names = [p.name for p in txt_files(export_txt(log, tmp_path / "out").out_dir)]
    assert names[0].startswith("000_") and names[999].startswith("999_")
    assert names[1000].startswith("1000_")


def test_reexport_into_the_same_dir_replaces_cleanly(log: VersionLog, tmp_path: Path) -> None:
    out = tmp_path / "out"
    store(log, article(1), article(2), run_id="run-1")
    export_txt(log, out)
    store(log, article(1, body=("Sửa lại.",)), run_id="run-2")

    result = export_txt(log, out)

    assert result.files == 2
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([MANIFEST, *(e["file"] for e in manifest(out))])
    assert f"000_{article(1).content_hash}.txt" not in names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "store"]  # no staging left over


def test_export_of_an_empty_log(log: VersionLog, tmp_path: Path) -> None:
    result = export_txt(log, tmp_path / "out")
    assert result.files == 0
    assert list(result.out_dir.iterdir()) == [result.manifest]
    assert result.manifest.read_text() == ""


def test_refuses_a_foreign_non_empty_directory(log: VersionLog, tmp_path: Path) -> None:
    store(log, article(1), run_id="run-1")
    out = tmp_path / "notes"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    (out / f"000_{article(1).content_hash}.txt").write_bytes(b"x")

    with pytest.raises(ValueError, match=r"refusing to replace .*notes.*thesis\.docx"):
        export_txt(log, out)
    assert (out / "thesis.docx").read_bytes() == b"precious"

    (out / "thesis.docx").unlink()
    (out / "sub").mkdir()
    with pytest.raises(ExportError, match="sub"):
        export_txt(log, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "store"]


def test_empty_existing_directory_is_used(log: VersionLog, tmp_path: Path) -> None:
    store(log, article(1), run_id="run-1")
    out = tmp_path / "out"
    out.mkdir()
    assert export_txt(log, out).files == 1


def test_out_dir_that_is_a_file_is_a_clear_error(log: VersionLog, tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("not a directory")
    with pytest.raises(ExportError, match="not a directory"):
        export_txt(log, target)
    assert target.read_text() == "not a directory"


def test_a_text_that_does_not_match_its_hash_is_never_written(
    log: VersionLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(log, article(1), run_id="run-1")
    out = tmp_path / "out"
    export_txt(log, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_current = VersionLog.current

    def tampered(
        self: VersionLog, source: str | None = None, *, as_of: datetime | None = None
    ) -> list[dict[str, Any]]:
        return [{**row, "text": row["text"] + " "} for row in real_current(self, source)]

    monkeypatch.setattr(VersionLog, "current", tampered)
    with pytest.raises(RuntimeError, match="does not hash to"):
        export_txt(log, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # old export untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "store"]


# --- jsonl, parquet, duplicates, as-of ---------------------------------------------------------

LINKS_SCHEMA = pa.schema(
    [
        pa.field("copy_url", pa.string()),
        pa.field("copy_hash", pa.string()),
        pa.field("original_url", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("jaccard", pa.float64()),
        pa.field("linked_at", pa.timestamp("us", tz="UTC")),
        pa.field("run_id", pa.string()),
    ]
)
ORIGINAL = article(1, body=VIETNAMESE)
EXACT = replace(ORIGINAL, url="https://qk7.vn/dang-lai", source="qk7", article_id="70")
NEAR = replace(
    ORIGINAL,
    url="https://bienphong.vn/ban-sao",
    source="bienphong",
    article_id="80",
    paragraphs=(*VIETNAMESE, "Nguồn: QĐND."),
)


def link(
    copy: Article, original: Article, *, kind: str, at: datetime, copy_hash: str | None = None
) -> dict[str, Any]:
    return {
        "copy_url": copy.url,
        "copy_hash": copy_hash or copy.content_hash,
        "original_url": original.url,
        "kind": kind,
        "jaccard": 1.0 if kind == "exact" else 0.9,
        "linked_at": at,
        "run_id": "dedupe-1",
    }


def write_links(log: VersionLog, *rows: dict[str, Any]) -> None:
    write_deltalake(
        join_uri(log.root, "links"), pa.Table.from_pylist(list(rows), schema=LINKS_SCHEMA),
        mode="append",
    )


def with_original(rows: list[dict[str, Any]], originals: dict[str, str]) -> list[dict[str, Any]]:
    return [{**row, "original": originals.get(row["url"])} for row in rows]


def jsonl_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def as_json(row: dict[str, Any]) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(json.dumps(row, default=datetime.isoformat))
    return decoded


@pytest.fixture
def linked(log: VersionLog) -> VersionLog:
    """An original, an exact copy and a near copy (with its `Nguồn` line), linked."""
    store(log, ORIGINAL, article(2), run_id="run-1")
    store(log, EXACT, NEAR, run_id="run-2")
    at = datetime.now(UTC)
    write_links(
        log,
        link(EXACT, ORIGINAL, kind="exact", at=at),
        link(NEAR, ORIGINAL, kind="near", at=at),
    )
    return log


def test_parquet_round_trip_holds_every_column_and_the_text(
    log: VersionLog, tmp_path: Path
) -> None:
    store(log, article(1, body=VIETNAMESE), article(2), article(3, source="qk7"), run_id="run-1")
    store(log, article(2, body=("Bài đã sửa.",)), run_id="run-2")

    result = export(log, tmp_path / "out", fmt="parquet")

    assert result.manifest == result.out_dir / PARQUET
    assert (result.files, result.articles, result.left_out) == (1, 3, 0)
    assert sorted(p.name for p in result.out_dir.iterdir()) == [PARQUET]
    table = pq.read_table(result.manifest)
    assert table.schema.names == [*COLUMNS, "original"]
    assert table.schema.field("stored_at").type == pa.timestamp("us", tz="UTC")
    assert table.to_pylist() == with_original(log.current(), {})
    assert table.column("version").to_pylist() == [1, 2, 1]
    assert "Đại tướng Phan Văn Giang" in table.column("text")[0].as_py()


def test_jsonl_round_trip_holds_every_column_and_the_text(log: VersionLog, tmp_path: Path) -> None:
    store(log, article(1, body=VIETNAMESE), article(2), run_id="run-1")

    result = export(log, tmp_path / "out", fmt="jsonl", source="qdnd")

    assert result.manifest == result.out_dir / JSONL
    rows = jsonl_rows(result.manifest)
    assert rows == [as_json(row) for row in with_original(log.current(), {})]
    assert list(rows[0]) == [*COLUMNS, "original"]
    assert rows[0]["text"] == article(1, body=VIETNAMESE).text
    assert rows[0]["published_at"] == "2024-05-01T03:00:00+00:00"
    assert "Đại tướng" in result.manifest.read_text(encoding="utf-8")  # not \\u-escaped


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_copies_are_left_out_unless_asked_for(linked: VersionLog, tmp_path: Path, fmt: str) -> None:
    default = export(linked, tmp_path / "default", fmt=fmt)  # type: ignore[arg-type]
    everything = export(
        linked, tmp_path / "all", fmt=fmt, include_duplicates=True  # type: ignore[arg-type]
    )

    def read(path: Path) -> list[dict[str, Any]]:
        return jsonl_rows(path) if fmt == "jsonl" else pq.read_table(path).to_pylist()

    assert [(r["url"], r["original"]) for r in read(default.manifest)] == [
        (ORIGINAL.url, None),
        (article(2).url, None),
    ]
    assert (default.articles, default.left_out) == (2, 2)
    assert [(r["url"], r["original"]) for r in read(everything.manifest)] == [
        (ORIGINAL.url, None),
        (article(2).url, None),
        (EXACT.url, ORIGINAL.url),
        (NEAR.url, ORIGINAL.url),
    ]
    assert (everything.articles, everything.left_out) == (4, 0)


def test_txt_with_links_keeps_one_file_per_content(linked: VersionLog, tmp_path: Path) -> None:
    default = export_txt(linked, tmp_path / "default")
    assert [(e["url"], e["original"], e["urls"]) for e in manifest(default.out_dir)] == [
        (ORIGINAL.url, None, [ORIGINAL.url]),
        (article(2).url, None, [article(2).url]),
    ]

    everything = export(linked, tmp_path / "all", fmt="txt", include_duplicates=True)

    entries = manifest(everything.out_dir)
    assert [(e["url"], e["original"], e["urls"]) for e in entries] == [
        (ORIGINAL.url, None, [ORIGINAL.url, EXACT.url]),  # the exact copy shares the file
        (article(2).url, None, [article(2).url]),
        (NEAR.url, ORIGINAL.url, [NEAR.url]),
    ]
    assert everything.files == 3
    for entry in entries:
        data = (everything.out_dir / entry["file"]).read_bytes()
        assert entry["file"] == f"{entries.index(entry):03d}_{sha256(data)[:16]}.txt"
        assert entry["content_hash"] == sha256(data)[:16] and entry["digest"] == sha256(data)


def test_a_copy_stored_before_its_original_does_not_head_the_shared_file(
    log: VersionLog, tmp_path: Path
) -> None:
    store(log, EXACT, run_id="run-1")
    store(log, ORIGINAL, run_id="run-2")
    out = export(log, tmp_path / "out", include_duplicates=True, links={EXACT.url: ORIGINAL.url})
    (entry,) = manifest(out.out_dir)
    assert (entry["url"], entry["original"], entry["urls"]) == (
        ORIGINAL.url, None, [EXACT.url, ORIGINAL.url],
    )


def test_which_links_apply(log: VersionLog, tmp_path: Path) -> None:
    edited = replace(NEAR, paragraphs=("Bản sao đã được viết lại hoàn toàn.",))
    rewritten = replace(
        NEAR, url="https://qk7.vn/viet-lai", source="qk7", article_id="90",
        paragraphs=("Bài viết lại theo tin của QĐND, lời văn khác hẳn bản gốc.",),
    )
    store(log, ORIGINAL, EXACT, NEAR, run_id="run-1")
    at = datetime.now(UTC)
    write_links(
        log,
        link(EXACT, article(2), kind="near", at=at - timedelta(hours=1)),  # superseded
        link(EXACT, ORIGINAL, kind="exact", at=at),
        link(NEAR, ORIGINAL, kind="near", at=at),
        # Relinked after a rewrite, at the Jaccard it now has: still linked, not a stand-in.
        {**link(rewritten, ORIGINAL, kind="source-line", at=at), "jaccard": 0.35},
    )
    store(log, rewritten, run_id="run-2")
    store(log, edited, run_id="run-3")  # the near copy changed after it was linked

    rows = jsonl_rows(export(log, tmp_path / "a", fmt="jsonl", include_duplicates=True).manifest)
    assert {r["url"]: r["original"] for r in rows} == {
        ORIGINAL.url: None, EXACT.url: ORIGINAL.url, NEAR.url: ORIGINAL.url,
        rewritten.url: ORIGINAL.url,
    }
    # Only the exact copy is left out: the other two texts are not (or no longer) the original's.
    default = export(log, tmp_path / "b", fmt="jsonl")
    assert [r["url"] for r in jsonl_rows(default.manifest)] == [
        ORIGINAL.url, NEAR.url, rewritten.url,
    ]
    assert default.left_out == 1
    # The original is not in a qk7-only export, so its copy stays: nothing would stand for it.
    only_copy = jsonl_rows(export(log, tmp_path / "c", fmt="jsonl", source="qk7").manifest)
    assert [(r["url"], r["original"]) for r in only_copy] == [
        (EXACT.url, ORIGINAL.url), (rewritten.url, ORIGINAL.url),
    ]
    # A mapping given by the caller replaces the table.
    given = export(log, tmp_path / "d", fmt="jsonl", links={NEAR.url: ORIGINAL.url})
    assert [r["url"] for r in jsonl_rows(given.manifest)] == [
        ORIGINAL.url, EXACT.url, rewritten.url,
    ]


def test_link_cycles_link_nothing(log: VersionLog, tmp_path: Path) -> None:
    store(log, article(1), article(2), run_id="run-1")
    cycle = {article(1).url: article(2).url, article(2).url: article(1).url}
    out = export(log, tmp_path / "out", fmt="jsonl", links=cycle)
    assert [(r["url"], r["original"]) for r in jsonl_rows(out.manifest)] == [
        (article(1).url, None), (article(2).url, None),
    ]


def test_export_as_of_shows_the_corpus_as_it_stood(log: VersionLog, tmp_path: Path) -> None:
    store(log, ORIGINAL, article(2), run_id="run-1")
    store(log, article(2, body=("Bài đã sửa.",)), EXACT, run_id="run-2")
    cut = next(r["stored_at"] for r in log.rows() if r["run_id"] == "run-2") - timedelta(
        microseconds=1
    )
    write_links(log, link(EXACT, ORIGINAL, kind="exact", at=datetime.now(UTC)))

    txt = export_txt(log, tmp_path / "txt", as_of=cut)
    assert [p.read_bytes() for p in txt_files(txt.out_dir)] == [
        ORIGINAL.text.encode("utf-8"), article(2).text.encode("utf-8"),
    ]
    assert [e["version"] for e in manifest(txt.out_dir)] == [1, 1]
    table = pq.read_table(export(log, tmp_path / "pq", fmt="parquet", as_of=cut).manifest)
    assert table.to_pylist() == with_original(log.current(as_of=cut), {})
    # The link was made after the export's instant: as of then, the copy is its own article.
    now = jsonl_rows(export(log, tmp_path / "now", fmt="jsonl", include_duplicates=True).manifest)
    assert {r["url"]: r["original"] for r in now}[EXACT.url] == ORIGINAL.url
    before_link = next(r["stored_at"] for r in log.history(EXACT.url))
    then = export(log, tmp_path / "then", fmt="jsonl", as_of=before_link)
    assert EXACT.url in [r["url"] for r in jsonl_rows(then.manifest)]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_table_exports_refuse_a_foreign_directory_and_replace_their_own(
    log: VersionLog, tmp_path: Path, fmt: str
) -> None:
    store(log, article(1), run_id="run-1")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "articles.csv").write_text("mine")
    with pytest.raises(ExportError, match=r"refusing to replace .*notes.*articles\.csv"):
        export(log, notes, fmt=fmt)  # type: ignore[arg-type]
    assert sorted(p.name for p in notes.iterdir()) == ["articles.csv"]

    out = tmp_path / "out"
    export_txt(log, out)
    export(log, out, fmt=fmt)  # type: ignore[arg-type]
    assert sorted(p.name for p in out.iterdir()) == [JSONL if fmt == "jsonl" else PARQUET]
    export_txt(log, out)  # and back: never a mix of two exports
    assert sorted(p.name for p in out.iterdir()) == [
        f"000_{article(1).content_hash}.txt", MANIFEST,
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "out", "store"]


def test_unknown_format_and_symlinks_are_refused(log: VersionLog, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format 'csv'"):
        export(log, tmp_path / "out", fmt="csv")  # type: ignore[arg-type]
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "secret.txt").write_text("keep")
    (out / MANIFEST).symlink_to(tmp_path / "secret.txt")
    with pytest.raises(ExportError, match=MANIFEST):
        export(log, out)
    assert (tmp_path / "secret.txt").read_text() == "keep"


def test_a_tampered_hash_cannot_name_a_file_outside_the_export(
    log: VersionLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(log, article(1), run_id="run-1")
    real_current = VersionLog.current

    def escaping(
        self: VersionLog, source: str | None = None, *, as_of: datetime | None = None
    ) -> list[dict[str, Any]]:
        return [{**row, "content_hash": "../../escape"} for row in real_current(self, source)]

    monkeypatch.setattr(VersionLog, "current", escaping)
    for fmt in FORMATS:
        with pytest.raises(RuntimeError, match=r"does not hash to \.\./\.\./escape"):
            export(log, tmp_path / "out", fmt=fmt)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    assert not list(tmp_path.parent.glob("escape*"))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

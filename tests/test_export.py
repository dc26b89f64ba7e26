"""The txt export: file names verify against bytes, one file per content, atomic replacement."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from scrapers.records import Article
from storage.export import MANIFEST, ExportError, export_txt
from storage.versions import VersionLog

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

    def tampered(self: VersionLog, source: str | None = None) -> list[dict[str, Any]]:
        return [{**row, "text": row["text"] + " "} for row in real_current(self, source)]

    monkeypatch.setattr(VersionLog, "current", tampered)
    with pytest.raises(RuntimeError, match="does not hash to"):
        export_txt(log, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # old export untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "store"]

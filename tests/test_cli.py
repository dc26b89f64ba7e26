"""The `vnnews` command line, run as a user runs it: a subprocess, exit codes, stdout/stderr."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import config

TESTS = Path(__file__).resolve().parent
SNAPSHOT = TESTS / "snapshots" / "qdnd"
ARTICLE = (
    SNAPSHOT / "www.qdnd.vn" / "chinh-tri" / "tin-tuc"
    / "doi-moi-noi-dung-hinh-thuc-phong-trao-thi-dua-quyet-thang-o-khoi-thi-dua-so-4-1015052"
    / "index.html"
)


def vnnews(*args: str, cwd: Path, env: dict[str, str] | None = None,
           timeout: float = 120) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PREFECT_HOME": str(cwd / "prefect-home"),
               "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **(env or {})}
    environ.pop("PREFECT_API_URL", None)
    script = Path(sys.executable).parent / "vnnews"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "flows.cli"]
    return subprocess.run(
        [*command, *args], cwd=cwd, env=environ, capture_output=True,
        text=True, timeout=timeout, check=False,
    )


@pytest.mark.parametrize(
    "command",
    ["run", "demo", "sources", "export", "parse", "record", "history", "compact", "reparse",
     "link"],
)
def test_every_command_has_help(tmp_path: Path, command: str) -> None:
    result = vnnews(command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "usage: vnnews" in result.stdout and len(result.stdout.splitlines()) >= 4


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["bogus"], "invalid choice"),
        (["export", "--format", "xml", "--out", "x"], "--format"),
        (["export", "--format", "txt"], "--out"),
        (["run", "--max-pages", "0"], "--max-pages"),
        (["parse", "qdnd"], "file"),
        (["run", "--source", "nope"], "unknown source 'nope'"),
    ],
)
def test_wrong_arguments_one_line_exit_2(tmp_path: Path, args: list[str], needle: str) -> None:
    result = vnnews(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_names_the_variable(tmp_path: Path) -> None:
    result = vnnews("sources", cwd=tmp_path, env={"VNNEWS_READ_TIMEOUT": "soon"})
    assert result.returncode == 2
    assert "VNNEWS_READ_TIMEOUT" in result.stderr and "Traceback" not in result.stderr


def test_sources_table(tmp_path: Path) -> None:
    result = vnnews("sources", cwd=tmp_path)
    assert result.returncode == 0
    assert re.search(r"^qdnd\s+qdnd\s+yes\s+https://www\.qdnd\.vn", result.stdout, re.M)


def test_parse_prints_the_record(tmp_path: Path) -> None:
    result = vnnews("parse", "qdnd", str(ARTICLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    for key in ("url", "title", "text", "content_hash", "published_at", "byline", "authors",
                "images"):
        assert key in record
    assert record["url"].endswith("-1015052")  # from the page's canonical link
    assert record["content_hash"] == hashlib.sha256(record["text"].encode()).hexdigest()[:16]
    assert record["published_at"] == "2025-01-16T13:30:00+07:00"
    assert record["authors"] == ["NAM VĂN"]
    other = vnnews("parse", "qdnd", str(ARTICLE), "--url",
                   "https://www.qdnd.vn/chinh-tri/tin-tuc/khac-1015099", cwd=tmp_path)
    assert json.loads(other.stdout)["article_id"] == "1015099"


def test_parse_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = vnnews("parse", "qdnd", "missing.html", cwd=tmp_path)
    assert result.returncode == 1
    assert "missing.html" in result.stderr and "Traceback" not in result.stderr


SUMMARY_ROW = re.compile(r"^(\S+)\s+ok\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", re.M)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.e2e
def test_run_without_network_reports_per_source(tmp_path: Path) -> None:
    """As `make run` on a machine with no network: a report and exit 1, not a traceback."""
    cfg_dir = tmp_path / "cfg"
    cfg_dir.mkdir()
    shutil.copy(config.CONFIG_DIR / "settings.toml", cfg_dir)
    sources = (config.CONFIG_DIR / "sources.toml").read_text("utf-8")
    port = closed_port()
    (cfg_dir / "sources.toml").write_text(
        sources.replace("https://www.qdnd.vn", f"http://127.0.0.1:{port}"), "utf-8"
    )
    result = vnnews("run", cwd=tmp_path, env={"VNNEWS_CONFIG_DIR": str(cfg_dir),
                                              "VNNEWS_MAX_ATTEMPTS": "1"})
    assert result.returncode == 1
    assert re.search(r"^qdnd\s+failed\s+0", result.stdout, re.M), result.stdout + result.stderr
    assert "qdnd: discovery found no articles" in result.stdout, result.stdout + result.stderr
    assert "non-public address" in result.stdout  # a live source on 127.0.0.1 is refused
    assert "ConnectError" in result.stdout  # the other sources: no network
    # No traceback through our code. (Prefect's temporary server may log one of its own, e.g.
    # its SQLite event recorder retrying a locked database: not ours to hide.)
    ours = re.compile(re.escape(f'File "{TESTS.parent}/') + r"(flows|scrapers|storage|config)/")
    assert not ours.search(result.stdout + result.stderr), result.stdout + result.stderr


@pytest.mark.e2e
def test_demo_twice_then_export_verifies(tmp_path: Path) -> None:
    first = vnnews("--data-dir", "data", "demo", cwd=tmp_path, timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    rows = {m[0]: tuple(map(int, m[1:])) for m in SUMMARY_ROW.findall(first.stdout)}
    enabled = {s.name for s in config.load(environ={}).enabled_sources}
    assert set(rows) == enabled, first.stdout  # every enabled source has a snapshot
    discovered, fetched, new, _ = rows["qdnd"]
    assert new == fetched == discovered >= 20
    assert all(r[2] == r[1] == r[0] > 0 for r in rows.values()), first.stdout
    total_new = sum(r[2] for r in rows.values())

    second = vnnews("--data-dir", "data", "demo", cwd=tmp_path, timeout=300)
    assert second.returncode == 0, second.stdout + second.stderr
    again = {m[0]: tuple(map(int, m[1:])) for m in SUMMARY_ROW.findall(second.stdout)}
    assert set(again) == enabled
    assert all(r[2] == 0 and r[3] == 0 for r in again.values()), second.stdout

    out = tmp_path / "out"
    exported = vnnews("--data-dir", "data/demo", "export", "--format", "txt", "--out", str(out),
                      cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    files = sorted(out.glob("*.txt"))
    # one file per distinct content: qdnd's republished copy shares its original's file
    from storage import open_store

    current = open_store(tmp_path / "data" / "demo").versions.current()
    assert len(current) == total_new
    assert len(files) == len({row["content_hash"] for row in current}) < total_new
    for index, path in enumerate(files):
        number, digest = path.stem.split("_")
        assert number == f"{index:03d}"
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:16] == digest
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [m["file"] for m in manifest] == [p.name for p in files]


def test_record_off_site_url_is_refused(tmp_path: Path) -> None:
    result = vnnews("record", "qdnd", "https://example.com/a-1015000", cwd=tmp_path)
    assert result.returncode == 2
    assert "not on qdnd's hosts" in result.stderr


def test_record_writes_gzipped_fixture_and_golden(tmp_path: Path) -> None:
    """`record` through the real transport, against the replay (the CLI does the same live)."""
    from flows.fixtures import record
    from flows.pipeline import make_fetcher
    from scrapers.replay import ReplayOptions, ReplayServer
    from tests.fixtures.regenerate import read_page

    cfg = config.load(environ={})
    source = cfg.source("qdnd")
    fixtures = tmp_path / "tests" / "fixtures"
    url = ("https://www.qdnd.vn/chinh-tri/tin-tuc/doi-moi-noi-dung-hinh-thuc-phong-trao-thi-dua"
           "-quyet-thang-o-khoi-thi-dua-so-4-1015052")
    with ReplayServer(SNAPSHOT, options=ReplayOptions(cookie_gate=True)) as server, make_fetcher(
        cfg, [source], host_map=server.host_map(), requests_per_second=100
    ) as fetcher:
        saved = record(source, url, fixtures, fetcher)
        listing = record(source, "https://www.qdnd.vn/chinh-tri", fixtures, fetcher, listing=True)
    assert saved.error is None and listing.error is None
    assert saved.page == fixtures / "qdnd" / "recorded" / "1015052.html.gz"
    assert (fixtures / "qdnd" / "pages.txt").read_text() == (
        f"{url} fixtures/qdnd/recorded/1015052.html.gz\n"
    )
    golden = json.loads(saved.golden.read_text("utf-8"))
    page = read_page(url, saved.page)
    assert "1015052" in page.text and golden["authors"] == ["NAM VĂN"]
    assert golden["content_hash"] == hashlib.sha256(golden["text"].encode()).hexdigest()[:16]
    assert json.loads(listing.golden.read_text("utf-8"))["items"][0]["article_id"] == "1015058"

"""The BeautifulSoup peer of bench/peers.py reproduces our qdnd text, so its throughput compares
the DOM libraries, not two different extractions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("bs4")
pytest.importorskip("lxml")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from bs4_sites import extract

from scrapers.sites import qdnd
from tests.fixtures.regenerate import fixture_pages, read_page

PAGES = [(source, url, path) for source in ("qdnd", "qdnd-hc")
         for url, path, _ in fixture_pages(source)]


@pytest.mark.parametrize(("source", "url", "path"), PAGES, ids=[p[2].parent.name for p in PAGES])
def test_bs4_peer_gives_our_qdnd_text(source: str, url: str, path: Path) -> None:
    page = read_page(url, path)
    ours = qdnd.parse(page, source=source)
    peer = extract(page.text, "qdnd")
    assert (peer.title, peer.sapo, peer.paragraphs) == (ours.title, ours.sapo, ours.paragraphs)
    assert peer.text == ours.text

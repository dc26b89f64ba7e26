"""Golden fixtures of every source, and the rule that an enabled source without fixtures fails.

Golden files are written by `python tests/fixtures/regenerate.py SOURCE` and reviewed in the diff.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

import config
from scrapers import get_site, site_names
from tests.fixtures.regenerate import (
    FIXTURES,
    fixture_listings,
    fixture_pages,
    parse_fixture,
    parse_listing_fixture,
)

CONFIG = config.load(environ={})
SOURCES = [s.name for s in CONFIG.sources if (FIXTURES / s.name).is_dir()]
ARTICLES = [(s, *row) for s in SOURCES for row in fixture_pages(s)]
LISTINGS = [(s, *row) for s in SOURCES for row in fixture_listings(s)]


@pytest.mark.parametrize("source", [s.name for s in CONFIG.enabled_sources])
def test_every_enabled_source_has_fixtures(source: str) -> None:
    assert len(fixture_pages(source)) >= 3, f"enabled source {source} has < 3 article fixtures"
    assert len(fixture_listings(source)) >= 2, f"enabled source {source} has < 2 listing fixtures"


@pytest.mark.parametrize("name", site_names())
def test_site_modules_follow_the_protocol(name: str) -> None:
    site = get_site(name)
    assert isinstance(site.NAME, str) and isinstance(site.PARSER_VERSION, str)
    for function in ("parse", "parse_listing", "prime_urls", "listing_page_url", "article_id",
                     "normalize_url"):
        assert inspect.isfunction(getattr(site, function)), f"{name}.{function} missing"
    assert "source" in inspect.signature(site.parse).parameters


@pytest.mark.parametrize(
    ("source", "url", "path", "golden"), ARTICLES, ids=[f"{a[0]}:{a[3].stem}" for a in ARTICLES]
)
def test_golden_articles(source: str, url: str, path: Path, golden: Path) -> None:
    assert golden.exists(), f"{golden} missing: run tests/fixtures/regenerate.py {source}"
    assert parse_fixture(source, url, path) == json.loads(golden.read_text("utf-8"))


@pytest.mark.parametrize(
    ("source", "url", "path", "golden"), LISTINGS, ids=[f"{a[0]}:{a[3].stem}" for a in LISTINGS]
)
def test_golden_listings(source: str, url: str, path: Path, golden: Path) -> None:
    assert golden.exists(), f"{golden} missing: run tests/fixtures/regenerate.py {source}"
    assert parse_listing_fixture(source, url, path) == json.loads(golden.read_text("utf-8"))


@pytest.mark.parametrize("source", [s.name for s in CONFIG.sources])
def test_every_configured_site_exists(source: str) -> None:
    assert get_site(CONFIG.source(source).site).NAME

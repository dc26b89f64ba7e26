"""Configuration loading: typed, strict, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

import config


def write(tmp_path: Path, settings: str | None = None, sources: str | None = None) -> Path:
    base = config.CONFIG_DIR
    (tmp_path / "settings.toml").write_text(
        settings if settings is not None else (base / "settings.toml").read_text("utf-8"), "utf-8"
    )
    (tmp_path / "sources.toml").write_text(
        sources if sources is not None else (base / "sources.toml").read_text("utf-8"), "utf-8"
    )
    return tmp_path


def test_shipped_config_loads() -> None:
    cfg = config.load(environ={})
    qdnd = cfg.source("qdnd")
    assert qdnd.enabled and qdnd.host == "www.qdnd.vn"
    assert qdnd.listing_urls()[0] == "https://www.qdnd.vn/quoc-phong-an-ninh"
    assert cfg.settings.requests_per_second == 1.0
    assert "https://" in cfg.settings.user_agent


def test_environment_overrides(tmp_path: Path) -> None:
    cfg = config.load(
        write(tmp_path),
        environ={"VNNEWS_DATA_DIR": "/srv/corpus", "VNNEWS_MAX_ATTEMPTS": "7",
                 "VNNEWS_OBEY_ROBOTS": "true"},
    )
    assert cfg.settings.data_dir == Path("/srv/corpus")
    assert cfg.settings.max_attempts == 7


def test_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError, match="VNNEWS_MAX_ATTEMPTS"):
        config.load(write(tmp_path), environ={"VNNEWS_MAX_ATTEMPTS": "many"})


def test_unknown_settings_key_is_named(tmp_path: Path) -> None:
    text = (config.CONFIG_DIR / "settings.toml").read_text("utf-8") + "\nrequest_per_second = 2\n"
    with pytest.raises(config.ConfigError, match="request_per_second"):
        config.load(write(tmp_path, settings=text), environ={})


def test_bad_source_value_names_source_and_key(tmp_path: Path) -> None:
    sources = """
[[source]]
name = "qdnd"
site = "qdnd"
base_url = "https://www.qdnd.vn"
listings = ["/chinh-tri"]
max_pages = 0
"""
    with pytest.raises(config.ConfigError, match=r"source 'qdnd': max_pages"):
        config.load(write(tmp_path, sources=sources), environ={})


def test_unknown_source_key_and_bad_url(tmp_path: Path) -> None:
    base = '[[source]]\nname = "x"\nsite = "qdnd"\nlistings = ["/a"]\n'
    with pytest.raises(config.ConfigError, match="enabeld"):
        config.load(write(tmp_path, sources=base + 'base_url = "https://x.vn"\nenabeld = true\n'),
                    environ={})
    with pytest.raises(config.ConfigError, match="base_url"):
        config.load(write(tmp_path, sources=base + 'base_url = "ftp://x.vn"\n'), environ={})


def test_unknown_source_name() -> None:
    with pytest.raises(config.ConfigError, match="unknown source 'nope'"):
        config.load(environ={}).source("nope")

"""Configuration: `settings.toml` and `sources.toml`, overridable by `VNNEWS_*` variables.

Everything is loaded into frozen dataclasses and checked on load: an unknown key or a bad value is a
`ConfigError` whose message names the key (and the file or variable it came from), so a typo never
silently falls back to a default.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cronsim import CronSim, CronSimError

CONFIG_DIR = Path(__file__).resolve().parent
ENV_PREFIX = "VNNEWS_"
DEFAULT_STATE_DIR = Path("data/state")
# Machine-wide: every vnnews process on this machine shares one request budget per host.
DEFAULT_HOST_BUDGET_DIR = Path(tempfile.gettempdir()) / "vnnews-host-budget"


class ConfigError(ValueError):
    """A configuration file or variable is wrong; the message names the key."""


@dataclass(frozen=True, slots=True)
class Settings:
    user_agent: str
    connect_timeout: float
    read_timeout: float
    max_response_bytes: int
    max_attempts: int
    retry_after_cap: float
    requests_per_second: float
    obey_robots: bool
    # A local directory (Path) or an object-store URI such as "s3://bucket/prefix" (str).
    data_dir: Path | str
    batch_size: int
    max_parse_failure_ratio: float
    # Local state of an object-store data_dir (SQLite validators, lock files, runs.jsonl); a local
    # data_dir keeps its state inside itself.
    state_dir: Path = DEFAULT_STATE_DIR
    # Object-store options (deltalake `storage_options`, mapped to pyarrow's S3FileSystem for
    # files), checked by `check_storage_options`; sorted (key, value) pairs, so Settings stays
    # hashable. Pass `dict(settings.storage_options)`.
    storage_options: tuple[tuple[str, str], ...] = ()
    # Where processes on this machine meet to share each host's request budget (one small file
    # per host): a nightly run and a backfill at once stay within one host's rate together.
    host_budget_dir: Path = DEFAULT_HOST_BUDGET_DIR
    # The `nightly` deployment's schedule: a cron line read in `timezone` (an IANA name).
    nightly_cron: str = "0 2 * * *"
    timezone: str = "Asia/Ho_Chi_Minh"
    # Where `vnnews serve` starts the Prefect server (its UI and API). Loopback unless you put
    # an authenticating proxy in front of it (docs/operations.md).
    ui_host: str = "127.0.0.1"
    ui_port: int = 4200
    # Articles per version-log commit (one store task each): fewer, larger commits cost less
    # orchestration and re-read the store less often (docs/benchmarks.md).
    store_batch_size: int = 200
    # Retries wait backoff_initial * 2^(n-1) seconds plus up to backoff_initial of jitter, at
    # most backoff_max (and never less than a Retry-After).
    backoff_initial: float = 1.0
    backoff_max: float = 60.0


@dataclass(frozen=True, slots=True)
class SourceConfig:
    name: str
    site: str
    base_url: str
    enabled: bool
    listings: tuple[str, ...]
    requests_per_second: float
    max_pages: int
    aliases: tuple[str, ...] = ()
    fallback_listings: tuple[str, ...] = ()
    # A run that finds nothing new when the source's newest stored version is older than this
    # many days ends Failed as stale: the site stopped publishing, or we stopped seeing it.
    stale_after_days: float = 3.0

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def hosts(self) -> tuple[str, ...]:
        """The source's own host and its aliases (other domains of the same site)."""
        return (self.host, *self.aliases)

    def listing_urls(self) -> tuple[str, ...]:
        return tuple(self._absolute(path) for path in self.listings)

    def fallback_urls(self) -> tuple[str, ...]:
        """Listings read only when every primary listing fails (e.g. a closed WordPress API)."""
        return tuple(self._absolute(path) for path in self.fallback_listings)

    def _absolute(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


@dataclass(frozen=True, slots=True)
class Config:
    settings: Settings
    sources: tuple[SourceConfig, ...]

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources)
        raise ConfigError(f"unknown source {name!r} (configured: {known})")

    @property
    def enabled_sources(self) -> tuple[SourceConfig, ...]:
        return tuple(s for s in self.sources if s.enabled)


def load(config_dir: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Read both files from `config_dir` (default: this package) and apply `VNNEWS_*` overrides."""
    directory = config_dir or Path(os.environ.get("VNNEWS_CONFIG_DIR", CONFIG_DIR))
    env = os.environ if environ is None else environ
    settings = load_settings(directory / "settings.toml", env)
    sources = load_sources(directory / "sources.toml", settings)
    return Config(settings=settings, sources=sources)


def load_settings(path: Path, environ: Mapping[str, str]) -> Settings:
    raw = dict(_read_toml(path))
    names = {f.name for f in fields(Settings)}
    _reject_unknown(raw, names, str(path))
    if "storage_options" in raw:
        raw["storage_options"] = check_storage_options(
            raw["storage_options"], f"{path}: [storage_options]"
        )
    for name in names:
        variable = ENV_PREFIX + name.upper()
        if variable in environ:
            raw[name] = _from_env(variable, environ[variable], name)
    optional = {f.name for f in fields(Settings) if f.default is not MISSING}
    missing = sorted(names - optional - raw.keys())
    if missing:
        raise ConfigError(f"{path}: missing key(s) {', '.join(missing)}")
    settings = Settings(
        user_agent=_str(raw, "user_agent"),
        connect_timeout=_positive(raw, "connect_timeout"),
        read_timeout=_positive(raw, "read_timeout"),
        max_response_bytes=_positive_int(raw, "max_response_bytes"),
        max_attempts=_positive_int(raw, "max_attempts"),
        retry_after_cap=_positive(raw, "retry_after_cap"),
        requests_per_second=_positive(raw, "requests_per_second"),
        obey_robots=_bool(raw, "obey_robots"),
        data_dir=_data_dir(raw, "data_dir"),
        batch_size=_positive_int(raw, "batch_size"),
        max_parse_failure_ratio=_ratio(raw, "max_parse_failure_ratio"),
        state_dir=Path(_str(raw, "state_dir")) if "state_dir" in raw else DEFAULT_STATE_DIR,
        storage_options=tuple(sorted(raw.get("storage_options", {}).items())),
        host_budget_dir=(
            Path(_str(raw, "host_budget_dir")) if "host_budget_dir" in raw
            else DEFAULT_HOST_BUDGET_DIR
        ),
        nightly_cron=_cron(raw, "nightly_cron") if "nightly_cron" in raw else "0 2 * * *",
        timezone=_timezone(raw, "timezone") if "timezone" in raw else "Asia/Ho_Chi_Minh",
        ui_host=_str(raw, "ui_host") if "ui_host" in raw else "127.0.0.1",
        ui_port=_port(raw, "ui_port") if "ui_port" in raw else 4200,
        store_batch_size=(
            _positive_int(raw, "store_batch_size") if "store_batch_size" in raw else 200
        ),
        backoff_initial=_positive(raw, "backoff_initial") if "backoff_initial" in raw else 1.0,
        backoff_max=_positive(raw, "backoff_max") if "backoff_max" in raw else 60.0,
    )
    if "http://" not in settings.user_agent and "https://" not in settings.user_agent:
        raise ConfigError("user_agent: must contain a contact URL (http:// or https://)")
    return settings


SOURCE_KEYS = {f.name for f in fields(SourceConfig)}
_SOURCE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
SOURCE_DEFAULTS: dict[str, Any] = {
    "enabled": True, "listings": [], "max_pages": 5, "aliases": [], "fallback_listings": [],
    "stale_after_days": 3.0,
}


def load_sources(path: Path, settings: Settings) -> tuple[SourceConfig, ...]:
    raw = _read_toml(path)
    _reject_unknown(raw, {"source"}, str(path))
    entries = raw.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: 'source' must be an array of tables ([[source]])")
    sources: list[SourceConfig] = []
    for index, entry in enumerate(entries):
        where = f"{path}: source #{index + 1}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: must be a table")
        if "name" in entry and isinstance(entry["name"], str):
            where = f"{path}: source {entry['name']!r}"
        _reject_unknown(entry, SOURCE_KEYS, where)
        values = {**SOURCE_DEFAULTS, "requests_per_second": settings.requests_per_second, **entry}
        sources.append(_source(values, where))
    names = [s.name for s in sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"{path}: duplicate source name(s) {', '.join(duplicates)}")
    return tuple(sources)


def _source(values: dict[str, Any], where: str) -> SourceConfig:
    try:
        name = _str(values, "name")
        if not _SOURCE_NAME.fullmatch(name):
            raise ConfigError(
                f"name: {name!r} must be lower-case letters, digits, '-' or '_' (it names "
                "folders and files of the store)"
            )
        site = _str(values, "site")
        base_url = _str(values, "base_url")
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"base_url: {base_url!r} is not an http(s) URL")
        listings = _str_list(values, "listings")
        if not listings:
            raise ConfigError("listings: at least one listing path is needed")
        return SourceConfig(
            name=name,
            site=site,
            base_url=base_url.rstrip("/"),
            enabled=_bool(values, "enabled"),
            listings=tuple(listings),
            requests_per_second=_positive(values, "requests_per_second"),
            max_pages=_positive_int(values, "max_pages"),
            aliases=tuple(_str_list(values, "aliases")),
            fallback_listings=tuple(_str_list(values, "fallback_listings")),
            stale_after_days=_positive(values, "stale_after_days"),
        )
    except ConfigError as error:
        raise ConfigError(f"{where}: {error}") from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def _reject_unknown(raw: Mapping[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _from_env(variable: str, value: str, name: str) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if name == "storage_options":
        try:
            options = json.loads(value)
        except json.JSONDecodeError as error:
            raise ConfigError(f"{variable}: not a JSON object ({error})") from None
        return check_storage_options(options, variable)
    try:
        if kind == "bool":
            lowered = value.strip().lower()
            if lowered not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError(value)
            return lowered in ("1", "true", "yes")
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
    except ValueError:
        raise ConfigError(f"{variable}: {value!r} is not a valid {kind}") from None
    return value


def data_root(value: str, key: str = "data_dir") -> Path | str:
    """A data directory as given by a user: a local directory (Path), or an
    `s3://bucket[/prefix]` URI kept as a string (a Path would fold its `//`)."""
    if "://" not in value:
        return Path(value)
    parts = urlsplit(value)
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"{key}: {value!r} is not a local directory or an s3://bucket/prefix URI"
        )
    return value.rstrip("/")


def _data_dir(raw: Mapping[str, Any], key: str) -> Path | str:
    return data_root(_str(raw, key), key)


# Object-store options we accept, by canonical (upper-case) name. They are passed to deltalake as
# `storage_options` and mapped onto pyarrow's S3FileSystem for the WARC files; the standard AWS
# environment variables of the same names are read by both when an option is not set here.
STORAGE_OPTION_KEYS: dict[str, str] = {
    "AWS_ACCESS_KEY_ID": "text",
    "AWS_SECRET_ACCESS_KEY": "text",
    "AWS_SESSION_TOKEN": "text",
    "AWS_REGION": "text",
    "AWS_ENDPOINT_URL": "url",
    "AWS_ALLOW_HTTP": "bool",
    "AWS_VIRTUAL_HOSTED_STYLE_REQUEST": "bool",
    "AWS_CONDITIONAL_PUT": "etag",
    "AWS_S3_ALLOW_UNSAFE_RENAME": "bool",
}
_STORAGE_ALIASES = {"CONDITIONAL_PUT": "AWS_CONDITIONAL_PUT", "AWS_DEFAULT_REGION": "AWS_REGION"}
_TRUTH = ("true", "false", "1", "0", "yes", "no")


def check_storage_options(options: object, where: str = "storage_options") -> dict[str, str]:
    """Object-store options by canonical name (keys are case-insensitive); a `ConfigError` (a
    ValueError) naming the key for an unknown key or a bad value. Values are strings, as
    deltalake takes them: `AWS_ALLOW_HTTP = "true"`, not `true`."""
    if not isinstance(options, Mapping):
        raise ConfigError(
            f"{where}: must be a table (JSON object) of strings, got {type(options).__name__}"
        )
    checked: dict[str, str] = {}
    for key, value in options.items():
        name = str(key).upper()
        name = _STORAGE_ALIASES.get(name, name)
        kind = STORAGE_OPTION_KEYS.get(name)
        if kind is None:
            known = ", ".join(STORAGE_OPTION_KEYS)
            raise ConfigError(f"{where}: unknown storage option {key!r} (known: {known})")
        if name in checked:
            raise ConfigError(f"{where}: storage option {key!r} given twice")
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                f"{where}: storage option {key}: must be a non-empty string, got {value!r}"
            )
        text = value.strip()
        if kind == "bool" and text.lower() not in _TRUTH:
            raise ConfigError(f"{where}: storage option {key}: {value!r} is not true or false")
        if kind == "url":
            parts = urlsplit(text)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ConfigError(
                    f"{where}: storage option {key}: {value!r} is not an http(s) URL"
                )
        if kind == "etag" and text.lower() != "etag":
            raise ConfigError(
                f"{where}: storage option {key}: {value!r} is not supported; only \"etag\" "
                "(Delta commits on S3 need conditional PUT)"
            )
        checked[name] = text.lower() if kind in ("bool", "etag") else text
    return checked


def _str(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}: must be a non-empty string, got {value!r}")
    return value


def _str_list(raw: Mapping[str, Any], key: str) -> list[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise ConfigError(f"{key}: must be a list of non-empty strings, got {value!r}")
    return value


def _bool(raw: Mapping[str, Any], key: str) -> bool:
    value = raw.get(key)
    if not isinstance(value, bool):
        raise ConfigError(f"{key}: must be true or false, got {value!r}")
    return value


def _positive(raw: Mapping[str, Any], key: str) -> float:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{key}: must be a positive number, got {value!r}")
    return float(value)


def _positive_int(raw: Mapping[str, Any], key: str) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{key}: must be a positive integer, got {value!r}")
    return value


def _cron(raw: Mapping[str, Any], key: str) -> str:
    value = _str(raw, key).strip()
    try:
        CronSim(value, datetime(2000, 1, 1))
    except CronSimError as error:
        raise ConfigError(f"{key}: {value!r} is not a cron line ({error})") from None
    return value


def _timezone(raw: Mapping[str, Any], key: str) -> str:
    value = _str(raw, key).strip()
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{key}: {value!r} is not an IANA time zone name") from None
    return value


def _port(raw: Mapping[str, Any], key: str) -> int:
    value = _positive_int(raw, key)
    if value > 65535:
        raise ConfigError(f"{key}: must be a TCP port (1-65535), got {value!r}")
    return value


def _ratio(raw: Mapping[str, Any], key: str) -> float:
    value = _positive(raw, key) if raw.get(key) != 0 else 0.0
    if value > 1:
        raise ConfigError(f"{key}: must be between 0 and 1, got {value!r}")
    return value

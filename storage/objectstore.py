"""Store roots in object storage: `s3://bucket/prefix` works wherever a local directory does.

Delta tables (`versions`, `links`, `minhash`) go through deltalake with `storage_options`; WARC
files through pyarrow's `S3FileSystem`, built from the same options. Options are per root:
`configure(root, options)` (called by `open_store` and `VersionLog(..., storage_options=)`)
registers them, and every reader and writer of a URI under that root looks them up, so the links,
the archive and the exports need no extra argument. An option not given falls back to the
standard AWS variable of the same name (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
`AWS_SESSION_TOKEN`, `AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`); both libraries get the
merged set, so they can never talk to different endpoints. Keys and values are checked by
`config.check_storage_options` (unknown key or bad value: an error naming it).

Concurrent commits (deltalake 1.6, measured against moto in `tests/test_s3.py`): delta-rs 1.x
writes each `_delta_log/NNN.json` with a conditional PUT (`If-None-Match: *`), so of two writers
racing for one table version exactly one wins and the other re-reads and retries (four processes
appending 40 commits at once lost nothing). No DynamoDB lock exists any more (delta-rs 1.0
removed it). This needs a store with conditional writes: AWS S3 (since 2024), MinIO, Cloudflare
R2, moto. We pin `AWS_CONDITIONAL_PUT=etag` (the library default) so a changed default cannot
turn it off; with it disabled delta-rs refuses to commit at all rather than commit unsafely.
`AWS_S3_ALLOW_UNSAFE_RENAME` is accepted for old configurations but changes nothing in 1.6.
Limits: the conditional PUT makes each commit atomic, not our read-decide-append cycle; the
per-source lock that serialises that cycle is a local file (see `state_dir`), so two machines
writing the same source at once can both append version n+1 of one URL (readers then pick one
row deterministically). Run one writer per source per store.

What cannot live in object storage stays local, under `state_dir(root)`: the SQLite validator
file, the per-source lock files, the run log and a run's WARC file while it is being written.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from pyarrow import fs as pafs

from config import check_storage_options, data_root

__all__ = [
    "STATE_DIR_VARIABLE",
    "as_root",
    "configure",
    "delta_options",
    "filesystem",
    "is_remote",
    "state_dir",
]

STATE_DIR_VARIABLE = "VNNEWS_STATE_DIR"
DEFAULT_STATE_DIR = Path("data/state")
DEFAULT_REGION = "us-east-1"  # as object_store: never ask the EC2 metadata service for it
# The standard variables read when an option is not configured (AWS_DEFAULT_REGION: the CLI's).
_ENVIRONMENT = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ALLOW_HTTP",
)
_TRUE = ("true", "1", "yes")

_guard = threading.Lock()
_configured: dict[str, dict[str, str]] = {}
_filesystems: dict[tuple[tuple[str, str], ...], pafs.S3FileSystem] = {}


def is_remote(root: str | Path) -> bool:
    """Whether `root` is an object-store URI rather than a local directory."""
    return isinstance(root, str) and "://" in root


def as_root(value: str | Path) -> str | Path:
    """A store root from user input: an `s3://` URI stays a string (a Path folds its `//`)."""
    return value if isinstance(value, Path) else data_root(value, "data directory")


def configure(root: str | Path, options: Mapping[str, str] | None) -> None:
    """Use `options` for every URI under `root` (replacing what was configured for it)."""
    if not is_remote(root):
        return
    checked = check_storage_options(dict(options or {}), f"storage options for {root}")
    with _guard:
        _configured[str(root).rstrip("/")] = checked


def delta_options(uri: str | Path) -> dict[str, str] | None:
    """deltalake's `storage_options` for a table URI (None for a local path)."""
    if not is_remote(uri):
        return None
    options = _effective(str(uri))
    options.setdefault("AWS_CONDITIONAL_PUT", "etag")
    return options


def filesystem(uri: str) -> tuple[pafs.S3FileSystem, str]:
    """pyarrow's S3 filesystem for `uri` and the `bucket/key` path of `uri` on it."""
    bucket, key = _split(uri)
    options = _effective(uri)
    cache_key = tuple(sorted(options.items()))
    with _guard:
        found = _filesystems.get(cache_key)
    if found is None:
        found = _s3(options)
        with _guard:
            found = _filesystems.setdefault(cache_key, found)
    return found, f"{bucket}/{key}".rstrip("/")


def state_dir(root: str | Path, base: str | Path | None = None) -> Path:
    """The local directory for what must stay local: `root` itself when it is local; for an
    object-store root, `<base>/s3/<bucket>/<prefix>`, where `base` defaults to
    `$VNNEWS_STATE_DIR` or `./data/state` (one directory per root: two stores never share
    validators, whose 304s would hide one store's articles from the other)."""
    if not is_remote(root):
        return Path(root).absolute()
    bucket, key = _split(str(root))
    chosen = base if base is not None else os.environ.get(STATE_DIR_VARIABLE) or DEFAULT_STATE_DIR
    folder = Path(chosen).absolute() / "s3" / bucket
    return folder.joinpath(*key.split("/")) if key else folder


def _split(uri: str) -> tuple[str, str]:
    """(bucket, key) of an `s3://bucket/key` URI; anything else is a clear error."""
    parts = urlsplit(uri)
    key = parts.path.strip("/")
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{uri!r} is not an s3://bucket/prefix URI (the only object store)")
    if key and any(segment in ("", ".", "..") for segment in key.split("/")):
        raise ValueError(f"{uri!r}: empty, '.' or '..' path segments are not allowed")
    return parts.netloc, key


def _effective(uri: str) -> dict[str, str]:
    """The environment's AWS variables overlaid with the options configured for `uri`'s root."""
    _split(uri)
    environment = {
        name: os.environ[name] for name in _ENVIRONMENT if os.environ.get(name, "").strip()
    }
    if "AWS_REGION" in environment:
        environment.pop("AWS_DEFAULT_REGION", None)
    merged = check_storage_options(environment, "the environment")
    with _guard:
        roots = [r for r in _configured if uri == r or uri.startswith(r + "/")]
        configured = dict(_configured[max(roots, key=len)]) if roots else {}
    merged.update(configured)
    endpoint = merged.get("AWS_ENDPOINT_URL", "")
    if endpoint.startswith("http://") and merged.get("AWS_ALLOW_HTTP") not in _TRUE:
        raise ValueError(
            f"AWS_ENDPOINT_URL {endpoint} is plain http: set AWS_ALLOW_HTTP=true to allow it"
        )
    return merged


def _s3(options: Mapping[str, str]) -> pafs.S3FileSystem:
    """pyarrow's S3FileSystem for the merged options. Always given an endpoint and a region:
    left to itself it would read neither AWS_ENDPOINT_URL nor AWS_ALLOW_HTTP."""
    endpoint = options.get("AWS_ENDPOINT_URL")
    scheme, override = "https", None
    if endpoint:
        parts = urlsplit(endpoint)
        scheme, override = parts.scheme, parts.netloc + parts.path.rstrip("/")
    key_id, secret = options.get("AWS_ACCESS_KEY_ID"), options.get("AWS_SECRET_ACCESS_KEY")
    if (key_id is None) != (secret is None):
        given = "AWS_ACCESS_KEY_ID" if key_id else "AWS_SECRET_ACCESS_KEY"
        raise ValueError(f"{given} is set without its pair: set both or neither")
    return pafs.S3FileSystem(
        access_key=key_id,
        secret_key=secret,
        session_token=options.get("AWS_SESSION_TOKEN") if key_id else None,
        region=options.get("AWS_REGION", DEFAULT_REGION),
        scheme=scheme,
        endpoint_override=override,
        force_virtual_addressing=options.get("AWS_VIRTUAL_HOSTED_STYLE_REQUEST") in _TRUE,
    )

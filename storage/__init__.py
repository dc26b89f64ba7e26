"""Versioned storage: the Delta version log, HTTP validators and the txt export.

Kept free of Prefect so it can be used (and tested) without an orchestrator. The root is a local
directory or an object-store URI (`s3://bucket/prefix`, see `storage/objectstore.py`); what must
stay local (validators, locks, the run log) lives in `Store.state_dir`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from storage import objectstore
from storage.export import ExportError, ExportResult, export_txt
from storage.validators import ValidatorStore
from storage.versions import StoredVersion, VersionLog, WriteResult

__all__ = [
    "ExportError",
    "ExportResult",
    "Store",
    "StoredVersion",
    "ValidatorStore",
    "VersionLog",
    "WriteResult",
    "export_txt",
    "open_store",
]

VALIDATORS_FILE = "http_validators.sqlite"


@dataclass(frozen=True, slots=True)
class Store:
    """Everything kept under one storage root. `state_dir`: the local directory for what cannot
    live in object storage, resolved for this root (the root itself when it is local)."""

    root: str | Path
    versions: VersionLog
    validators: ValidatorStore
    state_dir: Path | None = None

    @property
    def local_dir(self) -> Path:
        """Where local state (validators, locks, `runs.jsonl`) is kept."""
        return self.state_dir or objectstore.state_dir(self.root)


def open_store(
    root: str | Path,
    *,
    validators_path: Path | None = None,
    state_dir: str | Path | None = None,
    storage_options: Mapping[str, str] | None = None,
) -> Store:
    """Open (and for a local root, create) the store at `root`.

    An object-store root (`s3://bucket/prefix`) uses `storage_options` (see
    `storage.objectstore`), and keeps its SQLite validator file, lock files and run log in the
    local `storage.objectstore.state_dir(root, state_dir)`; a local root keeps them inside
    itself. `validators_path` overrides where the validator file goes.
    """
    if objectstore.is_remote(root):
        root = str(root).rstrip("/")
        if storage_options is not None:
            objectstore.configure(root, storage_options)
    else:
        root = Path(root).absolute()
    local = objectstore.state_dir(root, state_dir)
    local.mkdir(parents=True, exist_ok=True)
    return Store(
        root=root,
        versions=VersionLog(root, state_dir=state_dir),
        validators=ValidatorStore(validators_path or local / VALIDATORS_FILE),
        state_dir=local,
    )

"""Versioned storage: the Delta version log, HTTP validators and the txt export.

Kept free of Prefect so it can be used (and tested) without an orchestrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
    """Everything kept under one storage root."""

    root: str | Path
    versions: VersionLog
    validators: ValidatorStore


def open_store(root: str | Path, *, validators_path: Path | None = None) -> Store:
    """Open (and for a local root, create) the store at `root`.

    The validator file is SQLite and must be local: for an object-store root (`s3://…`) pass
    `validators_path`.
    """
    remote = isinstance(root, str) and "://" in root
    if not remote:
        root = Path(root).absolute()
        root.mkdir(parents=True, exist_ok=True)
    if validators_path is None:
        if remote:
            raise ValueError(f"{root} is not a local directory: pass validators_path")
        validators_path = Path(root) / VALIDATORS_FILE
    return Store(root=root, versions=VersionLog(root), validators=ValidatorStore(validators_path))

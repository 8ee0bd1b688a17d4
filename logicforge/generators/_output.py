"""Atomic output directories and row hashing, shared by every dataset writer (generate, astro, push)."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def row_line(row: dict) -> bytes:
    """A row as folded into a file's manifest sha256 (canonical JSON line)."""
    return json.dumps(row, sort_keys=True, ensure_ascii=False).encode() + b"\n"


def check_replaceable(out: Path, overwrite: bool, error: type[Exception] = ValueError) -> None:
    """Refuse an `out` that is a file, or a non-empty dir without `overwrite`."""
    if out.exists() and not out.is_dir():
        raise error(f"--out {str(out)!r} exists and is not a directory")
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise error(f"--out {str(out)!r} is not empty; pass --overwrite to replace it")


@contextmanager
def staged(out: Path, cannot_write: Callable[[OSError], Exception]) -> Iterator[Path]:
    """A fresh staging dir beside `out`, moved into place only if the block finishes.

    On any error (a full disk, Ctrl-C) the staging dir is removed and `out` is left as it was; an old
    `out` is deleted only after the new one is in place.
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
        staging.mkdir()
    except OSError as exc:
        raise cannot_write(exc) from None
    try:
        yield staging
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

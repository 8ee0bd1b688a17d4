"""Dataset file I/O shared by every writer (generate, astro, push): atomic output directories, row hashing.

A leaf module (standard library only), so generators/astro, tasks and publish can all use it without an
arrow running back up the layers.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

DIGEST_BLOCK = 64  # rows per block of a file's content hash


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False)  # built once: json.dumps builds one a call


def row_line(row: dict) -> bytes:
    """A row as folded into a file's manifest sha256 (canonical JSON line).

    >>> row_line({"b": 1, "a": "é"})
    b'{"a": "\\xc3\\xa9", "b": 1}\\n'
    """
    return _CANONICAL.encode(row).encode() + b"\n"


def block_digest(lines: bytes) -> bytes:
    """The sha256 of one block's canonical lines (what a worker hands over instead of the lines)."""
    return hashlib.sha256(lines).digest()


class FileDigest:
    """A data file's content hash, the same for every format: sha256 over the sha256 of each
    consecutive DIGEST_BLOCK-row block of its rows' canonical JSON lines (`row_line`).

    Blocks let the processes that make the rows hash them, so only 32 bytes per block travel.

    >>> rows = [{"id": str(i)} for i in range(70)]
    >>> a, b = FileDigest(), FileDigest()
    >>> a.add_rows(rows)
    >>> b.add_block(block_digest(b"".join(map(row_line, rows[:64]))), 64)
    >>> b.add_rows(rows[64:])
    >>> a.hexdigest() == b.hexdigest(), a.rows
    (True, 70)
    """

    def __init__(self, flat: bool = False) -> None:
        self._outer, self._block, self._in_block, self.rows = hashlib.sha256(), hashlib.sha256(), 0, 0
        self._ended = False  # a short block was added: it was the file's last
        # the hash of logicforge before 0.2's block hashes (sha256 over all lines), to check older datasets
        self._flat = hashlib.sha256() if flat else None

    def add_rows(self, rows: list[dict]) -> None:
        if self._ended and rows:
            raise ValueError("rows after the file's last (short) block")
        for row in rows:
            line = row_line(row)
            self._block.update(line)
            if self._flat is not None:
                self._flat.update(line)
            self._in_block += 1
            self.rows += 1
            if self._in_block == DIGEST_BLOCK:
                self._outer.update(self._block.digest())
                self._block, self._in_block = hashlib.sha256(), 0

    def add_block(self, digest: bytes, rows: int) -> None:
        """A block hashed elsewhere: a whole DIGEST_BLOCK rows, or the file's last rows."""
        if self._in_block or self._ended or not 0 < rows <= DIGEST_BLOCK:
            raise ValueError("a hashed block must start at a block boundary and hold at most DIGEST_BLOCK rows")
        self._outer.update(digest)
        self.rows += rows
        self._ended = rows < DIGEST_BLOCK

    def matches(self, expected: str) -> bool:
        """The file's hash is `expected`, also as an older logicforge wrote it (with `flat=True`)."""
        return expected in (self.hexdigest(), self._flat.hexdigest() if self._flat is not None else None)

    def hexdigest(self) -> str:
        outer = self._outer.copy()
        if self._in_block:
            outer.update(self._block.digest())
        return outer.hexdigest()


# Files logicforge writes beside the data files a manifest lists: the manifest, a card (and the card's
# temporary file), the mix file of a repo folder built by `push`.
OWN_FILES = frozenset({"manifest.json", "README.md", ".README.md.partial", "mix.yaml"})


def foreign_files(out: Path) -> list[str] | None:
    """What in `out` logicforge did not write: None when `out` holds no logicforge manifest, else the
    paths (relative, sorted) of files and folders that neither the manifest lists nor logicforge adds.

    A folder counts as logicforge's only if it holds a file the manifest lists, so an empty `sub/` a person
    made is foreign too.
    """
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        listed = {f["path"] for split in manifest["splits"].values() for f in split["files"]}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if not isinstance(manifest.get("logicforge_version"), str):
        return None
    folders = {str(parent) for path in listed for parent in Path(path).parents if str(parent) != "."}
    foreign = []
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_dir() and not path.is_symlink():
            if rel not in folders:
                foreign.append(rel + "/")
        elif rel not in listed and rel not in OWN_FILES:
            foreign.append(rel)
    # report a foreign folder once, not every file inside it
    return [f for f in foreign if not any(f != g and f.startswith(g) for g in foreign if g.endswith("/"))]


def check_replaceable(out: Path, overwrite: bool, error: type[Exception] = ValueError, flag: str = "--out") -> None:
    """Refuse an `out` that is the current directory (or holds it), a file, a non-empty dir without
    `overwrite`, or, with `overwrite`, a dir that is not a logicforge dataset or holds files logicforge
    did not write: `--overwrite` replaces a dataset as a whole and must never delete anyone else's file.
    """
    out = Path(out)
    where = Path.cwd().resolve()
    if out.resolve() == where or out.resolve() in where.parents:
        raise error(f"{flag} {str(out)!r} is the current directory or holds it; logicforge replaces its output "
                    f"directory as a whole, so name a new subdirectory (e.g. {flag} data/NAME)")
    if out.exists() and not out.is_dir():
        raise error(f"{flag} {str(out)!r} exists and is not a directory")
    if not out.exists() or not any(out.iterdir()):
        return
    if not overwrite:
        raise error(f"{flag} {str(out)!r} is not empty; pass --overwrite to replace it")
    foreign = foreign_files(out)
    if foreign is None:
        raise error(f"{flag} {str(out)!r} is not empty and is not a logicforge dataset (no logicforge "
                    "manifest.json); --overwrite replaces only a directory logicforge wrote, so choose another "
                    f"{flag} or empty it yourself")
    if foreign:
        names = ", ".join(map(repr, foreign[:3])) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise error(f"{flag} {str(out)!r} holds what logicforge did not write ({names}); --overwrite would "
                    f"delete it, so move it away or choose another {flag}")


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

"""Merge the shard dirs of one `generate --shard K/N` job into the dataset a single machine would have written."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
from pathlib import Path

from logicforge.output import FileDigest, check_replaceable, staged
from logicforge.tasks.rows import BuildError, read_batches, style_of

_SAME = ("logicforge_version", "format", "spec")  # what every shard of one job shares


def read_shard(path: str | Path) -> dict:
    """The manifest of one shard dir written by `logicforge generate`; BuildError naming what is wrong."""
    path = Path(path)
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{str(path)!r} is not a dataset written by `logicforge generate` "
                         "(no manifest.json)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BuildError(f"cannot read {str(path / 'manifest.json')!r}: {exc}") from None
    if not isinstance(manifest, dict) or "spec" not in manifest or "shard" not in manifest:
        raise BuildError(f"{str(path)!r} is not a shard of `logicforge generate` (its manifest has no spec or shard; "
                         "ASTRO trace datasets are not sharded)")
    return manifest


def _shard_numbers(text: str, where: str) -> tuple[int, int]:
    k, _, n = str(text).partition("/")
    if not (k.isdigit() and n.isdigit() and int(k) < int(n)):
        raise BuildError(f"{where}: bad shard {text!r} in manifest.json")
    return int(k), int(n)


def check_shards(dirs: list[Path], manifests: list[dict]) -> int:
    """Refuse shards of different jobs (spec, version, format, file size or shard count), a shard given twice,
    and a missing shard. Returns N, the shard count."""
    first = manifests[0]
    for path, manifest in zip(dirs[1:], manifests[1:]):
        for key in (*_SAME, "rows_per_file"):
            if manifest.get(key) != first.get(key):
                what = {"spec": "a different spec (tasks, knobs, seed or splits)", "format": "a different --format",
                        "logicforge_version": "a different logicforge version",
                        "rows_per_file": "a different file size"}[key]
                diff = _difference(manifest.get(key), first.get(key))
                raise BuildError(f"{str(path)!r} was generated with {what} than {str(dirs[0])!r} ({diff}); "
                                 "merge only the shards of one job")
    numbers = [_shard_numbers(m["shard"], str(d)) for d, m in zip(dirs, manifests)]
    counts = {n for _, n in numbers}
    if len(counts) > 1:
        ways = " and ".join(f"{n} ways" for n in sorted(counts))
        raise BuildError(f"the shard dirs come from jobs split {ways}; merge only the shards of one job")
    n = counts.pop()
    seen: dict[int, Path] = {}
    for path, (k, _) in zip(dirs, numbers):
        if k in seen:
            raise BuildError(f"shard {k}/{n} is given twice ({str(seen[k])!r} and {str(path)!r})")
        seen[k] = path
    missing = [f"{k}/{n}" for k in range(n) if k not in seen]
    if missing:
        raise BuildError(f"shard(s) {', '.join(missing)} missing: merge needs all {n} shard dirs of the job")
    return n


def _difference(a, b) -> str:
    """`a` vs `b`, reduced to the keys that differ when both are mappings (a spec), and kept short."""
    if isinstance(a, dict) and isinstance(b, dict):
        text = ", ".join(f"{k}: {a.get(k)!r} vs {b.get(k)!r}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k))
    else:
        text = f"{a!r} vs {b!r}"
    return text if len(text) <= 160 else text[:157] + "..."


def _files(dirs: list[Path], manifests: list[dict]) -> dict[str, list[tuple[Path, dict]]]:
    """Per split, (source path, file entry) of every file, in file order; a listed file that is absent,
    or a split whose `-of-NNNNN` files are not all there, is an error."""
    out: dict[str, dict[str, tuple[Path, dict]]] = {}
    for path, manifest in zip(dirs, manifests):
        for split, part in manifest["splits"].items():
            for entry in part["files"]:
                source = path / entry["path"]
                if not source.is_file():
                    raise BuildError(f"{str(source)!r} is listed in its shard's manifest.json but missing")
                out.setdefault(split, {})[entry["path"]] = (source, entry)
    spec_splits = manifests[0]["spec"]["splits"]
    result = {}
    for split, rows in spec_splits.items():
        files = [out.get(split, {})[name] for name in sorted(out.get(split, {}))]
        total = int(files[0][1]["path"].rsplit("-of-", 1)[1].split(".")[0]) if files else 0
        if len(files) != total or sum(e["rows"] for _, e in files) != rows:
            raise BuildError(f"split {split!r}: the shards hold {len(files)} of {total or '?'} files "
                             f"({sum(e['rows'] for _, e in files)} of {rows} rows); a shard is incomplete")
        result[split] = files
    return result


def verify_file(path: Path, entry: dict, fmt: str, style: str = "default") -> None:
    """The file holds the rows its manifest entry hashes (the same check `push` makes); `style` is the
    dataset's prompt style (the `prompt` column's type)."""
    digest = FileDigest()
    for batch in read_batches(path, fmt, style=style):
        digest.add_rows(batch.to_pylist())
    if digest.rows != entry["rows"] or not digest.matches(entry["sha256"]):
        raise BuildError(f"{str(path)!r} does not match its manifest.json hash (edited or corrupted)")


def single_command(command: str, out: str | Path) -> str:
    """A shard's recorded `logicforge generate` call as the single-machine call: no --shard, --out `out`."""
    try:
        args = shlex.split(command)
    except ValueError:
        return command
    kept, skip = [], False
    for i, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg == "--shard":
            skip = True
            continue
        if arg == "--out" and i + 1 < len(args):
            kept += ["--out", str(out)]
            skip = True
            continue
        kept.append(arg)
    return shlex.join(kept)


def merge(shard_dirs: list[str | Path], out: str | Path, overwrite: bool = False, check: bool = True,
          move: bool = False, progress=None) -> dict:
    """Merge every shard dir of one job into `out`: the files of the single-machine run and its manifest
    (the same content hash). With `check` each file is re-hashed first; `move` moves files instead of
    copying them (for shard dirs logicforge made itself). Returns the manifest.
    """
    dirs = [Path(d) for d in shard_dirs]
    if not dirs:
        raise BuildError("no shard dir given")
    out = Path(out)
    if any(d.resolve() == out.resolve() for d in dirs):
        raise BuildError(f"--out {str(out)!r} is one of the shard dirs; merge into a new directory")
    manifests = [read_shard(d) for d in dirs]
    check_shards(dirs, manifests)
    files = _files(dirs, manifests)
    check_replaceable(out, overwrite, BuildError)
    first = manifests[0]
    if check:
        for source, entry in (f for split in files.values() for f in split):
            verify_file(source, entry, first["format"], style_of(first))
            if progress is not None:
                progress(entry["rows"])
    order = sorted(first["spec"]["splits"], key=lambda s: (first["spec"]["splits"][s], s))  # MixSpec.split_order
    with staged(out, lambda exc: BuildError(f"cannot write to --out {str(out)!r}: {exc.strerror or exc}")) as staging:
        for source, entry in (f for split in files.values() for f in split):
            target = staging / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            (os.replace if move else shutil.copyfile)(source, target)
        manifest = {key: first[key] for key in first if key not in ("splits", "shard", "content_hash", "command")}
        manifest.update(
            shard="0/1", command=single_command(first.get("command", ""), out),
            splits={s: {"rows": first["spec"]["splits"][s], "files": [e for _, e in files[s]]} for s in files},
            content_hash=hashlib.sha256("".join(e["sha256"] for s in order for _, e in files[s]).encode()).hexdigest())
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest

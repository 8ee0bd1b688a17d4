"""Build datasets: rows from a MixSpec, written shard by shard, atomically, with a manifest."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import datasets

from logicforge.generators._output import check_replaceable, staged
from logicforge.tasks.mix import Component, MixSpec, component, parse_splits
from logicforge.tasks.rows import FEATURES, BuildError, make_row, question_key
from logicforge.tasks.workers import _run, _write_split

__all__ = ["FEATURES", "BuildError", "generate", "load", "make_row", "make_spec", "question_key", "write_dataset"]

datasets.disable_progress_bars()  # our own tqdm bar reports progress; theirs would print per file

ROWS_PER_FILE = 10_000
FORMATS = {"parquet": "parquet", "jsonl": "jsonl", "arrow": "arrow"}


def _with_reserved(spec: MixSpec, workers: int) -> Iterator[tuple[str, frozenset]]:
    """Each split, smallest first, with the question keys of every smaller split. A split's keys are
    computed once, by regenerating it in keys-only mode (its rows are written elsewhere, not read back)."""
    keys: set = set()
    order = spec.split_order()
    for i, split in enumerate(order):
        reserved = frozenset(keys)  # exactly what this split is generated against
        yield split, reserved
        if i + 1 < len(order):
            for chunk in _run(spec, split, reserved, [(0, spec.splits[split])], workers, "keys"):
                keys.update(chunk)


def _progress(total: int, enabled: bool | None):
    from tqdm.auto import tqdm

    if enabled is None:
        enabled = sys.stderr.isatty()
    return tqdm(total=total, unit="row", disable=not enabled, dynamic_ncols=True)


def write_dataset(spec: MixSpec, out: str | Path, fmt: str = "parquet", workers: int = 1,
                  shard: tuple[int, int] = (0, 1), overwrite: bool = False, progress: bool | None = None,
                  command: str = "", rows_per_file: int = ROWS_PER_FILE) -> dict:
    """Generate `spec` into `out` (files `data/{split}-KKKKK-of-NNNNN.{fmt}` + manifest.json).

    With `shard=(k, n)` only files whose number is k mod n are written, so n machines produce
    disjoint shards whose files together are exactly the single-machine dataset. Returns the manifest.
    """
    if fmt not in FORMATS:
        raise BuildError(f"unknown --format {fmt!r}; choose one of {', '.join(FORMATS)}")
    k, n_shards = shard
    out = Path(out)
    check_replaceable(out, overwrite, BuildError)
    with staged(out, lambda exc: BuildError(f"cannot write to --out {str(out)!r}: {exc.strerror or exc}")) as staging:
        manifest = _write_all(spec, staging, fmt, workers, k, n_shards, progress, rows_per_file)
        manifest["command"] = command
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _write_all(spec, staging, fmt, workers, k, n_shards, progress, rows_per_file) -> dict:
    from logicforge import __version__

    splits_out = {}
    total = sum(spec.splits.values())
    with _progress(total, progress) as bar:
        for split, reserved in _with_reserved(spec, workers):
            n = spec.splits[split]
            n_files = max(1, -(-n // rows_per_file))
            mine = [(f, f * rows_per_file, min(n, (f + 1) * rows_per_file)) for f in range(k, n_files, n_shards)]
            jobs = [(staging, f"data/{split}-{f:05d}-of-{n_files:05d}.{fmt}", fmt, lo, hi) for f, lo, hi in mine]
            files = _write_split(spec, split, reserved, jobs, workers, bar)
            splits_out[split] = {"rows": n, "files": files}
    hashes = [f["sha256"] for s in spec.split_order() for f in splits_out[s]["files"]]
    return {
        "logicforge_version": __version__,
        "format": fmt,
        "spec": spec.to_dict(),
        "shard": f"{k}/{n_shards}",
        "splits": splits_out,
        "content_hash": hashlib.sha256("".join(hashes).encode()).hexdigest(),
    }


def make_spec(tasks=(), n: int | None = None, level: int | None = None, params: dict | None = None,
              seed: int | None = None, splits: dict | str | None = None, mix: MixSpec | None = None) -> MixSpec:
    """A MixSpec from either `mix` or tasks + knobs; CLI-style overrides (seed, splits) on top."""
    if isinstance(splits, str):
        splits = parse_splits(splits)
    if mix is not None:
        if tasks:
            raise BuildError("give either tasks or a mix, not both")
        return MixSpec(mix.components, mix.seed if seed is None else seed, splits or mix.splits)
    if not tasks:
        raise BuildError("no task given; use --task NAME (repeatable) or --mix FILE")
    if isinstance(tasks, str):
        tasks = [tasks]
    comps: list[Component] = [component(t, 1.0, level=level, params=params) for t in tasks]
    if splits is None:
        splits = {"train": n if n is not None else 100}
    return MixSpec(tuple(comps), seed or 0, splits)


def generate(tasks=(), n: int | None = None, level: int | None = None, params: dict | None = None, seed: int | None = None,
             splits: dict | str | None = None, mix: str | Path | MixSpec | None = None, out: str | Path | None = None,
             format: str = "parquet", workers: int = 1, overwrite: bool = False):
    """Generate a dataset; returns a `datasets.Dataset` (one split) or `DatasetDict`.

    Without `out` the rows are built in memory; with `out` they are written (see `write_dataset`)
    and loaded back.

    >>> ds = generate("word_sorting", n=3, level=2, seed=1)
    >>> len(ds), ds[0]["task"]
    (3, 'word_sorting')
    """
    from logicforge.tasks.mix import load_mix

    if isinstance(mix, (str, Path)):
        mix = load_mix(mix)
    spec = make_spec(tasks, n, level, params, seed, splits, mix)
    if out is not None:
        write_dataset(spec, out, format, workers, overwrite=overwrite, progress=False)
        return load(out)
    result, keys = {}, set()
    for split in spec.split_order():  # smallest first; a larger split avoids the questions of the smaller
        rows = [r for chunk in _run(spec, split, frozenset(keys), [(0, spec.splits[split])], workers, "rows")
                for r in chunk]
        keys.update(question_key(r["question"]) for r in rows)
        result[split] = datasets.Dataset.from_list(rows, features=FEATURES)
    ordered = {s: result[s] for s in spec.splits}
    return ordered[next(iter(ordered))] if len(ordered) == 1 else datasets.DatasetDict(ordered)


def load(path: str | Path):
    """Load a written dataset dir; one split -> Dataset, several -> DatasetDict."""
    manifest = json.loads((Path(path) / "manifest.json").read_text())
    builder = {"parquet": "parquet", "jsonl": "json", "arrow": "arrow"}[manifest["format"]]
    files = {s: [str(Path(path) / f["path"]) for f in v["files"]] for s, v in manifest["splits"].items() if v["files"]}
    dd = datasets.load_dataset(builder, data_files=files, features=FEATURES)
    return dd[next(iter(dd))] if len(dd) == 1 else dd


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

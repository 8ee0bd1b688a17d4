"""Build datasets: rows from a MixSpec, written shard by shard, atomically, with a manifest."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import datasets

from logicforge.output import check_replaceable, staged
from logicforge.tasks.mix import Component, MixSpec, component, parse_splits, with_lang_style
from logicforge.tasks.rows import FEATURES, BuildError, features, make_row, question_key, style_of
from logicforge.tasks.workers import _run, _write_split

__all__ = ["FEATURES", "BuildError", "features", "generate", "load", "make_row", "make_spec", "question_key",
           "write_dataset"]

datasets.disable_progress_bars()  # our own tqdm bar reports progress; theirs would print per file

ROWS_PER_FILE = 10_000
FORMATS = {"parquet": "parquet", "jsonl": "jsonl", "arrow": "arrow"}
EXECUTORS = ("local", "ray")  # local: worker processes on this machine; ray: one Ray task per shard, then merge


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
                  command: str = "", rows_per_file: int = ROWS_PER_FILE, executor: str = "local") -> dict:
    """Generate `spec` into `out` (files `data/{split}-KKKKK-of-NNNNN.{fmt}` + manifest.json).

    With `shard=(k, n)` only files whose number is k mod n are written, so n machines produce
    disjoint shards whose files together are exactly the single-machine dataset (`merge` joins them).
    `executor="ray"` runs `workers` such shards as Ray tasks and merges them. Returns the manifest.
    """
    if fmt not in FORMATS:
        raise BuildError(f"unknown --format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if executor not in EXECUTORS:
        raise BuildError(f"unknown --executor {executor!r}; choose one of {', '.join(EXECUTORS)}")
    k, n_shards = shard
    most = max(n_files(n, rows_per_file) for n in spec.splits.values())
    if k >= most:
        raise BuildError(f"--shard {k}/{n_shards} would hold no file: this job makes at most {most} file(s) per split "
                         f"({rows_per_file:,} rows a file), so use at most {most} shard(s)")
    if executor == "ray":
        if shard != (0, 1):
            raise BuildError("--executor ray makes the shards itself; drop --shard")
        from logicforge.tasks.executors import write_with_ray

        return write_with_ray(spec, out, fmt, workers, overwrite, progress, command, rows_per_file,
                              n_shards=min(workers, most))
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
            total = n_files(n, rows_per_file)
            mine = [(f, f * rows_per_file, min(n, (f + 1) * rows_per_file)) for f in range(k, total, n_shards)]
            jobs = [(staging, f"data/{split}-{f:05d}-of-{total:05d}.{fmt}", fmt, lo, hi) for f, lo, hi in mine]
            files = _write_split(spec, split, reserved, jobs, workers, bar)
            splits_out[split] = {"rows": n, "files": files}
    hashes = [f["sha256"] for s in spec.split_order() for f in splits_out[s]["files"]]
    return {
        "logicforge_version": __version__,
        "format": fmt,
        "spec": spec.to_dict(),
        "shard": f"{k}/{n_shards}",
        "rows_per_file": rows_per_file,
        "splits": splits_out,
        "content_hash": hashlib.sha256("".join(hashes).encode()).hexdigest(),
    }


def n_files(rows: int, rows_per_file: int = ROWS_PER_FILE) -> int:
    """Files a split of `rows` rows is written as (at least one)."""
    return max(1, -(-rows // rows_per_file))


def make_spec(tasks=(), n: int | None = None, level: int | None = None, params: dict | None = None,
              seed: int | None = None, splits: dict | str | None = None, mix: MixSpec | None = None,
              lang: str | None = None, style: str | None = None) -> MixSpec:
    """A MixSpec from either `mix` or tasks + knobs; CLI-style overrides (seed, splits, the language of every
    task, the prompt style) on top. Without a mix, questions are English and prompts `default` unless set."""
    if isinstance(splits, str):
        splits = parse_splits(splits)
    if mix is not None:
        if tasks:
            raise BuildError("give either tasks or a mix, not both")
        spec = MixSpec(mix.components, mix.seed if seed is None else seed, splits or mix.splits, mix.style)
        return with_lang_style(spec, lang, style)
    if not tasks:
        raise BuildError("no task given; use --task NAME (repeatable) or --mix FILE")
    if n is not None and splits is not None:
        raise BuildError("give either -n (one split called 'train') or --splits, not both")
    if isinstance(tasks, str):
        tasks = [tasks]
    _check_knob_names(tasks, params or {})
    comps: list[Component] = []
    for t in tasks:
        try:
            comps.append(component(t, 1.0, level=level, params=params, lang=lang or "en"))
        except ValueError as exc:
            raise BuildError(f"{exc} (task {t})" if len(tasks) > 1 and t not in str(exc) else str(exc)) from None
    if splits is None:
        splits = {"train": n if n is not None else 100}
    return with_lang_style(MixSpec(tuple(comps), seed or 0, splits), None, style)


def _check_knob_names(tasks, params: dict) -> None:
    """Every knob set for several tasks must be a knob of each; otherwise say which tasks have it."""
    from logicforge.tasks import get_task

    have = {t: [k["name"] for k in get_task(t).knob_table()] for t in tasks}
    for key in params:
        owners = [t for t in have if key in have[t]]
        if len(owners) == len(have):
            continue
        if not owners:
            if len(have) == 1:
                (t, names), = have.items()
                raise BuildError(f"unknown knob {key!r} for {t}; known: {', '.join(names)}")
            known = "; ".join(f"{t}: {', '.join(names)}" for t, names in have.items())
            raise BuildError(f"unknown knob {key!r}: no task has it (known knobs: {known})")
        lacking = [t for t in have if t not in owners]
        raise BuildError(f"knob {key!r} is a knob of {', '.join(owners)} but not of {', '.join(lacking)}; "
                         "--param sets a knob of every --task, so set knobs per task in a --mix file")


def generate(tasks=(), n: int | None = None, level: int | None = None, params: dict | None = None,
             seed: int | None = None, splits: dict | str | None = None, mix: str | Path | MixSpec | None = None,
             out: str | Path | None = None, format: str = "parquet", workers: int = 1, overwrite: bool = False,
             lang: str | None = None, prompt_style: str | None = None):
    """Generate a dataset; returns a `datasets.Dataset` (one split) or `DatasetDict`.

    Without `out` the rows are built in memory; with `out` they are written (see `write_dataset`)
    and loaded back. `lang` (en, zh, mix) sets the language of every task's questions, `prompt_style`
    (default, r1, plain) the prompt column; both default to the mix's, else en and default.

    >>> ds = generate("word_sorting", n=3, level=2, seed=1, lang="zh", prompt_style="plain")
    >>> len(ds), ds[0]["task"], ds[0]["lang"], type(ds[0]["prompt"]).__name__
    (3, 'word_sorting', 'zh', 'str')
    """
    from logicforge.tasks.mix import load_mix

    if isinstance(mix, (str, Path)):
        mix = load_mix(mix)
    spec = make_spec(tasks, n, level, params, seed, splits, mix, lang, prompt_style)
    if out is not None:
        write_dataset(spec, out, format, workers, overwrite=overwrite, progress=False)
        return load(out)
    result, keys = {}, set()
    for split in spec.split_order():  # smallest first; a larger split avoids the items of the smaller
        keyed = [pair for chunk in _run(spec, split, frozenset(keys), [(0, spec.splits[split])], workers, "rows")
                 for pair in chunk]
        keys.update(k for _, row_keys in keyed for k in row_keys)
        result[split] = datasets.Dataset.from_list([row for row, _ in keyed], features=features(spec.style))
    ordered = {s: result[s] for s in spec.splits}
    return ordered[next(iter(ordered))] if len(ordered) == 1 else datasets.DatasetDict(ordered)


def load(path: str | Path):
    """Load a written dataset dir (in the schema of its prompt style); one split -> Dataset, several -> DatasetDict."""
    manifest = json.loads((Path(path) / "manifest.json").read_text())
    builder = {"parquet": "parquet", "jsonl": "json", "arrow": "arrow"}[manifest["format"]]
    files = {s: [str(Path(path) / f["path"]) for f in v["files"]] for s, v in manifest["splits"].items() if v["files"]}
    dd = datasets.load_dataset(builder, data_files=files, features=features(style_of(manifest)))
    return dd[next(iter(dd))] if len(dd) == 1 else dd


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

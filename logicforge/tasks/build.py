"""Build datasets: rows from a MixSpec, written shard by shard, atomically, with a manifest."""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, contextmanager
from functools import lru_cache
from pathlib import Path

import datasets
import numpy as np

from logicforge.generators._output import DIGEST_BLOCK, FileDigest, block_digest, check_replaceable, row_line, staged
from logicforge.generators.base import stable_hash
from logicforge.tasks import get_task
from logicforge.tasks.mix import Component, MixSpec, component, parse_splits

datasets.disable_progress_bars()  # our own tqdm bar reports progress; theirs would print per file

ROWS_PER_FILE = 10_000
MAX_ATTEMPTS = 64  # resamples of one item whose question already appears in a smaller split
FORMATS = {"parquet": "parquet", "jsonl": "jsonl", "arrow": "arrow"}

FEATURES = datasets.Features(
    {
        "id": datasets.Value("string"),
        "task": datasets.Value("string"),
        "category": datasets.Value("string"),
        "level": datasets.Value("int32"),
        "params": datasets.Value("string"),
        "seed": datasets.Value("int64"),
        "index": datasets.Value("int64"),
        "question": datasets.Value("string"),
        "prompt": [{"role": datasets.Value("string"), "content": datasets.Value("string")}],
        "answer": datasets.Value("string"),
        "payload": datasets.Value("string"),
        "hardness": datasets.Value("float64"),
    }
)


SCHEMA = FEATURES.arrow_schema  # with the "huggingface" metadata; the property rebuilds it on every call
ROW_GROUP = 1024  # Parquet row-group size in rows (a multiple of CHUNK, so groups never depend on --workers)


class BuildError(ValueError):
    """A generation request that cannot be carried out (bad output dir, exhausted item space)."""


def question_key(question: str) -> int:
    """The 64-bit key used to keep a question out of two splits."""
    return stable_hash(question)


def make_row(spec: MixSpec, split: str, comp_index: int, local: int, reserved: frozenset | set = frozenset()) -> dict:
    """Row for item `local` of component `comp_index` in `split`, avoiding `reserved` questions."""
    comp = spec.components[comp_index]
    task = get_task(comp.task)
    level, params = comp.params_for(local)
    split_key = _split_key(split)
    for attempt in range(MAX_ATTEMPTS):
        inst = task.generate(params, spec.seed, local, split_key, comp_index, attempt)
        if not reserved or question_key(inst.question) not in reserved:
            break
    else:
        raise BuildError(f"{comp.task}: cannot find a question for split {split!r} that no smaller split has; "
                         "the item space at these knobs is too small for the requested sizes")
    params_json, id_head = _row_constants(comp.task, params, spec.seed, split, comp_index)
    # json.dumps([task, params, seed, split, comp, local]) with the constant head dumped once
    ident = hashlib.blake2b(id_head + b"%d]" % local, digest_size=8).hexdigest()
    return {
        "id": ident,
        "task": task.name,
        "category": task.category,
        "level": level,
        "params": params_json,
        "seed": spec.seed,
        "index": local,
        "question": inst.question,
        "prompt": task.prompt(inst.question),
        "answer": inst.answer,
        "payload": _PAYLOAD_JSON.encode(inst.payload),
        "hardness": float(inst.hardness),
    }


_PAYLOAD_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))  # json.dumps would build one per row


@lru_cache(maxsize=64)
def _split_key(split: str) -> int:
    return stable_hash(split) % 2**32


@lru_cache(maxsize=1024)
def _row_constants(task: str, params, seed: int, split: str, comp_index: int) -> tuple[str, bytes]:
    """The params JSON and the id's JSON head of every row of one component (dumped once, not per row)."""
    params_json = params.to_json()
    head = json.dumps([task, params_json, seed, split, comp_index, 0])
    return params_json, head[: -len("0]")].encode()


# -- workers: each process gets the spec and the reserved keys once, then chunks of rows ---------
# A worker returns what the parent would otherwise spend its time on: (content, block hash, rows) where
# the content is an Arrow batch of the rows for Parquet and Arrow, or their canonical JSON lines for
# JSONL (they are the file); the question keys only ("keys"); or plain dicts ("rows"). Chunks are CHUNK
# rows whatever the worker count, so the bytes written never depend on --workers.

CHUNK = DIGEST_BLOCK  # a chunk of rows is one block of the file's content hash
_STATE: dict = {}


def _init_worker(spec: MixSpec, split: str, reserved: frozenset, mode: str, pooled: bool = True) -> None:
    _STATE.clear()  # a forked worker inherits the parent's state of an earlier split
    _STATE.update(spec=spec, split=split, reserved=reserved, mode=mode, pooled=pooled)


def _work(pairs: list[tuple[int, int]]):
    s = _STATE
    rows = [make_row(s["spec"], s["split"], c, i, s["reserved"]) for c, i in pairs]
    mode = s["mode"]
    if mode == "keys":
        return [question_key(r["question"]) for r in rows]
    if mode == "rows":
        return rows
    lines = b"".join(map(row_line, rows))
    if mode == "jsonl":
        return lines, block_digest(lines), len(rows)
    import pyarrow as pa

    batch = pa.RecordBatch.from_pylist(rows, schema=SCHEMA)
    # Arrow's own IPC bytes cross the process boundary at ~1.5 us a row (pickling the batch costs ~6),
    # and the rows' lines stay here: only their block hash travels
    return (batch.serialize() if s["pooled"] else batch), block_digest(lines), len(rows)


def _ranges(comp: np.ndarray, local: np.ndarray, spans: list[tuple[int, int]]) -> Iterator[list]:
    for start, stop in spans:
        for a in range(start, stop, CHUNK):
            b = min(a + CHUNK, stop)
            yield list(zip(comp[a:b].tolist(), local[a:b].tolist()))


def _run(spec: MixSpec, split: str, reserved: frozenset, spans: list[tuple[int, int]], workers: int, mode: str):
    """Results of `_work` for every chunk of the row spans of `split`, in order (one pool per split)."""
    comp, local = spec.plan(split)
    chunks = _ranges(comp, local, spans)
    if workers <= 1 or sum(b - a for a, b in spans) <= CHUNK:
        _init_worker(spec, split, reserved, mode, pooled=False)
        yield from map(_work, chunks)
        return
    n_chunks = sum(-(-(b - a) // CHUNK) for a, b in spans)
    group = max(1, min(16, n_chunks // (8 * workers)))  # chunks per task: few round trips, still balanced
    tasks = iter(lambda: list(itertools.islice(chunks, group)), [])
    with _pool(workers, (spec, split, reserved, mode)) as pool:
        for results in _ordered(pool, _work_many, tasks, ahead=4 * workers):
            yield from results


def _work_many(chunks: list[list[tuple[int, int]]]) -> list:
    return [_work(pairs) for pairs in chunks]


def _ordered(pool: ProcessPoolExecutor, fn, items: Iterator, ahead: int) -> Iterator:
    """`pool.map` in order with at most `ahead` items in flight (Executor.map submits every item at
    once, so a large split would sit in memory as tasks and finished results)."""
    pending: deque = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@contextmanager
def _pool(workers: int, state: tuple) -> Iterator[ProcessPoolExecutor]:
    """Worker processes set up with `_init_worker(*state)`.

    concurrent.futures, not multiprocessing.Pool: Pool's worker-handler thread wakes on every result
    in the pipe and spins until it is read, which cost the parent a fifth of a core. On an error (a full
    disk, Ctrl-C) queued work is dropped, and running work finishes before the error goes on, so no
    worker still writes into a staging dir that is being removed.
    """
    pool = ProcessPoolExecutor(workers, multiprocessing.get_context(), _init_worker, state)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _write_file(job: tuple) -> dict:
    """Generate and write one whole file in this process (whole-file mode); returns its manifest entry."""
    root, name, fmt, lo, hi = job
    s = _STATE
    if "plan" not in s:
        s["plan"] = s["spec"].plan(s["split"])
    sink = _FileSink(root, name, fmt)
    try:
        for pairs in _ranges(*s["plan"], [(lo, hi)]):
            sink.add(_work(pairs))
    finally:
        entry = sink.close()  # also on error, so the file handle is not left open
    return entry


_REPEATED = ["task", "category", "level", "params", "seed"]


class _FileSink:
    """One output file, written chunk by chunk as results arrive (memory stays flat, no tail).

    Parquet (row groups) and Arrow (an IPC stream of record batches) are written ROW_GROUP rows at a
    time straight with pyarrow (a `datasets.Dataset` wrapper would fingerprint the whole table first);
    JSONL files are the rows' canonical JSON lines, whose block hashes make the file's sha256.
    """

    def __init__(self, root: Path, name: str, fmt: str):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.name, self.fmt, self.digest = name, fmt, FileDigest()
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._pending: list = []
        if fmt == "parquet":
            # zstd is faster than the default snappy here and half the size; dictionaries only pay off
            # on the columns that repeat (the others are unique per row)
            self._writer = pq.ParquetWriter(str(path), SCHEMA, compression="zstd", use_dictionary=_REPEATED)
        elif fmt == "arrow":
            self._sink = pa.OSFile(str(path), "wb")
            self._writer = pa.ipc.new_stream(self._sink, SCHEMA)
        else:
            self._sink = open(path, "wb")

    def add(self, part: tuple) -> None:
        import pyarrow as pa

        batch, digest, rows = part  # a chunk is one hash block: chunks start at the file's first row
        self.digest.add_block(digest, rows)
        if self.fmt == "jsonl":
            self._sink.write(batch)  # the canonical lines are the file
            return
        if isinstance(batch, pa.Buffer):
            batch = pa.ipc.read_record_batch(batch, SCHEMA)
        self._pending.append(batch)
        if sum(b.num_rows for b in self._pending) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        """Write the pending batches as one Parquet row group or one Arrow record batch."""
        import pyarrow as pa

        if self._pending:
            table = pa.Table.from_batches(self._pending, schema=SCHEMA)
            if self.fmt == "parquet":
                self._writer.write_table(table, row_group_size=ROW_GROUP)
            else:
                self._writer.write_table(table.combine_chunks())
            self._pending = []

    def close(self) -> dict:
        if self.fmt != "jsonl":
            self._flush()
            self._writer.close()
        if self.fmt != "parquet":
            self._sink.close()
        return {"path": self.name, "rows": self.digest.rows, "sha256": self.digest.hexdigest()}


def _reserved_keys(spec: MixSpec, split: str, workers: int) -> set:
    """Question keys of every split smaller than `split` (they are regenerated, not read back)."""
    keys: set = set()
    for other in spec.split_order():
        if other == split:
            return keys
        before = frozenset(keys)  # exactly what that split was generated against
        for chunk in _run(spec, other, before, [(0, spec.splits[other])], workers, "keys"):
            keys.update(chunk)
    return keys


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


def _write_split(spec: MixSpec, split: str, reserved: frozenset, jobs: list[tuple], workers: int, bar) -> list[dict]:
    """Write the files of one split; returns their manifest entries in file order.

    Full files come in rounds of one per worker, each written whole by a worker (nothing crosses
    processes but the entries); the files left over (fewer than one per worker, and a short last
    file) are made in chunks by all workers and written here, so no worker idles at the end. Both
    give the same bytes: a file is its rows in order, written by `_FileSink`.
    """
    mode = "jsonl" if jobs and jobs[0][2] == "jsonl" else "arrow"
    full = [j for j in jobs if j[4] - j[3] == jobs[0][4] - jobs[0][3]] if workers > 1 else []
    whole = full[: len(full) // workers * workers]
    entries = {}
    if whole:
        with _pool(workers, (spec, split, reserved, mode, False)) as pool:
            for job, entry in zip(whole, _ordered(pool, _write_file, iter(whole), ahead=2 * workers)):
                entries[job[1]] = entry
                bar.update(entry["rows"])
    rest = [j for j in jobs if j[1] not in entries]
    with closing(_run(spec, split, reserved, [(lo, hi) for *_, lo, hi in rest], workers, mode)) as results:
        for root, name, fmt, lo, hi in rest:
            sink = _FileSink(root, name, fmt)
            try:
                for _ in range(-(-(hi - lo) // CHUNK)):
                    part = next(results)
                    sink.add(part)
                    bar.update(part[2])
            finally:
                entry = sink.close()  # also on error, so the file handle is not left open
            entries[name] = entry
    return [entries[j[1]] for j in jobs]


def _write_all(spec, staging, fmt, workers, k, n_shards, progress, rows_per_file) -> dict:
    from logicforge import __version__

    splits_out = {}
    total = sum(spec.splits.values())
    with _progress(total, progress) as bar:
        for split in spec.split_order():
            reserved = frozenset(_reserved_keys(spec, split, workers))
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
    result = {}
    for split in spec.split_order():
        reserved = frozenset(_reserved_keys(spec, split, workers))
        rows = [r for chunk in _run(spec, split, reserved, [(0, spec.splits[split])], workers, "rows") for r in chunk]
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

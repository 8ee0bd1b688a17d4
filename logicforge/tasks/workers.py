"""Making and writing rows in worker processes: chunks of rows, whole files, and the file writer."""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, TimeoutError as FutureTimeout
from contextlib import closing, contextmanager
from pathlib import Path

import numpy as np

from logicforge.output import DIGEST_BLOCK, FileDigest, block_digest, row_line
from logicforge.tasks.mix import MixSpec
from logicforge.tasks.rows import keyed_row, schema

ROW_GROUP = 1024  # Parquet row-group size in rows (a multiple of CHUNK, so groups never depend on --workers)

# Each worker process gets the spec and the reserved keys once, then chunks of rows. A worker returns
# what the parent would otherwise spend its time on: (content, block hash, rows) where the content is an
# Arrow batch of the rows for Parquet and Arrow, or their canonical JSON lines for JSONL (they are the
# file); the item keys only ("keys"); or (plain dict, keys) pairs ("rows"). Chunks are CHUNK rows whatever the
# worker count, so the bytes written never depend on --workers.

CHUNK = DIGEST_BLOCK  # a chunk of rows is one block of the file's content hash
_STATE: dict = {}


def _init_worker(spec: MixSpec, split: str, reserved: frozenset, mode: str, pooled: bool = True, done=None) -> None:
    """Set up a worker; `done` is a shared count of rows written by whole-file workers (for the bar)."""
    _STATE.clear()  # a forked worker inherits the parent's state of an earlier split
    _STATE.update(spec=spec, split=split, reserved=reserved, mode=mode, pooled=pooled, done=done)


def _work(pairs: list[tuple[int, int]]):
    s = _STATE
    keyed = [keyed_row(s["spec"], s["split"], c, i, s["reserved"]) for c, i in pairs]
    mode = s["mode"]
    if mode == "keys":
        return [k for _, keys in keyed for k in keys]
    if mode == "rows":
        return keyed
    rows = [row for row, _ in keyed]
    lines = b"".join(map(row_line, rows))
    if mode == "jsonl":
        return lines, block_digest(lines), len(rows)
    import pyarrow as pa

    batch = pa.RecordBatch.from_pylist(rows, schema=schema(s["spec"].style))
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
    return _fill(root, name, fmt, map(_work, _ranges(*s["plan"], [(lo, hi)])), _count_done, s["spec"].style)


def _count_done(rows: int) -> None:
    """Add to the rows written by whole-file workers, which the parent's progress bar follows."""
    done = _STATE["done"]
    if done is not None:
        with done.get_lock():
            done.value += rows


def _fill(root: Path, name: str, fmt: str, parts: Iterator[tuple], progress, style: str) -> dict:
    """Write one file of prompt `style` from its chunks' results, calling `progress(rows)` after each; its
    manifest entry."""
    sink = _FileSink(root, name, fmt, style)
    try:
        for part in parts:
            sink.add(part)
            progress(part[2])
    finally:
        entry = sink.close()  # also on error, so the file handle is not left open
    return entry


_REPEATED = ["task", "category", "level", "params", "seed", "lang"]


class _FileSink:
    """One output file, written chunk by chunk as results arrive (memory stays flat, no tail).

    Parquet (row groups) and Arrow (an IPC stream of record batches) are written ROW_GROUP rows at a
    time straight with pyarrow (a `datasets.Dataset` wrapper would fingerprint the whole table first);
    JSONL files are the rows' canonical JSON lines, whose block hashes make the file's sha256.
    """

    def __init__(self, root: Path, name: str, fmt: str, style: str = "default"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.name, self.fmt, self.digest, self.schema = name, fmt, FileDigest(), schema(style)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._pending: list = []
        self._buffered = 0  # rows in _pending
        if fmt == "parquet":
            # zstd is faster than the default snappy here and half the size; dictionaries only pay off
            # on the columns that repeat (the others are unique per row)
            self._writer = pq.ParquetWriter(str(path), self.schema, compression="zstd", use_dictionary=_REPEATED)
        elif fmt == "arrow":
            self._sink = pa.OSFile(str(path), "wb")
            self._writer = pa.ipc.new_stream(self._sink, self.schema)
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
            batch = pa.ipc.read_record_batch(batch, self.schema)
        self._pending.append(batch)
        self._buffered += rows
        if self._buffered >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        """Write the pending batches as one Parquet row group or one Arrow record batch."""
        import pyarrow as pa

        if self._pending:
            table = pa.Table.from_batches(self._pending, schema=self.schema)
            if self.fmt == "parquet":
                self._writer.write_table(table, row_group_size=ROW_GROUP)
            else:
                self._writer.write_table(table.combine_chunks())
            self._pending, self._buffered = [], 0

    def close(self) -> dict:
        if self.fmt != "jsonl":
            self._flush()
            self._writer.close()
        if self.fmt != "parquet":
            self._sink.close()
        return {"path": self.name, "rows": self.digest.rows, "sha256": self.digest.hexdigest()}


def _whole_files(spec: MixSpec, split: str, reserved: frozenset, mode: str, jobs: list[tuple], workers: int,
                 bar) -> dict[str, dict]:
    """Each worker writes whole files; the bar follows the rows they report as they go."""
    done = multiprocessing.get_context().Value("q", 0)
    shown, entries = 0, {}
    with _pool(workers, (spec, split, reserved, mode, False, done)) as pool:
        futures = [pool.submit(_write_file, job) for job in jobs]  # a job is one file: few and small
        for job, future in zip(jobs, futures):
            while job[1] not in entries:
                try:
                    entries[job[1]] = future.result(timeout=0.25)
                except FutureTimeout:
                    pass
                now = done.value
                bar.update(now - shown)
                shown = now
    return entries


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
        entries = _whole_files(spec, split, reserved, mode, whole, workers, bar)
    rest = [j for j in jobs if j[1] not in entries]
    with closing(_run(spec, split, reserved, [(lo, hi) for *_, lo, hi in rest], workers, mode)) as results:
        for root, name, fmt, lo, hi in rest:
            parts = itertools.islice(results, -(-(hi - lo) // CHUNK))  # this file's chunks
            entries[name] = _fill(root, name, fmt, parts, bar.update, spec.style)
    return [entries[j[1]] for j in jobs]

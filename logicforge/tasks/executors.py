"""Generation on Ray: each shard of the job is a Ray task that writes its own files, then the shards are merged.

Ray is an optional extra (`pip install -e '.[ray]'`), imported only here and only when asked for. Because
`--shard K/N` makes byte-identical shards, the result is the dataset one machine would have written.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from logicforge.output import check_replaceable
from logicforge.tasks.mix import MixSpec
from logicforge.tasks.rows import BuildError

RAY_HINT = "--executor ray needs Ray: pip install -e '.[ray]' (in a logicforge checkout)"


def import_ray():
    """The `ray` module, or BuildError with the install hint."""
    try:
        import ray
    except ImportError:
        raise BuildError(RAY_HINT) from None
    return ray


def _write_shard(spec: MixSpec, out: str, fmt: str, shard: tuple[int, int], command: str, rows_per_file: int) -> dict:
    """One Ray task: write shard `shard` of the job into `out` (one process, like one machine of an array job)."""
    from logicforge.tasks.build import write_dataset

    return write_dataset(spec, out, fmt, 1, shard, progress=False, command=command, rows_per_file=rows_per_file)


def _start(ray, workers: int) -> bool:
    """Connect to the Ray cluster in RAY_ADDRESS, or start a local instance with `workers` CPUs; True if this
    call started Ray (and should shut it down)."""
    if ray.is_initialized():
        return False
    address = os.environ.get("RAY_ADDRESS")
    kwargs = {"address": address} if address else {"num_cpus": workers}
    ray.init(**kwargs, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    return True


def write_with_ray(spec: MixSpec, out: str | Path, fmt: str, workers: int, overwrite: bool, progress, command: str,
                   rows_per_file: int, n_shards: int) -> dict:
    """Write `spec` into `out` as `n_shards` Ray tasks, each writing its shard beside `out`, then merge them.

    The shard dirs live in a hidden folder beside `out` (on a cluster, a filesystem every node sees) and are
    removed afterwards; `out` appears whole or not at all. Returns the merged manifest.
    """
    from logicforge.tasks.build import _progress
    from logicforge.tasks.merge import merge

    out = Path(out)
    check_replaceable(out, overwrite, BuildError)
    ray = import_ray()
    root = out.resolve().parent / f".{out.name}.shards-{uuid.uuid4().hex[:8]}"
    started, pending = _start(ray, workers), []
    try:
        root.mkdir(parents=True)
        task = ray.remote(num_cpus=1, max_retries=0)(_write_shard)
        futures = {task.remote(spec, str(root / f"shard-{k:05d}"), fmt, (k, n_shards), command, rows_per_file): k
                   for k in range(n_shards)}
        pending = list(futures)
        with _progress(n_shards, progress) as bar:
            bar.unit = "shard"
            while pending:
                done, pending = ray.wait(pending, num_returns=1)
                ray.get(done)  # a failed shard raises here, with its own error
                bar.update(len(done))
        dirs = [root / f"shard-{k:05d}" for k in range(n_shards)]
        return merge(dirs, out, overwrite, check=False, move=True)
    except ray.exceptions.RayTaskError as exc:
        cause = exc.cause if isinstance(getattr(exc, "cause", None), Exception) else None
        if isinstance(cause, (ValueError, OSError)):
            raise cause from None  # the task's own one-line error (a bad knob, a full disk)
        raise
    finally:
        for ref in pending:
            ray.cancel(ref, force=True)
        shutil.rmtree(root, ignore_errors=True)
        if started:
            ray.shutdown()

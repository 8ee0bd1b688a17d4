"""The trial store of a mixture search: one SQLite file holding every trial's mixture, config, status and metrics.

Every change is its own committed transaction (WAL journal, full sync), so a run killed at any moment
leaves the finished trials intact; trials left `running` by a dead process are reset to `pending`.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from logicforge.train.mixture import canonical

_SCHEMA = """
CREATE TABLE IF NOT EXISTS trials (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    round INTEGER NOT NULL,
    mixture TEXT NOT NULL,
    seed INTEGER NOT NULL,
    config TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
    metrics TEXT,
    error TEXT,
    source TEXT NOT NULL DEFAULT 'run',
    owner TEXT,
    created REAL NOT NULL,
    started REAL,
    finished REAL
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass
class Trial:
    """One training run of the search: a mixture (task -> weight) under one seed, and what came of it."""

    id: int
    key: str
    round: int
    mixture: dict[str, float]
    seed: int
    config: dict
    status: str
    metrics: dict | None
    error: str | None
    source: str
    started: float | None
    finished: float | None


def trial_key(mixture: dict[str, float], seed: int) -> str:
    """The identity of a trial: the canonical (normalised, rounded, task-sorted) mixture plus the seed.

    >>> trial_key({"b": 1, "a": 3}, 0)
    'a=0.75,b=0.25@seed=0'
    """
    tasks = sorted(mixture)
    weights = canonical([mixture[t] for t in tasks])
    return ",".join(f"{t}={w:g}" for t, w in zip(tasks, weights)) + f"@seed={seed}"


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(owner: str | None) -> bool:
    """Whether the process that claimed a trial still runs (only knowable for this host)."""
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class TrialStore:
    """A crash-safe table of trials in SQLite (standard library only).

    Example:
        >>> store = TrialStore(":memory:")
        >>> t = store.add({"a": 0.5, "b": 0.5}, seed=0, round=0)
        >>> store.finish(store.claim(t.id).id, {"objective": 0.7}).status
        'done'
    """

    def __init__(self, path: str | Path):
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self.conn = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")  # a committed trial survives even a power cut
            self.conn.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"{path!r} is not a usable trial store: {exc}") from None

    def close(self) -> None:
        """Close the connection (every change is already committed)."""
        self.conn.close()

    def __enter__(self) -> TrialStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- meta: what the store is about (tasks, objective) ----------------------------------------------

    def get_meta(self, name: str, default=None):
        """A JSON value recorded about the search (tasks, objective, setup), or `default`."""
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return json.loads(row["value"]) if row else default

    def set_meta(self, name: str, value) -> None:
        """Record a JSON value about the search."""
        with self._tx():
            self.conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, json.dumps(value)))

    def bind_tasks(self, tasks: list[str]) -> list[str]:
        """Record the search's tasks on first use; ValueError if the store was made for other tasks."""
        known = self.get_meta("tasks")
        if known is None:
            self.set_meta("tasks", sorted(tasks))
            return sorted(tasks)
        if sorted(tasks) != known:
            raise ValueError(f"store {self.path!r} holds a search over {', '.join(known)}, "
                             f"not {', '.join(sorted(tasks))}")
        return known

    # -- trials ------------------------------------------------------------------------------------------

    def add(self, mixture: dict[str, float], seed: int, round: int, config: dict | None = None,
            source: str = "run") -> Trial:
        """A pending trial for (mixture, seed); the existing trial when that key is already stored."""
        tasks = sorted(mixture)
        weights = dict(zip(tasks, canonical([mixture[t] for t in tasks])))
        key = trial_key(weights, seed)
        with self._tx():
            self.conn.execute(
                "INSERT OR IGNORE INTO trials (key, round, mixture, seed, config, status, source, created) "
                "VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
                (key, round, json.dumps(weights), seed, json.dumps(config or {}, default=str), source, time.time()))
        return self.get(key=key)

    def add_many(self, items: list[tuple[dict[str, float], int]], round: int,
                 config: dict | None = None) -> list[Trial]:
        """Add `(mixture, seed)` trials of one round in a single transaction: a crash adds all or none."""
        with self._tx():
            return [self.add(mixture, seed, round, config) for mixture, seed in items]

    @contextlib.contextmanager
    def _tx(self):
        """One committed transaction; nested uses join the outer one."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def get(self, trial_id: int | None = None, key: str | None = None) -> Trial:
        """The trial with this id (or key); KeyError when there is none."""
        field, value = ("id", trial_id) if key is None else ("key", key)
        row = self.conn.execute(f"SELECT * FROM trials WHERE {field} = ?", (value,)).fetchone()
        if row is None:
            raise KeyError(f"no trial with {field} {value!r} in {self.path!r}")
        return _trial(row)

    def trials(self, status: str | None = None, round: int | None = None) -> list[Trial]:
        """Trials in id order, optionally only those with `status` and/or in `round`."""
        sql, args = "SELECT * FROM trials WHERE 1=1", []
        if status is not None:
            sql, args = sql + " AND status = ?", args + [status]
        if round is not None:
            sql, args = sql + " AND round = ?", args + [round]
        return [_trial(r) for r in self.conn.execute(sql + " ORDER BY id", args)]

    def claim(self, trial_id: int) -> Trial:
        """Mark a pending trial running (by this process); ValueError when it is not pending."""
        with self._tx():
            cur = self.conn.execute("UPDATE trials SET status = 'running', started = ?, owner = ?, error = NULL "
                                    "WHERE id = ? AND status = 'pending'", (time.time(), _owner(), trial_id))
        if cur.rowcount != 1:
            raise ValueError(f"trial {trial_id} is not pending (another process may be running it)")
        return self.get(trial_id)

    def finish(self, trial_id: int, metrics: dict) -> Trial:
        """Record a trial's metrics and mark it done."""
        with self._tx():
            self.conn.execute("UPDATE trials SET status = 'done', metrics = ?, finished = ? WHERE id = ?",
                              (json.dumps(metrics, default=str), time.time(), trial_id))
        return self.get(trial_id)

    def fail(self, trial_id: int, error: str) -> Trial:
        """Mark a trial failed with a one-line reason."""
        with self._tx():
            self.conn.execute("UPDATE trials SET status = 'failed', error = ?, finished = ? WHERE id = ?",
                              (error, time.time(), trial_id))
        return self.get(trial_id)

    def recover(self, retry_failed: bool = False) -> list[Trial]:
        """Reset trials left `running` by a process that is gone (a crash) to pending; returns them.

        With `retry_failed`, failed trials are queued again as well.
        """
        stale = [t for t in self.trials("running") if not _alive(self._owner_of(t.id))]
        if retry_failed:
            stale += self.trials("failed")
        with self._tx():
            for t in stale:
                self.conn.execute("UPDATE trials SET status = 'pending', started = NULL, owner = NULL WHERE id = ?",
                                  (t.id,))
        return stale

    def _owner_of(self, trial_id: int) -> str | None:
        return self.conn.execute("SELECT owner FROM trials WHERE id = ?", (trial_id,)).fetchone()["owner"]

    def import_result(self, mixture: dict[str, float], seed: int, metrics: dict, round: int = -1,
                      source: str = "import", replace: bool = False) -> tuple[Trial, bool]:
        """Store a result obtained elsewhere as a done trial; `(trial, imported)`.

        A trial already done under the same key is kept unless `replace`; a pending, running or failed one
        takes the imported result.
        """
        trial = self.add(mixture, seed, round, source=source)
        if trial.status == "done" and not replace:
            return trial, False
        with self._tx():
            self.conn.execute("UPDATE trials SET status = 'done', metrics = ?, source = ?, finished = ?, error = NULL "
                              "WHERE id = ?", (json.dumps(metrics, default=str), source, time.time(), trial.id))
        return self.get(trial.id), True


def _trial(row: sqlite3.Row) -> Trial:
    return Trial(id=row["id"], key=row["key"], round=row["round"], mixture=json.loads(row["mixture"]),
                 seed=row["seed"], config=json.loads(row["config"]), status=row["status"],
                 metrics=json.loads(row["metrics"]) if row["metrics"] else None, error=row["error"],
                 source=row["source"], started=row["started"], finished=row["finished"])


def import_results(path: str | Path, items: list[dict], replace: bool = False) -> tuple[int, int]:
    """Import `{"mixture": {task: w}, "seed": s, "metrics": {...}}` results as done trials, all or none.

    Returns `(imported, kept)`: kept counts finished trials left as they were (see `replace`).
    Tasks a mixture leaves out get weight 0; a task the store's search does not cover is an error.
    """
    from logicforge.train.mixture import objective_value

    with TrialStore(path) as store:
        tasks = store.get_meta("tasks")
        checked = []
        for i, item in enumerate(items):
            where = f"result {i + 1}"
            mixture, metrics, seed = _check_item(item, where)
            tasks = tasks or sorted(mixture)
            extra = sorted(set(mixture) - set(tasks))
            if extra:
                raise ValueError(f"{where}: task(s) {', '.join(extra)} are not in this search ({', '.join(tasks)})")
            if objective_value(metrics, **(store.get_meta("objective") or {})) is None:
                raise ValueError(f"{where}: metrics need per-set results under 'sets' or an 'objective' number")
            checked.append(({t: mixture.get(t, 0.0) for t in tasks}, seed, metrics, item.get("round", -1)))
        if not checked:
            raise ValueError("no results to import")
        with store._tx():
            store.bind_tasks(tasks)
            flags = [store.import_result(m, s, met, r, replace=replace)[1] for m, s, met, r in checked]
    return sum(flags), len(flags) - sum(flags)


def _check_item(item, where: str) -> tuple[dict[str, float], dict, int]:
    if not isinstance(item, dict) or not isinstance(item.get("mixture"), dict) or not item["mixture"]:
        raise ValueError(f"{where}: expected an object with a non-empty 'mixture' mapping of task: weight")
    mixture = item["mixture"]
    if not all(isinstance(w, (int, float)) and not isinstance(w, bool) and w >= 0 for w in mixture.values()):
        raise ValueError(f"{where}: mixture weights must be non-negative numbers, got {mixture}")
    if not sum(mixture.values()) > 0:
        raise ValueError(f"{where}: mixture weights sum to 0")
    seed = item.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(f"{where}: seed must be an integer, got {seed!r}")
    if not isinstance(item.get("metrics"), dict):
        raise ValueError(f"{where}: expected a 'metrics' object")
    _check_metrics(item["metrics"], where)
    return {str(t): float(w) for t, w in mixture.items()}, item["metrics"], seed


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _check_metrics(metrics: dict, where: str) -> None:
    """Metrics shaped as `{"sets": {name: {"pass@1": x, "questions": n, ...}}}` or `{"objective": y}`:
    one line naming what is wrong, never a traceback from deep inside the objective."""
    shape = "expected metrics {\"sets\": {name: {\"pass@1\": x, \"questions\": n}}} or {\"objective\": y}"
    sets = metrics.get("sets")
    if sets is not None:
        if not isinstance(sets, dict):
            raise ValueError(f"{where}: metrics.sets is a {type(sets).__name__}; {shape}")
        for name, cell in sets.items():
            if not isinstance(cell, dict):
                raise ValueError(f"{where}: metrics.sets.{name} is {cell!r}, not a mapping; {shape}")
            for key, value in cell.items():
                if value is not None and key != "files" and not _number(value) and not isinstance(value, dict):
                    raise ValueError(f"{where}: metrics.sets.{name}.{key} must be a number, got {value!r}")
    if metrics.get("objective") is not None and not _number(metrics["objective"]):
        raise ValueError(f"{where}: metrics.objective must be a number, got {metrics['objective']!r}")

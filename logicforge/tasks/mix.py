"""What to generate: tasks with weights and levels or knobs, a seed, and sizes per split."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from logicforge.generators.base import Knobs, stable_hash
from logicforge.tasks import get_task

_COMPONENT_KEYS = {"task", "weight", "level", "levels", "params"}
_MIX_KEYS = {"tasks", "seed", "splits", "n"}


@dataclass(frozen=True)
class Component:
    """One task of a mixture: its weight, the levels it cycles through, and knob overrides."""

    task: str
    weight: float = 1.0
    levels: tuple[int, ...] = (1,)
    overrides: tuple[tuple[str, str], ...] = ()

    def params_for(self, local_index: int) -> tuple[int, Knobs]:
        """The (level, Params) of this component's item `local_index` (levels cycle)."""
        level = self.levels[local_index % len(self.levels)]
        return level, _params(self, level)

    def check(self) -> None:
        """Build every Params once so a bad knob fails before anything is written."""
        for i in range(len(self.levels)):
            self.params_for(i)


@lru_cache(maxsize=1024)
def _params(comp: Component, level: int) -> Knobs:
    """Params are built and validated once per (component, level), not once per generated row."""
    return get_task(comp.task).params(level, dict(comp.overrides))


@dataclass(frozen=True)
class MixSpec:
    """A full generation request: components, seed and the row count of each split."""

    components: tuple[Component, ...]
    seed: int = 0
    splits: dict[str, int] = field(default_factory=lambda: {"train": 100})

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "splits": dict(self.splits),
            "tasks": [
                {"task": c.task, "weight": c.weight, "levels": list(c.levels), "params": dict(c.overrides)}
                for c in self.components
            ],
        }

    def counts(self, split: str) -> list[int]:
        """Rows per component in `split` by largest remainder on the weights (deterministic)."""
        n = self.splits[split]
        weights = np.array([c.weight for c in self.components], dtype=float)
        exact = n * weights / weights.sum()
        base = np.floor(exact).astype(int)
        order = sorted(range(len(base)), key=lambda i: (-(exact[i] - base[i]), i))
        for i in order[: n - int(base.sum())]:
            base[i] += 1
        return [int(x) for x in base]

    def split_order(self) -> list[str]:
        """Splits from smallest to largest: a split's questions must avoid those of earlier ones."""
        return sorted(self.splits, key=lambda s: (self.splits[s], s))

    def plan(self, split: str) -> tuple[np.ndarray, np.ndarray]:
        """Row r of `split` is item `local[r]` of component `comp[r]` (a seeded interleaving)."""
        counts = self.counts(split)
        comp = np.concatenate([np.full(k, i, dtype=np.int32) for i, k in enumerate(counts)] or [np.zeros(0, np.int32)])
        local = np.concatenate([np.arange(k, dtype=np.int64) for k in counts] or [np.zeros(0, np.int64)])
        if len(self.components) > 1:
            rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([self.seed, stable_hash(split)])))
            perm = rng.permutation(len(comp))
            comp, local = comp[perm], local[perm]
        return comp, local


def parse_splits(text: str) -> dict[str, int]:
    """`train=10000,test=500` -> {"train": 10000, "test": 500}.

    >>> parse_splits("train=10,test=2")
    {'train': 10, 'test': 2}
    """
    out: dict[str, int] = {}
    for part in text.split(","):
        name, sep, value = part.strip().partition("=")
        if not sep or not name.strip().isidentifier() or not value.strip().isdigit():
            raise ValueError(f"bad --splits entry {part.strip()!r}; expected name=count, e.g. train=1000,test=100")
        out[name.strip()] = int(value)
    return _check_splits(out)


def _check_splits(splits: dict[str, int]) -> dict[str, int]:
    if not splits:
        raise ValueError("no splits given")
    for name, n in splits.items():
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ValueError(f"split {name!r} must have a positive row count, got {n!r}")
    return splits


def component(task: str, weight: float = 1.0, level: int | None = None, levels=None, params=None) -> Component:
    """A validated Component (unknown task, bad level or knob raise ValueError with the reason)."""
    get_task(task)
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not weight > 0:
        raise ValueError(f"task {task!r}: weight must be a positive number, got {weight!r}")
    if levels is None:
        levels = [level if level is not None else 1]
    if isinstance(levels, int):
        levels = [levels]
    if not isinstance(levels, (list, tuple)) or not levels or not all(isinstance(x, int) for x in levels):
        raise ValueError(f"task {task!r}: levels must be a list of integers 1..10, got {levels!r}")
    if params is not None and not isinstance(params, dict):
        raise ValueError(f"task {task!r}: params must be a mapping of knob: value")
    overrides = tuple(sorted((str(k), v if isinstance(v, str) else json.dumps(v)) for k, v in (params or {}).items()))
    comp = Component(task, float(weight), tuple(levels), overrides)
    comp.check()
    return comp


def load_mix(path: str | Path) -> MixSpec:
    """Read and validate a mix YAML file (see examples/starter.yaml); ValueError names the problem."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise ValueError(f"mix file {str(path)!r} does not exist") from None
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"mix file {str(path)!r} is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list) or not data["tasks"]:
        raise ValueError(f"mix file {str(path)!r} must be a mapping with a non-empty 'tasks' list")
    unknown = set(data) - _MIX_KEYS
    if unknown:
        raise ValueError(f"mix file {str(path)!r}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_MIX_KEYS)}")
    comps = []
    for i, entry in enumerate(data["tasks"]):
        if not isinstance(entry, dict) or "task" not in entry:
            raise ValueError(f"mix file {str(path)!r}: tasks[{i}] must be a mapping with a 'task' key")
        bad = set(entry) - _COMPONENT_KEYS
        if bad:
            raise ValueError(f"mix file {str(path)!r}: tasks[{i}]: unknown key(s) {sorted(bad)}")
        try:
            comps.append(component(**entry))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"mix file {str(path)!r}: tasks[{i}]: {exc}") from None
    splits = data.get("splits", {"train": data.get("n", 100)})
    if not isinstance(splits, dict):
        raise ValueError(f"mix file {str(path)!r}: splits must be a mapping like {{train: 1000, test: 100}}")
    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"mix file {str(path)!r}: seed must be a non-negative integer")
    return MixSpec(tuple(comps), seed, _check_splits(dict(splits)))

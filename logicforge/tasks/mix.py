"""What to generate: tasks with weights and levels or knobs, a seed, and sizes per split."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from logicforge.generators.base import Knobs, stable_hash
from logicforge.tasks import get_task, prompts
from logicforge.yaml_files import read_yaml

_SHIPPED = Path(__file__).resolve().parents[1]  # the package; its examples/ holds the example YAML files
_COMPONENT_KEYS = {"task", "weight", "level", "levels", "params", "lang"}
_MIX_KEYS = {"tasks", "seed", "splits", "n", "lang", "prompt_style"}


@dataclass(frozen=True)
class Component:
    """One task of a mixture: its weight, the levels it cycles through, knob overrides and the language of its
    questions (en, zh, or mix: a seeded 50/50 choice per item)."""

    task: str
    weight: float = 1.0
    levels: tuple[int, ...] = (1,)
    overrides: tuple[tuple[str, str], ...] = ()
    lang: str = "en"

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
    """A full generation request: components, seed, the row count of each split and the prompt style
    (default, r1 or plain; one per dataset, as the `prompt` column's type depends on it)."""

    components: tuple[Component, ...]
    seed: int = 0
    splits: dict[str, int] = field(default_factory=lambda: {"train": 100})
    style: str = "default"

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "splits": dict(self.splits),
            "style": self.style,
            "tasks": [
                {"task": c.task, "weight": c.weight, "levels": list(c.levels), "params": dict(c.overrides),
                 "lang": c.lang}
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
        if name.strip() in out:
            raise ValueError(f"--splits names split {name.strip()!r} twice; give each split once")
        out[name.strip()] = int(value)
    return _check_splits(out)


def _check_splits(splits: dict[str, int]) -> dict[str, int]:
    if not splits:
        raise ValueError("no splits given")
    for name, n in splits.items():
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ValueError(f"split {name!r} must have a positive row count, got {n!r}")
    return splits


def component(task: str, weight: float = 1.0, level: int | None = None, levels=None, params=None,
              lang: str = "en") -> Component:
    """A validated Component (unknown task, bad level, knob or language raise ValueError with the reason)."""
    check_lang(task, lang)
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
    comp = Component(task, float(weight), tuple(levels), overrides, lang)
    comp.check()
    return comp


def check_lang(task: str, lang: str) -> str:
    """`lang` when `task`'s questions are written in it (both languages for mix); ValueError naming the
    languages the task has otherwise. A family without templates has English questions only.

    >>> check_lang("word_sorting", "mix")
    'mix'
    """
    t = get_task(task)
    if not isinstance(lang, str):
        raise ValueError(f"task {task!r}: lang must be one of {', '.join(prompts.LANG_CHOICES)}, got {lang!r}")
    prompts.check_lang(lang)
    have = prompts.languages(t.module) or ("en",)
    need = prompts.LANGS if lang == "mix" else (lang,)
    missing = [x for x in need if x not in have]
    if missing:
        raise ValueError(f"task {task!r} has questions in {', '.join(have)} only, not in {', '.join(missing)} "
                         f"(asked for lang {lang})")
    return lang


def with_lang_style(spec: MixSpec, lang: str | None = None, style: str | None = None) -> MixSpec:
    """`spec` with every component's language set to `lang` and the prompt style set to `style` (None keeps
    what the spec has); ValueError for a language a task lacks or an unknown style."""
    comps = spec.components
    if lang is not None:
        for c in comps:
            check_lang(c.task, lang)
        comps = tuple(replace(c, lang=lang) for c in comps)
    return MixSpec(comps, spec.seed, spec.splits, prompts.check_style(style if style is not None else spec.style))


def find_file(path: str | Path) -> Path:
    """`path`, or for an `examples/...` path that is not there, the example file shipped in the package.

    So `logicforge generate --mix examples/starter.yaml` and the examples that name each other work from
    a checkout and from an installed wheel alike.

    >>> find_file("examples/starter.yaml").is_file()
    True
    """
    path = Path(path)
    if path.exists() or path.is_absolute() or path.parts[:1] != ("examples",):
        return path
    shipped = _SHIPPED / path
    return shipped if shipped.is_file() else path


def load_mix(path: str | Path) -> MixSpec:
    """Read and validate a mix YAML file (see examples/starter.yaml); ValueError names the problem."""
    path = find_file(path)
    data = read_yaml(path, "mix file")
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list) or not data["tasks"]:
        raise ValueError(f"mix file {str(path)!r} must be a mapping with a non-empty 'tasks' list")
    unknown = set(data) - _MIX_KEYS
    if unknown:
        raise ValueError(f"mix file {str(path)!r}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_MIX_KEYS)}")
    comps = []
    lang = data.get("lang", "en")  # every task's language unless the task sets its own
    for i, entry in enumerate(data["tasks"]):
        if not isinstance(entry, dict) or "task" not in entry:
            raise ValueError(f"mix file {str(path)!r}: tasks[{i}] must be a mapping with a 'task' key")
        bad = set(entry) - _COMPONENT_KEYS
        if bad:
            raise ValueError(f"mix file {str(path)!r}: tasks[{i}]: unknown key(s) {sorted(bad)}")
        try:
            comps.append(component(**{"lang": lang, **entry}))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"mix file {str(path)!r}: tasks[{i}]: {exc}") from None
    splits = data.get("splits", {"train": data.get("n", 100)})
    if not isinstance(splits, dict):
        raise ValueError(f"mix file {str(path)!r}: splits must be a mapping like {{train: 1000, test: 100}}")
    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"mix file {str(path)!r}: seed must be a non-negative integer")
    style = data.get("prompt_style", "default")
    if style not in prompts.STYLES:
        raise ValueError(f"mix file {str(path)!r}: prompt_style must be one of {', '.join(prompts.STYLES)}, "
                         f"got {style!r}")
    return MixSpec(tuple(comps), seed, _check_splits(dict(splits)), style)

"""The task registry: one explicit table of every family logicforge can generate and verify."""

from __future__ import annotations

import importlib
from types import ModuleType

from logicforge.tasks.base import VERIFIER_KINDS, Task

CATEGORIES = ("grid", "arithmetic", "algebra", "graph", "logic", "language")
_GENERATOR_NAMES = ("Params", "LEVELS", "generate", "ANSWER_FORMAT")


def _family(name: str, category: str, kind: str = "constraint", module: str | None = None) -> Task:
    """The Task `name` from the pair `generators/<module>.py` + `verifiers/<module>.py` (`module` defaults to `name`).

    A module pair that makes one task defines, at module level, `Params`, `LEVELS`, `generate` and
    `ANSWER_FORMAT` (description: the docstring's first line) in the generator, and `verify` (optional
    `PARTIAL_CREDIT`) in the verifier. A pair that makes several sibling tasks sharing one generation
    lists them instead in a `TASKS` dict in each module, task name -> `types.SimpleNamespace` holding the
    same names plus `DESCRIPTION` on the generator side; each sibling is then one table line with
    `module=`. Items are seeded by the task's name, so siblings draw independent items.
    """
    module = module or name
    gen = _parts(importlib.import_module(f"logicforge.generators.{module}"), name, _GENERATOR_NAMES)
    ver = _parts(importlib.import_module(f"logicforge.verifiers.{module}"), name, ("verify",))
    description = (gen.__doc__ or name) if isinstance(gen, ModuleType) else _require(gen, "DESCRIPTION", name)
    return Task(
        name=name,
        category=category,
        params_cls=gen.Params,
        levels=gen.LEVELS,
        generator=gen.generate,
        checker=ver.verify,
        answer_format=gen.ANSWER_FORMAT,
        description=description.strip().splitlines()[0],
        partial_credit=getattr(ver, "PARTIAL_CREDIT", False),
        verifier_kind=kind,
        module=module,
    )


def _parts(mod: ModuleType, name: str, required: tuple[str, ...]):
    """What holds task `name`'s pieces in `mod`: the module itself, or its entry in `mod.TASKS`."""
    siblings = getattr(mod, "TASKS", None)
    if siblings is None:
        own = mod.__name__.rpartition(".")[2]
        if name != own:
            raise ValueError(f"{mod.__name__} makes the one task {own!r}, not {name!r}; list sibling tasks in TASKS")
        parts = mod
    elif name in siblings:
        parts = siblings[name]
    else:
        raise ValueError(f"{mod.__name__}.TASKS has no task {name!r}; it lists {', '.join(sorted(siblings))}")
    for attr in required:
        _require(parts, attr, name)
    return parts


def _require(parts, attr: str, name: str):
    if not hasattr(parts, attr):
        raise ValueError(f"task {name!r} lacks {attr} in {getattr(parts, '__name__', 'its TASKS entry')}")
    return getattr(parts, attr)


_TABLE: list[Task] = [
    _family("word_sorting", "language", "exact"),
    _family("web_of_lies", "logic", "exact"),
    _family("dyck_language", "language", "exact"),
    _family("shortest_path", "graph", "constraint"),
    _family("sudoku", "grid", "constraint"),
    _family("cryptarithm", "arithmetic", "constraint"),
    _family("mathador", "arithmetic", "constraint"),
    _family("linear_system", "algebra", "constraint"),
    _family("calcudoko", "grid", "constraint"),
    _family("futoshiki", "grid", "constraint"),
    _family("skyscraper", "grid", "constraint"),
    _family("minesweeper", "grid", "exact"),
    _family("arrow_maze", "grid", "constraint"),
    _family("campsite", "grid", "constraint"),
    _family("kukurasu", "grid", "constraint"),
    _family("norinori", "grid", "constraint"),
    _family("number_wall", "grid", "constraint"),
    _family("numbrix", "grid", "constraint"),
    _family("star_placement", "grid", "constraint"),
    _family("survo", "grid", "constraint"),
    _family("wordscapes", "language", "constraint"),
    _family("boolean_expressions", "logic", "exact"),
    _family("buggy_tables", "logic", "exact"),
    _family("dyck_language_errors", "language", "exact", module="dyck_language"),
    _family("dyck_language_reasoning_errors", "language", "exact", module="dyck_language"),
    _family("word_sorting_mistake", "language", "exact", module="word_sorting"),
    _family("object_counting", "logic", "exact"),
    _family("object_properties", "logic", "exact"),
    _family("goods_exchange", "logic", "exact"),
    _family("cipher", "language", "exact"),
    _family("operation", "arithmetic", "exact"),
    _family("math_path", "arithmetic", "constraint"),
    _family("space_reasoning", "logic", "exact"),
    _family("space_reasoning_tree", "logic", "exact"),
    _family("time_sequence", "logic", "exact"),
    _family("zebra_puzzle", "logic", "exact"),
    _family("arc_grid", "grid", "exact"),
    # -- more tasks above this line --
]


def _build(table: list[Task]) -> dict[str, Task]:
    registry: dict[str, Task] = {}
    for task in table:
        if task.name in registry:
            raise ValueError(f"duplicate task name {task.name!r}")
        if task.category not in CATEGORIES:
            raise ValueError(f"task {task.name!r} has unknown category {task.category!r}")
        if task.verifier_kind not in VERIFIER_KINDS:
            raise ValueError(f"task {task.name!r} has unknown verifier kind {task.verifier_kind!r}")
        if sorted(task.levels) != list(range(1, 11)):
            raise ValueError(f"task {task.name!r} must define levels 1..10")
        registry[task.name] = task
    return registry


REGISTRY: dict[str, Task] = _build(_TABLE)


def get_task(name: str) -> Task:
    """The registered task called `name`; ValueError naming the known tasks otherwise."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown task {name!r}; run `logicforge list` to see the {len(REGISTRY)} tasks") from None


def list_tasks() -> list[str]:
    """Names of every registered task, sorted."""
    return sorted(REGISTRY)

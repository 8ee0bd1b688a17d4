"""The task registry: one explicit table of every family logicforge can generate and verify."""

from __future__ import annotations

import importlib

from logicforge.tasks.base import Task

CATEGORIES = ("grid", "arithmetic", "algebra", "graph", "logic", "language")


def _family(name: str, category: str, kind: str = "constraint") -> Task:
    """A Task from `generators/<name>.py` (Params, LEVELS, generate, ANSWER_FORMAT) and
    `verifiers/<name>.py` (verify, optional PARTIAL_CREDIT); `kind` is "constraint" or "exact"."""
    gen = importlib.import_module(f"logicforge.generators.{name}")
    ver = importlib.import_module(f"logicforge.verifiers.{name}")
    return Task(
        name=name,
        category=category,
        params_cls=gen.Params,
        levels=gen.LEVELS,
        generator=gen.generate,
        checker=ver.verify,
        answer_format=gen.ANSWER_FORMAT,
        description=(gen.__doc__ or name).strip().splitlines()[0],
        partial_credit=getattr(ver, "PARTIAL_CREDIT", False),
        verifier_kind=kind,
    )


_TABLE: list[Task] = [
    _family("word_sorting", "language", "exact"),
    _family("web_of_lies", "logic", "exact"),
    _family("dyck_language", "language", "exact"),
    _family("shortest_path", "graph", "constraint"),
    _family("sudoku", "grid", "exact"),
    _family("cryptarithm", "arithmetic", "constraint"),
    _family("mathador", "arithmetic", "constraint"),
    _family("linear_system", "algebra", "constraint"),
    _family("calcudoko", "grid", "constraint"),
    _family("futoshiki", "grid", "constraint"),
    _family("skyscraper", "grid", "constraint"),
    _family("minesweeper", "grid", "exact"),
    # -- more tasks above this line --
]


def _build(table: list[Task]) -> dict[str, Task]:
    registry: dict[str, Task] = {}
    for task in table:
        if task.name in registry:
            raise ValueError(f"duplicate task name {task.name!r}")
        if task.category not in CATEGORIES:
            raise ValueError(f"task {task.name!r} has unknown category {task.category!r}")
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

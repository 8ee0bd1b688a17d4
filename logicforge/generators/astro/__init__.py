"""ASTRO: MCTS over puzzle steps, linearised into chain-of-thought that explores, backtracks and verifies.

The pipeline is handed the Task it works on (it never looks one up): `make_env(task, question, payload)`
builds the family's step environment, `mcts.search` grows a tree, `linearise.linearise` picks node
sequences (Algorithm 1), `verbalise.verbalise` writes the text, and `build` writes SFT datasets.
"""

from __future__ import annotations

import importlib

from logicforge.generators.astro.env import StepEnv

# family -> (module, class); imported on first use so a family still in progress breaks nothing else.
ENVIRONMENTS: dict[str, tuple[str, str]] = {
    "mathador": ("env_mathador", "MathadorEnv"),
    "sudoku": ("env_sudoku", "SudokuEnv"),
    "shortest_path": ("env_shortest_path", "ShortestPathEnv"),
    "web_of_lies": ("env_web_of_lies", "WebOfLiesEnv"),
    "linear_system": ("env_linear_system", "LinearSystemEnv"),
    "word_sorting": ("env_word_sorting", "WordSortingEnv"),
}


def supported() -> list[str]:
    """Task families that have a step environment."""
    return sorted(ENVIRONMENTS)


def env_class(family: str) -> type[StepEnv]:
    """The StepEnv subclass for a family; ValueError naming the supported ones otherwise."""
    if family not in ENVIRONMENTS:
        raise ValueError(f"astro has no step environment for {family!r}; supported: {', '.join(supported())}")
    module, name = ENVIRONMENTS[family]
    return getattr(importlib.import_module(f"logicforge.generators.astro.{module}"), name)


def make_env(task, question: str, payload: dict) -> StepEnv:
    """The step environment for one instance of `task` (a Task handed in by the caller)."""
    return env_class(task.name)(task, question, payload)

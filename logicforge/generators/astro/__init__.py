"""ASTRO: MCTS over puzzle steps, linearised into chain-of-thought that explores, backtracks and verifies.

The pipeline is handed the Task it works on (it never looks one up): `make_env(task, question, payload)`
builds the family's step environment, `mcts.search` grows a tree, `linearise.linearise` picks node
sequences (Algorithm 1), `verbalise.verbalise` writes the text, and `build` writes SFT datasets.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

from logicforge.generators.astro.env import StepEnv


class Environment(NamedTuple):
    """Where a family's step environment lives, and what one step does (for the docs and `--help`)."""

    module: str
    cls: str
    step: str


# task -> its step environment; imported on first use so a family still in progress breaks nothing else.
# This is the one list of ASTRO families: `logicforge astro --help` and the README are made from it.
ENVIRONMENTS: dict[str, Environment] = {
    "mathador": Environment("env_mathador", "MathadorEnv", "combine two numbers"),
    "sudoku": Environment("env_sudoku", "SudokuEnv", "place a digit, with its justification"),
    "linear_system": Environment("env_linear_system", "LinearSystemEnv", "one elimination or substitution"),
    "shortest_path": Environment("env_shortest_path", "ShortestPathEnv", "extend the route"),
    "web_of_lies": Environment("env_web_of_lies", "WebOfLiesEnv", "one deduction or assumption"),
    "word_sorting": Environment("env_word_sorting", "WordSortingEnv", "place the next word"),
}


def supported() -> list[str]:
    """Task families that have a step environment."""
    return sorted(ENVIRONMENTS)


def env_class(family: str) -> type[StepEnv]:
    """The StepEnv subclass for a family; ValueError naming the supported ones otherwise."""
    if family not in ENVIRONMENTS:
        raise ValueError(f"astro has no step environment for {family!r}; supported: {', '.join(supported())}")
    env = ENVIRONMENTS[family]
    return getattr(importlib.import_module(f"logicforge.generators.astro.{env.module}"), env.cls)


def make_env(task, question: str, payload: dict) -> StepEnv:
    """The step environment for one instance of `task` (a Task handed in by the caller)."""
    return env_class(task.name)(task, question, payload)

"""Dyck language: complete a truncated bracket sequence with the fewest closing brackets."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from logicforge.generators import _dyck_language_errors as errors, _dyck_language_trace as trace
from logicforge.generators._dyck_language_walk import PAIRS, walk
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "only the closing brackets to append, separated by spaces, e.g. ] ) }"


@dataclass(frozen=True)
class Params(Knobs):
    n_types: int = knob(2, 1, 4, help="bracket kinds used, taken in order from () [] {} <>")
    length: int = knob(8, 2, 600, help="number of brackets in the given prefix")
    depth: int = knob(4, 1, 80, help="maximum nesting depth anywhere in the prefix")
    to_close: int = knob(2, 1, 80, help="brackets left open at the end (length of the completion)")

    def check(self) -> None:
        if self.to_close > self.depth:
            raise ValueError(f"knob to_close={self.to_close} exceeds depth={self.depth}")
        if self.to_close > self.length:
            raise ValueError(f"knob to_close={self.to_close} exceeds length={self.length}")
        if (self.length - self.to_close) % 2:
            raise ValueError(f"knobs length={self.length} and to_close={self.to_close} must have the same parity")


LEVELS = {
    1: Params(n_types=3, length=8, depth=3, to_close=2),
    2: Params(n_types=2, length=11, depth=4, to_close=3),
    3: Params(n_types=3, length=16, depth=5, to_close=4),
    4: Params(n_types=3, length=23, depth=6, to_close=5),
    5: Params(n_types=3, length=32, depth=8, to_close=6),
    6: Params(n_types=4, length=46, depth=10, to_close=8),
    7: Params(n_types=4, length=64, depth=12, to_close=10),
    8: Params(n_types=4, length=90, depth=15, to_close=12),
    9: Params(n_types=4, length=129, depth=19, to_close=15),
    10: Params(n_types=4, length=180, depth=24, to_close=18),
}


def _walk(params: Params, rng: np.random.Generator) -> tuple[str, list[str], int]:
    """A random valid prefix: returns (prefix, open stack at the end, deepest nesting reached)."""
    return walk(params.length, params.depth, params.to_close, params.n_types, rng)


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw a bounded-depth random prefix; its minimal completion (the open stack reversed) is unique."""
    prefix, stack, deepest = _walk(params, rng)
    completion = stack[::-1]
    payload = {"prefix": prefix}
    # The question shows the bracket kinds in play and the prefix (tasks/templates/dyck_language/).
    fields = {"pairs": list(PAIRS[: params.n_types]), "prefix": prefix}
    # Hardness: a stack machine reads every bracket, pops the completion, and must hold the deepest stack.
    hardness = float(len(prefix) + len(completion) + deepest)
    return Instance("", " ".join(completion), payload, hardness, fields)


# Three sibling tasks share the bracket walk and the question templates (tasks/templates/dyck_language/).
def _task(module) -> SimpleNamespace:
    """A TASKS entry: the names a one-task generator module defines, and its docstring as DESCRIPTION."""
    parts = {name: getattr(module, name) for name in ("Params", "LEVELS", "generate", "ANSWER_FORMAT")}
    return SimpleNamespace(**parts, DESCRIPTION=module.__doc__)


TASKS = {
    "dyck_language": _task(sys.modules[__name__]),
    "dyck_language_errors": _task(errors),
    "dyck_language_reasoning_errors": _task(trace),
}

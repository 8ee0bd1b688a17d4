"""Dyck language: complete a truncated bracket sequence with the fewest closing brackets."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "only the closing brackets to append, separated by spaces, e.g. ] ) }"
# Bracket kinds in the order they are introduced as `n_types` grows.
PAIRS = ("()", "[]", "{}", "<>")


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


@lru_cache(maxsize=64)
def _up_probabilities(length: int, depth: int, end: int) -> tuple[tuple[float, ...], ...]:
    """P(next step opens | steps left, current depth) for a walk drawn uniformly among all
    walks of `length` steps from depth 0 to `end` that stay within [0, depth].

    Row i is indexed by depth with i steps remaining. Cached: it depends only on the knobs.

    >>> _up_probabilities(2, 1, 0)[2][0]
    1.0
    """
    ways = [[1 if d == end else 0 for d in range(depth + 1)]]
    for _ in range(length):
        prev = ways[-1]
        ways.append([(prev[d + 1] if d < depth else 0) + (prev[d - 1] if d > 0 else 0) for d in range(depth + 1)])
    probs = [tuple(0.0 for _ in range(depth + 1))]
    for i in range(1, length + 1):
        row = []
        for d in range(depth + 1):
            up = ways[i - 1][d + 1] if d < depth else 0
            total = ways[i][d]
            row.append(up / total if total else 0.0)  # big ints divide exactly into a float
        probs.append(tuple(row))
    return tuple(probs)


def _walk(params: Params, rng: np.random.Generator) -> tuple[str, list[str], int]:
    """A random valid prefix: returns (prefix, open stack at the end, deepest nesting reached)."""
    probs = _up_probabilities(params.length, params.depth, params.to_close)
    coins = rng.random(params.length)
    kinds = rng.integers(0, params.n_types, size=params.length)
    out: list[str] = []
    stack: list[str] = []
    deepest = 0
    for step in range(params.length):
        if coins[step] < probs[params.length - step][len(stack)]:
            pair = PAIRS[int(kinds[step])]
            out.append(pair[0])
            stack.append(pair[1])
            deepest = max(deepest, len(stack))
        else:
            out.append(stack.pop())
    return "".join(out), stack, deepest


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

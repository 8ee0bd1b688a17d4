"""Dyck language family: bounded-depth random bracket walks shared by its sibling tasks."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

# Bracket kinds in the order they are introduced as `n_types` grows.
PAIRS = ("()", "[]", "{}", "<>")
CLOSER = {pair[0]: pair[1] for pair in PAIRS}


@lru_cache(maxsize=64)
def up_probabilities(length: int, depth: int, end: int) -> tuple[tuple[float, ...], ...]:
    """P(next step opens | steps left, current depth) for a walk drawn uniformly among all
    walks of `length` steps from depth 0 to `end` that stay within [0, depth].

    Row i is indexed by depth with i steps remaining. Cached: it depends only on the knobs.

    >>> up_probabilities(2, 1, 0)[2][0]
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


def walk(length: int, depth: int, end: int, n_types: int, rng: np.random.Generator) -> tuple[str, list[str], int]:
    """A random valid bracket prefix of `length` brackets, nesting at most `depth`, ending `end` deep:
    returns (prefix, open stack at the end as closers owed, deepest nesting reached).

    >>> walk(4, 1, 0, 1, np.random.default_rng(0))
    ('()()', [], 1)
    """
    probs = up_probabilities(length, depth, end)
    coins = rng.random(length)
    kinds = rng.integers(0, n_types, size=length)
    out: list[str] = []
    stack: list[str] = []
    deepest = 0
    for step in range(length):
        if coins[step] < probs[length - step][len(stack)]:
            pair = PAIRS[int(kinds[step])]
            out.append(pair[0])
            stack.append(pair[1])
            deepest = max(deepest, len(stack))
        else:
            out.append(stack.pop())
    return "".join(out), stack, deepest

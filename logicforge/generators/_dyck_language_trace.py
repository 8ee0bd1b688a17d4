"""Dyck language reasoning errors: name the wrong steps in a stack trace of a balanced bracket sequence."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._dyck_language_walk import CLOSER, PAIRS, walk
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the numbers of the wrong steps in increasing order, separated by commas, e.g. 3, 8, 11; "
    "or the word none if every step is right"
)
NONE = "none"  # the label of a trace without a wrong step (zh: 无)
# Mistakes in the order `error_kinds` takes them: a wrong push, a wrong pop, a misread bracket, and a wrong
# push that the trace carries along until that bracket is popped (every step in between is wrong too).
KINDS = ("push", "pop", "read", "carry")
CARRY_SPAN = 6  # a carried mistake spans 2..6 steps


@dataclass(frozen=True)
class Params(Knobs):
    n_types: int = knob(2, 1, 4, help="bracket kinds used, taken in order from () [] {} <>")
    length: int = knob(8, 6, 400, help="brackets in the balanced sequence, one trace step each (even)")
    depth: int = knob(3, 1, 200, help="maximum nesting depth of the sequence")
    min_errors: int = knob(1, 1, 60, help="fewest mistakes injected into the trace (a carried one counts once)")
    max_errors: int = knob(2, 1, 60, help="most mistakes injected into the trace")
    error_kinds: int = knob(2, 1, 4, help="mistake kinds used, taken in order from push, pop, read, carry")
    none_share: float = knob(0.05, 0.0, 0.5, help="share of traces without a mistake (answer: none)")

    def check(self) -> None:
        if self.length % 2:
            raise ValueError(f"knob length={self.length} must be even")
        if 2 * self.depth > self.length:
            raise ValueError(f"knob depth={self.depth} exceeds half of length={self.length}")
        if self.min_errors > self.max_errors:
            raise ValueError(f"knob min_errors={self.min_errors} exceeds max_errors={self.max_errors}")
        if 4 * self.max_errors > self.length:
            raise ValueError(f"knob max_errors={self.max_errors} exceeds a quarter of length={self.length}")


LEVELS = {
    1: Params(n_types=2, length=8, depth=3, min_errors=1, max_errors=2, error_kinds=2),
    2: Params(n_types=2, length=10, depth=3, min_errors=1, max_errors=2, error_kinds=3),
    3: Params(n_types=3, length=12, depth=4, min_errors=1, max_errors=3, error_kinds=3),
    4: Params(n_types=3, length=16, depth=4, min_errors=2, max_errors=3, error_kinds=4),
    5: Params(n_types=3, length=20, depth=5, min_errors=2, max_errors=4, error_kinds=4),
    6: Params(n_types=4, length=26, depth=6, min_errors=2, max_errors=4, error_kinds=4),
    7: Params(n_types=4, length=32, depth=7, min_errors=3, max_errors=5, error_kinds=4),
    8: Params(n_types=4, length=40, depth=8, min_errors=3, max_errors=6, error_kinds=4),
    9: Params(n_types=4, length=50, depth=10, min_errors=4, max_errors=7, error_kinds=4),
    10: Params(n_types=4, length=60, depth=12, min_errors=4, max_errors=8, error_kinds=4),
}


def true_stacks(seq: str) -> list[str]:
    """The stack (opening brackets, bottom first) after each prefix of a valid sequence; [0] is empty.

    >>> true_stacks("([])")
    ['', '(', '([', '(', '']
    """
    stacks = [""]
    for ch in seq:
        stacks.append(stacks[-1] + ch if ch in CLOSER else stacks[-1][:-1])
    return stacks


def _pick(options: list, rng: np.random.Generator):
    return options[int(rng.integers(len(options)))] if options else None


def _mistake(kind: str, k: int, seq: str, stacks: list[str], openers: str, rng) -> dict[int, list[str]] | None:
    """Wrong steps {0-based step: [bracket read, stack]} for one mistake of `kind` at step k, or None."""
    ch, prev = seq[k], stacks[k]
    others = [o for o in openers if o != ch]
    if kind == "push" and ch in CLOSER:  # forgot to push, pushed another kind, pushed twice
        return {k: [ch, _pick([prev, prev + ch + ch] + [prev + o for o in others], rng)]}
    if kind == "pop" and ch not in CLOSER:  # forgot to pop, popped two, popped the one below the top
        options = [prev] + ([prev[:-2]] if len(prev) > 1 else [])
        options += [prev[:-2] + prev[-1]] if len(prev) > 1 and prev[-1] != prev[-2] else []
        return {k: [ch, _pick(options, rng)]}
    if kind == "read":  # a misread bracket: the true stack, or the stack the misread bracket gives
        read = _pick([c for c in "".join(CLOSER[o] + o for o in openers) if c != ch], rng)
        stack = stacks[k + 1] if rng.random() < 0.5 else (prev + read if read in CLOSER else prev[:-1])
        return {k: [read, stack]}
    if kind == "carry" and ch in CLOSER and others:  # another kind pushed, and kept until popped
        end = next(j for j in range(k + 1, len(seq)) if len(stacks[j + 1]) == len(prev))
        if not 2 <= end - k <= CARRY_SPAN:
            return None
        wrong, d = _pick(others, rng), len(prev)
        return {j: [seq[j], stacks[j + 1][:d] + wrong + stacks[j + 1][d + 1 :]] for j in range(k, end)}
    return None


def _trace(seq: str, stacks: list[str], count: int, params: Params, rng) -> list[list[str]]:
    """The true trace with `count` mistakes (fewer where no room is left) at steps other than the last."""
    steps = [[seq[k], stacks[k + 1]] for k in range(len(seq))]
    openers = "".join(pair[0] for pair in PAIRS[: params.n_types])
    kinds = KINDS[: params.error_kinds]
    touched: set[int] = set()
    placed = tries = 0
    while placed < count and tries < 40 * count:
        tries += 1
        k = int(rng.integers(len(seq) - 1))
        wrong = _mistake(_pick(kinds, rng), k, seq, stacks, openers, rng)
        if wrong is None or touched & set(wrong):
            continue
        for j, step in wrong.items():
            steps[j] = step
        touched |= set(wrong)
        placed += 1
    return steps


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A balanced walk, its true stack trace, and injected mistakes; the answer compares with the true trace."""
    seq = walk(params.length, params.depth, 0, params.n_types, rng)[0]
    stacks = true_stacks(seq)
    none = rng.random() < params.none_share
    while True:  # a trace with mistakes always finds room for one at the first try or soon after
        count = 0 if none else int(rng.integers(params.min_errors, params.max_errors + 1))
        steps = _trace(seq, stacks, count, params, rng)
        wrong = [k + 1 for k, (ch, stack) in enumerate(steps) if ch != seq[k] or stack != stacks[k + 1]]
        if wrong or none:
            break
    fields = {"pairs": list(PAIRS[: params.n_types]), "sequence": seq, "steps": steps}
    # Hardness: the steps to re-simulate plus the stack entries to compare with the stated ones.
    hardness = float(len(seq) + sum(len(s) for s in stacks))
    answer = ", ".join(map(str, wrong)) if wrong else NONE
    return Instance("", answer, {"sequence": seq, "steps": steps}, hardness, fields)

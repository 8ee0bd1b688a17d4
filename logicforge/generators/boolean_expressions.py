"""Boolean expressions: evaluate nested not/and/or expressions over True, False and integer comparisons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "the capital letters of every true option, separated by commas, e.g. A, C"
LETTERS = "ABCDEFGHIJ"
COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
_HOLDS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}
# Expressions are JSON-like trees: True/False; ["cmp", op, left, right] over arithmetic terms (an int or
# [op, a, b] with op in + - *); ["not", x]; ["and", x, y]; ["or", x, y].


@dataclass(frozen=True)
class Params(Knobs):
    n_options: int = knob(4, 3, 10, help="lettered options (A, B, ...); at least one is true and one false")
    depth: int = knob(2, 1, 8, help="nesting depth of and/or in each option")
    ops: int = knob(2, 1, 24, help="and/or operators in each option")
    arith: float = knob(0.5, 0.0, 1.0, help="share of operands that are integer comparisons (the rest True/False)")
    arith_ops: int = knob(1, 1, 5, help="arithmetic operators (+ - *) in each comparison, both sides together")
    magnitude: int = knob(9, 3, 999, help="largest integer written in a comparison (factors of * stay at 12 or less)")
    negation: float = knob(0.3, 0.0, 0.7, help="chance that a subexpression is wrapped in not")

    def check(self) -> None:
        if not self.depth <= self.ops <= 2**self.depth - 1:
            raise ValueError(f"knob ops={self.ops} must lie between depth={self.depth} and 2**depth - 1")


LEVELS = {
    1: Params(n_options=3, depth=1, ops=1, arith=0.3, arith_ops=1, magnitude=9, negation=0.2),
    2: Params(n_options=4, depth=2, ops=2, arith=0.4, arith_ops=1, magnitude=9, negation=0.25),
    3: Params(n_options=4, depth=2, ops=3, arith=0.5, arith_ops=1, magnitude=12, negation=0.3),
    4: Params(n_options=5, depth=3, ops=3, arith=0.5, arith_ops=2, magnitude=15, negation=0.3),
    5: Params(n_options=5, depth=3, ops=4, arith=0.6, arith_ops=2, magnitude=20, negation=0.3),
    6: Params(n_options=6, depth=4, ops=5, arith=0.6, arith_ops=2, magnitude=30, negation=0.35),
    7: Params(n_options=7, depth=4, ops=6, arith=0.7, arith_ops=2, magnitude=50, negation=0.35),
    8: Params(n_options=7, depth=5, ops=7, arith=0.7, arith_ops=3, magnitude=60, negation=0.4),
    9: Params(n_options=8, depth=5, ops=8, arith=0.8, arith_ops=3, magnitude=80, negation=0.4),
    10: Params(n_options=8, depth=6, ops=10, arith=0.8, arith_ops=3, magnitude=99, negation=0.4),
}


def value(node) -> int | bool:
    """The value of an expression tree (an arithmetic term gives an int, the rest a bool).

    >>> value(["or", ["not", True], ["cmp", ">", ["+", 3, 4], ["*", 2, 3]]])
    True
    """
    if isinstance(node, bool | int):
        return node
    head = node[0]
    if head == "not":
        return not value(node[1])
    if head == "and":
        return value(node[1]) and value(node[2])
    if head == "or":
        return value(node[1]) or value(node[2])
    if head == "cmp":
        return _HOLDS[node[1]](value(node[2]), value(node[3]))
    a, b = value(node[1]), value(node[2])
    return a + b if head == "+" else a - b if head == "-" else a * b


def size(node) -> int:
    """Evaluation steps of a tree: one per node, operators and operands alike."""
    if isinstance(node, bool | int):
        return 1
    return 1 + sum(size(child) for child in node[2 if node[0] == "cmp" else 1 :])


def _shape(params: Params, rng: np.random.Generator) -> list:
    """A random and/or skeleton with exactly `ops` operators and nesting depth exactly `depth`.

    Operators are ["?", left, right] and operands None; a spine of `depth` operators fixes the depth, and
    the remaining operators replace random operands that still sit above the deepest level.
    """
    root: list = ["?", None, None]
    slots = [(root, 1, 1), (root, 2, 1)]  # (parent, child index, operators above the slot)
    for k in range(params.ops - 1):
        if k < params.depth - 1:  # the spine: extend one of the slots under the deepest operator
            pick = len(slots) - int(rng.integers(1, 3))
        else:
            open_slots = [i for i, s in enumerate(slots) if s[2] < params.depth]
            pick = open_slots[int(rng.integers(len(open_slots)))]
        parent, side, level = slots.pop(pick)
        parent[side] = ["?", None, None]
        slots += [(parent[side], 1, level + 1), (parent[side], 2, level + 1)]
    return root


def _term(ops: int, params: Params, rng: np.random.Generator):
    """A random arithmetic term with `ops` operators; products only of two small literals."""
    if ops == 0:
        return int(rng.integers(1, params.magnitude + 1))
    if ops == 1 and rng.random() < 0.35:
        cap = min(params.magnitude, 12)
        return ["*", int(rng.integers(2, cap + 1)), int(rng.integers(2, cap + 1))]
    left = int(rng.integers(0, ops))
    return ["+" if rng.random() < 0.5 else "-", _term(left, params, rng), _term(ops - 1 - left, params, rng)]


def _comparison(target: bool, params: Params, rng: np.random.Generator) -> list:
    """A comparison with truth `target` whose two sides usually differ by a few units (a near miss)."""
    right_ops = int(rng.integers(0, params.arith_ops // 2 + 1))
    left = _term(params.arith_ops - right_ops, params, rng)
    a = value(left)
    if right_ops == 0 and a >= 0 and rng.random() < 0.75:
        right = max(0, a + int(rng.integers(-3, 4)))
    else:  # the closest of a few draws
        draws = [_term(right_ops, params, rng) for _ in range(6)]
        right = min(draws, key=lambda t: abs(value(t) - a))
    b = value(right)
    ops = [op for op in COMPARISONS if _HOLDS[op](a, b) == target]
    return ["cmp", ops[int(rng.integers(len(ops)))], left, right]


def _fill(node, target: bool, params: Params, rng: np.random.Generator, negate: bool = True):
    """Operators and operands for a skeleton so that the whole evaluates to `target`."""
    if negate and rng.random() < params.negation:
        return ["not", _fill(node, not target, params, rng, negate=False)]
    if node is None:
        return _comparison(target, params, rng) if rng.random() < params.arith else target
    op = "and" if rng.random() < 0.5 else "or"
    if (op == "and") == target:  # and -> True, or -> False: both sides take the target
        sides = (target, target)
    else:
        choices = ((True, False), (False, True), (target, target))
        sides = choices[int(rng.integers(3))]
    return [op, _fill(node[1], sides[0], params, rng), _fill(node[2], sides[1], params, rng)]


def _arith_text(node, right: bool = False) -> str:
    if isinstance(node, int):
        return str(node)
    text = f"{_arith_text(node[1])} {node[0]} {_arith_text(node[2], right=True)}"
    return f"({text})" if right else text


def text(node, top: bool = True) -> str:
    """The expression as shown: Python syntax, every comparison and every nested not/and/or in parentheses.

    >>> text(["and", ["not", True], ["cmp", ">", ["-", 9, ["+", 2, 3]], 4]])
    '(not True) and (9 - (2 + 3) > 4)'
    """
    if isinstance(node, bool):
        return str(node)
    if node[0] == "cmp":
        return f"({_arith_text(node[2])} {node[1]} {_arith_text(node[3])})"
    if node[0] == "not":
        inner = f"not {text(node[1], top=False)}"
    else:
        inner = f"{text(node[1], top=False)} {node[0]} {text(node[2], top=False)}"
    return inner if top else f"({inner})"


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw each option's truth first (at least one true and one false), then build a tree that has it."""
    n = params.n_options
    truths = [bool(rng.random() < 0.5) for _ in range(n)]
    if len(set(truths)) == 1:
        flip = int(rng.integers(n))
        truths[flip] = not truths[flip]
    trees: list = []
    options: list[str] = []
    for t in truths:
        for _ in range(20):  # redraw an option that repeats an earlier one (bounded; tiny levels may repeat)
            tree = _fill(_shape(params, rng), t, params, rng)
            if text(tree) not in options:
                break
        trees.append(tree)
        options.append(text(tree))
    if [value(t) for t in trees] != truths:
        raise RuntimeError("boolean_expressions: a tree does not evaluate to its drawn truth")  # unreachable
    answer = [LETTERS[i] for i, t in enumerate(truths) if t]
    payload = {"options": options, "answer": answer}
    return Instance("", ", ".join(answer), payload, float(sum(size(t) for t in trees)), {"options": options})

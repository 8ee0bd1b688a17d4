"""Formulas of the operation family: random definitions of a new operator `a ◇ b`, their text and exact values.

A formula is a small tree over the variables "a" and "b" and positive integer constants:
`(op, left, right)` for + - * / max min, `("^", child, k)` for a small power, `("abs", child)`. A definition
is one formula, or a condition with two formulas (`then` when it holds, `else` otherwise); a condition is
`(rel, left, right)` for > < >= <= or `("even" | "odd", formula)`. Parity is only ever decided for integers:
the evaluator refuses (`Reject`) a parity test of a fraction, a division by zero, and any intermediate value
beyond the bounds, and the generator then draws again.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

DEN_LIMIT = 60  # the largest denominator any intermediate value may have
# (a, b) points a definition is probed at: it must depend on both, and a condition must go both ways.
PROBES = [
    (Fraction(a), Fraction(b)) for a, b in [(1, 2), (2, 1), (3, 3), (-2, 5), (4, -1), (0, 3), (5, 2), (2, 7), (6, 4)]
]
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4}
_RELATIONS = (">", "<", ">=", "<=")


class Reject(Exception):
    """The value is out of bounds, divides by zero or tests the parity of a fraction: draw again."""


@dataclass(frozen=True)
class Vocab:
    """What formulas may use: division, and the extras (powers, max, min, absolute values, parity tests)."""

    divide: bool
    extras: bool


@dataclass
class Meter:
    """Bounds every intermediate value and counts the operations evaluated (the work of one evaluation)."""

    limit: int
    steps: int = 0

    def check(self, v: Fraction) -> Fraction:
        self.steps += 1
        if abs(v.numerator) > self.limit or v.denominator > DEN_LIMIT:
            raise Reject
        return v


def evaluate(node, a: Fraction, b: Fraction, meter: Meter) -> Fraction:
    """The exact value of a formula at (a, b)."""
    if isinstance(node, str):
        return a if node == "a" else b
    if isinstance(node, int):
        return Fraction(node)
    op = node[0]
    if op == "abs":
        return meter.check(abs(evaluate(node[1], a, b, meter)))
    if op == "^":
        return meter.check(evaluate(node[1], a, b, meter) ** node[2])
    x, y = evaluate(node[1], a, b, meter), evaluate(node[2], a, b, meter)
    if op == "/" and y == 0:
        raise Reject
    value = {"+": lambda: x + y, "-": lambda: x - y, "*": lambda: x * y, "/": lambda: x / y,
             "max": lambda: max(x, y), "min": lambda: min(x, y)}[op]()  # fmt: skip
    return meter.check(value)


def holds(cond, a: Fraction, b: Fraction, meter: Meter) -> bool:
    """Whether a condition holds at (a, b); a parity test of a non-integer is refused."""
    meter.steps += 1
    if cond[0] in ("even", "odd"):
        v = evaluate(cond[1], a, b, meter)
        if v.denominator != 1:
            raise Reject
        return (v.numerator % 2 == 0) == (cond[0] == "even")
    x, y = evaluate(cond[1], a, b, meter), evaluate(cond[2], a, b, meter)
    return {">": x > y, "<": x < y, ">=": x >= y, "<=": x <= y}[cond[0]]


def apply(definition: dict, a: Fraction, b: Fraction, meter: Meter) -> Fraction:
    """`a ◇ b` under one definition: the branch the condition picks, evaluated."""
    cond = definition["cond"]
    branch = "then" if cond is None or holds(cond, a, b, meter) else "else"
    return evaluate(definition[branch], a, b, meter)


def text(node, parent: int = 0, right: bool = False) -> str:
    """The formula in plain notation, with only the parentheses precedence needs: `2*a - (b - 1)`, `(a + b)^2`.

    >>> text(("-", ("*", 2, "a"), ("-", "b", 1))), text(("^", ("+", "a", "b"), 2)), text(("abs", ("-", "a", "b")))
    ('2*a - (b - 1)', '(a + b)^2', '|a - b|')
    """
    if isinstance(node, (str, int)):
        return str(node)
    op = node[0]
    if op == "abs":
        return f"|{text(node[1])}|"
    if op in ("max", "min"):
        return f"{op}({text(node[1])}, {text(node[2])})"
    if op == "^":
        power = f"{text(node[1], 4)}^{node[2]}"
        return f"({power})" if parent == 4 else power  # (a^2)^3, never a^2^3
    prec = _PREC[op]
    gap = "" if prec == 2 else " "  # a*b + a, (a + b)/2: products and quotients bind visibly tighter
    left = text(node[1], prec)
    if prec == 2 and isinstance(node[1], tuple) and node[1][0] == "/":
        left = f"({left})"  # (b/2)*b, never b/2*b, which some readers take for b/(2*b)
    body = f"{left}{gap}{op}{gap}{text(node[2], prec, True)}"
    needs = prec < parent or (right and prec == parent) or parent == 4
    return f"({body})" if needs else body


def cond_text(cond) -> dict:
    """A condition as the templates show it: {"kind": "cmp", "text": "a > b"} or {"kind": "even", "of": "a + b"}."""
    if cond[0] in ("even", "odd"):
        return {"kind": cond[0], "of": text(cond[1])}
    return {"kind": "cmp", "text": f"{text(cond[1])} {cond[0]} {text(cond[2])}"}


def constants(node) -> list[int]:
    """Every number a formula or condition shows (constants and exponents)."""
    if isinstance(node, int):
        return [node]
    if isinstance(node, str) or node is None:
        return []
    return [n for part in node[1:] for n in constants(part)]


def _leaf(rng: np.random.Generator, const_share: float = 0.3):
    if rng.random() < const_share:
        return int(rng.integers(1, 6))
    return "a" if rng.random() < 0.5 else "b"


def formula(rng: np.random.Generator, ops: int, vocab: Vocab):
    """A random formula with `ops` operations."""
    if ops == 0:
        return _leaf(rng)
    r = rng.random()
    if vocab.extras and r < 0.12:
        base = formula(rng, ops - 1, vocab)
        return ("^", _leaf(rng, 0.0) if isinstance(base, int) else base, int(rng.integers(2, 4)) if ops == 1 else 2)
    if vocab.extras and r < 0.2:  # the absolute value of a difference, never of a square or another |x|
        left = int(rng.integers(max(ops - 1, 1)))
        return ("abs", _pair(rng, "-", formula(rng, left, vocab), formula(rng, max(ops - 2 - left, 0), vocab)))
    if vocab.extras and r < 0.3:
        left = int(rng.integers(ops))
        return _pair(
            rng, "max" if rng.random() < 0.5 else "min", formula(rng, left, vocab), formula(rng, ops - 1 - left, vocab)
        )
    if vocab.divide and r < 0.45:
        # divide by a constant, a variable, or one sum or difference: values stay readable
        right = min(int(rng.integers(2)), ops - 1)
        divisor = int(rng.integers(2, 6)) if right == 0 and rng.random() < 0.5 else formula(rng, right, vocab)
        return _pair(rng, "/", formula(rng, ops - 1 - right, vocab), divisor)
    left = int(rng.integers(ops))
    return _pair(rng, "+-*"[int(rng.integers(3))], formula(rng, left, vocab), formula(rng, ops - 1 - left, vocab))


def _pair(rng: np.random.Generator, op: str, left, right) -> tuple:
    """`(op, left, right)`, never between two constants (a constant in disguise) nor between two copies of
    one operand (`a - a`, `b / b`)."""
    if isinstance(left, int) and isinstance(right, int):
        left = _leaf(rng, 0.0)
    if left == right and isinstance(left, str):
        right = "a" if left == "b" else "b"
    if op in "*/":  # times 1 or over 1 shows a number that does nothing
        left, right = (int(rng.integers(2, 6)) if x == 1 else x for x in (left, right))
    return (op, left, right)


def condition(rng: np.random.Generator, vocab: Vocab):
    """A comparison (`a > b`, `a + b <= 6`, ...) or, with the extras, a parity test (`a*b is odd`)."""
    if vocab.extras and rng.random() < 0.3:  # the parity of one operand, or of their sum, difference or product
        x, y = ("a", "b") if rng.random() < 0.5 else ("b", "a")
        tested = [x, ("+", x, y), ("-", x, y), ("*", x, y)][int(rng.integers(4))]
        return ("even" if rng.random() < 0.5 else "odd", tested)
    left = formula(rng, int(rng.integers(2)), Vocab(False, False))
    left = _leaf(rng, 0.0) if isinstance(left, int) else left  # never a constant on its own
    right = ("a" if left == "b" else "b") if rng.random() < 0.5 else int(rng.integers(0, 10))
    return (_RELATIONS[int(rng.integers(4))], left, right)


def _values(fn, probes: list[tuple[Fraction, Fraction]] = PROBES) -> list[Fraction | None]:
    out = []
    for a, b in probes:
        try:
            out.append(fn(a, b))
        except Reject:
            out.append(None)
    return out


def _depends(fn, names: str) -> bool:
    """Changing each operand in `names` alone changes the value somewhere on the probes."""
    base = _values(fn)
    for name in names:
        moved = _values(lambda a, b, n=name: fn(a + (n == "a"), b + (n == "b")))
        if not any(x is not None and y is not None and x != y for x, y in zip(base, moved)):
            return False
    return True


def _mentions(node) -> str:
    if isinstance(node, str):
        return node
    return "" if isinstance(node, int) else "".join(sorted(set("".join(_mentions(p) for p in node[1:]))))


def operand_probes(max_operand: int, negatives: bool) -> list[tuple[Fraction, Fraction]]:
    """Pairs of operands the expression may show, for checking that a condition can go both ways on them."""
    values = {1, 2, 3, max_operand // 3, max_operand // 2, max_operand}
    values |= {-1, -max_operand // 2} if negatives else set()
    return [(Fraction(a), Fraction(b)) for a in sorted(values) for b in sorted(values)]


def definition(
    rng: np.random.Generator, ops: int, conditional: bool, vocab: Vocab, operands: list, tries: int = 60
) -> dict:
    """One operator definition that depends on both operands (a conditional one: whose condition goes both ways
    on the `operands` pairs and whose branches differ)."""
    for _ in range(tries):
        then = formula(rng, ops, vocab)
        if not conditional:
            d = {"cond": None, "then": then, "else": None}
        else:
            d = {"cond": condition(rng, vocab), "then": then, "else": formula(rng, ops, vocab)}
        if _sound(d, operands):
            return d
    raise RuntimeError("operation: no definition found that depends on both operands")


def _sound(d: dict, operands: list) -> bool:
    """A condition that goes both ways on the operand pairs, between branches that differ on the probes; no formula
    cancels an operand it shows (a - 3 - a); and the operator depends on both operands."""
    meter = Meter(10**9)
    if d["cond"] is not None:
        truth = {v for v in _values(lambda a, b: holds(d["cond"], a, b, meter), operands) if v is not None}
        branches = zip(*(_values(lambda a, b, k=k: evaluate(d[k], a, b, meter)) for k in ("then", "else")))
        if truth != {True, False} or all(x == y for x, y in branches):
            return False
    parts = [d[k] for k in ("then", "else") if d[k] is not None]
    if not all(_depends(lambda a, b, f=f: evaluate(f, a, b, meter), _mentions(f)) for f in parts):
        return False
    return _depends(lambda a, b: apply(d, a, b, meter), "ab")

"""Operation: new operators defined from ordinary arithmetic, some by cases; evaluate an expression using them."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from logicforge.generators import _operation_formula as fm
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the exact value as one number: an integer such as -12, or a fraction in lowest terms such as 7/3 or -7/3 "
    "(a decimal only if it is exactly the value)"
)
SYMBOLS = ("⊕", "⊗", "⊙", "⊛", "◇", "☆", "♢", "♣", "⊞", "⊠", "▽", "◎")
_DEFINITION_DRAWS = 40  # fresh definitions when no expression fits them
_EXPRESSION_DRAWS = 12  # expressions tried per set of definitions
_NODE_TRIES = 3  # operand redraws under one application before its parent draws again


@dataclass(frozen=True)
class Params(Knobs):
    operators: int = knob(2, 1, 4, help="newly defined operator symbols (each is used in the expression)")
    applications: int = knob(3, 1, 16, help="applications of the new operators in the expression")
    depth: int = knob(2, 1, 5, help="nesting depth of the expression (1: one application, a ◇ b)")
    condition_share: float = knob(0.3, 0.0, 1.0, help="chance that a definition has two cases (if ... otherwise)")
    formula_ops: int = knob(2, 1, 4, help="ordinary operations in each formula of a definition")
    max_operand: int = knob(9, 3, 50, help="operands of the expression are 1..max_operand (or ± with negatives)")
    negatives: bool = knob(False, help="the expression may show negative operands")
    fractions: bool = knob(False, help="definitions may divide, so values may be fractions")
    extras: bool = knob(False, help="definitions may use powers, max, min, absolute values and parity tests")
    value_limit: int = knob(200, 20, 10**6, help="bound on |numerator| of every intermediate value")

    def check(self) -> None:
        if not self.depth <= self.applications <= 2**self.depth - 1:
            raise ValueError(
                f"knob applications={self.applications} must lie in depth..2**depth-1 for depth={self.depth}"
            )
        if self.operators > self.applications:
            raise ValueError(f"knob operators={self.operators} exceeds applications={self.applications}")


LEVELS = {
    1: Params(operators=1, applications=1, depth=1, condition_share=0.0, formula_ops=2, max_operand=9, value_limit=100),
    2: Params(operators=1, applications=2, depth=2, condition_share=0.0, formula_ops=2, max_operand=9, value_limit=200),
    3: Params(operators=2, applications=2, depth=2, condition_share=0.3, formula_ops=2, max_operand=9,
              extras=True, value_limit=300),
    4: Params(operators=2, applications=3, depth=2, condition_share=0.5, formula_ops=2, max_operand=12,
              extras=True, fractions=True, value_limit=500),
    5: Params(operators=3, applications=4, depth=3, condition_share=0.5, formula_ops=2, max_operand=12,
              negatives=True, extras=True, fractions=True, value_limit=1000),
    6: Params(operators=3, applications=5, depth=3, condition_share=0.5, formula_ops=3, max_operand=15,
              negatives=True, extras=True, fractions=True, value_limit=2000),
    7: Params(operators=3, applications=6, depth=4, condition_share=0.6, formula_ops=3, max_operand=20,
              negatives=True, extras=True, fractions=True, value_limit=5000),
    8: Params(operators=4, applications=7, depth=4, condition_share=0.6, formula_ops=3, max_operand=20,
              negatives=True, extras=True, fractions=True, value_limit=10**4),
    9: Params(operators=4, applications=8, depth=5, condition_share=0.7, formula_ops=3, max_operand=25,
              negatives=True, extras=True, fractions=True, value_limit=2 * 10**4),
    10: Params(operators=4, applications=10, depth=5, condition_share=0.75, formula_ops=4, max_operand=30,
               negatives=True, extras=True, fractions=True, value_limit=5 * 10**4),
}  # fmt: skip


def _shape(rng: np.random.Generator, applications: int, depth: int) -> list:
    """A binary tree of `applications` nodes ([left, right], None for an operand) exactly `depth` deep."""
    root: list = [None, None]
    node = root
    for _ in range(depth - 1):  # a spine gives the depth
        side = int(rng.integers(2))
        node[side] = [None, None]
        node = node[side]
    for _ in range(applications - depth):
        slots, stack = [], [(root, 1)]
        while stack:
            n, level = stack.pop()
            for side in (0, 1):
                if n[side] is None and level < depth:
                    slots.append((n, side))
                elif n[side] is not None:
                    stack.append((n[side], level + 1))
        n, side = slots[int(rng.integers(len(slots)))]
        n[side] = [None, None]
    return root


class _Filler:
    """Puts operators and operands into a shape so every intermediate value stays within bounds."""

    def __init__(self, params: Params, defs: list[dict], rng: np.random.Generator):
        self.p, self.defs, self.rng = params, defs, rng
        self.meter = fm.Meter(params.value_limit)

    def operand(self) -> int:
        hi = self.p.max_operand
        if self.p.negatives and self.rng.random() < 0.3:
            return -int(self.rng.integers(1, hi + 1))
        return int(self.rng.integers(1, hi + 1))

    def fill(self, node: list | None, wanted: list[int]):
        """(tree, value): an operand, or (operator index, left, right) with its exact value."""
        if node is None:
            v = self.operand()
            return v, Fraction(v)
        first = wanted.pop() if wanted else int(self.rng.integers(len(self.defs)))
        for _ in range(_NODE_TRIES):
            (lt, lv), (rt, rv) = self.fill(node[0], wanted), self.fill(node[1], wanted)
            others = [int(k) for k in self.rng.permutation(len(self.defs)) if k != first]
            for k in [first, *others]:
                try:
                    return (k, lt, rt), fm.apply(self.defs[k], lv, rv, self.meter)
                except fm.Reject:
                    continue
        raise fm.Reject


def _used(tree) -> set[int]:
    return set() if isinstance(tree, int) else {tree[0]} | _used(tree[1]) | _used(tree[2])


def _operands(tree) -> list[int]:
    return [tree] if isinstance(tree, int) else _operands(tree[1]) + _operands(tree[2])


def expression_text(tree, symbols: list[str], top: bool = True) -> str:
    """Fully parenthesised: `(3 ⊕ (-2)) ⊗ 5`; a negative operand is bracketed too.

    >>> expression_text((1, (0, 3, -2), 5), ["⊕", "⊗"])
    '(3 ⊕ (-2)) ⊗ 5'
    """
    if isinstance(tree, int):
        return f"({tree})" if tree < 0 else str(tree)
    body = f"{expression_text(tree[1], symbols, False)} {symbols[tree[0]]} {expression_text(tree[2], symbols, False)}"
    return body if top else f"({body})"


def evaluate(tree, defs: list[dict], meter: fm.Meter) -> Fraction:
    """The expression's exact value, evaluating operands before the operator that takes them."""
    if isinstance(tree, int):
        return Fraction(tree)
    return fm.apply(defs[tree[0]], evaluate(tree[1], defs, meter), evaluate(tree[2], defs, meter), meter)


def definition_fields(symbol: str, d: dict) -> dict:
    """A definition as the question shows it: symbol, cond (None or the condition), then, else (None)."""
    return {
        "symbol": symbol,
        "cond": None if d["cond"] is None else fm.cond_text(d["cond"]),
        "then": fm.text(d["then"]),
        "else": None if d["else"] is None else fm.text(d["else"]),
    }


def notation(definitions: list[dict]) -> list[str]:
    """The notations the definitions use beyond + - *, for the templates' notes: divide, power, abs, maxmin, parity.

    >>> notation([{"symbol": "⊕", "cond": {"kind": "odd", "of": "a"}, "then": "|a - b|", "else": "b^2"}])
    ['power', 'abs', 'parity']
    """
    shown = " ".join(f"{d['then']} {d['else'] or ''} {(d['cond'] or {}).get('text', '')}" for d in definitions)
    marks = {"divide": "/" in shown, "power": "^" in shown, "abs": "|" in shown,
             "maxmin": "max(" in shown or "min(" in shown,
             "parity": any((d["cond"] or {}).get("kind") in ("even", "odd") for d in definitions)}  # fmt: skip
    return [name for name, used in marks.items() if used]


def value_text(v: Fraction) -> str:
    """`-12` or `7/3`."""
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


def _draw(params: Params, rng: np.random.Generator):
    """(definitions, tree, value), or None when no expression fits the drawn definitions."""
    vocab = fm.Vocab(params.fractions, params.extras)
    conditional = rng.random(params.operators) < params.condition_share
    operands = fm.operand_probes(params.max_operand, params.negatives)
    defs = [fm.definition(rng, params.formula_ops, bool(c), vocab, operands) for c in conditional]
    shown_in_defs = {n for d in defs for part in (d["cond"], d["then"], d["else"]) for n in fm.constants(part)}
    for _ in range(_EXPRESSION_DRAWS):
        shape = _shape(rng, params.applications, params.depth)
        wanted = [int(k) for k in rng.permutation(params.operators)]
        try:
            tree, value = _Filler(params, defs, rng).fill(shape, wanted)
        except fm.Reject:
            continue
        shown = {abs(n) for n in _operands(tree)} | shown_in_defs | {0, 1}
        if len(_used(tree)) == params.operators and abs(value) not in shown:
            return defs, tree, value
    return None


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw definitions, then expressions of the asked shape whose every value stays in bounds, until every
    operator is used and the value is none of the numbers the question shows (nor its negative, 0 or 1)."""
    for _ in range(_DEFINITION_DRAWS):
        drawn = _draw(params, rng)
        if drawn is not None:
            break
    else:
        raise RuntimeError(f"operation: no expression found for {params}; raise value_limit")
    defs, tree, value = drawn
    symbols = [str(s) for s in rng.choice(SYMBOLS, size=params.operators, replace=False)]
    meter = fm.Meter(params.value_limit)
    if evaluate(tree, defs, meter) != value:
        raise RuntimeError("operation: re-evaluation disagrees with the construction")
    definitions = [definition_fields(s, d) for s, d in zip(symbols, defs)]
    expression = expression_text(tree, symbols)
    payload = {"definitions": definitions, "expression": expression, "answer": value_text(value)}
    fields = {"definitions": definitions, "expression": expression, "notation": notation(definitions)}
    return Instance("", value_text(value), payload, float(meter.steps), fields)

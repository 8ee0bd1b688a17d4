"""Math path: replace every `?` in an arithmetic equation by a digit so that the equation holds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._math_path_solver import Equation, Tree
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the whole equation with every ? replaced by one digit, written like the puzzle, e.g. 13 + 42 × 2 = 97 "
    "(the digits for the ?s alone, in reading order and separated by commas, e.g. 1, 2, 7, are also accepted)"
)
SHOW = {"+": "+", "-": "-", "*": "×", "/": "÷"}
_BUDGET = 16_000  # search nodes per count; hardness saturates there (under half a second of search)
_TRIES = 60  # draws before the last-resort equation (a division that never comes out even, say)
_HIDES = 4  # hidings tried per drawn equation before it is redrawn
_MAX_RESULT = 10**9 - 1  # keeps the right-hand side to at most 9 digits
_REDRAWS = 12  # new draws of a lone number before - or ÷ that leaves no fitting second operand


@dataclass(frozen=True)
class Params(Knobs):
    operands: int = knob(2, 2, 6, help="numbers on the left-hand side")
    min_digits: int = knob(1, 1, 4, help="fewest digits in a number of the left-hand side")
    max_digits: int = knob(1, 1, 4, help="most digits in a number of the left-hand side")
    ops: str = knob("+", choices=("+", "+-", "+*", "+-*", "+-*/"), help="operators drawn (* is ×, / is ÷)")
    parens: int = knob(0, 0, 2, help="bracketed groups that change the order of operations (when one fits)")
    hidden: float = knob(
        0.3, 0.05, 0.8, help="share of the digits on each side hidden behind ?; one at least on the left"
    )

    def check(self) -> None:
        if self.min_digits > self.max_digits:
            raise ValueError(f"knob min_digits={self.min_digits} exceeds max_digits={self.max_digits}")


# Search sizes vary several-fold between items of one setting (many fillings end a count early), so
# neighbouring levels are spaced about 2x apart in median search nodes; level 10 often meets the budget.
LEVELS = {
    1: Params(operands=2, min_digits=1, max_digits=1, ops="+", hidden=0.3),
    2: Params(operands=3, min_digits=1, max_digits=2, ops="+-", hidden=0.35),
    3: Params(operands=3, min_digits=2, max_digits=2, ops="+-", hidden=0.4),
    4: Params(operands=3, min_digits=2, max_digits=2, ops="+-*", parens=1, hidden=0.5),
    5: Params(operands=3, min_digits=2, max_digits=3, ops="+-*", parens=1, hidden=0.45),
    6: Params(operands=4, min_digits=2, max_digits=3, ops="+-*/", parens=1, hidden=0.45),
    7: Params(operands=5, min_digits=2, max_digits=3, ops="+-*/", parens=1, hidden=0.45),
    8: Params(operands=6, min_digits=2, max_digits=3, ops="+-*/", parens=2, hidden=0.3),
    9: Params(operands=6, min_digits=2, max_digits=3, ops="+-*/", parens=2, hidden=0.4),
    10: Params(operands=6, min_digits=3, max_digits=3, ops="+-*/", parens=2, hidden=0.4),
}


def _pick(rng: np.random.Generator, lo: int, hi: int) -> int:
    """A uniform integer in [lo, hi]."""
    return int(rng.integers(lo, hi + 1))


def _fits(span: tuple[int, int], ops: list[str]) -> bool:
    """Whether brackets around operands span[0]..span[1] change the value (else they are noise)."""
    i, j = span
    inner, before = ops[i:j], ops[i - 1] if i > 0 else ""
    after = ops[j] if j < len(ops) else ""
    low = any(o in "+-" for o in inner)
    return before == "/" or (before == "-" and low) or (low and (before in ("*", "/") or after in ("*", "/")))


def _spans(ops: list[str], groups: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """Up to `groups` disjoint bracketed runs of operands that matter, each found in a few tries."""
    n, spans = len(ops) + 1, []
    for _ in range(groups if n > 2 else 0):
        for _ in range(8):
            i = _pick(rng, 0, n - 2)
            j = _pick(rng, i + 1, n - 1)
            clash = any(not (j < a or i > b) for a, b in spans)
            if (i, j) != (0, n - 1) and not clash and _fits((i, j), ops):
                spans.append((i, j))
                break
    return sorted(spans)


def _tree(ops: list[str], spans: list[tuple[int, int]], lo: int, hi: int) -> Tree:
    """The tree of operands lo..hi: brackets first, then × and ÷, then + and -, each left to right."""
    atoms, between, k = [], [], lo
    while k <= hi:
        span = next((s for s in spans if s[0] == k and s != (lo, hi)), None)
        atoms.append(_tree(ops, spans, *span) if span else k)
        k = span[1] + 1 if span else k + 1
        if k <= hi:
            between.append(ops[k - 1])
    terms, signs = [atoms[0]], []
    for op, atom in zip(between, atoms[1:]):
        if op in "*/":
            terms[-1] = (op, terms[-1], atom)
        else:
            terms.append(atom)
            signs.append(op)
    tree = terms[0]
    for op, term in zip(signs, terms[1:]):
        tree = (op, tree, term)
    return tree


def _number(digits: int, rng: np.random.Generator, top: int | None = None) -> int | None:
    """A number of `digits` digits (1..9 for one digit) and at most `top`; None if there is none."""
    lo, hi = (1, 9) if digits == 1 else (10 ** (digits - 1), 10**digits - 1)
    hi = hi if top is None else min(hi, top)
    return _pick(rng, lo, hi) if lo <= hi else None


def _divisor(digits: int, rng: np.random.Generator, of: int) -> int | None:
    """A divisor of `of` with `digits` digits, other than 1 and `of` itself (x ÷ x and x ÷ 1 are giveaways)."""
    lo, hi = (2, 9) if digits == 1 else (10 ** (digits - 1), 10**digits - 1)
    options = [v for v in range(lo, min(hi, of - 1) + 1) if of % v == 0]
    return options[_pick(rng, 0, len(options) - 1)] if options else None


def _values(tree: Tree, digits: list[int], nums: list[int], rng: np.random.Generator) -> int | None:
    """Draw the operands of `tree` into `nums` so that every step is a whole number > 0; its value or None."""
    if type(tree) is int:
        nums[tree] = _number(digits[tree], rng)
        return nums[tree]
    op, left, right = tree
    a = _values(left, digits, nums, rng)
    if a is None:
        return None
    if type(right) is int and op in "-/":  # choose the operand that makes the step come out right
        b = _number(digits[right], rng, top=a - 1) if op == "-" else _divisor(digits[right], rng, a)
        for _ in range(_REDRAWS if b is None and type(left) is int else 0):
            a = nums[left] = _number(digits[left], rng)  # a lone number before the sign: draw it again
            b = _number(digits[right], rng, top=a - 1) if op == "-" else _divisor(digits[right], rng, a)
            if b is not None:
                break
        if b is None:
            return None
        nums[right] = b
    else:
        b = _values(right, digits, nums, rng)
        if b is None:
            return None
    if op == "-":
        return a - b if a > b else None  # no step comes to 0 or below (x × 0 would give digits away)
    if op == "/":
        return a // b if b and a % b == 0 else None
    return a + b if op == "+" else a * b


def render(nums: list[str], ops: list[str], spans: list[tuple[int, int]], result: str) -> str:
    """`(?3 + 4?) × 2 = 1?5` from number strings, operators (+ - * /) and bracketed runs."""
    parts = []
    for k, num in enumerate(nums):
        parts.append("(" * sum(a == k for a, _ in spans) + num + ")" * sum(b == k for _, b in spans))
        if k < len(ops):
            parts.append(SHOW[ops[k]])
    return " ".join(parts) + " = " + result


def _hide(strings: list[str], share: float, rng: np.random.Generator) -> list[str]:
    """The numbers with a `share` of their digits replaced by `?`, taken apart on each side so that the
    left side always hides at least one (a puzzle with only the result hidden is a plain sum)."""
    chosen = set()
    for side, least in ((range(len(strings) - 1), 1), (range(len(strings) - 1, len(strings)), 0)):
        cells = [(i, k) for i in side for k in range(len(strings[i]))]
        count = max(least, min(len(cells), int(share * len(cells) + 0.5)))
        chosen |= {cells[c] for c in rng.choice(len(cells), size=count, replace=False).tolist()}
    return ["".join("?" if (i, k) in chosen else c for k, c in enumerate(s)) for i, s in enumerate(strings)]


def _draw(params: Params, rng: np.random.Generator):
    """One true equation with its digits partly hidden: (ops, spans, numbers, patterns, tree) or None."""
    n = params.operands
    ops = [params.ops[_pick(rng, 0, len(params.ops) - 1)] for _ in range(n - 1)]
    spans = _spans(ops, params.parens, rng)
    tree = _tree(ops, spans, 0, n - 1)
    digits = [_pick(rng, params.min_digits, params.max_digits) for _ in range(n)]
    nums = [0] * n
    result = _values(tree, digits, nums, rng)
    if result is None or result > _MAX_RESULT:
        return None
    strings = [str(v) for v in [*nums, result]]
    for _ in range(_HIDES):
        patterns = _hide(strings, params.hidden, rng)
        eq = Equation(tree, patterns)
        # all zeros and all nines must never be a valid filling: they would answer without solving
        if not eq.holds([0] * len(eq.slots)) and not eq.holds([9] * len(eq.slots)):
            return ops, spans, strings, patterns, eq
    return None


def _last_resort(rng: np.random.Generator):
    """`? + b = c` with the hidden digit in 1..8: always one filling, and never all zeros or nines."""
    a, b = _pick(rng, 1, 8), _pick(rng, 1, 9)
    strings = [str(a), str(b), str(a + b)]
    patterns = ["?", strings[1], strings[2]]
    return ["+"], [], strings, patterns, Equation(("+", 0, 1), patterns)


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw a true equation (whole-number steps), hide digits, and count fillings up to 2 for the hardness."""
    drawn = None
    for _ in range(_TRIES):
        drawn = _draw(params, rng)
        if drawn is not None:
            break
    ops, spans, strings, patterns, eq = drawn if drawn is not None else _last_resort(rng)
    _, nodes = eq.count(limit=2, budget=_BUDGET)
    equation = render(patterns[:-1], ops, spans, patterns[-1])
    answer = render(strings[:-1], ops, spans, strings[-1])
    return Instance("", answer, {"equation": equation}, float(nodes), {"equation": equation})

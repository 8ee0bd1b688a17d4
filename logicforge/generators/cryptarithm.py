"""Cryptarithm: find the digit each letter stands for so that a word equation (+, -, *) holds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._cryptarithm_solver import Cryptarithm
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the equation with every letter replaced by its digit, e.g. 9567 + 1085 = 10652 "
    "(a full letter mapping such as S=9, E=5, N=6, ... is also accepted)"
)
# X would read as a multiplication sign, O and I as digits.
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWYZ"
_TRIES = 32  # draws before the last one, which may reveal as many letters as it takes
_RELAX = 8  # every this many failed draws, one more hint is allowed (bounds the retry tail)


@dataclass(frozen=True)
class Params(Knobs):
    op: str = knob("+", choices=("+", "-", "*"), help="the operation: addition, subtraction or multiplication")
    terms: int = knob(2, 2, 6, help="number of words added (addition only; - and * take two words)")
    min_digits: int = knob(3, 1, 8, help="fewest letters in an operand word")
    max_digits: int = knob(4, 1, 8, help="most letters in an operand word")
    factor_digits: int = knob(1, 1, 4, help="letters in the multiplier word (multiplication only)")
    max_hints: int = knob(
        0, 0, 6, help="letters that may be revealed to make the solution unique (one more per 8 failed draws)"
    )

    def check(self) -> None:
        if self.min_digits > self.max_digits:
            raise ValueError(f"knob min_digits={self.min_digits} exceeds max_digits={self.max_digits}")
        if self.op != "+" and self.terms != 2:
            raise ValueError(f"knob terms={self.terms} must be 2 when op={self.op!r}")
        if self.op == "*" and self.max_digits + self.factor_digits > 9:
            raise ValueError("knobs max_digits + factor_digits must be at most 9 for op='*'")


# Search-tree sizes vary 3-5x between items of one setting, so neighbouring levels are spaced
# about 2.5x apart in median search nodes (see tests/test_cryptarithm.py).
LEVELS = {
    1: Params(op="+", terms=2, min_digits=1, max_digits=2, max_hints=3),
    2: Params(op="+", terms=2, min_digits=2, max_digits=2, max_hints=3),
    3: Params(op="+", terms=2, min_digits=3, max_digits=3, max_hints=3),
    4: Params(op="+", terms=3, min_digits=3, max_digits=3, max_hints=2),
    5: Params(op="-", terms=2, min_digits=4, max_digits=4, max_hints=1),
    6: Params(op="*", terms=2, min_digits=4, max_digits=4, factor_digits=1, max_hints=0),
    7: Params(op="*", terms=2, min_digits=2, max_digits=3, factor_digits=2, max_hints=0),
    8: Params(op="*", terms=2, min_digits=6, max_digits=7, factor_digits=2, max_hints=0),
    9: Params(op="*", terms=2, min_digits=3, max_digits=3, factor_digits=3, max_hints=0),
    10: Params(op="*", terms=2, min_digits=4, max_digits=4, factor_digits=4, max_hints=0),
}


class _Dice:
    """Uniform draws from `rng`, fetched 32 at a time: one numpy call per batch rather than one
    per number (each numpy scalar call costs about a microsecond, several per draw)."""

    def __init__(self, rng: np.random.Generator):
        self.rng, self.buf = rng, []

    def below(self, n: int) -> int:
        """An integer in [0, n)."""
        if not self.buf:
            self.buf = self.rng.random(32).tolist()[::-1]
        return int(self.buf.pop() * n)

    def number(self, digits: int) -> int:
        """A number with exactly `digits` digits."""
        return 10 ** (digits - 1) + self.below(9 * 10 ** (digits - 1))


def _draw(params: Params, dice: _Dice) -> tuple[list[int], int]:
    """Operand values and the result, with no leading zeros."""
    lo, span = params.min_digits, params.max_digits - params.min_digits + 1
    if params.op == "+":
        nums = [dice.number(lo + dice.below(span)) for _ in range(params.terms)]
        return nums, sum(nums)
    if params.op == "-":
        top = dice.number(lo + dice.below(span))
        sub = dice.number(lo + dice.below(len(str(top)) - lo + 1))
        top, sub = max(top, sub), min(top, sub)
        if top == sub:
            top += 1  # the difference must be a positive number to be written as a word
        return [top, sub], top - sub
    left = dice.number(lo + dice.below(span))
    right = max(2, dice.number(params.factor_digits))  # x0 and x1 are degenerate
    return [left, right], left * right


def _encode(nums: list[int], result: int, dice: _Dice) -> tuple[list[str], str, dict[str, int]]:
    """Words for the numbers under a random digit -> letter map, and the letter -> digit truth."""
    digits = sorted({c for n in [*nums, result] for c in str(n)})
    pool = list(_LETTERS)
    letters = [pool.pop(dice.below(len(pool))) for _ in digits]  # a random sample, in draw order
    to_letter = dict(zip(digits, letters))
    words = ["".join(to_letter[c] for c in str(n)) for n in nums]
    return words, "".join(to_letter[c] for c in str(result)), {v: int(k) for k, v in to_letter.items()}


def _settle(puzzle: Cryptarithm, truth: dict[str, int], budget: int, dice: _Dice):
    """Hints (letters revealed) that leave `truth` the only solution, or None past `budget`.

    Letters that can swap digits need all but one revealed, so those come first (and a draw with
    too many is dropped unsearched). Then each round counts solutions up to 2; a second solution
    names the letters it differs on, and one of them is revealed. Returns (hints, search nodes
    of the final, exhaustive uniqueness proof).
    """
    hints: dict[str, int] = {}
    for group in puzzle.interchangeable(truth):
        for _ in range(len(group) - 1):
            pick = group.pop(dice.below(len(group)))
            hints[pick] = truth[pick]
    if len(hints) > budget:
        return None
    while True:
        sols, nodes = puzzle.count(hints, limit=2)
        other = next((s for s in sols if s != truth), None)
        if other is None:
            return hints, nodes
        if len(hints) >= budget:
            return None
        differ = sorted(c for c in truth if other[c] != truth[c])
        pick = differ[dice.below(len(differ))]
        hints[pick] = truth[pick]


def _equation(words: list[str], op: str, result: str) -> str:
    return f" {op} ".join(words) + f" = {result}"


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw numbers, encode them as words, and prove uniqueness (revealing hint letters if needed)."""
    multiply, dice = params.op == "*", _Dice(rng)
    for attempt in range(_TRIES + 1):
        nums, value = _draw(params, dice)
        words, result, truth = _encode(nums, value, dice)
        signs = [1, -1] if params.op == "-" else [1] * len(words)
        budget = params.max_hints + attempt // _RELAX if attempt < _TRIES else len(truth)
        settled = _settle(Cryptarithm(words, signs, result, multiply), truth, budget, dice)
        if settled is not None:
            break
    hints, nodes = settled
    given = [[c, d] for c, d in sorted(hints.items())]
    answer = _equation([str(n) for n in nums], params.op, str(value))
    payload = {"terms": words, "op": params.op, "result": result, "given": given}
    # The question shows the word equation and the revealed letters (tasks/templates/cryptarithm/).
    fields = {"terms": words, "op": params.op, "result": result, "given": given}
    return Instance("", answer, payload, float(nodes), fields)

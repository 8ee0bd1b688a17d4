"""Mathador: combine k given numbers with + - * / and parentheses to reach a target exactly."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._mathador_solver import BudgetExceeded, Solver, evaluate, leaves, random_tree, render
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "one arithmetic expression using only the given numbers, the operations the puzzle allows (written "
    "+ - * /) and parentheses, e.g. (7 - 3) + 6; an optional trailing '= target' is allowed"
)
_DRAWS = 400  # number draws before giving up (never reached at the built-in levels)
_TARGETS_PER_DRAW = 16  # targets tried per draw of numbers
_UNIFORM_TRIES = 2  # uniform targets first; later tries take the value of a random expression
# Solver work per item across all tries: the 1 s cap (a unit costs ~0.5 us with ints, ~4 us with Fractions).
_TOTAL_WORK = {False: 600_000, True: 80_000}
_RATIONAL_UP_TO = 4  # up to this many numbers the proof search allows fractional intermediates


@dataclass(frozen=True)
class Params(Knobs):
    n_numbers: int = knob(4, 3, 7, help="how many numbers are given")
    num_lo: int = knob(1, 1, 1000, help="smallest given number")
    num_hi: int = knob(10, 1, 1000, help="largest given number")
    target_lo: int = knob(24, 1, 100_000, help="smallest target")
    target_hi: int = knob(24, 1, 100_000, help="largest target")
    use_all: bool = knob(True, help="every number must be used once (Game of 24) instead of any subset (Countdown)")
    operators: str = knob("+-*/", choices=("+-", "+*", "+-*", "+-*/"), help="allowed binary operators")
    # At most 4: for up to three numbers whole-number search is complete (a fractional step can
    # always be reordered away), so "no smaller subset works" is really proved.
    min_used: int = knob(2, 2, 4, help="Countdown style only: no solution uses fewer numbers than this")
    min_work: int = knob(0, 0, 100_000, help="drop targets the solver reaches with less work than this (no easy ones)")

    def check(self) -> None:
        if self.num_lo > self.num_hi:
            raise ValueError(f"knob num_lo={self.num_lo} must not exceed num_hi={self.num_hi}")
        if self.min_used > self.n_numbers:
            raise ValueError(f"knob min_used={self.min_used} must not exceed n_numbers={self.n_numbers}")
        if self.min_work >= self.target_budget:
            raise ValueError(
                f"knob min_work={self.min_work} must be below the search budget {self.target_budget} "
                f"for n_numbers={self.n_numbers}"
            )
        if self.target_lo > self.target_hi:
            raise ValueError(f"knob target_lo={self.target_lo} must not exceed target_hi={self.target_hi}")
        # Every operator choice without * is "+-", where the largest reachable value is the sum.
        biggest = max(self.n_numbers * self.num_hi, self.num_hi**self.n_numbers if "*" in self.operators else 0)
        if self.target_lo > biggest:
            raise ValueError(
                f"knob target_lo={self.target_lo} is unreachable with n_numbers={self.n_numbers}, "
                f"num_hi={self.num_hi}, operators={self.operators!r} (largest value {biggest})"
            )

    @property
    def target_budget(self) -> int:
        """Search work allowed per target before trying another (solutions are found early or rarely)."""
        return {3: 1_000, 4: 2_000, 5: 4_000, 6: 8_000, 7: 60_000}[self.n_numbers]


LEVELS = {
    1: Params(n_numbers=3, num_lo=1, num_hi=9, target_lo=5, target_hi=20, use_all=False, operators="+-"),
    2: Params(n_numbers=3, num_lo=1, num_hi=9, target_lo=10, target_hi=40, use_all=True, operators="+-*"),
    3: Params(n_numbers=4, num_lo=1, num_hi=10, target_lo=24, target_hi=24, min_work=40),  # Game of 24
    4: Params(n_numbers=5, num_lo=1, num_hi=50, target_lo=100, target_hi=500, min_work=120),
    5: Params(n_numbers=5, num_lo=1, num_hi=100, target_lo=100, target_hi=999, use_all=False, min_used=4, min_work=500),
    6: Params(n_numbers=6, num_lo=1, num_hi=50, target_lo=100, target_hi=500, use_all=False, min_used=3, min_work=1200),
    7: Params(n_numbers=6, num_lo=1, num_hi=100, target_lo=1000, target_hi=9999, use_all=False, min_used=4,
              min_work=4000),
    8: Params(n_numbers=7, num_lo=1, num_hi=100, target_lo=1000, target_hi=9999, min_work=9000),
    9: Params(n_numbers=7, num_lo=1, num_hi=200, target_lo=1000, target_hi=9999, min_work=18000),
    10: Params(n_numbers=7, num_lo=1, num_hi=100, target_lo=20000, target_hi=99999, min_work=36000),
}


def _search(params: Params, rng: np.random.Generator) -> tuple[list[int], int, tuple | int, int]:
    """Draw numbers and targets until the solver proves one solvable: (numbers, target, tree, work).

    Targets found with less than `min_work` are set aside; if the work cap runs out first, the
    hardest one set aside is used, so an item never fails just for being too easy.
    """
    spent, easiest_kept = 0, None
    rational = params.n_numbers <= _RATIONAL_UP_TO
    for _ in range(_DRAWS):
        numbers = [int(v) for v in rng.integers(params.num_lo, params.num_hi + 1, size=params.n_numbers)]
        solver = Solver(numbers, params.operators, rational=rational)
        for attempt in range(_TARGETS_PER_DRAW if params.target_lo < params.target_hi else 1):
            found = _attempt(params, numbers, solver, rng, rational, uniform=attempt < _UNIFORM_TRIES)
            spent += solver.work
            if found is None:
                continue
            if found[2] >= params.min_work:
                return (numbers, *found)
            if easiest_kept is None or found[2] > easiest_kept[3]:
                easiest_kept = (numbers, *found)
        if spent > _TOTAL_WORK[rational]:
            break
    if easiest_kept is not None:
        return easiest_kept
    raise ValueError(
        f"mathador: no provably solvable puzzle found for {params}; widen target_lo..target_hi or num_lo..num_hi"
    )


def _attempt(
    params: Params, numbers: list[int], solver: Solver, rng: np.random.Generator, rational: bool, uniform: bool
) -> tuple[int, tuple | int, int] | None:
    """One target for these numbers: (target, expression, solver work), or None if unusable."""
    solver.work = 0
    target, witness = _target(params, numbers, rng, rational, uniform)
    if target is None or (not params.use_all and target in numbers):
        return None  # no usable target, or one reachable with no operation at all
    try:
        tree = solver.first(target, params.use_all, params.target_budget)
    except BudgetExceeded:
        # The random expression proves the target reachable; in Countdown style it cannot
        # prove that no smaller subset works, so the target is dropped there.
        tree = witness if params.use_all or params.min_used <= 2 else None
    if tree is None or (not params.use_all and len(leaves(tree)) < params.min_used):
        return None  # unsolved, or reachable with fewer numbers than the level asks for
    return target, tree, solver.work


def _target(
    params: Params, numbers: list[int], rng: np.random.Generator, rational: bool, uniform: bool
) -> tuple[int | None, tuple | int | None]:
    """A uniform target in range, or the value of a random expression over the numbers (with it)."""
    if uniform or params.target_lo == params.target_hi:
        return int(rng.integers(params.target_lo, params.target_hi + 1)), None
    chosen = numbers
    if not params.use_all:
        size = int(rng.integers(params.min_used, len(numbers) + 1))
        chosen = [numbers[int(i)] for i in sorted(rng.choice(len(numbers), size=size, replace=False))]
    tree = random_tree(chosen, params.operators, rng, rational)
    value = evaluate(tree) if tree is not None else None
    if value is None or value != int(value) or not params.target_lo <= value <= params.target_hi:
        return None, None
    return int(value), tree


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw numbers and a target, prove solvability by exact search; the reference is the first solution.

    Hardness is the solver's work (values combined plus candidates checked) until its first solution.
    """
    numbers, target, tree, work = _search(params, rng)
    if evaluate(tree) != target or any(leaves(tree).count(n) > numbers.count(n) for n in leaves(tree)):
        raise RuntimeError(f"mathador solver returned a bad tree {tree!r} for {numbers} -> {target}")
    payload = {"numbers": numbers, "target": target, "use_all": params.use_all, "operators": params.operators}
    # The templates (tasks/templates/mathador/) derive the rules from these: negation and negative
    # steps come with "-", fractional steps with "/".
    fields = {"numbers": numbers, "target": target, "use_all": params.use_all, "operators": list(params.operators)}
    return Instance("", render(tree), payload, float(work), fields)

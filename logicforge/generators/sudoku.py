"""Sudoku: fill the grid so every row, column and box holds each digit once; the solution is unique."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators import _sudoku_solver as solver
from logicforge.generators._render import answer_grid, grid_text
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the completed grid, one row per line, digits separated by single spaces "
    "(e.g. the first row of a 4x4 grid: 1 2 3 4)"
)
# Most blanks allowed. 4x4 and 6x6: the fewest givens a unique puzzle can have (4 and 8). 9x9: the
# minimum is 17 givens, but greedy digging rarely gets below 21, so larger targets would only burn time.
MAX_BLANKS = {4: 12, 6: 28, 9: 60}
# Fresh grids tried before settling for the most blanks found. A random greedy dig of a 9x9 ends near
# 56-57 blanks and reaches 58 about one time in five, so 30 tries miss level 10's target <0.1% of the time.
ATTEMPTS = 30
DIG_BUDGET = 2_000  # guesses per uniqueness search during digging; past it the given is kept
HARDNESS_BUDGET = 5_000  # guesses for the hardness measurement (reached only by freak puzzles)


@dataclass(frozen=True)
class Params(Knobs):
    size: int = knob(4, choices=(4, 6, 9), help="grid side: 4 (2x2 boxes), 6 (2x3 boxes) or 9 (3x3 boxes)")
    blanks: int = knob(
        6, 1, 60,
        help="blank cells to fill (at most 12 / 28 / 60 for size 4 / 6 / 9); above ~58 for 9x9 or ~26 for "
        "6x6 it is a target: after a bounded number of grids the puzzle with the most blanks is kept",
    )

    def check(self) -> None:
        if self.blanks > MAX_BLANKS[self.size]:
            raise ValueError(
                f"knob blanks={self.blanks} is too many for size={self.size} (at most {MAX_BLANKS[self.size]})"
            )


LEVELS = {
    1: Params(size=4, blanks=4),
    2: Params(size=4, blanks=7),
    3: Params(size=4, blanks=10),
    4: Params(size=6, blanks=14),
    5: Params(size=6, blanks=20),
    6: Params(size=9, blanks=36),
    7: Params(size=9, blanks=44),
    8: Params(size=9, blanks=50),
    9: Params(size=9, blanks=54),
    10: Params(size=9, blanks=58),
}


def make_puzzle(params: Params, rng: np.random.Generator) -> tuple[list[int], list[int]]:
    """A (puzzle, solution) pair as flat row-major lists (0 = blank), the puzzle provably unique.

    Each attempt draws a fresh random grid and dig order. The first attempt that reaches the target
    wins; after ATTEMPTS tries the puzzle with the most blanks is kept, so the work is bounded and
    the result deterministic.
    """
    geo = solver.geometry(params.size)
    best: tuple[list[int], list[int]] | None = None
    for _ in range(ATTEMPTS):
        solution = solver.random_solution(geo, rng)
        order = rng.permutation(params.size * params.size).tolist()
        puzzle = solver.dig(geo, solution, params.blanks, order, DIG_BUDGET)
        if best is None or puzzle.count(0) > best[0].count(0):
            best = (puzzle, solution)
        if puzzle.count(0) >= params.blanks:
            break
    return best


def hardness(size: int, puzzle: list[int]) -> float:
    """Solver work: cells fixed (forced or guessed) by a naked-singles MRV search proving uniqueness.

    >>> hardness(4, [1, 2, 3, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 0])
    1.0
    """
    work = solver.Counter(HARDNESS_BUDGET)
    solver.count_solutions(solver.geometry(size), puzzle, limit=2, hidden=False, work=work)
    return float(work.steps)


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A random grid with givens removed one by one while a solver proves the solution stays unique."""
    n = params.size
    geo = solver.geometry(n)
    puzzle, solution = make_puzzle(params, rng)
    # Independent re-proof with the stronger (hidden singles) search: a bug in digging cannot ship.
    if solver.count_solutions(geo, puzzle, limit=2, hidden=True) != 1:
        raise RuntimeError("sudoku generator produced a puzzle without a unique solution")
    rows = [puzzle[r * n : (r + 1) * n] for r in range(n)]
    solved = [solution[r * n : (r + 1) * n] for r in range(n)]
    question = (
        f"Solve this {n}x{n} Sudoku. Fill every blank cell (shown as '.') with a digit from 1 to {n} so "
        f"that each row, each column and each of the {n} boxes of {geo.box_rows} rows by "
        f"{geo.box_cols} columns (outlined below) contains every digit from 1 to {n} exactly once. "
        f"The given digits must stay as they are. The puzzle has exactly one solution.\n\n"
        f"{_boxed_text(rows, geo.box_rows, geo.box_cols)}"
    )
    payload = {"size": n, "box_rows": geo.box_rows, "box_cols": geo.box_cols, "puzzle": rows, "solution": solved}
    return Instance(question, answer_grid(solved), payload, hardness(n, puzzle))


def _boxed_text(rows: list[list[int]], box_rows: int, box_cols: int) -> str:
    """The puzzle with '|' between box columns and a dashed line between box rows.

    >>> print(_boxed_text([[1, 0, 0, 0], [0, 0, 0, 2], [0, 3, 0, 0], [0, 0, 4, 0]], 2, 2))
    1 . | . .
    . . | . 2
    ----+----
    . 3 | . .
    . . | 4 .
    """
    boxes = len(rows[0]) // box_cols
    # Each box is 2*box_cols-1 characters wide, plus the space on each side of an inner '|'.
    rule = "+".join("-" * (2 * box_cols - 1 + (b > 0) + (b < boxes - 1)) for b in range(boxes))
    lines = []
    for r, row in enumerate(rows):
        if r and r % box_rows == 0:
            lines.append(rule)
        lines.append(" | ".join(grid_text([row[b : b + box_cols]]) for b in range(0, len(row), box_cols)))
    return "\n".join(lines)

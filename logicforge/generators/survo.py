"""Survo: fill the blank cells of a grid with a given multiset of numbers so that every row and column
reaches its sum."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._render import answer_grid
from logicforge.generators._survo_solver import count_solutions
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the completed grid without the sums (only the rows x cols inner cells), one row per line, numbers "
    "separated by spaces (e.g. a row of 3 cells: 4 7 2)"
)
# Search nodes the count may use (bounds the time per item; a 6x6 with 20 blanks takes a median of about
# 1,000). Past it the count stops and the hardness is the budget.
_NODE_BUDGET = 8_000
# Blank sets drawn at most until placing the numbers in sorted order (the trivial guess) breaks a sum.
_DRAWS = 30


@dataclass(frozen=True)
class Params(Knobs):
    rows: int = knob(3, 2, 8, help="rows of the inner grid (the sums row comes on top of them)")
    cols: int = knob(3, 2, 8, help="columns of the inner grid (the sums column comes on top of them)")
    blanks: int = knob(3, 2, 40, help="blank cells to fill with the given numbers")
    max_value: int = knob(9, 2, 99, help="the inner cells hold numbers from 1 to max_value")

    def check(self) -> None:
        if self.blanks > self.rows * self.cols:
            raise ValueError(f"blanks={self.blanks} exceeds the rows x cols = {self.rows * self.cols} cells")


LEVELS = {
    1: Params(rows=3, cols=3, blanks=3, max_value=9),
    2: Params(rows=3, cols=3, blanks=4, max_value=9),
    3: Params(rows=3, cols=4, blanks=5, max_value=9),
    4: Params(rows=4, cols=4, blanks=6, max_value=12),
    5: Params(rows=4, cols=4, blanks=8, max_value=15),
    6: Params(rows=4, cols=5, blanks=10, max_value=20),
    7: Params(rows=5, cols=5, blanks=12, max_value=20),
    8: Params(rows=5, cols=5, blanks=15, max_value=30),
    9: Params(rows=5, cols=6, blanks=17, max_value=30),
    10: Params(rows=6, cols=6, blanks=20, max_value=40),
}


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A random grid, then blank cells drawn until the sorted numbers read into the blanks in order (either
    way) miss a sum; any filling that keeps the sums and uses exactly the numbers is accepted.

    Hardness is the search nodes of a counting solver (up to two solutions) that fills the blank with
    the fewest blanks left in its row or column first and prunes lines that can no longer reach their sums.
    """
    n, m = params.rows, params.cols
    solution = rng.integers(1, params.max_value + 1, size=(n, m)).tolist()
    row_sums = [sum(row) for row in solution]
    col_sums = [sum(col) for col in zip(*solution)]
    for _ in range(_DRAWS):
        blanks = sorted(rng.choice(n * m, size=params.blanks, replace=False).tolist())
        numbers = sorted(solution[b // m][b % m] for b in blanks)
        if not any(_meets(solution, blanks, order, row_sums, col_sums) for order in (numbers, numbers[::-1])):
            break
    blank = set(blanks)
    grid = [[0 if r * m + c in blank else solution[r][c] for c in range(m)] for r in range(n)]
    count = count_solutions(grid, row_sums, col_sums, numbers, limit=2, budget=_NODE_BUDGET)
    payload = {"rows": n, "cols": m, "grid": grid, "row_sums": row_sums, "col_sums": col_sums, "numbers": numbers}
    fields = {**payload, "total": sum(row_sums), "board": _board(grid, row_sums, col_sums)}
    return Instance("", answer_grid(solution), payload, float(count.nodes), fields)


def _meets(solution: list[list[int]], blanks: list[int], order: list[int], rows: list[int], cols: list[int]) -> bool:
    """Whether `order` written into the blanks in reading order keeps every sum."""
    m = len(solution[0])
    grid = [row[:] for row in solution]
    for b, v in zip(blanks, order):
        grid[b // m][b % m] = v
    return [sum(r) for r in grid] == rows and [sum(c) for c in zip(*grid)] == cols


def _board(grid: list[list[int]], row_sums: list[int], col_sums: list[int]) -> str:
    """The matrix as shown: blanks as ?, each row's sum after a bar, the column sums and the total under a
    rule."""
    width = len(str(sum(row_sums))) + 1
    cells = [[f"{v if v else '?':>{width}}" for v in row] for row in grid]
    lines = ["".join(row) + f" |{s:>{width}}" for row, s in zip(cells, row_sums)]
    lines.append("-" * (width * len(col_sums)) + "-+" + "-" * width)
    lines.append("".join(f"{s:>{width}}" for s in col_sums) + f" |{sum(row_sums):>{width}}")
    return "\n".join(lines)

"""Kukurasu: mark cells of a grid so that each row's marked column numbers and each column's marked row
numbers add up to the clues."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._kukurasu_solver import count_solutions
from logicforge.generators._render import answer_grid
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the grid, one row per line, 1 for a marked cell and X for an empty one, separated by spaces "
    "(e.g. a row of 4 cells: 1 X X 1); 0 is also read as an empty cell"
)
# Search nodes one count may use, and all the draws of one item together (bounds the time per item: at
# level 10 one count takes a median of about 70 nodes and an item about 600 over its draws). A count cut
# short counts as not unique; the hardness of a kept draw cut short is the work done so far.
_NODE_BUDGET = 3_000
_TOTAL_NODES = 4_000


@dataclass(frozen=True)
class Params(Knobs):
    rows: int = knob(4, 2, 10, help="grid rows")
    cols: int = knob(4, 2, 10, help="grid columns")
    density: float = knob(0.4, 0.1, 0.9, help="share of the cells that are marked in the hidden solution")
    tries: int = knob(
        20,
        1,
        50,
        help="markings drawn at most; the first whose clues have exactly one solution is kept, else the "
        "last (any marking that meets the clues is accepted either way)",
    )


LEVELS = {
    1: Params(rows=3, cols=3, density=0.4),
    2: Params(rows=4, cols=4, density=0.35),
    3: Params(rows=4, cols=5, density=0.4),
    4: Params(rows=5, cols=5, density=0.4),
    5: Params(rows=6, cols=6, density=0.4),
    6: Params(rows=6, cols=7, density=0.45),
    7: Params(rows=7, cols=7, density=0.45),
    8: Params(rows=8, cols=8, density=0.45),
    9: Params(rows=8, cols=9, density=0.5),
    10: Params(rows=9, cols=9, density=0.5),
}


def clues(grid: list[list[int]]) -> tuple[list[int], list[int]]:
    """Row clues (sums of the 1-based columns of each row's marks) and column clues (sums of the rows).

    >>> clues([[1, 0], [1, 1]])
    ([1, 3], [3, 2])
    """
    rows = [sum(c + 1 for c, v in enumerate(row) if v) for row in grid]
    cols = [sum(r + 1 for r, v in enumerate(col) if v) for col in zip(*grid)]
    return rows, cols


def _draw(params: Params, rng: np.random.Generator) -> list[list[int]]:
    """A random marking of round(density * cells) cells, never none and never all (so neither the empty
    grid nor the full grid meets the clues)."""
    n, m = params.rows, params.cols
    k = min(max(1, round(params.density * n * m)), n * m - 1)
    marked = set(rng.permutation(n * m)[:k].tolist())
    return [[int(r * m + c in marked) for c in range(m)] for r in range(n)]


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw markings until one's clues have a single solution (at most `tries`), by a line-pattern solver.

    Hardness is that solver's deduction work on the kept clues: line revisions (a row's or column's
    patterns filtered against the known cells), summed over every node of the count up to two solutions.
    """
    spent = 0
    for _ in range(params.tries):
        grid = _draw(params, rng)
        row_clues, col_clues = clues(grid)
        count = count_solutions(row_clues, col_clues, limit=2, budget=min(_NODE_BUDGET, _TOTAL_NODES - spent))
        spent += count.nodes
        if count.complete and len(count.solutions) == 1 or spent >= _TOTAL_NODES:
            break
    payload = {"rows": params.rows, "cols": params.cols, "row_clues": row_clues, "col_clues": col_clues}
    fields = {**payload, "board": _board(row_clues, col_clues)}
    answer = answer_grid([["1" if v else "X" for v in row] for row in grid])
    return Instance("", answer, payload, float(count.revisions), fields)


def _board(row_clues: list[int], col_clues: list[int]) -> str:
    """The empty grid: column numbers on top, row numbers on the left, each row's clue after a bar on the
    right, the column clues under a rule at the bottom."""
    m = len(col_clues)
    lines = ["    " + "".join(f"{c + 1:>4}" for c in range(m))]
    lines += [f"{r + 1:>3} " + "   ." * m + f"  | {clue}" for r, clue in enumerate(row_clues)]
    lines.append("    " + "-" * (4 * m + 2))
    lines.append("    " + "".join(f"{clue:>4}" for clue in col_clues))
    return "\n".join(lines)

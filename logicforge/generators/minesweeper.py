"""Minesweeper: list every hidden cell that must be a mine given the revealed numbers (and total)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._minesweeper_solver import BudgetExceeded, Position, Result, solve
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "every cell that must be a mine as a 0-based (row, col) pair, separated by commas, in any order, "
    "e.g. (0, 2), (3, 1)"
)
# Search nodes one draw may use, and all draws of one item together (bounds the time per item).
_NODE_LIMIT = 6_000
_TOTAL_NODES = 15_000


@dataclass(frozen=True)
class Params(Knobs):
    rows: int = knob(5, 3, 16, help="grid rows")
    cols: int = knob(5, 3, 16, help="grid columns")
    mine_density: float = knob(0.2, 0.05, 0.6, help="share of cells that hold a mine")
    reveal_frac: float = knob(0.6, 0.1, 1.0, help="share of the safe cells that are revealed")
    show_total: bool = knob(False, help="tell the total number of mines (it can force more cells)")


LEVELS = {
    1: Params(rows=4, cols=4, mine_density=0.2, reveal_frac=0.75),
    2: Params(rows=5, cols=5, mine_density=0.2, reveal_frac=0.7),
    3: Params(rows=5, cols=6, mine_density=0.25, reveal_frac=0.65, show_total=True),
    4: Params(rows=6, cols=6, mine_density=0.25, reveal_frac=0.6),
    5: Params(rows=7, cols=7, mine_density=0.25, reveal_frac=0.55, show_total=True),
    6: Params(rows=8, cols=8, mine_density=0.28, reveal_frac=0.55),
    7: Params(rows=9, cols=9, mine_density=0.3, reveal_frac=0.5, show_total=True),
    8: Params(rows=10, cols=10, mine_density=0.3, reveal_frac=0.5, show_total=True),
    9: Params(rows=12, cols=12, mine_density=0.3, reveal_frac=0.5, show_total=True),
    10: Params(rows=14, cols=14, mine_density=0.32, reveal_frac=0.5, show_total=True),
}


def _draw(params: Params, rng: np.random.Generator) -> tuple[set[int], Position]:
    """Random mines, then a random share of the safe cells revealed with their counts."""
    size = params.rows * params.cols
    n_mines = min(max(1, round(params.mine_density * size)), size - 1)
    order = rng.permutation(size).tolist()
    mines = set(order[:n_mines])
    safe = order[n_mines:]
    shown = safe[: max(1, round(params.reveal_frac * len(safe)))]
    pos = Position(params.rows, params.cols, {}, n_mines if params.show_total else None)
    pos.numbers = {cell: sum(n in mines for n in pos.neighbours(cell)) for cell in shown}
    return mines, pos


def _reveal_all(mines: set[int], pos: Position) -> Position:
    """Every safe cell revealed: each mine next to a number is then forced (the fallback)."""
    cells = [x for x in range(pos.rows * pos.cols) if x not in mines]
    return Position(pos.rows, pos.cols, {x: sum(n in mines for n in pos.neighbours(x)) for x in cells}, pos.total)


def _position(params: Params, rng: np.random.Generator) -> tuple[set[int], Position, Result]:
    """A position with a non-empty forced set, found within a bounded number of search nodes.

    Draws whose deduction needs more than _NODE_LIMIT nodes are redrawn (about 1 in 20 at level
    10). Once _TOTAL_NODES are spent, the fallback reveals every safe cell of the last draw,
    whose deduction needs no search at all, so every item comes in bounded time.
    """
    spent = 0
    while spent < _TOTAL_NODES:
        mines, pos = _draw(params, rng)
        try:
            result = solve(pos, mines, min(_NODE_LIMIT, _TOTAL_NODES - spent))
        except BudgetExceeded:
            spent += _NODE_LIMIT
            continue
        spent += max(result.nodes, _NODE_LIMIT // 20)  # an empty forced set also costs a draw
        if result.forced:
            return mines, pos, result
    pos = _reveal_all(mines, pos)
    return mines, pos, solve(pos, mines, 100 * _NODE_LIMIT)


def _grid_rows(pos: Position) -> list[str]:
    """One string per row: the digit of a revealed cell, '?' for a hidden one."""
    return [
        "".join(str(pos.numbers[r * pos.cols + c]) if r * pos.cols + c in pos.numbers else "?" for c in range(pos.cols))
        for r in range(pos.rows)
    ]


def _board(rows: list[str]) -> str:
    """The grid with row and column numbers, cells aligned."""
    w = len(str(max(len(rows), len(rows[0])) - 1))
    head = " " * (w + 1) + " ".join(str(c).rjust(w) for c in range(len(rows[0])))
    body = [str(r).rjust(w) + " " + " ".join(ch.rjust(w) for ch in row) for r, row in enumerate(rows)]
    return "\n".join([head, *body])


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw mines and revealed cells, then compute the exact forced set with the solver."""
    mines, pos, result = _position(params, rng)
    rows = _grid_rows(pos)
    forced = [list(divmod(x, pos.cols)) for x in result.forced]
    size = pos.rows * pos.cols
    witnesses = ["".join("1" if x in w else "0" for x in range(size)) for w in map(set, result.witnesses)]
    payload = {
        "rows": pos.rows,
        "cols": pos.cols,
        "grid": rows,
        "total": pos.total,
        "forced": forced,
        "witnesses": witnesses,
    }
    answer = ", ".join(f"({r}, {c})" for r, c in forced)
    # The labelled drawing is language-neutral (digits, '?', 0-based headings); templates may also lay out `grid`.
    fields = {"rows": pos.rows, "cols": pos.cols, "total": pos.total, "board": _board(rows), "grid": rows}
    return Instance("", answer, payload, float(result.nodes), fields)

"""Sudoku: fill the grid so every row, column and box holds each digit once; the solution is unique."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from logicforge.generators._fd import Board, Search, count_solutions, make_board
from logicforge.generators._fd_make import drawn_order, random_fill
from logicforge.generators._render import answer_grid, grid_text
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the completed grid, one row per line, digits separated by single spaces "
    "(e.g. the first row of a 4x4 grid: 1 2 3 4)"
)
BOX_SHAPES = {4: (2, 2), 6: (2, 3), 9: (3, 3)}  # size -> (box rows, box cols)
# Most blanks allowed. 4x4 and 6x6: the fewest givens a unique puzzle can have (4 and 8). 9x9: the
# minimum is 17 givens, but greedy digging rarely gets below 21, so larger targets would only burn time.
MAX_BLANKS = {4: 12, 6: 28, 9: 60}
# Fresh grids tried before settling for the most blanks found. A random greedy dig of a 9x9 ends near
# 56-57 blanks and reaches 58 about one time in five, so 30 tries miss level 10's target <0.1% of the time.
ATTEMPTS = 30
DIG_BUDGET = 2_000  # search nodes per uniqueness search during digging; past them the given is kept


@dataclass(frozen=True)
class Params(Knobs):
    size: int = knob(4, choices=(4, 6, 9), help="grid side: 4 (2x2 boxes), 6 (2x3 boxes) or 9 (3x3 boxes)")
    blanks: int = knob(
        6, 1, 60,
        help="blank cells to fill (at most 12 / 28 / 60 for size 4 / 6 / 9); above ~58 for 9x9 or ~26 for "
        "6x6 it is a target: after a bounded number of grids the puzzle with the most blanks is kept",
    )
    unique: bool = knob(
        True, help="prove the solution unique; false: random blanks, no proof, any grid obeying the rules "
        "is accepted (the payload then has no solution and says unique: false)",
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


@cache
def board(n: int) -> Board:
    """The n x n Sudoku: rows, then columns, then boxes (BOX_SHAPES), as all-different groups.

    >>> b = board(4)
    >>> len(b.groups), b.groups_of[5], b.groups[8]
    (12, (1, 5, 8), (0, 1, 4, 5))
    """
    br, bc = BOX_SHAPES[n]
    rows = [[r * n + c for c in range(n)] for r in range(n)]
    cols = [[r * n + c for r in range(n)] for c in range(n)]
    boxes = [[(r0 + i) * n + c0 + j for i in range(br) for j in range(bc)]
             for r0 in range(0, n, br) for c0 in range(0, n, bc)]
    return make_board(n, rows + cols + boxes)


def random_solution(n: int, rng: np.random.Generator, diagonal: bool = False) -> list[int]:
    """A random complete grid (flat): a naked-singles MRV search trying the digits of each cell in an
    order drawn per cell, from a random first row or, with `diagonal` on a 9x9, from three random
    boxes down the diagonal (any three complete to a grid, unlike 2x2 boxes: half the search).

    >>> grid = random_solution(9, np.random.default_rng(0), diagonal=True)
    >>> all(sorted(grid[g] for g in group) == list(range(1, 10)) for group in board(9).groups)
    True
    """
    b = board(n)
    order = drawn_order(b, rng)
    if diagonal and n == 9:
        boxes = [b.groups[18], b.groups[22], b.groups[26]]
        digits = rng.permuted(np.tile(np.arange(1, 10), (3, 1)), axis=1).tolist()
        givens = {c: d for box, row in zip(boxes, digits) for c, d in zip(box, row)}
    else:
        givens = {c: int(d) + 1 for c, d in enumerate(rng.permutation(n))}  # removes digit-label bias
    return random_fill(b, rng, givens, order, hidden=False)


def dig(n: int, solution: list[int], target: int, order: list[int]) -> list[int]:
    """Blank the cells of `order` one at a time while the solution stays unique, up to `target` blanks.

    Removing a given from a puzzle whose unique solution is `solution` keeps it unique exactly when
    no completion puts another digit in that cell, so each step is one restricted search, not a
    count; most early steps are settled in O(1) because the cell is a naked or hidden single.
    A search past DIG_BUDGET nodes keeps the given (safe: uniqueness is never assumed).
    """
    b = board(n)
    grid = solution[:]
    used = [b.full[0]] * len(b.groups)  # per row, column and box: the digits among the givens (all, at first)
    blanks = 0
    for cell in order:
        if blanks >= target:
            break
        bit = 1 << grid[cell]
        for g in b.groups_of[cell]:
            used[g] ^= bit
        grid[cell] = 0
        if _forced(b, grid, used, cell, bit) or not _has_other(b, grid, used, cell, bit):
            blanks += 1
            continue
        grid[cell] = bit.bit_length() - 1
        for g in b.groups_of[cell]:
            used[g] |= bit
    return grid


def _allowed(b: Board, used: list[int], cell: int) -> int:
    r, k, x = b.groups_of[cell]  # its row, column and box
    return b.full[0] & ~(used[r] | used[k] | used[x])


def _forced(b: Board, grid: list[int], used: list[int], cell: int, bit: int) -> bool:
    """True if the givens alone force `bit` into `cell` (a naked or a hidden single)."""
    if _allowed(b, used, cell) == bit:
        return True
    return any(
        not any(e != cell and not grid[e] and _allowed(b, used, e) & bit for e in b.groups[g])
        for g in b.groups_of[cell]
    )


def _has_other(b: Board, grid: list[int], used: list[int], cell: int, bit: int) -> bool:
    """True if some completion of `grid` has another digit than `bit` in `cell` (or the search gave up)."""
    full = b.full[0]
    dom = [1 << v if v else full & ~(used[r] | used[k] | used[x]) for v, (r, k, x) in zip(grid, b.groups_of)]
    dom[cell] &= ~bit
    # Naked singles only: cheaper per node than hidden singles at every blank count we measured. The
    # givens are already cleared from the open cells, so propagation starts from those alone.
    search = Search(b, limit=1, node_limit=DIG_BUDGET + 1, hidden=False)
    return bool(search.run(dom, [c for c, v in enumerate(grid) if not v])) or search.exhausted


def make_puzzle(params: Params, rng: np.random.Generator) -> tuple[list[int], list[int]]:
    """A (puzzle, solution) pair as flat row-major lists (0 = blank), the puzzle provably unique.

    Each attempt draws a fresh random grid and dig order. The first attempt that reaches the target
    wins; after ATTEMPTS tries the puzzle with the most blanks is kept, so the work is bounded and
    the result deterministic.
    """
    best: tuple[list[int], list[int]] | None = None
    for _ in range(ATTEMPTS):
        solution = random_solution(params.size, rng)
        order = rng.permutation(params.size * params.size).tolist()
        puzzle = dig(params.size, solution, params.blanks, order)
        if best is None or puzzle.count(0) > best[0].count(0):
            best = (puzzle, solution)
        if puzzle.count(0) >= params.blanks:
            break
    return best


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A random grid with givens removed one by one while a solver proves the solution stays unique
    (or, with unique=False, random cells blanked without a proof).

    Hardness: candidates eliminated by a naked-singles MRV search counting the solutions (2 at most);
    without a proof, no solver runs and it is the number of blanks.

    >>> generate(Params(size=4, blanks=1), np.random.default_rng(0)).hardness
    3.0
    """
    n = params.size
    if params.unique:
        puzzle, solution = make_puzzle(params, rng)
        # A full count re-proves what digging proved cell by cell (a bug there cannot ship); its
        # deduction work (naked singles and branching, no hidden singles) is the hardness.
        proof = count_solutions(board(n), puzzle, hidden=False)
        if proof.solutions != [solution] or not proof.complete:
            raise RuntimeError("sudoku generator produced a puzzle without a unique solution")
        steps = float(proof.steps)
    else:
        solution = random_solution(n, rng, diagonal=True)  # new items: the faster fill (unique=True keeps its bytes)
        puzzle = solution[:]
        for cell in rng.permutation(n * n)[: params.blanks].tolist():
            puzzle[cell] = 0
        steps = float(params.blanks)
    br, bc = BOX_SHAPES[n]
    rows = [puzzle[r * n : (r + 1) * n] for r in range(n)]
    solved = [solution[r * n : (r + 1) * n] for r in range(n)]
    payload = {"size": n, "box_rows": br, "box_cols": bc, "puzzle": rows}
    # exact comparison only where uniqueness is proved: otherwise the verifier checks the rules alone
    payload.update({"solution": solved} if params.unique else {"unique": False})
    # Language-neutral: numbers and the boxed drawing ('.' blanks, '|' and dashes between boxes).
    fields = {"n": n, "box_rows": br, "box_cols": bc, "unique": params.unique, "puzzle": rows,
              "board": _boxed_text(rows, br, bc)}
    return Instance("", answer_grid(solved), payload, steps, fields)


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
        cells = grid_text([row]).split(" ")  # one call per row: this text is a visible share of an item's cost
        lines.append(" | ".join(" ".join(cells[b : b + box_cols]) for b in range(0, len(row), box_cols)))
    return "\n".join(lines)

"""Campsite (Tents and Trees): pair a tent with each tree, no two tents touching, tent counts per row and column."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._campsite_solver import solve
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the whole grid, one row per line, cells separated by spaces: T for a tree, A for a tent, - for an empty "
    "cell (e.g. a row of 4 cells: - T A -)"
)
# "-" marks an empty cell rather than ".": the extractor drops one closing full stop from an answer.
TREE, TENT, EMPTY = "T", "A", "-"


@dataclass(frozen=True)
class Params(Knobs):
    rows: int = knob(6, 3, 16, help="rows of the grid")
    cols: int = knob(6, 3, 16, help="columns of the grid")
    tree_density: float = knob(
        0.2, 0.05, 0.2, help="trees (and so tents) per cell of the grid; denser fields cannot be packed reliably"
    )

    def check(self) -> None:
        if round(self.tree_density * self.rows * self.cols) < 1:
            raise ValueError(f"tree_density={self.tree_density} leaves no tree in a {self.rows}x{self.cols} grid")


LEVELS = {
    1: Params(rows=4, cols=4, tree_density=0.2),
    2: Params(rows=5, cols=5, tree_density=0.2),
    3: Params(rows=6, cols=6, tree_density=0.2),
    4: Params(rows=7, cols=7, tree_density=0.2),
    5: Params(rows=8, cols=8, tree_density=0.2),
    6: Params(rows=9, cols=9, tree_density=0.2),
    7: Params(rows=10, cols=10, tree_density=0.2),
    8: Params(rows=11, cols=11, tree_density=0.2),
    9: Params(rows=12, cols=12, tree_density=0.2),
    10: Params(rows=12, cols=12, tree_density=0.17),
}
_ATTEMPTS = 12  # random layouts drawn per puzzle, the fullest kept (at density 0.2 the first one almost always fills)


def _layout(rows: int, cols: int, want: int, rng: np.random.Generator) -> tuple[list, list]:
    """(tents, trees): up to `want` tent-tree pairs, each tree beside its own tent, no two tents touching.

    Cells are visited in a random order; a cell takes a tent when it is free, touches no tent (diagonals
    included) and has a free orthogonal neighbour, which becomes its tree.
    """
    best: tuple[list, list] = ([], [])
    for _ in range(_ATTEMPTS):
        tents: list[tuple[int, int]] = []
        trees: list[tuple[int, int]] = []
        taken: set[tuple[int, int]] = set()
        near: set[tuple[int, int]] = set()  # cells touching a tent
        for flat in rng.permutation(rows * cols):
            r, c = divmod(int(flat), cols)
            if (r, c) in taken or (r, c) in near:
                continue
            free = [(r + dr, c + dc) for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))
                    if 0 <= r + dr < rows and 0 <= c + dc < cols and (r + dr, c + dc) not in taken]  # fmt: skip
            if not free:
                continue
            tree = free[int(rng.integers(len(free)))]
            tents.append((r, c))
            trees.append(tree)
            taken.update({(r, c), tree})
            near.update((r + dr, c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1))
            if len(tents) == want:
                return tents, trees
        if len(tents) > len(best[0]):
            best = (tents, trees)
    return best


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A random tent-tree layout; the clues are its row and column tent counts.

    Any placement keeping the rules passes (the verifier re-checks them), so uniqueness is not sought.
    Hardness is the solver's branching: the row placements it tries (kept or pruned) looking for two
    solutions, so the whole search is walked when the layout is the only one (most are; sparse trees and
    large grids branch most).
    """
    rows, cols = params.rows, params.cols
    tents, trees = _layout(rows, cols, round(params.tree_density * rows * cols), rng)
    trees = sorted(trees)
    row_counts = [sum(r == i for r, _ in tents) for i in range(rows)]
    col_counts = [sum(c == j for _, c in tents) for j in range(cols)]
    search = solve(rows, cols, trees, row_counts, col_counts, limit=2)
    grid = [[EMPTY] * cols for _ in range(rows)]
    for r, c in trees:
        grid[r][c] = TREE
    board = "\n".join(" ".join(row) for row in grid)
    for r, c in tents:
        grid[r][c] = TENT
    payload = {"rows": rows, "cols": cols, "trees": [list(t) for t in trees],
               "row_counts": row_counts, "col_counts": col_counts}  # fmt: skip
    fields = {**payload, "board": board, "drawing": _drawing(board, row_counts, col_counts)}
    answer = "\n".join(" ".join(row) for row in grid)
    return Instance("", answer, payload, float(search.tries), fields)


def _drawing(board: str, row_counts: list[int], col_counts: list[int]) -> str:
    """The board under a line of column counts, each row after its own count (counts are below 10)."""
    lines = ["    " + " ".join(str(k) for k in col_counts)]
    lines += [f"{k} | {line}" for k, line in zip(row_counts, board.split("\n"))]
    return "\n".join(lines)

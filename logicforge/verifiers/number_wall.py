"""Number wall verifier: walls (A) and island cells (O) around the given numbers, every rule re-checked.

The rules: the numbers stay where they are and no other number appears; each island (a maximal
orthogonally connected group of non-wall cells) holds exactly one number, equal to its cell count; two
different islands never touch, not even at a corner; no 2x2 block is all wall; all walls form one
orthogonally connected area. Any grid keeping them passes.
"""

from __future__ import annotations

from functools import lru_cache

from logicforge.verifiers.symbol_grid import parse_symbol_grid
from logicforge.verifiers.verdict import Verdict

WALL, LAND = "A", "O"
_SYMBOLS = {WALL: WALL, LAND: LAND}


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check the shape, the numbers, every island, diagonal contacts, 2x2 wall blocks and wall connectivity.

    `payload["clues"]` holds [row, col, number] (0-based).

    >>> p = {"rows": 2, "cols": 3, "clues": [[0, 0, 2], [0, 2, 1]]}
    >>> verify(p, "2 A 1\\nO A A").correct, verify(p, "2 O 1\\nA A A").reason, verify(p, "2 A 1\\nA A O").reason
    (True, 'violates:island', 'violates:island')
    """
    rows, cols = payload["rows"], payload["cols"]
    grid = parse_symbol_grid(answer, rows, cols, _SYMBOLS, numbers=True)
    if isinstance(grid, str):
        return Verdict.fail(grid)
    flat = [v for row in grid for v in row]
    want = {r * cols + c: k for r, c, k in payload["clues"]}
    if {i: v for i, v in enumerate(flat) if v.__class__ is int} != want:
        return Verdict.fail("violates:given")  # a number changed, moved, walled over or added
    geo = _geometry(rows, cols)
    walls = int("".join("1" if v == WALL else "0" for v in reversed(flat)), 2)
    land = geo.all & ~walls
    numbered = sum(1 << i for i in want)
    covered, islands = 0, []
    for i, k in want.items():  # the island of each number: it holds no other number, and k cells
        island = geo.fill(1 << i, land)
        if island & numbered != 1 << i or island.bit_count() != k:
            return Verdict.fail("violates:island")
        covered |= island
        islands.append(island)
    if covered != land:
        return Verdict.fail("violates:island")  # an island without a number
    # Two island cells meet only at a corner when both cells beside that corner are walls; such a pair
    # may still be one island (joined further round), so only then is each island's ring looked at.
    cols, corners = geo.cols, geo.corners
    lone = land & land >> (cols + 1) & walls >> 1 & walls >> cols
    lone |= land >> 1 & land >> cols & walls & walls >> (cols + 1)
    if lone & corners and any(geo.king(island) & land & ~island for island in islands):
        return Verdict.fail("violates:touching")  # a corner shared with another island
    if walls & walls >> 1 & walls >> cols & walls >> (cols + 1) & corners:
        return Verdict.fail("violates:pool")
    if walls and geo.fill(walls & -walls, walls) != walls:
        return Verdict.fail("violates:connected")
    return Verdict.ok()


@lru_cache(maxsize=64)
def _geometry(rows: int, cols: int) -> _Geometry:
    return _Geometry(rows, cols)


class _Geometry:
    """Cell sets of a rows x cols grid as ints (bit r * cols + c), grown by shifts that never wrap a row."""

    def __init__(self, rows: int, cols: int):
        n = rows * cols
        self.cols = cols
        self.all = (1 << n) - 1
        self.not_left = sum(1 << i for i in range(n) if i % cols)
        self.not_right = sum(1 << i for i in range(n) if i % cols != cols - 1)
        self.corners = self.not_right & ((1 << (n - cols)) - 1)  # top-left cells of the 2x2 blocks

    def fill(self, seed: int, within: int) -> int:
        """The orthogonally connected part of `within` that holds `seed`."""
        cols, nl, nr = self.cols, self.not_left, self.not_right
        while True:
            grown = (seed | seed << cols | seed >> cols | (seed & nr) << 1 | (seed & nl) >> 1) & within
            if grown == seed:
                return seed
            seed = grown

    def king(self, m: int) -> int:
        """`m` and every cell touching it, at a side or a corner."""
        h = m | (m & self.not_right) << 1 | (m & self.not_left) >> 1
        return (h | h << self.cols | h >> self.cols) & self.all

"""Latin-square helpers shared by the grid families (futoshiki, skyscraper, calcudoko)."""

from __future__ import annotations

import numpy as np


def random_latin_square(n: int, rng: np.random.Generator, shuffles: int | None = None) -> list[list[int]]:
    """An n x n Latin square over 1..n, well mixed.

    Starts from the cyclic square, permutes rows, columns and symbols, then applies random
    intercalate (2x2 sub-square) swaps so the result is not always isotopic to the cyclic one.

    >>> sq = random_latin_square(4, np.random.default_rng(0))
    >>> all(sorted(r) == [1, 2, 3, 4] for r in sq) and all(sorted(c) == [1, 2, 3, 4] for c in zip(*sq))
    True
    """
    rows, cols, syms = rng.permutation(n), rng.permutation(n), rng.permutation(n) + 1
    grid = [[int(syms[(rows[r] + cols[c]) % n]) for c in range(n)] for r in range(n)]
    for _ in range(shuffles if shuffles is not None else 4 * n):
        _intercalate_swap(grid, rng)
    return grid


def _intercalate_swap(grid: list[list[int]], rng: np.random.Generator) -> None:
    """Swap a 2x2 intercalate (a b / b a) to (b a / a b) if a random probe finds one."""
    n = len(grid)
    r1, r2 = (int(x) for x in rng.choice(n, size=2, replace=False))
    for c1 in rng.permutation(n):
        a, b = grid[r1][c1], grid[r2][c1]
        c2 = grid[r1].index(b)
        if grid[r2][c2] == a:
            grid[r1][c1], grid[r1][c2] = b, a
            grid[r2][c1], grid[r2][c2] = a, b
            return

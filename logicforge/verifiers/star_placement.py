"""Star Battle verifier: k stars in every row, column and region, and no two stars touching."""

from __future__ import annotations

from functools import lru_cache

from logicforge.verifiers.grid import parse_grid
from logicforge.verifiers.verdict import Verdict


@lru_cache(maxsize=1024)
def _layout(
    n: int, k: int, regions: tuple[str, ...]
) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """(each region's cells, each cell's later neighbours) as flat indices, from the rows of region letters;
    ValueError when they do not make an n x n grid of exactly n regions. A cell's later neighbours are the
    touching cells after it in reading order, so every touching pair is looked at once."""
    if not 1 <= n <= 26 or not 1 <= k <= n or len(regions) != n or any(len(row) != n for row in regions):
        raise ValueError("bad regions")
    cells: dict[str, list[int]] = {}
    for r, row in enumerate(regions):
        for c, letter in enumerate(row):
            cells.setdefault(letter, []).append(r * n + c)
    if len(cells) != n:
        raise ValueError("bad regions")
    later = tuple(
        tuple((r + dr) * n + c + dc for dr, dc in ((0, 1), (1, -1), (1, 0), (1, 1)) if r + dr < n and 0 <= c + dc < n)
        for r in range(n)
        for c in range(n)
    )
    return tuple(tuple(group) for _, group in sorted(cells.items())), later


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check the shape and the marks (1 a star, 0 an empty cell), then every row, every column, every
    region (also one the answer left empty) and every pair of touching cells.

    `payload["regions"]` holds n strings of n letters, one per row: cells with the same letter form a region.

    >>> p = {"n": 4, "k": 1, "regions": ["AABB", "AABB", "CCDD", "CCDD"]}
    >>> verify(p, "0 1 0 0\\n0 0 0 1\\n1 0 0 0\\n0 0 1 0").reason, verify(p, "0100\\n0001\\n1000\\n0010").reason
    ('ok', 'ok')
    >>> verify(p, "1 0 0 0\\n0 0 1 0\\n0 1 0 0\\n0 0 0 1").reason, verify(p, "0 0 0 0\\n" * 4).reason
    ('violates:touching', 'violates:row')
    """
    try:
        n, k = int(payload["n"]), int(payload["k"])
        regions, later = _layout(n, k, tuple(str(row) for row in payload["regions"]))
    except (KeyError, TypeError, ValueError):
        return Verdict.fail("bad_payload")
    # 1 and 0, not "*" and ".": extraction drops a closing full stop, which would eat an empty last cell
    grid = parse_grid(answer, n, n)
    if isinstance(grid, str):
        return Verdict.fail(grid)
    flat = [v for row in grid for v in row]
    if not {0, 1}.issuperset(flat):
        return Verdict.fail("out_of_range")
    if any(sum(row) != k for row in grid):
        return Verdict.fail("violates:row")
    if any(sum(flat[c::n]) != k for c in range(n)):
        return Verdict.fail("violates:column")
    if any(sum(map(flat.__getitem__, group)) != k for group in regions):
        return Verdict.fail("violates:region")
    stars = [i for i, v in enumerate(flat) if v]
    if any(flat[j] for i in stars for j in later[i]):
        return Verdict.fail("violates:touching")
    return Verdict.ok()

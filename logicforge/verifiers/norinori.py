"""Norinori verifier: a 0/1 grid keeping the pre-shaded cells, two shaded cells in every region, and
shaded cells paired into dominoes that never share an edge."""

from __future__ import annotations

from logicforge.verifiers.grid import parse_grid, values_reason
from logicforge.verifiers.verdict import Verdict


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check the values, the pre-shaded cells, every region's count (also regions the answer left
    empty) and the domino rule at every shaded cell.

    `payload["regions"]` holds one string of region letters per row; `payload["shaded"]` the pre-shaded
    cells as [row, col] (0-based).

    >>> p = {"n": 3, "regions": ["AAA", "AAB", "BBB"], "shaded": []}
    >>> verify(p, "1 1 0\\n0 0 0\\n0 1 1").reason, verify(p, "0 0 0\\n1 1 1\\n0 0 1").reason
    ('ok', 'violates:touching')
    >>> verify(p, "1 0 1\\n0 0 0\\n1 0 1").reason, verify(p, "0 0 0\\n0 0 0\\n0 0 0").reason
    ('violates:domino', 'violates:region')
    """
    n = payload["n"]
    regions = payload["regions"]
    if len(regions) != n or any(len(row) != n for row in regions):
        return Verdict.fail("bad_payload")
    grid = _canonical(answer, n) or parse_grid(answer, n, n, packed=True)
    if isinstance(grid, str):
        return Verdict.fail(grid)
    broken = values_reason(grid, 0, 1) or _givens(grid, payload["shaded"]) or _regions(grid, regions)
    broken = broken or _dominoes(grid, n)
    return Verdict.fail(broken) if broken else Verdict.ok()


def _canonical(text: str, n: int) -> list[list[int]] | None:
    """The grid when written exactly as the answer format asks (rows of 0/1 separated by single spaces), read
    without the general parser (the common case, about three times faster); None for any other notation."""
    rows = text.split("\n")
    if len(rows) != n or any(len(row) != 2 * n - 1 or row[1::2] != " " * (n - 1) for row in rows):
        return None
    if any(row[::2].strip("01") for row in rows):
        return None
    return [[ord(ch) - 48 for ch in row[::2]] for row in rows]


def _givens(grid: list[list[int]], shaded: list) -> str | None:
    """`violates:cover` when a pre-shaded cell is left unshaded."""
    return "violates:cover" if any(grid[r][c] != 1 for r, c in shaded) else None


def _regions(grid: list[list[int]], regions: list[str]) -> str | None:
    """`violates:region` unless every region letter of the map (shaded or not) covers exactly two shaded cells."""
    shaded = "".join(ch for row, letters in zip(grid, regions) for v, ch in zip(row, letters) if v)
    return "violates:region" if any(shaded.count(ch) != 2 for ch in set("".join(regions))) else None


def _dominoes(grid: list[list[int]], n: int) -> str | None:
    """Every shaded cell needs exactly one shaded orthogonal neighbour: none is a lone cell
    (`violates:domino`), two or more mean dominoes touching or a longer run (`violates:touching`)."""
    w = n + 2  # the grid framed by a border of white cells, flat
    flat = [0] * w
    for row in grid:
        flat += [0, *row, 0]
    flat += [0] * w
    lone = False
    for i in range(w, len(flat) - w):
        if flat[i]:
            k = flat[i - 1] + flat[i + 1] + flat[i - w] + flat[i + w]
            if k > 1:
                return "violates:touching"
            lone = lone or k == 0
    return "violates:domino" if lone else None

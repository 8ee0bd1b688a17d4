"""Skyscraper verifier: a Latin square over 1..n that keeps every given and matches every visibility clue."""

from __future__ import annotations

from logicforge.verifiers.grid import latin_reason, parse_grid
from logicforge.verifiers.verdict import Verdict


def _seen(line: list[int]) -> int:
    """Buildings visible from the start of `line`: those taller than everything before them."""
    seen, tallest = 0, 0
    for h in line:
        if h > tallest:
            seen, tallest = seen + 1, h
    return seen


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check the value range, the givens, every row and column, and every clue (0: no clue).

    >>> p = {"n": 2, "top": [2, 0], "bottom": [0, 0], "left": [0, 0], "right": [0, 0], "givens": []}
    >>> verify(p, "1 2\\n2 1").correct, verify(p, "2 1\\n1 2").reason
    (True, 'violates:top')
    """
    n = payload["n"]
    grid = parse_grid(answer, n, n, packed=n <= 9)
    if isinstance(grid, str):
        return Verdict.fail(grid)
    broken = latin_reason(grid, n, payload["givens"])
    if broken:
        return Verdict.fail(broken)
    cols = [list(c) for c in zip(*grid)]
    views = {
        "top": cols,
        "bottom": [c[::-1] for c in cols],
        "left": grid,
        "right": [r[::-1] for r in grid],
    }
    for side, lines in views.items():
        for clue, line in zip(payload[side], lines, strict=True):
            if clue and _seen(line) != clue:
                return Verdict.fail(f"violates:{side}")
    return Verdict.ok()

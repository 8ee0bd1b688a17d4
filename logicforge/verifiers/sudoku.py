"""Sudoku verifier: a full grid of 1..n that keeps every given and repeats no digit in a row, column or box."""

from __future__ import annotations

from functools import lru_cache
from operator import itemgetter

from logicforge.verifiers.grid import givens_reason, parse_grid, values_reason
from logicforge.verifiers.verdict import Verdict


@lru_cache(maxsize=16)
def _units(n: int, box_rows: int, box_cols: int) -> tuple[tuple[str, tuple[itemgetter, ...]], ...]:
    """Getters of the groups that must each hold every digit once, by name: rows, columns, boxes."""
    rows = tuple(tuple(range(r * n, (r + 1) * n)) for r in range(n))
    cols = tuple(tuple(range(c, n * n, n)) for c in range(n))
    boxes = tuple(
        tuple((br + i) * n + bc + j for i in range(box_rows) for j in range(box_cols))
        for br in range(0, n, box_rows)
        for bc in range(0, n, box_cols)
    )
    return tuple((name, tuple(itemgetter(*g) for g in groups)) for name, groups in
                 (("row", rows), ("column", cols), ("box", boxes)))


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check every Sudoku rule and every given, then compare with the proved-unique solution.

    >>> p = {"size": 4, "box_rows": 2, "box_cols": 2, "puzzle": [[1, 0, 0, 0], [0, 0, 0, 2],
    ...      [0, 1, 0, 0], [0, 0, 2, 0]], "solution": [[1, 2, 3, 4], [3, 4, 1, 2], [2, 1, 4, 3], [4, 3, 2, 1]]}
    >>> verify(p, "1 2 3 4\\n3 4 1 2\\n2 1 4 3\\n4 3 2 1").correct
    True
    >>> verify(p, "2 1 3 4\\n3 4 1 2\\n2 1 4 3\\n4 3 2 1").reason
    'violates:given'
    """
    n = int(payload["size"])
    grid = parse_grid(answer, n, n, packed=n <= 9)
    if isinstance(grid, str):
        return Verdict.fail(grid)
    givens = [(r, c, v) for r, row in enumerate(payload["puzzle"]) for c, v in enumerate(row) if v]
    reason = values_reason(grid, 1, n) or givens_reason(grid, givens)
    if reason:
        return Verdict.fail(reason)
    cells = [v for row in grid for v in row]
    for name, groups in _units(n, int(payload["box_rows"]), int(payload["box_cols"])):
        for group in groups:
            if len(set(group(cells))) != n:
                return Verdict.fail(f"violates:{name}")
    # A grid that passes every rule above is a solution. Where the generator proved there is only one
    # (the payload then holds it), this comparison can only fail if that proof was wrong.
    if "solution" in payload and cells != [v for row in payload["solution"] for v in row]:
        return Verdict.fail("wrong_answer")
    return Verdict.ok()

"""Kukurasu verifier: a grid of marks whose rows and columns reach their weighted-sum clues."""

from __future__ import annotations

from logicforge.verifiers.symbol_grid import parse_symbol_grid
from logicforge.verifiers.verdict import Verdict

# 1 marks a cell; X (or x, or 0) leaves it empty.
_MARKS = {"1": 1, "X": 0, "0": 0}


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check every row clue (the 1-based columns of its marks add up to it) and every column clue (the
    1-based rows of its marks add up to it); any marking that meets all of them passes.

    >>> p = {"rows": 2, "cols": 2, "row_clues": [1, 2], "col_clues": [1, 2]}
    >>> verify(p, "1 X\\nX 1").correct, verify(p, "10\\n01").correct, verify(p, "X 1\\n1 X").reason
    (True, True, 'violates:row')
    """
    n, m = payload["rows"], payload["cols"]
    grid = parse_symbol_grid(answer, n, m, _MARKS)
    if isinstance(grid, str):
        return Verdict.fail(grid)
    if [sum(c + 1 for c, v in enumerate(row) if v) for row in grid] != payload["row_clues"]:
        return Verdict.fail("violates:row")
    if [sum(r + 1 for r, v in enumerate(col) if v) for col in zip(*grid)] != payload["col_clues"]:
        return Verdict.fail("violates:column")
    return Verdict.ok()

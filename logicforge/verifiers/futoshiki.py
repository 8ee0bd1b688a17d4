"""Futoshiki verifier: a Latin square over 1..n that keeps every given and satisfies every inequality sign."""

from __future__ import annotations

import re

from logicforge.verifiers.grid import latin_reason, parse_grid
from logicforge.verifiers.verdict import Verdict

# A solver may copy the board layout with its signs; they only decorate the numbers (the payload's
# inequalities are what is checked), so they are blanked out before parsing.
_SIGNS = re.compile(r"[<>^v\u2227\u2228]")


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check the value range, the givens, every row and column, and every inequality.

    `payload["less"]` holds [r1, c1, r2, c2] (0-based): cell (r1, c1) must be smaller than (r2, c2).

    >>> p = {"n": 2, "givens": [], "less": [[0, 0, 0, 1]]}
    >>> verify(p, "1 2\\n2 1").correct, verify(p, "[[1, 2], [2, 1]]").correct, verify(p, "1 < 2\\n2   1").correct
    (True, True, True)
    >>> verify(p, "2 1\\n1 2").reason
    'violates:inequality'
    """
    n = payload["n"]
    grid = parse_grid(_SIGNS.sub(" ", answer), n, n, packed=n <= 9)
    if isinstance(grid, str):
        return Verdict.fail(grid)
    broken = latin_reason(grid, n, payload["givens"])
    if broken:
        return Verdict.fail(broken)
    if any(grid[r1][c1] >= grid[r2][c2] for r1, c1, r2, c2 in payload["less"]):
        return Verdict.fail("violates:inequality")
    return Verdict.ok()

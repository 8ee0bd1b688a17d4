"""Numbrix verifier: 1..n^2 each once, the shown numbers kept, each number beside the next (a path)."""

from __future__ import annotations

import functools

from logicforge.verifiers.grid import givens_reason, parse_grid
from logicforge.verifiers.verdict import Verdict


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check the shape, the value range, that every number appears once, the shown numbers, and that
    each number k < n^2 sits directly above, below, left or right of k + 1.

    `payload["givens"]` holds [row, col, value] (0-based). Any numbering that keeps the rules passes.

    >>> p = {"n": 2, "givens": [[0, 0, 1]]}
    >>> verify(p, "1 2\\n4 3").correct, verify(p, "[[1, 4], [2, 3]]").correct
    (True, True)
    >>> verify(p, "1 2\\n3 4").reason, verify(p, "2 1\\n3 4").reason, verify(p, "1 2\\n2 3").reason
    ('violates:adjacent', 'violates:given', 'duplicate_item')
    """
    n = payload["n"]
    size = n * n
    grid = parse_grid(answer, n, n, packed=False)  # numbers run to several digits: never read digit by digit
    if isinstance(grid, str):
        return Verdict.fail(grid)
    flat = [v for row in grid for v in row]
    if min(flat) < 1 or max(flat) > size:
        return Verdict.fail("out_of_range")
    if len(set(flat)) < size:  # then some number is missing too: the duplicate is named first
        return Verdict.fail("duplicate_item")
    reason = givens_reason(grid, payload["givens"])
    if reason:
        return Verdict.fail(reason)
    order = sorted(range(size), key=flat.__getitem__)  # the cells holding 1, 2, ..., n^2
    if not _steps(n).issuperset(zip(order, order[1:])):
        return Verdict.fail("violates:adjacent")
    return Verdict.ok()


@functools.lru_cache(maxsize=32)
def _steps(n: int) -> frozenset[tuple[int, int]]:
    """Every ordered pair of orthogonally adjacent cells (r * n + c) of the n x n grid."""
    pairs = [(r * n + c, r * n + c + 1) for r in range(n) for c in range(n - 1)]
    pairs += [(r * n + c, (r + 1) * n + c) for r in range(n - 1) for c in range(n)]
    return frozenset(pairs + [(b, a) for a, b in pairs])

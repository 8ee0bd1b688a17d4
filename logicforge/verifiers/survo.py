"""Survo verifier: the given cells kept, exactly the given numbers in the blanks, every row and column sum met."""

from __future__ import annotations

from collections import Counter

from logicforge.verifiers.grid import parse_grid
from logicforge.verifiers.verdict import Verdict


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check the givens, the numbers used in the blanks (as a multiset), and every row and column sum.

    The answer is the inner rows x cols grid; the whole matrix with its sums row and column is read too,
    and then its sums must be the given ones. `payload["grid"]` holds 0 in the blanks.

    >>> p = {"rows": 2, "cols": 2, "grid": [[1, 0], [0, 4]], "row_sums": [3, 7], "col_sums": [4, 6], "numbers": [2, 3]}
    >>> verify(p, "1 2\\n3 4").correct, verify(p, "1 2 3\\n3 4 7\\n4 6 10").correct, verify(p, "1 3\\n2 4").reason
    (True, True, 'violates:row')
    >>> verify(p, "1 2\\n2 4").reason, verify(p, "1 5\\n0 4").reason, verify(p, "2 1\\n3 4").reason
    ('duplicate_item', 'unknown_item', 'violates:given')
    """
    grid = _read(payload, answer)
    if isinstance(grid, str):
        return Verdict.fail(grid)
    used = []
    for row, given in zip(grid, payload["grid"]):
        for value, fixed in zip(row, given):
            if not fixed:
                used.append(value)
            elif value != fixed:
                return Verdict.fail("violates:given")
    if sorted(used) != sorted(payload["numbers"]):
        allowed = Counter(payload["numbers"])
        over = next((v for v, k in Counter(used).items() if k > allowed[v]), None)
        if over is None:  # as many blanks as numbers, so some value is used too often unless the payload errs
            return Verdict.fail("bad_payload")
        return Verdict.fail("duplicate_item" if allowed[over] else "unknown_item")
    if [sum(row) for row in grid] != payload["row_sums"]:
        return Verdict.fail("violates:row")
    if [sum(col) for col in zip(*grid)] != payload["col_sums"]:
        return Verdict.fail("violates:column")
    return Verdict.ok()


def _read(payload: dict, answer: str) -> list[list[int]] | str:
    """The inner grid, from the inner grid or from the whole matrix with the given sums (`violates:given`
    when its sums differ); otherwise the inner grid's parse reason."""
    n, m = payload["rows"], payload["cols"]
    grid = parse_grid(answer, n, m, packed=False)
    if grid != "wrong_shape":
        return grid
    whole = parse_grid(answer, n + 1, m + 1, packed=False)
    if isinstance(whole, str):
        return grid
    total = sum(payload["row_sums"])
    if [row[m] for row in whole] != [*payload["row_sums"], total] or whole[n][:m] != payload["col_sums"]:
        return "violates:given"
    return [row[:m] for row in whole[:n]]

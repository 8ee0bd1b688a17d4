"""Calcudoko (KenKen) verifier: a Latin square over 1..n whose cages all meet their targets."""

from __future__ import annotations

from logicforge.verifiers.grid import latin_reason, parse_grid
from logicforge.verifiers.verdict import Verdict


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check the value range, every row and column, and every cage's arithmetic.

    - and / cages accept either order (larger minus / divided by smaller); / must divide exactly.

    >>> p = {"n": 2, "cages": [{"cells": [[0, 0], [0, 1]], "op": "-", "target": 1},
    ...                        {"cells": [[1, 0], [1, 1]], "op": "*", "target": 2}]}
    >>> verify(p, "2 1\\n1 2").correct, verify(p, "[[1, 2], [2, 1]]").correct
    (True, True)
    >>> verify(p, "1 1\\n2 2").reason
    'violates:row'
    """
    n = int(payload["n"])
    grid = parse_grid(answer, n, n, packed=n <= 9)
    if isinstance(grid, str):
        return Verdict.fail(grid)
    # "=" cages are the puzzle's givens: checked in the shared order, before rows and columns
    givens = [(*cage["cells"][0], cage["target"]) for cage in payload["cages"] if cage["op"] == "="]
    reason = latin_reason(grid, n, givens)
    if reason:
        return Verdict.fail(reason)
    for cage in payload["cages"]:
        values = [grid[r][c] for r, c in cage["cells"]]
        if not _meets(cage["op"], cage["target"], values):
            return Verdict.fail("violates:cage")
    return Verdict.ok()


def _meets(op: str, target: int, values: list[int]) -> bool:
    """Whether the cage's values produce its target (values are 1..n, so products stay small)."""
    if op == "+":
        return sum(values) == target
    if op == "*":
        total = 1
        for v in values:
            total *= v
        return total == target
    if op == "=":
        return len(values) == 1 and values[0] == target
    if len(values) != 2:
        return False
    big, small = max(values), min(values)
    if op == "-":
        return big - small == target
    if op == "/":
        return big % small == 0 and big // small == target
    return False

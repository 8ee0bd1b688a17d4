"""Calcudoko (KenKen) verifier: a Latin square over 1..n whose cages all meet their targets."""

from __future__ import annotations

from logicforge.verifiers._parse import grid_layout, parse_int_grid
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
    if len(answer) <= 20 * n * n + 200:  # parse_int_grid's own bound; beyond it nothing parses
        answer = grid_layout(answer)  # rule lines, box bars, LaTeX matrix markup
    grid = parse_int_grid(answer, n, n) or _digit_rows(answer, n)
    if grid is None:
        return Verdict.fail("parse_error")
    if any(not 1 <= v <= n for row in grid for v in row):
        return Verdict.fail("wrong_value")
    if any(len(set(row)) != n for row in grid):
        return Verdict.fail("violates:row")
    if any(len(set(col)) != n for col in zip(*grid)):
        return Verdict.fail("violates:col")
    for cage in payload["cages"]:
        values = [grid[r][c] for r, c in cage["cells"]]
        if not _meets(cage["op"], cage["target"], values):
            return Verdict.fail("violates:given" if cage["op"] == "=" else "violates:cage")
    return Verdict.ok()


def _digit_rows(answer: str, n: int) -> list[list[int]] | None:
    """Rows written as runs of digits (`1342` per line, or all n*n in one run), unambiguous while n <= 9."""
    if len(answer) > 4 * n * n + 100:
        return None
    lines = [line.strip("'\"") for line in answer.replace("|", " ").split()]  # '"1342"' and '| 1342 |' too
    if len(lines) == 1 and len(lines[0]) == n * n:  # the whole grid as one run of digits
        lines = [lines[0][r * n : (r + 1) * n] for r in range(n)]
    if n > 9 or len(lines) != n or any(len(line) != n or not line.isascii() or not line.isdigit() for line in lines):
        return None
    return [[int(ch) for ch in line] for line in lines]


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

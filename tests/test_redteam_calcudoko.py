"""Calcudoko red team, round 2: quoted rows, one run of digits and LaTeX grids pass, and a fuzz of
mutated grids in many layouts agrees with an independent cage check written from the payload alone."""

from __future__ import annotations

import math

import pytest

from redteam_util import check_case, fuzz, latex, run_of_digits, spaced

from logicforge.tasks import get_task

TASK = get_task("calcudoko")
# the level-1 prompt's 3x3: solution 3 1 2 / 2 3 1 / 1 2 3
PAYLOAD = {"n": 3, "cages": [
    {"cells": [[0, 0], [1, 0]], "op": "+", "target": 5}, {"cells": [[0, 1], [0, 2]], "op": "+", "target": 3},
    {"cells": [[1, 1], [1, 2]], "op": "+", "target": 4}, {"cells": [[2, 0]], "op": "=", "target": 1},
    {"cells": [[2, 1]], "op": "=", "target": 2}, {"cells": [[2, 2]], "op": "=", "target": 3}]}  # fmt: skip
ROWS = ["3 1 2", "2 3 1", "1 2 3"]



CASES = [
    # (answer, expected reason)
    ('"312"\n"231"\n"123"', "ok"),  # regression: rows written as quoted strings were a parse_error
    ('["3 1 2", "2 3 1", "1 2 3"]', "ok"),  # regression: a Python list of row strings
    ("312231123", "ok"),  # regression: the grid as one run of digits (sudoku and the Latin families accept it)
    (r"\begin{pmatrix} 3 & 1 & 2 \\ 2 & 3 & 1 \\ 1 & 2 & 3 \end{pmatrix}", "ok"),  # regression: LaTeX
    ("\u2551 3 \u2551 1 \u2551 2 \u2551\n\u2551 2 \u2551 3 \u2551 1 \u2551\n\u2551 1 \u2551 2 \u2551 3 \u2551", "ok"),
    ("| 312 |\n| 231 |\n| 123 |", "ok"),  # digit runs between bars
    ("```3 1 2\n2 3 1\n1 2 3```", "ok"),  # an inline fence: "3" is a cell, not a language tag
    ('"312"\n"231"\n"132"', "violates:col"),
    ("213321132", "violates:cage"),  # Latin, breaks the first cage
    ('"3 1 2", "2 3 1"', "parse_error"),  # a row missing
    ('"3 1 2 2", "3 1", "1 2 3"', "parse_error"),  # a long quoted row cannot make up for a short one
    ("3122311230", "parse_error"),  # one run one digit too long
    (r"\begin{pmatrix} 3 & 1 & 2 \\ 2 & 3 & 1 \\ 1 & 2 & 3 \end{pmatrix} \checkmark", "parse_error"),
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def _cage_ok(op: str, target: int, vals: list[int]) -> bool:
    """A cage's rule, written out again: - and / take the larger value first; / divides exactly."""
    if op == "=":
        return vals == [target]
    if op in "+*":
        return (sum(vals) if op == "+" else math.prod(vals)) == target
    big, small = max(vals), min(vals)
    return len(vals) == 2 and (big - small == target if op == "-" else big == small * target)


def _valid(p: dict, g: list[list[int]]) -> bool:
    """Latin square over 1..n and every cage's arithmetic."""
    n = p["n"]
    if any(set(line) != set(range(1, n + 1)) for line in [*g, *zip(*g)]):
        return False
    return all(_cage_ok(c["op"], c["target"], [g[r][k] for r, k in c["cells"]]) for c in p["cages"])


LAYOUTS = [
    spaced,
    lambda g: "\n".join('"' + "".join(map(str, r)) + '"' for r in g),
    str,
    run_of_digits,
    latex("bmatrix"),
]


def test_fuzz_mutated_grids_match_an_independent_check():
    fuzz(TASK, _valid, 5, LAYOUTS)

"""Skyscraper red team, round 2: the grid drawn in the prompt's own frame passes, and a fuzz of mutated
grids in many layouts agrees with an independent clue check written from the payload alone."""

from __future__ import annotations


import pytest

from redteam_util import check_case, fuzz, latex, run_of_digits, spaced

from logicforge.tasks import get_task

TASK = get_task("skyscraper")
# 3x3 with every clue given; the solution is 3 1 2 / 2 3 1 / 1 2 3 (the level-1 board of the prompt)
PAYLOAD = {"n": 3, "top": [1, 2, 2], "bottom": [3, 2, 1], "left": [1, 2, 3], "right": [2, 2, 1], "givens": [[1, 1, 3]]}
ROWS = ["3 1 2", "2 3 1", "1 2 3"]
BOX_TOP, BOX_BOTTOM = "\u250c" + "\u2500" * 7 + "\u2510\n", "\n\u2514" + "\u2500" * 7 + "\u2518"



def framed(rows: list[str]) -> str:
    return "+-------+\n" + "\n".join(f"| {r} |" for r in rows) + "\n+-------+"


CASES = [
    # (answer, expected reason)
    (framed(ROWS), "ok"),  # regression: the prompt's own "+-------+" frame was a parse_error
    (BOX_TOP + "\n".join(f"\u2502 {r} \u2502" for r in ROWS) + BOX_BOTTOM, "ok"),  # regression: a box-drawn frame
    ("| 3 | 1 | 2 |\n|---|---|---|\n| 2 | 3 | 1 |\n| 1 | 2 | 3 |", "ok"),  # regression: a markdown table
    (r"\begin{bmatrix} 3 & 1 & 2 \\ 2 & 3 & 1 \\ 1 & 2 & 3 \end{bmatrix}", "ok"),  # regression: LaTeX
    ("312231123", "ok"),  # the grid as one run of digits, as sudoku accepts
    ("```3 1 2\n2 3 1\n1 2 3```", "ok"),  # an inline fence: "3" is a cell, not a language tag
    (framed(["1 3 2", "2 1 3", "3 2 1"]), "violates:given"),  # the frame hides no broken rule
    (framed(["3 2 1", "1 3 2", "2 1 3"]), "violates:top"),  # keeps the given, breaks the top clue
    (framed(ROWS).replace("+-------+", "+---1---+", 1), "parse_error"),  # a line with a digit is no rule
    (framed(ROWS).replace("| 3 1 2 |", "| 3 -1 2 |"), "parse_error"),  # a minus sign is no separator
    ("  1 2 2\n" + framed(ROWS), "wrong_size"),  # clues copied along with the grid are extra numbers
    ("31223112", "wrong_value"),  # one run a digit short: a number, not cells
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def _seen(line) -> int:
    tallest = count = 0
    for h in line:
        if h > tallest:
            tallest, count = h, count + 1
    return count


def _valid(p: dict, g: list[list[int]]) -> bool:
    """Latin square over 1..n, givens kept, every non-zero clue matched from its side."""
    n, cols = p["n"], [list(c) for c in zip(*g)]
    if any(set(line) != set(range(1, n + 1)) for line in [*g, *cols]):
        return False
    views = {"top": cols, "bottom": [c[::-1] for c in cols], "left": g, "right": [r[::-1] for r in g]}
    clues = all(not k or _seen(line) == k for side, lines in views.items() for k, line in zip(p[side], lines))
    return clues and all(g[r][c] == v for r, c, v in p["givens"])


LAYOUTS = [
    spaced,
    lambda g: framed([" ".join(map(str, r)) for r in g]),
    str,
    run_of_digits,
    latex("pmatrix"),
]


def test_fuzz_mutated_grids_match_an_independent_check():
    fuzz(TASK, _valid, 7, LAYOUTS)

"""Sudoku red team, round 2: drawn and LaTeX grids pass, and a fuzz of mutated grids in many layouts
agrees with an independent rule check written from the payload alone."""

from __future__ import annotations


import pytest

from redteam_util import check_case, fuzz, latex, spaced

from logicforge.tasks import get_task

TASK = get_task("sudoku")
PAYLOAD = {"size": 4, "box_rows": 2, "box_cols": 2, "puzzle": [[1, 0, 0, 0], [0, 0, 0, 2], [0, 1, 0, 0], [0, 0, 2, 0]],
           "solution": [[1, 2, 3, 4], [3, 4, 1, 2], [2, 1, 4, 3], [4, 3, 2, 1]]}  # fmt: skip
ROWS = ["1 2 3 4", "3 4 1 2", "2 1 4 3", "4 3 2 1"]
LATEX = r"\begin{bmatrix} " + r" \\ ".join(r.replace(" ", " & ") for r in ROWS) + r" \end{bmatrix}"



CASES = [
    # (answer, expected reason)
    (LATEX, "ok"),  # regression: a LaTeX matrix was a parse_error
    (r"\[" + LATEX.replace("bmatrix", "pmatrix") + r"\]", "ok"),  # display math around a pmatrix
    (r"\left[\begin{array}{cc|cc} " + r" \\ \hline ".join(r.replace(" ", " & ") for r in ROWS) + r" \end{array}\right]",
     "ok"),  # an array with a column rule, \hline and \left[ ... \right]
    ("$" + LATEX + "$", "ok"),  # inline math dollars (dropped by the shared extractor)
    ("\n".join("\u2551 " + r + " \u2551" for r in ROWS), "ok"),  # double box-drawing bars
    ("```" + "\n".join(ROWS) + "```", "ok"),  # regression: an inline fence ate the first digit as a language tag
    ("**" + "\n".join(ROWS) + "**", "ok"),  # bold around the grid
    (LATEX.replace("1 & 2", "2 & 1", 1), "violates:given"),  # LaTeX does not hide a broken given
    (LATEX.replace("3 & 4", "3 & -4", 1), "parse_error"),  # a sign is still no separator
    (LATEX + " so the grid is solved", "parse_error"),  # prose after the matrix
    (" & ".join(ROWS), "parse_error"),  # an ampersand outside LaTeX stays unparseable
    (LATEX.replace(r" \\ ", " "), "ok"),  # all 16 cells on one line, as "1 2 3 4 3 4 ..." is accepted
    (LATEX.replace(r"4 \\ 3", r"4 & 3 \\", 1), "parse_error"),  # rows of 5 and 3 cells: the empty entry is refused
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def _valid(p: dict, g: list[list[int]]) -> bool:
    """Every rule, re-checked from the payload: rows, columns, boxes hold 1..n, givens kept."""
    n, br, bc, full = p["size"], p["box_rows"], p["box_cols"], set(range(1, p["size"] + 1))
    units = [*g, *zip(*g)] + [[g[r][c] for r in range(r0, r0 + br) for c in range(c0, c0 + bc)]
                             for r0 in range(0, n, br) for c0 in range(0, n, bc)]  # fmt: skip
    givens = all(v in (0, g[r][c]) for r, row in enumerate(p["puzzle"]) for c, v in enumerate(row))
    return givens and all(set(u) == full for u in units)


LAYOUTS = [
    spaced,
    lambda g: "\n".join("".join(map(str, r)) for r in g),
    str,
    lambda g: "+---+\n" + "\n".join("| " + " ".join(map(str, r)) + " |" for r in g) + "\n+---+",
    latex("pmatrix"),
]


def test_fuzz_mutated_grids_match_an_independent_check():
    fuzz(TASK, _valid, 20240607, LAYOUTS)

"""Futoshiki red team, round 2: framed, tabled and LaTeX grids pass, and a fuzz of mutated grids in
many layouts agrees with an independent inequality check written from the payload alone."""

from __future__ import annotations


import pytest

from redteam_util import check_case, fuzz, latex, run_of_digits, spaced

from logicforge.tasks import get_task

TASK = get_task("futoshiki")
# 3x3, one given and two signs, (0,0) < (0,1) and (1,2) < (2,2): the only solution is 2 3 1 / 3 1 2 / 1 2 3
PAYLOAD = {"n": 3, "givens": [[1, 1, 1]], "less": [[0, 0, 0, 1], [1, 2, 2, 2]]}
ROWS = ["2 3 1", "3 1 2", "1 2 3"]



CASES = [
    # (answer, expected reason)
    ("+-------+\n" + "\n".join(f"| {r} |" for r in ROWS) + "\n+-------+", "ok"),  # regression: a frame
    ("| 2 | 3 | 1 |\n|:-:|:-:|:-:|\n| 3 | 1 | 2 |\n| 1 | 2 | 3 |", "ok"),  # regression: a markdown table
    ("\u2502 2 < 3 \u2502 1\n\u2502 3 \u2502 1 \u2502 2\n\u2502 1 \u2502 2 \u2502 3", "ok"),  # box bars, a sign
    (r"\begin{vmatrix} 2 & 3 & 1 \\ 3 & 1 & 2 \\ 1 & 2 & 3 \end{vmatrix}", "ok"),  # the v of vmatrix is no sign
    ("231312123", "ok"),  # one run of n*n digits
    ("`2 3 1; 3 1 2; 1 2 3`", "ok"),  # inline code
    ("+-----+\n| 2 3 1 |\n| 3 1 2 |\n| 3 2 1 |\n+-----+", "violates:column"),  # a frame around a non-Latin grid
    ("3 2 1\n2 1 3\n1 3 2", "violates:inequality"),  # Latin, keeps the given, breaks (0,0) < (0,1)
    ("1 2 3\n3 1 2\n2 3 1", "violates:inequality"),  # breaks (1,2) < (2,2)
    ("1 3 2\n2 1 3\n3 2 1", "violates:inequality"),  # keeps the given and the first sign only
    ("2 3 1\n1 2 3\n3 1 2", "violates:given"),
    ("2 3 1\n3 1 2\n1 2 3\n+---+\n2 3 1", "wrong_size"),  # a second grid after a rule line
    ("2 3 1\n3 1 2\n1 2 3 & 1", "parse_error"),  # an ampersand outside LaTeX
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def _valid(p: dict, g: list[list[int]]) -> bool:
    """Latin square over 1..n, givens kept, every inequality strict."""
    n = p["n"]
    if any(set(line) != set(range(1, n + 1)) for line in [*g, *zip(*g)]):
        return False
    return all(g[r][c] == v for r, c, v in p["givens"]) and all(g[a][b] < g[c][d] for a, b, c, d in p["less"])


LAYOUTS = [
    spaced,
    lambda g: "+---+\n" + "\n".join("| " + " ".join(map(str, r)) + " |" for r in g) + "\n+---+",
    str,
    run_of_digits,
    latex("bmatrix"),
]


def test_fuzz_mutated_grids_match_an_independent_check():
    fuzz(TASK, _valid, 11, LAYOUTS)

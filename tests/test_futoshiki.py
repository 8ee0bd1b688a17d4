"""Futoshiki: near misses, equivalent and alternative answers, brute-force differential checks, hardness, speed."""

from __future__ import annotations

import itertools
import json
import re
import statistics
import time

import numpy as np
import pytest

from logicforge.generators import futoshiki as gen
from logicforge.tasks import get_task
from logicforge.verifiers.futoshiki import verify

TASK = get_task("futoshiki")

# A generated 4x4 puzzle, frozen: one given, seven signs; unique (checked below by brute force).
PUZZLE = {
    "n": 4,
    "givens": [[2, 3, 2]],
    "less": [[0, 2, 0, 3], [1, 1, 0, 1], [1, 3, 0, 3], [2, 2, 2, 1], [3, 0, 2, 0], [3, 0, 3, 1], [3, 1, 2, 1]],
}
SOLUTION = [[1, 2, 3, 4], [4, 1, 2, 3], [3, 4, 1, 2], [2, 3, 4, 1]]


def wrap(text: str) -> str:
    return f"<think>chasing the signs</think>\n<answer>{text}</answer>"


def rows_text(grid) -> str:
    return "\n".join(" ".join(map(str, row)) for row in grid)


# -- an independent brute force: rows are permutations, checked as soon as they are placed ------------


def brute_solutions(payload: dict) -> list[list[list[int]]]:
    """Every solution: rows chosen among all permutations, pruned on columns, givens and signs."""
    n = payload["n"]
    givens = {(r, c): v for r, c, v in payload["givens"]}
    less = [tuple(x) for x in payload["less"]]
    perms = list(itertools.permutations(range(1, n + 1)))
    out: list[list[list[int]]] = []

    def ok(rows: list[tuple[int, ...]]) -> bool:
        r = len(rows) - 1
        row = rows[r]
        if any(givens.get((r, c), row[c]) != row[c] for c in range(n)):
            return False
        if any(rows[k][c] == row[c] for k in range(r) for c in range(n)):
            return False
        return all(rows[r1][c1] < rows[r2][c2] for r1, c1, r2, c2 in less if max(r1, r2) == r)

    def place(rows: list[tuple[int, ...]]) -> None:
        if len(rows) == n:
            out.append([list(row) for row in rows])
            return
        for perm in perms:
            rows.append(perm)
            if ok(rows):
                place(rows)
            rows.pop()

    place([])
    return out


def holds(payload: dict, grid: list[list[int]]) -> bool:
    """The rules read straight from their statement (for random candidates)."""
    n = payload["n"]
    full = list(range(1, n + 1))
    return (
        all(sorted(row) == full for row in grid)
        and all(sorted(col) == full for col in zip(*grid))
        and all(grid[r][c] == v for r, c, v in payload["givens"])
        and all(grid[a][b] < grid[c][d] for a, b, c, d in payload["less"])
    )


def test_frozen_puzzle_is_unique_and_verifies():
    assert brute_solutions(PUZZLE) == [SOLUTION]
    assert verify(PUZZLE, rows_text(SOLUTION)).correct


# -- 1. near misses, each with the reason it must fail with ---------------------------------------------

NEAR_MISSES = [
    # two cells of the first row swapped: the row is still fine, column 3 now holds two 4s
    ("1 2 4 3\n4 1 2 3\n3 4 1 2\n2 3 4 1", "violates:column"),
    # the first two rows swapped: a Latin square keeping the given, but (2,2) < (1,2) breaks
    ("4 1 2 3\n1 2 3 4\n3 4 1 2\n2 3 4 1", "violates:inequality"),
    # the last two rows swapped: a Latin square, but the given (3,4) = 2 becomes 1
    ("1 2 3 4\n4 1 2 3\n2 3 4 1\n3 4 1 2", "violates:given"),
    # one cell changed: row 4 now holds two 4s
    ("1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 4", "violates:row"),
    # a digit outside 1..4
    ("1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 5", "wrong_value"),
    # a zero left where a blank was
    ("1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 0", "wrong_value"),
    # a missing row
    ("1 2 3 4\n4 1 2 3\n3 4 1 2", "wrong_size"),
    # an extra row appended (a second candidate)
    ("1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1\n2 3 4 1", "wrong_size"),
    # trailing prose inside the tag
    ("1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1\nI think this is right", "parse_error"),
    # the blanks copied from the board
    ("1 . 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1", "parse_error"),
    # a negative number cannot pass as its digit
    ("1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 -1", "parse_error"),
    # two-digit numbers
    ("12 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1", "wrong_value"),
    # an arithmetic expression instead of a number
    ("1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 0+1", "parse_error"),
    # the transposed solution: a Latin square that breaks the given
    ("1 4 3 2\n2 1 4 3\n3 2 1 4\n4 3 2 1", "violates:given"),
]


@pytest.mark.parametrize("text,reason", NEAR_MISSES)
def test_near_misses_fail_with_reason(text, reason):
    verdict = TASK.verify(PUZZLE, wrap(text))
    assert not verdict.correct and verdict.score == 0.0
    assert verdict.reason == reason, (text, verdict)


# -- 2. equivalent formattings and alternative solutions -------------------------------------------------

REFORMATTINGS = [
    "1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1",
    "[[1, 2, 3, 4], [4, 1, 2, 3], [3, 4, 1, 2], [2, 3, 4, 1]]",
    "1,2,3,4\n4,1,2,3\n3,4,1,2\n2,3,4,1",
    "1234\n4123\n3412\n2341",
    "1 2 3 4 4 1 2 3 3 4 1 2 2 3 4 1",
    "| 1 | 2 | 3 | 4 |\n| 4 | 1 | 2 | 3 |\n| 3 | 4 | 1 | 2 |\n| 2 | 3 | 4 | 1 |",
    "```\n1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1\n```",
    "１ ２ ３ ４\n４ １ ２ ３\n３ ４ １ ２\n２ ３ ４ １",  # full-width digits (NFKC)
    # the board layout copied with its signs: the signs only decorate the numbers
    "| 1   2   3 < 4 |\n|     v       v |\n| 4   1   2   3 |\n|               |\n| 3   4 > 1   2 |\n"
    "| v   v         |\n| 2 < 3   4   1 |",
    "1   2   3 < 4\n    v       v\n4   1   2   3\n\n3   4 > 1   2\nv   v\n2 < 3   4   1",
]


@pytest.mark.parametrize("text", REFORMATTINGS)
def test_equivalent_formattings_pass(text):
    assert TASK.verify(PUZZLE, wrap(text)).correct, text


def test_every_solution_of_an_open_puzzle_passes():
    """Without givens and with fewer signs the puzzle has many solutions; the verifier takes them all."""
    loose = {"n": 4, "givens": [], "less": PUZZLE["less"][:2]}
    solutions = brute_solutions(loose)
    assert len(solutions) > 10
    for grid in solutions:
        assert TASK.verify(loose, wrap(rows_text(grid))).correct, grid
    inst = TASK.generate(TASK.params(4), seed=3, index=0)
    loose = {**inst.payload, "givens": []}
    solutions = brute_solutions(loose)
    assert len(solutions) >= 2
    assert all(verify(loose, rows_text(grid)).correct for grid in solutions)


# -- 3. differential tests against the brute force -------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_generated_puzzles_are_unique_by_brute_force(level):
    params = TASK.params(level)
    for index in range(3):
        inst = TASK.generate(params, seed=11, index=index)
        n = inst.payload["n"]
        answer = [[int(x) for x in line.split()] for line in inst.answer.split("\n")]
        assert brute_solutions(inst.payload) == [answer], (level, index)
        assert len(answer) == n


def _candidates(grid: list[list[int]], rng: np.random.Generator) -> list[list[list[int]]]:
    """Random Latin squares near the solution: permuted rows, columns, symbols; a changed cell; swaps."""
    n = len(grid)
    out = []
    for _ in range(40):
        rows, cols, syms = rng.permutation(n), rng.permutation(n), rng.permutation(n) + 1
        out.append([[int(syms[grid[r][c] - 1]) for c in cols] for r in rows])
        wrong = [row[:] for row in grid]
        r, c = (int(x) for x in rng.integers(n, size=2))
        wrong[r][c] = int(rng.integers(1, n + 1))
        out.append(wrong)
        swapped = [row[:] for row in grid]
        c2 = int(rng.integers(n))
        swapped[r][c], swapped[r][c2] = swapped[r][c2], swapped[r][c]
        out.append(swapped)
    return out


def test_verifier_agrees_with_brute_force_on_random_candidates():
    rng = np.random.default_rng(5)
    for level in (1, 3, 4):
        for index in range(3):
            inst = TASK.generate(TASK.params(level), seed=21, index=index)
            loose = {**inst.payload, "givens": inst.payload["givens"][:1]}  # several solutions
            solutions = brute_solutions(loose)
            accepted = {json.dumps(g) for g in solutions}
            for cand in _candidates(solutions[0], rng) + solutions:
                expect = json.dumps(cand) in accepted
                assert holds(loose, cand) == expect
                assert verify(loose, rows_text(cand)).correct == expect, (cand, loose)


# -- the board in the question says exactly what the payload says ---------------------------------------


def _board_constraints(question: str, n: int) -> tuple[list[list[int]], list[list[int]]]:
    """Givens and < pairs read back from the ASCII board only."""
    lines = [line[2:-2] for line in question.split("\n") if line.startswith("| ")]
    givens, less = [], []
    for r in range(n):
        row = lines[2 * r].ljust(4 * n)
        for c in range(n):
            if row[4 * c] != ".":
                givens.append([r, c, int(row[4 * c])])
            sign = row[4 * c + 2] if c < n - 1 else " "
            if sign in "<>":
                less.append([r, c, r, c + 1] if sign == "<" else [r, c + 1, r, c])
        marks = lines[2 * r + 1].ljust(4 * n) if r < n - 1 else ""
        for c in range(n if marks else 0):
            if marks[4 * c] in "^v":
                less.append([r, c, r + 1, c] if marks[4 * c] == "^" else [r + 1, c, r, c])
    return sorted(givens), sorted(less)


@pytest.mark.parametrize("level", [2, 6, 10])
def test_board_and_list_match_the_payload(level):
    inst = TASK.generate(TASK.params(level), seed=4, index=1)
    n = inst.payload["n"]
    givens, less = _board_constraints(inst.question, n)
    assert givens == inst.payload["givens"] and less == inst.payload["less"]
    listed = re.findall(r"^\((\d),(\d)\) < \((\d),(\d)\)$", inst.question, re.M)
    assert sorted([int(a) - 1 for a in m] for m in listed) == inst.payload["less"]


# -- 4. hardness rises with level; generation stays fast and reproducible -------------------------------


def test_hardness_median_is_monotone_in_level():
    medians = []
    for level in range(1, 11):
        params = TASK.params(level)
        medians.append(statistics.median(TASK.generate(params, 8, i).hardness for i in range(10)))
    assert all(a <= b for a, b in zip(medians, medians[1:])), medians
    assert medians[-1] >= 10 * medians[0], medians


def test_generation_time_is_bounded_at_the_hardest_level():
    params = TASK.params(10)
    worst = 0.0
    for index in range(4):
        start = time.process_time()
        TASK.generate(params, 99, index)
        worst = max(worst, time.process_time() - start)
    assert worst < 2.0, worst


def test_knob_rules():
    with pytest.raises(ValueError, match="n"):
        gen.Params(n=10)
    with pytest.raises(ValueError, match="sign_density"):
        gen.Params(sign_density=0.0)

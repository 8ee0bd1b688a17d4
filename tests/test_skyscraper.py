"""Skyscraper: near misses, equivalent and alternative answers, brute-force differential checks, hardness, speed."""

from __future__ import annotations

import itertools
import json
import statistics
import time

import numpy as np
import pytest

from logicforge.generators import skyscraper as gen
from logicforge.generators._skyscraper_solver import line_support
from logicforge.tasks import get_task
from logicforge.verifiers.skyscraper import verify

TASK = get_task("skyscraper")

# A generated 4x4 puzzle, frozen: eleven clues, two givens; unique (checked below by brute force).
PUZZLE = {
    "n": 4,
    "top": [0, 2, 0, 3],
    "bottom": [0, 2, 0, 0],
    "left": [0, 2, 0, 0],
    "right": [2, 2, 3, 1],
    "givens": [[0, 3, 2], [1, 2, 2]],
}
SOLUTION = [[3, 1, 4, 2], [1, 4, 2, 3], [4, 2, 3, 1], [2, 3, 1, 4]]
SIDES = ("top", "bottom", "left", "right")


def wrap(text: str) -> str:
    return f"<think>counting towers</think>\n<answer>{text}</answer>"


def rows_text(grid) -> str:
    return "\n".join(" ".join(map(str, row)) for row in grid)


# -- an independent brute force: rows filtered by their own clues, columns checked at the end -----------


def seen(line) -> int:
    """Visible buildings from the start of a line, counted the slow obvious way."""
    return sum(1 for i, h in enumerate(line) if all(h > x for x in line[:i]))


def clues_hold(payload: dict, grid) -> bool:
    cols = [list(c) for c in zip(*grid)]
    views = {"top": cols, "bottom": [c[::-1] for c in cols], "left": grid, "right": [r[::-1] for r in grid]}
    return all(not k or seen(line) == k for side in SIDES for k, line in zip(payload[side], views[side]))


def brute_solutions(payload: dict) -> list[list[list[int]]]:
    """Every solution: each row a permutation matching its own clues and givens, columns distinct."""
    n = payload["n"]
    givens = {(r, c): v for r, c, v in payload["givens"]}
    options = []
    for r in range(n):
        options.append([
            list(p) for p in itertools.permutations(range(1, n + 1))
            if (not payload["left"][r] or seen(p) == payload["left"][r])
            and (not payload["right"][r] or seen(p[::-1]) == payload["right"][r])
            and all(givens.get((r, c), p[c]) == p[c] for c in range(n))
        ])
    out = []

    def place(rows):
        if len(rows) == n:
            if clues_hold(payload, rows):
                out.append([row[:] for row in rows])
            return
        for row in options[len(rows)]:
            if all(row[c] != prev[c] for prev in rows for c in range(n)):
                place(rows + [row])

    place([])
    return out


def test_frozen_puzzle_is_unique_and_verifies():
    assert brute_solutions(PUZZLE) == [SOLUTION]
    assert verify(PUZZLE, rows_text(SOLUTION)).correct


# -- 1. near misses, each with the reason it must fail with ---------------------------------------------

NEAR_MISSES = [
    # two cells of the first row swapped: the row is fine, column 1 now holds two 1s
    ("1 3 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 4", "violates:column"),
    # heights 3 and 4 exchanged everywhere: a Latin square keeping the givens, top clue of column 2 breaks
    ("4 1 3 2\n1 3 2 4\n3 2 4 1\n2 4 1 3", "violates:top"),
    # heights 1 and 3 exchanged everywhere: every top clue holds, the bottom clue of column 2 breaks
    ("1 3 4 2\n3 4 2 1\n4 2 1 3\n2 1 3 4", "violates:bottom"),
    # the one Latin square with these givens that breaks only the left clue
    ("1 3 4 2\n4 1 2 3\n2 4 3 1\n3 2 1 4", "violates:left"),
    # a Latin square with these givens that holds top, bottom and left but breaks a right clue
    ("4 1 3 2\n1 4 2 3\n3 2 1 4\n2 3 4 1", "violates:right"),
    # the first two rows swapped: the given (1,4) = 2 becomes 3
    ("1 4 2 3\n3 1 4 2\n4 2 3 1\n2 3 1 4", "violates:given"),
    # one cell changed: row 4 now holds two 4s
    ("3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 4 4", "violates:row"),
    # a height outside 1..4
    ("3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 5", "wrong_value"),
    # a missing row
    ("3 1 4 2\n1 4 2 3\n4 2 3 1", "wrong_size"),
    # an extra row (a second candidate appended)
    ("3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 4\n2 3 1 4", "wrong_size"),
    # the clue frame copied around the grid: extra numbers
    ("2 3 1 4 2\n3 1 4 2 2\n1 4 2 3 3\n4 2 3 1 1\n2 3 1 4 4", "wrong_size"),
    # trailing prose inside the tag
    ("3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 4 done", "parse_error"),
    # a negative number cannot pass as its digit
    ("3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 -4", "parse_error"),
    # two-digit numbers
    ("31 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 4", "wrong_value"),
]


@pytest.mark.parametrize("text,reason", NEAR_MISSES)
def test_near_misses_fail_with_reason(text, reason):
    verdict = TASK.verify(PUZZLE, wrap(text))
    assert not verdict.correct and verdict.score == 0.0
    assert verdict.reason == reason, (text, verdict)


# -- 2. equivalent formattings and alternative solutions -------------------------------------------------

REFORMATTINGS = [
    "3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 4",
    "[[3, 1, 4, 2], [1, 4, 2, 3], [4, 2, 3, 1], [2, 3, 1, 4]]",
    "((3,1,4,2),(1,4,2,3),(4,2,3,1),(2,3,1,4))",
    "3142\n1423\n4231\n2314",
    '["3142", "1423", "4231", "2314"]',
    "3 1 4 2 1 4 2 3 4 2 3 1 2 3 1 4",
    "3, 1, 4, 2;\n1, 4, 2, 3;\n4, 2, 3, 1;\n2, 3, 1, 4",
    "```python\n[[3, 1, 4, 2],\n [1, 4, 2, 3],\n [4, 2, 3, 1],\n [2, 3, 1, 4]]\n```",
]


@pytest.mark.parametrize("text", REFORMATTINGS)
def test_equivalent_formattings_pass(text):
    assert TASK.verify(PUZZLE, wrap(text)).correct, text


def test_every_solution_of_an_open_puzzle_passes():
    """With most clues dropped the puzzle has many solutions; the verifier takes every one."""
    loose = {**PUZZLE, "top": [0, 2, 0, 0], "right": [2, 0, 0, 0], "givens": []}
    solutions = brute_solutions(loose)
    assert len(solutions) > 10
    for grid in solutions:
        assert TASK.verify(loose, wrap(rows_text(grid))).correct, grid


# -- 3. differential tests against the brute force -------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_generated_puzzles_are_unique_by_brute_force(level):
    params = TASK.params(level)
    for index in range(3):
        inst = TASK.generate(params, seed=11, index=index)
        answer = [[int(x) for x in line.split()] for line in inst.answer.split("\n")]
        assert brute_solutions(inst.payload) == [answer], (level, index)


def _candidates(grid, rng: np.random.Generator):
    """Latin squares near the solution (permuted rows, columns, heights), one changed cell, a swap."""
    n = len(grid)
    out = []
    for _ in range(40):
        rows, cols, syms = rng.permutation(n), rng.permutation(n), rng.permutation(n) + 1
        out.append([[int(syms[grid[r][c] - 1]) for c in cols] for r in rows])
        r, c, c2 = (int(x) for x in rng.integers(n, size=3))
        wrong = [row[:] for row in grid]
        wrong[r][c] = int(rng.integers(1, n + 1))
        swapped = [row[:] for row in grid]
        swapped[r][c], swapped[r][c2] = swapped[r][c2], swapped[r][c]
        out += [wrong, swapped]
    return out


def test_verifier_agrees_with_brute_force_on_random_candidates():
    rng = np.random.default_rng(5)
    for level in (2, 4, 5):
        for index in range(3):
            inst = TASK.generate(TASK.params(level), seed=21, index=index)
            loose = {**inst.payload, "givens": [], "bottom": [0] * inst.payload["n"]}  # several solutions
            solutions = brute_solutions(loose)
            accepted = {json.dumps(g) for g in solutions}
            for cand in _candidates(solutions[0], rng) + solutions:
                expect = json.dumps(cand) in accepted
                assert verify(loose, rows_text(cand)).correct == expect, (cand, loose)


def test_line_reasoning_matches_enumeration():
    """The solver's line tables agree with filtering every permutation by hand (n = 4)."""
    rng = np.random.default_rng(2)
    for _ in range(200):
        front, back = (int(x) for x in rng.integers(0, 5, size=2))
        doms = tuple(int(x) << 1 for x in rng.integers(1, 16, size=4))
        fits = [
            p for p in itertools.permutations(range(1, 5))
            if (not front or seen(p) == front) and (not back or seen(p[::-1]) == back)
            and all(doms[i] >> p[i] & 1 for i in range(4))
        ]
        expect = tuple(sum({1 << p[i] for p in fits}) for i in range(4)) if fits else None
        assert line_support(4, front, back, doms) == expect, (front, back, doms)


# -- the question states exactly the payload's clues ------------------------------------------------------


@pytest.mark.parametrize("level", [3, 7, 10])
def test_question_lists_the_payload_clues(level):
    inst = TASK.generate(TASK.params(level), seed=4, index=1)
    p = inst.payload
    for side in SIDES:
        listed = next(line for line in inst.question.split("\n") if line.lower().startswith(side))
        values = listed.split(": ", 1)[1].split(", ")
        assert [int(v) if v != "none" else 0 for v in values] == p[side]
    n = p["n"]
    board = [line for line in inst.question.split("\n") if line.count("|") == 2]
    cells = [line.split("|")[1].split() for line in board]
    assert [[r, c, int(v)] for r in range(n) for c, v in enumerate(cells[r]) if v != "."] == p["givens"]
    for side, part in (("left", 0), ("right", 2)):
        assert [int(x) if x != "-" else 0 for x in (line.split("|")[part].strip() for line in board)] == p[side]


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
        gen.Params(n=9)
    with pytest.raises(ValueError, match="omit"):
        gen.Params(omit=1.0)

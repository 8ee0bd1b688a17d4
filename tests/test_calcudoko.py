"""Calcudoko: near misses, equivalent answers, brute-force differential checks, hardness and speed."""

from __future__ import annotations

import itertools
import json
import time
from math import prod

import numpy as np
import pytest

from logicforge.generators import calcudoko as gen
from logicforge.generators._calcudoko_solver import count_solutions
from logicforge.tasks import get_task
from logicforge.verifiers.calcudoko import verify

TASK = get_task("calcudoko")

# a generated 4x4 puzzle, frozen: + * - cages and one given; unique (checked below by brute force)
PUZZLE = {
    "n": 4,
    "cages": [
        {"cells": [[0, 0], [1, 0]], "op": "+", "target": 4},
        {"cells": [[0, 1], [0, 2], [1, 2]], "op": "*", "target": 12},
        {"cells": [[0, 3], [1, 3], [2, 3], [3, 3]], "op": "+", "target": 10},
        {"cells": [[1, 1], [2, 1]], "op": "*", "target": 2},
        {"cells": [[2, 0]], "op": "=", "target": 4},
        {"cells": [[2, 2], [3, 2]], "op": "*", "target": 6},
        {"cells": [[3, 0], [3, 1]], "op": "-", "target": 2},
    ],
}
SOLUTION = [[1, 3, 4, 2], [3, 2, 1, 4], [4, 1, 2, 3], [2, 4, 3, 1]]


def wrap(text: str) -> str:
    return f"<think>filling cages</think>\n<answer>{text}</answer>"


def rows_text(grid) -> str:
    return "\n".join(" ".join(map(str, row)) for row in grid)


# -- an independent brute force: every Latin square (small n), or plain cell-by-cell backtracking -----


def cage_holds(cage: dict, values: list[int]) -> bool:
    op, target = cage["op"], cage["target"]
    if op == "+":
        return sum(values) == target
    if op == "*":
        return prod(values) == target
    if op == "-":
        return len(values) == 2 and abs(values[0] - values[1]) == target
    if op == "/":
        a, b = sorted(values)
        return len(values) == 2 and b == a * target
    return values == [target]


def brute_accepts(payload: dict, grid) -> bool:
    """What the verifier must say: an n x n Latin square over 1..n meeting every cage."""
    n = payload["n"]
    want = list(range(1, n + 1))
    if len(grid) != n or any(sorted(row) != want for row in grid):
        return False
    if any(sorted(col) != want for col in zip(*grid)):
        return False
    return all(cage_holds(c, [grid[r][k] for r, k in c["cells"]]) for c in payload["cages"])


def latin_squares(n: int):
    """Every Latin square of order n (576 for n = 4), row by row."""
    perms = list(itertools.permutations(range(1, n + 1)))

    def extend(rows):
        if len(rows) == n:
            yield [list(r) for r in rows]
            return
        for p in perms:
            if all(p[c] != r[c] for r in rows for c in range(n)):
                yield from extend([*rows, p])

    yield from extend([])


def brute_solutions(payload: dict, limit: int = 10**9) -> list:
    """Solutions by row-major backtracking; a cage is checked once its last cell is filled."""
    n = payload["n"]
    owner = {}
    for cage in payload["cages"]:
        for r, c in cage["cells"]:
            owner[(r, c)] = cage
    last = {id(cage): max(map(tuple, cage["cells"])) for cage in payload["cages"]}
    grid = [[0] * n for _ in range(n)]
    found = []

    def walk(k):
        if len(found) >= limit:
            return
        if k == n * n:
            found.append([row[:] for row in grid])
            return
        r, c = divmod(k, n)
        for v in range(1, n + 1):
            if v in grid[r] or any(grid[i][c] == v for i in range(r)):
                continue
            grid[r][c] = v
            cage = owner[(r, c)]
            if last[id(cage)] != (r, c) or cage_holds(cage, [grid[i][j] for i, j in cage["cells"]]):
                walk(k + 1)
            grid[r][c] = 0

    walk(0)
    return found


# -- 1. near misses, each with the reason it must fail for -------------------------------------------


def changed(grid, edits):
    out = [row[:] for row in grid]
    for (r, c), v in edits.items():
        out[r][c] = v
    return out


NEAR_MISSES = [
    (rows_text(changed(SOLUTION, {(3, 3): 2})), "violates:row"),  # one cell changed: row 4 has two 2s
    (rows_text(changed(SOLUTION, {(0, 0): 3, (0, 1): 1})), "violates:col"),  # a pair swapped in a row
    (rows_text([SOLUTION[1], SOLUTION[0], *SOLUTION[2:]]), "violates:cage"),  # rows 1, 2 swapped: still Latin
    (rows_text([r[1:2] + r[0:1] + r[2:] for r in SOLUTION]), "violates:cage"),  # columns 1, 2 swapped
    (rows_text([*SOLUTION[:2], SOLUTION[3], SOLUTION[2]]), "violates:cage"),  # rows 3, 4 swapped
    (rows_text([[{1: 2, 2: 1}.get(v, v) for v in r] for r in SOLUTION]), "violates:cage"),  # 1 and 2 relabelled
    (rows_text([r[::-1] for r in SOLUTION]), "violates:cage"),  # mirrored left to right
    (rows_text(changed(SOLUTION, {(0, 0): 5})), "wrong_value"),  # out of range
    (rows_text(changed(SOLUTION, {(0, 0): 0})), "wrong_value"),
    (rows_text(changed(SOLUTION, {(0, 0): -1})), "wrong_value"),
    (rows_text(SOLUTION[:3]), "parse_error"),  # a row missing
    (rows_text([*SOLUTION, SOLUTION[0]]), "parse_error"),  # an extra row
    (rows_text(SOLUTION) + "\n" + rows_text(SOLUTION), "parse_error"),  # the grid twice
    (rows_text(SOLUTION) + " done", "parse_error"),  # trailing prose
    (rows_text(SOLUTION).replace("1", "one", 1), "parse_error"),
    ("1 2 3 4\n2 3 4 1\n3 4 1 2\n4 1 2 3", "violates:cage"),  # a valid Latin square, not this puzzle
    ("1 1 1 1\n2 2 2 2\n3 3 3 3\n4 4 4 4", "violates:row"),
    ("1 2 3 4\n1 2 3 4\n1 2 3 4\n1 2 3 4", "violates:col"),
]


@pytest.mark.parametrize(("answer", "reason"), NEAR_MISSES)
def test_near_misses_fail_with_reason(answer, reason):
    verdict = TASK.verify(PUZZLE, wrap(answer))
    assert not verdict.correct and verdict.score == 0.0
    assert verdict.reason == reason, (answer, verdict)


def test_a_broken_given_is_named():
    # a 3x3 whose only cage is a given: any Latin square with the wrong corner fails on it
    puzzle = {"n": 3, "cages": [{"cells": [[0, 0]], "op": "=", "target": 2}]}
    assert verify(puzzle, "2 1 3\n1 3 2\n3 2 1").correct
    assert verify(puzzle, "1 2 3\n2 3 1\n3 1 2").reason == "violates:given"


def test_division_and_difference_either_order_and_exact():
    for a, b in itertools.permutations(range(1, 7), 2):
        div = {"n": 6, "cages": [{"cells": [[0, 0], [0, 1]], "op": "/", "target": 2}]}
        sub = {"n": 6, "cages": [{"cells": [[0, 0], [0, 1]], "op": "-", "target": 2}]}
        rest = [(a, b, *[v for v in range(1, 7) if v not in (a, b)])]
        for k in range(1, 6):
            rest.append(tuple(rest[0][(i + k) % 6] for i in range(6)))
        text = rows_text(rest)
        assert verify(div, text).correct == (max(a, b) == 2 * min(a, b)), (a, b)
        assert verify(sub, text).correct == (abs(a - b) == 2), (a, b)


# -- 2. alternative valid answers and equivalent formattings -----------------------------------------


def test_every_solution_of_an_ambiguous_puzzle_is_accepted():
    # rows as + cages with target 6 allow all 12 Latin squares of order 3; only they pass
    loose = {"n": 3, "cages": [{"cells": [[r, 0], [r, 1], [r, 2]], "op": "+", "target": 6} for r in range(3)]}
    squares = list(latin_squares(3))
    assert len(squares) == 12
    for sq in squares:
        assert verify(loose, rows_text(sq)).correct
    assert not verify(loose, "1 2 3\n2 3 1\n2 3 1").correct


EQUIVALENT = [
    rows_text(SOLUTION),
    json.dumps(SOLUTION),
    str(SOLUTION),
    "\n".join(",".join(map(str, r)) for r in SOLUTION),
    "\n".join("".join(map(str, r)) for r in SOLUTION),  # rows as digit runs
    "\n".join("| " + " | ".join(map(str, r)) + " |" for r in SOLUTION),  # a markdown-style table
    "  " + rows_text(SOLUTION).replace("\n", " \n\n ") + "  ",
    "[" + "; ".join(" ".join(map(str, r)) for r in SOLUTION) + "]",
]


@pytest.mark.parametrize("answer", EQUIVALENT)
def test_equivalent_formattings_pass(answer):
    assert TASK.verify(PUZZLE, wrap(answer)).correct, answer


# -- 3. differential tests against the brute force ---------------------------------------------------


def test_frozen_puzzle_is_unique_by_brute_force():
    assert [sq for sq in latin_squares(4) if brute_accepts(PUZZLE, sq)] == [SOLUTION]


def test_generated_puzzles_are_unique_by_brute_force():
    for level in (1, 2, 3, 4, 5):
        for i in range(4):
            inst = TASK.generate(TASK.params(level), 21, i)
            sols = brute_solutions(inst.payload, limit=2)
            assert len(sols) == 1, (level, i)
            assert rows_text(sols[0]) == inst.answer


def test_verifier_agrees_with_brute_force_on_all_small_grids():
    rng = np.random.default_rng(0)
    squares = {3: list(latin_squares(3)), 4: list(latin_squares(4))}
    for level in (1, 2, 3):
        for i in range(3):
            inst = TASK.generate(TASK.params(level), 22, i)
            n = inst.payload["n"]
            candidates = squares[n] + [rng.integers(1, n + 1, size=(n, n)).tolist() for _ in range(50)]
            for grid in candidates:
                assert verify(inst.payload, rows_text(grid)).correct == brute_accepts(inst.payload, grid)


def random_cages(n: int, rng) -> list[dict]:
    """A random partition labelled from a random Latin square: solvable, often not unique."""
    grid = gen.random_latin_square(n, rng)
    ops = "+-*/"[: int(rng.integers(1, 5))]
    return [gen._label(c, grid, ops, rng) for c in gen._partition(n, int(rng.integers(2, 5)), rng)]


def test_solver_counts_match_brute_force():
    rng = np.random.default_rng(3)
    for it in range(40):
        n = 3 if it % 2 else 4
        payload = {"n": n, "cages": random_cages(n, rng)}
        expected = brute_solutions(payload)
        found, _, finished = count_solutions(n, payload["cages"], limit=10**6)
        assert finished and sorted(found) == sorted(expected), payload


# -- 4. hardness and generation time -----------------------------------------------------------------


def test_hardness_rises_with_level():
    medians = []
    for level in range(1, 11):
        hs = [TASK.generate(TASK.params(level), 5, i).hardness for i in range(10)]
        medians.append(float(np.median(hs)))
    assert medians == sorted(medians), medians
    assert medians[-1] > 20 * medians[0], medians


def test_generation_time_per_item():
    for level in (1, 5, 10):
        worst = 0.0
        for i in range(4):
            start = time.perf_counter()
            TASK.generate(TASK.params(level), 9, i)
            worst = max(worst, time.perf_counter() - start)
        assert worst < 2.0, (level, worst)


def test_cages_partition_the_grid_and_are_connected():
    for level in (1, 4, 7, 10):
        for i in range(3):
            inst = TASK.generate(TASK.params(level), 6, i)
            n = inst.payload["n"]
            cells = [tuple(cell) for cage in inst.payload["cages"] for cell in cage["cells"]]
            assert sorted(cells) == [(r, c) for r in range(n) for c in range(n)]
            for cage in inst.payload["cages"]:
                assert 1 <= len(cage["cells"]) <= TASK.params(level).max_cage
                assert (cage["op"] == "=") == (len(cage["cells"]) == 1)
                assert cage["op"] in "+*=" or len(cage["cells"]) == 2
                assert connected([tuple(c) for c in cage["cells"]])


def connected(cells) -> bool:
    seen, todo = {cells[0]}, [cells[0]]
    while todo:
        r, c = todo.pop()
        for nb in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if nb in cells and nb not in seen:
                seen.add(nb)
                todo.append(nb)
    return len(seen) == len(cells)

"""Calcudoko: generation and the question text, a verifier table of adversarial cases, brute-force agreement
(every solution of an ambiguous puzzle passes) and fuzz, and the generator's solver against brute force."""

from __future__ import annotations

import itertools
import json
import math
import re
import time

import numpy as np
import pytest

from logicforge.generators import calcudoko as gen
from logicforge.generators._calcudoko_solver import count_solutions
from logicforge.generators._fd_make import random_latin
from logicforge.tasks import get_task, prompts
from logicforge.verifiers.calcudoko import verify

from helpers import assert_refused_fast, check_case, fuzz, latex, latin_search, rows_text, run_of_digits, spaced, wrap

TASK = get_task("calcudoko")


def cage_holds(cage: dict, values: list[int]) -> bool:
    """A full cage's rule: - and / take the larger value first; / divides exactly; = is a given."""
    op, target = cage["op"], cage["target"]
    if op == "+":
        return sum(values) == target
    if op == "*":
        return math.prod(values) == target
    if op == "-":
        return len(values) == 2 and abs(values[0] - values[1]) == target
    if op == "/":
        a, b = sorted(values)
        return len(values) == 2 and b == a * target
    return values == [target]


# -- the oracle: an independent brute force over the payload --------------------------------------------------


def ORACLE(payload: dict) -> list[str] | None:
    """Up to two solutions (one row per line), by backtracking over Latin squares (helpers.latin_search).

    Each placement must leave its cage satisfiable: a full cage meets its rule; on a board of up to 6x6,
    with one or two cells open, some filling of them that their rows and columns allow meets it (every
    filling is tried); otherwise a + cage can still reach its sum, a * cage's product divides the target and
    the open cell of a - or / cage has a partner in 1..n. None for a payload marked "unique": false, or past
    1,500 search nodes (levels 1-5 take at most about 250; a 9x9 is often too big).
    """
    if payload.get("unique") is False:
        return None
    n = payload["n"]
    owner = {(r, c): cage for cage in payload["cages"] for r, c in cage["cells"]}

    def ok(grid, r, c) -> bool:
        cage = owner[r, c]
        values = [grid[a][b] for a, b in cage["cells"]]
        filled = [v for v in values if v]
        left, op, t = len(values) - len(filled), cage["op"], cage["target"]
        if not left:
            return cage_holds(cage, filled)
        if left <= 2 and n <= 6:  # try every filling of the open cells that their rows and columns allow
            holes = [(a, b) for a, b in cage["cells"] if not grid[a][b]]
            options = [[v for v in range(1, n + 1) if v not in grid[a] and all(row[b] != v for row in grid)]
                       for a, b in holes]  # fmt: skip
            clash = len(holes) == 2 and (holes[0][0] == holes[1][0] or holes[0][1] == holes[1][1])
            for fill in itertools.product(*options):
                if clash and fill[0] == fill[1]:
                    continue  # two open cells in one row or column hold different values
                full = dict(zip(holes, fill))
                if cage_holds(cage, [grid[a][b] or full[a, b] for a, b in cage["cells"]]):
                    return True
            return False
        if op == "+":
            return sum(filled) + left <= t <= sum(filled) + left * n
        if op == "*":
            return t % math.prod(filled) == 0 and t // math.prod(filled) <= n**left
        if op in "-/" and len(values) == 2:
            (v,) = filled
            partners = (v + t, v - t) if op == "-" else (v * t, v // t if v % t == 0 else 0)
            return any(1 <= w <= n for w in partners)
        return False

    return latin_search(n, ok, budget=1_500)


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


def brute_accepts(payload: dict, grid) -> bool:
    """What the verifier must say: an n x n Latin square over 1..n meeting every cage."""
    n = payload["n"]
    want = list(range(1, n + 1))
    if len(grid) != n or any(sorted(row) != want for row in grid) or any(sorted(col) != want for col in zip(*grid)):
        return False
    return all(cage_holds(c, [grid[r][k] for r, k in c["cells"]]) for c in payload["cages"])


def brute_solutions(payload: dict, limit: int = 10**9) -> list:
    """Solutions by row-major backtracking; a cage is checked once its last cell is filled."""
    n = payload["n"]
    owner = {(r, c): cage for cage in payload["cages"] for r, c in cage["cells"]}
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


# -- 1. generation and the question text ----------------------------------------------------------------------


def english_q1(inst) -> str:
    """The instance's question in the first English wording, the one `parse_question` reads."""
    return prompts.render(TASK.module, "en", "q1", inst.fields)


def parse_question(q: str):
    """(n, cages as (op, target, 0-based cells)) from the question text; the cage map must agree."""
    n = int(re.search(r"Solve this (\d+)x\1 calcudoko", q).group(1))
    cages = []
    for m in re.finditer(r"^Cage \d+: (?:the given (\d+)|(\d+)([-+*/])) at (.*)$", q, re.M):
        cells = [(int(a) - 1, int(b) - 1) for a, b in re.findall(r"\((\d+),(\d+)\)", m.group(4))]
        cages.append(("=", int(m.group(1)), cells) if m.group(1) else (m.group(3), int(m.group(2)), cells))
    layout = q.split("Cage map (cage number of each cell):\n")[1].split("\n\n")[0].split("\n")
    owner = [[int(t) for t in line.split()] for line in layout]
    assert len(owner) == n and all(len(row) == n for row in owner)
    for k, (_, _, cells) in enumerate(cages, 1):
        assert all(owner[r][c] == k for r, c in cells)
    assert sorted(cell for cage in cages for cell in cage[2]) == [(r, c) for r in range(n) for c in range(n)]
    return n, cages


def test_question_text_matches_payload():
    assert "one row per line, numbers separated by spaces" in TASK.prompt("q")[0]["content"]
    for lv in range(1, 11):
        inst = TASK.generate(TASK.params(lv), seed=43, index=0)
        n, cages = parse_question(english_q1(inst))
        assert n == inst.payload["n"]
        assert cages == [(c["op"], c["target"], [tuple(x) for x in c["cells"]]) for c in inst.payload["cages"]]


def _connected(cells) -> bool:
    seen, todo = {cells[0]}, [cells[0]]
    while todo:
        r, c = todo.pop()
        for nb in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if nb in cells and nb not in seen:
                seen.add(nb)
                todo.append(nb)
    return len(seen) == len(cells)


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
                assert _connected([tuple(c) for c in cage["cells"]])


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: a 9x9 takes about 0.2 s to generate, never many seconds."""
    for i in range(4):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 9, i)
        assert time.perf_counter() - start < 10.0, i


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# A generated 4x4 puzzle, frozen: + * - cages and one given; unique (checked below by brute force).
PUZZLE = {"n": 4, "cages": [
    {"cells": [[0, 0], [1, 0]], "op": "+", "target": 4}, {"cells": [[0, 1], [0, 2], [1, 2]], "op": "*", "target": 12},
    {"cells": [[0, 3], [1, 3], [2, 3], [3, 3]], "op": "+", "target": 10},
    {"cells": [[1, 1], [2, 1]], "op": "*", "target": 2}, {"cells": [[2, 0]], "op": "=", "target": 4},
    {"cells": [[2, 2], [3, 2]], "op": "*", "target": 6},
    {"cells": [[3, 0], [3, 1]], "op": "-", "target": 2}]}  # fmt: skip
SOLUTION = [[1, 3, 4, 2], [3, 2, 1, 4], [4, 1, 2, 3], [2, 4, 3, 1]]
# The level-1 prompt's 3x3: solution 3 1 2 / 2 3 1 / 1 2 3.
SMALL = {"n": 3, "cages": [
    {"cells": [[0, 0], [1, 0]], "op": "+", "target": 5}, {"cells": [[0, 1], [0, 2]], "op": "+", "target": 3},
    {"cells": [[1, 1], [1, 2]], "op": "+", "target": 4}, {"cells": [[2, 0]], "op": "=", "target": 1},
    {"cells": [[2, 1]], "op": "=", "target": 2}, {"cells": [[2, 2]], "op": "=", "target": 3}]}  # fmt: skip
GIVEN = {"n": 3, "cages": [{"cells": [[0, 0]], "op": "=", "target": 2}]}  # only a given: any fitting Latin square


def changed(grid, edits):
    out = [row[:] for row in grid]
    for (r, c), v in edits.items():
        out[r][c] = v
    return out


CASES = [
    # (payload, answer, expected reason)
    (PUZZLE, rows_text(changed(SOLUTION, {(3, 3): 2})), "violates:row"),  # one cell changed: row 4 has two 2s
    (PUZZLE, rows_text(changed(SOLUTION, {(0, 0): 3, (0, 1): 1})), "violates:column"),  # a pair swapped in a row
    (PUZZLE, rows_text([SOLUTION[1], SOLUTION[0], *SOLUTION[2:]]), "violates:cage"),  # rows 1, 2 swapped: still Latin
    (PUZZLE, rows_text([r[1:2] + r[0:1] + r[2:] for r in SOLUTION]), "violates:given"),  # columns 1, 2 swapped
    (PUZZLE, rows_text([*SOLUTION[:2], SOLUTION[3], SOLUTION[2]]), "violates:given"),  # rows 3, 4 swapped
    (PUZZLE, rows_text([[{1: 2, 2: 1}.get(v, v) for v in r] for r in SOLUTION]), "violates:cage"),  # 1, 2 relabelled
    (PUZZLE, rows_text([r[::-1] for r in SOLUTION]), "violates:given"),  # mirrored left to right
    (PUZZLE, rows_text(changed(SOLUTION, {(0, 0): 5})), "out_of_range"),  # out of range
    (PUZZLE, rows_text(changed(SOLUTION, {(0, 0): 0})), "out_of_range"),
    (PUZZLE, rows_text(changed(SOLUTION, {(0, 0): -1})), "parse_error"),
    (PUZZLE, rows_text(SOLUTION[:3]), "wrong_shape"),  # a row missing
    (PUZZLE, rows_text([*SOLUTION, SOLUTION[0]]), "wrong_shape"),  # an extra row
    (PUZZLE, rows_text(SOLUTION) + "\n" + rows_text(SOLUTION), "wrong_shape"),  # the grid twice
    (PUZZLE, rows_text(SOLUTION) + " done", "parse_error"),  # trailing prose
    (PUZZLE, rows_text(SOLUTION).replace("1", "one", 1), "parse_error"),
    (PUZZLE, "1 2 3 4\n2 3 4 1\n3 4 1 2\n4 1 2 3", "violates:given"),  # a valid Latin square, not this puzzle
    (PUZZLE, "1 1 1 1\n2 2 2 2\n3 3 3 3\n4 4 4 4", "violates:given"),
    (PUZZLE, "1 2 3 4\n1 2 3 4\n1 2 3 4\n1 2 3 4", "violates:given"),
    (PUZZLE, rows_text(SOLUTION), "ok"),
    (PUZZLE, json.dumps(SOLUTION), "ok"),  # (the same text as str(SOLUTION))
    (PUZZLE, "\n".join(",".join(map(str, r)) for r in SOLUTION), "ok"),
    (PUZZLE, "\n".join("".join(map(str, r)) for r in SOLUTION), "ok"),  # rows as digit runs
    (PUZZLE, "\n".join("| " + " | ".join(map(str, r)) + " |" for r in SOLUTION), "ok"),  # a markdown-style table
    (PUZZLE, "  " + rows_text(SOLUTION).replace("\n", " \n\n ") + "  ", "ok"),
    (PUZZLE, "[" + "; ".join(" ".join(map(str, r)) for r in SOLUTION) + "]", "ok"),
    (GIVEN, "2 1 3\n1 3 2\n3 2 1", "ok"),
    (GIVEN, "1 2 3\n2 3 1\n3 1 2", "violates:given"),  # any Latin square with the wrong corner fails on it
    (SMALL, '"312"\n"231"\n"123"', "ok"),  # regression: rows written as quoted strings were a parse_error
    (SMALL, '["3 1 2", "2 3 1", "1 2 3"]', "ok"),  # regression: a Python list of row strings
    (SMALL, "312231123", "ok"),  # regression: the grid as one run of digits (sudoku and the Latin families)
    (SMALL, r"\begin{pmatrix} 3 & 1 & 2 \\ 2 & 3 & 1 \\ 1 & 2 & 3 \end{pmatrix}", "ok"),  # regression: LaTeX
    (SMALL, "\n".join("\u2551 " + " \u2551 ".join(r.split()) + " \u2551" for r in ["3 1 2", "2 3 1", "1 2 3"]), "ok"),
    (SMALL, "| 312 |\n| 231 |\n| 123 |", "ok"),  # digit runs between bars
    (SMALL, "```3 1 2\n2 3 1\n1 2 3```", "ok"),  # an inline fence: "3" is a cell, not a language tag
    (SMALL, '"312"\n"231"\n"132"', "violates:given"),
    (SMALL, "213321132", "violates:given"),  # Latin, breaks the first cage
    (SMALL, '"3 1 2", "2 3 1"', "wrong_shape"),  # a row missing
    (SMALL, '"3 1 2 2", "3 1", "1 2 3"', "wrong_shape"),  # a long quoted row cannot make up for a short one
    (SMALL, "3122311230", "wrong_shape"),  # one run one digit too long
    (SMALL, r"\begin{pmatrix} 3 & 1 & 2 \\ 2 & 3 & 1 \\ 1 & 2 & 3 \end{pmatrix} \checkmark", "parse_error"),
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


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


@pytest.fixture(scope="module")
def inst():
    return TASK.generate(TASK.params(4), seed=43, index=1)


def test_plausible_reformattings_pass(inst):
    sol = [[int(x) for x in row.split()] for row in inst.answer.split("\n")]
    n = len(sol)
    md = ["| " + " | ".join(map(str, row)) + " |" for row in sol]
    texts = [
        str(sol),
        json.dumps(sol, indent=2),
        "\n".join(", ".join(map(str, row)) for row in sol),
        "\n".join("".join(map(str, row)) for row in sol),
        # regression: a markdown table (header rule) and box-drawn grids were refused as parse_error
        "\n".join([md[0], "|" + "---|" * n, *md[1:]]),
        "\n".join([md[0], "|" + ":-:|" * n, *md[1:]]),
        "\n".join("\u2502".join(map(str, row)) for row in sol),
        "\n".join([rows_text(sol[:2]), "-" * (2 * n), rows_text(sol[2:])]),
    ]
    for text in texts:
        verdict = TASK.verify(inst.payload, wrap(text))
        assert verdict.correct, (text, verdict)


def test_adversarial_answers_fail(inst):
    sol = [[int(x) for x in row.split()] for row in inst.answer.split("\n")]
    text = rows_text(sol)
    swapped = [row[:] for row in sol]
    swapped[0][0], swapped[0][1] = swapped[0][1], swapped[0][0]
    relabel = [[v % len(sol) + 1 for v in row] for row in sol]
    cases = [
        rows_text(swapped),
        rows_text(relabel),  # still a Latin square, breaks cages
        rows_text([list(col) for col in zip(*sol)]) if [list(c) for c in zip(*sol)] != sol else "x",
        text.replace(str(sol[0][0]), "0", 1),
        text.replace(str(sol[0][0]), str(len(sol) + 1), 1),
        text.replace(str(sol[0][0]), "-" + str(sol[0][0]), 1),
        text.replace(str(sol[0][0]), "+" + str(sol[0][0]), 1),
        text.replace(str(sol[0][0]), f"{sol[0][0]}.0", 1),
        text.replace(str(sol[0][0]), f"{2 * sol[0][0]}/2", 1),
        text.replace(str(sol[0][0]), chr(0x0660 + sol[0][0]), 1),
        text + "\n" + text,
        text + " 1",
        rows_text(sol[:-1]),
        "The answer is:\n" + text,
        text.replace("\n", "\n-\n").replace("-\n", "- 1\n", 1),
        inst.question,
        "1e999",
        "9" * 5000,
        "[" * 5000 + "]" * 5000,
        "",
    ]
    for case in cases:
        check_case(TASK, inst.payload, case, None)


def test_hostile_input_is_refused_fast():
    payload = json.dumps(TASK.generate(TASK.params(10), seed=43, index=0).payload)
    hostile = ["9" * 19_000, "-" * 19_000, "|---|\n" * 3_000, "1 2\n" * 4_000, "\u2502" * 19_000,
               "(" * 19_000, "1," * 9_000, "1\n" * 9_000, "-1 " * 6_000]  # fmt: skip
    assert_refused_fast(TASK, [payload], hostile)


# -- 3. brute-force agreement and fuzz ------------------------------------------------------------------------


def test_frozen_puzzle_is_unique_by_brute_force():
    assert [sq for sq in latin_squares(4) if brute_accepts(PUZZLE, sq)] == [SOLUTION]
    assert ORACLE(PUZZLE) == [rows_text(SOLUTION)]


def test_oracle_agrees_with_the_row_major_brute_force():
    for level in (1, 2, 3, 4, 5):
        for i in range(4):
            p = TASK.generate(TASK.params(level), 21, i).payload
            assert ORACLE(p) == [rows_text(g) for g in brute_solutions(p, limit=2)], (level, i)
    assert ORACLE({**PUZZLE, "unique": False}) is None


def test_every_solution_of_an_ambiguous_puzzle_is_accepted():
    # rows as + cages with target 6 allow all 12 Latin squares of order 3; only they pass
    loose = {"n": 3, "cages": [{"cells": [[r, 0], [r, 1], [r, 2]], "op": "+", "target": 6} for r in range(3)]}
    squares = list(latin_squares(3))
    assert len(squares) == 12 and len(ORACLE(loose)) == 2
    for sq in squares:
        assert verify(loose, rows_text(sq)).correct
    assert not verify(loose, "1 2 3\n2 3 1\n2 3 1").correct
    # a 4x4 whose cages are whole rows (sum 10) after the first: many solutions, every one passes, and
    # every Latin square that breaks a cage fails
    n = 4
    cages = [{"cells": [[r, c] for c in range(n)], "op": "+", "target": 10} for r in range(n)]
    cages[0] = {"cells": [[0, 0], [0, 1]], "op": "*", "target": 2}
    cages.insert(1, {"cells": [[0, 2], [0, 3]], "op": "+", "target": 7})
    payload = {"n": n, "cages": cages}
    sols = brute_solutions(payload)
    assert len(sols) > 10
    for sol in sols:
        assert TASK.verify(payload, wrap(rows_text(sol))).correct
    latin = [list(p) for p in itertools.permutations(range(1, n + 1))]
    for rows in itertools.product(latin[:6], repeat=2):
        grid = [rows[0], rows[1], *sols[0][2:]]
        assert TASK.verify(payload, wrap(rows_text(grid))).correct == (grid in sols)


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


def _valid(p: dict, g: list[list[int]]) -> bool:
    """Latin square over 1..n and every cage's arithmetic."""
    n = p["n"]
    if any(set(line) != set(range(1, n + 1)) for line in [*g, *zip(*g)]):
        return False
    return all(cage_holds(c, [g[r][k] for r, k in c["cells"]]) for c in p["cages"])


def test_fuzz_mutated_grids_match_an_independent_check():
    layouts = [spaced, lambda g: "\n".join('"' + "".join(map(str, r)) + '"' for r in g), str, run_of_digits,
               latex("bmatrix")]  # fmt: skip
    fuzz(TASK, _valid, 5, layouts)


# -- 4. family specifics: the generator's solver against brute force ------------------------------------------


def random_cages(n: int, rng) -> list[dict]:
    """A random partition labelled from a random Latin square: solvable, often not unique."""
    flat = random_latin(n, rng)
    grid = [flat[r * n : (r + 1) * n] for r in range(n)]
    ops = "+-*/"[: int(rng.integers(1, 5))]
    return [gen._label(c, grid, ops, rng) for c in gen._partition(n, int(rng.integers(2, 5)), rng)]


def test_solver_and_oracle_count_like_brute_force():
    rng = np.random.default_rng(3)
    for it in range(40):
        n = 3 if it % 2 else 4
        payload = {"n": n, "cages": random_cages(n, rng)}
        expected = brute_solutions(payload)
        found, _, finished = count_solutions(n, payload["cages"], limit=10**6)
        assert finished and sorted(found) == sorted(expected), payload
        oracle = ORACLE(payload)
        assert len(oracle) == min(2, len(expected)) and set(oracle) <= {rows_text(g) for g in expected}, payload

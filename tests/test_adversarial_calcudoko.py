"""Calcudoko red-team: an independent solver that reads only the question text, every solution of an
ambiguous puzzle accepted, adversarial answers, plausible reformattings, bounded time."""

from __future__ import annotations

import itertools
import json
import re
import time

import pytest

from logicforge.generators import calcudoko as gen
from logicforge.tasks import get_task

TASK = get_task("calcudoko")


def wrap(text: str) -> str:
    return f"<think>...</think><answer>{text}</answer>"


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


def meets(op: str, target: int, vals: list[int]) -> bool:
    if op == "=":
        return vals == [target]
    if op == "+":
        return sum(vals) == target
    if op == "*":
        out = 1
        for v in vals:
            out *= v
        return out == target
    if len(vals) != 2:
        return False
    big, small = max(vals), min(vals)
    return big - small == target if op == "-" else big % small == 0 and big // small == target


def solve(q: str, limit: int = 50) -> list[list[list[int]]]:
    """Solutions (up to `limit`) by backtracking row-major, checking a cage once it is full."""
    n, cages = parse_question(q)
    cage_of = {cell: k for k, (_, _, cells) in enumerate(cages) for cell in cells}
    g = [[0] * n for _ in range(n)]
    sols: list[list[list[int]]] = []

    def rec(i: int) -> None:
        if len(sols) >= limit:
            return
        if i == n * n:
            sols.append([row[:] for row in g])
            return
        r, c = divmod(i, n)
        op, target, cells = cages[cage_of[(r, c)]]
        for v in range(1, n + 1):
            if v in g[r] or any(g[k][c] == v for k in range(r)):
                continue
            g[r][c] = v
            vals = [g[a][b] for a, b in cells]
            if (0 not in vals and meets(op, target, vals)) or (0 in vals and not (op == "+" and sum(vals) >= target)):
                rec(i + 1)
            g[r][c] = 0

    rec(0)
    return sols


def rows_text(grid) -> str:
    return "\n".join(" ".join(map(str, row)) for row in grid)


def test_independent_solver_from_question_text_is_accepted():
    assert "one row per line, numbers separated by spaces" in TASK.prompt("q")[0]["content"]
    for lv, count in ((1, 6), (2, 6), (3, 6), (4, 4), (5, 3)):
        for i in range(count):
            inst = TASK.generate(TASK.params(lv), seed=43, index=i)
            sols = solve(inst.question)
            assert sols, (lv, i)
            for sol in sols:
                verdict = TASK.verify(json.dumps(inst.payload), wrap(rows_text(sol)))
                assert verdict.correct, (lv, i, verdict)


def test_question_text_matches_payload():
    for lv in range(1, 11):
        inst = TASK.generate(TASK.params(lv), seed=43, index=0)
        n, cages = parse_question(inst.question)
        assert n == inst.payload["n"]
        assert cages == [(c["op"], c["target"], [tuple(x) for x in c["cells"]]) for c in inst.payload["cages"]]


def test_every_solution_of_an_ambiguous_question_is_accepted():
    """A constraint verifier: a 4x4 whose cages are whole rows (sum 10) admits every Latin square."""
    n = 4
    cages = [{"cells": [[r, c] for c in range(n)], "op": "+", "target": 10} for r in range(n)]
    cages[0] = {"cells": [[0, 0], [0, 1]], "op": "*", "target": 2}
    cages.insert(1, {"cells": [[0, 2], [0, 3]], "op": "+", "target": 7})
    question, payload = gen._question(n, cages), {"n": n, "cages": cages}
    sols = solve(question, limit=1000)
    assert len(sols) > 10
    for sol in sols:
        assert TASK.verify(payload, wrap(rows_text(sol))).correct
    # and every Latin square that breaks a cage fails
    latin = [list(p) for p in itertools.permutations(range(1, n + 1))]
    for rows in itertools.product(latin[:6], repeat=2):
        grid = [rows[0], rows[1], *sols[0][2:]]
        ok = grid in sols
        assert TASK.verify(payload, wrap(rows_text(grid))).correct == ok


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
        verdict = TASK.verify(inst.payload, wrap(case))
        assert not verdict.correct and verdict.score == 0.0, case[:80]
        assert not verdict.reason.startswith("internal_error"), verdict


def test_hostile_input_is_fast_and_never_raises():
    payload = json.dumps(TASK.generate(TASK.params(10), seed=43, index=0).payload)
    hostile = ["9" * 19_000, "-" * 19_000, "|---|\n" * 3_000, "1 2\n" * 4_000, "\u2502" * 19_000,
               "(" * 19_000, "1," * 9_000, "1\n" * 9_000, "-1 " * 6_000]
    for text in hostile:
        start = time.perf_counter()
        verdict = TASK.verify(payload, wrap(text))
        assert time.perf_counter() - start < 0.05, text[:20]
        assert not verdict.correct and not verdict.reason.startswith("internal_error"), verdict

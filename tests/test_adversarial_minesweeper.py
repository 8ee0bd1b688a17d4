"""Minesweeper red-team: independent solvers that read only the question text (exhaustive search on
small levels, integer programming on large ones), adversarial answers, reformattings, bounded time."""

from __future__ import annotations

import json
import re
import time

import numpy as np
import pytest

from logicforge.tasks import get_task

TASK = get_task("minesweeper")


def wrap(text: str) -> str:
    return f"<think>...</think><answer>{text}</answer>"


def parse_question(q: str):
    """(rows, cols, total or None, grid of tokens) read from the question text alone."""
    rows, cols = map(int, re.search(r"has (\d+) rows and (\d+) columns", q).groups())
    m = re.search(r"exactly (\d+) mines in total", q)
    total = int(m.group(1)) if m else None
    assert m or "The total number of mines is not given." in q
    lines = q.split("\n")
    head = next(i for i, line in enumerate(lines) if line.split() == [str(c) for c in range(cols)])
    grid = []
    for r in range(rows):
        toks = lines[head + 1 + r].split()
        assert toks[0] == str(r) and len(toks) == cols + 1
        grid.append(toks[1:])
    return rows, cols, total, grid


def _constraints(rows, cols, total, grid):
    hidden = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "?"]
    index = {h: i for i, h in enumerate(hidden)}
    cons = []
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] != "?":
                near = [index[(r + a, c + b)] for a in (-1, 0, 1) for b in (-1, 0, 1) if (r + a, c + b) in index]
                cons.append((near, int(grid[r][c])))
    return hidden, cons


def forced_by_search(q: str) -> list[tuple[int, int]]:
    """Mine in every consistent arrangement: backtracking over all hidden cells (small grids)."""
    rows, cols, total, grid = parse_question(q)
    hidden, cons = _constraints(rows, cols, total, grid)
    of = [[k for k, (near, _) in enumerate(cons) if i in near] for i in range(len(hidden))]
    val: list[int] = []
    always = [True] * len(hidden)
    seen = [False]

    def fine(k: int) -> bool:
        near, want = cons[k]
        mines = sum(val[i] for i in near if i < len(val))
        return mines <= want <= mines + sum(i >= len(val) for i in near)

    def rec() -> None:
        i = len(val)
        if total is not None and not 0 <= total - sum(val) <= len(hidden) - i:
            return
        if i == len(hidden):
            seen[0] = True
            for j, v in enumerate(val):
                always[j] = always[j] and v == 1
            return
        for v in (0, 1):
            val.append(v)
            if all(fine(k) for k in of[i]):
                rec()
            val.pop()

    rec()
    assert seen[0]
    return [h for h, a in zip(hidden, always) if a]


def forced_by_milp(q: str) -> list[tuple[int, int]]:
    """A hidden cell is forced iff the integer program with that cell safe is infeasible (HiGHS)."""
    opt = pytest.importorskip("scipy.optimize")
    rows, cols, total, grid = parse_question(q)
    hidden, cons = _constraints(rows, cols, total, grid)
    a = np.zeros((len(cons) + (total is not None), len(hidden)))
    b = np.zeros(len(a))
    for k, (near, want) in enumerate(cons):
        a[k, near], b[k] = 1, want
    if total is not None:
        a[-1], b[-1] = 1, total
    out = []
    for i, h in enumerate(hidden):
        upper = np.ones(len(hidden))
        upper[i] = 0
        res = opt.milp(np.zeros(len(hidden)), constraints=[opt.LinearConstraint(a, b, b)],
                       integrality=np.ones(len(hidden)), bounds=opt.Bounds(np.zeros(len(hidden)), upper))
        assert res.status in (0, 2)
        if res.status == 2:
            out.append(h)
    return out


def cells_text(cells) -> str:
    return ", ".join(f"({r}, {c})" for r, c in cells)


def test_independent_search_from_question_text_is_accepted():
    assert "0-based (row, col) pair" in TASK.prompt("q")[0]["content"]
    for lv, count in ((1, 8), (2, 8), (3, 6), (4, 4)):
        for i in range(count):
            inst = TASK.generate(TASK.params(lv), seed=47, index=i)
            forced = forced_by_search(inst.question)
            assert forced, "generated items have a non-empty forced set"
            assert TASK.verify(json.dumps(inst.payload), wrap(cells_text(forced))).correct, (lv, i)
            # listed in another order, still right
            assert TASK.verify(inst.payload, wrap(cells_text(forced[::-1]))).correct


def test_integer_programming_from_question_text_agrees_on_large_levels():
    for lv, count in ((6, 2), (8, 2), (10, 2)):
        for i in range(count):
            inst = TASK.generate(TASK.params(lv), seed=47, index=i)
            forced = forced_by_milp(inst.question)
            assert TASK.verify(inst.payload, wrap(cells_text(forced))).correct, (lv, i)


def test_question_text_matches_payload():
    for lv in range(1, 11):
        inst = TASK.generate(TASK.params(lv), seed=47, index=0)
        rows, cols, total, grid = parse_question(inst.question)
        assert (rows, cols, total) == (inst.payload["rows"], inst.payload["cols"], inst.payload["total"])
        assert ["".join(row) for row in grid] == inst.payload["grid"]


@pytest.fixture(scope="module")
def sample():
    for i in range(40):
        inst = TASK.generate(TASK.params(4), seed=47, index=i)
        forced = [tuple(x) for x in inst.payload["forced"]]
        grid = inst.payload["grid"]
        free = [(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch == "?" and (r, c) not in forced]
        if len(forced) >= 3 and free:
            return inst, forced, free
    raise AssertionError("no sample")


def test_plausible_reformattings_pass(sample):
    inst, forced, _ = sample
    texts = [
        cells_text(forced),
        "[" + cells_text(forced) + "]",
        "{" + cells_text(forced) + "}",
        json.dumps([list(x) for x in forced]),
        str(forced),
        "(" + cells_text(forced) + ")",
        "\n".join(f"({r},{c})" for r, c in forced),
        "; ".join(f"({r}, {c})" for r, c in forced),
        cells_text(forced) + ",",
        cells_text(forced) + ".",  # a closing full stop
        cells_text(forced).replace("(", "\uff08").replace(")", "\uff09"),  # full-width parentheses
    ]
    for text in texts:
        assert TASK.verify(inst.payload, wrap(text)).correct, text


def test_adversarial_answers_fail(sample):
    inst, forced, free = sample
    rows, cols = inst.payload["rows"], inst.payload["cols"]
    grid = inst.payload["grid"]
    shown = next((r, c) for r in range(rows) for c in range(cols) if grid[r][c] != "?")
    hidden = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "?"]
    cases = [
        cells_text(forced[1:]),
        cells_text(forced + [free[0]]),
        cells_text(forced + [forced[0]]),  # duplicated item
        cells_text(forced + [shown]),
        cells_text(hidden),  # every hidden cell at once
        cells_text((r + 1, c + 1) for r, c in forced),  # 1-based
        cells_text((c, r) for r, c in forced),  # (col, row)
        cells_text(forced) + ", (-1, 0)",
        cells_text(forced) + f", ({rows}, 0)",
        cells_text(forced) + ". Done",
        "The mines are " + cells_text(forced),
        cells_text(forced) + " or " + cells_text(forced[1:]),
        "[" + cells_text(forced) + "], [" + cells_text(forced[:1]) + "]",
        "[" + cells_text(forced) + ")",
        " ".join(f"{r} {c}" for r, c in forced),
        cells_text(forced).replace(",", ";"),
        cells_text(forced).replace("0", "\u0660"),
        "[]",
        "none",
        inst.question,
        "(1e999, 0)",
        "(" * 10_000 + ")" * 10_000,
        "(0, 0), " * 2_000,
        "",
    ]
    for case in cases:
        verdict = TASK.verify(inst.payload, wrap(case))
        assert not verdict.correct and verdict.score == 0.0, case[:80]
        assert not verdict.reason.startswith("internal_error"), verdict


def test_hostile_input_is_fast_and_never_raises():
    inst = TASK.generate(TASK.params(10), seed=47, index=0)
    payload = json.dumps(inst.payload)
    TASK.verify(payload, wrap(inst.answer))  # the position's derivation is cached from here on
    hostile = ["9" * 19_000, "(1, 1), " * 2_400, "[" * 19_000, "(" + "1" * 19_000 + ", 1)",
               "(0, 0)" * 3_000, "\n" * 19_000 + "(0, 0)", "(0,0)," * 3_000, inst.answer * 40]
    for text in hostile:
        start = time.perf_counter()
        verdict = TASK.verify(payload, wrap(text))
        assert time.perf_counter() - start < 0.05, text[:20]
        assert not verdict.correct and not verdict.reason.startswith("internal_error"), verdict

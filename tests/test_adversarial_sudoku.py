"""Sudoku red-team: an independent solver that reads only the question text, adversarial answers,
plausible reformattings, and bounded verification time on hostile input."""

from __future__ import annotations

import json
import re
import time

import pytest

from logicforge.tasks import get_task

TASK = get_task("sudoku")


def wrap(text: str) -> str:
    return f"<think>...</think><answer>{text}</answer>"


def parse_question(q: str) -> tuple[int, int, int, list[list[int]]]:
    """(n, box rows, box cols, puzzle rows) read from the question text alone."""
    n = int(re.search(r"Solve this (\d+)x\1 Sudoku", q).group(1))
    br, bc = map(int, re.search(r"boxes of (\d+) rows by (\d+) columns", q).groups())
    rows = []
    for line in q.split("\n\n", 1)[1].split("\n"):
        toks = line.replace("|", " ").split()
        if toks and all(t == "." or t.isdigit() for t in toks):
            rows.append([0 if t == "." else int(t) for t in toks])
    assert len(rows) == n and all(len(r) == n for r in rows)
    return n, br, bc, rows


def solve(q: str, limit: int = 2) -> list[list[list[int]]]:
    """Every solution (up to `limit`) by plain backtracking over the text's puzzle."""
    n, br, bc, rows = parse_question(q)
    g = [v for r in rows for v in r]
    sols: list[list[list[int]]] = []

    def ok(i: int, v: int) -> bool:
        r, c = divmod(i, n)
        r0, c0 = r - r % br, c - c % bc
        return (
            all(g[r * n + k] != v for k in range(n))
            and all(g[k * n + c] != v for k in range(n))
            and all(g[(r0 + a) * n + c0 + b] != v for a in range(br) for b in range(bc))
        )

    def rec() -> None:
        if len(sols) >= limit:
            return
        if 0 not in g:
            sols.append([g[r * n : (r + 1) * n] for r in range(n)])
            return
        i = g.index(0)
        for v in range(1, n + 1):
            if ok(i, v):
                g[i] = v
                rec()
                g[i] = 0

    rec()
    return sols


def rows_text(grid) -> str:
    return "\n".join(" ".join(map(str, row)) for row in grid)


@pytest.fixture(scope="module")
def items():
    return {lv: [TASK.generate(TASK.params(lv), seed=41, index=i) for i in range(6)] for lv in (1, 2, 3, 4, 5, 6)}


def test_independent_solver_from_question_text_is_accepted(items):
    for lv in (1, 2, 3, 4, 5):
        for inst in items[lv]:
            sols = solve(inst.question)
            assert len(sols) == 1, "the question promises exactly one solution"
            # the answer written the way the prompt's format line asks
            assert "one row per line, digits separated by single spaces" in TASK.prompt(inst.question)[0]["content"]
            verdict = TASK.verify(json.dumps(inst.payload), wrap(rows_text(sols[0])))
            assert verdict.correct, (lv, verdict)


def test_question_text_matches_payload(items):
    for lv, insts in items.items():
        for inst in insts:
            n, br, bc, rows = parse_question(inst.question)
            assert (n, br, bc, rows) == (inst.payload["size"], inst.payload["box_rows"],
                                         inst.payload["box_cols"], inst.payload["puzzle"])


def _box_grouped(sol, bc: int) -> str:
    return "\n".join(" ".join("".join(map(str, row[c : c + bc])) for c in range(0, len(row), bc)) for row in sol)


def test_plausible_reformattings_pass(items):
    for lv in (1, 4, 6):
        inst = items[lv][0]
        sol, bc = inst.payload["solution"], inst.payload["box_cols"]
        n = len(sol)
        texts = [
            _box_grouped(sol, bc),  # regression: "534 678 912" (boxes packed) was refused as bad_cell
            "\n".join("|".join("".join(map(str, row[c : c + bc])) for c in range(0, n, bc)) for row in sol),
            # regression: rule lines drawn with dash look-alikes (em dash, minus sign) were refused
            rows_text(sol[:2]) + "\n" + "\u2014" * (2 * n) + "\n" + rows_text(sol[2:]),
            rows_text(sol[:2]) + "\n" + "\u2212" * (2 * n) + "\n" + rows_text(sol[2:]),
            rows_text(sol).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"}),  # full-width
            "\n".join(", ".join(map(str, row)) for row in sol),
            str(sol),
        ]
        for text in texts:
            verdict = TASK.verify(inst.payload, wrap(text))
            assert verdict.correct, (text, verdict)


def test_adversarial_answers_fail(items):
    inst = items[4][0]
    sol = inst.payload["solution"]
    bc = inst.payload["box_cols"]
    n = len(sol)
    puz = inst.payload["puzzle"]
    text = rows_text(sol)
    r, c = next((r, c) for r in range(n) for c in range(n) if puz[r][c] == 0)
    bad_cell = [row[:] for row in sol]
    bad_cell[r][c] = bad_cell[r][c] % n + 1
    arabic = text.translate({ord(d): chr(0x0660 + int(d)) for d in "0123456789"})
    cases = [
        rows_text(bad_cell),
        rows_text([list(col) for col in zip(*sol)]),  # transposed
        rows_text([row[::-1] for row in sol]),
        text.replace("1", "01"),
        text.replace("1", "+1"),
        text.replace(" ", " -", 1),
        arabic,  # Arabic-Indic digits are not NFKC-folded: refused, never misread
        text + "\n" + text,
        text + " 1",
        rows_text(sol[:-1]),
        "The answer is\n" + text,
        text.replace("\n", "\nor\n", 1),
        inst.question,
        rows_text(puz),
        rows_text([[v or 1 for v in row] for row in puz]),
        # box-grouped runs of the wrong width are still ambiguous and refused
        "\n".join(" ".join("".join(map(str, row[k : k + bc + 1])) for k in range(0, n, bc + 1)) for row in sol),
        "1e999",
        "[" * 10_000 + "]" * 10_000,
        "1 " * 9_999,
        "",
    ]
    for case in cases:
        verdict = TASK.verify(inst.payload, wrap(case))
        assert not verdict.correct and verdict.score == 0.0, case[:80]
        assert not verdict.reason.startswith("internal_error"), verdict


def test_hostile_input_is_fast_and_never_raises(items):
    payload = json.dumps(items[6][0].payload)
    hostile = ["9" * 19_000, "-" * 19_000, "|\n" * 9_000, "1 2\n" * 4_000, "\u2014\n" * 9_000,
               "(" * 19_000, "１" * 19_000, "1," * 9_000, "<answer>" * 2_000]
    for text in hostile:
        start = time.perf_counter()
        verdict = TASK.verify(payload, wrap(text))
        assert time.perf_counter() - start < 0.05, text[:20]
        assert not verdict.correct and not verdict.reason.startswith("internal_error"), verdict

"""Sudoku: generation and the question text, a verifier table of adversarial cases, brute-force agreement
and fuzz, and the shared grid layouts that every grid family reads."""

from __future__ import annotations

import inspect
import json
import re

import numpy as np
import pytest

from logicforge.generators import sudoku as gen
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import sudoku as ver

from helpers import assert_refused_fast, check_case, fuzz, latex, rows_text, spaced, wrap

TASK = get_task("sudoku")
BOXES = {4: (2, 2), 6: (2, 3), 9: (3, 3)}


# -- the oracle: an independent brute force over the payload --------------------------------------------------


def ORACLE(payload: dict) -> list[str] | None:
    """Up to two completions of the puzzle, each written as the answer format asks (one row per line).

    Enumerates by plain backtracking over the blank cells, always filling the blank with the fewest
    candidates next; a candidate is a digit 1..n not yet in the cell's row, column or box. Every completion
    is found (no deduction beyond that), so one result means the puzzle is unique. Decides every level
    (a 9x9 with 58 blanks takes milliseconds).
    """
    n, br, bc = payload["size"], payload["box_rows"], payload["box_cols"]
    grid = [list(row) for row in payload["puzzle"]]
    found: list[str] = []

    def candidates(r: int, c: int) -> list[int]:
        r0, c0 = r - r % br, c - c % bc
        used = set(grid[r]) | {grid[i][c] for i in range(n)}
        used |= {grid[r0 + i][c0 + j] for i in range(br) for j in range(bc)}
        return [v for v in range(1, n + 1) if v not in used]

    def walk() -> None:
        blanks = [(r, c) for r in range(n) for c in range(n) if not grid[r][c]]
        if not blanks:
            found.append(rows_text(grid))
            return
        options = [(candidates(r, c), r, c) for r, c in blanks]
        values, r, c = min(options, key=lambda o: len(o[0]))
        for v in values:
            grid[r][c] = v
            walk()
            grid[r][c] = 0
            if len(found) >= 2:
                return

    walk()
    return found


def brute_ok(grid, n: int) -> bool:
    """True if `grid` is a full n x n Sudoku grid (rows, columns and boxes each a permutation of 1..n)."""
    br, bc = BOXES[n]
    want = list(range(1, n + 1))
    if len(grid) != n or any(len(row) != n for row in grid):
        return False
    groups = [list(row) for row in grid] + [list(col) for col in zip(*grid)]
    corners = [(r, c) for r in range(0, n, br) for c in range(0, n, bc)]
    groups += [[grid[r + i][c + j] for i in range(br) for j in range(bc)] for r, c in corners]
    return all(sorted(g) == want for g in groups)


def brute_accepts(puzzle, grid) -> bool:
    """What the verifier must say: a valid grid that keeps every given."""
    keeps = all(p == 0 or p == g for prow, grow in zip(puzzle, grid) for p, g in zip(prow, grow))
    return keeps and brute_ok(grid, len(puzzle))


def brute_solutions(puzzle, limit: int = 2) -> list:
    """Solutions of `puzzle` by row-major backtracking, up to `limit`."""
    n = len(puzzle)
    br, bc = BOXES[n]
    grid = [row[:] for row in puzzle]
    blanks = [(r, c) for r in range(n) for c in range(n) if not grid[r][c]]
    found = []

    def fits(r, c, v):
        if v in grid[r] or any(grid[i][c] == v for i in range(n)):
            return False
        r0, c0 = r - r % br, c - c % bc
        return all(grid[r0 + i][c0 + j] != v for i in range(br) for j in range(bc))

    def walk(k):
        if len(found) >= limit:
            return
        if k == len(blanks):
            found.append([row[:] for row in grid])
            return
        r, c = blanks[k]
        for v in range(1, n + 1):
            if fits(r, c, v):
                grid[r][c] = v
                walk(k + 1)
                grid[r][c] = 0

    walk(0)
    return found


@pytest.fixture(scope="module")
def items():
    """A few instances per size (levels 1-7 keep the brute force quick)."""
    return {lv: [TASK.generate(TASK.params(lv), seed=11, index=i) for i in range(3)] for lv in (1, 3, 4, 5, 6, 7)}


# -- 1. generation and the question text ----------------------------------------------------------------------


def english_q1(inst) -> str:
    """The instance's question in the first English wording, the one `parse_question` reads."""
    return prompts.render(TASK.module, "en", "q1", inst.fields)


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


@pytest.mark.parametrize("level", range(1, 11))
def test_question_text_matches_payload_and_blanks_match_the_knob(level):
    params = TASK.params(level)
    assert "one row per line, digits separated by single spaces" in TASK.prompt("q")[0]["content"]
    for i in range(3):
        inst = TASK.generate(params, seed=41, index=i)
        p = inst.payload
        assert parse_question(english_q1(inst)) == (p["size"], p["box_rows"], p["box_cols"], p["puzzle"])
        assert sum(row.count(0) for row in p["puzzle"]) == params.blanks
        assert brute_ok(p["solution"], p["size"]) and brute_accepts(p["puzzle"], p["solution"])


def test_knob_validation():
    with pytest.raises(ValueError, match="blanks"):
        gen.Params(size=4, blanks=13)
    with pytest.raises(ValueError, match="size"):
        gen.Params(size=5, blanks=4)
    with pytest.raises(ValueError, match="blanks"):
        gen.Params(size=9, blanks=0)


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: no level-10 item takes seconds (the median is about 0.03 s)."""
    import time

    for i in range(4):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), seed=9, index=i)
        assert time.perf_counter() - start < 10.0, i


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# A 4x4 puzzle with four givens; its solution is ROWS.
PAYLOAD = {"size": 4, "box_rows": 2, "box_cols": 2, "puzzle": [[1, 0, 0, 0], [0, 0, 0, 2], [0, 1, 0, 0], [0, 0, 2, 0]],
           "solution": [[1, 2, 3, 4], [3, 4, 1, 2], [2, 1, 4, 3], [4, 3, 2, 1]]}  # fmt: skip
ROWS = ["1 2 3 4", "3 4 1 2", "2 1 4 3", "4 3 2 1"]
LATEX = r"\begin{bmatrix} " + r" \\ ".join(r.replace(" ", " & ") for r in ROWS) + r" \end{bmatrix}"

CASES = [
    # (answer, expected reason; None: refused for any reason)
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
    # an empty LaTeX entry shifts a row as an empty table cell does
    (r"\begin{bmatrix} & 1 & 2 & 3 & 4 \\ 3 & 4 & 1 & 2 & \\ 2 & 1 & 4 & 3 & \\ 4 & 3 & 2 & 1 & \end{bmatrix}", None),
    # bug: rows written box by box skipped the shape check that "1 2 3 4 3 4" rows get
    ("12 34 34\n12 21\n43 43 21", "wrong_shape"),  # regression: lines of 6, 4 and 6 cells
    ("12\n34 34\n12 21 43\n43 21", "wrong_shape"),  # regression: lines of 2, 4, 6 and 4 cells
    ("12 34\n34 12\n21 43\n43 21", "ok"),  # one row per line, box by box
    ("12 34 34 12 21 43 43 21", "ok"),  # all on one line
    ("12\n34\n34\n12\n21\n43\n43\n21", "ok"),  # one box row per line: every line the same share of a row
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def _table(rows: list[str]) -> str:
    return "\n".join("| " + " | ".join(row.split(" ")) + " |" for row in rows)


# The same grid is a solution of each open Latin-square puzzle below, so only the reading is tested.
LATIN = [
    (get_task("futoshiki"), {"n": 4, "givens": [], "less": []}),
    (get_task("skyscraper"), {"n": 4, "top": [0] * 4, "bottom": [0] * 4, "left": [0] * 4, "right": [0] * 4,
                              "givens": []}),  # fmt: skip
    (get_task("calcudoko"), {"n": 4, "cages": []}),
]

GRID_CASES = [
    # (answer, expected reason for sudoku; the Latin families must refuse whatever sudoku refuses)
    # -- bug: an empty table cell shifts the digits after it into other columns
    (_table(["_ " + ROWS[0]] + [r + " _" for r in ROWS[1:]]).replace("_", " "), "parse_error"),  # regression
    ("| 1 | 2 | 3 | 4 |\n| 3 | 4 |  | 1 | 2 |\n| 2 | 1 | 4 | 3 |\n| 4 | 3 | 2 | 1 |", "parse_error"),  # regression
    ("1 2 || 3 4\n3 4 || 1 2\n2 1 || 4 3\n4 3 || 2 1", "parse_error"),  # "||" is an empty Markdown cell too
    # -- bug: a first row of digits after the opening fence was dropped as a language tag
    ("```9999\n" + "\n".join(r.replace(" ", "") for r in ROWS) + "```", "wrong_shape"),  # regression
    ("```4321\n" + "\n".join(ROWS) + "\n```", "wrong_shape"),  # regression
    # -- kept: drawn grids a person reads the same way
    (_table(ROWS[:1]) + "\n|---|---|---|---|\n" + _table(ROWS[1:]), "ok"),  # a Markdown table
    ("| 1 2 | 3 4 |\n| 3 4 | 1 2 |\n|-----+-----|\n| 2 1 | 4 3 |\n| 4 3 | 2 1 |", "ok"),  # box bars and a rule
    (r"\begin{bmatrix} 1 & 2 & 3 & 4 \\ 3 & 4 & 1 & 2 \\ 2 & 1 & 4 & 3 \\ 4 & 3 & 2 & 1 \\ \end{bmatrix}", "ok"),
    ("```text\n" + "\n".join(ROWS) + "\n```", "ok"),  # a real language tag
    # -- attacks that already fail
    ("\n".join(ROWS) + "\n\n" + "\n".join(ROWS), "wrong_shape"),  # two grids: both are read
    ("| 1 | 2 | 3 | 4 |\n|---|---|---|---|\n" + _table(ROWS), "ok"),  # a header row labelling the columns 1..4
    ("| 2 | 1 | 3 | 4 |\n|---|---|---|---|\n" + _table(ROWS), "wrong_shape"),  # no labels: a fifth row
    ("\n".join(f"Row {i + 1}: {r}" for i, r in enumerate(ROWS)), "parse_error"),  # row labels
    ("\n".join(f"{i + 1}: {r}" for i, r in enumerate(ROWS)), "parse_error"),  # digit row labels
    ("+--1--+\n" + "\n".join(ROWS) + "\n+-----+", "parse_error"),  # a frame line that holds a digit
    ("\n".join(ROWS) + "\n---\n1", "wrong_shape"),  # a digit under a rule line still counts
    (r"\begin{bmatrix} " + r" \\ ".join(r.replace(" ", " & ") for r in ROWS) + r" \end{bmatrix}^T", "parse_error"),
    (r"\begin{array}{c1c} " + r" \\ ".join(r.replace(" ", " & ") for r in ROWS) + r" \end{array}", "parse_error"),
    ("\n".join(ROWS[:3]) + "\n4 3 2 \u2500 1", "parse_error"),  # a horizontal box rule between two digits
]


@pytest.mark.parametrize(("answer", "reason"), GRID_CASES)
def test_grid_layouts_are_read_alike_by_every_grid_family(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)
    for task, payload in LATIN:
        assert task.verify(payload, wrap(answer)).correct == (reason == "ok"), (task.name, answer)


def _swap(g, a, b):
    (r1, c1), (r2, c2) = a, b
    g[r1][c1], g[r2][c2] = g[r2][c2], g[r1][c1]


def _near_misses(inst):
    """(description, answer text, expected reason) for one 9x9 instance."""
    sol = [row[:] for row in inst.payload["solution"]]
    puz = inst.payload["puzzle"]
    n = len(sol)
    blank = [(r, c) for r in range(n) for c in range(n) if puz[r][c] == 0]
    given = [(r, c) for r in range(n) for c in range(n) if puz[r][c] != 0]

    def changed(fn):
        g = [row[:] for row in sol]
        fn(g)
        return rows_text(g)

    r, c = blank[0]
    same_row = [(rr, cc) for rr, cc in blank if rr == r and cc != c]
    gr, gc = given[0]
    relabel = {d: d % n + 1 for d in range(1, n + 1)}
    packed = "\n".join("".join(map(str, row)) for row in sol)
    return [
        # one blank cell off by one: its row now repeats a digit
        ("blank cell changed", changed(lambda g: g[r].__setitem__(c, g[r][c] % n + 1)), "violates:row"),
        # a given overwritten by another digit
        ("given changed", changed(lambda g: g[gr].__setitem__(gc, g[gr][gc] % n + 1)), "violates:given"),
        # two blanks of one row swapped: the row is still a permutation, the columns are not
        ("swapped pair in a row", changed(lambda g: _swap(g, (r, c), same_row[0])), "violates:column"),
        # a different valid Sudoku (digits relabelled) that ignores the givens
        ("valid grid, wrong givens", rows_text([[relabel[v] for v in row] for row in sol]), "violates:given"),
        # the two top rows exchanged: still a valid Sudoku, but not this puzzle's
        ("rows 1 and 2 swapped", rows_text([sol[1], sol[0]] + sol[2:]), "violates:given"),
        ("zero left in", changed(lambda g: g[r].__setitem__(c, 0)), "out_of_range"),
        ("missing row", rows_text(sol[:-1]), "wrong_shape"),
        ("extra row", rows_text(sol + [sol[0]]), "wrong_shape"),
        ("extra digit", rows_text(sol) + " 1", "wrong_shape"),
        ("two-digit cell", rows_text(sol).replace(str(sol[0][0]), "10", 1), "out_of_range"),
        ("negative cell", rows_text(sol).replace(" ", " -", 1), "parse_error"),
        ("row labels", "\n".join(f"Row {i}: " + " ".join(map(str, row)) for i, row in enumerate(sol)), "parse_error"),
        ("decimal cells", rows_text(sol).replace(" ", ".0 "), "parse_error"),
        ("puzzle echoed", "\n".join(" ".join(str(v) if v else "." for v in row) for row in puz), "parse_error"),
        ("two grids", rows_text(sol) + "\n\n" + rows_text(sol), "wrong_shape"),
        # rows packed as digit runs, one of them split oddly: the cells are no longer unambiguous
        ("packed row split", packed[:3] + " " + packed[3:], "wrong_shape"),
        ("packed row too short", packed[:-1], "wrong_shape"),
    ]


def test_near_miss_table_on_9x9_items(items):
    for inst in items[6] + items[7]:
        for name, text, reason in _near_misses(inst):
            verdict = TASK.verify(inst.payload, wrap(text))
            assert not verdict.correct and verdict.score == 0.0, name
            assert verdict.reason == reason, (name, verdict.reason)


def _wrong_answers(inst) -> list[str]:
    """Answers that must fail on a 6x6 item, for whatever reason."""
    sol, puz, bc = inst.payload["solution"], inst.payload["puzzle"], inst.payload["box_cols"]
    n = len(sol)
    text = rows_text(sol)
    r, c = next((r, c) for r in range(n) for c in range(n) if puz[r][c] == 0)
    bad_cell = [row[:] for row in sol]
    bad_cell[r][c] = bad_cell[r][c] % n + 1
    return [
        rows_text(bad_cell),
        rows_text([list(col) for col in zip(*sol)]),  # transposed
        rows_text([row[::-1] for row in sol]),
        text.replace("1", "01"),
        text.replace("1", "+1"),
        text.replace(" ", " -", 1),
        text.translate({ord(d): chr(0x0660 + int(d)) for d in "0123456789"}),  # Arabic-Indic: refused, not misread
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


def test_wrong_answers_fail():
    inst = TASK.generate(TASK.params(4), seed=41, index=0)
    for case in _wrong_answers(inst):
        check_case(TASK, inst.payload, case, None)


def test_box_rule_is_checked():
    # A Latin square (rows and columns fine) whose 2x2 boxes repeat digits, keeping the only given.
    payload = {"size": 4, "box_rows": 2, "box_cols": 2, "puzzle": [[1, 0, 0, 0]] + [[0] * 4] * 3,
               "solution": [[1, 2, 3, 4], [3, 4, 1, 2], [2, 1, 4, 3], [4, 3, 2, 1]]}  # fmt: skip
    assert ver.verify(payload, "1 2 3 4\n2 3 4 1\n3 4 1 2\n4 1 2 3").reason == "violates:box"
    # 6x6 boxes are 2 rows by 3 columns: a grid with 3x2 boxes must fail.
    sol6 = TASK.generate(TASK.params(4), 0, 0).payload["solution"]
    transposed = [list(col) for col in zip(*sol6)]
    payload6 = {"size": 6, "box_rows": 2, "box_cols": 3, "puzzle": [[0] * 6] * 6, "solution": sol6}
    assert ver.verify(payload6, rows_text(transposed)).reason == "violates:box"


def _reformattings(sol):
    """The same grid in the notations a model writes (the solution is unique, so no other grid passes)."""
    n = len(sol)
    br, bc = BOXES[n]
    boxed = []
    for r, row in enumerate(sol):
        if r and r % br == 0:
            boxed.append("+".join(["-" * (2 * bc + 1)] * (n // bc)))
        boxed.append(" | ".join(" ".join(map(str, row[c : c + bc])) for c in range(0, n, bc)))
    md = ["| " + " | ".join(map(str, row)) + " |" for row in sol]
    return [
        json.dumps(sol),  # [[5, 3, ...], ...] (the same text as str(sol))
        str(tuple(tuple(row) for row in sol)),  # ((5, 3, ...), ...)
        "\n".join(",".join(map(str, row)) for row in sol),  # CSV rows
        "\n".join(", ".join(map(str, row)) for row in sol),
        "\n".join("".join(map(str, row)) for row in sol),  # packed rows
        "".join(str(v) for row in sol for v in row),  # one n*n digit string
        "\n".join(boxed),  # drawn with box rules
        "\r\n".join("  ".join(map(str, row)) + "  " for row in sol),  # CRLF, double spaces, trailing blanks
        "```\n" + rows_text(sol) + "\n```",  # fenced
        "\n".join("│".join(map(str, row)) for row in sol),  # box-drawing bars
        "[\n" + ",\n".join("  " + json.dumps(row) for row in sol) + "\n]",  # pretty JSON
        rows_text(sol).replace("\n", "\n\n"),  # blank lines between rows
        json.dumps(["".join(map(str, row)) for row in sol]),  # rows as strings: ["534678912", ...]
        str([[str(v) for v in row] for row in sol]),  # [['5', '3', ...], ...]
        "\n".join([md[0], "|" + "---|" * n, *md[1:]]),  # a Markdown table
        rows_text(sol).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"}),  # full-width (NFKC)
        # regression: "534 678 912" (boxes packed) was refused as bad_cell
        "\n".join(" ".join("".join(map(str, row[c : c + bc])) for c in range(0, n, bc)) for row in sol),
        "\n".join("|".join("".join(map(str, row[c : c + bc])) for c in range(0, n, bc)) for row in sol),
        # regression: rule lines drawn with dash look-alikes (em dash, minus sign) were refused
        rows_text(sol[:2]) + "\n" + "\u2014" * (2 * n) + "\n" + rows_text(sol[2:]),
        rows_text(sol[:2]) + "\n" + "\u2212" * (2 * n) + "\n" + rows_text(sol[2:]),
    ]


@pytest.mark.parametrize("level", [1, 4, 6])
def test_equivalent_reformattings_pass(items, level):
    for inst in items[level]:
        for text in _reformattings(inst.payload["solution"]):
            assert TASK.verify(inst.payload, wrap(text)).correct, text


@pytest.mark.parametrize("text", ["1 2 3 4\n" * 4, "", "-", "|", "1" * 16, "[[[[1]]]]", "9" * 5000])
def test_odd_raw_inputs_fail_cleanly(text):
    """The family verifier itself (no extraction in front) on odd text."""
    verdict = ver.verify(TASK.generate(TASK.params(1), 0, 0).payload, text)
    assert not verdict.correct and not verdict.reason.startswith("internal")


def test_hostile_input_is_refused_fast():
    payload = TASK.generate(TASK.params(6), seed=41, index=0).payload
    hostile = ["9" * 19_000, "-" * 19_000, "|\n" * 9_000, "1 2\n" * 4_000, "\u2014\n" * 9_000,
               "(" * 19_000, "１" * 19_000, "1," * 9_000, "<answer>" * 2_000]  # fmt: skip
    assert_refused_fast(TASK, [payload, json.dumps(payload)], hostile)


# -- 3. brute-force agreement and fuzz ------------------------------------------------------------------------


def test_every_4x4_grid_against_brute_force(items):
    grids = brute_solutions([[0] * 4 for _ in range(4)], limit=10_000)
    assert len(grids) == 288  # the known number of 4x4 Sudoku grids
    for lv in (1, 3):
        for inst in items[lv]:
            for grid in grids:
                want = brute_accepts(inst.payload["puzzle"], grid)
                assert TASK.verify(inst.payload, wrap(rows_text(grid))).correct == want
            assert sum(brute_accepts(inst.payload["puzzle"], g) for g in grids) == 1


def _candidates(sol, rng, count):
    """Random near and far candidates: a few cells rewritten, pairs swapped, rows permuted, noise."""
    n = len(sol)
    for _ in range(count):
        g = [row[:] for row in sol]
        kind = rng.integers(4)
        if kind == 0:
            for _ in range(int(rng.integers(1, 3))):
                g[int(rng.integers(n))][int(rng.integers(n))] = int(rng.integers(1, n + 1))
        elif kind == 1:
            _swap(g, tuple(rng.integers(n, size=2)), tuple(rng.integers(n, size=2)))
        elif kind == 2:
            g = [g[int(i)] for i in rng.permutation(n)]
        else:
            g = rng.integers(1, n + 1, size=(n, n)).tolist()
        yield g


def test_random_candidates_agree_with_brute_force(items):
    rng = np.random.default_rng(5)
    seen = {True: 0, False: 0}
    for lv in (4, 5, 6, 7):
        for inst in items[lv]:
            for grid in _candidates(inst.payload["solution"], rng, 150):
                want = brute_accepts(inst.payload["puzzle"], grid)
                got = TASK.verify(inst.payload, wrap(rows_text(grid)))
                assert got.correct == want, (lv, grid, got)
                seen[want] += 1
    assert seen[True] and seen[False]  # both outcomes were exercised


def _valid(p: dict, g: list[list[int]]) -> bool:
    """Every rule, re-checked from the payload: rows, columns, boxes hold 1..n, givens kept."""
    n, br, bc, full = p["size"], p["box_rows"], p["box_cols"], set(range(1, p["size"] + 1))
    units = [*g, *zip(*g)] + [[g[r][c] for r in range(r0, r0 + br) for c in range(c0, c0 + bc)]
                             for r0 in range(0, n, br) for c0 in range(0, n, bc)]  # fmt: skip
    givens = all(v in (0, g[r][c]) for r, row in enumerate(p["puzzle"]) for c, v in enumerate(row))
    return givens and all(set(u) == full for u in units)


def test_fuzz_mutated_grids_match_an_independent_check():
    layouts = [spaced, lambda g: "\n".join("".join(map(str, r)) for r in g), str,
               lambda g: "+---+\n" + "\n".join("| " + " ".join(map(str, r)) + " |" for r in g) + "\n+---+",
               latex("pmatrix")]  # fmt: skip
    fuzz(TASK, _valid, 20240607, layouts)


def test_oracle_agrees_with_the_row_major_brute_force(items):
    """The two enumerations (fewest candidates first, row-major) find the same solutions."""
    for lv in (1, 3, 5):
        for inst in items[lv]:
            assert ORACLE(inst.payload) == [rows_text(g) for g in brute_solutions(inst.payload["puzzle"])]
    open4 = {**PAYLOAD, "puzzle": [[1, 0, 0, 0]] + [[0] * 4] * 3}
    assert len(ORACLE(open4)) == 2  # a loose puzzle: the oracle stops at two


# -- 4. family specifics: the generator's solver ----------------------------------------------------------------


def test_solver_counts_match_brute_force():
    from logicforge.generators._fd import count_solutions

    rng = np.random.default_rng(3)
    for _ in range(60):
        sol = gen.random_solution(4, rng)
        puzzle = [v if rng.random() < 0.3 else 0 for v in sol]
        rows = [puzzle[i : i + 4] for i in range(0, 16, 4)]
        found = count_solutions(gen.board(4), puzzle, limit=500)
        assert found.complete and len(found.solutions) == len(brute_solutions(rows, limit=500))


def test_verifier_never_imports_generators():
    assert "generators" not in inspect.getsource(ver)

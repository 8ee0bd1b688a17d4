"""Sudoku: near misses, reformattings, brute-force differential checks, hardness and speed."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from logicforge.generators import sudoku as gen
from logicforge.tasks import get_task
from logicforge.verifiers import sudoku as ver

TASK = get_task("sudoku")
BOXES = {4: (2, 2), 6: (2, 3), 9: (3, 3)}


def wrap(text: str) -> str:
    return f"<think>solving</think>\n<answer>{text}</answer>"


def rows_text(grid) -> str:
    return "\n".join(" ".join(map(str, row)) for row in grid)


# -- an independent brute force: plain backtracking over a list of lists, no bitmasks ------------------


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
    n = len(puzzle)
    keeps = all(p == 0 or p == g for prow, grow in zip(puzzle, grid) for p, g in zip(prow, grow))
    return keeps and brute_ok(grid, n)


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


def all_4x4_grids() -> list:
    return brute_solutions([[0] * 4 for _ in range(4)], limit=10_000)


@pytest.fixture(scope="module")
def items():
    """A few instances per size (levels 1-7 keep the brute force quick)."""
    return {lv: [TASK.generate(TASK.params(lv), seed=11, index=i) for i in range(3)] for lv in (1, 3, 4, 5, 6, 7)}


# -- 1. near misses, each with its expected reason -----------------------------------------------------


def _near_misses(inst):
    """(description, answer text, expected reason) for one 9x9 instance."""
    sol = [row[:] for row in inst.payload["solution"]]
    puz = inst.payload["puzzle"]
    n = len(sol)
    blank = [(r, c) for r in range(n) for c in range(n) if puz[r][c] == 0]
    given = [(r, c) for r in range(n) for c in range(n) if puz[r][c] != 0]

    def changed(cells, fn):
        g = [row[:] for row in sol]
        fn(g, cells)
        return rows_text(g)

    r, c = blank[0]
    same_row = [(rr, cc) for rr, cc in blank if rr == r and cc != c]
    gr, gc = given[0]
    relabel = {d: d % n + 1 for d in range(1, n + 1)}
    packed = "\n".join("".join(map(str, row)) for row in sol)
    cases = [
        # one blank cell off by one: its row now repeats a digit
        ("blank cell changed", changed(None, lambda g, _: g[r].__setitem__(c, g[r][c] % n + 1)), "violates:row"),
        # a given overwritten by another digit
        ("given changed", changed(None, lambda g, _: g[gr].__setitem__(gc, g[gr][gc] % n + 1)), "violates:given"),
        # two blanks of one row swapped: the row is still a permutation, the columns are not
        ("swapped pair in a row", changed(None, lambda g, _: _swap(g, (r, c), same_row[0])), "violates:col"),
        # a different valid Sudoku (digits relabelled) that ignores the givens
        ("valid grid, wrong givens", rows_text([[relabel[v] for v in row] for row in sol]), "violates:given"),
        # the two top rows exchanged: still a valid Sudoku, but not this puzzle's
        ("rows 1 and 2 swapped", rows_text([sol[1], sol[0]] + sol[2:]), "violates:given"),
        # a zero left in a blank
        ("zero left in", changed(None, lambda g, _: g[r].__setitem__(c, 0)), "out_of_range"),
        # a row missing
        ("missing row", rows_text(sol[:-1]), "wrong_size"),
        # a tenth row appended
        ("extra row", rows_text(sol + [sol[0]]), "wrong_size"),
        # one trailing extra digit
        ("extra digit", rows_text(sol) + " 1", "wrong_size"),
        # a two-digit number in place of a digit
        ("two-digit cell", rows_text(sol).replace(str(sol[0][0]), "10", 1), "wrong_size"),
        # a negative number where the digit was
        ("negative cell", rows_text(sol).replace(" ", " -", 1), "parse_error"),
        # prose row labels inside the tag
        ("row labels", "\n".join(f"Row {i}: " + " ".join(map(str, row)) for i, row in enumerate(sol)), "parse_error"),
        # decimals
        ("decimal cells", rows_text(sol).replace(" ", ".0 "), "parse_error"),
        # the puzzle itself with its dots
        ("puzzle echoed", "\n".join(" ".join(str(v) if v else "." for v in row) for row in puz), "parse_error"),
        # two grids: the answer and a second candidate
        ("two grids", rows_text(sol) + "\n\n" + rows_text(sol), "wrong_size"),
        # rows packed as digit runs, one of them split oddly: the cells are no longer unambiguous
        ("packed row split", packed[:3] + " " + packed[3:], "bad_cell"),
        # packed rows with one digit missing
        ("packed row too short", packed[:-1], "wrong_size"),
    ]
    return cases


def _swap(g, a, b):
    (r1, c1), (r2, c2) = a, b
    g[r1][c1], g[r2][c2] = g[r2][c2], g[r1][c1]


def test_near_miss_table(items):
    for inst in items[6] + items[7]:
        for name, text, reason in _near_misses(inst):
            verdict = TASK.verify(inst.payload, wrap(text))
            assert not verdict.correct and verdict.score == 0.0, name
            assert verdict.reason == reason, (name, verdict.reason)


def test_box_rule_is_checked():
    # A Latin square (rows and columns fine) whose 2x2 boxes repeat digits, keeping the only given.
    payload = {"size": 4, "box_rows": 2, "box_cols": 2, "puzzle": [[1, 0, 0, 0]] + [[0] * 4] * 3,
               "solution": [[1, 2, 3, 4], [3, 4, 1, 2], [2, 1, 4, 3], [4, 3, 2, 1]]}
    assert ver.verify(payload, "1 2 3 4\n2 3 4 1\n3 4 1 2\n4 1 2 3").reason == "violates:box"
    # 6x6 boxes are 2 rows by 3 columns: a grid with 3x2 boxes must fail.
    sol6 = TASK.generate(TASK.params(4), 0, 0).payload["solution"]
    transposed = [list(col) for col in zip(*sol6)]
    payload6 = {"size": 6, "box_rows": 2, "box_cols": 3, "puzzle": [[0] * 6] * 6, "solution": sol6}
    assert ver.verify(payload6, rows_text(transposed)).reason == "violates:box"


# -- 2. equivalent reformattings pass (the solution is unique, so there is no other valid answer) -------


def _reformattings(sol):
    n = len(sol)
    br, bc = BOXES[n]
    boxed = []
    for r, row in enumerate(sol):
        if r and r % br == 0:
            boxed.append("+".join(["-" * (2 * bc + 1)] * (n // bc)))
        boxed.append(" | ".join(" ".join(map(str, row[c : c + bc])) for c in range(0, n, bc)))
    return [
        json.dumps(sol),  # [[5, 3, ...], ...]
        str(tuple(tuple(row) for row in sol)),  # ((5, 3, ...), ...)
        "\n".join(",".join(map(str, row)) for row in sol),  # CSV rows
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
        "\n".join("| " + " | ".join(map(str, row)) + " |" for row in sol[:1])
        + "\n|" + "---|" * n + "\n" + "\n".join("| " + " | ".join(map(str, row)) + " |" for row in sol[1:]),  # md table
    ]


def test_equivalent_reformattings_pass(items):
    for lv in (1, 4, 6):
        for inst in items[lv]:
            for text in _reformattings(inst.payload["solution"]):
                assert TASK.verify(inst.payload, wrap(text)).correct, text


def test_fullwidth_digits_pass_after_normalisation(items):
    inst = items[6][0]
    wide = inst.answer.translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    assert TASK.verify(inst.payload, wrap(wide)).correct


# -- 3. differential tests against the brute force ------------------------------------------------------


def test_unique_by_brute_force(items):
    for lv in (1, 3, 4, 5, 6):
        for inst in items[lv]:
            sols = brute_solutions(inst.payload["puzzle"])
            assert sols == [inst.payload["solution"]], (lv, len(sols))
            assert brute_ok(inst.payload["solution"], inst.payload["size"])


def test_every_4x4_grid_against_brute_force(items):
    grids = all_4x4_grids()
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


def test_solver_counts_match_brute_force():
    from logicforge.generators import _sudoku_solver as solver

    rng = np.random.default_rng(3)
    geo = solver.geometry(4)
    for _ in range(60):
        sol = solver.random_solution(geo, rng)
        puzzle = [v if rng.random() < 0.3 else 0 for v in sol]
        rows = [puzzle[i : i + 4] for i in range(0, 16, 4)]
        assert solver.count_solutions(geo, puzzle, limit=500) == len(brute_solutions(rows, limit=500))


# -- 4. hardness, generation time, knobs and determinism ------------------------------------------------


def test_hardness_rises_with_level():
    medians = []
    for lv in range(1, 11):
        insts = [TASK.generate(TASK.params(lv), seed=3, index=i) for i in range(10)]
        assert all(sum(r.count(0) for r in x.payload["puzzle"]) == TASK.params(lv).blanks for x in insts)
        medians.append(float(np.median([x.hardness for x in insts])))
    assert medians == sorted(medians), medians
    assert medians[-1] > 10 * medians[0], medians


def test_generation_time_is_bounded():
    for lv in (5, 10):
        worst = 0.0
        for i in range(4):
            start = time.perf_counter()
            TASK.generate(TASK.params(lv), seed=9, index=i)
            worst = max(worst, time.perf_counter() - start)
        assert worst < 2.0, (lv, worst)


def test_knob_validation():
    with pytest.raises(ValueError, match="blanks"):
        gen.Params(size=4, blanks=13)
    with pytest.raises(ValueError, match="size"):
        gen.Params(size=5, blanks=4)
    with pytest.raises(ValueError, match="blanks"):
        gen.Params(size=9, blanks=0)


def test_verifier_never_imports_generators():
    import inspect

    assert "generators" not in inspect.getsource(ver)


@pytest.mark.parametrize("text", ["1 2 3 4\n" * 4, "", "-", "|", "1" * 16, "[[[[1]]]]", "9" * 5000])
def test_odd_inputs_fail_cleanly(text):
    payload = TASK.generate(TASK.params(1), 0, 0).payload
    verdict = ver.verify(payload, text)
    assert not verdict.correct and not verdict.reason.startswith("internal")

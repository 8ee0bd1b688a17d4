"""star_placement (Star Battle): a verifier table of adversarial cases, universal answers, brute-force agreement
(the generator's uniqueness proof, every solution of an open puzzle passes) and fuzz, hostile input, generation."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter

import pytest

from logicforge.generators import star_placement as gen
from logicforge.tasks import get_task
from logicforge.verifiers.star_placement import verify

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("star_placement")
Grid = list[list[int]]

# A 5x5 one-star puzzle (found by brute force over region layouts): its only solution is SOLUTION, and the
# placement TOUCHING keeps every row, column and region but has two stars touching diagonally.
PUZZLE = {"n": 5, "k": 1, "regions": ["AAABB", "CABBB", "CCDBB", "CCDBB", "CCDBE"]}
SOLUTION = "0 1 0 0 0\n0 0 0 1 0\n1 0 0 0 0\n0 0 1 0 0\n0 0 0 0 1"
TOUCHING = "1 0 0 0 0\n0 0 0 1 0\n0 1 0 0 0\n0 0 1 0 0\n0 0 0 0 1"


def stars_text(cols_per_row: list[list[int]], n: int) -> str:
    """The answer format: one row per line, 1 at the listed columns (0-based), 0 elsewhere."""
    return "\n".join(" ".join("1" if c in cols else "0" for c in range(n)) for cols in cols_per_row)


def grid_text(grid: Grid) -> str:
    return "\n".join(" ".join(map(str, row)) for row in grid)


def grid_of(text: str) -> Grid:
    return [[int(x) for x in line.split()] for line in text.split("\n")]


# -- 1. the adversarial table ---------------------------------------------------------------------------------

CASES = [
    (SOLUTION, "ok"),
    (SOLUTION.replace(" ", ""), "ok"),  # rows as runs of digits
    (SOLUTION.replace(" ", "").replace("\n", ""), "ok"),  # the whole grid as one run of n*n digits
    (json.dumps([[int(x) for x in line.split()] for line in SOLUTION.split("\n")]), "ok"),  # nested lists
    (SOLUTION.replace("\n", "; "), "ok"),  # rows separated by semicolons
    ("```\n" + SOLUTION + "\n```", "ok"),  # a code fence
    (
        "| C1 | C2 | C3 | C4 | C5 |\n|---|---|---|---|---|\n"
        + "\n".join("| " + line.replace(" ", " | ") + " |" for line in SOLUTION.split("\n")),
        "ok",
    ),  # a Markdown table with a header of column labels
    (
        r"\begin{bmatrix}" + r"\\".join(line.replace(" ", " & ") for line in SOLUTION.split("\n")) + r"\end{bmatrix}",
        "ok",
    ),  # LaTeX
    (SOLUTION + ".", "ok"),  # a closing full stop is not a cell
    ("\n".join("0 " * 4 + "0" for _ in range(5)), "violates:row"),  # universal: no star at all
    ("\n".join("1 " * 4 + "1" for _ in range(5)), "violates:row"),  # universal: a star everywhere
    (stars_text([[0], [1], [2], [3], [4]], 5), "violates:region"),  # universal: the diagonal (region A twice)
    (stars_text([[4], [3], [2], [1], [0]], 5), "violates:region"),  # the anti-diagonal (region B twice)
    (stars_text([[0, 2, 4], [], [0, 2, 4], [], [1, 3]], 5), "violates:row"),  # 8 stars, rows of 3, 0 and 2
    (stars_text([[1], [3], [1], [3], [0]], 5), "violates:column"),  # one per row, columns 2 and 4 twice
    (stars_text([[3], [1], [4], [2], [0]], 5), "violates:region"),  # no two touch; B twice, region E left empty
    (TOUCHING, "violates:touching"),  # rows, columns, regions kept; (3,2) and (4,3) touch diagonally
    (stars_text([[0, 1], [], [2], [3], [4]], 5), "violates:row"),  # side by side is caught as a row first
    (SOLUTION.replace("1", "*").replace("0", "."), "parse_error"),  # stars and dots are not the stated marks
    (SOLUTION.replace("1", "2"), "out_of_range"),  # a 2 is neither a star nor an empty cell
    (SOLUTION.replace("1", "-1"), "parse_error"),  # signs are refused
    (SOLUTION.replace("1", "1.0"), "parse_error"),
    (SOLUTION.replace("0 0 0 0 1", "0 0 0 0 01"), "parse_error"),  # zero-padded
    (SOLUTION.replace("1", "x"), "parse_error"),  # an unknown mark
    ("\n".join(SOLUTION.split("\n")[:4]), "wrong_shape"),  # a row missing
    (SOLUTION + "\n0 0 0 0 0", "wrong_shape"),  # an extra row
    (SOLUTION.replace("0 0 0 0 1", "0 0 0 1"), "wrong_shape"),  # a short row
    ("(1, 2), (2, 4), (3, 1), (4, 3), (5, 5)", "wrong_shape"),  # the stars as a cell list: not the format
    (SOLUTION + "\nand that is all", "parse_error"),
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PUZZLE, answer, reason)


@pytest.mark.parametrize(("payload", "reason"), [
    ({"n": 5, "k": 1, "regions": ["AAABB", "CABBB", "CCDBB", "CCDBB", "CCDBB"]}, "bad_payload"),  # 4 regions
    ({"n": 5, "k": 1, "regions": ["AAABB", "CABBB", "CCDBB", "CCDBB"]}, "bad_payload"),  # a row missing
    ({"n": 5, "k": 1}, "bad_payload"),
])  # fmt: skip
def test_inconsistent_payload_passes_nothing(payload, reason):
    assert TASK.verify(payload, wrap(SOLUTION)).reason == reason


# -- 2. an independent brute force ----------------------------------------------------------------------------


def holds(payload: dict, grid: Grid) -> bool:
    """The rules as stated: k stars in every row, column and region (all of them), no two stars touching."""
    n, k, regions = payload["n"], payload["k"], payload["regions"]
    stars = [(r, c) for r in range(n) for c in range(n) if grid[r][c]]
    if Counter(r for r, _ in stars) != Counter({r: k for r in range(n)}):
        return False
    if Counter(c for _, c in stars) != Counter({c: k for c in range(n)}):
        return False
    if Counter(regions[r][c] for r, c in stars) != Counter({x: k for x in set("".join(regions))}):
        return False
    return all(max(abs(a - c), abs(b - d)) > 1 for (a, b), (c, d) in itertools.combinations(stars, 2))


def brute_solutions(payload: dict, limit: int = 10**9) -> list[Grid]:
    """Every solution: rows chosen among all k-subsets of columns, pruned on columns, regions and touching."""
    n, k, regions = payload["n"], payload["k"], payload["regions"]
    patterns = list(itertools.combinations(range(n), k))
    out: list[Grid] = []
    cols, regs = Counter(), Counter()

    def place(rows: list[tuple[int, ...]]) -> None:
        r = len(rows)
        if len(out) >= limit:
            return
        if r == n:
            grid = [[int(c in row) for c in range(n)] for row in rows]
            if holds(payload, grid):
                out.append(grid)
            return
        for p in patterns:
            if any(b - a < 2 for a, b in zip(p, p[1:])) or (r and any(abs(a - b) < 2 for a in p for b in rows[-1])):
                continue
            cols.update(p)
            regs.update(regions[r][c] for c in p)
            if all(cols[c] <= k for c in p) and all(regs[regions[r][c]] <= k for c in p):
                rows.append(p)
                place(rows)
                rows.pop()
            cols.subtract(p)
            regs.subtract(regions[r][c] for c in p)

    place([])
    return out


def test_frozen_puzzle_is_unique():
    assert brute_solutions(PUZZLE) == [grid_of(SOLUTION)]
    assert not holds(PUZZLE, grid_of(TOUCHING))


@pytest.mark.parametrize("level", [1, 2, 3, 4, 7])
def test_generated_puzzles_are_unique_by_brute_force(level):
    """The generator's counting solver says one solution; an independent brute force agrees, and it is the reference."""
    for index in range(3):
        inst = TASK.generate(TASK.params(level), seed=3, index=index)
        assert brute_solutions(inst.payload, limit=2) == [grid_of(inst.answer)], (level, index)


def test_every_solution_of_an_open_puzzle_passes():
    """Regions that are the rows: every placement of non-touching stars one per row and column is a solution."""
    for n, k in ((6, 1), (8, 2)):
        loose = {"n": n, "k": k, "regions": [chr(65 + r) * n for r in range(n)]}
        solutions = brute_solutions(loose, limit=300)
        assert len(solutions) >= (10 if k == 1 else 2)  # 8x8 holds only two 2-star placements
        for grid in solutions:
            assert verify(loose, grid_text(grid)).correct, grid


def test_unproved_puzzles_accept_any_valid_placement():
    params = gen.Params(n=6, k=1, unique=False)
    for index in range(5):
        inst = TASK.generate(params, seed=2, index=index)
        assert inst.payload["unique"] is False
        solutions = brute_solutions(inst.payload, limit=50)
        assert grid_of(inst.answer) in solutions
        assert all(TASK.verify(inst.payload, wrap(grid_text(g))).correct for g in solutions)


def _universal(n: int, k: int) -> list[str]:
    """Answers that ignore the puzzle: empty, full, diagonals, stripes, fixed non-touching placements."""
    out = [grid_text([[0] * n] * n), grid_text([[1] * n] * n)]
    out += [grid_text([[int(c == r) for c in range(n)] for r in range(n)]),
            grid_text([[int(c == n - 1 - r) for c in range(n)] for r in range(n)]),
            grid_text([[int(c % 2 == 0) for c in range(n)] for r in range(n)]),
            grid_text([[int((r + c) % 2 == 0) for c in range(n)] for r in range(n)])]  # fmt: skip
    for step in range(2, n):  # stars k apart in a row, shifted by `step` columns each row
        rows = [[int(any(c == (r * step + j * (n // k)) % n for j in range(k))) for c in range(n)] for r in range(n)]
        out.append(grid_text(rows))
    return out


@pytest.mark.parametrize("level", [1, 3, 5, 7, 10])
def test_universal_answers_fail(level):
    for index in range(6):
        inst = TASK.generate(TASK.params(level), seed=4, index=index)
        n, k = inst.payload["n"], inst.payload["k"]
        for text in _universal(n, k) + [inst.question, "\n".join(inst.payload["regions"])]:
            if text != inst.answer:
                check_case(TASK, inst.payload, text, None)


def _mutants(grid: Grid, rng: random.Random) -> list[Grid]:
    """Near misses: a star moved along its row or column, two rows or columns swapped, a star added or removed."""
    n = len(grid)
    out = []
    for _ in range(30):
        g = [row[:] for row in grid]
        kind, a, b = rng.randrange(5), rng.randrange(n), rng.randrange(n)
        if kind == 0:
            c = g[a].index(1)
            g[a][c], g[a][b] = g[a][b], g[a][c]
        elif kind == 1:
            g[a], g[b] = g[b], g[a]
        elif kind == 2:
            for row in g:
                row[a], row[b] = row[b], row[a]
        elif kind == 3:
            g[a][b] ^= 1
        out.append(g)
    return out


def test_fuzz_mutants_match_the_independent_check():
    rng = random.Random(7)
    layouts = [grid_text, lambda g: "\n".join("".join(map(str, row)) for row in g), json.dumps]
    for level in (1, 4, 7, 10):
        for index in range(3):
            inst = TASK.generate(TASK.params(level), seed=9, index=index)
            for grid in _mutants(grid_of(inst.answer), rng):
                want = holds(inst.payload, grid)
                for layout in layouts:
                    assert TASK.verify(inst.payload, wrap(layout(grid))).correct == want, (level, grid)


def test_hostile_input_is_refused_fast():
    inst = TASK.generate(TASK.params(10), 5, 0)
    hostile = ["1 " * 9_999, "[" * 9_999, "0101\n" * 4000, "0" * 20_000, "\u00b9" * 5000, "[[" + "1," * 5000 + "]]",
               "| 1 | 0 |\n" * 2000, "1" * 100, "(" * 3000 + "1" + ")" * 3000]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)


# -- 3. generation --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 6, 7, 10])
def test_regions_are_connected_and_hold_k_reference_stars(level):
    for index in range(4):
        inst = TASK.generate(TASK.params(level), seed=6, index=index)
        n, k, regions = inst.payload["n"], inst.payload["k"], inst.payload["regions"]
        letters = sorted(set("".join(regions)))
        assert letters == [chr(65 + i) for i in range(n)] and regions[0][0] == "A"
        for letter in letters:
            cells = {(r, c) for r in range(n) for c in range(n) if regions[r][c] == letter}
            seen, todo = {min(cells)}, [min(cells)]
            while todo:
                r, c = todo.pop()
                for nb in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                    if nb in cells and nb not in seen:
                        seen.add(nb)
                        todo.append(nb)
            assert seen == cells, (level, index, letter)
        assert holds(inst.payload, grid_of(inst.answer))
        assert inst.fields == {"n": n, "k": k, "regions": regions} and inst.hardness > 0


def test_knob_checks():
    with pytest.raises(ValueError, match="k=2 needs n >= 9"):
        gen.Params(n=8, k=2)
    with pytest.raises(ValueError, match="min_work needs unique"):
        gen.Params(min_work=10, unique=False)
    with pytest.raises(ValueError):
        gen.Params(n=3)
    assert gen.Params(n=9, k=2).k == 2

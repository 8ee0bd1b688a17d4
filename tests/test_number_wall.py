"""number_wall: the question text, a verifier table of adversarial cases (every rule broken once, universal
answers), every solution of an open puzzle accepted, and a brute force over every wall layout of small
puzzles that the verifier and the generator's solver must agree with."""

from __future__ import annotations

import itertools
import json
import random
import time

import pytest

from logicforge.generators import number_wall as gen
from logicforge.tasks import get_task, prompts
from logicforge.verifiers.number_wall import verify

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("number_wall")


# -- an independent statement of the rules, and a brute force over wall layouts -------------------------------


def holds(payload: dict, grid: list[list[object]]) -> bool:
    """The rules as the prompt states them, checked with a union-find over flat cells (the verifier uses
    flood fills): numbers as given, islands, corners, 2x2 walls, one wall area."""
    rows, cols = payload["rows"], payload["cols"]
    clues = {r * cols + c: k for r, c, k in payload["clues"]}
    flat = [v for row in grid for v in row]
    n = rows * cols
    if any(isinstance(v, int) and clues.get(i) != v for i, v in enumerate(flat)) or any(
            flat[i] != k for i, k in clues.items()):  # fmt: skip
        return False
    wall = [v == "A" for v in flat]
    blocks = [(i, i + 1, i + cols, i + cols + 1) for i in range(n - cols) if i % cols != cols - 1]
    if any(all(wall[i] for i in b) for b in blocks):
        return False
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = x = parent[parent[x]]
        return x

    for i in range(n):
        for j in (i + 1, i + cols):
            if j < n and (j == i + cols or j % cols) and wall[i] == wall[j]:
                parent[root(i)] = root(j)  # walls join walls, island cells join island cells
    size, numbers = [0] * n, [[] for _ in range(n)]
    for i in range(n):
        if not wall[i]:
            size[root(i)] += 1
            if isinstance(flat[i], int):
                numbers[root(i)].append(flat[i])
    if any(not wall[i] and root(i) == i and numbers[i] != [size[i]] for i in range(n)):
        return False
    for a, b, c, d in blocks:
        if (not wall[a] and not wall[d] and root(a) != root(d)) or (not wall[b] and not wall[c] and root(b) != root(c)):
            return False
    return len({root(i) for i in range(n) if wall[i]}) <= 1


def layouts(payload: dict, pools: bool = False):
    """Every grid: each cell without a number a wall or an island cell, numbers where the clues are; built
    row by row. Without `pools`, only grids that may keep the rules: no row closing a 2x2 block of walls,
    and as many O cells as the islands need (the numbers' sum less one numbered cell each)."""
    rows, cols = payload["rows"], payload["cols"]
    clues = {(r, c): k for r, c, k in payload["clues"]}
    options = [[[clues[r, c]] if (r, c) in clues else ["A", "O"] for c in range(cols)] for r in range(rows)]
    choices = [[list(row) for row in itertools.product(*options[r])] for r in range(rows)]

    land = sum(clues.values()) - len(clues)

    def walk(done):
        if len(done) == rows:
            if pools or sum(row.count("O") for row in done) == land:
                yield [row[:] for row in done]
            return
        for row in choices[len(done)]:
            if not pools and done and any(row[c] == row[c + 1] == done[-1][c] == done[-1][c + 1] == "A"
                                          for c in range(cols - 1)):  # fmt: skip
                continue
            yield from walk([*done, row])

    yield from walk([])


def text(grid) -> str:
    return "\n".join(" ".join(map(str, row)) for row in grid)


def brute_solutions(payload: dict) -> list[str]:
    return [text(g) for g in layouts(payload) if holds(payload, g)]


# -- 1. generation and the question text ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", prompts.LANGS)
def test_every_paraphrase_shows_the_whole_puzzle(lang):
    """Each wording shows the size and either the board (every number in place) or every numbered cell."""
    macros = prompts.paraphrases(TASK.module, lang)
    assert len(macros) >= 3
    for inst in [TASK.generate(TASK.params(lv), seed=47, index=0) for lv in (1, 5, 10)]:
        f, p = inst.fields, inst.payload
        board = [[int(x) if x.isdigit() else x for x in line.split()] for line in f["board"].splitlines()]
        assert [[r, c, v] for r, row in enumerate(board) for c, v in enumerate(row) if v != "."] == p["clues"]
        for macro in macros:
            q = prompts.render(TASK.module, lang, macro, f)
            assert str(p["rows"]) in q and str(p["cols"]) in q
            listed = all(f"({r + 1},{c + 1})" in q and str(k) in q.split(f"({r + 1},{c + 1})")[1][:8]
                         for r, c, k in p["clues"])  # fmt: skip
            assert f["board"] in q or listed, (lang, macro, q)


def test_knob_rules():
    with pytest.raises(ValueError, match="max_island"):
        gen.Params(rows=3, cols=3, max_island=5)
    with pytest.raises(ValueError, match="rows"):
        gen.Params(rows=13)


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: a 10x10 takes about 0.1 s of CPU, never seconds."""
    for index in range(6):
        start = time.process_time()
        TASK.generate(TASK.params(10), 99, index)
        assert time.process_time() - start < 3.0, index


# -- 2. the verifier table --------------------------------------------------------------------------------------

# A generated 4x5 puzzle, frozen; unique (checked below by brute force).
PUZZLE = {"rows": 4, "cols": 5, "clues": [[0, 1, 4], [0, 3, 2], [2, 3, 3], [3, 0, 1]]}
SOLUTION = "O 4 A 2 O\nO O A A A\nA A A 3 A\n1 A O O A"
# One 2 in the middle of a 3x3: its island is the centre and any one of its four neighbours.
OPEN = {"rows": 3, "cols": 3, "clues": [[1, 1, 2]]}
# One 3 in the middle of a 3x3: a straight island cuts the walls in two.
CUT = {"rows": 3, "cols": 3, "clues": [[1, 1, 3]]}

CASES = [
    # (payload, answer, expected reason)
    (PUZZLE, SOLUTION, "ok"),
    (PUZZLE, SOLUTION.lower(), "ok"),  # a and o in lower case are the same marks
    (PUZZLE, json.dumps([row.split() for row in SOLUTION.splitlines()]), "ok"),  # a list of quoted cells
    # numbers unquoted in a list of quoted marks
    (PUZZLE, '[["O", 4, "A", 2, "O"], ["O", "O", "A", "A", "A"], ["A", "A", "A", 3, "A"], [1, "A", "O", "O", "A"]]', "ok"),
    (PUZZLE, "\n".join("| " + " | ".join(r.split()) + " |" for r in SOLUTION.splitlines()), "ok"),  # a table
    (PUZZLE, SOLUTION.replace(" ", ", "), "ok"),  # commas between cells
    (PUZZLE, SOLUTION.replace("\n", "; "), "ok"),  # rows separated by semicolons
    # universal answers
    (PUZZLE, "A A A A A\nA A A A A\nA A A A A\nA A A A A", "violates:given"),  # all walls, numbers walled over
    (PUZZLE, "A 4 A 2 A\nA A A A A\nA A A 3 A\n1 A A A A", "violates:island"),  # every free cell a wall
    (PUZZLE, "O 4 O 2 O\nO O O O O\nO O O 3 O\n1 O O O O", "violates:island"),  # no walls: one island
    (PUZZLE, ". 4 . 2 .\n. . . . .\n. . . 3 .\n1 . . . .", "parse_error"),  # the board echoed
    (PUZZLE, "4 4 4 2 2\n4 4 A A A\nA A A 3 A\n1 A 3 3 A", "violates:given"),  # every cell numbered
    (PUZZLE, "0 4 A 2 0\n0 0 A A A\nA A A 3 A\n1 A 0 0 A", "violates:given"),  # zeros for the O cells
    # each rule broken once
    (PUZZLE, "O 4 A 2 O\nO O A A A\nA A A 3 A\n2 A O O A", "violates:given"),  # a number changed
    (PUZZLE, "O 4 A A O\nO O A A A\nA A A 3 A\n1 A O O A", "violates:given"),  # a number walled over
    (PUZZLE, "O 4 A 2 O\nO O A A A\nA A A 3 A\n1 A O 2 A", "violates:given"),  # a number added
    (PUZZLE, "O 4 A 2 A\nO O A A A\nA A A 3 A\n1 A O O A", "violates:island"),  # the 2 has one cell
    (PUZZLE, "O 4 O 2 O\nO O A A A\nA A A 3 A\n1 A O O A", "violates:island"),  # the 4 and the 2 joined
    (PUZZLE, "O 4 A 2 O\nO O A A A\nA A A 3 A\n1 A O O O", "violates:island"),  # the 3 has four cells
    (PUZZLE, "O 4 A 2 O\nO O A A A\nO A A 3 A\n1 A O O A", "violates:island"),  # the 1 has two cells
    (PUZZLE, "O 4 A 2 O\nO A A A A\nA A A 3 A\n1 A O O O", "violates:island"),  # a 3-cell 4, a 4-cell 3
    (PUZZLE, "O 4 A 2 O\nA O O A A\nA A A 3 A\n1 A O O A", "violates:touching"),  # the 4 meets 2 and 3 at corners
    (PUZZLE, "O 4 A 2 O\nO O A A A\nA A A 3 O\n1 A A A O", "violates:pool"),  # a 2x2 block of walls
    (CUT, "A A A\nO 3 O\nA A A", "violates:connected"),  # a straight island cuts the walls in two
    (CUT, "A O A\nA 3 A\nA O A", "violates:connected"),
    (CUT, "O O A\nA 3 A\nA A A", "ok"),  # a bent island leaves the walls in one piece
    (OPEN, "A O A\nA 2 A\nA A A", "ok"),
    (OPEN, "A A A\nA 2 O\nA A A", "ok"),
    (OPEN, "A A A\nA 2 A\nA A A", "violates:island"),
    (OPEN, "O A A\nA 2 A\nA A A", "violates:island"),  # an island of one with no number
    # shape and symbols
    (PUZZLE, "O 4 A 2 O\nO O A A A\nA A A 3 A", "wrong_shape"),  # a missing row
    (PUZZLE, SOLUTION + "\nA A A A A", "wrong_shape"),  # an extra row
    (PUZZLE, "O 4 A 2\nO O A A A\nA A A 3 A\n1 A O O A", "wrong_shape"),  # a short row
    (PUZZLE, "O 4 A 2 O\nO O A A A\nA A A 3 A\n1 A O O A A", "wrong_shape"),  # a long row
    (PUZZLE, "X 4 A 2 X\nX X A A A\nA A A 3 A\n1 A X X A", "parse_error"),  # X for island cells
    (PUZZLE, "O 4 # 2 O\nO O # # #\n# # # 3 #\n1 # O O #", "parse_error"),  # # for walls
    (PUZZLE, "O 4 A 2 O\nO O A A A\nA A A 3 A\n1 A O O A\nthat is all", "parse_error"),  # trailing prose
    (PUZZLE, "O +4 A 2 O\nO O A A A\nA A A 3 A\n1 A O O A", "parse_error"),  # a signed number
    (PUZZLE, "O 04 A 2 O\nO O A A A\nA A A 3 A\n1 A O O A", "parse_error"),  # a zero-padded number
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_table_agrees_with_the_rules():
    """Every grid of the table that parses is judged by `holds` as the verifier judges it."""
    for payload, answer, reason in CASES:
        rows = [r.split() for r in answer.splitlines()]
        if reason in ("ok", "violates:given", "violates:island", "violates:touching", "violates:pool",
                      "violates:connected") and not any(ch in answer for ch in ",;|[#X."):  # fmt: skip
            grid = [[int(x) if x.isdigit() else x.upper() for x in r] for r in rows]
            assert holds(payload, grid) == (reason == "ok"), answer


def test_every_solution_of_an_open_puzzle_passes():
    solutions = brute_solutions(OPEN)
    assert len(solutions) == 4
    for s in solutions:
        assert TASK.verify(OPEN, wrap(s)).correct, s
    assert len(brute_solutions(CUT)) == 8  # the eight bent islands; the four straight ones cut the walls


def test_hostile_input_is_refused_fast():
    inst = TASK.generate(TASK.params(10), 3, 0)
    hostile = ["A " * 9_999, "O" * 20_000, "[" * 9_999, "A O\n" * 4000, "9" * 20_000, "\u00b9" * 5000,
               '[["A", ' * 3000, "| A " * 5000, "1 " * 9_999]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)


# -- 3. brute force: the verifier against the rules on every layout, the solver against the count --------------


def test_frozen_puzzle_is_unique():
    assert brute_solutions(PUZZLE) == [SOLUTION]


@pytest.mark.parametrize("level", [1])
def test_verifier_and_solver_agree_with_brute_force(level):
    """On small generated puzzles: the verifier accepts exactly the layouts that keep the rules, the one
    layout is the reference, and a puzzle the generator calls unique has exactly one solution."""
    for index in range(3):
        inst = TASK.generate(TASK.params(level), seed=17, index=index)
        p = inst.payload
        found = []
        for grid in layouts(p, pools=True):
            ok = holds(p, grid)
            assert verify(p, text(grid)).correct == ok, text(grid)
            if ok:
                found.append(text(grid))
        assert inst.answer in found
        assert (len(found) == 1) or p.get("unique") is False, found


def test_solver_uniqueness_claims_hold_on_4x5_puzzles():
    for index in range(4):
        inst = TASK.generate(TASK.params(2), seed=23, index=index)
        solutions = brute_solutions(inst.payload)
        assert inst.answer in solutions
        assert len(solutions) == 1 or inst.payload.get("unique") is False, solutions


def test_fuzz_flipped_cells_match_the_rules():
    """Mutants of the reference at levels 1, 4, 7 and 10 (one to three cells flipped between wall and
    island, or a number moved): the verifier's verdict equals the independent check."""
    rng = random.Random(5)
    for level in (1, 4, 7, 10):
        for index in range(3):
            inst = TASK.generate(TASK.params(level), seed=31, index=index)
            ref = [[int(x) if x.isdigit() else x for x in line.split()] for line in inst.answer.splitlines()]
            assert holds(inst.payload, ref)
            for _ in range(30):
                grid = [row[:] for row in ref]
                for _ in range(rng.randint(1, 3)):
                    r, c = rng.randrange(len(grid)), rng.randrange(len(grid[0]))
                    grid[r][c] = {"A": "O", "O": "A"}.get(grid[r][c], grid[r][c])
                if rng.random() < 0.2:
                    r, c = rng.randrange(len(grid)), rng.randrange(len(grid[0]))
                    grid[r][c] = rng.randint(0, 7)
                assert verify(inst.payload, text(grid)).correct == holds(inst.payload, grid), text(grid)

"""Norinori: generation and the question text, a verifier table of adversarial cases (universal answers
included), brute-force agreement over every 4x4 shading, the solver's counts, and hostile input."""

from __future__ import annotations

import itertools
import json
import random
import time

import pytest

from logicforge.generators import norinori as gen
from logicforge.generators._norinori_solver import Norinori
from logicforge.tasks import get_task, prompts
from logicforge.verifiers.norinori import verify

from helpers import assert_refused_fast, check_case, fuzz, grid_of, latex, rows_text, run_of_digits, spaced, wrap

TASK = get_task("norinori")


# -- an independent statement of the rules ---------------------------------------------------------------------


def holds(payload: dict, grid: list[list[int]]) -> bool:
    """The rules as stated, without the verifier's code: 0/1 cells, every pre-shaded cell shaded, every
    letter of the map on exactly two shaded cells, and every connected group of shaded cells exactly two."""
    n = payload["n"]
    if len(grid) != n or any(len(row) != n or any(v not in (0, 1) for v in row) for row in grid):
        return False
    shaded = {(r, c) for r in range(n) for c in range(n) if grid[r][c]}
    if any((r, c) not in shaded for r, c in payload["shaded"]):
        return False
    letters = {ch for row in payload["regions"] for ch in row}
    for letter in letters:
        cells = {(r, c) for r in range(n) for c in range(n) if payload["regions"][r][c] == letter}
        if len(cells & shaded) != 2:
            return False
    seen: set[tuple[int, int]] = set()
    for start in shaded:
        if start in seen:
            continue
        group, todo = {start}, [start]
        while todo:
            r, c = todo.pop()
            for cell in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if cell in shaded and cell not in group:
                    group.add(cell)
                    todo.append(cell)
        if len(group) != 2:
            return False
        seen |= group
    return True


def all_shadings(payload: dict) -> list[list[list[int]]]:
    """Every valid shading of a 4x4 (or smaller) puzzle, by trying all 2^(n*n) grids."""
    n = payload["n"]
    out = []
    for bits in itertools.product((0, 1), repeat=n * n):
        grid = [list(bits[r * n : (r + 1) * n]) for r in range(n)]
        if sum(bits) % 2 == 0 and holds(payload, grid):
            out.append(grid)
    return out


# -- 1. generation and the question -----------------------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 4, 7, 10])
def test_generated_puzzles_have_two_shaded_cells_per_region_and_a_unique_shading(level):
    for index in range(3):
        inst = TASK.generate(TASK.params(level), 3, index)
        p = inst.payload
        grid = grid_of(inst.answer)
        assert holds(p, grid)
        n = p["n"]
        region = [ord(ch) - 65 for row in p["regions"] for ch in row]
        assert sorted(set(region)) == list(range(max(region) + 1))  # letters A.. in reading order, none skipped
        sols, _ = Norinori(n, region).solve([r * n + c for r, c in p["shaded"]], limit=2, budget=10**5)
        assert sols == [[v for row in grid for v in row]]  # proved unique, and the reference is that shading


def test_some_dominoes_straddle_two_regions():
    """The generator lays dominoes across region borders too (each region still holds two shaded cells)."""
    across = 0
    for index in range(10):
        p = TASK.generate(TASK.params(8), 1, index).payload
        g = grid_of(TASK.generate(TASK.params(8), 1, index).answer)
        n = p["n"]
        for r, c in itertools.product(range(n), range(n - 1)):
            across += g[r][c] and g[r][c + 1] and p["regions"][r][c] != p["regions"][r][c + 1]
        for r, c in itertools.product(range(n - 1), range(n)):
            across += g[r][c] and g[r + 1][c] and p["regions"][r][c] != p["regions"][r + 1][c]
    assert across >= 10


def test_items_differ():
    answers = {TASK.generate(TASK.params(10), 5, i).answer for i in range(10)}
    regions = {json.dumps(TASK.generate(TASK.params(10), 5, i).payload["regions"]) for i in range(10)}
    assert len(answers) == 10 and len(regions) == 10


def test_questions_show_the_whole_puzzle():
    module = TASK.module
    for lang in ("en", "zh"):
        for index in range(3):
            inst = TASK.generate(TASK.params(3), 2, index, lang=lang)
            f = inst.fields
            for macro in prompts.paraphrases(module, lang):
                q = prompts.render(module, lang, macro, f)
                assert "\n".join(" ".join(row) for row in f["regions"]) in q or f["board"] in q, (lang, macro)
                for r, c in f["shaded"]:
                    assert f"({r + 1},{c + 1})" in q or f["board"].count("*") == len(f["shaded"]), (lang, macro)


def test_knob_rules():
    with pytest.raises(ValueError, match="n"):
        gen.Params(n=13)
    with pytest.raises(ValueError, match="26 regions"):
        gen.Params(n=12, region_size=3.0)
    with pytest.raises(ValueError, match="region_size"):
        gen.Params(region_size=2.0)


def test_open_puzzles_without_a_proof():
    inst = TASK.generate(gen.Params(n=6, unique=False, preshaded=3), 4, 0)
    assert inst.payload["unique"] is False and len(inst.payload["shaded"]) == 3
    assert holds(inst.payload, grid_of(inst.answer))


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: a 10x10 takes about 0.1 s, never seconds."""
    for index in range(6):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, index)
        assert time.perf_counter() - start < 5.0, index


# -- 2. verifier tables -----------------------------------------------------------------------------------------

QUAD = {"n": 4, "regions": ["AABB", "AABB", "CCDD", "CCDD"], "shaded": []}
GIVEN = {**QUAD, "shaded": [[0, 2]]}  # (1,3) pre-shaded
ONE = "1 1 0 1\n0 0 0 1\n1 0 0 0\n1 0 1 1"  # a domino inside each region
PINWHEEL = "0 1 1 0\n1 0 0 1\n1 0 0 1\n0 1 1 0"  # every domino across two regions

CASES = [
    (QUAD, ONE, "ok"),
    (QUAD, PINWHEEL, "ok"),  # another valid shading: any shading that keeps the rules passes
    (GIVEN, PINWHEEL, "ok"),  # keeps the pre-shaded (1,3)
    (GIVEN, ONE, "violates:cover"),  # valid without givens, but leaves the pre-shaded (1,3) white
    (QUAD, "0 0 0 0\n0 0 0 0\n0 0 0 0\n0 0 0 0", "violates:region"),  # nothing shaded (universal)
    (QUAD, "1 1 1 1\n1 1 1 1\n1 1 1 1\n1 1 1 1", "violates:region"),  # everything shaded (universal)
    (GIVEN, "0 0 0 0\n0 0 0 0\n0 0 0 0\n0 0 0 0", "violates:cover"),  # the given is checked first
    # checkerboards: two shaded cells in every region here, but each shaded cell stands alone
    (QUAD, "1 0 1 0\n0 1 0 1\n1 0 1 0\n0 1 0 1", "violates:domino"),
    (QUAD, "0 1 0 1\n1 0 1 0\n0 1 0 1\n1 0 1 0", "violates:domino"),
    # two shaded per region, but A's and B's dominoes share an edge in row 1
    (QUAD, "1 1 1 1\n0 0 0 0\n1 0 0 1\n1 0 0 1", "violates:touching"),
    # an L-tromino inside A: three shaded cells there (regions are checked before dominoes)
    (QUAD, "1 1 0 0\n0 1 0 0\n0 0 0 0\n0 0 0 0", "violates:region"),
    # two shaded per region, but (2,2) has two shaded neighbours: an L-tromino across A and B
    (QUAD, "0 1 0 1\n0 1 1 0\n1 0 0 1\n1 0 0 1", "violates:touching"),
    (QUAD, "0 1 0 1\n1 0 1 0\n0 0 0 1\n1 1 0 1", "violates:domino"),  # lone cells in A and B, counts kept
    (QUAD, "1 1 0 1\n0 0 0 1\n1 0 0 0\n1 0 0 0", "violates:region"),  # region D left empty, the others fine
    (QUAD, "1 1 0 1\n1 0 0 1\n1 0 0 0\n1 0 1 1", "violates:region"),  # region A holds three
    (QUAD, "1 1 0 0\n0 0 1 1\n1 1 0 0\n0 0 1 1", "ok"),  # dominoes meeting only at corners may
    (QUAD, "1 1 0 1\n0 0 0 1\n1 0 0 0\n1 0 1 2", "out_of_range"),  # a 2 for a shaded cell
    (QUAD, "1 1 0 1\n0 0 0 1\n1 0 0 0", "wrong_shape"),  # a row missing
    (QUAD, "1 1 0 1\n0 0 0 1\n1 0 0 0\n1 0 1 1\n1 0 1 1", "wrong_shape"),  # a row too many
    (QUAD, "1 1 0 1\n0 0 0 1\n1 0 0 0\n1 0 1", "wrong_shape"),  # a short row
    (QUAD, "# # . #\n. . . #\n# . . .\n# . # #", "parse_error"),  # symbols instead of digits
    (QUAD, "A A B B\nA A B B\nC C D D\nC C D D", "parse_error"),  # the region map echoed
    (QUAD, "1 1 0 1\n0 0 0 1\n1 0 0 0\n1 0 1 -1", "parse_error"),  # a sign
    (QUAD, "(1,1), (1,2), (1,4), (2,4), (3,1), (4,1), (4,3), (4,4)", "out_of_range"),  # dominoes as cells
    (QUAD, "1 1 0 1\n0 0 0 1\n1 0 0 0\n1 0 1 1\nthat is my shading", "parse_error"),  # trailing prose
    (QUAD, "1101\n0001\n1000\n1011", "ok"),  # rows as runs of digits
    (QUAD, "[[1, 1, 0, 1], [0, 0, 0, 1], [1, 0, 0, 0], [1, 0, 1, 1]]", "ok"),  # nested lists
    (QUAD, "| 1 | 1 | 0 | 1 |\n| 0 | 0 | 0 | 1 |\n| 1 | 0 | 0 | 0 |\n| 1 | 0 | 1 | 1 |", "ok"),  # a table
    (QUAD, "１ １ ０ １\n０ ０ ０ １\n１ ０ ０ ０\n１ ０ １ １。", "ok"),  # full-width digits, a Chinese full stop
    (QUAD, "1 1 0 1\n0 0 0 1\n1 0 0 0\n1 0 1 1.", "ok"),  # a closing full stop
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_the_table_agrees_with_the_rules():
    for payload, answer, reason in CASES:
        rows = [line.split() for line in answer.split("\n")]
        if all(len(r) == 4 and all(x in "01" for x in r) for r in rows) and len(rows) == 4:
            assert holds(payload, [[int(x) for x in r] for r in rows]) == (reason == "ok"), answer


@pytest.fixture(scope="module", params=[1, 5, 10])
def inst(request):
    return TASK.generate(TASK.params(request.param), 8, 0)


@pytest.mark.parametrize("level", [1, 5, 10])
def test_universal_answers_fail_on_generated_puzzles(level):
    for index in range(3):
        item = TASK.generate(TASK.params(level), 8, index)
        n = item.payload["n"]
        universal = [
            [[0] * n for _ in range(n)],
            [[1] * n for _ in range(n)],
            [[(r + c) % 2 for c in range(n)] for r in range(n)],
            [[(r + c + 1) % 2 for c in range(n)] for r in range(n)],
            [[int(c % 3 < 2) for c in range(n)] for r in range(n)],  # dominoes in every row, touching
            [[int(r % 3 == 0 and c % 3 < 2) for c in range(n)] for r in range(n)],  # a lattice of dominoes
        ]
        for grid in universal:
            check_case(TASK, item.payload, spaced(grid), None)
        check_case(TASK, item.payload, item.question, None)
        check_case(TASK, item.payload, "\n".join(item.payload["regions"]), "parse_error")


def test_wrong_answers_rejected(inst):
    a = inst.answer
    g = grid_of(a)
    bad = [
        a + "\n" + a,
        "\n".join(a.splitlines()[:-1]),
        "\n".join(" ".join(str(1 - v) for v in row) for row in g),  # the complement
        "\n".join(" ".join(map(str, c)) for c in zip(*g)),  # transposed (it may happen to pass: checked)
        a.replace("1", "#").replace("0", "."),
        a.replace("1", "2"),
        a + " or " + a,
        "",
    ]
    for text in bad:
        verdict = TASK.verify(inst.payload, wrap(text))
        rows = [line.split() for line in text.split("\n")]
        ok = all(x in ("0", "1") for r in rows for x in r) and holds(inst.payload, [[int(x) for x in r] for r in rows])
        assert verdict.correct == ok, (text, verdict)


def test_hostile_input_is_refused_fast(inst):
    hostile = ["1 " * 9_999, "[" * 9_999, "1010\n" * 4000, "#." * 8000, "(" * 3000 + "1" + ")" * 3000,
               "9" * 20_000, "\u00b9" * 5000, "0" * 19_999]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)


# -- 3. brute-force agreement: the verifier, and the generator's solver -----------------------------------------


def _small_payloads() -> list[dict]:
    """4x4 puzzles without pre-shaded cells (several shadings each), generated and hand-made."""
    out = [QUAD, GIVEN, {"n": 4, "regions": ["AAAB", "CCAB", "CDDB", "CCDB"], "shaded": []}]
    for index in range(4):
        p = TASK.generate(gen.Params(n=4, region_size=4.0, unique=False), 6, index).payload
        out.append({**p, "shaded": []})
    return out


def test_verifier_agrees_with_brute_force_on_every_4x4_shading():
    rng = random.Random(3)
    for payload in _small_payloads():
        solutions = all_shadings(payload)
        good = {json.dumps(s) for s in solutions}
        for grid in solutions:
            assert verify(payload, rows_text(grid)).correct, (payload, grid)
        for _ in range(1500):  # random grids, near-solutions among them
            if solutions and rng.random() < 0.5:
                grid = [row[:] for row in rng.choice(solutions)]
                r, c = rng.randrange(4), rng.randrange(4)
                grid[r][c] ^= 1
            else:
                grid = [[rng.randrange(2) for _ in range(4)] for _ in range(4)]
            assert verify(payload, rows_text(grid)).correct == (json.dumps(grid) in good), (payload, grid)


def test_the_solver_counts_what_brute_force_counts():
    for payload in _small_payloads():
        n = payload["n"]
        region_of = {ch: k for k, ch in enumerate(dict.fromkeys("".join(payload["regions"])))}
        region = [region_of[ch] for ch in "".join(payload["regions"])]
        givens = [r * n + c for r, c in payload["shaded"]]
        found, _ = Norinori(n, region).solve(givens, limit=10**6, budget=10**6)
        brute = all_shadings(payload)
        assert sorted(found) == sorted([v for row in g for v in row] for g in brute), payload


def test_fuzz_mutated_grids_match_an_independent_check():
    layouts = [spaced, str, run_of_digits, latex("bmatrix")]
    fuzz(TASK, holds, 13, layouts)

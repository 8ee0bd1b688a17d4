"""Survo: generation and the question text, a verifier table of adversarial cases, universal answers and the
sorted-order guess, brute-force agreement (every filling that keeps the sums with exactly the numbers
passes, and no other), the solver against enumeration, and hostile input."""

from __future__ import annotations

import itertools
import json
import random
import re
import time
from collections import Counter

import pytest

from logicforge.generators import survo as gen
from logicforge.generators._survo_solver import count_solutions
from logicforge.tasks import get_task, prompts
from logicforge.verifiers.survo import verify

from helpers import assert_refused_fast, check_case, grid_of, spaced, wrap

TASK = get_task("survo")


def holds(payload: dict, grid: list[list[int]]) -> bool:
    """The rules as stated, apart from the verifier: givens kept, the blanks hold exactly the numbers (as a
    multiset), every row and column sum met."""
    given = payload["grid"]
    cells = [(r, c) for r in range(payload["rows"]) for c in range(payload["cols"])]
    if any(given[r][c] and grid[r][c] != given[r][c] for r, c in cells):
        return False
    if sorted(grid[r][c] for r, c in cells if not given[r][c]) != sorted(payload["numbers"]):
        return False
    return [sum(r) for r in grid] == payload["row_sums"] and [sum(c) for c in zip(*grid)] == payload["col_sums"]


def fillings(payload: dict):
    """Every way to write the numbers into the blanks (reading order), each distinct filling once."""
    blanks = [(r, c) for r in range(payload["rows"]) for c in range(payload["cols"]) if not payload["grid"][r][c]]
    for order in sorted(set(itertools.permutations(payload["numbers"]))):
        grid = [row[:] for row in payload["grid"]]
        for (r, c), v in zip(blanks, order):
            grid[r][c] = v
        yield grid


def brute(payload: dict) -> list[list[list[int]]]:
    return [g for g in fillings(payload) if holds(payload, g)]


def whole(payload: dict, grid: list[list[int]]) -> list[list[int]]:
    """The grid with its sums column and sums row (the whole matrix as shown)."""
    rows = [[*row, s] for row, s in zip(grid, payload["row_sums"])]
    return [*rows, [*payload["col_sums"], sum(payload["row_sums"])]]


# -- 1. generation and the question text ----------------------------------------------------------------------


@pytest.mark.parametrize("level", range(1, 11))
def test_reference_fills_the_blanks_with_the_numbers_and_the_sorted_guess_fails(level):
    for index in range(6):
        inst = TASK.generate(TASK.params(level), 3, index)
        p, grid = inst.payload, grid_of(inst.answer)
        assert holds(p, grid)
        assert sum(not v for row in p["grid"] for v in row) == len(p["numbers"]) == TASK.params(level).blanks
        blanks = [(r, c) for r in range(p["rows"]) for c in range(p["cols"]) if not p["grid"][r][c]]
        for order in (sorted(p["numbers"]), sorted(p["numbers"], reverse=True)):
            guess = [row[:] for row in p["grid"]]
            for (r, c), v in zip(blanks, order):
                guess[r][c] = v
            assert not TASK.verify(p, wrap(spaced(guess))).correct, (level, index)


@pytest.mark.parametrize("lang", prompts.LANGS)
def test_every_paraphrase_shows_the_whole_puzzle(lang):
    """Each wording shows every cell (given or ?) row by row, every sum, and every number of the multiset."""
    macros = prompts.paraphrases(TASK.module, lang)
    assert len(macros) >= 3
    for inst in [TASK.generate(TASK.params(lv), seed=47, index=0) for lv in (1, 5, 10)]:
        p = inst.payload
        for macro in macros:
            q = prompts.render(TASK.module, lang, macro, inst.fields)
            tokens = re.findall(r"\d+|\?", q)
            cells = [str(v) if v else "?" for row in p["grid"] for v in row]
            it = iter(tokens)
            assert all(any(t == c for t in it) for c in cells), (lang, macro)  # the cells, in reading order
            for seq in (p["row_sums"], p["col_sums"], p["numbers"]):
                assert all(str(x) in tokens for x in seq), (lang, macro)
            assert Counter(p["numbers"]) <= Counter(int(t) for t in tokens if t != "?"), (lang, macro)


def test_board_reads_back_as_the_payload():
    inst = TASK.generate(TASK.params(6), 9, 2)
    p = inst.payload
    lines = inst.fields["board"].split("\n")
    assert [[0 if t == "?" else int(t) for t in line.split("|")[0].split()] for line in lines[:-2]] == p["grid"]
    assert [int(line.split("|")[1]) for line in lines[:-2]] == p["row_sums"]
    assert [int(x) for x in lines[-1].replace("|", " ").split()] == [*p["col_sums"], sum(p["row_sums"])]


def test_knob_rules():
    with pytest.raises(ValueError, match="blanks"):
        gen.Params(rows=3, cols=3, blanks=10)
    with pytest.raises(ValueError, match="max_value"):
        gen.Params(max_value=1)
    with pytest.raises(ValueError, match="rows"):
        gen.Params(rows=9)


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: a 6x6 takes tens of milliseconds, its node budget bounds the rest."""
    for index in range(6):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, index)
        assert time.perf_counter() - start < 5.0, index


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# A generated 3x3 puzzle, frozen: four blanks, unique (checked below by enumeration).
PUZZLE = {"rows": 3, "cols": 3, "grid": [[2, 0, 2], [6, 0, 4], [0, 0, 7]], "row_sums": [9, 17, 16],
          "col_sums": [13, 16, 13], "numbers": [4, 5, 5, 7]}  # fmt: skip
SOLUTION = [[2, 5, 2], [6, 7, 4], [5, 4, 7]]
SOL = spaced(SOLUTION)
# A generated 4x4 puzzle with exactly two solutions (the 7 and 14 of column 3 trade places with 14 and 1)
OPEN = {"rows": 4, "cols": 4, "grid": [[0, 0, 3, 6], [0, 12, 5, 14], [0, 0, 0, 1], [6, 8, 0, 0]],
        "row_sums": [32, 46, 34, 22], "col_sums": [42, 41, 29, 22], "numbers": [1, 7, 8, 10, 11, 13, 14, 15]}  # fmt: skip
OPEN_A = "10 13 3 6\n15 12 5 14\n11 8 14 1\n6 8 7 1"

CASES = [
    # (payload, answer, expected reason)
    (PUZZLE, SOL, "ok"),
    (PUZZLE, "[[2, 5, 2], [6, 7, 4], [5, 4, 7]]", "ok"),
    (PUZZLE, "2,5,2\n6,7,4\n5,4,7", "ok"),
    (PUZZLE, "| 2 | 5 | 2 |\n| 6 | 7 | 4 |\n| 5 | 4 | 7 |", "ok"),
    (PUZZLE, spaced(whole(PUZZLE, SOLUTION)), "ok"),  # the whole matrix, its sums as given
    (PUZZLE, "2 5 2 | 9\n6 7 4 | 17\n5 4 7 | 16\n-------+---\n13 16 13 | 42", "ok"),  # the board's own layout
    (PUZZLE, "2 5 2 9\n6 7 4 17\n5 4 7 16\n13 16 13 41", "violates:given"),  # the whole matrix, a sum changed
    (PUZZLE, "2 5 2 9\n6 7 4 17\n5 4 7 16", "wrong_shape"),  # the sums column without the sums row
    (PUZZLE, "2 0 2\n6 0 4\n0 0 7", "unknown_item"),  # the blanks left as 0
    (PUZZLE, "2 4 2\n6 5 4\n5 7 7", "violates:row"),  # the numbers in sorted order: rows break
    (PUZZLE, "2 7 2\n6 5 4\n5 4 7", "violates:row"),  # two blanks swapped
    (PUZZLE, "2 5 2\n6 7 4\n5 5 7", "duplicate_item"),  # a 5 used three times, the 4 not at all
    (PUZZLE, "2 5 2\n6 7 4\n5 6 7", "unknown_item"),  # a 6 is not among the numbers
    (PUZZLE, "2 5 3\n6 7 4\n5 4 7", "violates:given"),  # a given cell changed
    (PUZZLE, "2 5 2\n6 7 4\n5 4 7\n1 1 1", "wrong_shape"),  # an extra row
    (PUZZLE, "2 5 2\n6 7 4", "wrong_shape"),  # a missing row
    (PUZZLE, "2 5\n2 6 7 4\n5 4 7", "wrong_shape"),  # a short row made up by a long one
    (PUZZLE, "252\n674\n547", "wrong_shape"),  # packed digits are not read (numbers may have two digits)
    (PUZZLE, "2 ? 2\n6 ? 4\n? ? 7", "parse_error"),  # the board copied with its blanks
    (PUZZLE, SOL.replace("5", "-5", 1), "parse_error"),
    (PUZZLE, SOL.replace("5", "5.0", 1), "parse_error"),
    (PUZZLE, SOL.replace("5", "2+3", 1), "parse_error"),  # an expression
    (PUZZLE, SOL + "\nthat is it", "parse_error"),
    (OPEN, OPEN_A, "ok"),  # both solutions of an open puzzle pass
    (OPEN, "10 13 3 6\n15 12 5 14\n11 8 7 1\n6 8 14 1", "violates:row"),  # the right numbers, rows 3 and 4 off
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_both_solutions_of_an_open_puzzle_pass():
    solutions = brute(OPEN)
    assert len(solutions) == 2 and grid_of(OPEN_A) in solutions
    for grid in solutions:
        check_case(TASK, OPEN, spaced(grid), "ok")
        check_case(TASK, OPEN, spaced(whole(OPEN, grid)), "ok")


@pytest.mark.parametrize("level", range(1, 11))
def test_universal_answers_fail_on_every_instance(level):
    """No answer that ignores the puzzle passes: zeros, the givens with 0 blanks, every blank the largest
    number, the numbers in reading order, the question or its board echoed."""
    for index in range(8):
        inst = TASK.generate(TASK.params(level), 5, index)
        p = inst.payload
        n, m = p["rows"], p["cols"]
        top = max(p["numbers"])
        universal = [
            spaced([[0] * m for _ in range(n)]),
            spaced([[1] * m for _ in range(n)]),
            spaced(p["grid"]),
            spaced([[v or top for v in row] for row in p["grid"]]),
            spaced(whole(p, p["grid"])),
            inst.question,
            inst.fields["board"],
        ]
        for answer in universal:
            assert not TASK.verify(p, wrap(answer)).correct, (level, index, answer)


def test_wrong_answers_rejected():
    inst = TASK.generate(TASK.params(4), 5, 0)
    a = inst.answer
    bad = [a + " or\n" + a, a + "\n" + a, "", "[" * 5000, "1" * 19_000, "\n".join(a.split("\n")[::-1]),
           " ".join("0" + x for x in a.split()), a.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))]  # fmt: skip
    for answer in bad:
        check_case(TASK, inst.payload, answer, None)


def test_hostile_input_is_refused_fast():
    inst = TASK.generate(TASK.params(10), 5, 0)
    hostile = ["1 " * 9_999, "9" * 20_000, "[" * 9_999, "1 2 3\n" * 4000, "|" * 20_000, "? " * 9_000,
               "\u00b9" * 5000, "(" * 3000 + "1" + ")" * 3000]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)


# -- 3. brute-force agreement ----------------------------------------------------------------------------------


def test_frozen_puzzle_is_unique_by_enumeration():
    assert brute(PUZZLE) == [SOLUTION]


def test_verifier_accepts_exactly_the_fillings_that_keep_the_sums():
    """Every filling of the numbers into the blanks of small generated puzzles, as the inner grid and as
    the whole matrix: the verdict equals the rules as stated."""
    for level, index in itertools.product((1, 2, 3, 5), range(2)):
        p = TASK.generate(TASK.params(level), 31, index).payload
        accepted = 0
        for grid in itertools.islice(fillings(p), 3000):
            want = holds(p, grid)
            accepted += want
            assert verify(p, spaced(grid)).correct == want, grid
            assert verify(p, spaced(whole(p, grid))).correct == want, grid
        assert accepted >= 1 or level == 5


def test_solver_counts_agree_with_enumeration():
    for level in (1, 2, 3, 4, 5):
        for index in range(6):
            p = TASK.generate(TASK.params(level), 12, index).payload
            found = count_solutions(p["grid"], p["row_sums"], p["col_sums"], p["numbers"], limit=2).solutions
            every = brute(p)
            assert len(found) == min(2, len(every)), (level, index)
            blanks = [(r, c) for r in range(p["rows"]) for c in range(p["cols"]) if not p["grid"][r][c]]
            for values in found:
                grid = [row[:] for row in p["grid"]]
                for (r, c), v in zip(blanks, values):
                    grid[r][c] = v
                assert grid in every


def test_fuzz_changed_grids_match_the_rules():
    """Random swaps of two blanks and changed cells of the reference: the verdict equals the rules."""
    rng = random.Random(11)
    for level in (1, 4, 7, 10):
        for seed in range(3):
            inst = TASK.generate(TASK.params(level), seed, 0)
            p, sol = inst.payload, grid_of(inst.answer)
            blanks = [(r, c) for r in range(p["rows"]) for c in range(p["cols"]) if not p["grid"][r][c]]
            for _ in range(30):
                grid = [row[:] for row in sol]
                (r1, c1), (r2, c2) = rng.sample(blanks, 2)
                grid[r1][c1], grid[r2][c2] = grid[r2][c2], grid[r1][c1]
                if rng.random() < 0.3:
                    r, c = rng.randrange(p["rows"]), rng.randrange(p["cols"])
                    grid[r][c] = rng.randrange(0, 12)
                want = holds(p, grid)
                assert TASK.verify(p, wrap(spaced(grid))).correct == want
                assert TASK.verify(p, wrap(json.dumps(grid))).correct == want

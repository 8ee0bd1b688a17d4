"""Kukurasu: generation and the question text, a verifier table of adversarial cases, universal answers,
brute-force agreement (every marking that meets the clues passes, and no other), the solver against
enumeration, and hostile input."""

from __future__ import annotations

import itertools
import json
import random
import re
import time

import pytest

from logicforge.generators import kukurasu as gen
from logicforge.generators._kukurasu_solver import count_solutions
from logicforge.tasks import get_task, prompts
from logicforge.verifiers.kukurasu import verify

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("kukurasu")
LEVELS = (1, 3, 5, 7, 10)


def weighted(grid: list[list[int]]) -> tuple[list[int], list[int]]:
    """The rules as stated, written apart from the generator: row sums of 1-based column numbers, column
    sums of 1-based row numbers, over the marked cells."""
    rows = [sum((c + 1) * v for c, v in enumerate(row)) for row in grid]
    cols = [sum((r + 1) * grid[r][c] for r in range(len(grid))) for c in range(len(grid[0]))]
    return rows, cols


def holds(payload: dict, grid: list[list[int]]) -> bool:
    return weighted(grid) == (payload["row_clues"], payload["col_clues"])


def text(grid: list[list[int]], empty: str = "X") -> str:
    return "\n".join(" ".join("1" if v else empty for v in row) for row in grid)


def all_markings(n: int, m: int):
    for bits in range(1 << (n * m)):
        yield [[bits >> (r * m + c) & 1 for c in range(m)] for r in range(n)]


# -- 1. generation and the question text ----------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_payload_clues_come_from_the_reference(level):
    for index in range(4):
        inst = TASK.generate(TASK.params(level), 3, index)
        grid = [[int(x == "1") for x in line.split()] for line in inst.answer.split("\n")]
        p = inst.payload
        assert len(grid) == p["rows"] and {len(r) for r in grid} == {p["cols"]}
        assert holds(p, grid)
        assert 0 < sum(map(sum, grid)) < p["rows"] * p["cols"]  # never the empty nor the full grid


@pytest.mark.parametrize("lang", prompts.LANGS)
def test_every_paraphrase_shows_the_whole_puzzle(lang):
    """Each wording, in each language, shows the size and every row clue and every column clue in order."""
    macros = prompts.paraphrases(TASK.module, lang)
    assert len(macros) >= 3
    for inst in [TASK.generate(TASK.params(lv), seed=47, index=0) for lv in (1, 5, 10)]:
        p = inst.payload
        for macro in macros:
            q = prompts.render(TASK.module, lang, macro, inst.fields)
            assert str(p["rows"]) in q and str(p["cols"]) in q
            numbers = [int(x) for x in re.findall(r"\d+", q)]
            for clues in (p["row_clues"], p["col_clues"]):  # each clue list appears in order
                it = iter(numbers)
                assert all(any(x == c for x in it) for c in clues), (lang, macro)


def test_board_shows_the_clues():
    inst = TASK.generate(TASK.params(4), 9, 2)
    lines = inst.fields["board"].split("\n")
    p = inst.payload
    assert [int(line.rsplit("|", 1)[1]) for line in lines[1:-2]] == p["row_clues"]
    assert [int(x) for x in lines[-1].split()] == p["col_clues"]
    assert [int(x) for x in lines[0].split()] == list(range(1, p["cols"] + 1))


def test_knob_rules():
    with pytest.raises(ValueError, match="rows"):
        gen.Params(rows=11)
    with pytest.raises(ValueError, match="density"):
        gen.Params(density=0.0)
    with pytest.raises(ValueError, match="tries"):
        gen.Params(tries=0)


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: a 9x9 takes tens of milliseconds, its node budget bounds the rest."""
    for index in range(6):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, index)
        assert time.perf_counter() - start < 5.0, index


def test_easy_levels_are_unique():
    for level in (1, 3, 5):
        for index in range(5):
            p = TASK.generate(TASK.params(level), 21, index).payload
            assert len(count_solutions(p["row_clues"], p["col_clues"], budget=10**6).solutions) == 1


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# A generated 4x4 puzzle, frozen (unique, checked below by enumeration).
PUZZLE = {"rows": 4, "cols": 4, "row_clues": [3, 6, 4, 4], "col_clues": [2, 2, 3, 7]}
SOLUTION = [[0, 0, 1, 0], [1, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1]]
SOL = text(SOLUTION)
# 3x3 with every clue 3: the one 3x3 clue set with two solutions
TWO = {"rows": 3, "cols": 3, "row_clues": [3, 3, 3], "col_clues": [3, 3, 3]}
TWO_A, TWO_B = "X X 1\nX X 1\n1 1 X", "1 1 X\n1 1 X\nX X 1"

CASES = [
    # (payload, answer, expected reason)
    (PUZZLE, SOL, "ok"),
    (PUZZLE, text(SOLUTION, "0"), "ok"),  # 0 for an empty cell, as the format allows
    (PUZZLE, SOL.lower(), "ok"),  # a lower-case x
    (PUZZLE, "XX1X\n111X\nXXX1\nXXX1", "ok"),  # rows as runs of one-character marks
    (PUZZLE, "0010\n1110\n0001\n0001", "ok"),  # a 0/1 bit matrix
    (PUZZLE, json.dumps([["1" if v else "X" for v in r] for r in SOLUTION]), "ok"),  # nested quoted lists
    (
        PUZZLE,
        "| 1 | 2 | 3 | 4 |\n|---|---|---|---|\n"
        + "\n".join("| " + " | ".join(r.split()) + " |" for r in SOL.split("\n")),
        "ok",
    ),
    (PUZZLE, "X X 1 X; 1 1 1 X; X X X 1; X X X 1", "ok"),  # rows separated by semicolons
    (PUZZLE, "```\n" + SOL + "\n```", "ok"),
    (PUZZLE, "X X X X\nX X X X\nX X X X\nX X X X", "violates:row"),  # the empty grid: every clue unmet
    (PUZZLE, "1 1 1 1\n1 1 1 1\n1 1 1 1\n1 1 1 1", "violates:row"),  # everything marked
    (PUZZLE, "0 0 0 0\n0 0 0 0\n0 0 0 0\n0 0 0 0", "violates:row"),  # the empty grid written with zeros
    (PUZZLE, "X X 1 X\n1 1 1 X\nX X X 1\nX X 1 X", "violates:row"),  # one mark moved within the last row
    (PUZZLE, "1 X X X\n1 1 1 X\nX X X 1\nX X X 1", "violates:row"),  # row 1 sums 1, not 3
    (PUZZLE, "1 1 X X\nX X 1 1\nX X X 1\nX X X 1", "violates:row"),  # row 1 = 3 and row 2 = 7: row 2 is wrong
    (PUZZLE, "1 1 X X\n1 1 1 X\nX X X 1\nX X X 1", "violates:column"),  # every row sum right (1+2 = 3), columns not
    (PUZZLE, text([list(c) for c in zip(*SOLUTION)]), "violates:row"),  # transposed
    (PUZZLE, SOL + "\nX X X X", "wrong_shape"),  # an extra row
    (PUZZLE, "\n".join(SOL.split("\n")[:3]), "wrong_shape"),  # a missing row
    (PUZZLE, "X X 1\n1 1 1 X X\nX X X 1\nX X X 1", "wrong_shape"),  # a short row made up by a long one
    (PUZZLE, SOL.replace("1", "2", 1), "parse_error"),  # a 2 is no mark
    (PUZZLE, SOL.replace("X", ".", 1), "parse_error"),  # a dot copied from the board
    (PUZZLE, SOL.replace("X", "O", 1), "parse_error"),  # an O is not an X
    (PUZZLE, SOL.replace("1", "#", 1), "parse_error"),  # other mark symbols are not in the format
    (PUZZLE, SOL + "\nthat is my answer", "parse_error"),  # trailing prose
    (PUZZLE, SOL.replace("1", "-1", 1), "parse_error"),  # a sign
    (PUZZLE, SOL.replace("1", "01", 1), "parse_error"),  # zero padding
    (TWO, TWO_A, "ok"),  # both solutions of an ambiguous puzzle pass
    (TWO, TWO_B, "ok"),
    (TWO, "1 1 X\nX X 1\n1 1 X", "violates:column"),  # rows right, columns not
    (TWO, "1 X 1\n1 X 1\n1 X 1", "violates:row"),
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


@pytest.mark.parametrize("level", range(1, 11))
def test_universal_answers_fail_on_every_instance(level):
    """No answer that ignores the clues passes: the empty grid (in both notations), the full grid, the
    question or its board echoed."""
    for index in range(10):
        inst = TASK.generate(TASK.params(level), 5, index)
        n, m = inst.payload["rows"], inst.payload["cols"]
        universal = [
            text([[0] * m for _ in range(n)]),
            text([[0] * m for _ in range(n)], "0"),
            text([[1] * m for _ in range(n)]),
            inst.question,
            inst.fields["board"],
        ]
        for answer in universal:
            assert not TASK.verify(inst.payload, wrap(answer)).correct, (level, index, answer)


def test_no_fixed_answer_scores_often():
    """A constant answer (a checkerboard, the commonest reference) scores on few level-1 items: 3x3 puzzles
    are many (126 markings of 4 cells) and drawn evenly."""
    answers = [TASK.generate(TASK.params(1), 8, i).answer for i in range(300)]
    checker = "1 X 1\nX 1 X\n1 X 1"
    assert max(answers.count(a) for a in set(answers)) <= 12 and answers.count(checker) <= 12
    assert len(set(answers)) >= 80


def test_wrong_answers_rejected():
    inst = TASK.generate(TASK.params(3), 5, 0)
    a = inst.answer
    bad = [
        a.replace("1", "１").replace("X", "Ｘ") + "\n1",
        a + " or\n" + a,
        a + "\n" + a,
        "",
        "[" * 5000,
        "1" * 19_000,
        a.replace("X", "1"),
        a.replace("1", "X"),
        "\n".join(a.split("\n")[::-1]),
    ]
    for answer in bad:
        check_case(TASK, inst.payload, answer, None)


def test_hostile_input_is_refused_fast():
    inst = TASK.generate(TASK.params(10), 5, 0)
    hostile = ["1 " * 9_999, "X" * 20_000, "[" * 9_999, '["1", ' * 3000, "1X\n" * 6000, "|" * 20_000,
               "```" * 5000, "\u00b9" * 5000, "(" * 3000 + "1" + ")" * 3000]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)


# -- 3. brute-force agreement ----------------------------------------------------------------------------------


def test_frozen_puzzles_by_enumeration():
    assert [g for g in all_markings(4, 4) if holds(PUZZLE, g)] == [SOLUTION]
    assert sorted(text(g) for g in all_markings(3, 3) if holds(TWO, g)) == sorted([TWO_A, TWO_B])


@pytest.mark.parametrize(("n", "m"), [(2, 3), (3, 3), (3, 4)])
def test_verifier_accepts_exactly_the_markings_that_meet_the_clues(n, m):
    """Every marking of a small generated puzzle, in two layouts: the verdict equals the rules as stated."""
    for index in range(2):
        p = TASK.generate(gen.Params(rows=n, cols=m, density=0.5), 31, index).payload
        accepted = 0
        for grid in all_markings(n, m):
            want = holds(p, grid)
            accepted += want
            assert verify(p, text(grid)).correct == want, grid
            assert verify(p, "\n".join("".join(map(str, r)) for r in grid)).correct == want, grid
        assert accepted >= 1


def test_solver_counts_agree_with_enumeration():
    """The generator's solver (up to two solutions) against enumeration, on every clue set of random 3x4
    and 4x3 markings and on clues no marking meets."""
    rng = random.Random(3)
    for n, m in ((3, 4), (4, 3), (2, 5)):
        table: dict = {}
        for grid in all_markings(n, m):
            key = tuple(map(tuple, weighted(grid)))
            table.setdefault(key, []).append(grid)
        for key in rng.sample(sorted(table), 60):
            found = count_solutions(list(key[0]), list(key[1]), limit=2).solutions
            assert len(found) == min(2, len(table[key])) and all(g in table[key] for g in found), key
        for _ in range(30):
            key = (tuple(rng.randrange(0, 12) for _ in range(n)), tuple(rng.randrange(0, 8) for _ in range(m)))
            found = count_solutions(list(key[0]), list(key[1]), limit=2).solutions
            assert len(found) == min(2, len(table.get(key, []))), key


def test_fuzz_mutated_grids_match_the_rules():
    """Random flips of the reference at several levels: the verdict equals the rules as stated."""
    rng = random.Random(11)
    for level in (1, 4, 7, 10):
        for seed in range(3):
            inst = TASK.generate(TASK.params(level), seed, 0)
            sol = [[int(x == "1") for x in line.split()] for line in inst.answer.split("\n")]
            n, m = len(sol), len(sol[0])
            for _ in range(30):
                grid = [row[:] for row in sol]
                for r, c in rng.sample(list(itertools.product(range(n), range(m))), rng.randrange(0, 4)):
                    grid[r][c] ^= 1
                want = holds(inst.payload, grid)
                assert TASK.verify(inst.payload, wrap(text(grid))).correct == want
                assert TASK.verify(inst.payload, wrap(json.dumps(grid))).correct == want

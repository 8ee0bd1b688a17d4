"""Futoshiki: generation and the question text, a verifier table of adversarial cases, brute-force agreement
(every solution of an open puzzle passes) and fuzz, and hostile input."""

from __future__ import annotations

import itertools
import json
import re
import time

import numpy as np
import pytest

from logicforge.generators import futoshiki as gen
from logicforge.tasks import get_task, prompts
from logicforge.verifiers.futoshiki import verify

from helpers import assert_refused_fast, check_case, fuzz, latex, latin_search, rows_text, run_of_digits, spaced, wrap

TASK = get_task("futoshiki")


# -- the oracle: an independent brute force over the payload --------------------------------------------------


def ORACLE(payload: dict) -> list[str] | None:
    """Up to two solutions (one row per line), by backtracking over Latin squares (helpers.latin_search).

    Each placement keeps the givens and every inequality whose two cells are filled; a cell below (above) a
    chain of k cells holds at most n - k (at least k + 1). None for a payload marked "unique": false, or
    past 3,000 search nodes (levels 1-5 take at most about 500; a 9x9 is often too big).
    """
    if payload.get("unique") is False:
        return None
    n = payload["n"]
    rel: dict[tuple[int, int], list[tuple[tuple[int, int], bool]]] = {}
    for a, b, c, d in payload["less"]:
        rel.setdefault((a, b), []).append(((c, d), True))  # (a, b) < (c, d)
        rel.setdefault((c, d), []).append(((a, b), False))

    def chain(cell, up: bool, seen=()) -> int:  # the longest run of cells above (up) or below `cell`
        return max((1 + chain(o, up, (*seen, cell)) for o, less in rel.get(cell, []) if less == up and o not in seen),
                   default=0)  # fmt: skip

    lo = {cell: 1 + chain(cell, False) for cell in rel}
    hi = {cell: n - chain(cell, True) for cell in rel}

    def ok(grid, r, c) -> bool:
        v = grid[r][c]
        if not lo.get((r, c), 1) <= v <= hi.get((r, c), n):
            return False
        others = rel.get((r, c), [])
        return all(not grid[x][y] or (v < grid[x][y] if less else grid[x][y] < v) for (x, y), less in others)

    return latin_search(n, ok, [tuple(g) for g in payload["givens"]], budget=3_000)


def brute_solutions(payload: dict, limit: int = 10**9) -> list[list[list[int]]]:
    """Solutions: rows chosen among all permutations, pruned on columns, givens and signs."""
    n = payload["n"]
    givens = {(r, c): v for r, c, v in payload["givens"]}
    less = [tuple(x) for x in payload["less"]]
    perms = list(itertools.permutations(range(1, n + 1)))
    out: list[list[list[int]]] = []

    def place(rows: list[tuple[int, ...]]) -> None:
        if len(out) >= limit:
            return
        r = len(rows)
        if r == n:
            out.append([list(row) for row in rows])
            return
        for p in perms:
            if any(givens.get((r, c), p[c]) != p[c] or any(rows[k][c] == p[c] for k in range(r)) for c in range(n)):
                continue
            rows.append(p)
            if all(rows[a][b] < rows[c][d] for a, b, c, d in less if max(a, c) == r):
                place(rows)
            rows.pop()

    place([])
    return out


def holds(payload: dict, grid: list[list[int]]) -> bool:
    """Latin square over 1..n, givens kept, every inequality strict (the rules as stated)."""
    n = payload["n"]
    if any(set(line) != set(range(1, n + 1)) for line in [*grid, *zip(*grid)]):
        return False
    return all(grid[r][c] == v for r, c, v in payload["givens"]) and all(
        grid[a][b] < grid[c][d] for a, b, c, d in payload["less"])


# -- 1. generation and the question text ----------------------------------------------------------------------


def english_q1(inst) -> str:
    """The instance's question in the first English wording, the one `parse_question` reads."""
    return prompts.render(TASK.module, "en", "q1", inst.fields)


def parse_question(q: str):
    """(n, givens [[r, c, v]], less [[r1, c1, r2, c2]]) from the list, checked against the ASCII board."""
    n = int(re.search(r"Solve this (\d+)x\1 Futoshiki", q).group(1))
    pre = re.search(r"Pre-filled: (.*)", q).group(1)
    cell = r"\((\d+),(\d+)\)"
    givens = {(int(a) - 1, int(b) - 1): int(v) for a, b, v in re.findall(cell + r" = (\d+)", pre)}
    listed = q.split("Inequalities:\n")[1]
    less = [((int(a) - 1, int(b) - 1), (int(c) - 1, int(d) - 1))
            for a, b, c, d in re.findall(rf"^{cell} < {cell}$", listed, re.M)]  # fmt: skip
    board = [line[2:-2] for line in q.splitlines() if line.startswith("| ") and line.endswith(" |")]
    assert len(board) == 2 * n - 1
    seen_givens, seen_less = {}, set()
    for i, inner in enumerate(board):
        r = i // 2
        for c in range(n):
            if i % 2 == 0:
                if inner[4 * c] != ".":
                    seen_givens[(r, c)] = int(inner[4 * c])
                sign = inner[4 * c + 2] if c < n - 1 else " "
                pair = {"<": ((r, c), (r, c + 1)), ">": ((r, c + 1), (r, c))}.get(sign)
            else:
                sign = inner[4 * c] if 4 * c < len(inner) else " "
                pair = {"^": ((r, c), (r + 1, c)), "v": ((r + 1, c), (r, c))}.get(sign)
            assert pair is not None or sign == " ", repr(sign)
            if pair:
                seen_less.add(pair)
    assert seen_givens == givens and seen_less == set(less)
    return n, sorted([r, c, v] for (r, c), v in givens.items()), sorted([*a, *b] for a, b in less)


@pytest.mark.parametrize("level", range(1, 11))
def test_board_and_list_match_the_payload(level):
    for i in range(2):
        inst = TASK.generate(TASK.params(level), 101, i)
        assert "<answer>" in TASK.prompt(english_q1(inst))[0]["content"]
        p = inst.payload
        assert parse_question(english_q1(inst)) == (p["n"], sorted(p["givens"]), sorted(p["less"]))


@pytest.mark.parametrize("lang", prompts.LANGS)
def test_every_paraphrase_shows_the_whole_puzzle(lang):
    """Each wording, in each language, shows the size and either the ASCII board (givens and every sign)
    or every pre-filled cell and every inequality as a list."""
    macros = prompts.paraphrases(TASK.module, lang)
    assert len(macros) >= 3
    for inst in [TASK.generate(TASK.params(lv), seed=47, index=0) for lv in (1, 5, 10)]:
        f, p = inst.fields, inst.payload
        for macro in macros:
            q = prompts.render(TASK.module, lang, macro, f)
            assert str(p["n"]) in q
            listed = all(f"({a + 1},{b + 1}) < ({c + 1},{d + 1})" in q for a, b, c, d in p["less"]) and all(
                re.search(rf"\({r + 1},{c + 1}\)\D+{v}\b", q) for r, c, v in p["givens"])
            assert f["board"] in q or listed, (lang, macro, q)


def test_knob_rules():
    with pytest.raises(ValueError, match="n"):
        gen.Params(n=10)
    with pytest.raises(ValueError, match="sign_density"):
        gen.Params(sign_density=0.0)


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: a 9x9 takes about 0.3 s to generate, never many seconds."""
    for index in range(4):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, index)
        assert time.perf_counter() - start < 10.0, index


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# A generated 4x4 puzzle, frozen: one given, seven signs; unique (checked below by brute force).
PUZZLE = {"n": 4, "givens": [[2, 3, 2]],
          "less": [[0, 2, 0, 3], [1, 1, 0, 1], [1, 3, 0, 3], [2, 2, 2, 1], [3, 0, 2, 0], [3, 0, 3, 1], [3, 1, 2, 1]]}
SOLUTION = [[1, 2, 3, 4], [4, 1, 2, 3], [3, 4, 1, 2], [2, 3, 4, 1]]
# 3x3, one given and two signs, (0,0) < (0,1) and (1,2) < (2,2): the only solution is 2 3 1 / 3 1 2 / 1 2 3.
SMALL = {"n": 3, "givens": [[1, 1, 1]], "less": [[0, 0, 0, 1], [1, 2, 2, 2]]}
ROWS = ["2 3 1", "3 1 2", "1 2 3"]

CASES = [
    # (payload, answer, expected reason)
    # two cells of the first row swapped: the row is still fine, column 3 now holds two 4s
    (PUZZLE, "1 2 4 3\n4 1 2 3\n3 4 1 2\n2 3 4 1", "violates:column"),
    # the first two rows swapped: a Latin square keeping the given, but (2,2) < (1,2) breaks
    (PUZZLE, "4 1 2 3\n1 2 3 4\n3 4 1 2\n2 3 4 1", "violates:inequality"),
    # the last two rows swapped: a Latin square, but the given (3,4) = 2 becomes 1
    (PUZZLE, "1 2 3 4\n4 1 2 3\n2 3 4 1\n3 4 1 2", "violates:given"),
    (PUZZLE, "1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 4", "violates:row"),  # one cell changed: row 4 holds two 4s
    (PUZZLE, "1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 5", "out_of_range"),  # a digit outside 1..4
    (PUZZLE, "1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 0", "out_of_range"),  # a zero left where a blank was
    (PUZZLE, "1 2 3 4\n4 1 2 3\n3 4 1 2", "wrong_shape"),  # a missing row
    (PUZZLE, "1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1\n2 3 4 1", "wrong_shape"),  # an extra row (a second candidate)
    (PUZZLE, "1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1\nI think this is right", "parse_error"),  # trailing prose
    (PUZZLE, "1 . 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1", "parse_error"),  # the blanks copied from the board
    (PUZZLE, "1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 -1", "parse_error"),  # a negative number cannot pass as its digit
    (PUZZLE, "12 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1", "wrong_shape"),  # two-digit numbers
    (PUZZLE, "1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 0+1", "parse_error"),  # an arithmetic expression
    (PUZZLE, "1 4 3 2\n2 1 4 3\n3 2 1 4\n4 3 2 1", "violates:given"),  # transposed: Latin, breaks the given
    (PUZZLE, "1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1", "ok"),
    (PUZZLE, "[[1, 2, 3, 4], [4, 1, 2, 3], [3, 4, 1, 2], [2, 3, 4, 1]]", "ok"),
    (PUZZLE, "1,2,3,4\n4,1,2,3\n3,4,1,2\n2,3,4,1", "ok"),
    (PUZZLE, "1234\n4123\n3412\n2341", "ok"),
    (PUZZLE, "1 2 3 4 4 1 2 3 3 4 1 2 2 3 4 1", "ok"),
    (PUZZLE, "| 1 | 2 | 3 | 4 |\n| 4 | 1 | 2 | 3 |\n| 3 | 4 | 1 | 2 |\n| 2 | 3 | 4 | 1 |", "ok"),
    (PUZZLE, "```\n1 2 3 4\n4 1 2 3\n3 4 1 2\n2 3 4 1\n```", "ok"),
    (PUZZLE, "１ ２ ３ ４\n４ １ ２ ３\n３ ４ １ ２\n２ ３ ４ １", "ok"),  # full-width digits (NFKC)
    # the board layout copied with its signs: the signs only decorate the numbers
    (PUZZLE, "| 1   2   3 < 4 |\n|     v       v |\n| 4   1   2   3 |\n|               |\n| 3   4 > 1   2 |\n"
             "| v   v         |\n| 2 < 3   4   1 |", "ok"),  # fmt: skip
    (PUZZLE, "1   2   3 < 4\n    v       v\n4   1   2   3\n\n3   4 > 1   2\nv   v\n2 < 3   4   1", "ok"),
    (SMALL, "+-------+\n" + "\n".join(f"| {r} |" for r in ROWS) + "\n+-------+", "ok"),  # regression: a frame
    (SMALL, "| 2 | 3 | 1 |\n|:-:|:-:|:-:|\n| 3 | 1 | 2 |\n| 1 | 2 | 3 |", "ok"),  # regression: a markdown table
    (SMALL, "\u2502 2 < 3 \u2502 1\n\u2502 3 \u2502 1 \u2502 2\n\u2502 1 \u2502 2 \u2502 3", "ok"),  # bars, a sign
    (SMALL, r"\begin{vmatrix} 2 & 3 & 1 \\ 3 & 1 & 2 \\ 1 & 2 & 3 \end{vmatrix}", "ok"),  # the v of vmatrix
    (SMALL, "231312123", "ok"),  # one run of n*n digits
    (SMALL, "`2 3 1; 3 1 2; 1 2 3`", "ok"),  # inline code
    (SMALL, "+-----+\n| 2 3 1 |\n| 3 1 2 |\n| 3 2 1 |\n+-----+", "violates:column"),  # a frame, a non-Latin grid
    (SMALL, "3 2 1\n2 1 3\n1 3 2", "violates:inequality"),  # Latin, keeps the given, breaks (0,0) < (0,1)
    (SMALL, "1 2 3\n3 1 2\n2 3 1", "violates:inequality"),  # breaks (1,2) < (2,2)
    (SMALL, "1 3 2\n2 1 3\n3 2 1", "violates:inequality"),  # keeps the given and the first sign only
    (SMALL, "2 3 1\n1 2 3\n3 1 2", "violates:given"),
    (SMALL, "2 3 1\n3 1 2\n1 2 3\n+---+\n2 3 1", "wrong_shape"),  # a second grid after a rule line
    (SMALL, "2 3 1\n3 1 2\n1 2 3 & 1", "parse_error"),  # an ampersand outside LaTeX
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


@pytest.fixture(scope="module")
def inst():
    return TASK.generate(TASK.params(2), 5, 0)


def test_equivalent_formats_accepted(inst):
    g = [r.split() for r in inst.answer.splitlines()]
    forms = [
        "\n".join(",".join(r) for r in g),
        json.dumps([[int(x) for x in r] for r in g]),
        json.dumps([[int(x) for x in r] for r in g], indent=2),
        "\n".join("".join(r) for r in g),
        " ".join(" ".join(r) for r in g),
        "; ".join(" ".join(r) for r in g),
        json.dumps(["".join(r) for r in g]),
        json.dumps([" ".join(r) for r in g]),
        "\n".join("| " + " | ".join(r) + " |" for r in g),
        str(tuple(tuple(int(x) for x in r) for r in g)),
        "```\n" + inst.answer + "\n```",
        inst.answer.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    ]
    for form in forms:
        assert TASK.verify(inst.payload, wrap(form)).correct, form


def test_wrong_answers_rejected(inst):
    a = inst.answer
    g = [r.split() for r in a.splitlines()]
    n = len(g)
    bad = [
        a.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        " ".join("+" + x for x in a.split()),
        "\n".join(" ".join("0" + x for x in r) for r in g),
        "\n".join(" ".join(x + ".0" for x in r) for r in g),
        "\n".join(" ".join(x + "/1" for x in r) for r in g),
        "\n".join(" ".join("-" + x for x in r) for r in g),
        "the answer is\n" + a,
        "\n".join(" ".join(c) for c in zip(*g)),  # transposed
        a + "\n" + a,
        a + "\n" + a.splitlines()[0],
        "\n".join(a.splitlines()[:-1]),
        inst.question,
        a + " or " + a,
        "1e999",
        "nan",
        "inf",
        "",
        "[" * 5000 + "]" * 5000,
        "1" * 19_000,
        a.replace("1", "0"),
        a.replace("1", str(n + 1)),
    ]
    for text in bad:
        check_case(TASK, inst.payload, text, None)


def test_ragged_rows_rejected(inst):
    """Regression: the cells were read as one stream, so a short row made up for by a long one
    (rows of n-1 and n+1 cells) passed as the grid."""
    cells = inst.answer.split()
    n = int(len(cells) ** 0.5)
    ragged = [cells[: n - 1], cells[n - 1 : 2 * n]] + [cells[k : k + n] for k in range(2 * n, n * n, n)]
    assert TASK.verify(inst.payload, wrap("\n".join(" ".join(r) for r in ragged))).reason == "wrong_shape"
    assert TASK.verify(inst.payload, wrap(json.dumps([[int(x) for x in r] for r in ragged]))).reason == "wrong_shape"
    assert not TASK.verify(inst.payload, wrap(json.dumps(["".join(r) for r in ragged]))).correct


def test_hostile_input_is_refused_fast(inst):
    hostile = ["1 " * 9_999, "[" * 9_999, "1234\n" * 4000, "<>^v" * 4000, "(" * 3000 + "1" + ")" * 3000,
               "9" * 20_000, "\u00b9" * 5000]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)


# -- 3. brute-force agreement and fuzz ------------------------------------------------------------------------


def test_frozen_puzzle_is_unique_and_the_oracle_agrees():
    assert brute_solutions(PUZZLE) == [SOLUTION]
    assert ORACLE(PUZZLE) == [rows_text(SOLUTION)] and ORACLE({**PUZZLE, "unique": False}) is None


def test_oracle_agrees_with_the_row_by_row_brute_force():
    for level in (1, 2, 3, 4):
        for index in range(3):
            p = TASK.generate(TASK.params(level), seed=11, index=index).payload
            assert ORACLE(p) == [rows_text(g) for g in brute_solutions(p, limit=2)], (level, index)


def test_every_solution_of_an_open_puzzle_passes():
    """Without givens and with fewer signs a puzzle has many solutions; the verifier takes them all."""
    loose = {"n": 4, "givens": [], "less": PUZZLE["less"][:2]}
    solutions = brute_solutions(loose)
    assert len(solutions) > 10 and len(ORACLE(loose)) == 2
    for grid in solutions:
        assert TASK.verify(loose, wrap(rows_text(grid))).correct, grid
    for level, seed in ((4, 3), (3, 7)):
        inst = TASK.generate(TASK.params(level), seed=seed, index=0)
        loose = {**inst.payload, "givens": []}  # the same signs, no pre-filled cells
        solutions = brute_solutions(loose, limit=50)
        others = [s for s in solutions if rows_text(s) != inst.answer]
        assert others
        assert all(verify(loose, rows_text(grid)).correct for grid in solutions)


def _candidates(grid: list[list[int]], rng: np.random.Generator) -> list[list[list[int]]]:
    """Random Latin squares near the solution: permuted rows, columns, symbols; a changed cell; swaps."""
    n = len(grid)
    out = []
    for _ in range(40):
        rows, cols, syms = rng.permutation(n), rng.permutation(n), rng.permutation(n) + 1
        out.append([[int(syms[grid[r][c] - 1]) for c in cols] for r in rows])
        wrong = [row[:] for row in grid]
        r, c = (int(x) for x in rng.integers(n, size=2))
        wrong[r][c] = int(rng.integers(1, n + 1))
        out.append(wrong)
        swapped = [row[:] for row in grid]
        c2 = int(rng.integers(n))
        swapped[r][c], swapped[r][c2] = swapped[r][c2], swapped[r][c]
        out.append(swapped)
    return out


def test_verifier_agrees_with_brute_force_on_random_candidates():
    rng = np.random.default_rng(5)
    for level in (1, 3, 4):
        for index in range(3):
            inst = TASK.generate(TASK.params(level), seed=21, index=index)
            loose = {**inst.payload, "givens": inst.payload["givens"][:1]}  # several solutions
            solutions = brute_solutions(loose)
            accepted = {json.dumps(g) for g in solutions}
            for cand in _candidates(solutions[0], rng) + solutions:
                expect = json.dumps(cand) in accepted
                assert holds(loose, cand) == expect
                assert verify(loose, rows_text(cand)).correct == expect, (cand, loose)


def test_fuzz_mutated_grids_match_an_independent_check():
    layouts = [spaced, lambda g: "+---+\n" + "\n".join("| " + " ".join(map(str, r)) + " |" for r in g) + "\n+---+",
               str, run_of_digits, latex("bmatrix")]  # fmt: skip
    fuzz(TASK, holds, 11, layouts)

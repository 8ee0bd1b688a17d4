"""Skyscraper: generation and the question text, a verifier table of adversarial cases, brute-force agreement
(every solution of an open puzzle passes) and fuzz, and the generator's line reasoning against enumeration."""

from __future__ import annotations

import itertools
import json
import re
import time

import numpy as np
import pytest

from logicforge.generators import skyscraper as gen
from logicforge.generators._skyscraper_solver import line_support
from logicforge.tasks import get_task, prompts
from logicforge.verifiers.skyscraper import verify

from helpers import assert_refused_fast, check_case, fuzz, latex, latin_search, rows_text, run_of_digits, spaced, wrap

TASK = get_task("skyscraper")
SIDES = ("top", "bottom", "left", "right")


def seen(line) -> int:
    """Visible buildings from the start of a line, counted the slow obvious way."""
    return sum(1 for i, h in enumerate(line) if all(h > x for x in line[:i]))


# -- the oracle: an independent brute force over the payload --------------------------------------------------


def ORACLE(payload: dict) -> list[str] | None:
    """Up to two solutions (one row per line), by backtracking over Latin squares (helpers.latin_search).

    Each placement keeps the givens and leaves the clues of its row and column reachable: on a board of up to
    6x6, when at most five cells of the line are empty, some filling of them shows both clues (every filling
    is tried); otherwise the filled run from a clue's side shows no more than the clue (exactly the clue once
    the tallest building stands in it) and can still reach it, and no height exceeds n - k + 1 + its
    distance from a clue k. None for a payload marked "unique": false, or past 1,000 search nodes (levels
    1-5 take at most about 250; an 8x8 is often too big).
    """
    if payload.get("unique") is False:
        return None
    n = payload["n"]

    def fits(line: list[int], k: int) -> bool:
        if not k:
            return True
        if any(h > n - k + 1 + d for d, h in enumerate(line)):
            return False
        i = line.index(0) if 0 in line else n
        shown = seen(line[:i])
        return shown == k if n in line[:i] else shown < k <= shown + n - i

    def completes(line: list[int], front: int, back: int) -> bool:
        """Some filling of the line's empty cells (all tried, when few) shows both clues."""
        holes = [i for i, h in enumerate(line) if not h]
        if not (front or back) or len(holes) > 5 or n > 6:
            return fits(line, front) and fits(line[::-1], back)
        rest = [h for h in range(1, n + 1) if h not in line]
        for values in itertools.permutations(rest):
            full = list(line)
            for i, v in zip(holes, values):
                full[i] = v
            if (not front or seen(full) == front) and (not back or seen(full[::-1]) == back):
                return True
        return False

    def ok(grid, r, c) -> bool:
        col = [grid[i][c] for i in range(n)]
        return (completes(grid[r], payload["left"][r], payload["right"][r])
                and completes(col, payload["top"][c], payload["bottom"][c]))

    return latin_search(n, ok, [tuple(g) for g in payload["givens"]], budget=1_000)


def clues_hold(payload: dict, grid) -> bool:
    cols = [list(c) for c in zip(*grid)]
    views = {"top": cols, "bottom": [c[::-1] for c in cols], "left": grid, "right": [r[::-1] for r in grid]}
    return all(not k or seen(line) == k for side in SIDES for k, line in zip(payload[side], views[side]))


def brute_solutions(payload: dict, limit: int = 10**9) -> list[list[list[int]]]:
    """Solutions (up to `limit`): each row a permutation matching its own clues and givens, columns distinct."""
    n = payload["n"]
    givens = {(r, c): v for r, c, v in payload["givens"]}
    options = []
    for r in range(n):
        options.append([
            list(p) for p in itertools.permutations(range(1, n + 1))
            if (not payload["left"][r] or seen(p) == payload["left"][r])
            and (not payload["right"][r] or seen(p[::-1]) == payload["right"][r])
            and all(givens.get((r, c), p[c]) == p[c] for c in range(n))
        ])
    out = []

    def place(rows):
        if len(out) >= limit:
            return
        if len(rows) == n:
            if clues_hold(payload, rows):
                out.append([row[:] for row in rows])
            return
        for row in options[len(rows)]:
            if all(row[c] != prev[c] for prev in rows for c in range(n)):
                place(rows + [row])

    place([])
    return out


def _valid(p: dict, g: list[list[int]]) -> bool:
    """Latin square over 1..n, givens kept, every non-zero clue matched from its side."""
    n = p["n"]
    if any(set(line) != set(range(1, n + 1)) for line in [*g, *zip(*g)]):
        return False
    return clues_hold(p, g) and all(g[r][c] == v for r, c, v in p["givens"])


# -- 1. generation and the question text ----------------------------------------------------------------------


def english_q1(inst) -> str:
    """The instance's question in the first English wording, the one `parse_question` reads."""
    return prompts.render(TASK.module, "en", "q1", inst.fields)


def parse_question(q: str):
    """(n, clues {side: [k or 0]}, givens [[r, c, v]]) from the lists, checked against the framed board."""
    n = int(re.search(r"Solve this (\d+)x\1 Skyscraper", q).group(1))

    def listed(side):
        text = re.search(side.capitalize() + r" \(seen[^)]*\): (.*)", q).group(1)
        return [0 if x == "none" else int(x) for x in text.split(", ")]

    clues = {side: listed(side) for side in SIDES}
    pre = re.search(r"Pre-filled cells \(row, column\), counted from 1 at the top left: (.*)", q).group(1)
    givens = {(int(a) - 1, int(b) - 1): int(v) for a, b, v in re.findall(r"\((\d+),(\d+)\) = (\d+)", pre)}
    lines = q.split("\n\n")[1].splitlines()

    def clue(tok):
        return 0 if tok == "-" else int(tok)

    assert [clue(t) for t in lines[0].split()] == clues["top"]
    assert [clue(t) for t in lines[-1].split()] == clues["bottom"]
    assert lines[0].index(lines[0].split()[0]) == lines[2].index("|") + 2  # top clues sit over column 1
    board_givens = {}
    for r, line in enumerate(lines[2 : 2 + n]):
        m = re.fullmatch(r"  (\S) \| (.*) \| (\S)", line)
        assert clue(m.group(1)) == clues["left"][r] and clue(m.group(3)) == clues["right"][r]
        for c, tok in enumerate(m.group(2).split()):
            if tok != ".":
                board_givens[(r, c)] = int(tok)
    assert board_givens == givens
    return n, clues, sorted([r, c, v] for (r, c), v in givens.items())


@pytest.mark.parametrize("level", range(1, 11))
def test_question_text_matches_payload(level):
    for i in range(2):
        inst = TASK.generate(TASK.params(level), 101, i)
        assert "<answer>" in TASK.prompt(english_q1(inst))[0]["content"]
        p = inst.payload
        n, clues, givens = parse_question(english_q1(inst))
        assert n == p["n"] and clues == {side: p[side] for side in SIDES} and givens == sorted(p["givens"])


@pytest.mark.parametrize("lang", prompts.LANGS)
def test_every_paraphrase_shows_the_whole_puzzle(lang):
    """Each wording, in each language, shows the size and either the framed board (every clue and given)
    or the four clue lines ('-' for a missing clue) and every given as a list."""
    macros = prompts.paraphrases(TASK.module, lang)
    assert len(macros) >= 3
    for inst in [TASK.generate(TASK.params(lv), seed=47, index=0) for lv in (1, 5, 10)]:
        f, p = inst.fields, inst.payload
        for macro in macros:
            q = prompts.render(TASK.module, lang, macro, f)
            assert str(p["n"]) in q
            lines = [" ".join(str(v) if v else "-" for v in p[side]) for side in SIDES]
            listed = all(re.search(rf"[:：] ?{re.escape(line)}$", q, re.M) for line in lines) and all(
                f"({r + 1},{c + 1}) = {v}" in q for r, c, v in p["givens"])
            assert f["board"] in q or listed, (lang, macro, q)


def test_knob_rules():
    with pytest.raises(ValueError, match="n"):
        gen.Params(n=9)
    with pytest.raises(ValueError, match="omit"):
        gen.Params(omit=1.0)


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: an 8x8 takes about 0.2 s to generate, never many seconds."""
    for index in range(4):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, index)
        assert time.perf_counter() - start < 10.0, index


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# A generated 4x4 puzzle, frozen: eleven clues, two givens; unique (checked below by brute force).
PUZZLE = {"n": 4, "top": [0, 2, 0, 3], "bottom": [0, 2, 0, 0], "left": [0, 2, 0, 0], "right": [2, 2, 3, 1],
          "givens": [[0, 3, 2], [1, 2, 2]]}  # fmt: skip
SOLUTION = [[3, 1, 4, 2], [1, 4, 2, 3], [4, 2, 3, 1], [2, 3, 1, 4]]
# 3x3 with every clue given; the solution is 3 1 2 / 2 3 1 / 1 2 3 (the level-1 board of the prompt).
SMALL = {"n": 3, "top": [1, 2, 2], "bottom": [3, 2, 1], "left": [1, 2, 3], "right": [2, 2, 1], "givens": [[1, 1, 3]]}
ROWS = ["3 1 2", "2 3 1", "1 2 3"]
BOX_TOP, BOX_BOTTOM = "\u250c" + "\u2500" * 7 + "\u2510\n", "\n\u2514" + "\u2500" * 7 + "\u2518"


def framed(rows: list[str]) -> str:
    return "+-------+\n" + "\n".join(f"| {r} |" for r in rows) + "\n+-------+"


CASES = [
    # (payload, answer, expected reason)
    # two cells of the first row swapped: the row is fine, column 1 now holds two 1s
    (PUZZLE, "1 3 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 4", "violates:column"),
    # heights 3 and 4 exchanged everywhere: a Latin square keeping the givens, top clue of column 2 breaks
    (PUZZLE, "4 1 3 2\n1 3 2 4\n3 2 4 1\n2 4 1 3", "violates:top"),
    # heights 1 and 3 exchanged everywhere: every top clue holds, the bottom clue of column 2 breaks
    (PUZZLE, "1 3 4 2\n3 4 2 1\n4 2 1 3\n2 1 3 4", "violates:bottom"),
    (PUZZLE, "1 3 4 2\n4 1 2 3\n2 4 3 1\n3 2 1 4", "violates:left"),  # the one that breaks only the left clue
    (PUZZLE, "4 1 3 2\n1 4 2 3\n3 2 1 4\n2 3 4 1", "violates:right"),  # holds top, bottom, left; breaks right
    (PUZZLE, "1 4 2 3\n3 1 4 2\n4 2 3 1\n2 3 1 4", "violates:given"),  # rows 1, 2 swapped: (1,4) = 2 becomes 3
    (PUZZLE, "3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 4 4", "violates:row"),  # one cell changed: row 4 holds two 4s
    (PUZZLE, "3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 5", "out_of_range"),  # a height outside 1..4
    (PUZZLE, "3 1 4 2\n1 4 2 3\n4 2 3 1", "wrong_shape"),  # a missing row
    (PUZZLE, "3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 4\n2 3 1 4", "wrong_shape"),  # an extra row (a second candidate)
    (PUZZLE, "2 3 1 4 2\n3 1 4 2 2\n1 4 2 3 3\n4 2 3 1 1\n2 3 1 4 4", "wrong_shape"),  # the clue frame copied
    (PUZZLE, "3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 4 done", "parse_error"),  # trailing prose
    (PUZZLE, "3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 -4", "parse_error"),  # a negative number cannot pass as its digit
    (PUZZLE, "31 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 4", "wrong_shape"),  # two-digit numbers
    (PUZZLE, "3 1 4 2\n1 4 2 3\n4 2 3 1\n2 3 1 4", "ok"),
    (PUZZLE, "[[3, 1, 4, 2], [1, 4, 2, 3], [4, 2, 3, 1], [2, 3, 1, 4]]", "ok"),
    (PUZZLE, "((3,1,4,2),(1,4,2,3),(4,2,3,1),(2,3,1,4))", "ok"),
    (PUZZLE, "3142\n1423\n4231\n2314", "ok"),
    (PUZZLE, '["3142", "1423", "4231", "2314"]', "ok"),
    (PUZZLE, "3 1 4 2 1 4 2 3 4 2 3 1 2 3 1 4", "ok"),
    (PUZZLE, "3, 1, 4, 2;\n1, 4, 2, 3;\n4, 2, 3, 1;\n2, 3, 1, 4", "ok"),
    (PUZZLE, "```python\n[[3, 1, 4, 2],\n [1, 4, 2, 3],\n [4, 2, 3, 1],\n [2, 3, 1, 4]]\n```", "ok"),
    (SMALL, framed(ROWS), "ok"),  # regression: the prompt's own "+-------+" frame was a parse_error
    (SMALL, BOX_TOP + "\n".join(f"\u2502 {r} \u2502" for r in ROWS) + BOX_BOTTOM, "ok"),  # regression: box drawing
    (SMALL, "| 3 | 1 | 2 |\n|---|---|---|\n| 2 | 3 | 1 |\n| 1 | 2 | 3 |", "ok"),  # regression: a markdown table
    (SMALL, r"\begin{bmatrix} 3 & 1 & 2 \\ 2 & 3 & 1 \\ 1 & 2 & 3 \end{bmatrix}", "ok"),  # regression: LaTeX
    (SMALL, "312231123", "ok"),  # the grid as one run of digits, as sudoku accepts
    (SMALL, "```3 1 2\n2 3 1\n1 2 3```", "ok"),  # an inline fence: "3" is a cell, not a language tag
    (SMALL, framed(["1 3 2", "2 1 3", "3 2 1"]), "violates:given"),  # the frame hides no broken rule
    (SMALL, framed(["3 2 1", "1 3 2", "2 1 3"]), "violates:top"),  # keeps the given, breaks the top clue
    (SMALL, framed(ROWS).replace("+-------+", "+---1---+", 1), "parse_error"),  # a line with a digit is no rule
    (SMALL, framed(ROWS).replace("| 3 1 2 |", "| 3 -1 2 |"), "parse_error"),  # a minus sign is no separator
    (SMALL, "  1 2 2\n" + framed(ROWS), "wrong_shape"),  # clues copied along with the grid are extra numbers
    (SMALL, "31223112", "wrong_shape"),  # one run a digit short: a number, not cells
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


@pytest.fixture(scope="module")
def inst():
    return TASK.generate(TASK.params(3), 5, 0)


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
        "\n".join("| " + " | ".join(r) + " |" for r in g),
        str(tuple(tuple(int(x) for x in r) for r in g)),
        "```text\n" + inst.answer + "\n```",
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
        "\n".join(" ".join("-" + x for x in r) for r in g),
        "the answer is\n" + a,
        "\n".join(" ".join(c) for c in zip(*g)),  # transposed
        "\n".join(" ".join(r[::-1]) for r in g),  # mirrored
        "\n".join(" ".join(r) for r in g[::-1]),  # upside down
        a + "\n" + a,
        "\n".join(a.splitlines()[:-1]),
        inst.question,
        "1e999",
        "nan",
        "[" * 5000 + "]" * 5000,
        a.replace("1", "0"),
        a.replace("1", str(n + 1)),
    ]
    for text in bad:
        check_case(TASK, inst.payload, text, None)


def test_every_clue_is_checked():
    """Each single-clue change of a solved grid's payload makes its solution fail on that side."""
    inst = TASK.generate(TASK.params(2), 9, 1)
    for side in SIDES:
        for i, k in enumerate(inst.payload[side]):
            if k:
                payload = {**inst.payload, side: [*inst.payload[side][:i], k % 4 + 1, *inst.payload[side][i + 1 :]]}
                assert TASK.verify(payload, wrap(inst.answer)).reason == f"violates:{side}"


def test_ragged_rows_rejected(inst):
    """Regression: the cells were read as one stream, so a short row made up for by a long one passed."""
    cells = inst.answer.split()
    n = int(len(cells) ** 0.5)
    ragged = [cells[: n - 1], cells[n - 1 : 2 * n]] + [cells[k : k + n] for k in range(2 * n, n * n, n)]
    assert TASK.verify(inst.payload, wrap("\n".join(" ".join(r) for r in ragged))).reason == "wrong_shape"
    assert TASK.verify(inst.payload, wrap(json.dumps([[int(x) for x in r] for r in ragged]))).reason == "wrong_shape"


def test_hostile_input_is_refused_fast(inst):
    hostile = ["1 " * 9_999, "[" * 9_999, "1234\n" * 4000, "(" * 3000 + "1" + ")" * 3000, "9" * 20_000]
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)


# -- 3. brute-force agreement and fuzz ------------------------------------------------------------------------


def test_frozen_puzzle_is_unique_and_the_oracle_agrees():
    assert brute_solutions(PUZZLE) == [SOLUTION]
    assert ORACLE(PUZZLE) == [rows_text(SOLUTION)] and ORACLE({**PUZZLE, "unique": False}) is None


def test_oracle_agrees_with_the_row_by_row_brute_force():
    for level in (1, 2, 3, 4, 5):
        for index in range(3):
            p = TASK.generate(TASK.params(level), seed=11, index=index).payload
            assert ORACLE(p) == [rows_text(g) for g in brute_solutions(p)][:2], (level, index)


def test_every_solution_of_an_open_puzzle_passes():
    """With most clues dropped a puzzle has many solutions; the verifier takes every one."""
    loose = {**PUZZLE, "top": [0, 2, 0, 0], "right": [2, 0, 0, 0], "givens": []}
    solutions = brute_solutions(loose)
    assert len(solutions) > 10 and len(ORACLE(loose)) == 2
    for grid in solutions:
        assert TASK.verify(loose, wrap(rows_text(grid))).correct, grid
    inst = TASK.generate(TASK.params(5), 7, 0)
    fewer = {s: [0 if i % 2 else k for i, k in enumerate(inst.payload[s])] for s in SIDES}  # every other clue
    loose = {**inst.payload, **fewer, "givens": []}
    solutions = brute_solutions(loose, limit=50)
    others = [s for s in solutions if rows_text(s) != inst.answer]
    assert others
    for grid in others[:10]:
        assert TASK.verify(loose, wrap(rows_text(grid))).correct


def _candidates(grid, rng: np.random.Generator):
    """Latin squares near the solution (permuted rows, columns, heights), one changed cell, a swap."""
    n = len(grid)
    out = []
    for _ in range(40):
        rows, cols, syms = rng.permutation(n), rng.permutation(n), rng.permutation(n) + 1
        out.append([[int(syms[grid[r][c] - 1]) for c in cols] for r in rows])
        r, c, c2 = (int(x) for x in rng.integers(n, size=3))
        wrong = [row[:] for row in grid]
        wrong[r][c] = int(rng.integers(1, n + 1))
        swapped = [row[:] for row in grid]
        swapped[r][c], swapped[r][c2] = swapped[r][c2], swapped[r][c]
        out += [wrong, swapped]
    return out


def test_verifier_agrees_with_brute_force_on_random_candidates():
    rng = np.random.default_rng(5)
    for level in (2, 4, 5):
        for index in range(3):
            inst = TASK.generate(TASK.params(level), seed=21, index=index)
            loose = {**inst.payload, "givens": [], "bottom": [0] * inst.payload["n"]}  # several solutions
            solutions = brute_solutions(loose)
            accepted = {json.dumps(g) for g in solutions}
            for cand in _candidates(solutions[0], rng) + solutions:
                expect = json.dumps(cand) in accepted
                assert _valid(loose, cand) == expect
                assert verify(loose, rows_text(cand)).correct == expect, (cand, loose)


def test_fuzz_mutated_grids_match_an_independent_check():
    layouts = [spaced, lambda g: framed([" ".join(map(str, r)) for r in g]), str, run_of_digits, latex("pmatrix")]
    fuzz(TASK, _valid, 7, layouts)


# -- 4. family specifics: the generator's line reasoning ------------------------------------------------------


def test_line_reasoning_matches_enumeration():
    """The solver's line tables agree with filtering every permutation by hand (n = 4)."""
    rng = np.random.default_rng(2)
    for _ in range(200):
        front, back = (int(x) for x in rng.integers(0, 5, size=2))
        doms = tuple(int(x) << 1 for x in rng.integers(1, 16, size=4))
        fits = [
            p for p in itertools.permutations(range(1, 5))
            if (not front or seen(p) == front) and (not back or seen(p[::-1]) == back)
            and all(doms[i] >> p[i] & 1 for i in range(4))
        ]
        expect = tuple(sum({1 << p[i] for p in fits}) for i in range(4)) if fits else None
        assert line_support(4, front, back, doms) == expect, (front, back, doms)

"""Arrow maze: generation and the question text, a verifier table of adversarial cases, universal answers,
brute-force agreement (every solution of a puzzle passes, nothing else does), the solver, and hostile input."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import time

import numpy as np
import pytest

from logicforge.generators import arrow_maze as gen
from logicforge.generators._arrow_maze_solver import solve
from logicforge.tasks import get_task, prompts
from logicforge.verifiers.arrow_maze import verify

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("arrow_maze")
CODES = ("U", "D", "L", "R", "UL", "UR", "DL", "DR")
ARROWS = "↑↓←→↖↗↙↘"
STEP = dict(zip(CODES, ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))))


# -- an independent statement of the rules, and a brute force over it ------------------------------------------


def holds(payload: dict, grid: list[list[object]]) -> bool:
    """The rules as the prompt states them, on a grid of ints (numbers) and codes (arrows).

    Each number: the 8 runs of arrows pointing away from it, from its neighbour on, add up to it. Each arrow:
    walking back against its direction through arrows pointing the same way reaches a number (so some
    number's run holds it)."""
    rows, cols = payload["rows"], payload["cols"]
    numbers = {(r, c): v for r, c, v in payload["numbers"]}
    if any(grid[r][c] != v for (r, c), v in numbers.items()):
        return False
    if any(grid[r][c] != code for r, c, code in payload["givens"]):
        return False
    inside = lambda r, c: 0 <= r < rows and 0 <= c < cols  # noqa: E731
    for r in range(rows):
        for c in range(cols):
            cell = grid[r][c]
            if (r, c) in numbers:
                runs = 0
                for code, (dr, dc) in STEP.items():
                    k = 1
                    while inside(r + k * dr, c + k * dc) and grid[r + k * dr][c + k * dc] == code:
                        k += 1
                    runs += k - 1
                if runs != cell:
                    return False
            else:
                if cell not in STEP:
                    return False
                dr, dc = STEP[cell]
                k = 1
                while inside(r - k * dr, c - k * dc) and grid[r - k * dr][c - k * dc] == cell:
                    k += 1
                if not inside(r - k * dr, c - k * dc) or (r - k * dr, c - k * dc) not in numbers:
                    return False
    return True


def brute_solutions(payload: dict) -> list[list[list[object]]]:
    """Every solution, by trying every filling of the open cells with the arrows that have some number
    behind them on their line (anything else is counted by no number), at most 300,000 fillings."""
    rows, cols = payload["rows"], payload["cols"]
    base: list[list[object]] = [[None] * cols for _ in range(rows)]
    for r, c, v in payload["numbers"]:
        base[r][c] = v
    for r, c, code in payload["givens"]:
        base[r][c] = code
    free = [(r, c) for r in range(rows) for c in range(cols) if base[r][c] is None]
    numbers = {(r, c) for r, c, _ in payload["numbers"]}

    def behind(r: int, c: int, code: str) -> bool:
        dr, dc = STEP[code]
        return any((r - k * dr, c - k * dc) in numbers for k in range(1, max(rows, cols)))

    options = [[code for code in CODES if behind(r, c, code)] for r, c in free]
    assert np.prod([len(o) for o in options]) <= 300_000
    out = []
    for combo in itertools.product(*options):
        grid = [row[:] for row in base]
        for (r, c), code in zip(free, combo):
            grid[r][c] = code
        if holds(payload, grid):
            out.append(grid)
    return out


def text(grid: list[list[object]], letters: bool = False) -> str:
    """A grid as the answer format asks (arrows, or the letter codes)."""
    sym = dict(zip(CODES, CODES if letters else ARROWS))
    return "\n".join(" ".join(str(x) if isinstance(x, int) else sym[x] for x in row) for row in grid)


def grid_of(answer: str) -> list[list[object]]:
    sym = dict(zip(ARROWS, CODES))
    return [[int(x) if x.isdigit() else sym[x] for x in line.split()] for line in answer.splitlines()]


# -- 1. generation and the question text ------------------------------------------------------------------------


@pytest.mark.parametrize("level", range(1, 11))
def test_board_matches_the_payload_and_the_reference_holds(level):
    for i in range(3):
        inst = TASK.generate(TASK.params(level), 101, i)
        p = inst.payload
        board = [line.split() for line in inst.fields["board"].splitlines()]
        assert len(board) == p["rows"] and all(len(row) == p["cols"] for row in board)
        seen_numbers = sorted([r, c, int(x)] for r, row in enumerate(board) for c, x in enumerate(row) if x.isdigit())
        seen_givens = sorted([r, c, CODES[ARROWS.index(x)]] for r, row in enumerate(board) for c, x in enumerate(row)
                             if x in ARROWS)  # fmt: skip
        assert seen_numbers == sorted(p["numbers"]) and seen_givens == sorted(p["givens"])
        assert all(x == "." or x.isdigit() or x in ARROWS for row in board for x in row)
        assert holds(p, grid_of(inst.answer))


@pytest.mark.parametrize("lang", prompts.LANGS)
def test_every_paraphrase_shows_the_whole_puzzle(lang):
    """Each wording shows the board, or every number and every pre-filled arrow at its (row,col)."""
    macros = prompts.paraphrases(TASK.module, lang)
    assert len(macros) >= 3
    for inst in [TASK.generate(TASK.params(lv), seed=47, index=0) for lv in (1, 5, 10)]:
        f, p = inst.fields, inst.payload
        for macro in macros:
            q = prompts.render(TASK.module, lang, macro, f)
            listed = all(re.search(rf"\({r + 1},{c + 1}\)\D+{v}\b", q) for r, c, v in p["numbers"]) and all(
                f"({r + 1},{c + 1})" in q and ARROWS[CODES.index(code)] in q for r, c, code in p["givens"]
            )
            assert f["board"] in q or listed, (lang, macro, q)
            assert all(a in q for a in ARROWS), (lang, macro)  # the 8 arrows are named in every wording


def test_knob_rules():
    with pytest.raises(ValueError, match="rows"):
        gen.Params(rows=2)
    with pytest.raises(ValueError, match="given_share"):
        gen.Params(given_share=1.0)


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: a 10x10 takes a few milliseconds to generate, never seconds."""
    for index in range(20):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, index)
        assert time.perf_counter() - start < 1.0, index


def test_more_givens_make_it_easier():
    hard = [TASK.generate(gen.Params(rows=8, cols=8, given_share=0.0), 3, i).hardness for i in range(10)]
    easy = [TASK.generate(gen.Params(rows=8, cols=8, given_share=0.6), 3, i).hardness for i in range(10)]
    assert np.median(easy) < np.median(hard)


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# A generated 3x4 puzzle, frozen; brute force finds exactly the two solutions below.
PUZZLE = {"rows": 3, "cols": 4, "numbers": [[0, 2, 3], [1, 3, 1], [2, 1, 5]], "givens": [[0, 1, "L"], [0, 3, "R"]]}
SOL_A = "← ← 3 →\n↖ ↑ ← 1\n← 5 → →"
SOL_B = "← ← 3 →\n↖ ↑ ↗ 1\n← 5 → ↓"

ROW1 = {"rows": 1, "cols": 4, "numbers": [[0, 1, 1]], "givens": []}
ROW2 = {**ROW1, "numbers": [[0, 1, 2]]}
ROW3 = {**ROW1, "numbers": [[0, 1, 3]]}
SQUARE = {"rows": 2, "cols": 2, "numbers": [[0, 0, 2]], "givens": []}

CASES = [
    (PUZZLE, SOL_A, "ok"),
    (PUZZLE, SOL_B, "ok"),  # the other solution: any grid keeping the rules passes
    (PUZZLE, "L L 3 R\nUL U L 1\nL 5 R R", "ok"),  # the letter codes
    (PUZZLE, "l l 3 r\nul u l 1\nl 5 r r", "ok"),  # in lower case
    (PUZZLE, "⬅ ⬅ 3 ➡\n⬉ ⬆ ⬅ 1\n⬅ 5 ➡ ➡", "ok"),  # heavy arrows
    (PUZZLE, "[['←', '←', 3, '→'], ['↖', '↑', '←', 1], ['←', 5, '→', '→']]", "ok"),  # a nested list
    (PUZZLE, "| ← | ← | 3 | → |\n| ↖ | ↑ | ← | 1 |\n| ← | 5 | → | → |", "ok"),  # a table
    (PUZZLE, "```\n" + SOL_A + "\n```", "ok"),
    (PUZZLE, "← ← 3 →\n↖ ↑ ← 1\n← 5 → ↓", "violates:sum"),  # one arrow turned: 5 counts only 4, 1 counts 2
    (PUZZLE, "← ← 3 →\n↖ ↑ ↗ 1\n← 5 → →", "violates:sum"),  # the solutions mixed: 5 counts 6, 1 counts 0
    (PUZZLE, "← ← 3 →\n↖ ↑ ← 1\n← 5 → ↗", "violates:sum"),  # 5's run to the right stops at (3,4): 5 counts 4
    (PUZZLE, "← ← 3 →\n↖ → ← 1\n← 5 → →", "violates:sum"),  # (2,2) → is no run of 5 going up: 5 counts 4
    (PUZZLE, "← ← 3 →\n↖ ↑ ← 1\n← 5 → ←", "violates:sum"),  # 5 counts only 1 to the right
    (PUZZLE, "← ← 3 →\n↖ ↑ ← 1\n← 5 ↗ ←", "violates:sum"),  # and none here
    (PUZZLE, "↑ ← 3 →\n↖ ↑ ← 1\n← 5 → →", "violates:sum"),  # (1,1) ↑ ends 3's run to the left: 3 counts 2
    (PUZZLE, "← ← 3 →\n↖ ↑ ← 1\n← 5 → →\n← ← ← ←", "wrong_shape"),  # an extra row
    (PUZZLE, "← ← 3 →\n↖ ↑ ← 1", "wrong_shape"),  # a missing row
    (PUZZLE, "← ← 3\n↖ ↑ ← 1\n← 5 → →", "wrong_shape"),  # a short row
    (PUZZLE, "← ← 3 →\n↖ ↑ . 1\n← 5 → →", "parse_error"),  # a blank left as on the board
    (PUZZLE, "← ← 3 →\n↖ ↑ X 1\n← 5 → →", "parse_error"),  # an unknown symbol
    (PUZZLE, "← ← 3 →\n↖ ↑ ⇐ 1\n← 5 → →", "parse_error"),  # a double arrow is not one of the symbols
    (PUZZLE, "← ← 3 →\n↖ ↑ LU 1\n← 5 → →", "parse_error"),  # letters in the wrong order
    (PUZZLE, "← ← 3 →\n↖ ↑ ← 1\n← 5 → → and done", "parse_error"),  # trailing prose
    (PUZZLE, "← ← -3 →\n↖ ↑ ← 1\n← 5 → →", "parse_error"),  # a signed number
    (PUZZLE, "← ← 4 →\n↖ ↑ ← 1\n← 5 → →", "violates:given"),  # a number changed
    (PUZZLE, "← ← ↓ →\n↖ ↑ ← 1\n← 5 → →", "violates:given"),  # a number replaced by an arrow
    (PUZZLE, "← → 3 →\n↖ ↑ ← 1\n← 5 → →", "violates:given"),  # the pre-filled (1,2) ← changed
    (PUZZLE, "← ← 3 →\n↖ ↑ 0 1\n← 5 → →", "out_of_range"),  # a number where an arrow belongs
    (PUZZLE, "1 ← 3 →\n↖ ↑ ← 1\n← 5 → →", "out_of_range"),
    (ROW1, "← 1 → →", "violates:sum"),  # 1 counts 3
    (ROW1, "← 1 ← →", "violates:cover"),  # 1 counts its left arrow; (1,3) and (1,4) belong to no run
    (ROW2, "← 1 → ←", "violates:given"),
    (ROW2, "← 2 → ←", "violates:cover"),  # the sum holds; (1,4) ← points at the 2, not away from it
    (ROW2, "← 2 → →", "violates:sum"),  # 2 counts 3
    (ROW2, "← 2 ← →", "violates:sum"),  # (1,3) ← points back at the 2: 2 counts only its left arrow
    (ROW3, "← 3 → →", "ok"),
    (SQUARE, "2 →\n↓ ↘", "violates:sum"),  # 2 counts 3
    (SQUARE, "2 →\n↓ ↓", "violates:cover"),  # (2,2) ↓ is below an arrow pointing right
    (SQUARE, "2 ↘\n↘ ↘", "violates:sum"),  # 2 counts its diagonal only
    ({**SQUARE, "numbers": [[0, 0, 0]]}, "0 ←\n↑ ↖", "violates:cover"),  # a 0 counts nothing, and covers nothing
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_the_table_agrees_with_the_independent_rules():
    for payload, answer, reason in CASES:
        if reason == "ok" or reason.startswith("violates:"):
            assert holds(payload, _read(answer, payload)) == (reason == "ok"), answer


def _read(answer: str, payload: dict) -> list[list[object]]:
    """A table row's answer as ints and codes (arrows, heavy arrows, letters, a list or a table)."""
    sym = {**dict(zip(ARROWS, CODES)), **dict(zip("⬆⬇⬅➡⬉⬈⬋⬊", CODES)), **{c: c for c in CODES}}
    cells = re.findall(r"[0-9]+|[A-Za-z]+|[^\s\[\]',|`]", answer)
    flat = [int(x) if x.isdigit() else sym[x.upper() if x.isascii() else x] for x in cells]
    cols = payload["cols"]
    return [flat[i : i + cols] for i in range(0, len(flat), cols)]


def test_brute_force_finds_exactly_the_two_frozen_solutions():
    assert sorted(text(g) for g in brute_solutions(PUZZLE)) == sorted([SOL_A, SOL_B])


def test_universal_answers_never_pass():
    """One arrow everywhere (numbers kept), numbers everywhere, an empty grid, the board echoed: all refused."""
    for level in (1, 3, 5, 10):
        for index in range(15):
            inst = TASK.generate(TASK.params(level), 8, index)
            p = inst.payload
            ref = grid_of(inst.answer)
            for arrow in ARROWS:
                uniform = "\n".join(" ".join(x if x.isdigit() else arrow for x in line.split())
                                    for line in inst.answer.splitlines())  # fmt: skip
                assert not TASK.verify(p, wrap(uniform)).correct, (level, index, arrow)
            fills = [
                "\n".join(" ".join("1" for _ in row) for row in ref),
                "\n".join(" ".join("0" for _ in row) for row in ref),
                inst.fields["board"],
                inst.question,
                "",
                "[]",
                "[[]]",
                text([[x if isinstance(x, int) else "U" for x in row] for row in ref], letters=True),
            ]
            for fill in fills:
                assert not TASK.verify(p, wrap(fill)).correct, (level, index, fill[:40])


def test_hostile_input_is_refused_fast():
    inst = TASK.generate(TASK.params(10), 5, 0)
    hostile = ["→ " * 9_999, "[" * 9_999, "↑↓←→\n" * 4000, "UL " * 5000, "(" * 3000 + "1" + ")" * 3000,
               "9" * 20_000, "\u00b9" * 5000, "[['→'" + ", '→'" * 3000 + "]]"]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)


# -- 3. brute-force agreement: the verifier, the rules and the solver ------------------------------------------

TINY = gen.Params(rows=3, cols=3, number_density=0.5, given_share=0.0)


def _tiny_payloads(count: int, most_free: int = 5, given_share: float = 0.0) -> list[dict]:
    out = []
    for index in range(200):
        p = TASK.generate(dataclasses.replace(TINY, given_share=given_share), 3, index).payload
        free = 9 - len(p["numbers"]) - len(p["givens"])
        if free <= most_free:
            out.append(p)
        if len(out) == count:
            return out
    raise AssertionError("too few tiny puzzles")


def test_verifier_agrees_with_the_rules_on_every_filling_of_tiny_puzzles():
    """Every one of the 8^k fillings: the verifier accepts exactly those the independent rules accept."""
    for p in _tiny_payloads(4, most_free=4, given_share=0.25):
        good = {text(g) for g in brute_solutions(p)}
        assert good
        base = [[None] * 3 for _ in range(3)]
        for r, c, v in p["numbers"]:
            base[r][c] = v
        for r, c, code in p["givens"]:
            base[r][c] = code
        free = [(r, c) for r in range(3) for c in range(3) if base[r][c] is None]
        for combo in itertools.product(CODES, repeat=len(free)):
            grid = [row[:] for row in base]
            for (r, c), code in zip(free, combo):
                grid[r][c] = code
            assert verify(p, text(grid)).correct == (text(grid) in good), (p, text(grid))


def test_solver_counts_agree_with_brute_force():
    for p in _tiny_payloads(8) + [PUZZLE]:
        cols = p["cols"]
        numbers = {r * cols + c: v for r, c, v in p["numbers"]}
        givens = {r * cols + c: CODES.index(code) for r, c, code in p["givens"]}
        found, _, _ = solve(p["rows"], cols, numbers, givens, limit=10**6, budget=10**6)
        brute = brute_solutions(p)
        assert len(found) == len(brute), p
        as_grids = sorted(
            text([[numbers[r * cols + c] if d < 0 else CODES[d] for c, d in enumerate(sol[r * cols : (r + 1) * cols])]
                  for r in range(p["rows"])])
            for sol in found
        )  # fmt: skip
        assert as_grids == sorted(text(g) for g in brute)


def test_open_puzzles_have_other_solutions_and_all_pass():
    """Without its pre-filled arrows a level-1 puzzle usually has other solutions; the verifier takes them."""
    others = 0
    for index in range(10):
        inst = TASK.generate(TASK.params(1), 4, index)
        p = {**inst.payload, "givens": []}
        cols = p["cols"]
        numbers = {r * cols + c: v for r, c, v in p["numbers"]}
        found, _, _ = solve(p["rows"], cols, numbers, {}, limit=30, budget=10**5)
        for sol in found:
            grid = [[numbers[r * cols + c] if d < 0 else CODES[d] for c, d in enumerate(sol[r * cols : (r + 1) * cols])]
                    for r in range(p["rows"])]  # fmt: skip
            assert holds(p, grid) and verify(p, text(grid)).correct
            others += text(grid) != inst.answer
    assert others > 0


def test_the_fast_path_reads_what_the_shared_parser_reads():
    """The verifier reads plainly written grids itself (for speed); wherever it does, the shared parser
    gives the same cells, and everything else goes to the shared parser."""
    from logicforge.verifiers.arrow_maze import SYMBOLS, _plain
    from logicforge.verifiers.symbol_grid import parse_symbol_grid

    texts = [SOL_A, SOL_B, "L l 3 R\nuL U l 1\nl 5 r R", "← ← 3 →\n\n↖ ↑ ← 1\n← 5 → →\n", "← ← 03 →\n↖ ↑ ← 1\n← 5 → →",
             "← ← 3 →\n↖ ↑ ← 1\n← 5 → → →", "← ← 3 → ↖ ↑ ← 1 ← 5 → →", "← ← 3 →\r\n↖ ↑ ← 1\r\n← 5 → →",
             "← ← ３ →\n↖ ↑ ← 1\n← 5 → →", "'←' ← 3 →\n↖ ↑ ← 1\n← 5 → →"]  # fmt: skip
    for t in texts:
        fast = _plain(t, 3, 4)
        shared = parse_symbol_grid(t, 3, 4, SYMBOLS, numbers=True)
        if fast is not None:
            assert [cell for row in shared for cell in row] == fast, t
    assert _plain(SOL_A, 3, 4) is not None and _plain("← ← 3 → ↖ ↑ ← 1 ← 5 → →", 3, 4) is None

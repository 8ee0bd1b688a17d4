"""Numbrix: the hidden paths' variety, the question text, a verifier table of adversarial cases (universal
answers included), brute-force agreement of the verifier and of the generator's solver, and hostile input."""

from __future__ import annotations

import json
import re
import time
from collections import Counter

import numpy as np
import pytest

from logicforge.generators import numbrix as gen
from logicforge.generators._numbrix_solver import count_solutions, neighbours, patterned_paths, random_path
from logicforge.tasks import get_task, prompts
from logicforge.verifiers.numbrix import verify

from helpers import assert_refused_fast, check_case, grid_of, latex, rows_text, spaced, wrap

TASK = get_task("numbrix")


# -- the oracle and the brute forces: independent of the generator's solver ------------------------------------


def ORACLE(payload: dict) -> list[str] | None:
    """Up to two solutions (one row per line): 1 placed on every cell in turn, then each next number on a free
    neighbour, a shown number only on its own cell, and a number only where the next shown one is still within
    reach (Manhattan distance). None past 200,000 placements (levels 1-5 take a few thousand at most)."""
    n = payload["n"]
    size = n * n
    shown = {v: r * n + c for r, c, v in payload["givens"]}
    nxt = [min((u for u in shown if u > v), default=0) for v in range(size + 1)]  # the next shown number above v
    nb = neighbours(n)
    grid = [0] * size
    taken = set(shown.values())
    found: list[str] = []
    budget = [200_000]

    def fits(cell: int, v: int) -> bool:
        if shown.get(v, cell) != cell or (cell in taken and shown.get(v) != cell):
            return False
        u = nxt[v]
        return not u or abs(cell // n - shown[u] // n) + abs(cell % n - shown[u] % n) <= u - v

    def extend(cell: int, v: int) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise TimeoutError
        grid[cell] = v
        if v == size:
            found.append("\n".join(" ".join(map(str, grid[r * n : (r + 1) * n])) for r in range(n)))
        for x in nb[cell]:
            if len(found) < 2 and not grid[x] and fits(x, v + 1):
                extend(x, v + 1)
        grid[cell] = 0

    try:
        for start in range(size):
            if len(found) < 2 and fits(start, 1):
                extend(start, 1)
    except TimeoutError:
        return None
    return found


def all_paths(n: int) -> list[tuple[int, ...]]:
    """Every Hamiltonian path of the n x n grid, each direction separately (552 for 4x4)."""
    nb, out = neighbours(n), []

    def walk(path: list[int], used: set[int]) -> None:
        if len(path) == n * n:
            out.append(tuple(path))
        for x in nb[path[-1]]:
            if x not in used:
                used.add(x)
                walk([*path, x], used)
                used.discard(x)

    for start in range(n * n):
        walk([start], {start})
    return out


def numbering(path, n: int) -> list[list[int]]:
    """The grid that numbers `path`'s cells 1, 2, ... in order."""
    flat = _numbered(path)
    return [flat[r * n : (r + 1) * n] for r in range(n)]


def holds(payload: dict, grid: list[list[int]]) -> bool:
    """The rules as stated: 1..n^2 each once, shown numbers kept, k and k+1 side by side."""
    n = payload["n"]
    at = {v: (r, c) for r, row in enumerate(grid) for c, v in enumerate(row)}
    if sorted(v for row in grid for v in row) != list(range(1, n * n + 1)):
        return False
    side = all(abs(at[k][0] - at[k + 1][0]) + abs(at[k][1] - at[k + 1][1]) == 1 for k in range(1, n * n))
    return side and all(grid[r][c] == v for r, c, v in payload["givens"])


PATHS4 = all_paths(4)


def turns(path) -> int:
    return sum((b - a) != (c - b) for a, b, c in zip(path, path[1:], path[2:]))


def path_of(answer: str) -> tuple[int, ...]:
    flat = [int(x) for x in answer.split()]
    return tuple(sorted(range(len(flat)), key=flat.__getitem__))


# -- 1. hidden paths: varied at every size, never a snake or a spiral ------------------------------------------


def test_backbite_samples_the_4x4_paths_uniformly():
    """Every one of the 552 directed paths comes up, about equally often (chi-square near its 551 d.o.f.)."""
    rng = np.random.default_rng(3)
    counts = Counter(tuple(random_path(4, rng)) for _ in range(11_040))
    expected = 11_040 / len(PATHS4)
    assert set(counts) == set(PATHS4)
    chi2 = sum((counts[p] - expected) ** 2 / expected for p in PATHS4)
    assert chi2 < 551 + 5 * (2 * 551) ** 0.5, chi2


def test_level_10_paths_are_distinct_and_not_snakes():
    """50 level-10 items: pairwise distinct paths, none of them a pattern, each with far more turns than a snake."""
    insts = [TASK.generate(TASK.params(10), 5, i) for i in range(50)]
    paths = [path_of(inst.answer) for inst in insts]
    n = insts[0].payload["n"]
    assert len(set(paths)) == 50 and len({inst.answer for inst in insts}) == 50
    assert not set(paths) & patterned_paths(n)
    snake = 2 * (n - 1)
    counts = [turns(p) for p in paths]
    assert min(counts) > 2 * snake and 45 < float(np.mean(counts)) < 65, counts  # uniform 10x10 paths: about 55


def test_patterns_are_snakes_and_spirals():
    pats = patterned_paths(5)
    assert tuple(r * 5 + (c if r % 2 == 0 else 4 - c) for r in range(5) for c in range(5)) in pats
    assert (0, 1, 2, 3, 4, 9, 14, 19, 24, 23, 22, 21, 20, 15, 10, 5, 6, 7, 8, 13, 18, 17, 16, 11, 12) in pats
    assert all(holds({"n": 5, "givens": []}, numbering(p, 5)) for p in pats)


# -- 2. generation and the question text ----------------------------------------------------------------------


def parse_board(q: str, n: int) -> list[list[int]]:
    """[row, col, value] of the shown numbers read from the drawn board."""
    width = len(str(n * n))
    lines = [line for line in q.splitlines() if re.fullmatch(rf"( *(\d+|\.)( |$)){{{n}}}", line + " ")]
    assert len(lines) == n and all(len(line) == n * (width + 1) - 1 for line in lines)
    return [[r, c, int(tok)] for r, line in enumerate(lines) for c, tok in enumerate(line.split()) if tok != "."]


@pytest.mark.parametrize("level", range(1, 11))
def test_board_and_list_match_the_payload(level):
    for i in range(2):
        inst = TASK.generate(TASK.params(level), 101, i)
        p = inst.payload
        q1 = prompts.render(TASK.module, "en", "q1", inst.fields)
        listed = [[int(r) - 1, int(c) - 1, int(v)] for r, c, v in re.findall(r"^\((\d+),(\d+)\) = (\d+)$", q1, re.M)]
        assert parse_board(q1, p["n"]) == p["givens"] == listed
        assert holds(p, grid_of(inst.answer))


@pytest.mark.parametrize("lang", prompts.LANGS)
def test_every_paraphrase_shows_the_whole_puzzle(lang):
    macros = prompts.paraphrases(TASK.module, lang)
    assert len(macros) >= 3
    for inst in [TASK.generate(TASK.params(lv), seed=47, index=0) for lv in (1, 5, 10)]:
        f, p = inst.fields, inst.payload
        for macro in macros:
            q = prompts.render(TASK.module, lang, macro, f)
            assert str(p["n"] ** 2) in q
            listed = all(re.search(rf"\({r + 1},{c + 1}\)\D+{v}\b", q) for r, c, v in p["givens"])
            assert f["board"] in q or listed, (lang, macro, q)


def test_knob_rules():
    with pytest.raises(ValueError, match="n"):
        gen.Params(n=13)
    with pytest.raises(ValueError, match="givens"):
        gen.Params(givens=0.0)
    with pytest.raises(ValueError, match="max_gap"):
        gen.Params(max_gap=1)


def test_generation_is_unique_and_keeps_the_knobs():
    """The generator's proof agrees with the oracle; no run of hidden numbers is longer than max_gap; at
    least the asked share of cells is shown."""
    for level in (1, 3, 5):
        params = TASK.params(level)
        for i in range(4):
            inst = TASK.generate(params, 23, i)
            assert ORACLE(inst.payload) == [inst.answer], (level, i)
            shown = sorted(v for _, _, v in inst.payload["givens"])
            runs = [b - a - 1 for a, b in zip([0, *shown], [*shown, params.n**2 + 1])]
            assert max(runs) <= params.max_gap and len(shown) >= round(params.givens * params.n**2)


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: a 10x10 takes about 0.05 s (the slowest of 100 about 0.3 s)."""
    for index in range(6):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, index)
        assert time.perf_counter() - start < 5.0, index


# -- 3. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# A 4x4 puzzle, three numbers shown, unique (checked below by brute force).
PUZZLE = {"n": 4, "givens": [[1, 1, 3], [1, 2, 14], [2, 1, 8]]}
SOLUTION = [[1, 2, 15, 16], [4, 3, 14, 13], [5, 8, 9, 12], [6, 7, 10, 11]]
# The same grid with two numbers shown: six solutions, among them SOLUTION and OTHER.
OPEN = {"n": 4, "givens": [[1, 1, 3], [2, 2, 9]]}
OTHER = [[1, 4, 5, 6], [2, 3, 8, 7], [11, 10, 9, 16], [12, 13, 14, 15]]
ROW_MAJOR = "1 2 3 4\n5 6 7 8\n9 10 11 12\n13 14 15 16"
SNAKE = "1 2 3 4\n8 7 6 5\n9 10 11 12\n16 15 14 13"
REF = rows_text(SOLUTION)

CASES = [
    (PUZZLE, REF, "ok"),
    (PUZZLE, json.dumps(SOLUTION), "ok"),  # a nested list
    (PUZZLE, "1, 2, 15, 16\n4, 3, 14, 13\n5, 8, 9, 12\n6, 7, 10, 11", "ok"),  # commas
    (PUZZLE, "| 1 | 2 | 15 | 16 |\n| 4 | 3 | 14 | 13 |\n| 5 | 8 | 9 | 12 |\n| 6 | 7 | 10 | 11 |", "ok"),  # a table
    (PUZZLE, " ".join(REF.split()), "ok"),  # all sixteen numbers on one line, row by row
    (OPEN, REF, "ok"),  # one of the open puzzle's six solutions
    (OPEN, rows_text(OTHER), "ok"),  # another: any numbering that keeps the rules passes
    (PUZZLE, rows_text(OTHER), "violates:given"),  # valid for OPEN, but has no 14 at (2,3)
    (PUZZLE, ROW_MAJOR, "violates:given"),  # the universal row-major count: not even a path
    (OPEN, ROW_MAJOR, "violates:given"),
    ({"n": 4, "givens": [[0, 0, 1]]}, ROW_MAJOR, "violates:adjacent"),  # 4 and 5 sit at opposite ends of a row
    (PUZZLE, SNAKE, "violates:given"),  # the universal snake: a path, but not this one
    ({"n": 4, "givens": [[1, 0, 8]]}, SNAKE, "ok"),  # a snake passes where it is the solution (never generated)
    (PUZZLE, "1 2 15 16\n4 3 14 13\n5 8 9 12\n6 7 11 10", "violates:adjacent"),  # 10 and 11 swapped: 9-11 apart
    (PUZZLE, "1 2 15 16\n4 3 14 13\n5 8 9 12\n7 6 10 11", "violates:adjacent"),  # 6 and 7 swapped
    (PUZZLE, "2 1 15 16\n4 3 14 13\n5 8 9 12\n6 7 10 11", "violates:adjacent"),  # 1 and 2 swapped: 2 not beside 3
    (PUZZLE, rows_text([[17 - v for v in row] for row in SOLUTION]), "violates:given"),  # the path numbered backwards
    (PUZZLE, rows_text([list(col) for col in zip(*SOLUTION)]), "violates:given"),  # transposed
    (PUZZLE, ". . . .\n. 3 14 .\n. 8 . .\n. . . .", "parse_error"),  # the givens echoed, dots kept
    (PUZZLE, "0 0 0 0\n0 3 14 0\n0 8 0 0\n0 0 0 0", "out_of_range"),  # the givens echoed, zeros for blanks
    (PUZZLE, "3 3 3 3\n3 3 3 3\n3 3 3 3\n3 3 3 3", "duplicate_item"),  # all one number
    (PUZZLE, "1 2 15 16\n4 3 14 13\n5 8 9 12\n6 7 10 10", "duplicate_item"),  # 10 twice (and 11 missing)
    (PUZZLE, "1 2 15 16\n4 3 14 13\n5 8 9 12\n6 7 10 17", "out_of_range"),  # past n^2
    (PUZZLE, "0 2 15 16\n4 3 14 13\n5 8 9 12\n6 7 10 11", "out_of_range"),
    (PUZZLE, "1 2 15 16\n4 3 14 13\n5 8 9 12\n6 7 10 011", "parse_error"),  # a leading zero
    (PUZZLE, "1 2 15 16\n4 3 14 13\n5 8 9 12\n6 7 10 -11", "parse_error"),  # a sign
    (PUZZLE, "1 2 15 16\n4 3 14 13\n5 8 9 12\n6 7 10 11.0", "parse_error"),  # a decimal
    (PUZZLE, "12 15 16\n4 3 14 13\n5 8 9 12\n6 7 10 11", "wrong_shape"),  # 1 and 2 run together
    (PUZZLE, "1 2 15 16\n4 3 14 13\n5 8 9 12", "wrong_shape"),  # a row short
    (PUZZLE, "1 2 15\n16 4 3 14 13\n5 8 9 12\n6 7 10 11", "wrong_shape"),  # a short row made up by a long one
    (PUZZLE, REF + "\n" + REF, "wrong_shape"),  # the grid twice
    (PUZZLE, "1215164314135891267101 1", "wrong_shape"),  # digits packed: never read one digit per cell
    (PUZZLE, "1 2 15 16\n4 3 14 13\n5 8 9 12\n6 7 ten 11", "parse_error"),
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_universal_answers_fail_on_every_generated_instance():
    """Row-major order, every snake and spiral, the givens echoed (dots or zeros), one number everywhere, the
    reference reversed or transposed: none passes on any instance of any level."""
    for level in range(1, 11):
        for i in range(5):
            inst = TASK.generate(TASK.params(level), 31, i)
            n, p = inst.payload["n"], inst.payload
            shown = {(r, c): v for r, c, v in p["givens"]}
            sol = grid_of(inst.answer)
            answers = [rows_text([[r * n + c + 1 for c in range(n)] for r in range(n)]),
                       "\n".join(" ".join(str(shown.get((r, c), ".")) for c in range(n)) for r in range(n)),
                       rows_text([[shown.get((r, c), 0) for c in range(n)] for r in range(n)]),
                       rows_text([[1] * n] * n), rows_text([[n * n + 1 - v for v in row] for row in sol]),
                       rows_text([list(col) for col in zip(*sol)]), inst.fields["board"]]  # fmt: skip
            answers += [rows_text(numbering(path, n)) for path in patterned_paths(n)]
            for text in answers:
                assert not verify(p, text).correct, (level, i, text)


@pytest.fixture(scope="module")
def inst():
    return TASK.generate(TASK.params(7), 5, 0)


def test_equivalent_formats_accepted(inst):
    g = grid_of(inst.answer)
    forms = [json.dumps(g), json.dumps(g, indent=2), "\n".join(",".join(map(str, r)) for r in g),
             "; ".join(" ".join(map(str, r)) for r in g), "\n".join("| " + " | ".join(map(str, r)) + " |" for r in g),
             str(tuple(tuple(r) for r in g)), latex("bmatrix")(g), "```\n" + inst.answer + "\n```",
             inst.answer.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
             "\n".join(" ".join(str(v).rjust(2) for v in r) for r in g)]  # fmt: skip
    for form in forms:
        assert TASK.verify(inst.payload, wrap(form)).correct, form


def test_hostile_input_is_refused_fast(inst):
    hostile = ["1 " * 9_999, "[" * 9_999, "12 34\n" * 4000, "(" * 3000 + "1" + ")" * 3000, "9" * 20_000,
               "\u00b9" * 5000, " ".join(str(v) for v in range(1, 10_000))]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)


# -- 4. brute-force agreement: the verifier, the generator's solver, the oracle --------------------------------


def test_frozen_puzzles_by_brute_force():
    grids = [numbering(p, 4) for p in PATHS4]
    assert [g for g in grids if holds(PUZZLE, g)] == [SOLUTION]
    assert ORACLE(PUZZLE) == [REF]
    opened = [g for g in grids if holds(OPEN, g)]
    assert len(opened) == 6 and SOLUTION in opened and OTHER in opened
    assert all(verify(OPEN, rows_text(g)).correct for g in opened)


def test_verifier_accepts_exactly_the_paths_that_keep_the_givens():
    """All 552 numberings of the 4x4 paths against open puzzles: the verdict equals the rules as stated."""
    rng = np.random.default_rng(9)
    for _ in range(6):
        path = PATHS4[int(rng.integers(len(PATHS4)))]
        grid = numbering(path, 4)
        cells = rng.choice(16, size=2, replace=False)
        payload = {"n": 4, "givens": sorted([int(c) // 4, int(c) % 4, grid[c // 4][c % 4]] for c in cells)}
        for p in PATHS4:
            cand = numbering(p, 4)
            assert verify(payload, rows_text(cand)).correct == holds(payload, cand)


def test_solver_counts_agree_with_enumeration():
    """The generator's counter, with all its pruning, finds exactly the numberings enumeration finds."""
    rng = np.random.default_rng(4)
    grids = [numbering(p, 4) for p in PATHS4]
    for _ in range(150):
        sol = grids[int(rng.integers(len(grids)))]
        cells = [int(c) for c in rng.choice(16, size=int(rng.integers(0, 7)), replace=False)]
        givens = {c: sol[c // 4][c % 4] for c in cells}
        found, _, complete = count_solutions(4, givens, limit=10**6)
        payload = {"n": 4, "givens": [[c // 4, c % 4, v] for c, v in givens.items()]}
        want = sorted([v for row in g for v in row] for g in grids if holds(payload, g))
        assert complete and sorted(found) == want, givens


def test_oracle_agrees_with_the_generator_on_open_puzzles():
    for level in (1, 2, 3):
        inst = TASK.generate(TASK.params(level), 8, 0)
        loose = {**inst.payload, "givens": inst.payload["givens"][::2]}
        n = loose["n"]
        found, _, _ = count_solutions(n, {r * n + c: v for r, c, v in loose["givens"]}, limit=2)
        oracle = ORACLE(loose)
        assert len(oracle) == len(found)
        assert all(verify(loose, text).correct for text in oracle)


def _mutants(sol: list[list[int]], rng: np.random.Generator) -> list[list[list[int]]]:
    """Grids near a solution (helpers.mutate relabels 1..n, a Latin square's values): two cells swapped, two
    consecutive numbers swapped, a run of numbers reversed, the numbering reversed, a quarter turn, a
    transpose, a cell changed, and the path moved by backbite steps (often another path: valid unless a
    shown number moved)."""
    n, size = len(sol), len(sol) ** 2
    flat = [v for row in sol for v in row]
    path = sorted(range(size), key=flat.__getitem__)
    out = []
    for _ in range(12):
        a, b = (int(x) for x in rng.choice(size, size=2, replace=False))
        swapped = flat[:]
        swapped[a], swapped[b] = swapped[b], swapped[a]
        k = int(rng.integers(1, size))
        lo, hi = sorted(int(x) for x in rng.integers(0, size, size=2))
        run = path[:lo] + path[lo : hi + 1][::-1] + path[hi + 1 :]
        changed = flat[:]
        changed[a] = int(rng.integers(0, size + 2))
        out += [
            swapped,
            [k + 1 if v == k else k if v == k + 1 else v for v in flat],
            _numbered(run),
            [size + 1 - v for v in flat],
            changed,
            _numbered(random_path(n, rng, int(rng.integers(1, 4)))),
        ]
    out += [[sol[c][n - 1 - r] for r in range(n) for c in range(n)], [sol[c][r] for r in range(n) for c in range(n)]]
    return [[g[r * n : (r + 1) * n] for r in range(n)] for g in out]


def _numbered(path) -> list[int]:
    flat = [0] * len(path)
    for i, cell in enumerate(path):
        flat[cell] = i + 1
    return flat


def test_fuzz_mutated_grids_match_an_independent_check():
    """Mutants of references at levels 1, 4, 7, 10, in several layouts: the verdict equals the rules as stated."""
    rng = np.random.default_rng(13)
    layouts = [spaced, str, latex("pmatrix"), lambda g: "\n".join("|" + "|".join(map(str, r)) + "|" for r in g)]
    seen = Counter()
    for level in (1, 4, 7, 10):
        for seed in range(3):
            inst = TASK.generate(TASK.params(level), seed, 0)
            loose = {**inst.payload, "givens": inst.payload["givens"][:2]}  # backbite mutants may pass
            for grid in _mutants(grid_of(inst.answer), rng):
                want = holds(loose, grid)
                seen[want] += 1
                for layout in layouts:
                    assert verify(loose, layout(grid)).correct == want, (level, seed, grid)
    assert seen[True] > 10 and seen[False] > 100, seen

"""Minesweeper: generation and the question text, verifier tables of adversarial cases, brute-force
agreement and fuzz (plus integer programming on the large levels), and hostile input."""

from __future__ import annotations

import json
import random
import re
import time

import numpy as np
import pytest

from logicforge.generators import minesweeper as gen
from logicforge.generators.base import item_rng
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import minesweeper as ver
from logicforge.verifiers.grid import parse_cells

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, wrap

TASK = get_task("minesweeper")


def cells_text(cells) -> str:
    return ", ".join(f"({r}, {c})" for r, c in cells)


# -- the oracle: an independent brute force over the payload --------------------------------------------------


def ORACLE(payload: dict, budget: int = 50_000) -> list[str] | None:
    """The forced-mine set, as the one valid answer "(r, c), ..." (sorted; "[]" when empty).

    Enumerates every mine arrangement of the hidden cells next to a number, depth first in row-major order,
    dropping a branch once a number can no longer be met (too many mines around it, or too few cells left)
    or the total can no longer be reached. Hidden cells next to no number are only bound by the total, so
    they are counted rather than enumerated: they are all mines in every arrangement exactly when every
    arrangement leaves as many mines as there are such cells. A cell is forced when it is a mine in every
    arrangement. [] when no arrangement fits; None after `budget` search nodes (levels 1-8 need at most
    about 50,000; a 14x14 level-10 board is too big).
    """
    rows, cols, grid, total = payload["rows"], payload["cols"], payload["grid"], payload["total"]

    def near(r: int, c: int) -> list[tuple[int, int]]:
        return [(r + a, c + b) for a in (-1, 0, 1) for b in (-1, 0, 1)
                if (a or b) and 0 <= r + a < rows and 0 <= c + b < cols]  # fmt: skip

    numbers = {(r, c): int(grid[r][c]) for r in range(rows) for c in range(cols) if grid[r][c] != "?"}
    hidden = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "?"]
    watch = {h: [q for q in near(*h) if q in numbers] for h in hidden}
    frontier = [h for h in hidden if watch[h]]
    interior = [h for h in hidden if not watch[h]]
    have = dict.fromkeys(numbers, 0)
    left = {q: sum(h in watch for h in near(*q)) for q in numbers}  # hidden neighbours not yet decided
    if any(not want <= left[q] for q, want in numbers.items()):
        return []
    mines: list[tuple[int, int]] = []
    always: set | None = None
    nodes = 0

    def walk(i: int) -> None:
        nonlocal always, nodes
        nodes += 1
        if nodes > budget:
            raise TimeoutError
        m = len(mines)
        if total is not None and not m <= total <= m + len(frontier) - i + len(interior):
            return
        if i == len(frontier):
            whole = set(mines) | (set(interior) if total is not None and total - m == len(interior) else set())
            always = whole if always is None else always & whole
            return
        h = frontier[i]
        for v in (0, 1):
            if v:
                mines.append(h)
            ok = True
            for q in watch[h]:
                have[q] += v
                left[q] -= 1
                ok = ok and have[q] <= numbers[q] <= have[q] + left[q]
            if ok:
                walk(i + 1)
            for q in watch[h]:
                have[q] -= v
                left[q] += 1
            if v:
                mines.pop()

    try:
        walk(0)
    except TimeoutError:
        return None
    return [] if always is None else [cells_text(sorted(always)) or "[]"]


def brute(payload: dict) -> tuple[set[tuple[int, int]], int]:
    """Forced cells and number of arrangements, by trying every mine subset of the hidden cells."""
    rows, cols, grid, total = payload["rows"], payload["cols"], payload["grid"], payload["total"]
    hidden = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "?"]
    every = (np.arange(2 ** len(hidden))[:, None] >> np.arange(len(hidden))) & 1  # one row per subset
    ok = np.ones(len(every), dtype=bool) if total is None else every.sum(axis=1) == total
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] != "?":
                near = np.array([max(abs(r - hr), abs(c - hc)) == 1 for hr, hc in hidden], dtype=int)
                ok &= every @ near == int(grid[r][c])
    forced = {cell for cell, col in zip(hidden, every[ok].T) if col.all()}
    return forced, int(ok.sum())


def small_instances(n: int, max_hidden: int = 16):
    """Generated positions with few hidden cells, over random knobs (with and without a total)."""
    rng = np.random.default_rng(2024)
    out = []
    while len(out) < n:
        params = gen.Params(
            rows=int(rng.integers(3, 6)),
            cols=int(rng.integers(3, 7)),
            mine_density=float(rng.uniform(0.1, 0.5)),
            reveal_frac=float(rng.uniform(0.2, 0.9)),
            show_total=bool(rng.random() < 0.6),
        )
        inst = gen.generate(params, np.random.default_rng(int(rng.integers(2**32))))
        if sum(row.count("?") for row in inst.payload["grid"]) <= max_hidden:
            out.append(inst)
    return out


# -- 1. generation and the question text ----------------------------------------------------------------------


def english_q1(inst) -> str:
    """The instance's question in the first English wording, the one `parse_question` reads."""
    return prompts.render(TASK.module, "en", "q1", inst.fields)


@pytest.mark.parametrize("lang", prompts.LANGS)
def test_every_paraphrase_shows_the_board_and_the_total(lang):
    """Each wording, in each language, shows every cell (the labelled board, or one line per row ending in
    the row's cells) and the total number of mines when it is given."""
    macros = prompts.paraphrases(TASK.module, lang)
    assert len(macros) >= 3
    for inst in [TASK.generate(TASK.params(lv), seed=47, index=0) for lv in (1, 3, 10)]:
        p = inst.payload
        for macro in macros:
            q = prompts.render(TASK.module, lang, macro, inst.fields)
            row_lines = [line for line in q.splitlines() if line.endswith(tuple(" ".join(row) for row in p["grid"]))]
            assert gen._board(p["grid"]) in q or len(row_lines) == p["rows"], (macro, q)
            assert p["total"] is None or re.search(rf"(?<!\d){p['total']}(?!\d)", q.split("\n\n")[0] + q[-400:])


def parse_question(q: str):
    """(rows, cols, total or None, grid of tokens) read from the question text alone."""
    rows, cols = map(int, re.search(r"has (\d+) rows and (\d+) columns", q).groups())
    m = re.search(r"exactly (\d+) mines in total", q)
    total = int(m.group(1)) if m else None
    assert m or "The total number of mines is not given." in q
    lines = q.split("\n")
    head = next(i for i, line in enumerate(lines) if line.split() == [str(c) for c in range(cols)])
    grid = []
    for r in range(rows):
        toks = lines[head + 1 + r].split()
        assert toks[0] == str(r) and len(toks) == cols + 1
        grid.append(toks[1:])
    return rows, cols, total, grid


def test_question_text_matches_payload():
    assert "0-based (row, col) pair" in TASK.prompt("q")[0]["content"]
    for lv in range(1, 11):
        inst = TASK.generate(TASK.params(lv), seed=47, index=0)
        rows, cols, total, grid = parse_question(english_q1(inst))
        assert (rows, cols, total) == (inst.payload["rows"], inst.payload["cols"], inst.payload["total"])
        assert ["".join(row) for row in grid] == inst.payload["grid"]


def test_stored_forced_set_matches_brute_force_and_is_non_empty():
    for inst in small_instances(80):
        forced, count = brute(inst.payload)
        assert count >= 1
        assert forced == {tuple(x) for x in inst.payload["forced"]}, inst.payload
        assert forced, "the generator promises a non-empty forced set"
        assert ORACLE(inst.payload) == [cells_text(sorted(forced))]  # the oracle agrees with 2^n enumeration


def test_knob_extremes_generate_valid_items():
    """Corners of the knob ranges (tiny, huge, dense, fully revealed) still give verified items."""
    corners = [
        gen.Params(rows=3, cols=3, mine_density=0.6, reveal_frac=0.1, show_total=True),
        gen.Params(rows=3, cols=16, mine_density=0.05, reveal_frac=1.0),
        gen.Params(rows=16, cols=16, mine_density=0.3, reveal_frac=0.5, show_total=True),
    ]
    for params in corners:
        start = time.perf_counter()
        inst = gen.generate(params, item_rng("minesweeper", 0, 0))
        assert time.perf_counter() - start < 2.0  # a tail guard: the 16x16 corner takes about 0.07 s
        assert inst.payload["forced"]
        assert TASK.verify(inst.payload, wrap(inst.answer)).correct


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: no level-10 item takes seconds (the median is about 0.03 s)."""
    for i in range(5):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, i)
        assert time.perf_counter() - start < 10.0


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

MINE = {"rows": 4, "cols": 4, "grid": ["??10", "1221", "0??2", "?12?"], "total": None,
        "forced": [[0, 1], [2, 2], [3, 3]], "witnesses": ["0100000000100001"]}  # fmt: skip

CASES = [
    # (answer, expected reason)
    ("(3, 3), (0, 1), (2, 2)", "ok"),
    ("{(0, 1), (2, 2), (3, 3)}", "ok"),
    ("(1, 0), (2, 2), (3, 3)", "violates:given"),  # (col, row) for the first cell
    ("(1, 2), (3, 3), (4, 4)", "out_of_bounds"),  # 1-based: the prompt numbers from 0
    ("(0, 1), (2, 2), (3, 3), (0, 1)", "duplicate_item"),
    ("(0, 1), (2, 2)", "missing_item"),
    ("(0, 1), (2, 2), (3, 3), (0, 0)", "extra_item"),
    ("0,1; 2,2; 3,3", "parse_error"),
    ("(0 1), (2 2), (3 3)", "parse_error"),
    ("(-0, 1), (2, 2), (3, 3)", "parse_error"),
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, MINE, answer, reason)


@pytest.fixture(scope="module", params=[(3, 2), (47, 3)], ids=["seed3", "seed47"])
def sample(request):
    """A level-4 item with at least 2 (or 3) forced mines and hidden cells that can be safe."""
    seed, least = request.param
    for index in range(50):
        inst = TASK.generate(TASK.params(4), seed=seed, index=index)
        forced = sorted(tuple(x) for x in inst.payload["forced"])
        grid = inst.payload["grid"]
        free = [(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch == "?" and (r, c) not in forced]
        if len(forced) >= least and free:
            return inst, forced, free
    raise AssertionError("no suitable sample")


def test_near_misses_fail_with_their_reason(sample):
    inst, forced, free = sample
    grid = inst.payload["grid"]
    shown = next((r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch != "?")
    rows, cols = inst.payload["rows"], inst.payload["cols"]
    hidden = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "?"]
    cases = [
        (cells_text(forced[1:]), "missing_item"),  # one forced mine left out
        (cells_text(forced + [free[0]]), "extra_item"),  # a hidden cell that can be safe added
        (cells_text(forced[:-1] + [free[0]]), "extra_item"),  # one forced cell swapped for a free one
        (cells_text(forced + [shown]), "violates:given"),  # a revealed (number) cell listed as a mine
        (cells_text(forced + [forced[0]]), "duplicate_item"),  # the same cell twice
        (cells_text(forced + [(rows, 0)]), "out_of_bounds"),  # a row past the grid
        (cells_text(forced + [(0, cols)]), "out_of_bounds"),  # a column past the grid
        ("", "empty_answer"),  # nothing at all
        ("[]", "missing_item"),  # the empty list
        (cells_text(forced) + "..", "parse_error"),  # two stops are no sentence end
        (cells_text(forced) + " are the mines", "parse_error"),  # trailing prose
        ("Mines: " + cells_text(forced), "parse_error"),  # leading prose
        (cells_text(forced).replace("), (", ") and (", 1), "parse_error"),  # words between cells
        (cells_text(forced).replace(")", "]", 1), "parse_error"),  # mismatched brackets in a pair
        ("[" + cells_text(forced), "parse_error"),  # unbalanced outer bracket
        ("(" + cells_text(forced) + "]", "parse_error"),  # mismatched outer brackets
        (" ".join(f"{r} {c}" for r, c in forced), "parse_error"),  # bare numbers, no pairs
        (cells_text(forced) + "\n" + cells_text(forced), "duplicate_item"),  # the answer twice
        # refused for whatever reason
        (cells_text((r + 1, c + 1) for r, c in forced), None),  # 1-based
        (cells_text((c, r) for r, c in forced) if any(r != c for r, c in forced) else "x", None),  # (col, row)
        (cells_text(hidden), None),  # every hidden cell at once
        (cells_text(forced) + ", (-1, 0)", None),
        (cells_text(forced) + ". Done", None),
        (cells_text(forced) + " or " + cells_text(forced[1:]), None),
        ("[" + cells_text(forced) + "], [" + cells_text(forced[:1]) + "]", None),
        ("[" + cells_text(forced) + ")", None),
        (cells_text(forced).replace(",", ";"), None),
        (cells_text(forced).replace("0", "\u0660"), None),
        ("none", None),
        (inst.question, None),
        ("(1e999, 0)", None),
        ("(" * 10_000 + ")" * 10_000, None),
        ("(0, 0), " * 2_000, None),
    ]
    for text, reason in cases:
        verdict = TASK.verify(inst.payload, wrap(text))
        assert not verdict.correct and verdict.score == 0.0, text[:80]
        assert not verdict.reason.startswith("internal_error"), verdict
        if reason is not None:
            assert verdict.reason == reason, (text, verdict.reason)


def test_equivalent_formattings_pass(sample):
    inst, forced, _ = sample
    texts = [
        cells_text(forced),
        cells_text(forced[::-1]),  # any order
        ",".join(f"({r},{c})" for r, c in forced),  # no spaces
        "[" + cells_text(forced) + "]",  # a Python list of tuples
        "[" + ", ".join(f"[{r}, {c}]" for r, c in forced) + "]",  # a list of lists (as JSON writes it)
        ", ".join(f"[{r}, {c}]" for r, c in forced),  # [r, c] pairs
        "{" + cells_text(forced) + "}",  # set notation
        "(" + cells_text(forced) + ")",
        str(forced),
        "\n".join(f"({r}, {c})" for r, c in forced),  # one per line
        "\n".join(f"({r},{c})" for r, c in forced),
        "; ".join(f"({r}, {c})" for r, c in forced),
        "; ".join(f"( {r} , {c} )" for r, c in forced),  # semicolons and inner spaces
        f"```\n{cells_text(forced)}\n```",  # inside a code fence
        "[" + cells_text(forced) + ",]",  # a trailing comma
        cells_text(forced) + ",",
        cells_text(forced) + ".",  # a closing full stop
        cells_text(forced).replace("(", "\uff08").replace(")", "\uff09"),  # full-width parentheses
    ]
    for text in texts:
        assert TASK.verify(inst.payload, wrap(text)).correct, text


def test_stored_forced_list_and_witnesses_are_not_trusted(sample):
    inst, forced, free = sample
    payload = dict(inst.payload)
    payload["forced"] = inst.payload["forced"][1:]  # a wrong stored list: the verifier re-derives
    assert TASK.verify(payload, wrap(inst.answer)).correct
    assert not TASK.verify(payload, wrap(cells_text(forced[1:]))).correct
    size = payload["rows"] * payload["cols"]
    liar = ["".join("1" if (x // payload["cols"], x % payload["cols"]) == free[0] else "0" for x in range(size))]
    payload = dict(inst.payload, witnesses=liar)  # an invalid witness is ignored, not believed
    assert TASK.verify(payload, wrap(inst.answer)).correct
    assert not TASK.verify(payload, wrap(cells_text(forced[1:]))).correct


def test_parse_cells_is_strict_and_bounded():
    """The shared cell-list parser (verifiers/grid.py), as minesweeper calls it on a 5 x 5 board."""
    assert parse_cells("((1, 2), (3, 4))", 5, 5) == [(1, 2), (3, 4)]
    assert parse_cells("(1, 2) (3, 4)", 5, 5) == [(1, 2), (3, 4)]
    assert parse_cells("(1, 2, 3)", 5, 5) == "parse_error"
    assert parse_cells("(-1, 2)", 5, 5) == "parse_error"
    assert parse_cells("(1.0, 2)", 5, 5) == "parse_error"
    assert parse_cells("(1, 2)" * 50, 5, 5) == "too_long"  # more pairs than cells
    assert parse_cells("(" * 5000, 5, 5) == "too_long"


def test_hostile_input_is_refused_fast():
    inst = TASK.generate(TASK.params(10), seed=47, index=0)
    payload = json.dumps(inst.payload)
    TASK.verify(payload, wrap(inst.answer))  # the position's derivation is cached from here on
    hostile = ["9" * 19_000, "(1, 1), " * 2_400, "[" * 19_000, "(" + "1" * 19_000 + ", 1)",
               "(0, 0)" * 3_000, "\n" * 19_000 + "(0, 0)", "(0,0)," * 3_000, inst.answer * 40]  # fmt: skip
    assert_refused_fast(TASK, [payload], hostile)
    assert_refused_fast(TASK, [MINE], HOSTILE_MIXED)


# -- 3. brute-force agreement and fuzz ------------------------------------------------------------------------


def test_verifier_agrees_with_brute_force_on_random_candidates():
    """Random subsets, one cell flipped, dropped or added, (col, row) and 1-based lists, in three layouts."""
    rng = random.Random(67)
    layouts = [cells_text, lambda cs: str([list(x) for x in cs]), lambda cs: "\n".join(f"({r},{c})" for r, c in cs)]
    items = small_instances(25) + [TASK.generate(TASK.params(lv), seed, 0) for lv in (1, 2) for seed in range(6)]
    for inst in items:
        hidden = [(r, c) for r, row in enumerate(inst.payload["grid"]) for c, ch in enumerate(row) if ch == "?"]
        if len(hidden) > 16:
            continue  # keep the brute force to 2**16 arrangements
        forced, _ = brute(inst.payload)
        for _ in range(25):
            cells, k = sorted(forced), rng.randrange(7)
            if k == 0:
                cells = [h for h in hidden if rng.random() < 0.5]
            elif k == 1:
                cells = sorted(forced ^ {rng.choice(hidden)})
            elif k == 2 and cells:
                cells.pop(rng.randrange(len(cells)))
            elif k == 3:
                cells.append(rng.choice(hidden))
            elif k == 4:
                cells = [(c, r) for r, c in cells]  # (col, row)
            elif k == 5:
                cells = [(r + 1, c + 1) for r, c in cells]  # 1-based
            rng.shuffle(cells)
            want = len(set(cells)) == len(cells) and set(cells) == forced
            verdict = TASK.verify(inst.payload, wrap(rng.choice(layouts)(cells) if cells else "[]"))
            assert verdict.correct == want, (cells, sorted(forced), verdict)


def test_verifier_derives_alone_without_witnesses():
    """With no witnesses the verifier's own search decides every cell, agreeing with brute force."""
    for inst in small_instances(25):
        p = inst.payload
        forced, undecided = ver._derive((p["rows"], p["cols"], tuple(p["grid"]), p["total"], ()))
        assert not undecided
        assert {divmod(x, p["cols"]) for x in forced} == brute(p)[0]


@pytest.mark.parametrize("level", [2, 5, 8, 10])
def test_generated_positions_are_fully_decided_by_the_verifier(level):
    params = TASK.params(level)
    for index in range(6):
        p = TASK.generate(params, seed=11, index=index).payload
        forced, undecided = ver._derive((p["rows"], p["cols"], tuple(p["grid"]), p["total"], tuple(p["witnesses"])))
        assert not undecided
        assert {divmod(x, p["cols"]) for x in forced} == {tuple(x) for x in p["forced"]}


def _constraints(rows, cols, total, grid):
    hidden = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "?"]
    index = {h: i for i, h in enumerate(hidden)}
    cons = []
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] != "?":
                near = [index[(r + a, c + b)] for a in (-1, 0, 1) for b in (-1, 0, 1) if (r + a, c + b) in index]
                cons.append((near, int(grid[r][c])))
    return hidden, cons


def forced_by_milp(q: str) -> list[tuple[int, int]]:
    """A hidden cell is forced iff the integer program with that cell safe is infeasible (HiGHS)."""
    opt = pytest.importorskip("scipy.optimize")
    rows, cols, total, grid = parse_question(q)
    hidden, cons = _constraints(rows, cols, total, grid)
    a = np.zeros((len(cons) + (total is not None), len(hidden)))
    b = np.zeros(len(a))
    for k, (near, want) in enumerate(cons):
        a[k, near], b[k] = 1, want
    if total is not None:
        a[-1], b[-1] = 1, total
    out = []
    for i, h in enumerate(hidden):
        upper = np.ones(len(hidden))
        upper[i] = 0
        res = opt.milp(np.zeros(len(hidden)), constraints=[opt.LinearConstraint(a, b, b)],
                       integrality=np.ones(len(hidden)), bounds=opt.Bounds(np.zeros(len(hidden)), upper))
        assert res.status in (0, 2)
        if res.status == 2:
            out.append(h)
    return out


def test_integer_programming_from_question_text_agrees_on_large_levels():
    """Where the oracle's enumeration is too big, an integer program over the question text decides."""
    for lv, count in ((6, 2), (8, 2), (10, 2)):
        for i in range(count):
            inst = TASK.generate(TASK.params(lv), seed=47, index=i)
            forced = forced_by_milp(english_q1(inst))
            assert TASK.verify(inst.payload, wrap(cells_text(forced))).correct, (lv, i)

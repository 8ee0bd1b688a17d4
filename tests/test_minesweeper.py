"""Minesweeper: near misses, equivalent formats, brute-force differential checks, hardness."""

from __future__ import annotations

import statistics
import time

import numpy as np
import pytest

from logicforge.generators import minesweeper as gen
from logicforge.generators.base import item_rng
from logicforge.tasks import get_task
from logicforge.verifiers import minesweeper as ver

TASK = get_task("minesweeper")


def wrap(text: str) -> str:
    return f"<think>...</think><answer>{text}</answer>"


def cells_text(cells) -> str:
    return ", ".join(f"({r}, {c})" for r, c in cells)


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


@pytest.fixture(scope="module")
def sample():
    """A level-4 item that has hidden cells which are not forced (so there are wrong extras)."""
    for index in range(50):
        inst = TASK.generate(TASK.params(4), seed=3, index=index)
        forced = {tuple(x) for x in inst.payload["forced"]}
        grid = inst.payload["grid"]
        free = [(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch == "?" and (r, c) not in forced]
        if len(forced) >= 2 and free:
            return inst, sorted(forced), free
    raise AssertionError("no suitable sample")


def test_near_misses_fail_with_their_reason(sample):
    inst, forced, free = sample
    grid = inst.payload["grid"]
    shown = next((r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch != "?")
    rows, cols = inst.payload["rows"], inst.payload["cols"]
    cases = [
        (cells_text(forced[1:]), "missing_mine"),  # one forced mine left out
        (cells_text(forced + [free[0]]), "not_forced"),  # a hidden cell that can be safe added
        (cells_text(forced[:-1] + [free[0]]), "not_forced"),  # one forced cell swapped for a free one
        (cells_text(forced + [shown]), "not_hidden"),  # a revealed (number) cell listed as a mine
        (cells_text(forced + [forced[0]]), "duplicate_cell"),  # the same cell twice
        (cells_text(forced + [(rows, 0)]), "out_of_bounds"),  # a row past the grid
        (cells_text(forced + [(0, cols)]), "out_of_bounds"),  # a column past the grid
        ("", "empty_answer"),  # nothing at all
        ("[]", "missing_mine"),  # the empty list
        (cells_text(forced) + "..", "parse_error"),  # two stops are no sentence end
        (cells_text(forced) + " are the mines", "parse_error"),  # trailing prose
        ("Mines: " + cells_text(forced), "parse_error"),  # leading prose
        (cells_text(forced).replace("), (", ") and (", 1), "parse_error"),  # words between cells
        (cells_text(forced).replace(")", "]", 1), "parse_error"),  # mismatched brackets in a pair
        ("[" + cells_text(forced), "parse_error"),  # unbalanced outer bracket
        ("(" + cells_text(forced) + "]", "parse_error"),  # mismatched outer brackets
        (" ".join(f"{r} {c}" for r, c in forced), "parse_error"),  # bare numbers, no pairs
        (cells_text((r + 1, c + 1) for r, c in forced), None),  # 1-based: wrong, for some reason
        (cells_text((c, r) for r, c in forced) if any(r != c for r, c in forced) else "x", None),  # transposed
        (cells_text(forced) + "\n" + cells_text(forced), "duplicate_cell"),  # the answer twice
    ]
    for text, reason in cases:
        verdict = TASK.verify(inst.payload, wrap(text))
        assert not verdict.correct and verdict.score == 0.0, text
        if reason is not None:
            assert verdict.reason == reason, (text, verdict.reason)


def test_equivalent_formattings_pass(sample):
    inst, forced, _ = sample
    rev = forced[::-1]
    texts = [
        cells_text(forced),
        cells_text(rev),  # any order
        ",".join(f"({r},{c})" for r, c in forced),  # no spaces
        "[" + ", ".join(f"({r}, {c})" for r, c in forced) + "]",  # a Python list of tuples
        "[" + ", ".join(f"[{r}, {c}]" for r, c in forced) + "]",  # a list of lists
        ", ".join(f"[{r}, {c}]" for r, c in forced),  # [r, c] pairs
        "{" + cells_text(forced) + "}",  # set notation
        "\n".join(f"({r}, {c})" for r, c in forced),  # one per line
        "; ".join(f"( {r} , {c} )" for r, c in forced),  # semicolons and inner spaces
        f"```\n{cells_text(forced)}\n```",  # inside a code fence
        "[" + cells_text(forced) + ",]",  # a trailing comma
        cells_text(forced) + ".",  # a closing full stop
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


def test_forced_set_matches_brute_force_and_is_non_empty():
    for inst in small_instances(80):
        forced, count = brute(inst.payload)
        assert count >= 1
        assert forced == {tuple(x) for x in inst.payload["forced"]}, inst.payload
        assert forced, "the generator promises a non-empty forced set"


def test_verifier_agrees_with_brute_force_on_random_candidates():
    rng = np.random.default_rng(5)
    for inst in small_instances(25):
        forced, _ = brute(inst.payload)
        grid = inst.payload["grid"]
        hidden = [(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch == "?"]
        candidates = [sorted(forced)]
        for _ in range(12):
            flip = rng.random(len(hidden)) < 0.5
            candidates.append([cell for cell, f in zip(hidden, flip) if f])
            near = set(forced) ^ {hidden[int(rng.integers(len(hidden)))]}
            candidates.append(sorted(near))
        for cells in candidates:
            assert TASK.verify(inst.payload, wrap(cells_text(cells))).correct == (set(cells) == forced)


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


def test_hardness_rises_with_level_and_generation_is_fast():
    medians = []
    for level in range(1, 11):
        params = TASK.params(level)
        medians.append(statistics.median(TASK.generate(params, 1, i).hardness for i in range(10)))
    assert all(a <= b for a, b in zip(medians, medians[1:])), medians
    assert medians[-1] > 10 * medians[0], medians
    worst = 0.0
    for i in range(5):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, i)
        worst = max(worst, time.perf_counter() - start)
    assert worst < 2.0, worst


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
        assert time.perf_counter() - start < 2.0
        assert inst.payload["forced"]
        assert TASK.verify(inst.payload, wrap(inst.answer)).correct


def test_parse_cells_is_strict_and_bounded():
    assert ver.parse_cells("((1, 2), (3, 4))", 10) == [(1, 2), (3, 4)]
    assert ver.parse_cells("(1, 2) (3, 4)", 10) == [(1, 2), (3, 4)]
    assert ver.parse_cells("(1, 2, 3)", 10) is None
    assert ver.parse_cells("(-1, 2)", 10) is None
    assert ver.parse_cells("(1.0, 2)", 10) is None
    assert ver.parse_cells("(1, 2)" * 50, 10) is None  # more pairs than cells
    assert ver.parse_cells("(" * 5000, 10) is None

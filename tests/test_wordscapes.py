"""Wordscapes: the layout invariants of generation, a verifier table of adversarial cases, brute-force
agreement (every filling a brute force finds passes, nothing else does) and hostile input."""

from __future__ import annotations

import itertools
import random
import re
import time

import numpy as np
import pytest

from logicforge.generators import wordscapes as gen
from logicforge.tasks import get_task

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("wordscapes")

# A 3x3 ring: CAT across the top, COD down the left, TOE down the right, DYE across the bottom. Its mirror
# image (COD across, CAT down, DYE down, TOE across) fills it too, so two answers are right.
RING = {
    "rows": 3, "cols": 3, "grid": ["...", ".#.", "..."],
    "across": [[0, 0, 3], [2, 0, 3]], "down": [[0, 0, 3], [0, 2, 3]],
    "words": ["CAT", "COD", "DOG", "DYE", "TOE"],
}  # fmt: skip
# The same ring with the A of CAT shown: only the first filling keeps it.
SHOWN = {**RING, "grid": [".A.", ".#.", "..."]}
# Two slots that do not cross: a word may not fill both.
PAIR = {
    "rows": 1,
    "cols": 7,
    "grid": ["...#..."],
    "across": [[0, 0, 3], [0, 4, 3]],
    "down": [],
    "words": ["CAT", "DOG"],
}
FILLED = "C A T\nO # O\nD Y E"
MIRROR = "C O D\nA # Y\nT O E"


@pytest.mark.parametrize("payload, answer, reason", [
    (RING, FILLED, "ok"),
    (RING, MIRROR, "ok"),                              # the other filling: any valid grid passes
    (RING, "CAT\nO#O\nDYE", "ok"),                     # rows as runs of letters
    (RING, "cat\no # o\ndye", "ok"),                   # letters in any case
    (RING, '[["C","A","T"],["O","#","O"],["D","Y","E"]]', "ok"),
    (RING, "| C | A | T |\n|---|---|---|\n| O | # | O |\n| D | Y | E |", "ok"),  # a Markdown table
    (RING, "```\nC A T\nO # O\nD Y E\n```", "ok"),     # in a code fence
    (SHOWN, "c a t\no # o\nd y e", "ok"),              # a shown letter matched in lower case
    (SHOWN, MIRROR, "violates:given"),                 # the mirror changes the shown A
    (RING, "C A T\nO A O\nD Y E", "violates:given"),   # a letter in the black cell
    (RING, "C A T\nO # O\nD # E", "violates:given"),   # a white cell left black
    (RING, "# # #\n# # #\n# # #", "violates:given"),   # everything black
    (RING, "C A T\nO # O\nD O E", "violates:word"),    # DOE is not in the bank (DOG is)
    (RING, "C A T\nO # E\nD Y E", "violates:word"),    # TEE is not in the bank
    (RING, "A A A\nA # A\nA A A", "violates:word"),    # one letter everywhere
    (RING, "C A T\nA # A\nT A T", "violates:word"),    # CAT in every slot breaks on the last letters
    (PAIR, "C A T # D O G", "ok"),
    (PAIR, "DOG#CAT", "ok"),                           # either order: the slots do not cross
    (PAIR, "C A T # C A T", "duplicate_item"),         # one bank word in two slots
    (PAIR, "C A T # C O G", "violates:word"),          # a made-up word
    (PAIR, "C A T D O G", "wrong_shape"),              # the black cell dropped
    (RING, ". . .\n. # .\n. . .", "parse_error"),      # the template echoed back
    (RING, "C A T\nO . O\nD Y E", "parse_error"),      # '.' is no way to write a black cell
    (RING, "C A T\nO # O", "wrong_shape"),             # a row missing
    (RING, "C A T\nO # O\nD Y E\nD Y E", "wrong_shape"),
    (RING, "C A T\nO # O\nD Y E\nthat is all", "parse_error"),  # a fourth line of words
    (RING, "CAT, COD, TOE, DYE", "parse_error"),       # the words, not the grid
    (RING, "C A T\nO # O\nD Y 3", "parse_error"),      # a digit for a letter
    (RING, "C \u0410 T\nO # O\nD Y E", "parse_error"),  # a Cyrillic A that looks like a Latin one
    (RING, "C A T\nO # O\nD Y \u00c9", "parse_error"),  # an accented letter
    (RING, "CA T\nO # O\nD Y E", "parse_error"),       # two letters in one cell
])  # fmt: skip
def test_adversarial(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


# -- generation ------------------------------------------------------------------------------------------------


def _runs(rows: list[str]) -> list[list[int]]:
    """Every maximal run of two or more white cells, as [row, col, length, direction] (0 across, 1 down)."""
    out = []
    for d, lines in ((0, rows), (1, ["".join(col) for col in zip(*rows)])):
        for i, line in enumerate(lines):
            for m in re.finditer(r"[^#]{2,}", line):
                out.append([i, m.start(), m.end() - m.start(), 0] if d == 0 else [m.start(), i, m.end() - m.start(), 1])
    return sorted(out)


@pytest.mark.parametrize("level", [1, 4, 7, 10])
def test_slots_are_exactly_the_runs_and_every_white_cell_is_in_one(level):
    for i in range(8):
        inst = TASK.generate(TASK.params(level), 3, i)
        p = inst.payload
        slots = sorted([[r, c, n, 0] for r, c, n in p["across"]] + [[r, c, n, 1] for r, c, n in p["down"]])
        assert _runs(p["grid"]) == slots
        assert len(slots) == TASK.params(level).words
        assert len(p["words"]) == len(set(p["words"])) == len(slots) + TASK.params(level).distractors
        grid = inst.answer.replace(" ", "").split("\n")
        columns = ["".join(col) for col in zip(*grid)]
        assert all(line.strip("#") for line in (grid[0], grid[-1], columns[0], columns[-1]))  # cropped to the words
        white = {(r, c) for r, row in enumerate(p["grid"]) for c, ch in enumerate(row) if ch != "#"}
        covered = {(r + k * d, c + k * (1 - d)) for r, c, n, d in slots for k in range(n)}
        assert white == covered


def test_params_check_refuses_crowded_grids():
    with pytest.raises(ValueError, match="max_len"):
        gen.Params(rows=5, cols=5, max_len=6)
    with pytest.raises(ValueError, match="words"):
        gen.Params(rows=5, cols=5, words=5)


def test_level_ten_is_fast():
    start = time.perf_counter()
    worst = 0.0
    for i in range(20):
        t = time.perf_counter()
        TASK.generate(TASK.params(10), 11, i)
        worst = max(worst, time.perf_counter() - t)
    assert worst < 1.0 and time.perf_counter() - start < 10


# -- brute force: every filling of small puzzles --------------------------------------------------------------


def brute_fillings(payload: dict) -> set[str]:
    """Every valid filled grid (rows of letters and #, joined by newlines), by trying every injective
    assignment of bank words to slots: independent of the generator's solver and of the verifier."""
    slots = [(r, c, n, 0) for r, c, n in payload["across"]] + [(r, c, n, 1) for r, c, n in payload["down"]]
    out = set()
    for words in itertools.permutations(payload["words"], len(slots)):
        grid = [["#" if ch == "#" else "" for ch in row] for row in payload["grid"]]
        ok = all(len(w) == n for w, (_, _, n, _) in zip(words, slots))
        for w, (r, c, n, d) in zip(words, slots):
            for k in range(n if ok else 0):
                cell = grid[r + k * d][c + k * (1 - d)]
                ok = ok and cell in ("", w[k])
                grid[r + k * d][c + k * (1 - d)] = w[k]
        shown = all(ch in ".#" or grid[r][c] == ch for r, row in enumerate(payload["grid"]) for c, ch in enumerate(row))
        if ok and shown:
            out.add("\n".join("".join(row) for row in grid))
    return out


@pytest.mark.parametrize("level", [1, 2, 3])
def test_brute_force_finds_exactly_the_reference(level):
    for i in range(6):
        inst = TASK.generate(TASK.params(level), 5, i)
        found = brute_fillings(inst.payload)
        assert found == {inst.answer.replace(" ", "")}, (level, i)


@pytest.mark.parametrize("level", [1, 3])
def test_verifier_agrees_with_brute_force_on_mutants(level):
    rng = random.Random(level)
    for i in range(4):
        inst = TASK.generate(TASK.params(level), 9, i)
        valid = brute_fillings(inst.payload)
        ref = [list(row) for row in inst.answer.replace(" ", "").split("\n")]
        for _ in range(60):
            grid = [row[:] for row in ref]
            for _ in range(rng.randrange(1, 3)):
                r, c = rng.randrange(len(grid)), rng.randrange(len(grid[0]))
                grid[r][c] = rng.choice("#" + "".join({ch for row in ref for ch in row if ch != "#"}))
            text = "\n".join("".join(row) for row in grid)
            assert TASK.verify(inst.payload, wrap(text)).correct == (text in valid), text


def test_open_ring_has_both_fillings():
    assert brute_fillings(RING) == {FILLED.replace(" ", ""), MIRROR.replace(" ", "")}
    assert brute_fillings(SHOWN) == {FILLED.replace(" ", "")}


# -- hostile input --------------------------------------------------------------------------------------------


def test_universal_answers_fail_on_generated_items():
    for level in (1, 5, 10):
        inst = TASK.generate(TASK.params(level), 2, 0)
        p = inst.payload
        template = "\n".join(" ".join(row) for row in p["grid"])
        white = "\n".join(" ".join("#" if ch == "#" else "E" for ch in row) for row in p["grid"])
        for text in (
            template,
            template.replace(".", "A"),
            white,
            "\n".join("#" * p["cols"] for _ in p["grid"]),
            ", ".join(p["words"]),
            inst.answer.lower().replace("#", "."),
        ):
            verdict = TASK.verify(p, wrap(text))
            assert not verdict.correct, (level, text)


def test_hostile_answers_are_refused_fast():
    inst = TASK.generate(TASK.params(10), 1, 0)
    texts = [
        "A " * 200_000,
        "#" * 500_000,
        "[" * 50_000 + "]" * 50_000,
        ("A" * 13 + "\n") * 20_000,
        "\x00" * 1000,
        "ＡＢＣ",
        inst.answer + "\n" + inst.answer,
    ]
    assert_refused_fast(TASK, [inst.payload, RING], texts)


def test_verify_rate():
    inst = TASK.generate(TASK.params(10), 1, 0)
    text = wrap(inst.answer)
    start = time.perf_counter()
    for _ in range(500):
        assert TASK.verify(inst.payload, text).correct
    assert 500 / (time.perf_counter() - start) > 1_000  # about 10,000/s unloaded; the bound allows a busy machine


def test_generation_is_deterministic_in_numpy_streams():
    a = gen.generate(gen.LEVELS[6], np.random.default_rng(4))
    b = gen.generate(gen.LEVELS[6], np.random.default_rng(4))
    assert a == b


def test_plain_rows_shortcut_reads_as_the_shared_parser():
    """The verifier's shortcut for the asked format gives the same rows as parse_symbol_grid, or defers."""
    from logicforge.verifiers.symbol_grid import parse_symbol_grid
    from logicforge.verifiers.wordscapes import _SYMBOLS, _plain_rows

    rng = random.Random(0)
    for level in (1, 6, 10):
        inst = TASK.generate(TASK.params(level), 8, 0)
        rows, cols = inst.payload["rows"], inst.payload["cols"]
        ref = inst.answer
        texts = [
            ref,
            ref.lower(),
            ref.replace(" ", ""),
            " " + ref + " \n",
            ref.replace("\n", " \n"),
            ref.replace(" ", "  ", 1),
            ref.replace("#", ".", 1),
            ref[:-2],
            ref + "\nA",
        ]
        for _ in range(30):
            i = rng.randrange(len(ref))
            texts.append(ref[:i] + rng.choice("aZ#. 1\n,") + ref[i + 1 :])
        for text in texts:
            fast = _plain_rows(text, rows, cols)
            if fast is not None:
                slow = parse_symbol_grid(text, rows, cols, _SYMBOLS)
                assert fast == ["".join(row) for row in slow], text

"""Skyscraper: fill an n x n grid with heights 1..n, once per row and column, matching the edge visibility clues."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._fd import count_solutions, latin_board
from logicforge.generators._fd_make import (
    NODE_LIMIT,
    add_extra_givens,
    finish_unique,
    random_fill,
    random_latin,
    unique_givens,
)
from logicforge.generators._render import answer_grid
from logicforge.generators._skyscraper_solver import clued_lines, visibility_propagator, visible
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the completed grid of heights, one row per line, numbers separated by spaces "
    "(e.g. the first row of a 4x4 grid: 1 2 3 4)"
)
SIDES = ("top", "bottom", "left", "right")


@dataclass(frozen=True)
class Params(Knobs):
    n: int = knob(4, 3, 8, help="grid side; heights 1..n appear once per row and column")
    omit: float = knob(0.0, 0.0, 0.9, help="share of the 4n edge clues to try to remove (kept if uniqueness needs it)")
    extra_givens: int = knob(0, 0, 30, help="pre-filled cells added beyond those needed for a unique solution")
    minimize: bool = knob(True, help="drop every pre-filled cell that uniqueness does not need")
    unique: bool = knob(
        True, help="prove the solution unique; false: omit clues at random and pre-fill only extra_givens "
        "cells, no proof, any grid obeying the rules is accepted (the payload then says unique: false)",
    )


LEVELS = {
    1: Params(n=3, extra_givens=1),
    2: Params(n=4, extra_givens=3),
    3: Params(n=4, extra_givens=1),
    4: Params(n=5, extra_givens=2),
    5: Params(n=5, omit=0.4),
    6: Params(n=6),
    7: Params(n=6, omit=0.6),
    8: Params(n=7, omit=0.3),
    9: Params(n=7, omit=0.6),
    10: Params(n=8, omit=0.6),
}


def edge_clues(grid: list[list[int]]) -> dict[str, list[int]]:
    """The four clue lists of a solved grid: top/bottom per column, left/right per row.

    >>> edge_clues([[1, 2], [2, 1]])
    {'top': [2, 1], 'bottom': [1, 2], 'left': [2, 1], 'right': [1, 2]}
    """
    cols = [list(c) for c in zip(*grid)]
    return {
        "top": [visible(c) for c in cols],
        "bottom": [visible(c[::-1]) for c in cols],
        "left": [visible(r) for r in grid],
        "right": [visible(r[::-1]) for r in grid],
    }


def _props(n: int, clues: dict[str, list[int]]) -> list:
    return [visibility_propagator(n, clued_lines(n, *(clues[s] for s in SIDES)))]


def _omit_clues(n: int, clues: dict, givens: dict[int, int], omit: float, rng: np.random.Generator) -> dict:
    """Remove up to omit * 4n clues in random order. A clue goes when no solution of the others
    sees a different count from its side (any rival solution would have to), so it stays unique."""
    target = round(omit * 4 * n)
    slots = [(side, i) for side in SIDES for i in range(n)]
    removed = 0
    for k in rng.permutation(len(slots)):
        if removed >= target:
            break
        side, i = slots[int(k)]
        negated = {s: list(v) for s, v in clues.items()}
        negated[side][i] = -clues[side][i]
        found = count_solutions(latin_board(n), givens, _props(n, negated), limit=1, node_limit=NODE_LIMIT)
        if found.complete and not found.solutions:
            clues = {s: list(v) for s, v in clues.items()}
            clues[side][i] = 0
            removed += 1
    return clues


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A random Latin square and its clues; givens only where uniqueness needs them, then clues removed
    (with unique=False: clues removed at random, `extra_givens` random givens and no proof).

    Hardness is the deduction work of the final uniqueness proof: candidates eliminated by
    propagation, summed over every search node (it grows with size, emptiness and branching);
    without a proof, no solver runs and it is the number of cells to fill.
    """
    n = params.n
    board = latin_board(n)
    if params.unique:
        flat = random_fill(board, rng)
        clues = edge_clues([flat[r * n : (r + 1) * n] for r in range(n)])
        givens = unique_givens(board, flat, _props(n, clues), rng)
        clues = _omit_clues(n, clues, givens, params.omit, rng)
        props = _props(n, clues)
        givens, steps = finish_unique(board, flat, givens, props, params.minimize, params.extra_givens, rng,
                                      "skyscraper")
    else:
        flat = random_latin(n, rng)
        clues = edge_clues([flat[r * n : (r + 1) * n] for r in range(n)])
        for k in rng.choice(4 * n, size=round(params.omit * 4 * n), replace=False).tolist():
            clues[SIDES[k // n]][k % n] = 0
        givens = add_extra_givens(n * n, flat, {}, params.extra_givens, rng)
        steps = n * n - len(givens)
    grid = [flat[r * n : (r + 1) * n] for r in range(n)]
    payload = {"n": n, **clues, "givens": [[c // n, c % n, v] for c, v in sorted(givens.items())]}
    if not params.unique:
        payload["unique"] = False
    fields = {
        "n": n,
        "board": "\n".join(_board(n, clues, givens)),
        **{side: list(clues[side]) for side in SIDES},
        "givens": [list(g) for g in payload["givens"]],
    }
    return Instance("", answer_grid(grid), payload, float(steps), fields)


def _board(n: int, clues: dict[str, list[int]], givens: dict[int, int]) -> list[str]:
    """The grid framed by its clues ('-' where a clue is omitted, '.' for an empty cell)."""

    def mark(v: int) -> str:
        return str(v) if v else "-"

    edge = "    +" + "-" * (2 * n + 1) + "+"
    lines = ["      " + " ".join(mark(v) for v in clues["top"]), edge]
    for r in range(n):
        cells = " ".join(str(givens.get(r * n + c, ".")) for c in range(n))
        lines.append(f"  {mark(clues['left'][r])} | {cells} | {mark(clues['right'][r])}")
    lines += [edge, "      " + " ".join(mark(v) for v in clues["bottom"])]
    return lines

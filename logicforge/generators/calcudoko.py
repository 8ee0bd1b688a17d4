"""Calcudoko (KenKen): fill an n x n Latin square so every cage meets its arithmetic target."""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

import numpy as np

from logicforge.generators._calcudoko_solver import count_solutions
from logicforge.generators._fd_make import random_latin
from logicforge.generators._render import answer_grid
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "the filled grid, one row per line, numbers separated by spaces (a row of a 3x3 grid: 2 3 1)"
_OP_WEIGHTS = {"+": 3.0, "-": 2.0, "*": 2.0, "/": 2.0}
# Search nodes (each tries one cage tuple) one uniqueness proof may take before the generator adds
# givens instead: keeps every item well under a second (a 9x9 proof can otherwise run to 10^5 nodes).
_NODE_BUDGET = 300


@dataclass(frozen=True)
class Params(Knobs):
    n: int = knob(4, 3, 9, help="grid size n (values 1..n)")
    max_cage: int = knob(3, 2, 5, help="most cells in one cage")
    ops: str = knob("+-*/", choices=("+", "+-", "+-*", "+-*/"), help="operations the cages may use")
    unique: bool = knob(
        True, help="prove the solution unique (splitting off givens as needed); false: the random cages as "
        "they come, no proof, any grid obeying the rules is accepted (the payload then says unique: false)",
    )


LEVELS = {
    1: Params(n=3, max_cage=2, ops="+"),
    2: Params(n=4, max_cage=2, ops="+-"),
    3: Params(n=4, max_cage=4, ops="+-*"),
    4: Params(n=5, max_cage=3, ops="+-*/"),
    5: Params(n=5, max_cage=4, ops="+-*/"),
    6: Params(n=6, max_cage=3, ops="+-*/"),
    7: Params(n=6, max_cage=4, ops="+-*/"),
    8: Params(n=8, max_cage=3, ops="+-*/"),
    9: Params(n=9, max_cage=3, ops="+-*/"),
    10: Params(n=9, max_cage=4, ops="+-*/"),
}


def _neighbours(i: int, n: int) -> list[int]:
    r, c = divmod(i, n)
    return [rr * n + cc for rr, cc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)) if 0 <= rr < n and 0 <= cc < n]


def _partition(n: int, max_cage: int, rng: np.random.Generator) -> list[list[int]]:
    """Grow connected cages from the cells in random order; a cell left alone joins a small
    neighbouring cage when one has room (else it stays a given)."""
    owner = [-1] * (n * n)
    cages: list[list[int]] = []
    for start in rng.permutation(n * n).tolist():
        if owner[start] >= 0:
            continue
        size = int(rng.integers(2, max_cage + 1))
        cage = [start]
        owner[start] = len(cages)
        while len(cage) < size:
            frontier = sorted({j for i in cage for j in _neighbours(i, n) if owner[j] < 0})
            if not frontier:
                break
            pick = frontier[int(rng.integers(len(frontier)))]
            cage.append(pick)
            owner[pick] = len(cages)
        cages.append(cage)
    for k, cage in enumerate(cages):
        if len(cage) == 1:
            room = sorted({owner[j] for j in _neighbours(cage[0], n) if len(cages[owner[j]]) < max_cage})
            if room:
                host = room[int(rng.integers(len(room)))]
                cages[host].append(cage[0])
                owner[cage[0]] = host
                cages[k] = []
    return [sorted(c) for c in cages if c]


def _label(cells: list[int], grid: list[list[int]], ops: str, rng: np.random.Generator) -> dict:
    """A cage dict with a random operation allowed for its size and values, and its target."""
    n = len(grid)
    vals = [grid[i // n][i % n] for i in cells]
    coords = [[i // n, i % n] for i in cells]
    if len(cells) == 1:
        return {"cells": coords, "op": "=", "target": vals[0]}
    big, small = max(vals), min(vals)
    allowed = [op for op in ops if op in "+*" or len(cells) == 2 and (op == "-" or big % small == 0)]
    weights = np.array([_OP_WEIGHTS[op] for op in allowed])
    op = allowed[int(rng.choice(len(allowed), p=weights / weights.sum()))]
    target = {"+": sum(vals), "*": prod(vals), "-": big - small, "/": big // small}[op]
    return {"cells": coords, "op": op, "target": target}


def _split_off(cages: list[dict], cell: list[int], grid, ops: str, rng) -> list[dict]:
    """Make `cell` a given; the rest of its cage is relabelled as its connected pieces."""
    n = len(grid)
    k = next(k for k, cage in enumerate(cages) if cell in cage["cells"])
    rest = [r * n + c for r, c in cages[k]["cells"] if [r, c] != cell]
    pieces, seen = [], set()
    for i in rest:
        if i in seen:
            continue
        piece, todo = [], [i]
        seen.add(i)
        while todo:
            j = todo.pop()
            piece.append(j)
            for nb in _neighbours(j, n):
                if nb in rest and nb not in seen:
                    seen.add(nb)
                    todo.append(nb)
        pieces.append(sorted(piece))
    new = [_label([cell[0] * n + cell[1]], grid, ops, rng)] + [_label(p, grid, ops, rng) for p in pieces]
    return cages[:k] + new + cages[k + 1 :]


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Random Latin square, random cages; split off givens until the solver proves uniqueness (with
    unique=False: no proof, no solver run, and the hardness is the number of cells to fill)."""
    n = params.n
    flat = random_latin(n, rng)
    grid = [flat[r * n : (r + 1) * n] for r in range(n)]
    cages = [_label(c, grid, params.ops, rng) for c in _partition(n, params.max_cage, rng)]
    if params.unique:
        steps = _settle(n, cages, grid, params.ops, rng)
    else:
        steps = n * n - sum(cage["op"] == "=" for cage in cages)
    cages.sort(key=lambda cage: min(cage["cells"]))
    payload = {"n": n, "cages": cages}
    if not params.unique:
        payload["unique"] = False
    # Language-neutral: the cages (0-based cells, op, target) and the drawn map of cage numbers.
    fields = {"n": n, "cages": cages, "cage_map": _cage_map(n, cages)}
    return Instance("", answer_grid(grid), payload, float(steps), fields)


def _settle(n: int, cages: list[dict], grid, ops: str, rng: np.random.Generator) -> int:
    """Add givens (in place) until `grid` is provably the only solution; returns the deduction
    steps of the final proof. A second solution gets one cell it disagrees on as a given; a search
    past the node budget gets random givens, twice as many each time, so the loop is short and
    every item stays fast. Each round adds a given, so a fully given grid ends the loop."""
    batch = 1
    for _ in range(n * n + 1):
        sols, steps, finished = count_solutions(n, cages, limit=2, max_nodes=_NODE_BUDGET)
        other = next((s for s in sols if s != grid), None)
        if finished and other is None:
            return steps
        if other is not None:
            cells = [[r, c] for r in range(n) for c in range(n) if other[r][c] != grid[r][c]]
            picks = [cells[int(rng.integers(len(cells)))]]
        else:
            cells = [cell for cage in cages if cage["op"] != "=" for cell in cage["cells"]]
            picks = [cells[int(i)] for i in rng.choice(len(cells), size=min(batch, len(cells)), replace=False)]
            batch *= 2
        for cell in picks:
            cages[:] = _split_off(cages, cell, grid, ops, rng)
    raise RuntimeError("unreachable: a grid of givens is unique")


def _cage_map(n: int, cages: list[dict]) -> str:
    """The grid of cage numbers (counted from 1, in the order of `cages`), right-aligned to one width.

    >>> print(_cage_map(2, [{"cells": [[0, 0], [0, 1]]}, {"cells": [[1, 0], [1, 1]]}]))
    1 1
    2 2
    """
    owner = [[0] * n for _ in range(n)]
    for k, cage in enumerate(cages, 1):
        for r, c in cage["cells"]:
            owner[r][c] = k
    width = len(str(len(cages)))
    return "\n".join(" ".join(str(k).rjust(width) for k in row) for row in owner)

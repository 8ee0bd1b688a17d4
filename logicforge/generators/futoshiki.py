"""Futoshiki: fill an n x n grid with 1..n, each once per row and column, obeying the < > signs and givens."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._fd import Propagator, latin_board
from logicforge.generators._fd_make import add_extra_givens, finish_unique, random_latin, walk_givens
from logicforge.generators._render import answer_grid
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the completed grid, one row per line, numbers separated by spaces (e.g. the first row of a 4x4 grid: 1 2 3 4)"
)


@dataclass(frozen=True)
class Params(Knobs):
    n: int = knob(4, 4, 9, help="grid side; the grid holds 1..n once per row and column")
    sign_density: float = knob(0.3, 0.05, 1.0, help="share of adjacent cell pairs that carry an inequality sign")
    extra_givens: int = knob(0, 0, 40, help="pre-filled cells added beyond those needed for a unique solution")
    minimize: bool = knob(False, help="drop every pre-filled cell that uniqueness does not need")
    unique: bool = knob(
        True, help="prove the solution unique; false: only the extra_givens pre-filled cells, no proof, any grid "
        "obeying the rules is accepted (the payload then says unique: false)",
    )


LEVELS = {
    1: Params(n=4, sign_density=0.3, extra_givens=3),
    2: Params(n=4, sign_density=0.3, extra_givens=1),
    3: Params(n=5, sign_density=0.3, extra_givens=2),
    4: Params(n=5, sign_density=0.3, minimize=True),
    5: Params(n=6, sign_density=0.3, extra_givens=1),
    6: Params(n=6, sign_density=0.3, minimize=True),
    7: Params(n=7, sign_density=0.3),
    8: Params(n=8, sign_density=0.3),
    9: Params(n=8, sign_density=0.25, minimize=True),
    10: Params(n=9, sign_density=0.4, minimize=True),
}


def inequality_propagator(less: list[tuple[int, int]]) -> Propagator:
    """Bounds propagation for `a < b` pairs: a stays below max(b), b above min(a), to a fixpoint."""

    def prop(dom: list[int]) -> list[int] | None:
        changed = []
        again = True
        while again:
            again = False
            for a, b in less:
                da, db = dom[a], dom[b]
                na = da & ((1 << (db.bit_length() - 1)) - 1)  # values below b's largest
                nb = db & -((na & -na) << 1)  # values above a's smallest
                if not na or not nb:
                    return None
                if na != da:
                    dom[a] = na
                    changed.append(a)
                    again = True
                if nb != db:
                    dom[b] = nb
                    changed.append(b)
                    again = True
        return changed

    return prop


def _signs(n: int, flat: list[int], density: float, rng: np.random.Generator) -> list[tuple[int, int]]:
    """A random share of adjacent pairs, each oriented (smaller cell, larger cell) by the solution."""
    pairs = [(r * n + c, r * n + c + 1) for r in range(n) for c in range(n - 1)]
    pairs += [(r * n + c, (r + 1) * n + c) for r in range(n - 1) for c in range(n)]
    k = max(1, round(density * len(pairs)))
    chosen = sorted(int(i) for i in rng.choice(len(pairs), size=k, replace=False))
    return [(a, b) if flat[a] < flat[b] else (b, a) for a, b in (pairs[i] for i in chosen)]


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A random Latin square, random signs from it, then givens until a counting solver proves uniqueness
    (with unique=False: `extra_givens` random givens and no proof).

    Hardness is the deduction work of the final uniqueness proof: candidates eliminated by
    propagation, summed over every search node (it grows with size, emptiness and branching);
    without a proof, no solver runs and it is the number of cells to fill.
    """
    n = params.n
    board = latin_board(n)
    flat = random_latin(n, rng)
    less = _signs(n, flat, params.sign_density, rng)
    props = [inequality_propagator(less)]
    if params.unique:
        givens = walk_givens(board, flat, props, rng)
        givens, steps = finish_unique(board, flat, givens, props, params.minimize, params.extra_givens, rng,
                                      "futoshiki")
    else:
        givens = add_extra_givens(n * n, flat, {}, params.extra_givens, rng)
        steps = n * n - len(givens)
    grid = [flat[r * n : (r + 1) * n] for r in range(n)]
    payload = {
        "n": n,
        "givens": [[c // n, c % n, v] for c, v in sorted(givens.items())],
        "less": [[a // n, a % n, b // n, b % n] for a, b in sorted(less)],
    }
    if not params.unique:
        payload["unique"] = False
    fields = {
        "n": n,
        "board": "\n".join(_board(n, givens, less)),
        "givens": [list(g) for g in payload["givens"]],
        "less": [list(a) for a in payload["less"]],
    }
    return Instance("", answer_grid(grid), payload, float(steps), fields)


def _board(n: int, givens: dict[int, int], less: list[tuple[int, int]]) -> list[str]:
    """ASCII board between bars: cells 4 characters apart, < > between cells of a row, ^ v between
    rows (the bars keep a row of no vertical signs from reading as a blank line)."""
    sign = {}
    for a, b in less:
        sign[(a, b)], sign[(b, a)] = "<", ">"
    width = 4 * n - 3
    lines = []
    for r in range(n):
        row = str(givens.get(r * n, "."))
        for c in range(1, n):
            cell = r * n + c
            row += f" {sign.get((cell - 1, cell), ' ')} {givens.get(cell, '.')}"
        lines.append(f"| {row} |")
        if r < n - 1:
            marks = [{"<": "^", ">": "v"}.get(sign.get((r * n + c, (r + 1) * n + c)), " ") for c in range(n)]
            lines.append(f"| {'   '.join(marks).ljust(width)} |")
    return lines

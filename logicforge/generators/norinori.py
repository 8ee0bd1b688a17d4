"""Norinori: shade cells so every region holds exactly two and the shaded cells pair into dominoes that never touch."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._norinori_solver import Norinori
from logicforge.generators._render import answer_grid
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the shaded grid, one row per line, 1 for a shaded cell and 0 for an unshaded one, separated by spaces "
    "(e.g. the first row of a 4x4 grid: 1 1 0 0)"
)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Search nodes for one check. A puzzle with few pre-shaded cells that the solver cannot decide within it
# gets another pre-shaded cell: it keeps generation fast and the proved puzzles within reach of deduction.
_BUDGET = 500


@dataclass(frozen=True)
class Params(Knobs):
    n: int = knob(6, 4, 12, help="grid side")
    region_size: float = knob(5.0, 3.0, 12.0, help="average cells per region (regions = about n*n / region_size)")
    straddle: float = knob(0.3, 0.0, 1.0, help="share of dominoes laid across two regions (tried, where room allows)")
    preshaded: int = knob(0, 0, 40, help="pre-shaded cells added beyond those needed for a unique solution")
    minimize: bool = knob(False, help="drop every pre-shaded cell that uniqueness does not need")
    unique: bool = knob(
        True,
        help="add pre-shaded cells until a counting solver proves the shading unique; false: only the "
        "preshaded random cells, no proof (any valid shading is accepted either way)",
    )

    def check(self) -> None:
        if round(self.n * self.n / self.region_size) > len(LETTERS):
            raise ValueError(f"n={self.n} with region_size={self.region_size} makes more than 26 regions")
        if round(self.n * self.n / self.region_size) < 2:
            raise ValueError(f"n={self.n} with region_size={self.region_size} makes fewer than 2 regions")


LEVELS = {
    1: Params(n=4, region_size=4.0, preshaded=2),
    2: Params(n=5, region_size=4.5, preshaded=1),
    3: Params(n=5, region_size=4.5, minimize=True),
    4: Params(n=6, region_size=5.0, minimize=True),
    5: Params(n=7, region_size=5.0, minimize=True),
    6: Params(n=7, region_size=4.5, straddle=0.5, minimize=True),
    7: Params(n=8, region_size=5.0, minimize=True),
    8: Params(n=9, region_size=5.0, minimize=True),
    9: Params(n=9, region_size=4.5, straddle=0.5, minimize=True),
    10: Params(n=10, region_size=5.0, straddle=0.5, minimize=True),
}


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Random non-touching dominoes, regions grown around them with exactly two shaded cells each, then
    pre-shaded cells until a counting solver proves the shading unique (unique=False: random ones, no proof).

    Hardness is the search nodes of the final proof (or of finding one shading, without a proof).
    """
    n = params.n
    dominoes = _dominoes(n, max(2, round(n * n / params.region_size)), rng)
    blacks = sorted(c for d in dominoes for c in d)
    region = _regions(n, dominoes, params.straddle, rng)
    order: dict[int, int] = {}
    for k in region:
        order.setdefault(k, len(order))
    region = [order[k] for k in region]  # letters in reading order
    solver = Norinori(n, region)
    if params.unique:
        givens = _unique_givens(solver, blacks, params.minimize, rng)
        givens = _add(givens, blacks, params.preshaded, rng)
        sols, nodes = solver.solve(givens, limit=2, budget=_BUDGET)
        if len(sols) != 1 or nodes > _BUDGET:  # unreachable: the walk ended on this very proof
            raise RuntimeError("norinori: pre-shaded cells do not make the shading unique")
    else:
        givens = _add([], blacks, params.preshaded, rng)
        _, nodes = solver.solve(givens, limit=1, budget=_BUDGET)
    letters = [[LETTERS[region[r * n + c]] for c in range(n)] for r in range(n)]
    shaded = [[c // n, c % n] for c in sorted(givens)]
    payload = {"n": n, "regions": ["".join(row) for row in letters], "shaded": shaded}
    if not params.unique:
        payload["unique"] = False
    areas = [[LETTERS[k], [[c // n, c % n] for c in cells]] for k, cells in enumerate(solver.members)]
    fields = {"n": n, "regions": letters, "count": len(areas), "areas": areas, "shaded": shaded,
              "board": _board(letters, givens, n)}  # fmt: skip
    black = set(blacks)
    grid = [[int(r * n + c in black) for c in range(n)] for r in range(n)]
    return Instance("", answer_grid(grid), payload, float(nodes), fields)


def _dominoes(n: int, count: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """Up to `count` dominoes, tried in random order, each kept when no cell of it touches one kept before."""
    pairs = [(r * n + c, r * n + c + 1) for r in range(n) for c in range(n - 1)]
    pairs += [(r * n + c, (r + 1) * n + c) for r in range(n - 1) for c in range(n)]
    blocked = [False] * (n * n)  # a kept black cell or an edge neighbour of one
    kept = []
    for i in rng.permutation(len(pairs)):
        a, b = pairs[int(i)]
        if blocked[a] or blocked[b]:
            continue
        kept.append((a, b))
        for cell in (a, b):
            r, c = divmod(cell, n)
            for r2, c2 in ((r, c), (r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if 0 <= r2 < n and 0 <= c2 < n:
                    blocked[r2 * n + c2] = True
        if len(kept) == count:
            break
    return kept


def _near(n: int, cell: int) -> list[int]:
    r, c = divmod(cell, n)
    return [r2 * n + c2 for r2, c2 in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)) if 0 <= r2 < n and 0 <= c2 < n]


def _regions(n: int, dominoes: list[tuple[int, int]], straddle: float, rng: np.random.Generator) -> list[int]:
    """Region ids per cell, numbered in reading order: each region holds exactly two black cells.

    A region starts as one domino; for a share of the dominoes two nearby ones are re-paired across
    (one cell of each joined by a path of white cells, the other two by a second path), so those dominoes
    straddle two regions. The white cells left over join neighbouring regions, smaller ones first.
    """
    region = [-1] * (n * n)
    for k, (a, b) in enumerate(dominoes):
        region[a] = region[b] = k
    whole = set(range(len(dominoes)))  # regions still made of their own domino
    for k in [int(i) for i in rng.permutation(len(dominoes))][: round(straddle * len(dominoes))]:
        if k in whole:
            _straddle(n, dominoes, region, whole, k, rng)
    sizes = [region.count(k) for k in range(len(dominoes))]
    _grow(n, region, sizes, rng)
    return region


def _straddle(n: int, dominoes, region: list[int], whole: set[int], k: int, rng: np.random.Generator) -> None:
    """Re-pair domino k with a nearby whole domino j: (k's first cell, one of j's) and (k's second, j's other)."""
    a, b = dominoes[k]
    ar, ac = divmod(a, n)
    near = [j for j in sorted(whole - {k}) if abs(dominoes[j][0] // n - ar) + abs(dominoes[j][0] % n - ac) <= 4]
    for j in [near[int(i)] for i in rng.permutation(len(near))]:
        for p, q in (dominoes[j], dominoes[j][::-1]):
            first = _path(n, region, a, p, set())
            if first is None:
                continue
            second = _path(n, region, b, q, set(first))
            if second is None:
                continue
            for cell in (a, p, *first):
                region[cell] = k
            for cell in (b, q, *second):
                region[cell] = j
            whole -= {k, j}
            return


def _path(n: int, region: list[int], start: int, goal: int, avoid: set[int]) -> list[int] | None:
    """The free cells (no region yet) of a shortest path from `start` to `goal`, or None."""
    before = {start: start}
    frontier = [start]
    while frontier:
        nxt = []
        for cell in frontier:
            for y in _near(n, cell):
                if y in before:
                    continue
                if y == goal:
                    path = []
                    while cell != start:
                        path.append(cell)
                        cell = before[cell]
                    return path
                if region[y] < 0 and y not in avoid:
                    before[y] = cell
                    nxt.append(y)
        frontier = nxt
    return None


def _grow(n: int, region: list[int], sizes: list[int], rng: np.random.Generator) -> None:
    """Give every free cell to a neighbouring region, one random frontier cell at a time, smaller regions
    more likely (so sizes stay near the average)."""
    free = {c for c in range(n * n) if region[c] < 0}
    while free:
        frontier = sorted(c for c in free if any(region[y] >= 0 for y in _near(n, c)))
        cell = frontier[int(rng.integers(len(frontier)))]
        options = sorted({region[y] for y in _near(n, cell) if region[y] >= 0})
        weights = np.array([1.0 / sizes[k] ** 2 for k in options])
        k = options[int(rng.choice(len(options), p=weights / weights.sum()))]
        region[cell] = k
        sizes[k] += 1
        free.discard(cell)


def _unique_givens(solver: Norinori, blacks: list[int], minimize: bool, rng: np.random.Generator) -> list[int]:
    """Black cells to pre-shade so that one shading remains: each cuts off a second solution."""
    givens: list[int] = []
    black = set(blacks)
    while True:
        sols, nodes = solver.solve(givens, limit=2, budget=_BUDGET)
        if nodes > _BUDGET:  # undecided: pre-shade a random black cell and ask again
            missing = [c for c in blacks if c not in givens]
        else:
            other = next((s for s in sols if {c for c, v in enumerate(s) if v} != black), None)
            if other is None:
                break
            missing = [c for c in blacks if not other[c] and c not in givens]
        givens.append(missing[int(rng.integers(len(missing)))])
    if minimize:
        for cell in [givens[int(i)] for i in rng.permutation(len(givens))]:
            rest = [c for c in givens if c != cell]
            sols, nodes = solver.solve(rest, limit=2, budget=_BUDGET)
            if len(sols) == 1 and nodes <= _BUDGET:
                givens = rest
    return sorted(givens)


def _add(givens: list[int], blacks: list[int], extra: int, rng: np.random.Generator) -> list[int]:
    """`givens` plus up to `extra` more black cells, chosen at random."""
    rest = [c for c in blacks if c not in givens]
    more = [rest[int(i)] for i in rng.permutation(len(rest))[:extra]]
    return sorted(givens + more)


def _board(letters: list[list[str]], givens: list[int], n: int) -> str:
    """The region map with each pre-shaded cell's letter followed by `*`, cells three characters apart."""
    given = set(givens)
    return "\n".join(
        " ".join(letters[r][c] + ("*" if r * n + c in given else " ") for c in range(n)).rstrip() for r in range(n)
    )

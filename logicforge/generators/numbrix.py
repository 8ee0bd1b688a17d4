"""Numbrix: fill an n x n grid with 1..n^2, each once, so that consecutive numbers are orthogonal neighbours."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from logicforge.generators._numbrix_solver import count_solutions, patterned_paths, random_path
from logicforge.generators._render import answer_grid
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the completed grid, one row per line, numbers separated by spaces (e.g. the first row of a 4x4 grid: 1 2 15 16)"
)
# Search nodes one uniqueness check may take before the generator stops it and shows one more cell (in the
# longest hidden run) instead. A level-10 proof takes about 200 nodes (median); the cap bounds the rare long
# search, so that no level-10 item needs more than about 3,000 nodes in all (measured on 100 items).
BUDGET = 1_000


@dataclass(frozen=True)
class Params(Knobs):
    n: int = knob(6, 4, 12, help="grid side; the grid holds 1..n^2")
    givens: float = knob(
        0.3, 0.05, 0.9, help="share of cells shown at the start; more are added where uniqueness needs them"
    )
    max_gap: int = knob(8, 2, 40, help="the longest run of consecutive hidden numbers (more cells are shown to cut it)")


LEVELS = {
    1: Params(n=4, givens=0.5, max_gap=3),
    2: Params(n=5, givens=0.45, max_gap=4),
    3: Params(n=5, givens=0.35, max_gap=5),
    4: Params(n=6, givens=0.35, max_gap=6),
    5: Params(n=6, givens=0.3, max_gap=6),
    6: Params(n=7, givens=0.3, max_gap=7),
    7: Params(n=8, givens=0.28, max_gap=8),
    8: Params(n=8, givens=0.24, max_gap=9),
    9: Params(n=9, givens=0.22, max_gap=10),
    10: Params(n=10, givens=0.2, max_gap=10),
}


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A random Hamiltonian path (never a snake or a spiral) numbered from one end, a random share of it
    shown, then more cells shown until the solution counter proves the numbering unique.

    Hardness is the number of search nodes of the final uniqueness proof.
    """
    n = params.n
    size = n * n
    path = random_path(n, rng)
    while tuple(path) in _patterned(n):  # at 4x4 one draw in about 23; a pattern needs no reading
        path = random_path(n, rng)
    value = [0] * size
    for i, cell in enumerate(path):
        value[cell] = i + 1
    shown = {int(c) for c in rng.choice(size, size=max(2, round(params.givens * size)), replace=False)}
    _cut_gaps(shown, path, params.max_gap, rng)
    while True:
        solutions, nodes, complete = count_solutions(n, {c: value[c] for c in shown}, 2, BUDGET)
        if complete and len(solutions) == 1:
            break
        other = next((s for s in solutions if s != value), None)
        if other is None:  # undecided within the budget: shorten the longest hidden run
            _cut_gaps(shown, path, _longest_run(shown, path) - 1, rng)
            continue
        pool = [c for c in range(size) if c not in shown and other[c] != value[c]]
        shown.add(pool[int(rng.integers(len(pool)))])  # a cell where the other solution differs
    givens = [[c // n, c % n, value[c]] for c in sorted(shown)]
    grid = [value[r * n : (r + 1) * n] for r in range(n)]
    fields = {"n": n, "size": size, "board": _board(n, {c: value[c] for c in shown}), "givens": givens}
    return Instance("", answer_grid(grid), {"n": n, "givens": givens}, float(nodes), fields)


def _cut_gaps(shown: set[int], path: list[int], max_gap: int, rng: np.random.Generator) -> None:
    """Show more cells of the path until no run of hidden numbers (counting the runs before the smallest and
    after the largest shown number) is longer than `max_gap`; each cut falls in the middle third of a run."""
    while _longest_run(shown, path) > max_gap:
        steps = [-1, *sorted(path.index(c) for c in shown), len(path)]
        a, b = max(zip(steps, steps[1:]), key=lambda gap: gap[1] - gap[0])
        third = (b - a) // 3
        shown.add(path[int(rng.integers(a + third, b - third)) if third else (a + b) // 2])


def _longest_run(shown: set[int], path: list[int]) -> int:
    steps = [-1, *sorted(path.index(c) for c in shown), len(path)]
    return max(b - a - 1 for a, b in zip(steps, steps[1:]))


@functools.lru_cache(maxsize=16)
def _patterned(n: int) -> frozenset[tuple[int, ...]]:
    return frozenset(patterned_paths(n))


def _board(n: int, shown: dict[int, int]) -> str:
    """The grid with its shown numbers right-aligned in columns, '.' for an empty cell."""
    width = len(str(n * n))
    return "\n".join(" ".join(str(shown.get(r * n + c, ".")).rjust(width) for c in range(n)) for r in range(n))

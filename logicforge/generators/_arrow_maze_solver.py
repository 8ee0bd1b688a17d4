"""Arrow maze solver: an exact cover of the empty cells by the runs leaving the numbers.

The rule makes every arrow belong to at most one run: an arrow pointing in direction d is counted only by
the first number met walking back from it against d, through arrows that all point d. So a solution is a
run length for each (number, direction) ray such that the runs never overlap, cover every empty cell and
add up to each number. The search keeps a lower bound (`lo`, cells already covered) and an upper bound
(`hi`) per ray, propagates the number sums and the cells' remaining options to a fixpoint, and branches on
the uncovered cell with the fewest options left.
"""

from __future__ import annotations

from dataclasses import dataclass

# The 8 directions, in the order the symbols are listed everywhere: up, down, left, right, then diagonals.
DIRS = ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


@dataclass
class _Board:
    """The static structure: values, rays (cells along each number's 8 directions) and cell options."""

    values: list[int]
    rays: list[list[int]]  # ray k = number k // 8, direction k % 8: the cells up to the edge or a number
    opts: list[list[tuple[int, int]]]  # per cell: (ray k, j) with the cell at ray[k][j - 1]
    empty: list[int]


def board(rows: int, cols: int, numbers: dict[int, int]) -> _Board:
    """The rays and options of a grid whose `numbers` map cell index (r * cols + c) to value."""
    order = sorted(numbers)
    rays: list[list[int]] = []
    opts: list[list[tuple[int, int]]] = [[] for _ in range(rows * cols)]
    for cell in order:
        r0, c0 = divmod(cell, cols)
        for dr, dc in DIRS:
            ray, r, c = [], r0 + dr, c0 + dc
            while 0 <= r < rows and 0 <= c < cols and r * cols + c not in numbers:
                ray.append(r * cols + c)
                opts[r * cols + c].append((len(rays), len(ray)))
                r, c = r + dr, c + dc
            rays.append(ray)
    empty = [x for x in range(rows * cols) if x not in numbers]
    return _Board([numbers[c] for c in order], rays, opts, empty)


class _Search:
    def __init__(self, b: _Board, budget: int):
        self.b, self.budget, self.nodes, self.work = b, budget, 0, 0
        self.found: list[list[int]] = []

    def cover(self, st, k: int, upto: int) -> bool:
        """Extend ray k's run to `upto` cells; every other option of a newly covered cell is cut."""
        lo, hi, cov = st
        if upto > hi[k]:
            return False
        for j in range(lo[k], upto):
            x = self.b.rays[k][j]
            if cov[x] >= 0:
                if cov[x] != k:
                    return False
                continue
            cov[x] = k
            for k2, j2 in self.b.opts[x]:
                if k2 != k and hi[k2] >= j2:
                    hi[k2] = j2 - 1
                    self.work += 1
                    if hi[k2] < lo[k2]:
                        return False
        lo[k] = max(lo[k], upto)
        return True

    def propagate(self, st) -> bool:
        lo, hi, cov = st
        b = self.b
        changed = True
        while changed:
            changed = False
            for i, v in enumerate(b.values):
                base = 8 * i
                slo, shi = sum(lo[base : base + 8]), sum(hi[base : base + 8])
                if slo > v or shi < v:
                    return False
                if slo == shi:
                    continue
                for k in range(base, base + 8):
                    nh = min(hi[k], v - (slo - lo[k]))
                    if nh < lo[k]:
                        return False
                    if nh < hi[k]:
                        shi -= hi[k] - nh
                        hi[k] = nh
                        self.work += 1
                    nl = v - (shi - hi[k])
                    if nl > lo[k]:
                        slo += nl - lo[k]
                        if not self.cover(st, k, nl):
                            return False
                        changed = True
            for x in b.empty:
                if cov[x] < 0:
                    live = [(k, j) for k, j in b.opts[x] if hi[k] >= j]
                    if not live:
                        return False
                    if len(live) == 1:
                        if not self.cover(st, *live[0]):
                            return False
                        changed = True
        return True

    def run(self, st, limit: int) -> None:
        self.nodes += 1
        if self.nodes > self.budget:
            raise TimeoutError
        if not self.propagate(st):
            return
        lo, hi, cov = st
        best = None
        for x in self.b.empty:
            if cov[x] < 0:
                live = [(k, j) for k, j in self.b.opts[x] if hi[k] >= j]
                if best is None or len(live) < len(best):
                    best = live
        if best is None:
            if all(sum(lo[8 * i : 8 * i + 8]) == v for i, v in enumerate(self.b.values)):
                self.found.append([k % 8 if k >= 0 else -1 for k in cov])
            return
        for k, j in best:
            child = (lo[:], hi[:], cov[:])
            if self.cover(child, k, j):
                self.run(child, limit)
            if len(self.found) >= limit:
                return


def solve(
    rows: int, cols: int, numbers: dict[int, int], givens: dict[int, int], limit: int = 1, budget: int = 20_000
) -> tuple[list[list[int]] | None, int, int]:
    """(solutions, nodes, work): up to `limit` direction fields (per cell a direction index, -1 on a
    number), or None past `budget` search nodes; `work` counts the bounds the propagation tightened.

    >>> sols, nodes, _ = solve(1, 3, {0: 2}, {})
    >>> sols, nodes
    ([[-1, 3, 3]], 1)
    """
    b = board(rows, cols, numbers)
    search = _Search(b, budget)
    st = ([0] * len(b.rays), [len(ray) for ray in b.rays], [-1] * (rows * cols))
    for x, d in givens.items():
        ok = [(k, j) for k, j in b.opts[x] if k % 8 == d]
        if not ok or not search.cover(st, *ok[0]):
            return [], 1, 0
    try:
        search.run(st, limit)
    except TimeoutError:
        return None, search.nodes, search.work
    return search.found, search.nodes, search.work

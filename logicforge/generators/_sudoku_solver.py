"""Bitmask Sudoku solver: candidate masks, naked/hidden singles, MRV search and solution counting.

Cells are numbered row-major 0..n*n-1; a grid is a flat list of ints (0 = blank); digit d is the
bit 1 << (d - 1) in a candidate mask. Everything here is deterministic given its inputs, so the
generator stays a pure function of its numpy Generator.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

BOX_SHAPES = {4: (2, 2), 6: (2, 3), 9: (3, 3)}  # size -> (box rows, box cols)


class Geometry(NamedTuple):
    """The fixed structure of an n x n Sudoku."""

    n: int
    box_rows: int
    box_cols: int
    units: tuple[tuple[int, ...], ...]  # rows, then columns, then boxes
    peers: tuple[tuple[int, ...], ...]  # cells sharing a unit with each cell
    unit_of: tuple[tuple[int, int, int], ...]  # (row, col, box) index of each cell
    full: int  # mask with all n digits


@lru_cache(maxsize=None)
def geometry(n: int) -> Geometry:
    """The geometry of an n x n Sudoku with the box shape of BOX_SHAPES.

    >>> g = geometry(4)
    >>> len(g.units), len(g.peers[0]), g.unit_of[5]
    (12, 7, (1, 1, 0))
    """
    br, bc = BOX_SHAPES[n]
    unit_of = tuple((c // n, c % n, (c // n) // br * br + (c % n) // bc) for c in range(n * n))
    rows = [tuple(c for c in range(n * n) if unit_of[c][0] == i) for i in range(n)]
    cols = [tuple(c for c in range(n * n) if unit_of[c][1] == i) for i in range(n)]
    boxes = [tuple(c for c in range(n * n) if unit_of[c][2] == i) for i in range(n)]
    units = tuple(rows + cols + boxes)
    peers = tuple(
        tuple(sorted({p for u in (rows[r], cols[k], boxes[b]) for p in u} - {c}))
        for c, (r, k, b) in enumerate(unit_of)
    )
    return Geometry(n, br, bc, units, peers, unit_of, (1 << n) - 1)


class Counter:
    """Work done by a search: guesses (branches tried) and steps (cells fixed, forced or guessed)."""

    __slots__ = ("guesses", "steps", "budget")

    def __init__(self, budget: int = 1 << 60) -> None:
        self.guesses = 0
        self.steps = 0
        self.budget = budget  # guesses allowed before the search gives up (count reported as -1)


def masks_from_grid(geo: Geometry, grid: list[int]) -> list[int] | None:
    """Candidate masks implied by the givens of `grid` (no propagation); None on a clash."""
    n, full = geo.n, geo.full
    used = [0] * (3 * n)
    for c, v in enumerate(grid):
        if v:
            bit = 1 << (v - 1)
            r, k, b = geo.unit_of[c]
            if (used[r] | used[n + k] | used[2 * n + b]) & bit:
                return None
            used[r] |= bit
            used[n + k] |= bit
            used[2 * n + b] |= bit
    cand = []
    for c, v in enumerate(grid):
        r, k, b = geo.unit_of[c]
        cand.append(1 << (v - 1) if v else full & ~(used[r] | used[n + k] | used[2 * n + b]))
    return cand


def propagate(geo: Geometry, cand: list[int], queue: list[int], hidden: bool, work: Counter) -> bool:
    """Apply naked singles (and hidden singles if `hidden`) until nothing changes; False on a clash.

    `queue` holds the cells whose single candidate has not yet been removed from their peers.
    """
    peers = geo.peers
    while True:
        work.steps += len(queue)  # counted up front: each queued cell is one fixed cell
        while queue:
            cell = queue.pop()
            bit = cand[cell]
            for p in peers[cell]:
                m = cand[p]
                if m & bit:
                    m ^= bit
                    if not m:
                        return False
                    cand[p] = m
                    if not m & (m - 1):
                        queue.append(p)
                        work.steps += 1
        if not hidden:
            return True
        found = _hidden_singles(geo, cand, queue)
        if found < 0:
            return False
        if not found:
            return True


def _hidden_singles(geo: Geometry, cand: list[int], queue: list[int]) -> int:
    """Fix every digit that fits only one cell of a unit; returns cells fixed, -1 on a clash."""
    full = geo.full
    found = 0
    for unit in geo.units:
        once = twice = 0
        for c in unit:
            m = cand[c]
            twice |= once & m
            once |= m
        if once != full:
            return -1  # some digit fits nowhere in this unit
        only = once & ~twice
        if not only:
            continue
        for c in unit:
            m = cand[c] & only
            if m and cand[c] != m:
                if m & (m - 1):
                    return -1  # one cell would need two digits
                cand[c] = m
                queue.append(c)
                found += 1
    return found


def search(geo: Geometry, cand: list[int], limit: int, hidden: bool, work: Counter) -> int:
    """Count completions of propagated masks `cand`, stopping at `limit` (-1 if out of budget)."""
    best, fewest = -1, 99
    for c, m in enumerate(cand):
        if m & (m - 1):
            k = m.bit_count()
            if k < fewest:
                best, fewest = c, k
                if k == 2:
                    break
    if best < 0:
        return 1
    count = 0
    rest = cand[best]
    while rest:
        bit = rest & -rest
        rest ^= bit
        work.guesses += 1
        if work.guesses > work.budget:
            return -1
        child = cand[:]
        child[best] = bit
        if propagate(geo, child, [best], hidden, work):
            sub = search(geo, child, limit - count, hidden, work)
            if sub < 0:
                return -1
            count += sub
            if count >= limit:
                return count
    return count


def count_solutions(geo: Geometry, grid: list[int], limit: int = 2, hidden: bool = True,
                    work: Counter | None = None) -> int:
    """Number of solutions of `grid`, counted up to `limit` (-1 if the work budget ran out).

    >>> count_solutions(geometry(4), [1, 2, 3, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 0])
    1
    >>> count_solutions(geometry(4), [0] * 16, limit=1000)
    288
    """
    work = work if work is not None else Counter()
    cand = masks_from_grid(geo, grid)
    if cand is None:
        return 0
    queue = [c for c, v in enumerate(grid) if not v and not cand[c] & (cand[c] - 1)]
    if any(not cand[c] for c in queue) or not propagate(geo, cand, queue, hidden, work):
        return 0
    return search(geo, cand, limit, hidden, work)


def random_solution(geo: Geometry, rng: np.random.Generator) -> list[int]:
    """A random complete grid: MRV search trying digits in a random order drawn per cell."""
    n, size = geo.n, geo.n * geo.n
    order = rng.permuted(np.tile(np.arange(n), (size, 1)), axis=1).tolist()
    cand = [geo.full] * size
    first = [int(d) + 1 for d in rng.permutation(n)]  # a random first row removes digit-label bias
    for c in range(n):
        cand[c] = 1 << (first[c] - 1)
    work = Counter()
    propagate(geo, cand, list(range(n)), False, work)
    solved = _fill(geo, cand, order, work)
    return [m.bit_length() for m in solved]


def _fill(geo: Geometry, cand: list[int], order: list[list[int]], work: Counter) -> list[int] | None:
    """Depth-first completion of `cand`, digits of each cell tried in `order[cell]`."""
    best, fewest = -1, 99
    for c, m in enumerate(cand):
        if m & (m - 1):
            k = m.bit_count()
            if k < fewest:
                best, fewest = c, k
    if best < 0:
        return cand
    for d in order[best]:
        bit = 1 << d
        if cand[best] & bit:
            child = cand[:]
            child[best] = bit
            if propagate(geo, child, [best], False, work):
                done = _fill(geo, child, order, work)
                if done is not None:
                    return done
    return None


def dig(geo: Geometry, solution: list[int], target: int, order: list[int], budget: int) -> list[int]:
    """Blank the cells of `order` one at a time while the solution stays unique, up to `target` blanks.

    Removing a given from a puzzle whose unique solution is `solution` keeps it unique exactly when
    no completion puts another digit in that cell, so each step is one restricted search, not a
    count; most early steps are settled in O(1) because the cell is a naked or hidden single.
    A search that exceeds `budget` guesses keeps the given (safe: uniqueness is never assumed).
    """
    n = geo.n
    grid = solution[:]
    used = [geo.full] * (3 * n)  # per row, column and box: digits present among the givens
    blanks = 0
    for cell in order:
        if blanks >= target:
            break
        bit = 1 << (grid[cell] - 1)
        r, k, b = geo.unit_of[cell]
        used[r] ^= bit
        used[n + k] ^= bit
        used[2 * n + b] ^= bit
        grid[cell] = 0
        if _forced(geo, grid, used, cell, bit) or not _has_other(geo, grid, used, cell, bit, budget):
            blanks += 1
            continue
        grid[cell] = bit.bit_length()
        used[r] |= bit
        used[n + k] |= bit
        used[2 * n + b] |= bit
    return grid


def _allowed(geo: Geometry, used: list[int], cell: int) -> int:
    n = geo.n
    r, k, b = geo.unit_of[cell]
    return geo.full & ~(used[r] | used[n + k] | used[2 * n + b])


def _forced(geo: Geometry, grid: list[int], used: list[int], cell: int, bit: int) -> bool:
    """True if the givens alone force `bit` into `cell` (a naked or a hidden single)."""
    if _allowed(geo, used, cell) == bit:
        return True
    n = geo.n
    r, k, b = geo.unit_of[cell]
    for unit in (geo.units[r], geo.units[n + k], geo.units[2 * n + b]):
        if not any(e != cell and not grid[e] and _allowed(geo, used, e) & bit for e in unit):
            return True
    return False


def _has_other(geo: Geometry, grid: list[int], used: list[int], cell: int, bit: int, budget: int) -> bool:
    """True if some completion of `grid` has a digit other than `bit` in `cell` (or the search gave up)."""
    cand = [1 << (v - 1) if v else _allowed(geo, used, c) for c, v in enumerate(grid)]
    cand[cell] &= ~bit
    queue = [c for c, v in enumerate(grid) if not v and not cand[c] & (cand[c] - 1)]
    if any(not cand[c] for c in queue):
        return False
    # Naked singles only: cheaper per node than hidden singles at every blank count we measured.
    work = Counter(budget)
    if not propagate(geo, cand, queue, False, work):
        return False
    return search(geo, cand, 1, False, work) != 0

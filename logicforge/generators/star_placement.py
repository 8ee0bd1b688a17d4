"""Star Battle: place k stars in every row, column and region of an n x n grid, no two stars touching."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from logicforge.generators._star_placement_solver import Board, cells_of
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the grid, one row per line, n numbers per row separated by spaces: 1 for a star and 0 for an empty cell "
    "(e.g. a row of a 6x6 grid: 0 1 0 0 0 0)"
)
LETTERS = "ABCDEFGHIJKL"


@dataclass(frozen=True)
class Params(Knobs):
    n: int = knob(5, 4, 11, help="grid side; the grid is divided into n regions")
    k: int = knob(1, 1, 2, help="stars in every row, every column and every region")
    unique: bool = knob(
        True,
        help="reshape the regions until a counting solver proves the solution unique; false: no proof "
        "(any placement obeying the rules is accepted either way)",
    )
    min_work: int = knob(
        0,
        0,
        400,
        help="draw again while the uniqueness proof decides fewer cells than this, summed over its "
        "search nodes (a puzzle the forced moves alone solve decides n*n); needs unique",
    )

    def check(self) -> None:
        if self.k == 2 and self.n < 9:
            raise ValueError(f"k=2 needs n >= 9 (got n={self.n}): an 8x8 grid has only two 2-star placements")
        if self.min_work and not self.unique:
            raise ValueError("min_work needs unique=true (it is measured by the uniqueness proof)")


LEVELS = {
    1: Params(n=5, k=1),
    2: Params(n=6, k=1),
    3: Params(n=7, k=1),
    4: Params(n=8, k=1),
    5: Params(n=9, k=1),
    6: Params(n=10, k=1),
    7: Params(n=9, k=2),
    8: Params(n=9, k=2, min_work=150),
    9: Params(n=9, k=2, min_work=200),
    10: Params(n=10, k=2),
}

_RESHAPES = 16  # region edits tried per layout before a fresh one is drawn
_LAYOUTS = 200  # fresh layouts before giving up on a proof (a level takes 1-3 on average)
_HARD_DRAWS = 12  # unique puzzles drawn at most while looking for one whose proof reaches min_work


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A random star placement, regions grown around it (k stars each), reshaped until unique; with
    `min_work`, the first of up to _HARD_DRAWS unique puzzles whose proof reaches it (else the hardest).

    Hardness is the work of the final counting run (up to two solutions): the cells decided, by a branch or
    by propagation, summed over its search nodes. A puzzle the forced moves alone solve scores n*n; each
    guess adds the cells it and its consequences decide.
    """
    n, k = params.n, params.k
    best = None
    drawn = 0
    for _ in range(_LAYOUTS):
        stars = _placement(n, k, rng)
        regions = _regions(n, k, stars, rng)
        result = None if regions is None else _make_unique(n, k, stars, regions, rng) if params.unique else regions
        if result is None:
            continue
        if not params.unique:
            best = (stars, result, Board(n, k, result).count(1)[1])
            break
        drawn += 1
        if best is None or result[1] > best[2]:
            best = (stars, *result)
        if best[2] >= params.min_work or drawn >= _HARD_DRAWS:
            break
    if best is None:
        raise RuntimeError(f"star_placement: no unique puzzle for n={n}, k={k} after {_LAYOUTS} layouts")
    stars, regions, work = best
    order = {reg: i for i, reg in enumerate(dict.fromkeys(regions))}  # letters in reading order: A at top left
    letters = ["".join(LETTERS[order[regions[r * n + c]]] for c in range(n)) for r in range(n)]
    star_set = set(stars)
    answer = "\n".join(" ".join("1" if r * n + c in star_set else "0" for c in range(n)) for r in range(n))
    payload = {"n": n, "k": k, "regions": letters}
    if not params.unique:
        payload["unique"] = False
    return Instance("", answer, payload, float(work), {"n": n, "k": k, "regions": letters})


def _placement(n: int, k: int, rng: np.random.Generator) -> list[int]:
    """A random set of n*k cells: k per row and column, no two touching (row by row, randomised DFS)."""
    patterns = [sum(1 << c for c in cols) for cols in itertools.combinations(range(n), k)]
    patterns = [p for p in patterns if not p & (p << 1)]  # no two stars side by side in a row
    while True:
        rows: list[int] = []
        if _fill_rows(n, k, patterns, rows, [0] * n, [20 * n], rng):
            return [r * n + c for r, p in enumerate(rows) for c in range(n) if p >> c & 1]


def _fill_rows(n: int, k: int, patterns: list[int], rows: list[int], counts: list[int], budget: list[int],
               rng: np.random.Generator) -> bool:  # fmt: skip
    """Extend `rows` (column bitsets) to n rows; False once the shared node budget runs out."""
    if len(rows) == n:
        return True
    budget[0] -= 1
    if budget[0] < 0:
        return False
    left = n - len(rows) - 1  # rows after this one
    prev = rows[-1] if rows else 0
    blocked = prev | prev << 1 | prev >> 1
    for i in rng.permutation(len(patterns)):
        p = patterns[i]
        if p & blocked or any(p >> c & 1 and counts[c] == k for c in range(n)):
            continue
        for c in range(n):
            counts[c] += p >> c & 1
        if all(k - counts[c] <= (left + 1) // 2 for c in range(n)):  # a column fills at most every other row
            rows.append(p)
            if _fill_rows(n, k, patterns, rows, counts, budget, rng):
                return True
            rows.pop()
        for c in range(n):
            counts[c] -= p >> c & 1
    return False


def _regions(n: int, k: int, stars: list[int], rng: np.random.Generator) -> list[int] | None:
    """Each cell's region: one region grown around every star, then (k=2) neighbouring pairs merged."""
    owner = [-1] * (n * n)
    for i, cell in enumerate(stars):
        owner[cell] = i
    frontier = [(nb, i) for i, cell in enumerate(stars) for nb in _orth(n, cell)]
    while frontier:
        j = int(rng.integers(len(frontier)))
        frontier[j], frontier[-1] = frontier[-1], frontier[j]
        cell, i = frontier.pop()
        if owner[cell] < 0:
            owner[cell] = i
            frontier.extend((nb, i) for nb in _orth(n, cell) if owner[nb] < 0)
    if k == 1:
        return owner
    pairs = _pairing(n, owner, len(stars), rng)
    if pairs is None:
        return None
    group = [0] * len(stars)
    for g, (a, b) in enumerate(pairs):
        group[a] = group[b] = g
    return [group[o] for o in owner]


def _pairing(n: int, owner: list[int], count: int, rng: np.random.Generator) -> list[tuple[int, int]] | None:
    """A random perfect matching of neighbouring regions (randomised DFS), or None if none is found."""
    adj: list[set[int]] = [set() for _ in range(count)]
    for cell in range(n * n):
        for nb in _orth(n, cell):
            if owner[nb] != owner[cell]:
                adj[owner[cell]].add(owner[nb])
    free = set(range(count))
    out: list[tuple[int, int]] = []
    budget = [40 * count]

    def dfs() -> bool:
        if not free:
            return True
        budget[0] -= 1
        if budget[0] < 0:
            return False
        a = min(free, key=lambda x: (len(adj[x] & free), x))  # the region with fewest free partners
        options = sorted(adj[a] & free)
        for j in rng.permutation(len(options)):
            b = options[j]
            free.difference_update((a, b))
            out.append((a, b))
            if dfs():
                return True
            out.pop()
            free.update((a, b))
        return False

    return out if dfs() else None


def _make_unique(n: int, k: int, stars: list[int], regions: list[int], rng: np.random.Generator):
    """(regions, work) once the counter finds one solution, else None (it did not converge).

    While a second solution exists, a cell it stars and the intended one leaves empty moves to a
    neighbouring region, with any part of its region that would be cut off from that region's stars: the
    intended solution keeps its counts and the second one loses a star in one region, gains one in another.
    No cell moves back to the region it last left while another move exists (edits would cycle).
    """
    star_set = set(stars)
    regions = regions[:]
    left: dict[int, int] = {}  # cell -> the region it last left
    for _ in range(_RESHAPES):
        found, work = Board(n, k, regions).count(2)
        if len(found) < 2:
            return (regions, work) if found else None  # none found: over budget (or a defect)
        other = next(s for s in found if set(cells_of(s)) != star_set)
        extra = [x for x in cells_of(other) if x not in star_set]
        moves = _moves(n, regions, extra, star_set)
        if not moves:  # every such cell lies inside its region: first move a neighbour of one out
            moves = _moves(n, regions, sorted({nb for x in extra for nb in _orth(n, x)} - star_set), star_set)
        moves = [(chunk, t) for chunk, t in moves if all(left.get(c) != t for c in chunk)] or moves
        if not moves:
            return None
        chunk, target = moves[int(rng.integers(len(moves)))]
        for cell in chunk:
            left[cell] = regions[cell]
            regions[cell] = target
    return None


def _moves(n: int, regions: list[int], cells: list[int], stars: set[int]) -> list[tuple[list[int], int]]:
    """(chunk, region) pairs: each cell's chunk (see _chunk) and each other region it borders."""
    out = []
    for x in cells:
        chunk = _chunk(n, regions, x, stars)
        if chunk:
            targets = sorted({regions[nb] for c in chunk for nb in _orth(n, c)} - {regions[x]})
            out += [(chunk, t) for t in targets]
    return out


def _chunk(n: int, regions: list[int], x: int, stars: set[int]) -> list[int] | None:
    """x and whatever of its region would be cut off from the region's stars without x; None when the
    stars themselves would be split (the region cannot give x up)."""
    own = regions[x]
    seen = {x}
    parts = []
    for start in _orth(n, x):
        if regions[start] != own or start in seen:
            continue
        part, todo = [start], [start]
        seen.add(start)
        while todo:
            for nb in _orth(n, todo.pop()):
                if nb not in seen and regions[nb] == own:
                    seen.add(nb)
                    part.append(nb)
                    todo.append(nb)
        parts.append(part)
    starred = [part for part in parts if stars.intersection(part)]
    if len(starred) != 1:
        return None
    return [x] + [c for part in parts if part is not starred[0] for c in part]


def _orth(n: int, cell: int) -> list[int]:
    r, c = divmod(cell, n)
    return [rr * n + cc for rr, cc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)) if 0 <= rr < n and 0 <= cc < n]

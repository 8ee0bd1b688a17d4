"""Number wall solver: one island shape per clue, chosen by search over bitmask domains with propagation.

A solution picks, for every numbered cell, a connected set of cells of that size holding it (its island);
every other cell is a wall. The rules become: islands never touch, not even at a corner (so each is a whole
island with one number); no 2x2 block is all wall; all walls form one orthogonally connected area.
Cells are numbered r * cols + c, and a set of cells is an int with bit r * cols + c set.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Geometry:
    """Masks of one rows x cols grid: all cells, the columns a shift must not wrap, the 2x2 blocks."""

    rows: int
    cols: int

    def __post_init__(self) -> None:
        n, w = self.rows * self.cols, self.cols
        self.all = (1 << n) - 1
        self.not_left = sum(1 << i for i in range(n) if i % w)  # cells that may move one column left
        self.not_right = sum(1 << i for i in range(n) if i % w != w - 1)
        self.blocks = [(1 | 2 | 1 << w | 2 << w) << (r * w + c) for r in range(self.rows - 1) for c in range(w - 1)]
        self.nbr = [self.orth(1 << i) & ~(1 << i) for i in range(n)]

    def orth(self, m: int) -> int:
        """`m` grown by one step up, down, left and right."""
        w = self.cols
        return (m | m << w | m >> w | (m & self.not_right) << 1 | (m & self.not_left) >> 1) & self.all

    def king(self, m: int) -> int:
        """`m` grown by one step in the eight directions (its cells and every cell touching them)."""
        h = m | (m & self.not_right) << 1 | (m & self.not_left) >> 1
        return (h | h << self.cols | h >> self.cols) & self.all

    def connected(self, part: int, within: int) -> bool:
        """Whether all of `part` lies in one orthogonally connected area of `within` (a superset of it)."""
        if not part:
            return True
        seen = part & -part
        while True:
            grown = self.orth(seen) & within
            if grown == seen:
                return part & ~seen == 0
            seen = grown


def shapes(geo: Geometry, root: int, size: int, allowed: int) -> list[int]:
    """Every connected set of `size` cells holding cell `root`, all in `allowed` (each set once: a cell
    passed over at one level is never added deeper down)."""
    out: list[int] = []

    def grow(cells: int, count: int, frontier: int, banned: int) -> None:
        if count == size:
            out.append(cells)
            return
        while frontier:
            bit = frontier & -frontier
            frontier ^= bit
            fresh = geo.nbr[bit.bit_length() - 1] & allowed & ~cells & ~banned
            grow(cells | bit, count + 1, frontier | fresh, banned)
            banned |= bit

    grow(1 << root, 1, geo.nbr[root] & allowed, 0)
    return out


class Solver:
    """Counts solutions of a clue set (up to `limit`) and the work spent: search nodes, shapes pruned, and
    shapes enumerated or checked (`work`, in proportion to the time taken)."""

    def __init__(self, rows: int, cols: int, clues: list[tuple[int, int, int]], node_limit: int = 4000):
        self.geo = geo = Geometry(rows, cols)
        cells = [r * cols + c for r, c, _ in clues]
        self.domains = []
        for i, (cell, (_, _, size)) in enumerate(zip(cells, clues, strict=True)):
            others = sum(1 << c for j, c in enumerate(cells) if j != i)
            self.domains.append(shapes(geo, cell, size, geo.all & ~geo.king(others)))
        self.node_limit = node_limit
        self.nodes = 0
        self.pruned = 0
        self.work = sum(map(len, self.domains))  # shapes enumerated and shapes checked: the time spent
        self.solutions: list[list[int]] = []

    def count(self, limit: int = 2) -> int | None:
        """Solutions found, at most `limit`; None when the node limit ran out first (undecided)."""
        self.limit = limit
        try:
            self._search([list(d) for d in self.domains])
        except TimeoutError:
            return None
        return len(self.solutions)

    def _search(self, doms: list[list[int]]) -> None:
        self.nodes += 1
        if self.nodes > self.node_limit:
            raise TimeoutError
        doms = self._propagate(doms)
        if doms is None:
            return
        open_ = [i for i, d in enumerate(doms) if len(d) > 1]
        if not open_:
            self.solutions.append([d[0] for d in doms])
            return
        i = min(open_, key=lambda j: len(doms[j]))
        for shape in doms[i]:
            self._search([*doms[:i], [shape], *doms[i + 1 :]])
            if len(self.solutions) >= self.limit:
                return

    def _propagate(self, doms: list[list[int]]) -> list[list[int]] | None:
        """Prune shapes to a fixpoint; None on a contradiction (an empty domain, a sure pool, cut walls)."""
        geo = self.geo
        while True:
            cores, unions = [], []
            for d in doms:
                core, union = geo.all, 0
                for s in d:
                    core &= s
                    union |= s
                cores.append(core)
                unions.append(union)
            halos = [geo.king(c) for c in cores]
            land = 0
            for c in cores:
                land |= c
            reach = 0
            for u in unions:
                reach |= u
            if not geo.connected(geo.all & ~reach, geo.all & ~land):
                return None  # the sure walls are cut apart by sure island cells
            need: list[list[int]] = [[] for _ in doms]  # per clue: the blocks only it can break
            for block in geo.blocks:
                if block & land:
                    continue
                who = [i for i, u in enumerate(unions) if u & block]
                if not who:
                    return None  # a 2x2 pool no island can break
                if len(who) == 1:
                    need[who[0]].append(block)
            changed = False
            for i, d in enumerate(doms):
                self.work += len(d)
                banned = 0
                for j, h in enumerate(halos):
                    if j != i:
                        banned |= h
                kept = [s for s in d if not s & banned and all(s & b for b in need[i])]
                if not kept:
                    return None
                if len(kept) != len(d):
                    self.pruned += len(d) - len(kept)
                    doms[i] = kept
                    changed = True
            if not changed:
                if all(len(d) == 1 for d in doms):
                    walls = geo.all & ~land
                    if not geo.connected(walls, walls):
                        return None
                return doms

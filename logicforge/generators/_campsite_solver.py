"""A campsite (Tents and Trees) solver: row-by-row backtracking over bitmask rows, with column-count bounds
and two incremental bipartite matchings that prune as soon as the tents cannot be paired with the trees.

The matching test is exact at the end and sound on the way: after rows 0..r are placed, every placed tent
must pair with a distinct tree (matching M1), and every tree whose neighbours are all decided (rows up to
r - 1) must pair with a distinct placed tent (matching M2). If both exist, one matching does both
(Mendelsohn-Dulmage), so no partial placement that can still be completed is pruned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Cell = tuple[int, int]


@dataclass
class Search:
    """One solve: up to `limit` solutions (each a sorted list of tent cells) and the nodes it took."""

    rows: int
    cols: int
    trees: list[Cell]
    row_counts: list[int]
    col_counts: list[int]
    limit: int = 2
    budget: int = 200_000
    nodes: int = 0
    tries: int = 0  # row placements tried (each a branch of the search, kept or pruned)
    solutions: list[list[Cell]] = field(default_factory=list)
    exhausted: bool = False  # the budget ran out before the search was complete

    def run(self) -> Search:
        tree_set = set(self.trees)
        self._nbrs = {t: [(t[0] + dr, t[1] + dc) for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))] for t in self.trees}
        cand = [0] * self.rows  # per row, the bitmask of cells next to a tree that are not trees
        for t in self.trees:
            for r, c in self._nbrs[t]:
                if 0 <= r < self.rows and 0 <= c < self.cols and (r, c) not in tree_set:
                    cand[r] |= 1 << c
        if sum(self.row_counts) != len(self.trees) or sum(self.col_counts) != len(self.trees):
            return self
        self._masks = [_row_masks(cand[r], self.row_counts[r]) for r in range(self.rows)]
        # room[r][c]: candidate cells of column c in rows r.. (an upper bound on tents still placeable there)
        self._room = [[0] * self.cols for _ in range(self.rows + 1)]
        for r in range(self.rows - 1, -1, -1):
            self._room[r] = [self._room[r + 1][c] + (cand[r] >> c & 1) for c in range(self.cols)]
        self._closing = [[t for t in self.trees if t[0] == r] for r in range(self.rows)]
        self._walk(0, 0, [0] * self.cols, [], Matching(), Matching())
        return self

    def _walk(self, r: int, prev: int, used: list[int], tents: list[Cell], m1: Matching, m2: Matching) -> None:
        """Place row r. m1 pairs every placed tent with a tree; m2 every closed tree with a placed tent."""
        if len(self.solutions) >= self.limit or self.exhausted:
            return
        self.nodes += 1
        if self.nodes > self.budget:
            self.exhausted = True
            return
        if r == self.rows:
            if self._close(r, set(tents), m2):
                self.solutions.append(sorted(tents))
            return
        blocked = prev | prev << 1 | prev >> 1
        for mask in self._masks[r]:
            if mask & blocked:
                continue
            self.tries += 1
            row_tents = [(r, c) for c in range(self.cols) if mask >> c & 1]
            now = used[:]
            for _, c in row_tents:
                now[c] += 1
            if any(now[c] > self.col_counts[c] or self.col_counts[c] - now[c] > self._room[r + 1][c]
                   for c in range(self.cols)):  # fmt: skip
                continue
            n1 = m1.copy()
            if not all(n1.augment(t, self._tree_of) for t in row_tents):
                continue
            placed = tents + row_tents
            n2 = m2.copy()
            if not self._close(r, set(placed), n2):
                continue
            self._walk(r + 1, mask, now, placed, n1, n2)
            if len(self.solutions) >= self.limit or self.exhausted:
                return

    def _tree_of(self, tent: Cell) -> list[Cell]:
        r, c = tent
        return [x for x in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)) if x in self._nbrs]

    def _close(self, r: int, placed: set[Cell], m2: Matching) -> bool:
        """Match the trees of row r - 1 (closed once row r is placed) into distinct placed tents."""
        if r == 0:
            return True

        def options(tree: Cell) -> list[Cell]:
            return [x for x in self._nbrs[tree] if x in placed]

        return all(m2.augment(t, options) for t in self._closing[r - 1])


class Matching:
    """A bipartite matching grown by Kuhn's augmenting paths; a left vertex once matched stays matched."""

    def __init__(self, left: dict | None = None, right: dict | None = None) -> None:
        self.left = left or {}
        self.right = right or {}

    def copy(self) -> Matching:
        return Matching(dict(self.left), dict(self.right))

    def augment(self, start, options) -> bool:
        """Match `start` (left), re-routing earlier pairs along an augmenting path; False if none exists."""
        return self._path(start, options, set())

    def _path(self, start, options, seen: set) -> bool:
        for other in options(start):
            if other in seen:
                continue
            seen.add(other)
            holder = self.right.get(other)
            if holder is None or self._path(holder, options, seen):
                self.left[start] = other
                self.right[other] = start
                return True
        return False


def _row_masks(cand: int, k: int) -> list[int]:
    """Every subset of `cand` with k bits and no two bits side by side, in increasing order."""
    out = []
    sub = cand
    while True:
        if sub.bit_count() == k and not sub & sub << 1:
            out.append(sub)
        if sub == 0:
            break
        sub = (sub - 1) & cand
    return sorted(out)


def solve(
    rows: int,
    cols: int,
    trees: list[Cell],
    row_counts: list[int],
    col_counts: list[int],
    limit: int = 2,
    budget: int = 200_000,
) -> Search:
    """Up to `limit` tent placements for the puzzle, and the search nodes it took.

    >>> s = solve(2, 2, [(0, 0)], [0, 1], [1, 0])
    >>> s.solutions, s.nodes
    ([[(1, 0)]], 3)
    """
    return Search(rows, cols, [tuple(t) for t in trees], list(row_counts), list(col_counts), limit, budget).run()

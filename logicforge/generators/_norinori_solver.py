"""A Norinori solver: cell states with propagation to a fixpoint, then branching, counting solutions and nodes.

Cells are flat indices r * n + c; a state holds UNKNOWN, BLACK (shaded) or WHITE per cell. Propagation
keeps the two rules: a region holds exactly two black cells, and a black cell has exactly one black
orthogonal neighbour (its domino partner; so dominoes never share an edge).
"""

from __future__ import annotations

UNKNOWN, BLACK, WHITE = 0, 1, 2


class Norinori:
    """The puzzle's structure (neighbours, region members) and a counting search over it.

    >>> s = Norinori(3, [0, 0, 0, 0, 0, 1, 1, 1, 1])  # regions AAA / AAB / BBB
    >>> len(s.solve([], limit=50)[0]), s.solve([2], limit=50)[0][0]  # eight shadings; the first with (1,3) shaded
    (8, [0, 0, 1, 1, 0, 1, 1, 0, 0])
    """

    def __init__(self, n: int, region: list[int]):
        self.n = n
        self.size = n * n
        self.region = region
        self.nbrs = [
            [r2 * n + c2 for r2, c2 in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)) if 0 <= r2 < n and 0 <= c2 < n]
            for r in range(n)
            for c in range(n)
        ]
        self.members: list[list[int]] = [[] for _ in range(max(region) + 1)]
        for cell, reg in enumerate(region):
            self.members[reg].append(cell)

    def solve(self, blacks: list[int], limit: int = 2, budget: int = 10**6) -> tuple[list[list[int]], int]:
        """Up to `limit` solutions (lists of 0/1 per cell) with `blacks` shaded, and the search nodes used.

        The search stops after `budget` nodes (the solutions found so far are returned).
        """
        state = [UNKNOWN] * self.size
        queue = list(range(self.size))  # every cell and region checked once at the start
        for cell in blacks:
            state[cell] = BLACK
        found: list[list[int]] = []
        nodes = [0]
        if self._propagate(state, queue):
            self._search(state, limit, budget, found, nodes)
        return found, nodes[0]

    def _search(self, state: list[int], limit: int, budget: int, found: list, nodes: list[int]) -> None:
        nodes[0] += 1
        if nodes[0] > budget:
            return
        choices = self._branch(state)
        if choices is None:
            found.append([1 if v == BLACK else 0 for v in state])
            return
        for cell, value in choices:
            child = state[:]
            child[cell] = value
            if self._propagate(child, [cell]):
                self._search(child, limit, budget, found, nodes)
            if len(found) >= limit or nodes[0] > budget:
                return

    def _branch(self, state: list[int]) -> list[tuple[int, int]] | None:
        """The alternatives to try next, or None when the state is a solution.

        A black cell without a partner picks one of its open neighbours (the fewest first); otherwise the
        open region with the fewest open cells decides its first open cell, black or white.
        """
        best = None
        nbrs = self.nbrs
        for cell, v in enumerate(state):
            if v != BLACK:
                continue
            open_ = []
            for x in nbrs[cell]:
                w = state[x]
                if w == BLACK:
                    break
                if w == UNKNOWN:
                    open_.append(x)
            else:  # no black neighbour: the cell still needs its partner
                if best is None or len(open_) < len(best):
                    best = open_
                    if len(best) <= 2:
                        break
        if best is not None:
            return [(x, BLACK) for x in best]
        pick = None
        for cells in self.members:
            open_ = [x for x in cells if state[x] == UNKNOWN]
            if open_ and (pick is None or len(open_) < len(pick)):
                pick = open_
        if pick is None:
            return None
        return [(pick[0], BLACK), (pick[0], WHITE)]

    def _propagate(self, state: list[int], queue: list[int]) -> bool:
        """Apply the region and domino rules around every changed cell to a fixpoint; False on a contradiction."""
        region, members, nbrs = self.region, self.members, self.nbrs
        while queue:
            cell = queue.pop()
            black = 0
            open_ = []
            for x in members[region[cell]]:
                v = state[x]
                if v == BLACK:
                    black += 1
                elif v == UNKNOWN:
                    open_.append(x)
            if black > 2 or black + len(open_) < 2:
                return False
            if open_ and (black == 2 or black + len(open_) == 2):
                fill = WHITE if black == 2 else BLACK
                for x in open_:
                    state[x] = fill
                queue.extend(open_)
            for y in (cell, *nbrs[cell]):
                if not self._cell(state, y, queue):
                    return False
        return True

    def _cell(self, state: list[int], y: int, queue: list[int]) -> bool:
        """The domino rule at cell `y`; False on a contradiction."""
        v = state[y]
        if v == WHITE:
            return True
        black = 0
        open_ = []
        for z in self.nbrs[y]:
            w = state[z]
            if w == BLACK:
                black += 1
            elif w == UNKNOWN:
                open_.append(z)
        if v == BLACK:
            if black > 1 or (black == 0 and not open_):
                return False
            if black == 1 and open_:  # the partner is found: every other neighbour stays white
                for z in open_:
                    state[z] = WHITE
                queue.extend(open_)
            elif black == 0 and len(open_) == 1:  # the only possible partner
                state[open_[0]] = BLACK
                queue.append(open_[0])
        elif black > 1 or (black == 0 and not open_):  # black here would touch two, or have no partner
            state[y] = WHITE
            queue.append(y)
        return True

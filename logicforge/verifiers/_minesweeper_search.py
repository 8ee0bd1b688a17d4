"""The minesweeper verifier's own search: is there an arrangement leaving a given cell safe?

Independent of the generator's solver (nothing from generators/): one search over all frontier
cells with a window on their mine count, copying state per branch, proving forced cells on
growing neighbourhoods (relaxations) before the whole position.
"""

from __future__ import annotations

from math import comb

# Search nodes per proof; generated positions need a few hundred at most.
NODE_LIMIT = 20_000


class Position:
    """A position as the verifier sees it: numbers over frontier cells, the interior, the total."""

    def __init__(self, rows: int, cols: int, grid: tuple[str, ...], total: int | None) -> None:
        self.size, self.total = rows * cols, total
        flat = "".join(grid)
        if len(grid) != rows or len(flat) != self.size:
            raise ValueError("grid does not match rows x cols")
        self.numbers = {x: int(ch) for x, ch in enumerate(flat) if ch != "?"}
        self.hidden = [x for x in range(self.size) if x not in self.numbers]
        self.checks = [  # (hidden neighbours, count) per number
            ([y for y in _around(x, rows, cols) if y not in self.numbers], k) for x, k in self.numbers.items()
        ]
        touched = sorted({y for ys, _ in self.checks for y in ys})
        self.frontier = touched
        self.interior = [x for x in self.hidden if x not in set(touched)]
        self.index = {x: i for i, x in enumerate(touched)}
        self.rules = [[self.index[y] for y in ys] for ys, _ in self.checks if ys]
        self.need = [k for ys, k in self.checks if ys]
        self.rules_of: list[list[int]] = [[] for _ in touched]
        for r, vs in enumerate(self.rules):
            for v in vs:
                self.rules_of[v].append(r)

    def holds(self, mines: set[int]) -> bool:
        """Whether an arrangement (a set of mine cells) satisfies every number and the total."""
        if mines & self.numbers.keys() or (self.total is not None and len(mines) != self.total):
            return False
        return all(sum(y in mines for y in ys) == k for ys, k in self.checks)

    def layers(self, start: int) -> tuple[list[list[int]], list[int]]:
        """Numbers of the piece of frontier var `start` by distance (0: those on it; d + 1: those
        sharing a cell with distance d), and the numbers of the other pieces."""
        seen_r, seen_v, layer, out = set(), {start}, list(self.rules_of[start]), []
        while layer:
            seen_r.update(layer)
            out.append(layer)
            nxt: list[int] = []
            for r in layer:
                for v in self.rules[r]:
                    if v not in seen_v:
                        seen_v.add(v)
                        nxt += [q for q in self.rules_of[v] if q not in seen_r and q not in nxt]
            layer = nxt
        return out, [r for r in range(len(self.rules)) if r not in seen_r]

    def prove(self, cell: int, hint: list[int] | None) -> set[int] | None | bool:
        """Cells safe in one arrangement that leaves `cell` safe (-1: some interior cell), None if
        no arrangement does (`cell` is forced), False if the search ran out of nodes.

        Forced cells are proved on growing neighbourhoods: the numbers within distance d only (a
        relaxation, so "no arrangement" there is a proof), d = 0, 1, 2, 3, 5, 8, ... up to the
        whole piece. Without a total the pieces are independent, so a piece arrangement shows the
        cell can be safe once a valid witness has shown the position consistent at all. `hint`
        (that witness, 0/1 per frontier var) is tried first at every branch, which makes finding
        an arrangement fast when one exists.
        """
        n, fixed, scope = len(self.frontier), [], list(range(len(self.rules)))
        if cell >= 0:
            fixed = [(self.index[cell], 0)]
            layers, rest = self.layers(self.index[cell])
            for d in _radii(len(layers)):
                found = _Search(self, 0, n, [r for layer in layers[: d + 1] for r in layer], hint).run(fixed)
                if found is None or found is False:
                    return found
            if self.total is None and hint is not None:
                return found
            scope = [r for layer in layers for r in layer] + rest
        if self.total is None:
            return _Search(self, 0, n, scope, hint).run(fixed)
        lo = self.total - len(self.interior) + (cell < 0)  # frontier mines: total minus the pool's
        found = _Search(self, lo, self.total, scope, hint).run(fixed)
        if found:  # a complete arrangement, so the pool cells past its share of the total are safe
            mines = n - len(found)
            found |= set(self.interior[self.total - mines :])
        return found


def _around(x: int, rows: int, cols: int) -> list[int]:
    """The up to 8 cells touching cell x (flat index), diagonals included."""
    r, c = divmod(x, cols)
    return [
        y * cols + z
        for y in range(max(r - 1, 0), min(r + 2, rows))
        for z in range(max(c - 1, 0), min(c + 2, cols))
        if (y, z) != (r, c)
    ]


def _radii(depth: int):
    """0, 1, 2, 3, 5, 8, 13, ... below `depth` - 1, then `depth` - 1 (the whole piece)."""
    a, b = 1, 2
    yield from (d for d in (0, 1) if d < depth - 1)
    while b < depth - 1:
        yield b
        a, b = b, a + b
    yield depth - 1


class _Search:
    """Depth-first search with propagation over the numbers in `scope` (the others are ignored,
    a relaxation); with a count window lo..hi, the frontier's mines must end inside it.

    State is copied per branch (short lists), so a branch needs no undo bookkeeping.
    """

    def __init__(self, pos: Position, lo: int, hi: int, scope: list[int], hint: list[int] | None) -> None:
        self.pos, self.lo, self.hi, self.nodes, self.scope = pos, lo, hi, 0, scope
        self.hint = hint or [0] * len(pos.frontier)
        self.limit, self.static = 0, False
        self.counted = lo > 0 or hi < len(pos.frontier)
        self.active = [False] * len(pos.rules)
        for r in scope:
            self.active[r] = True

    def run(self, fixed: list[tuple[int, int]]) -> set[int] | None | bool:
        """Safe cells of an arrangement found, None if there is none, False if out of nodes.

        Two branching rules take turns (a portfolio): each is fast where the other can thrash.
        """
        for static, limit in ((False, NODE_LIMIT // 10), (True, NODE_LIMIT)):
            self.static, self.limit, self.nodes = static, limit, 0
            found = self._run(fixed)
            if found is not False:
                return found
        return False

    def _run(self, fixed: list[tuple[int, int]]) -> set[int] | None | bool:
        pos = self.pos
        val, need, free = [-1] * len(pos.frontier), list(pos.need), [len(vs) for vs in pos.rules]
        todo = list(fixed)
        for r in self.scope:
            if pos.need[r] in (0, len(pos.rules[r])):
                todo += [(v, 1 if pos.need[r] else 0) for v in pos.rules[r]]
        step = self._apply(val, need, free, todo)
        try:
            found = step is not None and self._fits(val, need, *step) and self._dfs(val, need, free, step)
        except _OutOfNodes:
            return False
        if not found:
            return None
        return {x for x, y in zip(pos.frontier, found) if y == 0}

    def _apply(self, val, need, free, todo) -> tuple[int, int] | None:
        """Assign and propagate in place: (mines, cells) set, or None on a contradiction."""
        rules, rules_of, active = self.pos.rules, self.pos.rules_of, self.active
        mines = cells = 0
        while todo:
            v, x = todo.pop()
            if val[v] >= 0:
                if val[v] != x:
                    return None
                continue
            val[v] = x
            mines, cells = mines + x, cells + 1
            for r in rules_of[v]:
                need[r] -= x
                free[r] -= 1
                k, f = need[r], free[r]
                if not active[r]:
                    continue
                if k < 0 or k > f:
                    return None
                if f and (k == 0 or k == f):
                    todo.extend((u, 1 if k else 0) for u in rules[r] if val[u] < 0)
        return mines, cells

    def _fits(self, val, need, mines: int, cells: int) -> bool:
        """Can the frontier still end with lo..hi mines? Bounds from disjoint unfinished numbers."""
        most = mines + len(val) - cells
        if not self.counted or (self.lo <= mines and most <= self.hi):
            return True
        if most < self.lo or mines > self.hi:
            return False
        used: set[int] = set()
        more = spare = 0
        for r in sorted(self.scope, key=lambda r: -need[r]):
            left = [u for u in self.pos.rules[r] if val[u] < 0]
            if left and used.isdisjoint(left):
                used.update(left)
                more, spare = more + need[r], spare + len(left) - need[r]
        return mines + more <= self.hi and most - spare >= self.lo

    def _dfs(self, val, need, free, step):
        """Branch on a cell of an unfinished number: the touched one with the fewest ways left to
        finish it, or (static turn) simply the first in scope order, nearest the query first."""
        self.nodes += 1
        if self.nodes > self.limit:
            raise _OutOfNodes
        rules = self.pos.rules
        best, ways, first = -1, 0, -1
        for r in self.scope:
            f = free[r]
            if not f:
                continue
            if first < 0:
                first = r
                if self.static:
                    break
            if f < len(rules[r]):
                w = comb(f, need[r])
                if best < 0 or w < ways:
                    best, ways = r, w
                    if w <= 2:
                        break
        if first < 0:
            return val  # every number in scope is finished, so each holds exactly
        var = next(u for u in rules[first if best < 0 else best] if val[u] < 0)
        for x in (self.hint[var], 1 - self.hint[var]):
            v2, n2, f2 = list(val), list(need), list(free)
            got = self._apply(v2, n2, f2, [(var, x)])
            if got is None:
                continue
            got = (step[0] + got[0], step[1] + got[1])
            if self._fits(v2, n2, *got):
                found = self._dfs(v2, n2, f2, got)
                if found:
                    return found
        return None


class _OutOfNodes(Exception):
    pass

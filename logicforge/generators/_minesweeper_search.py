"""Depth-first search over one frontier component of a minesweeper position (generator side).

A component is a set of hidden cells (vars 0..n-1) linked by the revealed numbers over them; the
search finds a 0/1 assignment meeting every number exactly, optionally with its mine count in a
given set, or proves there is none. Used by `_minesweeper_solver`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from math import comb

# Node caps of the alternating search turns (see Component.search).
_CAPS = (100, 400, 1600, 6400)


class BudgetExceeded(Exception):
    """The search used more nodes than allowed; the caller draws another position."""


class Counter:
    """Search nodes used so far, against a limit."""

    def __init__(self, limit: int) -> None:
        self.nodes, self.limit = 0, limit

    def tick(self) -> None:
        self.nodes += 1
        if self.nodes > self.limit:
            raise BudgetExceeded


class Component:
    """A connected set of frontier cells (local vars 0..n-1) and the numbers over them."""

    def __init__(self, cells: list[int], cons: list[tuple[list[int], int]]) -> None:
        self.cells, self.n = cells, len(cells)
        self.cons_vars = [vs for vs, _ in cons]
        self.need = [k for _, k in cons]
        self.var_cons: list[list[int]] = [[] for _ in cells]
        self.nbrs: list[list[int]] = [[] for _ in cells]
        for c, vs in enumerate(self.cons_vars):
            for v in vs:
                self.var_cons[v].append(c)
                self.nbrs[v].extend(u for u in vs if u != v)

    def order_from(self, start: int) -> list[int]:
        """Vars in breadth-first order from `start`: conflicts near the query show up first."""
        seen, order = {start}, [start]
        for v in order:
            for u in self.nbrs[v]:
                if u not in seen:
                    seen.add(u)
                    order.append(u)
        return order

    def search(
        self,
        fixed: dict[int, int],
        allowed: Sequence[int] | None,
        order: list[int],
        phase: list[int],
        counter: Counter,
    ) -> list[int] | None:
        """An assignment (0/1 per var) satisfying every number, the `fixed` values and a mine
        count in `allowed` (sorted; None = any), or None. Values try `phase` first.

        Two branching rules take turns with growing node caps (restarts): the static order
        `order`, and the touched number with the fewest ways left. Each one thrashes on some
        positions where the other is quick. After the last cap, one run goes on uncapped (the
        counter's budget still bounds it).
        """
        rank = {v: i for i, v in enumerate(order)}
        by_rank = sorted(range(len(self.cons_vars)), key=lambda c: min(rank[v] for v in self.cons_vars[c]))
        for cap in _CAPS:
            for dynamic in (True, False):
                try:
                    return _Search(self, allowed, counter, cap).run(fixed, order, phase, by_rank if dynamic else None)
                except _CapReached:
                    pass
        return _Search(self, allowed, counter, None).run(fixed, order, phase, by_rank)


class _CapReached(Exception):
    """One turn of the search used its node cap (the caller restarts with the other rule)."""


class _Search:
    """One depth-first search with a trail, so undoing a branch costs what doing it cost."""

    def __init__(self, comp: Component, allowed: Sequence[int] | None, counter: Counter, cap: int | None) -> None:
        self.comp, self.allowed, self.counter, self.cap, self.nodes = comp, allowed, counter, cap, 0
        self.val = [-1] * comp.n
        self.need = list(comp.need)
        self.free = [len(vs) for vs in comp.cons_vars]
        self.trail: list[int] = []
        self.mines, self.unset = 0, comp.n
        # Disjoint numbers bound the mines still to come: at least the sum of their needs (lb),
        # at most the unset cells minus the sum of their spare safe cells (slack).
        self.in_lb, lb_cons = _packing(comp, [-k for k in comp.need])
        self.in_ub, ub_cons = _packing(comp, [k - len(vs) for vs, k in zip(comp.cons_vars, comp.need)])
        self.lb = sum(comp.need[c] for c in lb_cons)
        self.slack = sum(len(comp.cons_vars[c]) - comp.need[c] for c in ub_cons)

    def run(self, fixed: dict[int, int], order: list[int], phase: list[int], by_rank: list[int] | None):
        """A solution (see Component.search), or None; raises _CapReached past the cap."""
        self.counter.tick()  # each query counts as a node even when propagation alone decides it
        pending = [(v, x) for v, x in sorted(fixed.items())]
        for c, vs in enumerate(self.comp.cons_vars):  # numbers already saturated at the start
            if self.need[c] in (0, len(vs)):
                pending.extend((v, 1 if self.need[c] else 0) for v in vs)
        self.by_rank = by_rank
        if not self._assign(pending) or not self._dfs(order, 0, phase):
            return None
        return list(self.val)

    def _count_ok(self) -> bool:
        if self.allowed is None:
            return True
        i = bisect_left(self.allowed, self.mines + self.lb)
        return i < len(self.allowed) and self.allowed[i] <= self.mines + self.unset - self.slack

    def _assign(self, stack: list[tuple[int, int]]) -> bool:
        """Set values and propagate saturated numbers; False on a contradiction."""
        val, need, free = self.val, self.need, self.free
        var_cons, cons_vars = self.comp.var_cons, self.comp.cons_vars
        while stack:
            v, x = stack.pop()
            if val[v] >= 0:
                if val[v] != x:
                    return False
                continue
            val[v] = x
            self.trail.append(v)
            self.mines += x
            self.unset -= 1
            self.lb -= x * self.in_lb[v]
            self.slack -= (1 - x) * self.in_ub[v]
            for c in var_cons[v]:
                need[c] -= x
                free[c] -= 1
            for c in var_cons[v]:
                left, room = need[c], free[c]
                if left < 0 or left > room:
                    return False
                if room and (left == 0 or left == room):
                    fill = 1 if left else 0
                    stack.extend((u, fill) for u in cons_vars[c] if val[u] < 0)
        return self._count_ok()

    def _undo(self, mark: int) -> None:
        """Unset the vars assigned since trail position `mark`."""
        val, need, free, var_cons = self.val, self.need, self.free, self.comp.var_cons
        while len(self.trail) > mark:
            v = self.trail.pop()
            x, val[v] = val[v], -1
            self.mines -= x
            self.unset += 1
            self.lb += x * self.in_lb[v]
            self.slack += (1 - x) * self.in_ub[v]
            for c in var_cons[v]:
                need[c] += x
                free[c] += 1

    def _dfs(self, order: list[int], i: int, phase: list[int]) -> bool:
        """Branch on the next unset var of `order`, or on the tightest number's when by_rank is set."""
        self.counter.tick()
        self.nodes += 1
        if self.cap is not None and self.nodes > self.cap:
            raise _CapReached
        while i < len(order) and self.val[order[i]] >= 0:
            i += 1
        if i == len(order):
            return True  # every number has no unset cell left, so each holds exactly
        v = order[i] if self.by_rank is None else self._tightest(order[i])
        for x in (phase[v], 1 - phase[v]):
            mark = len(self.trail)
            if self._assign([(v, x)]) and self._dfs(order, i + (self.by_rank is None), phase):
                return True
            self._undo(mark)
        return False

    def _tightest(self, fallback: int) -> int:
        """An unset var of the partly set number with the fewest ways left (nearest first)."""
        need, free, sizes, best, ways = self.need, self.free, self.comp.cons_vars, -1, 0
        for c in self.by_rank:
            if 0 < free[c] < len(sizes[c]):
                w = comb(free[c], need[c])
                if best < 0 or w < ways:
                    best, ways = c, w
                    if w <= 2:
                        break
        if best < 0:
            return fallback
        return next(v for v in sizes[best] if self.val[v] < 0)


def _packing(comp: Component, key: list[int]) -> tuple[list[int], list[int]]:
    """A greedy set of pairwise disjoint numbers (smallest nonzero key first): a 0/1 flag per
    var marking their cells, and the chosen numbers."""
    used, chosen = [0] * comp.n, []
    for c in sorted(range(len(key)), key=lambda c: (key[c], c)):
        if key[c] and not any(used[v] for v in comp.cons_vars[c]):
            chosen.append(c)
            for v in comp.cons_vars[c]:
                used[v] = 1
    return used, chosen

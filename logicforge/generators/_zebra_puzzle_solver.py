"""Zebra puzzle solver: house bitmasks per value, clue and all-different propagation, backtracking that counts
solutions up to a limit.

A puzzle has `houses` houses (0-based here) and `attrs` attributes of `houses` values each; value j of
attribute a is the variable `a * houses + j`, and its domain is the bitmask of the houses it may live in.
A clue is `(kind, variables, house)`, with the kinds of `KINDS`:

- SAME x y: one house; NOT_SAME x y: different houses; AT x k: house k; NOT_AT x k: not house k;
- LEFT x y: x directly left of y (x + 1 == y); BEFORE x y: x somewhere left of y (x < y);
- NEXT x y: neighbours (|x - y| == 1); BETWEEN x y z: y strictly between x and z, in either order.
"""

from __future__ import annotations

from dataclasses import dataclass

SAME, NOT_SAME, AT, NOT_AT, LEFT, BEFORE, NEXT, BETWEEN = range(8)
KINDS = ("same", "not_same", "at", "not_at", "left", "before", "next", "between")
Clue = tuple[int, tuple[int, ...], int]


@dataclass
class Stats:
    """Search effort: branching nodes and domain narrowings by propagation."""

    nodes: int = 0
    narrowings: int = 0


class OutOfBudget(Exception):
    """The search ran past its node budget."""


def holds(clue: Clue, pos: list[int]) -> bool:
    """Whether `clue` is true when variable i lives in house pos[i]."""
    kind, v, k = clue
    p = [pos[x] for x in v]
    if kind == SAME:
        return p[0] == p[1]
    if kind == NOT_SAME:
        return p[0] != p[1]
    if kind == AT:
        return p[0] == k
    if kind == NOT_AT:
        return p[0] != k
    if kind == LEFT:
        return p[0] + 1 == p[1]
    if kind == BEFORE:
        return p[0] < p[1]
    if kind == NEXT:
        return abs(p[0] - p[1]) == 1
    return p[0] < p[1] < p[2] or p[2] < p[1] < p[0]


def _below(m: int) -> int:
    """Houses strictly left of m's rightmost house (0 when m is empty)."""
    return (1 << (m.bit_length() - 1)) - 1 if m else 0


def _above(m: int, full: int) -> int:
    """Houses strictly right of m's leftmost house (0 when m is empty)."""
    return full & -((m & -m) << 1) if m else 0


class Solver:
    """Counts the solutions of a set of clues over `attrs` x `houses` variables."""

    def __init__(self, houses: int, attrs: int):
        self.h, self.a = houses, attrs
        self.full = (1 << houses) - 1
        self.groups = [list(range(a * houses, (a + 1) * houses)) for a in range(attrs)]

    def _revise(self, clue: Clue, dom: list[int]) -> int:
        """Narrow the domains of one clue's variables: -1 when one empties, else a bit per changed variable."""
        kind, v, _ = clue
        x, y = v[0], v[1]
        dx, dy, full = dom[x], dom[y], self.full
        if kind == SAME:
            dx = dy = dx & dy
        elif kind == NOT_SAME:
            if dx & (dx - 1) == 0:
                dy &= ~dx
            if dy & (dy - 1) == 0:
                dx &= ~dy
        elif kind == LEFT:
            dy &= dx << 1
            dx &= dy >> 1
        elif kind == BEFORE:
            dy &= full & -((dx & -dx) << 1)  # right of x's leftmost house
            dx &= (1 << (dy.bit_length() - 1)) - 1 if dy else 0  # left of y's rightmost house
        elif kind == NEXT:
            dy &= ((dx << 1) | (dx >> 1)) & full
            dx &= ((dy << 1) | (dy >> 1)) & full
        else:
            return self._between(v, dom)
        out = (dx != dom[x]) | (dy != dom[y]) << 1
        dom[x], dom[y] = dx, dy
        return out if dx and dy else -1

    def _between(self, v: tuple[int, ...], dom: list[int]) -> int:
        x, y, z = v
        dx, dy, dz, full = dom[x], dom[y], dom[z], self.full
        dy &= (_above(dx, full) & _below(dz)) | (_above(dz, full) & _below(dx))
        up, down = dy & _below(dz), dy & _above(dz, full)  # middles with a z to their right / left
        dx &= _below(up) | _above(down, full)
        up, down = dy & _below(dx), dy & _above(dx, full)
        dz &= _below(up) | _above(down, full)
        out = (dx != dom[x]) | (dy != dom[y]) << 1 | (dz != dom[z]) << 2
        dom[x], dom[y], dom[z] = dx, dy, dz
        return out if dx and dy and dz else -1

    def _all_different(self, group: list[int], dom: list[int], changed: list[int]) -> bool:
        """Naked and hidden singles in one attribute, appending narrowed variables to `changed`; False on a
        contradiction."""
        fixed = 0
        for i in group:
            d = dom[i]
            if d & (d - 1) == 0:
                if fixed & d:
                    return False
                fixed |= d
        once = seen = 0
        for i in group:
            d = dom[i]
            if d & (d - 1) and d & fixed:
                dom[i] = d = d & ~fixed
                changed.append(i)
            once = (once & ~d) | (d & ~seen)
            seen |= d
        if seen != self.full:
            return False
        for i in group:
            d = dom[i]
            hit = d & once
            if hit and hit != d:
                if hit & (hit - 1):
                    return False  # two houses only this value can take
                dom[i] = hit
                changed.append(i)
        return True

    def _propagate(self, dom: list[int], changed: list[int]) -> bool:
        """Revise the clues watching the `changed` variables, and their attributes' all-different, until
        nothing changes; False on a contradiction."""
        clues, watch, h = self.clues, self.watch, self.h
        while changed:
            self.stats.narrowings += len(changed)
            pending = sorted({c for i in changed for c in watch[i]})
            groups = {i // h for i in changed}
            changed = []
            while pending:
                c = pending.pop()
                out = self._revise(clues[c], dom)
                if out < 0:
                    return False
                if out:
                    v = clues[c][1]
                    for bit in range(len(v)):
                        if out >> bit & 1:
                            changed.append(v[bit])
                            groups.add(v[bit] // h)
                            pending.extend(k for k in watch[v[bit]] if k != c and k not in pending)
            for g in sorted(groups):
                if not self._all_different(self.groups[g], dom, changed):
                    return False
        return True

    def solve(
        self, clues: list[Clue], limit: int = 2, budget: int = 10**9, stats: Stats | None = None
    ) -> list[list[int]]:
        """Up to `limit` solutions (the house of each variable); OutOfBudget past `budget` nodes."""
        self.stats = stats if stats is not None else Stats()
        dom = [self.full] * (self.h * self.a)
        self.clues = []
        self.watch: list[list[int]] = [[] for _ in dom]
        for clue in clues:
            kind, v, k = clue
            if kind == AT:
                dom[v[0]] &= 1 << k
            elif kind == NOT_AT:
                dom[v[0]] &= ~(1 << k)
            else:
                for x in set(v):
                    self.watch[x].append(len(self.clues))
                self.clues.append(clue)
        found: list[list[int]] = []
        self._search(dom, list(range(len(dom))), limit, self.stats.nodes + budget, found)
        return found

    def _search(self, dom: list[int], changed: list[int], limit: int, stop: int, found: list) -> None:
        self.stats.nodes += 1
        if self.stats.nodes > stop:
            raise OutOfBudget
        if not self._propagate(dom, changed):
            return
        best, size = -1, self.h + 1
        for i, d in enumerate(dom):
            n = d.bit_count()
            if 1 < n < size:
                best, size = i, n
        if best < 0:
            found.append([d.bit_length() - 1 for d in dom])
            return
        d = dom[best]
        while d and len(found) < limit:
            bit = d & -d
            d ^= bit
            child = list(dom)
            child[best] = bit
            self._search(child, [best], limit, stop, found)

"""Exact forced-mine solver for minesweeper positions (the generator's side).

Hidden cells next to a revealed number form the frontier; they split into components linked by
shared numbers. Hidden cells next to no number form the interior pool, which only the total mine
count (when shown) constrains. A cell is forced when it is a mine in every arrangement consistent
with all numbers (and the total). Per component, a depth-first search with unit propagation
answers "is there an arrangement with this cell safe?" (the backbone of the constraint set). With a
total, a component may only take a mine count that the other components plus the pool can
complement to the total (see _Totals).
"""

from __future__ import annotations

from dataclasses import dataclass

from logicforge.generators._minesweeper_search import BudgetExceeded, Component, Counter

__all__ = ["BudgetExceeded", "Position", "Result", "solve", "split"]


@dataclass
class Position:
    """A position: grid size, revealed numbers {cell: count}, the shown total (or None)."""

    rows: int
    cols: int
    numbers: dict[int, int]
    total: int | None

    def neighbours(self, cell: int) -> list[int]:
        """The up to 8 cells touching `cell` (flat index r * cols + c), diagonals included."""
        r, c = divmod(cell, self.cols)
        return [
            rr * self.cols + cc
            for rr in range(max(r - 1, 0), min(r + 2, self.rows))
            for cc in range(max(c - 1, 0), min(c + 2, self.cols))
            if (rr, cc) != (r, c)
        ]


def split(pos: Position) -> tuple[list[Component], list[int]]:
    """Frontier components (ordered by their first cell) and the sorted interior cells."""
    cons = []
    for cell in sorted(pos.numbers):
        hidden = [h for h in pos.neighbours(cell) if h not in pos.numbers]
        if hidden:
            cons.append((hidden, pos.numbers[cell]))
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for hidden, _ in cons:
        for h in hidden:  # a one-cell number must still register its cell
            parent[find(h)] = find(hidden[0])
    groups: dict[int, list[int]] = {}
    for cell in sorted(parent):
        groups.setdefault(find(cell), []).append(cell)
    comps = []
    for cells in sorted(groups.values()):
        local = {cell: i for i, cell in enumerate(cells)}
        mine = [([local[h] for h in hid], k) for hid, k in cons if hid[0] in local]
        comps.append(Component(cells, mine))
    interior = [x for x in range(pos.rows * pos.cols) if x not in pos.numbers and x not in parent]
    return comps, interior


@dataclass
class Result:
    """Forced mine cells (sorted), arrangements proving every other hidden cell can be safe
    (each a sorted list of mine cells; the first is the true layout), and search nodes used."""

    forced: list[int]
    witnesses: list[list[int]]
    nodes: int


def solve(pos: Position, truth: set[int], limit: int) -> Result:
    """The exact forced set of `pos`, whose true layout `truth` is one consistent arrangement.

    Raises BudgetExceeded past `limit` search nodes.
    """
    comps, interior = split(pos)
    counter = Counter(limit)
    phases = [[1 if cell in truth else 0 for cell in comp.cells] for comp in comps]
    totals = None if pos.total is None else _Totals(comps, phases, pos.total, len(interior), counter)
    forced: list[int] = []
    found: list[tuple[int, list[int]]] = []
    for i, comp in enumerate(comps):
        hits, sols = _backbone(comp, totals.allowed(i) if totals else None, phases[i], counter)
        forced += [comp.cells[v] for v in hits]
        found += [(i, sol) for sol in sols]
    interior_mined = all(x in truth for x in interior)
    if totals and interior and interior_mined and totals.pool_forced():
        forced += interior
    witnesses = [sorted(truth)]
    for i, sol in _cover(comps, found, truth):
        witnesses.append(_arrangement(comps, interior, truth, totals, i, sol))
    if totals and interior and interior_mined and not totals.pool_forced():
        witnesses.append(_arrangement(comps, interior, truth, totals, -1, []))
    return Result(sorted(forced), witnesses, counter.nodes)


def _backbone(comp: Component, allowed: list[int] | None, phase: list[int], counter: Counter):
    """Vars that are mines in every solution (with a count in `allowed`), and the solutions found
    on the way. `phase` is itself a solution, so its safe vars are cleared from the start."""
    cleared = [x == 0 for x in phase]
    forced, sols = [], []
    for v in range(comp.n):
        if cleared[v]:
            continue
        sol = comp.search({v: 0}, allowed, comp.order_from(v), phase, counter)
        if sol is None:
            forced.append(v)
            continue
        sols.append(sol)
        for u, x in enumerate(sol):
            cleared[u] = cleared[u] or x == 0
    return forced, sols


def _conv(a: int, b: int) -> int:
    """Sumset of two count sets held as bitmasks: bit s set iff s = x + y, x in a, y in b."""
    out, k = 0, 0
    while a:
        if a & 1:
            out |= b << k
        a >>= 1
        k += 1
    return out


def _spread(bits: int, lo: int, hi: int) -> int:
    """The sumset of `bits` with the range lo..hi (the pool's possible counts)."""
    return _conv(((1 << (hi - lo + 1)) - 1) << lo, bits) if hi >= lo else 0


class _Totals:
    """Which mine counts each component may take so that the grid holds exactly `total`.

    Every component but the biggest gets its exact set of achievable counts (they are small).
    The biggest is only asked, lazily, whether it can take some count in a given window, so the
    costly proofs that it cannot hold k mines are made only where an answer depends on them.
    """

    def __init__(self, comps: list[Component], phases: list[list[int]], total: int, pool: int, counter: Counter):
        self.comps, self.phases, self.total, self.pool, self.counter = comps, phases, total, pool, counter
        self.reps = [{sum(p): p} for p in phases]  # count -> one solution with that count
        self.big = max(range(len(comps)), key=lambda j: (comps[j].n, -j), default=-1)
        for j, comp in enumerate(comps):
            for k in range(comp.n + 1) if j != self.big else ():
                if k not in self.reps[j] and k <= total:
                    sol = comp.search({}, [k], comp.order_from(0), phases[j], counter)
                    if sol is not None:
                        self.reps[j][k] = sol

    def _rest(self, skip: set[int], lo: int, hi: int) -> int:
        """Counts the small components outside `skip` plus a pool count in lo..hi can sum to."""
        bits = 1
        for j, r in enumerate(self.reps):
            if j != self.big and j not in skip:
                bits = _conv(bits, sum(1 << k for k in r))
        return _spread(bits, lo, hi)

    def _big_count(self, rest: int, fixed: int) -> int | None:
        """A count the big component can take so that `fixed` + it + some sum in `rest` = total."""
        b, t = self.big, self.total - fixed
        window = [k for k in range(min(self.comps[b].n, t) + 1) if (rest >> (t - k)) & 1]
        known = [k for k in window if k in self.reps[b]]
        if known or not window:
            return known[0] if known else None
        comp = self.comps[b]
        sol = comp.search({}, window, comp.order_from(0), self.phases[b], self.counter)
        if sol is None:
            return None
        self.reps[b][sum(sol)] = sol
        return sum(sol)

    def allowed(self, i: int) -> list[int]:
        """The counts component i can take in some full arrangement."""
        if i == self.big:
            rest = self._rest(set(), 0, self.pool)
            return [k for k in range(min(self.comps[i].n, self.total) + 1) if (rest >> (self.total - k)) & 1]
        rest = self._rest({i}, 0, self.pool)
        return [k for k in sorted(self.reps[i]) if self._big_count(rest, k) is not None]

    def pool_forced(self) -> bool:
        """Whether every arrangement fills the whole pool (no way to leave a pool cell safe)."""
        rest = self._rest(set(), 0, self.pool - 1)
        if self.big < 0:
            return not (rest >> self.total) & 1
        return self._big_count(rest, 0) is None

    def counts(self, fixed: dict[int, int], pool_hi: int) -> tuple[dict[int, int], int]:
        """Counts for all components (keeping `fixed`) and the pool's (at most pool_hi) summing to total."""
        out = dict(fixed)
        if self.big >= 0 and self.big not in out:
            out[self.big] = self._big_count(self._rest(set(out), 0, pool_hi), sum(out.values()))
        left = self.total - sum(out.values())
        for j in range(len(self.comps)):
            if j in out:
                continue
            later = self._rest(set(out) | {j}, 0, pool_hi)
            out[j] = next(k for k in sorted(self.reps[j]) if k <= left and (later >> (left - k)) & 1)
            left -= out[j]
        return out, left


def _cover(comps: list[Component], found: list[tuple[int, list[int]]], truth: set[int]):
    """A few found solutions that together make every non-forced true mine safe somewhere."""
    gains = [{comps[i].cells[v] for v, x in enumerate(s) if x == 0} & truth for i, s in found]
    need = set().union(*gains) if gains else set()
    chosen = []
    while need:
        best = max(range(len(found)), key=lambda j: (len(gains[j] & need), -j))
        chosen.append(found[best])
        need -= gains[best]
    return chosen


def _arrangement(comps, interior, truth: set[int], totals: _Totals | None, i: int, sol: list[int]) -> list[int]:
    """A full arrangement with `sol` in component i; i = -1 asks for a safe pool cell instead."""
    mine = {x for x, y in zip(comps[i].cells, sol) if y} if i >= 0 else set()
    if totals is None:
        inside = set(comps[i].cells)
        return sorted(mine | {x for x in truth if x not in inside})
    fixed = {i: len(mine)} if i >= 0 else {}
    counts, in_pool = totals.counts(fixed, len(interior) - (i < 0))
    for j, k in counts.items():
        if j != i:
            mine |= {x for x, y in zip(comps[j].cells, totals.reps[j][k]) if y}
    return sorted(mine | set(interior[:in_pool]))

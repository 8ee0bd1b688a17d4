"""Counting solver for calcudoko (KenKen): cage-tuple and Latin propagation plus branching."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from math import prod


def count_solutions(
    n: int, cages: Sequence[dict], limit: int = 2, max_nodes: int | None = None
) -> tuple[list[list[list[int]]], int, bool]:
    """Solutions (at most `limit`) of an n x n calcudoko, the deduction steps spent, and whether
    the search finished (False when it gave up after `max_nodes` branch nodes).

    `cages` are dicts with `cells` ([[row, col], ...], 0-based), `op` (+ - * / or = for a given)
    and `target`. Each cage keeps the set of value tuples still possible for its cells; the
    tuples prune the cells' candidates and the cells' candidates prune the tuples, together with
    Latin singles (naked and hidden) in every row and column, until nothing changes; then the
    search branches on the cage with the fewest tuples left. A deduction step is one cell losing
    candidates or one cage losing tuples, so the count grows with the grid, the cages' sizes and
    the branching.

    >>> cages = [{"cells": [[0, 0], [0, 1]], "op": "/", "target": 2},
    ...          {"cells": [[1, 0]], "op": "=", "target": 2}, {"cells": [[1, 1]], "op": "=", "target": 1}]
    >>> sols, steps, finished = count_solutions(2, cages)
    >>> sols, finished
    ([[[1, 2], [2, 1]]], True)
    """
    solver = _Solver(n, cages, limit, max_nodes)
    try:
        solver.run()
    except _GiveUp:
        return solver.solutions, solver.steps, False
    return solver.solutions, solver.steps, True


class _GiveUp(Exception):
    """The node budget ran out."""


@lru_cache(maxsize=4096)
def cage_tuples(n: int, op: str, target: int, size: int, conflicts: tuple) -> tuple[tuple[int, ...], ...]:
    """Every tuple of values 1..n for a cage (as bits 1 << v) meeting its target; `conflicts`
    lists the position pairs in one row or column, which must differ.

    >>> cage_tuples(4, "-", 3, 2, ((0, 1),))  # 1 and 4, either way round
    ((2, 16), (16, 2))
    """
    out: list[tuple[int, ...]] = []
    clash = [[a for a, b in conflicts if b == j] for j in range(size)]

    def walk(vals: list[int]) -> None:
        j = len(vals)
        if j == size:
            if _meets(op, target, vals):
                out.append(tuple(1 << v for v in vals))
            return
        for v in range(1, n + 1):
            if any(vals[a] == v for a in clash[j]) or not _may_reach(op, target, vals, v, size - j - 1, n):
                continue
            walk([*vals, v])

    walk([])
    return tuple(out)


def _meets(op: str, target: int, vals: list[int]) -> bool:
    if op == "+":
        return sum(vals) == target
    if op == "*":
        return prod(vals) == target
    if op == "-":
        return abs(vals[0] - vals[1]) == target
    if op == "/":
        big, small = max(vals), min(vals)
        return big == small * target
    return vals == [target]


def _may_reach(op: str, target: int, vals: list[int], v: int, left: int, n: int) -> bool:
    """Cheap prune while enumerating: the partial sum or product can still hit the target."""
    if op == "+":
        total = sum(vals) + v
        return total + left <= target <= total + left * n
    if op == "*":
        return target % (prod(vals) * v) == 0
    return True


@lru_cache(maxsize=4096)
def _tuple_index(n: int, op: str, target: int, size: int, conflicts: tuple) -> tuple[tuple, tuple]:
    """The cage's tuples as bitsets: index[j][v] has bit t set when tuple t puts v at position j.

    With tuple sets as Python ints, filtering a cage by its cells' candidates is a few big-int
    ANDs instead of a loop over every tuple.
    """
    tuples = cage_tuples(n, op, target, size, conflicts)
    index = [[0] * (n + 1) for _ in range(size)]
    for t, values in enumerate(tuples):
        for j, bit in enumerate(values):
            index[j][bit.bit_length() - 1] |= 1 << t
    return tuples, tuple(tuple(row) for row in index)


# _VALUES[mask]: the values whose bits are set in a candidate mask
_VALUES = tuple(tuple(v for v in range(1, 10) if mask >> v & 1) for mask in range(1 << 10))


class _Solver:
    """Search state: candidate bit masks per cell and the surviving tuple set (an int) per cage."""

    def __init__(self, n: int, cages: Sequence[dict], limit: int, max_nodes: int | None):
        self.n, self.limit, self.max_nodes = n, limit, max_nodes
        self.cells = [tuple(r * n + c for r, c in cage["cells"]) for cage in cages]
        if sorted(i for cells in self.cells for i in cells) != list(range(n * n)):
            raise ValueError("the cages must cover every cell of the grid exactly once")
        self.cage_of = [0] * (n * n)
        for k, cells in enumerate(self.cells):
            for i in cells:
                self.cage_of[i] = k
        tables = [
            _tuple_index(n, cage["op"], int(cage["target"]), len(cells), _conflicts(cage["cells"]))
            for cage, cells in zip(cages, self.cells)
        ]
        self.tuples = [tuples for tuples, _ in tables]
        self.index = [index for _, index in tables]
        rows = [[r * n + c for c in range(n)] for r in range(n)]
        self.units = rows + [list(col) for col in zip(*rows)]
        self.peers = [[j for j in rows[i // n] + self.units[n + i % n] if j != i] for i in range(n * n)]
        self.lines = [self._lines(k, rows) for k in range(len(cages))]
        # per cage and position: candidate mask -> the tuples that fit it (masks recur constantly)
        self.fits: list[list[dict[int, int]]] = [[{} for _ in cells] for cells in self.cells]
        self.full = (1 << (n + 1)) - 2
        self.solutions: list[list[list[int]]] = []
        self.nodes = self.steps = 0

    def _lines(self, k: int, rows: list[list[int]]) -> list[tuple[list[int], tuple[int, ...]]]:
        """For each row or column holding 2+ cells of cage k: the other cells of that line and,
        per value, the tuples that do not put the value anywhere in the cage's part of the line."""
        out = []
        cells, index = self.cells[k], self.index[k]
        for unit in self.units:
            part = [j for j, i in enumerate(cells) if i in unit]
            if len(part) >= 2:
                others = [i for i in unit if i not in cells]
                every = (1 << len(self.tuples[k])) - 1
                lacking = tuple(every & ~_union(index[j][v] for j in part) for v in range(self.n + 1))
                out.append((others, lacking))
        return out

    def run(self) -> None:
        dom = [self.full] * (self.n * self.n)
        sets = [-1] * len(self.cells)  # -1: not filtered yet (ANDs down to the real tuple set)
        if self._propagate(dom, sets, list(range(len(dom))), set(range(len(sets)))):
            self._search(dom, sets)

    def _search(self, dom: list[int], sets: list[int]) -> bool:
        """Branch on the cage with the fewest tuples left (a whole cage per branch takes far fewer
        nodes than one cell); True once `limit` solutions are found."""
        self.nodes += 1
        if self.max_nodes is not None and self.nodes > self.max_nodes:
            raise _GiveUp
        best, size = -1, 1 << 30
        for k, alive in enumerate(sets):
            count = alive.bit_count()
            if 1 < count < size:
                best, size = k, count
        if best < 0:
            n = self.n
            self.solutions.append([[dom[r * n + c].bit_length() - 1 for c in range(n)] for r in range(n)])
            return len(self.solutions) >= self.limit
        alive, cells, tuples = sets[best], self.cells[best], self.tuples[best]
        while alive:
            low = alive & -alive
            alive ^= low
            dom2, sets2 = dom[:], sets[:]
            for i, bit in zip(cells, tuples[low.bit_length() - 1]):
                dom2[i] = bit
            self.steps += 1
            if self._propagate(dom2, sets2, list(cells), {best}) and self._search(dom2, sets2):
                return True
        return False

    def _propagate(self, dom: list[int], sets: list[int], stack: list[int], dirty: set[int]) -> bool:
        """Naked singles, cage tuples and hidden singles to a fixed point; False on a contradiction.

        `stack` holds cells that became singles (to clear from their lines), `dirty` the cages
        whose cells lost candidates (to filter again)."""
        while True:
            while stack or dirty:
                if stack:
                    if not self._naked(dom, stack.pop(), stack, dirty):
                        return False
                elif not self._cage(dom, sets, dirty.pop(), stack, dirty):
                    return False
            if not self._hidden(dom, stack, dirty):
                return False
            if not stack and not dirty:
                return True

    def _naked(self, dom: list[int], i: int, stack: list[int], dirty: set[int]) -> bool:
        """A cell with one candidate removes it from its row and column."""
        d = dom[i]
        if d & (d - 1):
            return True
        for j in self.peers[i]:
            if dom[j] & d:
                left = dom[j] & ~d
                if not left:
                    return False
                dom[j] = left
                self.steps += 1
                if not left & (left - 1):
                    stack.append(j)
                dirty.add(self.cage_of[j])
        return True

    def _cage(self, dom: list[int], sets: list[int], k: int, stack: list[int], dirty: set[int]) -> bool:
        """Keep the cage's tuples that fit its cells' candidates, then keep only candidates some
        tuple uses; a value every tuple puts in one line is removed from the rest of that line."""
        cells, index, memo = self.cells[k], self.index[k], self.fits[k]
        alive = sets[k]
        for j, i in enumerate(cells):
            fits = memo[j].get(dom[i])
            if fits is None:
                fits = 0
                for v in _VALUES[dom[i]]:
                    fits |= index[j][v]
                memo[j][dom[i]] = fits
            alive &= fits
        if not alive:
            return False
        if alive == sets[k]:
            return True  # same tuples as last time: every deduction below was already made
        # tuples ruled out are deduction steps too: big cages make more work than small ones
        self.steps += (sets[k].bit_count() if sets[k] >= 0 else len(self.tuples[k])) - alive.bit_count()
        sets[k] = alive
        for j, i in enumerate(cells):
            allowed = 0
            for v in _VALUES[dom[i]]:
                if alive & index[j][v]:
                    allowed |= 1 << v
            if allowed != dom[i]:
                dom[i] = allowed
                self.steps += 1
                if not allowed & (allowed - 1):
                    stack.append(i)
        for others, lacking in self.lines[k]:
            for v in range(1, self.n + 1):
                if not alive & lacking[v] and not self._remove(dom, others, 1 << v, stack, dirty):
                    return False
        return True

    def _remove(self, dom: list[int], cells: list[int], bit: int, stack: list[int], dirty: set[int]) -> bool:
        for i in cells:
            if dom[i] & bit:
                left = dom[i] & ~bit
                if not left:
                    return False
                dom[i] = left
                self.steps += 1
                if not left & (left - 1):
                    stack.append(i)
                dirty.add(self.cage_of[i])
        return True

    def _hidden(self, dom: list[int], stack: list[int], dirty: set[int]) -> bool:
        """A value with one possible cell in a row or column goes there; none at all: contradiction."""
        for unit in self.units:
            once = twice = 0
            for i in unit:
                twice |= once & dom[i]
                once |= dom[i]
            if once != self.full:
                return False
            single = once & ~twice
            while single:
                bit = single & -single
                single ^= bit
                for i in unit:
                    if dom[i] & bit and dom[i] != bit:
                        dom[i] = bit
                        self.steps += 1
                        stack.append(i)
                        dirty.add(self.cage_of[i])
        return True


def _union(parts) -> int:
    """OR of ints (tuple sets)."""
    out = 0
    for p in parts:
        out |= p
    return out


def _conflicts(cells: Sequence[Sequence[int]]) -> tuple[tuple[int, int], ...]:
    """Pairs of cage positions in the same row or column (their values must differ)."""
    return tuple(
        (a, b)
        for b in range(len(cells))
        for a in range(b)
        if cells[a][0] == cells[b][0] or cells[a][1] == cells[b][1]
    )

"""Calcudoko (KenKen) cages for the finite-domain solver: every value tuple a cage allows, and the
cage propagator that narrows cells to the tuples still fitting."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from math import prod
from operator import itemgetter

from logicforge.generators import _fd


def count_solutions(
    n: int, cages: Sequence[dict], limit: int = 2, max_nodes: int | None = None
) -> tuple[list[list[list[int]]], int, bool]:
    """Solutions (at most `limit`) of an n x n calcudoko, the deduction steps spent, and whether
    the search finished (False when it gave up after `max_nodes` search nodes).

    `cages` are dicts with `cells` ([[row, col], ...], 0-based), `op` (+ - * / or = for a given)
    and `target`. The finite-domain solver runs Latin singles on every row and column and
    `cage_propagator` on the cages. A deduction step is one candidate eliminated (over the whole
    search, dead ends included) or one cage tuple the solution rules out, so big cages with many
    ways to meet their targets count as harder than their cells alone would.

    >>> cages = [{"cells": [[0, 0], [0, 1]], "op": "/", "target": 2},
    ...          {"cells": [[1, 0]], "op": "=", "target": 2}, {"cells": [[1, 1]], "op": "=", "target": 1}]
    >>> sols, steps, finished = count_solutions(2, cages)
    >>> sols, finished
    ([[[1, 2], [2, 1]]], True)
    """
    cells = sorted(tuple(cell) for cage in cages for cell in cage["cells"])
    if cells != [(r, c) for r in range(n) for c in range(n)]:
        raise ValueError("the cages must cover every cell of the grid exactly once")
    givens = {r * n + c: int(cage["target"]) for cage in cages if cage["op"] == "=" for r, c in cage["cells"]}
    rules = _rules(n, cages)
    found = _fd.count_solutions(_fd.latin_board(n), givens, [cage_propagator(rules)], limit=limit,
                                node_limit=max_nodes if max_nodes is not None else 1_000_000, split=cage_split(rules))
    grids = [[sol[r * n : (r + 1) * n] for r in range(n)] for sol in found.solutions]
    ruled_out = sum(len(rule.tuples) - 1 for rule in rules)  # the tuples the solution rules out
    return grids, found.steps + ruled_out, found.complete


def _rules(n: int, cages: Sequence[dict]) -> list[_CageRule]:
    """The rules of the cages other than givens ('=' cages belong in the initial domains)."""
    return [_rule(n, cage["op"], int(cage["target"]), tuple(r * n + c for r, c in cage["cells"]))
            for cage in cages if cage["op"] != "="]


def cage_propagator(rules: Sequence[_CageRule]) -> _fd.Propagator:
    """Narrow each cage's cells to the values some fitting tuple uses; a value every fitting tuple
    puts in one row or column leaves the rest of that line. Results are memoised per cage and
    candidate pattern (the same patterns recur all through a search). Incremental: only the cages
    holding a touched cell are looked at again."""
    rules_of: dict[int, list[int]] = {}
    for k, rule in enumerate(rules):
        for i in rule.cells:
            rules_of.setdefault(i, []).append(k)

    def prop(dom: list[int], touched: set[int] | None) -> list[int] | None:
        changed: list[int] = []
        ks = range(len(rules)) if touched is None else sorted({k for i in touched for k in rules_of.get(i, ())})
        for k in ks:
            rule = rules[k]
            key = rule.get(dom)
            out = rule.outcome(key)
            if not out:
                return None
            narrowed, clears, _ = out
            if narrowed != key:
                for i, old, new in zip(rule.cells, key, narrowed):
                    if old != new:
                        dom[i] = new
                        changed.append(i)
            for others, mask in clears:
                for i in others:
                    if dom[i] & mask:
                        dom[i] &= ~mask
                        if not dom[i]:
                            return None
                        changed.append(i)
        return changed

    prop.incremental = True
    return prop


def cage_split(rules: Sequence[_CageRule]) -> _fd.Split:
    """Branch on the open cage with the fewest fitting tuples, one child per tuple: a whole cage per
    branch takes far fewer search nodes than one cell."""

    def split(dom: list[int]) -> list[dict[int, int]] | None:
        best, fewest = None, 1 << 30
        for rule in rules:
            out = rule.outcome(rule.get(dom))
            count = out[2].bit_count() if out else 0
            if 1 < count < fewest:
                best, fewest = (rule, out[2]), count
        if best is None:
            return None
        rule, alive = best
        return [{i: bit.bit_length() - 1 for i, bit in zip(rule.cells, rule.tuples[t])} for t in _fd.values_of(alive)]

    return split


_MEMO_CAP = 5_000  # narrowings kept per cage rule


@lru_cache(maxsize=2048)
def _rule(n: int, op: str, target: int, cells: tuple[int, ...]) -> _CageRule:
    """The rule of one cage, shared by every count over puzzles holding that cage (memo included)."""
    return _CageRule(n, op, target, cells)


class _CageRule:
    """One cage's tuples (as bitsets per position and value) and its memo of narrowings."""

    def __init__(self, n: int, op: str, target: int, cells: tuple[int, ...]):
        self.n, self.cells = n, cells
        coords = [divmod(i, n) for i in cells]
        self.tuples, self.index = _tuple_index(n, op, target, len(cells), _conflicts(coords))
        self.lines = self._lines()
        self.get = itemgetter(*cells) if len(cells) > 1 else lambda dom: (dom[cells[0]],)  # the key, at C speed
        self.memo: dict[tuple[int, ...], tuple] = {}
        self.fits: list[dict[int, int]] = [{} for _ in cells]  # per position: candidates -> tuples fitting
        self.by_alive: dict[int, tuple] = {}  # fitting tuples -> narrow's answer

    def outcome(self, key: tuple[int, ...]) -> tuple:
        """`narrow` of the cage's candidates `key` (from `get`), memoised; () when no tuple fits."""
        out = self.memo.get(key)
        if out is None:
            if len(self.memo) > _MEMO_CAP:
                self.memo.clear()  # bounded memory: rules are cached across puzzles
                self.fits, self.by_alive = [{} for _ in self.cells], {}
            out = self.memo[key] = self.narrow(key) or ()
        return out

    def _lines(self) -> list[tuple[list[int], tuple[int, ...], tuple[int, ...]]]:
        """For each row or column holding 2+ cells of the cage: the line's other cells, the cage's
        positions in it and, per value, the tuples that put the value nowhere in those positions."""
        n, out = self.n, []
        every = (1 << len(self.tuples)) - 1
        rows = sorted({i // n for i in self.cells})
        cols = sorted({i % n for i in self.cells})
        lines = [[r * n + c for c in range(n)] for r in rows] + [[r * n + c for r in range(n)] for c in cols]
        for line in lines:
            part = tuple(j for j, i in enumerate(self.cells) if i in line)
            if len(part) >= 2:
                others = [i for i in line if i not in self.cells]
                lacking = tuple(every & ~_union(self.index[j][v] for j in part) for v in range(n + 1))
                out.append((others, part, lacking))
        return out

    def narrow(self, doms: tuple[int, ...]) -> tuple | None:
        """(the cells' candidates that some fitting tuple uses, [(line cells, values to clear)], the
        fitting tuples as a bitset), or None when no tuple fits."""
        index, fits = self.index, self.fits
        alive = -1
        for j, d in enumerate(doms):
            got = fits[j].get(d)
            if got is None:
                got = fits[j][d] = _union(index[j][v] for v in _fd.VALUES[d])
            alive &= got
        if not alive:
            return None
        out = self.by_alive.get(alive)  # many candidate patterns leave the same tuples
        if out is None:
            out = self.by_alive[alive] = self._keep(alive)
        return out

    def _keep(self, alive: int) -> tuple:
        """`narrow`'s answer from the fitting tuples alone."""
        values = range(1, self.n + 1)
        narrowed = tuple(sum(1 << v for v in values if alive & at[v]) for at in self.index)
        clears = []
        for others, part, lacking in self.lines:
            # a value every fitting tuple puts in the cage's part of the line leaves the line's other cells
            mask = sum(1 << v for v in _fd.VALUES[_union(narrowed[j] for j in part)] if not alive & lacking[v])
            if mask:
                clears.append((others, mask))
        return narrowed, clears, alive


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

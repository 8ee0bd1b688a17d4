"""Kukurasu solution counter: every row and column is a set of marked positions with a weighted sum, so
each line keeps the list of its patterns (bitmasks) that reach its clue and agree with the cells known so
far; line propagation forces the cells that all of a line's patterns share, and search branches on the
line with the fewest patterns left."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=32)
def patterns(length: int) -> dict[int, tuple[int, ...]]:
    """Bitmasks over `length` positions grouped by weighted sum (bit i weighs i + 1).

    >>> patterns(3)[3]
    (3, 4)
    """
    by_sum: dict[int, list[int]] = {}
    for mask in range(1 << length):
        weight = sum(i + 1 for i in range(length) if mask >> i & 1)
        by_sum.setdefault(weight, []).append(mask)
    return {w: tuple(masks) for w, masks in by_sum.items()}


class _BudgetExceeded(Exception):
    """The search ran past its node budget."""


@dataclass
class Count:
    """What a count found: up to `limit` solutions (grids of 0/1), search nodes, line revisions (the
    deduction work), and whether the search finished within its budget."""

    solutions: list[list[list[int]]]
    nodes: int
    revisions: int
    complete: bool = True


def count_solutions(row_clues: list[int], col_clues: list[int], limit: int = 2, budget: int = 20_000) -> Count:
    """Up to `limit` markings whose row i sums the (1-based) columns of its marks to row_clues[i] and whose
    column j sums the rows of its marks to col_clues[j]; past `budget` nodes the count stops incomplete.

    >>> count_solutions([1, 2], [1, 2]).solutions
    [[[1, 0], [0, 1]]]
    """
    n, m = len(row_clues), len(col_clues)
    # lines 0..n-1 are rows (bit j = column j), lines n..n+m-1 are columns (bit i = row i)
    cands = [list(patterns(m).get(c, ())) for c in row_clues] + [list(patterns(n).get(c, ())) for c in col_clues]
    stats = Count([], 0, 0)
    if all(cands):
        try:
            _search(_State(cands, [0] * (n + m), [0] * (n + m), n), list(range(n + m)), m, limit, budget, stats)
        except _BudgetExceeded:
            stats.complete = False
    return stats


@dataclass
class _State:
    cands: list[list[int]]  # each line's patterns still possible
    one: list[int]  # per line, the positions known marked
    zero: list[int]  # per line, the positions known empty
    n: int

    def copy(self) -> _State:
        return _State(list(self.cands), list(self.one), list(self.zero), self.n)

    def fix(self, line: int, pos: int, marked: bool) -> int:
        """Record the cell at `pos` of `line` in both its lines; returns the crossing line."""
        cross, at = (self.n + pos, line) if line < self.n else (pos, line - self.n)
        known = self.one if marked else self.zero
        known[line] |= 1 << pos
        known[cross] |= 1 << at
        return cross


def _search(state: _State, queue: list[int], m: int, limit: int, budget: int, stats: Count) -> None:
    stats.nodes += 1
    if stats.nodes > budget:
        raise _BudgetExceeded
    if not _propagate(state, queue, m, stats):
        return
    cands = state.cands
    open_lines = [k for k, c in enumerate(cands) if len(c) > 1]
    if not open_lines:
        stats.solutions.append([[state.one[r] >> c & 1 for c in range(m)] for r in range(state.n)])
        return
    line = min(open_lines, key=lambda k: len(cands[k]))
    for pattern in cands[line]:
        child = state.copy()
        child.cands[line] = [pattern]
        _search(child, [line], m, limit, budget, stats)
        if len(stats.solutions) >= limit:
            return


def _propagate(state: _State, queue: list[int], m: int, stats: Count) -> bool:
    """Filter the queued lines' patterns by the known cells, fix the cells all patterns agree on and queue
    the crossing lines, to a fixpoint; False when a line has no pattern left."""
    queued = set(queue)
    while queue:
        line = queue.pop()
        queued.discard(line)
        stats.revisions += 1
        ones, zeros = state.one[line], state.zero[line]
        kept = [p for p in state.cands[line] if p & ones == ones and not p & zeros]
        if not kept:
            return False
        state.cands[line] = kept
        full = (1 << (m if line < state.n else state.n)) - 1
        all_and, any_or = full, 0
        for p in kept:
            all_and &= p
            any_or |= p
        new = (all_and & ~ones) | (full & ~any_or & ~zeros)
        while new:
            low = new & -new
            new ^= low
            cross = state.fix(line, low.bit_length() - 1, bool(all_and & low))
            if cross not in queued:
                queue.append(cross)
                queued.add(cross)
    return True

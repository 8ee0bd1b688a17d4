"""Survo solution counter: place a multiset of numbers in the blank cells so that every row and column
reaches its sum. Search fills the blank whose row or column has the fewest blanks left (a line with one
blank left forces its value), and prunes a line whose remaining sum no choice of its remaining blanks
from the numbers left can reach."""

from __future__ import annotations

from bisect import insort
from collections import Counter
from dataclasses import dataclass, field


class _BudgetExceeded(Exception):
    """The search ran past its node budget."""


@dataclass
class Count:
    """Up to `limit` solutions (each the blanks' values in the order of `blanks`), search nodes, and
    whether the search finished within its budget."""

    solutions: list[list[int]] = field(default_factory=list)
    nodes: int = 0
    complete: bool = True


def count_solutions(
    grid: list[list[int]], row_sums: list[int], col_sums: list[int], numbers: list[int], limit: int = 2,
    budget: int = 20_000,
) -> Count:  # fmt: skip
    """Fillings of the 0 cells of `grid` with exactly `numbers` meeting every row and column sum.

    >>> count_solutions([[1, 0], [0, 4]], [3, 7], [4, 6], [2, 3]).solutions
    [[2, 3]]
    >>> len(count_solutions([[0, 0], [0, 0]], [3, 3], [3, 3], [1, 1, 2, 2]).solutions)
    2
    """
    n, m = len(grid), len(grid[0])
    blanks = [(r, c) for r in range(n) for c in range(m) if grid[r][c] == 0]
    # lines 0..n-1 are rows, n..n+m-1 columns: what is left to reach, and how many blanks are left
    need = [row_sums[r] - sum(grid[r]) for r in range(n)] + [col_sums[c] - sum(row[c] for row in grid)
                                                              for c in range(m)]  # fmt: skip
    left = [sum(r == i for r, _ in blanks) for i in range(n)] + [sum(c == j for _, c in blanks) for j in range(m)]
    stats = Count()
    if len(numbers) == len(blanks) and all(x >= 0 for x in need):
        state = _State(n, blanks, need, left, Counter(numbers), {})
        try:
            _search(state, limit, budget, stats)
        except _BudgetExceeded:
            stats.complete = False
    return stats


@dataclass
class _State:
    n: int
    blanks: list[tuple[int, int]]
    need: list[int]
    left: list[int]
    pool: Counter
    placed: dict[tuple[int, int], int]
    values: list[int] = field(default_factory=list)  # the pool, sorted

    def __post_init__(self) -> None:
        self.values = sorted(self.pool.elements())

    def lines(self, cell: tuple[int, int]) -> tuple[int, int]:
        return cell[0], self.n + cell[1]

    def reachable(self, line: int) -> bool:
        """Whether the line's remaining blanks can reach its remaining sum with numbers from the pool."""
        k, want = self.left[line], self.need[line]
        if k == 0:
            return want == 0
        return sum(self.values[:k]) <= want <= sum(self.values[-k:])

    def feasible(self) -> bool:
        """Whether every line with blanks left can still reach its sum."""
        return all(self.reachable(line) for line in range(len(self.left)) if self.left[line])


def _search(state: _State, limit: int, budget: int, stats: Count) -> None:
    stats.nodes += 1
    if stats.nodes > budget:
        raise _BudgetExceeded
    open_cells = [b for b in state.blanks if b not in state.placed]
    if not open_cells:
        stats.solutions.append([state.placed[b] for b in state.blanks])
        return
    cell = min(open_cells, key=lambda b: min(state.left[line] for line in state.lines(b)))
    for value in _candidates(state, cell):
        _place(state, cell, value, +1)
        if state.feasible():
            _search(state, limit, budget, stats)
        _place(state, cell, value, -1)
        if len(stats.solutions) >= limit:
            return


def _candidates(state: _State, cell: tuple[int, int]) -> list[int]:
    """The pool's values the cell may take: no more than either line still needs, the exact remainder
    where a line has one blank left, and a partner left in the pool where it has two."""
    lines = state.lines(cell)
    out = []
    for value in sorted(v for v, k in state.pool.items() if k):
        ok = True
        for line in lines:
            rest, k = state.need[line] - value, state.left[line]
            if rest < 0 or k == 1 and rest or k == 2 and state.pool[rest] <= (rest == value):
                ok = False
                break
        if ok:
            out.append(value)
    return out


def _place(state: _State, cell: tuple[int, int], value: int, sign: int) -> None:
    """Put `value` in `cell` (sign +1) or take it back out (sign -1)."""
    for line in state.lines(cell):
        state.need[line] -= sign * value
        state.left[line] -= sign
    state.pool[value] -= sign
    if sign > 0:
        state.values.remove(value)
    else:
        insort(state.values, value)
    if sign > 0:
        state.placed[cell] = value
    else:
        del state.placed[cell]

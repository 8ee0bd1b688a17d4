"""Star Battle search: bitset propagation over rows, columns and regions, with a solution counter.

Cells are numbered r * n + c and sets of cells are Python ints (bit i = cell i). A state is the pair
(stars, empties); propagation runs three rules to a fixpoint: a star empties its eight neighbours, a unit
(row, column or region) holding k stars empties its other cells, and a unit whose undecided cells are just
enough for its missing stars fills them all. Search branches star / no star on an undecided cell of the
unit with the fewest undecided cells, so the node count measures how much guessing a puzzle needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache


class Board:
    """An n x n Star Battle with k stars per unit; `regions` gives each cell's region id (0..n-1)."""

    def __init__(self, n: int, k: int, regions: Sequence[int]):
        self.n, self.k = n, k
        rows = [sum(1 << (r * n + c) for c in range(n)) for r in range(n)]
        cols = [sum(1 << (r * n + c) for r in range(n)) for c in range(n)]
        regs = [0] * n
        for cell, reg in enumerate(regions):
            regs[reg] |= 1 << cell
        self.units = rows + cols + regs
        # the units a cell lies in, as a bitset over unit indices (row r: bit r, column c: bit n + c, ...)
        self.unit_bits = [
            1 << (cell // n) | 1 << (n + cell % n) | 1 << (2 * n + reg) for cell, reg in enumerate(regions)
        ]
        self.near = _nears(n)
        self.full = (1 << (n * n)) - 1

    def propagate(self, stars: int, empty: int, dirty: int = -1) -> tuple[int, int] | None:
        """The fixpoint of the rules from (stars, empty), or None on a contradiction.

        `dirty` is the set of unit indices to look at first (bit i: unit i; -1: all); a unit whose cells
        change is looked at again. The rules: a star empties its neighbours; a unit holding k stars empties
        its other cells; a unit whose open cells are just enough for its missing stars fills them; and a
        nearly decided unit empties the cells outside it whose star would leave it too few places.
        """
        k, near, units, unit_bits = self.k, self.near, self.units, self.unit_bits
        dirty &= (1 << len(units)) - 1
        while dirty:
            low = dirty & -dirty
            dirty ^= low
            unit = units[low.bit_length() - 1]
            open_ = unit & ~(stars | empty)
            have = (unit & stars).bit_count()
            free = open_.bit_count()
            if have > k or have + free < k:
                return None
            if not free:
                continue
            if have == k:
                new_empty = open_
            elif have + free == k:
                new_empty = 0
                for cell in _cells(open_):
                    if near[cell] & (stars | open_):
                        return None  # two stars would touch
                    new_empty |= near[cell]
                stars |= open_
                new_empty &= ~empty
                for cell in _cells(open_):
                    dirty |= unit_bits[cell]
            elif free <= 5:
                new_empty = self._crowded(open_, k - have)
                if new_empty is None:
                    return None
                new_empty &= ~(stars | empty)
            else:
                continue
            if new_empty:
                empty |= new_empty
                for cell in _cells(new_empty):
                    dirty |= unit_bits[cell]
        return stars, empty

    def _crowded(self, open_: int, need: int) -> int | None:
        """Cells a star could not sit on without leaving a unit with these open cells too few places for
        `need` (1 or 2) more stars; None if the open cells cannot hold `need` stars at all."""
        near = self.near
        cells = _cells(open_)
        cover = self.full
        if need == 1:
            for cell in cells:
                cover &= near[cell]
            return cover
        pairs = [(a, b) for i, a in enumerate(cells) for b in cells[i + 1 :] if not near[a] >> b & 1]
        if not pairs:
            return None
        for a, b in pairs:
            cover &= near[a] | near[b]
        return cover

    def place(self, stars: int, empty: int, cell: int) -> tuple[int, int] | None:
        """Put a star on `cell` (emptying its neighbours) and propagate."""
        if empty >> cell & 1 or self.near[cell] & stars:
            return None
        dirty = self.unit_bits[cell]
        for nb in _cells(self.near[cell] & ~empty):
            dirty |= self.unit_bits[nb]
        return self.propagate(stars | 1 << cell, empty | self.near[cell], dirty)

    def count(self, limit: int = 2, budget: int = 20_000) -> tuple[list[int], int]:
        """Up to `limit` solutions (star sets) and the search's work: the cells decided (by a branch or by
        propagation) summed over every search node. No solution and work past `budget` nodes: it gave up."""
        found: list[int] = []
        nodes = 0
        start = self.propagate(0, 0)
        stack = [start] if start else []
        work = (start[0] | start[1]).bit_count() if start else 0
        while stack and len(found) < limit:
            stars, empty = stack.pop()
            nodes += 1
            if nodes > budget:
                return [], work
            cell = self._branch_cell(stars, empty)
            if cell < 0:
                found.append(stars)
                continue
            decided = (stars | empty).bit_count()
            for child in (self.propagate(stars, empty | 1 << cell, self.unit_bits[cell]),
                          self.place(stars, empty, cell)):  # fmt: skip
                if child:
                    stack.append(child)  # the star branch, pushed last, is explored first
                    work += (child[0] | child[1]).bit_count() - decided
                else:
                    work += 1  # the refuted branch still cost one decision
        return found, work

    def _branch_cell(self, stars: int, empty: int) -> int:
        """An undecided cell of the unit with the fewest undecided cells; -1 when every cell is decided."""
        best, best_free = 0, 1 << 30
        decided = stars | empty
        for unit in self.units:
            open_ = unit & ~decided
            if open_:
                free = open_.bit_count()
                if free < best_free:
                    best, best_free = open_, free
        return (best & -best).bit_length() - 1 if best else -1


@lru_cache(maxsize=16)
def _nears(n: int) -> list[int]:
    """Each cell's neighbours (the up to eight cells touching it), as bitsets."""
    return [_near(n, cell) for cell in range(n * n)]


def _near(n: int, cell: int) -> int:
    """The (up to eight) cells touching `cell`, as a bitset."""
    r, c = divmod(cell, n)
    out = 0
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if (dr or dc) and 0 <= r + dr < n and 0 <= c + dc < n:
                out |= 1 << ((r + dr) * n + c + dc)
    return out


def _cells(mask: int) -> list[int]:
    """The cell numbers in a bitset, ascending."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


cells_of = _cells

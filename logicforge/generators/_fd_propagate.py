"""Propagation for the finite-domain solver (`_fd`): all-different singles over a board's groups,
naked singles over peers, the propagators' fixpoint, and the MRV cell choice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logicforge.generators._fd import Board, Propagator


def mrv_cell(dom: list[int]) -> int:
    """The first open cell with the fewest candidates (MRV), or -1 when every cell is decided."""
    best, fewest = -1, 1 << 30
    for i, d in enumerate(dom):
        if d & (d - 1):
            k = d.bit_count()
            if k < fewest:
                best, fewest = i, k
                if k == 2:
                    break  # no open cell has fewer
    return best


def mrv_from_counts(counts: bytes, n: int) -> int:
    """`mrv_cell` from every cell's candidate count (values 1..n), where the counts are at hand:
    each probe is a C-speed byte search."""
    for k in range(2, n + 1):
        cell = counts.find(k)
        if cell >= 0:
            return cell
    return -1


def propagate(dom: list[int], board: Board, props: Sequence[Propagator] = (), dirty: Sequence[int] | None = None,
              hidden: bool = True) -> bool:
    """All-different singles (hidden ones too if `hidden`) and the propagators, in turn, until
    nothing changes; False on a contradiction. `dirty`: the cells changed since `dom` was last
    propagated (None: everything).

    >>> from logicforge.generators._fd import latin_board
    >>> def two_at_3(dom):  # a propagator: cell 3 holds 2
    ...     if dom[3] == 4:
    ...         return []
    ...     dom[3] &= 4
    ...     return [3] if dom[3] else None
    >>> dom = [6, 6, 6, 6]
    >>> propagate(dom, latin_board(2), [two_at_3]), dom
    (True, [4, 2, 2, 4])
    """
    incremental = [getattr(prop, "incremental", False) for prop in props]
    while True:
        # the cells changed since the propagators last ran (naked singles do not report theirs)
        touched = set(dirty) if dirty is not None and hidden and any(incremental) else None
        if hidden:
            if not all_different(dom, board, dirty, touched):
                return False
        else:
            new = _naked_root(dom, board) if dirty is None else dirty
            if new is None or naked_singles(dom, board.peers, [i for i in new if not dom[i] & (dom[i] - 1)]) < 0:
                return False
        if not props:
            return True
        changed: set[int] = set()
        for prop, wants in zip(props, incremental):
            if wants:
                cells = prop(dom, None if touched is None else touched | changed)
            else:
                cells = prop(dom)
            if cells is None:
                return False
            changed.update(cells)
        if not changed:
            return True
        dirty = sorted(changed)


def all_different(dom: list[int], board: Board, dirty: Sequence[int] | None = None,
                  touched: set[int] | None = None) -> bool:
    """Naked and hidden singles in every group holding a `dirty` cell (default all groups); a cell
    that became single re-queues its other groups, until nothing changes. False on a contradiction.
    The cells changed are added to `touched` when one is given.

    >>> from logicforge.generators._fd import latin_board
    >>> dom = [2, 6, 6, 6]
    >>> all_different(dom, latin_board(2)), dom
    (True, [2, 4, 4, 2])
    """
    groups, groups_of, fulls = board.groups, board.groups_of, board.full
    if dirty is None:
        queue = list(range(len(groups)))
    elif len(dirty) == 1:  # a branch: the groups of its one cell (ascending already)
        queue = list(groups_of[dirty[0]])
    else:
        queue = sorted({g for i in dirty for g in groups_of[i]})
    queued = [False] * len(groups)
    for g in queue:
        queued[g] = True
    while queue:
        g = queue.pop()
        queued[g] = False
        changed = _group_singles(dom, groups[g], fulls[g])
        if changed is None:
            return False
        if touched is not None:
            touched.update(changed)
        for i in changed:
            d = dom[i]
            if d & (d - 1):
                continue  # only a new single must reach the cell's other groups (hidden singles wait)
            for h in groups_of[i]:
                if not queued[h] and h != g:
                    queued[h] = True
                    queue.append(h)
    return True


def _group_singles(dom: list[int], group: tuple[int, ...], full: int) -> list[int] | None:
    """One group's naked singles, and its hidden singles when `full` (its every value) is not 0,
    until the group is stable; the cells changed, or None on a contradiction."""
    changed: list[int] = []
    while True:
        fixed = 0
        for i in group:
            d = dom[i]
            if not d & (d - 1):
                if not d or fixed & d:
                    return None
                fixed |= d
        once = twice = 0
        again = False
        for i in group:
            d = dom[i]
            if d & (d - 1) and d & fixed:
                d &= ~fixed
                dom[i] = d
                changed.append(i)
                again = again or not d & (d - 1)  # a new single: its value leaves the others
            twice |= once & d
            once |= d
        if full and once != full:
            return None  # some value has no cell left in this group
        hidden = once & ~twice & ~fixed if full else 0
        for i in group if hidden else ():
            h = dom[i] & hidden
            if h and h != dom[i]:
                if h & (h - 1):
                    return None  # one cell is the only place for two values
                dom[i] = h
                changed.append(i)
                again = True
        if not again:
            return changed


def _naked_root(dom: list[int], board: Board) -> list[int] | None:
    """Clear every group's singles from its other cells in one pass (cheaper than one peer walk per
    single); the cells that became single, or None on a contradiction."""
    fixed = []
    for group in board.groups:
        f = 0
        for i in group:
            d = dom[i]
            if not d & (d - 1):
                if not d or f & d:
                    return None
                f |= d
        fixed.append(f)
    new = []
    for i, gs in enumerate(board.groups_of):
        d = dom[i]
        if d & (d - 1):
            for g in gs:
                d &= ~fixed[g]
            if d != dom[i]:
                if not d:
                    return None
                dom[i] = d
                if not d & (d - 1):
                    new.append(i)
    return new


def naked_singles(dom: list[int], peers: tuple[tuple[int, ...], ...], stack: list[int]) -> int:
    """Remove the value of every single cell on `stack` from its peers, and so on for each new
    single; the candidates eliminated, or ~eliminated (a negative number) on a contradiction."""
    gone = 0
    while stack:
        i = stack.pop()
        bit = dom[i]
        if not bit:
            return ~gone
        for j in peers[i]:
            d = dom[j]
            if d & bit:
                d ^= bit
                if not d:
                    return ~gone
                dom[j] = d
                gone += 1
                if not d & (d - 1):
                    stack.append(j)
    return gone

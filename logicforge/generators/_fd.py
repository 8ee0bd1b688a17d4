"""One finite-domain solver for the grid families: bitmask domains, all-different groups, family
propagators, MRV branching and bounded solution counting.

Cells are numbered 0..size-1 (row-major for grids); a domain is an int whose bit ``v`` is set when
value ``v`` (1..n) is still possible. A `Board` lists the all-different groups (rows, columns, boxes,
any cell lists). A propagator is a callable ``prop(dom) -> list[int] | None`` that narrows the
domains in place and returns the cells it changed, or None on a contradiction. Making puzzles with
this solver (random fills, givens that make a solution unique) lives in `_fd_make`; the
all-different propagation in `_fd_propagate`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import NamedTuple

from logicforge.generators._fd_propagate import mrv_cell, mrv_from_counts, naked_singles, propagate

Propagator = Callable[[list[int]], "list[int] | None"]
# A propagator with a true `incremental` attribute is called as prop(dom, touched) instead: `touched`
# holds the cells changed since it last ran to a fixpoint in this branch (None: look at every cell).
# A value order: (cell, domain) -> the values of the domain in the order a branch tries them.
Order = Callable[[int, int], Sequence[int]]
# A split: domains -> alternatives (cell -> value assignments, together covering every solution,
# e.g. the value tuples a constraint still allows) to branch on instead of one cell, or None.
Split = Callable[[list[int]], "list[dict[int, int]] | None"]


def full_mask(n: int) -> int:
    """The domain holding every value 1..n (bits 1..n).

    >>> bin(full_mask(3))
    '0b1110'
    """
    return (1 << (n + 1)) - 2


def values_of(mask: int) -> list[int]:
    """The values whose bits are set, ascending.

    >>> values_of(0b1010)
    [1, 3]
    """
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class _Values(dict):
    """`values_of` memoised per mask, filled on first use, so no table caps n."""

    def __missing__(self, mask: int) -> list[int]:
        vals = self[mask] = values_of(mask)
        return vals


VALUES = _Values()  # VALUES[mask] == values_of(mask); treat the lists as read-only


class Board(NamedTuple):
    """The fixed structure of a puzzle: n values, `size` cells, all-different groups of cells."""

    n: int
    size: int
    groups: tuple[tuple[int, ...], ...]
    groups_of: tuple[tuple[int, ...], ...]  # the groups holding each cell, ascending
    full: tuple[int, ...]  # per group: the full mask if it has n cells (every value once), else 0
    peers: tuple[tuple[int, ...], ...]  # the cells sharing a group with each cell


def make_board(n: int, groups: Sequence[Sequence[int]], size: int | None = None) -> Board:
    """A board of `size` cells (default n*n) with values 1..n and the given all-different groups.

    A group of n cells must hold every value (hidden singles apply); a smaller one only repeats none.

    >>> b = make_board(2, [[0, 1], [2, 3], [0, 2], [1, 3]])
    >>> b.groups_of[3], b.full, b.peers[3]
    ((1, 3), (6, 6, 6, 6), (1, 2))
    """
    size = n * n if size is None else size
    if not 1 <= n <= 250:  # candidate counts are kept in bytes
        raise ValueError(f"n={n} is out of range [1, 250]")
    groups = tuple(tuple(g) for g in groups)
    if any(len(g) > n or len(set(g)) != len(g) or not all(0 <= i < size for i in g) for g in groups):
        raise ValueError(f"each group must list at most n={n} distinct cells in 0..{size - 1}")
    owners: list[list[int]] = [[] for _ in range(size)]
    for k, g in enumerate(groups):
        for i in g:
            owners[i].append(k)
    full = tuple(full_mask(n) if len(g) == n else 0 for g in groups)
    peers = tuple(tuple(sorted({j for k in owners[i] for j in groups[k]} - {i})) for i in range(size))
    return Board(n, size, groups, tuple(tuple(o) for o in owners), full, peers)


@cache
def latin_board(n: int) -> Board:
    """The n x n Latin square: rows first (left to right), then columns (top down)."""
    rows = [[r * n + c for c in range(n)] for r in range(n)]
    return make_board(n, rows + [[r * n + c for r in range(n)] for c in range(n)])


class Search:
    """One depth-first search: all-different singles and propagators at every node, MRV branching.

    `hidden=False` propagates naked singles only (each new single leaves its peers: no group scans,
    far cheaper per node). `order` tries a branch's values in its own order (default ascending);
    `split`, where it returns alternatives, replaces the one-cell MRV branching.

    Attributes:
        nodes: search nodes visited (the root is node 1).
        steps: candidates eliminated by propagation, summed over every node, dead ends included
            (the deduction work; families report it as hardness).
        exhausted: True when the search gave up after `node_limit` nodes.
        solutions: the solutions found (flat value lists), at most `limit`.
        root: the domains after propagation at the root (None: contradiction there).
    """

    def __init__(self, board: Board, props: Sequence[Propagator] = (), limit: int = 2,
                 node_limit: int = 1_000_000, order: Order | None = None, hidden: bool = True,
                 split: Split | None = None):
        self.board, self.props, self.limit, self.node_limit = board, tuple(props), limit, node_limit
        self.order, self.hidden, self.split = order, hidden, split
        self.naked = not hidden and not self.props and split is None  # children take the hot path
        self.nodes = self.steps = 0
        self.exhausted = False
        self.solutions: list[list[int]] = []
        self.root: list[int] | None = None

    def run(self, dom: list[int], changed: Sequence[int] | None = None) -> list[list[int]]:
        """Search from `dom`; the solutions found (flat value lists), at most `limit` of them.

        `changed`: the cells to propagate from when the caller knows the rest of `dom` is already
        consistent (None: propagate everything).
        """
        self._node(list(dom), changed, sum(map(int.bit_count, dom)))
        return self.solutions

    def _node(self, dom: list[int], dirty: Sequence[int] | None, before: int) -> None:
        """Propagate from the changed cells `dirty` (None: everything), then branch; `before` is
        the number of candidates in `dom` (passed down so each node sums its domains once)."""
        self.nodes += 1
        if self.nodes > self.node_limit:
            self.exhausted = True
            return
        if not propagate(dom, self.board, self.props, dirty, self.hidden):
            self.steps += before - sum(map(int.bit_count, dom))  # the work a dead end took counts too
            return
        counts = bytes(map(int.bit_count, dom))  # one C-speed pass for the sum and the MRV cell
        after = sum(counts)
        self.steps += before - after
        if 0 in counts:  # an empty domain a propagator left unreported
            return
        if self.nodes == 1:
            self.root = dom[:]
        alternatives = self.split(dom) if self.split is not None else None
        if alternatives:
            self._split(dom, after, alternatives)
        else:
            self._branch(dom, after, mrv_from_counts(counts, self.board.n))

    def _naked_node(self, dom: list[int], cell: int, before: int) -> None:
        """`_node` below the root of a naked-singles search (the hot path of fills and digs): the one
        changed cell is the branch cell, eliminations are counted as they happen (no recount), the
        MRV scan stops at the first two-candidate cell, and the branching is inlined."""
        self.nodes += 1
        if self.nodes > self.node_limit:
            self.exhausted = True
            return
        board = self.board
        gone = naked_singles(dom, board.peers, [cell])
        if gone < 0:
            self.steps += ~gone
            return
        self.steps += gone
        cell = mrv_cell(dom)
        if cell < 0:
            self.solutions.append([d.bit_length() - 1 for d in dom])
            return
        d = dom[cell]
        after = before - gone - d.bit_count() + 1
        for v in VALUES[d] if self.order is None else self.order(cell, d):
            child = dom[:]
            child[cell] = 1 << v
            self._naked_node(child, cell, after)
            if len(self.solutions) >= self.limit or self.exhausted:
                return

    def _branch(self, dom: list[int], after: int, cell: int) -> None:
        """Record a solution (`cell` < 0: none open), or try each value of `cell`; `after` is the
        number of candidates in `dom`."""
        if cell < 0:
            self.solutions.append([d.bit_length() - 1 for d in dom])
            return
        d = dom[cell]
        choices = VALUES[d] if self.order is None else self.order(cell, d)
        after -= d.bit_count() - 1  # the candidates of the branching cell that the choice drops
        naked = self.naked
        for v in choices:
            child = dom[:]
            child[cell] = 1 << v
            if naked:
                self._naked_node(child, cell, after)
            else:
                self._node(child, [cell], after)
            if len(self.solutions) >= self.limit or self.exhausted:
                return

    def _split(self, dom: list[int], after: int, alternatives: list[dict[int, int]]) -> None:
        """Try each alternative assignment of `split` as a child node."""
        for alternative in alternatives:
            child = dom[:]
            dropped = 0
            for cell, v in alternative.items():
                dropped += child[cell].bit_count() - 1
                child[cell] = 1 << v
            self._node(child, list(alternative), after - dropped)
            if len(self.solutions) >= self.limit or self.exhausted:
                return


def givens_domain(board: Board, givens: dict[int, int] | Sequence[int]) -> list[int]:
    """Initial domains: every value everywhere except the given cells (a dict cell -> value, or a
    flat list of values with 0 for an open cell).

    >>> givens_domain(latin_board(2), {1: 2}), givens_domain(latin_board(2), [0, 2, 0, 0])
    ([6, 4, 6, 6], [6, 4, 6, 6])
    """
    full = full_mask(board.n)
    if isinstance(givens, dict):
        return [1 << givens[i] if i in givens else full for i in range(board.size)]
    return [1 << v if v else full for v in givens]


class Count(NamedTuple):
    """What a bounded count found: up to `limit` solutions, the nodes used, whether the search
    finished (when `complete` is False, fewer solutions than `limit` prove nothing), the domains
    after propagation at the root, and the candidates eliminated over the whole search."""

    solutions: list[list[int]]
    nodes: int
    complete: bool
    root: list[int] | None
    steps: int


def count_solutions(board: Board, givens: dict[int, int] | Sequence[int], props: Sequence[Propagator] = (),
                    limit: int = 2, node_limit: int = 1_000_000, exclude: dict[int, int] | None = None,
                    hidden: bool = True, split: Split | None = None) -> Count:
    """Up to `limit` solutions (flat lists), the search nodes used, and whether the search finished.

    `givens` as in `givens_domain`. `exclude` (cell -> value) forbids those values: asking for one
    solution that differs from a known one at a cell is how a generator proves that cell's given
    redundant, far faster than counting the whole puzzle again. `hidden` and `split` as in `Search`.

    >>> count_solutions(latin_board(2), {0: 1})
    Count(solutions=[[1, 2, 2, 1]], nodes=1, complete=True, root=[2, 4, 4, 2], steps=3)
    >>> count_solutions(latin_board(2), {}, limit=1, exclude={0: 1}).solutions
    [[2, 1, 1, 2]]
    """
    dom = givens_domain(board, givens)
    for cell, value in (exclude or {}).items():
        dom[cell] &= ~(1 << value)
    search = Search(board, props, limit=limit, node_limit=node_limit, hidden=hidden, split=split)
    sols = search.run(dom)
    return Count(sols, search.nodes, not search.exhausted, search.root, search.steps)

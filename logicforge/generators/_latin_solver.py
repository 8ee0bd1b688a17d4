"""A counting solver for Latin-square puzzles (futoshiki, skyscraper, ...): bitmask domains,
all-different propagation (naked and hidden singles), family propagators, and MRV branching.

Cells are numbered ``r * n + c``; a domain is an int whose bit ``v`` is set when value ``v``
(1..n) is still possible. A propagator is a callable ``prop(dom) -> list[int] | None`` that narrows
the domains in place and returns the cells it changed, or None on a contradiction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from logicforge.generators._latin import random_latin_square

# Bounds each uniqueness count so generation time has no heavy tail; a count that gives up is
# treated as "not proved unique" (another given is added or kept), never as unique.
NODE_LIMIT = 500

Propagator = Callable[[list[int]], "list[int] | None"]


def full_mask(n: int) -> int:
    """The domain holding every value 1..n (bits 1..n).

    >>> bin(full_mask(3))
    '0b1110'
    """
    return (1 << (n + 1)) - 2


def lines_of(n: int) -> list[list[int]]:
    """The 2n lines of an n x n grid as cell lists: rows first (left to right), then columns (top down)."""
    rows = [[r * n + c for c in range(n)] for r in range(n)]
    return rows + [[r * n + c for r in range(n)] for c in range(n)]


_LINES = {n: lines_of(n) for n in range(1, 10)}


def values_of(mask: int) -> list[int]:
    """The values whose bits are set, ascending.

    >>> values_of(0b1010)
    [1, 3]
    """
    out = []
    v = 1
    mask >>= 1
    while mask:
        if mask & 1:
            out.append(v)
        mask >>= 1
        v += 1
    return out


# values_of for every domain of n <= 9 (bits 1..9), looked up in the solvers' inner loops.
VALUES = [values_of(m) for m in range(1 << 10)]


@dataclass
class Search:
    """One counting search over an n x n Latin square with extra propagators.

    Attributes:
        n: the order of the square.
        props: family propagators, run after every all-different pass.
        limit: stop after this many solutions (2 proves or disproves uniqueness).
        rng: when given, values are tried in random order (used to fill random squares).
        node_limit: give up (``exhausted`` set) after this many search nodes.
    """

    n: int
    props: Sequence[Propagator] = ()
    limit: int = 2
    rng: np.random.Generator | None = None
    node_limit: int = 1_000_000
    nodes: int = 0
    steps: int = 0  # candidates eliminated by propagation, summed over every node (deduction work)
    exhausted: bool = False
    solutions: list[list[int]] = field(default_factory=list)
    root: list[int] | None = None  # the domains after propagation at the root (None: contradiction)

    def run(self, dom: list[int]) -> list[list[int]]:
        """Search from `dom`; the solutions found (flat value lists), at most `limit` of them."""
        self._node(list(dom), None)
        return self.solutions

    def _node(self, dom: list[int], dirty: list[int] | None) -> None:
        self.nodes += 1
        if self.nodes > self.node_limit:
            self.exhausted = True
            return
        before = sum(d.bit_count() for d in dom)
        consistent = self._fixpoint(dom, dirty)
        self.steps += before - sum(d.bit_count() for d in dom)  # also the work a dead end took
        if not consistent:
            return
        if self.root is None and dirty is None:
            self.root = dom[:]
        cell = _most_constrained(dom)
        if cell < 0:
            self.solutions.append([d.bit_length() - 1 for d in dom])
            return
        choices = VALUES[dom[cell]]
        if self.rng is not None:
            choices = [choices[int(i)] for i in self.rng.permutation(len(choices))]
        for v in choices:
            child = dom[:]
            child[cell] = 1 << v
            self._node(child, [cell // self.n, self.n + cell % self.n])
            if len(self.solutions) >= self.limit or self.exhausted:
                return

    def _fixpoint(self, dom: list[int], dirty: list[int] | None) -> bool:
        n = self.n
        while True:
            if not all_different(dom, n, dirty):
                return False
            changed: set[int] = set()
            for prop in self.props:
                cells = prop(dom)
                if cells is None:
                    return False
                changed.update(cells)
            if not changed:
                return True
            dirty = sorted({i // n for i in changed} | {n + i % n for i in changed})


def _most_constrained(dom: list[int]) -> int:
    """The undecided cell with the fewest candidates (first in row-major order on ties), or -1."""
    best, best_count = -1, 99
    for i, d in enumerate(dom):
        if d & (d - 1):
            count = d.bit_count()
            if count < best_count:
                best, best_count = i, count
                if count == 2:
                    break
    return best


def all_different(dom: list[int], n: int, dirty: list[int] | None = None) -> bool:
    """Naked and hidden singles on the `dirty` lines (default all), re-queueing the crossing line of
    every changed cell, until nothing changes; False on a contradiction. Lines as in `lines_of`."""
    lines, full = _LINES[n], full_mask(n)
    queue = list(range(2 * n)) if dirty is None else list(dirty)
    queued = [False] * (2 * n)
    for li in queue:
        queued[li] = True
    while queue:
        li = queue.pop()
        queued[li] = False
        changed = _line_singles(dom, lines[li], full)
        if changed is None:
            return False
        for i in changed:
            d = dom[i]
            if d & (d - 1):
                continue  # only a new single must reach the crossing line (hidden singles wait)
            lj = n + i % n if li < n else i // n
            if not queued[lj]:
                queued[lj] = True
                queue.append(lj)
    return True


def _line_singles(dom: list[int], line: list[int], full: int) -> list[int] | None:
    """One line's naked and hidden singles until the line is stable; the cells changed, or None
    on a contradiction."""
    changed: list[int] = []
    while True:
        fixed = 0
        for i in line:
            d = dom[i]
            if not d & (d - 1):
                if not d or fixed & d:
                    return None
                fixed |= d
        once = twice = 0
        again = False
        for i in line:
            d = dom[i]
            if d & (d - 1) and d & fixed:
                d &= ~fixed
                dom[i] = d
                changed.append(i)
                again = again or not d & (d - 1)  # a new single: its value leaves the others
            twice |= once & d
            once |= d
        if once != full:
            return None  # some value has no cell left in this line
        hidden = once & ~twice & ~fixed
        for i in line if hidden else ():
            h = dom[i] & hidden
            if h and h != dom[i]:
                if h & (h - 1):
                    return None  # one cell is the only place for two values
                dom[i] = h
                changed.append(i)
                again = True
        if not again:
            return changed


def givens_domain(n: int, givens: dict[int, int]) -> list[int]:
    """Initial domains: full everywhere except the given cells (cell -> value)."""
    full = full_mask(n)
    return [1 << givens[i] if i in givens else full for i in range(n * n)]


class Count(NamedTuple):
    """What a bounded count found: up to `limit` solutions, the nodes used, whether the search
    finished (when `complete` is False, fewer solutions than `limit` prove nothing), the domains
    after propagation at the root, and the candidates eliminated over the whole search."""

    solutions: list[list[int]]
    nodes: int
    complete: bool
    root: list[int] | None
    steps: int


def count_solutions(
    n: int,
    givens: dict[int, int],
    props: Sequence[Propagator] = (),
    limit: int = 2,
    node_limit: int = 1_000_000,
    exclude: dict[int, int] | None = None,
) -> Count:
    """Up to `limit` solutions (flat lists), the search nodes used, and whether the search finished.

    `exclude` (cell -> value) forbids those values: asking for one solution that differs from a
    known one at a cell is how a generator proves that cell's given redundant, far faster than
    counting the whole puzzle again.

    >>> count_solutions(2, {0: 1})
    Count(solutions=[[1, 2, 2, 1]], nodes=1, complete=True, root=[2, 4, 4, 2], steps=3)
    >>> count_solutions(2, {}, limit=1, exclude={0: 1}).solutions
    [[2, 1, 1, 2]]
    """
    dom = givens_domain(n, givens)
    for cell, value in (exclude or {}).items():
        dom[cell] &= ~(1 << value)
    search = Search(n, props, limit=limit, node_limit=node_limit)
    sols = search.run(dom)
    return Count(sols, search.nodes, not search.exhausted, search.root, search.steps)


def random_latin_fill(n: int, rng: np.random.Generator) -> list[list[int]]:
    """A random n x n Latin square from a randomised search (all isotopy classes reachable).

    Falls back to `random_latin_square` if the search ever stalls (it practically never does),
    so the time stays bounded and the result deterministic.

    >>> sq = random_latin_fill(5, np.random.default_rng(1))
    >>> all(sorted(r) == [1, 2, 3, 4, 5] for r in sq + [list(c) for c in zip(*sq)])
    True
    """
    search = Search(n, (), limit=1, rng=rng, node_limit=50 * n * n)
    sols = search.run(givens_domain(n, {}))
    if not sols:
        return random_latin_square(n, rng)
    return [sols[0][r * n : (r + 1) * n] for r in range(n)]


def unique_givens(n: int, flat: list[int], props: list[Propagator], rng: np.random.Generator) -> dict[int, int]:
    """Add givens from the solution, each where a rival solution disagrees (anywhere free when the
    bounded search gave up), until a finished count finds the solution alone."""
    givens: dict[int, int] = {}
    while True:
        found = count_solutions(n, givens, props, node_limit=NODE_LIMIT)
        rivals = [s for s in found.solutions if s != flat]
        if found.complete and not rivals:
            return givens
        pool = [i for i in range(n * n) if (rivals[0][i] != flat[i] if rivals else i not in givens)]
        if found.root is not None:  # the widest cells tell the most; choose among them
            widest = max(found.root[i].bit_count() for i in pool)
            pool = [i for i in pool if found.root[i].bit_count() == widest]
        cell = pool[int(rng.integers(len(pool)))]
        givens[cell] = flat[cell]


def drop_redundant_givens(
    n: int, givens: dict[int, int], props: list[Propagator], rng: np.random.Generator
) -> dict[int, int]:
    """Try removing each given in random order; the removal is kept when no solution of the rest
    differs from the reference at that cell (any rival would have to)."""
    cells = sorted(givens)
    for i in rng.permutation(len(cells)):
        cell = cells[int(i)]
        trial = {k: v for k, v in givens.items() if k != cell}
        found = count_solutions(n, trial, props, limit=1, node_limit=NODE_LIMIT, exclude={cell: givens[cell]})
        if found.complete and not found.solutions:
            givens = trial
    return givens


def add_extra_givens(
    n: int, flat: list[int], givens: dict[int, int], extra: int, rng: np.random.Generator
) -> dict[int, int]:
    """`extra` more givens from the solution `flat`, at random free cells (easier puzzles)."""
    free = [i for i in range(n * n) if i not in givens]
    picks = rng.choice(len(free), size=min(extra, len(free)), replace=False) if extra else []
    return {**givens, **{free[int(i)]: flat[free[int(i)]] for i in picks}}

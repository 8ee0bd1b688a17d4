"""Making puzzles with the finite-domain solver (`_fd`): random fills, and givens from a known
solution that make it the only one (or, without a proof, just random givens)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from logicforge.generators._fd import (
    VALUES,
    Board,
    Order,
    Propagator,
    Search,
    count_solutions,
    givens_domain,
    latin_board,
    propagate,
)

# Bounds each uniqueness count in the give-a-clue loops so generation time has no heavy tail; a
# count that gives up is treated as "not proved unique" (a given is added or kept), never as unique.
NODE_LIMIT = 500


def shuffled(rng: np.random.Generator) -> Order:
    """A value order that draws a fresh random order at every branch."""

    def order(cell: int, mask: int) -> list[int]:
        vals = VALUES[mask]
        return [vals[int(i)] for i in rng.permutation(len(vals))]

    return order


def drawn_order(board: Board, rng: np.random.Generator) -> Order:
    """A value order drawn up front: each cell tries its values in its own random permutation (one
    numpy call for the whole board where `shuffled` makes one per branch, so fills run faster)."""
    table = rng.permuted(np.tile(np.arange(1, board.n + 1), (board.size, 1)), axis=1).tolist()

    def order(cell: int, mask: int) -> list[int]:
        return [v for v in table[cell] if mask >> v & 1]

    return order


def random_fill(board: Board, rng: np.random.Generator, givens: dict[int, int] | None = None,
                order: Order | None = None, hidden: bool = True) -> list[int]:
    """A random solution (flat list): the first a search finds trying values in a random `order`
    (default `shuffled`); every solution is reachable. ValueError if the `givens` admit none.

    >>> from logicforge.generators._fd import latin_board
    >>> sq = random_fill(latin_board(5), np.random.default_rng(1))
    >>> all(sorted(sq[r * 5 : r * 5 + 5]) == [1, 2, 3, 4, 5] == sorted(sq[r::5]) for r in range(5))
    True
    """
    search = Search(board, (), limit=1, order=order or shuffled(rng), hidden=hidden)
    # the open cells are full, so propagation need only start from the givens
    sols = search.run(givens_domain(board, givens or {}), list(givens or ()))
    if not sols:
        raise ValueError("the givens admit no solution")
    return sols[0]


def random_latin(n: int, rng: np.random.Generator) -> list[int]:
    """A random n x n Latin square (flat), the fast way: a random first row and first column (any
    such pair completes to a square), the rest by a naked-singles search trying values in an order
    drawn per cell up front (a 9x9 takes about a quarter of `random_fill`'s time).

    >>> sq = random_latin(4, np.random.default_rng(0))
    >>> all(sorted(sq[r * 4 : r * 4 + 4]) == [1, 2, 3, 4] == sorted(sq[r::4]) for r in range(4))
    True
    """
    board = latin_board(n)
    order = drawn_order(board, rng)
    row = rng.permutation(n) + 1
    col = rng.permutation(n - 1)
    givens = {c: int(v) for c, v in enumerate(row)}
    rest = [v for v in range(1, n + 1) if v != givens[0]]
    givens.update({(r + 1) * n: rest[int(k)] for r, k in enumerate(col)})
    return random_fill(board, rng, givens, order, hidden=False)


def unique_givens(board: Board, flat: list[int], props: Sequence[Propagator], rng: np.random.Generator,
                  node_limit: int = NODE_LIMIT) -> dict[int, int]:
    """Add givens from the solution `flat`, each where a rival solution disagrees (anywhere free when
    the bounded search gave up), until a finished count finds the solution alone."""
    givens: dict[int, int] = {}
    while True:
        found = count_solutions(board, givens, props, node_limit=node_limit)
        rivals = [s for s in found.solutions if s != flat]
        if found.complete and not rivals:
            return givens
        pool = [i for i in range(board.size) if (rivals[0][i] != flat[i] if rivals else i not in givens)]
        if found.root is not None:  # the widest cells tell the most; choose among them
            widest = max(found.root[i].bit_count() for i in pool)
            pool = [i for i in pool if found.root[i].bit_count() == widest]
        cell = pool[int(rng.integers(len(pool)))]
        givens[cell] = flat[cell]


def walk_givens(board: Board, flat: list[int], props: Sequence[Propagator], rng: np.random.Generator,
                node_limit: int = NODE_LIMIT) -> dict[int, int]:
    """Givens from the solution `flat` along a widest-first walk, cut at the shortest prefix that a
    finished count proves unique.

    The walk fixes the widest open cell (random among ties) to its value in `flat` and propagates,
    until propagation alone decides every cell (so the whole walk is unique). Uniqueness only grows
    along the walk, so the shortest unique prefix is found by galloping down from the end (long
    prefixes are proved in a few nodes) and then bisecting: about 2 log2(length) counts, where
    `unique_givens` counts once per given added (a 9x9 futoshiki: ~7 cheap counts, not 20).
    """
    walk = widest_walk(board, flat, props, rng)

    def unique(k: int) -> bool:
        found = count_solutions(board, {c: flat[c] for c in walk[:k]}, props, node_limit=node_limit)
        return found.complete and found.solutions == [flat]

    lo, hi, step = -1, len(walk), 1  # hi: a prefix proved unique; lo: one not proved
    while hi - step > lo:
        if not unique(hi - step):
            lo = hi - step
            break
        hi, step = hi - step, 2 * step
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if unique(mid):
            hi = mid
        else:
            lo = mid
    return {c: flat[c] for c in walk[:hi]}


def widest_walk(board: Board, flat: list[int], props: Sequence[Propagator], rng: np.random.Generator) -> list[int]:
    """The cells a widest-first walk fixes to their values in `flat`, in order (see `walk_givens`)."""
    dom = givens_domain(board, {})
    dirty: list[int] | None = None
    walk: list[int] = []
    while True:
        if not propagate(dom, board, props, dirty):
            raise ValueError("flat is not a solution of the puzzle")
        counts = [d.bit_count() for d in dom]
        widest = max(counts)
        if widest == 1:
            return walk
        pool = [i for i, k in enumerate(counts) if k == widest]
        cell = pool[int(rng.integers(len(pool)))]
        walk.append(cell)
        dom[cell] = 1 << flat[cell]
        dirty = [cell]


def drop_redundant_givens(board: Board, givens: dict[int, int], props: Sequence[Propagator],
                          rng: np.random.Generator, node_limit: int = NODE_LIMIT) -> dict[int, int]:
    """Try removing each given in random order; the removal is kept when no solution of the rest
    differs from the reference at that cell (any rival would have to)."""
    cells = sorted(givens)
    for i in rng.permutation(len(cells)):
        cell = cells[int(i)]
        trial = {k: v for k, v in givens.items() if k != cell}
        found = count_solutions(board, trial, props, limit=1, node_limit=node_limit, exclude={cell: givens[cell]})
        if found.complete and not found.solutions:
            givens = trial
    return givens


def add_extra_givens(size: int, flat: list[int], givens: dict[int, int], extra: int,
                     rng: np.random.Generator) -> dict[int, int]:
    """`extra` more givens from the solution `flat`, at random free cells among `size` (easier
    puzzles; with no givens yet, the random givens of a puzzle made without a uniqueness proof)."""
    free = [i for i in range(size) if i not in givens]
    picks = rng.choice(len(free), size=min(extra, len(free)), replace=False) if extra else []
    return {**givens, **{free[int(i)]: flat[free[int(i)]] for i in picks}}


def finish_unique(board: Board, flat: list[int], givens: dict[int, int], props: Sequence[Propagator],
                  minimize: bool, extra: int, rng: np.random.Generator, family: str) -> tuple[dict[int, int], int]:
    """The last steps of a proved-unique Latin-square puzzle: drop redundant givens (`minimize`), add
    `extra` random ones, then one full count that must find `flat` alone. Returns the givens and the
    proof's steps (the puzzle's hardness); RuntimeError naming `family` if the steps lost uniqueness."""
    if minimize:
        givens = drop_redundant_givens(board, givens, props, rng)
    givens = add_extra_givens(len(flat), flat, givens, extra, rng)
    proof = count_solutions(board, givens, props)
    if proof.solutions != [flat] or not proof.complete:  # an invariant: the steps above keep it unique
        raise RuntimeError(f"{family} generator lost uniqueness")
    return givens, proof.steps

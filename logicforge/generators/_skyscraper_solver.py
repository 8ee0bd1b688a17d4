"""Skyscraper line reasoning: which heights each cell of a clued line can still take.

Every permutation of 1..n is numbered once per process; a set of permutations is an int bitset,
so "the permutations of this line that match both edge clues and every cell's candidates" is a
handful of big-int ANDs, and a candidate survives only if some such permutation uses it
(generalised arc consistency on the whole line).
"""

from __future__ import annotations

import itertools
from functools import cache, lru_cache

import numpy as np

from logicforge.generators._fd import VALUES, Propagator, full_mask


def visible(line: list[int]) -> int:
    """How many buildings one sees looking along `line` from its start.

    >>> visible([2, 1, 3, 4]), visible([4, 3, 2, 1])
    (3, 1)
    """
    seen, tallest = 0, 0
    for h in line:
        if h > tallest:
            seen, tallest = seen + 1, h
    return seen


def _pack(mask: np.ndarray) -> int:
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


@cache
def _tables(n: int) -> tuple[list[list[int]], list[list[int]], list[int], list[int], int]:
    """Bitsets over the n! permutations: `at[p][v]` (value v at position p), its complement
    `not_at[p][v]`, `front[k]` / `back[k]` (k buildings visible from the start / the end)."""
    perms = np.array(list(itertools.permutations(range(1, n + 1))), dtype=np.int8).reshape(-1, n)
    universe = (1 << len(perms)) - 1
    at = [[0] + [_pack(perms[:, p] == v) for v in range(1, n + 1)] for p in range(n)]
    not_at = [[universe ^ m for m in row] for row in at]
    front_seen = (perms == np.maximum.accumulate(perms, axis=1)).sum(axis=1)
    rev = perms[:, ::-1]
    back_seen = (rev == np.maximum.accumulate(rev, axis=1)).sum(axis=1)
    front = [universe] + [_pack(front_seen == k) for k in range(1, n + 1)]
    back = [universe] + [_pack(back_seen == k) for k in range(1, n + 1)]
    return at, not_at, front, back, universe


@lru_cache(maxsize=1 << 15)
def line_support(n: int, front: int, back: int, doms: tuple[int, ...]) -> tuple[int, ...] | None:
    """The candidates of a line's cells that some permutation matching the clues uses.

    A clue k > 0 asks for k visible buildings, 0 for no clue, and -k for any count but k (how a
    generator asks whether a clue is redundant). Returns None when no permutation fits.

    >>> from logicforge.generators._fd import values_of
    >>> [values_of(d) for d in line_support(3, 3, 0, (14, 14, 14))]
    [[1], [2], [3]]
    """
    at, not_at, front_sets, back_sets, universe = _tables(n)
    full = full_mask(n)
    live = (front_sets[front] if front >= 0 else universe ^ front_sets[-front]) & (
        back_sets[back] if back >= 0 else universe ^ back_sets[-back]
    )
    for p, d in enumerate(doms):
        if d == full:
            continue
        vals = VALUES[d]
        if 2 * len(vals) <= n:
            allowed = 0
            for v in vals:
                allowed |= at[p][v]
            live &= allowed
        else:
            for v in VALUES[full & ~d]:
                live &= not_at[p][v]
        if not live:
            return None
    out = []
    for p, d in enumerate(doms):
        at_p = at[p]
        keep = 0
        for v in VALUES[d]:
            if live & at_p[v]:
                keep |= 1 << v
        out.append(keep)
    return tuple(out)


def clued_lines(n: int, top: list[int], bottom: list[int], left: list[int], right: list[int]) -> list[tuple]:
    """(cells, front clue, back clue) for every row and column with at least one clue (0: none;
    -k: anything but k, see `line_support`)."""
    out = []
    for r in range(n):
        if left[r] or right[r]:
            out.append(([r * n + c for c in range(n)], left[r], right[r]))
    for c in range(n):
        if top[c] or bottom[c]:
            out.append(([r * n + c for r in range(n)], top[c], bottom[c]))
    return out


def visibility_propagator(n: int, lines: list[tuple]) -> Propagator:
    """Narrow every clued line to the candidates its matching permutations use."""

    def prop(dom: list[int]) -> list[int] | None:
        changed = []
        for cells, front, back in lines:
            doms = tuple([dom[i] for i in cells])
            new = line_support(n, front, back, doms)
            if new is None:
                return None
            if new != doms:
                for i, old, now in zip(cells, doms, new):
                    if old != now:
                        dom[i] = now
                        changed.append(i)
        return changed

    return prop

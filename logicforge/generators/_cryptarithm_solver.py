"""Counting solver for cryptarithms: a linear search over letters with interval pruning."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np


def count_solutions(
    terms: Sequence[str],
    signs: Sequence[int],
    result: str,
    multiply: bool = False,
    fixed: dict[str, int] | None = None,
    limit: int = 2,
) -> tuple[list[dict[str, int]], int]:
    """Solutions (at most `limit`) of a cryptarithm, and the search nodes spent finding them.

    Without `multiply` the equation is `sum(sign * term) = result`; with it, `terms[0] * terms[1]
    = result` (signs ignored). Letters take distinct digits, the first letter of every word is
    non-zero and `fixed` pins some letters. A sum is one linear equation `sum(c_L * d_L) = 0` over
    the letters; it is searched from the letter with the largest coefficient down, pruning any
    branch whose remaining letters cannot bring the sum back to 0, and the last letter is solved
    for directly. A product is linear once the multiplier's letters are chosen, so the search
    tries each assignment of those first (long multipliers all at once, in numpy).

    >>> sols, nodes = count_solutions(["SEND", "MORE"], [1, 1], "MONEY")
    >>> sols == [dict(zip("DEMNORSY", (7, 5, 1, 6, 0, 8, 9, 2)))]
    True
    >>> len(count_solutions(["A", "B"], [1, 1], "C")[0])  # 1 + 2 = 3, 1 + 3 = 4, ...: not unique
    2
    """
    return Cryptarithm(terms, signs, result, multiply).count(fixed, limit)


class Cryptarithm:
    """A cryptarithm prepared once, to count its solutions under several sets of revealed letters.

    >>> puzzle = Cryptarithm(["AB", "CD"], [1, 1], "EF")
    >>> len(puzzle.count({"A": 1, "B": 2, "C": 3}, limit=10)[0])  # 12 + 3D = EF: D = 4, 5, 6, 7
    4
    >>> puzzle.interchangeable(dict(zip("ABCDEF", (1, 2, 3, 4, 4, 6))))
    [['A', 'C'], ['B', 'D']]
    """

    def __init__(self, terms: Sequence[str], signs: Sequence[int], result: str, multiply: bool = False):
        self.terms, self.result, self.multiply = list(terms), result, multiply
        words = [*terms, result]
        self.letters = sorted({c for w in words for c in w})
        self.nonzero = {w[0] for w in words}
        self.coef = {} if multiply else _coefficients(list(zip(terms, signs)), result)
        self.order = sorted(self.letters, key=lambda c: (-abs(self.coef.get(c, 0)), c))

    def count(self, fixed: dict[str, int] | None = None, limit: int = 2) -> tuple[list[dict[str, int]], int]:
        """Solutions (at most `limit`) with the letters in `fixed` pinned, and search nodes spent."""
        fixed = dict(fixed or {})
        if not _consistent(fixed, self.nonzero):
            return [], 0
        if self.multiply:
            return _product(*self.terms, self.result, self.letters, self.nonzero, fixed, limit)
        return _linear([c for c in self.order if c not in fixed], self.coef, self.nonzero, fixed, limit)

    def interchangeable(self, digits: dict[str, int]) -> list[list[str]]:
        """Groups of letters of a sum that can trade their (non-zero) `digits`: letters with the
        same total place value, so a unique puzzle must reveal all but one of each group."""
        groups: dict[int, list[str]] = {}
        for c in self.letters:
            if digits[c] and not self.multiply:
                groups.setdefault(self.coef[c], []).append(c)
        return [g for g in groups.values() if len(g) > 1]


def _consistent(fixed: dict[str, int], nonzero: set[str]) -> bool:
    digits = list(fixed.values())
    ok_range = all(0 <= d <= 9 for d in digits)
    return ok_range and len(digits) == len(set(digits)) and not any(fixed[c] == 0 for c in nonzero if c in fixed)


def _coefficients(terms: list[tuple[str, int]], result: str) -> dict[str, int]:
    """Each letter's total place value in `sum(sign * term) - result`."""
    coef: dict[str, int] = {}
    for word, sign in terms:
        for p, c in enumerate(reversed(word)):
            coef[c] = coef.get(c, 0) + sign * 10**p
    for p, c in enumerate(reversed(result)):
        coef[c] = coef.get(c, 0) - 10**p
    return coef


def _linear(free, coef, nonzero, fixed, limit) -> tuple[list[dict[str, int]], int]:
    """Solutions of `sum(coef[L] * d_L) = 0` with `fixed` pinned, searching `free` in order
    (largest |coefficient| first)."""
    cs = [coef.get(c, 0) for c in free]
    low = [1 if c in nonzero else 0 for c in free]
    # lo[i], hi[i]: the least and greatest sum the letters i.. can still add (digits low..9)
    lo, hi = [0] * (len(free) + 1), [0] * (len(free) + 1)
    for i in range(len(free) - 1, -1, -1):
        a, b = cs[i] * low[i], cs[i] * 9
        lo[i], hi[i] = lo[i + 1] + min(a, b), hi[i + 1] + max(a, b)
    base = sum(coef.get(c, 0) * d for c, d in fixed.items())
    used = sum(1 << d for d in fixed.values())
    found, nodes = _search(cs, low, lo, hi, base, used, limit)
    return [{**fixed, **dict(zip(free, vals))} for vals in found], nodes


# _FREE[mask]: the digits not in the bit mask `mask`, ascending (one lookup instead of ten bit tests)
_FREE = tuple(tuple(d for d in range(10) if not mask >> d & 1) for mask in range(1024))


def _last_digits(c: int, low: int, part: int, used: int) -> list[int]:
    """Digits d >= low, not in `used`, with `part + c * d = 0` (any free digit when c is 0)."""
    if c:
        q, r = divmod(-part, c)
        return [q] if not r and low <= q <= 9 and not used >> q & 1 else []
    return [d for d in _FREE[used] if d >= low] if part == 0 else []


def _search(coef, low, lo, hi, base, used, limit) -> tuple[list[tuple[int, ...]], int]:
    """Digit tuples (at most `limit`) with `base + sum(coef[i] * d_i) = 0`, and nodes spent.

    Flat lists and closures rather than objects: this loop is the generator's hot path.
    """
    n = len(coef)
    if not lo[0] <= -base <= hi[0]:  # no digits can close the gap: the root has no nodes
        return [], 0
    if n < 2:  # nothing to branch on (the root check left base == 0 if no letter is free)
        digits = _last_digits(coef[0], low[0], base, used)[:limit] if n else [()]
        return [(d,) for d in digits] if n else digits, len(digits) if n else 0
    val, found, nodes = [0] * n, [], 0
    c_end, low_end, tail = coef[-1], low[-1], n - 2

    def step(i: int, part: int, used: int) -> bool:
        """Choose a digit for letter i (the bound prune); True once `limit` solutions are found."""
        nonlocal nodes
        c, lo1, hi1 = coef[i], lo[i + 1], hi[i + 1]
        if c > 0:
            first, last = -((part + hi1) // c), (-part - lo1) // c
        elif c < 0:
            first, last = -((-part - lo1) // -c), (part + hi1) // -c
        elif part + lo1 <= 0 <= part + hi1:
            first, last = 0, 9
        else:
            return False
        for d in range(first if first > low[i] else low[i], last + 1 if last < 9 else 10):
            if used >> d & 1:
                continue
            if i == tail:
                if end(part + c * d, used | 1 << d, i, d):
                    return True
                continue
            nodes += 1
            val[i] = d
            if step(i + 1, part + c * d, used | 1 << d):
                return True
        return False

    def end(p: int, used: int, i: int, d: int) -> bool:
        """The last letter is forced, `c_end * e = -p` (any free digit if c_end is 0)."""
        nonlocal nodes
        ends = _last_digits(c_end, low_end, p, used)
        if p if not c_end else not ends:  # a node if the equation holds, even with no digit left
            return False
        nodes += 1
        val[i] = d
        for e in ends:
            nodes += 1
            val[-1] = e
            found.append(tuple(val))
            if len(found) >= limit:
                return True
        return False

    step(0, base, used)
    return found, nodes


def _product(left, right, result, letters, nonzero, fixed, limit):
    """`left * right = result`: try each assignment of `right`'s letters, then solve a sum.

    Every assignment of the multiplier counts `len(free)` nodes. Long multipliers are searched
    for all assignments at once, level by level in numpy (`_product_table`, `_sweep`), with the
    same letter order, nodes and solution order as the one-by-one loop below.
    """
    free = sorted({c for c in right if c not in fixed})
    rest = sorted(set(letters) - set(fixed) - set(free))
    if _BATCH <= len(free) <= 5 and len(rest) >= 2 and max(len(left) + len(right), len(result)) <= 15:
        return _product_batch(left, right, result, free, rest, nonzero, fixed, limit)
    pl, pp = _places(left), _places(result)
    solutions: list[dict[str, int]] = []
    nodes = 0
    for choice in _assignments(free, nonzero, set(fixed.values())):
        nodes += len(free)
        pinned = {**fixed, **choice}
        factor = int("".join(str(pinned[c]) for c in right))
        coef = {c: factor * pl.get(c, 0) - pp.get(c, 0) for c in letters}
        free_sum = sorted((c for c in letters if c not in pinned), key=lambda c: (-abs(coef[c]), c))
        found, spent = _linear(free_sum, coef, nonzero, pinned, limit - len(solutions))
        solutions += found
        nodes += spent
        if len(solutions) >= limit:
            break
    return solutions, nodes


_BATCH = 2  # free multiplier letters from which the numpy sweep beats the loop (measured)


def _places(word: str) -> dict[str, int]:
    """Each letter's total place value in `word`."""
    out: dict[str, int] = {}
    for p, c in enumerate(reversed(word)):
        out[c] = out.get(c, 0) + 10**p
    return out


def _assignments(free: list[str], nonzero: set[str], taken: set[int]):
    """Every injective digit assignment of `free` avoiding `taken` (leading letters non-zero)."""
    if not free:
        yield {}
        return
    head, rest = free[0], free[1:]
    for d in range(1 if head in nonzero else 0, 10):
        if d not in taken:
            for tail in _assignments(rest, nonzero, taken | {d}):
                yield {head: d, **tail}


_PERMS: dict[int, np.ndarray] = {}  # k -> every k-permutation of 0..9 in lexicographic order
_DIGITS = np.arange(10, dtype=np.int64)


def _product_table(left, right, result, free, rest, nonzero, fixed):
    """Every assignment of the multiplier's free letters (in `_assignments` order) as rows, with
    each row's sum so far, used-digit mask and the coefficients of `rest` (the other letters)."""
    k = len(free)
    if k not in _PERMS:
        perms = list(itertools.permutations(range(10), k))
        _PERMS[k] = np.array(perms, dtype=np.int64).reshape(len(perms), k)
    rows = _PERMS[k]
    keep = np.ones(len(rows), dtype=bool)
    for d in fixed.values():
        keep &= (rows != d).all(axis=1)
    for j, c in enumerate(free):
        if c in nonzero:
            keep &= rows[:, j] != 0
    rows = rows[keep]
    pl, pr, pp = _places(left), _places(right), _places(result)
    factor = sum(pr.get(c, 0) * d for c, d in fixed.items()) + rows @ np.array([pr[c] for c in free], dtype=np.int64)
    base = np.zeros(len(rows), dtype=np.int64)
    for c, digit in [*fixed.items(), *((c, rows[:, j]) for j, c in enumerate(free))]:
        base += (factor * pl.get(c, 0) - pp.get(c, 0)) * digit
    used = np.left_shift(1, rows).sum(axis=1) + sum(1 << d for d in fixed.values())  # digits differ: sum = or
    coef = factor[:, None] * np.array([pl.get(c, 0) for c in rest], dtype=np.int64)
    coef -= np.array([pp.get(c, 0) for c in rest], dtype=np.int64)
    return rows, base, used, coef


def _product_batch(left, right, result, free, rest, nonzero, fixed, limit):
    """`_product` for every multiplier row at once; nodes as the one-by-one search counts them."""
    rows, base, used, coef = _product_table(left, right, result, free, rest, nonzero, fixed)
    n = len(rest)
    order = np.argsort(-np.abs(coef), axis=1, kind="stable")  # ties by letter, as `_linear` sorts
    cs = np.take_along_axis(coef, order, axis=1)
    low = np.array([1 if c in nonzero else 0 for c in rest], dtype=np.int64)[order]
    keys, sols = _sweep(cs, low, base, used)
    if len(sols) >= limit:  # the one-by-one search stops at this solution: count what it visited
        stop = sols[limit - 1]
        sols = sols[:limit]
        spent = sum(int(np.searchsorted(level, stop // 10 ** (n - 1 - i), side="right"))
                    for i, level in enumerate(keys))
        nodes = (stop // 10**n + 1) * len(free) + spent + limit
    else:
        nodes = len(rows) * len(free) + sum(len(level) for level in keys) + len(sols)
    out = []
    for key in sols.tolist():
        r, digits = divmod(key, 10**n)
        vals = [digits // 10 ** (n - 1 - i) % 10 for i in range(n)]
        choice = dict(zip(free, rows[r].tolist()))
        out.append({**fixed, **choice, **{rest[j]: v for j, v in zip(order[r].tolist(), vals)}})
    return out, int(nodes)


def _sweep(cs, low, base, used):
    """Breadth-first `_search` over every row: the sorted keys (row, digits...) of the nodes of
    each level but the last, and of the solutions. Keys sort in the depth-first visiting order."""
    m, n = cs.shape
    ends = np.stack([cs * low, cs * 9])
    # lo[:, i], hi[:, i]: the least and greatest sum letters i.. can still add, as in `_linear`
    lo = np.zeros((m, n + 1), dtype=np.int64)
    hi = np.zeros((m, n + 1), dtype=np.int64)
    lo[:, :n] = ends.min(axis=0)[:, ::-1].cumsum(axis=1)[:, ::-1]
    hi[:, :n] = ends.max(axis=0)[:, ::-1].cumsum(axis=1)[:, ::-1]
    row, part, key, keys = np.arange(m), base, np.arange(m, dtype=np.int64), []
    for i in range(n):
        # a digit is a node if the letters after it can still bring the sum to 0 (the window)
        v = part[:, None] + cs[row, i][:, None] * _DIGITS
        ok = (v + lo[row, i + 1][:, None] <= 0) & (v + hi[row, i + 1][:, None] >= 0)
        ok &= (_DIGITS >= low[row, i][:, None]) & ((used[:, None] >> _DIGITS & 1) == 0)
        if i == n - 1:  # the last letter: its nodes are the solutions; its parent counts if c*e = -part
            keys[-1] = keys[-1][ok.any(axis=1) | ((cs[row, i] == 0) & (part == 0))]
            s, d = np.nonzero(ok)
            return keys, key[s] * 10 + d
        s, d = np.nonzero(ok)
        row, part, used, key = row[s], v[s, d], used[s] | 1 << d, key[s] * 10 + d
        keys.append(key)
    return keys, key  # not reached: `_product` sends fewer than two letters to the loop

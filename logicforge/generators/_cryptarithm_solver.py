"""Counting solver for cryptarithms: a linear search over letters with interval pruning."""

from __future__ import annotations

from collections.abc import Sequence


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
    tries each assignment of those first.

    >>> sols, nodes = count_solutions(["SEND", "MORE"], [1, 1], "MONEY")
    >>> sols == [dict(zip("DEMNORSY", (7, 5, 1, 6, 0, 8, 9, 2)))]
    True
    >>> len(count_solutions(["A", "B"], [1, 1], "C")[0])  # 1 + 2 = 3, 1 + 3 = 4, ...: not unique
    2
    """
    fixed = dict(fixed or {})
    words = [*terms, result]
    letters = sorted({c for w in words for c in w})
    nonzero = {w[0] for w in words}
    if not _consistent(fixed, nonzero):
        return [], 0
    if not multiply:
        coef = _coefficients(list(zip(terms, signs)), result)
        return _Linear(letters, coef, nonzero, fixed, limit).run()
    return _product(terms[0], terms[1], result, letters, nonzero, fixed, limit)


def _consistent(fixed: dict[str, int], nonzero: set[str]) -> bool:
    digits = list(fixed.values())
    ok_range = all(0 <= d <= 9 for d in digits)
    return ok_range and len(digits) == len(set(digits)) and not any(fixed[c] == 0 for c in nonzero if c in fixed)


def _coefficients(terms: list[tuple[str, int]], result: str, scale: int = 1) -> dict[str, int]:
    """Each letter's total place value in `scale * sum(sign * term) - result`."""
    coef: dict[str, int] = {}
    for word, sign in terms:
        for p, c in enumerate(reversed(word)):
            coef[c] = coef.get(c, 0) + sign * scale * 10**p
    for p, c in enumerate(reversed(result)):
        coef[c] = coef.get(c, 0) - 10**p
    return coef


def _product(left, right, result, letters, nonzero, fixed, limit):
    """`left * right = result`: try each assignment of `right`'s letters, then solve a sum."""
    free = sorted({c for c in right if c not in fixed})
    solutions: list[dict[str, int]] = []
    nodes = 0
    for choice in _assignments(free, nonzero, set(fixed.values())):
        nodes += len(free)
        pinned = {**fixed, **choice}
        factor = int("".join(str(pinned[c]) for c in right))
        coef = _coefficients([(left, 1)], result, scale=factor)
        found, spent = _Linear(letters, coef, nonzero, pinned, limit - len(solutions)).run()
        solutions += found
        nodes += spent
        if len(solutions) >= limit:
            break
    return solutions, nodes


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


# _FREE[mask]: the digits not in the bit mask `mask`, ascending (one lookup instead of ten bit tests)
_FREE = tuple(tuple(d for d in range(10) if not mask >> d & 1) for mask in range(1024))


class _Linear:
    """Search for digit assignments with `sum(coef[L] * d_L) = 0`; flat lists for speed."""

    def __init__(self, letters, coef, nonzero, fixed, limit):
        self.fixed = fixed
        self.base = sum(coef.get(c, 0) * d for c, d in fixed.items())
        free = sorted((c for c in letters if c not in fixed), key=lambda c: (-abs(coef.get(c, 0)), c))
        self.free = free
        self.coef = [coef.get(c, 0) for c in free]
        self.low = [1 if c in nonzero else 0 for c in free]
        # lo[i], hi[i]: the least and greatest sum the letters i.. can still add (digits 0..9)
        n = len(free)
        self.lo, self.hi = [0] * (n + 1), [0] * (n + 1)
        for i in range(n - 1, -1, -1):
            a, b = self.coef[i] * self.low[i], self.coef[i] * 9
            self.lo[i], self.hi[i] = self.lo[i + 1] + min(a, b), self.hi[i + 1] + max(a, b)
        self.val = [0] * n
        self.limit = limit
        self.solutions: list[dict[str, int]] = []
        self.nodes = 0

    def run(self) -> tuple[list[dict[str, int]], int]:
        used = 0
        for d in self.fixed.values():
            used |= 1 << d
        n = len(self.free)
        if n == 0:
            if self.base == 0:
                self.solutions.append(dict(self.fixed))
        elif n == 1:
            self._last(0, self.base, used)
        else:
            self._search(0, self.base, used)
        return self.solutions, self.nodes

    def _window(self, i: int, part: int) -> tuple[int, int]:
        """The digits d for letter i that keep `part + c*d` within reach of 0 (the bound prune)."""
        c, lo, hi = self.coef[i], self.lo[i + 1], self.hi[i + 1]
        if c > 0:
            first, last = -((part + hi) // c), (-part - lo) // c
        elif c < 0:
            first, last = -((-part - lo) // -c), (part + hi) // -c
        else:
            first, last = (0, 9) if part + lo <= 0 <= part + hi else (1, 0)
        return (first if first > self.low[i] else self.low[i]), (last if last < 9 else 9)

    def _search(self, i: int, part: int, used: int) -> bool:
        """Choose a digit for free letter i; True once `limit` solutions are found."""
        last_two = i == len(self.free) - 2
        first, last = self._window(i, part)
        c, val = self.coef[i], self.val
        for d in _FREE[used]:
            if d < first:
                continue
            if d > last:
                break
            p = part + c * d
            if last_two:
                if not self._fits_last(i + 1, p, used | 1 << d):
                    continue
            self.nodes += 1
            val[i] = d
            if (self._last if last_two else self._search)(i + 1, p, used | 1 << d):
                return True
        return False

    def _fits_last(self, i: int, part: int, used: int) -> bool:
        """Cheap pre-check that the last letter has a digit (saves a call per dead end)."""
        c = self.coef[i]
        if not c:
            return part == 0
        q, r = divmod(-part, c)
        return not r and self.low[i] <= q <= 9 and not used >> q & 1

    def _last(self, i: int, part: int, used: int) -> bool:
        """The last letter is forced: `c * d = -part` (any free digit when c is 0)."""
        c = self.coef[i]
        if c:
            q, r = divmod(-part, c)
            digits = [q] if r == 0 and self.low[i] <= q <= 9 and not used >> q & 1 else []
        else:
            digits = [d for d in range(self.low[i], 10) if not used >> d & 1] if part == 0 else []
        for d in digits:
            self.nodes += 1
            self.val[i] = d
            self.solutions.append({**self.fixed, **dict(zip(self.free, self.val))})
            if len(self.solutions) >= self.limit:
                return True
        return False

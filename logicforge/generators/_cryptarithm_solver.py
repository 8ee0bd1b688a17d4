"""Counting solver for cryptarithms: column-by-column search from the units digit, with carries."""

from __future__ import annotations

from collections.abc import Sequence


def count_solutions(
    operands: Sequence[str],
    result: str,
    multiply: bool = False,
    fixed: dict[str, int] | None = None,
    limit: int = 2,
) -> tuple[list[dict[str, int]], int]:
    """Solutions (at most `limit`) of `sum(operands) = result`, or `operands[0] * operands[1] = result`.

    Letters take distinct digits and the first letter of every word is non-zero; `fixed` pins
    some letters. The search assigns the operand letters of one column at a time, from the units
    column up; the result letter of that column is then forced (the low digits of a sum or a
    product depend only on the low digits of the operands), which prunes all but ~1/10 of the
    branches per column. Returns the solutions found and the number of search nodes (letter
    assignments), the family's hardness measure.

    >>> sols, nodes = count_solutions(["SEND", "MORE"], "MONEY")
    >>> [sorted(s.items()) for s in sols] == [sorted(dict(zip("SENDMORY", (9, 5, 6, 7, 1, 0, 8, 2))).items())]
    True
    >>> len(count_solutions(["A", "B"], "C")[0])  # 1 + 2 = 3, 2 + 1 = 3, ... many solutions
    2
    """
    return _Search(operands, result, multiply, fixed or {}, limit).run()


class _Search:
    """One counting search; state lives in flat lists for speed (this is the generator's hot loop)."""

    def __init__(self, operands, result, multiply, fixed, limit):
        words = [*operands, result]
        self.letters = sorted({c for w in words for c in w})
        index = {c: i for i, c in enumerate(self.letters)}
        self.val = [-1] * len(self.letters)
        self.nonzero = [False] * len(self.letters)
        for w in words:
            self.nonzero[index[w[0]]] = True
        self.used = 0
        for c, d in sorted(fixed.items()):
            self.val[index[c]] = d
            self.used |= 1 << d
        width = max(len(w) for w in operands)
        # columns[k]: operand letter indices at place 10**k, with repeats (a sum counts each)
        self.columns = [[index[w[-1 - k]] for w in operands if k < len(w)] for k in range(width)]
        self.result = [index[c] for c in reversed(result)]
        self.operands = [[index[c] for c in reversed(w)] for w in operands]
        self.multiply, self.limit, self.width = multiply, limit, width
        self.solutions: list[dict[str, int]] = []
        self.nodes = 0

    def run(self) -> tuple[list[dict[str, int]], int]:
        if self._consistent_fixed():
            self._column(0, 0, 0)
        return self.solutions, self.nodes

    def _consistent_fixed(self) -> bool:
        vals = [v for v in self.val if v >= 0]
        zero_lead = any(v == 0 and nz for v, nz in zip(self.val, self.nonzero))
        return len(vals) == len(set(vals)) and all(0 <= v <= 9 for v in vals) and not zero_lead

    def _column(self, k: int, j: int, carry: int) -> bool:
        """Assign the j-th operand letter of column k (or check the column); True = stop."""
        if k == self.width:
            return self._finish(carry)
        letters = self.columns[k]
        if j < len(letters):
            li = letters[j]
            if self.val[li] >= 0:
                return self._column(k, j + 1, carry)
            lo = 1 if self.nonzero[li] else 0
            for d in range(lo, 10):
                if self.used >> d & 1:
                    continue
                self.nodes += 1
                self.val[li] = d
                self.used |= 1 << d
                stop = self._column(k, j + 1, carry)
                self.used &= ~(1 << d)
                self.val[li] = -1
                if stop:
                    return True
            return False
        if self.multiply:
            digit = self._low_product(k) // 10**k % 10
            nxt = 0
        else:
            total = carry + sum(self.val[li] for li in letters)
            digit, nxt = total % 10, total // 10
        return self._place(k, digit, lambda: self._column(k + 1, 0, nxt))

    def _low_product(self, k: int) -> int:
        """Product of the operands' digits up to place 10**k (enough for the result's low digits)."""
        a, b = (sum(self.val[li] * 10**p for p, li in enumerate(w[: k + 1])) for w in self.operands)
        return a * b

    def _place(self, k: int, digit: int, then) -> bool:
        """The result letter at place 10**k must be `digit`: check it or assign it, then continue."""
        if k >= len(self.result):
            return digit == 0 and then()
        li = self.result[k]
        v = self.val[li]
        if v >= 0:
            return v == digit and then()
        if self.used >> digit & 1 or (digit == 0 and self.nonzero[li]):
            return False
        self.nodes += 1
        self.val[li] = digit
        self.used |= 1 << digit
        stop = then()
        self.used &= ~(1 << digit)
        self.val[li] = -1
        return stop

    def _finish(self, carry: int) -> bool:
        """Past the operands: the remaining result digits are the carry (or the product's top)."""
        rest = self._low_product(self.width) // 10**self.width if self.multiply else carry
        return self._tail(self.width, rest)

    def _tail(self, k: int, rest: int) -> bool:
        if k >= len(self.result):
            if rest:
                return False
            self.solutions.append({c: self.val[i] for i, c in enumerate(self.letters)})
            return len(self.solutions) >= self.limit
        return self._place(k, rest % 10, lambda: self._tail(k + 1, rest // 10))

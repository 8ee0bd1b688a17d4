"""Search for math_path: fill the `?` digits of an equation so that it holds, counting fillings up to a limit.

The equation is a tree over numbers (leaves are indices into `patterns`, the digit strings with `?`
marks; the last pattern is the right-hand side). Backtracking assigns one `?` at a time and prunes with
two sound tests: interval arithmetic (every number lies between its `?`s filled with 0s and with 9s, and
the left side's range must meet the right side's), and, where the equation has no division, agreement
modulo 10**k with the right side's last k digits once the k lowest places of the left side's numbers are
fixed (+, - and x commute with the remainder). Only the left side is searched: its value decides the right
side. Without division the lowest places are filled first (column by column, as written arithmetic goes);
with it, the highest first (the intervals then narrow fastest).
"""

from __future__ import annotations

from fractions import Fraction

from logicforge.verifiers._expr import divide, whole

Tree = int | tuple  # a leaf (index of a number), or (op, left, right) with op one of + - * /


def value(tree: Tree, nums: list[int]) -> int | Fraction | None:
    """The exact value of `tree` with these numbers; None after a division by zero.

    >>> value(("/", ("+", 0, 1), 2), [4, 2, 3]), value(("/", 0, 1), [1, 0])
    (2, None)
    """
    if type(tree) is int:
        return nums[tree]
    op, left, right = tree
    a, b = value(left, nums), value(right, nums)
    if a is None or b is None or (op == "/" and b == 0):
        return None
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    return whole(a * b) if op == "*" else divide(a, b)


def _bounds(tree: Tree):
    """A function (lo, hi) -> integer bounds on the value of `tree` when each number i lies in
    [lo[i], hi[i]], or None where a divisor's range holds 0 (no bound). Compiled to closures once per
    equation: the search calls it at every node."""
    if type(tree) is int:
        return lambda lo, hi: (lo[tree], hi[tree])
    op, f, g = tree[0], _bounds(tree[1]), _bounds(tree[2])

    def add(lo, hi):
        x, y = f(lo, hi), g(lo, hi)
        return None if x is None or y is None else (x[0] + y[0], x[1] + y[1])

    def sub(lo, hi):
        x, y = f(lo, hi), g(lo, hi)
        return None if x is None or y is None else (x[0] - y[1], x[1] - y[0])

    def mul(lo, hi):
        x, y = f(lo, hi), g(lo, hi)
        if x is None or y is None:
            return None
        if x[0] >= 0 and y[0] >= 0:
            return x[0] * y[0], x[1] * y[1]
        corners = (x[0] * y[0], x[0] * y[1], x[1] * y[0], x[1] * y[1])
        return min(corners), max(corners)

    def div(lo, hi):
        x, y = f(lo, hi), g(lo, hi)
        if x is None or y is None or y[0] <= 0 <= y[1]:
            return None  # the divisor may be 0 or tiny: no bound
        # x / y is monotone in each of x and y on this box: its corners bound it (floor and ceil keep it sound)
        corners = [(p, q) for p in x for q in y]
        return min(p // q for p, q in corners), max(-(-p // q) for p, q in corners)

    return {"+": add, "-": sub, "*": mul, "/": div}[op]


def _mod(tree: Tree, nums: list[int], m: int) -> int:
    if type(tree) is int:
        return nums[tree] % m
    op, left, right = tree
    a, b = _mod(left, nums, m), _mod(right, nums, m)
    return (a + b) % m if op == "+" else (a - b) % m if op == "-" else (a * b) % m


def _has_division(tree: Tree) -> bool:
    return type(tree) is not int and (tree[0] == "/" or _has_division(tree[1]) or _has_division(tree[2]))


class Equation:
    """`tree` = the last pattern, with `?` digits to fill (a number of two or more digits never starts with 0).

    >>> eq = Equation(("+", 0, 1), ["?", "3", "5"])
    >>> eq.count(limit=2), eq.holds([2])
    (([[2]], 10), True)
    """

    def __init__(self, tree: Tree, patterns: list[str]):
        self.tree, self.patterns = tree, patterns
        self.slots = [(i, len(p) - 1 - k) for i, p in enumerate(patterns) for k, c in enumerate(p) if c == "?"]
        self.division = _has_division(tree)

    def numbers(self, digits: list[int]) -> list[int] | None:
        """The numbers with the `?`s filled in order; None if a number would start with 0."""
        it = iter(digits)
        filled = ["".join(str(next(it)) if c == "?" else c for c in p) for p in self.patterns]
        if any(len(s) > 1 and s[0] == "0" for s in filled):
            return None
        return [int(s) for s in filled]

    def holds(self, digits: list[int]) -> bool:
        """Whether this filling (one digit per `?`, in reading order) obeys every rule."""
        nums = self.numbers(digits)
        if nums is None:
            return False
        left = value(self.tree, nums)
        return left is not None and left == nums[-1]

    def _plan(self) -> tuple[list[int], list[int]]:
        """The left side's `?`s in search order, and per step the k of the modulo-10**k test (0: none):
        after placing order[:t+1], every left-side place below 10**fixed[t] is filled."""
        slots, rhs = self.slots, len(self.patterns) - 1
        order = sorted((j for j, s in enumerate(slots) if s[0] != rhs), key=lambda j: slots[j][1])
        if self.division:
            order.reverse()
        top = max(map(len, self.patterns))
        fixed = []
        for t in range(len(order)):
            rest = [slots[j][1] for j in order[t + 1 :]]
            k = min(rest) if rest else top
            fixed.append(k if not self.division and slots[order[t]][1] < k else 0)
        return order, fixed

    def count(self, limit: int = 2, budget: int = 10**9) -> tuple[list[list[int]], int]:
        """Up to `limit` fillings (digits in reading order) and the search nodes spent (at most `budget`).

        Only the left side's `?`s are searched; its exact value then decides the right side, which must
        fit its pattern. Without division the lowest places go first, and once every left-side place below
        10**k is filled the left side modulo 10**k must fit the right side's last k digits; with division
        the highest places go first.
        """
        slots, rhs = self.slots, len(self.patterns) - 1
        order, fixed = self._plan()
        lo = [int("".join(_low(p, k, c) for k, c in enumerate(p))) for p in self.patterns]
        hi = [int(p.replace("?", "9")) for p in self.patterns]
        bounds, tree = _bounds(self.tree), self.tree
        right = self.patterns[rhs].rjust(max(map(len, self.patterns)), "0")  # 0s above its first digit
        found: list[list[int]] = []
        digits = [0] * len(slots)
        nodes = 0

        def ok(t: int) -> bool:
            span = bounds(lo, hi)
            if span is not None and (span[1] < lo[rhs] or span[0] > hi[rhs]):
                return False
            k = fixed[t]
            return k == 0 or _fits(str(_mod(tree, lo, 10**k)).zfill(k), right[-k:])

        def leaf() -> None:
            value_ = value(tree, lo)  # every left-side digit is placed: lo holds the numbers
            text = str(value_) if type(value_) is int and value_ >= 0 else ""
            pattern = self.patterns[rhs]
            if len(text) == len(pattern) and _fits(text, pattern):
                fill = iter(d for c, d in zip(pattern, text) if c == "?")
                found.append([d if s[0] != rhs else int(next(fill)) for d, s in zip(digits, slots)])

        def walk(t: int) -> None:
            nonlocal nodes
            if t == len(order):
                leaf()
                return
            j = order[t]
            i, place = slots[j]
            p = self.patterns[i]
            first = 1 if place == len(p) - 1 and len(p) > 1 else 0
            low, high, unit = lo[i], hi[i], 10**place
            base_lo, base_hi = low - first * unit, high - 9 * unit
            for d in range(first, 10):
                nodes += 1
                if nodes > budget or len(found) >= limit:
                    break
                lo[i], hi[i] = base_lo + d * unit, base_hi + d * unit
                digits[j] = d
                if ok(t):
                    walk(t + 1)
            lo[i], hi[i] = low, high

        walk(0)
        return found, min(nodes, budget)


def _low(pattern: str, k: int, c: str) -> str:
    """The smallest digit at position k of `pattern`: as shown, else 1 leading a longer number, else 0."""
    return c if c != "?" else "1" if k == 0 and len(pattern) > 1 else "0"


def _fits(digits: str, pattern: str) -> bool:
    """Whether `digits` matches `pattern` (same length) where the pattern shows a digit."""
    return all(c == "?" or c == d for c, d in zip(pattern, digits))

"""Exact search for mathador (Countdown / Game of 24): memoised value sets per subset of the numbers,
and a goal-directed search that inverts the last operation instead of enumerating every value.

Values are ints or Fractions (ints whenever whole, since int arithmetic is far faster). Intermediate
values stay non-negative (`|a - b|`): any solution with negative steps can be rewritten without them,
so nothing is lost for positive targets, and the value sets halve.
"""

from __future__ import annotations

from fractions import Fraction

from logicforge.verifiers._expr import divide, whole

Value = int | Fraction
Tree = int | tuple  # a leaf number, or (op, left, right)
CAP = 3  # value sets are materialised for subsets of at most this many numbers


def _always(_: Value) -> bool:
    return True


class BudgetExceeded(Exception):
    """The search spent its work budget without an answer (the caller draws a new puzzle)."""


class Solver:
    """Search over one multiset of numbers; value sets are memoised across targets, but each
    `first` call is charged the work a fresh solver would spend (so hardness is per puzzle).

    >>> s = Solver([3, 3, 8, 8], "+-*/")
    >>> render(s.first(24, use_all=True, budget=10**6)), s.work
    ('8 / (3 - 8 / 3)', 113)
    """

    def __init__(self, numbers: list[int], ops: str, rational: bool = True):
        self.numbers, self.ops, self.budget = list(numbers), ops, 0
        # rational=False keeps every intermediate a whole number (Countdown rules): a sound
        # restriction that makes the search several times faster for many numbers.
        self.rational = rational
        self._combine = self._combine_rational if rational else self._combine_int
        self._wants = self._wants_rational if rational else self._wants_int
        self.work = 0  # values combined plus candidates checked: the budget, and the puzzle's hardness
        self._values: dict[int, dict[Value, None]] = {}
        self._cost: dict[int, int] = {}  # work spent building each value set (its own combinations)
        self._charged: set[int] = set()  # value sets already charged to the current target
        self._splits: dict[int, list[tuple[int, int]]] = {}

    def first(self, target: int, use_all: bool, budget: int) -> Tree | None:
        """The first expression found for `target`: over all numbers, or over any subset, smallest
        subsets first (so its count of numbers is the fewest any solution needs).

        Raises BudgetExceeded once this call's work passes `budget`.
        """
        self.work, self.budget, self._charged = 0, budget, set()
        k = len(self.numbers)
        full = (1 << k) - 1
        if use_all:
            return self.solve(full, target)
        for size in range(2, k + 1):
            for mask in range(1, full + 1):
                if mask.bit_count() == size and (tree := self.solve(mask, target)) is not None:
                    return tree
        return None

    def solve(self, mask: int, target: Value) -> Tree | None:
        """An expression over exactly the numbers in `mask` whose value is `target`, or None."""
        self._spend(1)
        if mask & (mask - 1) == 0:
            n = self.numbers[mask.bit_length() - 1]
            return n if n == target else None
        if mask.bit_count() <= CAP and target not in self.values(mask):
            return None
        for a, b in self.splits(mask):
            small, big = (a, b) if a.bit_count() <= b.bit_count() else (b, a)
            vals = self.values(small)
            self._spend(len(vals) * len(self.ops))
            if big.bit_count() <= CAP:
                # The other side's values are known: a set lookup per candidate, no recursion.
                found = next(self._wants(vals, target, self.values(big).__contains__), None)
                if found is not None:
                    return self._join(small, found, self.solve(big, found[0]))
                continue
            for found in self._wants(vals, target, None):
                sub = self.solve(big, found[0])
                if sub is not None:
                    return self._join(small, found, sub)
        return None

    def _join(self, small: int, found: tuple, sub: Tree) -> Tree:
        _, e, op, small_first = found
        left = self.solve(small, e)
        return (op, left, sub) if small_first else (op, sub, left)

    def _wants_int(self, vals: dict, t: int, keep):
        """Like `_wants_rational` with whole intermediates only."""
        ops, keep = self.ops, keep or _always
        if "+" in ops:
            yield from ((t - e, e, "+", True) for e in vals if e <= t and keep(t - e))
        if "-" in ops:
            yield from ((e - t, e, "-", True) for e in vals if e >= t and keep(e - t))
            yield from ((e + t, e, "-", False) for e in vals if keep(e + t))
        if "*" in ops:
            yield from ((t // e, e, "*", True) for e in vals if e and t % e == 0 and keep(t // e))
        if "/" in ops:
            yield from ((t * e, e, "/", False) for e in vals if e and keep(t * e))
            if t:
                yield from ((e // t, e, "/", True) for e in vals if e and e % t == 0 and keep(e // t))

    def _wants_rational(self, vals: dict, t: Value, keep):
        """(value the other side must make, e, op, whether e's side is the left operand) for each
        value e of one side, filtered by `keep`: inverting the last operation replaces a scan of
        the other side's values."""
        ops, out = self.ops, []
        if "+" in ops:
            out += [(whole(t - e), e, "+", True) for e in vals if e <= t]
        if "-" in ops:
            out += [(whole(e - t), e, "-", True) for e in vals if e >= t]
            out += [(whole(e + t), e, "-", False) for e in vals]
        if "*" in ops:
            out += [(divide(t, e), e, "*", True) for e in vals if e]
        if "/" in ops:
            out += [(whole(t * e), e, "/", False) for e in vals if e]
            if t:
                out += [(divide(e, t), e, "/", True) for e in vals if e]
        keep = keep or _always
        return (w for w in out if keep(w[0]))

    def values(self, mask: int) -> dict[Value, None]:
        """Every value (an ordered set) made from exactly the numbers in `mask` (small masks only)."""
        got = self._values.get(mask)
        if got is not None:
            if mask not in self._charged:
                self._charge(mask)
            return got
        self._charged.add(mask)
        out: dict[Value, None] = {}
        own = 0
        if mask & (mask - 1) == 0:
            out[self.numbers[mask.bit_length() - 1]] = None
        else:
            for a, b in self.splits(mask):
                va, vb = self.values(a), self.values(b)
                before = self.work
                self._combine(va, vb, out)
                own += self.work - before
        self._values[mask], self._cost[mask] = out, own
        return out

    def _charge(self, mask: int) -> None:
        """Charge a memoised value set (and the sets it was built from) to the current target."""
        self._charged.add(mask)
        self._spend(self._cost[mask])
        if mask & (mask - 1):
            for a, b in self.splits(mask):
                for part in (a, b):
                    if part not in self._charged:
                        self._charge(part)

    def _combine_int(self, va: dict, vb: dict, out: dict) -> None:
        """Like `_combine_rational`, keeping only whole results (plain int arithmetic)."""
        self._spend(len(va) * len(vb))
        add, sub, mul, div = ("+" in self.ops), ("-" in self.ops), ("*" in self.ops), ("/" in self.ops)
        for a in va:
            for b in vb:
                if add:
                    out[a + b] = None
                if sub:
                    out[a - b if a >= b else b - a] = None
                if a == 0 or b == 0:
                    continue
                if mul:
                    out[a * b] = None
                if div:
                    if a % b == 0:
                        out[a // b] = None
                    if b % a == 0:
                        out[b // a] = None

    def _combine_rational(self, va: dict, vb: dict, out: dict) -> None:
        """Add a op b for every pair. Products and quotients with a zero are skipped: a sound
        pruning that only hides solutions which discard numbers by multiplying them by zero."""
        self._spend(len(va) * len(vb))
        add, sub, mul, div = ("+" in self.ops), ("-" in self.ops), ("*" in self.ops), ("/" in self.ops)
        for a in va:
            for b in vb:
                if type(a) is int and type(b) is int:  # the common case, kept free of Fractions
                    if add:
                        out[a + b] = None
                    if sub:
                        out[a - b if a >= b else b - a] = None
                    if a == 0 or b == 0:
                        continue
                    if mul:
                        out[a * b] = None
                    if div:
                        out[a // b if a % b == 0 else Fraction(a, b)] = None
                        out[b // a if b % a == 0 else Fraction(b, a)] = None
                    continue
                if add:
                    out[whole(a + b)] = None
                if sub:
                    out[whole(a - b if a >= b else b - a)] = None
                if a == 0 or b == 0:
                    continue
                if mul:
                    out[whole(a * b)] = None
                if div:
                    out[divide(a, b)] = None
                    out[divide(b, a)] = None

    def splits(self, mask: int) -> list[tuple[int, int]]:
        """Unordered splits of `mask` into two non-empty parts, most balanced first."""
        got = self._splits.get(mask)
        if got is None:
            low = mask & -mask
            got = []
            sub = (mask - 1) & mask
            while sub:
                if sub & low:
                    got.append((sub, mask ^ sub))
                sub = (sub - 1) & mask
            got.sort(key=lambda s: -min(s[0].bit_count(), s[1].bit_count()))
            self._splits[mask] = got
        return got

    def _spend(self, amount: int) -> None:
        self.work += amount
        if self.work > self.budget:
            raise BudgetExceeded


_PREC = {"+": 1, "-": 1, "*": 2, "/": 2}


def render(tree: Tree) -> str:
    """The expression with the fewest parentheses that keep its meaning.

    >>> render(("-", 9, ("-", 4, 1))), render(("*", ("+", 1, 2), 3))
    ('9 - (4 - 1)', '(1 + 2) * 3')
    """
    if not isinstance(tree, tuple):
        return str(tree)
    op, left, right = tree
    text_l, text_r = render(left), render(right)
    if isinstance(left, tuple) and _PREC[left[0]] < _PREC[op]:
        text_l = f"({text_l})"
    if isinstance(right, tuple) and (_PREC[right[0]] < _PREC[op] or (_PREC[right[0]] == _PREC[op] and op in "-/")):
        text_r = f"({text_r})"
    return f"{text_l} {op} {text_r}"


def random_tree(numbers: list[int], ops: str, rng, rational: bool) -> Tree | None:
    """A random expression over all of `numbers` (random shape and operators), or None if stuck.

    Subtraction is written larger-minus-smaller and, unless `rational`, division must be exact,
    matching the solver's rules so that the solver is sure to find the target too.
    """
    if len(numbers) == 1:
        return numbers[0]
    order = [numbers[i] for i in rng.permutation(len(numbers))]
    cut = int(rng.integers(1, len(numbers)))
    left, right = random_tree(order[:cut], ops, rng, rational), random_tree(order[cut:], ops, rng, rational)
    if left is None or right is None:
        return None
    a, b = evaluate(left), evaluate(right)
    for op in (ops[int(i)] for i in rng.permutation(len(ops))):
        if op == "-":
            return ("-", left, right) if a >= b else ("-", right, left)
        if op == "/":
            if a != 0 and b != 0 and (rational or a % b == 0):
                return ("/", left, right)
            if a != 0 and b != 0 and (rational or b % a == 0):
                return ("/", right, left)
            continue
        return (op, left, right)
    return None


def evaluate(tree: Tree) -> Value:
    """Exact value of a tree (the generator's own cross-check of the solver)."""
    if not isinstance(tree, tuple):
        return tree
    op, left, right = tree
    a, b = evaluate(left), evaluate(right)
    if op == "+":
        return whole(a + b)
    if op == "-":
        return whole(a - b)
    if op == "*":
        return whole(a * b)
    return divide(a, b)


def leaves(tree: Tree) -> list[int]:
    """The numbers a tree uses, left to right."""
    if not isinstance(tree, tuple):
        return [tree]
    return leaves(tree[1]) + leaves(tree[2])

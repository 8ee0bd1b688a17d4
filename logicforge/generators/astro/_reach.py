"""Goal-directed exact search for mathador states: can these values still make the target, and how?"""

from __future__ import annotations

from itertools import combinations

from logicforge.verifiers._expr import divide, whole

Tree = object  # a value (leaf) or (op, left, right)


class OutOfBudget(Exception):
    """The query needed more work than it was given; its answer is unknown."""


def combine(a, op: str, b):
    """a op b exactly, for a >= b under subtraction and b != 0 under division."""
    if op == "+":
        return whole(a + b)
    if op == "-":
        return whole(a - b)
    if op == "*":
        return whole(a * b)
    return divide(a, b)


class Reach:
    """Solutions over a multiset of values with the given operators (every value used, or a subset).

    Values are non-negative ints or Fractions (subtraction is larger minus smaller, as in the step
    grammar). The last operation of any solution joins two groups; the search tries every small group
    (at most three values, whose value sets are enumerated) and asks the rest for the value that
    operation needs. Results are memoised per (values, goal); a work budget bounds each query.
    """

    def __init__(self, ops: str, target: int, use_all: bool):
        self.ops, self.target, self.use_all = ops, target, use_all
        self._trees: dict[tuple, dict] = {}
        self._memo: dict[tuple, Tree | None] = {}
        self.left = 0

    def solve(self, values: tuple, budget: int) -> Tree | None | bool:
        """A solution tree, None when there is none, or False when the budget ran out first."""
        self.left = budget
        try:
            if self.use_all:
                return self._make(values, self.target)
            return self._any_subset(values)
        except OutOfBudget:
            return False

    def _any_subset(self, values: tuple) -> Tree | None:
        for size in range(2, len(values) + 1):  # one value alone never is the target (see env)
            for group in sorted(set(combinations(values, size))):
                found = self._make(group, self.target)
                if found is not None:
                    return found
        return None

    def _make(self, values: tuple, goal) -> Tree | None:
        """A tree using every value exactly once whose value is `goal`, or None."""
        key = (values, goal)
        if key in self._memo:
            return self._memo[key]
        self.left -= 1
        if self.left < 0:
            raise OutOfBudget
        if len(values) <= 3:
            found = self.trees(values).get(goal)
        else:
            found = self._split(values, goal)
        self._memo[key] = found
        return found

    def _split(self, values: tuple, goal) -> Tree | None:
        n = len(values)
        for size in range(1, min(3, n // 2) + 1):
            for idx in combinations(range(n), size):
                if 2 * size == n and 0 not in idx:
                    continue  # each balanced split once
                small = tuple(values[i] for i in idx)
                rest = tuple(v for i, v in enumerate(values) if i not in idx)
                for a, tree_a in self.trees(small).items():
                    for want, op, small_left in self._needs(a, goal):
                        sub = self._make(rest, want)
                        if sub is not None:
                            return (op, tree_a, sub) if small_left else (op, sub, tree_a)
        return None

    def _needs(self, a, t):
        """(value the other side must make, op, whether a is the left operand) for `a op other == t`."""
        ops = self.ops
        if "+" in ops and t >= a:
            yield whole(t - a), "+", True
        if "-" in ops:
            if a >= t:
                yield whole(a - t), "-", True
            yield whole(a + t), "-", False
        if a != 0 and "*" in ops:
            yield divide(t, a), "*", True
        if a != 0 and "/" in ops:
            yield whole(t * a), "/", False
            if t != 0:
                yield divide(a, t), "/", True

    def trees(self, values: tuple) -> dict:
        """Every value of at most three values (all used), each with one tree that makes it."""
        got = self._trees.get(values)
        if got is not None:
            return got
        if len(values) == 1:
            got = {values[0]: values[0]}
        else:
            got = {}
            n = len(values)
            for size in range(1, n // 2 + 1):
                for idx in combinations(range(n), size):
                    if 2 * size == n and 0 not in idx:
                        continue  # each balanced split once (_join tries both orders)
                    left = tuple(values[i] for i in idx)
                    right = tuple(v for i, v in enumerate(values) if i not in idx)
                    self._join(self.trees(left), self.trees(right), got)
        self._trees[values] = got
        return got

    def _join(self, left: dict, right: dict, out: dict) -> None:
        for a, ta in left.items():
            for b, tb in right.items():
                hi, lo, th, tl = (a, b, ta, tb) if a >= b else (b, a, tb, ta)
                for op in self.ops:
                    if op == "/":
                        for x, y, tx, ty in ((a, b, ta, tb), (b, a, tb, ta)):
                            if y != 0:
                                out.setdefault(divide(x, y), ("/", tx, ty))
                    else:
                        out.setdefault(combine(hi, op, lo), (op, th, tl))


def first_steps(tree: Tree) -> list[tuple]:
    """The innermost operations of a solution tree, as (a, op, b) steps on leaf values."""
    if not isinstance(tree, tuple):
        return []
    op, left, right = tree
    if not isinstance(left, tuple) and not isinstance(right, tuple):
        return [(left, op, right)]
    return first_steps(left) + first_steps(right)

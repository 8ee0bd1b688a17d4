"""A rooted family tree with the kinship relations the questions ask about, each counting the people it visits."""

from __future__ import annotations

import numpy as np

# The question kinds, roughly from the easiest to the hardest.
KINDS = ("siblings", "grandchildren", "aunts_uncles", "nephews", "cousins", "generation", "descendants", "lca")


def draw_parents(nodes: int, depth: int, branching: int, rng: np.random.Generator) -> list[int]:
    """A parent array (person 0 is the founder, parent -1) with exactly `depth` generations below the founder and
    at most `branching` children each: a line of descent down to the deepest generation, then everyone else under
    a person drawn uniformly among those who may still have a child."""
    parent, level, kids = [-1], [0], [0]
    for d in range(1, depth + 1):
        parent.append(d - 1)
        level.append(d)
        kids.append(0)
        kids[d - 1] += 1
    while len(parent) < nodes:
        open_ = [v for v in range(len(parent)) if level[v] < depth and kids[v] < branching]
        v = open_[int(rng.integers(len(open_)))]
        parent.append(v)
        level.append(level[v] + 1)
        kids.append(0)
        kids[v] += 1
    return parent


class Family:
    """The tree of a parent array, with `visits`: how many people the relations below have looked at so far."""

    def __init__(self, parent: list[int]):
        self.parent = parent
        self.kids: list[list[int]] = [[] for _ in parent]
        for v, p in enumerate(parent):
            if p >= 0:
                self.kids[p].append(v)
        self.level = [0] * len(parent)
        for v in range(1, len(parent)):  # a parent always comes before its children
            self.level[v] = self.level[parent[v]] + 1
        self.visits = 0

    def children(self, v: int) -> list[int]:
        self.visits += 1 + len(self.kids[v])
        return self.kids[v]

    def up(self, v: int, k: int = 1) -> int:
        """The ancestor k generations above v, or -1."""
        for _ in range(k):
            if v < 0:
                return -1
            self.visits += 1
            v = self.parent[v]
        return v

    def siblings(self, v: int) -> list[int]:
        p = self.up(v)
        return [] if p < 0 else [c for c in self.children(p) if c != v]

    def below(self, v: int, k: int) -> list[int]:
        """Everyone exactly k generations below v."""
        layer = [v]
        for _ in range(k):
            layer = [c for u in layer for c in self.children(u)]
        return layer

    def layer(self, d: int) -> list[int]:
        """Everyone d generations below the founder (a walk down from the founder)."""
        return self.below(0, d)

    def lca(self, a: int, b: int) -> int:
        while self.level[a] > self.level[b]:
            a = self.up(a)
        while self.level[b] > self.level[a]:
            b = self.up(b)
        while a != b:
            a, b = self.up(a), self.up(b)
        return a

    def relation(self, kind: str, x: int, y: int = -1, k: int = 0) -> list[int]:
        """The people in relation `kind` to x (for lca: the one closest common ancestor of x and y)."""
        if kind == "siblings":
            return self.siblings(x)
        if kind == "grandchildren":
            return self.below(x, 2)
        if kind == "aunts_uncles":
            p = self.up(x)
            return [] if p < 0 else self.siblings(p)
        if kind == "nephews":
            return [c for s in self.siblings(x) for c in self.children(s)]
        if kind == "cousins":
            p = self.up(x)
            return [] if p < 0 else [c for a in self.siblings(p) for c in self.children(a)]
        if kind == "generation":
            return [v for v in self.layer(self.level[x]) if v != x]
        if kind == "descendants":
            return self.below(x, k)
        return [self.lca(x, y)]

    def near_misses(self, kind: str, x: int, y: int = -1, k: int = 0) -> list[set[int]]:
        """Answers a common misreading gives (a relation one step off, a whole generation instead of one branch);
        the generator keeps no question whose answer is one of them. Counted as work, like the answer."""
        d, p = self.level[x], self.parent[x]
        whole = {v for v in range(len(self.parent)) if self.level[v] == d}
        sibs = set(self.relation("siblings", x))
        if kind == "siblings":
            return [whole - {x}]
        if kind == "grandchildren":
            return [set(self.layer(d + 2))]
        if kind == "aunts_uncles":
            return [set(self.layer(d - 1)) - {p}]
        if kind == "nephews":
            return [set(self.layer(d + 1)) - set(self.kids[x])]
        if kind == "cousins":
            return [whole - {x}, sibs | set(self.relation("cousins", x)), sibs, set(self.relation("aunts_uncles", x))]
        if kind == "generation":
            return [sibs, sibs | set(self.relation("cousins", x))]
        if kind == "descendants":
            return [set(self.layer(d + k)), set(self.below(x, k - 1)), set(self.below(x, k + 1))]
        return [{0}, {p}, {self.parent[y]}]

    def universal(self, x: int, y: int = -1) -> list[set[int]]:
        """Answers that need no reading of the question's relation: everyone, no one, the founder, the people named
        in the question, x's children, x's parent, everyone but x."""
        everyone = set(range(len(self.parent)))
        named = {x} if y < 0 else {x, y}
        return [everyone, set(), {0}, named, set(self.kids[x]), {self.parent[x]}, everyone - {x}]

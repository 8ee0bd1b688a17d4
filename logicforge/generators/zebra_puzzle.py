"""Zebra puzzle (Einstein's riddle): houses in a row, each with one value of every attribute; deduce the whole grid."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators import _zebra_puzzle_solver as zs
from logicforge.generators._zebra_puzzle_solver import AT, BEFORE, LEFT, SAME, Clue
from logicforge.generators.base import Instance, Knobs, knob
from logicforge.verifiers._zebra_words import ATTRIBUTES, en_word

ANSWER_FORMAT = (
    "one line per house, from house 1 to the last, each `House N: ` and then that house's values in the attribute "
    "order the question states, separated by commas, e.g. House 1: Norwegian, yellow, fox"
)
# Search nodes the clue reduction may spend on one item: past it the clue set is kept as it is (near-minimal).
REDUCE_BUDGET = 3_000
# Search nodes one uniqueness check may spend while clues are added: past it, one more random clue is added.
BUILD_BUDGET = 300


@dataclass(frozen=True)
class Params(Knobs):
    houses: int = knob(3, 3, 8, help="houses in the row (each attribute has this many values)")
    attributes: int = knob(3, 2, 8, help="attributes per house (nationality, colour, pet, drink, job, ...)")
    kinds: int = knob(1, 1, 3, help="clue kinds: 1 same house, position, next to, directly left/right; "
                      "2 + somewhere left/right and negative clues; 3 + between")  # fmt: skip
    indirect: float = knob(0.3, 0.0, 1.0, help="share of relative-position clues (next to, left/right, between) "
                           "among the clues drawn")  # fmt: skip
    negative: float = knob(0.0, 0.0, 0.5, help="share of negative clues (not the same house, not house k); kinds >= 2")

    def check(self) -> None:
        if self.negative > 0 and self.kinds < 2:
            raise ValueError(f"knob negative={self.negative} needs kinds >= 2 (kinds={self.kinds})")


LEVELS = {
    1: Params(houses=3, attributes=3, kinds=1, indirect=0.2),
    2: Params(houses=3, attributes=4, kinds=1, indirect=0.3),
    3: Params(houses=4, attributes=3, kinds=1, indirect=0.35),
    4: Params(houses=4, attributes=4, kinds=2, indirect=0.4, negative=0.1),
    5: Params(houses=5, attributes=4, kinds=2, indirect=0.45, negative=0.1),
    6: Params(houses=5, attributes=5, kinds=2, indirect=0.5, negative=0.15),
    7: Params(houses=6, attributes=4, kinds=3, indirect=0.55, negative=0.15),
    8: Params(houses=6, attributes=5, kinds=3, indirect=0.6, negative=0.2),
    9: Params(houses=6, attributes=6, kinds=3, indirect=0.65, negative=0.2),
    10: Params(houses=7, attributes=6, kinds=3, indirect=0.7, negative=0.2),
}


def _kind(params: Params, rng: np.random.Generator) -> int:
    """One clue kind, drawn by the knobs' shares."""
    roll = rng.random()
    if roll < params.negative:
        return zs.NOT_SAME if rng.random() < 0.6 else zs.NOT_AT
    if roll < params.negative + params.indirect:
        relative = (
            [zs.NEXT, LEFT] + ([BEFORE] if params.kinds >= 2 else []) + ([zs.BETWEEN] if params.kinds >= 3 else [])
        )
        return relative[int(rng.integers(len(relative)))]
    return SAME if rng.random() < 0.65 else AT


class _Maker:
    """Draws true clues about a hidden solution (variable i lives in house pos[i])."""

    def __init__(self, params: Params, rng: np.random.Generator):
        self.params, self.rng = params, rng
        h, a = params.houses, params.attributes
        perms = [[int(x) for x in rng.permutation(h)] for _ in range(a)]
        self.pos = [perms[i][j] for i in range(a) for j in range(h)]
        self.var_at = [[0] * a for _ in range(h)]  # var_at[house][attribute]
        for var, house in enumerate(self.pos):
            self.var_at[house][var // h] = var

    def _var(self, house: int, not_attr: int = -1) -> int:
        attrs = [a for a in range(self.params.attributes) if a != not_attr]
        return self.var_at[house][attrs[int(self.rng.integers(len(attrs)))]]

    def _houses(self, k: int, gap: bool) -> list[int]:
        """k distinct houses in increasing order (`gap`: the first two not neighbours when possible)."""
        h = self.params.houses
        for _ in range(8):
            picked = sorted(int(x) for x in self.rng.choice(h, size=k, replace=False))
            if not gap or picked[1] - picked[0] > 1:
                break
        return picked

    def clue(self, kind: int) -> Clue:
        """A random clue of `kind` that holds in the solution."""
        rng, h = self.rng, self.params.houses
        if kind in (SAME, zs.NOT_SAME):
            p, q = self._houses(2, False)
            x = self._var(p)
            y = self._var(p if kind == SAME else q, x // h)
            return (kind, (x, y), -1) if rng.random() < 0.5 else (kind, (y, x), -1)
        if kind in (AT, zs.NOT_AT):
            x = int(rng.integers(len(self.pos)))
            k = self.pos[x] if kind == AT else int(rng.choice([k for k in range(h) if k != self.pos[x]]))
            return (kind, (x,), k)
        if kind in (LEFT, zs.NEXT):
            p = int(rng.integers(h - 1))
            x, y = self._var(p), self._var(p + 1)
            return (kind, (x, y) if kind == LEFT or rng.random() < 0.5 else (y, x), -1)
        if kind == BEFORE:
            p, q = self._houses(2, h > 3)
            return (kind, (self._var(p), self._var(q)), -1)
        p, q, r = self._houses(3, False)
        x, y, z = self._var(p), self._var(q), self._var(r)
        return (kind, (x, y, z) if rng.random() < 0.5 else (z, y, x), -1)

    def separating(self, other: list[int]) -> Clue:
        """A clue true in the solution and false in `other` (a position clue when a few draws find none)."""
        for _ in range(30):
            clue = self.clue(_kind(self.params, self.rng))
            if not zs.holds(clue, other):
                return clue
        wrong = [i for i, (p, q) in enumerate(zip(self.pos, other)) if p != q]
        x = wrong[int(self.rng.integers(len(wrong)))]
        return (AT, (x,), self.pos[x])


def _unique_clues(params: Params, maker: _Maker, rng: np.random.Generator) -> list[Clue]:
    """Add clues that rule out a second solution until one is left, then drop every clue (direct ones first
    as `indirect` rises) whose removal keeps the solution unique, within REDUCE_BUDGET search nodes."""
    solver = zs.Solver(params.houses, params.attributes)
    clues: list[Clue] = []
    while True:
        try:
            found = solver.solve(clues, 2, BUILD_BUDGET)
        except zs.OutOfBudget:  # too few clues to search quickly and too many to find two solutions at once
            clues.append(maker.clue(_kind(params, rng)))
            continue
        if len(found) == 1:
            break
        other = found[1] if found[0] == maker.pos else found[0]
        clues.append(maker.separating(other))
    keys = [rng.random() - (params.indirect if c[0] in (SAME, AT) else 1 - params.indirect) for c in clues]
    order = sorted(range(len(clues)), key=lambda i: keys[i])
    stats, dropped = zs.Stats(), set()
    for i in order:
        left = REDUCE_BUDGET - stats.nodes
        if left <= 0:
            break
        kept = [c for j, c in enumerate(clues) if j != i and j not in dropped]
        try:
            if len(solver.solve(kept, 2, left, stats)) == 1:
                dropped.add(i)
        except zs.OutOfBudget:
            break
    return [c for j, c in enumerate(clues) if j not in dropped]


def _shown(clue: Clue, ids: list[str], rng: np.random.Generator) -> dict:
    """A clue as template fields: its type (a directional one in either wording), value ids and 1-based house."""
    kind, v, k = clue
    items = [ids[x] for x in v]
    name = zs.KINDS[kind]
    if kind in (LEFT, BEFORE) and rng.random() < 0.5:
        name, items = ("right" if kind == LEFT else "after"), items[::-1]
    return {"type": name, "items": items, "house": k + 1 if kind in (AT, zs.NOT_AT) else 0}


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Hide a random grid, derive a unique-solution clue set (solution counter up to 2), reduce it, and ask
    for the grid. Hardness: search nodes plus propagation narrowings of the final uniqueness proof."""
    h, a = params.houses, params.attributes
    names = list(ATTRIBUTES)
    attrs = [names[int(i)] for i in sorted(rng.choice(len(names), size=a, replace=False))]
    picks = [sorted(int(i) for i in rng.choice(len(ATTRIBUTES[n][2]), size=h, replace=False)) for n in attrs]
    values = [[ATTRIBUTES[n][2][i] for i in pick] for n, pick in zip(attrs, picks)]  # shown in vocabulary order
    # variable j of attribute t is a random one of its values, so the order shown says nothing of the houses
    ids = [values[t][int(j)] for t in range(a) for j in rng.permutation(h)]
    maker = _Maker(params, rng)
    clues = _unique_clues(params, maker, rng)
    stats = zs.Stats()
    zs.Solver(h, a).solve(clues, 2, stats=stats)
    shown = [_shown(clues[int(i)], ids, rng) for i in rng.permutation(len(clues))]
    grid = [[ids[maker.var_at[house][t]] for t in range(a)] for house in range(h)]
    fields = {"houses": h, "attributes": attrs, "values": values, "clues": shown}
    payload = {**fields, "solution": grid}
    answer = "\n".join(f"House {i + 1}: " + ", ".join(en_word(v) for v in row) for i, row in enumerate(grid))
    return Instance("", answer, payload, float(stats.nodes + stats.narrowings), fields)

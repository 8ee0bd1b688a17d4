"""The arc_grid identifiability search: every program of the library up to a depth, run on the inputs.

A program is up to `depth` steps: structural primitives (36, no parameter), the last step optionally a
colour primitive (recolour by a map, fill enclosed background, outline objects) whose parameter is inferred
from the examples. The search keeps one state per distinct tuple of intermediate grids over all inputs (the
examples' and the test's), so programs that agree on every input are searched once (rot90 twice is rot180,
a gravity after a gravity changes nothing); then it checks every (state, last step) against the examples,
the first example first, and collects the test outputs of the programs that fit all of them. A colour step
whose parameter the examples leave open on the test input (a colour the map never saw, a fill colour no
example shows) counts as AMBIGUOUS. A program undefined on an input (a result over 30 cells a side, the crop
of an empty grid) is no candidate.

Library and bound: 36 structural + 3 colour primitives; programs of exactly d steps number 39 * 36 ** (d - 1)
per colour parameter (39, 1,404 and 50,544 at depths 1..3). A node is one state expanded by one primitive,
or one state's last steps checked (40 nodes). A depth-3 search on level-10 grids takes about 2,700 nodes and
0.03-0.1 s: the deepest states are kept only where some last step fits the first example, which the
checks below find through preimages, fixed points and colour counts without running most primitives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from logicforge.generators._arc_grid_ops import COLOUR, MASKS, NAMES, OPS, Grid, paint, recolour, to_int

AMBIGUOUS = ("ambiguous",)  # a test output the examples do not determine
_LAST_STEPS = len(OPS) + len(COLOUR) + 1  # the last steps checked per state (one is no step at all): 40


class BudgetExceeded(Exception):
    """The search needed more nodes than allowed."""


@dataclass
class Search:
    """Programs up to `depth` over `inputs` (the examples' inputs, then the test input last)."""

    inputs: list[Grid]
    targets: list[Grid]  # the examples' outputs
    depth: int
    budget: int = 10**9
    nodes: int = 0
    states: list[tuple] = field(default_factory=list)
    first: _FirstTarget | None = None
    _cache: dict = field(default_factory=dict)

    def apply(self, op: int, g: Grid) -> Grid | None:
        key = (op, g)
        out = self._cache.get(key, False)
        if out is False:
            out = self._cache[key] = OPS[op](g)
        return out

    def run(self) -> tuple[set, int]:
        """(the test outputs of every program that fits all examples, the programs that fit the first)."""
        self.first = _FirstTarget(self.targets[0])
        self.expand()
        return self.candidates()

    def expand(self) -> None:
        """Every distinct state (tuple of grids) reachable in up to depth - 1 structural steps, each with
        the first program found to reach it and, for the deepest ones, the last steps that fit the first
        example; a state undefined on some input is dropped, and so is a deepest state no last step can turn
        into the first example's output (found from its first grid alone, before the others are computed)."""
        start = (tuple(self.inputs), (), None)
        seen, frontier = {start[0]}, [start]
        self.states = [start]
        for level in range(1, self.depth):
            nxt = []
            for grids, prog, _ in frontier:
                for op in range(len(OPS)):
                    self.nodes += 1
                    if self.nodes > self.budget:
                        raise BudgetExceeded
                    first = self.apply(op, grids[0])
                    if first is None:
                        continue
                    lasts = self.first.fits(first, self.apply) if level == self.depth - 1 else None
                    if lasts == []:
                        continue
                    new = [first]
                    for g in grids[1:]:
                        new.append(self.apply(op, g))
                        if new[-1] is None:
                            break
                    else:
                        key = tuple(new)
                        if key not in seen:
                            seen.add(key)
                            nxt.append((key, (*prog, NAMES[op]), lasts))
            self.states += nxt
            frontier = nxt

    def candidates(self) -> tuple[set, int]:
        """The test outputs (AMBIGUOUS among them when a colour parameter is left open) of every (state,
        last step) that fits all examples, and how many fit the first example alone.

        Each state is checked on the first example through cheap necessary conditions first: the last step's
        preimage of that output for the one-to-one primitives (a dictionary lookup), the output being a
        possible result at all (a fixed point of an idempotent primitive), and colour counts.
        """
        outputs, breadth = set(), 0
        for k, (grids, _, lasts) in enumerate(self.states):
            self.nodes += _LAST_STEPS
            if self.nodes > self.budget:
                raise BudgetExceeded
            for last in self.first.fits(grids[0], self.apply) if lasts is None else lasts:
                breadth += 1
                out = self.fit(k, last)
                if out is not None:
                    outputs.add(out)
        return outputs, breadth

    def fit(self, k: int, last):
        """The test output of state k followed by `last` if that program fits every example, else None."""
        grids = self.states[k][0]
        if last is None or isinstance(last, int):
            for g, y in zip(grids, self.targets):
                if (g if last is None else self.apply(last, g)) != y:
                    return None
            return grids[-1] if last is None else self.apply(last, grids[-1])  # None: undefined on the test
        return colour_step(last, list(grids[:-1]), self.targets, grids[-1])


def colour_step(name: str, grids: list[Grid], ys: list[Grid], test: Grid | None):
    """The test output of colour step `name` with its parameter inferred from grids -> ys: None if no
    parameter fits, AMBIGUOUS if the fitting parameters disagree on `test`, else the output (True when
    `test` is None and a parameter fits)."""
    if any(len(g) != len(y) or len(g[0]) != len(y[0]) for g, y in zip(grids, ys)):
        return None
    if name == "recolour":
        mapping: dict[int, int] = {}
        for g, y in zip(grids, ys):
            for a, b in set(zip(b"".join(g), b"".join(y))):
                if mapping.setdefault(a, b) != b:
                    return None
        if test is None:
            return True
        if set(b"".join(test)) - set(mapping):
            return AMBIGUOUS
        return recolour(test, mapping)
    colour = None
    for g, y in zip(grids, ys):
        mask = MASKS[name](g)
        if mask:
            first = len(b"".join(y)) - 1 - (mask.bit_length() - 1) // 8  # the first painted cell
            if colour not in (None, b"".join(y)[first]):
                return None
            colour = b"".join(y)[first]
            if not colour:
                return None
        if to_int(y) != to_int(g) + (colour or 0) * mask:
            return None
    if test is None:
        return True
    mask = MASKS[name](test)
    if not mask:
        return test
    return AMBIGUOUS if colour is None else paint(test, mask, colour)


def _hist(g: Grid) -> tuple[int, ...]:
    flat = b"".join(g)
    return tuple(flat.count(c) for c in range(10))


class _FirstTarget:
    """The first example's output, indexed for the last-step check: preimages under the one-to-one
    primitives, the non-injective primitives whose image holds it, and its colour counts."""

    def __init__(self, y: Grid):
        self.y, self.shape, self.hist = y, (len(y), len(y[0])), _hist(y)
        self.pre: dict[Grid, list[int]] = {}
        for op, inverse in _INVERSES.items():
            g = inverse(y)
            if g is not None and OPS[op](g) == y:
                self.pre.setdefault(g, []).append(op)
        self.others = [op for op, test in _IMAGE.items() if test(y)]

    def fits(self, g: Grid | None, apply) -> list:
        """The last steps (None: no step; an op index; a colour step name) that turn `g` into the output."""
        if g is None:
            return []
        out: list = [None] if g == self.y else []
        out += self.pre.get(g, [])
        shape, hist = (len(g), len(g[0])), _hist(g)
        for op in self.others:
            if _KIND[op](shape, hist, self.shape, self.hist) and apply(op, g) == self.y:
                out.append(op)
        if shape == self.shape:
            out += [name for name in COLOUR if _colour_counts(name, hist, self.hist) and
                    colour_step(name, [g], [self.y], None) is not None]  # fmt: skip
        return out


def _colour_counts(name: str, hg: tuple, hy: tuple) -> bool:
    """Whether the colour counts allow the colour step: a recolour merges colours, a fill or outline paints
    background cells in one colour."""
    if name == "recolour":
        return sum(1 for x in hy if x) <= sum(1 for x in hg if x)
    grown = [c for c in range(1, 10) if hy[c] != hg[c]]
    return not grown or (len(grown) == 1 and hy[grown[0]] - hg[grown[0]] == hg[0] - hy[0] > 0)


def _same(sg, hg, sy, hy) -> bool:
    return sg == sy and hg == hy


def _fewer(sg, hg, sy, hy) -> bool:
    return sg == sy and all(a >= b for a, b in zip(hg[1:], hy[1:]))


def _more(sg, hg, sy, hy) -> bool:
    return sg == sy and all(a <= b for a, b in zip(hg[1:], hy[1:]))


def _cropped(sg, hg, sy, hy) -> bool:
    return hg[1:] == hy[1:] and sy[0] <= sg[0] and sy[1] <= sg[1]


_IDX = {name: i for i, name in enumerate(NAMES)}


def _block(a: int, b: int):
    """The top-left block of a grid cut into a x b equal blocks (the preimage under a tiling), or None."""
    return lambda y: tuple(r[: len(r) // b] for r in y[: len(y) // a]) if len(y) % a == len(y[0]) % b == 0 else None


def _every(k: int):
    """Every k-th row and column (the preimage under scaling by k), or None."""
    return lambda y: tuple(r[::k] for r in y[::k]) if len(y) % k == len(y[0]) % k == 0 else None


# op -> the one grid a one-to-one primitive could have turned into y (checked by applying the op again)
_UNDO = {"rot90": "rot270", "rot270": "rot90", "roll_right": "roll_left", "roll_left": "roll_right",
         "roll_down": "roll_up", "roll_up": "roll_down", "rot180": "rot180", "flip_lr": "flip_lr",
         "flip_ud": "flip_ud", "transpose": "transpose", "antitranspose": "antitranspose"}  # fmt: skip
_INVERSES = {_IDX[a]: OPS[_IDX[b]] for a, b in _UNDO.items()} | {
    _IDX["tile_1x2"]: _block(1, 2), _IDX["tile_2x1"]: _block(2, 1), _IDX["tile_2x2"]: _block(2, 2),
    _IDX["mirror_lr"]: _block(1, 2), _IDX["mirror_ud"]: _block(2, 1), _IDX["scale_2"]: _every(2),
    _IDX["scale_3"]: _every(3),
}  # fmt: skip


def _kind(name: str):
    """The colour-count test a non-injective primitive's input and output must pass."""
    if name.startswith(("gravity", "push")):
        return _same
    if name.startswith("symmetrize"):
        return _more
    return _cropped if name == "crop" else _fewer  # shift, hollow, largest, majority only remove cells


_KIND = {_IDX[n]: _kind(n) for n in NAMES if _IDX[n] not in _INVERSES}
_SHIFT_EDGE = {"shift_right": lambda y: all(r[0] == 0 for r in y), "shift_left": lambda y: all(r[-1] == 0 for r in y),
               "shift_down": lambda y: not any(y[0]), "shift_up": lambda y: not any(y[-1])}  # fmt: skip
# Whether y can be the primitive's result: the shifts leave an empty edge; the rest are idempotent, so their
# results are exactly their fixed points.
_IMAGE = {op: (_SHIFT_EDGE[NAMES[op]] if NAMES[op] in _SHIFT_EDGE else (lambda y, op=op: OPS[op](y) == y))
          for op in _KIND}  # fmt: skip

"""ARC grid: infer the transformation from example input/output grid pairs and apply it to a test input."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from logicforge.generators._arc_grid_ops import COLOUR, GROUPS, MAX_SIDE, STRUCTURAL, Grid, apply_step
from logicforge.generators._arc_grid_search import BudgetExceeded, Search
from logicforge.generators._render import answer_grid
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the output grid of the test input, one row per line, digits separated by spaces "
    "(a grid of 2 rows and 3 columns: the line 0 3 0, then the line 3 3 0)"
)
_TRIES = 40
_NODES = 8_000  # search nodes one draw may use (a depth-3 search takes about 3,000)
_TOTAL_NODES = 16_000  # search nodes for all draws of one item (about five depth-3 searches)
GROUP_SETS = ("geometry", "geometry+colour", "geometry+move", "geometry+move+colour", "all")


@dataclass(frozen=True)
class Params(Knobs):
    size_min: int = knob(3, 3, 20, help="smallest side of an input grid")
    size_max: int = knob(3, 3, 20, help="largest side of an input grid")
    examples: int = knob(3, 2, 5, help="example pairs shown")
    depth: int = knob(1, 1, 3, help="steps in the hidden program; every program up to this depth is searched")
    colours: int = knob(3, 1, 9, help="colours (besides the background 0) the inputs use")
    objects: int = knob(3, 1, 10, help="objects drawn on an input grid (grids of side 4 or less are random cells)")
    density: float = knob(0.5, 0.1, 0.9, help="share of coloured cells in a random-cell grid")
    groups: str = knob("all", choices=GROUP_SETS, help="primitive groups the hidden program draws from")

    def check(self) -> None:
        if self.size_min > self.size_max:
            raise ValueError(f"size_min={self.size_min} exceeds size_max={self.size_max}")
        # two geometric steps in a row make one, and a colour step comes only last
        most = {"geometry": 1, "geometry+colour": 2}.get(self.groups, 3)
        if self.depth > most:
            raise ValueError(f"depth={self.depth} is more than groups={self.groups!r} allows (at most {most})")


LEVELS = {
    1: Params(size_min=3, size_max=3, examples=3, depth=1, colours=3, groups="geometry"),
    2: Params(size_min=3, size_max=4, examples=3, depth=1, colours=3, groups="geometry+colour"),
    3: Params(size_min=4, size_max=6, examples=3, depth=1, colours=3, objects=3, groups="geometry+move+colour"),
    4: Params(size_min=5, size_max=7, examples=3, depth=1, colours=4, objects=3),
    5: Params(size_min=5, size_max=8, examples=3, depth=2, colours=4, objects=3, groups="geometry+move+colour"),
    6: Params(size_min=6, size_max=9, examples=3, depth=2, colours=4, objects=4),
    7: Params(size_min=7, size_max=10, examples=3, depth=2, colours=5, objects=4),
    8: Params(size_min=8, size_max=11, examples=3, depth=3, colours=5, objects=5),
    9: Params(size_min=10, size_max=12, examples=2, depth=3, colours=6, objects=5),
    10: Params(size_min=12, size_max=14, examples=2, depth=3, colours=6, objects=6),
}


def _allowed(groups: str) -> set[str]:
    return set(GROUPS) if groups == "all" else set(groups.split("+"))


def draw_program(params: Params, palette: list[int], rng: np.random.Generator) -> list[tuple]:
    """`depth` steps from the allowed groups: no step twice in a row, no two geometric steps in a row (they
    compose into one), at most one shape step, and a colour step only last."""
    allowed = _allowed(params.groups)
    names = [n for n, (g, _) in STRUCTURAL.items() if g in allowed]
    prog: list[tuple] = []
    while len(prog) < params.depth:
        last = len(prog) == params.depth - 1
        if last and "colour" in allowed and (not names or rng.random() < 0.4):
            name = COLOUR[int(rng.integers(3))]
            return [*prog, (name, _colour_param(name, palette, rng))]
        name = names[int(rng.integers(len(names)))]
        group = STRUCTURAL[name][0]
        prev = STRUCTURAL[prog[-1][0]][0] if prog else None
        if prog and (name == prog[-1][0] or group == prev == "geometry"):
            continue
        if group == "shape" and any(STRUCTURAL[s[0]][0] == "shape" for s in prog):
            continue
        prog.append((name,))
    return prog


def _colour_param(name: str, palette: list[int], rng: np.random.Generator):
    """A fill or outline colour (any of 1..9), or a recolour map: up to 3 palette colours, each to another."""
    if name != "recolour":
        return int(rng.integers(1, 10))
    src = [int(c) for c in rng.permutation(palette)[: min(len(palette), 3)]]
    dst = [int(rng.choice([c for c in range(1, 10) if c != s])) for s in src]
    return tuple(sorted(zip(src, dst)))


def draw_input(params: Params, palette: list[int], rng: np.random.Generator) -> Grid:
    """A grid of random cells (small sides) or of objects: blobs, solid and hollow rectangles."""
    h, w = (int(x) for x in rng.integers(params.size_min, params.size_max + 1, size=2))
    g = np.zeros((h, w), dtype=np.uint8)
    if min(h, w) <= 4:
        mask = rng.random((h, w)) < params.density
        g[mask] = rng.choice(palette, size=int(mask.sum()))
    else:
        for _ in range(params.objects):
            _place(g, palette, rng)
    return tuple(bytes(r) for r in g.tolist())


def _place(g: np.ndarray, palette: list[int], rng: np.random.Generator) -> None:
    """One object in free room (a cell of background around it): a hollow rectangle (30%), a solid one
    (20%) or a blob of random cells in a box (50%); left out if a few tries find no room."""
    h, w = g.shape
    kind = rng.random()
    lo = 3 if kind < 0.3 else 1
    if min(h, w) - 1 < lo:
        return
    colour = int(palette[int(rng.integers(len(palette)))])
    for _ in range(12):
        bh, bw = (int(x) for x in rng.integers(lo, [min(5, h - 1) + 1, min(5, w - 1) + 1]))
        r, c = int(rng.integers(0, h - bh + 1)), int(rng.integers(0, w - bw + 1))
        if g[max(r - 1, 0) : r + bh + 1, max(c - 1, 0) : c + bw + 1].any():
            continue
        if kind < 0.5:
            g[r : r + bh, c : c + bw] = colour
            if kind < 0.3:
                g[r + 1 : r + bh - 1, c + 1 : c + bw - 1] = 0
        else:
            box = rng.random((bh, bw)) < 0.65
            box[int(rng.integers(bh)), int(rng.integers(bw))] = True
            g[r : r + bh, c : c + bw][box] = colour
        return


def _usable(prog: list[tuple], inputs: list[Grid]) -> list[Grid] | None:
    """The outputs if the program is defined everywhere, changes each input, and every step matters."""
    outs = []
    for g in inputs:
        cur = g
        for step in prog:
            nxt = apply_step(cur, step)
            if nxt is None or nxt == cur:
                return None
            cur = nxt
        if len(cur) > MAX_SIDE or len(cur[0]) > MAX_SIDE:
            return None
        outs.append(cur)
    return outs


def _attempt(params: Params, rng: np.random.Generator, budget: int):
    """One draw: (program, example pairs, test input, test output, hardness, nodes); the first five are
    None unless every program of the library that fits the examples gives that one test output."""
    palette = sorted(int(c) for c in rng.permutation(np.arange(1, 10))[: params.colours])
    prog = draw_program(params, palette, rng)
    inputs = [draw_input(params, palette, rng) for _ in range(params.examples + 1)]
    outs = _usable(prog, inputs)
    none = (None,) * 5
    if outs is None:
        return *none, 0
    test, answer = inputs[-1], outs[-1]
    # universal answers must fail: any grid the question shows (the test input echoed, the last example's
    # output), a grid of one colour (all background)
    if answer in inputs or answer in outs[:-1] or len(set(b"".join(answer))) == 1:
        return *none, 0
    search = Search(inputs, outs[:-1], params.depth, budget=budget)
    try:
        found, _ = search.run()
    except BudgetExceeded:
        return *none, search.nodes
    if found != {answer}:
        return *none, search.nodes
    cells = sum(len(g) * len(g[0]) for g in inputs) / len(inputs)
    # hardness: the enumerator's work, search nodes times the cells of an input grid (grows with the depth,
    # the library's reach on these grids, and their size)
    return prog, list(zip(inputs, outs[:-1])), test, answer, search.nodes * cells, search.nodes


def _draw(params: Params, rng: np.random.Generator):
    """Draws until one is unique (about 2.4 draws an item at level 10, 0.3 of them searched and ambiguous).
    Once _TOTAL_NODES search nodes are spent (rare: no item of 1,200 at levels 8-10), the search bound drops
    to depth 1: a one-step program, searched in 40 nodes, and the payload's depth says so."""
    spent = 0
    for _ in range(_TRIES):
        *got, nodes = _attempt(params, rng, min(_NODES, _TOTAL_NODES - spent))
        spent += nodes
        if got[0] is not None:
            return params, got
        if spent >= _TOTAL_NODES:
            break
    params = replace(params, depth=1)
    for _ in range(_TRIES * 25):  # a one-step program on random inputs is unique in about 2 draws of 3
        *got, _ = _attempt(params, rng, _NODES)
        if got[0] is not None:
            return params, got
    raise ValueError(f"arc_grid finds no item with a unique answer for these knobs: {params}")


def _step_json(step: tuple) -> list:
    if len(step) == 1:
        return [step[0]]
    return [step[0], [list(p) for p in step[1]] if step[0] == "recolour" else step[1]]


def _rows(g: Grid) -> list[str]:
    return ["".join(map(str, r)) for r in g]


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw a program and inputs until the examples pin down one test output among all library programs."""
    params, (prog, pairs, test, answer, hardness) = _draw(params, rng)
    payload = {
        "rows": len(answer),
        "cols": len(answer[0]),
        "solution": _rows(answer),
        "examples": [[_rows(a), _rows(b)] for a, b in pairs],
        "test": _rows(test),
        "depth": params.depth,  # the search bound: every library program up to this depth was checked
        "program": [_step_json(s) for s in prog],  # for reports; the verifier never reads it
    }
    fields = {
        "examples": [{"input": [list(r) for r in a], "output": [list(r) for r in b]} for a, b in pairs],
        "test": [list(r) for r in test],
    }
    return Instance("", answer_grid([list(r) for r in answer]), payload, round(float(hardness), 1), fields)

"""Number wall: shade walls so every island holds one number equal to its size, islands never touch (not
even at a corner), no 2x2 block is all wall and the walls form one connected area."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._number_wall_solver import Geometry, Solver
from logicforge.generators._render import answer_grid
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the whole grid, one row per line, cells separated by spaces: A for a wall, O (the capital letter) for an "
    "island cell without a number, and each number kept where it is (e.g. a row of four cells: A 3 O A)"
)
WALL, LAND = "A", "O"
# Solver work (shapes enumerated and checked, a few microseconds each) one item may spend proving
# uniqueness over every layout and clue move, and the search nodes of one count. Small grids are proved
# unique within a few tries; at level 10 the budget runs out for about a quarter of the items (at most
# about 0.5 s) and the last puzzle is kept unproved (payload "unique": false; the verifier checks the
# rules, so any valid answer passes). The bounds keep generation time free of a heavy tail.
WORK_BUDGET = 150_000
NODE_LIMIT = 400
REPAIRS = 8
LAYOUT_TRIES = 60


@dataclass(frozen=True)
class Params(Knobs):
    rows: int = knob(5, 3, 12, help="grid height")
    cols: int = knob(5, 3, 12, help="grid width")
    max_island: int = knob(4, 1, 9, help="largest island size (the largest number) when islands are grown")
    land: float = knob(0.4, 0.1, 0.7, help="share of cells grown into islands before 2x2 wall blocks are broken")

    def check(self) -> None:
        if self.max_island > self.rows * self.cols // 2:
            raise ValueError(f"max_island={self.max_island} exceeds half of rows*cols={self.rows * self.cols}")


LEVELS = {
    1: Params(rows=4, cols=4, max_island=3, land=0.4),
    2: Params(rows=4, cols=5, max_island=4, land=0.4),
    3: Params(rows=5, cols=5, max_island=4, land=0.4),
    4: Params(rows=5, cols=6, max_island=5, land=0.4),
    5: Params(rows=6, cols=6, max_island=5, land=0.45),
    6: Params(rows=7, cols=7, max_island=5, land=0.5),
    7: Params(rows=7, cols=8, max_island=6, land=0.5),
    8: Params(rows=8, cols=8, max_island=6, land=0.5),
    9: Params(rows=9, cols=9, max_island=6, land=0.55),
    10: Params(rows=10, cols=10, max_island=6, land=0.55),
}


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        bit = mask & -mask
        out.append(bit.bit_length() - 1)
        mask ^= bit
    return out


def _pick(cells: list[int], rng: np.random.Generator) -> int:
    return cells[int(rng.integers(len(cells)))]


def _first(geo: Geometry, islands: list[int], walls: int, i: int, cells: list[int]) -> int | None:
    """The first cell of `cells` that island `i` (or a new island, i == -1) may take: a wall cell with no
    other island within a king's step, whose loss leaves the walls connected; None if there is none."""
    others = 0
    for j, m in enumerate(islands):
        if j != i:
            others |= m
    near = geo.king(others)
    for c in cells:
        bit = 1 << c
        if bit & near or not bit & walls:
            continue
        rest = walls & ~bit
        if geo.connected(rest, rest):
            return c
    return None


def _shuffled(mask: int, rng: np.random.Generator) -> list[int]:
    cells = _bits(mask)
    return [cells[int(k)] for k in rng.permutation(len(cells))]


def _layout(params: Params, rng: np.random.Generator) -> list[int] | None:
    """Random islands (masks) of a valid solution, or None when breaking the last 2x2 wall blocks failed.

    Islands are seeded and grown at random (to sizes below max_island, leaving room) until `land` of the
    grid is island; then every 2x2 block of walls left gets one cell, grown onto a neighbouring island
    or made a new island of 1.
    """
    geo = Geometry(params.rows, params.cols)
    islands: list[int] = []
    walls = geo.all
    target = round(params.land * params.rows * params.cols)
    while geo.all.bit_count() - walls.bit_count() < target:
        cell = _first(geo, islands, walls, -1, _shuffled(walls & ~geo.king(geo.all & ~walls), rng))
        if cell is None:
            break
        islands.append(1 << cell)
        walls &= ~(1 << cell)
        size = int(rng.integers(1, max(1, params.max_island - 1) + 1))
        while islands[-1].bit_count() < size:
            cell = _first(geo, islands, walls, len(islands) - 1, _shuffled(geo.orth(islands[-1]) & walls, rng))
            if cell is None:
                break
            islands[-1] |= 1 << cell
            walls &= ~(1 << cell)
    while pools := [b for b in geo.blocks if b & walls == b]:
        block = _pick(pools, rng)
        for cell in _shuffled(block, rng):
            near = [j for j, m in enumerate(islands) if geo.king(m) >> cell & 1]
            if len(near) > 1 or (near and islands[near[0]].bit_count() >= params.max_island):
                continue
            if near and not geo.orth(islands[near[0]]) >> cell & 1:
                continue
            if _first(geo, islands, walls, near[0] if near else -1, [cell]) is not None:
                if near:
                    islands[near[0]] |= 1 << cell
                else:
                    islands.append(1 << cell)
                walls &= ~(1 << cell)
                break
        else:
            return None
    return islands if len(islands) > 1 else None


def _clue(geo: Geometry, island: int, rng: np.random.Generator, avoid: int = 0) -> tuple[int, int, int]:
    """A numbered cell for `island`: a random cell of it, outside `avoid` where it can."""
    cells = _bits(island & ~avoid) or _bits(island)
    cell = _pick(cells, rng)
    return cell // geo.cols, cell % geo.cols, island.bit_count()


def _unique_clues(params: Params, islands: list[int], rng: np.random.Generator, budget: list[int]):
    """Clues for the layout, moved until the solver proves the solution unique: while a second solution
    exists, the number of an island it reshapes moves to a cell that its other shape leaves out.
    Returns (clues, solver, proved)."""
    geo = Geometry(params.rows, params.cols)
    clues = [_clue(geo, m, rng) for m in islands]
    for _ in range(REPAIRS):
        solver = Solver(params.rows, params.cols, clues, NODE_LIMIT)
        count = solver.count(2)
        budget[0] -= solver.work
        if count == 1:
            return clues, solver, True
        if count is None or budget[0] <= 0:
            break
        other = next(s for s in solver.solutions if s != islands)
        moved = [i for i, m in enumerate(islands) if other[i] != m]
        i = moved[int(rng.integers(len(moved)))]
        clues[i] = _clue(geo, islands[i], rng, avoid=other[i])
    return clues, solver, False


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A random valid wall layout, then one number per island, moved until a counting solver proves the
    solution unique (after LAYOUT_TRIES layouts the last puzzle is kept unproved; any valid answer passes).

    Hardness is the solver's work on the final puzzle: search nodes plus island shapes pruned by propagation.
    """
    found, budget, tries = None, [WORK_BUDGET], 0
    while found is None or (tries < LAYOUT_TRIES and not found[3] and budget[0] > 0):
        tries += 1  # a layout fails now and then (a 2x2 wall block no island may break); redraw it
        if found is None and tries > 50 * LAYOUT_TRIES:
            raise ValueError(f"number_wall: no wall layout found for {params}; raise max_island or land")
        islands = _layout(params, rng)
        if islands is not None:
            found = (islands, *_unique_clues(params, islands, rng, budget))
    return _instance(params, *found)


def _instance(params: Params, islands: list[int], clues: list, solver: Solver, unique: bool) -> Instance:
    clues = sorted(clues)
    rows, cols = params.rows, params.cols
    land = 0
    for m in islands:
        land |= m
    numbers = {(r, c): k for r, c, k in clues}
    grid = [[numbers.get((r, c), LAND if land >> (r * cols + c) & 1 else WALL) for c in range(cols)]
            for r in range(rows)]  # fmt: skip
    width = max(len(str(k)) for _, _, k in clues)
    board = "\n".join(" ".join(f"{numbers.get((r, c), '.'):>{width}}" for c in range(cols)) for r in range(rows))
    payload = {"rows": rows, "cols": cols, "clues": [list(c) for c in clues]}
    if not unique:
        payload["unique"] = False
    fields = {"rows": rows, "cols": cols, "board": board, "clues": [list(c) for c in clues]}
    return Instance("", answer_grid(grid), payload, float(solver.nodes + solver.pruned), fields)

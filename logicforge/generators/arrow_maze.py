"""Arrow maze: fill every empty cell with one of 8 arrows so that each number counts the arrows running away from it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._arrow_maze_solver import DIRS, solve
from logicforge.generators.base import Instance, Knobs, knob

# Direction index -> the arrow written in the board and the reference, and its letter code (the payload's).
ARROWS = "↑↓←→↖↗↙↘"
CODES = ("U", "D", "L", "R", "UL", "UR", "DL", "DR")
NUMBER = 8  # a cell kind beside the 8 directions during generation
ANSWER_FORMAT = (
    "the completed grid, one row per line, cells separated by spaces: every number as given and an arrow "
    "(↑ ↓ ← → ↖ ↗ ↙ ↘, or the letters U D L R UL UR DL DR) in every other cell"
)


@dataclass(frozen=True)
class Params(Knobs):
    rows: int = knob(5, 3, 12, help="grid rows")
    cols: int = knob(5, 3, 12, help="grid columns")
    number_density: float = knob(
        0.2,
        0.05,
        0.5,
        help="share of cells seeded as numbers before the arrows are drawn (a cell no ray can "
        "reach becomes a number as well)",
    )
    given_share: float = knob(0.3, 0.0, 0.9, help="share of the arrow cells shown pre-filled")


LEVELS = {
    1: Params(rows=4, cols=4, number_density=0.25, given_share=0.5),
    2: Params(rows=4, cols=5, number_density=0.2, given_share=0.4),
    3: Params(rows=5, cols=5, number_density=0.2, given_share=0.3),
    4: Params(rows=5, cols=6, number_density=0.18, given_share=0.25),
    5: Params(rows=6, cols=6, number_density=0.15, given_share=0.2),
    6: Params(rows=6, cols=7, number_density=0.15, given_share=0.15),
    7: Params(rows=7, cols=7, number_density=0.12, given_share=0.12),
    8: Params(rows=8, cols=9, number_density=0.11, given_share=0.09),
    9: Params(rows=9, cols=9, number_density=0.1, given_share=0.08),
    10: Params(rows=10, cols=10, number_density=0.1, given_share=0.05),
}
_BUDGET = 4_000  # search nodes; past it the puzzle gets more pre-filled arrows (bounds generation time)


def _step(x: int, d: int, rows: int, cols: int, sign: int = 1) -> int:
    """The cell one step from x along direction d (against it with sign -1), or -1 off the grid."""
    r, c = divmod(x, cols)
    r, c = r + sign * DIRS[d][0], c + sign * DIRS[d][1]
    return r * cols + c if 0 <= r < rows and 0 <= c < cols else -1


def _claims(kind: list[int], x: int, rows: int, cols: int) -> list[tuple[int, list[int]]]:
    """(direction, cells to draw) for each number that could run an arrow out to cell x: walking back from x
    against d passes only free cells or arrows pointing d before it meets the number."""
    out = []
    for d in range(8):
        path, y = [x], _step(x, d, rows, cols, -1)
        while y >= 0 and kind[y] != NUMBER and kind[y] in (-1, d):
            if kind[y] < 0:
                path.append(y)
            y = _step(y, d, rows, cols, -1)
        if y >= 0 and kind[y] == NUMBER:
            out.append((d, path))
    return out


def _values(kind: list[int], rows: int, cols: int) -> dict[int, int]:
    """Each number's clue: the lengths of its 8 runs of arrows pointing away from it, added up."""
    out = {}
    for x, k in enumerate(kind):
        if k == NUMBER:
            total = 0
            for d in range(8):
                y = _step(x, d, rows, cols)
                while y >= 0 and kind[y] == d:
                    total += 1
                    y = _step(y, d, rows, cols)
            out[x] = total
    return out


def _field(p: Params, rng: np.random.Generator) -> list[int]:
    """A random solved grid: numbers seeded, then each free cell (in random order) drawn as the tip of a
    run from a number, shorter runs likelier; a cell no number can reach becomes a number itself."""
    rows, cols = p.rows, p.cols
    kind = [-1] * (rows * cols)
    for x in rng.permutation(rows * cols)[: max(1, round(p.number_density * rows * cols))]:
        kind[int(x)] = NUMBER
    for x in (int(x) for x in rng.permutation(rows * cols)):
        if kind[x] >= 0:
            continue
        claims = _claims(kind, x, rows, cols)
        if not claims:
            kind[x] = NUMBER
            continue
        weights = np.array([1.0 / len(path) ** 2 for _, path in claims])
        d, path = claims[int(rng.choice(len(claims), p=weights / weights.sum()))]
        for y in path:
            kind[y] = d
    _feed_zeros(kind, rows, cols)
    return kind


def _feed_zeros(kind: list[int], rows: int, cols: int) -> None:
    """Give a number that counts no arrow a neighbour: the last arrow of another number's run (one that
    keeps that number above 0) turns to point away from it. A number no such arrow touches stays 0."""
    values = _values(kind, rows, cols)
    for x in sorted(x for x, v in values.items() if v == 0):
        for d in range(8):
            y = _step(x, d, rows, cols)
            if y < 0 or kind[y] == NUMBER:
                continue
            e = kind[y]
            ahead = _step(y, e, rows, cols)
            owner = y
            while kind[owner] == e:
                owner = _step(owner, e, rows, cols, -1)
            if (ahead < 0 or kind[ahead] != e) and values[owner] > 1:
                kind[y] = d
                values[owner] -= 1
                values[x] = 1
                break


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A random solved field, its clues, a share of its arrows shown; more arrows shown while the solver
    needs over _BUDGET nodes, or while one arrow repeated in every cell would pass. Hardness: the solver's
    search nodes to a solution times 10, plus the bounds its propagation tightened (more cells and fewer
    givens mean more of both)."""
    rows, cols = params.rows, params.cols
    kind = _field(params, rng)
    while len(set(kind)) < 3:  # a field of one arrow (only on tiny grids) would make that arrow everywhere right
        kind = _field(params, rng)
    values = _values(kind, rows, cols)
    arrows = [x for x, k in enumerate(kind) if k != NUMBER]
    order = [arrows[int(i)] for i in rng.permutation(len(arrows))]
    shown = round(params.given_share * len(arrows))
    while True:
        spread = {kind[x] for x in order[:shown]}
        if len(spread) < 2 and any(
            _values([NUMBER if k == NUMBER else d for k in kind], rows, cols) == values for d in spread or range(8)
        ):
            shown = next(i for i, x in enumerate(order) if kind[x] not in spread) + 1
            continue
        givens = {x: kind[x] for x in sorted(order[:shown])}
        sols, nodes, work = solve(rows, cols, values, givens, budget=_BUDGET)
        if sols is not None:
            break
        shown += max(1, len(arrows) // 20)
    if not sols:  # the drawn field is itself a solution, so the solver can only miss it through a bug
        raise RuntimeError("arrow_maze: the solver found no solution to a solved field")
    numbers = [[x // cols, x % cols, v] for x, v in sorted(values.items())]
    given_rows = [[x // cols, x % cols, CODES[d]] for x, d in givens.items()]
    payload = {"rows": rows, "cols": cols, "numbers": numbers, "givens": given_rows}
    board = [["."] * cols for _ in range(rows)]
    for r, c, v in numbers:
        board[r][c] = str(v)
    for x, d in givens.items():
        board[x // cols][x % cols] = ARROWS[d]
    width = max(len(s) for row in board for s in row)
    fields = {
        "rows": rows,
        "cols": cols,
        "board": "\n".join(" ".join(s.rjust(width) for s in row) for row in board),
        "numbers": [list(n) for n in numbers],
        "givens": [[r, c, ARROWS[CODES.index(code)]] for r, c, code in given_rows],
    }
    answer = "\n".join(
        " ".join(str(values[x]) if kind[x] == NUMBER else ARROWS[kind[x]] for x in range(r * cols, (r + 1) * cols))
        for r in range(rows)
    )
    return Instance("", answer, payload, float(10 * nodes + work), fields)

"""Arrow maze verifier: numbers kept, an arrow in every other cell, every number's count of arrows running
away from it right, and every arrow counted by some number."""

from __future__ import annotations

import itertools
from functools import lru_cache

from logicforge.verifiers.symbol_grid import parse_symbol_grid
from logicforge.verifiers.verdict import Verdict

# The 8 directions as (row step, column step), by letter code; row 1 is the top, so up is -1.
STEPS = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1), "UL": (-1, -1), "UR": (-1, 1), "DL": (1, -1),
         "DR": (1, 1)}  # fmt: skip
# What a cell may say: the arrows of the question, their heavy look-alikes, or the letter codes (any case).
SYMBOLS = {
    **{code: code for code in STEPS},
    **dict(zip("↑↓←→↖↗↙↘", STEPS)),
    **dict(zip("⬆⬇⬅➡⬉⬈⬋⬊", STEPS)),
}


_CODES = frozenset(STEPS)
# Every spelling of a symbol the shared parser reads (it ignores case): the fast path's lookup table.
_TOKENS = {"".join(t): SYMBOLS[key] for key in SYMBOLS for t in itertools.product(*({ch, ch.lower()} for ch in key))}


@lru_cache(maxsize=64)
def _rays(rows: int, cols: int) -> tuple[tuple[tuple[str, tuple[int, ...]], ...], ...]:
    """Per cell (r * cols + c), its 8 rays: (direction code, the cells out to the edge, in order)."""
    out = []
    for r0 in range(rows):
        for c0 in range(cols):
            rays = []
            for code, (dr, dc) in STEPS.items():
                cells, r, c = [], r0 + dr, c0 + dc
                while 0 <= r < rows and 0 <= c < cols:
                    cells.append(r * cols + c)
                    r, c = r + dr, c + dc
                rays.append((code, tuple(cells)))
            out.append(tuple(rays))
    return tuple(out)


def _plain(text: str, rows: int, cols: int) -> list[object] | None:
    """The cells, row by row, of a grid written plainly (one row per line, cells between spaces, every
    cell a symbol or an unpadded number), as the shared parser reads it; None for anything else."""
    lines = [line.split() for line in text.split("\n") if line.strip()]
    if len(lines) != rows or any(len(line) != cols for line in lines):
        return None
    tokens = [token for line in lines for token in line]
    cells: list[object] = list(map(_TOKENS.get, tokens))  # None: a number, or not a cell at all
    at = -1
    while None in cells[at + 1 :]:
        at = cells.index(None, at + 1)
        token = tokens[at]
        if not (token.isascii() and token.isdigit() and len(token) <= 6 and (token == "0" or token[0] != "0")):
            return None
        cells[at] = int(token)
    return cells


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check the shape, that every number is kept and every other cell holds an arrow, the pre-filled
    arrows, each number's sum over its 8 rays, and that every arrow lies on some number's run.

    A number's rays run from it in the 8 directions; along each, its run is the unbroken line of cells right
    next to it whose arrows point that same way (it stops at the first other arrow, a number or the edge).
    The number must equal the total length of its 8 runs. `payload["numbers"]` holds [row, col, value] and
    `payload["givens"]` [row, col, code], 0-based.

    >>> p = {"rows": 1, "cols": 3, "numbers": [[0, 0, 2]], "givens": []}
    >>> verify(p, "2 → →").correct, verify(p, "2 R r").correct, verify(p, "2 → ←").reason
    (True, True, 'violates:sum')
    >>> p = {"rows": 1, "cols": 3, "numbers": [[0, 0, 1]], "givens": [[0, 1, "R"]]}
    >>> verify(p, "1 → ←").reason, verify(p, "1 ← →").reason
    ('violates:cover', 'violates:given')
    """
    rows, cols = payload["rows"], payload["cols"]
    cells = _plain(answer, rows, cols) if len(answer) < 16 * rows * cols else None
    if cells is None:
        grid = parse_symbol_grid(answer, rows, cols, SYMBOLS, numbers=True)
        if isinstance(grid, str):
            return Verdict.fail(grid)
        cells = [cell for row in grid for cell in row]
    numbers = [(r * cols + c, v) for r, c, v in payload["numbers"]]
    kept = sum(cells[x].__class__ is int for x, _ in numbers)
    if len(cells) - sum(map(_CODES.__contains__, cells)) > kept:
        return Verdict.fail("out_of_range")  # a number where an arrow belongs
    if any(cells[x] != v for x, v in numbers) or any(cells[r * cols + c] != d for r, c, d in payload["givens"]):
        return Verdict.fail("violates:given")
    rays = _rays(rows, cols)
    covered = 0
    for x, value in numbers:
        total = 0
        for code, ray in rays[x]:
            for y in ray:
                if cells[y] != code:
                    break
                total += 1
        if total != value:
            return Verdict.fail("violates:sum")
        covered += total
    # No arrow lies on two runs (a run stops at a number, so only the nearest number behind an arrow can
    # reach it); the runs therefore cover `covered` distinct arrows, and every arrow exactly when that is all.
    if covered != len(cells) - len(numbers):
        return Verdict.fail("violates:cover")
    return Verdict.ok()

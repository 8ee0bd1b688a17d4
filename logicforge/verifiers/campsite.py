"""Campsite verifier: the trees where given, the row and column tent counts, no two tents touching, and a
one-to-one pairing of tents with orthogonally adjacent trees."""

from __future__ import annotations

import re
from functools import lru_cache

from logicforge.verifiers.symbol_grid import parse_symbol_grid
from logicforge.verifiers.verdict import Verdict

# T (tree), A (tent) and - (empty), as the board is drawn. "." is not an empty cell: extraction drops one
# closing full stop, so a grid ending in an empty "." cell would lose it and pass or fail by accident.
_SYMBOLS = {"T": "T", "A": "A", "-": "-"}


@lru_cache(maxsize=64)
def _canonical(rows: int, cols: int) -> re.Pattern:
    """The answer exactly as the format asks (upper case, single spaces, one row per line): read without the
    general parser, which gives the same grid for it, several times slower."""
    row = "[TA-]" + " [TA-]" * (cols - 1)
    return re.compile(row + ("\n" + row) * (rows - 1))


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check every rule over the whole grid: shape, trees, row counts, column counts, touching, pairing.

    >>> p = {"rows": 2, "cols": 3, "trees": [[0, 0]], "row_counts": [0, 1], "col_counts": [1, 0, 0]}
    >>> verify(p, "T - -\\nA - -").correct, verify(p, "T - -\\n- - -").reason, verify(p, "A - -\\nT - -").reason
    (True, 'violates:row', 'violates:given')
    """
    rows, cols = payload["rows"], payload["cols"]
    if isinstance(answer, str) and _canonical(rows, cols).fullmatch(answer):
        lines = answer.replace(" ", "").split("\n")
    else:
        grid = parse_symbol_grid(answer, rows, cols, _SYMBOLS)
        if isinstance(grid, str):
            return Verdict.fail(grid)
        lines = ["".join(row) for row in grid]
    width = cols + 1  # each row and a "|" after it, so a step off the grid's side never lands in a cell
    flat = "|".join(lines) + "|"
    board = [["-"] * cols for _ in range(rows)]
    for r, c in payload["trees"]:
        board[r][c] = "T"
    if flat.replace("A", "-") != "|".join("".join(row) for row in board) + "|":
        return Verdict.fail("violates:given")  # a tree moved, dropped, added, or a tent put on one
    if [line.count("A") for line in lines] != list(payload["row_counts"]):
        return Verdict.fail("violates:row")
    if [flat[c::width].count("A") for c in range(cols)] != list(payload["col_counts"]):
        return Verdict.fail("violates:column")
    tents = [m.start() for m in re.finditer("A", flat)]
    padded = flat + "|" * (width + 2)
    if any("A" in (padded[i + 1], padded[i + width - 1], padded[i + width], padded[i + width + 1]) for i in tents):
        return Verdict.fail("violates:touching")  # each pair is seen from its first tent in reading order
    if len(tents) != len(payload["trees"]) or not _perfect_matching(tents, padded, width):
        return Verdict.fail("violates:matching")
    return Verdict.ok()


def _perfect_matching(tents: list[int], padded: str, width: int) -> bool:
    """Whether every tent pairs with its own orthogonally adjacent tree, cells as indices of `padded` (rows
    `width` apart, a "|" between them and after the grid). Each tent first takes a free tree beside it; a
    tent left over then looks for an augmenting path (Kuhn). Where all tents can be paired, every
    unpaired tent has one, so the first tent without one decides."""

    def trees(i: int) -> list[int]:
        return [j for j in (i - width, i - 1, i + 1, i + width) if j >= 0 and padded[j] == "T"]

    owner: dict[int, int] = {}
    left = []
    for i in tents:
        for j in (i - width, i - 1, i + 1, i + width):
            if j >= 0 and padded[j] == "T" and j not in owner:
                owner[j] = i
                break
        else:
            left.append(i)

    def place(tent: int, seen: set) -> bool:
        for tree in trees(tent):
            if tree not in seen:
                seen.add(tree)
                if tree not in owner or place(owner[tree], seen):
                    owner[tree] = tent
                    return True
        return False

    return all(place(tent, set()) for tent in left)

"""Minesweeper verifier: the answer must be exactly the set of hidden cells that must be mines.

The forced set is re-derived here, not trusted from the payload, and cached per position:

1. Each stored witness arrangement is checked against every number (and the total); a hidden cell
   that is safe in a valid witness cannot be forced. Interior cells (next to no number) are
   interchangeable, so one safe interior cell in a witness clears them all; without a total they
   are never forced.
2. Every cell no witness clears gets its own proof: a bounded depth-first search
   (`Position.prove` in _minesweeper_search) looks for an arrangement with that cell safe, first
   under the numbers alone, then with the total. None exists: forced. One found: not forced.
3. Only if that search runs out of nodes (never for generated items; the tests check this) does
   the stored `forced` list decide that one cell.
"""

from __future__ import annotations

from functools import lru_cache

from logicforge.verifiers._minesweeper_search import Position
from logicforge.verifiers.grid import parse_cells
from logicforge.verifiers.verdict import Verdict


@lru_cache(maxsize=2048)
def _setup(rows: int, cols: int, grid: tuple[str, ...], total: int | None, witnesses: tuple[str, ...]):
    """The position, the hidden cells its valid witnesses show can be safe, and a hint (the
    first valid witness over the frontier, or None if no witness is valid)."""
    pos = Position(rows, cols, grid, total)
    cleared: set[int] = set()
    hint = None
    for w in witnesses:
        if len(w) == pos.size and set(w) <= {"0", "1"}:
            mines = {x for x, ch in enumerate(w) if ch == "1"}
            if pos.holds(mines):
                hint = hint or [1 if x in mines else 0 for x in pos.frontier]
                cleared.update(x for x in pos.hidden if x not in mines)
    if total is None or cleared.intersection(pos.interior):
        cleared.update(pos.interior)  # interior cells are interchangeable (and free without a total)
    return pos, frozenset(cleared), hint


@lru_cache(maxsize=2048)
def _derive(key: tuple) -> tuple[frozenset[int], frozenset[int]]:
    """(forced cells, undecided cells) of a position, as frozensets of flat indices."""
    pos, cleared, hint = _setup(*key)
    cleared = set(cleared)
    forced, undecided = set(), set()
    for x in pos.frontier + pos.interior[:1]:  # one interior cell stands for them all
        group = pos.interior if x in pos.interior else [x]
        if cleared.intersection(group):
            continue
        found = pos.prove(-1 if x in pos.interior else x, hint)
        if found is None:
            forced.update(group)
        elif found is False:
            undecided.update(group)
        else:
            cleared.update(found)
            if cleared.intersection(pos.interior):
                cleared.update(pos.interior)
    return frozenset(forced), frozenset(undecided)


def verify(payload: dict, answer: str) -> Verdict:
    """Parse the listed cells, check they are distinct hidden cells, compare with the forced set.

    Cheap sound rejections come first (a listed cell some witness leaves safe; a missing cell of
    the stored set that one proof shows forced), so most wrong answers never pay for a full
    derivation; a right answer does, once per position (cached).

    >>> p = {"rows": 1, "cols": 3, "grid": ["?1?"], "total": 1, "forced": [], "witnesses": []}
    >>> verify(p, "(0, 0)").reason, verify(p, "[]").reason, verify(p, "none").reason
    ('extra_item', 'ok', 'parse_error')
    """
    rows, cols = int(payload["rows"]), int(payload["cols"])
    grid = tuple(payload["grid"])
    cells = parse_cells(answer, rows, cols, base=int(payload.get("cell_base", 0)))
    if isinstance(cells, str):
        return Verdict.fail(cells)
    if any(grid[r][c] != "?" for r, c in cells):
        return Verdict.fail("violates:given")  # a revealed cell is no mine
    total = payload.get("total")
    key = (rows, cols, grid, None if total is None else int(total), tuple(payload["witnesses"]))
    pos, cleared, hint = _setup(*key)
    listed = {r * cols + c for r, c in cells}
    if not listed.isdisjoint(cleared):
        return Verdict.fail("extra_item")
    stored = {r * cols + c for r, c in payload["forced"]}
    missing = sorted(stored - listed)
    if missing and missing[0] in pos.index and pos.prove(missing[0], hint) is None:
        return Verdict.fail("missing_item")
    forced, undecided = _derive(key)
    truth = forced | (stored & undecided)
    if listed - truth:
        return Verdict.fail("extra_item")
    if truth - listed:
        return Verdict.fail("missing_item")
    return Verdict.ok()

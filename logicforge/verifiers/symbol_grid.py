"""The symbol-grid parser: grids of letters, marks and arrows (optionally mixed with numbers), read in the
same notations as `grid.parse_grid`, with the same table handling (`grid._cells`, `grid._labels`).

Returns the grid or a reason from `verifiers/reasons.py`; never raises, never evaluates text, linear work.
"""

from __future__ import annotations

import re

from logicforge.verifiers.grid import _TABLE_RULE, _cells, _labels

_FENCE = re.compile(r"\s*```[A-Za-z0-9_+-]*\s*")
_BRACKET_ROW = re.compile(r"\[([^\[\]]*)\]")
_BETWEEN_ROWS = re.compile(r"[\s,;]*")
_QUOTES = "'\"`"


def parse_symbol_grid(
    text: str, rows: int, cols: int, symbols: dict[str, object], *, numbers: bool = False, case: bool = False
) -> list[list[object]] | str:
    """A rows x cols grid whose cells are symbols (each key of `symbols` read as its value) or, with
    `numbers`, non-negative integers (read as ints); or a reason: `too_long`, `parse_error`, `wrong_shape`.

    Symbols are matched case-insensitively unless `case`. Accepted notations: one row per line with cells
    separated by spaces, commas or bars (a Markdown table, with or without a header row of column labels
    and a column of row labels under an empty corner), nested lists with quoted cells
    (`[["1", "X"], ["X", "1"]]`), rows separated by `;`, all cells on one line, and rows written as runs
    of single-character symbols (`1XX1`) when no cell is a number. Code fences are dropped. An unknown
    token, an empty cell, a signed or zero-padded number is `parse_error`; a row of the wrong length or the
    wrong number of rows is `wrong_shape`. Nothing is evaluated, and the work is linear in the text.

    >>> marks = {"1": 1, "X": 0}
    >>> parse_symbol_grid("1 X\\nx 1", 2, 2, marks), parse_symbol_grid('[["1","X"],["X","1"]]', 2, 2, marks)
    ([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> parse_symbol_grid("1X\\nX1", 2, 2, marks), parse_symbol_grid("| 1 | X |\\n|---|---|\\n| X | 1 |", 2, 2, marks)
    ([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> parse_symbol_grid("3 A\\nA .", 2, 2, {"A": "wall", ".": "land"}, numbers=True)
    [[3, 'wall'], ['wall', 'land']]
    >>> parse_symbol_grid("1 X\\n1", 2, 2, marks), parse_symbol_grid("1 Y\\nX 1", 2, 2, marks)
    ('wrong_shape', 'parse_error')
    """
    if not isinstance(text, str):
        return "parse_error"
    longest = max((len(k) for k in symbols), default=1)
    if len(text) > (longest + 40) * rows * cols + 200:
        return "too_long"
    lookup = {(k if case else k.upper()): v for k, v in symbols.items()}
    fast = _plain_rows(text if case else text.upper(), rows, cols, lookup, numbers)
    if fast is not None:
        return fast
    lines = [line for line in _FENCE.sub("\n", "\n" + text + "\n").split("\n") if line.strip()]
    body = "\n".join(lines).strip()
    if body.startswith("[") and body.endswith("]") and body[1:].lstrip().startswith("["):
        groups, pos, inner = [], 0, body[1:-1]
        for m in _BRACKET_ROW.finditer(inner):
            if not _BETWEEN_ROWS.fullmatch(inner, pos, m.start()):
                return "parse_error"
            groups.append(m.group(1))
            pos = m.end()
        if not groups or not _BETWEEN_ROWS.fullmatch(inner, pos):
            return "parse_error"
        raw = [_split_cells(g, ",") for g in groups]
    elif any("|" in line for line in lines):
        table = [line for line in lines if not _TABLE_RULE.fullmatch(line)]
        raw = _drop_labels([_cells(line) for line in table], rows, cols)
    else:
        if len(lines) == 1 and ";" in body:
            lines = body.split(";")
        raw = [_split_cells(line, "," if "," in line else None) for line in lines]
    if len(raw) == 1 and rows > 1 and len(raw[0]) == rows * cols:
        raw = [raw[0][r * cols : (r + 1) * cols] for r in range(rows)]  # the whole grid on one line
    grid: list[list[object]] = []
    for cells in raw:
        if len(cells) == 1 and cols > 1 and not numbers and len(cells[0]) == cols:
            cells = list(cells[0])  # a row as a run of one-character symbols: "1XX1"
        row = []
        for cell in cells:
            value = _symbol(cell, lookup, numbers, case)
            if value is None:
                return "parse_error"
            row.append(value)
        grid.append(row)
    if len(grid) != rows or any(len(row) != cols for row in grid):
        return "wrong_shape"
    return grid


_MISSING = object()


def _plain_rows(text: str, rows: int, cols: int, lookup: dict[str, object],
                numbers: bool = False) -> list[list[object]] | None:
    """The grid when `text` is exactly `rows` lines of `cols` whitespace-separated symbols (the usual
    answer), read with one dict lookup per cell; None sends anything else to the general parser."""
    lines = text.strip().split("\n")
    if len(lines) != rows:
        return None
    grid = []
    for line in lines:
        cells = line.split()
        row = [lookup.get(cell, _MISSING) for cell in cells]
        if len(row) != cols:
            return None
        if _MISSING in row:  # identity comparisons first: _MISSING is a unique object
            if not numbers:
                return None
            for i, value in enumerate(row):
                if value is _MISSING:
                    cell = cells[i]
                    if not (cell.isascii() and cell.isdigit() and len(cell) <= 6 and (cell == "0" or cell[0] != "0")):
                        return None
                    row[i] = int(cell)
        grid.append(row)
    return grid


def _split_cells(line: str, sep: str | None) -> list[str]:
    """The cells of one row: split on `sep` (None: whitespace), outer brackets and quotes dropped."""
    line = line.strip().strip(",;").strip()
    if len(line) > 1 and line[0] in "[(" and line[-1] in "])":
        line = line[1:-1]
    parts = line.split(sep) if sep else line.split()
    return [p.strip().strip(_QUOTES).strip() for p in parts]


def _drop_labels(table: list[list[str]], rows: int, cols: int) -> list[list[str]]:
    """A table's rows without a header of column labels and without a first column of row labels."""
    if len(table) == rows + 1 and table[0]:
        head = table[0]
        corner = len(head) == cols + 1 and head[0] == ""
        if _labels(head[1:] if corner else head, cols):
            table = table[1:]
            if corner and all(len(r) == cols + 1 and _labels([r[0]], 1, start=i) for i, r in enumerate(table)):
                table = [r[1:] for r in table]
    return table


def _symbol(cell: str, lookup: dict[str, object], numbers: bool, case: bool) -> object | None:
    key = cell if case else cell.upper()
    if key in lookup:
        return lookup[key]
    if numbers and cell.isascii() and cell.isdigit() and len(cell) <= 6 and (cell == "0" or cell[0] != "0"):
        return int(cell)
    return None

"""Wordscapes verifier: a letter in every white cell, # in every black one, and a bank word in every slot."""

from __future__ import annotations

import re
import string

from logicforge.verifiers.symbol_grid import parse_symbol_grid
from logicforge.verifiers.verdict import Verdict

# Letters are read case-insensitively (the parser folds case) and stand for themselves; '#' is a black cell.
_SYMBOLS = {ch: ch for ch in string.ascii_uppercase} | {"#": "#"}
# Every letter as '.', so a filled row and its template row compare cell by cell as black or white.
_WHITE = str.maketrans(dict.fromkeys(string.ascii_letters, "."))
_CELLS = re.compile(r"[A-Za-z#]+")


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check the template, the revealed letters, every across and down slot, and that no bank word is
    used twice.

    `payload["grid"]` holds one string per row: `#` a black cell, `.` a white cell to fill, a letter a white
    cell shown filled. `across` and `down` hold [row, col, length] (0-based start cells); `words` the bank.

    >>> p = {"rows": 2, "cols": 3, "grid": ["...", ".##"], "across": [[0, 0, 3]], "down": [[0, 0, 2]],
    ...      "words": ["CAT", "CO", "ACT"]}
    >>> verify(p, "C A T\\nO # #").correct, verify(p, "cat\\no##").correct, verify(p, "A C T\\nO # #").reason
    (True, True, 'violates:word')
    >>> verify(p, "C A T\\nO A #").reason, verify(p, ". . .\\n. # #").reason
    ('violates:given', 'parse_error')
    """
    rows, cols, template = payload["rows"], payload["cols"], payload["grid"]
    lines = _plain_rows(answer, rows, cols)
    if lines is None:  # any other notation: the shared parser reads it or gives the reason
        grid = parse_symbol_grid(answer, rows, cols, _SYMBOLS)
        if isinstance(grid, str):
            return Verdict.fail(grid)
        lines = ["".join(row) for row in grid]
    for line, shown in zip(lines, template):
        # a black cell stays black and a white one takes a letter; a letter shown in the template stays
        if line.translate(_WHITE) != shown.translate(_WHITE):
            return Verdict.fail("violates:given")
        if shown.strip(".#") and any(ch not in ".#" and ch.upper() != got for ch, got in zip(shown, line)):
            return Verdict.fail("violates:given")
    columns = ["".join(col) for col in zip(*lines)]
    words = [lines[r][c : c + n] for r, c, n in payload["across"]] + [
        columns[c][r : r + n] for r, c, n in payload["down"]
    ]
    bank = {w.upper() for w in payload["words"]}
    if any(word not in bank for word in words):
        return Verdict.fail("violates:word")
    if len(set(words)) != len(words):  # every slot holds a bank word, and one of them twice
        return Verdict.fail("duplicate_item")
    return Verdict.ok()


def _plain_rows(text: str, rows: int, cols: int) -> list[str] | None:
    """The rows, upper-cased, when `text` is written exactly as the answer format asks (one row per line, cells
    one character each, separated by single spaces or not at all); None for anything else. A shortcut for
    the common case only: it reads such text exactly as `parse_symbol_grid` does, several times faster.

    >>> _plain_rows("c A t\\nO # #", 2, 3), _plain_rows("CAT\\nO##", 2, 3), _plain_rows("C A T\\nO  # #", 2, 3)
    (['CAT', 'O##'], ['CAT', 'O##'], None)
    """
    if len(text) > 2 * rows * (cols + 1) + 8:
        return None
    lines = text.strip().split("\n")
    if len(lines) != rows:
        return None
    out = []
    for line in lines:
        line = line.strip()
        cells = line.replace(" ", "")
        if len(cells) != cols or not _CELLS.fullmatch(cells) or (line != cells and line != " ".join(cells)):
            return None
        out.append(cells.upper())
    return out

"""Answer parsing and rule checks shared by the Latin-square verifiers (futoshiki, skyscraper)."""

from __future__ import annotations

import re

from logicforge.verifiers._parse import grid_layout

# Between digits a solver may write whitespace, commas, semicolons, brackets, quotes (rows written as
# strings) or bars. Minus and plus signs are not separators, so "-3" can never pass as a 3.
_TEXT = re.compile(r"[0-9\s,;|\[\]()'\"]*")
_RUN = re.compile(r"[0-9]+")
# Lines, semicolons, brackets and quotes delimit rows; the digits between two of them must fill whole rows
# (or split rows evenly), so a short row cannot be made up for by a long one.
_ROW_BREAK = re.compile(r"[\n\r;\[\]()'\"]")


def parse_square(text: str, n: int) -> list[list[int]] | str:
    """An n x n grid of single digits (n <= 9), or a failure reason.

    Accepted: one digit per number separated by any of the characters above (one row per line, a
    nested list, all on one line), n rows written as runs of n digits ("1234"), or one run of n*n
    digits; a drawn frame, table rules or LaTeX matrix markup around them is ignored. Anything else
    (words, signs, a number of two digits, too few or too many cells) is refused.

    >>> parse_square("[[1, 2], [2, 1]]", 2), parse_square("12\\n21", 2)
    ([[1, 2], [2, 1]], [[1, 2], [2, 1]])
    >>> parse_square("1 2 1", 2), parse_square("1 2\\n2 1 or 2 1\\n1 2", 2), parse_square("12 2 1", 2)
    ('wrong_size', 'parse_error', 'wrong_value')
    >>> parse_square("1 2 3\\n2 3 1 3\\n1 2", 3)  # rows of 3, 4 and 2 cells: not a grid
    'wrong_shape'
    """
    if len(text) > 40 * n * n + 200:
        return "parse_error"
    text = grid_layout(text)  # a frame like the skyscraper board's "+-----+", box bars, LaTeX
    if not _TEXT.fullmatch(text):
        return "parse_error"
    runs = _RUN.findall(text)
    if (len(runs) == n and all(len(run) == n for run in runs)) or (len(runs) == 1 and len(runs[0]) == n * n):
        digits = "".join(runs)  # rows written as runs of digits, or the whole grid as one run
    elif all(len(run) == 1 for run in runs):
        digits = "".join(runs)
    elif len(runs) > 2 * n * n:
        return "wrong_size"
    else:
        return "wrong_value"  # a multi-digit number is never a cell of a grid of 1..9
    if len(digits) != n * n:
        return "wrong_size"
    if not _rows_aligned(text, n):
        return "wrong_shape"
    return [[ord(d) - 48 for d in digits[r * n : (r + 1) * n]] for r in range(n)]


def _rows_aligned(text: str, n: int) -> bool:
    """Whether every line, `;`-part, bracket group or quoted string holds whole rows (a multiple of n digits), or
    all of them hold the same share of a row (a pretty-printed list, one number per line).

    >>> _rows_aligned("1 2\\n2 1", 2), _rows_aligned("[\\n [\\n  1,\\n  2\\n ]", 2), _rows_aligned("1\\n2 2\\n1", 2)
    (True, True, False)
    """
    counts = [k for k in (sum(ch.isdigit() for ch in part) for part in _ROW_BREAK.split(text)) if k]
    if all(k % n == 0 for k in counts):
        return True
    return len(set(counts)) == 1 and n % counts[0] == 0


def latin_violation(grid: list[list[int]], n: int, givens: list[list[int]]) -> str | None:
    """The first broken rule of a filled grid (value range, givens, rows, columns), or None.

    `givens` holds [row, column, value] triples, 0-based.

    >>> latin_violation([[1, 2], [2, 1]], 2, [[0, 0, 1]]) is None
    True
    >>> latin_violation([[1, 2], [1, 2]], 2, []), latin_violation([[2, 1], [1, 2]], 2, [[0, 0, 1]])
    ('violates:column', 'violates:given')
    """
    full = set(range(1, n + 1))
    if any(not 1 <= v <= n for row in grid for v in row):
        return "wrong_value"
    if any(grid[r][c] != v for r, c, v in givens):
        return "violates:given"
    if any(set(row) != full for row in grid):
        return "violates:row"
    if any(set(col) != full for col in zip(*grid)):
        return "violates:column"
    return None

"""The grid toolkit: one parser for a grid of numbers in every notation a model writes (grids of symbols:
`symbol_grid.py`), one parser for cell lists, and the checks every grid family shares (values, givens,
rows, columns, groups).

Each parser returns its value or a reason from `verifiers/reasons.py`; none raises or evaluates text.
Checks run in one order: shape (here), values, givens, shared rules, then the family's own rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

Grid = list[list[int]]

# Between numbers a model may write whitespace, commas, semicolons, bars, brackets or quotes (rows as
# strings, inline code). Signs and points are not separators: "-3" or "3.0" never passes as a 3.
_TEXT = re.compile(r"[0-9\s,;|\[\]()'\"`]*")
_RUN = re.compile(r"[0-9]+")
# Lines, semicolons, brackets and quotes delimit rows: the cells between two of them must fill whole
# rows (or all split rows evenly), so a short row is never made up for by a long one.
_ROW_BREAK = re.compile(r"[\n\r;\[\]()'\"`]")
# A line with no digit made only of rule characters (a box rule "---+---", a table's "|---|:--:|", a
# frame "+-----+" or "└───┘") holds no cell. Dash look-alikes count as rule characters.
_RULE_LINE = re.compile(r"[\s\-+=_|:\u2010-\u2015\u2212\u2500-\u257f]*")
_RULE_CHAR = re.compile(r"[\-+=_:\u2010-\u2015\u2212\u2500-\u257f]")
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")
# Box-drawing verticals separate cells like "|" (horizontal ones never stand between two digits).
_BARS = str.maketrans(dict.fromkeys("\u2502\u2503\u2506\u2507\u250a\u250b\u2551\u254e\u254f", "|"))
# An empty table cell ("| 1 |   | 2 |") is an unfilled square; dropping it would shift the cells after it
# into other columns, so it becomes "_", which the parser refuses.
_EMPTY_CELL = re.compile(r"\|[ \t]*(?=\|)")
# LaTeX matrix markup: environments, rules and math delimiters carry no cell; `&` and `\\` separate.
_LATEX = re.compile(
    r"\\(?:begin|end)\s*\{\s*(?:[pbBvV]?matrix|array)\*?\s*\}(?:\s*\{[lcr|\s]*\})?"
    r"|\\hline|\\(?:left|right)\b|\\[()\[\]]"
)
# A column or row label of a table: "C1", "Col 2", "column 3", "R1", "Row 1", "1", or a letter "A".
_LABEL = re.compile(r"(?:c|col|column|r|row)?\s*([0-9]{1,2})|([a-z])", re.I)
_MAX_CHARS_PER_CELL = 40


def parse_grid(text: str, rows: int, cols: int, *, packed: bool = True) -> Grid | str:
    """A rows x cols grid of non-negative integers, or a reason: `too_long`, `parse_error`, `wrong_shape`.

    Accepted notations: rows of numbers separated by spaces, commas, semicolons or bars (one row per line,
    or all on one line), nested lists, Markdown tables (with or without a header row of column labels
    and a column of row labels), box drawings and frames, LaTeX matrices, rows in quotes or backticks.
    With `packed` (only for grids of single digits) rows may be written as runs of digits ("1234"), box by
    box ("534 678 912") or the whole grid as one run. Anything else (words, signs, points, an empty
    cell, too few or too many cells, rows of unequal length) is refused; ranges are the caller's check.

    >>> parse_grid("[[1, 2], [3, 4]]", 2, 2), parse_grid("12\\n34", 2, 2), parse_grid("| 1 | 2 |\\n| 3 | 4 |", 2, 2)
    ([[1, 2], [3, 4]], [[1, 2], [3, 4]], [[1, 2], [3, 4]])
    >>> parse_grid("| C1 | C2 |\\n|----|----|\\n| 1 | 2 |\\n| 3 | 4 |", 2, 2)
    [[1, 2], [3, 4]]
    >>> parse_grid("1 2 3", 2, 2), parse_grid("1\\n2 3\\n4", 2, 2), parse_grid("1 2\\n-3 4", 2, 2)
    ('wrong_shape', 'wrong_shape', 'parse_error')
    """
    if len(text) > _MAX_CHARS_PER_CELL * rows * cols + 200:
        return "too_long"
    fast = _plain_numbers(text, rows, cols)
    if fast is not None:
        return fast
    body = layout(text, rows, cols)
    if not _TEXT.fullmatch(body):
        return "parse_error"
    runs = _RUN.findall(body)
    if len(runs) == rows * cols:
        if any(len(run) > 1 and run[0] == "0" for run in runs):
            return "parse_error"  # "01" is no way to write a cell (and reads as the digits 0 and 1 packed)
        if not _aligned(body, cols, _count_runs):
            return "wrong_shape"
        values = [int(run) if len(run) <= 6 else 10**6 for run in runs]  # out of every range, cheaply
    elif packed and _packable(runs, rows, cols):
        if not _aligned(body, cols, _count_digits):
            return "wrong_shape"
        values = [ord(d) - 48 for d in "".join(runs)]
    else:
        return "wrong_shape"
    return [values[r * cols : (r + 1) * cols] for r in range(rows)]


def _plain_numbers(text: str, rows: int, cols: int) -> Grid | None:
    """The grid when `text` is exactly `rows` lines of `cols` space-separated plain numbers (the usual
    answer), read without the general layout pass; None sends anything else to it. Reads such text
    exactly as the general path does (no zero-padding, at most 6 digits a cell)."""
    lines = text.strip().split("\n")
    if len(lines) != rows:
        return None
    grid = []
    for line in lines:
        if not _PLAIN_ROW.fullmatch(line):
            return None
        cells = line.split()
        if len(cells) != cols:
            return None
        grid.append(list(map(int, cells)))
    return grid


_PLAIN_ROW = re.compile(r"[ \t]*(?:0|[1-9][0-9]{0,5})(?:[ \t]+(?:0|[1-9][0-9]{0,5}))*[ \t]*")


def _packable(runs: list[str], rows: int, cols: int) -> bool:
    """Whether runs of digits read as single-digit cells: rows as runs ("1234"), the grid as one run, or
    every run the same length dividing the row (box by box: "534 678 912")."""
    if sum(len(run) for run in runs) != rows * cols or not runs:
        return False
    if len(runs) == 1:
        return True
    width = len(runs[0])
    return all(len(run) == width for run in runs) and cols % width == 0


def _count_runs(part: str) -> int:
    return len(_RUN.findall(part))


def _count_digits(part: str) -> int:
    return sum(ch.isdigit() for ch in part)


def _aligned(body: str, cols: int, count) -> bool:
    """Whether every line, `;`-part, bracket group or quoted string holds whole rows (a multiple of `cols`
    cells), or all of them hold the same share of a row (a pretty-printed list, one number per line)."""
    counts = [k for k in map(count, _ROW_BREAK.split(body)) if k]
    if all(k % cols == 0 for k in counts):
        return True
    return len(set(counts)) == 1 and cols % counts[0] == 0


def layout(text: str, rows: int, cols: int) -> str:
    """A drawn grid as plain rows of numbers: LaTeX markup, rule lines and table labels dropped, box bars
    read as `|`, an empty table cell or matrix entry marked `_` (refused). No digit of a cell is ever
    added, removed or moved.

    >>> layout("+-----+\\n| 1 2 |\\n| 2 1 |\\n+-----+", 2, 2), layout("| | 1 | 2 |", 1, 2)
    ('| 1 2 |\\n| 2 1 |', '|_| 1 | 2 |')
    >>> layout("\\\\begin{bmatrix} 1 & 2 \\\\\\\\ 2 & 1 \\\\end{bmatrix}", 2, 2).split()
    ['1', '2', '2', '1']
    """
    if "\\" in text:  # an empty matrix entry ("& &") is a missing cell, like an empty table cell
        lines = _LATEX.sub(" ", text).split("\\\\")
        text = "\n".join(" ".join(c if c.strip() else " _ " for c in row.split("&")) if "&" in row else row
                         for row in lines)
    text = text.translate(_BARS)
    if "|" in text and _TABLE_RULE.search(text):
        text = _unlabel_table(text, rows, cols)
    if _RULE_CHAR.search(text):  # only then can there be rule lines to drop
        text = "\n".join(line for line in text.split("\n") if not _RULE_LINE.fullmatch(line))
    if "|" in text:
        text = "\n".join(_EMPTY_CELL.sub("|_", line) if any(c.isdigit() for c in line) else line
                         for line in text.split("\n"))
    return text


def _unlabel_table(text: str, rows: int, cols: int) -> str:
    """A Markdown table without its header row when that row labels the columns (and without the first
    column when the header's corner is empty and every row starts with its own label).

    The header is dropped only when it is a label row ("C1 | C2", "1 | 2", "A | B") and the table has
    `rows` rows below its rule; a header row of cells above `rows - 1` rows is kept as the first row.
    """
    lines = [line for line in text.strip().split("\n") if line.strip()]
    rule = next((i for i, line in enumerate(lines) if _TABLE_RULE.fullmatch(line)), -1)
    if rule != 1 or len(lines) - 2 != rows:
        return text
    head = _cells(lines[0])
    corner = len(head) == cols + 1 and head[0] == ""
    if not _labels(head[1:] if corner else head, cols):
        return text
    body = lines[2:]
    if corner:
        split = [_cells(line) for line in body]
        if any(len(c) != cols + 1 or not _labels([c[0]], 1, start=r) for r, c in enumerate(split)):
            return text
        body = ["| " + " | ".join(c[1:]) + " |" for c in split]
    return "\n".join(body)


def _cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") else line
    return [c.strip().strip("*") for c in line.split("|")]


def _labels(cells: list[str], count: int, start: int = 0) -> bool:
    """Whether `cells` are the labels of positions start+1 .. start+count, all in one style: numbers
    ("1", "C1", "Col 1", "R1"), or letters from "A"."""
    if len(cells) != count:
        return False
    found = [_LABEL.fullmatch(c) for c in cells]
    if any(m is None for m in found):
        return False
    if all(m.group(1) is not None for m in found):
        return [int(m.group(1)) for m in found] == list(range(start + 1, start + count + 1))
    return [m.group(2).lower() if m.group(2) else "" for m in found] == [
        chr(97 + i) for i in range(start, start + count)
    ]


def parse_cells(
    text: str, rows: int, cols: int, base: int = 0, limit: int | None = None
) -> list[tuple[int, int]] | str:
    """(row, col) pairs, 0-based, read from `(r, c)` or `[r, c]` pairs written `base`-based, separated by
    commas, semicolons or whitespace, optionally inside one pair of brackets; or a reason: `too_long`,
    `parse_error`, `out_of_bounds`, `duplicate_item`. An empty list is `[]` or `()`.

    >>> parse_cells("(0, 2), (1, 1)", 3, 3), parse_cells("[[1,3]]", 3, 3, base=1), parse_cells("[]", 3, 3)
    ([(0, 2), (1, 1)], [(0, 2)], [])
    >>> parse_cells("(0, 2) and (1, 1)", 3, 3), parse_cells("(3, 0)", 3, 3), parse_cells("(0,0),(0,0)", 3, 3)
    ('parse_error', 'out_of_bounds', 'duplicate_item')
    """
    limit = rows * cols if limit is None else limit
    if len(text) > 16 * limit + 40:
        return "too_long"
    body = text.strip()
    inner = body[1:-1]
    if body[:1] + body[-1:] in ("[]", "()", "{}") and not inner.strip():
        return []
    if body[:1] + body[-1:] in ("[]", "()", "{}") and ("(" in inner or "[" in inner) and _balanced_outer(body):
        body = inner.strip()  # one pair of brackets around the list, not around its only pair
    cells = []
    pos = 0
    for m in _PAIR.finditer(body):
        if not _GAP.fullmatch(body, pos, m.start()):
            return "parse_error"
        pos = m.end()
        r, c = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
        cells.append((int(r) - base, int(c) - base))
        if len(cells) > limit:
            return "too_long"
    if not cells or not _TAIL.fullmatch(body, pos):
        return "parse_error"
    if any(not (0 <= r < rows and 0 <= c < cols) for r, c in cells):
        return "out_of_bounds"
    if len(set(cells)) != len(cells):
        return "duplicate_item"
    return cells


_PAIR = re.compile(r"\(\s*([0-9]{1,3})\s*,\s*([0-9]{1,3})\s*\)|\[\s*([0-9]{1,3})\s*,\s*([0-9]{1,3})\s*\]")
_GAP = re.compile(r"\s*|\s*[,;]\s*")
_TAIL = re.compile(r"\s*[,;]?\s*")  # a trailing comma is harmless


def _balanced_outer(body: str) -> bool:
    """Whether the first bracket of `body` closes at its last character (so "(0, 1), (2, 3)" keeps its own)."""
    depth = 0
    for i, ch in enumerate(body):
        depth += ch in "[({"
        depth -= ch in "])}"
        if depth == 0:
            return i == len(body) - 1
    return False


def values_reason(grid: Grid, lo: int, hi: int) -> str | None:
    """`out_of_range` when a cell lies outside lo..hi, else None."""
    return "out_of_range" if any(not lo <= v <= hi for row in grid for v in row) else None


def givens_reason(grid: Grid, givens: Iterable[Sequence[int]]) -> str | None:
    """`violates:given` when a cell differs from a [row, col, value] given (0-based), else None."""
    return "violates:given" if any(grid[r][c] != v for r, c, v in givens) else None


def latin_reason(grid: Grid, n: int, givens: Iterable[Sequence[int]] = ()) -> str | None:
    """The first broken rule of a filled n x n Latin square, in the shared order: values, givens, rows,
    columns; None when it keeps them all.

    >>> latin_reason([[1, 2], [2, 1]], 2, [[0, 0, 1]]) is None
    True
    >>> latin_reason([[1, 2], [1, 2]], 2), latin_reason([[2, 1], [1, 2]], 2, [[0, 0, 1]]), latin_reason([[0, 1]], 2)
    ('violates:column', 'violates:given', 'out_of_range')
    """
    reason = values_reason(grid, 1, n) or givens_reason(grid, givens)
    if reason:
        return reason
    if any(len(set(row)) != n for row in grid):
        return "violates:row"
    if any(len(set(col)) != n for col in zip(*grid)):
        return "violates:column"
    return None

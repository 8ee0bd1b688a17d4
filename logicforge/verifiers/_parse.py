"""Small strict parsers shared by the family verifiers (no eval, bounded work, never raise)."""

from __future__ import annotations

import re

# Puzzle answers never need long numbers; refusing them keeps int() cheap and avoids
# Python's int-string-length ValueError on hostile input.
MAX_DIGITS = 40
_INT = re.compile(r"[+-]?[0-9]{1,40}")
_INT_TOKEN = re.compile(r"-?[0-9]+")
_DIGIT = re.compile(r"[0-9]")
_GRID_SEPARATORS = re.compile(r"[\s,;|\[\]\(\)'\"]*")
# Lines, semicolons, brackets and quotes (rows written as strings) delimit rows: the numbers between
# two of them must fill whole rows (or all split rows evenly), so a short row can never be made up for
# by a long one.
_ROW_BREAK = re.compile(r"[\n\r;\[\]()'\"]")
# A line with no digit made only of rule characters (a box rule "------+------", a markdown table's
# "|---|---|", a frame "+-------+" or "└───┘") holds no cell. Dash look-alikes count as rule characters.
_RULE_LINE = re.compile(r"[\s\-+=_|:\u2010-\u2015\u2212\u2500-\u257f]*")
_RULE_CHAR = re.compile(r"[\-+=_:\u2010-\u2015\u2212\u2500-\u257f]")
# Box-drawing verticals separate cells like "|" (horizontal ones never stand between two digits).
_BARS = str.maketrans(dict.fromkeys("\u2502\u2503\u2506\u2507\u250a\u250b\u2551\u254e\u254f", "|"))
# An empty table cell ("| 1 |   | 2 |") is an unfilled square, and dropping it would shift the digits after
# it into other columns; it becomes "_", which no grid parser accepts.
_EMPTY_CELL = re.compile(r"\|[ \t]*(?=\|)")
# A list item with its marker: its own position ("1." or "2)") or a bullet ("-", "*", "\u2022").
_LIST_ITEM = re.compile(r"\s*(?:([0-9]{1,3})[.)]|[-*\u2022])\s+(\S.*)", re.S)
# LaTeX matrix markup: environments, rules and math delimiters carry no cell; `&` and `\\` separate.
_LATEX = re.compile(
    r"\\(?:begin|end)\s*\{\s*(?:[pbBvV]?matrix|array)\*?\s*\}(?:\s*\{[lcr|\s]*\})?"
    r"|\\hline|\\(?:left|right)\b|\\[()\[\]]"
)


def parse_int(text: str) -> int | None:
    """A whole string as an integer, or None.

    >>> parse_int(" -12 "), parse_int("1e9"), parse_int("9**9")
    (-12, None, None)
    """
    text = text.strip()
    if not _INT.fullmatch(text):
        return None
    return int(text)


def parse_int_grid(text: str, rows: int, cols: int) -> list[list[int]] | None:
    """A rows x cols grid of integers written with any of: spaces, commas, semicolons, newlines,
    brackets, quotes or pipes between the numbers (a Python list of lists, a matrix, one row per line).

    Returns None when anything else appears or the count of numbers is not rows*cols.

    >>> parse_int_grid("[[1, 2], [3, 4]]", 2, 2)
    [[1, 2], [3, 4]]
    >>> parse_int_grid("1 2\\n3 4 5", 2, 2) is None
    True
    >>> parse_int_grid("1\\n2 3\\n4", 2, 2) is None  # rows of 1, 2 and 1 numbers: not a grid
    True
    """
    if len(text) > 20 * rows * cols + 200:
        return None
    numbers = []
    pos = 0
    for m in _INT_TOKEN.finditer(text):
        if not _GRID_SEPARATORS.fullmatch(text, pos, m.start()) or len(m.group()) > MAX_DIGITS:
            return None
        numbers.append(int(m.group()))
        pos = m.end()
    if not _GRID_SEPARATORS.fullmatch(text, pos, len(text)) or len(numbers) != rows * cols:
        return None
    if not rows_aligned(text, cols):
        return None
    return [numbers[r * cols : (r + 1) * cols] for r in range(rows)]


def rows_aligned(text: str, cols: int) -> bool:
    """Whether every line, `;`-part or bracket group holds whole rows (a multiple of `cols` numbers),
    or all of them hold the same share of a row (a pretty-printed list, one number per line).

    >>> rows_aligned("1 2\\n3 4", 2), rows_aligned("[[1, 2], [3, 4]]", 2), rows_aligned("1\\n2 3\\n4", 2)
    (True, True, False)
    """
    counts = [k for k in (len(_INT_TOKEN.findall(part)) for part in _ROW_BREAK.split(text)) if k]
    if all(k % cols == 0 for k in counts):
        return True
    return len(set(counts)) == 1 and cols % counts[0] == 0


def split_items(text: str, limit: int = 10_000) -> list[str] | None:
    """Split a list answer on commas, semicolons or newlines (brackets and quotes stripped).

    >>> split_items("[apple, 'pear']")
    ['apple', 'pear']
    """
    text = text.strip()
    if len(text) > 1 and text[0] in "[(" and text[-1] in "])":
        text = text[1:-1]
    parts = [p.strip().strip("'\"`").strip() for p in re.split(r"[,;\n]", text)]
    parts = [p for p in parts if p]
    if len(parts) > limit:
        return None
    return parts


def grid_layout(text: str) -> str:
    """A drawn grid as plain rows: LaTeX matrix markup and rule lines dropped, box-drawing bars read
    as `|`, an empty table cell in a row of digits or an empty matrix entry marked `_` (refused by every
    grid parser). No digit is ever added, removed or moved.

    >>> grid_layout("+-----+\\n| 1 2 |\\n| 2 1 |\\n+-----+"), grid_layout("| | 1 | 2 |")
    ('| 1 2 |\\n| 2 1 |', '|_| 1 | 2 |')
    >>> grid_layout("\\\\begin{bmatrix} 1 & 2 \\\\\\\\ 2 & 1 \\\\end{bmatrix}").split()
    ['1', '2', '2', '1']
    """
    if "\\" in text:  # an empty matrix entry ("& &") is a missing cell, like an empty table cell
        rows = _LATEX.sub(" ", text).split("\\\\")
        text = "\n".join(" ".join(c if c.strip() else " _ " for c in row.split("&")) if "&" in row else row
                         for row in rows)
    text = text.translate(_BARS)
    if _RULE_CHAR.search(text):  # only then can there be rule lines to drop
        text = "\n".join(line for line in text.split("\n") if not _RULE_LINE.fullmatch(line))
    if "|" in text:
        text = "\n".join(_EMPTY_CELL.sub("|_", line) if _DIGIT.search(line) else line for line in text.split("\n"))
    return text


def unlist(items: list[str]) -> list[str]:
    """Items without list markers, dropped only when every item carries one: its own position
    (1., 2., ...) or a bullet. Otherwise the items are returned as they are (a marker is then text).

    >>> unlist(["1. ab", "2. ba"]), unlist(["- ab", "- ba"]), unlist(["2. ab", "1. ba"]), unlist(["- ab", "ba"])
    (['ab', 'ba'], ['ab', 'ba'], ['2. ab', '1. ba'], ['- ab', 'ba'])
    """
    found = [_LIST_ITEM.fullmatch(item) for item in items]
    if not items or any(m is None for m in found):
        return items
    numbers = [m.group(1) for m in found]  # type: ignore[union-attr]
    if numbers == [None] * len(items) or numbers == [str(i + 1) for i in range(len(items))]:
        return [m.group(2) for m in found]  # type: ignore[union-attr]
    return items

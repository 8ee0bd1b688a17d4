"""Text rendering helpers shared by the families (grids, lists), so none is copied per family."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def grid_text(grid: Sequence[Sequence[object]], blank: object = 0, blank_char: str = ".") -> str:
    """Rows on separate lines, cells separated by spaces; `blank` cells shown as `blank_char`.

    >>> print(grid_text([[1, 0], [0, 2]]))
    1 .
    . 2
    """
    return "\n".join(" ".join(blank_char if c == blank else str(c) for c in row) for row in grid)


def answer_grid(grid: Sequence[Sequence[object]]) -> str:
    """The canonical grid answer: one row per line, cells separated by single spaces."""
    return "\n".join(" ".join(str(c) for c in row) for row in grid)


def join_items(items: Iterable[object], sep: str = ", ") -> str:
    """A list answer as one line."""
    return sep.join(str(i) for i in items)

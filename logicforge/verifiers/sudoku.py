"""Sudoku verifier: a full grid of 1..n that keeps every given and repeats no digit in a row, column or box."""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

from logicforge.verifiers._parse import grid_layout, rows_aligned
from logicforge.verifiers.verdict import Verdict

# Characters allowed between digits: whitespace, commas, semicolons, brackets, quotes (rows written as
# strings) and the bars a solver draws between boxes. Minus signs are not separators, so "-3" can
# never pass as a 3. Rule lines ("------+-------+------") are dropped before this check.
_TEXT = re.compile(r"[0-9\s,;|\[\]()'\"]*")
_RUN = re.compile(r"[0-9]+")


def parse_digit_grid(text: str, n: int, box_cols: int = 0) -> list[int] | str:
    """The answer as a flat row-major list of n*n digits, or a failure reason.

    Accepted: digits separated by spaces/commas/brackets/quotes/bars (one row per line, a nested list),
    rows written as runs of n digits, rows written box by box as runs of `box_cols` digits
    ("534 678 912"), or one run of n*n digits; a drawn frame or LaTeX matrix around them is ignored.
    Anything else (words, signs, extra numbers) is refused.

    >>> parse_digit_grid("[[1, 2], [3, 4]]", 2)
    [1, 2, 3, 4]
    >>> parse_digit_grid("12\\n34", 2), parse_digit_grid("1 2 | 3 4", 2), parse_digit_grid("1 2 3", 2)
    ([1, 2, 3, 4], [1, 2, 3, 4], 'wrong_size')
    >>> parse_digit_grid("1\\n2 3\\n4", 2), parse_digit_grid("12 34 34\\n12 21\\n43 43 21", 4, 2)
    ('wrong_shape', 'wrong_shape')
    """
    if len(text) > 40 * n * n + 200:
        return "parse_error"
    body = grid_layout(text)  # rule lines, box bars, LaTeX matrix markup
    if not _TEXT.fullmatch(body):
        return "parse_error"
    runs = _RUN.findall(body)
    digits = "".join(runs)
    spaced = len(digits) == len(runs)  # one digit per run: the usual "5 3 4 ..." layout
    packed = len(runs) == n and all(len(run) == n for run in runs)  # rows written as "534678912"
    boxed = box_cols > 1 and len(runs) == n * n // box_cols and all(len(run) == box_cols for run in runs)
    if not (spaced or packed or boxed or len(runs) == 1):  # (or the grid as one string of n*n digits)
        return "bad_cell" if len(digits) == n * n else "wrong_size"
    if len(digits) != n * n:
        return "wrong_size"
    if (spaced and not rows_aligned(body, n)) or (boxed and not rows_aligned(body, n // box_cols)):
        return "wrong_shape"  # rows of 3 and 5 cells do not make a 4x4 grid, whatever the digit stream
    return [ord(d) - 48 for d in digits]


@lru_cache(maxsize=16)
def _units(n: int, box_rows: int, box_cols: int) -> tuple[tuple[str, tuple[itemgetter, ...]], ...]:
    """Getters of the groups that must each hold every digit once, by name: rows, columns, boxes."""
    rows = tuple(tuple(range(r * n, (r + 1) * n)) for r in range(n))
    cols = tuple(tuple(range(c, n * n, n)) for c in range(n))
    boxes = tuple(
        tuple((br + i) * n + bc + j for i in range(box_rows) for j in range(box_cols))
        for br in range(0, n, box_rows)
        for bc in range(0, n, box_cols)
    )
    return tuple((name, tuple(itemgetter(*g) for g in groups)) for name, groups in
                 (("row", rows), ("col", cols), ("box", boxes)))


def verify(payload: dict, answer: str) -> Verdict:
    """Re-check every Sudoku rule and every given, then compare with the proved-unique solution.

    >>> p = {"size": 4, "box_rows": 2, "box_cols": 2, "puzzle": [[1, 0, 0, 0], [0, 0, 0, 2],
    ...      [0, 1, 0, 0], [0, 0, 2, 0]], "solution": [[1, 2, 3, 4], [3, 4, 1, 2], [2, 1, 4, 3], [4, 3, 2, 1]]}
    >>> verify(p, "1 2 3 4\\n3 4 1 2\\n2 1 4 3\\n4 3 2 1").correct
    True
    >>> verify(p, "2 1 3 4\\n3 4 1 2\\n2 1 4 3\\n4 3 2 1").reason
    'violates:given'
    """
    n = int(payload["size"])
    cells = parse_digit_grid(answer, n, int(payload["box_cols"]))
    if isinstance(cells, str):
        return Verdict.fail(cells)
    if min(cells) < 1 or max(cells) > n:
        return Verdict.fail("out_of_range")
    givens = [v for row in payload["puzzle"] for v in row]
    if any(g and g != v for g, v in zip(givens, cells)):
        return Verdict.fail("violates:given")
    for name, groups in _units(n, int(payload["box_rows"]), int(payload["box_cols"])):
        for group in groups:
            if len(set(group(cells))) != n:
                return Verdict.fail(f"violates:{name}")
    # A grid that passes every rule above is a solution; the generator proved there is only one, so
    # this comparison can only fail if that proof was wrong, and it guards against a missed rule here.
    if cells != [v for row in payload["solution"] for v in row]:
        return Verdict.fail("wrong_value")
    return Verdict.ok()

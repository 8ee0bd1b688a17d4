"""ARC grid verifier: the answer must be exactly the test output grid (its shape and every colour).

The test output is unique by construction: the generator searched every program of its library up to the
payload's depth and kept only items where all programs that fit the examples agree on the test input. So
the check is an exact comparison, after the shape: the output's shape is part of the answer (the model is
not told it), and a grid written with other dimensions is `wrong_shape` even when its cells, read row by
row, happen to fill the expected shape.
"""

from __future__ import annotations

import re

from logicforge.verifiers.grid import layout, parse_grid, values_reason
from logicforge.verifiers.verdict import Verdict

# What separates rows when a grid is written out: lines, semicolons, brackets, quotes (as in verifiers/grid.py).
_ROW_BREAK = re.compile(r"[\n\r;\[\]()'\"`]")
_DIGIT = re.compile(r"[0-9]")
# The answer as the prompts ask for it: lines of single digits separated by single spaces.
_PLAIN = re.compile(r"[0-9](?: [0-9])*(?:\n[0-9](?: [0-9])*)*")


def _rows_written(text: str, rows: int, cols: int) -> int:
    """How many rows the answer is written in: the parts between row breaks that hold a digit."""
    return sum(1 for part in _ROW_BREAK.split(layout(text, rows, cols)) if _DIGIT.search(part))


def verify(payload: dict, answer: str) -> Verdict:
    """Parse a rows x cols grid of digits 0..9 and compare it with the solution.

    Rows may be written with spaces, commas or as runs of digits ("0301"), one row per line, or all on
    one line; written over several lines (or bracket groups), there must be exactly one line per row.

    >>> p = {"rows": 2, "cols": 3, "solution": ["030", "330"]}
    >>> verify(p, "0 3 0\\n3 3 0").correct, verify(p, "030\\n330").correct, verify(p, "[[0,3,0],[3,3,0]]").correct
    (True, True, True)
    >>> verify(p, "0 3\\n0 3\\n3 0").reason, verify(p, "0 3 0\\n3 3 1").reason, verify(p, "0 3 0\\n3 3 10").reason
    ('wrong_shape', 'wrong_answer', 'out_of_range')
    """
    rows, cols = int(payload["rows"]), int(payload["cols"])
    plain = answer.strip()
    if _PLAIN.fullmatch(plain):  # the usual answer, read at once (the general path reads it the same way)
        lines = plain.replace(" ", "").split("\n")
        if len(lines) == rows and all(len(line) == cols for line in lines):
            return Verdict.ok() if lines == list(payload["solution"]) else Verdict.fail("wrong_answer")
    grid = parse_grid(answer, rows, cols, packed=True)
    if isinstance(grid, str):
        return Verdict.fail(grid)
    written = _rows_written(answer, rows, cols)
    if written > 1 and written != rows:
        return Verdict.fail("wrong_shape")  # e.g. a 4x4 answer written as 2 rows of 8
    reason = values_reason(grid, 0, 9)
    if reason:
        return Verdict.fail(reason)
    if ["".join(map(str, r)) for r in grid] != list(payload["solution"]):
        return Verdict.fail("wrong_answer")
    return Verdict.ok()

"""Buggy tables: the corruptions (each applied to a clean table, each described so the repair is unique) and
the naive reading of a corrupted table (the query run as if nothing were wrong)."""

from __future__ import annotations

import re

import numpy as np

from logicforge.generators._buggy_tables_data import Num, show

KINDS = ("null", "merge", "shift", "dup", "junk", "unit")
_NUMBER = re.compile(r"([0-9]+)(?:\.([0-9]{1,2}))?(?: [a-z]+)?")


def _hits_first(n: int, hits: list[int], rng: np.random.Generator) -> list[int]:
    """Rows 0..n-1 in a random order, the rows the query selects first (a corruption there matters)."""
    rest = [r for r in range(n) if r not in hits]
    return [hits[int(i)] for i in rng.permutation(len(hits))] + [rest[int(i)] for i in rng.permutation(len(rest))]


def _null(lines, header, qcols, nums, size, subtle, rng, hits):
    """Cells of the query's numeric columns become NULL (or empty), in rows the query selects where it has
    such cells; their values are listed in reading order."""
    cells = [(r, header.index(c)) for r in hits for c in qcols if c in nums]
    cells = cells or [(r, header.index(c)) for r in range(len(lines)) for c in nums if c in header]
    picked = sorted(cells[int(i)] for i in rng.choice(len(cells), size=min(size, len(cells)), replace=False))
    fill = [lines[r][c] for r, c in picked]
    for r, c in picked:
        lines[r][c] = "" if subtle else "NULL"
    return lines, {"kind": "null", "fill": fill, "blank": subtle}, len(picked)


def _merge(lines, header, qcols, nums, size, subtle, rng, hits):
    """Pairs of consecutive records written on one line (disjoint pairs)."""
    m = min(size, len(lines) // 2)
    slots = sorted(int(s) for s in rng.choice(len(lines) - m, size=m, replace=False))
    starts = {s + i for i, s in enumerate(slots)}  # stars and bars: disjoint pairs (s, s + 1)
    out, r = [], 0
    while r < len(lines):
        out.append(lines[r] + lines[r + 1] if r in starts else lines[r])
        r += 2 if r in starts else 1
    return out, {"kind": "merge"}, m * len(header)


def _shift(lines, header, qcols, nums, size, subtle, rng, hits):
    """One query column's values moved down k rows, the last k wrapping round to the top."""
    col = qcols[int(rng.integers(len(qcols)))]
    c, n = header.index(col), len(lines)
    k = int(rng.integers(1, max(1, min(size, n - 1)) + 1))
    column = [line[c] for line in lines]
    for i, line in enumerate(lines):
        line[c] = column[(i - k) % n]
    return lines, {"kind": "shift", "col": col, "k": k}, n


def _dup(lines, header, qcols, nums, size, subtle, rng, hits):
    """Records entered twice (rows the query selects first): the copy right after the original, or
    (subtle) anywhere below it."""
    m = min(size, len(lines))
    order = list(range(len(lines)))
    for r in _hits_first(len(lines), hits, rng)[:m]:
        at = order.index(r) + 1
        order.insert(int(rng.integers(at, len(order) + 1)) if subtle else at, r)
    return [list(lines[i]) for i in order], {"kind": "dup", "count": m, "adjacent": not subtle}, m * len(header)


def _junk(lines, header, qcols, nums, size, subtle, rng, hits):
    """One junk cell inserted into every data line at a position at or before a query column; the header
    row has none, so every header from there on stands above the wrong cell."""
    last = max(header.index(c) for c in qcols)
    p = int(rng.integers(1, last + 1))  # 0-based index of the junk cell (the name cell, index 0, stays first)
    for line in lines:
        line.insert(p, str(int(rng.integers(10, 1000))))
    return lines, {"kind": "junk", "pos": p + 1}, len(lines)


def _unit(lines, header, qcols, nums, size, subtle, rng, hits):
    """Values of the query's unit column recorded in the smaller unit (rows the query selects first), marked
    by its symbol or, subtle, told apart only by the column's stated upper bound."""
    col = next(c for c in qcols if c in nums and nums[c].alt)
    spec, c = nums[col], header.index(col)
    symbol, factor = spec.alt
    rows = _hits_first(len(lines), hits, rng)[:size]
    for r in rows:
        whole, _, frac = lines[r][c].partition(".")
        small = (int(whole) * 100 + int(frac.ljust(2, "0"))) * factor // 100
        lines[r][c] = str(small) if subtle else f"{small} {symbol}"
    hi = spec.hi * 10 ** (2 - spec.dec)
    bug = {"kind": "unit", "col": col, "unit": symbol, "factor": factor, "marked": not subtle}
    return lines, {**bug, "hi": show(hi, spec.dec)}, len(rows)


APPLY = {"null": _null, "merge": _merge, "shift": _shift, "dup": _dup, "junk": _junk, "unit": _unit}


def corrupt(
    kind: str,
    lines: list[list[str]],
    header: list[str],
    qcols: list[str],
    nums: dict[str, Num],
    size: int,
    subtle: bool,
    rng: np.random.Generator,
    hits: list[int],
) -> tuple[list[list[str]], dict, int]:
    """(corrupted lines, the bug's description data, cells the repair touches) for one corruption kind;
    `qcols` are the columns the query reads, `hits` the rows it selects."""
    return APPLY[kind]([list(line) for line in lines], header, qcols, nums, size, subtle, rng, hits)


def read_cell(cell: str) -> int | str | None:
    """A shown cell read at face value: a number (a unit symbol ignored) in hundredths, a gap, or a word id."""
    if cell in ("", "NULL"):
        return None
    m = _NUMBER.fullmatch(cell)
    if m is None:
        return cell
    return int(m[1]) * 100 + int((m[2] or "0").ljust(2, "0"))


def naive(header: list[str], lines: list[list[str]]) -> list[list]:
    """The records a reader who ignores the corruption sees: each line's cells under the header in order
    (extra cells dropped, missing ones gaps)."""
    width = len(header)
    return [[read_cell(c) for c in line[:width]] + [None] * (width - len(line)) for line in lines]

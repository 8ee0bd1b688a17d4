"""Zebra puzzle verifier: read one line per house, name each value, and compare with the proved-unique grid.

Payload: `houses` (H), `attributes` (ids), `values` (per attribute, its H value ids), `clues` (`type`, `items`
(value ids), `house` (1-based, for `at`/`not_at`)) and `solution` (per house, its value ids in attribute order).
An answer line is `House N: v1, v2, ...` (or `第N间：...`, `N. ...`, or no label at all, the lines then in
house order), or a markdown table row `| N | v1 | v2 |`; values are the English words (any case) or the
Chinese ones of `_zebra_words`, separated by commas, semicolons or bars. A word names its attribute, so
the values of a line may come in any order.
"""

from __future__ import annotations

import re

from logicforge.verifiers._zebra_words import HEADER_WORDS, WORDS, ZH, en_word
from logicforge.verifiers.verdict import Verdict

_CN_DIGITS = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
_LABEL = re.compile(
    r"(?:house|h)\s*#?\s*(\d{1,2})"  # House 1, house #1, H1
    r"|第\s*(\d{1,2}|[一二三四五六七八九])\s*(?:间|号|座|栋|户)?\s*(?:房子|房屋|房)?"  # 第1间, 第一间房子, 第1号
    r"|(\d{1,2})\s*号\s*(?:房子|房屋|房)?"  # 1号房, 1号
    r"|#?(\d{1,2})",  # 1. / 1: / #1
    re.I,
)
_SEP = re.compile(r"\s*(?:[:.)=\-\u2013\u2014]\s*|(?=\S))")  # after a label: a colon, a dash, ... or nothing
_BULLET = re.compile(r"(?:[-*\u2022]\s+)?")
_CELLS = re.compile(r"[,;|\t]")
_RULE = re.compile(r"\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*")  # a markdown table's |---|---| line
_MARKS = " '\"`*_.\u3002"  # quotes, bold, code marks and a full stop around a value
_TRUE = {  # a clue's test on the houses of its items (1-based; c is 0 unless the clue has a third item)
    "same": lambda a, b, c: a == b, "not_same": lambda a, b, c: a != b,
    "left": lambda a, b, c: a + 1 == b, "right": lambda a, b, c: a == b + 1,
    "before": lambda a, b, c: a < b, "after": lambda a, b, c: a > b, "next": lambda a, b, c: abs(a - b) == 1,
    "between": lambda a, b, c: a < b < c or c < b < a,
}  # fmt: skip


def _label(text: str) -> tuple[int | None, str] | None:
    """(house number, the rest) for a labelled line, (None, the line) for an unlabelled one; None when the
    label is followed by nothing."""
    m = _LABEL.match(text)
    if m is None:
        return None, text
    rest = text[m.end() :]
    sep = _SEP.match(rest)
    if sep is None or not rest[sep.end() :].strip():
        return None
    digits = next(g for g in m.groups() if g is not None)
    return (_CN_DIGITS[digits] if digits in _CN_DIGITS else int(digits)), rest[sep.end() :]


def _row(line: str) -> tuple[int | None, list[str]] | None:
    """(house label or None, cells) of one answer line or table row; None when it is not one."""
    line = _BULLET.sub("", line, count=1).strip()
    if line.startswith("|"):
        cells = [c.strip(_MARKS).lower() for c in line.strip("|").split("|")]
        first = _LABEL.fullmatch(cells[0])
        if first is not None:
            digits = next(g for g in first.groups() if g is not None)
            return (_CN_DIGITS[digits] if digits in _CN_DIGITS else int(digits)), cells[1:]
        return None, cells
    found = _label(line.strip(_MARKS))
    if found is None:
        return None
    label, rest = found
    return label, [c.strip(_MARKS).lower() for c in _CELLS.split(rest)]


def parse_rows(text: str, houses: int) -> tuple[list[tuple[int | None, list[str]]] | None, str]:
    """The answer's rows (label, cells), table rules and a header row dropped, or (None, reason).

    >>> parse_rows("House 1: Brit, red\\nHouse 2: Dane, blue", 2)
    ([(1, ['brit', 'red']), (2, ['dane', 'blue'])], 'ok')
    >>> parse_rows("| House | Nationality |\\n|---|---|\\n| 1 | Brit |\\n| 2 | Dane |", 2)[0]
    [(1, ['brit']), (2, ['dane'])]
    >>> parse_rows("第一间:英国人,红色", 1)[0], parse_rows("House 1:", 1)
    ([(1, ['英国人', '红色'])], (None, 'parse_error'))
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) > 3 * houses + 4:
        return None, "wrong_shape"
    rows = []
    for line in lines:
        if _RULE.fullmatch(line):
            continue
        row = _row(line)
        if row is None:
            return None, "parse_error"
        if not rows and row[0] is None and all(c in HEADER_WORDS for c in row[1]):
            continue  # the header row of a table
        rows.append(row)
    return rows, "ok"


def _grid(payload: dict, rows: list[tuple[int | None, list[str]]]) -> tuple[list[list[str]] | None, str]:
    """The answer as per-house value ids in attribute order, or (None, reason)."""
    houses, attrs = payload["houses"], len(payload["attributes"])
    labels = [label for label, _ in rows]
    if len(rows) != houses or any(len(cells) != attrs for _, cells in rows):
        return None, "wrong_shape"
    if any(label is None for label in labels):
        if any(label is not None for label in labels):
            return None, "parse_error"  # some lines labelled, some not
        labels = list(range(1, houses + 1))
    if any(not 1 <= label <= houses for label in labels):
        return None, "out_of_bounds"
    if len(set(labels)) != houses:
        return None, "duplicate_item"
    attribute = {v: t for t, values in enumerate(payload["values"]) for v in values}
    grid: list[list[str]] = [[] for _ in range(houses)]
    for label, (_, cells) in zip(labels, rows):
        line = [""] * attrs
        for cell in cells:
            value = WORDS.get(cell)
            if value not in attribute:
                return None, "unknown_item"
            if line[attribute[value]]:
                return None, "duplicate_item"  # two values of one attribute in one house
            line[attribute[value]] = value
        grid[label - 1] = line
    if any(len({row[t] for row in grid}) != houses for t in range(attrs)):
        return None, "duplicate_item"  # one value in two houses
    return grid, "ok"


def _consistent(payload: dict) -> bool:
    """Whether the payload's solution is a grid of its values that satisfies every clue."""
    solution, values = payload["solution"], payload["values"]
    house = {v: h for h, row in enumerate(solution, 1) for v in row}
    if len(house) != sum(map(len, values)) or any(v not in house for vals in values for v in vals):
        return False
    for clue in payload["clues"]:
        kind, items = clue["type"], clue["items"]
        a = house[items[0]]
        if kind == "at" or kind == "not_at":
            ok = (a == clue["house"]) == (kind == "at")
        else:
            b = house[items[1]]
            ok = _TRUE[kind](a, b, house[items[2]] if kind == "between" else 0)
        if not ok:
            return False
    return True


def _canonical(payload: dict, answer: str) -> str:
    """The solution written as the answer's language asks (the Chinese one as extraction folds it)."""
    rows = payload["solution"]
    if answer.startswith("第"):
        return "\n".join(f"第{i}间:" + ",".join([ZH[v] for v in row]) for i, row in enumerate(rows, 1))
    return "\n".join(f"House {i}: " + ", ".join([en_word(v) for v in row]) for i, row in enumerate(rows, 1))


def verify(payload: dict, answer: str) -> Verdict:
    """Parse one line per house and compare with the unique solution.

    >>> p = {"houses": 2, "attributes": ["nationality", "pet"], "values": [["brit", "dane"], ["dog", "cat"]],
    ...      "clues": [{"type": "at", "items": ["brit"], "house": 1, }, {"type": "same", "items": ["dane", "cat"],
    ...      "house": 0}], "solution": [["brit", "dog"], ["dane", "cat"]]}
    >>> verify(p, "House 1: Brit, dog\\nHouse 2: Dane, cat").correct, verify(p, "Dane, dog\\nBrit, cat").reason
    (True, 'wrong_answer')
    """
    houses, attrs = payload["houses"], len(payload["attributes"])
    if len(answer) > 40 * houses * (attrs + 2) + 200:
        return Verdict.fail("too_long")
    if answer != _canonical(payload, answer):  # the reference as written needs no parsing
        rows, reason = parse_rows(answer, houses)
        if rows is None:
            return Verdict.fail(reason)
        grid, reason = _grid(payload, rows)
        if grid is None:
            return Verdict.fail(reason)
        if grid != [list(row) for row in payload["solution"]]:
            return Verdict.fail("wrong_answer")
    if not _consistent(payload):
        return Verdict.fail("bad_payload")
    return Verdict.ok()

"""The list toolkit: one parser for answers that are a list or sequence of items (words, names, labels).

Grids and cell lists have theirs in `verifiers/grid.py`. Each parser returns its value or a reason from
`verifiers/reasons.py`, never raises and does bounded work.
"""

from __future__ import annotations

import re

_SPLIT = re.compile(r"[,;\n\u3001]")  # "\u3001" (、) is the comma of a Chinese list
# A list item with its marker: its own position ("1." or "2)") or a bullet ("-", "*", "\u2022").
_LIST_ITEM = re.compile(r"\s*(?:([0-9]{1,3})[.)]|[-*\u2022])\s+(\S.*)", re.S)


def parse_list(text: str, limit: int, *, spaces: bool = False) -> list[str] | str:
    """The items of a list answer, or `too_long`: split on commas (also a Chinese list comma), semicolons
    or newlines, one pair of brackets around the list and quotes around each item dropped, list markers
    dropped when every item has one (see `unlist`). With `spaces`, one line of space-separated items is a
    list too.

    >>> parse_list("[apple, 'pear']", 10), parse_list("1. b\\n2. a", 10), parse_list("b a", 10, spaces=True)
    (['apple', 'pear'], ['b', 'a'], ['b', 'a'])
    >>> parse_list("x," * 100, 10)
    'too_long'
    """
    text = text.strip()
    if len(text) > 1 and text[0] in "[(" and text[-1] in "])":
        text = text[1:-1]
    if text.count(",") + text.count(";") + text.count("\n") + text.count("\u3001") > limit:
        return "too_long"
    items = [p.strip().strip("'\"`").strip() for p in _SPLIT.split(text)]
    items = [p for p in items if p]
    if spaces and len(items) == 1 and len(items[0].split()) > 1:
        items = items[0].split()  # space- (or tab-) separated is an equivalent way to write the list
        if len(items) > limit:
            return "too_long"
    return unlist(items)


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

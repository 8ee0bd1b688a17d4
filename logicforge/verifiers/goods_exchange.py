"""Goods exchange verifier: read `person: item` pairs in any order, re-simulate the exchanges, compare.

The payload lists the puzzle's names and items in each language (`names`/`goods`: {"en": [...], "zh": [...]},
person i starts with item i), the exchanges (`steps`, see `_simulate`) and the final holdings (`answer`:
person -> item). A name or an item may be written in either language, in any letter case.
"""

from __future__ import annotations

import re
from functools import lru_cache

from logicforge.verifiers.parse import unlist
from logicforge.verifiers.verdict import Verdict

_OUTER = ("[]", "{}")
_PIECES = re.compile(r"[,;\n]")  # extraction has made Chinese ， ； 、 into , ; ,
# "name: item" with a colon, an arrow, an equals sign, a hyphen or a dash between, or "name has/holds item".
_PAIR = re.compile(r"([^:=\-\u2013\u2014\u2192>]+?)\s*(?::|->|=>|\u2192|=|-|\u2013|\u2014|\s(?:has|holds)\s)\s*(.+)")
_TUPLE = re.compile(r"\(([^()]{0,80})\)")  # "(Alice, kite), (Bruno, drum)", as Python writes pairs
_MARKS = "*`'\"\u201c\u201d\u2018\u2019 \t"  # bold, code and quote marks around a word carry no meaning
_ARTICLE = re.compile(r"(?:the|an|a)\s+", re.I)


@lru_cache(maxsize=4096)
def _simulate(n: int, steps: tuple[tuple, ...]) -> tuple[int, ...] | None:
    """Final holdings (person -> item) of n people after `steps`, or None if a step is malformed (cached per
    puzzle): ("swap", a, b) people a and b trade; ("swap_items", x, y) whoever holds item x trades with
    whoever holds item y; ("rotate", a, b, c) at once a's item goes to b, b's to c and c's to a."""
    hold = list(range(n))
    for step in steps:
        kind, args = step[0], list(step[1:])
        if len(args) != (3 if kind == "rotate" else 2) or len(set(args)) != len(args):
            return None
        if not all(type(v) is int and 0 <= v < n for v in args):
            return None
        if kind == "swap_items":
            args = [hold.index(x) for x in args]
        elif kind not in ("swap", "rotate"):
            return None
        moved = [hold[p] for p in args]
        for i, item in enumerate(moved):  # each one named passes their item to the next, the last to the first
            hold[args[(i + 1) % len(args)]] = item
    return tuple(hold)


def _final(payload: dict) -> tuple[int, ...] | None:
    """The payload's final holdings by simulation, or None if they are not its stored answer."""
    try:
        final = _simulate(len(payload["names"]["en"]), tuple(map(tuple, payload["steps"])))
    except TypeError:  # a step that is not a flat list (unhashable)
        return None
    return final if final is not None and list(final) == list(payload["answer"]) else None


def _pairs(text: str, n: int) -> list[tuple[str, str]] | str:
    """The (person, item) words of an answer, or a reason (too_long, parse_error)."""
    text = text.strip()
    if len(text) > 60 * n + 200:
        return "too_long"
    if len(text) > 1 and text[0] + text[-1] in _OUTER:
        text = text[1:-1].strip()
    if text[:1] + text[-1:] == "()" and (text.startswith("((") or text.count("(") == 1):
        text = text[1:-1].strip()  # one pair of brackets around all the pairs
    if text.startswith("("):
        groups = [re.split(r"[,:]", g) for g in _TUPLE.findall(text)]
        if _TUPLE.sub("", text).strip(" \t\n,;") or any(len(g) != 2 for g in groups):
            return "parse_error"  # text outside the brackets, or a bracket that is not one pair
        return [(g[0], g[1]) for g in groups] if len(groups) <= 2 * n + 4 else "too_long"
    pieces = [p.strip() for p in _PIECES.split(text)]
    pieces = [p for p in pieces if p]
    if any(p[0] in "0123456789-*\u2022" for p in pieces):
        pieces = unlist(pieces)  # "1. Alice: kite" or "- Alice: kite" on every line
    if len(pieces) > 2 * n + 4:
        return "too_long"
    out = []
    for piece in pieces:
        match = _PAIR.fullmatch(piece.rstrip(".\u3002"))
        if match is None:
            return "parse_error"
        out.append((match[1], match[2]))
    return out


@lru_cache(maxsize=4096)
def _index(en: tuple[str, ...], zh: tuple[str, ...]) -> dict[str, int]:
    """Each word of either language, in lower case, -> its index (cached per puzzle)."""
    return {w.casefold(): i for words in (zh, en) for i, w in enumerate(words)}


def _lookup(index: dict[str, int], word: str, article: bool = False) -> int | None:
    """The index of `word` (marks dropped, any letter case, English items with or without the/a/an), else None."""
    key = word.strip(_MARKS).casefold()
    if key not in index:
        if article and _ARTICLE.match(key):
            key = _ARTICLE.sub("", key, count=1)
        key = " ".join(key.split())
    return index.get(key)


def verify(payload: dict, answer: str) -> Verdict:
    """Every person exactly once with the item they end up holding.

    >>> p = {"names": {"en": ["Ann", "Bo", "Cy"], "zh": ["安", "波", "西"]},
    ...      "goods": {"en": ["kite", "drum", "lamp"], "zh": ["风筝", "鼓", "灯"]},
    ...      "steps": [["swap", 0, 1]], "answer": [1, 0, 2]}
    >>> verify(p, "Ann: drum, Bo: kite, Cy: lamp").correct, verify(p, "西: 灯, 波: 风筝, 安: 鼓").correct
    (True, True)
    >>> verify(p, "Ann: kite, Bo: drum, Cy: lamp").reason, verify(p, "Ann: drum, Bo: kite").reason
    ('wrong_answer', 'missing_item')
    """
    names, items = payload["names"], payload["goods"]
    n = len(names["en"])
    pairs = _pairs(answer, n)
    if isinstance(pairs, str):
        return Verdict.fail(pairs)
    people_at = _index(tuple(names["en"]), tuple(names["zh"]))
    items_at = _index(tuple(items["en"]), tuple(items["zh"]))
    given: dict = {}  # person -> item
    held = set()
    unknown = duplicate = False
    for person, item in pairs:
        p, x = _lookup(people_at, person), _lookup(items_at, item, article=True)
        unknown |= p is None or x is None
        duplicate |= p in given or x in held
        given[p] = x
        held.add(x)
    if unknown or duplicate:
        return Verdict.fail("unknown_item" if unknown else "duplicate_item")
    if len(pairs) != n:
        return Verdict.fail("missing_item")
    final = _final(payload)
    if final is None:
        return Verdict.fail("bad_payload")  # the exchanges do not lead to the stored answer
    if any(final[p] != x for p, x in given.items()):
        return Verdict.fail("wrong_answer")
    return Verdict.ok()

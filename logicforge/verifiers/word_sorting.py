"""Word sorting verifier: the answer must be the given words, each once, in the required order."""

from __future__ import annotations

import re

from logicforge.verifiers._parse import split_items
from logicforge.verifiers.verdict import Verdict

# A list numbered one item per line ("1. apple" or "2) pear"): the number is not part of the word.
_NUMBERED = re.compile(r"([0-9]{1,3})[.)]\s+(\S.*)")


def _unnumber(words: list[str]) -> list[str]:
    """Drop "1. ", "2. ", ... when every item carries its own position as a list number."""
    found = [_NUMBERED.fullmatch(w) for w in words]
    if all(m is not None and int(m.group(1)) == i + 1 for i, m in enumerate(found)):
        return [m.group(2) for m in found]  # type: ignore[union-attr]
    return words


def verify(payload: dict, answer: str) -> Verdict:
    """Re-sort the words under the payload's alphabet and compare (order is unique: words distinct).

    >>> p = {"alphabet": "bacdefghijklmnopqrstuvwxyz", "words": ["ab", "ba"], "descending": False}
    >>> verify(p, "ba, ab").correct, verify(p, "ab, ba").reason, verify(p, "1. ba\\n2. ab").correct
    (True, 'wrong_order', True)
    """
    expected = payload["words"]
    if len(answer) > 4 * sum(len(w) + 8 for w in expected) + 100:
        return Verdict.fail("wrong_length")  # bounds the work on hostile input
    text = answer.strip()
    if text.endswith("."):
        text = text[:-1]  # a closing full stop is not part of the last word
    words = split_items(text, limit=len(expected) * 4 + 10)
    if words is None:
        return Verdict.fail("parse_error")
    if len(words) == 1 and " " in words[0]:
        words = words[0].split()  # space-separated is an equivalent way to write the list
    words = [w.lower() for w in _unnumber(words)]
    if len(words) != len(expected):
        return Verdict.fail("wrong_count")
    if sorted(words) != sorted(expected):
        return Verdict.fail("wrong_words")
    rank = {c: i for i, c in enumerate(payload["alphabet"])}
    keys = [tuple(rank[c] for c in w) for w in words]
    ordered = sorted(keys, reverse=payload["descending"])
    if keys != ordered:
        return Verdict.fail("wrong_order")
    return Verdict.ok()

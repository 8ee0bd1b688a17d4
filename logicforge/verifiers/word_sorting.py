"""Word sorting verifier: the answer must be the given words, each once, in the required order."""

from __future__ import annotations

from logicforge.verifiers._parse import split_items, unlist
from logicforge.verifiers.verdict import Verdict


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
    if len(words) == 1 and len(words[0].split()) > 1:
        words = words[0].split()  # space- (or tab-) separated is an equivalent way to write the list
    words = [w.lower() for w in unlist(words)]  # "1. apple" or "- apple" per line: the marker is no word
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

"""Word sorting verifier: the answer must be the given words, each once, in the required order."""

from __future__ import annotations

from logicforge.verifiers.parse import parse_list
from logicforge.verifiers.verdict import Verdict


def verify(payload: dict, answer: str) -> Verdict:
    """Re-sort the words under the payload's alphabet and compare (order is unique: words distinct).

    >>> p = {"alphabet": "bacdefghijklmnopqrstuvwxyz", "words": ["ab", "ba"], "descending": False}
    >>> verify(p, "ba, ab").correct, verify(p, "ab, ba").reason, verify(p, "1. ba\\n2. ab").correct
    (True, 'violates:order', True)
    """
    expected = payload["words"]
    if len(answer) > 4 * sum(len(w) + 8 for w in expected) + 100:
        return Verdict.fail("too_long")  # bounds the work on hostile input
    text = answer.strip()
    if text.endswith("."):
        text = text[:-1]  # a closing full stop is not part of the last word
    words = parse_list(text, limit=len(expected) * 4 + 10, spaces=True)
    if isinstance(words, str):
        return Verdict.fail(words)
    words = [w.lower() for w in words]
    if len(words) != len(expected):
        return Verdict.fail("wrong_count")
    given = set(expected)
    if any(w not in given for w in words):
        return Verdict.fail("unknown_item")
    if len(set(words)) != len(words):
        return Verdict.fail("duplicate_item")  # (then some given word is missing too)
    rank = {c: i for i, c in enumerate(payload["alphabet"])}
    keys = [tuple(rank[c] for c in w) for w in words]
    ordered = sorted(keys, reverse=payload["descending"])
    if keys != ordered:
        return Verdict.fail("violates:order")
    return Verdict.ok()

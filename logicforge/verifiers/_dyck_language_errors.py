"""Dyck language errors verifier: re-simulate the sequence and compare the first error's position or label."""

from __future__ import annotations

import re
from functools import lru_cache

from logicforge.verifiers.verdict import Verdict

_CLOSER = {"(": ")", "[": "]", "{": "}", "<": ">"}
_BRACKETS = frozenset("()[]{}<>")
# The label of a balanced sequence in either language, matched whole: "invalid", "not valid", "valid?" are no label.
_VALID = frozenset({"valid", "合法"})
_NUMBER = re.compile(r"[0-9]{1,6}")
_QUOTES = "'\"`\u201c\u201d\u300c\u300d"  # quotes around the answer, also Chinese “” and 「」


@lru_cache(maxsize=4096)
def _truth(seq: str) -> int:
    """The first error's 1-based position (len + 1 when only left open), 0 when balanced, -1 for a bad payload."""
    if not seq or not set(seq) <= _BRACKETS:
        return -1
    stack: list[str] = []
    for pos, ch in enumerate(seq, 1):
        if ch in _CLOSER:
            stack.append(_CLOSER[ch])
        elif not stack or stack.pop() != ch:
            return pos
    return len(seq) + 1 if stack else 0


def verify(payload: dict, answer: str) -> Verdict:
    """A position (1-based, digits only) or the label valid / 合法, compared with the simulated truth.

    >>> p = {"sequence": "([)]()"}
    >>> verify(p, "3").correct, verify(p, "4").reason, verify(p, "valid").reason, verify(p, "not valid").reason
    (True, 'wrong_answer', 'wrong_answer', 'parse_error')
    >>> verify({"sequence": "(())"}, "Valid").correct, verify({"sequence": "(()("}, "5").correct
    (True, True)
    """
    seq = payload["sequence"]
    truth = _truth(seq) if isinstance(seq, str) else -1
    if truth < 0:
        return Verdict.fail("bad_payload")
    text = answer.strip().strip(_QUOTES).strip()
    if len(text) > 40:
        return Verdict.fail("too_long")
    if text.lower() in _VALID:
        claim = 0
    elif _NUMBER.fullmatch(text):
        claim = int(text)
        if not 1 <= claim <= len(seq) + 1:
            return Verdict.fail("out_of_range")
    else:
        return Verdict.fail("parse_error")
    return Verdict.ok() if claim == truth else Verdict.fail("wrong_answer")

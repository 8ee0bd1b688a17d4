"""Word sorting verifiers: the sorted words (`word_sorting`), or the first wrong step of a sorting trace
(`word_sorting_mistake`), one entry each in `TASKS`."""

from __future__ import annotations

import re
from types import SimpleNamespace

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


# The answer to word_sorting_mistake is one step number, bare or as "Step 4" / "第4步", or the no-mistake
# label of either language's answer format. Nothing else is read: no number is taken out of a sentence.
_STEP = re.compile(r"(?:step\s*)?(\d{1,4})|第\s*(\d{1,4})\s*步", re.I)
_NO_MISTAKE = ("none", "无")
_QUOTES = "'\"\u201c\u201d\u2018\u2019"


def verify_mistake(payload: dict, answer: str) -> Verdict:
    """Compare with the first wrong step found at generation (`mistake`, 0 when every step is correct).

    >>> p = {"steps": [{}, {}, {}], "mistake": 2}
    >>> verify_mistake(p, "2").correct, verify_mistake(p, "Step 2").correct, verify_mistake(p, "第 2 步").correct
    (True, True, True)
    >>> verify_mistake(p, "3").reason, verify_mistake(p, "none").reason, verify_mistake(p, "step 2 or 3").reason
    ('wrong_answer', 'wrong_answer', 'parse_error')
    """
    text = answer.strip()
    if len(text) > 40:
        return Verdict.fail("too_long")
    text = text.strip(_QUOTES).strip()
    if text.lower() in _NO_MISTAKE:
        value = 0
    else:
        match = _STEP.fullmatch(text)
        if match is None or not (match[1] or match[2]).isascii():
            return Verdict.fail("parse_error")
        value = int(match[1] or match[2])
        if not 1 <= value <= len(payload["steps"]):
            return Verdict.fail("out_of_range")  # step 0, or past the last step
    return Verdict.ok() if value == payload["mistake"] else Verdict.fail("wrong_answer")


TASKS = {
    "word_sorting": SimpleNamespace(verify=verify),
    "word_sorting_mistake": SimpleNamespace(verify=verify_mistake),
}

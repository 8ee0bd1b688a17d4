"""Boolean expressions verifier: the answer names exactly the options that evaluate to True.

Payload: `options` (the expressions, in letter order A, B, ...) and `answer` (the letters of the true
ones, computed at generation; at least one option is true and at least one false).
"""

from __future__ import annotations

import re

from logicforge.verifiers.parse import parse_list
from logicforge.verifiers.verdict import Verdict

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# A letter alone or in parentheses, "A" or "(A)"; lower case is refused (the format asks for capitals).
_LETTER = re.compile(r"([A-Z])|\(([A-Z])\)")
# A claim that no option is true: always wrong (some option is), read as the empty set, not as text.
_NONE = frozenset({"none", "\u65e0", "\u6ca1\u6709"})  # none, 无, 没有


def _letters(answer: str, n: int) -> list[str] | str:
    """The letters the answer names, in order, or a reason: too_long or parse_error."""
    text = answer.strip()
    if len(text) > 6 * n + 40:
        return "too_long"  # bounds the work on hostile input
    if len(text) > 1 and text[0] + text[-1] == "{}":
        text = text[1:-1]  # set notation, {A, C}
    for candidate in ("[" + text + "]", text) if text[:1] + text[-1:] == "()" else (text,):
        # "(A), (C)": the list parser would drop the outer brackets as a list's own; try it kept first
        items = parse_list(candidate, limit=2 * n + 5, spaces=True)
        if isinstance(items, str):
            return items
        if len(items) == 1 and items[0].lower() in _NONE:
            return []
        found = [_LETTER.fullmatch(item) for item in items]
        if items and all(found):
            return [m.group(1) or m.group(2) for m in found]  # type: ignore[union-attr]
    return "parse_error"


def verify(payload: dict, answer: str) -> Verdict:
    """Accept the set of true options' letters in any order, separated by commas or spaces.

    Checks run in one order: letters that are no option (unknown_item), a letter twice (duplicate_item),
    a false option named (extra_item), a true option left out (missing_item).

    >>> p = {"options": ["True", "not True", "True or False"], "answer": ["A", "C"]}
    >>> verify(p, "C, A").correct, verify(p, "A B C").reason, verify(p, "A").reason, verify(p, "A, D").reason
    (True, 'extra_item', 'missing_item', 'unknown_item')
    """
    n = len(payload["options"])
    truth = payload["answer"]
    if not 0 < len(truth) < n or len(set(truth)) != len(truth) or not set(truth) <= set(LETTERS[:n]):
        return Verdict.fail("bad_payload")  # the generator guarantees a mix of true and false options
    letters = _letters(answer, n)
    if isinstance(letters, str):
        return Verdict.fail(letters)
    if any(x not in LETTERS[:n] for x in letters):
        return Verdict.fail("unknown_item")
    if len(set(letters)) != len(letters):
        return Verdict.fail("duplicate_item")
    if not set(letters) <= set(truth):
        return Verdict.fail("extra_item")
    if set(letters) != set(truth):
        return Verdict.fail("missing_item")
    return Verdict.ok()

"""Object properties verifier: one integer in digits, compared with the count the payload's story leads to.

Payload: `features` (the features in play besides "type"), `start` (the objects at the start: {"type": ...,
feature: value}), `ops` (in order: ["add", [objects]], ["remove", desc], ["set", desc, feature, value],
["swap", desc_a, desc_b, feature] (each description fits exactly one object), ["trade", desc, [objects]] (give
away what fits, receive the objects); a desc is {feature: value} and fits an object that has all of them;
sentences that change nothing are not listed), `query` (a condition tree: ["and"|"or", ...], ["not", c],
["is", f, v], ["lt"|"gt", f, v] on size or price, ["lt_ref"|"gt_ref", f, type]: compared with the one object of
that type at the end) and `answer` (the count, computed at generation by simulating the story and
re-computed by an independent simulator in tests/test_object_properties.py, its ORACLE; the verifier compares
with it, as a replay per call would cost far more than the 0.1 ms a verdict may take).

The answer is read strictly: the whole answer is one integer written in digits (a sign and leading zeros are
allowed: "-3" is a wrong integer, "007" is 7). Number words, decimals, units ("4 objects") and anything beside the
number are parse errors; the number is compared as a digit string, so a number of any length costs no int().
"""

from __future__ import annotations

import re

from logicforge.verifiers.verdict import Verdict

_INTEGER = re.compile(r"([+-]?)([0-9]+)")  # no "0*" before the digits: that backtracks quadratically


def _most(payload: dict) -> int:
    """How many objects the story ever shows as mine (a bound on any count); -1 if the payload is malformed."""
    try:
        ops = [op for op in payload["ops"] if op[0] in ("add", "trade") and isinstance(op[-1], list)]
        return len(payload["start"]) + sum(len(op[-1]) for op in ops)
    except (TypeError, KeyError, IndexError):
        return -1


def verify(payload: dict, answer: str) -> Verdict:
    """Accept exactly the count, written as one integer in digits.

    >>> p = {"features": ["colour"], "start": [{"type": "cup", "colour": "red"}, {"type": "vase", "colour": "red"},
    ...      {"type": "cup", "colour": "blue"}], "ops": [["set", {"type": "cup"}, "colour", "blue"]],
    ...      "query": ["and", ["is", "colour", "blue"]], "answer": 2}
    >>> verify(p, "2").correct, verify(p, "1").reason, verify(p, "two").reason, verify(p, "2 cups").reason
    (True, 'wrong_answer', 'parse_error', 'parse_error')
    """
    match = _INTEGER.fullmatch(answer.strip())
    if match is None:
        return Verdict.fail("parse_error")
    stored = payload.get("answer")
    if type(stored) is not int or not 0 <= stored <= _most(payload):
        return Verdict.fail("bad_payload")  # no story leads to more objects than it ever shows
    sign, digits = match[1], match[2].lstrip("0") or "0"
    if sign == "-" and digits != "0" or digits != str(stored):
        return Verdict.fail("wrong_answer")
    return Verdict.ok()

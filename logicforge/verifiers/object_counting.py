"""Object counting verifier: one integer in digits, compared with a re-simulation of the payload's events.

Payload: `people` (how many are counted), `category` (item id -> category id, for every item in play),
`start` ([person, item, n]: owned at the start), `steps` (in order: ["gain", p, item, n], ["loss", p, item, n],
["give", giver, taker, item, n]; sentences that change nothing are not listed), `query` ([person or -1 for
everyone together, category]) and `answer` (the count, computed at generation).

The answer is read strictly: the whole answer is one integer written in digits (full-width digits are folded
by extraction; a sign and leading zeros are allowed: "-3" is a wrong integer, "007" is 7). Number words
("seventeen", "十七"), decimals, units ("17 apples") and anything beside the number are parse errors: the
prompts mix digits and words for the quantities, and one canonical form keeps the reward unambiguous. The
number is compared as a digit string, so a number of any length costs no int() conversion.
"""

from __future__ import annotations

import re

from logicforge.verifiers.verdict import Verdict

_INTEGER = re.compile(r"([+-]?)([0-9]+)")  # no "0*" before the digits: it would backtrack quadratically


def _count(payload: dict) -> int | None:
    """The asked count after replaying the payload, or None if the payload is inconsistent (a count that
    goes below zero, an unknown person or item, an unknown step)."""
    people, category = payload["people"], payload["category"]
    owned = [dict() for _ in range(people)]  # person -> item -> count

    def valid(p: object, item: object, n: object) -> bool:
        return type(p) is int and 0 <= p < people and item in category and type(n) is int and n > 0

    def add(p: int, item: str, n: int) -> bool:
        if not valid(p, item, n):
            return False
        owned[p][item] = owned[p].get(item, 0) + n
        return True

    def take(p: int, item: str, n: int) -> bool:
        if not valid(p, item, n) or owned[p].get(item, 0) < n:
            return False  # nobody gives away, sells or loses more than they have
        owned[p][item] -= n
        return True

    for p, item, n in payload["start"]:
        if not add(p, item, n):
            return None
    for step in payload["steps"]:
        kind = step[0]
        if kind == "gain" and len(step) == 4:
            ok = add(*step[1:])
        elif kind == "loss" and len(step) == 4:
            ok = take(*step[1:])
        elif kind == "give" and len(step) == 5 and step[1] != step[2]:
            ok = take(step[1], step[3], step[4]) and add(step[2], step[3], step[4])
        else:
            ok = False
        if not ok:
            return None
    who, cat = payload["query"]
    asked = range(people) if who == -1 else [who] if isinstance(who, int) and 0 <= who < people else None
    if asked is None:
        return None
    return sum(n for p in asked for item, n in owned[p].items() if category[item] == cat)


def verify(payload: dict, answer: str) -> Verdict:
    """Accept exactly the asked count, written as one integer in digits.

    >>> p = {"people": 1, "category": {"apple": "fruit", "drum": "instrument"},
    ...      "start": [[0, "apple", 3], [0, "drum", 2]], "steps": [["gain", 0, "apple", 4], ["loss", 0, "apple", 2]],
    ...      "query": [0, "fruit"], "answer": 5}
    >>> verify(p, "5").correct, verify(p, "7").reason, verify(p, "five").reason, verify(p, "5 apples").reason
    (True, 'wrong_answer', 'parse_error', 'parse_error')
    """
    match = _INTEGER.fullmatch(answer.strip())
    if match is None:
        return Verdict.fail("parse_error")
    stored = payload["answer"]
    if not isinstance(stored, int) or stored < 0 or _count(payload) != stored:
        return Verdict.fail("bad_payload")  # the events do not lead to the stored answer
    sign, digits = match[1], match[2].lstrip("0") or "0"
    if sign == "-" and digits != "0" or digits != str(stored):
        return Verdict.fail("wrong_answer")
    return Verdict.ok()

"""Time sequence verifier: two integers, `longest, starts`, compared with the answer computed at generation.

Payload: `days` (weekday indices, 0 = Monday), `window` ([start, end] of working hours), `busy` (per person,
[day, start, end, label] blocks), `rules`, `step` (meetings start on multiples of it), `length` (the meeting
length of question 2), all times in minutes after midnight, and `answer` ([longest, starts]).

The grammar is strict: exactly two integers in digits separated by one comma (a Chinese comma or list comma
is folded into one by extraction), optionally inside one pair of brackets, e.g. `95, 6` or `[95, 6]`.
Units ("95 min"), labels, words and any other text are parse errors; a list of integers of another length
is `wrong_count`. Both numbers must be right: one wrong number is `wrong_answer` (no partial credit).
"""

from __future__ import annotations

import re

from logicforge.verifiers.verdict import Verdict

_NUMBER = re.compile(r"[0-9]{1,9}")
_LIMIT = 80  # characters: far more than two integers and a comma


def _numbers(answer: str) -> list[int] | str:
    """The integers of a comma-separated list of integers, or a reason (too_long, parse_error)."""
    text = answer.strip()
    if len(text) > _LIMIT:
        return "too_long"
    if len(text) > 1 and text[0] + text[-1] in ("[]", "()"):
        text = text[1:-1]
    pieces = [p.strip() for p in text.split(",")]
    if not all(_NUMBER.fullmatch(p) for p in pieces):
        return "parse_error"
    return [int(p) for p in pieces]


def verify(payload: dict, answer: str) -> Verdict:
    """Accept exactly `longest, starts` as computed at generation.

    >>> p = {"answer": [95, 6]}
    >>> verify(p, "95, 6").correct, verify(p, "[95, 6]").correct, verify(p, "95, 7").reason
    (True, True, 'wrong_answer')
    >>> verify(p, "6, 95").reason, verify(p, "95").reason, verify(p, "95 min, 6").reason
    ('wrong_answer', 'wrong_count', 'parse_error')
    """
    stored = payload["answer"]
    if not (isinstance(stored, list) and len(stored) == 2 and all(type(v) is int and v > 0 for v in stored)):
        return Verdict.fail("bad_payload")  # the generator always leaves a meeting that fits
    numbers = _numbers(answer)
    if isinstance(numbers, str):
        return Verdict.fail(numbers)
    if len(numbers) != 2:
        return Verdict.fail("wrong_count")
    if numbers != stored:
        return Verdict.fail("wrong_answer")
    return Verdict.ok()

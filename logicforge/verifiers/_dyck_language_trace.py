"""Dyck language reasoning errors verifier: re-simulate the stack, find the wrong steps, compare the sets."""

from __future__ import annotations

import re
from functools import lru_cache

from logicforge.verifiers.parse import parse_list
from logicforge.verifiers.verdict import Verdict

_CLOSER = {"(": ")", "[": "]", "{": "}", "<": ">"}
_NONE = frozenset({"none", "无"})  # the label of a trace without a wrong step, in either language, matched whole
_NUMBER = re.compile(r"[0-9]{1,6}")
_PLAIN = re.compile(r"[0-9]{1,6}(?:, [0-9]{1,6})*")  # the reference's own form, read without the list parser
_QUOTES = "'\"`\u201c\u201d\u300c\u300d"  # quotes around a label, also Chinese “” and 「」


@lru_cache(maxsize=4096)
def _true_steps(seq: str) -> tuple[list[str], ...] | None:
    """The right [bracket, stack] of every step of a balanced sequence, or None if `seq` is not one."""
    stack, out = "", []
    for ch in seq:
        if ch in _CLOSER:
            stack += ch
        elif stack and _CLOSER[stack[-1]] == ch:
            stack = stack[:-1]
        else:
            return None  # a closing bracket that closes nothing or the wrong kind, or not a bracket
        out.append([ch, stack])
    return None if stack else tuple(out)


def wrong_steps(seq: str, steps: list) -> set[int] | None:
    """The 1-based steps whose bracket is not the sequence's or whose stack is not the true stack after it;
    None when the payload is not a balanced sequence with one step per bracket.

    >>> sorted(wrong_steps("([])", [["(", "("], ["[", "(["], ["]", "(["], [")", ""]]))
    [3]
    """
    if not isinstance(seq, str) or not isinstance(steps, list) or len(steps) != len(seq):
        return None
    truth = _true_steps(seq)
    if truth is None:
        return None
    return {k for k, (step, right) in enumerate(zip(steps, truth), 1) if step != right}


def _claim(text: str, n: int) -> set[int] | str:
    """The answered step numbers, or a reason."""
    if text.strip(_QUOTES).strip().lower() in _NONE:
        return set()
    if len(text) > 1 and text[0] == "{" and text[-1] == "}":
        text = text[1:-1]  # set braces
    items = text.split(", ") if _PLAIN.fullmatch(text) else parse_list(text, n, spaces=True)
    if isinstance(items, str):
        return items
    if not items or not all(_NUMBER.fullmatch(item) for item in items):
        return "parse_error"
    numbers = [int(item) for item in items]
    if not all(1 <= x <= n for x in numbers):
        return "out_of_range"
    if len(set(numbers)) != len(numbers):
        return "duplicate_item"
    return set(numbers)


def verify(payload: dict, answer: str) -> Verdict:
    """The set of wrong step numbers (commas, semicolons, spaces or newlines between them), or none / 无.

    >>> p = {"sequence": "([])", "steps": [["(", "("], ["[", "(["], ["]", "(["], [")", ""]]}
    >>> verify(p, "3").correct, verify(p, "2, 3").reason, verify(p, "none").reason, verify(p, "3 or 4").reason
    (True, 'extra_item', 'missing_item', 'parse_error')
    """
    truth = wrong_steps(payload["sequence"], payload["steps"])
    if truth is None:
        return Verdict.fail("bad_payload")
    n = len(payload["steps"])
    text = answer.strip()
    if len(text) > 8 * n + 40:
        return Verdict.fail("too_long")
    claim = _claim(text, n)
    if isinstance(claim, str):
        return Verdict.fail(claim)
    if claim - truth:
        return Verdict.fail("extra_item")
    if truth - claim:
        return Verdict.fail("missing_item")
    return Verdict.ok()

"""Dyck language verifier: prefix + completion must be balanced and the completion minimal."""

from __future__ import annotations

from types import SimpleNamespace

from logicforge.verifiers import _dyck_language_errors as errors, _dyck_language_trace as trace
from logicforge.verifiers.verdict import Verdict

_CLOSER = {"(": ")", "[": "]", "{": "}", "<": ">"}
_CLOSERS = frozenset(_CLOSER.values())
# Whitespace and commas only separate brackets; any other character makes the answer unparseable.
_SEPARATORS = str.maketrans("", "", " \t\r\n,")
_QUOTES = "'\"`"


def _open_stack(prefix: str) -> list[str] | None:
    """The closers still owed after `prefix` (innermost last), or None if the prefix is invalid."""
    stack: list[str] = []
    for ch in prefix:
        if ch in _CLOSER:
            stack.append(_CLOSER[ch])
        elif not stack or stack.pop() != ch:
            return None
    return stack


def _brackets(answer: str) -> str | None:
    """The answer as a bare bracket string (separators and one layer of quotes removed), or None."""
    text = answer.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in _QUOTES:
        text = text[1:-1]
    text = text.translate(_SEPARATORS)
    if not text or any(ch not in _CLOSER and ch not in _CLOSERS for ch in text):
        return None
    return text


def _check_completion(stack: list[str], completion: str) -> Verdict:
    """Replay `completion` on the open stack: it must close everything, with closers only."""
    stack = list(stack)
    for ch in completion:
        if ch in _CLOSER:
            return Verdict.fail("not_minimal")  # opening more brackets can never be minimal
        if not stack:
            return Verdict.fail("violates:extra_close")
        if stack.pop() != ch:
            return Verdict.fail("violates:mismatch")
    if stack:
        return Verdict.fail("violates:unclosed")
    return Verdict.ok()


def verify(payload: dict, answer: str) -> Verdict:
    """Accept the minimal completion alone or the full sequence (prefix + completion).

    The prefix always starts with an opening bracket and the completion never contains one, so
    an answer starting with an opening bracket is read as the full sequence.

    >>> p = {"prefix": "([]{"}
    >>> verify(p, "} )").correct, verify(p, "( [ ] { } )").correct, verify(p, ") }").reason
    (True, True, 'violates:mismatch')
    """
    prefix = payload["prefix"]
    stack = _open_stack(prefix)
    if stack is None or not stack:
        return Verdict.fail("bad_payload")
    if len(answer) > 8 * (len(prefix) + len(stack)) + 100:
        return Verdict.fail("too_long")  # bounds the work on hostile input
    text = _brackets(answer)
    if text is None:
        return Verdict.fail("parse_error")
    if text[0] in _CLOSER:
        if not text.startswith(prefix):
            return Verdict.fail("wrong_prefix")
        text = text[len(prefix) :]
        if not text:
            return Verdict.fail("violates:unclosed")
    return _check_completion(stack, text)


# The sibling tasks of generators/dyck_language.py, each with its own check.
TASKS = {
    "dyck_language": SimpleNamespace(verify=verify),
    "dyck_language_errors": SimpleNamespace(verify=errors.verify),
    "dyck_language_reasoning_errors": SimpleNamespace(verify=trace.verify),
}

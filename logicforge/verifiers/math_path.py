"""Math path verifier: every `?` of the equation filled with one digit, the rest kept, and the equation true."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from logicforge.verifiers._expr import divide, whole
from logicforge.verifiers.parse import parse_list
from logicforge.verifiers.verdict import Verdict

# One token: a number (digits, and `?` in the puzzle), an operator in any usual spelling, a bracket, "=".
_TOKEN = re.compile(
    r"\s*(?:(?P<num>[0-9?]+)|(?P<op>\\times|\\cdot|\\div|[-+*/xX×·⋅∗÷−–])|(?P<open>\()|(?P<close>\))|(?P<eq>=))"
)
_OPS = {"+": "+", "-": "-", "−": "-", "–": "-", "/": "/", "÷": "/", "\\div": "/"}
_OPS.update(dict.fromkeys(("*", "x", "X", "×", "·", "⋅", "∗", "\\times", "\\cdot"), "*"))
_WRAPPED = re.compile(r"\\\(\s*(.*?)\s*\\\)|\\\[\s*(.*?)\s*\\\]", re.S)
_DIGIT = re.compile(r"[0-9]")
_MAX_DEPTH = 40  # brackets nested deeper than this are no puzzle of this family

Token = tuple[str, str]  # (kind, text): num, op (one of + - * /), open, close, eq


def _tokens(text: str) -> list[Token] | None:
    """The tokens of an equation, operators in canonical form; None if any character is not part of one."""
    out: list[Token] = []
    pos, end = 0, len(text.rstrip())
    while pos < end:
        m = _TOKEN.match(text, pos)
        if m is None:
            return None
        kind = m.lastgroup or ""
        out.append((kind, _OPS[m.group(kind)] if kind == "op" else m.group(kind)))
        pos = m.end()
    return out


class _Puzzle(NamedTuple):
    tokens: tuple[Token, ...]
    kinds: tuple[str, ...]  # the kind of each token, in order
    numbers: tuple[str, ...]  # the numbers as shown, with their `?`s
    shown: tuple[tuple[tuple[int, str], ...], ...]  # per number: (position, digit) of each digit shown
    holes: int


@lru_cache(maxsize=4096)
def _template(equation: str) -> _Puzzle | None:
    """The puzzle, parsed once per equation; None unless it is `expression = expression`."""
    tokens = _tokens(equation)
    if not tokens or sum(k == "eq" for k, _ in tokens) != 1:
        return None
    try:
        _values([(k, t.replace("?", "1")) for k, t in tokens])
    except ValueError:
        return None
    numbers = tuple(t for k, t in tokens if k == "num")
    shown = tuple(tuple((i, c) for i, c in enumerate(t) if c != "?") for t in numbers)
    return _Puzzle(tuple(tokens), tuple(k for k, _ in tokens), numbers, shown, equation.count("?"))


class _Sides:
    """Recursive descent over tokens: brackets, then * and /, then + and -, left to right; exact values
    (ints, Fractions where a division does not come out even), None after a division by zero."""

    def __init__(self, tokens: list[Token]):
        self.tokens, self.pos, self.depth = tokens, 0, 0

    def _peek(self) -> Token:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def expr(self):
        value = self.term()
        while (tok := self._peek())[0] == "op" and tok[1] in "+-":
            self.pos += 1
            right = self.term()
            value = None if value is None or right is None else whole(value + right if tok[1] == "+" else value - right)
        return value

    def term(self):
        value = self.atom()
        while (tok := self._peek())[0] == "op" and tok[1] in "*/":
            self.pos += 1
            right = self.atom()
            if value is None or right is None or (tok[1] == "/" and right == 0):
                value = None
            else:
                value = whole(value * right) if tok[1] == "*" else divide(value, right)
        return value

    def atom(self):
        kind, text = self._peek()
        self.pos += 1
        if kind == "num":
            return int(text)
        if kind != "open" or self.depth >= _MAX_DEPTH:
            raise ValueError(kind)
        self.depth += 1
        value = self.expr()
        if self._peek()[0] != "close":
            raise ValueError("unclosed")
        self.pos += 1
        self.depth -= 1
        return value


def _values(tokens: list[Token]) -> tuple:
    """The exact values of the two sides of `left = right`; ValueError if either is not an expression."""
    parser = _Sides(tokens)
    left = parser.expr()
    if parser._peek()[0] != "eq":
        raise ValueError("no =")
    parser.pos += 1
    right = parser.expr()
    if parser.pos != len(tokens):
        raise ValueError("trailing")
    return left, right


def _unwrap(text: str) -> str:
    """Drop `$` and backticks, and one `\\(...\\)` or `\\[...\\]` around the answer."""
    text = text.replace("$", "").replace("`", "").strip()
    wrapped = _WRAPPED.fullmatch(text)
    return next(g for g in wrapped.groups() if g is not None).strip() if wrapped else text


def _from_digits(text: str, puzzle: _Puzzle) -> list[Token] | str:
    """The equation filled from a list of digits (one per `?`, in reading order), or a reason."""
    items = parse_list(text, limit=puzzle.holes + 8, spaces=True)
    if isinstance(items, str):
        return items  # too_long
    if not all(len(x) == 1 and _DIGIT.match(x) for x in items):
        return "parse_error"
    if len(items) != puzzle.holes:
        return "wrong_count"
    fill = iter(items)
    return [(k, re.sub(r"\?", lambda _: next(fill), t)) if k == "num" else (k, t) for k, t in puzzle.tokens]


def _shape(puzzle: _Puzzle, tokens: list[Token]) -> str | None:
    """Why `tokens` is not the puzzle with its `?`s filled, or None when it is."""
    have = [t for k, t in tokens if k == "num"]
    if any("?" in t for t in have):
        return "parse_error"  # a ? left in the answer (the puzzle echoed back)
    if len(have) != len(puzzle.numbers):
        return "wrong_count"
    if tuple(k for k, _ in tokens) != puzzle.kinds:
        return "parse_error"  # brackets, "=" or operators moved, added or dropped
    if any(k == "op" and a != b for (k, a), (_, b) in zip(tokens, puzzle.tokens)):
        return "violates:operator"
    if any(len(a) != len(b) for a, b in zip(have, puzzle.numbers)):
        return "wrong_length"  # a ? stands for exactly one digit
    if any(a[i] != c for shown, a in zip(puzzle.shown, have) for i, c in shown):
        return "violates:given"
    if any(len(a) > 1 and a[0] == "0" for a in have):
        return "violates:leading_zero"
    return None


def verify(payload: dict, answer: str) -> Verdict:
    """Check the filled equation against the puzzle, then its truth in exact arithmetic (no eval).

    Accepts the whole equation (`13 + 42 × 2 = 97`; `*`, `x`, `/` and LaTeX signs are read as × and ÷)
    or the digits for the `?`s in reading order (`1, 2, 7`). ÷ is exact division: a step may be a
    fraction, and only the two sides must be equal.

    >>> p = {"equation": "?3 + 4? × 2 = 9?"}
    >>> verify(p, "13 + 42 × 2 = 97").correct, verify(p, "1, 2, 7").correct, verify(p, "13 + 42 × 2 = 98").reason
    (True, True, 'violates:arithmetic')
    >>> verify(p, "13 + 41 * 2 = 95").correct, verify(p, "0, 0, 0").reason  # another filling; 03 is no number
    (True, 'violates:leading_zero')
    """
    equation = payload["equation"]
    puzzle = _template(equation) if isinstance(equation, str) and len(equation) <= 2000 else None
    if puzzle is None:
        return Verdict.fail("bad_payload")
    if len(answer) > 4 * len(equation) + 64:
        return Verdict.fail("too_long")
    text = _unwrap(answer)
    if "=" in text:
        tokens = _tokens(text)
        if tokens is None:
            return Verdict.fail("parse_error")
    else:
        tokens = _from_digits(text, puzzle)
        if isinstance(tokens, str):
            return Verdict.fail(tokens)
    reason = _shape(puzzle, tokens)
    if reason is not None:
        return Verdict.fail(reason)
    left, right = _values(tokens)  # the puzzle's shape, which parses (checked with the template)
    if left is None or right is None:
        return Verdict.fail("division_by_zero")
    return Verdict.ok() if left == right else Verdict.fail("violates:arithmetic")

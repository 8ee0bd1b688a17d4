"""A small strict arithmetic-expression parser with exact rational evaluation (never eval).

Grammar (whitespace anywhere between tokens)::

    expr    := term (('+' | '-') term)*
    term    := factor (('*' | '/') factor)*
    factor  := ['-'] primary            (only when the caller allows negation)
    primary := NUMBER | '(' expr ')' | '[' expr ']' | '{' expr '}'

Multiplication may be written `* x X × · ⋅ ∗ \\times \\cdot`, division `/ ÷ \\div`, minus `-` or
`−`; `\\left` / `\\right` before a bracket are ignored. Numbers are ASCII decimal integers without
leading zeros (so `08` or `1.5` never sneak in as new numbers). Every limit (length, digits, count
of numbers, bracket depth) is checked while scanning, so hostile input costs linear time at most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

_TOKEN = re.compile(
    r"\s*(?:(?P<num>[0-9]+)|(?P<op>\\times|\\cdot|\\div|[-+*/xX×·⋅∗÷−])"
    r"|(?P<open>\\left\s*[(\[{]|\\left\s*\\\{|[(\[{])|(?P<close>\\right\s*[)\]}]|\\right\s*\\\}|[)\]}]))"
)
_OPS = {"+": "+", "-": "-", "−": "-", "*": "*", "x": "*", "X": "*", "×": "*", "·": "*", "⋅": "*",
        "∗": "*", "\\times": "*", "\\cdot": "*", "/": "/", "÷": "/", "\\div": "/"}
_PAIRS = {"(": ")", "[": "]", "{": "}"}


class ExprError(Exception):
    """A parse failure; `args[0]` is the verdict reason tag."""


@dataclass
class Expr:
    """A parsed expression: its exact value (None after a division by zero) and what it used."""

    value: int | Fraction | None
    numbers: list[int] = field(default_factory=list)
    operators: set[str] = field(default_factory=set)
    negations: int = 0


def parse_expression(
    text: str, *, max_len: int = 1000, max_depth: int = 30, max_digits: int = 12,
    max_numbers: int = 64, allow_negation: bool = False,
) -> Expr:
    """Parse and evaluate `text` exactly; raise ExprError(reason) when it is not an expression.

    Reasons: `too_long`, `parse_error`, `bad_number` (leading zero, too many digits),
    `too_many_numbers`, `too_deep`, `negation` (a leading minus where not allowed).

    >>> e = parse_expression("8 / (3 - 8/3)")
    >>> e.value, e.numbers, sorted(e.operators)
    (24, [8, 3, 8, 3], ['-', '/'])
    >>> parse_expression("3 × [2 + 1]").value
    9
    >>> parse_expression("1/0").value is None
    True
    """
    if not isinstance(text, str) or len(text) > max_len:
        raise ExprError("too_long")
    tokens = _tokenize(text, max_digits, max_numbers)
    parser = _Parser(tokens, max_depth, allow_negation)
    value = parser.expr()
    if parser.pos != len(tokens):
        raise ExprError("parse_error")
    return Expr(value, parser.numbers, parser.operators, parser.negations)


def _tokenize(text: str, max_digits: int, max_numbers: int) -> list[tuple[str, str]]:
    """(kind, text) tokens; kinds are num, op (canonical + - * /), open, close (canonical bracket)."""
    tokens: list[tuple[str, str]] = []
    count = 0
    pos, end = 0, len(text)
    while pos < end:
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            if text[pos:].strip():
                raise ExprError("parse_error")
            break
        pos = m.end()
        kind = m.lastgroup
        raw = m.group(kind)
        if kind == "num":
            if len(raw) > max_digits or (len(raw) > 1 and raw[0] == "0"):
                raise ExprError("bad_number")
            count += 1
            if count > max_numbers:
                raise ExprError("too_many_numbers")
            tokens.append(("num", raw))
        elif kind == "op":
            tokens.append(("op", _OPS[raw]))
        else:
            tokens.append((kind, raw[-1]))
    return tokens


def divide(a: int | Fraction, b: int | Fraction) -> int | Fraction:
    """Exact a / b (b != 0), an int whenever the quotient is whole.

    >>> divide(6, 3), divide(1, 3)
    (2, Fraction(1, 3))
    """
    if type(a) is int and type(b) is int:
        q, r = divmod(a, b)
        return q if r == 0 else Fraction(a, b)
    return whole(Fraction(a) / b)


def whole(v: int | Fraction) -> int | Fraction:
    """`v` as an int when its denominator is 1 (ints are much faster than Fractions)."""
    if type(v) is Fraction and v.denominator == 1:
        return v.numerator
    return v


class _Parser:
    """Recursive descent over the token list; evaluates as it goes (None marks x/0)."""

    def __init__(self, tokens: list[tuple[str, str]], max_depth: int, allow_negation: bool):
        self.tokens, self.pos, self.depth = tokens, 0, 0
        self.max_depth, self.allow_negation = max_depth, allow_negation
        self.numbers: list[int] = []
        self.operators: set[str] = set()
        self.negations = 0

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def expr(self) -> int | Fraction | None:
        value = self.term()
        while (tok := self._peek()) is not None and tok[0] == "op" and tok[1] in "+-":
            self.pos += 1
            self.operators.add(tok[1])
            right = self.term()
            if value is not None and right is not None:
                value = value + right if tok[1] == "+" else value - right
                value = whole(value)
            else:
                value = None
        return value

    def term(self) -> int | Fraction | None:
        value = self.factor()
        while (tok := self._peek()) is not None and tok[0] == "op" and tok[1] in "*/":
            self.pos += 1
            self.operators.add(tok[1])
            right = self.factor()
            if value is None or right is None or (tok[1] == "/" and right == 0):
                value = None
            else:
                value = whole(value * right) if tok[1] == "*" else divide(value, right)
        return value

    def factor(self) -> int | Fraction | None:
        tok = self._peek()
        if tok == ("op", "-"):
            if not self.allow_negation:
                raise ExprError("negation")
            self.pos += 1
            self.negations += 1
            value = self.primary()
            return None if value is None else -value
        return self.primary()

    def primary(self) -> int | Fraction | None:
        tok = self._peek()
        if tok is None:
            raise ExprError("parse_error")
        self.pos += 1
        if tok[0] == "num":
            value = int(tok[1])
            self.numbers.append(value)
            return value
        if tok[0] != "open":
            raise ExprError("parse_error")
        self.depth += 1
        if self.depth > self.max_depth:
            raise ExprError("too_deep")
        value = self.expr()
        if self._peek() != ("close", _PAIRS[tok[1]]):
            raise ExprError("parse_error")
        self.pos += 1
        self.depth -= 1
        return value


_RATIONAL = re.compile(
    r"(?P<sign>[+-]?)\s*(?:"
    r"(?P<num>[0-9]{1,30})\s*/\s*(?P<dsign>[+-]?)(?P<den>[0-9]{1,30})"
    r"|\\[dt]?frac\s*\{\s*(?P<fnum>[0-9]{1,30})\s*\}\s*\{\s*(?P<fden>[0-9]{1,30})\s*\}"
    r"|(?P<dec>[0-9]{1,30}(?:\.[0-9]{1,30})?|\.[0-9]{1,30}))"
)


def parse_rational(text: str) -> Fraction | None:
    """One exact number: `3`, `-2/5`, `6/2`, `0.4`, `\\frac{2}{5}`, `-(2/5)`; None otherwise.

    Decimals are read exactly (`0.4` is 2/5, `0.333` is not 1/3); exponents, repeating decimals
    and expressions are refused.

    >>> parse_rational("-2/5"), parse_rational("(6/2)"), parse_rational("0.25"), parse_rational("1e3")
    (Fraction(-2, 5), Fraction(3, 1), Fraction(1, 4), None)
    """
    text = text.strip().replace("−", "-")
    if len(text) > 100:
        return None
    sign = 1
    if text[:1] in ("+", "-") and text[1:].lstrip()[:1] in ("(", "["):
        sign, text = (-1 if text[0] == "-" else 1), text[1:].strip()
    if len(text) > 1 and text[0] + text[-1] in ("()", "[]"):
        text = text[1:-1].strip()
    m = _RATIONAL.fullmatch(text)
    if m is None:
        return None
    if m["sign"] == "-":
        sign = -sign
    if m["dec"] is not None:
        return sign * Fraction(m["dec"])
    num, den = (m["num"], m["den"]) if m["num"] is not None else (m["fnum"], m["fden"])
    if int(den) == 0:
        return None
    return sign * (-1 if m["dsign"] == "-" else 1) * Fraction(int(num), int(den))

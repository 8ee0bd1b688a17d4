"""Mathador verifier: any expression over the given numbers whose exact value is the target passes."""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction

from logicforge.verifiers._expr import ExprError, parse_expression, parse_rational
from logicforge.verifiers.verdict import Verdict

# A correct answer has at most 7 numbers; generous room for spaces and redundant brackets.
MAX_CHARS = 600
MAX_DEPTH = 20
_WRAPPERS = (("\\(", "\\)"), ("\\[", "\\]"))
_PARSE_REASONS = {"too_many_numbers": "wrong_count", "bad_number": "parse_error", "negation": "violates:operator",
                  "too_deep": "too_long"}
# Typographic dashes a solver may write for minus (NFKC has already turned U+2011 into U+2010).
_DASHES = str.maketrans({"\u2010": "-", "\u2013": "-"})
_BOXED = re.compile(r"\\boxed\s*\{(.*)\}", re.S)
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
# Superscripts (and subscripts after a digit) reach us unfolded (see extract.py): "3²" is an exponent, a
# number not given, and never the number 32.
_EXPONENT = re.compile(r"[\u00b2\u00b3\u00b9\u2070-\u207f\u2080-\u208e]")


def _unwrap(text: str) -> str:
    """Drop LaTeX math delimiters and inline-code marks: every `$` and backtick, and one
    `\\(...\\)` / `\\[...\\]` around the answer (none of them can carry a number or operator);
    then one `\\boxed{...}`, en dashes as minus, and `\\frac{a}{b}` as `(a)/(b)`."""
    text = text.replace("$", "").replace("`", "").strip()
    for left, right in _WRAPPERS:
        if len(text) > len(left) + len(right) and text.startswith(left) and text.endswith(right):
            text = text[len(left) : -len(right)].strip()
            break
    boxed = _BOXED.fullmatch(text)
    if boxed:
        text = boxed.group(1).strip()
    text = text.translate(_DASHES)
    if "frac" in text and len(text) <= MAX_CHARS:
        # innermost first, so nested fractions unfold; each pass removes one `frac`, bounded by length
        while (new := _FRAC.sub(_frac, text)) != text:
            text = new
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch in "([") - (ch in ")]")
        if depth < 0:
            return False
    return depth == 0


def _frac(m: re.Match) -> str:
    """`\\frac{a}{b}` as `(a)/(b)`; left alone (and so refused) when a bracket crosses a brace."""
    num, den = m.group(1), m.group(2)
    return f"({num})/({den})" if _balanced(num) and _balanced(den) else m.group(0)


def _split_target(text: str, target: int) -> tuple[str | None, str]:
    """Strip an optional trailing `= target`; (expression, "ok") or (None, reason)."""
    if text.count("=") == 0:
        return text, "ok"
    if text.count("=") > 1:
        return None, "parse_error"
    lhs, rhs = (_unwrap(side) for side in text.split("="))  # "\\boxed{8 * 3} = 24", "8 * 3 = \\boxed{24}"
    stated = parse_rational(rhs)  # exact: "= 24.0" (a solver printing a float) states 24, "= 23.99" does not
    if stated is None:
        return None, "parse_error"
    if stated != target:
        return None, "wrong_value"
    return lhs, "ok"


def _numbers_reason(used: list[int], given: list[int], use_all: bool) -> str | None:
    """Why the multiset of numbers used is not allowed, or None when it is."""
    have, want = Counter(used), Counter(given)
    if any(n not in want for n in have):
        return "unknown_item"  # a number not given, or digits joined into a new one
    if any(count > want[n] for n, count in have.items()):
        return "duplicate_item"  # a number used more often than it is given
    if use_all and have != want:
        return "missing_item"
    return None


def verify(payload: dict, answer: str) -> Verdict:
    """Parse the expression (no eval), check numbers and operators, compare its exact value with the target.

    >>> p = {"numbers": [3, 3, 8, 8], "target": 24, "use_all": True, "operators": "+-*/"}
    >>> verify(p, "8 / (3 - 8 / 3)").correct, verify(p, "8 * 3 = 24").reason
    (True, 'missing_item')
    >>> verify(p, "(8 - 8) * 3 + 3").reason
    'wrong_value'
    """
    numbers, target, ops = list(payload["numbers"]), int(payload["target"]), str(payload["operators"])
    text = _unwrap(answer.strip())
    if len(text) > MAX_CHARS:
        return Verdict.fail("too_long")
    if _EXPONENT.search(text):
        return Verdict.fail("parse_error")  # a superscript: an exponent, not an operator of the puzzle
    text, reason = _split_target(text, target)
    if text is None:
        return Verdict.fail(reason)
    try:
        expr = parse_expression(
            text, max_len=MAX_CHARS, max_depth=MAX_DEPTH, max_digits=12,
            max_numbers=len(numbers), allow_negation="-" in ops,
        )
    except ExprError as err:
        return Verdict.fail(_PARSE_REASONS.get(err.args[0], err.args[0]))
    if not expr.operators <= set(ops):
        return Verdict.fail("violates:operator")
    reason = _numbers_reason(expr.numbers, numbers, bool(payload["use_all"]))
    if reason is not None:
        return Verdict.fail(reason)
    if expr.value is None:
        return Verdict.fail("division_by_zero")
    if expr.value != Fraction(target):
        return Verdict.fail("wrong_value")
    return Verdict.ok()


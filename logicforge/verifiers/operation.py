"""Operation verifier: the answer is one exact number, equal in value to the expression's value.

Payload: `definitions` (per new operator: `symbol`, `cond` (None, {"kind": "cmp", "text"} or
{"kind": "even"|"odd", "of"}), `then`, `else`), `expression` (the fully parenthesised expression as shown) and
`answer` (its exact value, `-12` or `7/3`, computed at generation; an independent evaluation of the definitions
and the expression lives in the tests).

What is read (`_expr.parse_rational`, no eval): one integer (`-12`, `+12`), one fraction `a/b` (`7/3`,
`-7/3`, `7/-3`, `\\frac{7}{3}`, `-\\frac{7}{3}`, `\\frac{-7}{3}`), or one decimal (`2.5`). Every number part has
at most 30 digits, so nothing huge is ever converted. The value is compared, not the spelling: a fraction not
in lowest terms (`14/6`) and a decimal that is exactly the value (`2.50`) are accepted; a rounded decimal
(`2.33` for 7/3) is a different number and is wrong. Mixed numbers (`2 1/3`), exponents, expressions
(`4 + 1/3`), words and anything beside the number are parse errors.
"""

from __future__ import annotations

import re

from logicforge.verifiers._expr import parse_rational
from logicforge.verifiers.verdict import Verdict

# \frac{-7}{3} and \frac{7}{-3}: the shared reader takes a sign only before the fraction
_SIGNED_FRAC = re.compile(r"\\[dt]?frac\s*\{\s*([+-]?)\s*([0-9]+)\s*\}\s*\{\s*([+-]?)\s*([0-9]+)\s*\}")
_MAX_CHARS = 100


def verify(payload: dict, answer: str) -> Verdict:
    """Accept exactly the expression's value, as an integer, a fraction or an exact decimal.

    >>> p = {"definitions": [], "expression": "", "answer": "-7/3"}
    >>> verify(p, "-7/3").correct, verify(p, "14/-6").correct, verify(p, "-2.33").reason, verify(p, "x").reason
    (True, True, 'wrong_answer', 'parse_error')
    """
    stored = parse_rational(str(payload["answer"]))
    if stored is None:
        return Verdict.fail("bad_payload")
    text = answer.strip()
    if len(text) > _MAX_CHARS:
        return Verdict.fail("parse_error")  # no number of the allowed forms is this long
    value = parse_rational(_SIGNED_FRAC.sub(r"\1\2/\3\4", text))
    if value is None:
        return Verdict.fail("parse_error")
    return Verdict.ok() if value == stored else Verdict.fail("wrong_answer")

"""Linear system verifier: every unknown exactly once, and the values satisfy every equation exactly."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from logicforge.verifiers._expr import parse_rational
from logicforge.verifiers.verdict import Verdict

_NAME = r"[A-Za-z][A-Za-z]*(?:_?\{?[0-9]{1,2}\}?)?"
# Items are separated by commas, semicolons, newlines, "and", or whitespace before the next `name =`.
_SPLIT = re.compile(rf"[,;\n]|\s*\band\s+|\s+(?={_NAME}\s*[=:])")
# A name may be quoted, as in a JSON or Python dict: {"x": 3, "y": "-2/5"}.
_ITEM = re.compile(rf"\s*(['\"]?)({_NAME})\1\s*[=:]\s*(\S(?:.*\S)?)\s*")
_TUPLE = re.compile(r"\s*\(([^()=]*)\)\s*=\s*\((.*)\)\s*")
_WRAP = {"{": "}", "[": "]", "(": ")"}
_LATEX_WRAP = re.compile(r"\\\(\s*(.*?)\s*\\\)|\\\[\s*(.*?)\s*\\\]|\\boxed\s*\{(.*)\}", re.S)
# LaTeX spacing and alignment marks carry nothing; `\\` is a line break between pairs.
_LATEX_NOISE = re.compile(r"\\[,;:! ]|\\q?quad\b|&")
_SIGNED_FRAC = re.compile(r"\\[dt]?frac\s*\{\s*([+-]?)\s*([0-9]+)\s*\}\s*\{\s*([+-]?)\s*([0-9]+)\s*\}")
_DASHES = str.maketrans({"\u2010": "-", "\u2013": "-"})  # typographic minus signs
_QUOTED = re.compile(r"(['\"])([^'\"]*)\1")


def _norm_name(name: str) -> str:
    """`X_1`, `x_{1}` and `x1` are one name (NFKC already turned `x₁` into `x1`)."""
    return name.lower().replace("_", "").replace("{", "").replace("}", "")


def _pairs(text: str, limit: int) -> list[tuple[str, str]] | None:
    """(name, value text) pairs from `x = 3, y = -2/5` or `(x, y) = (3, -2/5)`; None if malformed."""
    text = text.replace("$", "").replace("`", "").strip()
    wrapped = _LATEX_WRAP.fullmatch(text)
    if wrapped:  # \( ... \), \[ ... \] or \boxed{...} around the whole answer
        text = next(g for g in wrapped.groups() if g is not None).strip()
    text = _LATEX_NOISE.sub(" ", text.replace("\\\\", "\n")).translate(_DASHES)
    if len(text) > 1 and _WRAP.get(text[0]) == text[-1] and not _TUPLE.fullmatch(text):
        text = text[1:-1].strip()  # {x: 3, y: 4} or [x = 3, y = 4]
    tup = _TUPLE.fullmatch(text)
    if tup:
        names, values = tup.group(1).split(","), tup.group(2).split(",")
        if len(names) != len(values) or len(names) > limit:
            return None
        return [(n.strip(), v.strip()) for n, v in zip(names, values)]
    items = [p for p in _SPLIT.split(text) if p.strip()]
    if len(items) > limit:
        return None
    pairs = []
    for item in items:
        m = _ITEM.fullmatch(item)
        if m is None:
            return None
        pairs.append((m.group(2), m.group(3)))
    return pairs


def _assignment(payload: dict, answer: str) -> tuple[dict[str, Fraction] | None, str]:
    """Variable -> exact value, or (None, reason)."""
    names = [str(v) for v in payload["variables"]]
    if len(answer) > 120 * len(names) + 200:
        return None, "too_long"
    pairs = _pairs(answer, 2 * len(names) + 2)
    if pairs is None:
        return None, "parse_error"
    known = {_norm_name(v): v for v in names}
    values: dict[str, Fraction] = {}
    for raw_name, raw_value in pairs:
        name = known.get(_norm_name(raw_name))
        if name is None:
            return None, "unknown_item"
        if name in values:
            return None, "duplicate_item"
        quoted = _QUOTED.fullmatch(raw_value)  # "x": "-2/5"
        if quoted:
            raw_value = quoted.group(2)
        value = parse_rational(_SIGNED_FRAC.sub(r"\1\2/\3\4", raw_value))  # \frac{-2}{5}, \frac{2}{-5}
        if value is None:
            return None, "parse_error"
        values[name] = value
    if len(values) != len(names):
        return None, "missing_item"
    return values, "ok"


def verify(payload: dict, answer: str) -> Verdict:
    """Parse `name = value` pairs (no eval) and substitute them exactly into every equation.

    >>> p = {"variables": ["x", "y"], "coefficients": [[1, 1], [1, -1]], "constants": [3, 1]}
    >>> verify(p, "y = 1; x = 4/2").correct, verify(p, "x = 2.0, y = 1").correct
    (True, True)
    >>> verify(p, "x = 1, y = 2").reason, verify(p, "x = 2").reason
    ('violates:equation', 'missing_item')
    """
    values, reason = _assignment(payload, answer)
    if values is None:
        return Verdict.fail(reason)
    names = [str(v) for v in payload["variables"]]
    # Scale to a common denominator so each equation is checked with integers only.
    common = math.lcm(*(values[v].denominator for v in names))
    scaled = [values[v].numerator * (common // values[v].denominator) for v in names]
    for row, rhs in zip(payload["coefficients"], payload["constants"]):
        if sum(int(c) * s for c, s in zip(row, scaled)) != int(rhs) * common:
            return Verdict.fail("violates:equation")
    return Verdict.ok()

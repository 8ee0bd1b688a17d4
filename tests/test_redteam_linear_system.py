"""Linear system red team, round 2: perturbed and swapped values, written as fractions, LaTeX or
tuples, are judged against an independent exact solve (sympy) of the payload's equations."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
import sympy

from redteam_util import check_case, wrap

from logicforge.tasks import get_task

TASK = get_task("linear_system")
PAYLOAD = {"variables": ["x", "y"], "coefficients": [[0, -3], [-1, -1]], "constants": [6, -3]}  # x = 5, y = -2



CASES = [
    # (answer, expected reason)
    ("**x = 5, y = -2**", "ok"),  # bold
    ("`x = 5, y = -2`", "ok"),
    ("\\boxed{x = 5,\\ y = -2}", "ok"),
    ("x = 5, y = -2, x = 5", "duplicate_variable"),
    ("x = 5, y = -2 or y = 2", "parse_error"),  # a hedge inside one value
    ("x = 5, y = -1.99999999999999999999", "violates:equation"),  # decimals are read exactly
    ("x = 10/2, y = -2", "ok"),
    ("x = 5", "missing_variable"),
    ("x = 5, y = -2, z = 0", "unknown_variable"),
    ("x = 5e0, y = -2", "parse_error"),
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def _text(v: Fraction, style: int) -> str:
    if v.denominator == 1:
        return str(v.numerator)
    return [f"{v.numerator}/{v.denominator}", f"\\frac{{{v.numerator}}}{{{v.denominator}}}",
            f"{2 * v.numerator}/{2 * v.denominator}"][style]  # fmt: skip


def test_fuzz_values_match_an_exact_solve():
    rng = random.Random(19)
    for level in (1, 4, 7, 10):
        for seed in range(3):
            p = TASK.generate(TASK.params(level), seed, 0).payload
            exact = sympy.Matrix(p["coefficients"]).LUsolve(sympy.Matrix(p["constants"]))
            sol = [Fraction(int(v.p), int(v.q)) for v in exact]
            names = p["variables"]
            for _ in range(15):
                vals, k = sol[:], rng.randrange(3)
                if k == 0:
                    vals[rng.randrange(len(vals))] += rng.choice([1, -1, Fraction(1, 3)])
                elif k == 1:
                    i, j = rng.sample(range(len(vals)), 2)
                    vals[i], vals[j] = vals[j], vals[i]
                for style in range(3):
                    texts = [", ".join(f"{n} = {_text(v, style)}" for n, v in zip(names, vals)),
                             f"({', '.join(names)}) = ({', '.join(_text(v, style) for v in vals)})"]  # fmt: skip
                    for text in texts:
                        verdict = TASK.verify(p, wrap(text))
                        assert verdict.correct == (vals == sol), (level, seed, text, verdict)

"""linear_system: adversarial table, reformattings, brute-force differential tests, hardness and speed."""

from __future__ import annotations

import itertools
import time
from fractions import Fraction

import numpy as np
import pytest
import sympy

from logicforge.generators import linear_system as gen
from logicforge.tasks import get_task
from logicforge.verifiers import linear_system as ver
from logicforge.verifiers._expr import parse_rational

TASK = get_task("linear_system")
# 2x + 2y = 3, 2x - y = 0, 2z = 9: the unique solution is x = 1/2, y = 1, z = 9/2.
P3 = {"variables": ["x", "y", "z"], "coefficients": [[2, 2, 0], [2, -1, 0], [0, 0, 2]], "constants": [3, 0, 9]}
P5 = {
    "variables": ["x1", "x2", "x3", "x4", "x5"],
    "coefficients": [[1, 0, 0, 0, 0], [1, 1, 0, 0, 0], [0, 1, 1, 0, 0], [0, 0, 1, 1, 0], [0, 0, 0, 1, 1]],
    "constants": [1, 3, 5, 7, 9],
}
# The unique solution of P5: 1, 2, 3, 4, 5.

NEAR_MISSES = [
    ("x = 1/2, y = 1, z = 9/2", "ok"),
    ("x = 1/2, y = 1, z = 7/2", "violates:equation"),  # one value changed
    ("x = 1, y = 1/2, z = 9/2", "violates:equation"),  # two values swapped
    ("x = -1/2, y = 1, z = 9/2", "violates:equation"),  # sign flipped
    ("x = 0.5, y = 1, z = 4.49", "violates:equation"),  # decimal that is not exact
    ("x = 1/2, y = 1", "missing_variable"),
    ("x = 1/2, y = 1, z = 9/2, w = 0", "unknown_variable"),
    ("x = 1/2, y = 1, x = 1/2, z = 9/2", "duplicate_variable"),
    ("x = 1/2, y = 1, z = 9/2, z = 9/2", "duplicate_variable"),
    ("x = 1/2 or 1, y = 1, z = 9/2", "parse_error"),  # a hedge inside a value
    ("x = 1/2, y = 1, z = 9/2 (approximately)", "parse_error"),  # trailing prose
    ("x = 1/2, y = 1, z = 9/2.", "parse_error"),  # trailing punctuation
    ("x = 1/0, y = 1, z = 9/2", "parse_error"),  # division by zero
    ("x = 1e-1, y = 1, z = 9/2", "parse_error"),  # no exponents
    ("x = 2**-1, y = 1, z = 9/2", "parse_error"),  # no expressions
    ("x = 1/2, y = 1, z = 4 + 1/2", "parse_error"),  # no sums either
    ("x = (1/2, y = 1, z = 9/2", "parse_error"),
    ("1/2, 1, 9/2", "parse_error"),  # values without names
    ("x + y = 3/2, z = 9/2", "parse_error"),  # an equation, not a value
    ("x = 0.(3), y = 1, z = 9/2", "parse_error"),  # repeating decimals are not read
    ("x = ١/٢, y = 1, z = 9/2", "parse_error"),  # non-ASCII digits
    ("x = " + "9" * 40 + ", y = 1, z = 9/2", "parse_error"),  # too many digits
    ("(x, y, z) = (1/2, 1)", "parse_error"),
    ("(x, y, z) = (1/2, 9/2, 1)", "violates:equation"),
    ("x = 1/2, y = 1, z = 9/2" + ", x = 1/2" * 50, "parse_error"),  # far too many items
    ("x = 1/2 and 1, y = 1, z = 9/2", "parse_error"),  # two values for x
    ("x = 1/2, y = 1, z = 9/2 and x = 1", "duplicate_variable"),
]


@pytest.mark.parametrize(("answer", "reason"), NEAR_MISSES)
def test_near_misses(answer, reason):
    verdict = ver.verify(P3, answer)
    assert verdict.reason == reason, (answer, verdict)
    assert verdict.correct == (reason == "ok")


REFORMATTINGS = [
    "x = 1/2, y = 1, z = 9/2",
    "z = 9/2, x = 1/2, y = 1",  # any order
    "x=1/2;y=1;z=9/2",  # semicolons, no spaces
    "x = 1/2\ny = 1\nz = 9/2",  # one per line
    "x = 0.5, y = 1.0, z = 4.5",  # exact decimals
    "x = 2/4, y = 3/3, z = 18/4",  # not in lowest terms
    "x = 1/2, y = 1/1, z = 9/2",
    "X = 1/2, Y = 1, Z = 9/2",  # case
    "x: 1/2, y: 1, z: 9/2",
    "x = 1/2 y = 1 z = 9/2",  # whitespace between pairs
    "(x, y, z) = (1/2, 1, 9/2)",  # tuple form
    "{x: 1/2, y: 1, z: 9/2}",
    "$x = \\frac{1}{2}$, $y = 1$, $z = \\dfrac{9}{2}$",  # LaTeX
    "x = (1/2), y = (1), z = (9/2)",
    "x = .5, y = +1, z = 4.50",
    "x = 1 / 2 , y = 1 , z = 9 / 2",
    "x = 1/2, y = 1, and z = 9/2",  # an English list
    "`x = 1/2, y = 1, z = 9/2`",  # inline code
]


@pytest.mark.parametrize("answer", REFORMATTINGS)
def test_equivalent_reformattings_pass(answer):
    verdict = ver.verify(P3, answer)
    assert verdict.correct, (answer, verdict)
    assert TASK.verify(P3, f"<think>solve</think><answer>{answer}</answer>").correct


def test_indexed_names():
    assert ver.verify(P5, "x1 = 1, x2 = 2, x3 = 3, x4 = 4, x5 = 5").correct
    assert ver.verify(P5, "x_1 = 1, x_{2} = 2, X3 = 3, x4 = 4, x5 = 5").correct
    assert TASK.verify(P5, "<answer>x₁ = 1, x₂ = 2, x₃ = 3, x₄ = 4, x₅ = 5</answer>").correct  # NFKC
    assert ver.verify(P5, "x1 = 1, x2 = 2, x3 = 3, x4 = 4, x6 = 5").reason == "unknown_variable"
    assert ver.verify(P5, "x1 = 1, x2 = 2, x3 = 3, x4 = 5, x5 = 4").reason == "violates:equation"


def test_parse_rational():
    assert parse_rational("-2/5") == Fraction(-2, 5)
    assert parse_rational("2/-5") == Fraction(-2, 5)
    assert parse_rational("−3") == -3  # unicode minus
    assert parse_rational("-\\frac{3}{4}") == Fraction(-3, 4)
    for bad in ["", "-", "1/", "/2", "1//2", "1e3", "inf", "nan", "3.", "0x10", "1_000", "(1/2", "--1"]:
        assert parse_rational(bad) is None, bad


def test_hostile_answers_are_fast_and_safe():
    for text in ["x = " + "(" * 5000, "x = 1/2, " * 3000, "=" * 10000, "x" * 19000, "x = 1/2\n" * 2000]:
        start = time.perf_counter()
        verdict = TASK.verify(P3, f"<answer>{text}</answer>")
        assert not verdict.correct and not verdict.reason.startswith("internal_error"), text[:30]
        assert time.perf_counter() - start < 0.05


def _instances(level: int, count: int, seed: int = 4):
    params = TASK.params(level)
    return [TASK.generate(params, seed, i) for i in range(count)]


def _solution(inst) -> dict[str, Fraction]:
    """The reference answer, read back by the test's own simple parser."""
    out = {}
    for item in inst.answer.split(", "):
        name, value = item.split(" = ")
        out[name] = Fraction(value)
    return out


@pytest.mark.parametrize("level", [1, 3, 5, 7, 10])
def test_unique_solution_matches_sympy(level):
    """sympy (independent of the generator) finds a non-singular matrix and the same solution."""
    for inst in _instances(level, 4):
        p = inst.payload
        a = sympy.Matrix(p["coefficients"])
        assert a.det() != 0
        x = a.LUsolve(sympy.Matrix(p["constants"]))
        sol = _solution(inst)
        assert [sympy.Rational(sol[v].numerator, sol[v].denominator) for v in p["variables"]] == list(x)
        n = len(p["variables"])
        assert all(abs(c) <= TASK.params(level).coef_max for row in p["coefficients"] for c in row)
        assert len(p["coefficients"]) == n and all(len(r) == n for r in p["coefficients"])


@pytest.mark.parametrize("level", [1, 2, 3])
def test_brute_force_box_has_exactly_one_accepted_assignment(level):
    """Every integer assignment in a box around the solution: exactly one passes, and it is the
    assignment that satisfies every equation by direct substitution (solution count 1)."""
    params = TASK.params(level)
    for inst in _instances(level, 3):
        p = inst.payload
        names = p["variables"]
        box = range(-params.value_max, params.value_max + 1)
        accepted = []
        for values in itertools.product(box, repeat=len(names)):
            text = ", ".join(f"{v} = {x}" for v, x in zip(names, values))
            ok = all(sum(c * x for c, x in zip(row, values)) == rhs
                     for row, rhs in zip(p["coefficients"], p["constants"]))
            assert ver.verify(p, text).correct == ok
            if ok:
                accepted.append(values)
        assert len(accepted) == 1
        assert {v: Fraction(x) for v, x in zip(names, accepted[0])} == _solution(inst)


def test_differential_random_candidates():
    """Random near-solutions (rationals, swaps, perturbations): verdict == exact substitution."""
    rng = np.random.default_rng(3)
    total = accepted = 0
    for level in (4, 6, 8, 10):
        for inst in _instances(level, 5):
            p, sol = inst.payload, _solution(inst)
            names = p["variables"]
            for _ in range(40):
                values = dict(sol)
                kind = int(rng.integers(4))
                if kind == 1:
                    v = names[int(rng.integers(len(names)))]
                    values[v] += Fraction(int(rng.integers(-3, 4)), int(rng.integers(1, 5)))
                elif kind == 2:
                    i, j = rng.choice(len(names), size=2, replace=False)
                    values[names[i]], values[names[j]] = values[names[j]], values[names[i]]
                elif kind == 3:  # an equivalent rewriting: scale numerator and denominator
                    k = int(rng.integers(2, 7))
                    text = ", ".join(f"{v} = {values[v].numerator * k}/{values[v].denominator * k}" for v in names)
                    assert ver.verify(p, text).correct
                    continue
                order = [names[int(i)] for i in rng.permutation(len(names))]
                text = "; ".join(f"{v} = {values[v].numerator}/{values[v].denominator}" for v in order)
                expected = all(sum(c * values[v] for c, v in zip(row, names)) == rhs
                               for row, rhs in zip(p["coefficients"], p["constants"]))
                verdict = ver.verify(p, text)
                assert verdict.correct == expected, (text, verdict)
                total += 1
                accepted += verdict.correct
    assert total > 400 and accepted > 50


def test_rational_solutions_appear_at_higher_levels():
    low = [_solution(i) for i in _instances(2, 10)]
    high = [_solution(i) for i in _instances(8, 10)]
    assert all(v.denominator == 1 for s in low for v in s.values())
    assert all(any(v.denominator > 1 for v in s.values()) for s in high)


def test_hardness_rises_with_level_and_generation_is_fast():
    medians = []
    for level in range(1, 11):
        params = TASK.params(level)
        medians.append(float(np.median([TASK.generate(params, 8, i).hardness for i in range(10)])))
    assert medians == sorted(medians), medians
    assert medians[-1] > 10 * medians[0]
    worst = 0.0
    for i in range(10):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, i)
        worst = max(worst, time.perf_counter() - start)
    assert worst < 2.0


def test_knob_validation():
    with pytest.raises(ValueError, match="max_denominator"):
        gen.Params(coef_max=2, max_denominator=9)
    with pytest.raises(ValueError, match="n_vars"):
        gen.Params(n_vars=7)
    gen.Params(n_vars=6, coef_max=1, max_denominator=3)  # tight but valid
    inst = gen.generate(gen.Params(n_vars=6, coef_max=1, value_max=2, max_denominator=3), np.random.default_rng(0))
    assert ver.verify(inst.payload, inst.answer).correct


def test_question_shows_every_equation():
    inst = _instances(6, 1)[0]
    for row, rhs in zip(inst.payload["coefficients"], inst.payload["constants"]):
        assert gen.equation_text(row, rhs, inst.payload["variables"]) in inst.question

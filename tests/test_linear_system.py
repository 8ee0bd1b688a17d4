"""linear_system: generation and the question text, verifier tables of adversarial cases, agreement with
exact solves (sympy, substitution, an integer box) and fuzz of names and value spellings, hostile input."""

from __future__ import annotations

import itertools
import json
import random
import re
from fractions import Fraction

import numpy as np
import pytest
import sympy

from logicforge.generators import linear_system as gen
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import linear_system as ver
from logicforge.verifiers._expr import parse_rational

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, unique_cases, wrap

TASK = get_task("linear_system")


def _num(v: Fraction) -> str:
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


# -- the oracle: an independent exact solve over the payload --------------------------------------------------


def ORACLE(payload: dict) -> list[str] | None:
    """Up to two solutions of the system, each written "x = 1/2, y = 3" in the payload's variable order.

    Gauss-Jordan elimination in exact fractions: a pivot in every column gives the one solution; a
    consistent system without one has infinitely many, and two are returned (the free unknowns at 0,
    then the first free unknown at 1); an inconsistent one has none. None for a payload marked
    "unique": false. Decides every level.
    """
    if payload.get("unique") is False:
        return None
    names, rows = payload["variables"], payload["coefficients"]
    n = len(names)
    m = [[Fraction(c) for c in row] + [Fraction(b)] for row, b in zip(rows, payload["constants"])]
    pivots, r = [], 0
    for col in range(n):
        p = next((i for i in range(r, len(m)) if m[i][col] != 0), None)
        if p is None:
            continue
        m[r], m[p] = m[p], m[r]
        m[r] = [v / m[r][col] for v in m[r]]
        for i in range(len(m)):
            if i != r and m[i][col] != 0:
                m[i] = [a - m[i][col] * b for a, b in zip(m[i], m[r])]
        pivots.append(col)
        r += 1
    if any(all(v == 0 for v in row[:n]) and row[n] != 0 for row in m):
        return []
    free = [c for c in range(n) if c not in pivots]
    out = []
    for choice in ([], free[:1]) if free else ([],):
        x = [Fraction(int(c in choice)) if c in free else Fraction(0) for c in range(n)]
        for i, col in enumerate(pivots):
            x[col] = m[i][n] - sum(m[i][c] * x[c] for c in free)
        out.append(", ".join(f"{v} = {_num(val)}" for v, val in zip(names, x)))
    return out


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


# -- 1. generation and the question text ----------------------------------------------------------------------

_TERM = re.compile(r"([+-])?\s*(\d+)?\*?([a-z][0-9]*)")


def parse_question(question: str) -> tuple[list[str], list[list[int]], list[int]]:
    """(unknowns, coefficient rows, constants) from the rendered question."""
    names = re.search(r"in the unknowns (.*?)\. It has", question).group(1).split(", ")
    body = question.split("\n\n", 1)[1]
    rows, rhs = [], []
    for line in body.strip().splitlines():
        left, right = line.split(" = ")
        coef = dict.fromkeys(names, 0)
        pos = 0
        compact = left.replace(" ", "")
        while pos < len(compact):
            m = _TERM.match(compact, pos)
            assert m and m.end() > pos, line
            sign = -1 if m.group(1) == "-" else 1
            assert m.group(3) in names and coef[m.group(3)] == 0, line
            coef[m.group(3)] = sign * int(m.group(2) or 1)
            pos = m.end()
        rows.append([coef[v] for v in names])
        rhs.append(int(right))
    assert len(rows) == len(names)
    return names, rows, rhs


@pytest.mark.parametrize("level", range(1, 11))
def test_question_text_matches_payload_and_answer_forms_pass(level):
    for i in range(6):
        inst = TASK.generate(TASK.params(level), 5, i)
        names, rows, rhs = parse_question(prompts.render(TASK.module, "en", "q1", inst.fields))
        p = inst.payload
        assert (names, rows, rhs) == (p["variables"], p["coefficients"], p["constants"])
        sol = _solution(inst)
        answers = [
            "; ".join(f"{v}={_num(sol[v])}" for v in reversed(names)),
            "\n".join(f"{v.upper()}: {_num(sol[v])}" for v in names),
            f"({', '.join(names)}) = ({', '.join(_num(sol[v]) for v in names)})",
        ]
        for answer in answers:
            assert TASK.verify(p, wrap(answer)).correct, (inst.question, answer)
            assert TASK.verify(json.dumps(p), wrap(answer)).correct
        # a near miss: the last value off by one
        off = ", ".join(f"{v} = {_num(sol[v] + (k == len(names) - 1))}" for k, v in enumerate(names))
        assert not TASK.verify(p, wrap(off)).correct


@pytest.mark.parametrize("lang", prompts.LANGS)
def test_every_paraphrase_shows_every_equation(lang):
    """Each wording, in each language, shows the whole system: every equation as text, or (the matrix
    form) one `[ a b ... | c ]` line per equation."""
    macros = prompts.paraphrases(TASK.module, lang)
    assert len(macros) >= 3
    for inst in _instances(1, 1) + _instances(6, 1) + _instances(10, 1):
        p = inst.payload
        texts = [gen.equation_text(row, rhs, p["variables"]) for row, rhs in zip(p["coefficients"], p["constants"])]
        for macro in macros:
            q = prompts.render(TASK.module, lang, macro, inst.fields)
            matrix = [[int(v) for v in re.findall(r"-?\d+", line)] for line in q.splitlines() if line.startswith("[")]
            as_rows = [row + [rhs] for row, rhs in zip(p["coefficients"], p["constants"])]
            assert all(t in q for t in texts) or matrix == as_rows, (macro, q)


@pytest.mark.parametrize("level", [1, 3, 5, 7, 10])
def test_unique_solution_matches_sympy_and_the_oracle(level):
    """sympy (independent of the generator) finds a non-singular square matrix within the knobs, and the
    same solution as the reference and the oracle."""
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
        assert ORACLE(p) == [inst.answer]


def test_oracle_on_singular_systems():
    two = {"variables": ["x", "y"], "coefficients": [[1, 1], [2, 2]], "constants": [2, 4]}
    assert ORACLE(two) == ["x = 2, y = 0", "x = 1, y = 1"]  # both satisfy x + y = 2 and 2x + 2y = 4
    assert ORACLE({**two, "constants": [2, 5]}) == []
    assert ORACLE({**two, "unique": False}) is None


def test_rational_solutions_appear_at_higher_levels():
    low = [_solution(i) for i in _instances(2, 10)]
    high = [_solution(i) for i in _instances(8, 10)]
    assert all(v.denominator == 1 for s in low for v in s.values())
    assert all(any(v.denominator > 1 for v in s.values()) for s in high)


def test_knob_validation():
    with pytest.raises(ValueError, match="max_denominator"):
        gen.Params(coef_max=2, max_denominator=9)
    with pytest.raises(ValueError, match="n_vars"):
        gen.Params(n_vars=7)
    gen.Params(n_vars=6, coef_max=1, max_denominator=3)  # tight but valid
    inst = gen.generate(gen.Params(n_vars=6, coef_max=1, value_max=2, max_denominator=3), np.random.default_rng(0))
    assert ver.verify(inst.payload, inst.answer).correct


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# 2x + 2y = 3, 2x - y = 0, 2z = 9: the unique solution is x = 1/2, y = 1, z = 9/2.
HALVES = {"variables": ["x", "y", "z"], "coefficients": [[2, 2, 0], [2, -1, 0], [0, 0, 2]], "constants": [3, 0, 9]}
# x + y = 3, x - y = 1, 5z = -2: x = 2, y = 1, z = -2/5.
FIFTHS = {"variables": ["x", "y", "z"], "coefficients": [[1, 1, 0], [1, -1, 0], [0, 0, 5]], "constants": [3, 1, -2]}
# x1 = 1, x2 = 2, ..., x5 = 5.
P5 = {"variables": ["x1", "x2", "x3", "x4", "x5"], "constants": [1, 3, 5, 7, 9],
      "coefficients": [[1, 0, 0, 0, 0], [1, 1, 0, 0, 0], [0, 1, 1, 0, 0], [0, 0, 1, 1, 0],
                       [0, 0, 0, 1, 1]]}  # fmt: skip
PL = {"variables": ["x1", "x2"], "coefficients": [[1, 1], [1, -1]], "constants": [3, 1]}  # x1 = 2, x2 = 1
PXY = {"variables": ["x", "y"], "coefficients": [[0, -3], [-1, -1]], "constants": [6, -3]}  # x = 5, y = -2
BIG = "4" * 30 + "/" + "2" * 30  # exactly 2, with 30-digit numerator and denominator

RAW_CASES = [
    # (payload, answer, expected reason): the family verifier on raw text, no extraction in front
    (HALVES, "x = 1/2, y = 1, z = 9/2", "ok"),
    (HALVES, "x = 1/2, y = 1, z = 7/2", "violates:equation"),  # one value changed
    (HALVES, "x = 1, y = 1/2, z = 9/2", "violates:equation"),  # two values swapped
    (HALVES, "x = -1/2, y = 1, z = 9/2", "violates:equation"),  # sign flipped
    (HALVES, "x = 0.5, y = 1, z = 4.49", "violates:equation"),  # decimal that is not exact
    (HALVES, "x = 1/2, y = 1", "missing_item"),
    (HALVES, "x = 1/2, y = 1, z = 9/2, w = 0", "unknown_item"),
    (HALVES, "x = 1/2, y = 1, x = 1/2, z = 9/2", "duplicate_item"),
    (HALVES, "x = 1/2, y = 1, z = 9/2, z = 9/2", "duplicate_item"),
    (HALVES, "x = 1/2 or 1, y = 1, z = 9/2", "parse_error"),  # a hedge inside a value
    (HALVES, "x = 1/2, y = 1, z = 9/2 (approximately)", "parse_error"),  # trailing prose
    (HALVES, "x = 1/2, y = 1, z = 9/2.", "parse_error"),  # trailing punctuation (the extractor drops one stop)
    (HALVES, "x = 1/0, y = 1, z = 9/2", "parse_error"),  # division by zero
    (HALVES, "x = 1e-1, y = 1, z = 9/2", "parse_error"),  # no exponents
    (HALVES, "x = 2**-1, y = 1, z = 9/2", "parse_error"),  # no expressions
    (HALVES, "x = 1/2, y = 1, z = 4 + 1/2", "parse_error"),  # no sums either
    (HALVES, "x = (1/2, y = 1, z = 9/2", "parse_error"),
    (HALVES, "1/2, 1, 9/2", "parse_error"),  # values without names
    (HALVES, "x + y = 3/2, z = 9/2", "parse_error"),  # an equation, not a value
    (HALVES, "x = 0.(3), y = 1, z = 9/2", "parse_error"),  # repeating decimals are not read
    (HALVES, "x = ١/٢, y = 1, z = 9/2", "parse_error"),  # non-ASCII digits
    (HALVES, "x = " + "9" * 40 + ", y = 1, z = 9/2", "parse_error"),  # too many digits
    (HALVES, "(x, y, z) = (1/2, 1)", "parse_error"),
    (HALVES, "(x, y, z) = (1/2, 9/2, 1)", "violates:equation"),
    (HALVES, "x = 1/2, y = 1, z = 9/2" + ", x = 1/2" * 50, "parse_error"),  # far too many items
    (HALVES, "x = 1/2 and 1, y = 1, z = 9/2", "parse_error"),  # two values for x
    (HALVES, "x = 1/2, y = 1, z = 9/2 and x = 1", "duplicate_item"),
    (P5, "x1 = 1, x2 = 2, x3 = 3, x4 = 4, x5 = 5", "ok"),
    (P5, "x_1 = 1, x_{2} = 2, X3 = 3, x4 = 4, x5 = 5", "ok"),
    (P5, "x1 = 1, x2 = 2, x3 = 3, x4 = 4, x6 = 5", "unknown_item"),
    (P5, "x1 = 1, x2 = 2, x3 = 3, x4 = 5, x5 = 4", "violates:equation"),
]
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
RAW_CASES += [(HALVES, a, "ok") for a in REFORMATTINGS]


@pytest.mark.parametrize(("payload", "answer", "reason"), unique_cases(RAW_CASES))
def test_raw_table(payload, answer, reason):
    verdict = ver.verify(payload, answer)
    assert verdict.reason == reason and verdict.correct == (reason == "ok"), (answer, verdict)


CASES = unique_cases([(HALVES, a, "ok") for a in REFORMATTINGS] + [
    # (payload, answer, expected reason): through the task, answer tags and shared extraction included
    (P5, "x₁ = 1, x₂ = 2, x₃ = 3, x₄ = 4, x₅ = 5", "ok"),  # NFKC
    (FIFTHS, "x = 2, y = 1, z = 2/5", None),
    (FIFTHS, "x = 1, y = 2, z = -2/5", None),  # swapped
    (FIFTHS, "x = 2, y = 1, z = -0.39999999999999999999", None),
    (FIFTHS, "x = 2, y = 1, z = -0.4, z = -2/5", None),
    (FIFTHS, "x = 2, y = 1, z = -2/5 or 3", None),
    (FIFTHS, "x = 2, y = 1, z = -2/5 = -0.4", None),
    (FIFTHS, "x = 2, y = 1", None),
    (FIFTHS, "x = 2, y = 1, z = -2/5, w = 0", None),
    (FIFTHS, "(x, y, z) = (2, 1, -2/5), (3, 3, 3)", None),
    (FIFTHS, "(x, y, z) = (2, 1)", None),
    (FIFTHS, "2, 1, -2/5", None),
    (FIFTHS, "x = 2, y = 1, z = -⅖", None),
    (FIFTHS, "x = 2, y = 1, z = -2÷5", None),
    (FIFTHS, "x = 2, y = 1, z = -1e0 * 2/5", None),
    (FIFTHS, "x = 2, y = 1, z = ٫4", None),
    (FIFTHS, '{"x": 2, "y": 1, "z": "-2/5", "x": 3}', None),
    (FIFTHS, "{'x\": 2, 'y': 1, 'z': -0.4}", None),  # mismatched quotes
    (FIFTHS, "x = 2, y = 1, z = \\frac{-2}{-5}", None),
    (FIFTHS, "x = 2, y = 1, z = \\frac{2}{5}", None),
    (FIFTHS, "\\boxed{x = 2, y = 1, z = 2/5}", None),
    (FIFTHS, "x = 2 \\\\ y = 1 \\\\ z = 2/5", None),
    (FIFTHS, "x = 2, y = 1, z = 1/0", None),
    (FIFTHS, "x = 2, y = 1, z = 0/0", None),
    (FIFTHS, "x = 2, y = 1, z = NaN", None),
    (FIFTHS, "x = 2, y = 1, z = inf", None),
    (FIFTHS, "x = 2, y = 1, z = -2/5", "ok"),
    (FIFTHS, '{"x": 2, "y": 1, "z": -0.4}', "ok"),  # a JSON object
    (FIFTHS, "{'x': 2, 'y': 1, 'z': '-2/5'}", "ok"),  # a Python dict with a quoted fraction
    (FIFTHS, "x = 2, y = 1, z = \\frac{-2}{5}", "ok"),
    (FIFTHS, "x = 2, y = 1, z = \\dfrac{-2}{5}", "ok"),
    (FIFTHS, "\\(x = 2, y = 1, z = -\\tfrac{2}{5}\\)", "ok"),
    (FIFTHS, "\\[ x = 2,\\; y = 1,\\; z = -\\frac{2}{5} \\]", "ok"),
    (FIFTHS, "\\boxed{x = 2, y = 1, z = -2/5}", "ok"),
    (FIFTHS, "x &= 2 \\\\ y &= 1 \\\\ z &= -\\frac{2}{5}", "ok"),
    (FIFTHS, "x = 2, y = 1, z = –2/5", "ok"),  # en dash as minus
    (FIFTHS, "x = 2, y = 1, z = ‑2/5", "ok"),  # non-breaking hyphen (NFKC: U+2010)
    (FIFTHS, "(x, y, z) = (2, 1, -2/5)", "ok"),
    (FIFTHS, "x = 2, y = 1, and z = -2/5", "ok"),
    (FIFTHS, "z = -0.4; y = 1.0; x = 4/2", "ok"),
    (PXY, "**x = 5, y = -2**", "ok"),  # bold
    (PXY, "`x = 5, y = -2`", "ok"),
    (PXY, "\\boxed{x = 5,\\ y = -2}", "ok"),
    (PXY, "x = 5, y = -2, x = 5", "duplicate_item"),
    (PXY, "x = 5, y = -2 or y = 2", "parse_error"),  # a hedge inside one value
    (PXY, "x = 5, y = -1.99999999999999999999", "violates:equation"),  # decimals are read exactly
    (PXY, "x = 10/2, y = -2", "ok"),
    (PXY, "x = 5", "missing_item"),
    (PXY, "x = 5, y = -2, z = 0", "unknown_item"),
    (PXY, "x = 5e0, y = -2", "parse_error"),
    (PL, "x¹ = 2, x² = 1", "parse_error"),  # regression: NFKC made the superscripts the names x1, x2
    (PL, "x₁ = 2, x₂ = 1", "ok"),  # subscripts after a letter are still the names' indices
    (PL, "x1 = 2, x2 = \\frac{1}{-1}", "violates:equation"),  # regression: parse_error; it is -1
    (PL, "x1 = \\frac{-4}{-2}, x2 = 1", "ok"),  # regression: was parse_error
    (PL, "x1 = −2/−1, x2 = 1", "ok"),  # unicode minus twice: 2
    (PL, "X_1 = 2, X_{2} = 1", "ok"),
    (PL, "x1 = 2; x2 = 1", "ok"),
    (PL, "x1=2\nx2=1", "ok"),
    (PL, "x2 = 1, x1 = 2", "ok"),
    (PL, "(x1, x2) = (2, 1)", "ok"),
    (PL, "(2, 1)", "parse_error"),  # values need their names
    (PL, "x1 = 2.0, x2 = +1", "ok"),
    (PL, "x1 = 2.000000000000000000001, x2 = 1", "violates:equation"),  # decimals are exact
    (PL, f"x1 = {BIG}, x2 = 1", "ok"),
    (PL, f"x1 = 4{BIG}, x2 = 1", "parse_error"),  # 31 digits
    (PL, "x1 = 2e0, x2 = 1", "parse_error"),
    (PL, "x1 = 1 + 1, x2 = 1", "parse_error"),  # a value, not an expression
    (PL, "x1 = 2, x2 = -0", "violates:equation"),
    (PL, "x1 = 2, x2 = 1, x1 = 2", "duplicate_item"),  # the same value twice is still a list of three
    (PL, "x1 = 2, x2 = 1, x3 = 0", "unknown_item"),
    (PL, "x1 = 2", "missing_item"),
    (PL, "x1 = 2, x 2 = 1", "parse_error"),
])


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_parse_rational():
    assert parse_rational("-2/5") == Fraction(-2, 5)
    assert parse_rational("2/-5") == Fraction(-2, 5)
    assert parse_rational("−3") == -3  # unicode minus
    assert parse_rational("-\\frac{3}{4}") == Fraction(-3, 4)
    for bad in ["", "-", "1/", "/2", "1//2", "1e3", "inf", "nan", "3.", "0x10", "1_000", "(1/2", "--1"]:
        assert parse_rational(bad) is None, bad


def test_hostile_input_is_refused_fast():
    hostile = ["x = " + "(" * 5000, "x = 1/2, " * 3000, "=" * 10000, "x" * 19000, "x = 1/2\n" * 2000]
    assert_refused_fast(TASK, [HALVES], hostile)
    hostile = ["x = " + "(" * 5000, "x = " + "9" * 19990, "x = 1, " * 2000, "\\\\" * 5000, "&" * 9000,
               "\\boxed{" * 2000, '"x": ' * 2000, "x = \\frac{-" * 1000, "\\(" * 4000, "x = 1 and " * 1500,
               "(x" + ",x" * 3000 + ") = (" + "1," * 3000 + "1)", "x = 1" + "0" * 29 + "/" + "3" * 30]  # fmt: skip
    assert_refused_fast(TASK, [FIFTHS, json.dumps(FIFTHS)], hostile)
    assert_refused_fast(TASK, [PL], HOSTILE_MIXED)


# -- 3. agreement with exact solves and fuzz ------------------------------------------------------------------


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
                     for row, rhs in zip(p["coefficients"], p["constants"]))  # fmt: skip
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
                               for row, rhs in zip(p["coefficients"], p["constants"]))  # fmt: skip
                verdict = ver.verify(p, text)
                assert verdict.correct == expected, (text, verdict)
                total += 1
                accepted += verdict.correct
    assert total > 400 and accepted > 50


def _value_text(v: Fraction, rng: random.Random) -> str:
    """`v` in one of the exact spellings the prompt allows (or a LaTeX one)."""
    n, d = v.numerator, v.denominator
    forms = [f"{n}/{d}" if d > 1 else str(n), f"\\frac{{{n}}}{{{d}}}", f"\\frac{{{-n}}}{{{-d}}}",
             f"{2 * n}/{2 * d}", f"({n}/{d})", f"{n}/{d}".replace("-", "−")]  # fmt: skip
    if n < 0:
        forms += [f"-\\frac{{{-n}}}{{{d}}}", f"\\frac{{{-n}}}{{-{d}}}"]
    if set(sympy.factorint(d)) <= {2, 5}:  # a terminating decimal, written out exactly
        places = max(sympy.multiplicity(2, d), sympy.multiplicity(5, d))
        scaled = abs(n) * 10**places // d
        forms.append(f"{'-' if n < 0 else ''}{scaled // 10**places}.{scaled % 10**places:0{places}d}")
    return rng.choice(forms)


def _name_text(name: str, rng: random.Random) -> str:
    """`name` as written, upper-cased, or with its index as x_1, x_{1} or a subscript."""
    letter, index = name.rstrip("0123456789"), name[len(name.rstrip("0123456789")) :]
    if not index:
        return rng.choice([name, name.upper()])
    sub = letter + index.translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
    return rng.choice([name, name.upper(), f"{letter}_{index}", f"{letter}_{{{index}}}", sub])


def test_fuzz_names_values_and_edits_match_sympy():
    """Values off, swapped, missing, doubled or under an unknown name, spelled every allowed way, in pairs
    or tuple form, against an exact sympy solve: only every unknown exactly once at its value passes."""
    rng = random.Random(43)
    for level in (1, 3, 4, 5, 7, 8, 10):
        for seed in range(3):
            p = TASK.generate(TASK.params(level), seed, 0).payload
            exact = sympy.Matrix(p["coefficients"]).LUsolve(sympy.Matrix(p["constants"]))
            sol = dict(zip(p["variables"], (Fraction(int(v.p), int(v.q)) for v in exact)))
            for _ in range(40):
                pairs, k = list(sol.items()), rng.randrange(7)
                if k == 0:  # one value off
                    i = rng.randrange(len(pairs))
                    pairs[i] = (pairs[i][0], pairs[i][1] + rng.choice([1, -1, Fraction(1, 2), Fraction(1, 3)]))
                elif k == 1:  # one value missing
                    pairs.pop(rng.randrange(len(pairs)))
                elif k == 2:  # a variable twice, with its right value
                    pairs.append(rng.choice(pairs))
                elif k == 3:  # an unknown name
                    pairs.append(("w", Fraction(0)))
                elif k == 4:  # two values swapped
                    i, j = rng.sample(range(len(pairs)), 2)
                    pairs[i], pairs[j] = (pairs[i][0], pairs[j][1]), (pairs[j][0], pairs[i][1])
                if rng.random() < 0.5:
                    rng.shuffle(pairs)
                want = k > 4 or (k == 4 and dict(pairs) == sol)  # every unknown exactly once, at its value
                names = [_name_text(n, rng) for n, _ in pairs]
                values = [_value_text(v, rng) for _, v in pairs]
                if rng.random() < 0.2:
                    text = f"({', '.join(names)}) = ({', '.join(values)})"
                else:
                    sep = rng.choice([", ", "; ", "\n", " and ", ", and "])
                    text = sep.join(f"{n}{rng.choice([' = ', '=', ': '])}{v}" for n, v in zip(names, values))
                verdict = TASK.verify(p, wrap(text))
                assert verdict.correct == want, (level, seed, text, verdict)

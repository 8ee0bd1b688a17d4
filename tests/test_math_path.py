"""math_path: generation and the question text, a verifier table of adversarial cases (both answer forms),
universal answers on generated items, agreement with an independent brute force (verifier and solver)."""

from __future__ import annotations

import ast
import itertools
import json
import operator
import random
import re
import time
from fractions import Fraction
from functools import cache

import pytest

from logicforge.generators import math_path as gen
from logicforge.generators._math_path_solver import Equation
from logicforge.tasks import get_task, prompts

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, unique_cases, wrap

TASK = get_task("math_path")
WORDINGS = [(lang, m) for lang in prompts.LANGS for m in prompts.paraphrases(TASK.module, lang)]


# -- an independent judge: Python's own parser (a whitelisted tree, never eval) over exact fractions ------------

_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _exact(node: ast.AST) -> Fraction:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return Fraction(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return _BINOPS[type(node.op)](_exact(node.left), _exact(node.right))  # ZeroDivisionError on x / 0
    raise ValueError(ast.dump(node))


def brute_holds(equation: str, digits: tuple[int, ...]) -> bool:
    """What the verifier must say about filling the `?`s of `equation` with `digits` (in reading order)."""
    fill = iter(digits)
    text = re.sub(r"\?", lambda _: str(next(fill)), equation)
    if re.search(r"(?<![0-9])0[0-9]", text):
        return False  # a number of two or more digits starting with 0
    left, right = text.replace("×", "*").replace("÷", "/").split("=")
    try:
        return _exact(ast.parse(left.strip(), mode="eval").body) == _exact(ast.parse(right.strip(), mode="eval").body)
    except ZeroDivisionError:
        return False


@cache
def brute_solutions(equation: str) -> list[tuple[int, ...]]:
    return [d for d in itertools.product(range(10), repeat=equation.count("?")) if brute_holds(equation, d)]


def filled(equation: str, digits) -> str:
    fill = iter(digits)
    return re.sub(r"\?", lambda _: str(next(fill)), equation)


def hole_digits(inst) -> list[str]:
    """The reference's digits at the `?`s (the puzzle and the answer are written alike)."""
    return [a for q, a in zip(inst.payload["equation"], inst.answer) if q == "?"]


# -- 1. generation and the question text ----------------------------------------------------------------------


@pytest.mark.parametrize("level", range(1, 11))
def test_question_shows_the_equation_and_the_reference_fits_it(level):
    for i in range(6):
        inst = TASK.generate(TASK.params(level), 2024, i)
        eq = inst.payload["equation"]
        assert inst.fields == {"equation": eq} and eq.count("?") >= 1 and "?" not in inst.answer
        assert len(eq) == len(inst.answer) and all(q in ("?", a) for q, a in zip(eq, inst.answer))
        for lang, macro in WORDINGS:
            text = prompts.render(TASK.module, lang, macro, inst.fields)
            assert eq in text, (lang, macro)
            assert ("÷" in eq) == ("Division is exact" in text or "除法按精确值" in text), (lang, macro)
        # both answer forms verify
        assert TASK.verify(inst.payload, wrap(", ".join(hole_digits(inst)))).correct
        assert TASK.verify(json.dumps(inst.payload), wrap(inst.answer.replace(" ", ""))).correct


def test_universal_answers_never_pass():
    """The puzzle echoed, every ? as 0, every ? as 9 (as an equation and as a digit list): refused everywhere."""
    for level in range(1, 11):
        for i in range(30):
            inst = TASK.generate(TASK.params(level), 5, i)
            eq, n = inst.payload["equation"], inst.payload["equation"].count("?")
            for text in (eq, eq.replace("?", "0"), eq.replace("?", "9"), ", ".join("0" * n), ", ".join("9" * n), "0"):
                assert not TASK.verify(inst.payload, wrap(text)).correct, (eq, text)


def test_levels_are_varied_and_use_their_operators():
    for level in (1, 5, 10):
        items = [TASK.generate(TASK.params(level), 3, i) for i in range(40)]
        shapes = {re.sub(r"[0-9?]+", "n", inst.payload["equation"]) for inst in items}
        assert len({inst.payload["equation"] for inst in items}) >= (30 if level == 1 else 40)  # level 1 is small
        assert len(shapes) >= (1 if level == 1 else 8), shapes
    tenth = "".join(TASK.generate(TASK.params(10), 4, i).payload["equation"] for i in range(30))
    assert all(sign in tenth for sign in "+-×÷(")


def _steps(tree, nums: list[int]) -> list:
    """Every intermediate value of the tree, children before parents (exact fractions)."""
    if type(tree) is int:
        return [Fraction(nums[tree])]
    op, left, right = tree
    a, b = _steps(left, nums), _steps(right, nums)
    assert op != "/" or 1 < b[-1] < a[-1], (a[-1], b[-1])  # x ÷ 1 and x ÷ x give digits away
    return a + b + [_BINOPS[{"+": ast.Add, "-": ast.Sub, "*": ast.Mult, "/": ast.Div}[op]](a[-1], b[-1])]


def test_steps_of_the_reference_are_whole_and_positive():
    # the drawn equation never divides unevenly and never subtracts to 0 or below
    for level in (6, 8, 10):
        for i in range(40):
            inst = TASK.generate(TASK.params(level), 8, i)
            nums = [int(x) for x in re.findall(r"[0-9]+", inst.answer)]
            steps = _steps(_equation(inst).tree, nums)
            assert all(v.denominator == 1 and v > 0 for v in steps), inst.answer
            assert steps[-1] == nums[-1]


def test_knob_rules():
    with pytest.raises(ValueError, match="min_digits"):
        TASK.params(1, {"min_digits": "3", "max_digits": "2"})
    with pytest.raises(ValueError, match="ops"):
        TASK.params(1, {"ops": "+^"})


def test_generation_has_no_long_tail():
    """A tail guard, not a benchmark: the count is capped by a node budget (median a few ms at level 10)."""
    for level in (1, 5, 10):
        for i in range(8):
            start = time.perf_counter()
            TASK.generate(TASK.params(level), 9, i)
            assert time.perf_counter() - start < 5.0, (level, i)


# -- 2. verifier tables ---------------------------------------------------------------------------------------

P = {"equation": "?3 + 4? × 2 = 9?"}  # 13 + 42 × 2 = 97; also 13 + 41 × 2 = 95, 13 + 40 × 2 = 93, ...
D = {"equation": "?? ÷ ? = 4"}  # 12 ÷ 3 = 4, 20 ÷ 5 = 4, ...
F = {"equation": "? ÷ ? × ? = 2"}  # 1 ÷ 3 × 6 = 2: a step may be a fraction
B = {"equation": "(?3 - 1?) × 2 = 4?"}  # (33 - 12) × 2 = 42
Z = {"equation": "?? + ? = 1?"}  # 10 + 5 = 15; 05 + 5 = 10 is no filling
ONE = {"equation": "? + 7 = 7"}  # hand-written: the lone 0 is a number

CASES = unique_cases([
    (P, "13 + 42 × 2 = 97", "ok"),
    (P, "13 + 41 × 2 = 95", "ok"),  # another filling: a constraint verifier takes any
    (P, "23 + 41 × 2 = 105", "wrong_length"),  # 9? has two digits
    (P, "13+42*2=97", "ok"),
    (P, "13 + 42 x 2 = 97", "ok"),
    (P, "13 + 42 · 2 = 97", "ok"),
    (P, "$13 + 42 \\times 2 = 97$", "ok"),
    (P, "\\(13 + 42 \\times 2 = 97\\)", "ok"),
    (P, "\\boxed{13 + 42 × 2 = 97}", "ok"),
    (P, "13 + 42 × 2 = 97.", "ok"),  # a closing full stop
    (P, "１３ + ４２ × ２ = ９７。", "ok"),  # full-width digits and the Chinese full stop
    (P, "1, 2, 7", "ok"),
    (P, "1 2 7", "ok"),
    (P, "[1, 2, 7]", "ok"),
    (P, "1，2，7", "ok"),
    (P, "1、2、7", "ok"),
    (P, "1, 2, 5", "violates:arithmetic"),  # 13 + 42 × 2 = 95
    (P, "13 + 42 × 2 = 98", "violates:arithmetic"),
    (P, "13 + 42 × 2 = 110", "wrong_length"),  # (13 + 42) × 2 read without the order of operations
    (P, "14 + 42 × 2 = 98", "violates:given"),  # true, but the shown 3 changed
    (P, "13 + 42 × 3 = 139", "wrong_length"),
    (P, "13 + 42 × 3 = 97", "violates:given"),  # the shown 2 changed
    (P, "13 + 42 + 2 = 57", "violates:operator"),
    (P, "13 - 42 × 2 = 97", "violates:operator"),
    (P, "13 + 42 × 2 = 097", "wrong_length"),
    (P, "013 + 42 × 2 = 97", "wrong_length"),
    (P, "03 + 47 × 2 = 97", "violates:leading_zero"),  # 3 + 94 = 97, but 03 is no number
    (P, "0, 7, 7", "violates:leading_zero"),
    (P, "0, 0, 0", "violates:leading_zero"),
    (P, "9, 9, 9", "violates:arithmetic"),
    (P, "13 + 42 × 2 = 9 7", "wrong_count"),
    (P, "13 + 42 × 2 = 97 = 97", "wrong_count"),
    (P, "13 + 42 × 2", "parse_error"),  # the left side alone
    (P, "97 = 13 + 42 × 2", "parse_error"),  # sides swapped
    (P, "(13 + 42) × 2 = 97", "parse_error"),  # brackets added
    (P, "?3 + 4? × 2 = 9?", "parse_error"),  # the puzzle echoed
    (P, "13 + 4? × 2 = 9?", "parse_error"),
    (P, "1, 2", "wrong_count"),
    (P, "1, 2, 7, 0", "wrong_count"),
    (P, "1, 2, 77", "parse_error"),
    (P, "12, 7", "parse_error"),
    (P, "127", "parse_error"),  # the digits must be separated
    (P, "7", "wrong_count"),  # one digit for three ?s
    (P, "1, 2, 7 or 1, 2, 5", "parse_error"),
    (P, "13 + 42 × 2 = 97 or 13 + 41 × 2 = 95", "parse_error"),  # a hedge
    (P, "13 + 42 × 2 = 97, 13 + 41 × 2 = 95", "parse_error"),
    (P, "13 + 42 × 2 = 97.0", "parse_error"),
    (P, "13 + 42 × 2 = 9²", "parse_error"),  # a superscript is an exponent, never the digit 2
    (P, "13 + 42 × 2 = \\frac{194}{2}", "parse_error"),
    (P, "-13 + 42 × 2 = 97", "parse_error"),
    (P, "13 + 42 ^ 2 = 97", "parse_error"),
    (P, "x = 13 + 42 × 2 = 97", "parse_error"),
    (P, "The answer is 13 + 42 × 2 = 97", "parse_error"),
    (P, "١٣ + ٤٢ × ٢ = ٩٧", "parse_error"),  # other scripts' digits
    (P, "13 + 42 × 2 = 97 ✓", "parse_error"),
    (D, "12 ÷ 3 = 4", "ok"),
    (D, "12 / 3 = 4", "ok"),
    (D, "20 ÷ 5 = 4", "ok"),
    (D, "$36 \\div 9 = 4$", "ok"),
    (D, "1, 2, 3", "ok"),
    (D, "13 ÷ 3 = 4", "violates:arithmetic"),  # 13 / 3 is not 4: no rounding, no remainder dropped
    (D, "10 ÷ 0 = 4", "division_by_zero"),
    (D, "1, 0, 0", "division_by_zero"),
    (D, "00 ÷ 0 = 4", "violates:leading_zero"),
    (D, "12 × 3 = 4", "violates:operator"),
    (F, "1 ÷ 3 × 6 = 2", "ok"),  # 1/3 along the way is fine
    (F, "2 ÷ 1 × 1 = 2", "ok"),
    (F, "7 ÷ 2 × 1 = 2", "violates:arithmetic"),  # 3.5, never floored to 3 or rounded
    (F, "5 ÷ 2 × 1 = 2", "violates:arithmetic"),  # 2.5 is not 2
    (F, "1 ÷ 0 × 6 = 2", "division_by_zero"),
    (F, "0, 0, 0", "division_by_zero"),
    (B, "(33 - 12) × 2 = 42", "ok"),
    (B, "33 - 12 × 2 = 42", "parse_error"),  # brackets dropped
    (B, "(23 - 12) × 2 = 22", "violates:given"),
    (B, "(13 - 12) × 2 = 42", "violates:arithmetic"),
    (B, "(33 - 12) × 2 = 4 2", "wrong_count"),
    (B, "[33 - 12] × 2 = 42", "parse_error"),  # only round brackets, as in the puzzle
    (Z, "10 + 5 = 15", "ok"),
    (Z, "05 + 5 = 10", "violates:leading_zero"),
    (Z, "10 + 0 = 10", "ok"),  # a lone 0 is a number
    (ONE, "0 + 7 = 7", "ok"),
    (ONE, "0", "ok"),
])


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_every_filling_of_an_ambiguous_puzzle_is_judged_like_the_brute_force():
    for eq in ("?3 + 4? × 2 = 9?", "?? ÷ ? = 4", "? ÷ ? × ? = 2", "(?3 - 1?) × 2 = 4?", "?? - ?3 = ?", "?2 × ? = 1?"):
        for digits in itertools.product(range(10), repeat=eq.count("?")):
            for text in (filled(eq, digits), ", ".join(map(str, digits))):
                assert TASK.verify({"equation": eq}, wrap(text)).correct == brute_holds(eq, digits), (eq, text)


def test_hostile_input_is_refused_fast():
    hostile = ["9" * 5000, "1, " * 3000, "=" * 5000, "(" * 3000 + "1 = 1", "13 + " * 700 + "1 = 2", "?" * 5000,
               "\\times" * 800, "$" * 5000, "1e999", "NaN", "13 + 42 × 2 = " + "9" * 60]  # fmt: skip
    assert_refused_fast(TASK, [P, json.dumps(P), D], hostile + HOSTILE_MIXED)


# -- 3. brute-force agreement on generated items --------------------------------------------------------------


def small_items():
    """Generated items with at most 3 `?`s: levels 1-7 as they are, and levels 6-10 (÷, brackets) with few hidden."""
    out = []
    settings = [TASK.params(level) for level in range(1, 8)]
    settings += [TASK.params(level, {"hidden": "0.12"}) for level in (6, 8, 10)]
    for params in settings:
        for i in range(30):
            inst = TASK.generate(params, 21, i)
            if inst.payload["equation"].count("?") <= 3:
                out.append(inst)
    return out


def test_verifier_agrees_with_the_brute_force_on_generated_items():
    rng = random.Random(1)
    items = small_items()
    assert len(items) >= 80
    for inst in items:
        eq = inst.payload["equation"]
        sols = set(brute_solutions(eq))
        assert tuple(int(d) for d in hole_digits(inst)) in sols
        tries = list(sols)[:5] + [tuple(rng.randrange(10) for _ in range(eq.count("?"))) for _ in range(20)]
        for digits in tries:
            assert TASK.verify(inst.payload, wrap(filled(eq, digits))).correct == (digits in sols), (eq, digits)


def _equation(inst) -> Equation:
    """The solver's view of a generated item, rebuilt from its seeded draw."""
    eq = inst.payload["equation"]
    numbers = re.findall(r"[0-9?]+", eq)
    # rebuild the tree with the generator's own precedence rules from the signs and brackets shown
    skeleton = re.sub(r"[0-9?]+", "n", eq.split(" = ")[0]).replace(" ", "")
    ops = [{"×": "*", "÷": "/"}.get(c, c) for c in skeleton if c in "+-×÷"]
    spans, stack, k = [], [], 0
    for c in skeleton:
        if c == "(":
            stack.append(k)
        elif c == ")":
            spans.append((stack.pop(), k - 1))
        elif c == "n":
            k += 1
    return Equation(gen._tree(ops, spans, 0, len(numbers) - 2), numbers)


def test_solver_counts_agree_with_the_brute_force():
    for inst in small_items():
        eq = inst.payload["equation"]
        sols, _ = _equation(inst).count(limit=10**6)
        assert sorted(tuple(s) for s in sols) == brute_solutions(eq), eq
        first, _ = _equation(inst).count(limit=2)
        assert len(first) == min(2, len(sols)) and all(s in sols for s in first), eq

"""mathador: generation and the question text, verifier tables of adversarial cases, brute-force agreement
(every solution passes, not only the reference) and fuzz against exact evaluation, the expression parser."""

from __future__ import annotations

import ast
import json
import random
import re
import time
from collections import Counter
from fractions import Fraction
from functools import cache
from itertools import combinations

import numpy as np
import pytest

from logicforge.generators import mathador as gen
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import mathador as ver
from logicforge.verifiers._expr import ExprError, parse_expression

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, unique_cases, wrap

TASK = get_task("mathador")
_OPS_BY_NAME = {"addition": "+", "subtraction": "-", "multiplication": "*", "division": "/"}


@cache
def brute_values(numbers: tuple[int, ...], ops: str = "+-*/") -> dict[Fraction, str]:
    """Every value of every expression using each of `numbers` exactly once -> one expression."""
    if len(numbers) == 1:
        return {Fraction(numbers[0]): str(numbers[0])}
    out: dict[Fraction, str] = {}
    idx = range(len(numbers))
    for r in range(1, len(numbers)):
        for left in combinations(idx, r):
            rest = tuple(numbers[i] for i in idx if i not in left)
            for a, ea in brute_values(tuple(numbers[i] for i in left), ops).items():
                for b, eb in brute_values(rest, ops).items():
                    if "+" in ops:
                        out.setdefault(a + b, f"({ea} + {eb})")
                    if "-" in ops:
                        out.setdefault(a - b, f"({ea} - {eb})")
                    if "*" in ops:
                        out.setdefault(a * b, f"({ea} * {eb})")
                    if "/" in ops and b != 0:
                        out.setdefault(a / b, f"({ea} / {eb})")
    return out


def all_values(numbers: list[int], ops: str) -> dict[int, dict[Fraction, str]]:
    """Bitmask of used positions -> {exact value: one fully bracketed expression} (faster on 5 numbers)."""
    n = len(numbers)
    table: dict[int, dict[Fraction, str]] = {1 << i: {Fraction(v): str(v)} for i, v in enumerate(numbers)}
    for mask in range(1, 1 << n):
        if mask & (mask - 1) == 0:
            continue
        out: dict[Fraction, str] = {}
        sub = (mask - 1) & mask
        while sub:
            rest = mask ^ sub
            if sub < rest:  # each unordered split once; both orders are tried below
                for a, ea in table[sub].items():
                    for b, eb in table[rest].items():
                        cands = []
                        if "+" in ops:
                            cands.append((a + b, f"({ea} + {eb})"))
                        if "-" in ops:
                            cands += [(a - b, f"({ea} - {eb})"), (b - a, f"({eb} - {ea})")]
                        if "*" in ops:
                            cands.append((a * b, f"({ea} * {eb})"))
                        if "/" in ops:
                            if b:
                                cands.append((a / b, f"({ea} / {eb})"))
                            if a:
                                cands.append((b / a, f"({eb} / {ea})"))
                        for v, e in cands:
                            out.setdefault(v, e)
            sub = (sub - 1) & mask
        table[mask] = out
    return table


def solutions(p: dict) -> list[str]:
    """One expression per set of used positions that reaches the target (all positions if use_all)."""
    table = all_values(p["numbers"], p["operators"])
    full = (1 << len(p["numbers"])) - 1
    masks = [full] if p["use_all"] else [m for m in table if m]
    return [table[m][Fraction(p["target"])] for m in masks if Fraction(p["target"]) in table[m]]


def _instances(level: int, count: int, seed: int = 11):
    params = TASK.params(level)
    return [TASK.generate(params, seed, i) for i in range(count)]


# -- 1. generation and the question text ----------------------------------------------------------------------


def parse_question(question: str) -> tuple[list[int], int, bool, str, bool]:
    """(numbers, target, use_all, operators, negation allowed) from the rendered question."""
    numbers = [int(v) for v in re.search(r"^Numbers: (.*)$", question, re.M).group(1).split(", ")]
    target = int(re.search(r"^Target: (\d+)$", question, re.M).group(1))
    if "Use every number in the list exactly once" in question:
        use_all = True
    else:
        assert "Use some or all of the numbers, each at most once" in question
        use_all = False
    ops_text = re.search(r"Allowed operations: (.*?), with parentheses", question).group(1)
    ops = "".join(_OPS_BY_NAME[name] for name in re.findall(r"([a-z]+) \(", ops_text))
    negation = "A leading minus sign (negation) is allowed." in question
    assert negation or "No negation." in question
    return numbers, target, use_all, ops, negation


@pytest.mark.parametrize("level", range(1, 11))
def test_question_text_matches_payload_and_the_reference_uses_allowed_operators(level):
    for inst in _instances(level, 4, seed=3):
        p = inst.payload
        numbers, target, use_all, ops, negation = parse_question(prompts.render(TASK.module, "en", "q1", inst.fields))
        assert (numbers, target, use_all, ops) == (p["numbers"], p["target"], p["use_all"], p["operators"])
        assert negation == ("-" in ops)
        expr = parse_expression(inst.answer, max_numbers=10, allow_negation=False)
        assert expr.operators <= set(p["operators"])
        assert expr.value == p["target"]


@pytest.mark.parametrize("lang", prompts.LANGS)
def test_every_paraphrase_shows_the_numbers_target_and_operators(lang):
    """Each wording, in each language, carries the whole puzzle: every number as often as it is given,
    the target, and every allowed operator symbol."""
    macros = prompts.paraphrases(TASK.module, lang)
    assert len(macros) >= 3
    for inst in [i for lv in (1, 2, 5) for i in _instances(lv, 2, seed=8)]:
        p = inst.payload
        for macro in macros:
            q = prompts.render(TASK.module, lang, macro, inst.fields)
            shown = Counter(int(v) for v in re.findall(r"\d+", q))
            assert all(shown[n] >= c for n, c in Counter(p["numbers"] + [p["target"]]).items()), (macro, q)
            assert all(op in q for op in p["operators"]), (macro, q)


def test_generated_puzzles_are_solvable_and_every_brute_force_solution_passes():
    """Up to five numbers the brute force is exhaustive: it finds solutions with the puzzle's own operators
    (other shapes, other subsets than the reference), each verifies, and no target is a given number."""
    checked = 0
    items = [i for lv in (1, 2, 3) for i in _instances(lv, 8)] + _instances(4, 2, seed=99)
    for inst in items:
        p = inst.payload
        found = solutions(p)
        assert found, inst.question
        assert p["use_all"] or p["target"] not in p["numbers"]
        assert ver.verify(p, inst.answer).correct
        for expr in found[:6]:
            assert TASK.verify(p, wrap(expr)).correct, (p, expr)
            assert TASK.verify(json.dumps(p), wrap(f"{expr} = {p['target']}")).correct
            checked += 1
    assert checked >= 18


@pytest.mark.parametrize("level", [5, 6, 7])
def test_min_used_is_proved_by_brute_force(level):
    """Countdown-style levels promise that no subset smaller than min_used reaches the target."""
    params = TASK.params(level)
    assert not params.use_all and params.min_used >= 3
    for inst in _instances(level, 5):
        p = inst.payload
        for size in range(1, params.min_used):
            for chosen in {tuple(sorted(c)) for c in combinations(p["numbers"], size)}:
                assert Fraction(p["target"]) not in brute_values(chosen, p["operators"]), (p, chosen)
        assert ver.verify(p, inst.answer).correct


def test_reference_is_one_of_the_brute_force_values():
    for inst in _instances(2, 10):
        p = inst.payload
        assert Fraction(p["target"]) in brute_values(tuple(p["numbers"])) or not p["use_all"]


def test_knob_validation():
    with pytest.raises(ValueError, match="num_lo"):
        gen.Params(num_lo=20, num_hi=10)
    with pytest.raises(ValueError, match="target_lo"):
        gen.Params(n_numbers=3, num_hi=5, target_lo=500, target_hi=600, operators="+-")
    with pytest.raises(ValueError, match="operators"):
        gen.Params(operators="^")
    with pytest.raises(ValueError, match="min_used"):
        gen.Params(n_numbers=3, min_used=4)


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: the search for a hard target takes about 0.15 s, never seconds."""
    for i in range(5):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, i)
        assert time.perf_counter() - start < 10.0


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

P24 = {"numbers": [3, 3, 8, 8], "target": 24, "use_all": True, "operators": "+-*/"}
SUB = {"numbers": [25, 50, 75, 100, 3, 6], "target": 952, "use_all": False, "operators": "+-*/"}
NO_DIV = {"numbers": [3, 3, 8, 8], "target": 24, "use_all": True, "operators": "+-*"}
NO_MINUS = {"numbers": [2, 3, 4], "target": 10, "use_all": True, "operators": "+*"}  # no minus, no negation
SUB_SMALL = {"numbers": [1, 2, 3, 7], "target": 21, "use_all": False, "operators": "+-*/"}
P32 = {"numbers": [32, 1, 5], "target": 33, "use_all": False, "operators": "+-"}  # 32 + 1
P15 = {"numbers": [8, 2, 1, 4, 4, 3, 3], "target": 15, "use_all": False, "operators": "+-*/"}  # 8 * 2 - 1
P11 = {"numbers": [1, 2, 9], "target": 11, "use_all": False, "operators": "+-"}  # level 1: 9 + 2

RAW_CASES = [
    # (payload, answer, expected reason): the family verifier on raw text, no extraction in front
    (P24, "8 / 3 - 8 / 3", "wrong_value"),  # the right numbers, parentheses dropped
    (P24, "8 / (3 - 8) / 3", "wrong_value"),  # parentheses moved
    (P24, "8 * 3", "missing_item"),  # 24, but two numbers left over
    (P24, "8 * 3 + 3 - 3 + 8 - 8", "wrong_count"),  # uses 3 and 8 three times
    (P24, "33 - 8 - 8 + 7", "unknown_item"),  # digits joined into 33, and a 7 not given
    (P24, "24", "unknown_item"),  # just the target
    (P24, "8 / (3 - 8 / 3) + 0", "wrong_count"),  # a number not given
    (P24, "8 / (3 - 8 / 3) = 25", "wrong_value"),  # states the wrong result
    (P24, "8 / (3 - 8 / 3) = 24 = 24", "parse_error"),  # chained equals
    (P24, "24 = 8 / (3 - 8 / 3)", "parse_error"),  # target on the left
    (P24, "(8 / (3 - 8 / 3)", "parse_error"),  # unbalanced
    (P24, "(8 / [3 - 8 / 3)]", "parse_error"),  # brackets of different kinds crossed
    (P24, "8 / (3 - 3) * 8", "division_by_zero"),
    (P24, "8 ^ 3 - 3 - 8", "parse_error"),  # no powers
    (P24, "3 ** 8 - 3 - 8", "parse_error"),
    (P24, "8.0 / (3 - 8 / 3)", "parse_error"),  # no decimals
    (P24, "08 / (3 - 8 / 3)", "parse_error"),  # leading zero
    (P24, "8 / (3 - 8 / 3), 3 * 8", "parse_error"),  # two candidates
    (P24, "8 / (3 - 8 / 3) or 3 * 8 + 3 - 3", "parse_error"),  # a hedge
    (P24, "8 / (3 - 8 / 3) is the answer", "parse_error"),  # trailing prose
    (P24, "8 / (3 - 8 / 3).", "parse_error"),  # trailing punctuation (the extractor would drop one full stop)
    (P24, "8(3 - 8 / 3)", "parse_error"),  # implicit multiplication
    (P24, "8 // (3 - 8 / 3)", "parse_error"),  # floor division is not an operator here
    (P24, "(3 + 3) * (8 - 8 / 2)", "wrong_count"),  # 2 is not given
    (P24, "(3 + 3 / 8) * 8", "wrong_value"),  # 27
    (P24, "--8 / (3 - 8 / 3)", "parse_error"),  # double negation
    (P24, "((((((((((((((((((((((8)))))))))))))))))))))) / (3 - 8 / 3)", "too_long"),
    (P24, "1" * 40, "parse_error"),
    (P24, "8" + " + 8" * 300, "too_long"),
    (NO_DIV, "8 / (3 - 8 / 3)", "violates:operator"),  # division not allowed here
    (NO_MINUS, "-2 + 3 * 4", "violates:operator"),  # negation needs subtraction to be allowed
    (NO_MINUS, "2 * 3 + 4", "ok"),
    (NO_MINUS, "2 + 3 + 4", "wrong_value"),
    (SUB, "((100 + 6) * 3 * 75 - 50) / 25", "ok"),
    (SUB, "((100 + 6) * 3 * 75 - 50) / 25 = 952", "ok"),
    (SUB, "((100 + 6) * 3 * 75 - 50) / 5", "unknown_item"),  # 5 not given
    (SUB, "100 * 3 * 3 + 52", "unknown_item"),  # 3 used twice, 52 not given
    (SUB, "(100 + 6) * 3 * 3", "duplicate_item"),  # 3 used twice
    (SUB, "(75 * 3 - 50 / 25) * 6 / 100", "wrong_value"),
    (SUB, "(100 + 6) * 3 + 75 * 50 / 25 + 25", "wrong_count"),  # 25 twice
]
VALID = [
    (P24, "8 / (3 - 8 / 3)"),
    (P24, "8/(3-8/3)"),  # no spaces
    (P24, "8 ÷ (3 − 8 ÷ 3)"),  # typographic operators
    (P24, "$8 \\div \\left(3 - 8 \\div 3\\right)$"),  # LaTeX
    (P24, "\\(8 / (3 - 8 / 3)\\)"),
    (P24, "$8 / (3 - 8 / 3)$ = 24"),
    (P24, "[8 / ((3) - (8 / 3))]"),  # redundant brackets
    (P24, "8 / {3 - 8 / 3}"),
    (P24, "`8 / (3 - 8 / 3)`"),  # inline code
    (P24, "8 / (3 - 8 / 3) = 24"),  # trailing = target
    (P24, "  8 / (3 - 8 / 3)\n"),
    (P24, "-8 / (8 / 3 - 3)"),  # negation, allowed where subtraction is
    (P24, "8 / (3-8/3)=24"),
    (SUB_SMALL, "3 * 7"),  # a subset is enough in Countdown style
    (SUB_SMALL, "(1 + 2) * 7"),
    (SUB_SMALL, "3 x 7 x 1"),  # x as multiplication
    (SUB_SMALL, "7 * (2 + 1)"),
    (SUB_SMALL, "7 * 3 * (2 - 1)"),  # all four is fine too
]
RAW_CASES += [(p, a, "ok") for p, a in VALID]


@pytest.mark.parametrize(("payload", "answer", "reason"), RAW_CASES)
def test_raw_table(payload, answer, reason):
    verdict = ver.verify(payload, answer)
    assert verdict.reason == reason and verdict.correct == (reason == "ok"), (answer, verdict)


CASES = unique_cases([(p, a, "ok") for p, a in VALID] + [
    # (payload, answer, expected reason): through the task, answer tags and shared extraction included
    (P24, "8 / 3 - 8 / 3", "wrong_value"),
    (P24, "8 * 3 + 8 - 8", "duplicate_item"),
    (P24, "8 * 3 * (8 / 8)", "duplicate_item"),
    (P24, "8 / (3 - 8 / 3) * 1", "wrong_count"),
    (P24, "3³ - 3", "parse_error"),  # NFKC makes the superscript a joined digit
    (P24, "8 / (3 - 8 / 3) = 24 = 24", "parse_error"),
    (P24, "8 / (3 - 8 / 3) = -24", "wrong_value"),
    (P24, "8 / (3 - 8 / 3), 3 * 8 + 3 - 3", "parse_error"),
    (P24, "8 / (3 - 8 / 3) or 24", "parse_error"),
    (P24, "٨ / (٣ - ٨ / ٣)", "parse_error"),  # Arabic-Indic digits are not read
    (P24, "8 ⁄ (3 - 8 ⁄ 3)", "parse_error"),  # fraction slash
    (P24, "\\frac{8}{(3} - 8 / 3)", "parse_error"),  # a bracket crossing the braces of a \frac
    (P24, "\\frac{8}{3}{3} - 8", "parse_error"),
    (P24, "\\frac{3}{8} * 8 * 8", "duplicate_item"),
    (P24, "\\boxed{8 / (3 - 8 / 3)} + \\boxed{0}", "parse_error"),
    (P24, "1e999", "parse_error"),
    (P24, "nan", "parse_error"),
    (P24, "8 / (3 - 8 / 3) ** 1", "wrong_count"),  # too many numbers before the grammar is checked
    (P24, "(8 / (3 - 8 / 3)) ** (3 - 3)", "wrong_count"),
    (P24, "(3 + 3) * (8 - 8 + 4)", "wrong_count"),
    (P24, "+8 / (3 - 8 / 3)", "parse_error"),
    (P24, "$8 \\div (3 - \\frac{8}{3})$", "ok"),  # LaTeX fraction
    (P24, "\\frac{8}{3 - \\frac{8}{3}}", "ok"),  # nested
    (P24, "\\dfrac{8}{3-\\tfrac{8}{3}} = 24", "ok"),
    (P24, "\\[\\boxed{\\frac{8}{3 - \\frac{8}{3}}}\\]", "ok"),
    (P24, "\\boxed{8 / (3 - 8 / 3)}", "ok"),
    (P24, "8 / (3 – 8 / 3)", "ok"),  # en dash as minus
    (P24, "8 / (3 ‑ 8 / 3)", "ok"),  # non-breaking hyphen
    (P24, "8 / (3 − 8 / 3) = 24", "ok"),
    (P24, "8 \\div \\left(3 - 8 \\div 3\\right)", "ok"),
    (P24, "8 / (3 - 8 / 3) = +24", "ok"),
    (P24, "**8 / (3 - 8 / 3)**", "ok"),  # bold
    (P24, "`8 / (3 - 8 / 3) = 24`", "ok"),
    (P24, "(8 / (3 - 8 / 3))", "ok"),
    (P24, "8 / (3 - 8 / 3) \u2248 24", "parse_error"),  # "about 24" is no equation
    (P24, "8 / (3 - 8 / 3)\u00b2", "parse_error"),  # the square is kept as written, so refused
    (P24, "8 / (3 - 8 / 3) + 0", "wrong_count"),  # a number not given
    (P24, "8 / (3 - 8 / 3) * (8 - 8 + 1)", "wrong_count"),  # 8 used three times, 1 not given
    (NO_DIV, "\\frac{8}{3 - \\frac{8}{3}}", "violates:operator"),  # operator rules hold through LaTeX
    (NO_MINUS, "2 * 3 + 4", "ok"),
    (NO_MINUS, "–2 + 3 * 4", "violates:operator"),
    # -- bugs: NFKC read a superscript as a digit joined to the number before it
    (P32, "3² + 1", "parse_error"),  # regression: read as 32 + 1 = 33 (3 squared plus 1 is 10)
    (P15, "8 * 2⁻¹", "parse_error"),  # regression: read as 8 * 2 - 1 = 15 (8 halves are 4)
    (P32, "3₂ + 1", "parse_error"),  # a subscript after a digit is a base, not a second digit
    (P32, "３２ + 1", "ok"),  # full-width digits are still the number 32
    # -- bugs: right answers refused for the way the target was stated
    (P24, "\\boxed{8 / (3 - 8 / 3)} = 24", "ok"),  # regression: was parse_error
    (P24, "8 / (3 - 8 / 3) = \\boxed{24}", "ok"),  # regression: was parse_error
    (P24, "\\(8 / (3 - 8 / 3)\\) = 24", "ok"),  # regression: was parse_error
    (P24, "8 / (3 - 8 / 3) = 24.0", "ok"),  # regression: a float-printing solver; was parse_error
    (P24, "8 / (3 - 8 / 3) = 23.999999999999996", "wrong_value"),  # the float result is not 24
    (P24, "\\boxed{8 / (3 - 8 / 3)} = 25", "wrong_value"),
    # -- kept: the grammar
    (P24, "8 / (3 - 8 / 3) == 24", "parse_error"),
    (P24, "24 = 8 / (3 - 8 / 3)", "parse_error"),  # the format puts the target last
    (P24, "8(3 - 8 / 3) + 3 - 3", "wrong_count"),  # counted before the grammar: five numbers
    (P15, "2(8) - 1", "parse_error"),  # implicit multiplication
    (P15, "2 ^ 4 - 1", "parse_error"),  # 15 by an exponent, which is no allowed operation
    (P15, "2 ** 4 - 1", "parse_error"),
    (P15, "4! - 8 - 1", "parse_error"),  # 24 - 9 = 15 by a factorial
    (P15, "2 × 8 − 1", "ok"),
    (P15, "2 · 8 - 1", "ok"),
    (P15, "2x8-1", "ok"),
    (P15, "2 \\cdot 8 - 1 = 15", "ok"),
    (P15, "08 * 2 - 1", "parse_error"),  # a leading zero could smuggle in a new number
    (P15, "8.0 * 2 - 1", "parse_error"),
    (P15, "8 * 2 - 1 + (4 - 4) / (3 - 3)", "division_by_zero"),  # even where the term would cancel
    (P15, "8 * 2 - 1 + 4 - 4 + 3 - 3", "ok"),  # each listed number at most as often as listed
    (P15, "8 * 2 - 1 + 4 - 4 + 3 - 3 + 2 - 2", "wrong_count"),  # 2 used twice
    (P15, "1 5", "parse_error"),  # concatenation
    (P11, "9 - -2", "ok"),  # negation is allowed wherever minus is
    (P11, "-(-9) + 2", "ok"),
    (P11, "--9 + 2", "parse_error"),  # one leading minus per factor
    (P11, "+9 + 2", "parse_error"),  # no unary plus
    (P11, "9 x 1 + 2", "violates:operator"),  # level 1 allows + and - only
    (P11, "11", "unknown_item"),  # the target is no given number
    (NO_MINUS, "-2 * -3 + 4", "violates:operator"),  # "No negation." without minus
    (P24, "(" * 25 + "8 / (3 - 8 / 3)" + ")" * 25, "too_long"),
    (P24, "99**99**99", "parse_error"),  # refused before any power is computed
    (P24, "9" * 13, "parse_error"),
])


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_operator_rules_hold_through_latex():
    assert TASK.verify(NO_MINUS, wrap("2 * 3 – 4 + 8")).reason in ("wrong_count", "violates:operator")


def test_extraction_and_hostile_input():
    assert TASK.verify(P24, "<answer>8 / (3 - 8 / 3)</answer>").correct
    assert TASK.verify(P24, "I think 8 / (3 - 8 / 3)").reason == "no_answer"
    assert not TASK.verify(P24, "<answer>8/(3-8/3)</answer><answer>3*8</answer>").correct
    hostile = ["(" * 5000 + "3" + ")" * 5000, "9" * 5000, "3" + "*3" * 3000, "1/" * 2000 + "1",
               "(" * 19000, "9" * 19999, "1/" * 9000 + "1", "\\frac{" * 3000, "\\frac{8}{3}" * 1500,
               "\\frac{\\frac{\\frac{8}{3}}{3}}{3}" * 40, "\\boxed{" * 2000 + "8" + "}" * 2000, "–" * 19000,
               "\\left(" * 3000, "8" + "*8" * 5000, "=" * 9000, "x" * 19000, "$" * 19000]  # fmt: skip
    assert_refused_fast(TASK, [P24, json.dumps(P24)], hostile + HOSTILE_MIXED)


# -- 3. fuzz against exact evaluation -------------------------------------------------------------------------


def _random_expr(rng: np.random.Generator, pool: list[int], ops: str) -> tuple[str, Fraction | None, list[int]]:
    """A random fully parenthesised expression over a random selection from `pool`."""
    k = int(rng.integers(1, len(pool) + 1))
    nums = [int(pool[i]) for i in rng.choice(len(pool), size=k, replace=False)]
    items: list[tuple[str, Fraction | None]] = [(str(n), Fraction(n)) for n in nums]
    while len(items) > 1:
        i, j = (int(v) for v in rng.choice(len(items), size=2, replace=False))
        (ea, a), (eb, b) = items[i], items[j]
        op = ops[int(rng.integers(len(ops)))]
        if a is None or b is None:
            value = None
        elif op == "+":
            value = a + b
        elif op == "-":
            value = a - b
        elif op == "*":
            value = a * b
        else:
            value = a / b if b != 0 else None
        items = [it for t, it in enumerate(items) if t not in (i, j)] + [(f"({ea} {op} {eb})", value)]
    return items[0][0], items[0][1], nums


def _ordered_expr(nums: list[int], ops: str, rng: random.Random) -> tuple[str, Fraction | None]:
    """A random fully bracketed expression over `nums` in order, and its exact value (None on x/0)."""
    if len(nums) == 1:
        return str(nums[0]), Fraction(nums[0])
    k = rng.randrange(1, len(nums))
    (left, a), (right, b) = _ordered_expr(nums[:k], ops, rng), _ordered_expr(nums[k:], ops, rng)
    op = rng.choice(ops)
    if a is None or b is None or (op == "/" and b == 0):
        return f"({left} {op} {right})", None
    return f"({left} {op} {right})", a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b


def _valid(p: dict, text: str, value: Fraction | None) -> bool:
    """The rules for a test-made expression: the target's value, allowed operators, numbers as given."""
    tokens = text.replace("(", " ").replace(")", " ").split()
    used, given = Counter(int(t) for t in tokens if t.isdigit()), Counter(p["numbers"])
    return (value == p["target"] and {c for c in text if c in "+-*/"} <= set(p["operators"])
            and not used - given and (not p["use_all"] or used == given))  # fmt: skip


def test_fuzz_random_expressions_match_exact_evaluation():
    """Random trees over the given numbers (and now and then a number not given), some closed by a
    correction that hits the target, against exact fraction arithmetic."""
    np_rng, rng = np.random.default_rng(5), random.Random(23)
    agree = accepted = 0
    for inst in _instances(3, 10) + _instances(5, 10) + _instances(1, 10):
        p = inst.payload
        for _ in range(60):
            pool = p["numbers"] + ([int(np_rng.integers(1, 12))] if np_rng.random() < 0.3 else [])
            ops = "+-*/" if np_rng.random() < 0.3 else p["operators"]
            text, value, _ = _random_expr(np_rng, pool, ops)
            if np_rng.random() < 0.5 and value is not None and "+" in p["operators"]:
                delta = p["target"] - value  # aim at the target: the last step fixes the value
                if delta.denominator == 1 and delta > 0:
                    text, value = f"{text} + {delta}", Fraction(p["target"])
            verdict = ver.verify(p, text)
            assert verdict.correct == _valid(p, text, value), (p, text, verdict)
            agree += 1
            accepted += verdict.correct
    assert agree >= 1000 and accepted >= 10
    for level in (1, 3, 6, 10):
        for seed in range(3):
            p = TASK.generate(TASK.params(level), seed, 0).payload
            for _ in range(150):
                nums = rng.sample(p["numbers"], rng.randint(1, len(p["numbers"])))
                text, value = _ordered_expr(nums, p["operators"] if rng.random() < 0.8 else "+-*/", rng)
                if rng.random() < 0.3 and value is not None and (d := p["target"] - value).denominator == 1 and d:
                    text, value = (f"{text} + {d}", value + d) if d > 0 else (f"{text} - {-d}", value + d)
                verdict = TASK.verify(p, wrap(text))
                assert verdict.correct == _valid(p, text, value), (level, seed, text, value, verdict)


_ALIASES = {"+": ["+"], "-": ["-", "−", "–"], "*": ["*", "×", "x", "·", "\\cdot", "\\times", "∗"],
            "/": ["/", "÷", "\\div"]}  # fmt: skip
_ASCII = [(a, op) for op, names in _ALIASES.items() for a in names if a not in "+-*/x"] + [("x", "*")]
_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _tokens(nums: list[int], rng: random.Random, depth: int = 0) -> list[str]:
    """A random expression over `nums` as tokens (operators bare, to be spelled later)."""
    r = rng.random()
    if depth > 3 or r < 0.35:
        toks = [str(rng.choice(nums))]
    elif r < 0.5:
        o, c = rng.choice(["()", "[]", "{}"])
        toks = [o, *_tokens(nums, rng, depth + 1), c]
    else:
        toks = [*_tokens(nums, rng, depth + 1), rng.choice("+-*/"), *_tokens(nums, rng, depth + 1)]
    return ["-", *toks] if rng.random() < 0.1 else toks


def _spell(toks: list[str], rng: random.Random) -> str:
    """Operators in random notation, after one mutation now and then (a superscript: 32 -> 3²)."""
    toks = list(toks)
    k = rng.randrange(8)
    if k == 0:
        del toks[rng.randrange(len(toks))]
    elif k == 1:
        toks.insert(rng.randrange(len(toks) + 1), rng.choice(["-", "+", "(", ")", "0", "2", "10", "^", "!"]))
    elif k == 2 and len(toks) > 1:
        i = rng.randrange(len(toks) - 1)
        toks[i], toks[i + 1] = toks[i + 1], toks[i]
    elif k == 3 and (long := [i for i, t in enumerate(toks) if len(t) > 1 and t.isdigit()]):
        i = rng.choice(long)
        toks[i] = toks[i][:-1] + toks[i][-1].translate(_SUPER)
    out = [rng.choice(_ALIASES[t]) if t in _ALIASES and rng.random() < 0.3 else t for t in toks]
    return rng.choice([" ", ""]).join(out)


def _math_truth(text: str, p: dict) -> tuple[bool, bool]:
    """(valid, sure) for test-made `text` by an ast walk of an ASCII copy: exact value, allowed operators,
    one minus per factor, numbers as given. Not sure where ast cannot tell `--9` from `-(-9)`."""
    if re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", text) or not text.strip():
        return False, True  # a superscript is an exponent, which is no allowed operation
    for alias, op in _ASCII:
        text = text.replace(alias, op)
    stack = []
    for ch in text:  # each bracket closed by its own kind
        if ch in "([{":
            stack.append(")]}"["([{".index(ch)])
        elif ch in ")]}" and (not stack or stack.pop() != ch):
            return False, True
    text = text.translate(str.maketrans("[]{}", "()()"))
    if stack or re.search(r"\*\*|//|(?<![0-9])0[0-9]", text):
        return False, True
    try:
        body = ast.parse(text, mode="eval").body
    except SyntaxError:
        return False, True
    used, sure = [], True

    def value(n: ast.AST, negated: bool = False) -> Fraction | None:
        nonlocal sure
        if isinstance(n, ast.Constant) and type(n.value) is int:
            used.append(n.value)
            return Fraction(n.value)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub) and "-" in p["operators"]:
            sure = sure and not negated
            v = value(n.operand, True)
            return None if v is None else -v
        if not isinstance(n, ast.BinOp) or _BINOPS.get(type(n.op), "?") not in p["operators"]:
            raise ValueError(n)
        a, b = value(n.left), value(n.right)
        if a is None or b is None or (isinstance(n.op, ast.Div) and b == 0):
            return None
        return a + b if isinstance(n.op, ast.Add) else a - b if isinstance(n.op, ast.Sub) else (
            a * b if isinstance(n.op, ast.Mult) else a / b)

    try:
        v = value(body)
    except ValueError:
        return False, sure
    have, given = Counter(used), Counter(p["numbers"])
    return v == p["target"] and not have - given and (not p["use_all"] or have == given), sure


def test_fuzz_mixed_notation_matches_an_ast_walk():
    rng = random.Random(41)
    for level in (1, 2, 3, 5, 8, 10):
        for item in range(2):
            inst = TASK.generate(TASK.params(level), 4, item)
            p = inst.payload
            ref = [t for t in re.split(r"\s+|([()+\-*/])", inst.answer) if t]
            for _ in range(60):
                text = _spell(ref if rng.random() < 0.3 else _tokens(p["numbers"], rng), rng)
                want, sure = _math_truth(text, p)
                if rng.random() < 0.2:
                    stated = p["target"] + rng.choice([0, 0, 1])
                    text += f" = {rng.choice(['', '+'])}{stated}{rng.choice(['', '.0'])}"
                    want = want and stated == p["target"]
                verdict = TASK.verify(p, wrap(text))
                # where unsure, "--9" (refused) and "-(-9)" (accepted) differ in form only: a wrong one must fail
                assert verdict.correct == want if sure else want or not verdict.correct, (level, text, verdict)


# -- 4. family specifics: the exact expression parser ---------------------------------------------------------


def test_parser_matches_python_arithmetic_on_plain_expressions():
    """On plain + - * / expressions the exact parser agrees with Fraction arithmetic done by hand."""
    rng = np.random.default_rng(9)
    for _ in range(300):
        text, value, used = _random_expr(rng, [int(v) for v in rng.integers(1, 30, size=5)], "+-*/")
        expr = parse_expression(text, max_numbers=10)
        assert expr.value == value and sorted(expr.numbers) == sorted(used)
    with pytest.raises(ExprError):
        parse_expression("2 ** 3")


def _oracle(node: ast.AST) -> Fraction | None:
    """The exact value of a Python-syntax tree of ints, + - * / and single negations (None after a
    division by zero); ValueError for anything else."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        a, b = _oracle(node.left), _oracle(node.right)
        return None if a is None or b is None or b == 0 else a / b
    if isinstance(node, ast.BinOp):
        a, b = _oracle(node.left), _oracle(node.right)
        if type(node.op) not in (ast.Add, ast.Sub, ast.Mult):
            raise ValueError("operator")
        if a is None or b is None:
            return None
        return a + b if isinstance(node.op, ast.Add) else a - b if isinstance(node.op, ast.Sub) else a * b
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub) or isinstance(node.operand, ast.UnaryOp):
            raise ValueError("unary")
        v = _oracle(node.operand)
        return None if v is None else -v
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return Fraction(node.value)
    raise ValueError(ast.dump(node))


def test_fuzz_parser_against_python_grammar():
    """Random token soup: the parser accepts exactly the strings Python's grammar reads as plain
    arithmetic (minus single negations and leading zeros) and gets the same exact value."""
    rng = np.random.default_rng(17)
    tokens = ["1", "2", "3", "8", "12", "0", "+", "-", "*", "/", "(", ")", " "]
    accepted = 0
    for _ in range(4000):
        text = "".join(tokens[int(i)] for i in rng.integers(len(tokens), size=int(rng.integers(1, 12))))
        try:
            want = _oracle(ast.parse(text.strip(), mode="eval").body)
            ok = re.search(r"(?<![0-9])0[0-9]", text) is None  # Python reads 00 as 0; leading zeros are refused
        except (SyntaxError, ValueError):
            ok, want = False, None
        try:
            got = parse_expression(text, max_numbers=20, allow_negation=True).value
            parsed = True
        except ExprError:
            parsed, got = False, None
        assert parsed == ok, text
        if ok:
            assert got == want, text
            accepted += 1
    assert accepted > 300

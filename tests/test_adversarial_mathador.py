"""Mathador red team: an independent solver reading only the question text, and hostile answers."""

from __future__ import annotations

import json
import re
import time
from fractions import Fraction

import pytest

from logicforge.tasks import get_task

TASK = get_task("mathador")
P24 = {"numbers": [3, 3, 8, 8], "target": 24, "use_all": True, "operators": "+-*/"}
_OPS_BY_NAME = {"addition": "+", "subtraction": "-", "multiplication": "*", "division": "/"}


def wrap(text: str) -> str:
    return f"<think>searching</think>\n<answer>{text}</answer>"


# -- an independent solver that reads the question text only -----------------------------------------


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


def all_values(numbers: list[int], ops: str) -> dict[int, dict[Fraction, str]]:
    """Bitmask of used positions -> {exact value: one fully bracketed expression}."""
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


def solutions(question: str) -> list[str]:
    numbers, target, use_all, ops, _ = parse_question(question)
    table = all_values(numbers, ops)
    full = (1 << len(numbers)) - 1
    masks = [full] if use_all else [m for m in table if m]
    return [table[m][Fraction(target)] for m in masks if Fraction(target) in table[m]]


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_question_text_solver(level):
    for i in range(5 if level < 4 else 2):
        inst = TASK.generate(TASK.params(level), 99, i)
        numbers, target, use_all, ops, negation = parse_question(inst.question)
        p = inst.payload
        assert (numbers, target, use_all, ops) == (p["numbers"], p["target"], p["use_all"], p["operators"])
        assert negation == ("-" in ops)
        found = solutions(inst.question)
        assert found, inst.question
        for expr in found[:6]:  # several different expressions, other than the reference
            assert TASK.verify(p, wrap(expr)).correct, (inst.question, expr)
            assert TASK.verify(json.dumps(p), wrap(f"{expr} = {target}")).correct


# -- hostile and reformatted answers -----------------------------------------------------------------

WRONG = [
    ("8 / 3 - 8 / 3", "wrong_value"),
    ("8 * 3 + 8 - 8", "wrong_numbers"),
    ("8 * 3 * (8 / 8)", "wrong_numbers"),
    ("8 / (3 - 8 / 3) * 1", "wrong_numbers"),
    ("3³ - 3", "wrong_numbers"),  # NFKC makes the superscript a joined digit
    ("8 / (3 - 8 / 3) = 24 = 24", "parse_error"),
    ("8 / (3 - 8 / 3) = -24", "wrong_target"),
    ("8 / (3 - 8 / 3), 3 * 8 + 3 - 3", "parse_error"),
    ("8 / (3 - 8 / 3) or 24", "parse_error"),
    ("٨ / (٣ - ٨ / ٣)", "parse_error"),  # Arabic-Indic digits are not read
    ("8 ⁄ (3 - 8 ⁄ 3)", "parse_error"),  # fraction slash
    ("\\frac{8}{(3} - 8 / 3)", "parse_error"),  # a bracket crossing the braces of a \frac
    ("\\frac{8}{3}{3} - 8", "parse_error"),
    ("\\frac{3}{8} * 8 * 8", "wrong_numbers"),
    ("\\boxed{8 / (3 - 8 / 3)} + \\boxed{0}", "parse_error"),
    ("1e999", "parse_error"),
    ("nan", "parse_error"),
    ("8 / (3 - 8 / 3) ** 1", "wrong_numbers"),  # too many numbers before the grammar is checked
    ("(8 / (3 - 8 / 3)) ** (3 - 3)", "wrong_numbers"),
    ("(3 + 3) * (8 - 8 + 4)", "wrong_numbers"),
    ("+8 / (3 - 8 / 3)", "parse_error"),
]

VALID = [
    "8 / (3 - 8 / 3)",
    "$8 \\div (3 - \\frac{8}{3})$",  # LaTeX fraction
    "\\frac{8}{3 - \\frac{8}{3}}",  # nested
    "\\dfrac{8}{3-\\tfrac{8}{3}} = 24",
    "\\[\\boxed{\\frac{8}{3 - \\frac{8}{3}}}\\]",
    "\\boxed{8 / (3 - 8 / 3)}",
    "8 / (3 – 8 / 3)",  # en dash as minus
    "8 / (3 ‑ 8 / 3)",  # non-breaking hyphen
    "8 / (3 − 8 / 3) = 24",
    "8 ÷ (3 − 8 ÷ 3)",
    "8 \\div \\left(3 - 8 \\div 3\\right)",
    "-8 / (8 / 3 - 3)",
    "8 / (3 - 8 / 3) = +24",
]


@pytest.mark.parametrize(("answer", "reason"), WRONG)
def test_wrong_answers_fail(answer, reason):
    verdict = TASK.verify(P24, wrap(answer))
    assert not verdict.correct and verdict.reason == reason, (answer, verdict)


@pytest.mark.parametrize("answer", VALID)
def test_reformatted_right_answers_pass(answer):
    verdict = TASK.verify(P24, wrap(answer))
    assert verdict.correct, (answer, verdict)


def test_operator_rules_hold_through_latex():
    no_div = {**P24, "operators": "+-*"}
    assert TASK.verify(no_div, wrap("\\frac{8}{3 - \\frac{8}{3}}")).reason == "forbidden_operator"
    no_minus = {"numbers": [2, 3, 4], "target": 10, "use_all": True, "operators": "+*"}
    assert TASK.verify(no_minus, wrap("2 * 3 + 4")).correct
    assert TASK.verify(no_minus, wrap("–2 + 3 * 4")).reason == "negation"
    assert TASK.verify(no_minus, wrap("2 * 3 – 4 + 8")).reason in ("wrong_numbers", "forbidden_operator")


def test_hostile_inputs_are_fast_and_safe():
    hostile = ["(" * 19000, "9" * 19999, "1/" * 9000 + "1", "\\frac{" * 3000, "\\frac{8}{3}" * 1500,
               "\\frac{\\frac{\\frac{8}{3}}{3}}{3}" * 40, "\\boxed{" * 2000 + "8" + "}" * 2000, "–" * 19000,
               "\\left(" * 3000, "8" + "*8" * 5000, "=" * 9000, "x" * 19000, "$" * 19000]
    for text in hostile:
        for payload in (P24, json.dumps(P24)):
            start = time.perf_counter()
            verdict = TASK.verify(payload, wrap(text))
            assert not verdict.correct and not verdict.reason.startswith("internal_error"), text[:30]
            assert time.perf_counter() - start < 0.05, text[:30]

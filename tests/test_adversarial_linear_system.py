"""Linear system red team: an independent solver reading only the question text, and hostile answers."""

from __future__ import annotations

import json
import re
import time
from fractions import Fraction

import pytest

from logicforge.tasks import get_task

TASK = get_task("linear_system")
P3 = {"variables": ["x", "y", "z"], "coefficients": [[1, 1, 0], [1, -1, 0], [0, 0, 5]], "constants": [3, 1, -2]}


def wrap(text: str) -> str:
    return f"<think>eliminate</think>\n<answer>{text}</answer>"


# -- an independent solver that reads the question text only -----------------------------------------

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


def gauss(rows: list[list[int]], rhs: list[int]) -> list[Fraction] | None:
    n = len(rows)
    m = [[Fraction(v) for v in r] + [Fraction(b)] for r, b in zip(rows, rhs)]
    for k in range(n):
        p = next((i for i in range(k, n) if m[i][k] != 0), None)
        if p is None:
            return None
        m[k], m[p] = m[p], m[k]
        for i in range(n):
            if i != k and m[i][k] != 0:
                f = m[i][k] / m[k][k]
                m[i] = [a - f * b for a, b in zip(m[i], m[k])]
    return [m[i][n] / m[i][i] for i in range(n)]


def text(v: Fraction) -> str:
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


@pytest.mark.parametrize("level", range(1, 11))
def test_question_text_solver(level):
    for i in range(6):
        inst = TASK.generate(TASK.params(level), 5, i)
        names, rows, rhs = parse_question(inst.question)
        p = inst.payload
        assert (names, rows, rhs) == (p["variables"], p["coefficients"], p["constants"])
        sol = gauss(rows, rhs)
        assert sol is not None
        answers = [
            ", ".join(f"{v} = {text(s)}" for v, s in zip(names, sol)),
            "; ".join(f"{v}={text(s)}" for v, s in reversed(list(zip(names, sol)))),
            "\n".join(f"{v.upper()}: {text(s)}" for v, s in zip(names, sol)),
            f"({', '.join(names)}) = ({', '.join(text(s) for s in sol)})",
        ]
        for answer in answers:
            assert TASK.verify(p, wrap(answer)).correct, (inst.question, answer)
            assert TASK.verify(json.dumps(p), wrap(answer)).correct
        # a near miss: the last value off by one
        off = ", ".join(f"{v} = {text(s + (k == len(sol) - 1))}" for k, (v, s) in enumerate(zip(names, sol)))
        assert not TASK.verify(p, wrap(off)).correct


# -- hostile and reformatted answers (P3: x = 2, y = 1, z = -2/5) ------------------------------------

WRONG = [
    "x = 2, y = 1, z = 2/5",
    "x = 1, y = 2, z = -2/5",  # swapped
    "x = 2, y = 1, z = -0.39999999999999999999",
    "x = 2, y = 1, z = -0.4, z = -2/5",
    "x = 2, y = 1, z = -2/5 or 3",
    "x = 2, y = 1, z = -2/5 = -0.4",
    "x = 2, y = 1",
    "x = 2, y = 1, z = -2/5, w = 0",
    "(x, y, z) = (2, 1, -2/5), (3, 3, 3)",
    "(x, y, z) = (2, 1)",
    "2, 1, -2/5",
    "x = 2, y = 1, z = -⅖",
    "x = 2, y = 1, z = -2÷5",
    "x = 2, y = 1, z = -1e0 * 2/5",
    "x = 2, y = 1, z = ٫4",
    '{"x": 2, "y": 1, "z": "-2/5", "x": 3}',
    "{'x\": 2, 'y': 1, 'z': -0.4}",  # mismatched quotes
    "x = 2, y = 1, z = \\frac{-2}{-5}",
    "x = 2, y = 1, z = \\frac{2}{5}",
    "\\boxed{x = 2, y = 1, z = 2/5}",
    "x = 2 \\\\ y = 1 \\\\ z = 2/5",
    "x = 2, y = 1, z = 1/0",
    "x = 2, y = 1, z = 0/0",
    "x = 2, y = 1, z = NaN",
    "x = 2, y = 1, z = inf",
]

VALID = [
    "x = 2, y = 1, z = -2/5",
    '{"x": 2, "y": 1, "z": -0.4}',  # a JSON object
    "{'x': 2, 'y': 1, 'z': '-2/5'}",  # a Python dict with a quoted fraction
    "x = 2, y = 1, z = \\frac{-2}{5}",
    "x = 2, y = 1, z = \\dfrac{-2}{5}",
    "\\(x = 2, y = 1, z = -\\tfrac{2}{5}\\)",
    "\\[ x = 2,\\; y = 1,\\; z = -\\frac{2}{5} \\]",
    "\\boxed{x = 2, y = 1, z = -2/5}",
    "x &= 2 \\\\ y &= 1 \\\\ z &= -\\frac{2}{5}",
    "x = 2, y = 1, z = –2/5",  # en dash as minus
    "x = 2, y = 1, z = ‑2/5",  # non-breaking hyphen (NFKC: U+2010)
    "(x, y, z) = (2, 1, -2/5)",
    "x = 2, y = 1, and z = -2/5",
    "z = -0.4; y = 1.0; x = 4/2",
]


@pytest.mark.parametrize("answer", WRONG)
def test_wrong_answers_fail(answer):
    verdict = TASK.verify(P3, wrap(answer))
    assert not verdict.correct and not verdict.reason.startswith("internal_error"), (answer, verdict)


@pytest.mark.parametrize("answer", VALID)
def test_reformatted_right_answers_pass(answer):
    verdict = TASK.verify(P3, wrap(answer))
    assert verdict.correct, (answer, verdict)


def test_hostile_inputs_are_fast_and_safe():
    hostile = ["x = " + "(" * 5000, "x = " + "9" * 19990, "x = 1, " * 2000, "\\\\" * 5000, "&" * 9000,
               "\\boxed{" * 2000, '"x": ' * 2000, "x = \\frac{-" * 1000, "\\(" * 4000, "x = 1 and " * 1500,
               "(x" + ",x" * 3000 + ") = (" + "1," * 3000 + "1)", "x = 1" + "0" * 29 + "/" + "3" * 30]
    for text in hostile:
        for payload in (P3, json.dumps(P3)):
            start = time.perf_counter()
            verdict = TASK.verify(payload, wrap(text))
            assert not verdict.correct and not verdict.reason.startswith("internal_error"), text[:30]
            assert time.perf_counter() - start < 0.05, text[:30]

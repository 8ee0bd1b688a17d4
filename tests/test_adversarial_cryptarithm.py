"""Cryptarithm red team: an independent solver reading only the question text, and hostile answers."""

from __future__ import annotations

import json
import re
import time

import pytest

from logicforge.tasks import get_task

TASK = get_task("cryptarithm")
SEND = {"terms": ["SEND", "MORE"], "op": "+", "result": "MONEY", "given": []}


def wrap(text: str) -> str:
    return f"<think>columns</think>\n<answer>{text}</answer>"


# -- an independent solver that reads the question text only -----------------------------------------


def parse_question(question: str) -> tuple[list[str], str, str, dict[str, int]]:
    """(terms, op, result, givens) from the rendered question."""
    m = re.search(r"^\s{4}([A-Z][A-Z ]*?[A-Z]|[A-Z]) ([+\-*]) (.*?) = ([A-Z]+)\s*$", question, re.M)
    assert m, question
    op = m.group(2)
    terms = [m.group(1)] + [t.strip() for t in m.group(3).split(f" {op} ")]
    assert all(re.fullmatch(r"[A-Z]+", t) for t in terms), terms
    given = {}
    g = re.search(r"^Given: (.*)\.$", question, re.M)
    if g:
        for item in g.group(1).split(", "):
            letter, digit = item.split(" = ")
            given[letter] = int(digit)
    if op == "*":
        assert "* means multiplication" in question
    return terms, op, m.group(4), given


def solve(terms: list[str], op: str, result: str, given: dict[str, int], limit: int = 2) -> list[dict[str, int]]:
    """Every assignment (up to `limit`), assigning letters column by column from the right and
    checking the equation modulo 10**k once the k lowest columns are fixed."""
    words = [*terms, result]
    width = max(map(len, words))
    order: list[str] = []
    checks: dict[int, int] = {}  # index in order after which column k is complete -> k
    for k in range(1, width + 1):
        for w in words:
            if len(w) >= k and w[-k] not in order:
                order.append(w[-k])
        checks[len(order) - 1] = max(checks.get(len(order) - 1, 0), k)
    leading = {w[0] for w in words}
    out: list[dict[str, int]] = []
    assign: dict[str, int] = {}

    def value(w: str, k: int) -> int:
        tail = w[-k:]
        return int("".join(str(assign[c]) for c in tail)) if tail else 0

    def holds(k: int) -> bool:
        mod = 10**k
        vals = [value(w, min(k, len(w))) for w in words]
        *ts, r = vals
        lhs = sum(ts) if op == "+" else ts[0] - ts[1] if op == "-" else ts[0] * ts[1]
        if k >= width:
            full = [value(w, len(w)) for w in words]
            *ts, r = full
            return (sum(ts) if op == "+" else ts[0] - ts[1] if op == "-" else ts[0] * ts[1]) == r
        return (lhs - r) % mod == 0

    def go(i: int) -> None:
        if len(out) >= limit:
            return
        if i == len(order):
            out.append(dict(assign))
            return
        c = order[i]
        for d in ([given[c]] if c in given else range(10)):
            if d in assign.values() or (d == 0 and c in leading):
                continue
            assign[c] = d
            if i not in checks or holds(checks[i]):
                go(i + 1)
            del assign[c]

    go(0)
    return out


def equation(terms, op, result, mapping) -> str:
    nums = ["".join(str(mapping[c]) for c in w) for w in [*terms, result]]
    return f" {op} ".join(nums[:-1]) + f" = {nums[-1]}"


@pytest.mark.parametrize("level", range(1, 11))
def test_question_text_solver(level):
    for i in range(8):
        inst = TASK.generate(TASK.params(level), 2024, i)
        prompt = TASK.prompt(inst.question)[0]["content"]
        assert "Answer format:" in prompt
        terms, op, result, given = parse_question(inst.question)
        assert (terms, op, result) == (inst.payload["terms"], inst.payload["op"], inst.payload["result"])
        assert given == {c: d for c, d in inst.payload["given"]}
        sols = solve(terms, op, result, given)
        assert len(sols) == 1, (level, i, inst.question, sols)  # the question promises exactly one
        sol = sols[0]
        eq = equation(terms, op, result, sol)
        assert TASK.verify(inst.payload, wrap(eq)).correct, eq
        mapping = ", ".join(f"{c}={d}" for c, d in sorted(sol.items()))
        assert TASK.verify(inst.payload, wrap(mapping)).correct, mapping
        assert TASK.verify(json_payload(inst.payload), wrap(eq)).correct


def json_payload(p: dict) -> str:
    return json.dumps(p)


# -- hostile and reformatted answers -----------------------------------------------------------------

WRONG = [
    "9567 + 1085 =- 10652",  # reads as 9567 + 1085 = -10652 (was accepted: "=-" taken for a rule line)
    "9567 + 1085 =-10652",
    "9567 + 1085 -= 10652",
    "9567 + 1085 -- 10652",  # a rule must stand on its own line
    "9567 + 1085 __ 10652",
    "9567 + 1085\n-----10652",
    "9567\n+ 1085\n-----\n= 10652",  # a rule and "=" both
    "9567 + 1085 = 10652 = 10652",
    "9567 + 1085 = 10652, 9567 + 1085 = 10653",
    "9567 + 1085 = 10652 or S=9",
    "9567 + 1085 = 10,652",
    "+9567 + 1085 = 10652",
    "9567 + 1085 = -10652",
    "9567 + 1085 = 010652",
    "٩٥٦٧ + ١٠٨٥ = ١٠٦٥٢",
    "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2, Y=3",
    "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=3",
    "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2 and more",
    "S=9, E=5, N=6, D=7, M=1, O=0, R=8 and Y=2 and",
    "SEND = 9567, MORE = 1085, MONEY = 10653",
    "SEND = 9567, MORE = 1085",  # a word missing
    "SEND = 9567, MORE = 1085, MONEY = 10652, SEND = 9568",
    "SEND = 9567, MORE = 1085, MONEY = 10652, MONKEY = 1",
    "\\boxed{9567 + 1085 = 10653}",
    "$9567 \\times 1085 = 10652$",
    "\\(9567 + 1085\\) = 10652\\)",
    "9567 + 1085 = 10652 ✓",
    "SEND + MORE = MONEY",
]

VALID = [
    "9567 + 1085 = 10652",
    "  9567\n+ 1085\n------\n 10652",
    "9567\n+1085\n_____\n10652",
    "9567 + 1085 == 10652",
    "$9567 + 1085 = 10652$",
    "\\(9567 + 1085 = 10652\\)",
    "\\[ 9567 + 1085 = 10652 \\]",
    "\\boxed{9567 + 1085 = 10652}",
    "`9567 + 1085 = 10652`",
    "S=9, E=5, N=6, D=7, M=1, O=0, R=8, and Y=2",
    "S = 9, E = 5, N = 6, D = 7, M = 1, O = 0, R = 8 and Y = 2",
    '{"S": 9, "E": 5, "N": 6, "D": 7, "M": 1, "O": 0, "R": 8, "Y": 2}',
    "SEND = 9567, MORE = 1085, MONEY = 10652",
    "SEND = 9567\nMORE = 1085\nMONEY = 10652",
    "send: 9567, more: 1085, money: 10652",
]


@pytest.mark.parametrize("answer", WRONG)
def test_wrong_or_malformed_answers_fail(answer):
    verdict = TASK.verify(SEND, wrap(answer))
    assert not verdict.correct and not verdict.reason.startswith("internal_error"), (answer, verdict)


@pytest.mark.parametrize("answer", VALID)
def test_reformatted_right_answers_pass(answer):
    assert TASK.verify(SEND, wrap(answer)).correct, (answer, TASK.verify(SEND, wrap(answer)))


def test_multiplication_in_latex_and_subtraction_columns():
    mul = {"terms": ["AB", "C"], "op": "*", "result": "DE", "given": []}  # 17 * 4 = 68
    for text in ["17 * 4 = 68", "$17 \\times 4 = 68$", "17 \\cdot 4 = 68", "17 × 4 = 68", "17 x 4 = 68"]:
        assert TASK.verify(mul, wrap(text)).correct, text
    assert not TASK.verify(mul, wrap("17 \\timesx 4 = 68")).correct
    assert not TASK.verify(mul, wrap("$17 \\times 4 = 69$")).correct
    sub = {"terms": ["ABC", "DE"], "op": "-", "result": "FG", "given": []}
    assert not TASK.verify(sub, wrap(" 102\n- 36\n----\n  66")).correct  # F = G = 6: not distinct
    ok = {"terms": ["ABC", "DE"], "op": "-", "result": "FG", "given": []}
    assert TASK.verify(ok, wrap(" 104\n- 25\n----\n  79")).correct  # 104 - 25 = 79, all distinct
    assert TASK.verify(ok, wrap("104 − 25 = 79")).correct
    assert not TASK.verify(ok, wrap("104 - 25 =- 79")).correct


def test_one_letter_words_in_word_form():
    p = {"terms": ["M", "M"], "op": "+", "result": "B", "given": []}  # 2 + 2 = 4
    assert TASK.verify(p, wrap("M = 2, M = 2, B = 4")).correct
    assert TASK.verify(p, wrap("M = 2, B = 4")).correct
    assert not TASK.verify(p, wrap("M = 2, M = 3, B = 4")).correct
    assert not TASK.verify(p, wrap("M = 2, B = 5")).correct


def test_hostile_inputs_are_fast_and_safe():
    hostile = ["9" * 5000, "-" * 5000, "=" * 5000, "\n-----" * 800, "S=9 " * 1000, "SEND = 9567, " * 500,
               "\\boxed{" * 800, "$" * 5000, "\\times" * 800, "9567 + " * 700 + "1 = 2", "1e999", "NaN"]
    for text in hostile:
        for payload in (SEND, json_payload(SEND)):
            start = time.perf_counter()
            verdict = TASK.verify(payload, wrap(text))
            assert not verdict.correct and not verdict.reason.startswith("internal_error"), text[:30]
            assert time.perf_counter() - start < 0.05, text[:30]

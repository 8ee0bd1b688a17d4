"""Mathador red team, round 2: random expression trees over the given numbers, evaluated here with
exact fractions, must be judged by the verifier exactly as the rules say."""

from __future__ import annotations

import random
from collections import Counter
from fractions import Fraction

import pytest

from redteam_util import check_case, wrap

from logicforge.tasks import get_task

TASK = get_task("mathador")
PAYLOAD = {"numbers": [3, 3, 8, 8], "target": 24, "use_all": True, "operators": "+-*/"}



CASES = [
    # (answer, expected reason)
    ("**8 / (3 - 8 / 3)**", "ok"),  # bold
    ("`8 / (3 - 8 / 3) = 24`", "ok"),
    ("8 / (3 - 8 / 3) = 24 = 24", "parse_error"),
    ("8 / (3 - 8 / 3) \u2248 24", "parse_error"),  # "about 24" is no equation
    ("8 / (3 - 8 / 3)\u00b2", "wrong_numbers"),  # NFKC reads the square as a joined digit (32): refused
    ("8 / (3 - 8 / 3) + 0", "wrong_numbers"),  # a number not given
    ("8 / (3 - 8 / 3) * (8 - 8 + 1)", "wrong_numbers"),  # 8 used three times, 1 not given
    ("(8 / (3 - 8 / 3))", "ok"),
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def _expr(nums: list[int], ops: str, rng: random.Random) -> tuple[str, Fraction | None]:
    """A random fully bracketed expression over `nums` in order, and its exact value (None on x/0)."""
    if len(nums) == 1:
        return str(nums[0]), Fraction(nums[0])
    k = rng.randrange(1, len(nums))
    (left, a), (right, b) = _expr(nums[:k], ops, rng), _expr(nums[k:], ops, rng)
    op = rng.choice(ops)
    if a is None or b is None or (op == "/" and b == 0):
        return f"({left} {op} {right})", None
    value = a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b
    return f"({left} {op} {right})", value


def test_fuzz_expressions_match_exact_evaluation():
    rng = random.Random(23)
    for level in (1, 3, 6, 10):
        for seed in range(3):
            inst = TASK.generate(TASK.params(level), seed, 0)
            p = inst.payload
            assert TASK.verify(p, wrap(inst.answer)).correct
            for _ in range(150):
                nums = rng.sample(p["numbers"], rng.randint(1, len(p["numbers"])))
                ops = p["operators"] if rng.random() < 0.8 else "+-*/"
                text, value = _expr(nums, ops, rng)
                if rng.random() < 0.3:  # the target itself, made reachable by a closing correction
                    text, value = _fix(text, value, p, nums)
                tokens = text.replace("(", " ").replace(")", " ").split()
                used, given = Counter(int(t) for t in tokens if t.isdigit()), Counter(p["numbers"])
                valid = (value == p["target"] and set(c for c in text if c in "+-*/") <= set(p["operators"])
                         and not used - given and (not p["use_all"] or used == given))  # fmt: skip
                verdict = TASK.verify(p, wrap(text))
                assert verdict.correct == valid, (level, seed, text, value, verdict)


def _fix(text: str, value: Fraction | None, p: dict, nums: list[int]) -> tuple[str, Fraction | None]:
    """Append "+ d" or "- d" to hit the target (d may be a number not given: then it must fail)."""
    if value is None:
        return text, value
    d = p["target"] - value
    if d.denominator != 1 or d == 0:
        return text, value
    return (f"{text} + {d}", value + d) if d > 0 else (f"{text} - {-d}", value + d)

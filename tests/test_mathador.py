"""mathador: adversarial table, alternative answers, brute-force differential tests, hardness and speed."""

from __future__ import annotations

import ast
import re
import time
from fractions import Fraction
from functools import lru_cache
from itertools import combinations

import numpy as np
import pytest

from logicforge.generators import mathador as gen
from logicforge.tasks import get_task
from logicforge.verifiers import mathador as ver
from logicforge.verifiers._expr import ExprError, parse_expression

TASK = get_task("mathador")
P24 = {"numbers": [3, 3, 8, 8], "target": 24, "use_all": True, "operators": "+-*/"}
SUB = {"numbers": [25, 50, 75, 100, 3, 6], "target": 952, "use_all": False, "operators": "+-*/"}
NO_DIV = {"numbers": [3, 3, 8, 8], "target": 24, "use_all": True, "operators": "+-*"}
NO_MINUS = {"numbers": [2, 3, 4], "target": 10, "use_all": True, "operators": "+*"}
SUB_SMALL = {"numbers": [1, 2, 3, 7], "target": 21, "use_all": False, "operators": "+-*/"}

# (payload, answer, expected reason): near misses, each with why it must fail.
NEAR_MISSES = [
    (P24, "8 / 3 - 8 / 3", "wrong_value"),  # the right numbers, parentheses dropped
    (P24, "8 / (3 - 8) / 3", "wrong_value"),  # parentheses moved
    (P24, "8 * 3", "unused_numbers"),  # 24, but two numbers left over
    (P24, "8 * 3 + 3 - 3 + 8 - 8", "wrong_numbers"),  # uses 3 and 8 three times
    (P24, "33 - 8 - 8 + 7", "wrong_numbers"),  # digits joined into 33, and a 7 not given
    (P24, "24", "wrong_numbers"),  # just the target
    (P24, "8 / (3 - 8 / 3) + 0", "wrong_numbers"),  # a number not given
    (P24, "8 / (3 - 8 / 3) = 25", "wrong_target"),  # states the wrong result
    (P24, "8 / (3 - 8 / 3) = 24 = 24", "parse_error"),  # chained equals
    (P24, "24 = 8 / (3 - 8 / 3)", "parse_error"),  # target on the left
    (P24, "(8 / (3 - 8 / 3)", "parse_error"),  # unbalanced
    (P24, "(8 / [3 - 8 / 3)]", "parse_error"),  # brackets of different kinds crossed
    (P24, "8 / (3 - 3) * 8", "division_by_zero"),
    (P24, "8 ^ 3 - 3 - 8", "parse_error"),  # no powers
    (P24, "3 ** 8 - 3 - 8", "parse_error"),
    (P24, "8.0 / (3 - 8 / 3)", "parse_error"),  # no decimals
    (P24, "08 / (3 - 8 / 3)", "bad_number"),  # leading zero
    (P24, "8 / (3 - 8 / 3), 3 * 8", "parse_error"),  # two candidates
    (P24, "8 / (3 - 8 / 3) or 3 * 8 + 3 - 3", "parse_error"),  # a hedge
    (P24, "8 / (3 - 8 / 3) is the answer", "parse_error"),  # trailing prose
    (P24, "8 / (3 - 8 / 3).", "parse_error"),  # trailing punctuation
    (P24, "8(3 - 8 / 3)", "parse_error"),  # implicit multiplication
    (P24, "8 // (3 - 8 / 3)", "parse_error"),  # floor division is not an operator here
    (P24, "(3 + 3) * (8 - 8 / 2)", "wrong_numbers"),  # 2 is not given
    (P24, "(3 + 3 / 8) * 8", "wrong_value"),  # 27
    (P24, "--8 / (3 - 8 / 3)", "parse_error"),  # double negation
    (P24, "((((((((((((((((((((((8)))))))))))))))))))))) / (3 - 8 / 3)", "too_deep"),
    (P24, "1" * 40, "bad_number"),
    (P24, "8" + " + 8" * 300, "too_long"),
    (NO_DIV, "8 / (3 - 8 / 3)", "forbidden_operator"),  # division not allowed here
    (NO_MINUS, "-2 + 3 * 4", "negation"),  # negation needs subtraction to be allowed
    (NO_MINUS, "2 * 3 + 4", "ok"),
    (NO_MINUS, "2 + 3 + 4", "wrong_value"),
    (SUB, "((100 + 6) * 3 * 75 - 50) / 25", "ok"),
    (SUB, "((100 + 6) * 3 * 75 - 50) / 25 = 952", "ok"),
    (SUB, "((100 + 6) * 3 * 75 - 50) / 5", "wrong_numbers"),  # 5 not given
    (SUB, "100 * 3 * 3 + 52", "wrong_numbers"),  # 3 used twice, 52 not given
    (SUB, "(100 + 6) * 3 * 3", "wrong_numbers"),  # 3 used twice
    (SUB, "(75 * 3 - 50 / 25) * 6 / 100", "wrong_value"),
    (SUB, "(100 + 6) * 3 + 75 * 50 / 25 + 25", "wrong_numbers"),  # 25 twice
]


@pytest.mark.parametrize(("payload", "answer", "reason"), NEAR_MISSES)
def test_near_misses(payload, answer, reason):
    verdict = ver.verify(payload, answer)
    assert verdict.reason == reason, (answer, verdict)
    assert verdict.correct == (reason == "ok")




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


@pytest.mark.parametrize(("payload", "answer"), VALID)
def test_valid_answers_and_reformattings_pass(payload, answer):
    verdict = ver.verify(payload, answer)
    assert verdict.correct, (answer, verdict)
    assert TASK.verify(payload, f"<answer>{answer}</answer>").correct


def test_task_level_hostile_and_extraction():
    assert TASK.verify(P24, "<answer>8 / (3 - 8 / 3)</answer>").correct
    assert TASK.verify(P24, "I think 8 / (3 - 8 / 3)").reason == "no_answer"
    assert not TASK.verify(P24, "<answer>8/(3-8/3)</answer><answer>3*8</answer>").correct
    for text in ["(" * 5000 + "3" + ")" * 5000, "9" * 5000, "3" + "*3" * 3000, "1/" * 2000 + "1"]:
        start = time.perf_counter()
        verdict = TASK.verify(P24, f"<answer>{text}</answer>")
        assert not verdict.correct and not verdict.reason.startswith("internal_error")
        assert time.perf_counter() - start < 0.05


# ---- an independent brute force (negatives and fractions allowed, every tree shape) ----


@lru_cache(maxsize=None)
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


def brute_solutions(numbers: list[int], target: int, use_all: bool, ops: str = "+-*/") -> list[str]:
    """One expression per sub-multiset that reaches the target (all numbers if use_all)."""
    sizes = [len(numbers)] if use_all else range(1, len(numbers) + 1)
    found = []
    for size in sizes:
        for chosen in sorted({tuple(sorted(c)) for c in combinations(numbers, size)}):
            expr = brute_values(chosen, ops).get(Fraction(target))
            if expr is not None:
                found.append(expr)
    return found


def _instances(level: int, count: int, seed: int = 11):
    params = TASK.params(level)
    return [TASK.generate(params, seed, i) for i in range(count)]


@pytest.mark.parametrize("level", [1, 2, 3])
def test_generated_puzzles_are_solvable_by_brute_force(level):
    """Up to four numbers the brute force is exhaustive: it must find a solution with the
    puzzle's own operators, and a solution's first step is never the target itself."""
    for inst in _instances(level, 8):
        p = inst.payload
        sols = brute_solutions(p["numbers"], p["target"], p["use_all"], p["operators"])
        assert sols, inst.question
        assert p["use_all"] or p["target"] not in p["numbers"]
        assert ver.verify(p, inst.answer).correct


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


def test_alternative_solutions_from_brute_force_pass():
    """Every distinct brute-force solution (other shapes, other subsets) verifies."""
    checked = 0
    for inst in _instances(3, 6) + _instances(1, 6) + _instances(2, 6):
        p = inst.payload
        for expr in brute_solutions(p["numbers"], p["target"], p["use_all"], p["operators"]):
            assert ver.verify(p, expr).correct, (p, expr)
            checked += 1
    assert checked >= 18


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


def test_differential_random_candidates_against_direct_evaluation():
    """Random candidates (right and wrong numbers, all operators): the verdict matches the rules."""
    rng = np.random.default_rng(5)
    agree = accepted = 0
    for inst in _instances(3, 10) + _instances(5, 10) + _instances(1, 10):
        p = inst.payload
        for _ in range(60):
            pool = p["numbers"] + ([int(rng.integers(1, 12))] if rng.random() < 0.3 else [])
            ops = "+-*/" if rng.random() < 0.3 else p["operators"]
            text, value, used = _random_expr(rng, pool, ops)
            if rng.random() < 0.5:  # aim some candidates at the target: the last step fixes the value
                delta = p["target"] - value if value is not None else None
                if delta is not None and delta.denominator == 1 and delta > 0 and "+" in p["operators"]:
                    text, value = f"{text} + {delta}", Fraction(p["target"])
                    used = used + [int(delta)]
            want = sorted(p["numbers"])
            multiset_ok = all(used.count(n) <= want.count(n) for n in used) and (
                not p["use_all"] or sorted(used) == want
            )
            ops_used = {c for c in text if c in "+-*/"}
            expected = multiset_ok and ops_used <= set(p["operators"]) and value == p["target"]
            verdict = ver.verify(p, text)
            assert verdict.correct == expected, (p, text, verdict)
            agree += 1
            accepted += verdict.correct
    assert agree >= 1000 and accepted >= 10


def test_parser_matches_python_arithmetic_on_plain_expressions():
    """On plain + - * / expressions the exact parser agrees with Fraction arithmetic done by hand."""
    rng = np.random.default_rng(9)
    for _ in range(300):
        text, value, used = _random_expr(rng, [int(v) for v in rng.integers(1, 30, size=5)], "+-*/")
        expr = parse_expression(text, max_numbers=10)
        assert expr.value == value and sorted(expr.numbers) == sorted(used)
    with pytest.raises(ExprError):
        parse_expression("2 ** 3")


def test_fuzz_parser_against_python_grammar():
    """Random token soup: the parser accepts exactly the strings Python's grammar reads as plain
    arithmetic (minus single negations and leading zeros) and gets the same exact value."""
    rng = np.random.default_rng(17)
    tokens = ["1", "2", "3", "8", "12", "0", "+", "-", "*", "/", "(", ")", " "]
    accepted = 0
    for _ in range(4000):
        text = "".join(tokens[int(i)] for i in rng.integers(len(tokens), size=int(rng.integers(1, 12))))
        try:
            tree = ast.parse(text.strip(), mode="eval").body
            want = _oracle(tree)
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


def _oracle(node: ast.AST) -> Fraction | None:
    """The test's own oracle: the exact value of a Python-syntax tree of ints, + - * / and single
    negations (None after a division by zero); ValueError for anything else."""
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


def test_reference_is_one_of_the_brute_force_values():
    for inst in _instances(2, 10):
        p = inst.payload
        nums = tuple(p["numbers"])
        assert Fraction(p["target"]) in brute_values(nums) or not p["use_all"]


@pytest.mark.parametrize("level", range(1, 11))
def test_reference_uses_allowed_numbers_and_operators(level):
    for inst in _instances(level, 4, seed=3):
        expr = parse_expression(inst.answer, max_numbers=10, allow_negation=False)
        assert expr.operators <= set(inst.payload["operators"])
        assert expr.value == inst.payload["target"]


def test_hardness_rises_with_level_and_generation_is_fast():
    medians = []
    for level in range(1, 11):
        params = TASK.params(level)
        hard = [TASK.generate(params, 21, i).hardness for i in range(10)]
        medians.append(float(np.median(hard)))
    assert medians == sorted(medians), medians
    assert medians[-1] > 20 * medians[0]
    params = TASK.params(10)
    worst = 0.0
    for i in range(5):
        start = time.perf_counter()
        TASK.generate(params, 99, i)
        worst = max(worst, time.perf_counter() - start)
    assert worst < 2.0


def test_knob_validation():
    with pytest.raises(ValueError, match="num_lo"):
        gen.Params(num_lo=20, num_hi=10)
    with pytest.raises(ValueError, match="target_lo"):
        gen.Params(n_numbers=3, num_hi=5, target_lo=500, target_hi=600, operators="+-")
    with pytest.raises(ValueError, match="operators"):
        gen.Params(operators="^")
    with pytest.raises(ValueError, match="min_used"):
        gen.Params(n_numbers=3, min_used=4)

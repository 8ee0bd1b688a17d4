"""Cryptarithm: near misses, equivalent answers, brute-force differential checks, hardness and speed."""

from __future__ import annotations

import itertools
import re
import time

import numpy as np
import pytest

from logicforge.generators import _cryptarithm_solver as solver
from logicforge.generators._cryptarithm_solver import Cryptarithm, count_solutions
from logicforge.tasks import get_task
from logicforge.verifiers.cryptarithm import verify

TASK = get_task("cryptarithm")
SEND = {"terms": ["SEND", "MORE"], "op": "+", "result": "MONEY", "given": []}
SEND_MAP = dict(zip("SENDMORY", "95671082"))


def wrap(text: str) -> str:
    return f"<think>trying digits</think>\n<answer>{text}</answer>"


def words_of(payload: dict) -> list[str]:
    return [*payload["terms"], payload["result"]]


def digits_text(payload: dict, mapping: dict[str, int]) -> str:
    """The equation with letters replaced, as the answer format asks."""
    nums = ["".join(str(mapping[c]) for c in w) for w in payload["terms"]]
    res = "".join(str(mapping[c]) for c in payload["result"])
    return f" {payload['op']} ".join(nums) + f" = {res}"


# -- an independent brute force: numpy over every injective assignment ------------------------------


def brute_holds(payload: dict, mapping: dict[str, int]) -> bool:
    """What the verifier must say about a complete letter -> digit mapping."""
    words = words_of(payload)
    letters = {c for w in words for c in w}
    if set(mapping) != letters or len(set(mapping.values())) != len(mapping):
        return False
    if any(mapping[w[0]] == 0 for w in words) or any(mapping[c] != d for c, d in payload["given"]):
        return False
    vals = [int("".join(str(mapping[c]) for c in w)) for w in words]
    *terms, res = vals
    op = payload["op"]
    lhs = sum(terms) if op == "+" else terms[0] - terms[1] if op == "-" else terms[0] * terms[1]
    return lhs == res


def brute_solutions(payload: dict) -> list[dict[str, int]]:
    """Every solution, by evaluating all injective digit assignments of the free letters at once."""
    words = words_of(payload)
    given = {c: d for c, d in payload["given"]}
    free = sorted({c for w in words for c in w} - set(given))
    digits = [d for d in range(10) if d not in given.values()]
    perms = np.array(list(itertools.permutations(digits, len(free))), dtype=np.int64)
    perms = perms.reshape(len(perms), len(free))
    col = {c: perms[:, i] for i, c in enumerate(free)}
    col.update({c: np.full(len(perms), d, dtype=np.int64) for c, d in given.items()})
    vals = [sum(col[c] * 10 ** (len(w) - 1 - p) for p, c in enumerate(w)) for w in words]
    *terms, res = vals
    op = payload["op"]
    lhs = sum(terms) if op == "+" else terms[0] - terms[1] if op == "-" else terms[0] * terms[1]
    ok = lhs == res
    for w in words:
        ok &= col[w[0]] != 0
    return [{**given, **dict(zip(free, map(int, row)))} for row in perms[ok]]


def small_instances(levels=(1, 2, 3), per_level: int = 6, max_free: int = 5):
    """Generated items with few unknown letters, so the brute force stays cheap."""
    out = []
    for level in levels:
        found = 0
        for i in range(40):
            inst = TASK.generate(TASK.params(level), 11, i)
            letters = {c for w in words_of(inst.payload) for c in w}
            if len(letters) - len(inst.payload["given"]) <= max_free and found < per_level:
                out.append(inst)
                found += 1
    return out


def reference_mapping(inst) -> dict[str, int]:
    """The letter -> digit map the reference answer spells out."""
    numbers = re.findall(r"[0-9]+", inst.answer)
    return {c: int(d) for w, num in zip(words_of(inst.payload), numbers) for c, d in zip(w, num)}


# -- 1. near misses, each with the reason it must fail for -------------------------------------------

NEAR_MISSES = [
    ("9567 + 1085 = 10653", "violates:arithmetic"),  # Y changed to a free digit: pattern fine, sum wrong
    ("9567 + 1085 = 10662", "violates:same_letter"),  # E written as 5 in SEND and 6 in MONEY
    ("9567 + 1085 = 10655", "violates:distinct_letters"),  # Y = 5 = E
    ("1085 + 9567 = 10652", "violates:same_letter"),  # operands swapped: the pattern no longer fits
    ("9567 + 1085 = 1652", "wrong_length"),  # a digit dropped from the result
    ("09567 + 1085 = 10652", "wrong_length"),  # a padded operand is not the word
    ("9567 - 1085 = 10652", "wrong_operator"),  # the wrong operation
    ("9567 * 1085 = 10652", "wrong_operator"),
    ("9567 + 1085", "parse_error"),  # no result
    ("9567 + 1085 + 0 = 10652", "parse_error"),  # an extra term
    ("9567 + 1085 = 10652 = 10652", "parse_error"),  # the result twice
    ("10652 = 9567 + 1085", "parse_error"),  # reversed equation
    ("9567 + 1085 = 10652 or 9567 + 1085 = 10653", "parse_error"),  # two candidates
    ("9567 + 1085 = 10652. 1", "parse_error"),  # trailing text after the equation
    ("The answer is 9567 + 1085 = 10652", "parse_error"),  # prose inside the tag
    ("10652", "parse_error"),  # only the result
    ("S=9, E=5, N=6, D=7, M=1, O=0, R=8", "missing_letter"),  # Y left out
    ("S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2, Z=3", "extra_letter"),  # a letter not in the puzzle
    ("S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2, S=9", "duplicate_letter"),  # S mapped twice
    ("S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=8", "violates:distinct_letters"),  # R and Y both 8
    ("S=9, E=5, N=6, D=7, M=0, O=1, R=8, Y=2", "violates:leading_zero"),  # M leads MORE and MONEY
    ("S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=3", "violates:arithmetic"),  # 9567 + 1085 != 10653
    ("S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=22", "parse_error"),  # a two-digit value
    ("S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2 and more", "parse_error"),
]


@pytest.mark.parametrize(("answer", "reason"), NEAR_MISSES)
def test_near_misses_fail_with_reason(answer, reason):
    verdict = TASK.verify(SEND, wrap(answer))
    assert not verdict.correct and verdict.score == 0.0
    assert verdict.reason == reason, (answer, verdict)


def test_givens_are_enforced():
    puzzle = {"terms": ["A", "B"], "op": "+", "result": "C", "given": [["A", 1]]}
    assert verify(puzzle, "1 + 2 = 3").correct
    assert verify(puzzle, "2 + 1 = 3").reason == "violates:given"  # valid sum, but A is given as 1


def test_subtraction_and_product_near_misses():
    minus = {"terms": ["TUTFUMJ", "MZUTLK"], "op": "-", "result": "KHGGFUL", "given": []}
    assert verify(minus, "7073094 - 950786 = 6122308").correct
    assert verify(minus, "7073094 + 950786 = 6122308").reason == "wrong_operator"
    assert verify(minus, "950786 - 7073094 = 6122308").reason == "wrong_length"  # operands swapped
    times = {"terms": ["SYVY", "SMB"], "op": "*", "result": "VECBAVB", "given": []}
    assert verify(times, "5121 * 568 = 2908728").correct
    assert verify(times, "5121 * 568 = 2908729").reason == "violates:same_letter"


# -- 2. alternative valid answers and equivalent formattings -----------------------------------------


def test_every_solution_of_an_ambiguous_puzzle_is_accepted():
    # A + B = C has many solutions; a constraint verifier must accept each and only those
    puzzle = {"terms": ["A", "B"], "op": "+", "result": "C", "given": []}
    for a, b in itertools.product(range(10), repeat=2):
        text = f"{a} + {b} = {a + b}"
        expected = a + b <= 9 and len({a, b, a + b}) == 3 and 0 not in (a, b)
        assert verify(puzzle, text).correct == expected, text


EQUIVALENT = [
    "9567 + 1085 = 10652",
    "9567+1085=10652",
    "  9567 +\t1085 =  10652 ",
    "  9567\n+ 1085\n------\n 10652",  # the column layout with a rule line
    "9567 + 1085 == 10652",
    "9567 + 1085 = 10652.",  # a closing full stop
    "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2",
    "D=7 E=5 M=1 N=6 O=0 R=8 S=9 Y=2",
    "s=9; e=5; n=6; d=7; m=1; o=0; r=8; y=2",
    "S: 9\nE: 5\nN: 6\nD: 7\nM: 1\nO: 0\nR: 8\nY: 2",
    '{"S": 9, "E": 5, "N": 6, "D": 7, "M": 1, "O": 0, "R": 8, "Y": 2}',
    "S -> 9, E -> 5, N -> 6, D -> 7, M -> 1, O -> 0, R -> 8, Y -> 2",
    "S\u21929, E\u21925, N\u21926, D\u21927, M\u21921, O\u21920, R\u21928, Y\u21922",
]


@pytest.mark.parametrize("answer", EQUIVALENT)
def test_equivalent_formattings_pass(answer):
    assert TASK.verify(SEND, wrap(answer)).correct, answer


def test_operator_spellings_pass():
    times = {"terms": ["SYVY", "SMB"], "op": "*", "result": "VECBAVB", "given": []}
    for sign in ("*", "x", "X", "\u00d7", "\u00b7"):
        assert verify(times, f"5121 {sign} 568 = 2908728").correct, sign
    minus = {"terms": ["TUTFUMJ", "MZUTLK"], "op": "-", "result": "KHGGFUL", "given": []}
    for sign in ("-", "\u2212", "\u2013"):
        assert verify(minus, f"7073094 {sign} 950786 = 6122308").correct, sign


@pytest.mark.parametrize("level", range(1, 11))
def test_generated_reference_in_other_forms(level):
    inst = TASK.generate(TASK.params(level), 3, level)
    truth = reference_mapping(inst)
    mapping = ", ".join(f"{c}={d}" for c, d in sorted(truth.items()))
    for text in (inst.answer.replace(" ", ""), mapping, mapping.lower(), "{" + mapping + "}"):
        assert TASK.verify(inst.payload, wrap(text)).correct, (level, text)


# -- 3. differential tests against the brute force ---------------------------------------------------


def test_generated_puzzles_are_unique_by_brute_force():
    items = small_instances() + small_instances(levels=(5, 6), per_level=3, max_free=6)
    assert len(items) >= 18
    for inst in items:
        sols = brute_solutions(inst.payload)
        assert len(sols) == 1, (inst.payload, sols[:3])
        assert digits_text(inst.payload, sols[0]) == inst.answer


def test_verifier_agrees_with_brute_force_on_random_candidates():
    rng = np.random.default_rng(0)
    for inst in small_instances(per_level=3):
        letters = sorted({c for w in words_of(inst.payload) for c in w})
        truth = brute_solutions(inst.payload)[0]
        candidates = [truth]
        for _ in range(60):
            kind = rng.integers(3)
            if kind == 0:  # a random injective mapping
                cand = dict(zip(letters, map(int, rng.permutation(10)[: len(letters)])))
            elif kind == 1:  # the truth with two letters swapped
                a, b = rng.choice(letters, size=2, replace=False) if len(letters) > 1 else (letters[0],) * 2
                cand = {**truth, a: truth[b], b: truth[a]}
            else:  # the truth with one letter changed (may collide with another letter)
                c = letters[int(rng.integers(len(letters)))]
                cand = {**truth, c: int(rng.integers(10))}
            candidates.append(cand)
        for cand in candidates:
            expected = brute_holds(inst.payload, cand)
            text = ", ".join(f"{c}={d}" for c, d in cand.items())
            assert verify(inst.payload, text).correct == expected, (inst.payload, cand)
            if all(cand[w[0]] for w in words_of(inst.payload)):
                assert verify(inst.payload, digits_text(inst.payload, cand)).correct == expected


def test_solver_counts_match_brute_force_on_random_small_puzzles():
    rng = np.random.default_rng(1)
    pool = list("ABCDEF")
    for it in range(150):
        op = "+-*"[it % 3]
        k = int(rng.integers(2, 4)) if op == "+" else 2
        terms = ["".join(rng.choice(pool[:5], size=int(rng.integers(1, 3)))) for _ in range(k)]
        result = "".join(rng.choice(pool, size=int(rng.integers(1, 4))))
        present = sorted(set("".join(terms)))
        given = [] if rng.random() < 0.6 else [[str(rng.choice(present)), int(rng.integers(1, 10))]]
        payload = {"terms": terms, "op": op, "result": result, "given": given}
        expected = len(brute_solutions(payload))
        signs = [1, -1] if op == "-" else [1] * k
        found, _ = count_solutions(terms, signs, result, op == "*", dict(given), limit=10**6)
        assert len(found) == expected, payload
        for sol in found:
            assert brute_holds(payload, sol)


def test_long_multipliers_match_brute_force():
    # three- and four-letter multipliers take the numpy sweep; six letters keep the brute force small
    rng = np.random.default_rng(2)
    pool = list("ABCDEF")
    for it in range(12):
        right = "".join(rng.permutation(pool)[: 3 + it % 2])
        left = "".join(rng.choice(pool, size=int(rng.integers(1, 4))))
        result = "".join(rng.choice(pool, size=int(rng.integers(3, 7))))
        payload = {"terms": [left, right], "op": "*", "result": result, "given": []}
        found, _ = count_solutions([left, right], [1, 1], result, True, limit=10**6)
        assert sorted(map(sorted, map(dict.items, found))) == sorted(map(sorted, map(dict.items, brute_solutions(payload))))


def test_product_sweep_equals_one_by_one_search(monkeypatch):
    """The numpy sweep must return the loop's solutions in the loop's order, and the same nodes
    (hardness), also when it stops at `limit` part-way through a multiplier's search."""
    rng = np.random.default_rng(3)
    cases = []
    for it in range(60):  # real products under a random digit -> letter map: at least one solution
        left, right = int(rng.integers(1, 10 ** (1 + it % 4))), int(rng.integers(100, 10 ** (3 + it % 2)))
        code = dict(zip("0123456789", rng.permutation(list("ABCDEFGHJK"))))
        left, right, result = ("".join(code[c] for c in str(n)) for n in (left, right, left * right))
        fixed = {} if it % 3 else {right[0]: "ABCDEFGHJK".index(right[0])}  # maybe a wrong digit
        cases.append(([left, right], result, fixed))
    for terms, result, fixed in cases:
        for limit in (1, 2, 3, 10**6):
            monkeypatch.setattr(solver, "_BATCH", 1)
            swept = count_solutions(terms, [1, 1], result, True, fixed, limit)
            monkeypatch.setattr(solver, "_BATCH", 99)
            assert swept == count_solutions(terms, [1, 1], result, True, fixed, limit), (terms, result, fixed, limit)


def test_interchangeable_letters_are_revealed():
    # 85 + 39 = 124: A and C (tens) and B and D (units) can swap digits, so 35 + 89 = 124 also
    # holds, and a unique puzzle must reveal one letter of each pair
    puzzle = Cryptarithm(["AB", "CD"], [1, 1], "EFG")
    truth = dict(zip("ABCDEFG", (8, 5, 3, 9, 1, 2, 4)))
    assert puzzle.interchangeable(truth) == [["A", "C"], ["B", "D"]]
    sols, _ = puzzle.count(limit=10**6)
    assert truth in sols and {**truth, "A": 3, "C": 8} in sols and {**truth, "B": 9, "D": 5} in sols
    for level in (1, 2, 3, 4, 5):
        for i in range(20):
            inst = TASK.generate(TASK.params(level), 13, i)
            terms, res = inst.payload["terms"], inst.payload["result"]
            signs = [1, -1] if inst.payload["op"] == "-" else [1] * len(terms)
            given = dict(inst.payload["given"])
            for group in Cryptarithm(terms, signs, res).interchangeable(reference_mapping(inst)):
                assert len([c for c in group if c not in given]) <= 1, (inst.payload, group)


# -- 4. hardness and generation time -----------------------------------------------------------------


def test_hardness_rises_with_level():
    # search-tree sizes are heavy-tailed, so the medians take 30 items per level to settle
    medians = []
    for level in range(1, 11):
        hs = [TASK.generate(TASK.params(level), 5, i).hardness for i in range(30)]
        medians.append(float(np.median(hs)))
    assert medians == sorted(medians), medians
    assert medians[-1] > 20 * medians[0], medians


def test_generation_time_per_item():
    for level in (1, 5, 10):
        worst = 0.0
        for i in range(5):
            start = time.perf_counter()
            TASK.generate(TASK.params(level), 9, i)
            worst = max(worst, time.perf_counter() - start)
        assert worst < 2.0, (level, worst)


def test_knob_rules():
    with pytest.raises(ValueError, match="min_digits"):
        TASK.params(1, {"min_digits": "5", "max_digits": "3"})
    with pytest.raises(ValueError, match="terms"):
        TASK.params(1, {"op": "*", "terms": "3"})

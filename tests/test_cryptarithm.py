"""Cryptarithm: generation and the question text, a verifier table of adversarial cases (three answer forms),
brute-force agreement and fuzz, and the generator's solver against brute force."""

from __future__ import annotations

import itertools
import json
import math
import random
import re
import time

import numpy as np
import pytest

from logicforge.generators import _cryptarithm_solver as solver
from logicforge.generators._cryptarithm_solver import Cryptarithm, count_solutions
from logicforge.tasks import get_task, prompts
from logicforge.verifiers.cryptarithm import verify

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, unique_cases, wrap

TASK = get_task("cryptarithm")
# Every wording of the question: (language, question macro).
WORDINGS = [(lang, m) for lang in prompts.LANGS for m in prompts.paraphrases(TASK.module, lang)]


# -- the oracle: an independent brute force over the payload --------------------------------------------------


def _value(op: str, terms: list[int]) -> int:
    return {"+": sum(terms), "-": terms[0] - sum(terms[1:]), "*": math.prod(terms)}[op]


def ORACLE(payload: dict) -> list[str] | None:
    """Up to two digit assignments that solve the puzzle, each written as its equation ("20 + 17 = 37").

    Enumerates injective letter -> digit assignments (hinted letters fixed, no leading zero) depth first,
    column by column from the right, and drops a branch once the k lowest columns are fixed and the
    equation fails modulo 10**k (true for +, - and * alike); a full assignment must satisfy it exactly.
    None for a payload marked "unique": false. Decides every level (a 4x4-digit product in milliseconds).
    """
    if payload.get("unique") is False:
        return None
    op, terms, result = payload["op"], list(payload["terms"]), payload["result"]
    words, given = [*terms, result], {c: d for c, d in payload["given"]}
    width = max(map(len, words))
    order: list[str] = []
    checks: dict[int, int] = {}  # index in `order` after which the k lowest columns are complete -> k
    for k in range(1, width + 1):
        for w in words:
            if len(w) >= k and w[-k] not in order:
                order.append(w[-k])
        checks[len(order) - 1] = max(checks.get(len(order) - 1, 0), k)
    leading = {w[0] for w in words}
    assign: dict[str, int] = {}
    found: list[str] = []

    def tail(w: str, k: int) -> int:
        return int("".join(str(assign[c]) for c in w[-k:])) if k else 0

    def holds(k: int) -> bool:
        *ts, r = (tail(w, min(k, len(w))) for w in words)
        diff = _value(op, ts) - r
        return diff == 0 if k >= width else diff % 10**k == 0

    def go(i: int) -> None:
        if len(found) >= 2:
            return
        if i == len(order):
            nums = ["".join(str(assign[c]) for c in w) for w in words]
            found.append(f" {op} ".join(nums[:-1]) + f" = {nums[-1]}")
            return
        c = order[i]
        for d in [given[c]] if c in given else range(10):
            if d in assign.values() or (d == 0 and c in leading):
                continue
            assign[c] = d
            if i not in checks or holds(checks[i]):
                go(i + 1)
            del assign[c]

    go(0)
    return found


def words_of(payload: dict) -> list[str]:
    return [*payload["terms"], payload["result"]]


def digits_text(payload: dict, mapping: dict[str, int]) -> str:
    """The equation with letters replaced, as the answer format asks."""
    nums = ["".join(str(mapping[c]) for c in w) for w in payload["terms"]]
    res = "".join(str(mapping[c]) for c in payload["result"])
    return f" {payload['op']} ".join(nums) + f" = {res}"


def brute_holds(payload: dict, mapping: dict[str, int]) -> bool:
    """What the verifier must say about a complete letter -> digit mapping."""
    words = words_of(payload)
    if set(mapping) != {c for w in words for c in w} or len(set(mapping.values())) != len(mapping):
        return False
    if any(mapping[w[0]] == 0 for w in words) or any(mapping[c] != d for c, d in payload["given"]):
        return False
    *terms, res = (int("".join(str(mapping[c]) for c in w)) for w in words)
    return _value(payload["op"], terms) == res


def brute_solutions(payload: dict) -> list[dict[str, int]]:
    """Every solution, by evaluating all injective digit assignments of the free letters at once (numpy)."""
    words = words_of(payload)
    given = {c: d for c, d in payload["given"]}
    free = sorted({c for w in words for c in w} - set(given))
    digits = [d for d in range(10) if d not in given.values()]
    perms = np.array(list(itertools.permutations(digits, len(free))), dtype=np.int64)
    perms = perms.reshape(len(perms), len(free))
    col = {c: perms[:, i] for i, c in enumerate(free)}
    col.update({c: np.full(len(perms), d, dtype=np.int64) for c, d in given.items()})
    *terms, res = (sum(col[c] * 10 ** (len(w) - 1 - p) for p, c in enumerate(w)) for w in words)
    op = payload["op"]
    ok = (sum(terms) if op == "+" else terms[0] - terms[1] if op == "-" else terms[0] * terms[1]) == res
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


# -- 1. generation and the question text ----------------------------------------------------------------------


_EQUATION = re.compile(r"^\s{4}([A-Z][A-Z ]*?[A-Z]|[A-Z]) ([+\-*]) (.*?) = ([A-Z]+)\s*$", re.M)
_COLUMN = re.compile(r"^ +(?:([+\-×]) )?([A-Z]+)$|^ +(-+)$", re.M)  # a row of the written-out calculation
_GIVEN = re.compile(r"(?<![A-Za-z])([A-Z]) = ([0-9])(?![0-9])")
# How each wording says that * (or ×) is multiplication.
_TIMES = ("* means multiplication", "× means multiplication", "* is multiplication", "* is the multiplication sign",
          "* 表示乘号", "* 表示乘法", "* 是乘号", "乘法竖式")  # fmt: skip


def parse_question(question: str) -> tuple[list[str], str, str, dict[str, int]]:
    """(terms, op, result, givens) from the rendered question, in any wording: the equation on one line, or
    written out in columns (operands, the sign before the last one, a rule, the result)."""
    if m := _EQUATION.search(question):
        op = m.group(2)
        terms = [m.group(1)] + [t.strip() for t in m.group(3).split(f" {op} ")]
        result, rest = m.group(4), question.replace(m.group(0), "")
    else:
        rows = _COLUMN.findall(question)
        rule = next(i for i, row in enumerate(rows) if row[2])
        terms, result = [row[1] for row in rows[:rule]], rows[rule + 1][1]
        op = {"×": "*"}.get(rows[rule - 1][0], rows[rule - 1][0])
        assert op and len(rows) == rule + 2 and not any(row[0] for row in rows[: rule - 1]), question
        rest = _COLUMN.sub("", question)
    assert all(re.fullmatch(r"[A-Z]+", t) for t in terms), terms
    given = {letter: int(digit) for letter, digit in _GIVEN.findall(rest)}
    if op == "*":
        assert any(t in question for t in _TIMES), question
    return terms, op, result, given


@pytest.mark.parametrize("level", range(1, 11))
def test_question_text_matches_payload_and_the_reference_verifies_in_other_forms(level):
    for i in range(8):
        inst = TASK.generate(TASK.params(level), 2024, i)
        assert "Answer format:" in TASK.prompt(inst.question)[0]["content"]
        for lang, macro in WORDINGS:
            terms, op, result, given = parse_question(prompts.render(TASK.module, lang, macro, inst.fields))
            assert (terms, op, result) == (inst.payload["terms"], inst.payload["op"], inst.payload["result"])
            assert given == {c: d for c, d in inst.payload["given"]}, (lang, macro)
    inst = TASK.generate(TASK.params(level), 3, level)
    truth = reference_mapping(inst)
    mapping = ", ".join(f"{c}={d}" for c, d in sorted(truth.items()))
    for text in (inst.answer.replace(" ", ""), mapping, mapping.lower(), "{" + mapping + "}"):
        assert TASK.verify(inst.payload, wrap(text)).correct, (level, text)
        assert TASK.verify(json.dumps(inst.payload), wrap(text)).correct


def test_first_english_wording_is_the_original_question():
    fields = {"terms": ["SEND", "MORE"], "op": "+", "result": "MONEY", "given": [["D", 7], ["E", 5]]}
    assert prompts.render(TASK.module, "en", "q1", fields) == (
        "Solve this cryptarithm:\n\n    SEND + MORE = MONEY\n\nEach letter stands for one digit from 0 to 9: the "
        "same letter is always the same digit, and different letters are different digits. The first letter of "
        "every word is not 0. Exactly one assignment of digits makes the equation true.\nGiven: D = 7, E = 5."
    )


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


def test_knob_rules():
    with pytest.raises(ValueError, match="min_digits"):
        TASK.params(1, {"min_digits": "5", "max_digits": "3"})
    with pytest.raises(ValueError, match="terms"):
        TASK.params(1, {"op": "*", "terms": "3"})


def test_generation_has_no_long_tail():
    """A tail guard, not a benchmark: search sizes are heavy-tailed, but no item takes seconds (median 2 ms)."""
    for level in (1, 5, 10):
        for i in range(5):
            start = time.perf_counter()
            TASK.generate(TASK.params(level), 9, i)
            assert time.perf_counter() - start < 10.0, (level, i)


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

SEND = {"terms": ["SEND", "MORE"], "op": "+", "result": "MONEY", "given": []}  # 9567 + 1085 = 10652
LYHE = {"terms": ["LY", "HE"], "op": "+", "result": "NE", "given": [["E", 7], ["L", 2], ["N", 3]]}  # 20 + 17 = 37
TIMES = {"terms": ["HBBE", "THTY"], "op": "*", "result": "YNETCMEE", "given": []}  # 2005 * 7271 = 14578355
MINUS = {"terms": ["CLCB", "RRZL"], "op": "-", "result": "ZCRC", "given": [["L", 6]]}  # 9695 - 7716 = 1979
MINUS7 = {"terms": ["TUTFUMJ", "MZUTLK"], "op": "-", "result": "KHGGFUL", "given": []}  # 7073094 - 950786
TIMES7 = {"terms": ["SYVY", "SMB"], "op": "*", "result": "VECBAVB", "given": []}  # 5121 * 568 = 2908728
MUL = {"terms": ["AB", "C"], "op": "*", "result": "DE", "given": []}  # 17 * 4 = 68
SUB = {"terms": ["ABC", "DE"], "op": "-", "result": "FG", "given": []}  # 104 - 25 = 79
MM = {"terms": ["M", "M"], "op": "+", "result": "B", "given": []}  # 2 + 2 = 4
ABC = {"terms": ["A", "B"], "op": "+", "result": "C", "given": [["A", 1]]}
TIMES3 = {"terms": ["A", "B", "C"], "op": "*", "result": "DE", "given": []}
MINUS3 = {"terms": ["AB", "C", "D"], "op": "-", "result": "EF", "given": []}

CASES = unique_cases([
    # (payload, answer, expected reason; None: refused for any reason)
    (SEND, "9567 + 1085 = 10653", "violates:arithmetic"),  # Y changed to a free digit: pattern fine, sum wrong
    (SEND, "9567 + 1085 = 10662", "violates:same_letter"),  # E written as 5 in SEND and 6 in MONEY
    (SEND, "9567 + 1085 = 10655", "violates:distinct_letters"),  # Y = 5 = E
    (SEND, "1085 + 9567 = 10652", "violates:same_letter"),  # operands swapped: the pattern no longer fits
    (SEND, "9567 + 1085 = 1652", "wrong_length"),  # a digit dropped from the result
    (SEND, "09567 + 1085 = 10652", "wrong_length"),  # a padded operand is not the word
    (SEND, "9567 - 1085 = 10652", "violates:operator"),  # the wrong operation
    (SEND, "9567 * 1085 = 10652", "violates:operator"),
    (SEND, "9567 + 1085", "parse_error"),  # no result
    (SEND, "9567 + 1085 + 0 = 10652", "parse_error"),  # an extra term
    (SEND, "9567 + 1085 = 10652 = 10652", "parse_error"),  # the result twice
    (SEND, "10652 = 9567 + 1085", "parse_error"),  # reversed equation
    (SEND, "9567 + 1085 = 10652 or 9567 + 1085 = 10653", "parse_error"),  # two candidates
    (SEND, "9567 + 1085 = 10652. 1", "parse_error"),  # trailing text after the equation
    (SEND, "The answer is 9567 + 1085 = 10652", "parse_error"),  # prose inside the tag
    (SEND, "10652", "parse_error"),  # only the result
    (SEND, "9567 + 1085 = 1065²", "parse_error"),  # regression: NFKC read "1065²" as 10652
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8", "missing_item"),  # Y left out
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2, Z=3", "unknown_item"),  # a letter not in the puzzle
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2, S=9", "duplicate_item"),  # S mapped twice
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=8", "violates:distinct_letters"),  # R and Y both 8
    (SEND, "S=9, E=5, N=6, D=7, M=0, O=1, R=8, Y=2", "violates:leading_zero"),  # M leads MORE and MONEY
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=3", "violates:arithmetic"),  # 9567 + 1085 != 10653
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=22", "parse_error"),  # a two-digit value
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2 and more", "parse_error"),
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2 or Y=3", "parse_error"),  # a hedge inside the mapping
    (SEND, "9567 + 1085 =- 10652", None),  # reads as = -10652 (was accepted: "=-" taken for a rule line)
    (SEND, "9567 + 1085 =-10652", None),
    (SEND, "9567 + 1085 -= 10652", None),
    (SEND, "9567 + 1085 -- 10652", None),  # a rule must stand on its own line
    (SEND, "9567 + 1085 __ 10652", None),
    (SEND, "9567 + 1085\n-----10652", None),
    (SEND, "9567\n+ 1085\n-----\n= 10652", None),  # a rule and "=" both
    (SEND, "9567 + 1085 = 10652, 9567 + 1085 = 10653", None),
    (SEND, "9567 + 1085 = 10652 or S=9", None),
    (SEND, "9567 + 1085 = 10,652", None),
    (SEND, "+9567 + 1085 = 10652", None),
    (SEND, "9567 + 1085 = -10652", None),
    (SEND, "9567 + 1085 = 010652", None),
    (SEND, "٩٥٦٧ + ١٠٨٥ = ١٠٦٥٢", None),
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2, Y=3", None),
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8 and Y=2 and", None),
    (SEND, "SEND = 9567, MORE = 1085, MONEY = 10653", None),
    (SEND, "SEND = 9567, MORE = 1085", None),  # a word missing
    (SEND, "SEND = 9567, MORE = 1085, MONEY = 10652, SEND = 9568", None),
    (SEND, "SEND = 9567, MORE = 1085, MONEY = 10652, MONKEY = 1", None),
    (SEND, "\\boxed{9567 + 1085 = 10653}", None),
    (SEND, "$9567 \\times 1085 = 10652$", None),
    (SEND, "\\(9567 + 1085\\) = 10652\\)", None),
    (SEND, "9567 + 1085 = 10652 ✓", None),
    (SEND, "SEND + MORE = MONEY", None),
    (SEND, "9567 + 1085 = 10652", "ok"),
    (SEND, "9567+1085=10652", "ok"),
    (SEND, "  9567 +\t1085 =  10652 ", "ok"),
    (SEND, "  9567\n+ 1085\n------\n 10652", "ok"),  # the column layout with a rule line
    (SEND, "9567\n+1085\n_____\n10652", "ok"),
    (SEND, "9567 + 1085 == 10652", "ok"),
    (SEND, "9567 + 1085 = 10652.", "ok"),  # a closing full stop
    (SEND, "$9567 + 1085 = 10652$", "ok"),
    (SEND, "\\(9567 + 1085 = 10652\\)", "ok"),
    (SEND, "\\[ 9567 + 1085 = 10652 \\]", "ok"),
    (SEND, "\\boxed{9567 + 1085 = 10652}", "ok"),
    (SEND, "`9567 + 1085 = 10652`", "ok"),  # inline code
    (SEND, "$$\\boxed{9567 + 1085 = 10652}$$", "ok"),
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2", "ok"),
    (SEND, "**S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2**", "ok"),
    (SEND, "D=7 E=5 M=1 N=6 O=0 R=8 S=9 Y=2", "ok"),
    (SEND, "s=9; e=5; n=6; d=7; m=1; o=0; r=8; y=2", "ok"),
    (SEND, "S: 9\nE: 5\nN: 6\nD: 7\nM: 1\nO: 0\nR: 8\nY: 2", "ok"),
    (SEND, '{"S": 9, "E": 5, "N": 6, "D": 7, "M": 1, "O": 0, "R": 8, "Y": 2}', "ok"),
    (SEND, "S -> 9, E -> 5, N -> 6, D -> 7, M -> 1, O -> 0, R -> 8, Y -> 2", "ok"),
    (SEND, "S\u21929, E\u21925, N\u21926, D\u21927, M\u21921, O\u21920, R\u21928, Y\u21922", "ok"),
    (SEND, "S=9, E=5, N=6, D=7, M=1, O=0, R=8, and Y=2", "ok"),
    (SEND, "S = 9, E = 5, N = 6, D = 7, M = 1, O = 0, R = 8 and Y = 2", "ok"),
    (SEND, "SEND = 9567, MORE = 1085, MONEY = 10652", "ok"),
    (SEND, "SEND = 9567\nMORE = 1085\nMONEY = 10652", "ok"),
    (SEND, "send: 9567, more: 1085, money: 10652", "ok"),
    (LYHE, "30 + 21 = 51", "violates:given"),  # true arithmetic, but not the hints
    (LYHE, "L=3, Y=0, H=2, E=1, N=5", "violates:given"),
    (LYHE, "Y=0, H=1", "missing_item"),  # the given letters left out
    (LYHE, "L=2, Y=0, H=1, E=7, N=3, L=2", "duplicate_item"),  # a letter twice, even with one digit
    (LYHE, "L=2, Y=0, H=0, E=7, N=3", "violates:distinct_letters"),  # two letters on one digit
    (LYHE, "l=2, y=0, h=1, e=7, n=3", "ok"),
    (LYHE, "LY = 20, HE = 17, NE = 37", "ok"),
    (LYHE, "LY + HE = NE", "parse_error"),  # the words themselves
    (LYHE, "17 + 20 = 37", "violates:same_letter"),  # terms swapped
    (LYHE, "37 = 20 + 17", "parse_error"),
    (LYHE, "20+17=37", "ok"),
    (LYHE, "20 + 17 == 37", "ok"),
    (LYHE, "20 + 17 = 037", "wrong_length"),
    (ABC, "1 + 2 = 3", "ok"),
    (ABC, "2 + 1 = 3", "violates:given"),  # valid sum, but A is given as 1
    (TIMES, "2005 ∗ 7271 = 14578355", "ok"),  # regression: the asterisk operator was parse_error
    (TIMES, "2005 7271 = 14578355", "parse_error"),
    (TIMES, "(2005)(7271) = 14578355", "parse_error"),
    (TIMES, "7271 * 2005 = 14578355", "violates:same_letter"),
    (MINUS, "1979 + 7716 = 9695", "violates:operator"),  # rewritten as an addition
    (MINUS, " 9695\n-7716\n-----\n 1979", "ok"),
    (MINUS7, "7073094 - 950786 = 6122308", "ok"),
    (MINUS7, "7073094 + 950786 = 6122308", "violates:operator"),
    (MINUS7, "950786 - 7073094 = 6122308", "wrong_length"),  # operands swapped
    (MINUS7, "7073094 \u2212 950786 = 6122308", "ok"),  # minus sign
    (MINUS7, "7073094 \u2013 950786 = 6122308", "ok"),  # en dash
    (TIMES7, "5121 * 568 = 2908728", "ok"),
    (TIMES7, "5121 * 568 = 2908729", "violates:same_letter"),
    *[(TIMES7, f"5121 {sign} 568 = 2908728", "ok") for sign in ("x", "X", "\u00d7", "\u00b7")],
    (MUL, "17 * 4 = 68", "ok"),
    (MUL, "$17 \\times 4 = 68$", "ok"),
    (MUL, "17 \\cdot 4 = 68", "ok"),
    (MUL, "17 × 4 = 68", "ok"),
    (MUL, "17 x 4 = 68", "ok"),
    (MUL, "17 \\timesx 4 = 68", None),
    (MUL, "$17 \\times 4 = 69$", None),
    (SUB, " 102\n- 36\n----\n  66", None),  # F = G = 6: not distinct
    (SUB, " 104\n- 25\n----\n  79", "ok"),  # 104 - 25 = 79, all distinct
    (SUB, "104 − 25 = 79", "ok"),
    (SUB, "104 - 25 =- 79", None),
    (MM, "M = 2, M = 2, B = 4", "ok"),  # one-letter words in word form
    (MM, "M = 2, B = 4", "ok"),
    (MM, "M = 2, M = 3, B = 4", None),
    (MM, "M = 2, B = 5", None),
    # regression: - and * read only the first two words, so on a payload with three "2 * 7 * 8 = 14" passed
    (TIMES3, "2 * 3 * 9 = 54", "ok"),
    (TIMES3, "2 * 7 * 8 = 14", "violates:arithmetic"),
    (MINUS3, "95 - 2 - 7 = 86", "ok"),
    (MINUS3, "91 - 5 - 7 = 86", "violates:arithmetic"),  # 91 - 5 = 86
])


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_valid_answers_also_pass_with_a_json_payload():
    for payload, answer, reason in CASES:
        if reason == "ok" and payload is SEND:
            assert TASK.verify(json.dumps(payload), wrap(answer)).correct, answer


def test_every_solution_of_an_ambiguous_puzzle_is_accepted():
    # A + B = C has many solutions; a constraint verifier must accept each and only those
    puzzle = {"terms": ["A", "B"], "op": "+", "result": "C", "given": []}
    for a, b in itertools.product(range(10), repeat=2):
        text = f"{a} + {b} = {a + b}"
        expected = a + b <= 9 and len({a, b, a + b}) == 3 and 0 not in (a, b)
        assert verify(puzzle, text).correct == expected, text


def test_hostile_input_is_refused_fast():
    hostile = ["9" * 5000, "-" * 5000, "=" * 5000, "\n-----" * 800, "S=9 " * 1000, "SEND = 9567, " * 500,
               "\\boxed{" * 800, "$" * 5000, "\\times" * 800, "9567 + " * 700 + "1 = 2", "1e999", "NaN"]  # fmt: skip
    assert_refused_fast(TASK, [SEND, json.dumps(SEND)], hostile + HOSTILE_MIXED)


# -- 3. brute-force agreement and fuzz ------------------------------------------------------------------------


def test_oracle_agrees_with_the_numpy_brute_force():
    """The column-by-column enumeration and the all-assignments sweep find the same solutions."""
    items = small_instances() + small_instances(levels=(5, 6), per_level=3, max_free=6)
    assert len(items) >= 18
    for inst in items:
        assert ORACLE(inst.payload) == [digits_text(inst.payload, s) for s in brute_solutions(inst.payload)][:2]
    assert ORACLE({**SEND, "unique": False}) is None


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


def _unhinted(p: dict) -> list[dict[str, int]]:
    """Every assignment that makes the equation true, hints ignored (terms' letters brute-forced)."""
    out, term_letters = [], sorted({c for w in p["terms"] for c in w})
    for perm in itertools.permutations(range(10), len(term_letters)):
        digit = dict(zip(term_letters, perm))
        *terms, result = ("".join(str(digit.get(c, "?")) for c in w) for w in [*p["terms"], p["result"]])
        value = str(_value(p["op"], [int(t) for t in terms]))
        if len(value) != len(p["result"]):
            continue
        for c, d in zip(p["result"], value):
            if digit.setdefault(c, int(d)) != int(d):
                break
        else:
            if len(set(digit.values())) == len(digit) and all(digit[w[0]] for w in [*p["terms"], p["result"]]):
                out.append(digit)
    return out


def _random_form(p: dict, digit: dict[str, int], rng: random.Random) -> tuple[str, bool]:
    """One answer form for `digit` in a random spelling, and whether the form itself is complete (a
    partial or doubled mapping is not, whatever the digits)."""
    words = [*p["terms"], p["result"]]
    nums = ["".join(str(digit[c]) for c in w) for w in words]
    form = rng.randrange(3)
    if form == 0:
        op = rng.choice({"+": ["+"], "-": ["-", "−", "–"], "*": ["*", "×", "x", "·", "∗", "\\times"]}[p["op"]])
        if rng.random() < 0.3:  # column layout
            return "\n".join([nums[0], *(f"{op} {n}" for n in nums[1:-1]), "-" * 8, nums[-1]]), True
        return f"{rng.choice([' ', ''])}{op}{rng.choice([' ', ''])}".join(nums[:-1]) + " = " + nums[-1], True
    if form == 1:
        return rng.choice([", ", "\n"]).join(f"{w} = {n}" for w, n in zip(words, nums)), True
    pairs, complete = sorted(digit.items()), True
    if rng.random() < 0.15:
        pairs.pop(rng.randrange(len(pairs)))  # a partial mapping
        complete = False
    elif rng.random() < 0.15:
        pairs.append(rng.choice(pairs))  # a letter twice, with its digit
        complete = False
    arrow, sep = rng.choice(["=", " = ", ": ", " -> ", " → "]), rng.choice([", ", "; ", " ", "\n"])
    case = str.lower if rng.random() < 0.2 else str
    return sep.join(f"{case(c)}{arrow}{d}" for c, d in pairs), complete


def test_fuzz_assignments_match_an_independent_check():
    """Mutated assignments (and, on small levels, true arithmetic that ignores the hints) in the three
    answer forms and in random spellings of them, against a re-check of the rules."""
    rng = random.Random(17)
    for level in (1, 2, 4, 7, 10):
        for seed in range(3):
            inst = TASK.generate(TASK.params(level), seed, 0)
            p, words = inst.payload, words_of(inst.payload)
            numbers = [t for t in inst.answer.split() if t.isdigit()]
            sol = {c: int(d) for w, n in zip(words, numbers) for c, d in zip(w, n)}
            letters = sorted(sol)
            cases = _unhinted(p) if level <= 2 else []  # true arithmetic that may break the hints
            for _ in range(40):
                digit, k = dict(sol), rng.randrange(3)
                if k == 0 and len(letters) > 1:
                    a, b = rng.sample(letters, 2)
                    digit[a], digit[b] = digit[b], digit[a]
                elif k == 1:
                    digit[rng.choice(letters)] = rng.randrange(10)
                cases.append(digit)
            for digit in cases:
                valid = brute_holds(p, digit)
                nums = ["".join(str(digit[c]) for c in w) for w in words]
                forms = [f" {p['op']} ".join(nums[:-1]) + " = " + nums[-1],
                         ", ".join(f"{c}={digit[c]}" for c in letters),
                         ", ".join(f"{w} = {n}" for w, n in zip(words, nums))]  # fmt: skip
                for text in forms:
                    verdict = TASK.verify(p, wrap(text))
                    assert verdict.correct == valid, (level, seed, text, verdict)
                text, complete = _random_form(p, digit, rng)
                verdict = TASK.verify(p, wrap(text))
                assert verdict.correct == (complete and valid), (level, seed, text, verdict)


# -- 4. family specifics: the generator's solver against brute force ------------------------------------------


def test_solver_and_oracle_counts_match_brute_force_on_random_small_puzzles():
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
        expected = brute_solutions(payload)
        signs = [1, -1] if op == "-" else [1] * k
        found, _ = count_solutions(terms, signs, result, op == "*", dict(given), limit=10**6)
        assert len(found) == len(expected), payload
        for sol in found:
            assert brute_holds(payload, sol)
        oracle = ORACLE(payload)
        assert len(oracle) == min(2, len(expected))
        assert set(oracle) <= {digits_text(payload, s) for s in expected}, payload


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
        want = brute_solutions(payload)
        assert sorted(map(sorted, map(dict.items, found))) == sorted(map(sorted, map(dict.items, want)))


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

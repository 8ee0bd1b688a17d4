"""Cryptarithm red team, round 2: mutated digit assignments in the three answer forms (equation,
letter mapping, word values) are judged against an independent re-check of the puzzle's rules."""

from __future__ import annotations

import math
import random

import pytest

from redteam_util import check_case, wrap

from logicforge.tasks import get_task

TASK = get_task("cryptarithm")
PAYLOAD = {"terms": ["SEND", "MORE"], "op": "+", "result": "MONEY", "given": []}



CASES = [
    # (answer, expected reason)
    ("`9567 + 1085 = 10652`", "ok"),  # inline code
    ("**S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2**", "ok"),
    ("$$\\boxed{9567 + 1085 = 10652}$$", "ok"),
    ("9567 + 1085 = 10652 = 10652", "parse_error"),  # the result twice
    ("9567 + 1085 + 0 = 10652", "parse_error"),  # an extra term
    ("S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2, Z=3", "extra_letter"),
    ("S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2 or Y=3", "parse_error"),  # a hedge inside the mapping
    ("09567 + 1085 = 10652", "wrong_length"),  # a padded number is not the word
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def _valid(p: dict, digit: dict[str, int]) -> bool:
    """Distinct digits, no leading zero, givens kept, the arithmetic exact."""
    words = [*p["terms"], p["result"]]
    if len(set(digit.values())) != len(digit) or any(digit[w[0]] == 0 for w in words):
        return False
    if any(digit[c] != d for c, d in p["given"]):
        return False
    *terms, result = (int("".join(str(digit[c]) for c in w)) for w in words)
    value = {"+": sum(terms), "-": terms[0] - sum(terms[1:]), "*": math.prod(terms)}[p["op"]]
    return value == result


def test_fuzz_assignments_match_an_independent_check():
    rng = random.Random(17)
    for level in (1, 4, 7, 10):
        for seed in range(3):
            inst = TASK.generate(TASK.params(level), seed, 0)
            p, words = inst.payload, [*inst.payload["terms"], inst.payload["result"]]
            numbers = [t for t in inst.answer.split() if t.isdigit()]
            sol = {c: int(d) for w, n in zip(words, numbers) for c, d in zip(w, n)}
            letters = sorted(sol)
            for _ in range(40):
                digit, k = dict(sol), rng.randrange(3)
                if k == 0 and len(letters) > 1:
                    a, b = rng.sample(letters, 2)
                    digit[a], digit[b] = digit[b], digit[a]
                elif k == 1:
                    digit[rng.choice(letters)] = rng.randrange(10)
                valid = _valid(p, digit)
                nums = ["".join(str(digit[c]) for c in w) for w in words]
                forms = [f" {p['op']} ".join(nums[:-1]) + " = " + nums[-1],
                         ", ".join(f"{c}={digit[c]}" for c in letters),
                         ", ".join(f"{w} = {n}" for w, n in zip(words, nums))]  # fmt: skip
                for text in forms:
                    verdict = TASK.verify(p, wrap(text))
                    assert verdict.correct == valid, (level, seed, text, verdict)


def test_every_term_counts_for_minus_and_times():
    """Regression: - and * read only the first two words, so on a payload with three, "2 * 7 * 8 = 14"
    passed (2 * 7 = 14). Generated items keep two words there; the check must not depend on it."""
    times = {"terms": ["A", "B", "C"], "op": "*", "result": "DE", "given": []}
    assert TASK.verify(times, wrap("2 * 3 * 9 = 54")).correct
    assert TASK.verify(times, wrap("2 * 7 * 8 = 14")).reason == "violates:arithmetic"
    minus = {"terms": ["AB", "C", "D"], "op": "-", "result": "EF", "given": []}
    assert TASK.verify(minus, wrap("95 - 2 - 7 = 86")).correct
    assert TASK.verify(minus, wrap("91 - 5 - 7 = 86")).reason == "violates:arithmetic"  # 91 - 5 = 86

"""dyck_language: near misses, reformattings, brute-force differential checks, hardness and speed."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest

from logicforge.generators import dyck_language as gen
from logicforge.tasks import get_task
from logicforge.verifiers import dyck_language as ver

TASK = get_task("dyck_language")
OPENERS, CLOSERS = "([{<", ")]}>"
# Prefix "<{([]([" leaves < { ( ( [ open, so the unique minimal completion is "] ) ) } >".
PAYLOAD = {"prefix": "<{([](["}


def balanced(text: str) -> bool:
    """Balanced by repeatedly deleting adjacent matched pairs (independent of the verifier's stack)."""
    prev = None
    while prev != text:
        prev = text
        for pair in ("()", "[]", "{}", "<>"):
            text = text.replace(pair, "")
    return text == ""


NEAR_MISSES = [
    ("] ) ) }", "violates:unclosed"),  # last bracket missing
    ("] ) ) } > )", "violates:extra_close"),  # one closer too many
    (") ] ) } >", "violates:mismatch"),  # first pair swapped
    ("] ) ) > }", "violates:mismatch"),  # last pair swapped
    ("] ) ] } >", "violates:mismatch"),  # one bracket changed
    ("] ) ) } > ( )", "not_minimal"),  # balanced, but with an extra pair
    ("( ) ] ) ) } >", "wrong_prefix"),  # starts with an opener: read as a wrong full sequence
    ("< { ( [ ] ( [ ] ) ) }", "violates:unclosed"),  # full sequence, last closer missing
    ("< { ( [ ] ( [", "violates:unclosed"),  # the prefix echoed back
    ("< { ( [ ( [ ] ) ) } >", "wrong_prefix"),  # full sequence with a prefix bracket dropped
    ("] ) ) } > and done", "parse_error"),  # trailing prose
    ("] ) ) } >.", "parse_error"),  # stray punctuation
    ("5", "parse_error"),
    ("", "parse_error"),
    ("'", "parse_error"),
    ("`` ``", "parse_error"),
]


@pytest.mark.parametrize("answer,reason", NEAR_MISSES)
def test_near_misses_fail_with_reason(answer, reason):
    verdict = ver.verify(PAYLOAD, answer)
    assert not verdict.correct and verdict.reason == reason, (answer, verdict)


@pytest.mark.parametrize(
    "answer",
    [
        "] ) ) } >",
        "]))}>",
        "  ]\n)\n)\n}\n>  ",
        "], ), ), }, >",
        "`]))}>`",
        "\"] ) ) } >\"",
        "< { ( [ ] ( [ ] ) ) } >",  # the full sequence
        "<{([]([]))}>",
        "<{([]([ ]))}>",  # prefix, then completion, glued differently
    ],
)
def test_equivalent_formattings_pass(answer):
    assert ver.verify(PAYLOAD, answer).correct, answer


def test_bad_payload_is_refused_not_raised():
    assert ver.verify({"prefix": "(]"}, ")").reason == "bad_payload"
    assert ver.verify({"prefix": "()"}, ")").reason == "bad_payload"


def test_hostile_nesting_is_fast_and_refused():
    inst = TASK.generate(TASK.params(10), seed=3, index=0)
    for text in ("(" * 100_000 + ")" * 100_000, ")" * 100_000, "[" * 100_000, "<>" * 60_000):
        start = time.perf_counter()
        verdict = ver.verify(inst.payload, text)
        assert not verdict.correct and (time.perf_counter() - start) < 0.05


def _items(levels, count, seed=11):
    return [(lvl, TASK.generate(TASK.params(lvl), seed, i)) for lvl in levels for i in range(count)]


def test_generated_prefix_respects_knobs():
    for level, inst in _items(range(1, 11), 5):
        params = gen.LEVELS[level]
        prefix = inst.payload["prefix"]
        assert len(prefix) == params.length
        assert set(prefix) <= set(OPENERS[: params.n_types] + CLOSERS[: params.n_types])
        depth = deepest = 0
        for ch in prefix:
            depth += 1 if ch in OPENERS else -1
            assert depth >= 0
            deepest = max(deepest, depth)
        assert deepest <= params.depth and depth == params.to_close
        assert len(inst.answer.split()) == params.to_close
        assert " ".join(prefix) in inst.question


def test_brute_force_unique_minimal_completion():
    """Enumerate every closer string up to the reference length + 1: exactly one balances, and it is the reference."""
    for _, inst in _items((1, 2, 3), 4):
        prefix, want = inst.payload["prefix"], inst.answer.replace(" ", "")
        fits = [
            "".join(c)
            for k in range(len(want) + 2)
            for c in itertools.product(CLOSERS, repeat=k)
            if balanced(prefix + "".join(c))
        ]
        assert fits == [want]


def test_verifier_agrees_with_brute_force_on_random_candidates():
    rng = np.random.default_rng(5)
    for _, inst in _items((1, 2, 3, 4), 3):
        prefix = inst.payload["prefix"]
        k = len(inst.answer.split())
        candidates = [inst.answer.replace(" ", "")]
        for _ in range(150):
            alphabet = CLOSERS if rng.random() < 0.7 else CLOSERS + OPENERS
            cand = "".join(rng.choice(list(alphabet), size=int(rng.integers(1, k + 3))))
            candidates += [cand, prefix + cand]
        for cand in candidates:
            full = cand if cand[0] in OPENERS else prefix + cand
            truth = full.startswith(prefix) and balanced(full) and not set(full[len(prefix) :]) & set(OPENERS)
            assert ver.verify(inst.payload, cand).correct == truth, (prefix, cand)


def test_knob_cross_checks():
    assert gen.Params() and all(isinstance(p, gen.Params) for p in gen.LEVELS.values())
    with pytest.raises(ValueError, match="parity"):
        gen.Params(length=9, to_close=2, depth=4)
    with pytest.raises(ValueError, match="depth"):
        gen.Params(length=8, to_close=6, depth=4)
    with pytest.raises(ValueError, match="n_types"):
        gen.Params(n_types=5)


def test_hardness_rises_with_level_and_generation_is_fast():
    medians = []
    for level in range(1, 11):
        items = [TASK.generate(TASK.params(level), 23, i) for i in range(10)]
        medians.append(float(np.median([x.hardness for x in items])))
    assert medians == sorted(medians) and medians[-1] > 3 * medians[0], medians
    slowest = 0.0
    for i in range(5):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, i)
        slowest = max(slowest, time.perf_counter() - start)
    assert slowest < 2.0

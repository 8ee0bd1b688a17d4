"""Dyck language red team, round 2: every mutated completion, written alone or after the prefix, is
judged against an independent stack replay of the payload's prefix."""

from __future__ import annotations

import random

import pytest

from redteam_util import check_case, wrap

from logicforge.tasks import get_task

TASK = get_task("dyck_language")
PAYLOAD = {"prefix": "[]{}{}[["}
_CLOSE = {"(": ")", "[": "]", "{": "}", "<": ">"}



CASES = [
    # (answer, expected reason)
    ("`] ]`", "ok"),  # inline code
    ("\\boxed{] ]}", "ok"),
    ("**]]**", "ok"),
    ("] ] ]", "violates:extra_close"),
    ("\\boxed{] ]}}", "violates:extra_close"),  # a brace too many inside the box
    ("[ ] { } { } [ [ ] ] ]", "violates:extra_close"),  # the full sequence, one closer too many
    ("[ ] { } { } [ ( ] ]", "wrong_prefix"),  # a changed prefix
    ("\u3011 \u3011", "parse_error"),  # look-alike brackets
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def _valid(prefix: str, completion: str) -> bool:
    """Balanced after the completion, and the completion only as long as the brackets still open."""
    stack = []
    for ch in prefix + completion:
        if ch in _CLOSE:
            stack.append(_CLOSE[ch])
        elif not stack or stack.pop() != ch:
            return False
    owed = len(prefix) - 2 * sum(ch not in _CLOSE for ch in prefix)
    return not stack and len(completion) == owed


def test_fuzz_completions_match_an_independent_replay():
    rng = random.Random(9)
    for level in (1, 4, 7, 10):
        for seed in range(3):
            inst = TASK.generate(TASK.params(level), seed, 0)
            prefix, ref = inst.payload["prefix"], inst.answer.split()
            for _ in range(40):
                c, k = ref[:], rng.randrange(4)
                if k == 0 and len(c) > 1:
                    i, j = rng.sample(range(len(c)), 2)
                    c[i], c[j] = c[j], c[i]
                elif k == 1:
                    c.insert(rng.randrange(len(c) + 1), rng.choice(")]}>([{<"))
                elif k == 2:
                    c.pop(rng.randrange(len(c)))
                valid = _valid(prefix, "".join(c))
                for text in (" ".join(c), "".join(c), ", ".join(c), prefix + "".join(c)):
                    if not text:
                        continue
                    verdict = TASK.verify(inst.payload, wrap(text))
                    assert verdict.correct == valid, (level, seed, text, verdict)

"""Web of lies red team, round 2: numbered and bulleted answer lists pass, and every yes/no vector is
judged against a brute force over all truth assignments of the payload's statements."""

from __future__ import annotations

import itertools

import pytest

from redteam_util import check_case, wrap

from logicforge.tasks import get_task

TASK = get_task("web_of_lies")
# person 0 is a liar (narrator fact); person 1 says "0 is a liar"; person 2 says "1 lies": answers no, yes, no
PAYLOAD = {"n": 3, "statements": [[-1, [0], [1]], [1, [0], [1]], [2, [1], [1]]], "targets": [0, 1, 2],
           "answer": [0, 1, 0]}  # fmt: skip



CASES = [
    # (answer, expected reason)
    ("1. no\n2. yes\n3. no", "ok"),  # regression: a numbered list was a parse_error
    ("- no\n- yes\n- no", "ok"),  # regression: a bulleted list
    ("1) No\n2) Yes\n3) No.", "ok"),
    ("`no, yes, no`", "ok"),  # inline code (backticks were not stripped)
    ("$no, yes, no$", "ok"),
    ("1. no\n2. no\n3. no", "wrong_value"),
    ("1. no\n2. yes", "wrong_count"),
    ("2. no\n1. yes\n3. no", "parse_error"),  # numbers out of place are text, not list markers
    ("1. no\n2. yes\n3. no\n4. yes", "wrong_count"),
    ("1. no, yes, no", "parse_error"),  # a marker only counts at the start of each line
    ("- no\nyes\n- no", "parse_error"),  # a partly bulleted list
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def _brute(p: dict) -> list[int] | None:
    """The asked values if every consistent assignment agrees on them (n <= 14 here), else None."""
    seen = set()
    for truth in itertools.product((0, 1), repeat=p["n"]):
        if all((sum(1 - truth[s] for s in subs) in allowed) == (sp < 0 or truth[sp] == 1)
               for sp, subs, allowed in p["statements"]):  # fmt: skip
            seen.add(tuple(truth[t] for t in p["targets"]))
    return list(seen.pop()) if len(seen) == 1 else None


def test_fuzz_every_answer_vector_against_brute_force():
    for level in (1, 3, 5):
        for seed in range(4):
            inst = TASK.generate(TASK.params(level), seed, 0)
            p = inst.payload
            assert p["n"] <= 14, "keep the brute force small"
            truth = _brute(p)
            assert truth == p["answer"]
            for values in itertools.product((0, 1), repeat=min(len(p["targets"]), 6)):
                if len(values) != len(p["targets"]):
                    break
                words = ["yes" if v else "no" for v in values]
                for text in (", ".join(words), "\n".join(f"{i + 1}. {w}" for i, w in enumerate(words))):
                    verdict = TASK.verify(p, wrap(text))
                    assert verdict.correct == (list(values) == truth), (level, seed, text, verdict)

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


# Round 3: labels. "Leon" is a prefix of "Leona", "no" of "Nora"; answers Leon no, Leona yes, Nora no.
NAMED = {**PAYLOAD, "names": ["Leon", "Leona", "Nora"]}
NAMED_CASES = [
    ("Leon: no, Leona: yes, Nora: no", "ok"),
    ("Nora: no\nLeon: no\nLeona: yes", "ok"),  # one per line, any order
    ("Leona - yes; Leon - no; Nora - no", "ok"),
    ("**Leon**: no, **Leona**: yes, **Nora**: no", "ok"),  # bold labels
    ("Leon = false, Leona = true, Nora = false", "ok"),
    ("Leon: liar, Leona: truth-teller, Nora: liar", "ok"),  # kind words
    ("Leon is a liar, Leona is truthful, Nora is a liar", "ok"),
    ("Leon lies, Leona tells the truth, Nora lies", "ok"),
    ("1. Leon: no\n2. Leona: yes\n3. Nora: no", "ok"),  # numbered
    ("`Leon: no, Leona: yes, Nora: no`", "ok"),  # inline code around the whole answer
    ("liar, truth-teller, liar", "ok"),  # bare kinds in the asked order
    ("Leona: no, Leon: yes, Nora: no", "wrong_value"),  # the values of Leon and Leona swapped
    ("Leon: no, Leona: yes, Nora: yes", "wrong_value"),
    ("Leon: no, Leona: yes", "missing_name"),
    ("Leon: no, Leona: yes, Nora: no, Nora: no", "repeated_name"),  # the same value twice
    ("Leon: no, Leona: yes, Nora: no, Nora: yes", "repeated_name"),  # two different values
    ("Leon: no, Leona: yes, Leonard: no", "unknown_name"),  # Leon and Leona are only prefixes
    ("Leon: no, Leona: yes, Noraa: no", "unknown_name"),
    ("Leon: no, Leona: yes, Nora: no, Alice: yes", "unknown_name"),
    ("no: Leon, yes: Leona, no: Nora", "parse_error"),  # label and value swapped
    ("Leon: yes or no, Leona: yes, Nora: no", "parse_error"),  # hedge
    ("Leon: no, Leona: yes, Nora: no or yes", "parse_error"),  # hedge at the end
    ("Leon: no, yes, no", "parse_error"),  # mixed labelled and bare
    ("Leon is lying, so Leona tells the truth and Nora lies", "parse_error"),  # prose
    ("Leon: no, Leona: yes, Nora: no " * 40, "parse_error"),  # far longer than any answer
]


@pytest.mark.parametrize(("answer", "reason"), NAMED_CASES)
def test_named_table(answer, reason):
    check_case(TASK, NAMED, answer, reason)
    if reason == "ok" and ":" in answer:  # old payloads without names refuse labels as before
        check_case(TASK, PAYLOAD, answer, "parse_error")


_FORMS = ("{}: {}", "**{}**: {}", "{} - {}", "{} = {}", "{} \u2014 {}", "{} is {}")
_WORDS = (("no", "yes"), ("false", "true"), ("liar", "truth-teller"), ("a liar", "a truth-teller"))


def _labelled(names: list[str], pairs: list[tuple[int, int]], k: int) -> str:
    """The k-th layout: a separator, a gap and a pair of value words ("is" takes only kind words)."""
    form, gap, words = _FORMS[k % len(_FORMS)], (", ", "\n", "; ")[k % 3], _WORDS[k % len(_WORDS)]
    words = _WORDS[3] if form == "{} is {}" else words
    return gap.join(form.format(names[p], words[v]) for p, v in pairs)


def test_fuzz_every_label_permutation_passes_and_every_flip_fails():
    for level in (1, 5, 10):
        for seed in range(2):
            inst = TASK.generate(TASK.params(level), seed, 0)
            p = inst.payload
            reference = list(zip(p["targets"], p["answer"]))
            for k, perm in enumerate(itertools.permutations(reference)):
                text = _labelled(p["names"], list(perm), k)
                assert TASK.verify(p, wrap(text)).correct, (level, text)
                if len(reference) > 4 and k % 97:  # level 10 asks 7 people: flip in every 97th of 5040 orders
                    continue
                for i in range(len(perm)):
                    flipped = [(q, 1 - v if j == i else v) for j, (q, v) in enumerate(perm)]
                    text = _labelled(p["names"], flipped, k)
                    assert TASK.verify(p, wrap(text)).reason == "wrong_value", (level, text)


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

"""word_sorting red team: an independent solver that reads only the question text, adversarial
answers that must fail, plausible reformattings that must pass, and hostile-input bounds."""

from __future__ import annotations

import json
import re
import string
import time

import pytest

from logicforge.tasks import get_task

TASK = get_task("word_sorting")


def wrap(text: str) -> str:
    return f"<answer>{text}</answer>"


def solve_from_text(question: str) -> list[str]:
    """Sort the words exactly as the question text describes (no payload)."""
    m = re.search(r"the letters (.+?) are moved, in that order, to the front", question)
    if m:
        front = m[1].split(", ")
    else:
        m = re.search(r"the letter ([a-z]) is moved to the front", question)
        front = [m[1]] if m else []
        if not m:
            assert "no letter is moved" in question
    alphabet = front + [c for c in string.ascii_lowercase if c not in front]
    full = re.search(r"The full order is: (.+)\.\n", question)[1].split()
    assert full == alphabet, "the two descriptions of the alphabet disagree"
    descending = "in descending order under" in question
    assert descending or "in ascending order under" in question
    words = question.split("\n")[-1].split(", ")
    rank = {c: i for i, c in enumerate(alphabet)}
    return sorted(words, key=lambda w: [rank[c] for c in w], reverse=descending)


@pytest.mark.parametrize("level", range(1, 11))
def test_independent_solver_from_question_text_is_accepted(level):
    prompt_text = TASK.prompt("Q")[0]["content"]
    assert "separated by commas" in prompt_text
    for seed in range(12):
        inst = TASK.generate(TASK.params(level), seed, 0)
        words = solve_from_text(inst.question)
        assert ", ".join(words) == inst.answer
        forms = [
            ", ".join(words),
            ",".join(words),
            "\n".join(words),
            " ".join(words),
            str(words),
            ", ".join(w.upper() for w in words),
            ", ".join(words) + ".",
            "\n".join(f"{i + 1}. {w}" for i, w in enumerate(words)),
            "\n".join(f"{i + 1}) {w}" for i, w in enumerate(words)),
        ]
        for form in forms:
            verdict = TASK.verify(inst.payload, wrap(form))
            assert verdict.correct, (level, seed, form, verdict)


def test_question_states_prefix_rule_for_both_directions_and_reads_well():
    inst = TASK.generate(TASK.params(5), 0, 0)  # level 5 is descending
    assert "after it in descending order" in inst.question
    one = TASK.generate(TASK.params(1), 0, 0)  # one front letter
    assert "the letter " in one.question and "the letters" not in one.question
    none = TASK.generate(TASK.params(overrides={"front_letters": "0"}), 0, 0)
    assert "no letter is moved" in none.question and "letters none" not in none.question


_LOOKALIKES = str.maketrans("aeoiu", "\u0430\u0435\u043e\u0456\u057d")


def _near_misses(words: list[str]) -> list[str]:
    swapped = words[:]
    swapped[0], swapped[1] = swapped[1], swapped[0]
    return [
        ", ".join(words[:-1]),  # one missing
        ", ".join(words + [words[0]]),  # one duplicated
        ", ".join(swapped),  # adjacent swap
        ", ".join(words[::-1]),  # wrong direction
        ", ".join(words[:-1] + [words[-1] + "s"]),  # changed word
        ", ".join(w.translate(_LOOKALIKES) for w in words),  # Cyrillic/Armenian look-alike vowels
        ", ".join(words) + " or " + ", ".join(swapped),  # hedge
        "The sorted list is: " + ", ".join(words),  # prose
        " < ".join(words),
        "\n".join(f"{i + 2}. {w}" for i, w in enumerate(words)),  # numbering that is not positions
        "\n".join(f"1. {w}" for w in words[:1]) + "\n" + "\n".join(words[1:]),  # partial numbering
        ", ".join(words) + ", " + ", ".join(words),
        "",
    ]


@pytest.mark.parametrize("level", [2, 5, 9])
def test_near_misses_fail(level):
    for seed in range(5):
        inst = TASK.generate(TASK.params(level), seed, 0)
        words = inst.answer.split(", ")
        for bad in _near_misses(words):
            verdict = TASK.verify(inst.payload, wrap(bad))
            assert not verdict.correct, (level, seed, bad)
        assert not TASK.verify(inst.payload, wrap(inst.question)).correct


def test_numbered_words_are_not_mistaken_for_list_numbers():
    payload = {"alphabet": string.ascii_lowercase, "words": ["ab", "ba"], "descending": False}
    assert TASK.verify(payload, wrap("1. ab\n2. ba")).correct
    assert not TASK.verify(payload, wrap("2. ab\n1. ba")).correct  # numbers out of place stay text
    assert not TASK.verify(payload, wrap("1. ba\n2. ab")).correct  # wrong order still caught


def test_hostile_input_is_fast_and_never_raises():
    inst = TASK.generate(TASK.params(10), 0, 0)
    payload = json.dumps(inst.payload)
    hostile = ["\ufdfa" * 19_000, "a, " * 6000, "[" * 19_000, "1. " * 6000, "9" * 19_000, ", " * 9000, "\n" * 19_000]
    for text in hostile:
        start = time.perf_counter()
        verdict = TASK.verify(payload, wrap(text))
        assert time.perf_counter() - start < 0.05 * 4  # generous for a loaded CI machine
        assert not verdict.correct and not verdict.reason.startswith("internal_error")

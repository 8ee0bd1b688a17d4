"""dyck_language red team: an independent solver that reads only the question text, adversarial
completions, reformattings that must pass, and hostile-input bounds."""

from __future__ import annotations

import json
import re
import time

import pytest

from logicforge.tasks import get_task

TASK = get_task("dyck_language")


def wrap(text: str) -> str:
    return f"<answer>{text}</answer>"


def solve_from_text(question: str) -> tuple[list[str], str]:
    """(minimal completion, the prefix as shown) from the question text alone."""
    lines = question.split("\n")
    pairs = re.search(r"uses the bracket pairs (.+?)\. Every", lines[0])[1].split()
    closer = {p[0]: p[1] for p in pairs}
    stack = []
    for tok in lines[-1].split():
        if tok in closer:
            stack.append(closer[tok])
        else:
            assert stack and stack.pop() == tok, "the shown prefix is not a valid Dyck prefix"
    return stack[::-1], lines[-1]


@pytest.mark.parametrize("level", range(1, 11))
def test_independent_solver_from_question_text_is_accepted(level):
    assert "separated by spaces" in TASK.prompt("Q")[0]["content"]
    for seed in range(15):
        inst = TASK.generate(TASK.params(level), seed, 0)
        completion, shown = solve_from_text(inst.question)
        assert " ".join(completion) == inst.answer
        forms = [" ".join(completion), "".join(completion), ", ".join(completion), "\n".join(completion),
                 f"`{' '.join(completion)}`", f"{shown} {' '.join(completion)}",
                 "```\n" + " ".join(completion) + "\n```"]  # fmt: skip
        for form in forms:
            verdict = TASK.verify(inst.payload, wrap(form))
            assert verdict.correct, (level, seed, form, verdict)


@pytest.mark.parametrize("level", [1, 6, 10])
def test_near_misses_fail(level):
    swaps = str.maketrans(")]}>", "]}>)")
    for seed in range(8):
        inst = TASK.generate(TASK.params(level), seed, 0)
        completion, shown = solve_from_text(inst.question)
        c = " ".join(completion)
        bads = [
            c + " )", c + " " + c, " ".join(completion[:-1]), " ".join(completion[1:]),
            " ".join(completion[::-1]) if len(set(completion)) > 1 else c + " ]",
            c.translate(swaps), c + " ( )", "( ) " + c, shown, f"{shown} {c} ( )",
            f"{shown[2:]} {c}" if len(shown) > 2 else c + ")",  # the prefix cut, then a completion
            "[" + c + "]", "The answer is " + c, c + " or " + c.translate(swaps), inst.question,
            c.replace(")", "\u2769").replace("]", "\u27e7").replace(">", "\u27e9"), c + "..",
        ]  # fmt: skip
        for bad in bads:
            if bad == c:
                continue  # a look-alike swap that found nothing to replace
            verdict = TASK.verify(inst.payload, wrap(bad))
            assert not verdict.correct, (level, seed, bad, verdict)


def test_hostile_input_is_fast_and_never_raises():
    inst = TASK.generate(TASK.params(10), 0, 0)
    payload = json.dumps(inst.payload)
    hostile = ["(" * 19_000, ")" * 19_000, ") " * 9000, "." * 19_000, "\ufdfa" * 19_000, '"' * 19_000, ".", '"."']
    for text in hostile:
        start = time.perf_counter()
        verdict = TASK.verify(payload, wrap(text))
        assert time.perf_counter() - start < 0.2
        assert not verdict.correct and not verdict.reason.startswith("internal_error")

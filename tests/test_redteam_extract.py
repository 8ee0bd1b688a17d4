"""Shared extraction red team, round 2: inline fences, bold, inline code, math dollars and \\boxed{}
around the whole answer are dropped for every family; partial or unbalanced marks are left alone."""

from __future__ import annotations

import pytest

from logicforge.tasks import REGISTRY, get_task
from logicforge.verifiers.extract import extract_answer

CASES = [
    # (block content, expected answer)
    ("```2 1 3\n3 2 1```", "2 1 3\n3 2 1"),  # regression: "```2" was read as a fence with language "2"
    ("```ceji, lo```", "ceji, lo"),  # regression: the first word vanished as a language tag
    ("```text\nceji, lo\n```", "ceji, lo"),  # a real language tag still goes
    ("```no\nno\nyes```", "no\nno\nyes"),  # an answer word is no language tag: it stays an answer
    ("```JSON\n[1, 2]\n```", "[1, 2]"),  # known tags in any case
    ("```ba, ab . .```", "ba, ab ."),  # one closing full stop in all
    ("**yes, no**", "yes, no"),  # bold around everything
    ("`(0, 1), (2, 2)`", "(0, 1), (2, 2)"),  # inline code
    ("$$x = 1$$", "x = 1"),
    ("**`$x = 1$`**", "x = 1"),  # three layers
    ("\\boxed{] ) }}", "] ) }"),  # the closing brace of \boxed is its own, the others are the answer's
    ("$\\boxed{8 / (3 - 8 / 3)}$", "8 / (3 - 8 / 3)"),
    ("$x$ = $1$", "$x$ = $1$"),  # two spans, not one wrapper
    ("**yes**, **no**", "**yes**, **no**"),  # bold per item is the family's business
    ("`yes", "`yes"),  # an unmatched mark is left for the family to refuse
    ("\\boxed{1} + \\boxed{2}", "1} + \\boxed{2"),  # two boxes: the inside is garbage for every family
    ("A -> B.", "A -> B"),  # one closing full stop ends a sentence, not the answer
    ("**yes, no**.", "yes, no"),  # also outside a wrapper
    ("$x = 3.$", "x = 3"),  # and inside one
    ("a, b...", "a, b..."),  # an ellipsis says the answer goes on: kept, for the family to refuse
    ("1 2 3. 4", "1 2 3. 4"),  # a stop inside the answer is the family's business
]


@pytest.mark.parametrize(("content", "answer"), CASES)
def test_unwrap_table(content, answer):
    assert extract_answer(f"<answer>{content}</answer>") == (answer, "ok")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_family_accepts_wrapped_references_and_refuses_wrapped_mutants(name):
    task = get_task(name)
    for level in (1, 5, 10):
        inst = task.generate(task.params(level), 0, 0)
        for wrapped in (f"```{inst.answer}```", f"**{inst.answer}**", f"`{inst.answer}`", f"${inst.answer}$",
                        f"\\boxed{{{inst.answer}}}", f"**`{inst.answer}`**", f"{inst.answer}.",
                        f"**{inst.answer}**."):  # fmt: skip
            assert task.verify(inst.payload, f"<answer>{wrapped}</answer>").correct, (name, wrapped)
        doubled = f"{inst.answer}\n{inst.answer}"
        for wrapped in (f"**{doubled}**", f"`{inst.answer}` or `{inst.answer}x`", f"$\\boxed{{{doubled}}}$"):
            assert not task.verify(inst.payload, f"<answer>{wrapped}</answer>").correct, (name, wrapped)

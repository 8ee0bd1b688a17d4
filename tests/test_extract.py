"""Shared answer extraction: the last block after the reasoning, hedges refused, wrappers around the whole
answer dropped for every family (partial or unbalanced marks left alone), bounded on hostile text; and the
shared list and grid parsers."""

import time

import pytest

from logicforge.tasks import REGISTRY, get_task
from logicforge.verifiers.extract import MAX_ANSWER_CHARS, extract_answer

CASES = [
    # (response, expected answer, expected reason)
    ("<answer>42</answer>", "42", "ok"),
    ("<think>I guess <answer>7</answer></think><answer>42</answer>", "42", "ok"),  # reasoning dropped
    ("<ANSWER> 42 </ANSWER>", "42", "ok"),  # tags are case-insensitive, content stripped
    ("<answer>42</answer> and again <answer>42</answer>", "42", "ok"),  # identical repeats are fine
    ("<answer>1</answer><answer>2</answer>", None, "multiple_answers"),  # a hedge
    ("<answer>1</answer> wait <answer>2", None, "unclosed_answer"),  # truncated second answer
    ("<answer>", None, "no_answer"),
    ("42", None, "no_answer"),
    ("", None, "no_answer"),
    ("<answer>   </answer>", None, "empty_answer"),
    ("<answer>１２</answer>", "12", "ok"),  # full-width digits are NFKC-normalised
    ("<answer>1\x002</answer>", None, "bad_characters"),  # NUL bytes
    ("<answer>a\u200bb</answer>", None, "bad_characters"),  # zero-width space hides content
    ("<answer>```\n1 2\n```</answer>", "1 2", "ok"),  # a code fence around the answer
    ("<answer>```python\n[1, 2]\n```</answer>", "[1, 2]", "ok"),
    ("<answer>" + "x" * (MAX_ANSWER_CHARS + 1) + "</answer>", None, "answer_too_long"),
    ("<answer>" + "\ufdfa" * 1_000 + "</answer>", None, "answer_too_long"),  # NFKC expands it 18-fold
    ("\u0130" * 17 + "<answer>yes, yes</answer>no, no and more", "yes, yes", "ok"),  # lower() changes lengths
    ("<ANSWER>1</Answer>", "1", "ok"),
    ("<answer>3*8<answer>8/(3-8/3)</answer></answer>", None, "malformed_answer"),  # a hidden candidate
    ("stray </answer> then <answer>1</answer>", None, "malformed_answer"),
    ("I will use <answer></answer> tags. <answer>7</answer>", "7", "ok"),  # an empty block is no candidate
]
UNWRAP = [
    # (block content, expected answer): wrappers around the whole answer go, partial ones stay
    ("```2 1 3\n3 2 1```", "2 1 3\n3 2 1"),  # regression: "```2" was read as a fence with language "2"
    ("```ceji, lo```", "ceji, lo"),  # regression: the first word vanished as a language tag
    ("```text\nceji, lo\n```", "ceji, lo"),  # a real language tag still goes
    ("```no\nno\nyes```", "no\nno\nyes"),  # an answer word is no language tag: it stays an answer
    ("```JSON\n[1, 2]\n```", "[1, 2]"),  # known tags in any case
    ("```ba, ab..```", "ba, ab.."),  # an ellipsis-like run is kept
    ("ba, ab .", "ba, ab ."),  # a lone "." is a token: the family refuses it
    ("1 2\n3 .", "1 2\n3 ."),  # a "." standing alone is a token (an empty grid cell), not a full stop
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
CASES += [(f"<answer>{content}</answer>", answer, "ok") for content, answer in UNWRAP]


@pytest.mark.parametrize("response,answer,reason", CASES)
def test_extract_table(response, answer, reason):
    assert extract_answer(response) == (answer, reason)


@pytest.mark.parametrize("response", [None, 5, b"<answer>1</answer>", ["<answer>1</answer>"]])
def test_non_strings_have_no_answer(response):
    assert extract_answer(response) == (None, "no_answer")


def test_hostile_sizes_are_fast():
    texts = ["<answer>" * 200_000, "</answer>" * 200_000, "<answer>a</answer>" * 50_000, "x" * 5_000_000]
    for text in texts:
        start = time.perf_counter()
        extract_answer(text)
        assert time.perf_counter() - start < 0.5


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


# -- the shared parsers: lists and grids ----------------------------------------------------------------------


def test_parse_grid_formats():
    from logicforge.verifiers.grid import parse_grid

    want = [[1, 2], [3, 4]]
    for text in ["1 2\n3 4", "[[1,2],[3,4]]", "1, 2; 3, 4", "| 1 | 2 |\n| 3 | 4 |", "((1, 2), (3, 4))"]:
        assert parse_grid(text, 2, 2) == want, text
    for bad in ["1 2\n3", "1 2 3 4 5", "1 2\n3 x", "1.0 2 3 4", "1 2 3 4 # note"]:
        assert isinstance(parse_grid(bad, 2, 2), str), bad  # a reason, never a grid
    huge = parse_grid("9" * 50 + " 1 2 3", 2, 2)  # a 50-digit cell is refused or out of every range
    assert isinstance(huge, str) or huge[0][0] > 9


def test_parse_list():
    from logicforge.verifiers.parse import parse_list

    assert parse_list("a, b\nc", 10) == ["a", "b", "c"]
    assert parse_list("x," * 100, 10) == "too_long"

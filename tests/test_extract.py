"""Shared answer extraction: last block after the reasoning, hedges refused, bounded on hostile text."""

import time

import pytest

from logicforge.verifiers.extract import MAX_ANSWER_CHARS, extract_answer
from logicforge.verifiers._parse import parse_int, parse_int_grid, split_items

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


def test_parse_int_is_strict():
    assert parse_int("+5") == 5
    for bad in ["", "5.0", "0x10", "9**9", "1_000", "٣", "9" * 41, "1 2"]:
        assert parse_int(bad) is None, bad


def test_parse_int_grid_formats():
    want = [[1, 2], [3, 4]]
    for text in ["1 2\n3 4", "[[1,2],[3,4]]", "1, 2; 3, 4", "| 1 | 2 |\n| 3 | 4 |", "((1, 2), (3, 4))"]:
        assert parse_int_grid(text, 2, 2) == want, text
    for bad in ["1 2\n3", "1 2 3 4 5", "1 2\n3 x", "1.0 2 3 4", "1 2 3 4 # note", "9" * 50 + " 1 2 3"]:
        assert parse_int_grid(bad, 2, 2) is None, bad


def test_split_items():
    assert split_items("a, b\nc") == ["a", "b", "c"]
    assert split_items("x," * 100, limit=10) is None

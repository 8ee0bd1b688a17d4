"""Red team, round 3: the lenient parsing paths added for web of lies labels, drawn grids, wrappers and
lists, attacked with answers a person reads differently from the verifier (each bug found stays here)."""

from __future__ import annotations

import time

import pytest

from redteam_util import check_case

from logicforge.generators.web_of_lies import NAMES
from logicforge.tasks import get_task

WEB = get_task("web_of_lies")
# Leon is a liar (narrator fact), Leona says "Leon is a liar", Nora says "Leona lies": no, yes, no.
# "Leon" is a prefix of "Leona" and "no" of "Nora"; Olga is a villager nobody asks about.
NAMED = {"n": 4, "statements": [[-1, [0], [1]], [1, [0], [1]], [2, [1], [1]]], "targets": [0, 1, 2],
         "answer": [0, 1, 0], "names": ["Leon", "Leona", "Nora", "Olga"]}  # fmt: skip
UNNAMED = {key: value for key, value in NAMED.items() if key != "names"}

WEB_CASES = [
    # (answer, expected reason)
    # -- bugs: a yes/no word before a kind negates it; it is not a second answer
    ("no truth-teller, no", "parse_error"),  # regression: read as no, yes, no; it says "not a truth-teller"
    ("no truth-teller no", "parse_error"),  # regression: the same without commas
    ("liar yes, liar", "parse_error"),  # regression: read as no, yes, no; "liar yes" is one garbled phrase
    ("no tells the truth, lies", "parse_error"),  # regression: "no" before a verb
    ("no liar, liar", "parse_error"),  # "no liar" is a truth-teller, not no + liar
    # -- bugs: a list item is one answer, so two values in one item name both values for one person
    ("- liar truth-teller\n- liar", "parse_error"),  # regression: 2 items read as 3 answers
    ("- Leon: no, Leona: yes\n- Nora: no", "ok"),  # labels say whose answer each value is
    # -- kept: bare values that are whole answers
    ("liar truth-teller liar", "ok"),  # same kind of word, space-separated like "no yes no"
    ("no. truth-teller. no.", "ok"),  # a full stop ends an answer
    ("liar, yes, liar", "ok"),  # commas separate answers of different kinds
    ("- liar\n- truth-teller\n- liar", "ok"),
    # -- attacks that already fail
    ("Leon: no liar, Leona: yes, Nora: no", "parse_error"),  # labelled + bare "liar"
    ("Leon is no liar, Leona is truthful, Nora is a liar", "parse_error"),  # negation after "is"
    ("Leon is a liar, Leona is not a liar, Nora is a liar", "parse_error"),
    ("Leon: not a liar, Leona: yes, Nora: no", "parse_error"),
    ("Leon: no, Leona never lies, Nora: no", "parse_error"),
    ("Leon: no, Leona: yes, Nora: no, Leona no", "parse_error"),  # a bare-name "no" is no verb
    ("Leon: no, Leona: yes, Nora: no, Leona: no", "repeated_name"),  # both values for Leona
    ('{"Leon": "no", "Leona": "yes", "Nora": "no", "Leon": "yes"}', "repeated_name"),  # JSON with a repeated key
    ('{"Leon": false, "Leona": true, "Nora": false}', "ok"),  # a JSON dict
    ("Leon: no, Leona: yes, Nora: no, Olga: yes", "not_asked"),  # a villager nobody asked about
    ("Leon: no, Leon_a: yes, Nora: no", "parse_error"),  # a joiner makes another word, not Leon
    ("Leon: no, Leona's: yes, Nora: no", "parse_error"),
    ("Leon**a**: yes, Leon: no, Nora: no", "parse_error"),  # bold inside a name does not make Leon
    ("Leon and Nora: no, Leona: yes", "parse_error"),  # one value for two people
    ("Leon, Nora: no, Leona: yes", "parse_error"),
    ("(Leon: no, Leona: yes), Nora: no", "parse_error"),  # brackets around only some answers
    ("Leon -- no, Leona -- yes, Nora -- no", "parse_error"),
    ("Leon: yes (liar), Leona: yes, Nora: no", "parse_error"),
    ("1. Leon: no\n3. Leona: yes\n2. Nora: no", "parse_error"),  # numbers out of place are text
    ("- Leon: no\n- Leona: yes\nNora: no", "parse_error"),  # a partly bulleted list
    ("Leon lies: no, Leona: yes, Nora: no", "parse_error"),
]


@pytest.mark.parametrize(("answer", "reason"), WEB_CASES)
def test_web_of_lies_table(answer, reason):
    check_case(WEB, NAMED, answer, reason)


UNNAMED_CASES = [
    ("1. no yes\n2. no", "parse_error"),  # regression: item 1 gave one person both values, yet passed
    ("- no yes\n- no", "parse_error"),  # regression: the same with bullets
    ("1. no, yes\n2. no", "parse_error"),  # a comma inside one item
    ("1. no,\n2. yes;\n3. no.", "ok"),  # a separator at the end of an item is no second answer
    ("no yes\nno", "ok"),  # lines without markers are not list items: a wrapped answer
]


@pytest.mark.parametrize(("answer", "reason"), UNNAMED_CASES)
def test_web_of_lies_list_items(answer, reason):
    check_case(WEB, UNNAMED, answer, reason)
    check_case(WEB, NAMED, answer, reason)


@pytest.mark.parametrize("unit", ["no ", "Casimir ", "Casimir: no, ", "zzzz: no, ", "a truth teller ", "- no\n", "*"])
def test_web_of_lies_hostile_answers_at_the_length_cap_are_fast(unit):
    payload = {"n": 30, "statements": [[-1, [0], [1]]], "targets": list(range(8)), "answer": [0] * 8,
               "names": list(NAMES)}  # fmt: skip
    text = (unit * 1000)[: 8 * (max(map(len, NAMES)) + 40) + 40]
    start = time.perf_counter()
    verdict = WEB.verify(payload, f"<answer>{text}</answer>")
    assert not verdict.correct and time.perf_counter() - start < 0.05


# -- grids: every family reads a 4x4 grid through the shared layout code --------------------------------------

SUDOKU = get_task("sudoku")
SUDOKU_PAYLOAD = {"size": 4, "box_rows": 2, "box_cols": 2, "puzzle": [[1, 0, 0, 0], [0, 0, 0, 2], [0, 1, 0, 0],
                  [0, 0, 2, 0]], "solution": [[1, 2, 3, 4], [3, 4, 1, 2], [2, 1, 4, 3], [4, 3, 2, 1]]}  # fmt: skip
# The same grid is a solution of each open Latin-square puzzle below, so only the reading is tested.
LATIN = [
    (get_task("futoshiki"), {"n": 4, "givens": [], "less": []}),
    (get_task("skyscraper"), {"n": 4, "top": [0] * 4, "bottom": [0] * 4, "left": [0] * 4, "right": [0] * 4,
                              "givens": []}),  # fmt: skip
    (get_task("calcudoko"), {"n": 4, "cages": []}),
]
ROWS = ["1 2 3 4", "3 4 1 2", "2 1 4 3", "4 3 2 1"]


def _table(rows: list[str]) -> str:
    return "\n".join("| " + " | ".join(row.split(" ")) + " |" for row in rows)


GRID_CASES = [
    # (answer, expected reason for sudoku; the Latin families must refuse whatever sudoku refuses)
    # -- bug: an empty table cell shifts the digits after it into other columns
    (_table(["_ " + ROWS[0]] + [r + " _" for r in ROWS[1:]]).replace("_", " "), "parse_error"),  # regression
    ("| 1 | 2 | 3 | 4 |\n| 3 | 4 |  | 1 | 2 |\n| 2 | 1 | 4 | 3 |\n| 4 | 3 | 2 | 1 |", "parse_error"),  # regression
    ("1 2 || 3 4\n3 4 || 1 2\n2 1 || 4 3\n4 3 || 2 1", "parse_error"),  # "||" is an empty Markdown cell too
    # -- bug: a first row of digits after the opening fence was dropped as a language tag
    ("```9999\n" + "\n".join(r.replace(" ", "") for r in ROWS) + "```", "wrong_size"),  # regression
    ("```4321\n" + "\n".join(ROWS) + "\n```", "wrong_size"),  # regression
    # -- kept: drawn grids a person reads the same way
    (_table(ROWS[:1]) + "\n|---|---|---|---|\n" + _table(ROWS[1:]), "ok"),  # a Markdown table
    ("| 1 2 | 3 4 |\n| 3 4 | 1 2 |\n|-----+-----|\n| 2 1 | 4 3 |\n| 4 3 | 2 1 |", "ok"),  # box bars and a rule
    (r"\begin{bmatrix} 1 & 2 & 3 & 4 \\ 3 & 4 & 1 & 2 \\ 2 & 1 & 4 & 3 \\ 4 & 3 & 2 & 1 \\ \end{bmatrix}", "ok"),
    ("```text\n" + "\n".join(ROWS) + "\n```", "ok"),  # a real language tag
    # -- attacks that already fail
    ("\n".join(ROWS) + "\n\n" + "\n".join(ROWS), "wrong_size"),  # two grids: both are read
    ("| 1 | 2 | 3 | 4 |\n|---|---|---|---|\n" + _table(ROWS), "wrong_size"),  # a header row of digits is a row
    ("\n".join(f"Row {i + 1}: {r}" for i, r in enumerate(ROWS)), "parse_error"),  # row labels
    ("\n".join(f"{i + 1}: {r}" for i, r in enumerate(ROWS)), "parse_error"),  # digit row labels
    ("+--1--+\n" + "\n".join(ROWS) + "\n+-----+", "parse_error"),  # a frame line that holds a digit
    ("\n".join(ROWS) + "\n---\n1", "wrong_size"),  # a digit under a rule line still counts
    (r"\begin{bmatrix} " + r" \\ ".join(r.replace(" ", " & ") for r in ROWS) + r" \end{bmatrix}^T", "parse_error"),
    (r"\begin{array}{c1c} " + r" \\ ".join(r.replace(" ", " & ") for r in ROWS) + r" \end{array}", "parse_error"),
    ("\n".join(ROWS[:3]) + "\n4 3 2 \u2500 1", "parse_error"),  # a horizontal box rule between two digits
]


@pytest.mark.parametrize(("answer", "reason"), GRID_CASES)
def test_grid_table(answer, reason):
    check_case(SUDOKU, SUDOKU_PAYLOAD, answer, reason)
    for task, payload in LATIN:
        assert task.verify(payload, f"<answer>{answer}</answer>").correct == (reason == "ok"), (task.name, answer)


# An empty LaTeX entry ("& 1 & 2 & 3 & 4 \\ 3 & 4 & 1 & 2 &") shifts a row as an empty table cell does: refused.
def test_empty_latex_entry_is_refused():
    answer = r"\begin{bmatrix} & 1 & 2 & 3 & 4 \\ 3 & 4 & 1 & 2 & \\ 2 & 1 & 4 & 3 & \\ 4 & 3 & 2 & 1 & \end{bmatrix}"
    assert not SUDOKU.verify(SUDOKU_PAYLOAD, f"<answer>{answer}</answer>").correct


SUDOKU_CASES = [
    # bug: rows written box by box skipped the shape check that "1 2 3 4 3 4" rows get
    ("12 34 34\n12 21\n43 43 21", "wrong_shape"),  # regression: lines of 6, 4 and 6 cells
    ("12\n34 34\n12 21 43\n43 21", "wrong_shape"),  # regression: lines of 2, 4, 6 and 4 cells
    ("12 34\n34 12\n21 43\n43 21", "ok"),  # one row per line, box by box
    ("12 34 34 12 21 43 43 21", "ok"),  # all on one line
    ("12\n34\n34\n12\n21\n43\n43\n21", "ok"),  # one box row per line: every line the same share of a row
]


@pytest.mark.parametrize(("answer", "reason"), SUDOKU_CASES)
def test_sudoku_box_runs(answer, reason):
    check_case(SUDOKU, SUDOKU_PAYLOAD, answer, reason)


# -- word sorting lists and the shared wrappers ---------------------------------------------------------------

WORDS = get_task("word_sorting")
WORDS_PAYLOAD = {"alphabet": "bacdefghijklmnopqrstuvwxyz", "words": ["ab", "ba", "cd"], "descending": False}
WORD_CASES = [
    ("1. ba\n2. ab\n3. cd", "ok"),
    ("- ba, - ab, - cd", "ok"),  # bullets on one line, split by commas
    ("1. ba ab\n2. cd", "wrong_count"),  # two words in one numbered item
    ("- ba - ab - cd", "wrong_count"),  # bullets inside one line are text
    ("2. ab\n1. ba\n3. cd", "wrong_words"),  # numbers out of place are text, never an order
    ("1. ba\n2. ab\n3. cd\n4. ab", "wrong_count"),
    ("**ba**, **ab**, **cd**", "wrong_words"),  # bold per item is not dropped
    ("\\boxed{ba}, \\boxed{ab, cd}", "wrong_words"),  # two boxes: the inside is garbage
]


@pytest.mark.parametrize(("answer", "reason"), WORD_CASES)
def test_word_sorting_table(answer, reason):
    check_case(WORDS, WORDS_PAYLOAD, answer, reason)

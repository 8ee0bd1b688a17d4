"""The reason vocabulary: every tag a verdict may carry, each with a one-line meaning.

The same mistake gets the same tag in every family, so reason histograms and training logs compare
across tasks. A family that needs a new rule adds its tag here (`violates:<rule>`); the registry-wide
tests fail on any reason a verifier returns that is not listed.
"""

from __future__ import annotations

# Extraction (verifiers/extract.py): the answer block itself.
EXTRACTION = {
    "no_answer": "no <answer>...</answer> block, or the response is not text",
    "empty_answer": "the answer block holds nothing",
    "unclosed_answer": "an <answer> block is opened and never closed (a truncated response)",
    "malformed_answer": "answer tags nested, or a closing tag without an opening one",
    "multiple_answers": "several answer blocks with different contents (a hedge)",
    "answer_too_long": "the answer block is longer than any puzzle answer",
    "bad_characters": "control or invisible characters inside the answer",
}

# Structure: the answer is not a well-formed answer to this puzzle.
STRUCTURE = {
    "too_long": "far longer (or more deeply nested) than any valid answer to this puzzle; refused before parsing",
    "parse_error": "not written in the stated answer format",
    "wrong_shape": "a grid with the wrong number of rows or cells, or rows of unequal length",
    "wrong_count": "the wrong number of items (list entries, or numbers in an expression)",
    "wrong_length": "an item (a number, a word) with the wrong number of characters",
    "out_of_range": "a value outside the puzzle's domain (a 0 or a 5 in a 4x4 grid of 1..4)",
    "out_of_bounds": "a cell coordinate outside the grid",
    "unknown_item": "names something the puzzle does not have (a word, node, letter, person or number not given)",
    "duplicate_item": "the same item given twice where it may appear once",
    "missing_item": "an item the answer must hold is absent",
    "extra_item": "an item of the puzzle that does not belong in the answer set",
}

# Rules: the answer is well formed and breaks a rule of the puzzle. Checked in this order: givens,
# shared rules (rows, columns), family rules.
RULES = {
    "violates:given": "changes what the puzzle fixes (a pre-filled cell, a given digit, a revealed cell)",
    "violates:row": "a row breaks its rule (repeats a value, misses one, or misses its count or sum)",
    "violates:column": "a column breaks its rule (repeats a value, misses one, or misses its count or sum)",
    "violates:box": "a box (sudoku region) repeats a value or misses one",
    "violates:cage": "a cage's values do not produce its target",
    "violates:inequality": "an inequality sign between two cells does not hold",
    "violates:top": "a clue above the grid (buildings seen from the top) does not hold",
    "violates:bottom": "a clue below the grid does not hold",
    "violates:left": "a clue left of the grid does not hold",
    "violates:right": "a clue right of the grid does not hold",
    "violates:operator": "uses an operator the puzzle does not allow",
    "violates:arithmetic": "the equation is false with these digits",
    "violates:equation": "an equation of the system does not hold",
    "violates:same_letter": "one letter stands for two digits",
    "violates:distinct_letters": "two letters stand for the same digit",
    "violates:leading_zero": "a number starts with 0",
    "violates:order": "the items are not in the required order",
    "violates:start": "the path does not start at the required node",
    "violates:end": "the path does not end at the required node",
    "violates:edge": "two consecutive nodes of the path are not joined by an edge",
    "violates:mismatch": "a closing bracket does not match the innermost open one",
    "violates:extra_close": "a closing bracket with nothing left open",
    "violates:unclosed": "brackets are left open at the end",
    "violates:region": "a region (an outlined area of the grid) breaks its count or content rule",
    "violates:touching": "two marked cells touch (orthogonally or diagonally) where the rules forbid it",
    "violates:adjacent": "cells the rules require to be orthogonal neighbours are not (consecutive numbers)",
    "violates:sum": "a line's, ray's or block's sum differs from its clue",
    "violates:cover": "a cell the rules require to be covered or used is not (an arrow on no ray, a shaded cell)",
    "violates:matching": "no one-to-one pairing exists where the rules require one (tents to trees)",
    "violates:island": "an island breaks its rule (no number, two numbers, or a size unlike its number)",
    "violates:pool": "walls fill a 2x2 block",
    "violates:connected": "cells that must form one connected area do not",
    "violates:word": "a word slot holds a string that is not one of the allowed words",
    "violates:domino": "a shaded cell has no shaded neighbour to pair with (norinori: cells pair into dominoes)",
    # -- new rule tags above this line (one line each, "violates:<rule>": "<meaning>") --
}

# Outcome: well formed, no rule broken as checked, and still not the answer.
OUTCOME = {
    "wrong_value": "the computed value is not the one asked for (an expression that misses the target)",
    "wrong_answer": "differs from the proved-unique answer",
    "not_optimal": "a valid solution that is not optimal (a path longer than the shortest)",
    "not_minimal": "adds more than needed (a completion that opens new brackets)",
    "wrong_prefix": "the answer restates the given part of the sequence and changes it",
    "division_by_zero": "the expression divides by zero",
}

# Never the model's fault: a defect in the data or the verifier.
DEFECTS = {
    "bad_payload": "the payload is inconsistent (a generator defect); no answer can pass",
    "internal_error": "the verifier raised (a defect); written internal_error:<ExceptionName>",
}

REASONS: dict[str, str] = {"ok": "the answer is correct", **EXTRACTION, **STRUCTURE, **RULES, **OUTCOME, **DEFECTS}


def is_known(reason: str) -> bool:
    """Whether `reason` is in the vocabulary (`internal_error:<Name>` counts as `internal_error`).

    >>> is_known("violates:row"), is_known("violates:col"), is_known("internal_error:KeyError")
    (True, False, True)
    """
    return reason in REASONS or reason.partition(":")[0] == "internal_error"

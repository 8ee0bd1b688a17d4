"""The verifier toolkit: the grid, cell-list and list parsers every family shares, and the reason vocabulary."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st

from logicforge.verifiers.grid import latin_reason, parse_cells, parse_grid
from logicforge.verifiers.parse import parse_list
from logicforge.verifiers.reasons import REASONS, is_known
from logicforge.verifiers.symbol_grid import parse_symbol_grid

G = [[1, 2, 3], [2, 3, 1], [3, 1, 2]]


def _rows(g, sep=" "):
    return "\n".join(sep.join(map(str, r)) for r in g)


def _table(g, header=None, row_labels=None):
    lines = []
    if header is not None:
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for i, r in enumerate(g):
        cells = ([row_labels[i]] if row_labels else []) + [str(v) for v in r]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


NOTATIONS = {
    "rows": _rows(G),
    "commas": _rows(G, ", "),
    "one line": " ".join(str(v) for r in G for v in r),
    "semicolons": "; ".join(" ".join(map(str, r)) for r in G),
    "nested list": str(G),
    "quoted rows": ", ".join(f"'{''.join(map(str, r))}'" for r in G),
    "backtick rows": "\n".join(f"`{' '.join(map(str, r))}`" for r in G),
    "packed rows": "\n".join("".join(map(str, r)) for r in G),
    "one run": "".join(str(v) for r in G for v in r),
    "table": _table(G),
    "table with column labels": _table(G, ["C1", "C2", "C3"]),
    "table with number labels": _table(G, ["1", "2", "3"]),
    "table with letter labels": _table(G, ["A", "B", "C"]),
    "table with row and column labels": _table(G, ["", "C1", "C2", "C3"], ["R1", "R2", "R3"]),
    "table with bold labels": _table(G, ["**Col 1**", "**Col 2**", "**Col 3**"]),
    "table whose header is the first row": _table(G[1:], [str(v) for v in G[0]]),
    "box drawing": "┌───────┐\n│ 1 2 3 │\n│ 2 3 1 │\n│ 3 1 2 │\n└───────┘",
    "frame": "+-------+\n| 1 2 3 |\n| 2 3 1 |\n| 3 1 2 |\n+-------+",
    "rules between rows": "1 | 2 | 3\n--+---+--\n2 | 3 | 1\n--+---+--\n3 | 1 | 2",
    "latex": r"\begin{bmatrix} 1 & 2 & 3 \\ 2 & 3 & 1 \\ 3 & 1 & 2 \end{bmatrix}",
    "latex array": r"\left[\begin{array}{ccc} 1 & 2 & 3 \\ 2 & 3 & 1 \\ 3 & 1 & 2 \end{array}\right]",
}


@pytest.mark.parametrize("name", sorted(NOTATIONS))
def test_every_notation_reads_the_same_grid(name):
    assert parse_grid(NOTATIONS[name], 3, 3) == G, NOTATIONS[name]


REFUSED = [
    ("1 2 3\n2 3 1\n3 1", "wrong_shape"),  # a cell short
    ("1 2 3\n2 3 1 3\n1 2", "wrong_shape"),  # rows of 3, 4 and 2
    ("1 2 3\n2 3 1\n3 1 2\n1 2 3", "wrong_shape"),  # a row too many
    ("1 2 3\n2 3 1\n3 1 -2", "parse_error"),  # a sign
    ("1 2 3\n2 3 1\n3 1 2.0", "parse_error"),  # a point
    ("1 2 3\n2 3 1\n3 1 2 (or 3 2 1)", "parse_error"),  # words
    ("| 1 | 2 | 3 |\n| 2 |   | 1 |\n| 3 | 1 | 2 |", "parse_error"),  # an empty table cell
    (r"\begin{bmatrix} 1 & 2 & 3 \\ 2 & & 1 \\ 3 & 1 & 2 \end{bmatrix}", "parse_error"),  # an empty entry
    ("12 3\n231\n312", "wrong_shape"),  # runs of unequal length: not packed digits
    (_table(G, ["C1", "C3", "C2"]), "parse_error"),  # labels out of order are not labels
    (_table(G, ["", "C1", "C2", "C3"], ["R1", "R3", "R2"]), "parse_error"),  # nor are row labels
    ("01 2 3\n2 3 1\n3 1 2", "parse_error"),  # a zero-padded cell
    ("x" * 100_000, "too_long"),
]


@pytest.mark.parametrize("text,reason", REFUSED)
def test_malformed_grids_get_their_reason(text, reason):
    assert parse_grid(text, 3, 3) == reason


def test_packing_is_only_for_single_digit_grids():
    assert parse_grid("12\n34", 2, 2, packed=False) == "wrong_shape"
    assert parse_grid("1234", 2, 2, packed=False) == "wrong_shape"
    assert parse_grid("10 11\n12 13", 2, 2, packed=False) == [[10, 11], [12, 13]]
    assert parse_grid("534 678 912\n" * 9, 9, 9)[0] == [5, 3, 4, 6, 7, 8, 9, 1, 2]  # box by box


def test_shared_rules_in_order():
    assert latin_reason(G, 3) is None
    assert latin_reason([[1, 2, 4], [2, 3, 1], [3, 1, 2]], 3) == "out_of_range"
    assert latin_reason(G, 3, [[0, 0, 2]]) == "violates:given"
    assert latin_reason([[1, 2, 3], [1, 2, 3], [3, 1, 2]], 3) == "violates:column"
    assert latin_reason([[1, 1, 3], [2, 3, 1], [3, 2, 2]], 3) == "violates:row"


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 16), st.integers(0, 2**32 - 1))
def test_rendered_grids_round_trip_and_cut_grids_never_do(n, seed):
    rng = random.Random(seed)
    g = [[rng.randint(1, n) for _ in range(n)] for _ in range(n)]
    for text in (_rows(g), str(g), _table(g), _table(g, [f"C{i + 1}" for i in range(n)])):
        assert parse_grid(text, n, n, packed=n <= 9) == g, text
    cut = _rows(g)[: -len(str(g[-1][-1]))]
    assert parse_grid(cut, n, n, packed=n <= 9) in ("wrong_shape", "parse_error")


def test_cell_lists():
    assert parse_cells("(0, 1), (2, 2)", 3, 3) == [(0, 1), (2, 2)]
    assert parse_cells("[[1, 2], [3, 3]]", 3, 3, base=1) == [(0, 1), (2, 2)]
    assert parse_cells("[(0,1); (1,0)]", 3, 3) == [(0, 1), (1, 0)]
    assert parse_cells("(0, 1)", 3, 3) == [(0, 1)]
    assert parse_cells("[]", 3, 3) == [] and parse_cells("( )", 3, 3) == []
    assert parse_cells("(0, 0), (0, 0)", 3, 3) == "duplicate_item"
    assert parse_cells("(0, 3)", 3, 3) == "out_of_bounds"
    assert parse_cells("(0, 0)", 3, 3, base=1) == "out_of_bounds"  # 1-based: row 0 does not exist
    assert parse_cells("(0, 0) and (1, 1)", 3, 3) == "parse_error"
    assert parse_cells("(0, 0), (1, 1).", 3, 3) == "parse_error"
    assert parse_cells("0, 0", 3, 3) == "parse_error"
    assert parse_cells("(0, 0), " * 10_000, 3, 3) == "too_long"


def test_lists():
    assert parse_list("b, a, c", 5) == ["b", "a", "c"]
    assert parse_list("['b', 'a']", 5) == ["b", "a"]
    assert parse_list("1. b\n2. a", 5) == ["b", "a"]
    assert parse_list("2. b\n1. a", 5) == ["2. b", "1. a"]  # markers out of order stay text
    assert parse_list("b a c", 5) == ["b a c"] and parse_list("b a c", 5, spaces=True) == ["b", "a", "c"]
    assert parse_list("a," * 50, 5) == "too_long"


MARKS = {"1": 1, "X": 0}
S = [[1, 0, 0], [0, 1, 1], [1, 0, 1]]
SYMBOL_NOTATIONS = {
    "rows": "1 X X\nX 1 1\n1 X 1",
    "lower case": "1 x x\nx 1 1\n1 x 1",
    "commas": "1, X, X\nX, 1, 1\n1, X, 1",
    "runs": "1XX\nX11\n1X1",
    "nested list": '[["1", "X", "X"], ["X", "1", "1"], ["1", "X", "1"]]',
    "pretty list": "[\n  ['1', 'X', 'X'],\n  ['X', '1', '1'],\n  ['1', 'X', '1'],\n]",
    "semicolons": "1 X X; X 1 1; 1 X 1",
    "one line": "1 X X X 1 1 1 X 1",
    "fence": "```\n1 X X\nX 1 1\n1 X 1\n```",
    "table": "| 1 | X | X |\n|---|---|---|\n| X | 1 | 1 |\n| 1 | X | 1 |",
    "labelled table": "| | C1 | C2 | C3 |\n|---|---|---|---|\n| R1 | 1 | X | X |\n| R2 | X | 1 | 1 |\n| R3 | 1 | X | 1 |",
}


@pytest.mark.parametrize("name", SYMBOL_NOTATIONS)
def test_every_notation_reads_the_same_symbol_grid(name):
    assert parse_symbol_grid(SYMBOL_NOTATIONS[name], 3, 3, MARKS) == S, SYMBOL_NOTATIONS[name]


@pytest.mark.parametrize("text, reason", [
    ("1 X X\nX 1 1", "wrong_shape"),             # a row missing
    ("1 X X\nX 1 1 1\n1 X", "wrong_shape"),     # a long row does not make up for a short one
    ("1 X Y\nX 1 1\n1 X 1", "parse_error"),     # a symbol the puzzle does not use
    ("1 X X\nX 1 1\n1 X 1 and done", "parse_error"),
    ("| 1 | | X |\n| X | 1 | 1 |\n| 1 | X | 1 |", "parse_error"),  # an empty table cell
    ('[["1", "X", "X"], oops ["X", "1", "1"], ["1", "X", "1"]]', "parse_error"),
    ("1 X X\n" * 100_000, "too_long"),
])  # fmt: skip
def test_malformed_symbol_grids_get_their_reason(text, reason):
    assert parse_symbol_grid(text, 3, 3, MARKS) == reason


def test_symbols_mixed_with_numbers():
    walls = {"A": "A", ".": "."}
    assert parse_symbol_grid("3 A\nA .", 2, 2, walls, numbers=True) == [[3, "A"], ["A", "."]]
    assert parse_symbol_grid("12 A\nA .", 2, 2, walls, numbers=True) == [[12, "A"], ["A", "."]]
    for bad in ("-3 A\nA .", "03 A\nA .", "3.0 A\nA .", "٣ A\nA .", "9999999 A\nA ."):
        assert parse_symbol_grid(bad, 2, 2, walls, numbers=True) == "parse_error", bad
    assert parse_symbol_grid("3 A\nA .", 2, 2, walls) == "parse_error"  # numbers only where allowed
    arrows = {"↑": "U", "U": "U", "↗": "UR", "UR": "UR"}
    assert parse_symbol_grid("↑ ↗\nUR u", 2, 2, arrows) == [["U", "UR"], ["UR", "U"]]
    assert parse_symbol_grid("a b\nB a", 2, 2, {"a": 1, "B": 2}, case=True) == "parse_error"


def test_every_reason_a_parser_returns_is_in_the_vocabulary():
    out = [parse_grid(t, 3, 3) for t, _ in REFUSED] + [parse_cells(t, 3, 3) for t in ("(9,9)", "x", "(0,0),(0,0)")]
    assert all(isinstance(r, str) and is_known(r) for r in out) and "ok" in REASONS

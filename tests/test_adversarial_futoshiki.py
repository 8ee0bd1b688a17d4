"""Futoshiki red team: an independent solver that reads only the question text, adversarial answers, speed."""

from __future__ import annotations

import itertools
import json
import re
import time

import pytest

from logicforge.tasks import get_task

TASK = get_task("futoshiki")


def wrap(text: str) -> str:
    return f"<think>reasoning</think>\n<answer>{text}</answer>"


def rows_text(grid) -> str:
    return "\n".join(" ".join(map(str, row)) for row in grid)


# -- the question text, read on its own: the listed constraints and the ASCII board must agree -------


def parse_question(q: str):
    """(n, givens {(r, c): v}, less [((r1, c1), (r2, c2))]) from the list, checked against the board."""
    n = int(re.search(r"Solve this (\d+)x\1 Futoshiki", q).group(1))
    pre = re.search(r"Pre-filled: (.*)", q).group(1)
    cell = r"\((\d+),(\d+)\)"
    givens = {(int(a) - 1, int(b) - 1): int(v) for a, b, v in re.findall(cell + r" = (\d+)", pre)}
    listed = q.split("Inequalities:\n")[1]
    less = [
        ((int(a) - 1, int(b) - 1), (int(c) - 1, int(d) - 1))
        for a, b, c, d in re.findall(rf"^{cell} < {cell}$", listed, re.M)
    ]
    board = [line[2:-2] for line in q.splitlines() if line.startswith("| ") and line.endswith(" |")]
    assert len(board) == 2 * n - 1
    seen_givens, seen_less = {}, set()
    for i, inner in enumerate(board):
        r = i // 2
        for c in range(n):
            if i % 2 == 0:
                if inner[4 * c] != ".":
                    seen_givens[(r, c)] = int(inner[4 * c])
                sign = inner[4 * c + 2] if c < n - 1 else " "
                pair = {"<": ((r, c), (r, c + 1)), ">": ((r, c + 1), (r, c))}.get(sign)
            else:
                sign = inner[4 * c] if 4 * c < len(inner) else " "
                pair = {"^": ((r, c), (r + 1, c)), "v": ((r + 1, c), (r, c))}.get(sign)
            assert pair is not None or sign == " ", repr(sign)
            if pair:
                seen_less.add(pair)
    assert seen_givens == givens and seen_less == set(less)
    return n, givens, less


def solve(n, givens, less, limit=2):
    """Up to `limit` solutions: rows among all permutations, pruned on columns, givens and signs."""
    perms = list(itertools.permutations(range(1, n + 1)))
    out = []

    def place(rows):
        if len(out) >= limit:
            return
        r = len(rows)
        if r == n:
            out.append([list(row) for row in rows])
            return
        for p in perms:
            if any(givens.get((r, c), p[c]) != p[c] or any(rows[k][c] == p[c] for k in range(r)) for c in range(n)):
                continue
            rows.append(p)
            if all(rows[a[0]][a[1]] < rows[b[0]][b[1]] for a, b in less if max(a[0], b[0]) == r):
                place(rows)
            rows.pop()

    place([])
    return out


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_text_only_solver_is_accepted(level):
    for i in range(4):
        inst = TASK.generate(TASK.params(level), 101, i)
        assert "<answer>" in TASK.prompt(inst.question)[0]["content"]
        n, givens, less = parse_question(inst.question)
        sols = solve(n, givens, less)
        assert len(sols) == 1  # the generator proved uniqueness; the text alone agrees
        assert TASK.verify(inst.payload, wrap(rows_text(sols[0]))).correct
        assert TASK.verify(json.dumps(inst.payload), wrap(rows_text(sols[0]))).correct


def test_any_valid_solution_is_accepted_not_just_the_reference():
    inst = TASK.generate(TASK.params(3), 7, 0)
    n, _, less = parse_question(inst.question)
    payload = {**inst.payload, "givens": []}  # the same signs, no pre-filled cells: many solutions
    sols = solve(n, {}, less, limit=50)
    others = [s for s in sols if rows_text(s) != inst.answer]
    assert others
    for s in others[:10]:
        assert TASK.verify(payload, wrap(rows_text(s))).correct


# -- adversarial answers ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def inst():
    return TASK.generate(TASK.params(2), 5, 0)


def test_equivalent_formats_accepted(inst):
    g = [r.split() for r in inst.answer.splitlines()]
    forms = [
        "\n".join(",".join(r) for r in g),
        json.dumps([[int(x) for x in r] for r in g]),
        json.dumps([[int(x) for x in r] for r in g], indent=2),
        "\n".join("".join(r) for r in g),
        " ".join(" ".join(r) for r in g),
        "; ".join(" ".join(r) for r in g),
        json.dumps(["".join(r) for r in g]),
        json.dumps([" ".join(r) for r in g]),
        "\n".join("| " + " | ".join(r) + " |" for r in g),
        str(tuple(tuple(int(x) for x in r) for r in g)),
        "```\n" + inst.answer + "\n```",
        inst.answer.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    ]
    for form in forms:
        assert TASK.verify(inst.payload, wrap(form)).correct, form


def test_wrong_answers_rejected(inst):
    a = inst.answer
    g = [r.split() for r in a.splitlines()]
    n = len(g)
    bad = [
        a.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        " ".join("+" + x for x in a.split()),
        "\n".join(" ".join("0" + x for x in r) for r in g),
        "\n".join(" ".join(x + ".0" for x in r) for r in g),
        "\n".join(" ".join(x + "/1" for x in r) for r in g),
        "\n".join(" ".join("-" + x for x in r) for r in g),
        "the answer is\n" + a,
        "\n".join(" ".join(c) for c in zip(*g)),  # transposed
        a + "\n" + a,
        a + "\n" + a.splitlines()[0],
        "\n".join(a.splitlines()[:-1]),
        inst.question,
        a + " or " + a,
        "1e999",
        "nan",
        "inf",
        "",
        "[" * 5000 + "]" * 5000,
        "1" * 19_000,
        a.replace("1", "0"),
        a.replace("1", str(n + 1)),
    ]
    for text in bad:
        v = TASK.verify(inst.payload, wrap(text))
        assert not v.correct and v.score == 0.0, text
        assert not v.reason.startswith("internal_error"), (text, v.reason)


def test_ragged_rows_rejected(inst):
    """Regression: the cells were read as one stream, so a short row made up for by a long one
    (rows of n-1 and n+1 cells) passed as the grid."""
    cells = inst.answer.split()
    n = int(len(cells) ** 0.5)
    ragged = [cells[: n - 1], cells[n - 1 : 2 * n]] + [cells[k : k + n] for k in range(2 * n, n * n, n)]
    text = "\n".join(" ".join(r) for r in ragged)
    assert TASK.verify(inst.payload, wrap(text)).reason == "wrong_shape"
    nested = json.dumps([[int(x) for x in r] for r in ragged])
    assert TASK.verify(inst.payload, wrap(nested)).reason == "wrong_shape"
    strings = json.dumps(["".join(r) for r in ragged])
    assert not TASK.verify(inst.payload, wrap(strings)).correct


def test_hostile_inputs_fast_and_never_raise(inst):
    hostile = [
        "1 " * 9_999,
        "[" * 9_999,
        ("1234\n" * 4000),
        "<>^v" * 4000,
        "(" * 3000 + "1" + ")" * 3000,
        "9" * 20_000,
        "\u00b9" * 5000,
    ]
    for text in hostile:
        for payload in (inst.payload, json.dumps(inst.payload)):
            t = time.perf_counter()
            v = TASK.verify(payload, wrap(text))
            assert time.perf_counter() - t < 0.05
            assert not v.correct and not v.reason.startswith("internal_error")

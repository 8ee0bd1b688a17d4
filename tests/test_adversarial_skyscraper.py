"""Skyscraper red team: an independent solver that reads only the question text, adversarial answers, speed."""

from __future__ import annotations

import itertools
import json
import re
import time

import pytest

from logicforge.tasks import get_task

TASK = get_task("skyscraper")
SIDES = ("top", "bottom", "left", "right")


def wrap(text: str) -> str:
    return f"<think>reasoning</think>\n<answer>{text}</answer>"


def rows_text(grid) -> str:
    return "\n".join(" ".join(map(str, row)) for row in grid)


def seen(line) -> int:
    count = tallest = 0
    for h in line:
        if h > tallest:
            count, tallest = count + 1, h
    return count


# -- the question text, read on its own: the clue lists and the framed board must agree ---------------


def parse_question(q: str):
    """(n, clues {side: [k or 0]}, givens {(r, c): v}) from the lists, checked against the board."""
    n = int(re.search(r"Solve this (\d+)x\1 Skyscraper", q).group(1))

    def listed(side):
        text = re.search(side.capitalize() + r" \(seen[^)]*\): (.*)", q).group(1)
        return [0 if x == "none" else int(x) for x in text.split(", ")]

    clues = {side: listed(side) for side in SIDES}
    pre = re.search(r"Pre-filled cells \(row, column\), counted from 1 at the top left: (.*)", q).group(1)
    givens = {(int(a) - 1, int(b) - 1): int(v) for a, b, v in re.findall(r"\((\d+),(\d+)\) = (\d+)", pre)}
    lines = q.split("\n\n")[1].splitlines()

    def clue(tok):
        return 0 if tok == "-" else int(tok)

    assert [clue(t) for t in lines[0].split()] == clues["top"]
    assert [clue(t) for t in lines[-1].split()] == clues["bottom"]
    assert lines[0].index(lines[0].split()[0]) == lines[2].index("|") + 2  # top clues sit over column 1
    board_givens = {}
    for r, line in enumerate(lines[2 : 2 + n]):
        m = re.fullmatch(r"  (\S) \| (.*) \| (\S)", line)
        assert clue(m.group(1)) == clues["left"][r] and clue(m.group(3)) == clues["right"][r]
        for c, tok in enumerate(m.group(2).split()):
            if tok != ".":
                board_givens[(r, c)] = int(tok)
    assert board_givens == givens
    return n, clues, givens


def solve(n, clues, givens, limit=2):
    """Up to `limit` solutions: rows among the permutations matching row clues, columns checked at the end."""
    perms = list(itertools.permutations(range(1, n + 1)))
    out = []

    def fits(line, front, back):
        return (not front or seen(line) == front) and (not back or seen(line[::-1]) == back)

    def place(rows):
        if len(out) >= limit:
            return
        r = len(rows)
        if r == n:
            cols = list(zip(*rows))
            if all(fits(cols[c], clues["top"][c], clues["bottom"][c]) for c in range(n)):
                out.append([list(row) for row in rows])
            return
        for p in perms:
            if any(givens.get((r, c), p[c]) != p[c] or any(rows[k][c] == p[c] for k in range(r)) for c in range(n)):
                continue
            if fits(p, clues["left"][r], clues["right"][r]) and all(
                not clues["top"][c] or seen([row[c] for row in rows] + [p[c]]) <= clues["top"][c] for c in range(n)
            ):
                rows.append(p)
                place(rows)
                rows.pop()

    place([])
    return out


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_text_only_solver_is_accepted(level):
    for i in range(4):
        inst = TASK.generate(TASK.params(level), 101, i)
        assert "<answer>" in TASK.prompt(inst.question)[0]["content"]
        n, clues, givens = parse_question(inst.question)
        sols = solve(n, clues, givens)
        assert len(sols) == 1  # the generator proved uniqueness; the text alone agrees
        assert TASK.verify(inst.payload, wrap(rows_text(sols[0]))).correct
        assert TASK.verify(json.dumps(inst.payload), wrap(rows_text(sols[0]))).correct


def test_any_valid_solution_is_accepted_not_just_the_reference():
    inst = TASK.generate(TASK.params(5), 7, 0)
    n, clues, _ = parse_question(inst.question)
    clues = {s: [0 if i % 2 else k for i, k in enumerate(v)] for s, v in clues.items()}  # fewer clues
    payload = {**inst.payload, **clues, "givens": []}
    sols = solve(n, clues, {}, limit=50)
    others = [s for s in sols if rows_text(s) != inst.answer]
    assert others
    for s in others[:10]:
        assert TASK.verify(payload, wrap(rows_text(s))).correct


# -- adversarial answers ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def inst():
    return TASK.generate(TASK.params(3), 5, 0)


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
        "\n".join("| " + " | ".join(r) + " |" for r in g),
        str(tuple(tuple(int(x) for x in r) for r in g)),
        "```text\n" + inst.answer + "\n```",
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
        "\n".join(" ".join("-" + x for x in r) for r in g),
        "the answer is\n" + a,
        "\n".join(" ".join(c) for c in zip(*g)),  # transposed
        "\n".join(" ".join(r[::-1]) for r in g),  # mirrored
        "\n".join(" ".join(r) for r in g[::-1]),  # upside down
        a + "\n" + a,
        "\n".join(a.splitlines()[:-1]),
        inst.question,
        "1e999",
        "nan",
        "[" * 5000 + "]" * 5000,
        a.replace("1", "0"),
        a.replace("1", str(n + 1)),
    ]
    for text in bad:
        v = TASK.verify(inst.payload, wrap(text))
        assert not v.correct and v.score == 0.0, text
        assert not v.reason.startswith("internal_error"), (text, v.reason)


def test_every_clue_is_checked():
    """Each single-clue change of a solved grid's payload makes its solution fail on that side."""
    inst = TASK.generate(TASK.params(2), 9, 1)
    for side in SIDES:
        for i, k in enumerate(inst.payload[side]):
            if k:
                payload = {**inst.payload, side: [*inst.payload[side][:i], k % 4 + 1, *inst.payload[side][i + 1 :]]}
                assert TASK.verify(payload, wrap(inst.answer)).reason == f"violates:{side}"


def test_ragged_rows_rejected(inst):
    """Regression: the cells were read as one stream, so a short row made up for by a long one passed."""
    cells = inst.answer.split()
    n = int(len(cells) ** 0.5)
    ragged = [cells[: n - 1], cells[n - 1 : 2 * n]] + [cells[k : k + n] for k in range(2 * n, n * n, n)]
    assert TASK.verify(inst.payload, wrap("\n".join(" ".join(r) for r in ragged))).reason == "wrong_shape"
    assert TASK.verify(inst.payload, wrap(json.dumps([[int(x) for x in r] for r in ragged]))).reason == "wrong_shape"


def test_hostile_inputs_fast_and_never_raise(inst):
    hostile = ["1 " * 9_999, "[" * 9_999, "1234\n" * 4000, "(" * 3000 + "1" + ")" * 3000, "9" * 20_000]
    for text in hostile:
        for payload in (inst.payload, json.dumps(inst.payload)):
            t = time.perf_counter()
            v = TASK.verify(payload, wrap(text))
            assert time.perf_counter() - t < 0.05
            assert not v.correct and not v.reason.startswith("internal_error")

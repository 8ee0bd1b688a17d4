"""Campsite (Tents and Trees): generation and the question text, a verifier table of adversarial cases,
agreement with an independent brute force (every valid placement passes, nothing else does), fuzz, and
hostile input."""

from __future__ import annotations

import itertools
import json
import random
import re
import time

import networkx as nx
import pytest

from logicforge.generators import campsite as gen
from logicforge.generators._campsite_solver import solve
from logicforge.tasks import get_task, prompts
from logicforge.verifiers.campsite import verify

from helpers import assert_refused_fast, check_case

TASK = get_task("campsite")
Cell = tuple[int, int]


# -- an independent check of the rules as stated --------------------------------------------------------------


def holds(payload: dict, tents: set[Cell]) -> bool:
    """The rules as the prompt states them, with a networkx maximum matching for the tent-tree pairing."""
    rows, cols = payload["rows"], payload["cols"]
    trees = {tuple(t) for t in payload["trees"]}
    if tents & trees or any(not (0 <= r < rows and 0 <= c < cols) for r, c in tents):
        return False
    if [sum(r == i for r, _ in tents) for i in range(rows)] != payload["row_counts"]:
        return False
    if [sum(c == j for _, c in tents) for j in range(cols)] != payload["col_counts"]:
        return False
    for (r1, c1), (r2, c2) in itertools.combinations(tents, 2):
        if abs(r1 - r2) <= 1 and abs(c1 - c2) <= 1:
            return False
    graph = nx.Graph()
    graph.add_nodes_from(("tent", t) for t in tents)
    graph.add_nodes_from(("tree", t) for t in trees)
    graph.add_edges_from((("tent", (r, c)), ("tree", (r + dr, c + dc))) for r, c in tents
                         for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0)) if (r + dr, c + dc) in trees)  # fmt: skip
    top = [("tent", t) for t in tents]
    matching = nx.bipartite.maximum_matching(graph, top_nodes=top) if tents else {}
    return len(tents) == len(trees) and len(matching) == 2 * len(trees)


def text_of(payload: dict, tents: set[Cell], empty: str = "-") -> str:
    trees = {tuple(t) for t in payload["trees"]}
    return "\n".join(" ".join("T" if (r, c) in trees else "A" if (r, c) in tents else empty
                              for c in range(payload["cols"])) for r in range(payload["rows"]))  # fmt: skip


def tents_of(answer: str) -> set[Cell]:
    return {(r, c) for r, line in enumerate(answer.split("\n")) for c, x in enumerate(line.split()) if x == "A"}


# -- 1. generation and the question text ----------------------------------------------------------------------


def parse_q3(q: str):
    """(rows, cols, trees, row_counts, col_counts) read back from the English list wording."""
    rows, cols = (int(x) for x in re.search(r"grid of (\d+) rows and (\d+) columns", q).groups())
    listed = re.search(r"trees stand in these \d+ cells: (.*)\.", q).group(1)
    trees = [[int(a) - 1, int(b) - 1] for a, b in re.findall(r"\((\d+),(\d+)\)", listed)]
    row_counts = [int(x) for x in re.search(r"row 1 to row \d+ contain ([\d, ]+) tents", q).group(1).split(", ")]
    col_counts = [int(x) for x in re.search(r"column 1 to column \d+ contain ([\d, ]+) tents", q).group(1).split(", ")]
    return rows, cols, trees, row_counts, col_counts


def parse_drawing(q: str):
    """(trees, row_counts, col_counts) read back from the drawn board of the first wording."""
    lines = q.split("\n\n")[1].split("\n")
    col_counts = [int(x) for x in lines[0].split()]
    row_counts, trees = [], []
    for r, line in enumerate(lines[1:]):
        count, cells = line.split(" | ")
        row_counts.append(int(count))
        trees += [[r, c] for c, x in enumerate(cells.split()) if x == "T"]
    return trees, row_counts, col_counts


@pytest.mark.parametrize("level", range(1, 11))
def test_question_lists_and_drawing_match_the_payload(level):
    for i in range(3):
        inst = TASK.generate(TASK.params(level), 101, i)
        p = inst.payload
        q3 = prompts.render(TASK.module, "en", "q3", inst.fields)
        assert parse_q3(q3) == (p["rows"], p["cols"], p["trees"], p["row_counts"], p["col_counts"])
        q1 = prompts.render(TASK.module, "en", "q1", inst.fields)
        assert parse_drawing(q1) == (p["trees"], p["row_counts"], p["col_counts"])
        assert "A" not in inst.fields["board"] and "A" not in inst.fields["drawing"]  # no tent is shown
        assert holds(p, tents_of(inst.answer))
        assert len(p["trees"]) == round(TASK.params(level).tree_density * p["rows"] * p["cols"])


@pytest.mark.parametrize("lang", prompts.LANGS)
def test_every_paraphrase_shows_the_whole_puzzle(lang):
    """Each wording shows the size, every count, and every tree (drawn, or listed as (r,c))."""
    macros = prompts.paraphrases(TASK.module, lang)
    assert len(macros) >= 3
    for inst in [TASK.generate(TASK.params(lv), seed=47, index=0) for lv in (1, 5, 10)]:
        f, p = inst.fields, inst.payload
        for macro in macros:
            q = prompts.render(TASK.module, lang, macro, f)
            assert str(p["rows"]) in q and str(p["cols"]) in q
            listed = all(f"({r + 1},{c + 1})" in q for r, c in p["trees"])
            assert f["board"] in q or f["drawing"] in q or listed, (lang, macro)
            counts = re.sub(r"[，、]", ", ", q)
            drawn = f["drawing"] in q
            assert drawn or ", ".join(map(str, p["row_counts"])) in counts, (lang, macro)
            assert drawn or ", ".join(map(str, p["col_counts"])) in counts, (lang, macro)


def test_knob_rules():
    with pytest.raises(ValueError, match="rows"):
        gen.Params(rows=17)
    with pytest.raises(ValueError, match="tree_density"):
        gen.Params(rows=3, cols=3, tree_density=0.05)  # no tree at all
    with pytest.raises(ValueError, match="tree_density"):
        gen.Params(tree_density=0.25)  # more than non-touching tents can fill


def test_level_10_generation_has_no_long_tail():
    """A tail guard, not a benchmark: a 12x12 takes about 10 ms, never seconds."""
    for index in range(10):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, index)
        assert time.perf_counter() - start < 2.0, index


def test_largest_grids_fill_their_trees():
    params = gen.Params(rows=16, cols=16, tree_density=0.2)
    for index in range(5):
        inst = TASK.generate(params, 3, index)
        assert len(inst.payload["trees"]) == round(0.2 * 16 * 16) and holds(inst.payload, tents_of(inst.answer))


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# A generated 5x5 puzzle, frozen: two placements keep every rule (tents at (1,3) or (1,4) and (3,4) or (3,3)).
PUZZLE = {"rows": 5, "cols": 5, "trees": [[1, 0], [1, 2], [1, 3], [3, 1], [4, 2]],
          "row_counts": [2, 0, 1, 0, 2], "col_counts": [1, 1, 1, 2, 0]}  # fmt: skip
S1 = "A - A - -\nT - T T -\n- - - A -\n- T - - -\n- A T A -"
S2 = "A - - A -\nT - T T -\n- - A - -\n- T - - -\n- A T A -"
BOARD = "- - - - -\nT - T T -\n- - - - -\n- T - - -\n- - T - -"
# 4x4: every tent beside a tree and all counts kept, yet two tents share the tree at (3,1) and the tree at
# (3,3) has none; the only valid placement is HALL_OK.
HALL = {"rows": 4, "cols": 4, "trees": [[0, 1], [2, 0], [2, 2]], "row_counts": [1, 1, 0, 1], "col_counts": [2, 0, 1, 0]}
HALL_OK = "A T - -\n- - A -\nT - T -\nA - - -"
# 4x4: the tents at (3,2) and (4,1) keep every count and touch only at a corner.
DIAG = {"rows": 4, "cols": 4, "trees": [[1, 0], [3, 1], [3, 3]], "row_counts": [0, 1, 1, 1], "col_counts": [1, 1, 0, 1]}

CASES = [
    # (payload, answer, expected reason)
    (PUZZLE, S1, "ok"),
    (PUZZLE, S2, "ok"),  # the other valid placement: any placement keeping the rules passes
    (PUZZLE, S1.lower(), "ok"),  # lower-case letters
    (PUZZLE, S1.replace("-", "."), "parse_error"),  # dots are not the empty mark (a closing one is a full stop)
    (PUZZLE, S1.replace(" ", ""), "ok"),  # rows as runs of symbols
    (PUZZLE, json.dumps([r.split() for r in S1.split("\n")]), "ok"),  # a JSON list of lists
    (PUZZLE, "\n".join("| " + " | ".join(r.split()) + " |" for r in S1.split("\n")), "ok"),  # a Markdown table
    (PUZZLE, S1.replace("\n", "; "), "ok"),  # rows separated by semicolons
    (PUZZLE, S1 + ".", "ok"),  # a closing full stop
    (HALL, HALL_OK, "ok"),
    # universal answers
    (PUZZLE, BOARD, "violates:row"),  # the question's board echoed: no tent at all
    (PUZZLE, BOARD.replace("-", "A"), "violates:row"),  # every free cell a tent
    (PUZZLE, "\n".join(["- - - - -"] * 5), "violates:given"),  # an empty grid drops the trees
    (PUZZLE, "\n".join(["A A A A A"] * 5), "violates:given"),  # tents everywhere, on the trees too
    (PUZZLE, "\n".join(["T T T T T"] * 5), "violates:given"),  # trees everywhere
    (PUZZLE, "A\nA\nA", "wrong_shape"),
    # each rule broken once
    (PUZZLE, S1.replace("T - T T -", "T - T - T"), "violates:given"),  # a tree moved
    (PUZZLE, S1.replace("- T - - -", "- - - - -"), "violates:given"),  # a tree dropped
    (PUZZLE, S1.replace("- T - - -", "- T - - T"), "violates:given"),  # a tree added
    (PUZZLE, S1.replace("- T - - -", "- A - - -"), "violates:given"),  # a tent pitched on a tree
    (PUZZLE, S1.replace("- A T A -", "- A T - A"), "violates:column"),  # a tent moved along its row
    (PUZZLE, S1.replace("- - - A -", "- - - - -"), "violates:row"),  # a tent removed
    (PUZZLE, S1.replace("- - - A -", "- - - A A"), "violates:row"),  # a tent added beside another
    (PUZZLE, "- A A - -\nT - T T -\n- - - A -\n- T - - -\nA - T A -", "violates:touching"),  # side by side
    (PUZZLE, "- - A A -\nT - T T -\n- - - A -\n- T - - -\nA A T - -", "violates:touching"),
    (PUZZLE, "- A - A -\nT - T T -\n- - A - -\n- T - - -\nA - T A -", "violates:matching"),  # (5,1) has no tree
    (HALL, "- T A -\nA - - -\nT - T -\nA - - -", "violates:matching"),  # two tents, one tree; a tree left bare
    (HALL, "A T - -\nA - - -\nT - T -\n- - A -", "violates:touching"),  # one above the other
    (DIAG, "- - - -\nT - - A\n- A - -\nA T - T", "violates:touching"),  # diagonal neighbours only
    (HALL, "A T - -\n- - A -\nT - T -\n- A - -", "violates:column"),  # a tent moved, breaking its column
    # formats that are not the one asked for
    (PUZZLE, S1.replace("A", "X"), "parse_error"),  # another tent letter
    (PUZZLE, S1.replace("-", "0"), "parse_error"),  # zeros for empty cells
    (PUZZLE, S1.replace("A - A - -", "A - A - -."), "parse_error"),  # a dot glued to a cell
    (PUZZLE, S1 + "\n- - - - -", "wrong_shape"),  # an extra row
    (PUZZLE, S1 + "\n" + S2, "wrong_shape"),  # two candidates
    (PUZZLE, S1.rsplit("\n", 1)[0], "wrong_shape"),  # a missing row
    (PUZZLE, S1.replace("A - A - -", "A - A -"), "wrong_shape"),  # a short row
    (PUZZLE, S1 + "\nthat is all", "parse_error"),  # trailing prose
    (PUZZLE, "(1,1), (1,3), (3,4), (5,2), (5,4)", "parse_error"),  # a list of tent cells is not the asked format
    (PUZZLE, "2 0 1 0 2", "parse_error"),  # the row counts
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_frozen_puzzles_have_the_stated_solutions():
    assert [
        text_of(PUZZLE, set(s))
        for s in solve(5, 5, PUZZLE["trees"], PUZZLE["row_counts"], PUZZLE["col_counts"], limit=10).solutions
    ] == [S1, S2]
    assert len(solve(4, 4, HALL["trees"], HALL["row_counts"], HALL["col_counts"], limit=10).solutions) == 1


@pytest.fixture(scope="module")
def inst():
    return TASK.generate(TASK.params(4), 5, 0)


def test_wrong_answers_rejected(inst):
    a = inst.answer
    bad = [
        inst.question,
        inst.fields["board"],
        inst.fields["drawing"],
        a + "\n" + a,
        a + " or " + a,
        "\n".join(a.split("\n")[::-1]),  # upside down
        "\n".join(" ".join(c) for c in zip(*(r.split() for r in a.split("\n")))),  # transposed
        a.replace("A", "T"),
        a.replace("A", "-"),
        a.replace("-", "A"),
        "",
        "[" * 5000 + "]" * 5000,
    ]
    for text in bad:
        check_case(TASK, inst.payload, text, None)


def test_hostile_input_is_refused_fast(inst):
    hostile = ["A " * 9_999, "[" * 9_999, "A-T-\n" * 4000, "| A " * 4000, "(" * 3000 + "A" + ")" * 3000,
               "-" * 20_000, "\u0391" * 5000, "[[" + '"A",' * 5000 + "]]"]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)


# -- 3. brute-force agreement and fuzz ------------------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2])
def test_verifier_and_solver_agree_with_brute_force_on_every_placement(level):
    """Every set of as many free cells as trees, on small instances: the verifier accepts exactly the sets
    the independent check accepts, and those are exactly the solver's solutions."""
    for index in range(3):
        p = TASK.generate(TASK.params(level), 23, index).payload
        trees = {tuple(t) for t in p["trees"]}
        free = [(r, c) for r in range(p["rows"]) for c in range(p["cols"]) if (r, c) not in trees]
        valid = []
        for tents in itertools.combinations(free, len(trees)):
            want = holds(p, set(tents))
            assert verify(p, text_of(p, set(tents))).correct == want, (p, tents)
            if want:
                valid.append(sorted(tents))
        found = solve(p["rows"], p["cols"], p["trees"], p["row_counts"], p["col_counts"], limit=10**6).solutions
        assert valid and sorted(valid) == sorted(found), (p, valid, found)


def _mutants(tents: set[Cell], rows: int, cols: int, rng: random.Random) -> list[set[Cell]]:
    cells = [(r, c) for r in range(rows) for c in range(cols)]
    out = []
    for _ in range(30):
        t = set(tents)
        kind = rng.randrange(4)
        if kind in (0, 1) and t:  # move a tent (anywhere, or to a neighbouring cell)
            old = rng.choice(sorted(t))
            t.discard(old)
            t.add(
                rng.choice(cells) if kind == 0 else (old[0] + rng.choice((-1, 0, 1)), old[1] + rng.choice((-1, 0, 1)))
            )
        elif kind == 2:  # swap the columns of two tents in different rows
            a, b = rng.sample(sorted(t), 2)
            t -= {a, b}
            t |= {(a[0], b[1]), (b[0], a[1])}
        else:  # add one tent, drop another
            t.add(rng.choice(cells))
            t.discard(rng.choice(sorted(t)))
        out.append({x for x in t if 0 <= x[0] < rows and 0 <= x[1] < cols})
    return out


def test_fuzz_mutated_placements_match_the_independent_check():
    rng = random.Random(11)
    for level in (1, 4, 7, 10):
        for seed in range(3):
            inst = TASK.generate(TASK.params(level), seed, 0)
            p = inst.payload
            trees = {tuple(t) for t in p["trees"]}
            for tents in _mutants(tents_of(inst.answer), p["rows"], p["cols"], rng):
                if tents & trees:
                    continue  # a tent on a tree cannot be drawn in the grid (the cell shows one symbol)
                assert verify(p, text_of(p, tents)).correct == holds(p, tents), (level, seed, sorted(tents))


def test_verification_is_fast(inst):
    """The issue asks for 10,000 reference answers a second; a 12x12 takes about 40 microseconds."""
    big = TASK.generate(TASK.params(10), 5, 0)
    start = time.perf_counter()
    for _ in range(500):
        assert verify(big.payload, big.answer).correct
    assert (time.perf_counter() - start) / 500 < 1e-3

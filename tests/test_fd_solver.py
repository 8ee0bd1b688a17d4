"""The finite-domain solver (generators/_fd.py, _fd_make.py) against brute force, and the `unique` knob."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from logicforge.generators import _fd, _fd_make
from logicforge.generators.futoshiki import inequality_propagator
from logicforge.generators.sudoku import board as sudoku_board
from logicforge.tasks import get_task


def latin_squares(n: int) -> list[list[int]]:
    """Every n x n Latin square over 1..n (flat), row by row."""
    rows = list(itertools.permutations(range(1, n + 1)))
    out: list[list[int]] = []

    def extend(square: list[tuple[int, ...]]) -> None:
        if len(square) == n:
            out.append([v for row in square for v in row])
            return
        for row in rows:
            if all(row[c] != prev[c] for prev in square for c in range(n)):
                extend([*square, row])

    extend([])
    return out


LATIN = {n: latin_squares(n) for n in (3, 4)}
SUDOKU4 = [g for g in LATIN[4] if all(len({g[c] for c in box}) == 4 for box in sudoku_board(4).groups[8:])]


def brute(grids: list[list[int]], givens: dict[int, int], less: list[tuple[int, int]] = ()) -> list[list[int]]:
    """The grids that keep every given and every `a < b` pair."""
    return [g for g in grids if all(g[c] == v for c, v in givens.items()) and all(g[a] < g[b] for a, b in less)]


def random_case(rng: np.random.Generator, grids: list[list[int]], size: int) -> tuple[dict, list]:
    """Givens from a random grid (sometimes one changed, so no solution is possible) and random signs."""
    ref = grids[int(rng.integers(len(grids)))]
    cells = rng.choice(size, size=int(rng.integers(0, size // 2)), replace=False).tolist()
    givens = {c: ref[c] for c in cells}
    if givens and rng.random() < 0.2:
        givens[cells[0]] = int(rng.integers(1, int(size**0.5) + 1))
    pairs = [tuple(int(x) for x in rng.choice(size, size=2, replace=False)) for _ in range(int(rng.integers(0, 4)))]
    less = [(a, b) if ref[a] < ref[b] or rng.random() < 0.1 else (b, a) for a, b in pairs]
    return givens, less


@pytest.mark.parametrize("hidden", [True, False])
@pytest.mark.parametrize(("name", "board", "grids"), [
    ("latin3", _fd.latin_board(3), LATIN[3]),
    ("latin4", _fd.latin_board(4), LATIN[4]),
    ("sudoku4", sudoku_board(4), SUDOKU4),
])
def test_counts_match_brute_force(name, board, grids, hidden):
    rng = np.random.default_rng(len(name) + hidden)
    for _ in range(60):
        givens, less = random_case(rng, grids, board.size)
        props = [inequality_propagator(less)] if less else []
        expected = brute(grids, givens, less)
        found = _fd.count_solutions(board, givens, props, limit=10_000, hidden=hidden)
        assert found.complete
        assert sorted(found.solutions) == sorted(expected), (name, givens, less)
        # a bounded count stops at the limit and says so only through the solutions it returns
        two = _fd.count_solutions(board, givens, props, limit=2, hidden=hidden)
        assert len(two.solutions) == min(2, len(expected)) and two.complete


def test_exclude_forbids_a_value():
    board = _fd.latin_board(4)
    rng = np.random.default_rng(7)
    for _ in range(40):
        ref = LATIN[4][int(rng.integers(len(LATIN[4])))]
        givens = {c: ref[c] for c in rng.choice(16, size=5, replace=False).tolist()}
        cell = int(rng.integers(16))
        found = _fd.count_solutions(board, givens, limit=1000, exclude={cell: ref[cell]})
        assert sorted(found.solutions) == sorted(g for g in brute(LATIN[4], givens) if g[cell] != ref[cell])


def test_node_limit_gives_up_without_claiming_anything():
    board = _fd.latin_board(6)
    found = _fd.count_solutions(board, {}, limit=10**6, node_limit=50)
    assert not found.complete and found.nodes == 51 and len(found.solutions) < 10**6
    assert _fd.count_solutions(_fd.latin_board(3), {}, limit=100).complete


def test_steps_count_eliminated_candidates():
    # one given in a 2x2 square decides it: three candidates go, in one node
    found = _fd.count_solutions(_fd.latin_board(2), {0: 1})
    assert (found.steps, found.nodes, found.root) == (3, 1, [2, 4, 4, 2])


@pytest.mark.parametrize("n", [9, 12, 16])
def test_large_latin_fills(n):
    board = _fd.latin_board(n)
    for fill in (_fd_make.random_fill(board, np.random.default_rng(n)), _fd_make.random_latin(n, np.random.default_rng(n))):
        assert all(sorted(fill[i] for i in group) == list(range(1, n + 1)) for group in board.groups)
    # values above 9 survive the bitmask round trip (no lookup table caps n)
    assert _fd.values_of(_fd.full_mask(16)) == list(range(1, 17))


def test_fills_are_deterministic_and_varied():
    board = sudoku_board(9)
    a = _fd_make.random_fill(board, np.random.default_rng(1), order=_fd_make.drawn_order(board, np.random.default_rng(2)))
    b = _fd_make.random_fill(board, np.random.default_rng(1), order=_fd_make.drawn_order(board, np.random.default_rng(2)))
    assert a == b
    assert len({tuple(_fd_make.random_latin(5, np.random.default_rng(s))) for s in range(20)}) == 20


def test_a_propagator_contradiction_prunes():
    board = _fd.latin_board(3)
    impossible = inequality_propagator([(0, 1), (1, 2), (2, 0)])  # a cycle of < has no solution
    assert _fd.count_solutions(board, {}, [impossible], limit=10).solutions == []


def test_givens_helpers_make_puzzles_unique():
    rng = np.random.default_rng(4)
    board = _fd.latin_board(4)
    for _ in range(20):
        flat = _fd_make.random_latin(4, rng)
        less = [(a, b) for a, b in [(0, 1), (5, 9), (10, 11), (14, 15)] if flat[a] < flat[b]]
        props = [inequality_propagator(less)]
        for givens in (_fd_make.unique_givens(board, flat, props, rng), _fd_make.walk_givens(board, flat, props, rng)):
            assert brute(LATIN[4], givens, less) == [flat]
            minimal = _fd_make.drop_redundant_givens(board, givens, props, rng)
            assert brute(LATIN[4], minimal, less) == [flat]
            for cell in minimal:  # every given left is needed
                assert len(brute(LATIN[4], {c: v for c, v in minimal.items() if c != cell}, less)) > 1


def test_calcudoko_cage_split_and_incremental_propagator_count_like_brute_force():
    from logicforge.generators import calcudoko
    from logicforge.generators._calcudoko_solver import count_solutions

    rng = np.random.default_rng(9)
    for _ in range(30):
        flat = _fd_make.random_latin(4, rng)
        grid = [flat[r * 4 : (r + 1) * 4] for r in range(4)]
        cages = [calcudoko._label(c, grid, "+-*/", rng) for c in calcudoko._partition(4, 3, rng)]
        want = [g for g in LATIN[4] if all(_cage_ok(cage, g) for cage in cages)]
        sols, _, finished = count_solutions(4, cages, limit=1000)
        assert finished and sorted(sum(s, []) for s in sols) == sorted(want)


def _cage_ok(cage: dict, flat: list[int]) -> bool:
    vals = [flat[r * 4 + c] for r, c in cage["cells"]]
    op, t = cage["op"], cage["target"]
    if op == "=":
        return vals == [t]
    if op == "+":
        return sum(vals) == t
    if op == "*":
        return int(np.prod(vals)) == t
    if op == "-":
        return abs(vals[0] - vals[1]) == t
    return max(vals) == t * min(vals)


CASES = [
    ("sudoku", {"size": 9, "blanks": 45}), ("sudoku", {"size": 4, "blanks": 10}), ("sudoku", {"size": 6, "blanks": 20}),
    ("futoshiki", {"n": 6, "extra_givens": 10}), ("futoshiki", {"n": 9}),
    ("skyscraper", {"n": 6, "omit": 0.4, "extra_givens": 3}), ("calcudoko", {"n": 6}),
]


@pytest.mark.parametrize(("task", "knobs"), CASES)
def test_unique_false_items_verify_and_carry_no_solution(task, knobs):
    t = get_task(task)
    params = t.params_cls(**knobs, unique=False)
    for i in range(15):
        inst = t.generate(params, 3, i)
        assert "solution" not in inst.payload and inst.payload["unique"] is False
        # LEAD: sudoku needs the verifier to compare with payload["solution"] only when it is there
        verdict = t.verify(inst.payload, "<answer>" + inst.answer + "</answer>")
        assert verdict.correct, (task, i, verdict)
        assert inst == t.generate(params, 3, i)  # deterministic


@pytest.mark.parametrize("task", ["sudoku", "calcudoko", "futoshiki", "skyscraper"])
def test_unique_is_a_knob_defaulting_to_true(task):
    t = get_task(task)
    assert all(p.unique for p in t.levels.values())
    inst = t.generate(t.params(3), 1, 0)
    assert "unique" not in inst.payload
    assert ("solution" in inst.payload) == (task == "sudoku")
    with pytest.raises(ValueError, match="unique"):
        t.params(3, {"unique": "maybe"})

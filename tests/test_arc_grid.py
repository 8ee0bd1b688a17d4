"""arc_grid: an independent numpy enumerator of the library (the oracle), the generator's primitives checked
against it cell by cell, universal answers refused on every instance, adversarial answers, the prompts, and
generation time."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from scipy import ndimage

from logicforge.generators import _arc_grid_ops as ops, _arc_grid_search as search_module, arc_grid as gen
from logicforge.generators._arc_grid_search import Search
from logicforge.generators.base import item_rng
from logicforge.tasks import get_task, prompts

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("arc_grid")
CROSS = ndimage.generate_binary_structure(2, 1)  # 4-connectivity


# -- the oracle: the library again, written with numpy and scipy, enumerated program by program -------------


def _fit(a: np.ndarray) -> np.ndarray | None:
    return a if max(a.shape) <= 30 else None


def _gravity(a: np.ndarray, axis: int, forward: bool) -> np.ndarray:
    """Coloured cells slide along `axis` to its far end (forward) or its start, keeping their order."""
    key = (a != 0) if forward else (a == 0)
    return np.take_along_axis(a, np.argsort(key, axis=axis, kind="stable"), axis=axis)


def _push_down(a: np.ndarray) -> np.ndarray:
    rows = np.flatnonzero(a.any(axis=1))
    if not len(rows):
        return a
    k = a.shape[0] - 1 - rows[-1]
    out = np.zeros_like(a)
    out[k:] = a[: a.shape[0] - k]
    return out


def _shift(a: np.ndarray, dr: int, dc: int) -> np.ndarray:
    out = np.zeros_like(a)
    h, w = a.shape
    out[max(dr, 0) : h + min(dr, 0), max(dc, 0) : w + min(dc, 0)] = a[max(-dr, 0) : h - max(dr, 0),
                                                                      max(-dc, 0) : w - max(dc, 0)]  # fmt: skip
    return out


def _crop(a: np.ndarray) -> np.ndarray | None:
    r, c = np.nonzero(a)
    return a[r.min() : r.max() + 1, c.min() : c.max() + 1] if len(r) else None


def _hollow(a: np.ndarray) -> np.ndarray:
    p = np.pad(a != 0, 1)
    inner = p[1:-1, 1:-1] & p[:-2, 1:-1] & p[2:, 1:-1] & p[1:-1, :-2] & p[1:-1, 2:]
    return np.where(inner, 0, a)


def _largest(a: np.ndarray) -> np.ndarray:
    best, best_key = None, None
    for colour in range(1, 10):
        labels, n = ndimage.label(a == colour, structure=CROSS)
        for k in range(1, n + 1):
            cells = np.flatnonzero(labels == k)
            key = (-len(cells), cells[0])  # largest, then the first cell in reading order
            if best_key is None or key < best_key:
                best, best_key = labels == k, key
    return a if best is None else np.where(best, a, 0)


def _majority(a: np.ndarray) -> np.ndarray:
    counts = np.bincount(a.ravel(), minlength=10)
    c = 1 + int(np.argmax(counts[1:]))
    return a if not counts[c] else np.where(a == c, a, 0)


def _enclosed(a: np.ndarray) -> np.ndarray:
    labels, _ = ndimage.label(a == 0, structure=CROSS)
    edge = set(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]).tolist())
    return (a == 0) & ~np.isin(labels, list(edge))


def _halo(a: np.ndarray) -> np.ndarray:
    return ndimage.binary_dilation(a != 0, structure=np.ones((3, 3), bool)) & (a == 0)


NP_OPS = {
    "rot90": lambda a: np.rot90(a, -1),
    "rot180": lambda a: np.rot90(a, 2),
    "rot270": lambda a: np.rot90(a, 1),
    "flip_lr": lambda a: a[:, ::-1],
    "flip_ud": lambda a: a[::-1],
    "transpose": lambda a: a.T,
    "antitranspose": lambda a: a[::-1, ::-1].T,
    "roll_right": lambda a: np.roll(a, 1, axis=1),
    "roll_left": lambda a: np.roll(a, -1, axis=1),
    "roll_down": lambda a: np.roll(a, 1, axis=0),
    "roll_up": lambda a: np.roll(a, -1, axis=0),
    "shift_right": lambda a: _shift(a, 0, 1),
    "shift_left": lambda a: _shift(a, 0, -1),
    "shift_down": lambda a: _shift(a, 1, 0),
    "shift_up": lambda a: _shift(a, -1, 0),
    "gravity_right": lambda a: _gravity(a, 1, True),
    "gravity_left": lambda a: _gravity(a, 1, False),
    "gravity_down": lambda a: _gravity(a, 0, True),
    "gravity_up": lambda a: _gravity(a, 0, False),
    "push_right": lambda a: np.rot90(_push_down(np.rot90(a, -1)), 1),  # the right edge turned to the bottom
    "push_left": lambda a: np.rot90(_push_down(np.rot90(a, 1)), -1),
    "push_down": _push_down,
    "push_up": lambda a: _push_down(a[::-1])[::-1],
    "crop": _crop,
    "tile_1x2": lambda a: _fit(np.tile(a, (1, 2))),
    "tile_2x1": lambda a: _fit(np.tile(a, (2, 1))),
    "tile_2x2": lambda a: _fit(np.tile(a, (2, 2))),
    "mirror_lr": lambda a: _fit(np.hstack([a, a[:, ::-1]])),
    "mirror_ud": lambda a: _fit(np.vstack([a, a[::-1]])),
    "scale_2": lambda a: _fit(a.repeat(2, axis=0).repeat(2, axis=1)),
    "scale_3": lambda a: _fit(a.repeat(3, axis=0).repeat(3, axis=1)),
    "hollow": _hollow,
    "largest": _largest,
    "majority": _majority,
    "symmetrize_lr": lambda a: np.where(a != 0, a, a[:, ::-1]),
    "symmetrize_ud": lambda a: np.where(a != 0, a, a[::-1]),
}
NP_MASKS = {"fill": _enclosed, "outline": _halo}


def _arr(rows: list[str]) -> np.ndarray:
    return np.array([[int(ch) for ch in r] for r in rows], dtype=np.int64)


def _text(a: np.ndarray) -> str:
    return "\n".join(" ".join(str(int(v)) for v in row) for row in a)


def _same(a: np.ndarray | None, b: np.ndarray) -> bool:
    return a is not None and a.shape == b.shape and bool((a == b).all())


def _colour_outputs(name: str, xs: list[np.ndarray], ys: list[np.ndarray], test: np.ndarray) -> list[np.ndarray]:
    """The test outputs of colour step `name` over every parameter that fits all examples (two stand for many)."""
    if any(x.shape != y.shape for x, y in zip(xs, ys)):
        return []
    if name == "recolour":
        pairs = np.unique(np.concatenate([x.ravel() * 10 + y.ravel() for x, y in zip(xs, ys)]))
        table = {int(p) // 10: int(p) % 10 for p in pairs}
        if len(table) != len(pairs):
            return []  # one colour sent to two
        unseen = sorted(set(np.unique(test).tolist()) - set(table))
        choices = [{}] if not unseen else [dict.fromkeys(unseen, v) for v in (0, 1)]  # two of the 10 ways
        return [np.vectorize(lambda v, extra=extra: {**table, **extra}[int(v)])(test) for extra in choices]
    masks = [NP_MASKS[name](x) for x in xs]
    fits = [c for c in range(1, 10) if all(_same(np.where(m, c, x), y) for m, x, y in zip(masks, xs, ys))]
    return [np.where(NP_MASKS[name](test), c, test) for c in fits]


def ORACLE(payload: dict, max_depth: int = 2) -> list[str] | None:
    """The distinct test outputs of every library program up to the payload's depth that fits every example:
    one means the answer is unique. Programs are enumerated one by one (structural steps, then optionally a
    colour step last), each prefix run once on every input, the last step tried on the first example first;
    None above `max_depth` (a depth-3 search takes a second or two here, so the tests ask for it on a few
    items only)."""
    depth = int(payload["depth"])
    if depth > max_depth:
        return None
    xs = [_arr(a) for a, _ in payload["examples"]]
    ys = [_arr(b) for _, b in payload["examples"]]
    found: dict[str, None] = {}

    def walk(grids: list[np.ndarray], steps: int) -> None:
        if all(_same(g, y) for g, y in zip(grids, ys)):
            found[_text(grids[-1])] = None
        if steps == depth:
            return
        for name in ("recolour", "fill", "outline"):
            for out in _colour_outputs(name, grids[:-1], ys, grids[-1]):
                found[_text(out)] = None
        for fn in NP_OPS.values():
            first = fn(grids[0])
            if first is None or (steps == depth - 1 and not _same(first, ys[0])):
                continue  # a last step must already give the first example's output
            new = [first, *(fn(g) for g in grids[1:])]
            if all(g is not None for g in new):
                walk(new, steps + 1)

    walk([*xs, _arr(payload["test"])], 0)
    return list(found)


# -- 1. the generator's primitives agree with the numpy ones, on random grids of every size ---------------------


def _random_grids(n: int, seed: int):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        h, w = (int(x) for x in rng.integers(1, 13, size=2))
        density = rng.random()
        a = (rng.random((h, w)) < density) * rng.integers(1, 10, size=(h, w))
        if rng.random() < 0.3:  # few colours, so objects and holes are common
            a = np.where(a > 0, 1 + a % 2, 0)
        yield a.astype(np.int64)


def test_structural_primitives_agree_with_numpy():
    assert list(NP_OPS) == ops.NAMES  # the same library, in the same order
    for a in _random_grids(400, 1):
        g = ops.to_grid(a.tolist())
        for name, fn in NP_OPS.items():
            mine, theirs = ops.STRUCTURAL[name][1](g), fn(a)
            if theirs is None or mine is None:
                assert mine is None and theirs is None, (name, a)
            else:
                assert _same(np.array(ops.to_lists(mine)), theirs), (name, a, mine)


def test_colour_primitives_agree_with_numpy():
    for a in _random_grids(300, 2):
        g = ops.to_grid(a.tolist())
        for name, mask in NP_MASKS.items():
            assert _same(np.array(ops.to_lists(ops.apply_step(g, (name, 7)))), np.where(mask(a), 7, a)), (name, a)
        mapping = {1: 4, 2: 2, 5: 0}
        want = np.vectorize(lambda v, m=mapping: m.get(int(v), int(v)))(a)
        assert _same(np.array(ops.to_lists(ops.apply_step(g, ("recolour", tuple(mapping.items()))))), want)


def test_the_search_shortcuts_are_sound():
    """The last-step check's shortcuts (preimages, fixed points, colour counts) find exactly the last steps that
    brute force finds; they rest on the non-injective primitives (but the shifts) being idempotent."""
    rng = np.random.default_rng(3)
    for a in _random_grids(150, 4):
        g = ops.to_grid(a.tolist())
        for name in ops.NAMES:
            out = ops.STRUCTURAL[name][1](g)
            if name in search_module._IMAGE and out is not None and not name.startswith("shift"):
                assert ops.STRUCTURAL[name][1](out) == out, name
        names = [*ops.NAMES, "recolour", "fill", "outline"]
        step = names[int(rng.integers(len(names)))]
        param = {"recolour": ((1, 5), (2, 0)), "fill": 4, "outline": 6}.get(step)
        y = ops.apply_step(g, (step,) if param is None else (step, param))
        if y is None:
            continue
        found = search_module._FirstTarget(y).fits(g, lambda op, x: ops.OPS[op](x))
        brute = ([None] if g == y else []) + [k for k, fn in enumerate(ops.OPS) if fn(g) == y]
        brute += [n for n in ("recolour", "fill", "outline") if search_module.colour_step(n, [g], [y], None)]
        assert sorted(found, key=str) == sorted(brute, key=str), (step, a)


def test_the_stored_program_makes_every_example_and_the_answer():
    for level in (1, 4, 7, 10):
        for i in range(5):
            p = TASK.generate(TASK.params(level), 3, i).payload
            steps = [tuple(s[:1]) + ((tuple(map(tuple, s[1])) if s[0] == "recolour" else s[1]),) if len(s) > 1
                     else (s[0],) for s in p["program"]]  # fmt: skip
            for a, b in [*p["examples"], [p["test"], p["solution"]]]:
                assert ops.run(ops.to_grid(_arr(a).tolist()), steps) == ops.to_grid(_arr(b).tolist())


# -- 2. the oracle: uniqueness re-derived by the independent enumerator -------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3, 5, 6])
def test_oracle_finds_only_the_reference(level):
    for i in range(8):
        inst = TASK.generate(TASK.params(level), 21, i)
        assert ORACLE(inst.payload) == [inst.answer], (level, i, inst.payload["program"])


def test_oracle_finds_only_the_reference_at_depth_3():
    for level, i in ((8, 0), (10, 1)):
        inst = TASK.generate(TASK.params(level), 23, i)
        assert inst.payload["depth"] == 3
        assert ORACLE(inst.payload, max_depth=3) == [inst.answer], (level, i, inst.payload["program"])


SMALL = {"examples": "2", "size_min": "3", "size_max": "5"}  # small grids, few examples: more ambiguous draws


@pytest.mark.parametrize("level, knobs", [(4, SMALL), (5, SMALL), (6, {})])
def test_oracle_and_search_agree_on_raw_draws(level, knobs):
    """Draws before the generator's filters (it throws the ambiguous ones away): both enumerators find the same
    set of test outputs, often several."""
    params, seen_ambiguous = TASK.params(level, knobs), 0
    for i in range(25):
        rng = item_rng("arc_grid-differential", level, i)
        palette = sorted(int(c) for c in rng.permutation(np.arange(1, 10))[: params.colours])
        prog = gen.draw_program(params, palette, rng)
        inputs = [gen.draw_input(params, palette, rng) for _ in range(params.examples + 1)]
        outs = [ops.run(g, prog) for g in inputs]
        if any(o is None for o in outs):
            continue
        found, _ = Search(inputs, outs[:-1], params.depth).run()
        rows = [["".join(map(str, r)) for r in g] for g in inputs + outs]
        payload = {"examples": [[rows[k], rows[len(inputs) + k]] for k in range(params.examples)],
                   "test": rows[len(inputs) - 1], "depth": params.depth}  # fmt: skip
        theirs = ORACLE(payload)
        if any(o == ("ambiguous",) for o in found):
            assert len(theirs) >= 2
            found = {o for o in found if o != ("ambiguous",)}
            assert {_text(np.array(ops.to_lists(o))) for o in found} <= set(theirs)
        else:
            assert {_text(np.array(ops.to_lists(o))) for o in found} == set(theirs), (prog, i)
        seen_ambiguous += len(theirs) > 1
    assert seen_ambiguous >= 1  # the differential test does see ambiguous draws


# -- 3. universal answers fail on every instance ------------------------------------------------------------------


def _universal(payload: dict) -> dict[str, str]:
    test, sol = _arr(payload["test"]), _arr(payload["solution"])
    shown = {f"example {k + 1}'s {side}": _text(_arr(grid)) for k, pair in enumerate(payload["examples"])
             for side, grid in zip(("input", "output"), pair)}  # fmt: skip
    return {
        "the test input echoed": _text(test),
        "all background, the answer's shape": _text(np.zeros_like(sol)),
        "all background, the input's shape": _text(np.zeros_like(test)),
        "one colour everywhere": _text(np.full_like(sol, int(sol.max()))),
        **shown,  # every grid the question shows, the last example's output among them
    }


@pytest.mark.parametrize("level", range(1, 11))
def test_universal_answers_fail_everywhere(level):
    for i in range(15):
        inst = TASK.generate(TASK.params(level), 31, i)
        for what, text in _universal(inst.payload).items():
            verdict = TASK.verify(inst.payload, wrap(text))
            assert not verdict.correct, (level, i, what)
        assert TASK.verify(inst.payload, wrap(inst.answer)).correct


# -- 4. adversarial answers ---------------------------------------------------------------------------------------

PAYLOAD = {"rows": 2, "cols": 3, "solution": ["030", "330"], "examples": [[["03", "30"], ["030", "330"]]],
           "test": ["03", "33"], "depth": 1}  # fmt: skip


@pytest.mark.parametrize(
    "answer, reason",
    [
        ("0 3 0\n3 3 0", "ok"),
        ("030\n330", "ok"),  # rows as runs of digits (the prompts show spaced rows; packed digits are fine)
        ("0,3,0\n3,3,0", "ok"),  # commas
        ("[[0, 3, 0], [3, 3, 0]]", "ok"),  # a nested list on one line
        ("[[0, 3, 0],\n [3, 3, 0]]", "ok"),  # a nested list, one row per line
        ("030330", "ok"),  # the whole grid as one run on one line: 6 digits fill 2 rows of 3
        ("| 0 | 3 | 0 |\n| 3 | 3 | 0 |", "ok"),  # a Markdown table without a header
        ("| C1 | C2 | C3 |\n|---|---|---|\n| 0 | 3 | 0 |\n| 3 | 3 | 0 |", "ok"),  # with a header of column labels
        ("```\n0 3 0\n3 3 0\n```", "ok"),  # in a code fence
        ("0 3 0\n3 3 0.", "ok"),  # a closing full stop (extraction drops one)
        ("0 3 0\n3 3 1", "wrong_answer"),  # one cell changed
        ("3 3 0\n0 3 0", "wrong_answer"),  # rows swapped
        ("0 0 0\n0 0 0", "wrong_answer"),  # all background
        ("0 3\n0 3\n3 0", "wrong_shape"),  # the same cells as 3 rows of 2
        ("0 3 0 3 3 0\n", "ok"),  # one line holding every cell, in reading order
        ("0 3 0 3\n3 0", "wrong_shape"),  # rows of unequal length
        ("0 3 0\n3 3 0\n0 0 0", "wrong_shape"),  # an extra row
        ("0 3\n3 3", "wrong_shape"),  # the test input's shape
        ("0 3 0\n3 3", "wrong_shape"),  # a cell missing
        ("0 3 0\n3 3 10", "out_of_range"),  # a colour above 9
        ("0 3 0\n3 3 -0", "parse_error"),  # a sign
        ("0 3 0\n3 3 0\nthat is the output", "parse_error"),  # trailing prose
        ("0 3 0\n3 3 o", "parse_error"),  # a letter that looks like a digit
        ("0 3 0\n3 3 ０", "ok"),  # a full-width digit (extraction folds it)
        ("", "empty_answer"),
    ],
)
def test_adversarial(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def test_hostile_input_is_refused_fast():
    inst = TASK.generate(TASK.params(10), 5, 0)
    hostile = ["0 " * 20_000, "[" * 10_000 + "]" * 10_000, "0\n" * 10_000, "9" * 19_000, inst.answer * 50,
               "\x00" * 1000, "(" * 5000 + "1", inst.answer.replace("0", "\u0660")]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload), PAYLOAD], hostile)


def test_verify_rate():
    items = [TASK.generate(TASK.params(level), 9, 0) for level in (1, 5, 10)]
    start, n = time.perf_counter(), 0
    while n < 6000:
        for inst in items:
            assert TASK.verify(inst.payload, wrap(inst.answer)).correct
            n += 1
    assert n / (time.perf_counter() - start) > 3_000  # about 20,000/s unloaded; the bound leaves room


# -- 5. prompts: the whole puzzle, never the rule -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_prompts_show_every_grid_and_no_rule(lang):
    names = {n for n in ops.NAMES if "_" in n or n[-1].isdigit()} | {"transpose", "antitranspose", "majority"}
    for level in (1, 5, 10):
        for i in range(6):
            inst = TASK.generate(TASK.params(level), 41, i, lang=lang)
            q = inst.question
            for e in inst.fields["examples"]:
                assert _text(np.array(e["input"])) in q and _text(np.array(e["output"])) in q
            assert _text(np.array(inst.fields["test"])) in q
            assert inst.answer not in q  # the answer is never shown (it differs from every grid shown)
            assert not any(n in q for n in names)  # no primitive named (the prose may say "turn" or "recolour")
            assert prompts.answer_format(TASK.module, lang, inst.fields)


# -- 6. generation: time, variety, the fallback -------------------------------------------------------------------


def test_level_10_generation_is_fast():
    times = []
    for i in range(15):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 77, i)
        times.append(time.perf_counter() - start)
    assert max(times) < 2.0 and float(np.median(times)) < 0.5, times  # about 0.1 s median, 0.4 s slowest unloaded


def test_programs_vary_and_use_every_group():
    used = {s[0] for i in range(80) for s in TASK.generate(TASK.params(7), 55, i).payload["program"]}
    groups = {ops.STRUCTURAL[n][0] if n in ops.STRUCTURAL else "colour" for n in used}
    assert groups == set(ops.GROUPS) and len(used) >= 25


def test_the_fallback_keeps_answers_unique(monkeypatch):
    monkeypatch.setattr(gen, "_TOTAL_NODES", 1)  # every deep search is over budget at once
    for i in range(5):
        inst = TASK.generate(TASK.params(10), 61, i)
        assert inst.payload["depth"] == 1
        assert ORACLE(inst.payload) == [inst.answer]


def test_knob_checks():
    with pytest.raises(ValueError, match="size_min"):
        TASK.params(1, {"size_min": "9", "size_max": "5"})
    with pytest.raises(ValueError, match="groups"):
        TASK.params(1, {"groups": "rotations"})
    with pytest.raises(ValueError, match="depth=2"):
        TASK.params(1, {"depth": "2"})  # two turns or flips in a row make one: geometry alone has depth 1
    with pytest.raises(ValueError, match="depth=3"):
        TASK.params(2, {"depth": "3"})

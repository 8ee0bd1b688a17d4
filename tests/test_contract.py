"""Contract tests over the whole registry: every task honours the Task contract and DESIGN's invariants."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from logicforge.tasks import REGISTRY, get_task, prompts
from logicforge.verifiers.reasons import is_known

from helpers import wrap

TASKS = sorted(REGISTRY)
SLOW_LEVEL = 50.0  # ms: the hostile-input budget per verify call
LEVELS = (1, 5, 10)


def mutate(answer: str) -> str:
    """Change exactly one digit or letter (the reference 'with one element changed')."""
    for i in range(len(answer) - 1, -1, -1):
        c = answer[i]
        if c.isdigit():
            return answer[:i] + str((int(c) + 1) % 10) + answer[i + 1 :]
        if c.isalpha() and c.isascii():
            nxt = "a" if c.lower() == "z" else chr(ord(c.lower()) + 1)
            return answer[:i] + nxt + answer[i + 1 :]
    return answer + "x"


def _task_langs() -> list[str]:
    """Every task in every language its questions are written in (the invariants hold in each)."""
    out = []
    for name in TASKS:
        langs = prompts.languages(get_task(name).module) or ("en",)
        out += [name if lang == "en" else f"{name}:{lang}" for lang in langs]
    return out


@pytest.fixture(scope="module", params=_task_langs())
def samples(request):
    name, _, lang = request.param.partition(":")
    task = get_task(name)
    items = [task.generate(task.params(level), 7, i, lang=lang or "en") for level in LEVELS for i in range(3)]
    return task, items


def test_reference_verifies(samples):
    task, items = samples
    for inst in items:
        verdict = task.verify(inst.payload, wrap(inst.answer))
        assert verdict.correct and verdict.score == 1.0, (task.name, inst.answer, verdict)


def test_reference_survives_json_payload(samples):
    task, items = samples
    for inst in items:
        payload = json.loads(json.dumps(inst.payload))
        assert task.verify(json.dumps(payload), wrap(inst.answer)).correct


def test_equivalent_reformatting_passes(samples):
    task, items = samples
    for inst in items:
        for text in (f"  {inst.answer}  ", f"```\n{inst.answer}\n```", f"<ANSWER>{inst.answer}</ANSWER>"):
            assert task.verify(inst.payload, wrap(text) if "<ANSWER>" not in text else text).correct, text


def test_negative_controls(samples):
    task, items = samples
    for k, inst in enumerate(items):
        other = items[(k + 1) % len(items)]
        wrong = [
            "0",
            "yes",
            "",
            inst.question,
            mutate(inst.answer),
            f"{inst.answer}\n{inst.answer}",
            f"{inst.answer} or maybe 0",
        ]
        if other.answer != inst.answer and other.payload != inst.payload:
            wrong.append(other.answer)
        for text in wrong:
            verdict = task.verify(inst.payload, wrap(text))
            assert not verdict.correct and verdict.score == 0.0, (task.name, text, verdict)
            assert verdict.reason != "ok" and is_known(verdict.reason), (task.name, text, verdict)
            assert not verdict.reason.startswith(("internal_error", "bad_payload")), (task.name, text, verdict)


def test_no_answer_and_hedges(samples):
    task, items = samples
    inst = items[0]
    assert task.verify(inst.payload, inst.answer).reason == "no_answer"
    hedge = f"<answer>{inst.answer}</answer><answer>{mutate(inst.answer)}</answer>"
    assert not task.verify(inst.payload, hedge).correct
    assert not task.verify(inst.payload, f"<answer>{inst.answer}").correct


HOSTILE = [
    "",
    "x" * 1_000_000,
    "<answer>" + "(" * 100_000 + ")" * 100_000 + "</answer>",
    "<answer>" + "[" * 100_000 + "</answer>",
    "<answer>9**9**9**9</answer>",
    "<answer>" + "9" * 50_000 + "</answer>",
    "<answer>__import__('os').system('x')</answer>",
    "<answer>\x00\x00\x00</answer>",
    "<answer>１２３ ４５６</answer>",
    "<answer>١٢٣ ৪৫৬ ①②③</answer>",
    "<answer>" + "1, " * 5000 + "</answer>",
    "<answer>" + "yes, no, " * 2000 + "</answer>",
    "<answer>a</answer>" * 1000,
    "<answer>" + "<answer>" * 1000 + "1" + "</answer>" * 1000,
    "<answer>" + "\n".join(" ".join(str(d) for d in range(10)) for _ in range(200)) + "</answer>",
    "<answer>" + "".join(chr(c) for c in range(0x20, 0x3000, 7)) + "</answer>",
    "<answer>1/0</answer>",
    "<answer>(1e308*10)</answer>",
]


def test_hostile_inputs_never_raise_and_stay_fast(samples):
    task, items = samples
    inst = items[-1]
    for text in HOSTILE + [None, 12, b"bytes"]:
        elapsed_ms = float("inf")
        for _ in range(3):  # the best of three: a blow-up is slow every time, a busy machine only sometimes
            start = time.perf_counter()
            verdict = task.verify(inst.payload, text)
            elapsed_ms = min(elapsed_ms, (time.perf_counter() - start) * 1000)
        assert not verdict.correct and verdict.score == 0.0, (task.name, str(text)[:60])
        assert is_known(verdict.reason), (task.name, str(text)[:60], verdict)
        assert not verdict.reason.startswith(("internal_error", "bad_payload")), (task.name, str(text)[:60], verdict)
        assert elapsed_ms < SLOW_LEVEL, (task.name, str(text)[:60], elapsed_ms)


def test_megabytes_of_repeated_answers_stay_fast(samples):
    """A 3.3 MB response of repeated answer blocks (an outside probe's input): linear work in C, about 20 ms.

    The bound is 10x that, on the best of three calls (timing targets live in benchmarks/hostile_verify.py;
    CI machines are busy); a Python loop per block or a copy per block would exceed it every time.
    """
    task, items = samples
    inst = items[-1]
    task.verify(inst.payload, wrap(inst.answer))  # a first call may derive and cache a proof
    block = f"<answer>{inst.answer}</answer>\n"
    for text in (block * (3_300_000 // len(block)), "<answer>" + "1 " * 1_650_000 + "</answer>"):
        times = []
        for _ in range(3):  # the best of three: a blow-up is slow every time, a busy machine only sometimes
            start = time.perf_counter()
            task.verify(inst.payload, text)
            times.append((time.perf_counter() - start) * 1000)
        assert min(times) < 250, (task.name, times)


def test_levels_and_knobs_are_valid():
    for name in TASKS:
        task = get_task(name)
        assert sorted(task.levels) == list(range(1, 11))
        for spec in task.knob_table():
            assert spec["help"], (name, spec["name"])
        with pytest.raises(ValueError, match="unknown knob"):
            task.params(1, {"no_such_knob": "1"})


@pytest.mark.parametrize("name", TASKS)
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(level=st.integers(1, 10), seed=st.integers(0, 2**32 - 1), index=st.integers(0, 10**6))
def test_property_deterministic_and_reference_verifies(name, level, seed, index):
    task = get_task(name)
    params = task.params(level)
    a = task.generate(params, seed, index)
    b = task.generate(params, seed, index)
    assert a == b
    json.dumps(a.payload)  # JSON-serialisable
    assert np.isfinite(a.hardness)
    assert task.verify(a.payload, wrap(a.answer)).correct, (name, level, seed, index)


@pytest.mark.parametrize("name", TASKS)
def test_neighbouring_seeds_give_disjoint_items(name):
    task = get_task(name)
    params = task.params(6)
    first = {task.generate(params, 100, i).question for i in range(20)}
    second = {task.generate(params, 101, i).question for i in range(20)}
    assert not first & second


def _envelope(task, spec: dict) -> list:
    """Values a knob takes across the levels (the tested envelope of each knob)."""
    values = sorted({getattr(p, spec["name"]) for p in task.levels.values()}, key=repr)
    if spec["type"] == "int" and all(isinstance(v, int) for v in values):
        return list(range(min(values), max(values) + 1))
    return values


@pytest.mark.parametrize("name", TASKS)
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_property_knobs_x_seeds(name, data):
    """Any level with one knob moved anywhere inside the levels' envelope: valid, deterministic, verifies."""
    task = get_task(name)
    level = data.draw(st.integers(1, 7), label="level")
    spec = data.draw(st.sampled_from(task.knob_table()), label="knob")
    value = data.draw(st.sampled_from(_envelope(task, spec)), label="value")
    try:
        params = task.params(level, {spec["name"]: value if isinstance(value, str) else json.dumps(value)})
    except ValueError:
        return  # a cross-knob rule refused the combination with a clear message: that is the contract
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    a = task.generate(params, seed, 0)
    assert a == task.generate(params, seed, 0)
    assert task.verify(json.dumps(a.payload), wrap(a.answer)).correct, (name, params, seed)


def test_every_task_is_byte_identical_across_hash_seeds():
    """Levels 2, 7 and 10 of every task give the same instances in processes with other PYTHONHASHSEEDs."""
    import os
    import subprocess
    import sys

    code = (
        "import json; from logicforge.tasks import REGISTRY, get_task, prompts; "
        "print(json.dumps({n: [get_task(n).generate(get_task(n).params(lv), 4, i).__dict__ "
        "for lv in (2, 7, 10) for i in range(2)] for n in sorted(REGISTRY)}))"
    )
    outs = []
    for hash_seed in ("1", "999"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        outs.append(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                   check=True).stdout)
    here = {n: [get_task(n).generate(get_task(n).params(lv), 4, i).__dict__ for lv in (2, 7, 10) for i in range(2)]
            for n in TASKS}
    assert outs[0] == outs[1] == json.dumps(here) + "\n"
    assert set(json.loads(outs[0])) == set(REGISTRY)


# -- the family kit: one reason vocabulary, the same reason for the same mistake -------------------------


def test_vocabulary_lists_each_tag_once_with_a_meaning():
    from logicforge.verifiers import reasons

    groups = [reasons.EXTRACTION, reasons.STRUCTURE, reasons.RULES, reasons.OUTCOME, reasons.DEFECTS]
    tags = [tag for group in groups for tag in group]
    assert len(tags) == len(set(tags)) and set(tags) | {"ok"} == set(reasons.REASONS)
    assert all(meaning.strip() for meaning in reasons.REASONS.values())
    assert all(tag == tag.lower() and " " not in tag for tag in tags)


def _grid(answer: str) -> list[list[int]] | None:
    """The reference as a Latin square (every row a permutation of 1..n) when the family answers with one,
    else None: the mistakes below (a repeated value, n + 1) mean the same thing in every such family."""
    rows = [line.split() for line in answer.split("\n")]
    if len(rows) < 2 or any(len(r) != len(rows) or not all(x.isdigit() for x in r) for r in rows):
        return None
    grid = [[int(x) for x in r] for r in rows]
    if any(sorted(r) != list(range(1, len(grid) + 1)) for r in grid):
        return None
    return grid


GRID_TASKS = [n for n in TASKS if _grid(get_task(n).generate(get_task(n).params(1), 0, 0).answer)]


def _text(grid: list[list[int]]) -> str:
    return "\n".join(" ".join(map(str, row)) for row in grid)


def _mistakes(grid: list[list[int]]) -> dict[str, tuple[str, set[str]]]:
    """One wrong answer per kind of mistake, with the reasons it may get (a given is checked before rows)."""
    n = len(grid)
    ragged = _text(grid).rsplit(" ", 1)[0]
    extra_row = _text(grid + [grid[0]])
    out_of_range = [row[:] for row in grid]
    out_of_range[n - 1][n - 1] = n + 1
    row_swap = [row[:] for row in grid]  # two cells of a row swapped: each column now repeats a value
    row_swap[0][0], row_swap[0][1] = row_swap[0][1], row_swap[0][0]
    col_swap = [row[:] for row in grid]  # two cells of a column swapped: each row now repeats a value
    col_swap[0][0], col_swap[1][0] = col_swap[1][0], col_swap[0][0]
    return {
        "ragged": (ragged, {"wrong_shape"}),
        "extra_row": (extra_row, {"wrong_shape"}),
        "words": (_text(grid) + "\nand that is all", {"parse_error"}),
        "negative": (_text(grid).replace(str(grid[0][0]), "-" + str(grid[0][0]), 1), {"parse_error"}),
        "decimal": (_text(grid).replace(" ", ".0 ", 1), {"parse_error"}),
        "out_of_range": (_text(out_of_range), {"out_of_range"}),
        "repeated_column": (_text(row_swap), {"violates:given", "violates:column"}),
        "repeated_row": (_text(col_swap), {"violates:given", "violates:row"}),
    }


@pytest.mark.parametrize("name", GRID_TASKS)
def test_the_same_grid_mistake_gets_the_same_reason_in_every_grid_family(name):
    task = get_task(name)
    for level in LEVELS:
        for i in range(3):
            inst = task.generate(task.params(level), 11, i)
            for kind, (text, allowed) in _mistakes(_grid(inst.answer)).items():
                verdict = task.verify(inst.payload, wrap(text))
                assert verdict.reason in allowed, (name, level, kind, verdict)


def test_grid_families_are_found():
    assert {"sudoku", "futoshiki", "skyscraper", "calcudoko"} <= set(GRID_TASKS)


# -- invariants 4 and 5 over the registry: uniqueness by an independent oracle, hardness rising with level --


def _oracle(name: str):
    """The task's brute-force oracle, `(payload) -> list[str] | None`, from its family's test file: `ORACLE`,
    or `ORACLES[name]` where one module pair makes several sibling tasks."""
    import importlib

    module = get_task(name).module
    try:
        tests = importlib.import_module(f"test_{module}")
    except ImportError:
        return None
    return getattr(tests, "ORACLES", {}).get(name) or (getattr(tests, "ORACLE", None) if module == name else None)


@pytest.mark.parametrize("name", TASKS)
def test_exact_families_name_an_oracle(name):
    if get_task(name).verifier_kind == "exact":
        where = f"tests/test_{get_task(name).module}.py"
        assert callable(_oracle(name)), f"{name} compares answers exactly: {where} must define ORACLE"


@pytest.mark.parametrize("name", [n for n in TASKS if _oracle(n) is not None])
def test_oracle_finds_exactly_the_reference(name):
    """Wherever a family proves uniqueness, an independent brute force finds one answer, and it verifies."""
    task, oracle = get_task(name), _oracle(name)
    decided = {level: 0 for level in LEVELS}
    for level in LEVELS:
        for i in range(3):
            inst = task.generate(task.params(level), 13, i)
            found = oracle(inst.payload)
            if found is None:
                continue
            decided[level] += 1
            assert len(found) == 1, (name, level, i, found[:2])
            assert task.verify(inst.payload, wrap(found[0])).correct, (name, level, i, found[0])
    assert decided[1] == 3 and decided[5] == 3, (name, decided)  # small instances are always decided


@pytest.mark.slow
@pytest.mark.parametrize("name", TASKS)
def test_hardness_medians_rise_with_level(name):
    task = get_task(name)
    medians = [
        float(np.median([task.generate(task.params(level), 17, i).hardness for i in range(12)])) for level in LEVELS
    ]
    assert medians[0] < medians[1] < medians[2], (name, medians)

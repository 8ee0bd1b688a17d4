"""Sibling tasks: one generator/verifier module pair registers several tasks, one table line each."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import ModuleType, SimpleNamespace

import pytest

from logicforge import tasks
from logicforge.generators.base import Instance, Knobs, knob
from logicforge.verifiers.verdict import Verdict

MODULE = "_sibling_demo"  # test-only: injected into sys.modules, never in the registry


@dataclass(frozen=True)
class Params(Knobs):
    n: int = knob(3, 1, 9, help="numbers to add")


LEVELS = {level: Params(n=min(level, 9)) for level in range(1, 11)}


def _generate(params: Params, rng) -> Instance:
    """Shared generation: both siblings draw the same kind of puzzle and differ in the question."""
    numbers = [int(x) for x in rng.integers(1, 100, size=params.n)]
    return Instance(f"Numbers: {numbers}", str(sum(numbers)), {"numbers": numbers}, float(params.n))


def _verify_sum(payload: dict, answer: str) -> Verdict:
    return Verdict.ok() if answer.strip() == str(sum(payload["numbers"])) else Verdict.fail("wrong_answer")


def _verify_max(payload: dict, answer: str) -> Verdict:
    return Verdict.ok() if answer.strip() == str(max(payload["numbers"])) else Verdict.fail("wrong_answer")


def _pair() -> tuple[ModuleType, ModuleType]:
    gen = ModuleType(f"logicforge.generators.{MODULE}", "Demo pair: two tasks from one generation.")
    common = {"Params": Params, "LEVELS": LEVELS, "generate": _generate}
    gen.TASKS = {
        "demo_sum": SimpleNamespace(**common, ANSWER_FORMAT="the sum", DESCRIPTION="Demo sum: add the numbers."),
        "demo_max": SimpleNamespace(**common, ANSWER_FORMAT="the largest", DESCRIPTION="Demo max: the largest."),
    }
    ver = ModuleType(f"logicforge.verifiers.{MODULE}")
    ver.TASKS = {"demo_sum": SimpleNamespace(verify=_verify_sum), "demo_max": SimpleNamespace(verify=_verify_max)}
    return gen, ver


@pytest.fixture()
def pair(monkeypatch):
    gen, ver = _pair()
    monkeypatch.setitem(sys.modules, gen.__name__, gen)
    monkeypatch.setitem(sys.modules, ver.__name__, ver)
    return gen, ver


def test_one_module_pair_registers_two_tasks(pair):
    registry = tasks._build([tasks._family("demo_sum", "arithmetic", "exact", module=MODULE),
                             tasks._family("demo_max", "arithmetic", "exact", module=MODULE)])
    total, largest = registry["demo_sum"], registry["demo_max"]
    assert (total.module, largest.module) == (MODULE, MODULE)
    assert total.description == "Demo sum: add the numbers." and largest.answer_format == "the largest"
    # seeded by the task's name: the same (seed, index) gives the siblings different items
    a, b = total.generate(total.params(3), 0, 0), largest.generate(largest.params(3), 0, 0)
    assert a.question != b.question
    # each sibling checks with its own verifier
    inst = largest.generate(largest.params(3), 5, 1)
    assert largest.verify(inst.payload, f"<answer>{max(inst.payload['numbers'])}</answer>").correct
    assert not total.verify(inst.payload, f"<answer>{max(inst.payload['numbers'])}</answer>").correct
    assert "demo_sum" not in tasks.REGISTRY and MODULE not in {t.module for t in tasks.REGISTRY.values()}


def test_sibling_mistakes_are_one_clear_error(pair, monkeypatch):
    with pytest.raises(ValueError, match="TASKS has no task 'demo_min'; it lists demo_max, demo_sum"):
        tasks._family("demo_min", "arithmetic", module=MODULE)
    with pytest.raises(ValueError, match="makes the one task 'sudoku', not 'sudoku_killer'"):
        tasks._family("sudoku_killer", "grid", module="sudoku")
    monkeypatch.delattr(pair[0].TASKS["demo_max"], "DESCRIPTION")
    with pytest.raises(ValueError, match="'demo_max' lacks DESCRIPTION"):
        tasks._family("demo_max", "arithmetic", module=MODULE)
    with pytest.raises(ValueError, match="unknown verifier kind"):
        tasks._build([tasks._family("demo_sum", "arithmetic", "exactish", module=MODULE)])


def test_one_task_modules_name_their_task():
    for task in tasks.REGISTRY.values():
        assert task.module, task.name
        assert task.name == task.module or hasattr(sys.modules[f"logicforge.generators.{task.module}"], "TASKS")

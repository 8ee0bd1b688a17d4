"""ASTRO's Algorithm 1 and the verbaliser: wrong branches first, backtrack to the ancestor, end verified."""

import json

import jinja2
import numpy as np
import pytest

from logicforge.generators.astro import supported
from logicforge.generators.astro.env import Outcome
from logicforge.generators.astro.linearise import LineariseConfig, Trace, merge, pick_wrong
from logicforge.generators.astro.mcts import Node
from logicforge.generators.astro.policies import ScriptedPolicy
from logicforge.generators.astro.solve import AstroConfig, AuditError, audit, solve, trace_steps
from logicforge.generators.astro.verbalise import (
    BACK,
    CONFIRM,
    DOUBT,
    REFLECT,
    RESTART,
    _jinja,
    count_backtracks,
    families_with_templates,
)
from logicforge.tasks import REGISTRY

FAMILIES = [f for f in supported() if f in REGISTRY]


def node(ident, parent=None, outcome=None):
    n = Node(state=ident, step=ident, parent=parent, depth=0 if parent is None else parent.depth + 1, ident=ident)
    if parent is not None:
        parent.children.append(n)
    if outcome is not None:
        n.terminal, n.outcome = True, outcome
    return n


def wrong(key):
    return Outcome(False, key, key, "wrong_value")


def test_merge_appends_only_new_nodes_and_backtracks_to_the_common_ancestor():
    root = node(0)
    a = node(1, root)
    b = node(2, a, wrong("7"))
    c = node(3, a)
    d = node(4, c, Outcome(True, "8", "8", "ok"))
    e = node(5, root, wrong("9"))
    seq = merge([b, e, d])
    assert [n.ident for n in seq] == [0, 1, 2, 5, 3, 4]
    trace = Trace(seq, [b, e])
    assert trace.backtracks == 2 and trace.kind == "search" and trace.final is d
    # the jumps land on children of an ancestor already in the sequence: root (restart) and a
    jumps = [n.parent.ident for prev, n in zip(seq, seq[1:]) if n.parent is not prev]
    assert jumps == [0, 1]


def test_pick_wrong_never_repeats_an_answer():
    root = node(0)
    bad = [node(i, root, wrong(k)) for i, k in enumerate(["7", "7", "9", "7", "10"], start=1)]
    for seed in range(20):
        picked = pick_wrong(bad, 3, np.random.default_rng(seed))
        keys = [n.outcome.key for n in picked]
        assert len(keys) == 3 and len(set(keys)) == 3


@pytest.mark.parametrize("bad", [{"direct": -1}, {"direct": 0, "search": 0}, {"max_wrong": 0}, {"check_q": 2.0}])
def test_bad_linearise_knobs_are_refused(bad):
    with pytest.raises(ValueError, match="linearise knob"):
        LineariseConfig(**bad)


def solved(name, level=3, index=0):
    task = REGISTRY[name]
    inst = task.generate(task.params(level), 11, index)
    cfg = AstroConfig()
    return task, inst, solve(task, inst.question, inst.payload, ScriptedPolicy(noise=0.4), cfg,
                             np.random.default_rng(index))


@pytest.mark.parametrize("name", FAMILIES)
def test_traces_end_verified_with_counted_markers(name):
    kinds, wrong_counts = [], []
    for index in range(3):
        task, inst, result = solved(name, index=index)
        direct = [t for t, _ in result.traces if t.kind == "direct"]
        assert len(direct) <= 1  # ASTRO's mix: one direct trace per problem ...
        assert len(result.traces) - len(direct) <= 3  # ... and up to three search traces
        for trace, text in result.traces:
            kinds.append(trace.kind)
            wrong_counts.append(len(trace.wrong))
            assert trace.final.outcome.correct and task.verify(inst.payload, text).correct
            keys = [n.outcome.key for n in trace.wrong]
            assert len(set(keys)) == len(keys) and 0 <= len(keys) <= 2
            assert trace.backtracks == len(trace.wrong) == count_backtracks(text) == text.count(DOUBT)
            assert text.count(REFLECT) == trace.backtracks + text.count(CONFIRM)
            assert text.startswith("<think>\n") and text.rstrip().endswith("</answer>")
            assert text.count("<answer>") == 1 and text.count("</think>") == 1
    assert "search" in kinds, f"{name}: no search trace in three problems"
    assert max(wrong_counts) == 2, f"{name}: never two distinct wrong branches in one trace"


def test_audit_catches_tampering():
    task, inst, result = solved("word_sorting", level=4)
    trace, text = next((t, x) for t, x in result.traces if t.kind == "search")
    steps = trace_steps(result.env, trace)
    audit(result.env, steps, text, trace.final.outcome.answer, trace.backtracks)  # the real one passes
    forged = json.loads(json.dumps(steps))
    forged[-1][1] = "next: zzzz"
    with pytest.raises(AuditError, match="not legal"):
        audit(result.env, forged, text, trace.final.outcome.answer, trace.backtracks)
    with pytest.raises(AuditError, match="backtracks"):
        audit(result.env, steps, text.replace(BACK, "Back to", 1).replace(RESTART, "Restart", 1),
              trace.final.outcome.answer, trace.backtracks)
    with pytest.raises(AuditError):
        audit(result.env, steps[:-1], text, trace.final.outcome.answer, trace.backtracks)


def test_every_family_has_a_template_and_templates_are_strict():
    assert set(supported()) <= set(families_with_templates())
    with pytest.raises(jinja2.UndefinedError):
        _jinja().get_template("trace.j2").render(family="mathador")

"""ASTRO step environments: the step parser is the step verifier, terminals are checked by the Task."""

import numpy as np
import pytest

from logicforge.generators.astro import env_class, make_env, supported
from logicforge.generators.astro.policies import ScriptedPolicy
from logicforge.tasks import REGISTRY

FAMILIES = [f for f in supported() if f in REGISTRY]  # families still in progress are skipped, not failed
LEVELS = (1, 3, 6)
HOSTILE = ["", " ", "\n", "x" * 10_000, "1" * 500 + " + 1 = 2", "<answer>1</answer>",
           "r1c1 = 1 (naked single" * 50, "E1 := E1 / 0: x = 1", "A -> A (weight 0, total 0)",
           "Suppose Nobody lies", "next:", "é ∑ 😀", "(" * 300]


def instance(name, level, index=0):
    task = REGISTRY[name]
    inst = task.generate(task.params(level), 7, index)
    return task, inst, make_env(task, inst.question, inst.payload)


def walk(env, rng, noise, limit=400):
    """A scripted walk from the initial state: (state, step) pairs and the end state."""
    policy, state, taken = ScriptedPolicy(noise=noise), env.initial(), []
    while not env.is_terminal(state) and len(taken) < limit:
        step = policy.propose(env, state, [], 1, rng)[0].step
        taken.append((state, step))
        state = env.apply(state, step)
    return taken, state


def test_registry_covers_the_five_issue_families():
    assert {"mathador", "sudoku", "linear_system", "shortest_path", "web_of_lies"} <= set(supported())
    with pytest.raises(ValueError, match="no step environment"):
        env_class("no_such_family")


@pytest.mark.parametrize("name", FAMILIES)
@pytest.mark.parametrize("level", LEVELS)
def test_every_legal_step_round_trips_through_the_parser(name, level):
    task, inst, env = instance(name, level)
    taken, _ = walk(env, np.random.default_rng(level), noise=0.5)
    assert taken, "the walk took no step"
    for state, _ in taken[:12]:
        legal = env.legal_steps(state)
        for step in legal[:60]:
            text = env.step_text(state, step)
            assert env.parse_step(state, text) == step, text
            assert env.check_step(state, step)


@pytest.mark.parametrize("name", FAMILIES)
def test_parser_refuses_hostile_text_and_steps_from_other_states(name):
    task, inst, env = instance(name, 3)
    root = env.initial()
    for text in HOSTILE:
        assert env.parse_step(root, text) is None, text
    step = env.legal_steps(root)[0]
    text = env.step_text(root, step)
    after = env.apply(root, step)
    # A step that is no longer legal is refused (the parser is the legality check) ...
    assert all(env.parse_step(after, env.step_text(root, s)) in (None, *env.legal_steps(after))
               for s in env.legal_steps(root))
    # ... and a written step with a wrong detail (the result, weight, justification or name) is refused.
    mangled = [text.replace(ch, "9", 1) for ch in "0123456789" if ch in text] + [text + " extra", text[:-1]]
    assert not any(env.parse_step(root, m) == step for m in mangled if m != text)


@pytest.mark.parametrize("name", FAMILIES)
@pytest.mark.parametrize("level", LEVELS)
def test_steady_solver_reaches_a_verified_answer_and_oracle_agrees(name, level):
    task, inst, env = instance(name, level, index=1)
    taken, end = walk(env, np.random.default_rng(0), noise=0.0)
    assert env.is_terminal(end)
    outcome = env.outcome(end)
    assert outcome.correct and task.verify(inst.payload, f"<answer>{outcome.answer}</answer>").correct
    values = [env.oracle_value(s) for s, _ in taken]
    assert all(v in (1.0, None) for v in values)  # never claims a solvable line is lost


@pytest.mark.parametrize("name", FAMILIES)
def test_wrong_terminals_fail_the_verifier(name):
    task, inst, env = instance(name, 3, index=2)
    ends = [walk(env, np.random.default_rng(seed), noise=1.0)[1] for seed in range(12)]
    wrong = [e for e in ends if env.is_terminal(e) and not env.outcome(e).correct]
    assert wrong, "a solver that always errs never went wrong"
    for end in wrong:
        outcome = env.outcome(end)
        if outcome.answer is not None:
            assert not task.verify(inst.payload, f"<answer>{outcome.answer}</answer>").correct
        else:
            assert env.dead_end(end) is not None and outcome.reason == "dead_end"
        assert env.oracle_value(end) in (0.0, None)


def test_mathador_step_grammar_details():
    if "mathador" not in REGISTRY:
        pytest.skip("mathador is not registered")
    task = REGISTRY["mathador"]
    payload = {"numbers": [3, 3, 8, 8], "target": 24, "use_all": True, "operators": "+-*/"}
    env = make_env(task, "Numbers: 3, 3, 8, 8\nTarget: 24", payload)
    root = env.initial()
    assert env.parse_step(root, "8 / 3 = 8/3") == (8, "/", 3)
    assert env.parse_step(root, "3 + 8 = 11") == env.parse_step(root, "8 + 3 = 11")  # commutative: one step
    assert env.parse_step(root, "8/3 = 8/3") is None  # the operator needs spaces around it
    assert env.parse_step(root, "3 - 8 = -5") is None  # larger minus smaller only
    assert env.parse_step(root, "8 / 3 = 3") is None  # wrong result
    assert env.parse_step(root, "9 + 3 = 12") is None  # 9 is not available
    first = env.apply(root, (8, "/", 3))
    state = env.apply(first, env.parse_step(first, "3 - 8/3 = 1/3"))
    assert env.oracle_value(state) == 1.0  # 8 / (3 - 8/3) = 24
    end = env.apply(state, env.parse_step(state, "8 / 1/3 = 24"))
    assert env.outcome(end).correct and env.final_answer(end) == "8 / (3 - 8 / 3)"


def test_exact_reachability_search():
    from fractions import Fraction

    from logicforge.generators.astro._reach import Reach, combine, first_steps

    def value(tree):
        return tree if not isinstance(tree, tuple) else combine(value(tree[1]), tree[0], value(tree[2]))

    game24 = Reach("+-*/", 24, use_all=True)
    tree = game24.solve((3, 3, 8, 8), budget=10_000)
    assert value(tree) == 24 and sorted(first_steps(tree)[0][::2]) in ([3, 8], [3, 3], [8, 8])
    assert game24.solve((1, 1, 1, 1), budget=10_000) is None  # provably impossible
    assert game24.solve((1, 2, 3, 4, 5, 6, 7), budget=1) is False  # out of budget: unknown
    countdown = Reach("+*", 10, use_all=False)
    assert value(countdown.solve((2, 5, 7), budget=1_000)) == 10 and countdown.solve((4, 7), budget=1_000) is None
    assert value(Reach("+-*/", 1, True).solve((Fraction(1, 3), 3), budget=100)) == 1

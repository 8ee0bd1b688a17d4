"""One problem end to end: search a tree, finish it where needed, linearise, verbalise and audit each trace."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from logicforge.generators.astro import make_env
from logicforge.generators.astro.env import StepEnv
from logicforge.generators.astro.linearise import LineariseConfig, Trace, linearise
from logicforge.generators.astro.mcts import SearchConfig, Tree, depth_limit, graft, search
from logicforge.generators.astro.verbalise import count_backtracks, verbalise


class AuditError(RuntimeError):
    """An emitted trace broke an invariant (a bug in an environment or template, never bad input)."""


@dataclass(frozen=True)
class AstroConfig:
    """Every ASTRO knob: search, linearisation, the scripted policy's noise and tree finishing."""

    search: SearchConfig = field(default_factory=SearchConfig, metadata={"help": "MCTS budget and knobs"})
    linearise: LineariseConfig = field(default_factory=LineariseConfig, metadata={"help": "traces per tree"})
    noise: float = field(default=0.3, metadata={"help": "scripted policy: chance that a proposal is a mistake"})
    graft_leaves: int = field(default=4, metadata={
        "help": "open leaves finished by rollouts when a tree lacks a correct terminal or wrong terminals"})
    graft_tries: int = field(default=4, metadata={"help": "rollouts tried per finished leaf"})

    def __post_init__(self) -> None:
        if not 0.0 <= self.noise <= 1.0:
            raise ValueError(f"astro knob noise={self.noise!r} must be in [0, 1]")
        if self.graft_leaves < 0 or self.graft_tries < 1:
            raise ValueError("astro knobs graft_leaves must be >= 0 and graft_tries >= 1")


@dataclass
class Solved:
    """The outcome of one problem: its tree, the verbalised traces and what happened on the way."""

    env: StepEnv
    tree: Tree
    traces: list[tuple[Trace, str]]
    solved_by_search: bool
    info: dict = field(default_factory=dict)


def finish(tree: Tree, env: StepEnv, policy, cfg: AstroConfig, rng: np.random.Generator) -> None:
    """Graft rollouts onto open leaves: a correct ending if the search found none (best leaves first; by
    the policy, then by its steadier `finisher` if it has one), then wrong endings with new answers until
    the linearisation has `max_wrong` to choose from."""
    limit = depth_limit(cfg.search, env)
    good, bad = tree.terminals()
    open_leaves = [n for n in tree.nodes if not n.expanded and not n.terminal and n.depth < limit]
    if not good:
        best = sorted(open_leaves, key=lambda n: (-n.Q, -n.depth, n.ident))[: cfg.graft_leaves]
        for finisher in (policy, policy.finisher()):
            if finisher is not None and any(
                    graft(tree, env, finisher, leaf, limit - leaf.depth, cfg.graft_tries, rng, lambda o: o.correct)
                    for leaf in best):
                tree.stats["finished_by"] = "policy" if finisher is policy else "steady policy"
                break
    keys = {n.outcome.key for n in bad}
    if len(keys) >= cfg.linearise.max_wrong or not cfg.linearise.search:
        return
    for leaf in sorted(open_leaves, key=lambda n: (n.Q, n.ident))[: cfg.graft_leaves]:
        if leaf.expanded:
            continue  # a correct ending was grafted here
        end = graft(tree, env, policy, leaf, limit - leaf.depth, cfg.graft_tries, rng,
                    lambda o: not o.correct and o.key not in keys)
        if end is not None:
            keys.add(end.outcome.key)
            if len(keys) >= cfg.linearise.max_wrong:
                return


def solve(task, question: str, payload: dict, policy, cfg: AstroConfig, rng: np.random.Generator) -> Solved:
    """Search one problem and return its audited traces (none when no correct answer was reached)."""
    env = make_env(task, question, payload)
    tree = search(env, policy, cfg.search, rng)
    solved_by_search = bool(tree.terminals()[0])
    finish(tree, env, policy, cfg, rng)
    traces = []
    for trace in linearise(tree, cfg.linearise, rng):
        text = verbalise(env, trace, rng)
        audit(env, trace_steps(env, trace), text, trace.final.outcome.answer, trace.backtracks)
        traces.append((trace, text))
    return Solved(env, tree, traces, solved_by_search, dict(tree.stats))


def trace_steps(env: StepEnv, trace: Trace) -> list[list]:
    """The trace as `[parent, step text]` pairs; `parent` indexes this list (-1: the problem itself)."""
    position = {node.ident: i - 1 for i, node in enumerate(trace.nodes)}
    return [[position[n.parent.ident], env.step_text(n.parent.state, n.step)] for n in trace.nodes[1:]]


def audit(env: StepEnv, steps: list[list], text: str, answer: str, n_backtracks: int) -> None:
    """Replay a trace from its step texts and check every invariant; AuditError on the first break.

    Checked: each step parses as a legal step in the state where it is taken (the parser is the step
    verifier) and its canonical text appears in order in the prose; the last state is a verified
    terminal whose answer is the one in the tags; the whole text verifies with the Task; the number
    of jumps back equals `n_backtracks` and the number of backtrack markers in the text.
    """
    states: list = []
    cursor = 0
    for j, (parent, step_text) in enumerate(steps):
        if not -1 <= parent < j:
            raise AuditError(f"step {j}: bad parent {parent}")
        base = env.initial() if parent < 0 else states[parent]
        step = None if env.is_terminal(base) else env.parse_step(base, step_text)
        if step is None or env.step_text(base, step) != step_text:
            raise AuditError(f"step {j} {step_text!r} is not legal in its state")
        states.append(env.apply(base, step))
        found = text.find(step_text, cursor)
        if found < 0:
            raise AuditError(f"step {j} {step_text!r} is missing from the text")
        cursor = found + len(step_text)
    end = states[-1]
    if not env.is_terminal(end) or not env.outcome(end).correct or env.outcome(end).answer != answer:
        raise AuditError("the trace does not end at a verified answer")
    if not env.task.verify(env.payload, text).correct or text.count("<answer>") != 1:
        raise AuditError("the trace text does not verify")
    jumps = sum(1 for j, (parent, _) in enumerate(steps) if parent != j - 1)
    if not jumps == n_backtracks == count_backtracks(text):
        raise AuditError(f"backtracks disagree: {jumps} jumps, {n_backtracks} counted, "
                         f"{count_backtracks(text)} in the text")

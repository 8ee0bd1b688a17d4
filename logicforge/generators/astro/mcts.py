"""Monte Carlo tree search over reasoning steps: PUCT selection, k-step expansion, rollout values, backup."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from logicforge.generators.astro.env import Outcome, State, Step, StepEnv

VALUE_MODES = ("auto", "oracle", "rollout")


@dataclass(frozen=True)
class SearchConfig:
    """The MCTS budget and knobs (ASTRO's defaults: k=8, M=16, 32 iterations, depth 50)."""

    k: int = field(default=8, metadata={"help": "candidate steps the policy proposes per expansion"})
    rollouts: int = field(default=16, metadata={"help": "M: policy rollouts that estimate a new node's value"})
    iterations: int = field(default=32, metadata={"help": "selection-expansion-backup rounds per problem"})
    c_puct: float = field(default=1.0, metadata={"help": "exploration weight in the PUCT score"})
    max_depth: int | None = field(default=None, metadata={
        "help": "deepest node (and longest rollout) in steps; null: the longer of 50 (the paper's) and the "
                "family's longest possible solution"})
    value: str = field(default="auto", metadata={
        "help": "node values: oracle (exact, where the family can compute one), rollout (M verified "
                "rollouts, as in the paper) or auto (oracle where available, else rollouts)"})

    def __post_init__(self) -> None:
        for name in ("k", "rollouts", "iterations", "max_depth"):
            if getattr(self, name) is not None and getattr(self, name) < 1:
                raise ValueError(f"search knob {name}={getattr(self, name)!r} must be at least 1")
        if self.c_puct < 0:
            raise ValueError(f"search knob c_puct={self.c_puct!r} must be non-negative")
        if self.value not in VALUE_MODES:
            raise ValueError(f"search knob value={self.value!r} is not one of {list(VALUE_MODES)}")


@dataclass(eq=False)
class Node:
    """One step in the tree (the root is the bare problem).

    Attributes:
        N, Q: visit count and visit-weighted value, as in ASTRO's backup rule.
        R: the node's own value estimate (rollout mean, oracle value or the verifier's 0/1).
        prior: the policy's probability of this step among its siblings.
        grafted: added after the search by finishing a branch with a rollout (see `graft`).
    """

    state: State
    step: Step | None
    parent: Node | None
    depth: int
    prior: float = 1.0
    ident: int = 0
    children: list[Node] = field(default_factory=list)
    n_self: int = 1
    N: int = 1
    Q: float = 0.0
    R: float = 0.0
    expanded: bool = False
    terminal: bool = False
    outcome: Outcome | None = None
    grafted: bool = False

    def path(self) -> list[Node]:
        """Root-to-self list of nodes."""
        out, node = [], self
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]


@dataclass
class Tree:
    """A finished search: every node in creation order, plus counters."""

    root: Node
    nodes: list[Node]
    stats: dict[str, Any] = field(default_factory=dict)

    def terminals(self) -> tuple[list[Node], list[Node]]:
        """(correct, incorrect) terminal nodes in depth-first order."""
        good, bad, stack = [], [], [self.root]
        while stack:
            node = stack.pop()
            if node.terminal:
                (good if node.outcome.correct else bad).append(node)
            stack.extend(reversed(node.children))
        return good, bad


def puct(parent: Node, child: Node, c_puct: float) -> float:
    """Q(s,a) + c_puct * prior(a|s) * sqrt(N(s)) / (1 + N(s,a)).

    >>> p = Node(state=0, step=None, parent=None, depth=0, N=4)
    >>> puct(p, Node(state=1, step=1, parent=p, depth=1, prior=0.5, Q=0.25, N=1), 1.0)
    0.75
    """
    return child.Q + c_puct * child.prior * math.sqrt(parent.N) / (1 + child.N)


def backup(path: list[Node]) -> None:
    """Recompute N and Q bottom-up: Q = (sum_i Q_i N_i + n_self R) / (sum_i N_i + n_self)."""
    for node in reversed(path):
        weight = sum(c.N for c in node.children)
        node.N = weight + node.n_self
        node.Q = (sum(c.Q * c.N for c in node.children) + node.R * node.n_self) / node.N


class Search:
    """One MCTS run over `env` with `policy`, seeded by `rng`."""

    def __init__(self, env: StepEnv, policy, config: SearchConfig, rng: np.random.Generator):
        self.env, self.policy, self.cfg, self.rng = env, policy, config, rng
        self.max_depth = depth_limit(config, env)
        self.nodes: list[Node] = []
        self.stats = {"rollouts": 0, "oracle_values": 0, "expansions": 0}

    def run(self) -> Tree:
        """Run the configured iterations and return the tree."""
        root = self._node(self.env.initial(), None, None)
        for _ in range(self.cfg.iterations):
            path = [root]
            while path[-1].expanded and path[-1].children:
                node = path[-1]
                path.append(max(node.children, key=lambda c: puct(node, c, self.cfg.c_puct)))
            leaf = path[-1]
            if leaf.terminal or leaf.depth >= self.max_depth:
                leaf.n_self += 1  # a revisit re-counts the node's fixed value
            else:
                self._expand(leaf)
            backup(path)
        return Tree(root, self.nodes, dict(self.stats, nodes=len(self.nodes)))

    def _node(self, state: State, step: Step | None, parent: Node | None, prior: float = 1.0) -> Node:
        depth = 0 if parent is None else parent.depth + 1
        node = Node(state, step, parent, depth, prior, ident=len(self.nodes))
        self.nodes.append(node)
        node.terminal = self.env.is_terminal(state)
        if node.terminal:
            node.outcome = self.env.outcome(state)
            node.R = 1.0 if node.outcome.correct else 0.0
        else:
            node.R = self._value(node)
        node.Q = node.R
        return node

    def _value(self, node: Node) -> float:
        if self.cfg.value != "rollout":
            exact = self.env.oracle_value(node.state)
            if exact is not None:
                self.stats["oracle_values"] += 1
                return float(exact)
            if self.cfg.value == "oracle":
                raise ValueError(f"{self.env.family}: no exact value for this state; use --value rollout or auto")
        budget = self.max_depth - node.depth
        wins = 0
        for _ in range(self.cfg.rollouts):
            _, end = rollout(self.env, self.policy, node, budget, self.rng)
            wins += self.env.is_terminal(end) and self.env.outcome(end).correct
        self.stats["rollouts"] += self.cfg.rollouts
        return wins / self.cfg.rollouts

    def _expand(self, leaf: Node) -> None:
        texts = history(self.env, leaf) if getattr(self.policy, "needs_history", False) else []
        proposals = self.policy.propose(self.env, leaf.state, texts, self.cfg.k, self.rng)
        distinct: dict[Step, float] = {}
        for p in proposals:
            distinct.setdefault(p.step, p.logprob)
        priors = softmax(list(distinct.values()))
        for (step, _), prior in zip(distinct.items(), priors):
            leaf.children.append(self._node(self.env.apply(leaf.state, step), step, leaf, prior))
        leaf.expanded = True
        self.stats["expansions"] += 1


def softmax(logits: list[float]) -> list[float]:
    """Normalised exp(logits), stable for very negative values.

    >>> softmax([0.0, 0.0])
    [0.5, 0.5]
    """
    top = max(logits)
    weights = [math.exp(x - top) for x in logits]
    total = sum(weights)
    return [w / total for w in weights]


def history(env: StepEnv, node: Node) -> list[str]:
    """Canonical texts of the steps from the root to `node` (an LLM policy's context)."""
    path = node.path()
    return [env.step_text(a.state, b.step) for a, b in zip(path, path[1:])]


def rollout(env: StepEnv, policy, node: Node, budget: int, rng: np.random.Generator) -> tuple[list, State]:
    """Follow the policy one proposal at a time from `node` for at most `budget` steps.

    Returns:
        The (state, step) pairs taken and the state reached (terminal unless the budget ran out).
    """
    state, taken = node.state, []
    texts = history(env, node) if getattr(policy, "needs_history", False) else []
    while len(taken) < budget and not env.is_terminal(state):
        step = policy.propose(env, state, texts, 1, rng)[0].step
        if texts:
            texts.append(env.step_text(state, step))
        taken.append((state, step))
        state = env.apply(state, step)
    return taken, state


def search(env: StepEnv, policy, config: SearchConfig, rng: np.random.Generator) -> Tree:
    """Run MCTS for one problem; the same seed gives the same tree.

    Example:
        >>> tree = search(env, ScriptedPolicy(), SearchConfig(k=4), np.random.default_rng(0))  # doctest: +SKIP
    """
    return Search(env, policy, config, rng).run()


def depth_limit(config: SearchConfig, env: StepEnv) -> int:
    """The effective maximum depth: the configured one, or max(50, the family's longest solution)."""
    return config.max_depth if config.max_depth is not None else max(50, env.max_steps())


def graft(tree: Tree, env: StepEnv, policy, leaf: Node, budget: int, tries: int, rng: np.random.Generator,
          accept) -> Node | None:
    """Finish an open leaf with policy rollouts; add the first ending that `accept(outcome)` takes.

    ASTRO throws its rollouts away; a puzzle whose solution is deeper than the iteration budget then
    never has a terminal in the tree. Grafting keeps one rollout as tree nodes (marked `grafted`,
    each valued by the verifier's verdict on where it ends) so the linearisation has terminals to use.
    """
    for _ in range(tries):
        taken, end = rollout(env, policy, leaf, budget, rng)
        if taken and env.is_terminal(end) and accept(env.outcome(end)):
            break
    else:
        return None
    value = 1.0 if env.outcome(end).correct else 0.0
    node = leaf
    for state, step in taken:
        child = Node(env.apply(state, step), step, node, node.depth + 1, ident=len(tree.nodes), grafted=True)
        child.R = child.Q = value
        node.children.append(child)
        node.expanded = True
        tree.nodes.append(child)
        node = child
    node.terminal, node.outcome = True, env.outcome(node.state)
    tree.stats["grafted"] = tree.stats.get("grafted", 0) + len(taken)
    return node

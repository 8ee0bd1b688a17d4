"""ASTRO's Algorithm 1: turn a search tree into node sequences that visit wrong branches, then backtrack."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from logicforge.generators.astro.mcts import Node, Tree


@dataclass(frozen=True)
class LineariseConfig:
    """How many traces of each kind one tree yields (ASTRO: 1 direct : 3 search, 1-2 wrong branches)."""

    direct: int = field(default=1, metadata={"help": "direct traces (no wrong branch) per solved problem"})
    search: int = field(default=3, metadata={"help": "search traces (1..max_wrong wrong branches) per problem"})
    max_wrong: int = field(default=2, metadata={"help": "most wrong branches one search trace visits"})
    check_q: float = field(default=0.8, metadata={
        "help": "a step on the final path with Q at least this may be followed by a positive self-check"})
    check_rate: float = field(default=0.25, metadata={"help": "chance of that check after each such step"})

    def __post_init__(self) -> None:
        if self.direct < 0 or self.search < 0 or self.direct + self.search < 1:
            raise ValueError(f"linearise knobs direct={self.direct}, search={self.search} must be >= 0, sum >= 1")
        if self.max_wrong < 1:
            raise ValueError(f"linearise knob max_wrong={self.max_wrong} must be at least 1")
        if not (0.0 <= self.check_q <= 1.0 and 0.0 <= self.check_rate <= 1.0):
            raise ValueError("linearise knobs check_q and check_rate must lie in [0, 1]")


@dataclass
class Trace:
    """One linearised trace: the node sequence (root first) and where the self-checks go.

    Attributes:
        nodes: root, then every node in the order the trace visits it; a node whose parent is not
            the node before it is reached by backtracking to that parent.
        wrong: the wrong terminals visited (pairwise-unique answers), in order.
        checks: idents of intermediate nodes followed by a positive self-check.
    """

    nodes: list[Node]
    wrong: list[Node]
    checks: set[int] = field(default_factory=set)

    @property
    def kind(self) -> str:
        return "search" if self.wrong else "direct"

    @property
    def backtracks(self) -> int:
        """Jumps back to an ancestor: one per wrong branch."""
        return sum(1 for a, b in zip(self.nodes, self.nodes[1:]) if b.parent is not a)

    @property
    def final(self) -> Node:
        return self.nodes[-1]


def merge(branches: list[Node]) -> list[Node]:
    """Algorithm 1's merge: L <- L + (path(root -> n) - L) for each branch end n, in order."""
    seen: set[int] = set()
    out: list[Node] = []
    for end in branches:
        for node in end.path():
            if node.ident not in seen:
                seen.add(node.ident)
                out.append(node)
    return out


def pick_wrong(bad: list[Node], k: int, rng: np.random.Generator) -> list[Node]:
    """Up to `k` wrong terminals drawn at random with pairwise-unique answer keys."""
    out: list[Node] = []
    keys: set[str] = set()
    for i in rng.permutation(len(bad)):
        node = bad[int(i)]
        if node.outcome.key not in keys:
            keys.add(node.outcome.key)
            out.append(node)
            if len(out) == k:
                break
    return out


def _checks(nodes: list[Node], final: Node, cfg: LineariseConfig, rng: np.random.Generator) -> set[int]:
    """Intermediate nodes on the final path with a high Q that get a positive self-check."""
    on_path = {n.ident for n in final.path()[1:-1]}
    return {n.ident for n in nodes if n.ident in on_path and n.Q >= cfg.check_q and rng.random() < cfg.check_rate}


def linearise(tree: Tree, cfg: LineariseConfig, rng: np.random.Generator) -> list[Trace]:
    """Direct and search traces for one tree; empty when the tree has no correct terminal.

    Each trace ends at a correct terminal. Search traces visit 1..max_wrong wrong terminals first
    (no wrong answer repeated within a trace); identical node sequences are emitted once. The paper's
    self-evaluation filter keeps every correct terminal here: the verifiers are exact and every step
    is checked legal, so no correct end is a lucky guess.
    """
    good, bad = tree.terminals()
    if not good:
        return []
    plans = [0] * cfg.direct + [int(rng.integers(1, cfg.max_wrong + 1)) for _ in range(cfg.search)]
    traces, seen = [], set()
    for n_wrong in plans:
        final = good[int(rng.integers(len(good)))]
        wrong = pick_wrong(bad, n_wrong, rng) if n_wrong else []
        if n_wrong and not wrong:
            continue  # no wrong terminal to visit: ASTRO keeps search traces only where search happened
        nodes = merge(wrong + [final])
        key = tuple(n.ident for n in nodes)
        if key in seen:
            continue
        seen.add(key)
        traces.append(Trace(nodes, wrong, _checks(nodes, final, cfg, rng)))
    return traces

"""Shortest path as a step environment: one step extends the route by one edge from its current end."""

from __future__ import annotations

import heapq
import re

from logicforge.generators.astro.env import StepEnv

# `E -> O (weight 2, total 4)`
_STEP = re.compile(r"^\s*([A-Za-z0-9]{1,4})\s*->\s*([A-Za-z0-9]{1,4})\s*"
                   r"\(\s*weight\s+(\d{1,6})\s*,\s*total\s+(\d{1,9})\s*\)\s*\.?\s*$")


class ShortestPathEnv(StepEnv):
    """State: `(route, total)` with the route a tuple of labels from the source. Step: the next label.

    Routes never revisit a node (a cycle never shortens a path with positive weights). A route that
    reaches the target states it as the answer; the verifier then decides whether it is shortest.
    """

    family = "shortest_path"
    grammar = "the edge taken from the route's end, its weight and the new total, e.g. `E -> O (weight 2, total 4)`"

    def __init__(self, task, question: str, payload: dict):
        super().__init__(task, question, payload)
        self.source, self.target = str(payload["source"]), str(payload["target"])
        self.adj: dict[str, dict[str, int]] = {}
        directed = bool(payload["directed"])
        for u, v, w in payload["edges"]:
            for a, b in ((u, v),) if directed else ((u, v), (v, u)):
                row = self.adj.setdefault(str(a), {})
                row[str(b)] = min(int(w), row.get(str(b), int(w)))
        self.to_target = self._distances_to_target()
        self.best = self.to_target.get(self.source)

    def _distances_to_target(self) -> dict[str, int]:
        """Dijkstra from the target over reversed edges: the cheapest way on from every node."""
        back: dict[str, dict[str, int]] = {}
        for u, row in self.adj.items():
            for v, w in row.items():
                back.setdefault(v, {})[u] = w
        dist, heap = {self.target: 0}, [(0, self.target)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u]:
                continue
            for v, w in back.get(u, {}).items():
                if d + w < dist.get(v, d + w + 1):
                    dist[v] = d + w
                    heapq.heappush(heap, (d + w, v))
        return dist

    def initial(self):
        return ((self.source,), 0)

    def enumerate_steps(self, state) -> list:
        route, _ = state
        if route[-1] == self.target:
            return []
        return [v for v in sorted(self.adj.get(route[-1], {})) if v not in route]

    def apply(self, state, step):
        route, total = state
        return (route + (step,), total + self.adj[route[-1]][step])

    def step_text(self, state, step) -> str:
        route, total = state
        w = self.adj[route[-1]][step]
        return f"{route[-1]} -> {step} (weight {w}, total {total + w})"

    def parse_step(self, state, text: str):
        m = _STEP.match(text) if isinstance(text, str) and len(text) < 100 else None
        if m is None:
            return None
        route, total = state
        here, there = m.group(1).upper(), m.group(2).upper()
        if here != route[-1] or there not in self.enumerate_steps(state):
            return None
        w = self.adj[here][there]
        if int(m.group(3)) != w or int(m.group(4)) != total + w:
            return None
        return there

    def final_answer(self, state) -> str | None:
        route, _ = state
        return " -> ".join(route) if route[-1] == self.target and len(route) > 1 else None

    def dead_end(self, state) -> str | None:
        route, _ = state
        if route[-1] != self.target and not self.enumerate_steps(state):
            return "no unvisited neighbour"
        return None

    def oracle_value(self, state) -> float:
        # With positive weights a route extends to a shortest path iff its total plus the cheapest
        # way on equals the optimum (a cheaper continuation through a visited node is impossible).
        route, total = state
        rest = self.to_target.get(route[-1])
        return 1.0 if rest is not None and self.best is not None and total + rest == self.best else 0.0

    def tempting(self, state, steps) -> list[float]:
        # The greedy mistake: take the lightest edge out of here.
        route, _ = state
        return [1.0 / self.adj[route[-1]][v] for v in steps]

    def max_steps(self) -> int:
        return max(1, len(self.payload["nodes"]) - 1)

    def describe(self, state, step) -> dict:
        route, total = state
        w = self.adj[route[-1]][step]
        return {"text": self.step_text(state, step), "frm": route[-1], "to": step, "w": w, "total": total + w,
                "route": " -> ".join(route + (step,)), "target": self.target}

    def start(self) -> dict:
        return {"source": self.source, "target": self.target}

    def terminal(self, state) -> dict:
        route, total = state
        return {"answer": self.final_answer(state), "total": total, "at": route[-1], "target": self.target,
                "route": " -> ".join(route)}

"""shortest_path red team: an independent solver that reads only the question text (and writes
every optimal path, not just the reference), adversarial answers, reformattings, hostile input."""

from __future__ import annotations

import heapq
import json
import re
import time

import pytest

from logicforge.tasks import get_task
from logicforge.verifiers import shortest_path as ver

TASK = get_task("shortest_path")
_EDGE = re.compile(r"^(\w+) (->|-) (\w+): (\d+)$", re.M)


def wrap(text: str) -> str:
    return f"<answer>{text}</answer>"


def parse_question(question: str):
    directed = "A weighted directed" in question
    assert directed or "A weighted undirected" in question
    nodes = re.search(r"has the nodes (.+)\.\n", question)[1].split(", ")
    source, target = re.search(r"Find a path from (\w+) to (\w+) whose", question).groups()
    adj: dict[str, dict[str, int]] = {n: {} for n in nodes}
    for u, arrow, v, w in _EDGE.findall(question):
        assert (arrow == "->") == directed, "edge arrows disagree with the graph kind"
        assert v not in adj[u], "an edge is listed twice"
        adj[u][v] = int(w)
        if not directed:
            assert u not in adj[v]
            adj[v][u] = int(w)
    return nodes, adj, source, target


def _dist(adj, source):
    dist = {source: 0}
    heap = [(0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for v, w in adj[u].items():
            if d + w < dist.get(v, float("inf")):
                dist[v] = d + w
                heapq.heappush(heap, (d + w, v))
    return dist


def optimal_paths(question: str, cap: int = 20):
    """(optimum, up to `cap` distinct optimal paths) from the question text alone."""
    nodes, adj, source, target = parse_question(question)
    dist = _dist(adj, source)
    paths: list[list[str]] = []

    def walk(u, path):
        if len(paths) >= cap:
            return
        if u == target:
            paths.append(path)
            return
        for v, w in sorted(adj[u].items()):
            if dist[u] + w == dist.get(v):
                walk(v, path + [v])

    walk(source, [source])
    return dist[target], paths


@pytest.mark.parametrize("level", range(1, 11))
def test_independent_solver_and_every_optimal_path_is_accepted(level):
    assert "joined by ' -> '" in TASK.prompt("Q")[0]["content"]
    for seed in range(10):
        inst = TASK.generate(TASK.params(level), seed, 0)
        best, paths = optimal_paths(inst.question)
        assert best == inst.payload["optimum"]
        assert inst.answer.split(" -> ") in paths
        for path in paths:  # alternatives different from the reference included
            for form in (" -> ".join(path), "->".join(path), " → ".join(path), ", ".join(path), " ".join(path),
                         " - ".join(path), " -- ".join(path), " — ".join(path), " => ".join(path),
                         str(path), " -> ".join(path).lower()):  # fmt: skip
                verdict = TASK.verify(inst.payload, wrap(form))
                assert verdict.correct, (level, seed, form, verdict)


def test_directed_question_names_no_node_in_its_arrow_rule():
    inst = TASK.generate(TASK.params(7), 0, 0)  # 25 single-letter nodes: X and Y may be nodes
    assert "direction of its arrow" in inst.question
    assert "X -> Y may" not in inst.question


# Latin capitals -> Cyrillic/Greek look-alikes.
_LOOKALIKES = str.maketrans("ABCEHKMOPTXZ", "\u0410\u0412\u0421\u0415\u041d\u041a\u041c\u041e\u0420\u0422\u0425\u0396")


@pytest.mark.parametrize("level", [1, 4, 8])
def test_near_misses_fail(level):
    for seed in range(6):
        inst = TASK.generate(TASK.params(level), seed, 0)
        best, paths = optimal_paths(inst.question)
        nodes, adj, source, target = parse_question(inst.question)
        path = paths[0]
        bads = [
            " -> ".join(path[:-1]),  # stops early
            " -> ".join(path[1:]),  # starts late
            " -> ".join(path[::-1]),  # reversed
            " -> ".join([path[0]] + path),  # source twice (self loop)
            " -> ".join(path + [path[-2], path[-1]]),  # detour back and forth
            " -> ".join([path[0], path[-1]]),  # jump
            " -> ".join(path) + f" (total {best})",  # prose
            " -> ".join(path) + "\n" + " -> ".join(path),  # the path twice
            "".join(path),  # no separators
            " -> ".join(path) + " ->",
            " -> ".join(p.translate(_LOOKALIKES) for p in path),
            inst.question,
            " -> ".join(path) + " or " + " -> ".join(path[::-1]),
        ]
        # a walk to the target that is not optimal, when the graph has one
        for v in adj[path[0]]:
            if v != path[1]:
                dist = _dist(adj, v)
                if target in dist and adj[path[0]][v] + dist[target] > best:
                    bads.append(" -> ".join([path[0], v, *_one_path(adj, v, target)[1:]]))
                    break
        for bad in bads:
            if bad == " -> ".join(path):
                continue  # the look-alike swap found no letter to replace
            verdict = TASK.verify(inst.payload, wrap(bad))
            assert not verdict.correct, (level, seed, bad, verdict)


def _one_path(adj, source, target):
    dist = _dist(adj, source)
    path = [target]
    while path[-1] != source:
        v = path[-1]
        path.append(next(u for u in adj if v in adj[u] and dist.get(u, -99) + adj[u][v] == dist[v]))
    return path[::-1]


def test_direction_of_edges_is_enforced():
    payload = {"nodes": ["A", "B", "C"], "edges": [["A", "B", 1], ["C", "B", 1], ["A", "C", 5]],
               "directed": True, "source": "A", "target": "C", "optimum": 5}  # fmt: skip
    assert TASK.verify(payload, wrap("A -> C")).correct
    assert TASK.verify(payload, wrap("A -> B -> C")).reason == "no_edge"  # B -> C does not exist


def test_hostile_input_is_fast_and_never_raises():
    inst = TASK.generate(TASK.params(10), 0, 0)
    payload = json.dumps(inst.payload)
    hostile = ["A -> " * 4000 + "B", "\u2014" * 19_000, "-" * 19_000, "AB " * 6000, "[" * 19_000, "\ufdfa" * 19_000]
    for text in hostile:
        start = time.perf_counter()
        verdict = TASK.verify(payload, wrap(text))
        assert time.perf_counter() - start < 0.2
        assert not verdict.correct and not verdict.reason.startswith("internal_error")
    assert ver.parse_path("A -> -> B", 5) is None and ver.parse_path("A ->> B", 5) is None
